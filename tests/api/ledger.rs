//! Money movement through the real binary (issue: ledger and money movement):
//! deposits, transfers, withdrawals, the signer API, and `coffer verify`.

use crate::support::{Client, Resp, Server};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Polls `check` until it returns Some, for at most 15 s.
#[track_caller]
pub fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn wallet(c: &Client, vault: &str, asset: &str) -> String {
    let r = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": asset }),
        )
        .expect(201);
    r.body["id"].as_str().unwrap().to_string()
}

pub fn balance(c: &Client, wallet: &str) -> Value {
    c.get(&format!("/v1/wallets/{wallet}")).expect(200).body["balance"].clone()
}

pub fn transaction(c: &Client, id: &str) -> Value {
    c.get(&format!("/v1/transactions/{id}")).expect(200).body
}

/// Waits until a transaction reaches `status`.
pub fn wait_status(c: &Client, id: &str, status: &str) -> Value {
    wait_for(&format!("transaction {id} to become {status}"), || {
        let t = transaction(c, id);
        (t["status"] == status).then_some(t)
    })
}

pub fn mine(c: &Client, count: u64) -> u64 {
    c.post("/v1/sandbox/blocks", &json!({ "count": count }))
        .expect(200)
        .body["height"]
        .as_u64()
        .unwrap()
}

/// Credits `amount` to a wallet through a sandbox deposit and enough blocks.
pub fn fund(c: &Client, wallet: &str, amount: &str) -> Value {
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({ "walletId": wallet, "amount": amount }),
        )
        .expect(201);
    let id = d.body["id"].as_str().unwrap().to_string();
    mine(c, d.body["requiredConfirmations"].as_u64().unwrap());
    wait_status(c, &id, "Completed")
}

pub fn transfer(c: &Client, from: &str, to: &str, amount: &str, key: &str) -> Resp {
    c.post_idem(
        "/v1/transactions/transfer",
        &json!({ "sourceWalletId": from, "destinationWalletId": to, "amount": amount, "note": key }),
        key,
    )
}

pub fn address_entry(c: &Client, asset: &str, address: &str) -> String {
    let r = c
        .post(
            "/v1/address-book",
            &json!({ "assetId": asset, "address": address, "label": address }),
        )
        .expect(201);
    r.body["id"].as_str().unwrap().to_string()
}

pub const ETH_DESTINATION: &str = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
pub const BTC_DESTINATION: &str = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";

#[test]
fn deposit_confirms_then_credits_exactly() {
    let server = Server::start();
    let c = server.client();
    let w = wallet(&c, &c.vault("alice"), "ETH");
    let amount = "123456789012.123456789012345678";
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({ "walletId": w, "amount": amount }),
        )
        .expect(201);
    assert_eq!(d.body["kind"], "Deposit");
    assert_eq!(d.body["status"], "Confirming");
    assert_eq!(d.body["amount"], amount);
    assert_eq!(d.body["requiredConfirmations"], 12);
    let b = balance(&c, &w);
    assert_eq!(
        (b["pending"].as_str(), b["available"].as_str()),
        (Some(amount), Some("0"))
    );

    mine(&c, 11);
    let id = d.body["id"].as_str().unwrap();
    wait_for("11 confirmations", || {
        (transaction(&c, id)["confirmations"] == 11).then_some(())
    });
    assert_eq!(
        transaction(&c, id)["status"],
        "Confirming",
        "not credited before 12"
    );
    mine(&c, 1);
    let done = wait_status(&c, id, "Completed");
    assert_eq!(done["confirmations"], 12);
    let b = balance(&c, &w);
    assert_eq!(
        b,
        json!({"total": amount, "available": amount, "pending": "0", "locked": "0"})
    );
}

#[test]
fn a_deposit_reported_deep_enough_is_credited_without_more_blocks() {
    let server = Server::start();
    let c = server.client();
    let w = wallet(&c, &c.vault("deep"), "BTC");
    mine(&c, 3);
    let too_deep = c.post(
        "/v1/sandbox/deposits",
        &json!({ "walletId": w, "amount": "1", "confirmations": 4 }),
    );
    assert!(too_deep.expect(400).body["errors"]["confirmations"].is_array());
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({ "walletId": w, "amount": "0.3", "confirmations": 2 }),
        )
        .expect(201);
    assert_eq!(d.body["confirmations"], 2);
    let done = wait_status(&c, d.body["id"].as_str().unwrap(), "Completed");
    assert_eq!(done["confirmations"], 2);
    assert_eq!(balance(&c, &w)["available"], "0.3");
}

#[test]
fn deposits_can_target_an_address_and_extra_addresses() {
    let server = Server::start();
    let c = server.client();
    let w = wallet(&c, &c.vault("bob"), "BTC");
    let extra = c
        .post(&format!("/v1/wallets/{w}/addresses"), &json!({}))
        .expect(201);
    let address = extra.body["address"].as_str().unwrap().to_string();
    assert!(address.starts_with("bcrt1q"), "{address}");
    let listed = c.get(&format!("/v1/wallets/{w}/addresses")).expect(200);
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 2);
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({ "address": address, "amount": "0.5" }),
        )
        .expect(201);
    assert_eq!(d.body["destinationWalletId"], w.as_str());
    assert_eq!(d.body["destinationAddress"].as_str().unwrap().len(), 44);
}

#[test]
fn transfer_moves_funds_once_and_shows_in_both_wallets() {
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "BTC");
    let b = wallet(&c, &c.vault("b"), "BTC");
    fund(&c, &a, "1");
    let t = transfer(&c, &a, &b, "0.25", "move-1").expect(201);
    assert_eq!(t.body["kind"], "Transfer");
    assert_eq!(t.body["status"], "Completed");
    let again = transfer(&c, &a, &b, "0.25", "move-1").expect(201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, t.body);
    assert_eq!(balance(&c, &a)["available"], "0.75");
    assert_eq!(balance(&c, &b)["available"], "0.25");
    let id = t.body["id"].as_str().unwrap();
    for w in [&a, &b] {
        let list = c
            .get(&format!("/v1/transactions?walletId={w}&kind=Transfer"))
            .expect(200);
        assert_eq!(list.body["data"][0]["id"], id, "listed for wallet {w}");
    }
    let without_key = c.post(
        "/v1/transactions/transfer",
        &json!({ "sourceWalletId": a, "destinationWalletId": b, "amount": "0.1" }),
    );
    assert_eq!(without_key.expect(400).code(), "idempotency_key_required");
}

#[test]
fn overdraft_is_refused_and_changes_nothing() {
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "USDC");
    let b = wallet(&c, &c.vault("b"), "USDC");
    fund(&c, &a, "10");
    let before = c.get("/v1/transactions").expect(200).body["data"]
        .as_array()
        .unwrap()
        .len();
    let r = transfer(&c, &a, &b, "10.000001", "too-much").expect(422);
    assert_eq!(r.code(), "insufficient_funds");
    assert!(
        r.body["message"]
            .as_str()
            .unwrap()
            .contains("has 10 USDC available; this needs 10.000001 USDC"),
        "{}",
        r.text
    );
    assert_eq!(balance(&c, &a)["available"], "10");
    assert_eq!(balance(&c, &b)["available"], "0");
    let after = c.get("/v1/transactions").expect(200).body["data"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after);
}

#[test]
fn forty_racing_spenders_never_overdraw() {
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "BTC");
    let b = wallet(&c, &c.vault("b"), "BTC");
    fund(&c, &a, "0.0001");
    // 40 transfers of 0.000003 against 0.0001: exactly 33 fit.
    let results: Vec<u16> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..40)
            .map(|i| {
                let c = c.clone();
                let (a, b) = (a.clone(), b.clone());
                s.spawn(move || transfer(&c, &a, &b, "0.000003", &format!("race-{i}")).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = results.iter().filter(|s| **s == 201).count();
    let refused = results.iter().filter(|s| **s == 422).count();
    assert_eq!((ok, refused), (33, 7), "{results:?}");
    assert_eq!(balance(&c, &a)["available"], "0.000001");
    assert_eq!(balance(&c, &b)["available"], "0.000099");
}

#[test]
fn withdrawal_walks_every_state_with_the_auto_signer() {
    let server = Server::start();
    let c = server.client();
    let w = wallet(&c, &c.vault("a"), "ETH");
    fund(&c, &w, "2");
    address_entry(&c, "ETH", ETH_DESTINATION);
    let r = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": w, "destinationAddress": ETH_DESTINATION.to_lowercase(), "amount": "1.5" }),
            "wd-1",
        )
        .expect(201);
    assert_eq!(r.body["status"], "Submitted");
    assert_eq!(r.body["fee"], "0.001");
    assert_eq!(r.body["destinationAddress"], ETH_DESTINATION);
    let b = balance(&c, &w);
    assert_eq!(
        (
            b["available"].as_str(),
            b["locked"].as_str(),
            b["total"].as_str()
        ),
        (Some("0.499"), Some("1.501"), Some("2"))
    );
    let id = r.body["id"].as_str().unwrap();
    let confirming = wait_status(&c, id, "Confirming");
    assert!(confirming["txHash"].as_str().unwrap().starts_with("0x"));
    mine(&c, 12);
    wait_status(&c, id, "Completed");
    let b = balance(&c, &w);
    assert_eq!(
        b,
        json!({"total": "0.499", "available": "0.499", "pending": "0", "locked": "0"})
    );
}

fn sandbox_signature(unsigned: &str) -> String {
    use sha2::{Digest, Sha256};
    crate::support::hex(&Sha256::digest(
        format!("sandbox-signature:{unsigned}").as_bytes(),
    ))
}

#[test]
fn withdrawal_through_the_manual_signer_api() {
    let server = Server::start_with(&[("COFFER_SANDBOX_AUTO_SIGN", "false")]);
    let c = server.client();
    let signer = server.new_key("hsm", &["--roles", "signer"]);
    let w = wallet(&c, &c.vault("a"), "BTC");
    fund(&c, &w, "1");
    let entry = address_entry(&c, "BTC", BTC_DESTINATION);
    let r = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": w, "addressBookEntryId": entry, "amount": "0.1" }),
            "wd-manual",
        )
        .expect(201);
    let id = r.body["id"].as_str().unwrap();
    wait_status(&c, id, "PendingSignature");
    let requests = signer.get("/v1/signer/requests").expect(200);
    let request = &requests.body["data"][0];
    assert_eq!(request["id"], id);
    let unsigned = request["unsignedPayload"].as_str().unwrap().to_string();
    assert!(unsigned.contains(BTC_DESTINATION));
    let path = format!("/v1/signer/requests/{id}/signature");
    assert_eq!(
        c.post(&path, &json!({"signedPayload": "x"}))
            .expect(422)
            .code(),
        "invalid_signature"
    );
    let bad = signer.post(
        &path,
        &json!({ "signedPayload": sandbox_signature("something else") }),
    );
    assert_eq!(bad.expect(422).code(), "invalid_signature");
    assert_eq!(transaction(&c, id)["status"], "PendingSignature");
    let signed = signer
        .post(
            &path,
            &json!({ "signedPayload": sandbox_signature(&unsigned) }),
        )
        .expect(200);
    assert_eq!(signed.body["status"], "Broadcasting");
    wait_status(&c, id, "Confirming");
    mine(&c, 2);
    wait_status(&c, id, "Completed");
    assert_eq!(balance(&c, &w)["total"], "0.8999");
    assert_eq!(
        signer.get("/v1/signer/requests").expect(200).body["data"],
        json!([])
    );
    assert_eq!(signer.get("/v1/vaults").expect(403).code(), "missing_scope");
}

#[test]
fn cancel_releases_the_hold_until_broadcast() {
    let server = Server::start_with(&[("COFFER_SANDBOX_AUTO_SIGN", "false")]);
    let c = server.client();
    let w = wallet(&c, &c.vault("a"), "BTC");
    fund(&c, &w, "1");
    address_entry(&c, "BTC", BTC_DESTINATION);
    let body = |n: &str| json!({ "sourceWalletId": w, "destinationAddress": BTC_DESTINATION, "amount": "0.4", "note": n });
    let r = c
        .post_idem("/v1/transactions/withdraw", &body("one"), "wd-c1")
        .expect(201);
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(balance(&c, &w)["locked"], "0.4001");
    wait_status(&c, id, "PendingSignature");
    let cancelled = c
        .post(&format!("/v1/transactions/{id}/cancel"), &json!({}))
        .expect(200);
    assert_eq!(cancelled.body["status"], "Cancelled");
    assert_eq!(
        balance(&c, &w),
        json!({"total": "1", "available": "1", "pending": "0", "locked": "0"})
    );
    let again = c.send("POST", &format!("/v1/transactions/{id}/cancel"), b"", &[]);
    assert_eq!(again.expect(409).code(), "not_cancellable");
    let deposit_id = c.get("/v1/transactions?kind=Deposit").expect(200).body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let not_withdrawal = c.post(&format!("/v1/transactions/{deposit_id}/cancel"), &json!({}));
    assert_eq!(not_withdrawal.expect(409).code(), "not_cancellable");
}

#[test]
fn bad_amounts_are_named_and_change_nothing() {
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "BTC");
    let b = wallet(&c, &c.vault("b"), "BTC");
    fund(&c, &a, "1");
    let bad: [Value; 13] = [
        json!("1.000000001"),
        json!("1e5"),
        json!("+1"),
        json!("-1"),
        json!(" 1"),
        json!("1 "),
        json!("NaN"),
        json!(""),
        json!("0"),
        json!("0.00000000"),
        json!(1),
        json!(0.5),
        json!("1000000000000000000000000000000000000000"),
    ];
    for (i, amount) in bad.iter().enumerate() {
        let r = c.post_idem(
            "/v1/transactions/transfer",
            &json!({ "sourceWalletId": a, "destinationWalletId": b, "amount": amount }),
            &format!("bad-{i}"),
        );
        let r = r.expect(400);
        assert!(
            r.body["errors"]["amount"].is_array(),
            "amount {amount} should be named: {}",
            r.text
        );
    }
    assert_eq!(balance(&c, &a)["available"], "1");
    assert_eq!(balance(&c, &b)["available"], "0");
    assert_eq!(
        c.get("/v1/transactions?kind=Transfer").expect(200).body["data"],
        json!([])
    );
}

#[test]
fn wallets_must_exist_be_ours_and_match_assets() {
    let server = Server::start();
    let c = server.client();
    let vault = c.vault("a");
    let btc = wallet(&c, &vault, "BTC");
    let dup = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "BTC" }),
        )
        .expect(409);
    assert_eq!(dup.code(), "wallet_exists");
    let unknown_asset = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({ "assetId": "DOGE" }),
        )
        .expect(400);
    assert!(unknown_asset.body["errors"]["assetId"].is_array());
    let eth = wallet(&c, &vault, "ETH");
    let mismatch = transfer(&c, &btc, &eth, "1", "mm").expect(422);
    assert_eq!(mismatch.code(), "asset_mismatch");
    let ghost = "01890000-0000-7000-8000-000000000000";
    assert_eq!(
        transfer(&c, &btc, ghost, "1", "ghost").expect(404).code(),
        "not_found"
    );
    let tenant = server.new_tenant("other");
    let other = server.new_key("other", &["--roles", "admin", "--tenant", &tenant]);
    let theirs = wallet(&other, &other.vault("theirs"), "BTC");
    assert_eq!(
        transfer(&c, &btc, &theirs, "1", "foreign")
            .expect(404)
            .code(),
        "not_found"
    );
    other.get(&format!("/v1/wallets/{btc}")).expect(404);
    let listed = c.get(&format!("/v1/vaults/{vault}/wallets")).expect(200);
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 2);
    let live = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    live.post("/v1/sandbox/blocks", &json!({"count": 1}))
        .expect(404);
}

#[test]
fn address_book_validates_per_network() {
    let server = Server::start();
    let c = server.client();
    let post = |asset: &str, address: &str| {
        c.post(
            "/v1/address-book",
            &json!({ "assetId": asset, "address": address, "label": format!("{asset} {address}") }),
        )
    };
    assert_eq!(
        post("BTC", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
            .expect(400)
            .code(),
        "invalid_address"
    );
    assert_eq!(
        post("BTC", "not an address").expect(400).code(),
        "invalid_address"
    );
    assert_eq!(
        post("ETH", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")
            .expect(400)
            .code(),
        "invalid_address"
    );
    let created = post("ETH", &ETH_DESTINATION.to_lowercase()).expect(201);
    assert_eq!(created.body["address"], ETH_DESTINATION);
    assert_eq!(created.body["status"], "Active");
    assert_eq!(
        post("ETH", ETH_DESTINATION).expect(409).code(),
        "address_exists"
    );
    post("USDC", ETH_DESTINATION).expect(201);
    post("BTC", BTC_DESTINATION).expect(201);
    assert_eq!(
        c.get("/v1/address-book?assetId=ETH").expect(200).body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let w = wallet(&c, &c.vault("a"), "ETH");
    fund(&c, &w, "1");
    let id = created.body["id"].as_str().unwrap();
    c.send("DELETE", &format!("/v1/address-book/{id}"), b"", &[])
        .expect(204);
    c.get(&format!("/v1/address-book/{id}")).expect(404);
    let refused = c.post_idem(
        "/v1/transactions/withdraw",
        &json!({ "sourceWalletId": w, "destinationAddress": ETH_DESTINATION, "amount": "0.1" }),
        "after-delete",
    );
    assert_eq!(refused.expect(422).code(), "address_not_in_address_book");
    assert_eq!(balance(&c, &w)["locked"], "0");
}

#[test]
fn frozen_vaults_receive_but_do_not_send() {
    let server = Server::start();
    let c = server.client();
    let vault = c.vault("a");
    let w = wallet(&c, &vault, "BTC");
    let other = wallet(&c, &c.vault("b"), "BTC");
    fund(&c, &w, "1");
    address_entry(&c, "BTC", BTC_DESTINATION);
    c.patch(&format!("/v1/vaults/{vault}"), &json!({"status": "Frozen"}))
        .expect(200);
    assert_eq!(
        transfer(&c, &w, &other, "0.1", "frozen-t")
            .expect(422)
            .code(),
        "vault_frozen"
    );
    let wd = c.post_idem(
        "/v1/transactions/withdraw",
        &json!({ "sourceWalletId": w, "destinationAddress": BTC_DESTINATION, "amount": "0.1" }),
        "frozen-w",
    );
    assert_eq!(wd.expect(422).code(), "vault_frozen");
    fund(&c, &w, "0.5");
    assert_eq!(balance(&c, &w)["available"], "1.5");
}

#[test]
fn verify_passes_on_a_busy_database_and_names_a_corrupted_row() {
    let mut server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "ETH");
    let b = wallet(&c, &c.vault("b"), "ETH");
    fund(&c, &a, "5");
    transfer(&c, &a, &b, "1", "v-1").expect(201);
    address_entry(&c, "ETH", ETH_DESTINATION);
    let wd = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": a, "destinationAddress": ETH_DESTINATION, "amount": "1" }),
            "v-w",
        )
        .expect(201);
    wait_status(&c, wd.body["id"].as_str().unwrap(), "Confirming");
    let out = server.cli(&["verify"]);
    assert!(
        out.status.success(),
        "verify failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok:"));

    server.kill();
    let db = server.db_path();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE ledger_accounts SET balance = '1' WHERE id = ?1",
        [format!("{b}:available")],
    )
    .unwrap();
    drop(conn);
    let out = server.cli(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{b}:available")), "{err}");
    assert!(
        err.contains("ETH atomic units"),
        "the asset is named: {err}"
    );
}

/// Every id of a filtered listing, walking `after` to the end, then `before`
/// back from the last page: each direction must list each object once.
fn walk_both_ways(c: &Client, filter: &str) -> Vec<String> {
    let page = |cursor: &str| {
        let r = c
            .get(&format!("/v1/transactions?{filter}&limit=2{cursor}"))
            .expect(200);
        let ids: Vec<String> = r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        (ids, r.body["pagination"].clone())
    };
    let mut forward = Vec::new();
    let (mut ids, mut pagination) = page("");
    loop {
        forward.extend(ids.clone());
        match pagination["after"].as_str() {
            Some(after) => (ids, pagination) = page(&format!("&after={after}")),
            None => break,
        }
    }
    let mut backward = Vec::new();
    let mut cursor = forward.last().cloned();
    while let Some(before) = cursor {
        let (ids, _) = page(&format!("&before={before}"));
        cursor = ids.first().cloned();
        backward.splice(0..0, ids);
    }
    backward.extend(forward.last().cloned());
    assert_eq!(
        backward, forward,
        "{filter}: before walks back what after walked"
    );
    forward
}

#[test]
fn wallet_vault_and_time_filters_page_through_each_side_exactly_once() {
    let server = Server::start();
    let c = server.client();
    let (va, vb, vc) = (c.vault("a"), c.vault("b"), c.vault("c"));
    let (a, b, other) = (
        wallet(&c, &va, "BTC"),
        wallet(&c, &vb, "BTC"),
        wallet(&c, &vc, "BTC"),
    );
    fund(&c, &a, "1");
    fund(&c, &other, "1");
    let started = c.get("/v1/transactions?limit=1").expect(200).body["data"][0]["createdAt"]
        .as_str()
        .unwrap()
        .to_string();
    for i in 0..3 {
        transfer(&c, &a, &b, "0.01", &format!("ab{i}")).expect(201);
        transfer(&c, &b, &a, "0.001", &format!("ba{i}")).expect(201);
        transfer(&c, &other, &b, "0.01", &format!("ob{i}")).expect(201);
    }
    let all = walk_both_ways(&c, "assetId=BTC");
    let involving = |w: &str| -> Vec<String> {
        all.iter()
            .filter(|id| {
                let t = c.get(&format!("/v1/transactions/{id}")).expect(200).body;
                t["sourceWalletId"] == w || t["destinationWalletId"] == w
            })
            .cloned()
            .collect()
    };
    let of_a = walk_both_ways(&c, &format!("walletId={a}"));
    assert_eq!(of_a, involving(&a));
    assert_eq!(of_a.len(), 7, "its deposit, three out, three in");
    assert_eq!(walk_both_ways(&c, &format!("vaultId={vb}")), involving(&b));
    // Wallet and vault together: the wallet's index walks, the vault filters.
    assert_eq!(
        walk_both_ways(&c, &format!("walletId={b}&vaultId={va}")).len(),
        6
    );
    assert_eq!(
        walk_both_ways(&c, &format!("walletId={a}&kind=Deposit")).len(),
        1
    );
    // Time filters: the deposit to `other` and what came after.
    let from = walk_both_ways(&c, &format!("createdFrom={started}"));
    assert_eq!(from.len(), 10, "{from:?}");
    let to = walk_both_ways(&c, &format!("createdTo={started}"));
    assert_eq!(to.len() + from.len(), all.len());
    // A vault is all of its wallets: a second wallet in `va` joins its walk,
    // newest first across both; a vault with no wallet lists nothing.
    let a_eth = wallet(&c, &va, "ETH");
    fund(&c, &a_eth, "1");
    let eth = walk_both_ways(&c, &format!("walletId={a_eth}"));
    assert_eq!(eth.len(), 1);
    let of_va = walk_both_ways(&c, &format!("vaultId={va}"));
    assert_eq!(of_va[0], eth[0], "{of_va:?}");
    assert_eq!(of_va[1..], of_a[..], "{of_va:?}");
    let empty = c.vault("empty");
    let none = c
        .get(&format!("/v1/transactions?vaultId={empty}"))
        .expect(200);
    assert_eq!(none.body["data"], json!([]));
}
