//! The subwallet and API-key admin API (docs/api.md, "Admin API") through the real binary.

use crate::support::{agent, clients_of, now_secs, raw, HeaderClient, Resp, Server};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

fn keys_of(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

/// Seed 003's error family: exactly `{"error": "..."}`.
#[track_caller]
fn admin_error(r: Resp, status: u16) -> String {
    let r = r.expect(status);
    assert_eq!(keys_of(&r.body), BTreeSet::from(["error"]), "{}", r.text);
    let message = r.body["error"].as_str().unwrap().to_string();
    assert!(!message.is_empty());
    message
}

fn rfc3339_in(secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(now_secs() + secs).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn the_super_admin_creates_lists_and_fetches_subwallets() {
    let server = Server::start();
    let admin = server.super_admin();
    let created = admin
        .post(
            "/api/subwallet/create",
            &json!({"wallet_name": "mySubwallet", "label": "My Subwallet Label"}),
        )
        .expect(201);
    // Seed 003: wallet_id, token, label.
    assert_eq!(
        keys_of(&created.body),
        BTreeSet::from(["wallet_id", "token", "label"])
    );
    assert_eq!(created.body["label"], "My Subwallet Label");
    let id = created.body["wallet_id"].as_str().unwrap();
    let token = created.body["token"].as_str().unwrap();
    assert_ne!(id, server.creds.tenant_id);
    assert_ne!(token, server.creds.super_admin_token);
    let unlabelled = admin
        .post("/api/subwallet/create", &json!({"wallet_name": "plain"}))
        .expect(201)
        .body;
    assert_eq!(unlabelled["label"], Value::Null);

    // A bare array of the subwallets (not the base tenant), tokens included.
    let all = admin.get("/api/subwallets").expect(200).body;
    assert_eq!(all, json!([created.body, unlabelled]));
    let one = admin.get(&format!("/api/subwallets/{id}")).expect(200);
    assert_eq!(one.body, created.body);
    admin_error(
        admin.get(&format!("/api/subwallets/{}", server.creds.tenant_id)),
        404,
    );
    admin_error(admin.get("/api/subwallets/nope"), 404);
    admin_error(
        admin.get("/api/subwallets/0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f"),
        404,
    );

    let dup = admin_error(
        admin.post(
            "/api/subwallet/create",
            &json!({"wallet_name": "mySubwallet"}),
        ),
        409,
    );
    assert!(dup.contains("mySubwallet"), "{dup}");
    let missing = admin_error(admin.post("/api/subwallet/create", &json!({})), 400);
    assert!(missing.contains("wallet_name"), "{missing}");
    let unknown = admin_error(
        admin.post(
            "/api/subwallet/create",
            &json!({"wallet_name": "x", "colour": "red"}),
        ),
        400,
    );
    assert!(unknown.contains("colour"), "{unknown}");
    assert_eq!(
        admin.get("/api/subwallets").expect(200).body,
        json!([created.body, unlabelled])
    );

    // The creation is audited under the new subwallet, by the super-admin's token.
    let (actor_type, actor_id, tenant): (String, String, String) = server.db()
        .query_row(
            "SELECT actor_type, actor_id, tenant_id FROM audit_log WHERE action = 'subwallet.create' AND object_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (actor_type.as_str(), actor_id.as_str(), tenant.as_str()),
        ("admin_token", server.creds.tenant_id.as_str(), id)
    );
}

#[test]
fn admin_tokens_are_checked_and_subwallet_tokens_only_manage_their_keys() {
    let server = Server::start();
    let admin = server.super_admin();
    let (sub, sub_token) = admin.subwallet("sub");
    let sub_admin = HeaderClient::admin(&server.base, &sub_token);

    let bare = raw(
        &agent(),
        "GET",
        &format!("{}/api/subwallets", server.base),
        &[],
        b"",
    );
    admin_error(bare, 401);
    admin_error(
        HeaderClient::admin(&server.base, "cat_0000").get("/api/subwallets"),
        401,
    );
    // An API key is no admin token.
    admin_error(
        HeaderClient::admin(&server.base, &server.creds.key_id).get("/api/subwallets"),
        401,
    );

    // Subwallets are the super-admin's business.
    admin_error(sub_admin.get("/api/subwallets"), 403);
    admin_error(sub_admin.get(&format!("/api/subwallets/{sub}")), 403);
    admin_error(
        sub_admin.post("/api/subwallet/create", &json!({"wallet_name": "nested"})),
        403,
    );

    // Its own keys: with its wallet_id or none.
    let own = sub_admin.key(&json!({"name": "ci", "roles": ["viewer"]}));
    let also_own = sub_admin.key(&json!({"wallet_id": sub, "name": "ci2", "roles": ["viewer"]}));
    let tenant_of = |key: &Value| -> String {
        server
            .db()
            .query_row(
                "SELECT tenant_id FROM api_keys WHERE id = ?1",
                [key["key_id"].as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(tenant_of(&own), sub);
    assert_eq!(tenant_of(&also_own), sub);
    // Another wallet is out of its sight: 404, as for one that does not exist.
    admin_error(
        sub_admin.post(
            "/api/apikey/create",
            &json!({"wallet_id": server.creds.tenant_id, "name": "x", "roles": ["admin"]}),
        ),
        404,
    );
    admin_error(
        sub_admin.post(
            "/api/apikey/revoke",
            &json!({"wallet_id": server.creds.tenant_id, "name": "first test key"}),
        ),
        404,
    );
    server.client().get("/v1/vaults").expect(200);

    // The super-admin manages keys everywhere; with no wallet_id, its own tenant's.
    let base_key = admin.key(&json!({"name": "base-ci", "roles": ["viewer"]}));
    assert_eq!(tenant_of(&base_key), server.creds.tenant_id);
    let in_sub = admin.key(&json!({"wallet_id": sub, "name": "from-super", "roles": ["viewer"]}));
    assert_eq!(tenant_of(&in_sub), sub);
    admin_error(
        admin.post(
            "/api/apikey/create",
            &json!({"wallet_id": "0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f", "name": "x", "roles": ["viewer"]}),
        ),
        404,
    );
}

#[test]
fn created_keys_work_natively_on_their_own_books_only() {
    let server = Server::start();
    let admin = server.super_admin();
    let base_vault = server.client().vault("base customer");
    let (sub, _) = admin.subwallet("sub");
    let created = admin.key(&json!({
        "wallet_id": sub,
        "name": "CI worker",
        "roles": ["operator"],
    }));
    // Seed 003 + docs/api.md, "Admin API": the key, its id, name, status, expiry, secret and passphrase.
    assert_eq!(
        keys_of(&created),
        BTreeSet::from([
            "api_key",
            "key_id",
            "name",
            "status",
            "expires_at",
            "api_secret",
            "passphrase"
        ])
    );
    let key_id = created["key_id"].as_str().unwrap();
    assert!(key_id.starts_with("ck_test_"), "{created}");
    assert_eq!(created["api_key"], created["key_id"]);
    assert_eq!(created["name"], "CI worker");
    assert_eq!(created["status"], "active");
    assert_eq!(created["expires_at"], Value::Null);
    assert_eq!(created["api_secret"].as_str().unwrap().len(), 64);
    assert!(created["passphrase"].as_str().unwrap().len() >= 32);

    let (native, _) = clients_of(&server.base, &created);
    let vault = native.vault("sub customer");
    native.get(&format!("/v1/vaults/{vault}")).expect(200);
    native.get(&format!("/v1/vaults/{base_vault}")).expect(404);
    let ids: Vec<Value> = native.get("/v1/vaults").expect(200).body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].clone())
        .collect();
    assert_eq!(ids, [json!(vault)]);
    // operator: no withdrawals.
    assert_eq!(
        native
            .post_idem(
                "/v1/transactions/withdraw",
                &json!({"sourceWalletId": vault, "destinationAddress": "x", "amount": "1"}),
                "w1"
            )
            .expect(403)
            .code(),
        "missing_scope"
    );

    // Only the hash of the passphrase is stored; the secret not at all.
    let (hash, stored): (String, String) = server
        .db()
        .query_row(
            "SELECT passphrase_hash, roles || scopes || ip_allowlist FROM api_keys WHERE id = ?1",
            [key_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(crate::support::argon2_matches(
        created["passphrase"].as_str().unwrap(),
        &hash
    ));
    assert!(!stored.contains(created["api_secret"].as_str().unwrap()));
}

#[test]
fn key_options_are_applied_and_checked() {
    let server = Server::start();
    let admin = server.super_admin();
    let live = admin.key(&json!({"name": "live", "roles": ["admin"], "environment": "live"}));
    assert!(live["key_id"].as_str().unwrap().starts_with("ck_live_"));
    let (live_native, _) = clients_of(&server.base, &live);
    live_native.get("/v1/vaults").expect(200);

    let read_only = admin.key(&json!({"name": "ro", "roles": ["admin"], "read_only": true}));
    let (ro, _) = clients_of(&server.base, &read_only);
    ro.get("/v1/vaults").expect(200);
    assert_eq!(
        ro.post("/v1/vaults", &json!({"name": "nope"}))
            .expect(403)
            .code(),
        "missing_scope"
    );

    let scoped = admin.key(&json!({"name": "scoped", "scopes": ["assets:read"]}));
    let (scoped, _) = clients_of(&server.base, &scoped);
    scoped.get("/v1/assets").expect(200);
    scoped.get("/v1/vaults").expect(403);

    let fenced = admin.key(
        &json!({"name": "fenced", "roles": ["admin"], "ip_allowlist": ["10.0.0.0/8", "fd00::/8"]}),
    );
    let (fenced, _) = clients_of(&server.base, &fenced);
    assert_eq!(
        fenced.get("/v1/vaults").expect(403).code(),
        "ip_not_allowed"
    );
    let loopback = admin
        .key(&json!({"name": "loopback", "roles": ["admin"], "ip_allowlist": ["127.0.0.1/32"]}));
    clients_of(&server.base, &loopback)
        .0
        .get("/v1/vaults")
        .expect(200);

    let expiring_at = rfc3339_in(3600);
    let expiring =
        admin.key(&json!({"name": "exp", "roles": ["viewer"], "expires_at": expiring_at}));
    assert_eq!(
        expiring["expires_at"].as_str().unwrap()[..19],
        expiring_at[..19]
    );

    for (body, field) in [
        (json!({"name": "x", "roles": ["boss"]}), "roles"),
        (json!({"name": "x", "roles": []}), "roles"),
        (json!({"name": "x", "scopes": ["vaults:delete"]}), "scopes"),
        (json!({"roles": ["viewer"]}), "name"),
        (
            json!({"name": "x", "roles": ["viewer"], "environment": "prod"}),
            "environment",
        ),
        (
            json!({"name": "x", "roles": ["viewer"], "ip_allowlist": ["10.0.0.0/33"]}),
            "ip_allowlist",
        ),
        (
            json!({"name": "x", "roles": ["viewer"], "expires_at": "tomorrow"}),
            "expires_at",
        ),
        (
            json!({"name": "x", "roles": ["viewer"], "expires_at": rfc3339_in(-60)}),
            "expires_at",
        ),
        (
            json!({"name": "x", "roles": ["viewer"], "read_only": "yes"}),
            "read_only",
        ),
        (json!({"name": "x", "roles": "viewer"}), "roles"),
    ] {
        let message = admin_error(admin.post("/api/apikey/create", &body), 400);
        assert!(message.contains(field), "{body}: {message}");
    }
}

#[test]
fn keys_may_be_bound_to_a_user_of_their_tenant() {
    let server = Server::start();
    let admin = server.super_admin();
    let ann = server
        .live_client()
        .post(
            "/v1/users",
            &json!({"name": "Ann", "email": "ann@example.com", "role": "approver"}),
        )
        .expect(201)
        .body;
    let ann_id = ann["id"].as_str().unwrap();
    let bound = admin.key(&json!({"name": "ann's", "roles": ["viewer"], "user_id": ann_id}));
    let user_id: Option<String> = server
        .db()
        .query_row(
            "SELECT user_id FROM api_keys WHERE id = ?1",
            [bound["key_id"].as_str().unwrap()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(user_id.as_deref(), Some(ann_id));

    let (sub, _) = admin.subwallet("sub");
    admin_error(
        admin.post(
            "/api/apikey/create",
            &json!({"wallet_id": sub, "name": "x", "roles": ["viewer"], "user_id": ann_id}),
        ),
        404,
    );
    admin_error(
        admin.post(
            "/api/apikey/create",
            &json!({"name": "y", "roles": ["viewer"], "user_id": "0190b3f2-a1b2-7c3d-8e4f-5a6b7c8d9e0f"}),
        ),
        404,
    );
    server
        .live_client()
        .patch(
            &format!("/v1/users/{ann_id}"),
            &json!({"status": "Disabled"}),
        )
        .expect(200);
    admin_error(
        admin.post(
            "/api/apikey/create",
            &json!({"name": "z", "roles": ["viewer"], "user_id": ann_id}),
        ),
        422,
    );
}

#[test]
fn names_are_unique_per_wallet_and_revocation_takes_effect_at_once() {
    let server = Server::start();
    let admin = server.super_admin();
    let (sub, _) = admin.subwallet("sub");
    let first = admin.key(&json!({"wallet_id": sub, "name": "CI worker", "roles": ["admin"]}));
    let taken = admin_error(
        admin.post(
            "/api/apikey/create",
            &json!({"wallet_id": sub, "name": "CI worker", "roles": ["viewer"]}),
        ),
        409,
    );
    assert!(taken.contains("CI worker"), "{taken}");
    // Another wallet may use the name.
    admin.key(&json!({"name": "CI worker", "roles": ["viewer"]}));

    let (native, _) = clients_of(&server.base, &first);
    native.get("/v1/vaults").expect(200);
    let revoked = admin
        .post(
            "/api/apikey/revoke",
            &json!({"wallet_id": sub, "name": "CI worker"}),
        )
        .expect(200);
    assert_eq!(revoked.body, json!({"status": "revoked"}));
    assert_eq!(
        native.get("/v1/vaults").expect(401).code(),
        "api_key_revoked"
    );
    admin_error(
        admin.post(
            "/api/apikey/revoke",
            &json!({"wallet_id": sub, "name": "CI worker"}),
        ),
        404,
    );
    admin_error(
        admin.post(
            "/api/apikey/revoke",
            &json!({"wallet_id": sub, "name": "never existed"}),
        ),
        404,
    );
    let missing = admin_error(
        admin.post("/api/apikey/revoke", &json!({"name": "CI worker"})),
        400,
    );
    assert!(missing.contains("wallet_id"), "{missing}");
    // A revoked key's name may be used again.
    admin.key(&json!({"wallet_id": sub, "name": "CI worker", "roles": ["viewer"]}));

    // The base tenant's own key, revoked by the super-admin.
    server.client().get("/v1/vaults").expect(200);
    admin
        .post(
            "/api/apikey/revoke",
            &json!({"wallet_id": server.creds.tenant_id, "name": "first test key"}),
        )
        .expect(200);
    assert_eq!(
        server.client().get("/v1/vaults").expect(401).code(),
        "api_key_revoked"
    );
}

#[test]
fn an_expired_key_fails_its_next_request() {
    let server = Server::start();
    let admin = server.super_admin();
    let created =
        admin.key(&json!({"name": "brief", "roles": ["viewer"], "expires_at": rfc3339_in(5)}));
    let (native, cb) = clients_of(&server.base, &created);
    native.get("/v1/vaults").expect(200);
    cb.get("/api/v1/currencies").expect(200);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let r = native.get("/v1/vaults");
        if r.status == 401 {
            assert_eq!(r.code(), "api_key_expired");
            break;
        }
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(Instant::now() < deadline, "the key never expired");
        std::thread::sleep(Duration::from_millis(100));
    }
    let r = cb.get("/api/v1/currencies").expect(401);
    assert_eq!(r.body["code"], "api_key_expired");
}

#[test]
fn admin_posts_accept_an_idempotency_key() {
    let server = Server::start();
    let admin = server.super_admin();
    let body = json!({"wallet_name": "once"});
    let send = |b: &Value| {
        admin.send(
            "POST",
            "/api/subwallet/create",
            b.to_string().as_bytes(),
            &[("Idempotency-Key", "create-once")],
        )
    };
    let first = send(&body).expect(201);
    let again = send(&body).expect(201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        admin.get("/api/subwallets").expect(200).body,
        json!([first.body])
    );
    admin_error(send(&json!({"wallet_name": "other"})), 400);

    let key_body = json!({"name": "k", "roles": ["viewer"]});
    let key = |b: &Value| {
        admin.send(
            "POST",
            "/api/apikey/create",
            b.to_string().as_bytes(),
            &[("Idempotency-Key", "key-once")],
        )
    };
    let k1 = key(&key_body).expect(200);
    let k2 = key(&key_body).expect(200);
    assert_eq!(k1.text, k2.text, "the very same answer, secrets included");
    assert_eq!(k2.header("idempotent-replayed"), Some("true"));
    let (native, cb) = clients_of(&server.base, &k2.body);
    native.get("/v1/assets").expect(200);
    cb.get("/api/v1/currencies").expect(200);
    // The records that make the replay possible hold no secret.
    let conn = server.db();
    let mut stmt = conn
        .prepare("SELECT response_body FROM idempotency_records")
        .unwrap();
    let stored: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.len(), 2);
    for secret in [
        first.body["token"].as_str().unwrap(),
        k1.body["api_secret"].as_str().unwrap(),
        k1.body["passphrase"].as_str().unwrap(),
    ] {
        assert!(stored.iter().all(|b| !b.contains(secret)), "{stored:?}");
    }
    let count: i64 = server
        .db()
        .query_row("SELECT COUNT(*) FROM api_keys WHERE name = 'k'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(count, 1);
}
