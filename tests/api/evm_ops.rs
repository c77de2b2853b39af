//! Operating a live network: a rescan an operator asks for, and a node that
//! goes away and comes back, seen on /health and /metrics; nothing is lost.
//! The node sits behind a loopback proxy the test can cut.

use crate::evm::{assert_verifies, wait_deposit, Anvil};
use crate::ledger::{balance, wait_for};
use crate::support::{agent, raw, Client, Server};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ONE_ETH: u128 = 1_000_000_000_000_000_000;

/// Forwards loopback connections to `target` while up; cut, it drops every
/// open connection and refuses new ones.
struct Proxy {
    url: String,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
    stop: Arc<AtomicBool>,
}

impl Proxy {
    fn start(target: &str) -> Proxy {
        let target = target.trim_start_matches("http://").to_string();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (up2, open2, stop2) = (Arc::clone(&up), Arc::clone(&open), Arc::clone(&stop));
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    return;
                }
                let Ok(client) = client else { continue };
                if !up2.load(Ordering::SeqCst) {
                    continue; // dropped: refused
                }
                let Ok(server) = TcpStream::connect(&target) else {
                    continue;
                };
                let mut open = open2.lock().unwrap();
                open.push(client.try_clone().unwrap());
                open.push(server.try_clone().unwrap());
                pump(client.try_clone().unwrap(), server.try_clone().unwrap());
                pump(server, client);
            }
        });
        Proxy {
            url,
            up,
            open,
            stop,
        }
    }

    fn set_up(&self, up: bool) {
        self.up.store(up, Ordering::SeqCst);
        if !up {
            for s in self.open.lock().unwrap().drain(..) {
                let _ = s.shutdown(Shutdown::Both);
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.set_up(false);
        let _ = TcpStream::connect(self.url.trim_start_matches("http://"));
    }
}

/// Copies `from` to `to` until either side closes.
fn pump(mut from: TcpStream, mut to: TcpStream) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 || to.write_all(&buf[..n]).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
}

fn health(server: &Server) -> Value {
    let r = raw(
        &agent(),
        "GET",
        &format!("{}/health", server.base),
        &[],
        b"",
    );
    assert_eq!(
        r.status, 200,
        "a node away is no reason to leave rotation: {}",
        r.text
    );
    r.body
}

fn node_up_metric(server: &Server) -> Option<f64> {
    let text = raw(
        &agent(),
        "GET",
        &format!("{}/metrics", server.base),
        &[],
        b"",
    )
    .text;
    let families = crate::prometheus::parse(&text).unwrap();
    families
        .get("coffer_chain_node_up")?
        .samples
        .iter()
        .find(|s| s.labels.get("network").map(String::as_str) == Some("ethereum"))
        .map(|s| s.value)
}

fn send_eth(anvil: &Anvil, from: &str, to: &str, wei: u128) {
    anvil.rpc(
        "eth_sendTransaction",
        json!([{ "from": from, "to": to, "value": format!("0x{wei:x}") }]),
    );
}

fn register_xpub(server: &Server) {
    let xpub = crate::evm_tokens::test_mnemonic_xpub();
    let set = server.cli(&["xpub", "set", "--network", "ethereum", &xpub]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
}

#[test]
fn a_rescan_finds_what_was_missed_and_a_node_away_loses_nothing() {
    let anvil = Anvil::start();
    let accounts: Vec<String> = anvil
        .rpc("eth_accounts", json!([]))
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    // Paid before Coffer watches: block 1. anvil's account 0 is the first
    // address of its mnemonic's xpub, so the first live wallet's.
    send_eth(&anvil, &accounts[9], &accounts[0], ONE_ETH);
    anvil.mine(1);
    let proxy = Proxy::start(&anvil.url);
    let config = format!(
        "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"{}\"\nchain_id = 31337\n\
         required_confirmations = 2\nstart_block = -1\n\n\
         [[assets]]\nid = \"ETH\"\nnetwork = \"ethereum\"\ndecimals = 18\n",
        proxy.url
    );
    let server =
        Server::start_with_config(Some(&config), &[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
    let c: Client = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    wait_for("the first scan", || {
        let h = health(&server);
        (h["networks"][0]["node"] == "ok").then_some(())
    });
    let h = health(&server);
    assert_eq!(h["status"], "ok");
    assert_eq!(h["networks"][0]["name"], "ethereum");
    assert_eq!(h["networks"][0]["lagBlocks"], 0);
    assert_eq!(node_up_metric(&server), Some(1.0));

    register_xpub(&server);
    let vault = c.vault("customer");
    let w = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({"assetId": "ETH"}),
        )
        .expect(201);
    let wallet = w.body["id"].as_str().unwrap().to_string();
    assert_eq!(
        w.body["depositAddress"]
            .as_str()
            .unwrap()
            .to_ascii_lowercase(),
        accounts[0].to_ascii_lowercase()
    );
    assert_eq!(
        balance(&c, &wallet)["total"],
        "0",
        "block 1 was before the scanner started"
    );

    let beyond = server.cli(&["chain", "rescan", "--network", "ethereum", "--from", "999"]);
    assert_eq!(beyond.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&beyond.stderr).contains("past the highest block"));
    let rescan = server.cli(&["chain", "rescan", "--network", "ethereum", "--from", "1"]);
    assert!(
        rescan.status.success(),
        "{}",
        String::from_utf8_lossy(&rescan.stderr)
    );
    let found = wait_deposit(&c, &wallet, "the missed deposit credited", |t| {
        t["status"] == "Completed"
    });
    assert_eq!(found["amount"], "1");
    // Read again from block 1, nothing is recorded twice.
    let again = server.cli(&["chain", "rescan", "--network", "ethereum", "--from", "1"]);
    assert!(again.status.success());
    anvil.mine(1);
    std::thread::sleep(Duration::from_millis(500));
    let deposits = c
        .get(&format!("/v1/transactions?walletId={wallet}&kind=Deposit"))
        .expect(200);
    assert_eq!(deposits.body["data"].as_array().unwrap().len(), 1);

    // The node goes away: health degrades (still 200), nothing stops.
    proxy.set_up(false);
    wait_for("health to see the node away", || {
        let h = health(&server);
        (h["status"] == "degraded").then_some(h)
    });
    assert_eq!(health(&server)["networks"][0]["node"], "unreachable");
    assert_eq!(node_up_metric(&server), Some(0.0));
    c.get("/v1/wallets").expect(200);
    // Paid while it is away; it comes back and Coffer catches up.
    send_eth(&anvil, &accounts[9], &accounts[0], 2 * ONE_ETH);
    anvil.mine(2);
    proxy.set_up(true);
    wait_for("the payment made while away", || {
        let b = balance(&c, &wallet);
        (b["available"] == "3").then_some(())
    });
    wait_for("health to recover", || {
        (health(&server)["status"] == "ok").then_some(())
    });
    assert_verifies(&server);
}
