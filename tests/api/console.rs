//! The approval console (docs/api.md, "Consensus") over plain HTTP: sign-in form with CSRF,
//! session cookie, approving and rejecting on server-rendered pages.

use crate::ledger::{address_entry, balance, fund, transaction, wallet, BTC_DESTINATION};
use crate::policies::require_withdrawal_approvals;
use crate::support::{raw, Resp, Server, TempDir};
use serde_json::json;

pub const PASSWORD: &str = "correct horse battery staple";

/// An agent that shows redirects instead of following them.
fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(std::time::Duration::from_secs(30))
        .build()
}

fn encode(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first hidden `csrf_token` field of a page.
pub fn csrf(page: &str) -> String {
    let start = page
        .find("name=\"csrf_token\" value=\"")
        .expect("no csrf_token field")
        + 25;
    page[start..].split('"').next().unwrap().to_string()
}

/// `name=value` of a Set-Cookie header.
fn cookie_pair(r: &Resp) -> String {
    r.header("set-cookie")
        .expect("no Set-Cookie")
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

pub struct Browser {
    base: String,
    agent: ureq::Agent,
    cookie: String,
}

impl Browser {
    pub fn new(server: &Server) -> Browser {
        Browser {
            base: server.base.clone(),
            agent: agent(),
            cookie: String::new(),
        }
    }

    pub fn get(&self, path: &str) -> Resp {
        raw(
            &self.agent,
            "GET",
            &format!("{}{path}", self.base),
            &[("Cookie", &self.cookie)],
            b"",
        )
    }

    pub fn post(&self, path: &str, form: &[(&str, &str)]) -> Resp {
        raw(
            &self.agent,
            "POST",
            &format!("{}{path}", self.base),
            &[
                ("Cookie", &self.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            encode(form).as_bytes(),
        )
    }

    /// Signs in through the form; the browser then holds the session cookie.
    pub fn sign_in(&mut self, email: &str, password: &str, next: &str) -> Resp {
        let form = self.get(&format!("/console/login?next={next}"));
        assert_eq!(form.status, 200);
        self.cookie = cookie_pair(&form);
        let token = csrf(&form.text);
        let r = self.post(
            "/console/login",
            &[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
                ("next", next),
            ],
        );
        if r.status == 303 {
            self.cookie = cookie_pair(&r);
        }
        r
    }
}

pub fn user_with_password(server: &Server, name: &str, role: &str) -> String {
    let dir = TempDir::new("pw");
    let file = dir.path().join("pw");
    std::fs::write(&file, format!("{PASSWORD}\n")).unwrap();
    let email = format!("{name}@example.com");
    let out = server.cli(&[
        "users", "add", "--json", "--name", name, "--email", &email, "--role", role,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = server.cli(&[
        "users",
        "passwd",
        "--email",
        &email,
        "--password-file",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let user: serde_json::Value =
        serde_json::from_slice(&server.cli(&["users", "list", "--json"]).stdout).unwrap();
    user.as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn approvers_sign_in_and_decide_on_the_console() {
    let server = Server::start();
    let c = server.client();
    let ann_id = user_with_password(&server, "ann", "approver");
    user_with_password(&server, "bob", "admin");
    let w = wallet(&c, &c.vault("v"), "BTC");
    fund(&c, &w, "2");
    address_entry(&c, "BTC", BTC_DESTINATION);
    require_withdrawal_approvals(&c, 2);
    // Through the Coinbase-compatible API, whose approval_url is the console page.
    let created = server
        .coinbase()
        .post(
            "/api/v1/transactions",
            &json!({"source": w, "destination": BTC_DESTINATION, "whole_amount": "1"}),
        )
        .expect(200)
        .body;
    let act = created["activity_id"].as_str().unwrap().to_string();
    let url = created["approval_url"].as_str().unwrap();
    let page_path = format!("/console/activities/{act}");
    assert!(url.ends_with(&page_path), "{url}");

    // Not signed in: sent to the sign-in form, coming back afterwards.
    let mut ann = Browser::new(&server);
    let away = ann.get(&page_path);
    assert_eq!(away.status, 303);
    assert_eq!(
        away.header("location"),
        Some(format!("/console/login?next={page_path}").as_str())
    );

    // The form's cookie and CSRF token; a post without them is refused.
    let form = ann.get("/console/login");
    assert_eq!(form.status, 200);
    assert!(form
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(form.text.contains("name=\"email\"") && form.text.contains("name=\"password\""));
    let login_cookie = form.header("set-cookie").unwrap().to_string();
    assert!(login_cookie.contains("HttpOnly"), "{login_cookie}");
    assert!(login_cookie.contains("SameSite=Strict"), "{login_cookie}");
    assert!(!login_cookie.contains("Secure"), "{login_cookie}");
    let forged = ann.post(
        "/console/login",
        &[
            ("email", "ann@example.com"),
            ("password", PASSWORD),
            ("csrf_token", "x"),
        ],
    );
    assert_eq!(forged.status, 403);
    assert!(forged
        .header("set-cookie")
        .is_none_or(|c| !c.starts_with("coffer_session")));

    assert_eq!(
        ann.sign_in("ann@example.com", "wrong password!", &page_path)
            .status,
        401
    );
    let signed_in = ann.sign_in("Ann@Example.com", PASSWORD, &page_path);
    assert_eq!(signed_in.status, 303, "{}", signed_in.text);
    assert_eq!(signed_in.header("location"), Some(page_path.as_str()));
    let session = signed_in.header("set-cookie").unwrap();
    assert!(session.starts_with("coffer_session="), "{session}");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"));

    let page = ann.get(&page_path);
    assert_eq!(page.status, 200);
    assert!(page.text.contains("Pending") && page.text.contains("Withdraw 1 BTC"));
    let token = csrf(&page.text);
    // No CSRF token, no decision.
    let refused = ann.post(&format!("{page_path}/approve"), &[("comment", "ok")]);
    assert_eq!(refused.status, 403);
    assert_eq!(
        c.get(&format!("/v1/activities/{act}")).expect(200).body["approvals"],
        json!([])
    );

    let approved = ann.post(
        &format!("{page_path}/approve"),
        &[("csrf_token", &token), ("comment", "looks <right>")],
    );
    assert_eq!(approved.status, 303);
    let a = c.get(&format!("/v1/activities/{act}")).expect(200).body;
    assert_eq!(a["status"], "Pending");
    assert_eq!(a["approvals"][0]["userId"], ann_id.as_str());
    assert_eq!(a["approvals"][0]["comment"], "looks <right>");
    // Comments are escaped on the page.
    let page = ann.get(&page_path);
    assert!(page.text.contains("looks &lt;right&gt;"), "{}", page.text);
    let twice = ann.post(&format!("{page_path}/approve"), &[("csrf_token", &token)]);
    assert_eq!(twice.status, 409);
    assert!(twice.text.contains("already decided"), "{}", twice.text);

    // The list of pending requests links to it.
    assert!(ann.get("/console/activities").text.contains(&page_path));

    let mut bob = Browser::new(&server);
    assert_eq!(
        bob.sign_in("bob@example.com", PASSWORD, &page_path).status,
        303
    );
    let token_b = csrf(&bob.get(&page_path).text);
    assert_eq!(
        bob.post(&format!("{page_path}/approve"), &[("csrf_token", &token_b)])
            .status,
        303
    );
    let a = c.get(&format!("/v1/activities/{act}")).expect(200).body;
    assert_eq!(a["status"], "Approved");
    let tx = a["objectId"].as_str().unwrap();
    assert_ne!(transaction(&c, tx)["status"], "PendingApproval");
    // The console's decisions are audited as the user's.
    let audit = c
        .get("/v1/audit-log?action=activity.approve")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "User", "{audit}");

    // Signing out ends the session.
    assert_eq!(
        ann.post("/console/logout", &[("csrf_token", &token)])
            .status,
        303
    );
    assert_eq!(ann.get(&page_path).status, 303);
    let out = server.cli(&["verify"]);
    assert!(out.status.success());
}

#[test]
fn a_rejection_on_the_console_releases_the_lock_and_cookies_are_secure_behind_tls() {
    let server = Server::start_with(&[("COFFER_PUBLIC_URL", "https://custody.example")]);
    let c = server.client();
    user_with_password(&server, "ann", "approver");
    let w = wallet(&c, &c.vault("v"), "BTC");
    fund(&c, &w, "2");
    address_entry(&c, "BTC", BTC_DESTINATION);
    require_withdrawal_approvals(&c, 1);
    let t = c
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({"sourceWalletId": w, "destinationAddress": BTC_DESTINATION, "amount": "1"}),
            "w1",
        )
        .expect(201)
        .body;
    let act = t["activityId"].as_str().unwrap();
    let page_path = format!("/console/activities/{act}");
    let mut ann = Browser::new(&server);
    let form = ann.get("/console/login");
    assert!(form.header("set-cookie").unwrap().contains("; Secure"));
    let signed_in = ann.sign_in("ann@example.com", PASSWORD, &page_path);
    assert!(signed_in.header("set-cookie").unwrap().contains("; Secure"));
    let token = csrf(&ann.get(&page_path).text);
    assert_eq!(
        ann.post(
            &format!("{page_path}/reject"),
            &[
                ("csrf_token", &token),
                ("comment", "no"),
                ("confirm", "yes")
            ]
        )
        .status,
        303
    );
    assert_eq!(
        transaction(&c, t["id"].as_str().unwrap())["status"],
        "Rejected"
    );
    assert_eq!(balance(&c, &w)["available"], "2");
    // Another tenant's activity, or none, is not found.
    assert_eq!(
        ann.get("/console/activities/0190a5a0-0000-7000-8000-000000000001")
            .status,
        404
    );
    // An open redirect is not possible through `next`.
    let away = ann.sign_in("ann@example.com", PASSWORD, "//evil.example/");
    assert_eq!(away.header("location"), Some("/console"));
}

#[test]
fn sessions_end_when_the_user_is_disabled_or_their_role_or_password_changes() {
    let server = Server::start();
    let live = server.live_client();
    let ann_id = user_with_password(&server, "ann", "approver");
    user_with_password(&server, "bob", "approver");
    let cid_id = user_with_password(&server, "cid", "viewer");
    let dee_id = user_with_password(&server, "dee", "viewer");
    let signed_in = |name: &str| {
        let mut b = Browser::new(&server);
        let email = format!("{name}@example.com");
        assert_eq!(
            b.sign_in(&email, PASSWORD, "/console/activities").status,
            303
        );
        assert_eq!(b.get("/console/activities").status, 200);
        b
    };
    let signed_out = |b: &Browser| {
        let r = b.get("/console/activities");
        assert_eq!(r.status, 303, "{}", r.text);
        assert_eq!(
            r.header("location"),
            Some("/console/login?next=/console/activities")
        );
    };
    let (ann, bob, cid, dee) = (
        signed_in("ann"),
        signed_in("bob"),
        signed_in("cid"),
        signed_in("dee"),
    );

    // Disabled through the API: signed out, and enabling again does not
    // bring the old session back.
    live.patch(
        &format!("/v1/users/{ann_id}"),
        &json!({"status": "Disabled"}),
    )
    .expect(200);
    signed_out(&ann);
    live.patch(&format!("/v1/users/{ann_id}"), &json!({"status": "Active"}))
        .expect(200);
    signed_out(&ann);

    // A new password set on the box, by another process than the server.
    let dir = TempDir::new("pw");
    let file = dir.path().join("pw");
    std::fs::write(&file, "a brand new password").unwrap();
    let out = server.cli(&[
        "users",
        "passwd",
        "--email",
        "bob@example.com",
        "--password-file",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    signed_out(&bob);
    let mut again = Browser::new(&server);
    assert_eq!(
        again
            .sign_in(
                "bob@example.com",
                "a brand new password",
                "/console/activities"
            )
            .status,
        303
    );
    assert_eq!(again.get("/console/activities").status, 200);

    // A new role ends the session too; a new name does not.
    live.patch(&format!("/v1/users/{cid_id}"), &json!({"role": "auditor"}))
        .expect(200);
    signed_out(&cid);
    live.patch(
        &format!("/v1/users/{dee_id}"),
        &json!({"name": "Dee Renamed"}),
    )
    .expect(200);
    assert_eq!(dee.get("/console/activities").status, 200);
}
