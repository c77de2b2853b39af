//! Vaults through the native API (docs/api.md, "Native API").

use crate::support::{Resp, Server};
use serde_json::{json, Value};
use std::time::Duration;

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

/// Asserts a native 400 naming `field` in `errors`.
#[track_caller]
fn assert_names_field(r: &Resp, field: &str) {
    assert_eq!(
        r.status, 400,
        "expected 400 naming {field}; body: {}",
        r.text
    );
    assert_eq!(r.code(), "invalid_field", "{}", r.text);
    assert!(
        r.body["errors"][field]
            .as_array()
            .is_some_and(|m| !m.is_empty()),
        "errors.{field} missing: {}",
        r.text
    );
}

#[track_caller]
fn assert_not_found(r: &Resp) {
    assert_eq!(r.status, 404, "body: {}", r.text);
    assert_eq!(r.code(), "not_found", "{}", r.text);
    assert_eq!(r.body["statusCode"], 404);
}

/// The ids of a list page, in order.
fn ids(r: &Resp) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data: {}", r.text))
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// Millisecond timestamps order as strings; a short sleep makes `updatedAt` move.
fn tick() {
    std::thread::sleep(Duration::from_millis(5));
}

#[test]
fn patch_changes_each_field_and_only_that_field() {
    let server = Server::start();
    let c = server.client();
    let created = c
        .post(
            "/v1/vaults",
            &json!({"name": "Bob", "externalId": "bob-1", "metadata": {"tier": "gold"}}),
        )
        .expect(201);
    let v0 = created.body.clone();
    let id = v0["id"].as_str().unwrap().to_string();
    let path = format!("/v1/vaults/{id}");
    assert_eq!(v0["createdAt"], v0["updatedAt"]);

    tick();
    let v1 = c.patch(&path, &json!({"name": "Robert"})).expect(200).body;
    assert_eq!(v1["name"], "Robert");
    for same in ["id", "externalId", "metadata", "status", "createdAt"] {
        assert_eq!(v1[same], v0[same], "{same} should not change");
    }
    assert!(
        v1["updatedAt"].as_str() > v0["updatedAt"].as_str(),
        "updatedAt advances: {v0} -> {v1}"
    );
    assert_eq!(c.get(&path).expect(200).body, v1, "GET shows the change");

    tick();
    let v2 = c
        .patch(
            &path,
            &json!({"metadata": {"tier": "silver", "region": "eu"}}),
        )
        .expect(200)
        .body;
    assert_eq!(v2["metadata"], json!({"tier": "silver", "region": "eu"}));
    for same in ["id", "externalId", "name", "status", "createdAt"] {
        assert_eq!(v2[same], v1[same], "{same} should not change");
    }
    assert!(v2["updatedAt"].as_str() > v1["updatedAt"].as_str());

    tick();
    let v3 = c
        .patch(&path, &json!({"status": "Frozen"}))
        .expect(200)
        .body;
    assert_eq!(v3["status"], "Frozen");
    for same in ["id", "externalId", "name", "metadata", "createdAt"] {
        assert_eq!(v3[same], v2[same], "{same} should not change");
    }
    assert!(v3["updatedAt"].as_str() > v2["updatedAt"].as_str());

    // Frozen is not final.
    tick();
    let v4 = c
        .patch(&path, &json!({"status": "Active", "name": "Bobby"}))
        .expect(200)
        .body;
    assert_eq!(
        (&v4["status"], &v4["name"]),
        (&json!("Active"), &json!("Bobby"))
    );
    assert_eq!(v4["createdAt"], v0["createdAt"]);
    assert!(v4["updatedAt"].as_str() > v3["updatedAt"].as_str());
    assert_eq!(c.get(&path).expect(200).body, v4);
    let listed = c.get("/v1/vaults").expect(200);
    assert_eq!(listed.body["data"][0], v4, "the list shows the same object");
}

#[test]
fn bad_patches_are_refused_and_change_nothing() {
    let server = Server::start();
    let c = server.client();
    let id = c.vault("Carol");
    let path = format!("/v1/vaults/{id}");
    let before = c.get(&path).expect(200).body;

    let empty = c.patch(&path, &json!({})).expect(400);
    assert_eq!(empty.code(), "empty_update");
    for (body, field) in [
        (json!({"status": "frozen"}), "status"),
        (json!({"status": "Deleted"}), "status"),
        (json!({"status": 1}), "status"),
        (json!({"status": ""}), "status"),
        (json!({"name": ""}), "name"),
        (json!({"name": "x".repeat(201)}), "name"),
        (json!({"name": 7}), "name"),
        (json!({"metadata": "tier"}), "metadata"),
        (json!({"metadata": {"k": {"deep": "v"}}}), "metadata"),
        (json!({"externalId": "new-ext"}), "externalId"),
        (json!({"id": "0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f"}), "id"),
        (
            json!({"createdAt": "2020-01-01T00:00:00.000Z"}),
            "createdAt",
        ),
    ] {
        assert_names_field(&c.patch(&path, &body), field);
    }
    // A valid field beside a bad one does not get applied.
    assert_names_field(
        &c.patch(&path, &json!({"name": "Changed", "status": "frozen"})),
        "status",
    );
    let bad_json = c.send("PATCH", &path, b"{\"name\":", &[]).expect(400);
    assert_eq!(bad_json.code(), "invalid_json");
    assert_eq!(c.get(&path).expect(200).body, before, "nothing changed");
}

#[test]
fn an_archived_vault_stays_archived() {
    let server = Server::start();
    let c = server.client();
    let id = c.vault("Dave");
    let path = format!("/v1/vaults/{id}");
    let archived = c
        .patch(&path, &json!({"status": "Archived"}))
        .expect(200)
        .body;
    assert_eq!(archived["status"], "Archived");
    for status in ["Active", "Frozen"] {
        let r = c.patch(&path, &json!({"status": status})).expect(409);
        assert_eq!(r.code(), "vault_archived", "{}", r.text);
        assert_eq!(r.body["statusCode"], 409);
    }
    // A refused status change carries nothing else with it.
    let r = c
        .patch(&path, &json!({"status": "Active", "name": "Revived"}))
        .expect(409);
    assert_eq!(r.code(), "vault_archived");
    assert_eq!(c.get(&path).expect(200).body, archived);
    let listed = c.get("/v1/vaults?status=Archived").expect(200);
    assert_eq!(ids(&listed), vec![id.clone()]);
}

#[test]
fn unknown_and_malformed_vault_ids_are_not_found() {
    let server = Server::start();
    let c = server.client();
    let id = c.vault("Erin");
    let random = "3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b".to_string();
    let unseen_v7 = uuid::Uuid::now_v7().to_string();
    for bad in [
        "not-a-uuid",
        random.as_str(),
        unseen_v7.as_str(),
        "00000000-0000-0000-0000-000000000000",
        &id[..35],
        "%27%20OR%201%3D1",
    ] {
        assert_not_found(&c.get(&format!("/v1/vaults/{bad}")));
        assert_not_found(&c.patch(&format!("/v1/vaults/{bad}"), &json!({"name": bad})));
    }
    // A known id with an unknown query parameter is a 400, not a 404.
    let r = c.get(&format!("/v1/vaults/{id}?expand=all"));
    assert_names_field(&r, "expand");
    assert_eq!(ids(&c.get("/v1/vaults").expect(200)), vec![id]);
}

#[test]
fn another_environment_or_tenant_cannot_see_a_vault() {
    let server = Server::start();
    let c = server.client();
    let id = c.vault("Frank");
    let path = format!("/v1/vaults/{id}");
    let live = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    let tenant = server.new_tenant("other-firm");
    let other = server.new_key("other", &["--roles", "admin", "--tenant", &tenant]);
    for stranger in [&live, &other] {
        assert_not_found(&stranger.get(&path));
        assert_not_found(&stranger.patch(&path, &json!({"status": "Frozen"})));
        let listed = stranger.get("/v1/vaults").expect(200);
        assert_eq!(listed.body["data"], json!([]));
        // A cursor pointing into another partition lists nothing of it.
        let page = stranger.get(&format!("/v1/vaults?before={id}")).expect(200);
        assert_eq!(page.body["data"], json!([]));
    }
    assert_eq!(c.get(&path).expect(200).body["status"], "Active");
}

#[test]
fn lists_filter_by_status_and_external_id() {
    let server = Server::start();
    let c = server.client();
    let make = |name: &str, ext: &str| -> String {
        c.post("/v1/vaults", &json!({"name": name, "externalId": ext}))
            .expect(201)
            .body["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let a1 = make("A1", "ext-a1");
    let f1 = make("F1", "ext-f1");
    let a2 = make("A2", "ext a2/ü");
    let f2 = make("F2", "ext-f2");
    let x1 = make("X1", "ext-x1");
    for id in [&f1, &f2] {
        c.patch(&format!("/v1/vaults/{id}"), &json!({"status": "Frozen"}))
            .expect(200);
    }
    c.patch(&format!("/v1/vaults/{x1}"), &json!({"status": "Archived"}))
        .expect(200);

    let frozen = c.get("/v1/vaults?status=Frozen").expect(200);
    assert_eq!(ids(&frozen), vec![f2.clone(), f1.clone()]);
    assert!(frozen.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["status"] == "Frozen"));
    assert_eq!(
        ids(&c.get("/v1/vaults?status=Active").expect(200)),
        vec![a2.clone(), a1.clone()]
    );
    assert_eq!(
        ids(&c.get("/v1/vaults?status=Archived").expect(200)),
        vec![x1.clone()]
    );

    // Filters page like the full list.
    let first = c.get("/v1/vaults?status=Frozen&limit=1").expect(200);
    assert_eq!(ids(&first), vec![f2.clone()]);
    assert_eq!(first.body["pagination"]["after"], f2.as_str());
    let second = c
        .get(&format!("/v1/vaults?status=Frozen&limit=1&after={f2}"))
        .expect(200);
    assert_eq!(ids(&second), vec![f1.clone()]);
    assert_eq!(second.body["pagination"]["after"], Value::Null);

    assert_eq!(
        ids(&c.get("/v1/vaults?externalId=ext-f1").expect(200)),
        vec![f1.clone()]
    );
    assert_eq!(
        ids(&c.get("/v1/vaults?externalId=ext%20a2%2F%C3%BC").expect(200)),
        vec![a2.clone()],
        "the query value is percent-decoded"
    );
    assert_eq!(
        ids(&c
            .get("/v1/vaults?externalId=ext-f1&status=Frozen")
            .expect(200)),
        vec![f1.clone()]
    );
    assert_eq!(
        c.get("/v1/vaults?externalId=ext-f1&status=Active")
            .expect(200)
            .body["data"],
        json!([])
    );
    assert_eq!(
        c.get("/v1/vaults?externalId=EXT-F1").expect(200).body["data"],
        json!([]),
        "externalId matches exactly"
    );
    assert_eq!(
        c.get("/v1/vaults?externalId=nobody").expect(200).body["data"],
        json!([])
    );

    for bad in ["frozen", "FROZEN", "", "Deleted"] {
        assert_names_field(&c.get(&format!("/v1/vaults?status={bad}")), "status");
    }
    assert_names_field(&c.get("/v1/vaults?status=Frozen&status=Active"), "status");
}
