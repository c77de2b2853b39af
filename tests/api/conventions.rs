//! Conventions shared by every endpoint (docs/api.md, "Conventions"): errors, limits, ids, paging,
//! idempotency, body limits, the schema guard and the audit trail (docs/api.md, "Audit").

use crate::support::{agent, now_secs, raw, sign, spawn_serve, Client, Resp, Server};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

const MIB: usize = 1024 * 1024;

/// The ids of a list page's `data`, in order.
fn ids(r: &Resp) -> Vec<String> {
    r.body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data array: {}", r.text))
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect()
}

/// `pagination.<which>` as an owned string, or None when null.
fn cursor(r: &Resp, which: &str) -> Option<String> {
    let v = &r.body["pagination"][which];
    assert!(
        v.is_null() || v.is_string(),
        "pagination.{which} is neither null nor a string: {}",
        r.text
    );
    v.as_str().map(String::from)
}

/// Checks that the `CB-BEFORE`/`CB-AFTER` headers mirror the body's pagination.
#[track_caller]
fn assert_cursor_headers(r: &Resp) {
    for (which, header) in [("before", "cb-before"), ("after", "cb-after")] {
        assert_eq!(
            r.header(header),
            cursor(r, which).as_deref(),
            "{header} header vs pagination.{which}: {}",
            r.text
        );
    }
}

/// Asserts a native 400 naming `field` in `errors`, and the native error shape.
#[track_caller]
fn assert_names_field(r: &Resp, field: &str) {
    assert_eq!(
        r.status, 400,
        "expected 400 naming {field}; body: {}",
        r.text
    );
    assert_eq!(r.body["statusCode"], 400, "{}", r.text);
    let messages = r.body["errors"][field]
        .as_array()
        .unwrap_or_else(|| panic!("errors.{field} missing: {}", r.text));
    assert!(
        !messages.is_empty() && messages.iter().all(Value::is_string),
        "errors.{field} should list messages: {}",
        r.text
    );
    assert_eq!(
        r.body["requestId"].as_str(),
        r.header("x-request-id"),
        "{}",
        r.text
    );
}

/// Asserts a native 400 with the given `code`.
#[track_caller]
fn assert_bad_request(r: &Resp, code: &str) {
    assert_eq!(r.status, 400, "expected 400 {code}; body: {}", r.text);
    assert_eq!(r.code(), code, "{}", r.text);
    assert_eq!(r.body["statusCode"], 400);
}

/// Every vault id visible to `c`, newest first (walks with the largest page).
fn all_vault_ids(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    let mut path = "/v1/vaults?limit=100".to_string();
    for _ in 0..1000 {
        let page = c.get(&path).expect(200);
        out.extend(ids(&page));
        match cursor(&page, "after") {
            Some(after) => path = format!("/v1/vaults?limit=100&after={after}"),
            None => return out,
        }
    }
    panic!("the walk did not end");
}

/// Sleeps (bounded) until the wall clock has moved past second `s`.
fn wait_past_second(s: i64) {
    for _ in 0..300 {
        if now_secs() > s {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the clock did not move on");
}

/// A POST signed at the given second, so that a test can send byte-identical
/// copies (same signature) whatever the clock does in between.
fn post_signed_at(c: &Client, ts: i64, path: &str, body: &Value, key: Option<&str>) -> Resp {
    let ts = ts.to_string();
    let body = body.to_string();
    let sig = sign(&c.secret, &ts, "POST", path, body.as_bytes());
    let mut headers = vec![
        ("X-API-Key", c.key_id.as_str()),
        ("X-Timestamp", ts.as_str()),
        ("X-Signature", sig.as_str()),
        ("Content-Type", "application/json"),
    ];
    if let Some(key) = key {
        headers.push(("Idempotency-Key", key));
    }
    raw(
        &agent(),
        "POST",
        &format!("{}{path}", c.base),
        &headers,
        body.as_bytes(),
    )
}

fn read_only(server: &Server) -> Connection {
    Connection::open_with_flags(server.db_path(), OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

#[test]
fn health_needs_no_auth_and_every_answer_has_a_request_id() {
    let server = Server::start();
    let r = raw(
        &agent(),
        "GET",
        &format!("{}/health", server.base),
        &[],
        b"",
    )
    .expect(200);
    assert_eq!(r.body["status"], "ok");
    assert!(r.header("x-request-id").is_some_and(|id| id.len() == 36));
    let missing = raw(
        &agent(),
        "GET",
        &format!("{}/nowhere", server.base),
        &[],
        b"",
    )
    .expect(404);
    assert!(missing.header("x-request-id").is_some());
    assert_eq!(missing.body["statusCode"], 404);
}

#[test]
fn walking_after_lists_every_vault_once_while_others_are_created() {
    let server = Server::start();
    let c = server.client();
    let existing: Vec<String> = (0..30).map(|i| c.vault(&format!("pre {i}"))).collect();
    assert!(
        existing.windows(2).all(|w| w[0] < w[1]),
        "ids are time-ordered: {existing:?}"
    );

    // Another client keeps creating vaults during the walk (bounded).
    let stop = Arc::new(AtomicBool::new(false));
    let made = Arc::new(AtomicUsize::new(0));
    let creator = {
        let (c, stop, made) = (server.client(), Arc::clone(&stop), Arc::clone(&made));
        std::thread::spawn(move || {
            let mut ids = Vec::new();
            for i in 0..300 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                ids.push(c.vault(&format!("during {i}")));
                made.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(2));
            }
            ids
        })
    };
    // Waits (bounded) until the creator has made more than `seen` vaults.
    let progress_past = |seen: usize| {
        for _ in 0..1000 {
            if made.load(Ordering::SeqCst) > seen {
                return made.load(Ordering::SeqCst);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the creator made no vault in 5 s");
    };
    let made_at_start = progress_past(0);
    let mut seen = made_at_start;

    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut last_page = None;
    let mut path = "/v1/vaults?limit=7".to_string();
    for _ in 0..100 {
        let page = c.get(&path).expect(200);
        assert_cursor_headers(&page);
        let items = ids(&page);
        assert!(items.len() <= 7, "{}", page.text);
        pages.push(items.clone());
        let after = cursor(&page, "after");
        if pages.len() == 1 {
            assert_eq!(
                cursor(&page, "before"),
                None,
                "first page has nothing newer"
            );
        } else {
            assert_eq!(
                cursor(&page, "before").as_ref(),
                items.first(),
                "before = first item"
            );
        }
        match after {
            Some(after) => {
                assert_eq!(items.len(), 7, "only the last page is short");
                assert_eq!(items.last(), Some(&after), "after = last item");
                path = format!("/v1/vaults?limit=7&after={after}");
            }
            None => {
                last_page = Some(page);
                break;
            }
        }
        // At least one vault is created between any two pages.
        seen = progress_past(seen);
    }
    let last_page = last_page.expect("the walk ended on a null after");
    let made_at_end = made.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    let during: Vec<String> = creator.join().unwrap();
    assert!(
        made_at_end > made_at_start,
        "vaults should have been created during the walk ({made_at_start} -> {made_at_end})"
    );

    let walked: Vec<String> = pages.concat();
    assert!(
        walked.windows(2).all(|w| w[0] > w[1]),
        "ids strictly decrease across the walk: {walked:?}"
    );
    for id in &existing {
        assert_eq!(
            walked.iter().filter(|w| *w == id).count(),
            1,
            "{id} should appear exactly once"
        );
    }
    let known: HashSet<&String> = existing.iter().chain(&during).collect();
    assert!(
        walked.iter().all(|w| known.contains(w)),
        "only real vaults are listed"
    );
    assert_eq!(
        walked.last(),
        existing.first(),
        "the walk ends on the oldest"
    );

    // Back up from the last page with `before`: each page is newer, newest first.
    let full = all_vault_ids(&c);
    assert_eq!(full.len(), existing.len() + during.len());
    let mut backward: Vec<Vec<String>> = vec![ids(&last_page)];
    let mut before = cursor(&last_page, "before");
    for _ in 0..100 {
        let Some(b) = before.clone() else { break };
        let page = c.get(&format!("/v1/vaults?limit=7&before={b}")).expect(200);
        assert_cursor_headers(&page);
        let items = ids(&page);
        assert!(!items.is_empty() && items.len() <= 7, "{}", page.text);
        assert!(
            items.windows(2).all(|w| w[0] > w[1]),
            "newest first within a page: {items:?}"
        );
        assert!(
            items.iter().all(|i| *i > b),
            "a before page holds only newer items"
        );
        assert_eq!(
            cursor(&page, "after").as_ref(),
            items.last(),
            "after = last item"
        );
        // The items immediately newer than the cursor, none skipped.
        let at = full.iter().position(|i| *i == b).unwrap();
        assert_eq!(items, full[at.saturating_sub(items.len())..at].to_vec());
        before = cursor(&page, "before");
        if let Some(next) = &before {
            assert_eq!(items.len(), 7, "only the newest page is short");
            assert_eq!(Some(next), items.first(), "before = first item");
        }
        backward.push(items);
    }
    assert_eq!(before, None, "the backward walk ends on a null before");
    backward.reverse();
    assert_eq!(
        backward.concat(),
        full,
        "walking back covers every vault once"
    );
}

#[test]
fn limits_cursors_and_unknown_parameters_are_checked() {
    let server = Server::start();
    let c = server.client();
    let made: Vec<String> = (0..26).map(|i| c.vault(&format!("v{i}"))).collect();

    let default = c.get("/v1/vaults").expect(200);
    let page = ids(&default);
    assert_eq!(page.len(), 25, "default limit is 25");
    assert_eq!(page[0], made[25]);
    assert_eq!(cursor(&default, "after").as_deref(), Some(made[1].as_str()));
    assert_eq!(
        ids(&c.get("/v1/vaults?limit=1").expect(200)),
        vec![made[25].clone()]
    );
    assert_eq!(ids(&c.get("/v1/vaults?limit=100").expect(200)).len(), 26);
    let rest = c.get(&format!("/v1/vaults?after={}", made[1])).expect(200);
    assert_eq!(ids(&rest), vec![made[0].clone()]);
    assert_eq!(cursor(&rest, "after"), None);

    for path in ["/v1/vaults", "/v1/assets"] {
        for bad in ["0", "101", "abc", "-1", "", "1.5", "99999999999"] {
            let r = c.get(&format!("{path}?limit={bad}"));
            assert_names_field(&r, "limit");
            assert_eq!(r.code(), "invalid_field");
        }
        let r = c.get(&format!("{path}?limit=5&limit=6"));
        assert_names_field(&r, "limit");
        assert_names_field(&c.get(&format!("{path}?after=xyz")), "after");
        assert_names_field(&c.get(&format!("{path}?before=xyz")), "before");
        let r = c.get(&format!("{path}?colour=red"));
        assert_names_field(&r, "colour");
        let r = c.get(&format!("{path}?limit=2&colour=red"));
        assert_names_field(&r, "colour");
    }
    // A well-formed id that is not a vault is still a usable cursor; both
    // cursors at once are refused.
    let both = c.get(&format!("/v1/vaults?before={}&after={}", made[5], made[3]));
    assert_eq!(both.status, 400, "{}", both.text);
    assert_eq!(both.code(), "invalid_field");
    assert!(
        both.body["errors"].get("before").is_some() || both.body["errors"].get("after").is_some(),
        "{}",
        both.text
    );
    let both = c.get("/v1/assets?before=ETH&after=BTC");
    assert_eq!(both.status, 400, "{}", both.text);

    // Assets page in configuration order with their ids as cursors.
    let all = ids(&c.get("/v1/assets").expect(200));
    assert_eq!(all.len(), 4);
    let first = c.get("/v1/assets?limit=3").expect(200);
    assert_cursor_headers(&first);
    assert_eq!(ids(&first), all[..3].to_vec());
    let next = cursor(&first, "after").expect("more assets remain");
    let second = c
        .get(&format!("/v1/assets?limit=3&after={next}"))
        .expect(200);
    assert_eq!(ids(&second), all[3..].to_vec());
    assert_eq!(cursor(&second, "after"), None);
    assert_names_field(&c.get("/v1/assets?after=DOGE"), "after");
}

#[test]
fn an_idempotency_key_replays_the_first_answer() {
    let server = Server::start();
    let c = server.client();
    let body = json!({"name": "Idem", "metadata": {"n": "1"}});
    let first = c
        .post_idem("/v1/vaults", &body, "create-idem_1")
        .expect(201);
    assert_eq!(first.header("idempotent-replayed"), None);
    let signed_in = now_secs();

    // Sent again at once (most likely the same signature): answered from the record.
    let again = c
        .post_idem("/v1/vaults", &body, "create-idem_1")
        .expect(201);
    assert_eq!(again.text, first.text);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));

    // And again in a later second, with a fresh signature.
    wait_past_second(signed_in);
    let later = c
        .post_idem("/v1/vaults", &body, "create-idem_1")
        .expect(201);
    assert_eq!(later.text, first.text);
    assert_eq!(later.header("idempotent-replayed"), Some("true"));
    assert_ne!(later.header("x-request-id"), first.header("x-request-id"));
    assert_eq!(all_vault_ids(&c), vec![first.body["id"].as_str().unwrap()]);

    // Same key, different body.
    let other = json!({"name": "Someone else"});
    let reused = c.post_idem("/v1/vaults", &other, "create-idem_1");
    assert_bad_request(&reused, "idempotency_key_reused");
    assert_eq!(reused.header("idempotent-replayed"), None);

    // Malformed keys are refused before anything is done.
    for (n, bad) in [
        "k".repeat(65),
        "has space".into(),
        "semi;colon".into(),
        "a.b".into(),
    ]
    .iter()
    .enumerate()
    {
        let r = c.post_idem("/v1/vaults", &json!({"name": format!("bad key {n}")}), bad);
        assert_bad_request(&r, "invalid_idempotency_key");
    }
    assert_eq!(all_vault_ids(&c).len(), 1);
    // 64 characters is the longest allowed key.
    c.post_idem("/v1/vaults", &json!({"name": "long key"}), &"K".repeat(64))
        .expect(201);

    // Another API key has its own namespace of idempotency keys.
    let second = server.new_key("second", &["--roles", "admin"]);
    let theirs = second
        .post_idem("/v1/vaults", &body, "create-idem_1")
        .expect(201);
    assert_eq!(theirs.header("idempotent-replayed"), None);
    assert_ne!(theirs.body["id"], first.body["id"]);
    assert_eq!(all_vault_ids(&c).len(), 3);
    // ... and the first key's record is untouched by it.
    let mine = c
        .post_idem("/v1/vaults", &body, "create-idem_1")
        .expect(201);
    assert_eq!(mine.text, first.text);

    // A failed first request stores nothing: the key may be used again.
    c.post("/v1/vaults", &json!({"name": "x", "externalId": "taken"}))
        .expect(201);
    let failed = c
        .post_idem(
            "/v1/vaults",
            &json!({"name": "y", "externalId": "taken"}),
            "retry-me",
        )
        .expect(409);
    assert_eq!(failed.code(), "external_id_taken");
    let retried = c
        .post_idem(
            "/v1/vaults",
            &json!({"name": "y", "externalId": "free"}),
            "retry-me",
        )
        .expect(201);
    assert_eq!(retried.header("idempotent-replayed"), None);
    assert_eq!(all_vault_ids(&c).len(), 5);
}

#[test]
fn a_replayed_signature_is_answered_from_the_key_or_refused() {
    let server = Server::start();
    let c = server.client();
    let ts = now_secs();
    // With a key: the copy gets the first answer.
    let body = json!({"name": "copied"});
    let first = post_signed_at(&c, ts, "/v1/vaults", &body, Some("copy-1")).expect(201);
    let copy = post_signed_at(&c, ts, "/v1/vaults", &body, Some("copy-1")).expect(201);
    assert_eq!(copy.text, first.text);
    assert_eq!(copy.header("idempotent-replayed"), Some("true"));
    // Without a key: 401.
    let body = json!({"name": "unkeyed"});
    post_signed_at(&c, ts, "/v1/vaults", &body, None).expect(201);
    let copy = post_signed_at(&c, ts, "/v1/vaults", &body, None).expect(401);
    assert_eq!(copy.code(), "replayed_signature");
    // With a key whose first request failed (nothing stored, nothing running): 401.
    c.post(
        "/v1/vaults",
        &json!({"name": "holder", "externalId": "held"}),
    )
    .expect(201);
    let body = json!({"name": "loser", "externalId": "held"});
    let failed = post_signed_at(&c, ts, "/v1/vaults", &body, Some("copy-2")).expect(409);
    assert_eq!(failed.code(), "external_id_taken");
    let copy = post_signed_at(&c, ts, "/v1/vaults", &body, Some("copy-2")).expect(401);
    assert_eq!(copy.code(), "replayed_signature");
    // A copy under another key is not a way round the replay guard.
    let copy = post_signed_at(&c, ts, "/v1/vaults", &body, Some("copy-3")).expect(401);
    assert_eq!(copy.code(), "replayed_signature");
    assert_eq!(all_vault_ids(&c).len(), 3);
}

#[test]
fn concurrent_requests_with_one_idempotency_key_create_one_vault() {
    let server = Server::start();
    let c = server.client();
    let threads = 8;
    // Several rounds: byte-identical copies sent at once share one signature, and
    // the copies that lose the race to the replay guard must still be answered
    // from the key (409 while the first runs, its answer after), never 401.
    for round in 0..6 {
        let key = format!("race-key-{round}");
        let body =
            json!({"name": format!("Racing {round}"), "metadata": {"round": round.to_string()}});
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (c, body, key, barrier) = (
                    server.client(),
                    body.clone(),
                    key.clone(),
                    Arc::clone(&barrier),
                );
                std::thread::spawn(move || {
                    barrier.wait();
                    c.post_idem("/v1/vaults", &body, &key)
                })
            })
            .collect();
        let answers: Vec<Resp> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let mut created_bodies = BTreeSet::new();
        let mut fresh = 0;
        for a in &answers {
            match a.status {
                201 => {
                    created_bodies.insert(a.text.clone());
                    match a.header("idempotent-replayed") {
                        None => fresh += 1,
                        replayed => assert_eq!(replayed, Some("true")),
                    }
                }
                409 => assert_eq!(a.code(), "idempotency_key_in_use", "{}", a.text),
                other => panic!("round {round}: unexpected {other}: {}", a.text),
            }
        }
        assert_eq!(
            fresh, 1,
            "round {round}: exactly one request ran: {answers:#?}"
        );
        assert_eq!(created_bodies.len(), 1, "every 201 has the same body");
        let created: Value = serde_json::from_str(created_bodies.first().unwrap()).unwrap();
        let vaults = all_vault_ids(&c);
        assert_eq!(vaults.len(), round + 1, "round {round}: one vault per key");
        assert_eq!(created["id"], vaults[0].as_str());

        // Once settled, the key replays.
        let settled = c.post_idem("/v1/vaults", &body, &key);
        assert_eq!(settled.status, 201, "{}", settled.text);
        assert_eq!(settled.header("idempotent-replayed"), Some("true"));
        assert_eq!(settled.text, *created_bodies.first().unwrap());
    }
}

/// A signed POST whose body is streamed with chunked transfer encoding (no
/// Content-Length), so the server cannot refuse it from the header alone.
fn post_chunked(c: &Client, path: &str, body: Vec<u8>) -> Result<(u16, Value), String> {
    let ts = now_secs().to_string();
    let sig = sign(&c.secret, &ts, "POST", path, &body);
    let response = agent()
        .post(&format!("{}{path}", c.base))
        .set("X-API-Key", &c.key_id)
        .set("X-Timestamp", &ts)
        .set("X-Signature", &sig)
        .set("Content-Type", "application/json")
        .send(std::io::Cursor::new(body));
    let r = match response {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(e.to_string()),
    };
    let status = r.status();
    let mut text = String::new();
    r.into_reader()
        .read_to_string(&mut text)
        .map_err(|e| e.to_string())?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

/// A vault-creating body of exactly `len` bytes (padding in a metadata value).
fn body_of_len(len: usize) -> Vec<u8> {
    let head = br#"{"name":"big","metadata":{"pad":""#;
    let tail = br#""}}"#;
    let mut out = head.to_vec();
    out.resize(len - tail.len(), b'x');
    out.extend_from_slice(tail);
    assert_eq!(out.len(), len);
    out
}

#[test]
fn bodies_over_one_mebibyte_are_refused_with_413() {
    let server = Server::start();
    let c = server.client();
    let r = c.send("POST", "/v1/vaults", &body_of_len(MIB + 1), &[]);
    assert_eq!(r.status, 413, "{}", r.text);
    assert_eq!(r.code(), "payload_too_large");
    assert_eq!(r.body["statusCode"], 413);
    assert_eq!(r.body["requestId"].as_str(), r.header("x-request-id"));

    let r = c.send("POST", "/v1/vaults", &body_of_len(3 * MIB), &[]);
    assert_eq!(r.status, 413, "{}", r.text);

    // Without a Content-Length the server counts what it reads.
    match post_chunked(&c, "/v1/vaults", body_of_len(MIB + 10)) {
        Ok((status, body)) => {
            assert_eq!(status, 413, "{body}");
            assert_eq!(body["code"], "payload_too_large");
        }
        Err(e) => panic!("chunked upload: {e}"),
    }

    // Exactly 1 MiB is read and judged on its content (the metadata value is too
    // long), not refused for its size.
    let at_limit = c.send("POST", "/v1/vaults", &body_of_len(MIB), &[]);
    assert_names_field(&at_limit, "metadata");

    assert_eq!(
        all_vault_ids(&c),
        Vec::<String>::new(),
        "nothing was created"
    );
    // The server still serves after refusing large bodies.
    c.post("/v1/vaults", &json!({"name": "small"})).expect(201);
}

#[test]
fn unknown_paths_and_methods_answer_in_each_familys_shape() {
    let server = Server::start();
    let c = server.client();
    let get = |path: &str| raw(&agent(), "GET", &format!("{}{path}", server.base), &[], b"");

    let native = get("/v1/nope").expect(404);
    let keys: BTreeSet<&str> = native
        .body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["statusCode", "message", "code", "requestId", "errors"])
    );
    assert_eq!(native.body["statusCode"], 404);
    assert_eq!(native.code(), "not_found");
    assert!(native.body["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert_eq!(
        native.body["requestId"].as_str(),
        native.header("x-request-id")
    );
    assert!(native.body["errors"]["generalErrors"].is_array());
    // Signed or not, an unknown path is a 404.
    assert_eq!(c.get("/v1/vaults/x/y/z").status, 404);

    let coinbase = get("/api/v1/nope").expect(404);
    assert!(
        coinbase.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{}",
        coinbase.text
    );
    assert!(
        coinbase.body.get("statusCode").is_none(),
        "{}",
        coinbase.text
    );
    assert!(coinbase.body.get("error").is_none(), "{}", coinbase.text);
    assert!(coinbase.header("x-request-id").is_some());

    let admin = get("/api/nope").expect(404);
    let keys: Vec<&String> = admin.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["error"], "{}", admin.text);
    assert!(admin.body["error"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(admin.header("x-request-id").is_some());

    let wrong = c.send("DELETE", "/v1/vaults", b"", &[]).expect(405);
    assert_eq!(wrong.code(), "method_not_allowed");
    assert_eq!(wrong.body["statusCode"], 405);
    let allow = |r: &Resp| -> BTreeSet<String> {
        r.header("allow")
            .unwrap_or_else(|| panic!("no Allow header: {:?}", r.headers))
            .split(',')
            .map(|m| m.trim().to_string())
            .collect()
    };
    assert_eq!(allow(&wrong), BTreeSet::from(["GET".into(), "POST".into()]));
    let id = c.vault("target");
    let put = c
        .send("PUT", &format!("/v1/vaults/{id}"), b"{}", &[])
        .expect(405);
    assert_eq!(allow(&put), BTreeSet::from(["GET".into(), "PATCH".into()]));
    assert_eq!(all_vault_ids(&c), vec![id], "DELETE changed nothing");
}

#[test]
fn malformed_bodies_are_refused_and_create_nothing() {
    let server = Server::start();
    let c = server.client();
    let post = |body: &[u8]| c.send("POST", "/v1/vaults", body, &[]);

    for bad in [
        &b"{\"name\": "[..],
        b"[{\"name\":\"a\"}]",
        b"",
        b"   ",
        b"\"a string\"",
        b"null",
        b"{\"name\":\"a\"} trailing",
        b"\xff\xfe",
    ] {
        let r = post(bad);
        assert_bad_request(&r, "invalid_json");
        assert!(r.body["errors"]["generalErrors"]
            .as_array()
            .is_some_and(|g| !g.is_empty()));
    }

    let long = |n: usize| "x".repeat(n);
    let many_keys: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"name": "a", "colour": "red"}), "colour"),
        (json!({"name": 5}), "name"),
        (json!({"name": ["a"]}), "name"),
        (json!({}), "name"),
        (json!({"name": null}), "name"),
        (json!({"externalId": "e"}), "name"),
        (json!({"name": ""}), "name"),
        (json!({"name": "   "}), "name"),
        (json!({"name": "bell\u{7}"}), "name"),
        (json!({"name": long(201)}), "name"),
        (json!({"name": "é".repeat(201)}), "name"),
        (json!({"name": "a", "externalId": 7}), "externalId"),
        (json!({"name": "a", "externalId": long(129)}), "externalId"),
        (json!({"name": "a", "metadata": "tier=gold"}), "metadata"),
        (json!({"name": "a", "metadata": ["tier"]}), "metadata"),
        (
            json!({"name": "a", "metadata": {"k": {"nested": "v"}}}),
            "metadata",
        ),
        (json!({"name": "a", "metadata": {"k": ["v"]}}), "metadata"),
        (json!({"name": "a", "metadata": {"k": 1}}), "metadata"),
        (json!({"name": "a", "metadata": {"k": true}}), "metadata"),
        (
            json!({"name": "a", "metadata": Value::Object(many_keys)}),
            "metadata",
        ),
        (
            json!({"name": "a", "metadata": {long(41): "v"}}),
            "metadata",
        ),
        (json!({"name": "a", "metadata": {"": "v"}}), "metadata"),
        (
            json!({"name": "a", "metadata": {"k": long(501)}}),
            "metadata",
        ),
    ];
    for (body, field) in &cases {
        let r = c.post("/v1/vaults", body);
        assert_names_field(&r, field);
        assert_eq!(r.code(), "invalid_field", "{body}: {}", r.text);
    }
    assert_eq!(
        all_vault_ids(&c),
        Vec::<String>::new(),
        "nothing was created"
    );

    // The limits themselves are allowed (characters, not bytes).
    let fifty: serde_json::Map<String, Value> = (0..50)
        .map(|i| (format!("{i:0>40}"), json!(long(500))))
        .collect();
    let edge = c
        .post(
            "/v1/vaults",
            &json!({"name": "é".repeat(200), "externalId": long(128), "metadata": fifty}),
        )
        .expect(201);
    assert_eq!(edge.body["name"], "é".repeat(200));
    assert_eq!(edge.body["metadata"].as_object().unwrap().len(), 50);
    assert_eq!(all_vault_ids(&c).len(), 1);
}

#[test]
fn the_database_is_wal_and_a_newer_schema_is_refused() {
    let mut server = Server::start();
    let c = server.client();
    let id = c.vault("survivor");
    let conn = read_only(&server);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_ascii_lowercase(), "wal");
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert!(version >= 1, "migrations are tracked in user_version");
    drop(conn);
    server.kill();

    let set_version = |v: u32| {
        let conn = Connection::open(server.db_path()).unwrap();
        conn.pragma_update(None, "user_version", v).unwrap();
    };
    set_version(999);
    match spawn_serve(&server.data_dir(), &[]) {
        Ok((mut child, base)) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a database newer than the binary was opened (served on {base})");
        }
        Err(e) => assert!(e.contains("newer coffer"), "{e}"),
    }
    let conn = read_only(&server);
    let after: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(after, 999, "the refused database was left alone");
    drop(conn);

    // Put the version back: the same data dir serves again, data intact.
    set_version(version);
    let (mut child, base) = spawn_serve(&server.data_dir(), &[]).unwrap();
    let again = Client::new(&base, &server.creds.key_id, &server.creds.secret);
    let fetched = again.get(&format!("/v1/vaults/{id}"));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(fetched.status, 200, "{}", fetched.text);
    assert_eq!(fetched.body["name"], "survivor");
}

/// (seq, action, object_id, request_id, actor_type, actor_id, ip, hash)
type AuditRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
);

fn audit_rows(server: &Server) -> Vec<AuditRow> {
    let conn = read_only(server);
    let mut stmt = conn
        .prepare(
            "SELECT seq, action, object_id, request_id, actor_type, actor_id, ip, hash
             FROM audit_log ORDER BY seq",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            ))
        })
        .unwrap()
        .collect::<Result<Vec<AuditRow>, _>>()
        .unwrap();
    rows
}

/// Each record's hash covers the one before it: `coffer verify` recomputes
/// the chain from the first record.
#[track_caller]
fn assert_chained(server: &Server, rows: &[AuditRow]) {
    assert!(!rows.is_empty());
    assert!(rows.windows(2).all(|pair| pair[1].0 > pair[0].0));
    let hashes: HashSet<&String> = rows.iter().map(|r| &r.7).collect();
    assert_eq!(hashes.len(), rows.len(), "hashes are distinct");
    assert!(rows
        .iter()
        .all(|r| r.7.len() == 64 && r.7.bytes().all(|b| b.is_ascii_hexdigit())));
    let verified = server.cli(&["verify"]);
    assert!(
        verified.status.success(),
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
}

#[test]
fn state_changes_are_audited_in_a_hash_chain_and_refusals_are_not() {
    let server = Server::start();
    let c = server.client();
    let created = c
        .post("/v1/vaults", &json!({"name": "Audited"}))
        .expect(201);
    let id = created.body["id"].as_str().unwrap();
    let request_id = created.header("x-request-id").unwrap();

    let rows = audit_rows(&server);
    assert_chained(&server, &rows);
    let creates: Vec<&AuditRow> = rows.iter().filter(|r| r.1 == "vault.create").collect();
    assert_eq!(creates.len(), 1, "{rows:#?}");
    let row = creates[0];
    assert_eq!(row.2.as_deref(), Some(id));
    assert_eq!(row.3.as_deref(), Some(request_id));
    assert_eq!(row.4, "api_key");
    assert_eq!(row.5, server.creds.key_id);
    assert_eq!(row.6.as_deref(), Some("127.0.0.1"));
    {
        let conn = read_only(&server);
        let (tenant, env, object_type): (String, String, String) = conn
            .query_row(
                "SELECT tenant_id, environment, object_type FROM audit_log WHERE seq = ?1",
                [row.0],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(tenant, server.creds.tenant_id);
        assert_eq!(env, "test");
        assert_eq!(object_type, "vault");
    }

    let patched = c
        .patch(&format!("/v1/vaults/{id}"), &json!({"status": "Archived"}))
        .expect(200);
    let rows = audit_rows(&server);
    assert_chained(&server, &rows);
    let last = rows.last().unwrap();
    assert_eq!(last.1, "vault.update");
    assert_eq!(last.2.as_deref(), Some(id));
    assert_eq!(last.3.as_deref(), patched.header("x-request-id"));
    let count = rows.len();

    // Refusals of every kind leave the audit trail alone.
    let refusals = [
        c.post("/v1/vaults", &json!({"name": 1})),
        c.send("POST", "/v1/vaults", b"{", &[]),
        c.patch(
            &format!("/v1/vaults/{}", uuid::Uuid::now_v7()),
            &json!({"name": "ghost"}),
        ),
        c.patch(&format!("/v1/vaults/{id}"), &json!({"status": "Active"})),
        c.patch(&format!("/v1/vaults/{id}"), &json!({})),
        c.send("DELETE", "/v1/vaults", b"", &[]),
        raw(
            &agent(),
            "POST",
            &format!("{}/v1/vaults", server.base),
            &[],
            br#"{"name":"unsigned"}"#,
        ),
    ];
    let statuses: Vec<u16> = refusals.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [400, 400, 404, 409, 400, 405, 401]);
    assert_eq!(audit_rows(&server).len(), count, "refusals are not audited");

    // An idempotent replay changes nothing, so it is not audited either.
    let body = json!({"name": "Once"});
    c.post_idem("/v1/vaults", &body, "audit-once").expect(201);
    let count = audit_rows(&server).len();
    assert_eq!(count, rows.len() + 1);
    wait_past_second(now_secs());
    let replay = c.post_idem("/v1/vaults", &body, "audit-once").expect(201);
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    let rows = audit_rows(&server);
    assert_eq!(rows.len(), count, "a replay is not a new change");
    assert_chained(&server, &rows);
}
