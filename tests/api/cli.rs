//! The command line: init, keys, check-config, call.

use crate::support::{agent, coffer, coffer_json, raw, Client, LoggedServe, Server, TempDir};
use serde_json::{json, Value};

#[test]
fn check_config_names_unknown_keys() {
    let dir = TempDir::new("config");
    let path = dir.path().join("coffer.toml");
    std::fs::write(&path, "colour = \"blue\"\n[limits]\nper_hour = 1\n").unwrap();
    let out = coffer(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown config key 'colour'"), "{err}");
    assert!(
        err.contains("unknown config key 'limits.per_hour'"),
        "{err}"
    );
}

#[test]
fn check_config_reports_every_network_problem_and_the_old_evm_section() {
    let dir = TempDir::new("networks");
    let path = dir.path().join("coffer.toml");
    std::fs::write(
        &path,
        "[evm]\nrpc_url = \"http://node:8545\"\nchain_id = 1\n\n\
         [[networks]]\nname = \"base\"\nkind = \"evm\"\nrpc_url = \"ws://node\"\nchain_id = 0\n\n\
         [[assets]]\nid = \"USDCBASE\"\nnetwork = \"base\"\ndecimals = 6\ncontract = \"0x12\"\n",
    )
    .unwrap();
    let out = coffer(&["check-config", "--config", path.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for expected in [
        "[[networks]]\nname = \"ethereum\"",
        "rpc_url = \"http://node:8545\"",
        "networks.base.rpc_url",
        "networks.base.chain_id",
        "networks.base: needs exactly one native asset",
        "assets.USDCBASE.contract",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn init_twice_fails_and_keeps_the_first_credentials() {
    let dir = TempDir::new("init-twice");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let first = coffer_json(&["init", "--json", "--data-dir", data_s]);
    assert!(first["apiKey"]["keyId"]
        .as_str()
        .unwrap()
        .starts_with("ck_test_"));
    assert!(first["superAdminToken"].as_str().unwrap().len() > 20);
    let master = std::fs::read(data.join("master.key")).unwrap();
    #[cfg(unix)]
    assert_eq!(mode(&data.join("master.key")), 0o600);

    for args in [
        vec!["init", "--json", "--data-dir", data_s],
        vec!["init", "--data-dir", data_s],
    ] {
        let again = coffer(&args, &[]);
        assert!(!again.status.success(), "a second init succeeded");
        assert!(
            text(&again.stderr).contains("already"),
            "{}",
            text(&again.stderr)
        );
        assert_eq!(text(&again.stdout), "", "a second init printed credentials");
    }
    assert_eq!(std::fs::read(data.join("master.key")).unwrap(), master);

    let server = LoggedServe::start(&data);
    let c = Client::new(
        &server.base,
        first["apiKey"]["keyId"].as_str().unwrap(),
        first["apiKey"]["secret"].as_str().unwrap(),
    );
    c.get("/v1/assets").expect(200);
    c.post("/v1/vaults", &json!({"name": "still mine"}))
        .expect(201);
    assert!(!data.join("initial-credentials.json").exists());
}

#[test]
fn serve_initialises_an_empty_data_dir_without_logging_secrets() {
    let dir = TempDir::new("autoinit");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let server = LoggedServe::start(&data);

    let creds_path = data.join("initial-credentials.json");
    #[cfg(unix)]
    {
        assert_eq!(mode(&creds_path), 0o600);
        assert_eq!(mode(&data.join("master.key")), 0o600);
        // The books themselves, with the WAL and shared-memory files the
        // running server holds open.
        for file in ["coffer.db", "coffer.db-wal", "coffer.db-shm"] {
            assert_eq!(mode(&data.join(file)), 0o600, "{file}");
        }
    }
    let creds: Value = serde_json::from_slice(&std::fs::read(&creds_path).unwrap()).unwrap();
    let key_id = creds["apiKey"]["keyId"].as_str().unwrap();
    let secret = creds["apiKey"]["secret"].as_str().unwrap();
    let token = creds["superAdminToken"].as_str().unwrap();
    let passphrase = creds["apiKey"]["passphrase"].as_str().unwrap();
    assert!(key_id.starts_with("ck_test_"), "{creds}");
    assert_eq!(creds["apiKey"]["roles"], json!(["admin"]));
    assert!(token.len() > 20, "{creds}");

    let c = Client::new(&server.base, key_id, secret);
    let assets = c.get("/v1/assets").expect(200);
    assert_eq!(assets.body["data"].as_array().unwrap().len(), 4);
    c.post("/v1/vaults", &json!({"name": "first"})).expect(201);
    // A refused request is logged too, and must not leak what it carried.
    let forged = Client::new(&server.base, key_id, &"0".repeat(64));
    forged.get("/v1/assets").expect(401);
    let cb = crate::support::HeaderClient::coinbase(&server.base, key_id, passphrase);
    cb.get("/api/v1/currencies").expect(200);
    let guess = format!("{passphrase}x");
    crate::support::HeaderClient::coinbase(&server.base, key_id, &guess)
        .get("/api/v1/currencies")
        .expect(401);
    let signature = crate::support::sign(secret, "1700000000", "GET", "/v1/assets", b"");
    raw(
        &agent(),
        "GET",
        &format!("{}/v1/assets", server.base),
        &[
            ("X-API-Key", key_id),
            ("X-Timestamp", "1700000000"),
            ("X-Signature", &signature),
        ],
        b"",
    )
    .expect(401);

    let (stdout, stderr) = server.stop();
    // The log was on (trace level), so its silence about secrets means something.
    assert!(stderr.contains("initial-credentials.json"), "{stderr}");
    assert!(
        stderr.contains("/v1/vaults"),
        "no access log line: {stderr}"
    );
    for (what, secret) in [
        ("API secret", secret),
        ("passphrase", passphrase),
        ("wrong passphrase", guess.as_str()),
        ("super-admin token", token),
        ("signature", signature.as_str()),
    ] {
        assert!(!stderr.contains(secret), "the log holds the {what}");
        assert!(!stdout.contains(secret), "stdout holds the {what}");
    }

    // Serving again uses the data dir as it is: the file is not rewritten.
    let before = std::fs::read(&creds_path).unwrap();
    let again = LoggedServe::start(&data);
    let again_base = again.base.clone();
    Client::new(&again.base, key_id, secret)
        .get("/v1/vaults")
        .expect(200);
    let (_, stderr) = again.stop();
    assert_eq!(std::fs::read(&creds_path).unwrap(), before);
    assert!(!stderr.contains(secret) && !stderr.contains(token));
    // The operator is told where the console is, and that the first
    // credentials still lie on disk.
    assert!(
        stderr.contains(&format!("console: {}/console", again_base)),
        "{stderr}"
    );
    assert!(stderr.contains("still in"), "{stderr}");
}

fn keys_list(server: &Server) -> Vec<Value> {
    let out = server.cli(&["keys", "list", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn by_name<'a>(keys: &'a [Value], name: &str) -> Vec<&'a Value> {
    keys.iter().filter(|k| k["name"] == name).collect()
}

#[test]
fn keys_list_shows_every_key_with_its_status_and_no_secret() {
    let server = Server::start();
    let alpha = server.new_key(
        "alpha",
        &["--roles", "viewer", "--ip-allow", "127.0.0.1/32"],
    );
    let beta = server.new_key("beta", &["--scopes", "vaults:read,assets:read"]);
    let live = server.new_key("gamma", &["--roles", "operator", "--env", "live"]);
    let out = server.cli(&["keys", "revoke", "beta"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = server.cli(&["keys", "list", "--json"]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    for secret in [
        &alpha.secret,
        &beta.secret,
        &live.secret,
        &server.creds.secret,
    ] {
        assert!(
            !stdout.contains(secret.as_str()),
            "keys list shows a secret"
        );
    }
    let keys = keys_list(&server);
    assert_eq!(keys.len(), 4, "{keys:?}");

    let first = by_name(&keys, "first test key");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["keyId"], server.creds.key_id);
    assert_eq!(first[0]["status"], "active");
    assert_eq!(first[0]["roles"], json!(["admin"]));

    let a = by_name(&keys, "alpha")[0];
    assert_eq!(a["keyId"], alpha.key_id);
    assert_eq!(a["status"], "active");
    assert_eq!(a["roles"], json!(["viewer"]));
    assert_eq!(a["ipAllowlist"], json!(["127.0.0.1/32"]));
    assert_eq!(a["environment"], "test");
    assert_eq!(a["tenantId"], server.creds.tenant_id);

    let b = by_name(&keys, "beta")[0];
    assert_eq!(b["keyId"], beta.key_id);
    assert_eq!(b["status"], "revoked");
    assert_eq!(b["scopes"], json!(["vaults:read", "assets:read"]));

    let g = by_name(&keys, "gamma")[0];
    assert_eq!(g["environment"], "live");
    assert!(g["keyId"].as_str().unwrap().starts_with("ck_live_"));
    assert_eq!(g["status"], "active");

    // The listed states are the ones the server enforces.
    alpha.get("/v1/assets").expect(200);
    assert_eq!(beta.get("/v1/assets").expect(401).code(), "api_key_revoked");

    // Revoking what is not there (or no longer working) fails, naming it.
    for target in ["no-such-key", "beta", "ck_test_AAAAAAAAAAAAAAAAAAAAAAAA"] {
        let out = server.cli(&["keys", "revoke", target]);
        assert!(!out.status.success(), "revoking {target} succeeded");
        let err = text(&out.stderr);
        assert!(err.contains(target), "{err}");
    }
    let out = server.cli(&["keys", "revoke"]);
    assert!(!out.status.success());
    // Nothing else changed.
    let after = keys_list(&server);
    let states: Vec<_> = after.iter().map(|k| k["status"].clone()).collect();
    let before: Vec<_> = keys.iter().map(|k| k["status"].clone()).collect();
    assert_eq!(states, before);

    // Creating a key needs a role or scope, known roles, and a known tenant.
    for bad in [
        vec!["--name", "none"],
        vec!["--name", "bad-role", "--roles", "wizard"],
        vec!["--name", "bad-scope", "--scopes", "vaults:destroy"],
        vec!["--name", "bad-env", "--roles", "admin", "--env", "prod"],
        vec![
            "--name",
            "bad-tenant",
            "--roles",
            "admin",
            "--tenant",
            "00000000-0000-7000-8000-000000000000",
        ],
    ] {
        let mut args = vec!["keys", "create", "--json"];
        args.extend(&bad);
        let out = server.cli(&args);
        assert!(!out.status.success(), "keys create {bad:?} succeeded");
        assert_eq!(text(&out.stdout), "", "{bad:?}");
    }
    assert_eq!(keys_list(&server).len(), 4);
}

#[test]
fn call_signs_a_request_from_the_environment() {
    let server = Server::start();
    let env = [
        ("COFFER_URL", server.base.as_str()),
        ("COFFER_KEY_ID", server.creds.key_id.as_str()),
        ("COFFER_KEY_SECRET", server.creds.secret.as_str()),
    ];
    let out = coffer(&["call", "GET", "/v1/assets"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let assets: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = assets["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["BTC", "ETH", "USDC", "USDT"]);

    let out = coffer(
        &["call", "post", "/v1/vaults", r#"{"name":"from the shell"}"#],
        &env,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vault: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vault["name"], "from the shell");
    let id = vault["id"].as_str().unwrap();
    let fetched = server.client().get(&format!("/v1/vaults/{id}")).expect(200);
    assert_eq!(fetched.body["name"], "from the shell");

    // A query string is signed as sent.
    let out = coffer(&["call", "GET", "/v1/vaults?limit=1"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let wrong = [
        ("COFFER_URL", server.base.as_str()),
        ("COFFER_KEY_ID", server.creds.key_id.as_str()),
        ("COFFER_KEY_SECRET", "0000"),
    ];
    let out = coffer(&["call", "GET", "/v1/assets"], &wrong);
    assert!(!out.status.success(), "a wrong secret was accepted");
    let refused: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(refused["code"], "invalid_signature");
    assert!(text(&out.stderr).contains("401"), "{}", text(&out.stderr));

    // An error answer fails the command too.
    let out = coffer(&["call", "POST", "/v1/vaults", "{}"], &env);
    assert!(!out.status.success());

    // Without the key in the environment nothing is sent.
    let out = coffer(
        &["call", "GET", "/v1/assets"],
        &[("COFFER_URL", server.base.as_str())],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("COFFER_KEY_ID"));
    let vaults = server.client().get("/v1/vaults").expect(200);
    assert_eq!(vaults.body["data"].as_array().unwrap().len(), 1);

    // The same request twice at once (same second, same signature): the
    // second is signed again rather than refused as a replay.
    let body = r#"{"name":"twice"}"#;
    let calls: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(crate::support::BIN)
                .args(["call", "POST", "/v1/vaults", body])
                .envs(env.iter().copied())
                .output()
        })
        .collect();
    for out in calls {
        let out = out.unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    // The body from a file, and from standard input.
    let dir = TempDir::new("call-body");
    let file = dir.path().join("body.json");
    std::fs::write(&file, r#"{"name":"from a file"}"#).unwrap();
    let at_file = format!("@{}", file.display());
    let out = coffer(&["call", "POST", "/v1/vaults", &at_file], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut child = std::process::Command::new(crate::support::BIN)
        .args(["call", "POST", "/v1/vaults", "-"])
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), br#"{"name":"from stdin"}"#).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<String> = server.client().get("/v1/vaults?limit=10").expect(200).body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect();
    for name in ["twice", "from a file", "from stdin"] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    assert_eq!(names.iter().filter(|n| *n == "twice").count(), 2);
}

#[test]
fn flags_beat_the_environment_which_beats_the_file() {
    let dir = TempDir::new("precedence");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let check = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = vec!["check-config", "--data-dir", data_s];
        args.extend(extra);
        coffer(&args, env)
    };

    let out = check(&[], &[("COFFER_LISTEN", "bad")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("COFFER_LISTEN") || err.contains("listen"),
        "{err}"
    );
    assert!(err.contains("bad"), "{err}");

    let out = check(&["--listen", "127.0.0.1:9"], &[("COFFER_LISTEN", "bad")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("listen 127.0.0.1:9)"));

    let file = dir.path().join("coffer.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:7\"\n").unwrap();
    let file_s = file.to_str().unwrap();
    let out = check(&["--config", file_s], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("listen 127.0.0.1:7)"));
    let out = check(&["--config", file_s], &[("COFFER_LISTEN", "127.0.0.1:8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("listen 127.0.0.1:8)"));
    let out = check(
        &["--config", file_s, "--listen", "127.0.0.1:9"],
        &[("COFFER_LISTEN", "127.0.0.1:8")],
    );
    assert!(text(&out.stdout).contains("listen 127.0.0.1:9)"));
    // COFFER_CONFIG names the file when --config does not.
    let out = check(&[], &[("COFFER_CONFIG", file_s)]);
    assert!(text(&out.stdout).contains("listen 127.0.0.1:7)"));

    // Every problem is named, in one pass, and nothing is written.
    let out = check(
        &[],
        &[
            ("COFFER_LISTEN", "nowhere"),
            ("COFFER_LIMITS_PER_KEY_PER_MINUTE", "lots"),
            ("COFFER_AUTH_TIMESTAMP_TOLERANCE_SECS", "0"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("COFFER_LIMITS_PER_KEY_PER_MINUTE"), "{err}");
    assert!(err.contains("nowhere"), "{err}");
    assert!(err.contains("timestamp_tolerance_secs"), "{err}");
    assert!(!data.exists(), "check-config wrote the data dir");

    // The environment reaches the running server too.
    let out = coffer(&["init", "--json", "--data-dir", data_s], &[]);
    assert!(out.status.success());
    let bad_serve = crate::support::coffer_bounded(
        &["serve", "--data-dir", data_s],
        &[("COFFER_LISTEN", "bad")],
        std::time::Duration::from_secs(20),
    );
    assert_eq!(bad_serve.status.code(), Some(2));
}

#[test]
fn keys_revoke_finds_an_id_in_any_tenant_and_a_name_in_one() {
    let server = Server::start();
    let tid = server.new_tenant("sub");
    let sub = server.new_key("shared", &["--roles", "admin", "--tenant", &tid]);
    let base = server.new_key("shared", &["--roles", "admin"]);
    let sub_only = server.new_key("sub-only", &["--roles", "admin", "--tenant", &tid]);
    let listed = keys_list(&server);
    assert!(listed.iter().any(|k| k["keyId"] == sub_only.key_id));

    // A name is looked up in the base tenant unless --tenant says otherwise.
    let out = server.cli(&["keys", "revoke", "sub-only"]);
    assert!(!out.status.success());
    sub_only.get("/v1/assets").expect(200);
    let out = server.cli(&["keys", "revoke", "shared"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(base.get("/v1/assets").expect(401).code(), "api_key_revoked");
    sub.get("/v1/assets").expect(200);
    let out = server.cli(&["keys", "revoke", "shared", "--tenant", &tid]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(sub.get("/v1/assets").expect(401).code(), "api_key_revoked");

    // An id, as `keys list` shows it, is enough wherever the key lives.
    let out = server.cli(&["keys", "revoke", &sub_only.key_id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        sub_only.get("/v1/assets").expect(401).code(),
        "api_key_revoked"
    );
    // The first key was never touched.
    server.client().get("/v1/assets").expect(200);
    let states: Vec<(String, String)> = keys_list(&server)
        .iter()
        .map(|k| {
            (
                k["name"].as_str().unwrap().to_string(),
                k["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("first test key".to_string(), "active".to_string()),
            ("shared".into(), "revoked".into()),
            ("shared".into(), "revoked".into()),
            ("sub-only".into(), "revoked".into()),
        ]
    );
}

/// Runs the CLI with every log level on; returns (success, stdout, stderr).
fn coffer_traced(args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let out = std::process::Command::new(crate::support::BIN)
        .args(args)
        .envs(env.iter().copied())
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn secrets_printed_by_the_cli_go_to_stdout_only() {
    let dir = TempDir::new("cli-secrets");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let (ok, stdout, stderr) = coffer_traced(&["init", "--json", "--data-dir", data_s], &[]);
    assert!(ok, "{stderr}");
    let init: Value = serde_json::from_str(&stdout).unwrap();
    let master = std::fs::read_to_string(data.join("master.key")).unwrap();
    for secret in [
        init["apiKey"]["secret"].as_str().unwrap(),
        init["apiKey"]["passphrase"].as_str().unwrap(),
        init["superAdminToken"].as_str().unwrap(),
        master.trim(),
    ] {
        assert!(!stderr.contains(secret), "init logged a secret: {stderr}");
    }
    assert!(
        !stdout.contains(master.trim()),
        "init printed the master key"
    );

    let (ok, stdout, stderr) = coffer_traced(
        &[
            "keys",
            "create",
            "--json",
            "--name",
            "traced",
            "--roles",
            "viewer",
            "--data-dir",
            data_s,
        ],
        &[],
    );
    assert!(ok, "{stderr}");
    let key: Value = serde_json::from_str(&stdout).unwrap();
    let secret = key["secret"].as_str().unwrap();
    assert_eq!(secret.len(), 64, "{key}");
    assert!(!stderr.contains(secret), "keys create logged the secret");
    let passphrase = key["passphrase"].as_str().unwrap();
    assert_eq!(passphrase.len(), 48, "{key}");
    assert!(
        !stderr.contains(passphrase),
        "keys create logged the passphrase"
    );

    let (ok, stdout, stderr) = coffer_traced(
        &[
            "tenants",
            "create",
            "--json",
            "--name",
            "t",
            "--data-dir",
            data_s,
        ],
        &[],
    );
    assert!(ok, "{stderr}");
    let tenant: Value = serde_json::from_str(&stdout).unwrap();
    let token = tenant["adminToken"].as_str().unwrap();
    assert!(!stderr.contains(token), "tenants create logged the token");
}

#[test]
fn the_master_key_may_live_outside_the_data_dir() {
    let dir = TempDir::new("master-elsewhere");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let creds_dir = dir.path().join("credentials");
    std::fs::create_dir_all(&creds_dir).unwrap();
    let key_file = creds_dir.join("coffer-master");
    let key_s = key_file.to_str().unwrap();
    let env = [("COFFER_MASTER_KEY_FILE", key_s)];

    let out = coffer(&["init", "--json", "--data-dir", data_s], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let init: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(key_file.exists(), "no key at COFFER_MASTER_KEY_FILE");
    assert!(
        !data.join("master.key").exists(),
        "a key in the data dir too"
    );
    #[cfg(unix)]
    assert_eq!(mode(&key_file), 0o600);

    // The CLI and the server find it through the variable, and only through it.
    let out = coffer(&["keys", "list", "--data-dir", data_s], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = coffer(&["keys", "list", "--data-dir", data_s], &[]);
    assert!(!out.status.success(), "opened without the master key");
    assert!(
        text(&out.stderr).contains("master key"),
        "{}",
        text(&out.stderr)
    );
    assert!(!data.join("master.key").exists());

    let server = LoggedServe::start_with(&data, "127.0.0.1:0", &env);
    let c = Client::new(
        &server.base,
        init["apiKey"]["keyId"].as_str().unwrap(),
        init["apiKey"]["secret"].as_str().unwrap(),
    );
    c.get("/v1/assets").expect(200);
    let (_, stderr) = server.stop();
    let master = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        !stderr.contains(master.trim()),
        "the log holds the master key"
    );
}

#[test]
fn serve_on_a_busy_port_fails_before_it_makes_a_data_dir() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = busy.local_addr().unwrap().to_string();
    let dir = TempDir::new("busy");
    let data = dir.path().join("data");
    let out = coffer(
        &[
            "serve",
            "--listen",
            &addr,
            "--data-dir",
            data.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("cannot listen on {addr}")), "{err}");
    assert!(!err.contains("internal error"), "{err}");
    assert!(
        !data.exists(),
        "a data dir was made for a server that never ran"
    );
}

#[test]
fn plain_lists_start_with_a_header_row() {
    let server = Server::start();
    let keys = text(&server.cli(&["keys", "list"]).stdout);
    let first = keys.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("KEY ID") && first.contains("ROLES"),
        "{keys}"
    );
    assert!(
        keys.lines()
            .nth(1)
            .unwrap_or_default()
            .starts_with("ck_test_"),
        "{keys}"
    );
    let users = text(&server.cli(&["users", "list"]).stdout);
    assert!(users.starts_with("USER ID"), "{users}");
}

#[test]
fn a_command_without_its_action_says_which_there_are_before_touching_the_data_dir() {
    let dir = TempDir::new("no-action");
    let data = dir.path().join("none");
    for (command, actions) in [
        ("keys", "create, list, revoke"),
        ("users", "add, passwd, list, reset-2fa"),
        ("tenants", "create, list"),
    ] {
        let out = coffer(&[command, "--data-dir", data.to_str().unwrap()], &[]);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = text(&out.stderr);
        assert!(err.contains(actions), "{command}: {err}");
        assert!(
            !err.contains("holds no Coffer database"),
            "{command}: {err}"
        );
    }
}

/// Runs `coffer` and returns (exit code, stdout, stderr).
fn run(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let out = coffer(args, env);
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// A usage error: exit 2, nothing on stdout, and a few lines on stderr that
/// end in one pointer to the help, not the usage of every command.
fn usage_error(args: &[&str], env: &[(&str, &str)]) -> String {
    let (code, stdout, stderr) = run(args, env);
    assert_eq!(code, Some(2), "{args:?}: {stderr}");
    assert_eq!(stdout, "", "{args:?}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(
        !stderr.contains("Usage:"),
        "{args:?}: a usage dump: {stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .ends_with("For more information, try '--help'."),
        "{args:?}: {stderr}"
    );
    assert!(stderr.lines().count() <= 8, "{args:?}: {stderr}");
    stderr
}

#[test]
fn every_command_has_its_own_help_and_the_binary_its_version() {
    let version = format!("coffer {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-V"] {
        assert_eq!(run(&[flag], &[]), (Some(0), version.clone(), String::new()));
    }
    // --help and -h: this command's flags, on stdout, and not another's.
    for flag in ["--help", "-h"] {
        let (code, help, stderr) = run(&["keys", "create", flag], &[]);
        assert_eq!(code, Some(0), "{stderr}");
        assert!(help.contains("Usage: coffer keys create"), "{help}");
        for own in ["--name", "--roles", "--scopes", "--env", "--read-only"] {
            assert!(help.contains(own), "{flag}: no {own} in {help}");
        }
        // The flags every command takes are listed too.
        assert!(help.contains("--data-dir"), "{help}");
        assert!(!help.contains("--password-file"), "{help}");
    }
    // --help says what each key role grants, from the same table the
    // server enforces: only admin holds approvals:write.
    let (_, help, _) = run(&["keys", "create", "--help"], &[]);
    for role in coffer::domain::scope::Role::ALL {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("- {}:", role.as_str())))
            .unwrap_or_else(|| panic!("no line for {role} in {help}"));
        let admin = role == coffer::domain::scope::Role::Admin;
        assert_eq!(line.contains("every scope"), admin, "{line}");
        assert!(!line.contains("approvals:write"), "{line}");
    }
    let (code, help, _) = run(&["help", "keys"], &[]);
    assert_eq!(code, Some(0));
    for action in ["create", "list", "revoke"] {
        assert!(help.contains(action), "{help}");
    }
    let (code, help, _) = run(&["--help"], &[]);
    assert_eq!(code, Some(0));
    for command in [
        "serve",
        "init",
        "verify",
        "backup",
        "check-config",
        "keys",
        "tenants",
        "users",
        "addresses",
        "chain",
        "xpub",
        "call",
    ] {
        assert!(
            help.contains(&format!("\n  {command} ")),
            "{command}: {help}"
        );
    }
    let (code, help, _) = run(&["users", "reset-2fa", "--help"], &[]);
    assert_eq!(code, Some(0));
    assert!(help.contains("--email"), "{help}");
    let (code, help, _) = run(&["call", "--help"], &[]);
    assert_eq!(code, Some(0));
    assert!(help.contains("COFFER_KEY_SECRET"), "{help}");
}

#[test]
fn typos_get_a_suggestion_and_no_usage_dump() {
    let err = usage_error(&["keys", "list", "--jsn"], &[]);
    assert!(err.contains("a similar argument exists: '--json'"), "{err}");
    let err = usage_error(&["kees", "list"], &[]);
    assert!(err.contains("a similar subcommand exists: 'keys'"), "{err}");
    let err = usage_error(&["users", "reset-2f"], &[]);
    assert!(err.contains("'reset-2fa'"), "{err}");
    // A missing value or argument is named.
    let err = usage_error(&["keys", "create", "--roles", "admin"], &[]);
    assert!(err.contains("--name"), "{err}");
    let err = usage_error(&["backup"], &[]);
    assert!(err.contains("<DEST>"), "{err}");
    // No command, or no action: which there are, in one line.
    let err = usage_error(&[], &[]);
    assert!(err.contains("serve, init, verify, backup"), "{err}");
    let err = usage_error(&["keys"], &[]);
    assert!(err.contains("[subcommands: create, list, revoke]"), "{err}");
}

#[test]
fn wrong_values_are_refused_listing_the_valid_ones() {
    use coffer::domain::scope::{Role, Scope};
    use coffer::domain::tenancy::Environment;
    use coffer::domain::user::UserRole;
    let listed = |names: Vec<&str>| format!("[possible values: {}]", names.join(", "));

    let err = usage_error(
        &["keys", "create", "--name", "a", "--roles", "approvr"],
        &[],
    );
    assert!(err.contains("'approvr'"), "{err}");
    assert!(
        err.contains(&listed(Role::ALL.map(Role::as_str).to_vec())),
        "{err}"
    );
    // A list is checked entry by entry, spaces after commas allowed.
    let err = usage_error(
        &["keys", "create", "--name", "a", "--roles", "viewer, wizard"],
        &[],
    );
    assert!(err.contains("'wizard'"), "{err}");
    let err = usage_error(
        &["keys", "create", "--name", "a", "--scopes", "vaults:raed"],
        &[],
    );
    assert!(
        err.contains(&listed(Scope::ALL.map(Scope::as_str).to_vec())),
        "{err}"
    );
    assert!(err.contains("'vaults:read'"), "no tip in {err}");
    let err = usage_error(&["keys", "create", "--name", "a", "--env", "prod"], &[]);
    let envs = Environment::ALL.map(Environment::as_str).to_vec();
    assert!(err.contains(&listed(envs)), "{err}");
    let args = [
        "users",
        "add",
        "--name",
        "A",
        "--email",
        "a@example.com",
        "--role",
        "approvr",
    ];
    let err = usage_error(&args, &[]);
    assert!(
        err.contains(&listed(UserRole::ALL.map(UserRole::as_str).to_vec())),
        "{err}"
    );
    assert!(err.contains("a similar value exists: 'approver'"), "{err}");
    // Numbers out of range.
    let err = usage_error(&["chain", "rescan", "--network", "x", "--from", "-1"], &[]);
    assert!(err.contains("'-1'"), "{err}");
    let err = usage_error(&["backup", "b.db", "--keep", "0"], &[]);
    assert!(err.contains("--keep"), "{err}");

    // Networks are the configuration's: checked once it is loaded, before
    // the data dir is opened (there is none here).
    let dir = TempDir::new("cli-networks");
    let config = dir.path().join("coffer.toml");
    std::fs::write(
        &config,
        "[[networks]]\nname = \"ethereum\"\nkind = \"evm\"\nrpc_url = \"http://127.0.0.1:9\"\n\
         chain_id = 1\n\n[[assets]]\nid = \"ETH\"\nnetwork = \"ethereum\"\ndecimals = 18\n",
    )
    .unwrap();
    let data = dir.path().join("none");
    let env = [
        ("COFFER_CONFIG", config.to_str().unwrap()),
        ("COFFER_DATA_DIR", data.to_str().unwrap()),
    ];
    for args in [
        vec!["xpub", "set", "--network", "ethereun", "xpub6"],
        vec!["chain", "rescan", "--network", "ethereun", "--from", "1"],
        vec![
            "addresses",
            "import",
            "--network",
            "ethereun",
            "--file",
            "f",
        ],
        vec![
            "addresses",
            "gas-station",
            "--network",
            "ethereun",
            "--address",
            "0x1",
        ],
    ] {
        let err = usage_error(&args, &env);
        assert!(
            err.contains("[possible values: ethereum]"),
            "{args:?}: {err}"
        );
        assert!(err.contains("a similar value exists: 'ethereum'"), "{err}");
    }
    assert!(!data.exists());
}

#[test]
fn global_flags_go_before_or_after_the_command() {
    let dir = TempDir::new("cli-global");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    let (code, _, stderr) = run(&["--data-dir", data_s, "init", "--json"], &[]);
    assert_eq!(code, Some(0), "{stderr}");
    for args in [
        vec!["--data-dir", data_s, "keys", "list", "--json"],
        vec!["keys", "--data-dir", data_s, "list", "--json"],
        vec!["keys", "list", "--json", "--data-dir", data_s],
    ] {
        let (code, stdout, stderr) = run(&args, &[]);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        let keys: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(keys.as_array().unwrap().len(), 1, "{args:?}");
    }
    let out = run(
        &[
            "--listen",
            "127.0.0.1:7",
            "check-config",
            "--data-dir",
            data_s,
        ],
        &[],
    );
    assert_eq!(out.0, Some(0), "{}", out.2);
    assert!(out.1.contains("listen 127.0.0.1:7)"), "{}", out.1);
    // Lists read as before: spaces after the commas are no part of an entry.
    let args = [
        "keys",
        "create",
        "--name",
        "spaced",
        "--roles",
        "viewer, auditor",
        "--ip-allow",
        "127.0.0.1/32, 10.0.0.0/8",
        "--json",
        "--data-dir",
        data_s,
    ];
    let (code, stdout, stderr) = run(&args, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    let key: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(key["roles"], json!(["viewer", "auditor"]));
    assert_eq!(key["ipAllowlist"], json!(["127.0.0.1/32", "10.0.0.0/8"]));
    // COFFER_DATA_DIR still names the data dir.
    let (code, stdout, stderr) = run(&["keys", "list", "--json"], &[("COFFER_DATA_DIR", data_s)]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with('['), "{stdout}");
}

#[test]
fn an_operators_slip_is_told_plainly_not_as_an_internal_error() {
    let dir = TempDir::new("cli-slips");
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();
    assert!(coffer(&["init", "--data-dir", data_s], &[])
        .status
        .success());
    let failed = |args: &[&str], env: &[(&str, &str)], says: &str| {
        let mut all = args.to_vec();
        all.extend(["--data-dir", data_s]);
        let (code, stdout, stderr) = run(&all, env);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!stderr.contains("internal error"), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    };
    let live = data.join("coffer.db");
    failed(
        &["backup", live.to_str().unwrap()],
        &[],
        "is the live database",
    );
    let tenant = ["--tenant", "00000000-0000-7000-8000-000000000000"];
    for args in [
        vec!["keys", "create", "--name", "k", "--roles", "viewer"],
        vec!["keys", "list"],
        vec!["users", "list"],
    ] {
        let mut args = args.clone();
        args.extend(tenant);
        failed(
            &args,
            &[],
            "no tenant with id '00000000-0000-7000-8000-000000000000'",
        );
    }
    failed(&["keys", "revoke", "nobody"], &[], "nobody");
    let missing = dir.path().join("missing.txt");
    let missing_s = missing.to_str().unwrap();
    failed(
        &[
            "users",
            "passwd",
            "--email",
            "a@example.com",
            "--password-file",
            missing_s,
        ],
        &[],
        "missing.txt",
    );
    // An unknown email is named as an email, not as an id.
    let password = dir.path().join("password.txt");
    std::fs::write(&password, "a long enough password\n").unwrap();
    let password_s = password.to_str().unwrap();
    let unknown = "nobody@example.com";
    let passwd = [
        "users",
        "passwd",
        "--email",
        unknown,
        "--password-file",
        password_s,
    ];
    let says = "no user with email 'nobody@example.com'";
    failed(&passwd, &[], says);
    failed(&["users", "reset-2fa", "--email", unknown], &[], says);
    // Master keys that are not this database's, or not keys at all.
    let other = dir.path().join("other.key");
    std::fs::write(&other, format!("{}\n", "ab".repeat(32))).unwrap();
    let other_env = [("COFFER_MASTER_KEY_FILE", other.to_str().unwrap())];
    failed(
        &["keys", "list"],
        &other_env,
        "does not match this database",
    );
    std::fs::write(&other, "not a key\n").unwrap();
    failed(&["keys", "list"], &other_env, "is not a master key");
    // A data dir that is a file, and one that was never made.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let (code, _, stderr) = run(&["init", "--data-dir", file.to_str().unwrap()], &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot create the data dir"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    // A master key to be written where no directory is.
    let no_dir = dir.path().join("no-dir").join("master.key");
    let fresh = dir.path().join("fresh");
    let (code, _, stderr) = run(
        &["init", "--data-dir", fresh.to_str().unwrap()],
        &[("COFFER_MASTER_KEY_FILE", no_dir.to_str().unwrap())],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
    let nowhere = dir.path().join("nowhere");
    let (code, _, stderr) = run(
        &["keys", "list", "--data-dir", nowhere.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("holds no Coffer database"), "{stderr}");
    // A backup into a directory that is not there is a usage error.
    let into = dir.path().join("no-dir").join("b.db");
    let err = usage_error(
        &["backup", into.to_str().unwrap(), "--data-dir", data_s],
        &[],
    );
    assert!(err.contains("is not a directory"), "{err}");
    // A database file that is not one (or is damaged) is the operator's to
    // restore, told as such.
    for leftover in ["coffer.db-wal", "coffer.db-shm"] {
        let _ = std::fs::remove_file(data.join(leftover));
    }
    let junk = b"not a SQLite database, whatever it was\n".repeat(128);
    std::fs::write(&live, junk).unwrap();
    failed(
        &["verify"],
        &[],
        "restore the data dir's coffer.db from a backup",
    );
}
