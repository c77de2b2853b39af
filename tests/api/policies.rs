//! Consensus (docs/api.md, "Consensus"): approval policies, velocity limits, approvals and
//! their expiry, through the real binary.

use crate::ledger::{
    address_entry, balance, fund, mine, transaction, wait_for, wait_status, wallet,
    BTC_DESTINATION, ETH_DESTINATION,
};
use crate::support::{names_field, Client, Resp, Server};
use serde_json::{json, Value};

#[test]
fn policies_are_whole_versioned_documents() {
    let server = Server::start();
    let c = server.client();
    let empty = c.get("/v1/policies").expect(200).body;
    assert_eq!(
        empty,
        json!({"version": 0, "rules": [], "velocityLimits": [], "updatedAt": null,
               "activityId": null})
    );
    let vault = c.vault("ops");
    let doc = json!({
        "rules": [
            {"name": "big btc", "action": "withdrawal", "assetId": "BTC", "vaultId": null,
             "minAmount": "1.0", "maxAmount": null, "decision": "RequireApprovals",
             "approvals": 2, "approverRole": "approver"},
            {"name": "no eth book", "action": "address_book_create", "assetId": "ETH",
             "decision": "Block"},
        ],
        "velocityLimits": [{"assetId": "BTC", "vaultId": vault, "amount": "5", "windowHours": 24}],
    });
    let v1 = c.put("/v1/policies", &doc).expect(200).body;
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["rules"][0]["minAmount"], "1");
    assert_eq!(v1["rules"][0]["approvals"], 2);
    assert_eq!(v1["rules"][1]["approvals"], Value::Null);
    assert_eq!(v1["velocityLimits"][0]["vaultId"], vault.as_str());
    assert!(v1["updatedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(c.get("/v1/policies").expect(200).body, v1);
    let v2 = c
        .put("/v1/policies", &json!({"rules": []}))
        .expect(200)
        .body;
    assert_eq!(v2["version"], 2);
    assert_eq!(v2["rules"], json!([]));
    assert_eq!(v2["velocityLimits"], json!([]));

    names_field(
        c.put(
            "/v1/policies",
            &json!({"rules": [{"name": "x", "action": "withdrawal", "decision": "Maybe"}]}),
        ),
        "rules[0].decision",
    );
    names_field(
        c.put("/v1/policies", &json!({"velocityLimits": [{"assetId": "BTC", "vaultId": "0190a5a0-0000-7000-8000-000000000001", "amount": "1"}]})),
        "velocityLimits[0].vaultId",
    );
    names_field(c.put("/v1/policies", &json!({"rulez": []})), "rulez");
    // Refusals change nothing; the audit log has each version.
    assert_eq!(c.get("/v1/policies").expect(200).body["version"], 2);
    let audit = c.get("/v1/audit-log?action=policy.update").expect(200).body;
    assert_eq!(audit["data"].as_array().unwrap().len(), 2);

    // users:read to see it, users:write to change it.
    let viewer = server.new_key("viewer", &["--roles", "viewer"]);
    viewer.get("/v1/policies").expect(200);
    assert_eq!(
        viewer.put("/v1/policies", &json!({})).expect(403).code(),
        "missing_scope"
    );
}

/// `coffer users add` then a key bound to the user (role admin: every scope).
/// Returns the user's id and a client signing as them.
pub fn person(server: &Server, name: &str, role: &str) -> (String, Client) {
    let email = format!("{name}@example.com");
    let out = server.cli(&[
        "users", "add", "--json", "--name", name, "--email", &email, "--role", role,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user: Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = server.new_key(name, &["--roles", "admin", "--user", &email]);
    (user["id"].as_str().unwrap().to_string(), key)
}

/// A policy under which every withdrawal waits for `approvals` approvals.
pub fn require_withdrawal_approvals(c: &Client, approvals: u32) {
    let rule = json!({"name": "all", "action": "withdrawal", "decision": "RequireApprovals",
        "approvals": approvals});
    c.put("/v1/policies", &json!({ "rules": [rule] }))
        .expect(200);
}

pub fn withdraw(c: &Client, wallet: &str, to: &str, amount: &str, key: &str) -> Resp {
    c.post_idem(
        "/v1/transactions/withdraw",
        &json!({"sourceWalletId": wallet, "destinationAddress": to, "amount": amount}),
        key,
    )
}

pub fn approve(c: &Client, activity: &str) -> Resp {
    c.post(&format!("/v1/activities/{activity}/approve"), &json!({}))
}

pub fn reject(c: &Client, activity: &str, comment: &str) -> Resp {
    c.post(
        &format!("/v1/activities/{activity}/reject"),
        &json!({ "comment": comment }),
    )
}

pub fn activity(c: &Client, id: &str) -> Value {
    c.get(&format!("/v1/activities/{id}")).expect(200).body
}

/// An endpoint for every event (never reached), so that the outbox keeps
/// them: events nobody subscribes to are not stored.
fn listen_for_events(c: &Client) {
    c.put(
        "/v1/webhooks/outbound",
        &json!({"url": "http://127.0.0.1:1/events"}),
    )
    .expect(200);
}

fn event_types(server: &Server) -> Vec<String> {
    let db = server.db();
    let mut stmt = db.prepare("SELECT type FROM events ORDER BY seq").unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

#[track_caller]
fn verify_passes(server: &Server) {
    let out = server.cli(&["verify"]);
    assert!(
        out.status.success(),
        "verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn blocking_rules_and_velocity_limits_refuse_and_change_nothing() {
    // No auto-signer: withdrawals stay cancellable (PendingSignature).
    let server = Server::start_with(&[("COFFER_SANDBOX_AUTO_SIGN", "false")]);
    let c = server.client();
    let (vault_a, vault_b) = (c.vault("a"), c.vault("b"));
    let a = wallet(&c, &vault_a, "BTC");
    let b = wallet(&c, &vault_b, "BTC");
    fund(&c, &a, "3");
    fund(&c, &b, "3");
    address_entry(&c, "BTC", BTC_DESTINATION);
    c.put(
        "/v1/policies",
        &json!({
            "rules": [
                {"name": "huge", "action": "withdrawal", "assetId": "BTC", "minAmount": "1.5",
                 "decision": "Block"},
                {"name": "no eth book", "action": "address_book_create", "assetId": "ETH",
                 "decision": "Block"},
            ],
            "velocityLimits": [{"assetId": "BTC", "vaultId": null, "amount": "1.0", "windowHours": 24}],
        }),
    )
    .expect(200);

    let blocked = withdraw(&c, &a, BTC_DESTINATION, "1.5", "w-huge").expect(422);
    assert_eq!(blocked.code(), "policy_blocked");
    assert!(blocked.text.contains("huge"), "{}", blocked.text);
    let book = c
        .post(
            "/v1/address-book",
            &json!({"assetId": "ETH", "address": ETH_DESTINATION, "label": "x"}),
        )
        .expect(422);
    assert_eq!(book.code(), "policy_blocked");
    let cb_book = server
        .coinbase()
        .post(
            "/api/v1/address_book",
            &json!({"currency": "ETH", "name": "x", "address": ETH_DESTINATION}),
        )
        .expect(422);
    assert_eq!(cb_book.code(), "policy_blocked");

    // 1.0 per vault per 24 h, amounts without fees, up to and including 1.0.
    withdraw(&c, &a, BTC_DESTINATION, "0.6", "w1").expect(201);
    let over = withdraw(&c, &a, BTC_DESTINATION, "0.5", "w2").expect(422);
    assert_eq!(over.code(), "velocity_limit_exceeded");
    let fill = withdraw(&c, &a, BTC_DESTINATION, "0.4", "w3").expect(201);
    assert_eq!(
        withdraw(&c, &a, BTC_DESTINATION, "0.00000001", "w4")
            .expect(422)
            .code(),
        "velocity_limit_exceeded"
    );
    // A cancelled withdrawal no longer counts.
    let id = fill.body["id"].as_str().unwrap();
    c.post(&format!("/v1/transactions/{id}/cancel"), &json!({}))
        .expect(200);
    withdraw(&c, &a, BTC_DESTINATION, "0.4", "w5").expect(201);
    // vaultId null: each vault has its own allowance.
    withdraw(&c, &b, BTC_DESTINATION, "1.0", "w6").expect(201);
    // Refusals locked nothing: 3 - (0.6 + 0.4 + 2 fees) is all that is held.
    let held = balance(&c, &a);
    assert_eq!(held["locked"], "1.0002");
    assert_eq!(held["total"], "3");
    verify_passes(&server);
}

#[test]
fn a_quorum_of_two_approves_a_withdrawal_that_then_completes() {
    let server = Server::start();
    let c = server.client();
    listen_for_events(&c);
    let (ivy_id, ivy) = person(&server, "ivy", "approver");
    let (ann_id, ann) = person(&server, "ann", "approver");
    let (bob_id, bob) = person(&server, "bob", "admin");
    let (_, vic) = person(&server, "vic", "viewer");
    let w = wallet(&c, &c.vault("treasury"), "BTC");
    fund(&c, &w, "5");
    address_entry(&c, "BTC", BTC_DESTINATION);
    let policy = c
        .put(
            "/v1/policies",
            &json!({"rules": [{"name": "big", "action": "withdrawal", "assetId": "BTC",
                "minAmount": "1", "decision": "RequireApprovals", "approvals": 2,
                "approverRole": "approver"}]}),
        )
        .expect(200)
        .body;

    // Under the threshold: at once, with no activity.
    let small = withdraw(&ivy, &w, BTC_DESTINATION, "0.5", "small").expect(201);
    assert_eq!(small.body["status"], "Submitted");
    assert_eq!(small.body["activityId"], Value::Null);

    let big = withdraw(&ivy, &w, BTC_DESTINATION, "1", "big").expect(201);
    assert_eq!(big.body["status"], "PendingApproval");
    let tx = big.body["id"].as_str().unwrap().to_string();
    let act = big.body["activityId"].as_str().unwrap().to_string();
    // Locked at once, like any withdrawal.
    assert_eq!(balance(&c, &w)["locked"], "1.5002");
    let pending = activity(&c, &act);
    assert_eq!(pending["status"], "Pending");
    assert_eq!(pending["action"], "withdrawal");
    assert_eq!(pending["requiredApprovals"], 2);
    assert_eq!(pending["policyVersion"], 1);
    assert_eq!(pending["objectType"], "transaction");
    assert_eq!(pending["objectId"], tx.as_str());
    assert_eq!(
        pending["initiator"],
        json!({"type": "User", "id": ivy_id, "name": "ivy"})
    );
    let created = pending["createdAt"].as_str().unwrap();
    let expires = pending["expiresAt"].as_str().unwrap();
    assert!(expires > created, "{created} {expires}");

    // Who may not decide.
    assert_eq!(
        approve(&ivy, &act).expect(409).code(),
        "initiator_cannot_approve"
    );
    assert_eq!(approve(&c, &act).expect(403).code(), "approver_not_bound");
    assert_eq!(approve(&vic, &act).expect(403).code(), "not_an_approver");
    let auditor = server.new_key("auditor", &["--roles", "auditor"]);
    assert_eq!(approve(&auditor, &act).expect(403).code(), "missing_scope");

    let one = approve(&ann, &act).expect(200).body;
    assert_eq!(one["status"], "Pending");
    assert_eq!(one["approvals"][0]["userId"], ann_id.as_str());
    assert_eq!(one["approvals"][0]["decision"], "Approved");
    assert_eq!(approve(&ann, &act).expect(409).code(), "already_approved");
    assert_eq!(transaction(&c, &tx)["status"], "PendingApproval");

    // The policy changes; the pending request keeps the version it was made under.
    c.put("/v1/policies", &json!({"rules": []})).expect(200);
    let done = approve(&bob, &act).expect(200).body;
    assert_eq!(done["status"], "Approved");
    assert_eq!(done["approvals"][1]["userId"], bob_id.as_str());
    assert_eq!(done["requiredApprovals"], 2);
    assert_eq!(done["policyVersion"], policy["version"]);
    assert_eq!(done["approverRole"], "approver");

    wait_status(&c, &tx, "Confirming");
    mine(&c, 2);
    wait_status(&c, &tx, "Completed");
    assert_eq!(
        reject(&ann, &act, "late").expect(409).code(),
        "activity_closed"
    );
    assert_eq!(approve(&bob, &act).expect(409).code(), "activity_closed");
    let types = event_types(&server);
    assert!(
        types.contains(&"activity.approved".to_string()),
        "{types:?}"
    );
    assert!(
        !types.contains(&"activity.rejected".to_string()),
        "{types:?}"
    );
    // The approvals are in the audit log.
    let audit = c
        .get("/v1/audit-log?action=activity.approve")
        .expect(200)
        .body;
    assert_eq!(audit["data"].as_array().unwrap().len(), 2);
    verify_passes(&server);
}

#[test]
fn a_rejection_closes_the_request_and_releases_its_lock() {
    let server = Server::start();
    let c = server.client();
    listen_for_events(&c);
    let (_, ann) = person(&server, "ann", "approver");
    let (_, bob) = person(&server, "bob", "approver");
    let w = wallet(&c, &c.vault("v"), "BTC");
    fund(&c, &w, "2");
    address_entry(&c, "BTC", BTC_DESTINATION);
    require_withdrawal_approvals(&c, 2);
    let pending = withdraw(&c, &w, BTC_DESTINATION, "1", "r1").expect(201);
    assert_eq!(pending.body["status"], "PendingApproval");
    let tx = pending.body["id"].as_str().unwrap();
    let act = pending.body["activityId"].as_str().unwrap();
    // A key bound to no user initiated it: its initiator is the key.
    assert_eq!(activity(&c, act)["initiator"]["type"], "ApiKey");
    approve(&ann, act).expect(200);
    assert_eq!(balance(&c, &w)["available"], "0.9999");
    let closed = reject(&bob, act, "unknown destination").expect(200).body;
    assert_eq!(closed["status"], "Rejected");
    assert_eq!(closed["approvals"][1]["decision"], "Rejected");
    assert_eq!(closed["approvals"][1]["comment"], "unknown destination");
    let t = transaction(&c, tx);
    assert_eq!(t["status"], "Rejected");
    assert_eq!(
        balance(&c, &w),
        json!({"total": "2", "available": "2", "pending": "0", "locked": "0"})
    );
    assert_eq!(approve(&ann, act).expect(409).code(), "activity_closed");

    // Cancelling a withdrawal that awaits approval closes its activity too.
    let again = withdraw(&c, &w, BTC_DESTINATION, "1", "r2").expect(201);
    let (tx2, act2) = (
        again.body["id"].as_str().unwrap(),
        again.body["activityId"].as_str().unwrap(),
    );
    c.post(&format!("/v1/transactions/{tx2}/cancel"), &json!({}))
        .expect(200);
    assert_eq!(activity(&c, act2)["status"], "Rejected");
    assert_eq!(balance(&c, &w)["available"], "2");
    // The Coinbase-compatible withdrawal waits the same way ("requested").
    let cb = server.coinbase();
    let created = cb
        .post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "0.5"}),
        )
        .expect(200)
        .body;
    let act3 = created["activity_id"].as_str().unwrap();
    assert_eq!(activity(&c, act3)["status"], "Pending");
    let listed = cb
        .get(&format!("/api/v1/transactions?wallet_id={w}"))
        .expect(200)
        .body;
    assert_eq!(listed["data"][0]["state"], "requested", "{listed}");
    // A disabled user decides nothing.
    let ann_id = activity(&c, act)["approvals"][0]["userId"]
        .as_str()
        .unwrap()
        .to_string();
    server
        .live_client()
        .patch(
            &format!("/v1/users/{ann_id}"),
            &json!({"status": "Disabled"}),
        )
        .expect(200);
    assert_eq!(approve(&ann, act3).expect(403).code(), "approver_disabled");
    reject(&bob, act3, "no").expect(200);
    assert_eq!(balance(&c, &w)["available"], "2");
    let types = event_types(&server);
    assert_eq!(
        types.iter().filter(|t| *t == "activity.rejected").count(),
        3,
        "{types:?}"
    );
    verify_passes(&server);
}

#[test]
fn wallets_and_address_book_entries_wait_for_approval() {
    let server = Server::start();
    let c = server.client();
    listen_for_events(&c);
    let (_, ann) = person(&server, "ann", "admin");
    let vault = c.vault("v");
    c.put(
        "/v1/policies",
        &json!({"rules": [
            {"name": "wallets", "action": "wallet_create", "decision": "RequireApprovals", "approvals": 1},
            {"name": "book", "action": "address_book_create", "decision": "RequireApprovals", "approvals": 1},
        ]}),
    )
    .expect(200);

    let w = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({"assetId": "BTC"}),
        )
        .expect(201)
        .body;
    assert_eq!(w["status"], "PendingApproval");
    assert_eq!(w["depositAddress"], Value::Null);
    let wid = w["id"].as_str().unwrap();
    let wact = w["activityId"].as_str().unwrap();
    let refused = c
        .post(
            "/v1/sandbox/deposits",
            &json!({"walletId": wid, "amount": "1"}),
        )
        .expect(409);
    assert_eq!(refused.code(), "wallet_pending_approval");
    let approved = approve(&ann, wact).expect(200).body;
    assert_eq!(approved["status"], "Approved");
    let opened = c.get(&format!("/v1/wallets/{wid}")).expect(200).body;
    assert_eq!(opened["status"], "Active");
    assert!(opened["depositAddress"]
        .as_str()
        .unwrap()
        .starts_with("bcrt1"));
    fund(&c, wid, "1");

    let e = c
        .post(
            "/v1/address-book",
            &json!({"assetId": "BTC", "address": BTC_DESTINATION, "label": "cold"}),
        )
        .expect(201)
        .body;
    assert_eq!(e["status"], "PendingApproval");
    let eid = e["id"].as_str().unwrap();
    let eact = e["activityId"].as_str().unwrap();
    assert_eq!(
        withdraw(&c, wid, BTC_DESTINATION, "0.1", "early")
            .expect(422)
            .code(),
        "address_not_in_address_book"
    );
    approve(&ann, eact).expect(200);
    assert_eq!(
        c.get(&format!("/v1/address-book/{eid}")).expect(200).body["status"],
        "Active"
    );
    withdraw(&c, wid, BTC_DESTINATION, "0.1", "later").expect(201);

    // A rejected wallet is removed, and its asset's slot in the vault is free again.
    let eth = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({"assetId": "ETH"}),
        )
        .expect(201)
        .body;
    reject(&ann, eth["activityId"].as_str().unwrap(), "no").expect(200);
    c.get(&format!("/v1/wallets/{}", eth["id"].as_str().unwrap()))
        .expect(404);
    c.post(
        &format!("/v1/vaults/{vault}/wallets"),
        &json!({"assetId": "ETH"}),
    )
    .expect(201);
    // A rejected entry is deleted.
    let e2 = c
        .post(
            "/v1/address-book",
            &json!({"assetId": "ETH", "address": ETH_DESTINATION, "label": "hot"}),
        )
        .expect(201)
        .body;
    reject(&ann, e2["activityId"].as_str().unwrap(), "no").expect(200);
    c.get(&format!("/v1/address-book/{}", e2["id"].as_str().unwrap()))
        .expect(404);

    // The Coinbase-compatible twins answer a pending activity.
    let cb = server.coinbase();
    let cbw = cb
        .post(
            "/api/v1/wallets",
            &json!({"currency": "USDC", "name": "ops"}),
        )
        .expect(200)
        .body;
    let cbw_act = cbw["activity_id"].as_str().unwrap();
    assert_eq!(activity(&c, cbw_act)["status"], "Pending");
    assert_eq!(activity(&c, cbw_act)["action"], "wallet_create");
    approve(&ann, cbw_act).expect(200);
    let types = event_types(&server);
    for t in [
        "wallet.created",
        "address_book.updated",
        "address_book.deleted",
        "activity.approved",
        "activity.rejected",
    ] {
        assert!(types.contains(&t.to_string()), "{t}: {types:?}");
    }
    verify_passes(&server);
}

#[test]
fn requests_with_no_rule_requiring_approval_take_effect_at_once() {
    let server = Server::start();
    let c = server.client();
    c.put(
        "/v1/policies",
        &json!({"rules": [{"name": "eth only", "action": "wallet_create", "assetId": "ETH",
            "decision": "RequireApprovals", "approvals": 1}]}),
    )
    .expect(200);
    let w = c
        .post(
            &format!("/v1/vaults/{}/wallets", c.vault("v")),
            &json!({"assetId": "BTC"}),
        )
        .expect(201)
        .body;
    assert_eq!(w["status"], "Active");
    assert_eq!(w["activityId"], Value::Null);
    let cb = server.coinbase();
    let cbw = cb
        .post(
            "/api/v1/wallets",
            &json!({"currency": "BTC", "name": "ops"}),
        )
        .expect(200)
        .body;
    let a = activity(&c, cbw["activity_id"].as_str().unwrap());
    assert_eq!(a["status"], "Approved");
    assert_eq!(a["requiredApprovals"], 0);
}

#[test]
fn pending_requests_expire_and_give_back_what_they_held() {
    // 0.001 h = 3.6 s.
    let server = Server::start_with(&[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0.001")]);
    let c = server.client();
    let (_, ann) = person(&server, "ann", "approver");
    let w = wallet(&c, &c.vault("v"), "BTC");
    fund(&c, &w, "1");
    address_entry(&c, "BTC", BTC_DESTINATION);
    c.put(
        "/v1/policies",
        &json!({"rules": [
            {"name": "w", "action": "withdrawal", "decision": "RequireApprovals", "approvals": 1},
            {"name": "b", "action": "address_book_create", "decision": "RequireApprovals", "approvals": 1},
        ],
        "velocityLimits": [{"assetId": "BTC", "amount": "0.5"}]}),
    )
    .expect(200);
    let pending = withdraw(&c, &w, BTC_DESTINATION, "0.5", "x1").expect(201);
    let tx = pending.body["id"].as_str().unwrap();
    let act = pending.body["activityId"].as_str().unwrap();
    let e = c
        .post(
            "/v1/address-book",
            &json!({"assetId": "ETH", "address": ETH_DESTINATION, "label": "hot"}),
        )
        .expect(201)
        .body;
    assert_eq!(balance(&c, &w)["locked"], "0.5001");
    wait_for("the activity to expire", || {
        (activity(&c, act)["status"] == "Expired").then_some(())
    });
    let t = transaction(&c, tx);
    assert_eq!(t["status"], "Cancelled");
    assert_eq!(t["failureReason"], "approval expired");
    assert_eq!(balance(&c, &w)["locked"], "0");
    wait_for("the entry's activity to expire", || {
        (activity(&c, e["activityId"].as_str().unwrap())["status"] == "Expired").then_some(())
    });
    c.get(&format!("/v1/address-book/{}", e["id"].as_str().unwrap()))
        .expect(404);
    assert_eq!(approve(&ann, act).expect(409).code(), "activity_closed");
    // An expired withdrawal no longer counts against the velocity limit.
    withdraw(&c, &w, BTC_DESTINATION, "0.5", "x2").expect(201);
    verify_passes(&server);
}

#[test]
fn an_approval_checks_again_what_may_have_changed_while_waiting() {
    let server = Server::start();
    let c = server.client();
    let (_, ann) = person(&server, "ann", "approver");
    let vault = c.vault("v");
    let w = wallet(&c, &vault, "BTC");
    fund(&c, &w, "1");
    let entry = address_entry(&c, "BTC", BTC_DESTINATION);
    require_withdrawal_approvals(&c, 1);
    let t = withdraw(&c, &w, BTC_DESTINATION, "0.5", "a1")
        .expect(201)
        .body;
    let act = t["activityId"].as_str().unwrap();
    c.patch(&format!("/v1/vaults/{vault}"), &json!({"status": "Frozen"}))
        .expect(200);
    assert_eq!(approve(&ann, act).expect(422).code(), "vault_frozen");
    c.patch(&format!("/v1/vaults/{vault}"), &json!({"status": "Active"}))
        .expect(200);
    c.send("DELETE", &format!("/v1/address-book/{entry}"), b"", &[])
        .expect(204);
    assert_eq!(
        approve(&ann, act).expect(422).code(),
        "address_not_in_address_book"
    );
    // Nothing was recorded; the request still waits, and can be rejected.
    let a = activity(&c, act);
    assert_eq!(a["status"], "Pending");
    assert_eq!(a["approvals"], json!([]));
    reject(&ann, act, "destination gone").expect(200);
    assert_eq!(balance(&c, &w)["available"], "1");
}
