//! The OpenAPI document is valid OpenAPI 3.1 and real answers match its schemas,
//! both judged by code we did not write (openapi-spec-validator, jsonschema).

use crate::ledger::{fund, wallet};
use crate::support::{agent, raw, test_python, Server};
use serde_json::{json, Value};
use std::process::Command;

/// Runs a Python check with the document and a JSON argument; panics with its
/// output unless it prints "ok".
fn python_check(script: &str, document: &Value, arg: &Value) {
    let dir = crate::support::TempDir::new("openapi");
    let doc_path = dir.path().join("openapi.json");
    let arg_path = dir.path().join("arg.json");
    std::fs::write(&doc_path, document.to_string()).unwrap();
    std::fs::write(&arg_path, arg.to_string()).unwrap();
    let out = Command::new(test_python())
        .args([
            "-c",
            script,
            doc_path.to_str().unwrap(),
            arg_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "ok",
        "python check failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

const VALIDATE_DOCUMENT: &str = r#"
import sys, json
from openapi_spec_validator import validate
validate(json.load(open(sys.argv[1])))
print('ok')
"#;

/// argv[2] holds [[schema name, instance], ...]; each is validated against
/// `#/components/schemas/<name>` of the document.
const VALIDATE_ANSWERS: &str = r#"
import sys, json
from jsonschema import Draft202012Validator
doc = json.load(open(sys.argv[1]))
for name, instance in json.load(open(sys.argv[2])):
    schema = dict(doc)
    schema['$ref'] = '#/components/schemas/' + name
    Draft202012Validator(schema).validate(instance)
print('ok')
"#;

#[test]
fn the_document_is_valid_and_answers_match_it() {
    let server = Server::start();
    let document = raw(
        &agent(),
        "GET",
        &format!("{}/openapi.json", server.base),
        &[],
        b"",
    )
    .expect(200)
    .body;
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/v1/transactions/transfer"]["post"].is_object());
    python_check(VALIDATE_DOCUMENT, &document, &json!(null));

    let c = server.client();
    let vault = c
        .post(
            "/v1/vaults",
            &json!({"name": "schema", "metadata": {"a": "b"}}),
        )
        .expect(201)
        .body;
    let w = wallet(&c, vault["id"].as_str().unwrap(), "BTC");
    let deposit = fund(&c, &w, "1");
    let wallet_body = c.get(&format!("/v1/wallets/{w}")).expect(200).body;
    let error = c.get("/v1/vaults?limit=0").expect(400).body;
    let assets = c.get("/v1/assets").expect(200).body;
    let webhook = c.get("/v1/webhooks/outbound").expect(200).body;
    let audit = c.get("/v1/audit-log?limit=1").expect(200).body;
    let cb = server.coinbase();
    let cb_wallets = cb.get("/api/v1/wallets").expect(200).body;
    let cb_transactions = cb.get("/api/v1/transactions").expect(200).body;
    let cb_currency = cb.get("/api/v1/currencies/BTC").expect(200).body;
    cb.post(
        "/api/v1/wallets",
        &json!({"currency": "ETH", "name": "schema"}),
    )
    .expect(200);
    let activity = c.get("/v1/activities").expect(200).body;
    let policy = c
        .put(
            "/v1/policies",
            &json!({"rules": [
                {"name": "big", "action": "withdrawal", "assetId": "BTC", "minAmount": "1",
                 "decision": "RequireApprovals", "approvals": 2},
                {"name": "book", "action": "address_book_create", "decision": "Block"}],
             "velocityLimits": [{"assetId": "ETH", "amount": "10"}]}),
        )
        .expect(200)
        .body;
    let admin = server.super_admin();
    let subwallet = admin
        .post(
            "/api/subwallet/create",
            &json!({"wallet_name": "schema-sub"}),
        )
        .expect(201)
        .body;
    let key = admin
        .post(
            "/api/apikey/create",
            &json!({"name": "schema-key", "roles": ["viewer"]}),
        )
        .expect(200)
        .body;
    let answers = json!([
        ["Vault", vault],
        ["Wallet", wallet_body],
        ["Transaction", deposit],
        ["NativeError", error],
        ["Asset", assets["data"][0]],
        ["WebhookEndpoint", webhook],
        ["AuditRecord", audit["data"][0]],
        ["CbWallet", cb_wallets["data"][0]],
        ["CbTransaction", cb_transactions["data"][0]],
        ["CbCurrency", cb_currency],
        ["Activity", activity["data"][0]],
        ["Policy", policy],
        ["Subwallet", subwallet],
        ["ApiKeyCreated", key],
    ]);
    python_check(VALIDATE_ANSWERS, &document, &answers);
    // The check can fail: a vault without its id does not validate.
    let mut broken = answers.clone();
    broken[0][1].as_object_mut().unwrap().remove("id");
    let dir = crate::support::TempDir::new("openapi-neg");
    let (d, a) = (dir.path().join("d.json"), dir.path().join("a.json"));
    std::fs::write(&d, document.to_string()).unwrap();
    std::fs::write(&a, broken.to_string()).unwrap();
    let out = Command::new(test_python())
        .args([
            "-c",
            VALIDATE_ANSWERS,
            d.to_str().unwrap(),
            a.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a vault without an id must not validate"
    );
}
