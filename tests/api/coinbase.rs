//! The Coinbase Custody v1 compatible API (docs/api.md, "Coinbase-compatible API") through the real
//! binary: every endpoint, its shapes against the seed's examples, pagination,
//! exact amounts, authentication and tenant isolation.

use crate::ledger::{fund, mine, wait_for, wait_status, wallet, BTC_DESTINATION};
use crate::support::{
    agent, clients_of, coffer_json, raw, HeaderClient, LoggedServe, Resp, Server, TempDir,
};
use serde_json::{json, Value};
use std::collections::HashSet;

// ---------------------------------------------------------------------------
// The seed's examples, verbatim: every answer is checked key by key against them.

fn seed_currency() -> Value {
    json!({"name": "Bitcoin", "decimals": 8, "symbol": "BTC"})
}

fn seed_address() -> Value {
    json!({
        "address": "fake_btc_cold_address",
        "state": "cold",
        "balance": 0,
        "blockchain_link": "https://live.blockcypher.com/btc/address/fake_btc_cold_address",
        "created_at": "2020-07-22T18:55:23.581Z",
        "updated_at": "2020-07-22T18:55:23.581Z",
        "currency": "BTC",
        "balance_whole_units": "0.0"
    })
}

fn seed_withdrawal() -> Value {
    json!({
        "id": "86f54dcc-63d9-4275-8955-8ef69b6b197e",
        "type": "withdrawal",
        "state": "done",
        "amount": -100,
        "destination": null,
        "created_at": "2020-07-22T17:45:39.723Z",
        "updated_at": "2020-07-22T18:55:40.015Z",
        "wallet_id": "22ce4248-b57c-4bc7-bacf-4494b0251196",
        "amount_whole_units": "-0.000001",
        "currency": "BTC",
        "fee": 10,
        "hashes": ["8ee454cd21a6599f70599fc3199089b1"],
        "source": null
    })
}

fn seed_deposit() -> Value {
    json!({
        "id": "9ea39fe5-eea0-4b09-ac98-4fff3f72a6ed",
        "type": "deposit",
        "state": "imported",
        "amount": 2000,
        "destination": null,
        "created_at": "2020-07-20T18:55:54.614Z",
        "updated_at": "2020-07-22T18:55:54.646Z",
        "wallet_id": "40178291-bfa5-438f-a9b2-294a2e54c839",
        "amount_whole_units": "0.00002",
        "currency": "BTC",
        "fee": 0,
        "hashes": ["943055a33dc4f3cb4831840bc3bde5c4", "9cffff05db2e16f45acd4659506142df"],
        "source": null
    })
}

fn seed_create_transaction() -> Value {
    json!({
        "destination": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "activity_id": "4bc6d4aa-0988-428a-95f6-f6dad01c2d89",
        "currency": "BTC",
        "approval_url": "http://custody.coinbase.com/activity/4bc6d4aa-0988-428a-95f6-f6dad01c2d89",
        "whole_amount": "0.001",
        "fee": "0.0000817",
        "source": "14J9RE7ieGf2ysmtHCEwjEnVSrundEqvLP"
    })
}

fn seed_user() -> Value {
    json!({
        "id": "6a8b6f98-08d2-4323-b84c-6b0a7b8c5462",
        "name": "test1",
        "state": "active",
        "email": "[email protected]",
        "created_at": "2020-07-22T18:56:04.975Z",
        "updated_at": "2020-07-22T18:56:04.975Z",
        "role": "auditor"
    })
}

fn seed_wallet() -> Value {
    json!({
        "id": "366f4746-2d0a-40e4-a052-24109fe98e82",
        "name": "test",
        "created_at": "2020-07-22T18:56:12.107Z",
        "updated_at": "2020-07-22T18:56:12.107Z",
        "balance": "0",
        "balance_whole_units": "0.0",
        "withdrawable_balance": "0",
        "withdrawable_balance_whole_units": "0.0",
        "unvested_balance": "0",
        "unvested_balance_whole_units": "0.0",
        "cold_address": "fake_btc_cold_address",
        "currency": "BTC"
    })
}

fn seed_create_wallet() -> Value {
    json!({
        "activity_id": "5f541f4b-92a1-4817-ab8a-c47a8a6a5e72",
        "currency": "BTC",
        "approval_url": "http://custody.coinbase.com/activity/5f541f4b-92a1-4817-ab8a-c47a8a6a5e72",
        "name": "My BTC Wallet"
    })
}

fn seed_address_book_entry_with_tag() -> Value {
    json!({
        "id": "24592c96-933a-4b74-8bc5-c0559e9cb7fc",
        "address": "xlm_address_1",
        "name": "My Custom XLM Address",
        "created_at": "2020-07-22T18:56:16.465Z",
        "updated_at": "2020-07-22T18:56:16.465Z",
        "currency": "XLM",
        "account_identifier": "123"
    })
}

fn seed_address_book_entry() -> Value {
    json!({
        "id": "0b8c4494-6b81-480d-8345-ed9bb56fa495",
        "address": "btc_address_1",
        "name": "Coinbase Pro BTC",
        "created_at": "2020-07-22T18:56:16.449Z",
        "updated_at": "2020-07-22T18:56:16.449Z",
        "currency": "BTC"
    })
}

fn seed_create_address_book_entry() -> Value {
    json!({
        "activity_id": "20a78101-4723-41bc-b4f6-281a61d32888",
        "account_identifier": "2423354331",
        "currency": "XRP",
        "approval_url": "http://custody.coinbase.com/activity/20a78101-4723-41bc-b4f6-281a61d32888",
        "name": "Coinbase Pro XRP"
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n)
            if n.to_string()
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-') =>
        {
            "integer"
        }
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The same keys in the same order as the seed's example, each of the same
/// JSON type; `nullable` keys may be null on either side (the seed shows null
/// where Coffer knows a value, or a value Coffer does not have).
#[track_caller]
fn assert_shape(actual: &Value, example: &Value, nullable: &[&str]) {
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .unwrap_or_else(|| panic!("not an object: {v}"))
            .keys()
            .cloned()
            .collect()
    };
    assert_eq!(keys(actual), keys(example), "keys of {actual}");
    for (key, want) in example.as_object().unwrap() {
        let got = &actual[key];
        let null_ok = nullable.contains(&key.as_str()) && (got.is_null() || want.is_null());
        assert!(
            null_ok || kind(got) == kind(want),
            "{key}: {} where the seed has {} ({actual})",
            kind(got),
            kind(want)
        );
    }
}

/// Seed 001's error family: `{"message", "code"}`.
#[track_caller]
fn refused(r: Resp, status: u16, code: &str) -> Resp {
    let r = r.expect(status);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["message", "code"], "{}", r.text);
    assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert_eq!(r.body["code"], code, "{}", r.text);
    r
}

/// A 400 in the Coinbase-compatible API's (docs/api.md) family whose message names `field`.
#[track_caller]
fn names_field(r: Resp, field: &str) {
    let r = r.expect(400);
    let keys: Vec<&String> = r.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["message", "code"], "{}", r.text);
    let message = r.body["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("{field}:")), "{message}");
}

/// Every raw number token that follows `"key":` in a JSON text, exactly as
/// written: big amounts are read without ever becoming a float.
fn raw_numbers(text: &str, key: &str) -> Vec<String> {
    let pattern = format!("\"{key}\":");
    text.match_indices(&pattern)
        .map(|(at, _)| {
            text[at + pattern.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit() || "-+.eE".contains(*c))
                .collect()
        })
        .collect()
}

fn data(r: &Resp) -> Vec<Value> {
    r.body["data"].as_array().unwrap().clone()
}

fn ids(r: &Resp, key: &str) -> Vec<String> {
    data(r)
        .iter()
        .map(|v| v[key].as_str().unwrap().to_string())
        .collect()
}

/// Walks a list from its first page to its end with the `CB-AFTER` header,
/// checking each page's cursors; returns the `key` of every item in order.
fn walk(cb: &HeaderClient, path: &str, limit: usize, key: &str) -> Vec<String> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut url = format!("{path}{sep}limit={limit}");
    let mut all = Vec::new();
    for _ in 0..100 {
        let r = cb.get(&url).expect(200);
        let page = ids(&r, key);
        assert!(page.len() <= limit);
        assert_eq!(
            r.header("cb-after"),
            r.body["pagination"]["after"].as_str(),
            "CB-AFTER and pagination.after agree"
        );
        assert_eq!(
            r.header("cb-before"),
            r.body["pagination"]["before"].as_str()
        );
        all.extend(page.clone());
        match r.header("cb-after") {
            Some(after) => {
                // Currencies' cursors are the lower-case symbols.
                let last = page.last().map(|k| k.to_ascii_lowercase());
                assert_eq!(Some(after.to_ascii_lowercase()), last);
                url = format!("{path}{sep}limit={limit}&after={after}");
            }
            None => return all,
        }
    }
    panic!("the walk of {path} never ended");
}

// ---------------------------------------------------------------------------

#[test]
fn currencies_list_page_and_fetch() {
    let server = Server::start();
    let cb = server.coinbase();
    let r = cb.get("/api/v1/currencies").expect(200);
    for c in data(&r) {
        assert_shape(&c, &seed_currency(), &[]);
    }
    assert_eq!(data(&r)[0], seed_currency(), "Bitcoin as in the seed");
    assert_eq!(ids(&r, "symbol"), ["BTC", "ETH", "USDC", "USDT"]);
    assert_eq!(data(&r)[1]["decimals"], 18);
    assert_eq!(r.header("x-ratelimit-limit"), Some("100000"));

    // Cursors are lower-case symbols, as in the seed; both cases are accepted.
    let page = cb.get("/api/v1/currencies?limit=2").expect(200);
    assert_eq!(page.header("cb-after"), Some("eth"));
    assert_eq!(
        page.body["pagination"],
        json!({"before": null, "after": "eth"})
    );
    let next = cb.get("/api/v1/currencies?limit=2&after=ETH").expect(200);
    assert_eq!(ids(&next, "symbol"), ["USDC", "USDT"]);
    assert_eq!(next.header("cb-before"), Some("usdc"));
    let back = cb
        .get("/api/v1/currencies?limit=10&before=usdc")
        .expect(200);
    assert_eq!(ids(&back, "symbol"), ["BTC", "ETH"]);
    assert_eq!(walk(&cb, "/api/v1/currencies", 1, "symbol").len(), 4);

    let only = cb.get("/api/v1/currencies?symbol=usdc").expect(200);
    assert_eq!(ids(&only, "symbol"), ["USDC"]);
    assert_eq!(
        cb.get("/api/v1/currencies/btc").expect(200).body,
        seed_currency()
    );
    assert_eq!(
        cb.get("/api/v1/currencies/BTC").expect(200).body,
        seed_currency()
    );
    refused(cb.get("/api/v1/currencies/XRP"), 404, "not_found");
    names_field(cb.get("/api/v1/currencies?limit=101"), "limit");
    names_field(cb.get("/api/v1/currencies?limit=0"), "limit");
    names_field(cb.get("/api/v1/currencies?after=doge"), "after");
    names_field(cb.get("/api/v1/currencies?colour=red"), "colour");
    refused(
        cb.send("DELETE", "/api/v1/currencies", b"", &[]),
        405,
        "method_not_allowed",
    );
    refused(cb.get("/api/v1/nothing"), 404, "not_found");
}

#[test]
fn wallets_are_created_into_a_default_vault_and_listed_with_every_other() {
    let server = Server::start();
    let cb = server.coinbase();
    let native = server.client();
    let created = cb
        .post(
            "/api/v1/wallets",
            &json!({"currency": "btc", "name": "My BTC Wallet"}),
        )
        .expect(200);
    assert_shape(&created.body, &seed_create_wallet(), &[]);
    assert_eq!(created.body["currency"], "BTC");
    assert_eq!(created.body["name"], "My BTC Wallet");
    let activity = created.body["activity_id"].as_str().unwrap();
    assert_eq!(
        created.body["approval_url"],
        format!("{}/console/activities/{activity}", server.base)
    );

    let list = cb.get("/api/v1/wallets").expect(200);
    let mine = data(&list)[0].clone();
    assert_shape(&mine, &seed_wallet(), &[]);
    assert_eq!(mine["name"], "My BTC Wallet");
    assert_eq!(mine["balance"], "0");
    assert_eq!(mine["balance_whole_units"], "0.0");
    assert_eq!(mine["withdrawable_balance_whole_units"], "0.0");
    assert_eq!(mine["unvested_balance"], "0");
    assert_eq!(mine["currency"], "BTC");
    let id = mine["id"].as_str().unwrap();
    assert_eq!(
        cb.get(&format!("/api/v1/wallets/{id}")).expect(200).body,
        mine
    );

    // The same wallet natively, in the default vault; its cold address is its
    // deposit address.
    let n = native.get(&format!("/v1/wallets/{id}")).expect(200).body;
    assert_eq!(n["label"], "My BTC Wallet");
    assert_eq!(mine["cold_address"], n["depositAddress"]);
    assert!(mine["cold_address"].as_str().unwrap().starts_with("bcrt1"));
    let vault = n["vaultId"].as_str().unwrap();
    assert_eq!(
        native.get(&format!("/v1/vaults/{vault}")).expect(200).body["name"],
        "Default"
    );
    let eth = cb
        .post(
            "/api/v1/wallets",
            &json!({"currency": "ETH", "name": "Ether"}),
        )
        .expect(200);
    let eth_id = cb.get("/api/v1/wallets?currency=eth").expect(200).body["data"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        native
            .get(&format!("/v1/wallets/{eth_id}"))
            .expect(200)
            .body["vaultId"],
        vault,
        "one default vault"
    );
    assert_ne!(eth.body["activity_id"], created.body["activity_id"]);

    // One wallet per currency in the default vault; other vaults' wallets are listed too.
    refused(
        cb.post(
            "/api/v1/wallets",
            &json!({"currency": "BTC", "name": "again"}),
        ),
        409,
        "wallet_exists",
    );
    let elsewhere = wallet(&native, &native.vault("alice"), "BTC");
    let all = walk(&cb, "/api/v1/wallets", 1, "id");
    assert_eq!(all, [elsewhere.as_str(), eth_id.as_str(), id]);
    let btc = cb.get("/api/v1/wallets?currency=BTC").expect(200);
    assert_eq!(ids(&btc, "id"), [elsewhere.as_str(), id]);
    let unnamed = cb.get(&format!("/api/v1/wallets/{elsewhere}")).expect(200);
    assert_eq!(unnamed.body["name"], "Bitcoin", "a wallet without a label");

    names_field(
        cb.post("/api/v1/wallets", &json!({"currency": "DOGE", "name": "x"})),
        "currency",
    );
    names_field(
        cb.post("/api/v1/wallets", &json!({"currency": "BTC"})),
        "name",
    );
    names_field(cb.get("/api/v1/wallets?currency=DOGE"), "currency");
    refused(cb.get("/api/v1/wallets/nope"), 404, "not_found");

    // The activity exists, approved at once (no approval policy yet).
    let row: (String, String, String, String, String, String, String) = server.db()
        .query_row(
            "SELECT action, status, initiator_type, initiator_id, initiator_name, object_type, object_id
             FROM activities WHERE id = ?1",
            [activity],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "wallet_create".into(),
            "Approved".into(),
            "ApiKey".into(),
            server.creds.key_id.clone(),
            "first test key".into(),
            "wallet".into(),
            id.to_string()
        )
    );
    // And it is visible through the native API, in docs/api.md, "Consensus"'s shape.
    let seen = native
        .get(&format!("/v1/activities/{activity}"))
        .expect(200)
        .body;
    assert_eq!(seen["action"], "wallet_create");
    assert_eq!(seen["status"], "Approved");
    assert_eq!(seen["objectType"], "wallet");
    assert_eq!(seen["objectId"], id);
    assert_eq!(
        seen["initiator"],
        json!({"type": "ApiKey", "id": server.creds.key_id, "name": "first test key"})
    );
    assert_eq!(seen["approvals"], json!([]));
    let listed = native
        .get("/v1/activities?action=wallet_create")
        .expect(200)
        .body;
    assert_eq!(
        listed["data"].as_array().unwrap().len(),
        2,
        "the BTC and ETH requests"
    );
    assert_eq!(listed["data"][1]["id"], activity);
    native.get("/v1/activities?status=Waiting").expect(400);
    let tenant = server.new_tenant("other");
    let stranger = server.new_key("stranger", &["--roles", "admin", "--tenant", &tenant]);
    stranger
        .get(&format!("/v1/activities/{activity}"))
        .expect(404);
}

#[test]
fn approval_urls_use_the_configured_public_url() {
    let server = Server::start_with(&[("COFFER_PUBLIC_URL", "https://custody.example.com")]);
    let created = server
        .coinbase()
        .post("/api/v1/wallets", &json!({"currency": "ETH", "name": "E"}))
        .expect(200);
    let activity = created.body["activity_id"].as_str().unwrap();
    assert_eq!(
        created.body["approval_url"],
        format!("https://custody.example.com/console/activities/{activity}")
    );
}

#[test]
fn approval_urls_never_come_from_the_host_header() {
    let server = Server::start();
    let body = json!({"currency": "ETH", "name": "E"}).to_string();
    let created = server
        .coinbase()
        .send(
            "POST",
            "/api/v1/wallets",
            body.as_bytes(),
            &[("Host", "evil.example")],
        )
        .expect(200);
    let activity = created.body["activity_id"].as_str().unwrap();
    assert_eq!(
        created.body["approval_url"],
        format!("{}/console/activities/{activity}", server.base)
    );
}

#[test]
fn a_deposit_reads_the_same_in_both_apis_and_big_amounts_stay_exact() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let w = wallet(&native, &native.vault("whale"), "ETH");
    // 10^12 ETH = 10^30 wei, far past 2^53 and i64.
    let d = native
        .post(
            "/v1/sandbox/deposits",
            &json!({"walletId": w, "amount": "1000000000000"}),
        )
        .expect(201);
    let id = d.body["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/transactions/{id}");

    let confirming = cb.get(&path).expect(200);
    assert_shape(
        &confirming.body,
        &seed_deposit(),
        &["destination", "source"],
    );
    assert_eq!(confirming.body["type"], "deposit");
    assert_eq!(confirming.body["state"], "planned", "still confirming");
    assert_eq!(
        raw_numbers(&confirming.text, "amount"),
        ["1000000000000000000000000000000"]
    );
    assert_eq!(confirming.body["amount_whole_units"], "1000000000000.0");

    mine(&native, d.body["requiredConfirmations"].as_u64().unwrap());
    let n = wait_status(&native, &id, "Completed");
    let done = cb.get(&path).expect(200);
    assert_shape(&done.body, &seed_deposit(), &["destination", "source"]);
    assert_eq!(done.body["state"], "imported");
    assert_eq!(done.body["wallet_id"], w.as_str());
    assert_eq!(done.body["currency"], "ETH");
    assert_eq!(done.body["hashes"], json!([n["txHash"]]));
    assert_eq!(done.body["destination"], n["destinationAddress"]);
    assert_eq!(done.body["source"], n["sourceAddress"]);
    assert_eq!(done.body["created_at"], n["createdAt"]);
    assert_eq!(done.body["updated_at"], n["updatedAt"]);
    assert_eq!(
        raw_numbers(&done.text, "amount"),
        ["1000000000000000000000000000000"]
    );
    assert_eq!(raw_numbers(&done.text, "fee"), ["0"]);
    assert_eq!(n["amount"], "1000000000000");

    let listed = cb.get("/api/v1/transactions").expect(200);
    assert_eq!(data(&listed), std::slice::from_ref(&done.body));
    assert_eq!(
        raw_numbers(&listed.text, "amount"),
        ["1000000000000000000000000000000"]
    );

    let wallet_view = cb.get(&format!("/api/v1/wallets/{w}")).expect(200);
    assert_eq!(
        wallet_view.body["balance"],
        "1000000000000000000000000000000"
    );
    assert_eq!(wallet_view.body["balance_whole_units"], "1000000000000.0");
    assert_eq!(
        wallet_view.body["withdrawable_balance"],
        "1000000000000000000000000000000"
    );
    let address = wallet_view.body["cold_address"].as_str().unwrap();
    let a = cb.get(&format!("/api/v1/addresses/{address}")).expect(200);
    // blockchain_link is a string in the seed and never null.
    assert_shape(&a.body, &seed_address(), &[]);
    assert_eq!(
        raw_numbers(&a.text, "balance"),
        ["1000000000000000000000000000000"]
    );
    assert_eq!(a.body["balance_whole_units"], "1000000000000.0");
    assert_eq!(a.body["state"], "cold");
    assert_eq!(a.body["currency"], "ETH");
    assert_eq!(
        a.body["blockchain_link"],
        format!("https://sandbox.invalid/ethereum/address/{address}"),
        "the sandbox's configurable explorer template"
    );
}

#[test]
fn withdrawals_go_through_the_address_book_and_carry_their_activity() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let w = wallet(&native, &native.vault("payer"), "BTC");
    fund(&native, &w, "1");
    let entry = cb
        .post(
            "/api/v1/address_book",
            &json!({"currency": "BTC", "name": "Cold storage", "address": BTC_DESTINATION}),
        )
        .expect(200);
    assert_eq!(entry.body["currency"], "BTC");
    assert!(entry.body.get("account_identifier").is_none());

    let body = json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "0.001"});
    let created = cb.post("/api/v1/transactions", &body).expect(200);
    assert_shape(&created.body, &seed_create_transaction(), &[]);
    let wallet_view = native.get(&format!("/v1/wallets/{w}")).expect(200).body;
    assert_eq!(created.body["destination"], BTC_DESTINATION);
    assert_eq!(created.body["source"], wallet_view["depositAddress"]);
    assert_eq!(created.body["currency"], "BTC");
    assert_eq!(created.body["whole_amount"], "0.001");
    assert_eq!(created.body["fee"], "0.0001");
    let activity = created.body["activity_id"].as_str().unwrap();
    assert!(created.body["approval_url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/console/activities/{activity}")));

    // The same withdrawal natively, carrying its activity, and its way to done.
    let listed = cb.get("/api/v1/transactions?type=withdrawal").expect(200);
    let t = data(&listed)[0].clone();
    let id = t["id"].as_str().unwrap();
    let n = native
        .get(&format!("/v1/transactions/{id}"))
        .expect(200)
        .body;
    assert_eq!(n["activityId"], activity);
    assert_eq!(n["kind"], "Withdrawal");
    let n = wait_for("the withdrawal to broadcast", || {
        let n = native
            .get(&format!("/v1/transactions/{id}"))
            .expect(200)
            .body;
        (n["status"] == "Confirming").then_some(n)
    });
    assert_eq!(
        cb.get(&format!("/api/v1/transactions/{id}"))
            .expect(200)
            .body["state"],
        "planned"
    );
    mine(&native, n["requiredConfirmations"].as_u64().unwrap());
    wait_status(&native, id, "Completed");
    let done = cb.get(&format!("/api/v1/transactions/{id}")).expect(200);
    assert_shape(&done.body, &seed_withdrawal(), &["destination", "source"]);
    assert_eq!(done.body["state"], "done");
    assert_eq!(done.body["wallet_id"], w.as_str());
    assert_eq!(raw_numbers(&done.text, "amount"), ["-100000"]);
    assert_eq!(raw_numbers(&done.text, "fee"), ["10000"]);
    assert_eq!(done.body["amount_whole_units"], "-0.001");
    assert_eq!(done.body["destination"], BTC_DESTINATION);
    assert_eq!(done.body["hashes"].as_array().unwrap().len(), 1);
    let b = cb.get(&format!("/api/v1/wallets/{w}")).expect(200).body;
    assert_eq!(b["balance"], "99890000", "1 BTC - 0.001 - fee 0.0001");

    // Filters by state and type, as the seed enumerates them.
    let done_list = cb.get("/api/v1/transactions?state=done").expect(200);
    assert_eq!(ids(&done_list, "id"), [id]);
    let imported = cb.get("/api/v1/transactions?state=imported").expect(200);
    assert_eq!(data(&imported).len(), 1);
    assert_eq!(data(&imported)[0]["type"], "deposit");
    assert_eq!(
        data(
            &cb.get("/api/v1/transactions?type=deposit&state=done")
                .expect(200)
        ),
        Vec::<Value>::new()
    );
    assert_eq!(
        data(&cb.get("/api/v1/transactions?type=reward").expect(200)),
        Vec::<Value>::new()
    );
    assert_eq!(
        ids(
            &cb.get(&format!("/api/v1/transactions?human_id={id}"))
                .expect(200),
            "id"
        ),
        [id]
    );
    assert_eq!(
        data(&cb.get("/api/v1/transactions?currency=eth").expect(200)),
        Vec::<Value>::new()
    );
    names_field(cb.get("/api/v1/transactions?state=finished"), "state");
    names_field(cb.get("/api/v1/transactions?type=transfer"), "type");
    names_field(
        cb.get("/api/v1/transactions?start_time=yesterday"),
        "start_time",
    );
    names_field(cb.get("/api/v1/transactions?wallet_id=nope"), "wallet_id");
    let later = cb
        .get("/api/v1/transactions?start_time=2999-01-01T00:00:00Z")
        .expect(200);
    assert_eq!(data(&later), Vec::<Value>::new());
    let earlier = cb
        .get("/api/v1/transactions?end_time=2000-01-01T00:00:00Z")
        .expect(200);
    assert_eq!(data(&earlier), Vec::<Value>::new());

    // Refusals name the seed's fields.
    let stranger = wallet(&native, &native.vault("stranger"), "BTC");
    let unlisted = native
        .get(&format!("/v1/wallets/{stranger}"))
        .expect(200)
        .body["depositAddress"]
        .clone();
    let other = json!({"source": w, "destination": unlisted, "whole_amount": "0.001"});
    refused(
        cb.post("/api/v1/transactions", &other),
        422,
        "address_not_in_address_book",
    );
    names_field(
        cb.post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "0.000000001"}),
        ),
        "whole_amount",
    );
    names_field(
        cb.post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "1", "currency": "USD"}),
        ),
        "currency",
    );
    names_field(
        cb.post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION}),
        ),
        "whole_amount",
    );
    refused(
        cb.post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "5"}),
        ),
        422,
        "insufficient_funds",
    );
    refused(
        cb.post(
            "/api/v1/transactions",
            &json!({"source": "nope", "destination": BTC_DESTINATION, "whole_amount": "1"}),
        ),
        404,
        "not_found",
    );
    // The wallet's own currency may be repeated.
    cb.post(
        "/api/v1/transactions",
        &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "0.001", "currency": "btc"}),
    )
    .expect(200);
}

#[test]
fn a_transfer_is_a_withdrawal_of_its_source_and_a_deposit_of_its_destination() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let a = wallet(&native, &native.vault("a"), "BTC");
    let b = wallet(&native, &native.vault("b"), "BTC");
    fund(&native, &a, "1");
    let t = crate::ledger::transfer(&native, &a, &b, "0.3", "t1").expect(201);
    let id = t.body["id"].as_str().unwrap();

    let org = cb.get(&format!("/api/v1/transactions/{id}")).expect(200);
    assert_eq!(org.body["type"], "withdrawal");
    assert_eq!(org.body["state"], "done");
    assert_eq!(org.body["wallet_id"], a.as_str());
    assert_eq!(raw_numbers(&org.text, "amount"), ["-30000000"]);
    assert_eq!(org.body["hashes"], json!([]), "no chain transaction");
    let all = cb.get("/api/v1/transactions").expect(200);
    assert_eq!(
        data(&all).len(),
        2,
        "the transfer once, and the funding deposit"
    );

    let in_b = cb
        .get(&format!("/api/v1/transactions?wallet_id={b}"))
        .expect(200);
    assert_eq!(data(&in_b).len(), 1);
    let leg = &data(&in_b)[0];
    assert_eq!(leg["id"], id);
    assert_eq!(leg["type"], "deposit");
    assert_eq!(leg["state"], "imported");
    assert_eq!(leg["wallet_id"], b.as_str());
    assert_eq!(raw_numbers(&in_b.text, "amount"), ["30000000"]);
    assert_eq!(raw_numbers(&in_b.text, "fee"), ["0"]);
    let b_deposits = cb
        .get(&format!(
            "/api/v1/transactions?wallet_id={b}&type=deposit&state=imported"
        ))
        .expect(200);
    assert_eq!(ids(&b_deposits, "id"), [id]);
    assert_eq!(
        data(
            &cb.get(&format!(
                "/api/v1/transactions?wallet_id={b}&type=withdrawal"
            ))
            .expect(200)
        ),
        Vec::<Value>::new()
    );
    let a_deposits = cb
        .get(&format!("/api/v1/transactions?wallet_id={a}&type=deposit"))
        .expect(200);
    assert_eq!(data(&a_deposits).len(), 1);
    assert_ne!(data(&a_deposits)[0]["id"], id);

    // Each wallet's settled history adds up to its balance.
    for w in [&a, &b] {
        let history = cb
            .get(&format!("/api/v1/transactions?wallet_id={w}"))
            .expect(200);
        let sum: i128 = raw_numbers(&history.text, "amount")
            .iter()
            .map(|n| n.parse::<i128>().unwrap())
            .sum();
        let balance = cb.get(&format!("/api/v1/wallets/{w}")).expect(200).body["balance"]
            .as_str()
            .unwrap()
            .parse::<i128>()
            .unwrap();
        assert_eq!(sum, balance, "wallet {w}");
    }
}

#[test]
fn lists_page_with_cursor_headers_to_the_end_and_back() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let btc = wallet(&native, &native.vault("v"), "BTC");
    let mut made = Vec::new();
    for i in 1..=7 {
        let d = native
            .post(
                "/v1/sandbox/deposits",
                &json!({"walletId": btc, "amount": format!("0.{i}")}),
            )
            .expect(201);
        made.push(d.body["id"].as_str().unwrap().to_string());
    }
    made.reverse();
    let walked = walk(&cb, "/api/v1/transactions", 3, "id");
    assert_eq!(walked, made, "every deposit once, newest first");
    let unique: HashSet<&String> = walked.iter().collect();
    assert_eq!(unique.len(), 7);
    // Back from the last page with `before`.
    let last = cb
        .get(&format!("/api/v1/transactions?limit=3&after={}", made[5]))
        .expect(200);
    assert_eq!(ids(&last, "id"), [made[6].as_str()]);
    assert_eq!(last.header("cb-after"), None);
    assert_eq!(last.body["pagination"]["after"], Value::Null);
    let back = cb
        .get(&format!("/api/v1/transactions?limit=3&before={}", made[6]))
        .expect(200);
    assert_eq!(ids(&back, "id"), made[3..6].to_vec());
    assert_eq!(back.header("cb-before"), Some(made[3].as_str()));
    names_field(cb.get("/api/v1/transactions?after=nope"), "after");

    // Addresses page by address; a wallet's extra addresses hold no balance.
    let eth = wallet(&native, &native.vault("w"), "ETH");
    let extra = native
        .post(&format!("/v1/wallets/{btc}/addresses"), &json!({}))
        .expect(201)
        .body["address"]
        .as_str()
        .unwrap()
        .to_string();
    let addresses = walk(&cb, "/api/v1/addresses", 2, "address");
    assert_eq!(addresses.len(), 3);
    assert_eq!(addresses[0], extra, "newest first");
    let all = cb.get("/api/v1/addresses").expect(200);
    for a in data(&all) {
        assert_shape(&a, &seed_address(), &[]);
    }
    let page = cb.get("/api/v1/addresses?limit=1").expect(200);
    assert_eq!(page.header("cb-after"), Some(extra.as_str()));
    let extra_view = cb.get(&format!("/api/v1/addresses/{extra}")).expect(200);
    assert_eq!(extra_view.body["balance"], 0);
    assert_eq!(extra_view.body["currency"], "BTC");
    let mine_eth = cb
        .get(&format!("/api/v1/addresses?wallet_id={eth}"))
        .expect(200);
    assert_eq!(data(&mine_eth).len(), 1);
    assert_eq!(data(&mine_eth)[0]["currency"], "ETH");
    let btc_only = cb
        .get("/api/v1/addresses?currency=BTC&state=cold")
        .expect(200);
    assert_eq!(data(&btc_only).len(), 2);
    let restored = cb.get("/api/v1/addresses?state=restored").expect(200);
    assert_eq!(data(&restored), Vec::<Value>::new());
    names_field(cb.get("/api/v1/addresses?state=lukewarm"), "state");
    names_field(cb.get("/api/v1/addresses?after=nowhere"), "after");
    refused(cb.get("/api/v1/addresses/nowhere"), 404, "not_found");
}

#[test]
fn users_and_the_address_book_in_the_seeds_shapes() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let mut users = Vec::new();
    let live = server.live_client();
    for n in 1..=3 {
        let u = live
            .post(
                "/v1/users",
                &json!({"name": format!("test{n}"), "email": format!("test{n}@example.com"), "role": "auditor"}),
            )
            .expect(201)
            .body;
        users.push(u["id"].as_str().unwrap().to_string());
    }
    let list = cb.get("/api/v1/users").expect(200);
    for u in data(&list) {
        assert_shape(&u, &seed_user(), &[]);
    }
    assert_eq!(data(&list)[2]["name"], "test1");
    assert_eq!(data(&list)[2]["state"], "active");
    assert_eq!(data(&list)[2]["role"], "auditor");
    assert_eq!(data(&list)[2]["email"], "test1@example.com");
    users.reverse();
    assert_eq!(walk(&cb, "/api/v1/users", 2, "id"), users);
    live.patch(
        &format!("/v1/users/{}", users[0]),
        &json!({"status": "Disabled"}),
    )
    .expect(200);
    let one = cb.get(&format!("/api/v1/users/{}", users[0])).expect(200);
    assert_shape(&one.body, &seed_user(), &[]);
    assert_eq!(one.body["state"], "disabled");
    refused(cb.get("/api/v1/users/nope"), 404, "not_found");

    // The address book: with and without an account identifier.
    let other_btc = wallet(&native, &native.vault("x"), "BTC");
    let other_address = native
        .get(&format!("/v1/wallets/{other_btc}"))
        .expect(200)
        .body["depositAddress"]
        .as_str()
        .unwrap()
        .to_string();
    let plain = cb
        .post(
            "/api/v1/address_book",
            &json!({"curency": "BTC", "name": "Coinbase Pro BTC", "address": BTC_DESTINATION}),
        )
        .expect(200);
    assert_eq!(
        plain.body["currency"], "BTC",
        "the seed's misspelt field is understood"
    );
    let tagged = cb
        .post(
            "/api/v1/address_book",
            &json!({"currency": "btc", "name": "Exchange", "address": other_address, "account_identifier": "2423354331"}),
        )
        .expect(200);
    assert_shape(&tagged.body, &seed_create_address_book_entry(), &[]);
    assert_eq!(tagged.body["account_identifier"], "2423354331");
    assert_eq!(tagged.body["name"], "Exchange");
    let book = cb.get("/api/v1/address_book").expect(200);
    assert_shape(&data(&book)[0], &seed_address_book_entry_with_tag(), &[]);
    assert_shape(&data(&book)[1], &seed_address_book_entry(), &[]);
    assert_eq!(data(&book)[1]["address"], BTC_DESTINATION);
    assert_eq!(data(&book)[1]["name"], "Coinbase Pro BTC");
    // Natively the same entries.
    let native_book = native.get("/v1/address-book").expect(200);
    assert_eq!(native_book.body["data"][0]["id"], data(&book)[0]["id"]);
    assert_eq!(native_book.body["data"][0]["tag"], "2423354331");
    for (query, expected) in [
        ("currency=btc", 2),
        ("currency=ETH", 0),
        ("name=Exchange", 1),
        ("account_identifier=2423354331", 1),
        (&format!("address={BTC_DESTINATION}") as &str, 1),
    ] {
        let r = cb.get(&format!("/api/v1/address_book?{query}")).expect(200);
        assert_eq!(data(&r).len(), expected, "{query}");
    }
    refused(
        cb.post(
            "/api/v1/address_book",
            &json!({"currency": "BTC", "name": "again", "address": BTC_DESTINATION}),
        ),
        409,
        "address_exists",
    );
    refused(
        cb.post(
            "/api/v1/address_book",
            &json!({"currency": "BTC", "name": "bad", "address": "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"}),
        ),
        400,
        "invalid_address",
    );
    names_field(
        cb.post(
            "/api/v1/address_book",
            &json!({"currency": "BTC", "curency": "BTC", "name": "x", "address": BTC_DESTINATION}),
        ),
        "curency",
    );
    names_field(
        cb.post(
            "/api/v1/address_book",
            &json!({"name": "x", "address": BTC_DESTINATION}),
        ),
        "currency",
    );
    let activities: i64 = server.db()
        .query_row(
            "SELECT COUNT(*) FROM activities WHERE action = 'address_book_create' AND status = 'Approved'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(activities, 2);
}

#[test]
fn keys_authenticate_by_passphrase_and_read_only_keys_cannot_write() {
    let server = Server::start();
    let admin = server.super_admin();
    let cb = server.coinbase();
    let url = format!("{}/api/v1/wallets", server.base);

    refused(
        raw(&agent(), "GET", &url, &[], b""),
        401,
        "missing_credentials",
    );
    refused(
        HeaderClient::coinbase(&server.base, &server.creds.key_id, "wrong").get("/api/v1/wallets"),
        401,
        "invalid_passphrase",
    );
    refused(
        HeaderClient::coinbase(&server.base, &server.creds.key_id, &server.creds.secret)
            .get("/api/v1/wallets"),
        401,
        "invalid_passphrase",
    );
    refused(
        HeaderClient::coinbase(&server.base, "ck_test_nobody", &server.creds.passphrase)
            .get("/api/v1/wallets"),
        401,
        "invalid_api_key",
    );
    // Native headers are no Coinbase credentials.
    refused(
        server.client().get("/api/v1/wallets"),
        401,
        "missing_credentials",
    );
    cb.get("/api/v1/wallets").expect(200);

    let ro = admin.key(&json!({"name": "ro", "roles": ["admin"], "read_only": true}));
    let (_, ro) = clients_of(&server.base, &ro);
    ro.get("/api/v1/wallets").expect(200);
    ro.get("/api/v1/users").expect(200);
    for (path, body) in [
        ("/api/v1/wallets", json!({"currency": "BTC", "name": "x"})),
        (
            "/api/v1/transactions",
            json!({"source": "x", "destination": "y", "whole_amount": "1"}),
        ),
        (
            "/api/v1/address_book",
            json!({"currency": "BTC", "name": "x", "address": BTC_DESTINATION}),
        ),
    ] {
        let r = refused(ro.post(path, &body), 403, "missing_scope");
        assert!(
            r.body["message"].as_str().unwrap().contains("read-only"),
            "{}",
            r.text
        );
    }
    assert_eq!(
        data(&cb.get("/api/v1/wallets").expect(200)),
        Vec::<Value>::new()
    );

    let viewer = admin.key(&json!({"name": "viewer", "roles": ["viewer"]}));
    let (_, viewer) = clients_of(&server.base, &viewer);
    refused(
        viewer.post("/api/v1/wallets", &json!({"currency": "BTC", "name": "x"})),
        403,
        "missing_scope",
    );
    let fenced =
        admin.key(&json!({"name": "fenced", "roles": ["admin"], "ip_allowlist": ["10.0.0.0/8"]}));
    let (_, fenced) = clients_of(&server.base, &fenced);
    refused(fenced.get("/api/v1/wallets"), 403, "ip_not_allowed");

    // Revoked: the very next request fails.
    let doomed = admin.key(&json!({"name": "doomed", "roles": ["viewer"]}));
    let (_, doomed) = clients_of(&server.base, &doomed);
    doomed.get("/api/v1/currencies").expect(200);
    admin
        .post(
            "/api/apikey/revoke",
            &json!({"wallet_id": server.creds.tenant_id, "name": "doomed"}),
        )
        .expect(200);
    refused(doomed.get("/api/v1/currencies"), 401, "api_key_revoked");
}

#[test]
fn failed_passphrases_count_against_the_address() {
    let server = Server::start_with(&[("COFFER_LIMITS_FAILED_AUTH_PER_IP_PER_MINUTE", "3")]);
    let wrong = HeaderClient::coinbase(&server.base, &server.creds.key_id, "wrong");
    for _ in 0..3 {
        refused(wrong.get("/api/v1/currencies"), 401, "invalid_passphrase");
    }
    let limited = refused(wrong.get("/api/v1/currencies"), 429, "rate_limited");
    assert!(limited.header("retry-after").is_some());
    refused(
        server.coinbase().get("/api/v1/currencies"),
        429,
        "rate_limited",
    );
}

#[test]
fn a_subwallet_key_sees_nothing_of_the_base_tenant() {
    let server = Server::start();
    let native = server.client();
    let cb = server.coinbase();
    let w = wallet(&native, &native.vault("base"), "BTC");
    let deposit = fund(&native, &w, "0.5");
    let address = native.get(&format!("/v1/wallets/{w}")).expect(200).body["depositAddress"]
        .as_str()
        .unwrap()
        .to_string();
    let user = server
        .live_client()
        .post(
            "/v1/users",
            &json!({"name": "Base", "email": "base@example.com", "role": "admin"}),
        )
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    cb.post(
        "/api/v1/address_book",
        &json!({"currency": "BTC", "name": "base entry", "address": BTC_DESTINATION}),
    )
    .expect(200);

    let admin = server.super_admin();
    let (sub, _) = admin.subwallet("sub");
    let key = admin.key(&json!({"wallet_id": sub, "name": "sub key", "roles": ["admin"]}));
    let (_, outsider) = clients_of(&server.base, &key);
    for path in [
        format!("/api/v1/wallets/{w}"),
        format!("/api/v1/transactions/{}", deposit["id"].as_str().unwrap()),
        format!("/api/v1/users/{user}"),
        format!("/api/v1/addresses/{address}"),
    ] {
        refused(outsider.get(&path), 404, "not_found");
    }
    for path in [
        "/api/v1/wallets",
        "/api/v1/transactions",
        "/api/v1/users",
        "/api/v1/addresses",
        "/api/v1/address_book",
    ] {
        assert_eq!(
            data(&outsider.get(path).expect(200)),
            Vec::<Value>::new(),
            "{path}"
        );
    }
    names_field(
        outsider.get(&format!("/api/v1/addresses?after={address}")),
        "after",
    );
    refused(
        outsider.post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "0.1"}),
        ),
        404,
        "not_found",
    );
    // Its own wallet lands in its own default vault.
    outsider
        .post(
            "/api/v1/wallets",
            &json!({"currency": "BTC", "name": "sub btc"}),
        )
        .expect(200);
    assert_eq!(data(&outsider.get("/api/v1/wallets").expect(200)).len(), 1);
    assert_eq!(data(&cb.get("/api/v1/wallets").expect(200)).len(), 1);
}

/// Counts the argon2 verdicts a server logged for a key.
fn argon2_checks(log: &str, key_id: &str) -> (usize, usize) {
    let prefix = format!("argon2 check of a passphrase for key {key_id}: ");
    let matched = log.matches(&format!("{prefix}match")).count();
    let refused = log.matches(&format!("{prefix}no match")).count();
    (matched, refused)
}

#[test]
fn argon2_runs_once_per_key_and_passphrase_never_per_request() {
    let dir = TempDir::new("cb-argon2");
    let data_dir = dir.path().join("data");
    let init = coffer_json(&["init", "--json", "--data-dir", data_dir.to_str().unwrap()]);
    let key_id = init["apiKey"]["keyId"].as_str().unwrap();
    let passphrase = init["apiKey"]["passphrase"].as_str().unwrap();
    let token = init["superAdminToken"].as_str().unwrap();
    let server = LoggedServe::start(&data_dir);
    let cb = HeaderClient::coinbase(&server.base, key_id, passphrase);
    for _ in 0..25 {
        cb.get("/api/v1/currencies").expect(200);
    }
    let wrong = HeaderClient::coinbase(&server.base, key_id, "not the passphrase");
    for _ in 0..10 {
        wrong.get("/api/v1/currencies").expect(401);
    }
    HeaderClient::coinbase(&server.base, key_id, "another guess")
        .get("/api/v1/currencies")
        .expect(401);
    // The right passphrase still works after wrong ones.
    cb.get("/api/v1/wallets").expect(200);

    // Concurrent first requests of a new key share one check.
    let fresh = crate::support::HeaderClient::admin(&server.base, token)
        .key(&json!({"name": "fresh", "roles": ["viewer"]}));
    let fresh_id = fresh["key_id"].as_str().unwrap().to_string();
    let (_, fresh_cb) = clients_of(&server.base, &fresh);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let c = fresh_cb.clone();
            std::thread::spawn(move || c.get("/api/v1/currencies").status)
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
    let fresh_passphrase = fresh["passphrase"].as_str().unwrap().to_string();

    let (stdout, stderr) = server.stop();
    assert_eq!(argon2_checks(&stderr, key_id), (1, 2), "{stderr}");
    assert_eq!(argon2_checks(&stderr, &fresh_id), (1, 0));
    for secret in [passphrase, fresh_passphrase.as_str(), "not the passphrase"] {
        assert!(!stderr.contains(secret), "the log holds a passphrase");
        assert!(!stdout.contains(secret), "stdout holds a passphrase");
    }
}

#[test]
fn coinbase_writes_accept_an_idempotency_key() {
    let server = Server::start();
    let cb = server.coinbase();
    let body = json!({"currency": "BTC", "name": "once"}).to_string();
    let send = || {
        cb.send(
            "POST",
            "/api/v1/wallets",
            body.as_bytes(),
            &[("Idempotency-Key", "cb-wallet-1")],
        )
    };
    let first = send().expect(200);
    let again = send().expect(200);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(data(&cb.get("/api/v1/wallets").expect(200)).len(), 1);
}
