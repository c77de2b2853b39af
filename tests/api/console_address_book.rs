//! Changing the address book from the console (docs/console.md, "Address
//! book"): the same policy gate and service calls as `POST /v1/address-book`
//! and `DELETE /v1/address-book/{id}`, POST then redirect, refusals shown
//! with the values kept, only for admins and approvers, audited as the user.

use crate::console::{csrf, user_with_password};
use crate::console_approvals::signed_in;
use crate::ledger::{BTC_DESTINATION, ETH_DESTINATION};
use crate::support::{Client, Server};
use serde_json::{json, Value};

fn book(api: &Client) -> Vec<Value> {
    api.get("/v1/address-book").expect(200).body["data"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn console_admin_adds_and_removes_test_addresses_and_refusals_keep_the_form() {
    let server = Server::start();
    let api = server.client();
    let bob_id = user_with_password(&server, "bob", "admin");
    user_with_password(&server, "cid", "viewer");
    let bob = signed_in(&server, "bob");

    let page = bob.get("/console/address-book?env=test").text;
    for want in [
        "Add an address",
        "<label for=\"address\">Address</label>",
        "<label for=\"label\">Label</label>",
        "<option value=\"BTC\"",
        "name=\"env\" value=\"test\"",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    let token = csrf(&page);

    // A bad address: refused with the reason, the values kept, nothing made.
    let bad = bob.post(
        "/console/address-book",
        &[
            ("csrf_token", &token),
            ("env", "test"),
            ("asset", "BTC"),
            ("address", "not-an-address"),
            ("label", "Typo & co"),
        ],
    );
    assert_eq!(bad.status, 400, "{}", bad.text);
    assert!(bad.text.contains("Not added: address"), "{}", bad.text);
    assert!(
        bad.text.contains("value=\"not-an-address\""),
        "{}",
        bad.text
    );
    assert!(bad.text.contains("value=\"Typo &amp; co\""), "{}", bad.text);
    assert!(book(&api).is_empty());

    // Without the CSRF token: refused, nothing made.
    let forged = bob.post(
        "/console/address-book",
        &[
            ("env", "test"),
            ("asset", "BTC"),
            ("address", BTC_DESTINATION),
            ("label", "Cold store"),
        ],
    );
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert!(book(&api).is_empty());

    // Added: active at once (no policy), then redirected back with a notice.
    let add = [
        ("csrf_token", token.as_str()),
        ("env", "test"),
        ("asset", "BTC"),
        ("address", BTC_DESTINATION),
        ("tag", ""),
        ("label", "Cold store"),
    ];
    let r = bob.post("/console/address-book", &add);
    assert_eq!(r.status, 303, "{}", r.text);
    let location = r.header("location").unwrap().to_string();
    assert!(
        location.starts_with("/console/address-book?env=test&added="),
        "{location}"
    );
    let after = bob.get(&location).text;
    assert!(
        after.contains("Added \u{201c}Cold store\u{201d}."),
        "{after}"
    );
    let entries = book(&api);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], "Active");
    assert_eq!(entries[0]["label"], "Cold store");
    assert_eq!(entries[0]["address"], BTC_DESTINATION);
    let id = entries[0]["id"].as_str().unwrap().to_string();
    assert!(location.ends_with(&id));
    let audit = api
        .get("/v1/audit-log?action=address_book.create")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "User", "{audit}");
    assert_eq!(audit["data"][0]["actor"]["id"], bob_id.as_str(), "{audit}");
    assert_eq!(audit["data"][0]["objectId"], id.as_str(), "{audit}");

    // The same address again: 409 with the reason.
    let again = bob.post("/console/address-book", &add);
    assert_eq!(again.status, 409, "{}", again.text);
    assert!(
        again.text.contains("already in the address book"),
        "{}",
        again.text
    );

    // A policy that blocks: 422 with the rule's name, nothing made.
    api.put(
        "/v1/policies",
        &json!({"rules": [{"name": "no ETH book", "action": "address_book_create",
                           "assetId": "ETH", "decision": "Block"}]}),
    )
    .expect(200);
    let blocked = bob.post(
        "/console/address-book",
        &[
            ("csrf_token", &token),
            ("env", "test"),
            ("asset", "ETH"),
            ("address", ETH_DESTINATION),
            ("label", "Hot"),
        ],
    );
    assert_eq!(blocked.status, 422, "{}", blocked.text);
    assert!(blocked.text.contains("no ETH book"), "{}", blocked.text);
    assert_eq!(book(&api).len(), 1);

    // A viewer reads the book but gets no form, and a POST is refused.
    let cid = signed_in(&server, "cid");
    let seen = cid.get("/console/address-book?env=test").text;
    assert!(seen.contains("Cold store"), "{seen}");
    assert!(
        !seen.contains("Add an address") && !seen.contains("Remove\u{2026}"),
        "{seen}"
    );
    let cid_token = csrf(&seen);
    let refused = cid.post(
        "/console/address-book",
        &[
            ("csrf_token", &cid_token),
            ("env", "test"),
            ("asset", "BTC"),
            ("address", "bcrt1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
            ("label", "Viewer's"),
        ],
    );
    assert_eq!(refused.status, 403, "{}", refused.text);
    let remove = format!("/console/address-book/{id}/remove");
    let refused = cid.post(
        &remove,
        &[
            ("csrf_token", &cid_token),
            ("env", "test"),
            ("confirm", "yes"),
        ],
    );
    assert_eq!(refused.status, 403, "{}", refused.text);
    assert_eq!(book(&api).len(), 1);

    // Removal asks first, then removes; the API no longer has it.
    let page = bob.get("/console/address-book?env=test").text;
    assert!(page.contains(&format!("action=\"{remove}\"")), "{page}");
    let ask = bob.post(&remove, &[("csrf_token", &token), ("env", "test")]);
    assert_eq!(ask.status, 200, "{}", ask.text);
    assert!(
        ask.text.contains("Yes, remove") && ask.text.contains("Cold store"),
        "{}",
        ask.text
    );
    assert_eq!(book(&api).len(), 1);
    let forged = bob.post(&remove, &[("env", "test"), ("confirm", "yes")]);
    assert_eq!(forged.status, 403, "{}", forged.text);
    assert_eq!(book(&api).len(), 1);
    let done = bob.post(
        &remove,
        &[("csrf_token", &token), ("env", "test"), ("confirm", "yes")],
    );
    assert_eq!(done.status, 303, "{}", done.text);
    let location = done.header("location").unwrap();
    assert_eq!(location, "/console/address-book?env=test&removed=1");
    assert!(bob
        .get(location)
        .text
        .contains("Removed from the address book."));
    assert!(book(&api).is_empty());
    api.get(&format!("/v1/address-book/{id}")).expect(404);
    let audit = api
        .get("/v1/audit-log?action=address_book.delete")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["id"], bob_id.as_str(), "{audit}");
    // Removing it again finds nothing.
    let twice = bob.post(
        &remove,
        &[("csrf_token", &token), ("env", "test"), ("confirm", "yes")],
    );
    assert_eq!(twice.status, 404, "{}", twice.text);
}

#[test]
fn console_live_addition_under_a_policy_waits_for_approvals() {
    let server = Server::start();
    let live = server.live_client();
    user_with_password(&server, "ann", "approver");
    live.put(
        "/v1/policies",
        &json!({"rules": [{"name": "book", "action": "address_book_create",
                           "decision": "RequireApprovals", "approvals": 2}]}),
    )
    .expect(200);
    let ann = signed_in(&server, "ann");
    let page = ann.get("/console/address-book").text;
    assert!(page.contains("LIVE — real money"), "{page}");
    let token = csrf(&page);
    let r = ann.post(
        "/console/address-book",
        &[
            ("csrf_token", &token),
            ("env", "live"),
            ("asset", "ETH"),
            ("address", ETH_DESTINATION),
            ("label", "Exchange"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text);
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with("/console/address-book?env=live&added="));

    let entries = book(&live);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], "PendingApproval");
    let activity = entries[0]["activityId"].as_str().unwrap();
    let a = live
        .get(&format!("/v1/activities/{activity}"))
        .expect(200)
        .body;
    assert_eq!(a["status"], "Pending");
    assert_eq!(a["initiator"]["name"], "ann", "{a}");

    let after = ann.get(&location).text;
    assert!(
        after.contains("\u{201c}Exchange\u{201d} is waiting for 2 approvals"),
        "{after}"
    );
    assert!(
        after.contains(&format!("href=\"/console/activities/{activity}\"")),
        "{after}"
    );
    // A pending entry has no Remove button: it is decided on its request.
    assert!(!after.contains("Remove\u{2026}"), "{after}");
    // The request is on the waiting list for others to decide.
    assert!(ann
        .get("/console")
        .text
        .contains("Add \u{201c}Exchange\u{201d} (ETH) to the address book"));
}
