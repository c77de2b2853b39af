//! The EVM adapter against a real local node (anvil): live ETH deposits to
//! pool addresses found by block scanning, credited at the required depth,
//! and dropped when a reorganisation orphans their block.

use crate::ledger::{balance, wait_for};
use crate::support::{Client, Server, TempDir};
use serde_json::{json, Value};
use sha3::{Digest, Keccak256};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// 1234.567890123456789012 ETH: exact only in integer wei, beyond f64.
const AMOUNT: &str = "1234.567890123456789012";
const AMOUNT_WEI: u128 = 1_234_567_890_123_456_789_012;

/// The anvil binary: `COFFER_TEST_ANVIL` (set by .ci/run), else installed once
/// from npm under the target dir.
pub(crate) fn anvil_bin() -> &'static Path {
    static ANVIL: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ANVIL.get_or_init(|| {
        if let Ok(p) = std::env::var("COFFER_TEST_ANVIL") {
            return PathBuf::from(p);
        }
        let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("anvil");
        let bin = prefix.join("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if !bin.exists() {
            let ok = Command::new("npm")
                .args(["install", "--silent", "--prefix"])
                .arg(&prefix)
                .arg("@foundry-rs/anvil-linux-amd64@1.7")
                .status()
                .unwrap();
            assert!(ok.success(), "npm install of anvil failed");
        }
        bin
    })
}

/// A private anvil node on a free loopback port, killed on drop.
pub(crate) struct Anvil {
    child: Child,
    pub(crate) url: String,
}

impl Anvil {
    pub(crate) fn start() -> Anvil {
        Anvil::on_chain(31337)
    }

    /// A node of another chain (a second network beside the first).
    pub(crate) fn on_chain(chain_id: u64) -> Anvil {
        // Probe a free port, release it and hand it to anvil; another process
        // may take it in between, so retry a few times.
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mut child = Command::new(anvil_bin())
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--chain-id", &chain_id.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            let url = format!("http://127.0.0.1:{port}");
            for _ in 0..200 {
                if child.try_wait().unwrap().is_some() {
                    break;
                }
                if try_rpc(&url, "eth_blockNumber", json!([])).is_some() {
                    return Anvil { child, url };
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("anvil did not start");
    }

    pub(crate) fn rpc(&self, method: &str, params: Value) -> Value {
        try_rpc(&self.url, method, params).unwrap_or_else(|| panic!("anvil {method} failed"))
    }

    /// A call that may fail: its result or the node's error.
    pub(crate) fn try_rpc(&self, method: &str, params: Value) -> Result<Value, Value> {
        let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
        let answer: Value = ureq::post(&self.url)
            .set("Content-Type", "application/json")
            .send_string(&body.to_string())
            .ok()
            .and_then(|r| r.into_string().ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .expect("anvil answers");
        match answer.get("error") {
            Some(e) => Err(e.clone()),
            None => Ok(answer["result"].clone()),
        }
    }

    pub(crate) fn mine(&self, blocks: u64) {
        self.rpc("anvil_mine", json!([format!("0x{blocks:x}")]));
    }

    /// Sends `wei` from the first dev account; returns the transaction hash.
    pub(crate) fn send(&self, to: &str, wei: u128) -> String {
        let from = self.rpc("eth_accounts", json!([]))[0].clone();
        let hash = self.rpc(
            "eth_sendTransaction",
            json!([{ "from": from, "to": to, "value": format!("0x{wei:x}") }]),
        );
        hash.as_str().unwrap().to_string()
    }
}

impl Drop for Anvil {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn try_rpc(url: &str, method: &str, params: Value) -> Option<Value> {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": method, "params": params});
    let answer: Value = ureq::post(url)
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
        .ok()?
        .into_string()
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())?;
    assert!(answer.get("error").is_none(), "anvil {method}: {answer}");
    answer.get("result").cloned()
}

/// The EIP-55 form of 20 bytes.
pub(crate) fn eip55(bytes: &[u8]) -> String {
    let lower: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = Keccak256::digest(lower.as_bytes());
    let mut out = String::from("0x");
    for (i, c) in lower.chars().enumerate() {
        let nibble = (hash[i / 2] >> (if i % 2 == 0 { 4 } else { 0 })) & 0x0f;
        out.push(if nibble >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    out
}

/// The EIP-55 form of a 0x-hex address in any case.
pub(crate) fn eip55_of(address: &str) -> String {
    let bytes: Vec<u8> = (2..address.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&address[i..i + 2], 16).unwrap())
        .collect();
    eip55(&bytes)
}

/// Distinct pool addresses derived from a seed.
pub(crate) fn pool_addresses(seed: &str, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let digest = Keccak256::digest(format!("coffer-test-pool {seed} {i}").as_bytes());
            eip55(&digest[..20])
        })
        .collect()
}

/// A coffer whose live environment scans `anvil`, and a live admin client.
fn coffer_on(anvil: &Anvil) -> (Server, Client) {
    let config = format!(
        "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"{}\"\n\
         chain_id = 31337\nstart_block = 0\n",
        anvil.url
    );
    let server =
        Server::start_with_config(Some(&config), &[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
    let live = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    (server, live)
}

pub(crate) fn import(
    server: &Server,
    dir: &TempDir,
    name: &str,
    lines: &[String],
) -> std::process::Output {
    let file = dir.path().join(name);
    std::fs::write(&file, lines.join("\n")).unwrap();
    server.cli(&[
        "addresses",
        "import",
        "--network",
        "ethereum",
        "--file",
        file.to_str().unwrap(),
    ])
}

/// Opens a live ETH wallet; returns (wallet id, deposit address).
fn live_eth_wallet(c: &Client) -> (String, String) {
    let vault = c.vault("live vault");
    let w = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "ETH" }),
        )
        .expect(201);
    (
        w.body["id"].as_str().unwrap().to_string(),
        w.body["depositAddress"].as_str().unwrap().to_string(),
    )
}

/// Waits for the wallet's one deposit to satisfy `ready`.
pub fn wait_deposit(c: &Client, wallet: &str, what: &str, ready: impl Fn(&Value) -> bool) -> Value {
    wait_for(what, || {
        let list = c
            .get(&format!("/v1/transactions?walletId={wallet}&kind=Deposit"))
            .expect(200);
        let data = list.body["data"].as_array().unwrap().clone();
        assert!(data.len() <= 1, "one deposit expected: {data:?}");
        data.first().filter(|t| ready(t)).cloned()
    })
}

pub(crate) fn assert_verifies(server: &Server) {
    let out = server.cli(&["verify"]);
    assert!(
        out.status.success(),
        "verify failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn live_eth_deposit_is_pending_then_credited_at_required_depth() {
    let anvil = Anvil::start();
    let (server, c) = coffer_on(&anvil);
    let dir = TempDir::new("pool");
    let vault = c.vault("empty pool");
    let empty = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "ETH" }),
        )
        .expect(422);
    assert_eq!(empty.code(), "address_pool_empty");
    // Only the configured EVM network is served live.
    let btc = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "BTC" }),
        )
        .expect(422);
    assert_eq!(btc.code(), "chain_unavailable");

    let pool = pool_addresses("credited", 2);
    let mut lowercase = pool.clone();
    lowercase[1] = lowercase[1].to_ascii_lowercase();
    let refused = import(&server, &dir, "lower.txt", &lowercase);
    assert!(
        !refused.status.success(),
        "an unchecksummed address was imported"
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("line 2"));
    let imported = import(&server, &dir, "pool.txt", &pool);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let again = import(&server, &dir, "again.txt", &pool[1..]);
    assert!(!again.status.success(), "a duplicate was imported");
    assert!(String::from_utf8_lossy(&again.stderr).contains(&pool[1]));

    let (wallet, address) = live_eth_wallet(&c);
    assert_eq!(address, pool[0], "the oldest pool address comes first");

    let hash = anvil.send(&address, AMOUNT_WEI);
    let seen = wait_deposit(&c, &wallet, "the deposit to be seen", |_| true);
    assert_eq!(seen["status"], "Confirming");
    assert_eq!(seen["amount"], AMOUNT);
    assert_eq!(seen["txHash"], hash.as_str());
    assert_eq!(seen["destinationAddress"], address.as_str());
    assert_eq!(seen["requiredConfirmations"], 12);
    let b = balance(&c, &wallet);
    assert_eq!(
        (b["pending"].as_str(), b["total"].as_str()),
        (Some(AMOUNT), Some("0"))
    );

    anvil.mine(10);
    let eleven = wait_deposit(&c, &wallet, "11 confirmations", |t| {
        t["confirmations"] == 11
    });
    assert_eq!(eleven["status"], "Confirming");
    assert_eq!(balance(&c, &wallet)["total"], "0");
    anvil.mine(1);
    let done = wait_deposit(&c, &wallet, "the deposit to be credited", |t| {
        t["status"] == "Completed"
    });
    assert_eq!(done["confirmations"], 12);
    let b = balance(&c, &wallet);
    assert_eq!(
        (
            b["total"].as_str(),
            b["available"].as_str(),
            b["pending"].as_str()
        ),
        (Some(AMOUNT), Some(AMOUNT), Some("0"))
    );

    let refused = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": pool[1], "amount": "1" }),
            "live-withdrawal",
        )
        .expect(422);
    // Live withdrawals go only to address-book entries, as in the sandbox.
    assert_eq!(refused.code(), "address_not_in_address_book");
    assert_verifies(&server);
}

#[test]
fn reorg_drops_an_uncredited_live_deposit() {
    let anvil = Anvil::start();
    let (server, c) = coffer_on(&anvil);
    let dir = TempDir::new("pool");
    let pool = pool_addresses("reorg", 1);
    assert!(import(&server, &dir, "pool.txt", &pool).status.success());
    let (wallet, address) = live_eth_wallet(&c);

    let snapshot = anvil.rpc("evm_snapshot", json!([]));
    anvil.send(&address, AMOUNT_WEI);
    anvil.mine(1);
    wait_deposit(&c, &wallet, "the deposit to be seen", |t| {
        t["confirmations"] == 2
    });
    assert_eq!(balance(&c, &wallet)["pending"], AMOUNT);

    assert_eq!(anvil.rpc("evm_revert", json!([snapshot])), json!(true));
    // The other branch outgrows the orphaned one.
    anvil.mine(4);
    let dropped = wait_deposit(&c, &wallet, "the deposit to be dropped", |t| {
        t["status"] == "Failed"
    });
    assert!(dropped["failureReason"]
        .as_str()
        .unwrap()
        .contains("reorganisation"));
    let b = balance(&c, &wallet);
    assert_eq!(
        (b["total"].as_str(), b["pending"].as_str()),
        (Some("0"), Some("0"))
    );
    // Deep past the required confirmations on the new branch: nothing returns.
    anvil.mine(12);
    let tip = anvil.rpc("eth_blockNumber", json!([]));
    wait_for("the scanner to reach the tip", || {
        let d = wait_deposit(&c, &wallet, "the deposit", |_| true);
        (d["status"] == "Failed").then_some(())?;
        let scanned: i64 = server
            .db()
            .query_row(
                "SELECT MAX(height) FROM chain_blocks WHERE network = 'ethereum'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (format!("0x{scanned:x}") == tip.as_str().unwrap()).then_some(())
    });
    assert_eq!(balance(&c, &wallet)["total"], "0");
    assert_verifies(&server);
}
