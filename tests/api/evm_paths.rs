//! Other ways a live EVM withdrawal is asked for or disturbed: through the
//! Coinbase-compatible API, after an approval quorum, and a reorganisation
//! that takes a mined withdrawal out of the chain.

use crate::evm::assert_verifies;
use crate::evm_withdraw::Live;
use crate::ledger::{address_entry, transaction, wait_for, wait_status};
use crate::support::{coffer_json, Client, HeaderClient};
use serde_json::{json, Value};

const ETH: u128 = 1_000_000_000_000_000_000;

/// Signs what awaits, settles the withdrawal and checks it paid 0.5 ETH
/// once with the books matching the chain.
/// `replaced`: the hash of a transaction the signed one replaces, which the
/// withdrawal shows until the replacement is broadcast.
fn sign_and_settle(
    live: &Live,
    id: &str,
    destination: &str,
    source: &str,
    replaced: Option<&Value>,
) {
    live.sign_all();
    let hash = wait_for("the signed transaction broadcast", || {
        let t = wait_status(&live.admin, id, "Confirming");
        (replaced != Some(&t["txHash"])).then_some(t["txHash"].clone())
    });
    let hash = hash.as_str().unwrap().to_string();
    wait_for("the receipt", || {
        let r = live.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(())
    });
    live.anvil.mine(12);
    wait_status(&live.admin, id, "Completed");
    assert_eq!(live.eth_balance(destination), ETH / 2);
    wait_for("gas reservations to settle", || {
        (live.account(":live:ETH:gas_held") == 0).then_some(())
    });
    assert_eq!(live.books("ETH"), live.eth_balance(source) as i128);
    assert_verifies(&live.server);
}

#[test]
fn coinbase_compatible_withdrawal_takes_the_same_live_path() {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let destination = crate::evm::pool_addresses("coinbase", 1).remove(0);
    address_entry(&live.admin, "ETH", &destination);
    let data = live.server.data_dir();
    let key = coffer_json(&[
        "keys",
        "create",
        "--json",
        "--name",
        "cb",
        "--roles",
        "admin",
        "--env",
        "live",
        "--data-dir",
        data.to_str().unwrap(),
    ]);
    let cb = HeaderClient::coinbase(
        &live.server.base,
        key["keyId"].as_str().unwrap(),
        key["passphrase"].as_str().unwrap(),
    );
    // Only to the address book, as natively.
    let stranger = crate::evm::pool_addresses("stranger", 1).remove(0);
    let refused = cb.post(
        "/api/v1/transactions",
        &json!({ "source": wallet, "whole_amount": "0.5", "destination": stranger }),
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    cb.post(
        "/api/v1/transactions",
        &json!({ "source": wallet, "whole_amount": "0.5", "destination": destination }),
    )
    .expect(200);
    let request = live.wait_requests(1).remove(0);
    assert_eq!(request["purpose"], "withdrawal");
    assert_eq!(request["amount"], "0.5");
    let id = request["transactionId"].as_str().unwrap().to_string();
    sign_and_settle(&live, &id, &destination, &source, None);
}

#[test]
fn an_approved_live_withdrawal_gets_its_signer_request_only_after_the_quorum() {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let destination = crate::evm::pool_addresses("approved", 1).remove(0);
    address_entry(&live.admin, "ETH", &destination);
    let out = live.server.cli(&[
        "users",
        "add",
        "--json",
        "--name",
        "ann",
        "--email",
        "ann@example.com",
        "--role",
        "approver",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ann: Client = live.server.new_key(
        "ann",
        &[
            "--roles",
            "admin",
            "--user",
            "ann@example.com",
            "--env",
            "live",
        ],
    );
    let rule = json!({"name": "all", "action": "withdrawal", "decision": "RequireApprovals",
        "approvals": 1});
    live.admin
        .put("/v1/policies", &json!({ "rules": [rule] }))
        .expect(200);
    let w = live
        .admin
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({ "sourceWalletId": wallet, "destinationAddress": destination, "amount": "0.5" }),
            "approved",
        )
        .expect(201);
    assert_eq!(w.body["status"], "PendingApproval");
    let id = w.body["id"].as_str().unwrap().to_string();
    let activity = w.body["activityId"].as_str().unwrap().to_string();
    // Nothing for the signer while the quorum is missing.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(live.wait_requests(0).is_empty());
    ann.post(&format!("/v1/activities/{activity}/approve"), &json!({}))
        .expect(200);
    let request = live.wait_requests(1).remove(0);
    assert_eq!(request["transactionId"], id.as_str());
    let t = transaction(&live.admin, &id);
    assert_eq!(t["status"], "PendingSignature");
    sign_and_settle(&live, &id, &destination, &source, None);
}

#[test]
fn reorg_of_a_mined_withdrawal_returns_it_to_confirming() {
    let live = Live::start(&[10], "");
    let (wallet, source) = live.funded_wallet("ETH", 2 * ETH);
    let (id, destination) = live.withdraw_half_eth(&wallet, "reorged");
    let first = live.wait_requests(1).remove(0);
    let snapshot = live.anvil.rpc("evm_snapshot", json!([]));
    live.sign_all();
    let hash = wait_status(&live.admin, &id, "Confirming")["txHash"].clone();
    wait_for("the receipt", || {
        let r = live.anvil.rpc("eth_getTransactionReceipt", json!([hash]));
        (!r.is_null()).then_some(())
    });
    live.anvil.mine(2);
    wait_for("3 confirmations", || {
        (transaction(&live.admin, &id)["confirmations"] == 3).then_some(())
    });

    // Another branch without the transaction outgrows this one.
    assert_eq!(live.anvil.rpc("evm_revert", json!([snapshot])), json!(true));
    live.anvil.rpc("anvil_dropAllTransactions", json!([]));
    live.anvil.rpc("evm_setAutomine", json!([false]));
    live.anvil.mine(5);
    let back: Value = wait_for("the withdrawal back at 0 confirmations", || {
        let t = transaction(&live.admin, &id);
        (t["confirmations"] == 0).then_some(t)
    });
    assert_eq!(back["status"], "Confirming");
    assert_eq!(live.eth_balance(&destination), 0);
    // The node forgot it: a replacement with the same nonce is asked for.
    let next = live.wait_requests(1).remove(0);
    assert_eq!(next["replaces"], first["id"]);
    live.anvil.rpc("evm_setAutomine", json!([true]));
    sign_and_settle(&live, &id, &destination, &source, Some(&hash));
    let done = transaction(&live.admin, &id);
    assert_ne!(done["txHash"], hash, "settled by the replacement");
}
