//! Vaults through the native API (SPEC §6).

use crate::support::Server;
use serde_json::json;

#[test]
fn create_fetch_list_and_patch_a_vault() {
    let server = Server::start();
    let c = server.client();
    let created = c
        .post(
            "/v1/vaults",
            &json!({"name": "Alice", "externalId": "cust-1", "metadata": {"tier": "gold"}}),
        )
        .expect(201);
    let v = &created.body;
    let id = v["id"].as_str().unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7);
    assert_eq!(v["name"], "Alice");
    assert_eq!(v["externalId"], "cust-1");
    assert_eq!(v["metadata"], json!({"tier": "gold"}));
    assert_eq!(v["status"], "Active");
    let created_at = v["createdAt"].as_str().unwrap();
    assert_eq!(
        created_at.len(),
        24,
        "RFC 3339 with milliseconds: {created_at}"
    );
    assert!(created_at.ends_with('Z'));

    let fetched = c.get(&format!("/v1/vaults/{id}")).expect(200);
    assert_eq!(fetched.body, created.body);

    let frozen = c
        .patch(&format!("/v1/vaults/{id}"), &json!({"status": "Frozen"}))
        .expect(200);
    assert_eq!(frozen.body["status"], "Frozen");
    assert_eq!(frozen.body["name"], "Alice");

    let listed = c.get("/v1/vaults?status=Frozen").expect(200);
    assert_eq!(listed.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(listed.body["data"][0]["id"], id);
    let none = c.get("/v1/vaults?status=Active").expect(200);
    assert_eq!(none.body["data"], json!([]));
    let by_external = c.get("/v1/vaults?externalId=cust-1").expect(200);
    assert_eq!(by_external.body["data"][0]["id"], id);
}

#[test]
fn external_ids_are_unique_per_tenant_and_environment() {
    let server = Server::start();
    let c = server.client();
    c.post("/v1/vaults", &json!({"name": "A", "externalId": "dup"}))
        .expect(201);
    let again = c
        .post("/v1/vaults", &json!({"name": "B", "externalId": "dup"}))
        .expect(409);
    assert_eq!(again.code(), "external_id_taken");
    let live = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    live.post("/v1/vaults", &json!({"name": "C", "externalId": "dup"}))
        .expect(201);
}
