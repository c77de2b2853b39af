//! The console in a real browser: Playwright for Python driving the
//! distribution's Chromium (`/usr/bin/chromium`; .ci/run installs both). A
//! phone-sized window (390 px), mouse and keyboard-only use, screenshots
//! under `target/console-screenshots/`.

use crate::console_approvals::{scene, signed_in};
use crate::console_two_factor::enrol;
use crate::ledger::BTC_DESTINATION;
use crate::support::{test_python, TempDir};
use serde_json::json;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

const SCRIPT: &str = r#"
import base64, hashlib, hmac, struct, sys, time
from playwright.sync_api import sync_playwright, expect

base, first, second, secret_hex, shots = sys.argv[1:6]
secret = bytes.fromhex(secret_hex)
PASSWORD = "correct horse battery staple"

def totp(skew):
    step = int(time.time()) // 30 + skew
    d = hmac.new(secret, struct.pack(">Q", step), hashlib.sha1).digest()
    o = d[19] & 15
    return "%06d" % ((struct.unpack(">I", d[o:o + 4])[0] & 0x7FFFFFFF) % 1000000)

def no_sideways_scroll(page, what):
    wide = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert wide <= inner, f"{what}: {wide}px wide in a {inner}px window"

def sign_in(page, name):
    page.get_by_label("Email").fill(f"{name}@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=sys.argv[6], args=["--no-sandbox"])
    phone = dict(viewport={"width": 390, "height": 844}, device_scale_factor=1)

    # Ann, on a phone: sees the withdrawal with its amount and destination.
    ctx = browser.new_context(**phone)
    page = ctx.new_page()
    page.goto(base + "/")
    expect(page).to_have_url(base + "/console/login?next=/console")
    sign_in(page, "ann")
    expect(page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    no_sideways_scroll(page, "list")
    page.screenshot(path=f"{shots}/list-390.png", full_page=True)
    page.get_by_role("link", name="Withdraw 1.5 BTC").click()
    expect(page.get_by_text("1.5 BTC", exact=True)).to_be_visible()
    expect(page.get_by_text("Cold store").first).to_be_visible()
    expect(page.get_by_text("TEST — sandbox, no real money")).to_be_visible()
    no_sideways_scroll(page, "activity")
    page.screenshot(path=f"{shots}/activity-390.png", full_page=True)

    # Her session ends while she writes: the comment survives sign-in.
    page.get_by_label("Comment (optional)").fill("Checked with finance")
    page.get_by_label("Code from your authenticator app").fill(totp(1))
    ctx.clear_cookies()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, "ann")
    expect(page.get_by_label("Comment (optional)")).to_have_value("Checked with finance")
    page.get_by_label("Code from your authenticator app").fill(totp(1))
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("1 of 2 approvals")).to_be_visible()
    expect(page.get_by_text("ann (you)")).to_be_visible()
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("link", name="Show test instead").click()
    expect(page.get_by_text("Balances across all vaults")).to_be_visible()
    no_sideways_scroll(page, "overview")
    page.screenshot(path=f"{shots}/overview-390.png", full_page=True)
    ctx.close()

    # Dee made the request: no approve button for her.
    ctx = browser.new_context(**phone)
    page = ctx.new_page()
    page.goto(base + f"/console/activities/{first}")
    sign_in(page, "dee")
    expect(page.get_by_text("Requested by")).to_be_visible()
    assert page.get_by_role("button", name="Approve").count() == 0
    ctx.close()

    # Bob rejects the second request, confirming first.
    ctx = browser.new_context(**phone)
    page = ctx.new_page()
    page.goto(base + f"/console/activities/{second}")
    sign_in(page, "bob")
    page.get_by_role("button", name="Reject…").click()
    expect(page.get_by_role("heading", name="Reject this request?")).to_be_visible()
    no_sideways_scroll(page, "confirmation")
    page.screenshot(path=f"{shots}/confirm-reject-390.png", full_page=True)
    page.get_by_role("button", name="Yes, reject").click()
    expect(page.get_by_text("bob (you)")).to_be_visible()
    expect(page.get_by_role("cell", name="Rejected", exact=True).first).to_be_visible()

    # Then approves the first with the keyboard only; the quorum is reached.
    page.goto(base + "/console")
    def tab_to(test, what):
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate(test):
                return
        raise AssertionError(f"Tab never reached {what}")
    tab_to(f"document.activeElement.href && document.activeElement.href.endsWith('{first}')", "the request")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 of 2 approvals")).to_be_visible()
    tab_to("document.activeElement.id === 'comment'", "the comment")
    page.keyboard.type("Fine by me")
    tab_to("document.activeElement.textContent === 'Approve'", "Approve")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "3px", f"focus outline {outline}"
    height = page.evaluate("document.activeElement.getBoundingClientRect().height")
    assert height >= 44, f"Approve is {height}px tall"
    page.keyboard.press("Enter")
    expect(page.get_by_text("2 of 2 approvals")).to_be_visible()
    expect(page.get_by_role("cell", name="Approved", exact=True).first).to_be_visible()
    assert page.get_by_role("cell", name="PendingApproval").count() == 0
    no_sideways_scroll(page, "decided")
    page.screenshot(path=f"{shots}/approved-390.png", full_page=True)
    ctx.close()
    browser.close()
print("ok")
"#;

#[test]
fn console_in_a_browser_approve_reject_keyboard_and_phone_width() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)"
    );
    let s = scene(&[]);
    let ann = signed_in(&s.server, "ann");
    let secret = enrol(&ann);
    let dee = s
        .server
        .new_key("dee 2", &["--roles", "admin", "--user", "dee@example.com"]);
    let first = s
        .api
        .get(&format!("/v1/activities/{}", s.activity))
        .expect(200)
        .body;
    let tx = s
        .api
        .get(&format!(
            "/v1/transactions/{}",
            first["objectId"].as_str().unwrap()
        ))
        .expect(200)
        .body;
    let second = dee
        .post_idem(
            "/v1/transactions/withdraw",
            &json!({"sourceWalletId": tx["sourceWalletId"], "destinationAddress": BTC_DESTINATION,
                "amount": "0.2"}),
            "w2",
        )
        .expect(201)
        .body["activityId"]
        .as_str()
        .unwrap()
        .to_string();

    let dir = TempDir::new("browser");
    let script = dir.path().join("console.py");
    std::fs::write(&script, SCRIPT).unwrap();
    let shots = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/console-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let out = Command::new(test_python())
        .arg(&script)
        .args([&s.server.base, &s.activity, &second, &hex])
        .arg(&shots)
        .arg(CHROMIUM)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "browser script failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // What the browser did, seen through the API.
    let a = s
        .api
        .get(&format!("/v1/activities/{}", s.activity))
        .expect(200)
        .body;
    assert_eq!(a["status"], "Approved");
    assert_eq!(a["approvals"][0]["comment"], "Checked with finance");
    assert_eq!(a["approvals"][1]["comment"], "Fine by me");
    let b = s
        .api
        .get(&format!("/v1/activities/{second}"))
        .expect(200)
        .body;
    assert_eq!(b["status"], "Rejected");
    assert!(shots.join("activity-390.png").exists());
}
