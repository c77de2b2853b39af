//! Admins on the console disable users, revoke API keys and redeliver
//! webhooks (docs/console.md, "People, keys and webhooks"): the same service
//! calls as the API, confirmation first, CSRF, POST then redirect, audited
//! as the API's, and nothing for other roles.

use crate::console::{csrf, user_with_password};
use crate::console_approvals::signed_in;
use crate::ledger::{wait_for, BTC_DESTINATION};
use crate::support::{Resp, Server};
use serde_json::json;

fn refused(r: Resp, status: u16, code: &str) {
    let r = r.expect(status);
    assert_eq!(r.code(), code, "{}", r.text);
}

#[test]
fn an_admin_disables_a_user_and_revokes_a_key_from_the_console() {
    let server = Server::start();
    let api = server.client();
    let live = server.live_client();
    let bob_id = user_with_password(&server, "bob", "admin");
    let ann_id = user_with_password(&server, "ann", "approver");
    user_with_password(&server, "cid", "viewer");
    user_with_password(&server, "eve", "auditor");
    let bob_key = server.new_key(
        "bob's key",
        &["--roles", "admin", "--user", "bob@example.com"],
    );
    let ann_key = server.new_key(
        "ann's key",
        &["--roles", "admin", "--user", "ann@example.com"],
    );
    let ci = server.new_key("ci", &["--roles", "operator"]);

    // A request ann may decide: an address-book entry waiting for one approval.
    api.put(
        "/v1/policies",
        &json!({"rules": [{"name": "Book", "action": "address_book_create",
                           "decision": "RequireApprovals", "approvals": 1}]}),
    )
    .expect(200);
    let entry = bob_key
        .post(
            "/v1/address-book",
            &json!({"assetId": "BTC", "address": BTC_DESTINATION, "label": "Cold store"}),
        )
        .expect(201)
        .body;
    let activity = entry["activityId"].as_str().unwrap().to_string();

    let bob = signed_in(&server, "bob");
    let ann = signed_in(&server, "ann");
    let page = bob.get("/console/users").text;
    let disable = format!("/console/users/{ann_id}/disable");
    assert!(page.contains(&format!("action=\"{disable}\"")), "{page}");
    assert!(
        !page.contains(&format!("/console/users/{bob_id}/disable")),
        "no button to disable oneself: {page}"
    );
    let ci_revoke = format!("/console/keys/{}/revoke", ci.key_id);
    assert!(page.contains(&format!("action=\"{ci_revoke}\"")), "{page}");
    let token = csrf(&page);

    // Other roles see no buttons, and their POSTs are refused.
    for name in ["cid", "eve", "ann"] {
        let b = signed_in(&server, name);
        let seen = b.get("/console/users").text;
        assert!(
            !seen.contains("Disable\u{2026}") && !seen.contains("Revoke\u{2026}"),
            "{name}: {seen}"
        );
        let t = csrf(&seen);
        for path in [&disable, &ci_revoke] {
            let r = b.post(path, &[("csrf_token", &t), ("confirm", "yes")]);
            assert_eq!(r.status, 403, "{name} {path}: {}", r.text);
        }
    }
    ci.get("/v1/assets").expect(200);
    assert_eq!(
        api.get(&format!("/v1/users/{ann_id}")).expect(200).body["status"],
        "Active"
    );

    // Without the CSRF token: refused, nothing changes.
    let forged = bob.post(&disable, &[("confirm", "yes")]);
    assert_eq!(forged.status, 403, "{}", forged.text);
    let forged = bob.post(&ci_revoke, &[("confirm", "yes")]);
    assert_eq!(forged.status, 403, "{}", forged.text);
    ci.get("/v1/assets").expect(200);

    // Disabling asks first.
    let ask = bob.post(&disable, &[("csrf_token", &token)]);
    assert_eq!(ask.status, 200, "{}", ask.text);
    assert!(
        ask.text.contains("Yes, disable") && ask.text.contains("ann@example.com"),
        "{}",
        ask.text
    );
    assert_eq!(
        api.get(&format!("/v1/users/{ann_id}")).expect(200).body["status"],
        "Active"
    );
    assert_eq!(ann.get("/console/users").status, 200);

    // Confirmed: disabled at once, as PATCH /v1/users/{id} does.
    let done = bob.post(&disable, &[("csrf_token", &token), ("confirm", "yes")]);
    assert_eq!(done.status, 303, "{}", done.text);
    let location = done.header("location").unwrap().to_string();
    assert_eq!(location, format!("/console/users?disabled={ann_id}"));
    let after = bob.get(&location).text;
    assert!(
        after.contains("Disabled \u{201c}ann\u{201d}: their console sessions ended."),
        "{after}"
    );
    assert_eq!(
        api.get(&format!("/v1/users/{ann_id}")).expect(200).body["status"],
        "Disabled"
    );
    // Her console session ended, and her bound key no longer decides.
    let r = ann.get("/console/users");
    assert_eq!(r.status, 303, "{}", r.text);
    assert!(r.header("location").unwrap().starts_with("/console/login"));
    refused(
        ann_key.post(&format!("/v1/activities/{activity}/approve"), &json!({})),
        403,
        "approver_disabled",
    );
    let audit = live
        .get("/v1/audit-log?action=user.update")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "User", "{audit}");
    assert_eq!(audit["data"][0]["actor"]["id"], bob_id.as_str(), "{audit}");
    assert_eq!(audit["data"][0]["objectId"], ann_id.as_str(), "{audit}");
    // Disabled already: nothing to do.
    let again = bob.post(&disable, &[("csrf_token", &token), ("confirm", "yes")]);
    assert_eq!(again.status, 409, "{}", again.text);

    // No one disables themselves: not on the console, not through the API
    // with a live key bound to them.
    let own = format!("/console/users/{bob_id}/disable");
    let r = bob.post(&own, &[("csrf_token", &token), ("confirm", "yes")]);
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("cannot disable yourself"), "{}", r.text);
    let bob_live = server.new_key(
        "bob live",
        &[
            "--roles",
            "admin",
            "--env",
            "live",
            "--user",
            "bob@example.com",
        ],
    );
    refused(
        bob_live.patch(
            &format!("/v1/users/{bob_id}"),
            &json!({"status": "Disabled"}),
        ),
        403,
        "cannot_disable_self",
    );
    assert_eq!(
        api.get(&format!("/v1/users/{bob_id}")).expect(200).body["status"],
        "Active"
    );

    // Revoking a key asks first, then the key's next request is refused.
    let ask = bob.post(&ci_revoke, &[("csrf_token", &token)]);
    assert_eq!(ask.status, 200, "{}", ask.text);
    assert!(
        ask.text.contains("Yes, revoke") && ask.text.contains("\u{201c}ci\u{201d}"),
        "{}",
        ask.text
    );
    ci.get("/v1/assets").expect(200);
    let done = bob.post(&ci_revoke, &[("csrf_token", &token), ("confirm", "yes")]);
    assert_eq!(done.status, 303, "{}", done.text);
    let location = done.header("location").unwrap().to_string();
    assert_eq!(location, format!("/console/users?revoked={}", ci.key_id));
    assert!(bob
        .get(&location)
        .text
        .contains("Revoked the key \u{201c}ci\u{201d}."));
    refused(ci.get("/v1/assets"), 401, "api_key_revoked");
    let audit = api
        .get("/v1/audit-log?action=api_key.revoke")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "User", "{audit}");
    assert_eq!(audit["data"][0]["actor"]["id"], bob_id.as_str(), "{audit}");
    assert_eq!(audit["data"][0]["objectId"], ci.key_id.as_str(), "{audit}");
    let again = bob.post(&ci_revoke, &[("csrf_token", &token), ("confirm", "yes")]);
    assert_eq!(again.status, 409, "{}", again.text);
    let page = bob.get("/console/users").text;
    assert!(!page.contains(&format!("action=\"{ci_revoke}\"")), "{page}");
}

#[test]
fn an_admin_redelivers_a_failed_webhook_from_the_console() {
    let server = Server::start_with(&[
        ("COFFER_WEBHOOKS_RETRY_BASE_SECS", "0.05"),
        ("COFFER_WEBHOOKS_POLL_INTERVAL_MS", "50"),
        ("COFFER_WEBHOOKS_GIVE_UP_AFTER_HOURS", "0"),
    ]);
    let api = server.client();
    let bob_id = user_with_password(&server, "bob", "admin");
    user_with_password(&server, "eve", "auditor");
    api.put(
        "/v1/webhooks/outbound",
        &json!({"url": "http://127.0.0.1:1/x"}),
    )
    .expect(200);
    let event = api
        .send("POST", "/v1/webhooks/outbound/test", b"", &[])
        .expect(202)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let failed = wait_for("the delivery to fail", || {
        let d = api
            .get(&format!("/v1/webhooks/deliveries?eventId={event}"))
            .expect(200)
            .body["data"][0]
            .clone();
        (d["status"] == "Failed").then_some(d)
    });
    let id = failed["id"].as_str().unwrap().to_string();
    let attempts = failed["attemptCount"].as_i64().unwrap();
    let redeliver = format!("/console/webhooks/deliveries/{id}/redeliver");

    // An auditor reads the page but has no button, and a POST is refused.
    let eve = signed_in(&server, "eve");
    let seen = eve.get("/console/webhooks?env=test").text;
    assert!(seen.contains("Failed"), "{seen}");
    assert!(!seen.contains(&redeliver), "{seen}");
    let t = csrf(&seen);
    let r = eve.post(&redeliver, &[("csrf_token", &t), ("env", "test")]);
    assert_eq!(r.status, 403, "{}", r.text);

    let bob = signed_in(&server, "bob");
    let page = bob.get("/console/webhooks?env=test").text;
    assert!(page.contains(&format!("action=\"{redeliver}\"")), "{page}");
    let token = csrf(&page);
    // Without the CSRF token: refused.
    let forged = bob.post(&redeliver, &[("env", "test")]);
    assert_eq!(forged.status, 403, "{}", forged.text);
    let d = api
        .get(&format!("/v1/webhooks/deliveries/{id}"))
        .expect(200)
        .body;
    assert_eq!(d["status"], "Failed", "{d}");

    let done = bob.post(&redeliver, &[("csrf_token", &token), ("env", "test")]);
    assert_eq!(done.status, 303, "{}", done.text);
    let location = done.header("location").unwrap().to_string();
    assert_eq!(location, "/console/webhooks?env=test&redelivered=1");
    assert!(bob.get(&location).text.contains("Queued again"));
    // A new attempt is made (and fails again: nothing listens there).
    wait_for("a new attempt", || {
        let d = api
            .get(&format!("/v1/webhooks/deliveries/{id}"))
            .expect(200)
            .body;
        (d["attemptCount"].as_i64().unwrap() > attempts).then_some(())
    });
    let audit = api
        .get("/v1/audit-log?action=webhook.redeliver")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "User", "{audit}");
    assert_eq!(audit["data"][0]["actor"]["id"], bob_id.as_str(), "{audit}");
    assert_eq!(audit["data"][0]["objectId"], id.as_str(), "{audit}");

    // A delivery of the other books is not found from these.
    let r = bob.post(
        &redeliver.replace(&id, "01890000-0000-7000-8000-000000000000"),
        &[("csrf_token", &token), ("env", "test")],
    );
    assert_eq!(r.status, 404, "{}", r.text);
    let r = bob.post(&redeliver, &[("csrf_token", &token), ("env", "live")]);
    assert_eq!(r.status, 404, "{}", r.text);
}
