//! The console as approvers use it (docs/console.md): full context on each
//! request, actions only for those who may take them, names instead of ids,
//! confirmation before a rejection, and a comment that survives a session
//! that ended.

use crate::console::{csrf, user_with_password, Browser, PASSWORD};
use crate::ledger::{fund, wallet, BTC_DESTINATION};
use crate::support::{Client, Server};
use serde_json::json;

/// A tenant with approvers ann (approver) and bob (admin), a viewer cid, and
/// dee, an approver whose bound key asks for a withdrawal of 1.5 BTC to the
/// address-book entry "Cold store" that needs two approvals.
pub struct Scene {
    pub server: Server,
    pub api: Client,
    pub activity: String,
    pub page: String,
    pub ids: [String; 4],
}

pub fn scene(extra_env: &[(&str, &str)]) -> Scene {
    let server = Server::start_with(extra_env);
    let api = server.client();
    let ids = ["ann", "bob", "cid", "dee"].map(|n| {
        let role = match n {
            "bob" => "admin",
            "cid" => "viewer",
            _ => "approver",
        };
        user_with_password(&server, n, role)
    });
    let dee = server.new_key(
        "dee's key",
        &["--roles", "admin", "--user", "dee@example.com"],
    );
    let w = wallet(&api, &api.vault("Treasury"), "BTC");
    fund(&api, &w, "2");
    api.post(
        "/v1/address-book",
        &json!({"assetId": "BTC", "address": BTC_DESTINATION, "label": "Cold store"}),
    )
    .expect(201);
    let rule = json!({"name": "Two eyes on BTC", "action": "withdrawal", "assetId": "BTC",
        "decision": "RequireApprovals", "approvals": 2});
    api.put("/v1/policies", &json!({ "rules": [rule] }))
        .expect(200);
    let t = dee
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({"sourceWalletId": w, "destinationAddress": BTC_DESTINATION,
                "amount": "1.5", "note": "Quarterly rebalance"}),
            "w1",
        )
        .expect(201)
        .body;
    let activity = t["activityId"].as_str().unwrap().to_string();
    Scene {
        page: format!("/console/activities/{activity}"),
        server,
        api,
        activity,
        ids,
    }
}

pub fn signed_in(server: &Server, name: &str) -> Browser {
    let mut b = Browser::new(server);
    let r = b.sign_in(&format!("{name}@example.com"), PASSWORD, "/console");
    assert_eq!(r.status, 303, "{}", r.text);
    b
}

#[test]
fn console_shows_the_whole_request_and_offers_only_allowed_actions() {
    let s = scene(&[]);
    let ann = signed_in(&s.server, "ann");

    // The list: one row with amount, asset, label, progress, environment.
    let list = ann.get("/console");
    assert_eq!(list.status, 200);
    for text in [
        "Withdraw 1.5 BTC to \u{201c}Cold store\u{201d}",
        "0 of 2 approvals",
        "TEST",
        "by dee",
    ] {
        assert!(list.text.contains(text), "{text} in {}", list.text);
    }
    assert!(list.text.contains(&s.page));
    assert!(list.text.contains("<main>"), "{}", list.text);

    let page = ann.get(&s.page).text;
    for text in [
        "1.5 BTC",
        "Network fee",
        "vault Treasury",
        "Cold store",
        BTC_DESTINATION,
        "Quarterly rebalance",
        "dee (dee@example.com)",
        "\u{201c}Two eyes on BTC\u{201d} (policy version 1): 2 approvals by approvers",
        "expires in ",
        "TEST — sandbox, no real money",
        ">Approve</button>",
        "Reject…</button>",
        "No decisions yet.",
    ] {
        assert!(page.contains(text), "{text} in {page}");
    }
    // Ids stay out of what people read.
    for id in &s.ids {
        assert!(!page.contains(id.as_str()), "{id} shown");
    }

    // The initiator, a viewer: no approve button, and the reason in words.
    let dee = signed_in(&s.server, "dee").get(&s.page).text;
    assert!(!dee.contains(">Approve</button>"), "{dee}");
    assert!(dee.contains("you made this request"), "{dee}");
    let cid = signed_in(&s.server, "cid").get(&s.page).text;
    assert!(
        !cid.contains(">Approve</button>") && !cid.contains("Reject…"),
        "{cid}"
    );
    assert!(cid.contains("your role does not decide"), "{cid}");

    // An approver added after the request was made is too new to decide it.
    user_with_password(&s.server, "eve", "approver");
    let eve = signed_in(&s.server, "eve").get(&s.page).text;
    assert!(
        !eve.contains(">Approve</button>") && !eve.contains("Reject…"),
        "{eve}"
    );
    assert!(
        eve.contains("you became an approver after this request was made"),
        "{eve}"
    );

    // Ann approves (POST answered by a redirect), and then may not again.
    let token = csrf(&page);
    let r = ann.post(
        &format!("{}/approve", s.page),
        &[("csrf_token", &token), ("comment", "checked with Bob")],
    );
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some(s.page.as_str()));
    let after = ann.get(&s.page).text;
    assert!(after.contains("ann (you)</strong> approved"), "{after}");
    assert!(after.contains("checked with Bob") && after.contains("1 of 2 approvals"));
    assert!(!after.contains(">Approve</button>"), "{after}");
    assert!(after.contains("you have already decided"), "{after}");

    // Bob's rejection asks for confirmation first and keeps his comment.
    let bob = signed_in(&s.server, "bob");
    let token_b = csrf(&bob.get(&s.page).text);
    let ask = bob.post(
        &format!("{}/reject", s.page),
        &[("csrf_token", &token_b), ("comment", "wrong <quarter>")],
    );
    assert_eq!(ask.status, 200);
    assert!(ask.text.contains("Yes, reject"), "{}", ask.text);
    assert!(ask.text.contains("wrong &lt;quarter&gt;"), "{}", ask.text);
    let a = s
        .api
        .get(&format!("/v1/activities/{}", s.activity))
        .expect(200)
        .body;
    assert_eq!(a["status"], "Pending");
    // He thinks again and approves: the quorum is reached, the withdrawal moves on.
    assert_eq!(
        bob.post(&format!("{}/approve", s.page), &[("csrf_token", &token_b)])
            .status,
        303
    );
    let a = s
        .api
        .get(&format!("/v1/activities/{}", s.activity))
        .expect(200)
        .body;
    assert_eq!(a["status"], "Approved");
    let done = bob.get(&s.page).text;
    assert!(
        done.contains("2 of 2 approvals") && done.contains("Approved"),
        "{done}"
    );
    assert!(!done.contains("Your decision"), "{done}");

    // Nothing waits now; the history has it.
    let list = ann.get("/console").text;
    assert!(list.contains("Nothing waiting"), "{list}");
    let history = ann.get("/console/history").text;
    assert!(
        history.contains(&s.page) && history.contains("Approved"),
        "{history}"
    );
}

#[test]
fn console_brings_an_approver_back_to_the_request_with_the_comment_after_sign_in() {
    let s = scene(&[]);
    // A session that ended (or never was): the decision is not recorded ...
    let mut ann = Browser::new(&s.server);
    let r = ann.post(
        &format!("{}/approve", s.page),
        &[("csrf_token", "stale"), ("comment", "fine & dandy?")],
    );
    assert_eq!(r.status, 303);
    let next = format!("{}?comment=fine%20%26%20dandy%3F", s.page);
    let location = r.header("location").unwrap().to_string();
    assert!(location.starts_with("/console/login?next="), "{location}");
    // ... sign-in comes back to the request page (not the POST-only address) ...
    let form = ann.get(&location);
    assert_eq!(form.status, 200);
    assert!(
        form.text.contains(&format!("value=\"{next}\"")),
        "{}",
        form.text
    );
    let back = ann.sign_in("ann@example.com", PASSWORD, &next);
    assert_eq!(back.header("location"), Some(next.as_str()));
    // ... with the comment in the form, ready to send.
    let page = ann.get(&next).text;
    assert!(page.contains(">fine &amp; dandy?</textarea>"), "{page}");
    let a = s
        .api
        .get(&format!("/v1/activities/{}", s.activity))
        .expect(200)
        .body;
    assert_eq!(a["approvals"], json!([]));
}

#[test]
fn console_home_error_pages_and_its_own_sign_in_budget() {
    let s = scene(&[("COFFER_LIMITS_FAILED_AUTH_PER_IP_PER_MINUTE", "3")]);
    let anon = Browser::new(&s.server);
    let root = anon.get("/");
    assert_eq!(root.status, 303);
    assert_eq!(root.header("location"), Some("/console"));
    let home = anon.get("/console");
    assert_eq!(
        home.header("location"),
        Some("/console/login?next=/console")
    );
    // Error pages lead back.
    let ann = signed_in(&s.server, "ann");
    let missing = ann.get("/console/activities/0190a5a0-0000-7000-8000-000000000001");
    assert_eq!(missing.status, 404);
    assert!(
        missing.text.contains("href=\"/console\""),
        "{}",
        missing.text
    );
    let wrong = ann.get(&format!("{}/approve", s.page));
    assert_eq!(wrong.status, 405);
    assert!(wrong.text.contains("href=\"/console\""), "{}", wrong.text);

    // Failed API signatures from this address do not spend the console's budget.
    crate::auth::window_with_room(20);
    let forged = Client::new(&s.server.base, &s.api.key_id, &"0".repeat(64));
    for _ in 0..3 {
        forged.get("/v1/assets").expect(401);
    }
    let mut b = Browser::new(&s.server);
    assert_eq!(
        b.sign_in("ann@example.com", PASSWORD, "/console").status,
        303
    );
    // Its own failures do, and the page says why.
    for _ in 0..3 {
        assert_eq!(
            b.sign_in("ann@example.com", "not the password", "/console")
                .status,
            401
        );
    }
    let refused = b.sign_in("ann@example.com", PASSWORD, "/console");
    assert_eq!(refused.status, 429);
    assert!(
        refused.text.contains("Too many failed sign-ins"),
        "{}",
        refused.text
    );
    assert!(refused.header("retry-after").is_some());
}

#[test]
fn console_approvers_can_be_notified_by_activity_webhooks() {
    use crate::webhooks::{configure, Receiver, FAST};
    let server = Server::start_with(FAST);
    let api = server.client();
    user_with_password(&server, "ann", "approver");
    let receiver = Receiver::ok();
    configure(
        &api,
        &receiver.url,
        Some(&["activity.created", "activity.decided"]),
    );
    let w = wallet(&api, &api.vault("v"), "BTC");
    fund(&api, &w, "2");
    crate::ledger::address_entry(&api, "BTC", BTC_DESTINATION);
    crate::policies::require_withdrawal_approvals(&api, 1);
    let t = crate::policies::withdraw(&api, &w, BTC_DESTINATION, "1", "n1")
        .expect(201)
        .body;
    let act = t["activityId"].as_str().unwrap();
    let created = receiver.wait_for_type("activity.created").json();
    assert_eq!(created["data"]["id"], act);
    assert_eq!(created["data"]["status"], "Pending");
    assert_eq!(created["data"]["requiredApprovals"], 1);

    let ann = signed_in(&server, "ann");
    let page = format!("/console/activities/{act}");
    let token = csrf(&ann.get(&page).text);
    assert_eq!(
        ann.post(&format!("{page}/approve"), &[("csrf_token", &token)])
            .status,
        303
    );
    let decided = receiver.wait_for_type("activity.decided").json();
    assert_eq!(decided["data"]["id"], act);
    assert_eq!(decided["data"]["status"], "Approved");
    assert_eq!(decided["data"]["approvals"][0]["decision"], "Approved");
    // Only what the endpoint subscribed to was sent.
    assert!(receiver
        .received()
        .iter()
        .all(|r| r.json()["type"].as_str().unwrap().starts_with("activity.")));
}

#[test]
fn console_shows_what_wallet_and_address_book_requests_change() {
    let server = Server::start();
    let api = server.client();
    user_with_password(&server, "ann", "approver");
    let rules = json!({"rules": [
        {"name": "wallets", "action": "wallet_create", "decision": "RequireApprovals", "approvals": 1},
        {"name": "book", "action": "address_book_create", "decision": "RequireApprovals", "approvals": 1}]});
    api.put("/v1/policies", &rules).expect(200);
    let vault = api.vault("Reserve");
    let w = api
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({"assetId": "BTC", "label": "cold BTC"}),
        )
        .expect(201)
        .body;
    let e = api
        .post(
            "/v1/address-book",
            &json!({"assetId": "BTC", "address": BTC_DESTINATION, "label": "Exchange"}),
        )
        .expect(201)
        .body;
    let ann = signed_in(&server, "ann");
    let list = ann.get("/console").text;
    assert!(list.contains("New BTC wallet in vault Reserve"), "{list}");
    assert!(
        list.contains("Add \u{201c}Exchange\u{201d} (BTC) to the address book"),
        "{list}"
    );
    let page = ann
        .get(&format!(
            "/console/activities/{}",
            w["activityId"].as_str().unwrap()
        ))
        .text;
    for want in [
        "open a new BTC wallet",
        "Reserve",
        "cold BTC",
        "\u{201c}wallets\u{201d}",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    let page = ann
        .get(&format!(
            "/console/activities/{}",
            e["activityId"].as_str().unwrap()
        ))
        .text;
    for want in [
        "add an address that withdrawals may be sent to",
        "Exchange",
        BTC_DESTINATION,
        "\u{201c}book\u{201d}",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
}
