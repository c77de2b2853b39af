//! Native request authentication and authorisation (docs/api.md, "Authentication").

use crate::support::{
    agent, coffer, coffer_bounded, coffer_json, now_secs, raw, sign, unhex, Client, LoggedServe,
    Resp, Server, TempDir,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[test]
fn a_signed_request_is_accepted_and_an_unsigned_one_is_not() {
    let server = Server::start();
    let ok = server.client().get("/v1/assets").expect(200);
    assert_eq!(ok.body["data"].as_array().unwrap().len(), 4);
    assert_eq!(ok.header("x-ratelimit-limit"), Some("100000"));
    let agent = crate::support::agent();
    let bare = crate::support::raw(
        &agent,
        "GET",
        &format!("{}/v1/assets", server.base),
        &[],
        b"",
    )
    .expect(401);
    assert_eq!(bare.code(), "missing_credentials");
}

/// One signed request, kept whole so that it can be sent again byte for byte.
#[derive(Clone)]
struct Signed {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Signed {
    /// Signs `method path body` for `client` at Unix second `ts`.
    fn new(client: &Client, ts: i64, method: &str, path: &str, body: &[u8]) -> Signed {
        let ts = ts.to_string();
        let signature = sign(&client.secret, &ts, method, path, body);
        Signed {
            method: method.to_string(),
            url: format!("{}{path}", client.base),
            headers: vec![
                ("X-API-Key".into(), client.key_id.clone()),
                ("X-Timestamp".into(), ts),
                ("X-Signature".into(), signature),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: body.to_vec(),
        }
    }

    fn json(client: &Client, ts: i64, method: &str, path: &str, body: &Value) -> Signed {
        Signed::new(client, ts, method, path, body.to_string().as_bytes())
    }

    /// Replaces (or adds) a header.
    fn set(mut self, name: &str, value: &str) -> Signed {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The same bytes, sent to another server address (after a restart).
    fn to(mut self, base: &str) -> Signed {
        let after_scheme = self.url.find("://").unwrap() + 3;
        let path = after_scheme + self.url[after_scheme..].find('/').unwrap();
        self.url = format!("{base}{}", &self.url[path..]);
        self
    }

    fn without(mut self, name: &str) -> Signed {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self
    }

    fn send(&self) -> Resp {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        raw(&agent(), &self.method, &self.url, &headers, &self.body)
    }
}

#[track_caller]
fn refused(resp: Resp, status: u16, code: &str) -> Resp {
    let resp = resp.expect(status);
    assert_eq!(resp.code(), code, "body: {}", resp.text);
    assert_eq!(resp.body["statusCode"], status, "body: {}", resp.text);
    resp
}

fn vault_count(client: &Client) -> usize {
    client.get("/v1/vaults?limit=100").expect(200).body["data"]
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn bad_credentials_are_refused_with_their_own_codes() {
    let server = Server::start();
    let c = server.client();
    let now = now_secs();

    let wrong_secret = Client::new(&server.base, &c.key_id, &"0".repeat(64));
    refused(
        Signed::new(&wrong_secret, now, "GET", "/v1/assets", b"").send(),
        401,
        "invalid_signature",
    );
    // The signature covers the path with its query, and the body.
    let other_path = Signed::new(&c, now, "GET", "/v1/vaults", b"");
    let other_path = Signed {
        url: format!("{}/v1/vaults?limit=5", c.base),
        ..other_path
    };
    refused(other_path.send(), 401, "invalid_signature");
    Signed::new(&c, now, "GET", "/v1/vaults?limit=5", b"")
        .send()
        .expect(200);
    let tampered = Signed::json(&c, now, "POST", "/v1/vaults", &json!({"name": "signed"}));
    let tampered = Signed {
        body: json!({"name": "tampered"}).to_string().into_bytes(),
        ..tampered
    };
    refused(tampered.send(), 401, "invalid_signature");
    assert_eq!(vault_count(&c), 0);
    // Upper-case method in the canonical string: a lower-case one is another request.
    refused(
        Signed {
            method: "GET".into(),
            ..Signed::new(&c, now, "get", "/v1/assets", b"")
        }
        .send(),
        401,
        "invalid_signature",
    );

    for ts in [now - 31, now - 3600, now + 35, now + 3600] {
        let r = refused(
            Signed::new(&c, ts, "GET", "/v1/assets", b"").send(),
            401,
            "stale_timestamp",
        );
        assert!(
            r.body["message"].as_str().unwrap().contains("30 seconds"),
            "{r:?}"
        );
    }
    // Milliseconds, the usual mistake, are named.
    let millis = refused(
        Signed::new(&c, now * 1000 + 123, "GET", "/v1/assets", b"").send(),
        401,
        "stale_timestamp",
    );
    assert!(
        millis.body["message"]
            .as_str()
            .unwrap()
            .contains("milliseconds"),
        "{millis:?}"
    );
    // Inside the window either way is fine.
    for ts in [now - 20, now + 20] {
        Signed::new(&c, ts, "GET", "/v1/assets", b"")
            .send()
            .expect(200);
    }

    for ts in ["abc", "1.7e9", "", "  "] {
        let signature = sign(&c.secret, ts, "GET", "/v1/assets", b"");
        let r = Signed::new(&c, now, "GET", "/v1/assets", b"")
            .set("X-Timestamp", ts)
            .set("X-Signature", &signature)
            .send();
        refused(r, 401, "invalid_timestamp");
    }

    for key_id in [
        "ck_test_AAAAAAAAAAAAAAAAAAAAAAAA".to_string(),
        "ck_live_AAAAAAAAAAAAAAAAAAAAAAAA".to_string(),
        "nope".to_string(),
        c.key_id.replace("ck_test_", "ck_live_"),
    ] {
        let unknown = Client::new(&server.base, &key_id, &c.secret);
        refused(
            Signed::new(&unknown, now, "GET", "/v1/assets", b"").send(),
            401,
            "invalid_api_key",
        );
    }

    for header in ["X-API-Key", "X-Timestamp", "X-Signature"] {
        let r = Signed::new(&c, now, "GET", "/v1/assets", b"")
            .without(header)
            .send();
        let r = refused(r, 401, "missing_credentials");
        assert!(r.header("x-request-id").is_some());
    }
    // None of the refused requests did anything, and the key still works.
    c.get("/v1/assets").expect(200);
}

#[test]
fn extreme_timestamps_are_stale_and_never_break_the_server() {
    let server = Server::start();
    let c = server.client();
    // More requests than the server has worker threads: a panicking check would
    // take one down with each.
    for round in 0..10 {
        for ts in [i64::MIN, i64::MIN + 1, -1_000_000_000_000, i64::MAX] {
            let r = Signed::new(&c, ts, "GET", "/v1/assets", b"").send();
            assert_eq!(r.status, 401, "round {round}, X-Timestamp {ts}: {}", r.text);
            assert_eq!(r.code(), "stale_timestamp", "X-Timestamp {ts}");
        }
    }
    c.get("/v1/assets").expect(200);
}

#[test]
fn a_mutating_request_is_accepted_once() {
    let server = Server::start();
    let c = server.client();
    let now = now_secs();

    let post = Signed::json(&c, now, "POST", "/v1/vaults", &json!({"name": "once"}));
    post.send().expect(201);
    refused(post.send(), 401, "replayed_signature");
    assert_eq!(vault_count(&c), 1);

    // With an Idempotency-Key the replay is answered with the first answer.
    let idem = Signed::json(&c, now, "POST", "/v1/vaults", &json!({"name": "idem"}))
        .set("Idempotency-Key", "replay-1");
    let first = idem.send().expect(201);
    assert_eq!(first.header("idempotent-replayed"), None);
    let again = idem.send().expect(201);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.body, first.body);
    assert_eq!(vault_count(&c), 2);
    // The captured request with the key dropped, or another key, is a replay.
    refused(
        idem.clone().without("Idempotency-Key").send(),
        401,
        "replayed_signature",
    );
    refused(
        idem.clone().set("Idempotency-Key", "replay-2").send(),
        401,
        "replayed_signature",
    );
    assert_eq!(vault_count(&c), 2);

    // A PATCH is mutating too.
    let id = first.body["id"].as_str().unwrap();
    let patch = Signed::json(
        &c,
        now,
        "PATCH",
        &format!("/v1/vaults/{id}"),
        &json!({"name": "renamed"}),
    );
    patch.send().expect(200);
    refused(patch.send(), 401, "replayed_signature");

    // Reads may be repeated.
    let get = Signed::new(&c, now, "GET", "/v1/vaults", b"");
    let a = get.send().expect(200);
    let b = get.send().expect(200);
    assert_eq!(a.body, b.body);
}

#[test]
fn a_signed_write_is_refused_again_after_a_crash() {
    let mut server = Server::start();
    let c = server.client();
    // A client whose clock runs ahead: the signature stays valid for almost a minute.
    let ahead = now_secs() + 25;
    let create = Signed::json(&c, ahead, "POST", "/v1/vaults", &json!({"name": "once"}))
        .set("Idempotency-Key", "crash-1");
    create.send().expect(201);
    // A write refused for the state it met changes nothing, but the state may
    // change: after a restart it must not be replayable either.
    let refused_write = Signed::json(
        &c,
        ahead,
        "PATCH",
        "/v1/vaults/0190f0f0-0000-7000-8000-000000000000",
        &json!({"name": "later"}),
    );
    refused_write.send().expect(404);

    server.restart(&[]); // kill -9, then start on the same data dir
    let c = Client::new(&server.base, &c.key_id, &c.secret);
    let again = |signed: &Signed| signed.clone().to(&server.base);
    refused(
        again(&create).set("Idempotency-Key", "crash-2").send(),
        401,
        "replayed_signature",
    );
    refused(again(&refused_write).send(), 401, "replayed_signature");
    // The same key still answers from its idempotency record.
    let replay = again(&create).send().expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    assert_eq!(vault_count(&c), 1);
}

#[test]
fn a_write_signed_before_a_restart_is_accepted_after_it() {
    let before = now_secs();
    let server = Server::start();
    let c = server.client();
    // Signed by a client before this server process started, and never sent:
    // no outage for requests in flight across a restart.
    let old = before - 2;
    Signed::json(&c, old, "POST", "/v1/vaults", &json!({"name": "old"}))
        .send()
        .expect(201);
    assert_eq!(vault_count(&c), 1);
}

#[test]
fn scopes_decide_what_a_key_may_do() {
    let server = Server::start();
    let admin = server.client();
    let vault = admin.vault("scoped");

    let viewer = server.new_key("viewer", &["--roles", "viewer"]);
    viewer.get("/v1/vaults").expect(200);
    viewer.get(&format!("/v1/vaults/{vault}")).expect(200);
    viewer.get("/v1/assets").expect(200);
    let r = refused(
        viewer.post("/v1/vaults", &json!({"name": "viewer's"})),
        403,
        "missing_scope",
    );
    assert!(
        r.body["message"].as_str().unwrap().contains("vaults:write"),
        "{r:?}"
    );
    // The key was authenticated, so the answer carries its rate-limit state.
    assert_eq!(r.header("x-ratelimit-limit"), Some("100000"), "{r:?}");
    refused(
        viewer.patch(&format!("/v1/vaults/{vault}"), &json!({"name": "x"})),
        403,
        "missing_scope",
    );

    let vaults_only = server.new_key("vaults-read", &["--scopes", "vaults:read"]);
    vaults_only.get("/v1/vaults").expect(200);
    let r = refused(vaults_only.get("/v1/assets"), 403, "missing_scope");
    assert!(
        r.body["message"].as_str().unwrap().contains("assets:read"),
        "{r:?}"
    );
    refused(
        vaults_only.post("/v1/vaults", &json!({"name": "scoped"})),
        403,
        "missing_scope",
    );

    // Roles and scopes add up.
    let viewer_plus = server.new_key(
        "viewer-plus",
        &["--roles", "viewer", "--scopes", "vaults:write"],
    );
    viewer_plus
        .post("/v1/vaults", &json!({"name": "viewer-plus"}))
        .expect(201);

    let read_only = server.new_key("read-only", &["--roles", "admin", "--read-only"]);
    read_only.get("/v1/vaults").expect(200);
    read_only.get("/v1/assets").expect(200);
    refused(
        read_only.post("/v1/vaults", &json!({"name": "read-only"})),
        403,
        "missing_scope",
    );
    refused(
        read_only.patch(&format!("/v1/vaults/{vault}"), &json!({"name": "ro"})),
        403,
        "missing_scope",
    );
    // Two vaults: the admin's and viewer-plus's.
    assert_eq!(vault_count(&admin), 2);
    let fetched = admin.get(&format!("/v1/vaults/{vault}")).expect(200);
    assert_eq!(fetched.body["name"], "scoped");
}

#[test]
fn behind_a_trusted_proxy_the_forwarded_client_is_checked() {
    let dir = crate::support::TempDir::new("proxy-config");
    let config = dir.path().join("coffer.toml");
    std::fs::write(&config, "trusted_proxies = [\"127.0.0.0/8\"]\n").unwrap();
    let server = Server::start_with(&[("COFFER_CONFIG", config.to_str().unwrap())]);
    let office = server.new_key(
        "office",
        &["--roles", "viewer", "--ip-allow", "203.0.113.0/24"],
    );
    let get = |forwarded: Option<&str>| match forwarded {
        Some(f) => office.send("GET", "/v1/vaults", b"", &[("X-Forwarded-For", f)]),
        None => office.get("/v1/vaults"),
    };
    get(Some("203.0.113.7")).expect(200);
    // The client may prepend anything; the proxy's own append is what counts.
    get(Some("203.0.113.7, 198.51.100.1")).expect(403);
    get(Some("198.51.100.1, 203.0.113.7")).expect(200);
    assert_eq!(get(None).expect(403).code(), "ip_not_allowed");

    // Without trusted proxies the header is ignored: it cannot be spoofed.
    let direct = Server::start();
    let key = direct.new_key(
        "office",
        &["--roles", "viewer", "--ip-allow", "203.0.113.0/24"],
    );
    let spoofed = key.send(
        "GET",
        "/v1/vaults",
        b"",
        &[("X-Forwarded-For", "203.0.113.7")],
    );
    assert_eq!(spoofed.expect(403).code(), "ip_not_allowed");
}

#[test]
fn ip_allow_lists_are_enforced() {
    let server = Server::start();
    let elsewhere = server.new_key("ten", &["--roles", "admin", "--ip-allow", "10.0.0.0/8"]);
    let r = refused(elsewhere.get("/v1/assets"), 403, "ip_not_allowed");
    assert!(
        r.body["message"].as_str().unwrap().contains("127.0.0.1"),
        "{r:?}"
    );
    refused(
        elsewhere.post("/v1/vaults", &json!({"name": "ten"})),
        403,
        "ip_not_allowed",
    );

    let loopback = server.new_key(
        "loopback",
        &["--roles", "admin", "--ip-allow", "10.0.0.0/8,127.0.0.0/8"],
    );
    loopback.get("/v1/assets").expect(200);
    loopback
        .post("/v1/vaults", &json!({"name": "loopback"}))
        .expect(201);
    let host = server.new_key("host", &["--roles", "admin", "--ip-allow", "127.0.0.1"]);
    host.get("/v1/assets").expect(200);

    // An IPv6 entry does not cover an IPv4 client.
    let v6 = server.new_key("v6", &["--roles", "admin", "--ip-allow", "::1/128"]);
    refused(v6.get("/v1/assets"), 403, "ip_not_allowed");
    let v6_all = server.new_key("v6-all", &["--roles", "admin", "--ip-allow", "::/0"]);
    refused(v6_all.get("/v1/assets"), 403, "ip_not_allowed");

    for bad in ["bogus", "10.0.0.0/33", "10.0.0.0/8,999.1.1.1"] {
        let out = server.cli(&[
            "keys",
            "create",
            "--name",
            "bad-ip",
            "--roles",
            "admin",
            "--ip-allow",
            bad,
        ]);
        assert!(!out.status.success(), "--ip-allow {bad} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        let culprit = bad.rsplit(',').next().unwrap();
        assert!(err.contains(culprit), "{bad}: {err}");
    }
    let listed = key_names(&server);
    assert!(!listed.contains(&"bad-ip".to_string()), "{listed:?}");
    assert_eq!(vault_count(&server.client()), 1);
}

#[test]
fn ip_allow_lists_see_ipv6_clients() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this host has no IPv6 loopback");
        return;
    }
    let server = Server::start();
    let v6 = LoggedServe::start_on(&server.data_dir(), "[::1]:0");
    assert!(v6.base.starts_with("http://[::1]:"), "{}", v6.base);
    let on_v6 = |c: &Client| Client::new(&v6.base, &c.key_id, &c.secret);
    let v6_host = on_v6(&server.new_key("v6", &["--roles", "admin", "--ip-allow", "::1/128"]));
    v6_host.get("/v1/assets").expect(200);
    let v6_net = on_v6(&server.new_key("v6-net", &["--roles", "admin", "--ip-allow", "::/0"]));
    v6_net.get("/v1/assets").expect(200);
    let v4 = on_v6(&server.new_key("v4", &["--roles", "admin", "--ip-allow", "127.0.0.0/8"]));
    let r = refused(v4.get("/v1/assets"), 403, "ip_not_allowed");
    assert!(r.body["message"].as_str().unwrap().contains("::1"), "{r:?}");
    let other = on_v6(&server.new_key(
        "v6-other",
        &["--roles", "admin", "--ip-allow", "2001:db8::/32"],
    ));
    refused(other.get("/v1/assets"), 403, "ip_not_allowed");
    on_v6(&server.client()).get("/v1/assets").expect(200);
}

fn keys_json(server: &Server) -> Vec<Value> {
    let out = server.cli(&["keys", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn key_names(server: &Server) -> Vec<String> {
    keys_json(server)
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect()
}

fn rfc3339(unix_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

#[test]
fn a_key_stops_working_when_it_expires() {
    let server = Server::start();
    let started = Instant::now();
    let expires = rfc3339(now_secs() + 3);
    let key = server.new_key("brief", &["--roles", "admin", "--expires", &expires]);
    key.get("/v1/assets").expect(200);
    let listed = keys_json(&server);
    let brief = listed.iter().find(|k| k["name"] == "brief").unwrap();
    assert_eq!(brief["status"], "active");
    assert!(brief["expiresAt"].as_str().is_some(), "{brief}");

    let deadline = started + Duration::from_secs(10);
    loop {
        let r = key.get("/v1/assets");
        if r.status == 401 {
            assert_eq!(r.code(), "api_key_expired", "{}", r.text);
            break;
        }
        assert_eq!(r.status, 200, "{}", r.text);
        assert!(Instant::now() < deadline, "the key never expired");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "expired too early"
    );
    // Expired stays expired, for writes too; the state shows in the list.
    refused(
        key.post("/v1/vaults", &json!({"name": "late"})),
        401,
        "api_key_expired",
    );
    let listed = keys_json(&server);
    let brief = listed.iter().find(|k| k["name"] == "brief").unwrap();
    assert_eq!(brief["status"], "expired");
    // A wrong signature on an expired key learns nothing about its state.
    let forged = Client::new(&server.base, &key.key_id, &"f".repeat(64));
    refused(forged.get("/v1/assets"), 401, "invalid_signature");

    for past in [rfc3339(now_secs() - 60), "2001-01-01T00:00:00Z".to_string()] {
        let out = server.cli(&[
            "keys",
            "create",
            "--name",
            "stale",
            "--roles",
            "admin",
            "--expires",
            &past,
        ]);
        assert!(!out.status.success(), "--expires {past} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("expires"), "{err}");
    }
    let out = server.cli(&[
        "keys",
        "create",
        "--name",
        "stale",
        "--roles",
        "admin",
        "--expires",
        "tomorrow",
    ]);
    assert!(!out.status.success());
    assert!(!key_names(&server).contains(&"stale".to_string()));
}

#[test]
fn a_revoked_key_is_refused_on_the_next_request() {
    let server = Server::start();
    let key = server.new_key("ci", &["--roles", "operator"]);
    key.get("/v1/assets").expect(200);
    key.post("/v1/vaults", &json!({"name": "before"}))
        .expect(201);

    let out = server.cli(&["keys", "revoke", "ci"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&key.key_id));

    refused(key.get("/v1/assets"), 401, "api_key_revoked");
    refused(
        key.post("/v1/vaults", &json!({"name": "after"})),
        401,
        "api_key_revoked",
    );
    // Only a caller holding the secret learns that the key was revoked.
    let forged = Client::new(&server.base, &key.key_id, &"e".repeat(64));
    refused(forged.get("/v1/assets"), 401, "invalid_signature");
    assert_eq!(vault_count(&server.client()), 1);

    // The name is free again; the new key is another key with its own secret.
    let again = server.new_key("ci", &["--roles", "operator"]);
    assert_ne!(again.key_id, key.key_id);
    assert_ne!(again.secret, key.secret);
    again.get("/v1/assets").expect(200);
    refused(key.get("/v1/assets"), 401, "api_key_revoked");
    // And the other keys never noticed.
    server.client().get("/v1/assets").expect(200);

    // Revoking by id works as well.
    let by_id = server.new_key("by-id", &["--roles", "viewer"]);
    let out = server.cli(&["keys", "revoke", &by_id.key_id]);
    assert!(out.status.success());
    refused(by_id.get("/v1/assets"), 401, "api_key_revoked");
}

/// A 404 body with the requested id blanked out, so two of them can be compared.
fn not_found_shape(r: &Resp, id: &str) -> Value {
    assert_eq!(r.status, 404, "{}", r.text);
    let mut body: Value = serde_json::from_str(&r.text.replace(id, "ID")).unwrap();
    body["requestId"] = json!("-");
    body
}

#[test]
fn tenants_and_environments_do_not_see_each_other() {
    let server = Server::start();
    let a = server.client();
    let created = a
        .post(
            "/v1/vaults",
            &json!({"name": "A's", "externalId": "a-1", "metadata": {"k": "v"}}),
        )
        .expect(201);
    let a_id = created.body["id"].as_str().unwrap().to_string();

    let tid = server.new_tenant("other");
    assert_ne!(tid, server.creds.tenant_id);
    let b = server.new_key("b", &["--roles", "admin", "--tenant", &tid]);
    let unknown = uuid::Uuid::now_v7().to_string();
    let b_unknown = b.get(&format!("/v1/vaults/{unknown}"));
    let expected = not_found_shape(&b_unknown, &unknown);
    assert_eq!(expected["code"], "not_found");
    let b_foreign = b.get(&format!("/v1/vaults/{a_id}"));
    assert_eq!(not_found_shape(&b_foreign, &a_id), expected);
    assert!(!b_foreign.text.contains("A's"), "{}", b_foreign.text);
    assert_eq!(b.get("/v1/vaults").expect(200).body["data"], json!([]));
    assert_eq!(
        b.get("/v1/vaults?externalId=a-1").expect(200).body["data"],
        json!([])
    );
    let b_patch = b.patch(
        &format!("/v1/vaults/{a_id}"),
        &json!({"name": "B was here"}),
    );
    assert_eq!(not_found_shape(&b_patch, &a_id), expected);
    let b_freeze = b.patch(&format!("/v1/vaults/{a_id}"), &json!({"status": "Frozen"}));
    assert_eq!(not_found_shape(&b_freeze, &a_id), expected);

    // B's own vault is as invisible to A.
    let b_id = b.vault("B's");
    assert_eq!(
        not_found_shape(&a.get(&format!("/v1/vaults/{b_id}")), &b_id),
        expected
    );

    // Tenant A's live key sees nothing of A's test environment.
    let live = server.new_key("a-live", &["--roles", "admin", "--env", "live"]);
    assert!(live.key_id.starts_with("ck_live_"), "{}", live.key_id);
    let live_get = live.get(&format!("/v1/vaults/{a_id}"));
    assert_eq!(not_found_shape(&live_get, &a_id), expected);
    assert_eq!(live.get("/v1/vaults").expect(200).body["data"], json!([]));
    let live_patch = live.patch(&format!("/v1/vaults/{a_id}"), &json!({"name": "live"}));
    assert_eq!(not_found_shape(&live_patch, &a_id), expected);

    // A's vault is untouched, and A's list is only A's.
    let after = a.get(&format!("/v1/vaults/{a_id}")).expect(200);
    assert_eq!(after.body, created.body);
    let a_list = a.get("/v1/vaults").expect(200);
    let ids: Vec<&str> = a_list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a_id.as_str()]);
}

/// Rate limits count in fixed one-minute windows. Waits (bounded) until at least
/// `room` seconds remain in the current window, so that a quick sequence of
/// requests falls inside one window; returns that window.
pub(crate) fn window_with_room(room: u64) -> i64 {
    let deadline = Instant::now() + Duration::from_secs(room + 2);
    loop {
        let now = now_secs();
        if 60 - now.rem_euclid(60) > i64::try_from(room).unwrap() {
            return now.div_euclid(60);
        }
        assert!(Instant::now() < deadline, "the clock is not moving");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn header_num(r: &Resp, name: &str) -> i64 {
    r.header(name)
        .unwrap_or_else(|| panic!("no {name} header: {r:?}"))
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number: {r:?}"))
}

#[test]
fn a_key_over_its_rate_limit_gets_429_and_other_keys_do_not() {
    let server = Server::start_with(&[("COFFER_LIMITS_PER_KEY_PER_MINUTE", "3")]);
    let c = server.client();
    let other = server.new_key("other", &["--roles", "viewer"]);
    let window = window_with_room(5);
    let answers: Vec<Resp> = (0..3).map(|_| c.get("/v1/assets")).collect();
    let over = c.post("/v1/vaults", &json!({"name": "over"}));
    let other_answer = other.get("/v1/assets");
    let other_vaults = other.get("/v1/vaults");
    let other_again = other.get("/v1/assets");
    assert_eq!(now_secs().div_euclid(60), window, "the window turned");

    let now = now_secs();
    let mut resets = Vec::new();
    for (r, remaining) in answers.into_iter().zip(["2", "1", "0"]) {
        let r = r.expect(200);
        assert_eq!(r.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(r.header("x-ratelimit-remaining"), Some(remaining));
        let reset = header_num(&r, "x-ratelimit-reset");
        assert!(
            reset > now - 1 && reset <= now + 60,
            "reset {reset} now {now}"
        );
        resets.push(reset);
    }
    assert!(resets.windows(2).all(|w| w[0] == w[1]), "{resets:?}");

    let over = refused(over, 429, "rate_limited");
    let retry = header_num(&over, "retry-after");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    assert_eq!(over.header("x-ratelimit-limit"), Some("3"));
    assert_eq!(over.header("x-ratelimit-remaining"), Some("0"));
    assert_eq!(header_num(&over, "x-ratelimit-reset"), resets[0]);
    // Refused before it ran: no vault was made.
    let other_answer = other_answer.expect(200);
    assert_eq!(other_answer.header("x-ratelimit-remaining"), Some("2"));
    assert_eq!(
        other_vaults.expect(200).body["data"],
        json!([]),
        "the over-limit POST created a vault"
    );
    let again = other_again.expect(200);
    assert_eq!(again.header("x-ratelimit-limit"), Some("3"));
    assert_eq!(again.header("x-ratelimit-remaining"), Some("0"));
}

#[test]
fn failed_authentication_is_rate_limited_per_address() {
    let server = Server::start_with(&[("COFFER_LIMITS_FAILED_AUTH_PER_IP_PER_MINUTE", "3")]);
    let c = server.client();
    let forged = Client::new(&server.base, &c.key_id, &"0".repeat(64));
    let window = window_with_room(5);
    let bad: Vec<Resp> = (0..3).map(|_| forged.get("/v1/assets")).collect();
    let good = c.get("/v1/assets");
    let unsigned = raw(
        &agent(),
        "GET",
        &format!("{}/v1/assets", server.base),
        &[],
        b"",
    );
    assert_eq!(now_secs().div_euclid(60), window, "the window turned");
    for r in bad {
        refused(r, 401, "invalid_signature");
    }
    let good = refused(good, 429, "rate_limited");
    let retry = header_num(&good, "retry-after");
    assert!((1..=60).contains(&retry), "Retry-After {retry}");
    refused(unsigned, 429, "rate_limited");
    // The public health check is not behind authentication.
    raw(
        &agent(),
        "GET",
        &format!("{}/health", server.base),
        &[],
        b"",
    )
    .expect(200);
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file of a data dir but the master key, concatenated.
fn database_bytes(data: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        // Every file but the key (not the server's control socket).
        if path.is_file() && path.file_name().unwrap() != "master.key" {
            all.extend(std::fs::read(&path).unwrap());
        }
    }
    all
}

#[test]
fn the_database_alone_cannot_sign() {
    let mut server = Server::start();
    let c = server.client();
    c.vault("before the theft");
    let other = server.new_key("other", &["--roles", "viewer"]);
    let tenant = coffer_json(&[
        "tenants",
        "create",
        "--json",
        "--name",
        "sub",
        "--data-dir",
        server.data_dir().to_str().unwrap(),
    ]);
    let master_hex = std::fs::read_to_string(server.data_dir().join("master.key")).unwrap();
    let secrets: Vec<String> = vec![
        c.secret.clone(),
        other.secret.clone(),
        server.creds.super_admin_token.clone(),
        tenant["adminToken"].as_str().unwrap().to_string(),
        master_hex.trim().to_string(),
    ];
    let check = |bytes: &[u8], when: &str| {
        assert!(
            bytes.len() > 4096,
            "{when}: no database? {} bytes",
            bytes.len()
        );
        for s in &secrets {
            assert!(!contains(bytes, s.as_bytes()), "{when}: a secret is stored");
            let hex_part = s.strip_prefix("cat_").unwrap_or(s);
            assert!(
                !contains(bytes, &unhex(hex_part)),
                "{when}: a secret is stored in binary"
            );
            assert!(
                !contains(bytes, hex_part.to_ascii_uppercase().as_bytes()),
                "{when}: a secret is stored in upper-case hex"
            );
        }
    };
    check(&database_bytes(&server.data_dir()), "while running");
    server.kill();
    // Let SQLite fold the WAL into the main file, as a thief's copy would be.
    let out = server.cli(&["keys", "list"]);
    assert!(out.status.success());
    check(&database_bytes(&server.data_dir()), "after stopping");

    let copy_db = |to: &std::path::Path| {
        std::fs::create_dir_all(to).unwrap();
        for name in ["coffer.db", "coffer.db-wal"] {
            let from = server.data_dir().join(name);
            if from.exists() {
                std::fs::copy(&from, to.join(name)).unwrap();
            }
        }
    };
    let serve_args = |data: &std::path::Path| {
        vec![
            "serve".to_string(),
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--data-dir".into(),
            data.to_str().unwrap().to_string(),
        ]
    };
    let limit = Duration::from_secs(20);
    let scratch = TempDir::new("stolen");

    // The database without any master key.
    let bare = scratch.path().join("bare");
    copy_db(&bare);
    let args = serve_args(&bare);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = coffer_bounded(&args, &[], limit);
    assert!(!out.status.success(), "served without a master key");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("master key"), "{err}");
    assert!(
        !bare.join("master.key").exists(),
        "serve made itself a new master key"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));

    // The database with another installation's master key.
    let foreign = scratch.path().join("foreign");
    copy_db(&foreign);
    let elsewhere = scratch.path().join("elsewhere");
    let out = coffer(
        &["init", "--json", "--data-dir", elsewhere.to_str().unwrap()],
        &[],
    );
    assert!(out.status.success());
    std::fs::copy(elsewhere.join("master.key"), foreign.join("master.key")).unwrap();
    let args = serve_args(&foreign);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = coffer_bounded(&args, &[], limit);
    assert!(!out.status.success(), "served with a foreign master key");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("master key does not match"), "{err}");
    // The CLI refuses it too: it could otherwise mint keys the server cannot check.
    let out = coffer_bounded(
        &["keys", "list", "--data-dir", foreign.to_str().unwrap()],
        &[],
        limit,
    );
    assert!(!out.status.success());

    // Control: the same copy with its own master key serves the old keys.
    let restored = scratch.path().join("restored");
    copy_db(&restored);
    std::fs::copy(
        server.data_dir().join("master.key"),
        restored.join("master.key"),
    )
    .unwrap();
    let restarted = LoggedServe::start(&restored);
    let c2 = Client::new(&restarted.base, &c.key_id, &c.secret);
    let listed = c2.get("/v1/vaults").expect(200);
    assert_eq!(listed.body["data"][0]["name"], "before the theft");
}
