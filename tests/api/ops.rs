//! Operations through the real binary (issue: operations): `/metrics`, clean
//! shutdown on SIGTERM, `coffer backup` and restore, the audit log.

use crate::ledger::{fund, transfer, wait_for, wallet};
use crate::prometheus::{self, Family};
use crate::support::{agent, coffer, now_secs, raw, sign, Client, LoggedServe, Server, TempDir};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn scrape(server: &Server) -> BTreeMap<String, Family> {
    let r = raw(
        &agent(),
        "GET",
        &format!("{}/metrics", server.base),
        &[],
        b"",
    )
    .expect(200);
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    prometheus::parse(&r.text).unwrap_or_else(|e| panic!("{e}\n{}", r.text))
}

/// The value of the sample of `family` named `name` with exactly `labels`.
fn value(families: &BTreeMap<String, Family>, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let family = name
        .strip_suffix("_count")
        .or_else(|| name.strip_suffix("_sum"))
        .filter(|f| families.get(*f).is_some_and(|f| f.kind == "histogram"))
        .unwrap_or(name);
    let want: BTreeMap<String, String> = labels
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    families
        .get(family)?
        .samples
        .iter()
        .find(|s| s.name == name && s.labels == want)
        .map(|s| s.value)
}

#[test]
fn metrics_parse_as_prometheus_text_and_count_requests() {
    let server = Server::start();
    let c = server.client();
    for i in 0..3 {
        c.vault(&format!("m{i}"));
    }
    c.get("/v1/vaults/not-a-vault").expect(404);
    c.get("/v1/vaults/not-a-vault").expect(404);
    c.get("/nowhere/at/all").expect(404);
    let w = wallet(&c, &c.vault("funded"), "BTC");
    fund(&c, &w, "1.5");

    let m = scrape(&server);
    let requests = |route: &str, method: &str, status: &str| {
        value(
            &m,
            "coffer_http_requests_total",
            &[("route", route), ("method", method), ("status", status)],
        )
    };
    assert_eq!(m["coffer_http_requests_total"].kind, "counter");
    assert_eq!(requests("/v1/vaults", "POST", "201"), Some(4.0));
    assert_eq!(requests("/v1/vaults/{id}", "GET", "404"), Some(2.0));
    assert_eq!(requests("unmatched", "GET", "404"), Some(1.0));
    assert_eq!(m["coffer_http_request_duration_seconds"].kind, "histogram");
    let posts = value(
        &m,
        "coffer_http_request_duration_seconds_count",
        &[("route", "/v1/vaults"), ("method", "POST")],
    );
    assert_eq!(posts, Some(4.0));
    assert_eq!(
        value(
            &m,
            "coffer_ledger_transactions",
            &[("kind", "Deposit"), ("status", "Completed")]
        ),
        Some(1.0)
    );
    let commits = value(&m, "coffer_writer_commits_total", &[]).unwrap();
    assert!(commits >= 6.0, "{commits}");
    assert_eq!(
        value(&m, "coffer_writer_batch_size_count", &[]),
        Some(commits),
        "one batch per commit"
    );
    assert!(value(&m, "coffer_writer_jobs_total", &[]).unwrap() >= commits);
    assert_eq!(value(&m, "coffer_writer_queue_depth", &[]), Some(0.0));
    assert!(value(&m, "coffer_database_size_bytes", &[]).unwrap() >= 4096.0);
    assert_eq!(value(&m, "coffer_shutting_down", &[]), Some(0.0));
    // The scrape itself (an earlier request may still be finishing its log line).
    assert!(value(&m, "coffer_http_requests_in_flight", &[]).unwrap() >= 1.0);

    // Counters only grow, and the scrape counts itself.
    let again = scrape(&server);
    let scrapes = |m: &BTreeMap<String, Family>| {
        value(
            m,
            "coffer_http_requests_total",
            &[("route", "/metrics"), ("method", "GET"), ("status", "200")],
        )
    };
    assert_eq!(scrapes(&m), None, "counted once answered");
    assert_eq!(scrapes(&again), Some(1.0));
}

/// A request whose body is still arriving is in flight (from its first byte):
/// a way to have requests in flight when the signal comes.
struct SlowRequest {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl SlowRequest {
    /// Sends the head and the first byte of the body, holding back the rest.
    fn start(base: &str, head: &str, body: &[u8]) -> SlowRequest {
        assert!(body.len() > 1);
        let addr = base.strip_prefix("http://").unwrap();
        let mut stream = TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let head = format!(
            "{head}Host: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(&body[..1]).unwrap();
        SlowRequest {
            stream,
            rest: body[1..].to_vec(),
        }
    }

    /// Sends the rest and reads the answer: (status, body).
    fn finish(mut self) -> (u16, serde_json::Value) {
        self.stream.write_all(&self.rest).unwrap();
        let mut answer = String::new();
        self.stream.read_to_string(&mut answer).unwrap();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"));
        let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
        (status, serde_json::from_str(body).unwrap_or_default())
    }
}

#[test]
fn sigterm_lets_requests_in_flight_finish_and_refuses_their_writes() {
    let mut server = Server::start();
    let c = server.client();
    let body = json!({
        "name": "late",
        "metadata": {"a": "x".repeat(450), "b": "y".repeat(450), "c": "z".repeat(450)},
    })
    .to_string();
    let ts = now_secs().to_string();
    let sig = sign(&c.secret, &ts, "POST", "/v1/vaults", body.as_bytes());
    let write = SlowRequest::start(
        &server.base,
        &format!(
            "POST /v1/vaults HTTP/1.1\r\nX-API-Key: {}\r\nX-Timestamp: {ts}\r\nX-Signature: {sig}\r\n\
             Content-Type: application/json\r\n",
            c.key_id
        ),
        body.as_bytes(),
    );
    let health = SlowRequest::start(&server.base, "GET /health HTTP/1.1\r\n", &[b' '; 2000]);
    wait_for("both requests to be in flight", || {
        let m = scrape(&server);
        // The two slow ones and the scrape itself.
        (value(&m, "coffer_http_requests_in_flight", &[]) == Some(3.0)).then_some(())
    });

    server.signal("TERM");
    // The signal is handled in microseconds; nothing outside the process can
    // observe it before the answers below, which are what this test is about.
    std::thread::sleep(Duration::from_millis(300));
    let (status, body) = write.finish();
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["code"], "unavailable");
    let (status, body) = health.finish();
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["status"], "shutting_down");

    let (exit, stderr) = server.wait_exit(Duration::from_secs(20));
    assert_eq!(exit.code(), Some(0), "{stderr}");
    let wal = server.data_dir().join("coffer.db-wal");
    let wal_bytes = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert_eq!(wal_bytes, 0, "the WAL was checkpointed and truncated");
}

/// Four clients transferring until the server goes away; returns the ids of
/// the transfers answered 201.
fn transfer_load(
    c: &Client,
    from: &str,
    to: &str,
    tag: &str,
    stop: &Arc<AtomicBool>,
    per_thread: usize,
) -> Vec<std::thread::JoinHandle<Vec<String>>> {
    (0..4)
        .map(|t| {
            let (c, from, to, tag) = (c.clone(), from.to_string(), to.to_string(), tag.to_string());
            let stop = Arc::clone(stop);
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for i in 0..per_thread {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let key = format!("{tag}-{t}-{i}");
                    let body = json!({
                        "sourceWalletId": from, "destinationWalletId": to, "amount": "0.001",
                        "note": key,
                    });
                    let sent = c.try_send(
                        "POST",
                        "/v1/transactions/transfer",
                        body.to_string().as_bytes(),
                        &[("Idempotency-Key", &key)],
                    );
                    match sent {
                        Ok(r) if r.status == 201 => {
                            acknowledged.push(r.body["id"].as_str().unwrap().to_string())
                        }
                        Ok(r) if r.status == 503 => break,
                        Ok(r) => panic!("transfer answered {}: {}", r.status, r.text),
                        Err(_) => break, // the server is gone
                    }
                }
                acknowledged
            })
        })
        .collect()
}

#[test]
fn sigterm_under_load_exits_zero_and_loses_no_acknowledged_write() {
    let mut server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "ETH");
    let b = wallet(&c, &c.vault("b"), "ETH");
    fund(&c, &a, "100");

    let stop = Arc::new(AtomicBool::new(false));
    let load = transfer_load(&c, &a, &b, "term", &stop, 400);
    wait_for("some transfers to commit", || {
        let n = c
            .get(&format!("/v1/transactions?walletId={b}&limit=30"))
            .body["data"]
            .as_array()
            .map_or(0, Vec::len);
        (n >= 25).then_some(())
    });
    server.signal("TERM");
    let (exit, stderr) = server.wait_exit(Duration::from_secs(20));
    stop.store(true, Ordering::SeqCst);
    let acknowledged: Vec<String> = load.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert_eq!(exit.code(), Some(0), "{stderr}");
    assert!(acknowledged.len() >= 25, "{}", acknowledged.len());

    server.restart(&[]);
    let c = server.client();
    for id in &acknowledged {
        let t = c.get(&format!("/v1/transactions/{id}")).expect(200);
        assert_eq!(t.body["status"], "Completed");
    }
    let out = server.cli(&["verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Nothing unacknowledged was applied either: b holds exactly what was answered 201.
    let expected = format!(
        "{}",
        rust_decimal::Decimal::new(acknowledged.len() as i64, 3)
    );
    let held = c.get(&format!("/v1/wallets/{b}")).expect(200).body["balance"]["total"].clone();
    assert_eq!(
        held.as_str()
            .map(|s| s.parse::<rust_decimal::Decimal>().unwrap()),
        Some(expected.parse().unwrap())
    );
}

fn cli_ok(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn total(c: &Client, wallet: &str) -> rust_decimal::Decimal {
    c.get(&format!("/v1/wallets/{wallet}")).expect(200).body["balance"]["total"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn backup_under_load_is_consistent_and_restores_into_a_working_server() {
    let server = Server::start();
    let c = server.client();
    let a = wallet(&c, &c.vault("a"), "ETH");
    let b = wallet(&c, &c.vault("b"), "ETH");
    fund(&c, &a, "100");
    let first = transfer(&c, &a, &b, "1", "before-backup").expect(201);
    let first = first.body["id"].as_str().unwrap().to_string();

    let stop = Arc::new(AtomicBool::new(false));
    let load = transfer_load(&c, &a, &b, "backup", &stop, 150);
    wait_for("transfers under way", || {
        let n = c
            .get(&format!("/v1/transactions?walletId={b}&limit=12"))
            .body["data"]
            .as_array()
            .map_or(0, Vec::len);
        (n >= 11).then_some(())
    });
    let dest = TempDir::new("backup");
    let copy = dest.path().join("copy.db");
    let out = server.cli(&["backup", copy.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&cli_ok(&out)).unwrap();
    // Progress is for a terminal only: off one, stderr stays empty.
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    stop.store(true, Ordering::SeqCst);
    let acknowledged: Vec<String> = load.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert_eq!(report["path"], copy.to_str().unwrap());
    assert_eq!(report["via"], "server", "the running server made the copy");
    assert_eq!(
        report["bytes"].as_u64(),
        Some(std::fs::metadata(&copy).unwrap().len())
    );
    let names: Vec<_> = std::fs::read_dir(dest.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file is left: {names:?}");

    let conn = rusqlite::Connection::open(&copy).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let copied: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM transactions WHERE kind = 'Transfer'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(conn);
    // Taken while the writes went on: some acknowledged ones came after it.
    assert!(
        (1..1 + acknowledged.len() as i64).contains(&copied),
        "{copied} transfers in the copy, {} acknowledged",
        acknowledged.len()
    );

    // Restore: the copy as coffer.db in a fresh data dir, with the same master key.
    let restored = TempDir::new("restored");
    let data = restored.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(&copy, data.join("coffer.db")).unwrap();
    std::fs::copy(
        server.data_dir().join("master.key"),
        data.join("master.key"),
    )
    .unwrap();
    let out = coffer(&["verify", "--data-dir", data.to_str().unwrap()], &[]);
    assert!(cli_ok(&out).starts_with("ok:"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let serve = LoggedServe::start(&data);
    let r = Client::new(&serve.base, &c.key_id, &c.secret);
    let t = r.get(&format!("/v1/transactions/{first}")).expect(200);
    assert_eq!(t.body["status"], "Completed");
    assert_eq!(
        total(&r, &a) + total(&r, &b),
        rust_decimal::Decimal::from(100),
        "a consistent snapshot: no transfer half in the copy"
    );
    assert_eq!(
        total(&r, &b),
        rust_decimal::Decimal::new(1000 + copied - 1, 3)
    );
    r.vault("after-restore"); // and it takes writes
}

#[test]
fn backup_and_verify_find_the_running_server_by_its_control_socket() {
    let mut server = Server::start();
    server.client().vault("kept");
    let socket = server.data_dir().join("control.sock");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&socket).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the operator's only");
    }
    let out = server.cli(&["verify"]);
    let said = cli_ok(&out);
    assert!(said.contains("not run beside the running server"), "{said}");
    let dest = TempDir::new("backup-socket");
    let copy = dest.path().join("live.db");
    let out = server.cli(&["backup", copy.to_str().unwrap()]);
    assert!(cli_ok(&out).contains("copied by the running server"));

    // Killed, the server leaves its socket: nobody answers, so both work on
    // the file directly, and verify runs the whole-file checks too.
    server.kill();
    assert!(socket.exists());
    let out = server.cli(&["verify"]);
    let said = cli_ok(&out);
    assert!(said.contains("integrity_check and counters: ok"), "{said}");
    let copy = dest.path().join("offline.db");
    let out = server.cli(&["backup", copy.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&cli_ok(&out)).unwrap();
    assert_eq!(report["via"], "direct");
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let vaults: i64 = conn
        .query_row("SELECT COUNT(*) FROM vaults WHERE name = 'kept'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(vaults, 1);
}

#[test]
fn backup_into_a_directory_keeps_the_newest_copies() {
    let server = Server::start();
    let dest = TempDir::new("backups");
    let dir = dest.path().to_str().unwrap();
    let mut made = Vec::new();
    for _ in 0..3 {
        let out = server.cli(&["backup", dir, "--keep", "2", "--json"]);
        let report: serde_json::Value = serde_json::from_str(&cli_ok(&out)).unwrap();
        made.push(report["path"].as_str().unwrap().to_string());
        std::thread::sleep(Duration::from_millis(5)); // names have millisecond resolution
    }
    let mut left: Vec<String> = std::fs::read_dir(dest.path())
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .collect();
    left.sort();
    assert_eq!(left, made[1..].to_vec());
    let out = server.cli(&["backup", &made[1], "--keep", "2"]);
    assert_eq!(out.status.code(), Some(2), "--keep needs a directory");
}

fn audit_page(c: &Client, query: &str) -> (Vec<serde_json::Value>, serde_json::Value) {
    let r = c.get(&format!("/v1/audit-log{query}")).expect(200);
    (
        r.body["data"].as_array().unwrap().clone(),
        r.body["pagination"].clone(),
    )
}

fn ids(records: &[serde_json::Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn audit_log_shows_the_partitions_chained_records_with_filters_and_pages() {
    let server = Server::start();
    let c = server.client();
    let v1 = c.vault("one");
    let v2 = c.vault("two");
    let patched = c
        .patch(&format!("/v1/vaults/{v1}"), &json!({"name": "uno"}))
        .expect(200);

    let (all, pagination) = audit_page(&c, "?limit=100");
    assert_eq!(pagination, json!({"before": null, "after": null}));
    let newest = &all[0];
    assert_eq!(newest["action"], "vault.update");
    assert_eq!(
        newest["actor"],
        json!({"type": "ApiKey", "id": server.creds.key_id})
    );
    assert_eq!(newest["environment"], "test");
    assert_eq!(newest["ip"], "127.0.0.1");
    assert_eq!(newest["objectType"], "vault");
    assert_eq!(newest["objectId"], v1.as_str());
    assert_eq!(newest["requestId"].as_str(), patched.header("x-request-id"));
    let created = newest["createdAt"].as_str().unwrap();
    assert!(created.len() == 24 && created.ends_with('Z'), "{created}");
    for pair in all.windows(2) {
        let (newer, older) = (&pair[0], &pair[1]);
        assert!(newer["sequence"].as_i64() > older["sequence"].as_i64());
        assert_eq!(newer["hash"].as_str().unwrap().len(), 64);
        if newer["sequence"].as_i64().unwrap() == older["sequence"].as_i64().unwrap() + 1 {
            assert_eq!(newer["prevHash"], older["hash"], "chained");
        }
    }
    // The tenant's environment-less records (made by `coffer init`) show too.
    let oldest = all.last().unwrap();
    assert_eq!(oldest["action"], "tenant.create");
    assert_eq!(oldest["environment"], serde_json::Value::Null);
    assert_eq!(oldest["actor"]["type"], "Cli");

    let actions = |q: &str| -> Vec<String> {
        audit_page(&c, q)
            .0
            .iter()
            .map(|r| r["action"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        actions("?action=vault.create"),
        ["vault.create", "vault.create"]
    );
    assert_eq!(
        actions(&format!("?objectId={v1}")),
        ["vault.update", "vault.create"]
    );
    assert_eq!(
        actions(&format!("?objectType=vault&objectId={v2}")),
        ["vault.create"]
    );
    assert_eq!(
        actions(&format!("?actorId={}", server.creds.key_id)).len(),
        3
    );
    assert!(actions("?createdFrom=2999-01-01T00:00:00Z").is_empty());
    assert_eq!(actions("?createdTo=2000-01-01T00:00:00Z").len(), 0);
    assert_eq!(
        actions("?createdFrom=2000-01-01T00:00:00Z").len(),
        all.len()
    );

    // Keyset pages: walking `after` lists every record once, `before` walks back.
    let mut walked = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let (page, pagination) = audit_page(&c, &query);
        assert!(page.len() <= 2);
        walked.extend(ids(&page));
        match pagination["after"].as_str() {
            Some(after) => query = format!("?limit=2&after={after}"),
            None => break,
        }
    }
    assert_eq!(walked, ids(&all));
    let (back, _) = audit_page(&c, &format!("?limit=2&before={}", walked[3]));
    assert_eq!(ids(&back), walked[1..3].to_vec());

    for bad in [
        "?limit=0",
        "?after=nope",
        "?createdFrom=yesterday",
        "?colour=red",
        "?action=",
    ] {
        let r = c.get(&format!("/v1/audit-log{bad}"));
        assert_eq!(r.expect(400).code(), "invalid_field", "{bad}");
    }
}

#[test]
fn audit_log_is_partitioned_and_needs_audit_read() {
    let server = Server::start();
    let test_key = server.client();
    test_key.vault("test-only");
    let live = server.new_key("live-auditor", &["--roles", "admin", "--env", "live"]);
    let live_vault = live.vault("live-only");
    let (seen, _) = audit_page(&live, "?limit=100");
    let actions: Vec<&str> = seen.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert!(
        !seen.iter().any(|r| r["environment"] == "test"),
        "{actions:?}"
    );
    assert!(seen
        .iter()
        .any(|r| r["objectId"] == live_vault.as_str() && r["environment"] == "live"));
    assert!(
        seen.iter()
            .any(|r| r["action"] == "tenant.create" && r["environment"].is_null()),
        "tenant-wide records are shown to live keys too: {actions:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|r| r["objectId"] == test_key.key_id.as_str()),
        "the first test key's creation is a test-environment record: {actions:?}"
    );
    let (test_seen, _) = audit_page(&test_key, "?limit=100");
    assert!(!test_seen.iter().any(|r| r["environment"] == "live"));

    let other = server.new_tenant("other");
    let stranger = server.new_key(
        "stranger",
        &["--roles", "admin", "--tenant", other.as_str()],
    );
    let (theirs, _) = audit_page(&stranger, "?limit=100");
    assert!(
        theirs
            .iter()
            .all(|r| r["objectId"] != test_key.key_id.as_str()
                && r["actor"]["id"] != test_key.key_id.as_str()),
        "{theirs:?}"
    );
    assert!(theirs.iter().any(|r| r["objectId"] == other.as_str()));

    let viewer = server.new_key("viewer", &["--roles", "viewer"]);
    assert_eq!(
        viewer.get("/v1/audit-log").expect(403).code(),
        "missing_scope"
    );
    let auditor = server.new_key("auditor", &["--roles", "auditor"]);
    auditor.get("/v1/audit-log").expect(200);
}

#[test]
fn verify_names_a_tampered_or_missing_audit_record() {
    let mut server = Server::start();
    let c = server.client();
    let vault = c.vault("audited");
    c.patch(&format!("/v1/vaults/{vault}"), &json!({"name": "renamed"}))
        .expect(200);
    c.vault("later");
    server.kill();
    let db = rusqlite::Connection::open(server.db_path()).unwrap();
    let (seq, id, action): (i64, String, String) = db
        .query_row(
            "SELECT seq, id, action FROM audit_log WHERE action = 'vault.update'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let verify = |server: &Server| {
        let out = server.cli(&["verify"]);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    db.execute(
        "UPDATE audit_log SET action = 'vault.read' WHERE seq = ?1",
        [seq],
    )
    .unwrap();
    let (code, err) = verify(&server);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "audit record {seq} ({id}) does not match its hash"
        )),
        "{err}"
    );

    db.execute(
        "UPDATE audit_log SET action = ?2 WHERE seq = ?1",
        rusqlite::params![seq, action],
    )
    .unwrap();
    assert_eq!(
        verify(&server).0,
        Some(0),
        "restored, the chain holds again"
    );

    db.execute("DELETE FROM audit_log WHERE seq = ?1", [seq])
        .unwrap();
    let next: String = db
        .query_row(
            "SELECT id FROM audit_log WHERE seq > ?1 ORDER BY seq LIMIT 1",
            [seq],
            |r| r.get(0),
        )
        .unwrap();
    let (code, err) = verify(&server);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "({next}) does not match its hash: it was changed, or a record before it was changed, removed"
        )),
        "{err}"
    );
}

#[test]
fn verify_checks_the_counters_metrics_read() {
    let mut server = Server::start();
    let c = server.client();
    c.vault("counted");
    let out = server.cli(&["verify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    server.kill();
    let db = rusqlite::Connection::open(server.db_path()).unwrap();
    // A counter off by one, as a forgotten trigger would leave it.
    db.execute(
        "INSERT INTO status_counts (subject, kind, status, n) VALUES ('transaction', 'Deposit', 'Completed', 1)",
        [],
    )
    .unwrap();
    let out = server.cli(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("status_counts says 1 Deposit transactions are Completed, there are none"),
        "{err}"
    );
}

/// Unmounts a test's tmpfs, whatever happens.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_refuses_writes_with_503_keeps_reads_and_recovers() {
    let dir = TempDir::new("disk-full");
    let mnt = dir.path().join("mnt");
    std::fs::create_dir_all(&mnt).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=6m", "tmpfs"])
        .arg(&mnt)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (it needs root)");
        return;
    }
    let _unmount = Mounted(mnt.clone());
    let data = mnt.join("data");
    let init =
        crate::support::coffer_json(&["init", "--json", "--data-dir", data.to_str().unwrap()]);
    let server = LoggedServe::start(&data);
    let c = Client::new(
        &server.base,
        init["apiKey"]["keyId"].as_str().unwrap(),
        init["apiKey"]["secret"].as_str().unwrap(),
    );
    c.vault("before the disk filled");
    // Fill the filesystem with 64 KiB files until it refuses more.
    let filler = mnt.join("filler");
    std::fs::create_dir_all(&filler).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    let mut files = 0;
    while files < 200 && std::fs::write(filler.join(files.to_string()), &chunk).is_ok() {
        files += 1;
    }
    let _ = std::fs::remove_file(filler.join(files.to_string()));
    // Writes run out of room: 503, never a 500, and the server lives on.
    let mut refused = None;
    for i in 0..2000 {
        let body = json!({"name": format!("vault {i} {}", "x".repeat(180))});
        let r = c.send("POST", "/v1/vaults", body.to_string().as_bytes(), &[]);
        assert!(
            r.status == 201 || r.status == 503,
            "{}: {}",
            r.status,
            r.text
        );
        if r.status == 503 {
            refused = Some(r);
            break;
        }
    }
    let refused = refused.expect("the disk never filled");
    assert_eq!(refused.code(), "disk_full", "{}", refused.text);
    // Reads go on.
    c.get("/v1/vaults?limit=1").expect(200);
    // Room again: writes resume, and the books are whole.
    std::fs::remove_dir_all(&filler).unwrap();
    wait_for("writes to resume", || {
        let r = c.send("POST", "/v1/vaults", br#"{"name":"after"}"#, &[]);
        (r.status == 201).then_some(())
    });
    let out = coffer(&["verify", "--data-dir", data.to_str().unwrap()], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    drop(server);
}
