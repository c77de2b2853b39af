//! Who can approve (docs/security.md): the attacks of issue 10 on a quorum,
//! through the real binary. No holder of one credential satisfies a quorum,
//! and no test credential touches what decides live money.

use crate::console::{csrf, Browser, PASSWORD};
use crate::ledger::{address_entry, fund, wait_for, wallet, BTC_DESTINATION, ETH_DESTINATION};
use crate::policies::{activity, approve, reject, require_withdrawal_approvals, withdraw};
use crate::support::{clients_of, Client, Resp, Server, TempDir};
use serde_json::{json, Value};

/// A password set through the API: the key holder knows it.
const API_PASSWORD: &str = "the key holder knows this one";
const OTHER_ETH: &str = "0x52908400098527886E0F7030069857D2E4169EE7";

/// A live policy under which address-book entries wait for `n` approvals.
fn live_book_policy(live: &Client, n: u32) {
    live.put(
        "/v1/policies",
        &json!({"rules": [{"name": "book", "action": "address_book_create",
                           "decision": "RequireApprovals", "approvals": n}]}),
    )
    .expect(200);
}

/// `coffer users add` with a console password set on the box, and a live
/// key bound to the user at the CLI: an approver made the trusted way.
fn cli_approver(server: &Server, name: &str, role: &str) -> (String, Client) {
    let dir = TempDir::new("pw");
    let file = dir.path().join("pw");
    std::fs::write(&file, PASSWORD).unwrap();
    let email = format!("{name}@example.com");
    let out = server.cli(&[
        "users",
        "add",
        "--json",
        "--name",
        name,
        "--email",
        &email,
        "--role",
        role,
        "--password-file",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user: Value = serde_json::from_slice(&out.stdout).unwrap();
    let key = server.new_key(
        name,
        &["--roles", "admin", "--env", "live", "--user", &email],
    );
    (user["id"].as_str().unwrap().to_string(), key)
}

/// A live address-book entry that waits for approval: (entry id, activity id).
fn propose_entry(live: &Client, address: &str) -> (String, String) {
    let r = live
        .post(
            "/v1/address-book",
            &json!({"assetId": "ETH", "address": address, "label": "cold"}),
        )
        .expect(201);
    assert_eq!(r.body["status"], "PendingApproval", "{}", r.text);
    (
        r.body["id"].as_str().unwrap().to_string(),
        r.body["activityId"].as_str().unwrap().to_string(),
    )
}

fn entry_status(live: &Client, id: &str) -> Value {
    live.get(&format!("/v1/address-book/{id}")).expect(200).body["status"].clone()
}

fn new_user(c: &Client, name: &str, role: &str) -> Resp {
    c.post(
        "/v1/users",
        &json!({"name": name, "email": format!("{name}@example.com"), "role": role,
                "password": API_PASSWORD}),
    )
}

/// Signs in on the console and approves `act` there; the page's status.
fn console_approve(server: &Server, email: &str, password: &str, act: &str) -> Resp {
    let page = format!("/console/activities/{act}");
    let mut b = Browser::new(server);
    let signed_in = b.sign_in(email, password, &page);
    assert_eq!(signed_in.status, 303, "{email}: {}", signed_in.text);
    let token = csrf(&b.get(&page).text);
    b.post(&format!("{page}/approve"), &[("csrf_token", &token)])
}

fn code(r: Resp, status: u16) -> String {
    r.expect(status).code().to_string()
}

#[test]
fn a_test_key_cannot_make_approvers_for_live_money() {
    // The attack as reported: a live policy wants 2 approvals for entries; a
    // test key holding only users:write makes two approvers with passwords,
    // who sign in and approve.
    let server = Server::start();
    let live = server.live_client();
    let (ann_id, _) = cli_approver(&server, "ann", "approver");
    live_book_policy(&live, 2);
    let (entry, act) = propose_entry(&live, ETH_DESTINATION);

    let hr = server.new_key("hr", &["--scopes", "users:write,users:read"]);
    for name in ["mal1", "mal2"] {
        assert_eq!(
            code(new_user(&hr, name, "approver"), 403),
            "live_key_required"
        );
    }
    let patch = hr.patch(&format!("/v1/users/{ann_id}"), &json!({"role": "viewer"}));
    assert_eq!(code(patch, 403), "live_key_required");
    // Reading stays allowed, and nothing was made.
    let listed = hr.get("/v1/users").expect(200).body;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1, "{listed}");
    let mut b = Browser::new(&server);
    assert_eq!(
        b.sign_in("mal1@example.com", API_PASSWORD, "/console/activities")
            .status,
        401
    );
    let a = activity(&live, &act);
    assert_eq!(a["status"], "Pending");
    assert_eq!(a["approvals"], json!([]));
    assert_eq!(entry_status(&live, &entry), "PendingApproval");
}

#[test]
fn approvers_added_under_a_live_policy_wait_for_the_existing_ones() {
    let server = Server::start();
    let live = server.live_client();
    let (_, ann) = cli_approver(&server, "ann", "approver");
    let (_, bob) = cli_approver(&server, "bob", "admin");
    live_book_policy(&live, 2);
    let (entry, act) = propose_entry(&live, ETH_DESTINATION);

    // A live key adds an approver: the user waits, held by a user_change.
    let eve = new_user(&live, "eve", "approver").expect(201).body;
    assert_eq!(eve["status"], "PendingApproval");
    let eve_id = eve["id"].as_str().unwrap().to_string();
    let eve_act = eve["activityId"].as_str().unwrap().to_string();
    let held = activity(&live, &eve_act);
    assert_eq!(held["action"], "user_change");
    assert_eq!(held["status"], "Pending");
    assert_eq!(held["objectType"], "user");
    assert_eq!(held["objectId"], eve_id.as_str());
    assert_eq!(
        held["requiredApprovals"], 2,
        "the strictest live rule's quorum"
    );
    let listed = live
        .get("/v1/activities?action=user_change")
        .expect(200)
        .body;
    assert_eq!(listed["data"][0]["id"], eve_act.as_str());

    // Until then Eve is nobody: no sign-in, no key, no way around the wait.
    let mut b = Browser::new(&server);
    assert_eq!(
        b.sign_in("eve@example.com", API_PASSWORD, "/console/activities")
            .status,
        401
    );
    let admin = server.super_admin();
    let bound = admin.post(
        "/api/apikey/create",
        &json!({"name": "eve's", "roles": ["admin"], "environment": "live", "user_id": eve_id}),
    );
    assert_eq!(bound.status, 422, "{}", bound.text);
    let enable = live.patch(&format!("/v1/users/{eve_id}"), &json!({"status": "Active"}));
    assert_eq!(code(enable, 409), "user_change_pending");
    assert_eq!(code(approve(&live, &eve_act), 403), "approver_not_bound");

    // The approvers who already existed decide, seeing what they decide on;
    // then the change is made.
    let mut ann_browser = Browser::new(&server);
    let page = format!("/console/activities/{eve_act}");
    assert_eq!(
        ann_browser
            .sign_in("ann@example.com", PASSWORD, &page)
            .status,
        303
    );
    let shown = ann_browser.get(&page).text;
    assert!(
        shown.contains("add eve &lt;eve@example.com&gt; with the role approver"),
        "{shown}"
    );
    assert_eq!(
        approve(&ann, &eve_act).expect(200).body["status"],
        "Pending"
    );
    assert_eq!(
        approve(&bob, &eve_act).expect(200).body["status"],
        "Approved"
    );
    let eve = live.get(&format!("/v1/users/{eve_id}")).expect(200).body;
    assert_eq!(eve["status"], "Active");
    assert_eq!(eve["role"], "approver");
    assert_eq!(eve["activityId"], Value::Null);

    // Eve came after the entry's request, so she does not decide it, with
    // her password or with a key bound to her on the box.
    let refused = console_approve(&server, "eve@example.com", API_PASSWORD, &act);
    assert_eq!(refused.status, 403, "{}", refused.text);
    let eve_key = server.new_key(
        "eve",
        &[
            "--roles",
            "admin",
            "--env",
            "live",
            "--user",
            "eve@example.com",
        ],
    );
    assert_eq!(code(approve(&eve_key, &act), 403), "approver_too_new");
    assert_eq!(activity(&live, &act)["approvals"], json!([]));
    approve(&ann, &act).expect(200);
    approve(&bob, &act).expect(200);
    assert_eq!(entry_status(&live, &entry), "Active");

    // On a later request Eve counts, but only with a credential made on the
    // box: her password was set through the API, so its holder knows it.
    let (_, act2) = propose_entry(&live, OTHER_ETH);
    let refused = console_approve(&server, "eve@example.com", API_PASSWORD, &act2);
    assert_eq!(refused.status, 403);
    assert!(
        refused.text.contains("set through the API"),
        "{}",
        refused.text
    );
    assert_eq!(
        approve(&eve_key, &act2).expect(200).body["status"],
        "Pending"
    );

    // A refused addition leaves nothing behind; the email is free again.
    let fay = new_user(&live, "fay", "admin").expect(201).body;
    let fay_id = fay["id"].as_str().unwrap();
    reject(&ann, fay["activityId"].as_str().unwrap(), "who is this?").expect(200);
    live.get(&format!("/v1/users/{fay_id}")).expect(404);
    let again = new_user(&live, "fay", "viewer").expect(201).body;
    assert_eq!(
        again["status"], "Active",
        "a viewer decides nothing: at once"
    );
}

#[test]
fn one_admin_credential_cannot_satisfy_its_own_quorum() {
    let server = Server::start();
    let live = server.live_client();
    let (ann_id, ann) = cli_approver(&server, "ann", "approver");
    let (bob_id, _) = cli_approver(&server, "bob", "approver");
    let (dan_id, dan) = cli_approver(&server, "dan", "approver");
    live_book_policy(&live, 2);
    let (entry, act) = propose_entry(&live, ETH_DESTINATION);

    // The admin token mints live keys bound to the existing approvers: they
    // act as them, but do not vote on live requests.
    let admin = server.super_admin();
    for (name, user) in [("as ann", &ann_id), ("as bob", &bob_id)] {
        let created = admin.key(
            &json!({"name": name, "roles": ["admin"], "environment": "live", "user_id": user}),
        );
        let (native, _) = clients_of(&server.base, &created);
        assert_eq!(code(approve(&native, &act), 403), "key_not_trusted");
    }
    // The same admin key cannot promote or re-enable anyone at once...
    let vic = new_user(&live, "vic", "viewer").expect(201).body;
    let vic_id = vic["id"].as_str().unwrap();
    let promoted = live
        .patch(
            &format!("/v1/users/{vic_id}"),
            &json!({"role": "admin", "name": "Vic"}),
        )
        .expect(200)
        .body;
    assert_eq!(promoted["role"], "viewer", "held, not made");
    assert_eq!(promoted["name"], "vic", "the whole patch is held");
    assert!(promoted["activityId"].is_string());
    live.patch(
        &format!("/v1/users/{ann_id}"),
        &json!({"status": "Disabled"}),
    )
    .expect(200);
    let back = live
        .patch(&format!("/v1/users/{ann_id}"), &json!({"status": "Active"}))
        .expect(200)
        .body;
    assert_eq!(back["status"], "Disabled");
    assert!(back["activityId"].is_string());
    // ...but taking power away is at once.
    let demoted = live
        .patch(&format!("/v1/users/{bob_id}"), &json!({"role": "auditor"}))
        .expect(200)
        .body;
    assert_eq!(demoted["role"], "auditor");
    assert_eq!(demoted["activityId"], Value::Null);
    // Nobody approves a change to themselves.
    let dan_admin = live
        .patch(&format!("/v1/users/{dan_id}"), &json!({"role": "admin"}))
        .expect(200)
        .body;
    let dan_act = dan_admin["activityId"].as_str().unwrap();
    assert_eq!(
        code(approve(&dan, dan_act), 409),
        "own_change_cannot_approve"
    );
    assert_eq!(code(approve(&ann, &act), 403), "approver_disabled");

    let a = activity(&live, &act);
    assert_eq!(a["status"], "Pending");
    assert_eq!(a["approvals"], json!([]));
    assert_eq!(entry_status(&live, &entry), "PendingApproval");
}

#[test]
fn an_approver_newer_than_a_request_cannot_decide_it() {
    // In the test environment too: tenure is one rule for every request.
    let server = Server::start();
    let c = server.client();
    let (ann_id, _) = cli_approver(&server, "ann", "approver");
    let ann = server.new_key(
        "ann test",
        &["--roles", "admin", "--user", "ann@example.com"],
    );
    let w = wallet(&c, &c.vault("v"), "BTC");
    fund(&c, &w, "2");
    address_entry(&c, "BTC", BTC_DESTINATION);
    require_withdrawal_approvals(&c, 1);
    let t = withdraw(&c, &w, BTC_DESTINATION, "0.5", "w1")
        .expect(201)
        .body;
    let act = t["activityId"].as_str().unwrap().to_string();

    cli_approver(&server, "carl", "approver");
    let carl = server.new_key(
        "carl test",
        &["--roles", "admin", "--user", "carl@example.com"],
    );
    assert_eq!(code(approve(&carl, &act), 403), "approver_too_new");
    // Disabled and enabled again: a new tenure, after the request.
    let live = server.live_client();
    for status in ["Disabled", "Active"] {
        live.patch(&format!("/v1/users/{ann_id}"), &json!({ "status": status }))
            .expect(200);
    }
    assert_eq!(code(approve(&ann, &act), 403), "approver_too_new");
    assert_eq!(activity(&c, &act)["status"], "Pending");

    let t2 = withdraw(&c, &w, BTC_DESTINATION, "0.5", "w2")
        .expect(201)
        .body;
    let act2 = t2["activityId"].as_str().unwrap();
    assert_eq!(approve(&carl, act2).expect(200).body["status"], "Approved");
}

#[test]
fn passwords_set_through_the_api_do_not_decide_live_requests() {
    // Before any live policy a live key adds approvers at once, with
    // passwords it chose; then it sets a policy and asks. Their tenure is
    // older than the request, but the key holder knows their passwords.
    let server = Server::start();
    let live = server.live_client();
    for name in ["mal1", "mal2"] {
        let u = new_user(&live, name, "approver").expect(201).body;
        assert_eq!(u["status"], "Active");
    }
    live_book_policy(&live, 2);
    let (entry, act) = propose_entry(&live, ETH_DESTINATION);
    for name in ["mal1", "mal2"] {
        let refused = console_approve(&server, &format!("{name}@example.com"), API_PASSWORD, &act);
        assert_eq!(refused.status, 403, "{}", refused.text);
        assert!(
            refused.text.contains("coffer users passwd"),
            "{}",
            refused.text
        );
    }
    assert_eq!(activity(&live, &act)["approvals"], json!([]));
    assert_eq!(entry_status(&live, &entry), "PendingApproval");
}

#[test]
fn a_held_user_change_that_expires_changes_nothing() {
    // 0.001 h = 3.6 s.
    let server = Server::start_with(&[("COFFER_CONSENSUS_ACTIVITY_TTL_HOURS", "0.001")]);
    let live = server.live_client();
    cli_approver(&server, "ann", "approver");
    let (bob_id, _) = cli_approver(&server, "bob", "approver");
    live_book_policy(&live, 1);
    let eve = new_user(&live, "eve", "admin").expect(201).body;
    let eve_id = eve["id"].as_str().unwrap();
    let eve_act = eve["activityId"].as_str().unwrap();
    let bob = live
        .patch(&format!("/v1/users/{bob_id}"), &json!({"role": "admin"}))
        .expect(200)
        .body;
    let bob_act = bob["activityId"].as_str().unwrap();
    wait_for("the user changes to expire", || {
        let done = [eve_act, bob_act]
            .iter()
            .all(|a| activity(&live, a)["status"] == "Expired");
        done.then_some(())
    });
    live.get(&format!("/v1/users/{eve_id}")).expect(404);
    let bob = live.get(&format!("/v1/users/{bob_id}")).expect(200).body;
    assert_eq!(bob["role"], "approver");
    assert_eq!(bob["activityId"], Value::Null);
    // The way is free for the next proposal.
    let again = live
        .patch(&format!("/v1/users/{bob_id}"), &json!({"role": "admin"}))
        .expect(200)
        .body;
    assert!(again["activityId"].is_string());
}

#[test]
fn one_credential_cannot_loosen_the_live_policy_that_binds_it() {
    // The loophole left after the quorum rules: drop the rule that wants
    // approvals, then act at once.
    let server = Server::start();
    let live = server.live_client();
    let (_, ann) = cli_approver(&server, "ann", "approver");
    let (_, bob) = cli_approver(&server, "bob", "approver");
    live_book_policy(&live, 2);
    let before = live.get("/v1/policies").expect(200).body;
    assert_eq!(before["activityId"], Value::Null);

    let held = live.put("/v1/policies", &json!({"rules": []})).expect(200);
    let act = held.body["activityId"].as_str().unwrap().to_string();
    assert_eq!(held.body["version"], before["version"], "{}", held.text);
    assert_eq!(held.body["rules"], before["rules"]);
    assert_eq!(
        live.get("/v1/policies").expect(200).body["rules"],
        before["rules"]
    );
    let pending = activity(&live, &act);
    assert_eq!(pending["action"], "policy_change");
    assert_eq!(pending["requiredApprovals"], 2);
    // The old rule still binds: a new entry waits.
    let (entry, _) = propose_entry(&live, ETH_DESTINATION);
    assert_eq!(entry_status(&live, &entry), "PendingApproval");
    // The approvers see, on the console, what the new document would say.
    let page = format!("/console/activities/{act}");
    let mut b = Browser::new(&server);
    assert_eq!(b.sign_in("ann@example.com", PASSWORD, &page).status, 303);
    let shown = b.get(&page);
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert!(
        shown.text.contains("Replace the live policy"),
        "{}",
        shown.text
    );
    assert!(
        shown
            .text
            .contains("every request would take effect at once"),
        "{}",
        shown.text
    );
    // A bad document is refused at once, never held.
    let bad = live.put("/v1/policies", &json!({"rules": [{"name": "x"}]}));
    assert_eq!(bad.status, 400, "{}", bad.text);

    // The approvers who were there decide; then the new document is in force.
    approve(&ann, &act).expect(200);
    assert_eq!(
        live.get("/v1/policies").expect(200).body["rules"],
        before["rules"]
    );
    approve(&bob, &act).expect(200);
    let now = live.get("/v1/policies").expect(200).body;
    assert_eq!(now["rules"], json!([]));
    assert_eq!(now["version"], before["version"].as_i64().unwrap() + 1);
    let r = live
        .post(
            "/v1/address-book",
            &json!({"assetId": "ETH", "address": OTHER_ETH, "label": "now"}),
        )
        .expect(201);
    assert_eq!(r.body["status"], "Active");

    // The test environment's policy decides test money only: never held.
    let test = server.client();
    let t = test
        .put(
            "/v1/policies",
            &json!({"rules": [{"name": "book", "action": "address_book_create",
                               "decision": "RequireApprovals", "approvals": 2}]}),
        )
        .expect(200);
    assert_eq!(t.body["activityId"], Value::Null);
    test.put("/v1/policies", &json!({"rules": []})).expect(200);
    assert_eq!(
        test.get("/v1/policies").expect(200).body["rules"],
        json!([])
    );
}
