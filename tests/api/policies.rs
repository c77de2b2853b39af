//! Consensus (SPEC §8): approval policies, velocity limits, approvals and
//! their expiry, through the real binary.

use crate::support::Server;
use serde_json::{json, Value};

#[track_caller]
fn names_field(r: crate::support::Resp, field: &str) {
    let r = r.expect(400);
    assert!(
        r.body["errors"].get(field).is_some(),
        "{field} not named: {}",
        r.text
    );
}

#[test]
fn policies_are_whole_versioned_documents() {
    let server = Server::start();
    let c = server.client();
    let empty = c.get("/v1/policies").expect(200).body;
    assert_eq!(
        empty,
        json!({"version": 0, "rules": [], "velocityLimits": [], "updatedAt": null})
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
