//! `[[networks]]` and `[[assets]]`: the chains Coffer follows in the live
//! environment and the assets on them (docs/evm.md, "Configuration"). Both are
//! checked together, every problem reported in one pass, because an asset
//! inherits from its network (address rules, confirmations, explorer).

use crate::domain::address::validate_evm_address;
use crate::domain::asset::{AddressFormat, Asset, Explorers};
use crate::domain::money::parse_amount;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// One live chain. Only EVM networks have an adapter so far.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    pub name: String,
    #[serde(default = "evm")]
    pub kind: String,
    /// The node's JSON-RPC endpoint.
    pub rpc_url: String,
    /// The chain the node must be on; a node on another chain is not scanned.
    pub chain_id: i64,
    /// The default depth at which deposits on this network are credited.
    #[serde(default = "twelve")]
    pub required_confirmations: u32,
    /// Explorer page of an address, with `{address}`; empty: none known.
    #[serde(default)]
    pub explorer: String,
    /// The first block to scan on a fresh database; -1: the node's tip.
    #[serde(default = "tip")]
    pub start_block: i64,
}

fn evm() -> String {
    "evm".into()
}

fn twelve() -> u32 {
    12
}

fn tip() -> i64 {
    -1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetConfig {
    pub id: String,
    /// Defaults to the id.
    #[serde(default)]
    pub name: Option<String>,
    pub network: String,
    pub decimals: u32,
    /// Defaults to the network's `required_confirmations`.
    #[serde(default)]
    pub required_confirmations: Option<u32>,
    #[serde(default = "no_fee")]
    pub withdrawal_fee: String,
    /// The ERC-20 contract of a token; absent for the network's native coin.
    #[serde(default)]
    pub contract: Option<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn no_fee() -> String {
    "0".into()
}

fn enabled_by_default() -> bool {
    true
}

/// Explorers of the networks that need no `[[networks]]` entry to be named.
const BITCOIN_EXPLORER: &str = "https://live.blockcypher.com/btc/address/{address}";
const ETHEREUM_EXPLORER: &str = "https://etherscan.io/address/{address}";

/// The test environment's assets on the sandbox, and what live needs a
/// `[[networks]]` entry for (ETH and its tokens, with their mainnet contracts).
pub fn default_assets() -> Vec<AssetConfig> {
    let asset =
        |id: &str, name: &str, network: &str, decimals, confs, fee: &str, contract: &str| {
            AssetConfig {
                id: id.into(),
                name: Some(name.into()),
                network: network.into(),
                decimals,
                required_confirmations: Some(confs),
                withdrawal_fee: fee.into(),
                contract: (!contract.is_empty()).then(|| contract.into()),
                enabled: true,
            }
        };
    vec![
        asset("BTC", "Bitcoin", "bitcoin", 8, 2, "0.0001", ""),
        asset("ETH", "Ether", "ethereum", 18, 12, "0.001", ""),
        asset(
            "USDC",
            "USD Coin",
            "ethereum",
            6,
            12,
            "1",
            "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
        ),
        asset(
            "USDT",
            "Tether USD",
            "ethereum",
            6,
            12,
            "1",
            "0xdAC17F958D2ee523a2206206994597C13D831ec7",
        ),
    ]
}

/// The assets as the domain sees them, with every problem of the networks and
/// assets together. `sandbox_explorer` is the test environment's template.
pub fn resolve(
    networks: &[NetworkConfig],
    assets: &[AssetConfig],
    sandbox_explorer: &str,
) -> (Vec<Asset>, Vec<String>) {
    let mut errors = Vec::new();
    check_networks(networks, &mut errors);
    if !sandbox_explorer.contains("{address}") {
        errors.push("sandbox.explorer: must contain {address}".into());
    }
    let mut ids = HashSet::new();
    let mut contracts = HashSet::new();
    let mut resolved = Vec::new();
    for a in assets {
        if !ids.insert(a.id.as_str()) {
            errors.push(format!("assets: '{}' is listed twice", a.id));
        }
        match resolve_asset(a, networks, sandbox_explorer) {
            Ok(asset) => {
                if let Some(contract) = &asset.contract {
                    if !contracts.insert((asset.network.clone(), contract.clone())) {
                        errors.push(format!(
                            "assets.{}: contract {contract} is already another asset's on {}",
                            a.id, asset.network
                        ));
                    }
                }
                resolved.push(asset);
            }
            Err(e) => errors.extend(e),
        }
    }
    for n in networks {
        let natives = resolved
            .iter()
            .filter(|a| a.network == n.name && a.contract.is_none())
            .count();
        if natives != 1 {
            errors.push(format!(
                "networks.{}: needs exactly one native asset ([[assets]] with network = \"{}\" \
                 and no contract), found {natives}",
                n.name, n.name
            ));
        }
    }
    (resolved, errors)
}

fn check_networks(networks: &[NetworkConfig], errors: &mut Vec<String>) {
    let mut names = HashSet::new();
    for n in networks {
        let at = format!("networks.{}", n.name);
        let valid_name = !n.name.is_empty()
            && n.name.len() <= 32
            && n.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_name {
            errors.push(format!(
                "networks: name '{}' must be 1-32 lower-case letters, digits or '-'",
                n.name
            ));
        }
        if n.name == "bitcoin" {
            errors.push(format!(
                "{at}: there is no bitcoin adapter yet; remove this entry"
            ));
        }
        if !names.insert(n.name.as_str()) {
            errors.push(format!("networks: '{}' is listed twice", n.name));
        }
        if n.kind != "evm" {
            errors.push(format!("{at}.kind: '{}' is not a known kind (evm)", n.kind));
        }
        if !(n.rpc_url.starts_with("http://") || n.rpc_url.starts_with("https://")) {
            errors.push(format!(
                "{at}.rpc_url: '{}' is not a URL such as http://127.0.0.1:8545",
                n.rpc_url
            ));
        }
        if n.chain_id < 1 {
            errors.push(format!(
                "{at}.chain_id: must be at least 1 (1 is Ethereum mainnet)"
            ));
        }
        if n.start_block < -1 {
            errors.push(format!(
                "{at}.start_block: must be a block number, or -1 for the tip"
            ));
        }
        if n.required_confirmations == 0 {
            errors.push(format!("{at}.required_confirmations: must be at least 1"));
        }
        let web = n.explorer.starts_with("https://") || n.explorer.starts_with("http://");
        let usable = web && n.explorer.contains("{address}");
        if !(n.explorer.is_empty() || usable) {
            errors.push(format!(
                "{at}.explorer: must be a URL with {{address}}, such as {ETHEREUM_EXPLORER}"
            ));
        }
    }
}

fn resolve_asset(
    a: &AssetConfig,
    networks: &[NetworkConfig],
    sandbox_explorer: &str,
) -> Result<Asset, Vec<String>> {
    let mut errors = Vec::new();
    let valid_id = !a.id.is_empty()
        && a.id.len() <= 16
        && a.id
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if !valid_id {
        errors.push(format!(
            "assets: id '{}' must be 1-16 upper-case letters or digits",
            a.id
        ));
    }
    let at = format!("assets.{}", a.id);
    if a.decimals > 30 {
        errors.push(format!("{at}.decimals: must be at most 30"));
    }
    let fee = parse_amount(&a.withdrawal_fee, a.decimals.min(30))
        .map_err(|e| errors.push(format!("{at}.withdrawal_fee: {e}")))
        .ok();
    let network = networks.iter().find(|n| n.name == a.network);
    let (format, live_explorer) = match (a.network.as_str(), network) {
        ("ethereum", Some(n)) if n.explorer.is_empty() => {
            (Some(AddressFormat::Evm), ETHEREUM_EXPLORER.into())
        }
        (_, Some(n)) => (Some(AddressFormat::Evm), n.explorer.clone()),
        ("bitcoin", None) => (Some(AddressFormat::Bitcoin), BITCOIN_EXPLORER.into()),
        ("ethereum", None) => (Some(AddressFormat::Evm), ETHEREUM_EXPLORER.into()),
        (other, None) => {
            errors.push(format!(
                "{at}.network: '{other}' is not declared in [[networks]] (only bitcoin and \
                 ethereum are known without one)"
            ));
            (None, String::new())
        }
    };
    let contract = match (&a.contract, format) {
        (None, _) => None,
        (Some(c), Some(AddressFormat::Evm)) => match validate_evm_address(c) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.push(format!("{at}.contract: {e}"));
                None
            }
        },
        (Some(_), _) => {
            errors.push(format!(
                "{at}.contract: only EVM networks have token contracts"
            ));
            None
        }
    };
    let confirmations = a
        .required_confirmations
        .or(network.map(|n| n.required_confirmations));
    if confirmations.is_none() {
        errors.push(format!(
            "{at}.required_confirmations: required (its network has no [[networks]] entry to \
             inherit it from)"
        ));
    }
    match (errors.is_empty(), format, fee, confirmations) {
        (true, Some(format), Some(fee), Some(required_confirmations)) => Ok(Asset {
            id: a.id.clone(),
            symbol: a.id.clone(),
            name: a.name.clone().unwrap_or_else(|| a.id.clone()),
            network: a.network.clone(),
            format,
            contract,
            decimals: a.decimals,
            required_confirmations,
            withdrawal_fee: fee,
            enabled: a.enabled,
            explorer: Explorers {
                // An unknown live explorer still gives a link: the sandbox
                // template names the network and address.
                live: if live_explorer.is_empty() {
                    sandbox_explorer.to_string()
                } else {
                    live_explorer
                },
                test: sandbox_explorer.to_string(),
            },
        }),
        _ => Err(errors),
    }
}

/// The message for a config file that still has the `[evm]` section of
/// earlier versions: what to write instead, with its values.
pub fn evm_section_replaced(evm: &toml::Table) -> String {
    let get = |key: &str| evm.get(key).map(ToString::to_string);
    let rpc = get("rpc_url").unwrap_or_else(|| "\"http://127.0.0.1:8545\"".into());
    let chain_id = get("chain_id")
        .filter(|id| id != "0")
        .unwrap_or_else(|| "1".into());
    let start = get("start_block").unwrap_or_else(|| "-1".into());
    format!(
        "evm: the [evm] section gave way to [[networks]]; write instead:\n\
         [[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = {rpc}\nchain_id = {chain_id}\n\
         start_block = {start}\nexplorer = \"{ETHEREUM_EXPLORER}\""
    )
}

#[cfg(test)]
mod tests;
