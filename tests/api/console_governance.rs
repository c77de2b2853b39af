//! The console's governance pages (docs/console.md, "Governance"): address
//! book, policy in words, people and keys with roles explained, webhooks and
//! the audit log (admins and auditors) with a CSV equal to the API's listing.

use crate::console::csrf;
use crate::console_approvals::{scene, signed_in};

#[test]
fn console_governance_pages_explain_rules_people_and_history() {
    let s = scene(&[]);
    let ann = signed_in(&s.server, "ann");
    let token = csrf(&ann.get(&s.page).text);
    assert_eq!(
        ann.post(&format!("{}/approve", s.page), &[("csrf_token", &token)])
            .status,
        303
    );

    let book = ann.get("/console/address-book?env=test").text;
    assert!(
        book.contains("Cold store") && book.contains("TEST — sandbox"),
        "{book}"
    );
    let policy = ann.get("/console/policies?env=test").text;
    assert!(
        policy.contains("<strong>Two eyes on BTC</strong>: Withdrawals of BTC need 2 approvals by approvers (or admins)."),
        "{policy}"
    );
    assert!(ann
        .get("/console/policies")
        .text
        .contains("No policy is set"));
    let people = ann.get("/console/users").text;
    for want in [
        "dee@example.com",
        "approves or rejects requests",
        "reads balances and requests; decides nothing",
    ] {
        assert!(people.contains(want), "{want} in {people}");
    }
    // Keys, webhooks and the audit log are for admins and auditors.
    assert!(!people.contains("dee&#39;s key"), "{people}");
    for path in [
        "/console/audit?env=test",
        "/console/audit.csv?env=test",
        "/console/webhooks?env=test",
    ] {
        let refused = ann.get(path);
        assert_eq!(refused.status, 403, "{path}");
        assert!(refused.text.contains("href=\"/console\""));
    }
    assert!(ann.get("/console/more").text.contains("/console/audit"));

    let bob = signed_in(&s.server, "bob");
    let people = bob.get("/console/users").text;
    assert!(people.contains("dee&#39;s key"), "{people}");
    let audit = bob
        .get("/console/audit?env=test&action=activity.approve")
        .text;
    assert!(
        audit.contains("activity.approve") && audit.contains("<td>ann</td>"),
        "{audit}"
    );
    assert!(bob
        .get("/console/webhooks?env=test")
        .text
        .contains("No webhook endpoint"));

    // The audit CSV is the API's listing for the same filter.
    for filter in ["", "&action=activity.approve"] {
        let csv = bob.get(&format!("/console/audit.csv?env=test{filter}"));
        assert_eq!(csv.status, 200);
        let lines: Vec<&str> = csv.text.lines().collect();
        let listed = s
            .api
            .get(&format!("/v1/audit-log?limit=100{filter}"))
            .expect(200)
            .body["data"]
            .as_array()
            .unwrap()
            .clone();
        assert_eq!(lines.len(), listed.len() + 1, "{}", csv.text);
        assert!(lines[0].starts_with("id,sequence,createdAt,actorType,actorId,action"));
        for (line, r) in lines[1..].iter().zip(&listed) {
            let fields: Vec<&str> = line.split(',').collect();
            assert_eq!(fields[0], r["id"].as_str().unwrap());
            assert_eq!(fields[1], r["sequence"].to_string());
            assert_eq!(fields[3], r["actor"]["type"].as_str().unwrap());
            assert_eq!(fields[5], r["action"].as_str().unwrap());
        }
    }
}
