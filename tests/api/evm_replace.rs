//! Stuck and dropped live withdrawals against anvil (mining paused): a
//! transaction the node dropped gets a replacement request with the same
//! nonce and higher fees; whichever of the two the chain mines settles the
//! withdrawal, the other is cancelled, and the customer is paid once. The
//! same holds across `kill -9` between signature and confirmation.

use crate::evm::assert_verifies;
use crate::evm_withdraw::Live;
use crate::ledger::{address_entry, balance, wait_for, wait_status};
use serde_json::{json, Value};

const ETH: u128 = 1_000_000_000_000_000_000;

fn quantity(v: &Value) -> u128 {
    u128::from_str_radix(v.as_str().unwrap().trim_start_matches("0x"), 16).unwrap()
}

/// A funded ETH wallet and a withdrawal of 0.5 ETH from it, signed and
/// handed to a node that does not mine: (live, withdrawal id, destination,
/// source, the first request).
fn broadcast_unmined(key: &str) -> (Live, String, String, String, Value) {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let destination = crate::evm::pool_addresses(key, 1).remove(0);
    address_entry(&live.admin, "ETH", &destination);
    let w = live
        .admin
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "0.5" }),
            key,
        )
        .expect(201);
    let id = w.body["id"].as_str().unwrap().to_string();
    let first = live.wait_requests(1).remove(0);
    live.anvil.rpc("evm_setAutomine", json!([false]));
    live.sign_all();
    let t = wait_status(&live.admin, &id, "Confirming");
    assert_eq!(t["confirmations"], 0);
    (live, id, destination, source, first)
}

/// The request that replaces `first`, once the sender made it.
fn replacement(live: &Live, first: &Value) -> Value {
    let next = live.wait_requests(1).remove(0);
    assert_eq!(next["replaces"], first["id"]);
    assert_eq!(next["transactionId"], first["transactionId"]);
    assert_eq!(next["transaction"]["nonce"], first["transaction"]["nonce"]);
    assert_eq!(next["transaction"]["to"], first["transaction"]["to"]);
    assert_eq!(next["transaction"]["value"], first["transaction"]["value"]);
    let (old, new) = (&first["transaction"], &next["transaction"]);
    for fee in ["maxFeePerGas", "maxPriorityFeePerGas"] {
        assert!(
            quantity(&new[fee]) * 8 >= quantity(&old[fee]) * 9,
            "{fee} rose by at least an eighth: {old} -> {new}"
        );
    }
    next
}

fn signed_payload(live: &Live, request: &Value) -> String {
    live.server
        .db()
        .query_row(
            "SELECT signed_payload FROM signer_requests WHERE id = ?1",
            [request["id"].as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap()
}

fn request_status(live: &Live, request: &Value) -> String {
    live.server
        .db()
        .query_row(
            "SELECT status FROM signer_requests WHERE id = ?1",
            [request["id"].as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap()
}

/// Settles and checks that the destination got 0.5 ETH once, the gas of the
/// one mined transaction was booked, and the books match the chain.
fn settle_once(live: &Live, id: &str, destination: &str, source: &str, mined: &str) {
    live.anvil.mine(12);
    let done = wait_status(&live.admin, id, "Completed");
    assert_eq!(done["txHash"], mined);
    assert_eq!(live.eth_balance(destination), ETH / 2, "paid exactly once");
    let nonce = live
        .anvil
        .rpc("eth_getTransactionCount", json!([source, "latest"]));
    assert_eq!(nonce, "0x1", "one transaction from the address");
    wait_for("the reservations to be released", || {
        (live.account(":live:ETH:gas_held") == 0).then_some(())
    });
    assert_eq!(
        live.account(":live:ETH:gas"),
        -(live.gas_cost(mined) as i128)
    );
    assert_eq!(live.books("ETH"), live.eth_balance(source) as i128);
    assert_eq!(live.wait_requests(0).len(), 0);
    assert_verifies(&live.server);
}

#[test]
fn dropped_withdrawal_is_replaced_with_higher_fees_and_paid_once() {
    let (live, id, destination, source, first) = broadcast_unmined("dropped");
    let old_raw = signed_payload(&live, &first);
    let old_hash = crate::ledger::transaction(&live.admin, &id)["txHash"]
        .as_str()
        .unwrap()
        .to_string();
    live.anvil.rpc("anvil_dropTransaction", json!([old_hash]));
    let next = replacement(&live, &first);
    assert_eq!(request_status(&live, &first), "Replaced");
    // Nothing can be cancelled once it was broadcast.
    live.admin
        .post(&format!("/v1/transactions/{id}/cancel"), &json!({}))
        .expect(409);
    live.sign_all();
    let new_hash = wait_for("the replacement to be broadcast", || {
        let t = crate::ledger::transaction(&live.admin, &id);
        (t["txHash"] != old_hash.as_str()).then(|| t["txHash"].as_str().unwrap().to_string())
    });
    // The old bytes turn up again: the node keeps the higher-priced one.
    let resent = live
        .anvil
        .try_rpc("eth_sendRawTransaction", json!([old_raw]));
    assert!(resent.is_err(), "the node took the underpriced old bytes");
    live.anvil.mine(1);
    let receipt = live
        .anvil
        .rpc("eth_getTransactionReceipt", json!([new_hash]));
    assert_eq!(receipt["status"], "0x1");
    settle_once(&live, &id, &destination, &source, &new_hash);
    assert_eq!(request_status(&live, &first), "Cancelled");
    assert_eq!(request_status(&live, &next), "Mined");
    let b = balance(&live.admin, &wallet_of(&live, &id));
    assert_eq!(b["total"], "1.499");
}

#[test]
fn a_replaced_transaction_mined_after_all_settles_and_cancels_its_successor() {
    let (live, id, destination, source, first) = broadcast_unmined("resurfaced");
    let old_raw = signed_payload(&live, &first);
    let old_hash = crate::ledger::transaction(&live.admin, &id)["txHash"]
        .as_str()
        .unwrap()
        .to_string();
    live.anvil.rpc("anvil_dropTransaction", json!([old_hash]));
    let next = replacement(&live, &first);
    // The replacement is signed and broadcast, but the old transaction
    // comes back and is mined instead (another node still had it): it is
    // the one that counts.
    live.sign_all();
    wait_for("the replacement to be broadcast", || {
        let t = crate::ledger::transaction(&live.admin, &id);
        (t["txHash"] != old_hash.as_str()).then_some(())
    });
    assert_eq!(request_status(&live, &next), "Broadcast");
    live.anvil.rpc("anvil_dropAllTransactions", json!([]));
    live.anvil.rpc("eth_sendRawTransaction", json!([old_raw]));
    live.anvil.mine(1);
    settle_once(&live, &id, &destination, &source, &old_hash);
    assert_eq!(request_status(&live, &first), "Mined");
    assert_eq!(request_status(&live, &next), "Cancelled");
    let included: Option<i64> = live
        .server
        .db()
        .query_row(
            "SELECT included_height FROM transactions WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        included.is_some(),
        "the completed withdrawal names its block"
    );
}

fn wallet_of(live: &Live, id: &str) -> String {
    crate::ledger::transaction(&live.admin, id)["sourceWalletId"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn kill_9_between_signature_and_confirmation_loses_nothing_and_pays_once() {
    let mut live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let (id, destination) = live.withdraw_half_eth(&wallet, "crash");
    live.wait_requests(1);
    live.anvil.rpc("evm_setAutomine", json!([false]));
    // Killed right after the signature is stored: broadcast or not yet.
    live.sign_all();
    live.kill_and_restart();
    let t = wait_status(&live.admin, &id, "Confirming");
    let hash = t["txHash"].as_str().unwrap().to_string();
    live.anvil.mine(1);
    wait_for("one confirmation", || {
        let t = crate::ledger::transaction(&live.admin, &id);
        (t["confirmations"] == 1).then_some(())
    });
    // Killed again while it confirms.
    live.kill_and_restart();
    let requests: i64 = live
        .server
        .db()
        .query_row("SELECT count(*) FROM signer_requests", [], |r| r.get(0))
        .unwrap();
    assert_eq!(requests, 1, "no replacement was needed");
    settle_once(&live, &id, &destination, &source, &hash);
    assert_eq!(balance(&live.admin, &wallet)["total"], "1.499");
}

#[test]
fn a_nonce_used_by_a_foreign_transaction_fails_the_withdrawal_once_final() {
    let (live, id, _, source, first) = broadcast_unmined("foreign");
    let hash = crate::ledger::transaction(&live.admin, &id)["txHash"].clone();
    live.anvil.rpc("anvil_dropTransaction", json!([hash]));
    // Someone else holding the key spends the nonce first.
    live.anvil.rpc("anvil_impersonateAccount", json!([source]));
    let elsewhere = crate::evm::pool_addresses("elsewhere", 1).remove(0);
    live.anvil.rpc(
        "eth_sendTransaction",
        json!([{ "from": source, "to": elsewhere, "value": "0x16345785d8a0000", "nonce": "0x0" }]),
    );
    live.anvil.mine(1);
    // Not final yet: the withdrawal still waits.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(
        crate::ledger::transaction(&live.admin, &id)["status"],
        "Confirming"
    );
    live.anvil.mine(12);
    let failed = wait_status(&live.admin, &id, "Failed");
    assert!(
        failed["failureReason"]
            .as_str()
            .unwrap()
            .contains("nonce 0"),
        "{failed}"
    );
    let b = balance(&live.admin, &wallet_of(&live, &id));
    assert_eq!(
        (b["total"].as_str(), b["locked"].as_str()),
        (Some("2"), Some("0"))
    );
    assert_eq!(request_status(&live, &first), "Cancelled");
    let open: i64 = live
        .server
        .db()
        .query_row(
            "SELECT count(*) FROM signer_requests WHERE status != 'Cancelled'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 0, "every request of the nonce is cancelled");
    assert_eq!(live.account(":live:ETH:gas_held"), 0);
    assert_eq!(live.account(":live:ETH:gas"), 0, "Coffer paid no gas");
    assert_verifies(&live.server);
}

#[test]
fn a_withdrawal_priced_out_by_a_base_fee_jump_is_replaced_at_market_fees() {
    let (live, id, destination, source, first) = broadcast_unmined("priced-out");
    let old_hash = crate::ledger::transaction(&live.admin, &id)["txHash"]
        .as_str()
        .unwrap()
        .to_string();
    // The base fee jumps far above what the transaction offers; the node
    // evicts it (anvil does at once; other nodes after a while).
    live.anvil
        .rpc("anvil_setNextBlockBaseFeePerGas", json!(["0xe8d4a51000"]));
    live.anvil.mine(1);
    let next = replacement(&live, &first);
    assert_eq!(request_status(&live, &first), "Replaced");
    let base = quantity(
        &live
            .anvil
            .rpc("eth_getBlockByNumber", json!(["latest", false]))["baseFeePerGas"],
    );
    assert!(
        quantity(&next["transaction"]["maxFeePerGas"]) > base,
        "priced for the market now: {next}"
    );
    live.sign_all();
    let new_hash = wait_for("the replacement to be broadcast", || {
        let t = crate::ledger::transaction(&live.admin, &id);
        (t["txHash"] != old_hash.as_str()).then(|| t["txHash"].as_str().unwrap().to_string())
    });
    live.anvil.mine(1);
    let receipt = live
        .anvil
        .rpc("eth_getTransactionReceipt", json!([new_hash]));
    assert_eq!(receipt["status"], "0x1");
    settle_once(&live, &id, &destination, &source, &new_hash);
    assert_eq!(request_status(&live, &first), "Cancelled");
}

#[test]
fn an_unsigned_request_whose_nonce_was_taken_is_built_again() {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let (id, destination) = live.withdraw_half_eth(&wallet, "rebuilt");
    let first = live.wait_requests(1).remove(0);
    assert_eq!(first["transaction"]["nonce"], "0x0");
    live.anvil.rpc("anvil_impersonateAccount", json!([source]));
    let elsewhere = crate::evm::pool_addresses("elsewhere", 1).remove(0);
    live.anvil.rpc(
        "eth_sendTransaction",
        json!([{ "from": source, "to": elsewhere, "value": "0x1", "nonce": "0x0" }]),
    );
    live.anvil.mine(13);
    let again = wait_for("a request with the next nonce", || {
        let list = live.signer.get("/v1/signer/requests").expect(200);
        list.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["transaction"]["nonce"] == "0x1")
            .cloned()
    });
    assert_eq!(again["transactionId"], id.as_str());
    assert_eq!(request_status(&live, &first), "Cancelled");
    live.sign_all();
    let hash = wait_status(&live.admin, &id, "Confirming")["txHash"].clone();
    wait_for("the receipt", || {
        let r = live.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(())
    });
    live.anvil.mine(12);
    wait_status(&live.admin, &id, "Completed");
    assert_eq!(live.eth_balance(&destination), ETH / 2);
    assert_eq!(live.account(":live:ETH:gas_held"), 0);
    assert_verifies(&live.server);
}
