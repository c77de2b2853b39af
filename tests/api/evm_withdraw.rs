//! Live EVM withdrawals against a real node (anvil): built by Coffer from the
//! customer's deposit address, signed by the reference signer from a key
//! file, checked, broadcast and followed to completion, with the gas the
//! chain really charged booked to the tenant to the wei.

use crate::evm::{assert_verifies, import, Anvil};
use crate::ledger::{address_entry, balance, wait_for, wait_status};
use crate::support::{Client, Server, TempDir};
use coffer::chain::eth::{sign, AccountKey, Eip1559Tx, U256};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

const SIGNER: &str = env!("CARGO_BIN_EXE_coffer-signer");
/// anvil's dev accounts come from this mnemonic: index 0 is funded.
const MNEMONIC: &str = "test test test test test test test test test test test junk";
const ETH: u128 = 1_000_000_000_000_000_000;

/// A coffer on its own anvil, a live admin and a live signer key, and the
/// signer's key file (the anvil mnemonic, mode 0600).
pub(crate) struct Live {
    pub anvil: Anvil,
    pub server: Server,
    pub admin: Client,
    pub signer: Client,
    /// Holds the key file; removed on drop.
    _dir: TempDir,
    pub key_file: PathBuf,
}

/// Address `index` of the anvil mnemonic, as the reference signer derives it.
pub(crate) fn address(index: u32) -> String {
    let key = AccountKey::from_mnemonic(MNEMONIC, "").unwrap();
    key.secret_key(index).unwrap().address().to_string()
}

impl Live {
    /// Withdraws 0.5 ETH from `wallet` to a fresh address-book entry (named
    /// and idempotency-keyed by `tag`): (withdrawal id, destination).
    pub fn withdraw_half_eth(&self, wallet: &str, tag: &str) -> (String, String) {
        let destination = crate::evm::pool_addresses(tag, 1).remove(0);
        crate::ledger::address_entry(&self.admin, "ETH", &destination);
        let w = self
            .admin
            .post_idem(
                "/v1/transactions/withdraw",
                &serde_json::json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "0.5" }),
                tag,
            )
            .expect(201);
        (w.body["id"].as_str().unwrap().to_string(), destination)
    }

    /// `pool`: indices of the mnemonic imported as deposit addresses (10 and
    /// up are not anvil's pre-funded accounts, so their books start at zero).
    pub fn start(pool: &[u32], extra_config: &str) -> Live {
        Live::on(Anvil::start(), pool, extra_config)
    }

    /// As `start`, on an anvil the test prepared (a token deployed).
    pub fn on(anvil: Anvil, pool: &[u32], extra_config: &str) -> Live {
        let config = format!(
            "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"{}\"\n\
             chain_id = 31337\nstart_block = 0\n{extra_config}",
            anvil.url
        );
        let server =
            Server::start_with_config(Some(&config), &[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
        let admin = server.new_key("live", &["--roles", "admin", "--env", "live"]);
        let signer = server.new_key("signer", &["--scopes", "signer", "--env", "live"]);
        let dir = TempDir::new("evm-withdraw");
        let key_file = dir.path().join("key.txt");
        std::fs::write(&key_file, MNEMONIC).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key_file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let lines: Vec<String> = pool.iter().map(|&i| address(i)).collect();
        let out = import(&server, &dir, "pool.txt", &lines);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Live {
            anvil,
            server,
            admin,
            signer,
            _dir: dir,
            key_file,
        }
    }

    /// `kill -9` of the server, then a restart on the same data dir; the
    /// clients follow it to its new address.
    pub fn kill_and_restart(&mut self) {
        self.server.kill();
        self.server
            .restart(&[("COFFER_CHAIN_POLL_INTERVAL_MS", "50")]);
        self.admin = Client::new(&self.server.base, &self.admin.key_id, &self.admin.secret);
        self.signer = Client::new(&self.server.base, &self.signer.key_id, &self.signer.secret);
    }

    /// `coffer-signer` with the signer key in its environment.
    pub fn signer_cli(&self, args: &[&str]) -> Output {
        Command::new(SIGNER)
            .args(args)
            .env("COFFER_URL", &self.signer.base)
            .env("COFFER_KEY_ID", &self.signer.key_id)
            .env("COFFER_KEY_SECRET", &self.signer.secret)
            .output()
            .unwrap()
    }

    /// `coffer-signer sign` of every awaiting request; its stdout.
    pub fn sign_all(&self) -> String {
        let out = self.signer_cli(&["sign", "--key-file", self.key_file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "coffer-signer sign failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new live wallet of `asset` holding `wei` (sent by anvil's first
    /// account and credited at 12 confirmations): (wallet id, address).
    pub fn funded_wallet(&self, asset: &str, wei: u128) -> (String, String) {
        let (id, address) = self.wallet(asset);
        self.anvil.send(&address, wei);
        self.wait_credited(&id);
        (id, address)
    }

    /// A new live wallet of `asset`: (wallet id, address).
    pub fn wallet(&self, asset: &str) -> (String, String) {
        let vault = self.admin.vault(&format!("{asset} vault"));
        let w = self
            .admin
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

    /// Mines 12 blocks and waits for the wallet's deposit to be credited.
    pub fn wait_credited(&self, wallet: &str) {
        wait_for("a deposit to be seen", || {
            (balance(&self.admin, wallet)["pending"] != "0").then_some(())
        });
        self.anvil.mine(12);
        wait_for("the deposit to be credited", || {
            (balance(&self.admin, wallet)["pending"] == "0"
                && balance(&self.admin, wallet)["total"] != "0")
                .then_some(())
        });
    }

    /// The requests awaiting the signer, once there are `n`.
    pub fn wait_requests(&self, n: usize) -> Vec<Value> {
        wait_for(&format!("{n} signer request(s)"), || {
            let list = self.signer.get("/v1/signer/requests").expect(200);
            let data = list.body["data"].as_array().unwrap().clone();
            (data.len() == n).then_some(data)
        })
    }

    /// A ledger account's balance by the end of its id (`:live:ETH:gas`).
    pub fn account(&self, suffix: &str) -> i128 {
        self.server
            .db()
            .query_row(
                "SELECT balance FROM ledger_accounts WHERE id LIKE '%' || ?1",
                [suffix],
                |r| r.get::<_, String>(0),
            )
            .map(|b| b.parse().unwrap())
            .unwrap_or(0)
    }

    /// What the live books say Coffer holds in `asset` (every account but
    /// the outside world's), in atomic units.
    pub fn books(&self, asset: &str) -> i128 {
        let db = self.server.db();
        let mut stmt = db
            .prepare(
                "SELECT balance FROM ledger_accounts
                  WHERE environment = 'live' AND asset_id = ?1 AND kind != 'external'",
            )
            .unwrap();
        let rows = stmt
            .query_map([asset], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|b| b.unwrap().parse::<i128>().unwrap());
        rows.sum()
    }

    pub fn eth_balance(&self, address: &str) -> u128 {
        let b = self.anvil.rpc("eth_getBalance", json!([address, "latest"]));
        u128::from_str_radix(b.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
    }

    /// gasUsed × effectiveGasPrice of a mined transaction.
    pub fn gas_cost(&self, hash: &str) -> u128 {
        let r = self.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        let q = |name: &str| {
            u128::from_str_radix(r[name].as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
        };
        q("gasUsed") * q("effectiveGasPrice")
    }
}

fn quantity(v: &Value) -> u128 {
    u128::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// The transaction a request's fields describe, rebuilt by the test.
fn request_tx(r: &Value) -> Eip1559Tx {
    let t = &r["transaction"];
    Eip1559Tx {
        chain_id: r["chainId"].as_u64().unwrap(),
        nonce: quantity(&t["nonce"]) as u64,
        max_priority_fee_per_gas: quantity(&t["maxPriorityFeePerGas"]),
        max_fee_per_gas: quantity(&t["maxFeePerGas"]),
        gas: quantity(&t["gas"]) as u64,
        to: t["to"].as_str().unwrap().parse().unwrap(),
        value: U256::from(quantity(&t["value"])),
        data: coffer::crypto::unhex(t["data"].as_str().unwrap().trim_start_matches("0x")).unwrap(),
    }
}

fn signed_hex(tx: &Eip1559Tx, index: u32) -> String {
    let key = AccountKey::from_mnemonic(MNEMONIC, "")
        .unwrap()
        .secret_key(index)
        .unwrap();
    format!("0x{}", coffer::crypto::hex(&sign(tx, &key).unwrap()))
}

#[test]
fn live_eth_withdrawal_is_signed_checked_broadcast_and_settled_to_the_wei() {
    let live = Live::start(&[10], "");
    let c = &live.admin;
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    assert_eq!(source, address(10));
    let destination = crate::evm::pool_addresses("eth-destination", 1).remove(0);
    address_entry(c, "ETH", &destination);
    let w = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "0.5" }),
            "eth-withdrawal",
        )
        .expect(201);
    let id = w.body["id"].as_str().unwrap().to_string();
    assert_eq!(w.body["fee"], "0.001");

    let requests = live.wait_requests(1);
    let r = &requests[0];
    assert_eq!(
        (r["purpose"].as_str(), r["transactionId"].as_str()),
        (Some("withdrawal"), Some(id.as_str()))
    );
    assert_eq!(r["from"], source.as_str());
    assert_eq!(r["chainId"], 31337);
    assert_eq!(r["derivationPath"], Value::Null, "a pool address");
    assert_eq!(r["transaction"]["to"], destination.as_str());
    assert_eq!(quantity(&r["transaction"]["value"]), ETH / 2);
    assert_eq!(r["transaction"]["data"], "0x");
    assert_eq!(r["transaction"]["nonce"], "0x0");
    assert_eq!(r["amount"], "0.5");
    assert_eq!(
        wait_status(c, &id, "PendingSignature")["status"],
        "PendingSignature"
    );
    let tx = request_tx(r);
    assert_eq!(
        r["unsignedPayload"].as_str().unwrap(),
        format!("0x{}", coffer::crypto::hex(&tx.unsigned_payload()))
    );
    let reserved = u128::from(tx.gas) * tx.max_fee_per_gas;
    assert_eq!(live.account(":live:ETH:gas_held"), reserved as i128);

    // Tampered or foreign signatures are refused, naming what differs, and
    // nothing reaches the node.
    let path = format!(
        "/v1/signer/requests/{}/signature",
        r["id"].as_str().unwrap()
    );
    let mut more = tx.clone();
    more.value = U256::from(ETH);
    let refused = live
        .signer
        .post(&path, &json!({ "signedPayload": signed_hex(&more, 10) }))
        .expect(422);
    assert_eq!(refused.code(), "signature_mismatch");
    assert!(
        refused.body.to_string().contains("value"),
        "{}",
        refused.body
    );
    let refused = live
        .signer
        .post(&path, &json!({ "signedPayload": signed_hex(&tx, 11) }))
        .expect(422);
    assert!(
        refused.body.to_string().contains("signed by"),
        "{}",
        refused.body
    );
    let mut tampered = signed_hex(&tx, 10);
    tampered.replace_range(tampered.len() - 2.., "00");
    live.signer
        .post(&path, &json!({ "signedPayload": tampered }))
        .expect(422);
    let status = live.anvil.rpc("txpool_status", json!([]));
    assert_eq!(status["pending"], "0x0", "nothing was broadcast");
    assert_eq!(live.wait_requests(1)[0]["status"], "PendingSignature");

    let key = live.key_file.to_str().unwrap();
    let dry = live.signer_cli(&["sign", "--key-file", key, "--dry-run"]);
    let shown = String::from_utf8_lossy(&dry.stdout).to_string();
    assert!(
        dry.status.success(),
        "{shown}{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(shown.starts_with("would sign"), "{shown}");
    assert!(
        shown.contains(&format!(
            "withdrawal of 0.5 ETH from {source} to {destination}"
        )),
        "{shown}"
    );
    assert_eq!(
        live.wait_requests(1)[0]["status"],
        "PendingSignature",
        "nothing signed"
    );
    let listed = live.signer_cli(&["requests"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("withdrawal of 0.5 ETH"));
    let said = live.sign_all();
    assert!(said.contains("withdrawal of 0.5 ETH"), "{said}");
    let confirming = wait_status(c, &id, "Confirming");
    let hash = confirming["txHash"].as_str().unwrap().to_string();
    assert!(live.wait_requests(0).is_empty());
    // Mined at once (anvil automines, in the background): one
    // confirmation; settled at 12.
    wait_for("the receipt", || {
        let r = live.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(())
    });
    live.anvil.mine(10);
    wait_for("11 confirmations", || {
        let t = crate::ledger::transaction(c, &id);
        (t["confirmations"] == 11).then_some(())
    });
    assert_eq!(crate::ledger::transaction(c, &id)["status"], "Confirming");
    assert_eq!(balance(c, &wallet)["locked"], "0.501");
    live.anvil.mine(1);
    let done = wait_status(c, &id, "Completed");
    assert_eq!(done["txHash"], hash.as_str());
    assert_eq!(done["confirmations"], 12);

    let b = balance(c, &wallet);
    assert_eq!(
        (b["total"].as_str(), b["locked"].as_str()),
        (Some("1.499"), Some("0"))
    );
    assert_eq!(live.eth_balance(&destination), ETH / 2);
    let gas = live.gas_cost(&hash);
    assert_eq!(live.account(":live:ETH:gas"), -(gas as i128));
    assert_eq!(live.account(":live:ETH:gas_held"), 0);
    assert_eq!(live.account(":live:ETH:fees"), 1_000_000_000_000_000);
    // The books hold exactly what the chain says the address holds.
    assert_eq!(live.books("ETH"), live.eth_balance(&source) as i128);
    assert_eq!(live.eth_balance(&source), 2 * ETH - ETH / 2 - gas);
    assert_verifies(&live.server);

    // verify proves the gas booked is the request's: a tampered cost is named.
    let conn = rusqlite::Connection::open(live.server.db_path()).unwrap();
    conn.execute("UPDATE signer_requests SET gas_charged = '1'", [])
        .unwrap();
    drop(conn);
    let out = live.server.cli(&["verify"]);
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("signer request") && said.contains("not booked"),
        "{said}"
    );
}
