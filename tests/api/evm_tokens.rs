//! Live deposit addresses from a tenant's account xpub, and ERC-20 deposits,
//! against a real anvil. anvil derives its dev accounts from the mnemonic
//! "test … junk" at m/44'/60'/0'/0/i with its own code, which makes it the
//! independent check of Coffer's derivation.

use crate::erc20_asm;
use crate::evm::{assert_verifies, wait_deposit, Anvil};
use crate::ledger::balance;
use crate::support::{coffer_json, hex, Client, HeaderClient, Server, TempDir};
use serde_json::{json, Value};

const MNEMONIC: &str = "test test test test test test test test test test test junk";
const SIGNER: &str = env!("CARGO_BIN_EXE_coffer-signer");

/// The account xpub of `MNEMONIC` (anvil's), as the reference signer prints it.
pub fn test_mnemonic_xpub() -> String {
    let dir = TempDir::new("key");
    let file = dir.path().join("key.txt");
    std::fs::write(&file, MNEMONIC).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let out = std::process::Command::new(SIGNER)
        .args(["xpub", "--key-file", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_whitespace()
        .find(|w| w.starts_with("xpub"))
        .unwrap_or_else(|| panic!("no xpub in {text:?}"))
        .to_string()
}

/// The transaction's receipt, once anvil has mined it (it mines each
/// transaction as it comes, but not always before answering).
fn receipt(anvil: &Anvil, hash: &str) -> Value {
    crate::ledger::wait_for("a receipt", || {
        let r = anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(r)
    })
}

/// Sends a token transfer from `from`; returns the transaction hash.
fn send_token(anvil: &Anvil, token: &str, from: &str, to: &str, units: u128) -> String {
    let data = format!("0x{}", hex(&erc20_asm::transfer(to, units)));
    let hash = anvil.rpc(
        "eth_sendTransaction",
        json!([{ "from": from, "to": token, "data": data }]),
    );
    let hash = hash.as_str().unwrap().to_string();
    assert_eq!(
        receipt(anvil, &hash)["status"],
        "0x1",
        "token transfer failed"
    );
    hash
}

fn live_wallet(c: &Client, vault: &str, asset: &str) -> (String, String) {
    let w = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": asset }),
        )
        .expect(201);
    (
        w.body["id"].as_str().unwrap().to_string(),
        w.body["depositAddress"].as_str().unwrap().to_string(),
    )
}

#[test]
fn xpub_addresses_match_an_independent_wallet_and_tokens_are_credited() {
    let anvil = Anvil::start();
    let accounts: Vec<String> = anvil
        .rpc("eth_accounts", json!([]))
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_ascii_lowercase())
        .collect();
    let funder = accounts[9].clone();
    let deploy = anvil.rpc(
        "eth_sendTransaction",
        json!([{ "from": funder, "data": format!("0x{}", hex(&erc20_asm::init_code(1_000_000_000_000))) }]),
    );
    let token = receipt(&anvil, deploy.as_str().unwrap())["contractAddress"]
        .as_str()
        .unwrap()
        .to_string();
    let config = format!(
        "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"{}\"\nchain_id = 31337\n\
         start_block = 0\nrequired_confirmations = 3\n\n\
         [[assets]]\nid = \"ETH\"\nnetwork = \"ethereum\"\ndecimals = 18\n\n\
         [[assets]]\nid = \"TOK\"\nname = \"Test token\"\nnetwork = \"ethereum\"\ndecimals = 6\n\
         contract = \"{token}\"\n",
        anvil.url
    );
    let server =
        Server::start_with_config(Some(&config), &[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
    let c = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    let vault = c.vault("customer");
    // Neither an xpub nor a pool yet.
    let none = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "TOK" }),
        )
        .expect(422);
    assert_eq!(none.code(), "address_pool_empty");
    assert!(none.text.contains("coffer xpub set"), "{}", none.text);

    let xpub = test_mnemonic_xpub();
    let out = server.cli(&["xpub", "set", "--network", "ethereum", &xpub, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let set: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        set["firstAddress"].as_str().unwrap().to_ascii_lowercase(),
        accounts[0]
    );
    assert_eq!(set["firstPath"], "m/44'/60'/0'/0/0");
    // The same again is fine; another one is refused.
    assert!(server
        .cli(&["xpub", "set", "--network", "ethereum", &xpub])
        .status
        .success());
    let admin = server.super_admin();
    // The account xpub of the "abandon … about" test mnemonic.
    let other = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt";
    let refused = admin.post(
        "/api/xpub/set",
        &json!({"network": "ethereum", "xpub": other}),
    );
    assert_eq!(refused.status, 409, "{}", refused.text);
    let bad = admin.post("/api/xpub/set", &json!({"network": "ethereum", "xpub": "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"}));
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert!(bad.text.contains("xpub"), "{}", bad.text);
    let unknown = admin.post("/api/xpub/set", &json!({"network": "base", "xpub": xpub}));
    assert_eq!(unknown.status, 400, "{}", unknown.text);

    // Wallets take children 0, 1, 2… in order of creation: anvil's accounts.
    let (eth_wallet, eth_address) = live_wallet(&c, &vault, "ETH");
    let (tok_wallet, tok_address) = live_wallet(&c, &vault, "TOK");
    let other_vault = c.vault("another customer");
    let (_, third) = live_wallet(&c, &other_vault, "TOK");
    let derived: Vec<String> = [&eth_address, &tok_address, &third]
        .iter()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    assert_eq!(derived, accounts[..3].to_vec());
    // A child the tenant made its gas station is never a customer's address.
    let station_address = crate::evm::eip55(&crate::support::unhex(&accounts[3][2..]));
    let station = server.cli(&[
        "addresses",
        "gas-station",
        "--network",
        "ethereum",
        "--address",
        &station_address,
        "--index",
        "3",
    ]);
    assert!(
        station.status.success(),
        "{}",
        String::from_utf8_lossy(&station.stderr)
    );
    let (_, fourth) = live_wallet(&c, &other_vault, "ETH");
    assert_eq!(
        fourth.to_ascii_lowercase(),
        accounts[4],
        "child 3 is skipped"
    );
    // One address per live EVM wallet: withdrawals are sent from it.
    let second = c
        .post(&format!("/v1/wallets/{eth_wallet}/addresses"), &json!({}))
        .expect(422);
    assert_eq!(second.code(), "single_address_network");

    // A token deposit: pending, then credited at the network's depth.
    let hash = send_token(&anvil, &token, &funder, &tok_address, 2_500_000);
    let seen = wait_deposit(&c, &tok_wallet, "the token deposit", |_| true);
    assert_eq!(seen["status"], "Confirming");
    assert_eq!(seen["assetId"], "TOK");
    assert_eq!(seen["amount"], "2.5");
    assert_eq!(seen["txHash"], hash.as_str());
    assert_eq!(seen["requiredConfirmations"], 3);
    assert_eq!(balance(&c, &tok_wallet)["pending"], "2.5");
    anvil.mine(2);
    let done = wait_deposit(&c, &tok_wallet, "the token deposit credited", |t| {
        t["status"] == "Completed"
    });
    assert_eq!(done["confirmations"], 3);
    let b = balance(&c, &tok_wallet);
    assert_eq!(
        (b["available"].as_str(), b["pending"].as_str()),
        (Some("2.5"), Some("0"))
    );

    // Tokens sent to the ETH wallet's address are never credited to it.
    let stray = send_token(&anvil, &token, &funder, &eth_address, 7_000_000);
    anvil.mine(3);
    crate::ledger::wait_for("the stray transfer to be kept", || {
        let kept: i64 = server
            .db()
            .query_row(
                "SELECT count(*) FROM unattributed_transfers WHERE tx_hash = ?1 AND asset_id = 'TOK'",
                [&stray],
                |r| r.get(0),
            )
            .unwrap();
        (kept == 1).then_some(())
    });
    let list = c
        .get(&format!("/v1/transactions?walletId={eth_wallet}"))
        .expect(200);
    assert_eq!(
        list.body["data"],
        json!([]),
        "nothing booked to the ETH wallet"
    );
    assert_eq!(balance(&c, &eth_wallet)["total"], "0");
    assert_verifies(&server);
}

#[test]
fn two_networks_side_by_side_keep_their_money_apart() {
    let ethereum = Anvil::start();
    let base = Anvil::on_chain(8453);
    let config = format!(
        "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"{}\"\nchain_id = 31337\n\
         start_block = 0\nrequired_confirmations = 2\n\n\
         [[networks]]\nname = \"base\"\nkind = \"evm\"\nrpc_url = \"{}\"\nchain_id = 8453\n\
         start_block = 0\nrequired_confirmations = 3\nexplorer = \"https://basescan.org/address/{{address}}\"\n\n\
         [[assets]]\nid = \"ETH\"\nnetwork = \"ethereum\"\ndecimals = 18\n\n\
         [[assets]]\nid = \"BASEETH\"\nname = \"Ether on Base\"\nnetwork = \"base\"\ndecimals = 18\n",
        ethereum.url, base.url
    );
    let server =
        Server::start_with_config(Some(&config), &[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
    let data = server.data_dir();
    let key = coffer_json(&[
        "keys",
        "create",
        "--json",
        "--name",
        "live",
        "--roles",
        "admin",
        "--env",
        "live",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    let text = |f: &str| key[f].as_str().unwrap().to_string();
    let c = Client::new(&server.base, &text("keyId"), &text("secret"));
    let cb = HeaderClient::coinbase(&server.base, &text("keyId"), &text("passphrase"));
    let xpub = test_mnemonic_xpub();
    for network in ["ethereum", "base"] {
        let out = server.cli(&["xpub", "set", "--network", network, &xpub]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let vault = c.vault("customer");
    let (eth_wallet, eth_address) = live_wallet(&c, &vault, "ETH");
    let (base_wallet, base_address) = live_wallet(&c, &vault, "BASEETH");
    // One key, one address on every EVM chain: each network counts its own.
    assert_eq!(eth_address, base_address);

    let funder = |node: &Anvil| node.rpc("eth_accounts", json!([]))[9].clone();
    for (node, wei) in [(&base, 3u128), (&ethereum, 5u128)] {
        node.rpc(
            "eth_sendTransaction",
            json!([{ "from": funder(node), "to": eth_address, "value": format!("0x{:x}", wei * 1_000_000_000_000_000_000) }]),
        );
        node.mine(3);
    }
    let base_deposit = wait_deposit(&c, &base_wallet, "the base deposit credited", |t| {
        t["status"] == "Completed"
    });
    assert_eq!(
        (
            base_deposit["assetId"].as_str(),
            base_deposit["amount"].as_str()
        ),
        (Some("BASEETH"), Some("3"))
    );
    assert_eq!(base_deposit["requiredConfirmations"], 3);
    let eth_deposit = wait_deposit(&c, &eth_wallet, "the ethereum deposit credited", |t| {
        t["status"] == "Completed"
    });
    assert_eq!(
        (
            eth_deposit["assetId"].as_str(),
            eth_deposit["amount"].as_str()
        ),
        (Some("ETH"), Some("5"))
    );
    assert_eq!(balance(&c, &eth_wallet)["total"], "5");
    assert_eq!(balance(&c, &base_wallet)["total"], "3");

    let health = server.super_admin().get("/health").body;
    let names: Vec<&str> = health["networks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ethereum", "base"]);
    // Each network's own explorer in the Coinbase-compatible view.
    let addresses = cb.get("/api/v1/addresses").body;
    let links: Vec<&str> = addresses["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["blockchain_link"].as_str().unwrap())
        .collect();
    assert!(
        links.contains(&format!("https://basescan.org/address/{base_address}").as_str()),
        "{links:?}"
    );
    assert!(
        links.contains(&format!("https://etherscan.io/address/{eth_address}").as_str()),
        "{links:?}"
    );
    assert_verifies(&server);
}
