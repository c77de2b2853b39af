//! Users (docs/api.md, "Consensus"): the native `/v1/users` endpoints and `coffer users`.

use crate::support::{names_field, Client, Server, TempDir};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn keys_of(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn user(c: &Client, name: &str, email: &str, role: &str) -> Value {
    c.post(
        "/v1/users",
        &json!({ "name": name, "email": email, "role": role }),
    )
    .expect(201)
    .body
}

#[test]
fn create_fetch_list_and_patch_users() {
    let server = Server::start();
    let c = server.live_client();
    let ann = c
        .post(
            "/v1/users",
            &json!({"name": "Ann", "email": " Ann@Example.com ", "role": "approver",
                    "password": "a long enough password"}),
        )
        .expect(201)
        .body;
    assert_eq!(
        keys_of(&ann),
        BTreeSet::from(
            [
                "id",
                "name",
                "email",
                "role",
                "status",
                "activityId",
                "createdAt",
                "updatedAt"
            ]
            .map(String::from)
        )
    );
    assert_eq!(ann["email"], "ann@example.com");
    assert_eq!(ann["role"], "approver");
    assert_eq!(ann["status"], "Active");
    assert_eq!(ann["activityId"], Value::Null, "no live policy: at once");
    let id = ann["id"].as_str().unwrap();
    assert_eq!(c.get(&format!("/v1/users/{id}")).expect(200).body, ann);

    // The password is kept only as an argon2id hash.
    let hash: String = server
        .db()
        .query_row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("a long enough password"));

    let bob = user(&c, "Bob", "bob@example.com", "viewer");
    let list = c.get("/v1/users").expect(200);
    let ids: Vec<&str> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [bob["id"].as_str().unwrap(), id], "newest first");
    let approvers = c.get("/v1/users?role=approver").expect(200);
    assert_eq!(approvers.body["data"].as_array().unwrap().len(), 1);
    let by_email = c.get("/v1/users?email=BOB%40example.com").expect(200);
    assert_eq!(by_email.body["data"][0]["id"], bob["id"]);

    let patched = c
        .patch(
            &format!("/v1/users/{id}"),
            &json!({"name": "Ann B", "role": "admin", "status": "Disabled"}),
        )
        .expect(200)
        .body;
    assert_eq!(patched["name"], "Ann B");
    assert_eq!(patched["role"], "admin");
    assert_eq!(patched["status"], "Disabled");
    assert_eq!(patched["email"], ann["email"]);
    assert_eq!(patched["createdAt"], ann["createdAt"]);
    assert_eq!(c.get(&format!("/v1/users/{id}")).expect(200).body, patched);
    let disabled = c.get("/v1/users?status=Disabled").expect(200);
    assert_eq!(disabled.body["data"][0]["id"], ann["id"]);
}

#[test]
fn bad_user_requests_are_refused() {
    let server = Server::start();
    let c = server.live_client();
    let ann = user(&c, "Ann", "ann@example.com", "auditor");
    let dup = c
        .post(
            "/v1/users",
            &json!({"name": "Ann 2", "email": "ANN@example.com", "role": "viewer"}),
        )
        .expect(409);
    assert_eq!(dup.code(), "email_taken");
    names_field(
        c.post(
            "/v1/users",
            &json!({"name": "X", "email": "x@example.com", "role": "boss"}),
        ),
        "role",
    );
    names_field(
        c.post(
            "/v1/users",
            &json!({"name": "X", "email": "not-an-email", "role": "viewer"}),
        ),
        "email",
    );
    names_field(
        c.post(
            "/v1/users",
            &json!({"name": "X", "email": "x@example.com", "role": "viewer", "password": "short"}),
        ),
        "password",
    );
    names_field(
        c.post("/v1/users", &json!({"name": "X", "role": "viewer"})),
        "email",
    );
    names_field(
        c.post(
            "/v1/users",
            &json!({"name": "X", "email": "x@example.com", "role": "viewer", "admin": true}),
        ),
        "admin",
    );
    let id = ann["id"].as_str().unwrap();
    let empty = c.patch(&format!("/v1/users/{id}"), &json!({})).expect(400);
    assert_eq!(empty.code(), "empty_update");
    names_field(
        c.patch(&format!("/v1/users/{id}"), &json!({"status": "Gone"})),
        "status",
    );
    names_field(
        c.patch(
            &format!("/v1/users/{id}"),
            &json!({"email": "new@example.com"}),
        ),
        "email",
    );
    c.get("/v1/users/not-a-uuid").expect(404);
    c.get("/v1/users/0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f")
        .expect(404);
    assert_eq!(
        c.get("/v1/users").expect(200).body["data"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing refused was created"
    );
}

#[test]
fn users_belong_to_a_tenant_in_both_environments_and_need_their_scopes() {
    let server = Server::start();
    let c = server.live_client();
    let ann = user(&c, "Ann", "ann@example.com", "viewer");
    let id = ann["id"].as_str().unwrap();

    let test = server.client();
    assert_eq!(test.get(&format!("/v1/users/{id}")).expect(200).body, ann);

    let other = server.new_tenant("other");
    let outsider = server.new_key(
        "outsider",
        &["--roles", "admin", "--tenant", &other, "--env", "live"],
    );
    outsider.get(&format!("/v1/users/{id}")).expect(404);
    outsider
        .patch(&format!("/v1/users/{id}"), &json!({"name": "taken over"}))
        .expect(404);
    assert_eq!(
        outsider.get("/v1/users").expect(200).body["data"],
        json!([])
    );
    // The same email is free in another tenant.
    user(&outsider, "Ann elsewhere", "ann@example.com", "admin");

    let viewer = server.new_key("viewer", &["--roles", "viewer", "--env", "live"]);
    viewer.get("/v1/users").expect(200);
    let refused = viewer
        .post(
            "/v1/users",
            &json!({"name": "V", "email": "v@example.com", "role": "viewer"}),
        )
        .expect(403);
    assert_eq!(refused.code(), "missing_scope");
}

#[test]
fn cli_adds_and_lists_users_and_binds_keys_to_them() {
    let server = Server::start();
    let dir = TempDir::new("password");
    let password_file = dir.path().join("pw");
    std::fs::write(&password_file, "correct horse battery\n").unwrap();
    let out = server.cli(&[
        "users",
        "add",
        "--json",
        "--name",
        "Cli User",
        "--email",
        "cli@example.com",
        "--role",
        "approver",
        "--password-file",
        password_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["email"], "cli@example.com");
    assert_eq!(added["role"], "approver");
    let id = added["id"].as_str().unwrap();
    let fetched = server
        .client()
        .get(&format!("/v1/users/{id}"))
        .expect(200)
        .body;
    assert_eq!(fetched, added);
    let hash: String = server
        .db()
        .query_row("SELECT password_hash FROM users WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        crate::support::argon2_matches("correct horse battery", &hash),
        "the file's line end is not part of the password"
    );

    let out = server.cli(&["users", "list", "--json"]);
    assert!(out.status.success());
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed, json!([added]));

    let bad = server.cli(&[
        "users",
        "add",
        "--name",
        "X",
        "--email",
        "x@example.com",
        "--role",
        "boss",
    ]);
    assert_eq!(bad.status.code(), Some(2));

    let bound = server.new_key("bound", &["--roles", "viewer", "--user", "CLI@example.com"]);
    let user_id: Option<String> = server
        .db()
        .query_row(
            "SELECT user_id FROM api_keys WHERE id = ?1",
            [&bound.key_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(user_id.as_deref(), Some(id));
    let nobody = server.cli(&[
        "keys",
        "create",
        "--name",
        "nobody",
        "--roles",
        "viewer",
        "--user",
        "nobody@example.com",
    ]);
    assert!(!nobody.status.success());
}
