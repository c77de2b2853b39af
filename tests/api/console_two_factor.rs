//! The second factor for console decisions (docs/console.md, "Two-factor"):
//! enrolment with an otpauth URI, a fresh single-use code with each decision,
//! live decisions only with it, and the operator's reset at the CLI. The
//! tests compute codes as an authenticator app would (RFC 6238).

use crate::console::{csrf, Browser};
use crate::console_approvals::{scene, signed_in};
use crate::support::{Client, Server};
use hmac::{Hmac, Mac};
use serde_json::json;

fn base32_decode(s: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {s}"),
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    out
}

/// The 6-digit code of `secret` for the current 30-second step, plus `skew` steps.
pub fn totp(secret: &[u8], skew: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let step = (now / 30 + skew) as u64;
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(secret).unwrap();
    mac.update(&step.to_be_bytes());
    let d = mac.finalize().into_bytes();
    let o = (d[19] & 0x0f) as usize;
    let bin = u32::from_be_bytes([d[o] & 0x7f, d[o + 1], d[o + 2], d[o + 3]]);
    format!("{:06}", bin % 1_000_000)
}

/// Turns two-factor on for the signed-in browser; the secret.
pub fn enrol(b: &Browser) -> Vec<u8> {
    let page = b.get("/console/2fa");
    assert!(
        page.text.contains("Two-factor is <strong>off</strong>"),
        "{}",
        page.text
    );
    let r = b.post("/console/2fa/start", &[("csrf_token", &csrf(&page.text))]);
    assert_eq!(r.status, 303);
    let page = b.get("/console/2fa").text;
    let start = page.find("otpauth://totp/Coffer:").expect("no otpauth URI");
    let uri = page[start..].split('"').next().unwrap();
    assert!(
        uri.contains("&amp;issuer=Coffer") && uri.contains("period=30"),
        "{uri}"
    );
    let b32 = page[page.find("<code id=\"secret\">").unwrap() + 18..]
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert!(uri.contains(&format!("secret={b32}")), "{uri}");
    let secret = base32_decode(&b32);
    assert_eq!(secret.len(), 20);
    let token = csrf(&page);
    let wrong = b.post(
        "/console/2fa/confirm",
        &[("csrf_token", &token), ("code", "000000x")],
    );
    assert_eq!(wrong.status, 400, "{}", wrong.text);
    let ok = b.post(
        "/console/2fa/confirm",
        &[("csrf_token", &token), ("code", &totp(&secret, 0))],
    );
    assert_eq!(ok.status, 303, "{}", ok.text);
    assert!(b
        .get("/console/2fa")
        .text
        .contains("Two-factor is <strong>on</strong>"));
    secret
}

fn activity_status(api: &Client, id: &str) -> serde_json::Value {
    api.get(&format!("/v1/activities/{id}")).expect(200).body
}

#[test]
fn console_decisions_need_a_fresh_code_once_enrolled_and_the_cli_resets_it() {
    let s = scene(&[]);
    let ann = signed_in(&s.server, "ann");
    let secret = enrol(&ann);
    // The database alone does not hold the secret.
    let b32_hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    for file in ["coffer.db", "coffer.db-wal"] {
        let bytes = std::fs::read(s.server.data_dir().join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&b32_hex), "secret in {file}");
    }

    let page = ann.get(&s.page).text;
    assert!(page.contains("name=\"code\""), "{page}");
    let token = csrf(&page);
    let approve = |code: &str| {
        ann.post(
            &format!("{}/approve", s.page),
            &[("csrf_token", &token), ("comment", "ok"), ("code", code)],
        )
    };
    let missing = approve("");
    assert_eq!(missing.status, 403, "{}", missing.text);
    assert!(
        missing.text.contains("authenticator app"),
        "{}",
        missing.text
    );
    // The comment is kept on the refused page.
    assert!(missing.text.contains(">ok</textarea>"), "{}", missing.text);
    let wrong_code = format!(
        "{:06}",
        (totp(&secret, 0).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    assert_eq!(approve(&wrong_code).status, 403);
    assert_eq!(activity_status(&s.api, &s.activity)["approvals"], json!([]));
    // The code that confirmed enrolment is spent; the next step's code is not.
    let code = totp(&secret, 1);
    assert_eq!(approve(&code).status, 303);
    assert_eq!(
        activity_status(&s.api, &s.activity)["approvals"][0]["comment"],
        "ok"
    );

    // A code works once: the same code on a second request is refused.
    let dee = s
        .server
        .new_key("dee 2", &["--roles", "admin", "--user", "dee@example.com"]);
    let wallet_id = activity_wallet(&s);
    let t = dee
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({"sourceWalletId": wallet_id, "destinationAddress": crate::ledger::BTC_DESTINATION,
                "amount": "0.1"}),
            "w2",
        )
        .expect(201)
        .body;
    let second = format!("/console/activities/{}", t["activityId"].as_str().unwrap());
    let token2 = csrf(&ann.get(&second).text);
    let reused = ann.post(
        &format!("{second}/approve"),
        &[("csrf_token", &token2), ("code", &code)],
    );
    assert_eq!(reused.status, 403, "{}", reused.text);
    assert!(reused.text.contains("used already"), "{}", reused.text);

    // Lost phone: the operator resets it at the CLI; the user sets it up again.
    let out = s
        .server
        .cli(&["users", "reset-2fa", "--email", "ann@example.com"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(ann
        .get("/console/2fa")
        .text
        .contains("<strong>off</strong>"));
    let audit = s
        .api
        .get("/v1/audit-log?action=user.second_factor_reset")
        .expect(200)
        .body;
    assert_eq!(audit["data"][0]["actor"]["type"], "Cli", "{audit}");
    // Test requests are decided without a code when none is set up.
    let token2 = csrf(&ann.get(&second).text);
    let r = ann.post(&format!("{second}/approve"), &[("csrf_token", &token2)]);
    assert_eq!(r.status, 303, "{}", r.text);
}

fn activity_wallet(s: &crate::console_approvals::Scene) -> String {
    let a = activity_status(&s.api, &s.activity);
    let tx = s
        .api
        .get(&format!(
            "/v1/transactions/{}",
            a["objectId"].as_str().unwrap()
        ))
        .expect(200)
        .body;
    tx["sourceWalletId"].as_str().unwrap().to_string()
}

#[test]
fn console_live_decisions_need_two_factor_and_show_the_user_change() {
    let server = Server::start();
    let live = server.live_client();
    for (name, role) in [("ann", "approver"), ("bob", "approver")] {
        crate::console::user_with_password(&server, name, role);
    }
    live.put(
        "/v1/policies",
        &json!({"rules": [{"name": "book", "action": "address_book_create",
                           "decision": "RequireApprovals", "approvals": 1}]}),
    )
    .expect(200);
    let held = live
        .post(
            "/v1/users",
            &json!({"name": "Newcomer", "email": "new@example.com", "role": "approver"}),
        )
        .expect(201)
        .body;
    let act = held["activityId"].as_str().unwrap();
    let page = format!("/console/activities/{act}");

    // Bob has no second factor: nothing offered on a live request, and refused if he tries.
    let bob = signed_in(&server, "bob");
    let text = bob.get(&page).text;
    for want in [
        "LIVE — real money",
        "Newcomer &lt;new@example.com&gt;",
        "role approver",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    assert!(!text.contains(">Approve</button>"), "{text}");
    assert!(text.contains("set it up on the Two-factor page"), "{text}");
    let r = bob.post(&format!("{page}/approve"), &[("csrf_token", &csrf(&text))]);
    assert_eq!(r.status, 403, "{}", r.text);

    // Ann with two-factor decides it.
    let ann = signed_in(&server, "ann");
    let secret = enrol(&ann);
    let text = ann.get(&page).text;
    assert!(text.contains(">Approve</button>"), "{text}");
    let r = ann.post(
        &format!("{page}/approve"),
        &[("csrf_token", &csrf(&text)), ("code", &totp(&secret, 1))],
    );
    assert_eq!(r.status, 303, "{}", r.text);
    let a = live.get(&format!("/v1/activities/{act}")).expect(200).body;
    assert_eq!(a["status"], "Approved");
}
