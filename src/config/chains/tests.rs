use super::*;

fn network(name: &str) -> NetworkConfig {
    NetworkConfig {
        name: name.into(),
        kind: "evm".into(),
        rpc_url: "http://127.0.0.1:8545".into(),
        chain_id: 8453,
        required_confirmations: 5,
        explorer: "https://basescan.org/address/{address}".into(),
        start_block: -1,
    }
}

fn asset(id: &str, network: &str, contract: Option<&str>) -> AssetConfig {
    AssetConfig {
        id: id.into(),
        name: None,
        network: network.into(),
        decimals: 6,
        required_confirmations: None,
        withdrawal_fee: "0".into(),
        contract: contract.map(Into::into),
        enabled: true,
    }
}

const SANDBOX: &str = "https://sandbox.invalid/{network}/address/{address}";
const TOKEN: &str = "0x833589fcd6edb6e08f4c7c32d4f71b54bda02913";

#[test]
fn assets_inherit_from_their_network() {
    let mut assets = default_assets();
    assets.push(asset("BASEETH", "base", None));
    assets.push(asset("USDCBASE", "base", Some(TOKEN)));
    let (resolved, errors) = resolve(&[network("base")], &assets, SANDBOX);
    assert_eq!(errors, Vec::<String>::new());
    let usdc = resolved.iter().find(|a| a.id == "USDCBASE").unwrap();
    assert_eq!(usdc.required_confirmations, 5);
    assert_eq!(usdc.format, AddressFormat::Evm);
    assert_eq!(
        usdc.contract.as_deref(),
        Some("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913")
    );
    assert_eq!(usdc.name, "USDCBASE");
    use crate::domain::tenancy::Environment;
    assert_eq!(
        usdc.explorer_link(Environment::Live, "0xab"),
        "https://basescan.org/address/0xab"
    );
    assert_eq!(
        usdc.explorer_link(Environment::Test, "0xab"),
        "https://sandbox.invalid/base/address/0xab"
    );
    let btc = resolved.iter().find(|a| a.id == "BTC").unwrap();
    assert_eq!(btc.format, AddressFormat::Bitcoin);
    assert!(btc
        .explorer_link(Environment::Live, "bc1q")
        .starts_with("https://live.blockcypher.com/"));
}

#[test]
fn every_problem_is_reported_in_one_pass() {
    let mut bad = network("Base!");
    bad.kind = "solana".into();
    bad.rpc_url = "ws://node".into();
    bad.chain_id = 0;
    bad.explorer = "https://basescan.org/".into();
    let assets = vec![
        asset("USDCBASE", "base", Some("0x12")),
        asset("FOO", "nowhere", None),
        asset("BTC2", "bitcoin", Some(TOKEN)),
    ];
    let (_, errors) = resolve(&[bad.clone(), bad], &assets, "x");
    let text = errors.join("\n");
    for expected in [
        "networks: name 'Base!'",
        "networks: 'Base!' is listed twice",
        "networks.Base!.kind",
        "networks.Base!.rpc_url",
        "networks.Base!.chain_id",
        "networks.Base!.explorer",
        "networks.Base!: needs exactly one native asset",
        "assets.USDCBASE.network: 'base' is not declared",
        "assets.FOO.network",
        "assets.FOO.required_confirmations",
        "assets.BTC2.contract: only EVM networks",
        "assets.BTC2.required_confirmations",
        "sandbox.explorer",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in:\n{text}");
    }
}

#[test]
fn a_contract_is_one_asset_per_network() {
    let assets = vec![
        asset("BASEETH", "base", None),
        asset("A", "base", Some(TOKEN)),
        asset("B", "base", Some(&TOKEN.to_uppercase().replace("0X", "0x"))),
    ];
    let (_, errors) = resolve(&[network("base")], &assets, SANDBOX);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("assets.B: contract"), "{errors:?}");
}

#[test]
fn the_old_evm_section_is_answered_with_its_replacement() {
    let old: toml::Table = "rpc_url = \"http://node:8545\"\nchain_id = 5\n"
        .parse()
        .unwrap();
    let message = evm_section_replaced(&old);
    assert!(message.contains("[[networks]]"), "{message}");
    assert!(
        message.contains("rpc_url = \"http://node:8545\""),
        "{message}"
    );
    assert!(message.contains("chain_id = 5"), "{message}");
}
