//! Assets the appliance custodies, as configured (docs/api.md, `GET /v1/assets`;
//! docs/evm.md for networks and tokens).

use super::money::Amount;
use super::tenancy::Environment;

/// How addresses are written on an asset's network: the rules an address
/// book entry is checked by and the form a deposit address takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressFormat {
    /// Bech32/base58check, mainnet for live and regtest/testnet for test.
    Bitcoin,
    /// 20-byte hex with the EIP-55 checksum, on every EVM network.
    Evm,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub id: String,
    pub symbol: String,
    pub name: String,
    pub network: String,
    pub format: AddressFormat,
    /// The token contract (EIP-55) of an ERC-20 asset; `None` for a
    /// network's native coin.
    pub contract: Option<String>,
    pub decimals: u32,
    pub required_confirmations: u32,
    pub withdrawal_fee: Amount,
    pub enabled: bool,
    /// Explorer page templates with `{address}`: the live network's, and the
    /// one the sandbox uses in the test environment.
    pub explorer: Explorers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explorers {
    pub live: String,
    pub test: String,
}

impl Asset {
    /// The explorer page of `address` in `env`: never absent, the
    /// Coinbase-compatible `blockchain_link` is not nullable.
    pub fn explorer_link(&self, env: Environment, address: &str) -> String {
        let template = match env {
            Environment::Live => &self.explorer.live,
            Environment::Test => &self.explorer.test,
        };
        template
            .replace("{network}", &self.network)
            .replace("{address}", address)
    }

    pub fn status(&self) -> &'static str {
        if self.enabled {
            "Active"
        } else {
            "Disabled"
        }
    }
}

/// The configured assets, in configuration order.
#[derive(Debug, Clone, Default)]
pub struct Assets(Vec<Asset>);

impl Assets {
    pub fn new(assets: Vec<Asset>) -> Assets {
        Assets(assets)
    }

    pub fn all(&self) -> &[Asset] {
        &self.0
    }

    pub fn get(&self, id: &str) -> Option<&Asset> {
        self.0.iter().find(|a| a.id == id)
    }

    /// An enabled asset, or 400 naming `field`.
    pub fn enabled(&self, field: &str, id: &str) -> Result<&Asset, super::Error> {
        self.get(id)
            .filter(|a| a.enabled)
            .ok_or_else(|| super::Error::field(field, format!("'{id}' is not an enabled asset")))
    }

    /// The asset of a stored object; its absence means the config lost an asset
    /// that objects still use.
    pub fn of_stored(&self, id: &str) -> Result<&Asset, super::Error> {
        self.get(id).ok_or_else(|| {
            super::Error::Internal(format!("asset {id} is used but no longer configured"))
        })
    }
}
