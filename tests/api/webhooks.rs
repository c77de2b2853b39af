//! Webhooks through the real binary: configuration, signatures (checked also by
//! the official Standard Webhooks library), retries, isolation between tenants,
//! crash safety of the outbox, and the delivery log.

use crate::ledger::{mine, wait_for, wallet};
use crate::support::{hex, Client, Server};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// A request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The sender's address: one per connection.
    pub peer: Option<std::net::SocketAddr>,
}

impl Received {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// What the receiver answers to its n-th request (0-based).
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    Status(u16),
    /// Holds the request until `Receiver::release` is called, then answers 200.
    Hold,
}

/// A webhook receiver on 127.0.0.1; it records every request.
pub struct Receiver {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    released: Arc<(Mutex<bool>, Condvar)>,
    server: Arc<tiny_http::Server>,
}

impl Receiver {
    pub fn start(answer: impl Fn(usize) -> Answer + Send + 'static) -> Receiver {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let released: Arc<(Mutex<bool>, Condvar)> = Arc::default();
        let (srv, rec, rel) = (
            Arc::clone(&server),
            Arc::clone(&received),
            Arc::clone(&released),
        );
        std::thread::spawn(move || {
            for mut request in srv.incoming_requests() {
                let mut body = String::new();
                let _ = request.as_reader().read_to_string(&mut body);
                let headers = request
                    .headers()
                    .iter()
                    .map(|h| {
                        (
                            h.field.as_str().as_str().to_string(),
                            h.value.as_str().to_string(),
                        )
                    })
                    .collect();
                let n = {
                    let mut all = rec.lock().unwrap();
                    all.push(Received {
                        headers,
                        body,
                        peer: request.remote_addr().copied(),
                    });
                    all.len() - 1
                };
                match answer(n) {
                    Answer::Status(code) => {
                        let _ = request.respond(tiny_http::Response::empty(code));
                    }
                    Answer::Hold => {
                        let rel = Arc::clone(&rel);
                        std::thread::spawn(move || {
                            let (lock, cv) = &*rel;
                            let mut go = lock.lock().unwrap();
                            while !*go {
                                go = cv.wait_timeout(go, Duration::from_secs(30)).unwrap().0;
                            }
                            let _ = request.respond(tiny_http::Response::empty(200));
                        });
                    }
                }
            }
        });
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            received,
            released,
            server,
        }
    }

    pub fn ok() -> Receiver {
        Receiver::start(|_| Answer::Status(200))
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until at least `n` requests arrived; returns them all.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        wait_for(&format!("{n} webhook requests"), || {
            let got = self.received();
            (got.len() >= n).then_some(got)
        })
    }

    /// Waits for a request carrying an event of `event_type`.
    pub fn wait_for_type(&self, event_type: &str) -> Received {
        wait_for(&format!("a {event_type} event"), || {
            self.received()
                .into_iter()
                .find(|r| r.json()["type"] == event_type)
        })
    }

    pub fn release(&self) {
        let (lock, cv) = &*self.released;
        *lock.lock().unwrap() = true;
        cv.notify_all();
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.release();
        self.server.unblock();
    }
}

/// Test servers retry fast and look for due deliveries often.
pub(crate) const FAST: &[(&str, &str)] = &[
    ("COFFER_WEBHOOKS_RETRY_BASE_SECS", "0.05"),
    ("COFFER_WEBHOOKS_POLL_INTERVAL_MS", "50"),
];

pub(crate) fn configure(c: &Client, url: &str, types: Option<&[&str]>) -> String {
    let body = match types {
        Some(t) => json!({ "url": url, "subscribedEventTypes": t }),
        None => json!({ "url": url }),
    };
    let r = c
        .send(
            "PUT",
            "/v1/webhooks/outbound",
            body.to_string().as_bytes(),
            &[],
        )
        .expect(200);
    assert_eq!(r.body["isConfigured"], true);
    r.body["signingSecret"]
        .as_str()
        .expect("a new endpoint shows its secret")
        .to_string()
}

fn send_test_event(c: &Client) -> String {
    let r = c
        .send("POST", "/v1/webhooks/outbound/test", b"", &[])
        .expect(202);
    r.body["id"].as_str().unwrap().to_string()
}

/// Verifies a delivery with the `standardwebhooks` Python package.
fn verify_with_standard_webhooks(secret: &str, r: &Received) {
    let dir = crate::support::TempDir::new("swh");
    let body_path = dir.path().join("body");
    std::fs::write(&body_path, &r.body).unwrap();
    let headers = json!({
        "webhook-id": r.header("webhook-id"),
        "webhook-timestamp": r.header("webhook-timestamp"),
        "webhook-signature": r.header("webhook-signature"),
    });
    let script = "import sys, json\nfrom standardwebhooks import Webhook\n\
                  Webhook(sys.argv[1]).verify(open(sys.argv[2], 'rb').read(), json.loads(sys.argv[3]))\nprint('verified')";
    let out = Command::new(crate::support::test_python())
        .args([
            "-c",
            script,
            secret,
            body_path.to_str().unwrap(),
            &headers.to_string(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "verified",
        "standardwebhooks refused the delivery: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn legacy_signature(secret: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    hex(&mac.finalize().into_bytes())
}

#[test]
fn deliveries_are_signed_both_ways() {
    let server = Server::start_with(FAST);
    let c = server.client();
    let receiver = Receiver::ok();
    let secret = configure(&c, &receiver.url, None);
    assert_eq!(base64_len(&secret), 32, "base64 of 32 bytes");
    let event_id = send_test_event(&c);
    let got = receiver.wait_for_type("webhook.test");
    let body = got.json();
    assert_eq!(body["id"], event_id.as_str());
    assert_eq!(body["environment"], "test");
    assert!(body["createdAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["data"]["url"], receiver.url.as_str());
    assert_eq!(got.header("webhook-id"), event_id);
    assert_eq!(
        got.header("X-Webhook-Signature"),
        legacy_signature(&secret, &got.body)
    );
    assert!(got.header("webhook-signature").starts_with("v1,"));
    verify_with_standard_webhooks(&secret, &got);
    // The same check with another secret must fail: the checks above can fail.
    assert_ne!(
        got.header("X-Webhook-Signature"),
        legacy_signature("d3Jvbmc=", &got.body)
    );
}

fn base64_len(s: &str) -> usize {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .unwrap()
        .len()
}

#[test]
fn the_secret_shows_only_when_new_and_rotates() {
    let server = Server::start_with(FAST);
    let c = server.client();
    let empty = c.get("/v1/webhooks/outbound").expect(200);
    assert_eq!(
        empty.body,
        json!({"url": null, "signingSecret": null, "subscribedEventTypes": null, "isConfigured": false})
    );
    let receiver = Receiver::ok();
    let first = configure(&c, &receiver.url, None);
    let fetched = c.get("/v1/webhooks/outbound").expect(200);
    assert_eq!(fetched.body["signingSecret"], Value::Null);
    assert_eq!(fetched.body["url"], receiver.url.as_str());
    let same_url = c
        .send(
            "PUT",
            "/v1/webhooks/outbound",
            json!({"url": receiver.url, "subscribedEventTypes": ["webhook.test"]})
                .to_string()
                .as_bytes(),
            &[],
        )
        .expect(200);
    assert_eq!(
        same_url.body["signingSecret"],
        Value::Null,
        "same URL keeps the secret"
    );
    assert_eq!(
        same_url.body["subscribedEventTypes"],
        json!(["webhook.test"])
    );
    let moved = configure(&c, &format!("{}?v=2", receiver.url), None);
    assert_ne!(moved, first, "a new URL gets a new secret");
    let rotated = c
        .send("POST", "/v1/webhooks/outbound/rotate-secret", b"", &[])
        .expect(200);
    let rotated = rotated.body["signingSecret"].as_str().unwrap().to_string();
    assert_ne!(rotated, moved);
    send_test_event(&c);
    let got = receiver.wait_for_type("webhook.test");
    assert_eq!(
        got.header("X-Webhook-Signature"),
        legacy_signature(&rotated, &got.body)
    );
    c.send("DELETE", "/v1/webhooks/outbound", b"", &[])
        .expect(204);
    assert_eq!(
        c.get("/v1/webhooks/outbound").expect(200).body["isConfigured"],
        false
    );
    assert_eq!(
        c.send("POST", "/v1/webhooks/outbound/test", b"", &[])
            .expect(409)
            .code(),
        "webhook_not_configured"
    );
    c.send("DELETE", "/v1/webhooks/outbound", b"", &[])
        .expect(404);
}

#[test]
fn money_movements_are_announced_with_whole_objects() {
    let server = Server::start_with(FAST);
    let c = server.client();
    let receiver = Receiver::ok();
    configure(
        &c,
        &receiver.url,
        Some(&[
            "wallet.created",
            "transaction.created",
            "transaction.status.updated",
            "balance.updated",
        ]),
    );
    let vault = c.vault("alice");
    let w = wallet(&c, &vault, "BTC");
    let created = receiver.wait_for_type("wallet.created").json();
    assert_eq!(created["data"]["id"], w.as_str());
    assert_eq!(created["data"]["balance"]["available"], "0");
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({"walletId": w, "amount": "0.5"}),
        )
        .expect(201);
    let tx_created = receiver.wait_for_type("transaction.created").json();
    assert_eq!(
        tx_created["data"], d.body,
        "data is the object as the API renders it"
    );
    mine(&c, 2);
    let completed = wait_for("transaction.status.updated Completed", || {
        receiver.received().into_iter().map(|r| r.json()).find(|e| {
            e["type"] == "transaction.status.updated" && e["data"]["status"] == "Completed"
        })
    });
    assert_eq!(completed["data"]["id"], d.body["id"]);
    let balance =
        wait_for("a balance.updated with 0.5 available", || {
            receiver.received().into_iter().map(|r| r.json()).find(|e| {
                e["type"] == "balance.updated" && e["data"]["balance"]["available"] == "0.5"
            })
        });
    assert_eq!(balance["data"]["id"], w.as_str());
    let ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.header("webhook-id").to_string())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        ids.len(),
        unique.len(),
        "each event once (no failures here)"
    );
    // Not subscribed: vault status changes are not sent.
    c.patch(&format!("/v1/vaults/{vault}"), &json!({"status": "Frozen"}))
        .expect(200);
    send_test_event(&c);
    std::thread::sleep(Duration::from_millis(300));
    assert!(receiver
        .received()
        .iter()
        .all(|r| r.json()["type"] != "vault.status.updated"));
}

#[test]
fn a_failing_receiver_gets_the_same_event_again() {
    let server = Server::start_with(FAST);
    let c = server.client();
    let receiver = Receiver::start(|n| {
        if n < 2 {
            Answer::Status(500)
        } else {
            Answer::Status(204)
        }
    });
    configure(&c, &receiver.url, None);
    let event_id = send_test_event(&c);
    let got = receiver.wait_for(3);
    assert!(
        got.iter().all(|r| r.header("webhook-id") == event_id),
        "same event id on every retry"
    );
    let delivery = wait_for("the delivery to be marked delivered", || {
        let list = c
            .get(&format!("/v1/webhooks/deliveries?eventId={event_id}"))
            .expect(200);
        let d = list.body["data"][0].clone();
        (d["status"] == "Delivered").then_some(d)
    });
    assert_eq!(delivery["attemptCount"], 3);
    let full = c
        .get(&format!(
            "/v1/webhooks/deliveries/{}",
            delivery["id"].as_str().unwrap()
        ))
        .expect(200);
    let codes: Vec<Value> = full.body["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["statusCode"].clone())
        .collect();
    assert_eq!(codes, vec![json!(500), json!(500), json!(204)]);
    assert_eq!(
        full.body["attempts"][0]["error"],
        "the endpoint answered 500"
    );
    assert_eq!(full.body["eventType"], "webhook.test");
}

#[test]
fn give_up_then_redeliver_by_hand() {
    let mut env = FAST.to_vec();
    env.push(("COFFER_WEBHOOKS_GIVE_UP_AFTER_HOURS", "0"));
    let server = Server::start_with(&env);
    let c = server.client();
    let receiver = Receiver::start(|n| {
        if n == 0 {
            Answer::Status(503)
        } else {
            Answer::Status(200)
        }
    });
    configure(&c, &receiver.url, None);
    let event_id = send_test_event(&c);
    let failed = wait_for("the delivery to fail", || {
        let d = c
            .get(&format!("/v1/webhooks/deliveries?eventId={event_id}"))
            .expect(200)
            .body["data"][0]
            .clone();
        (d["status"] == "Failed").then_some(d)
    });
    assert_eq!(failed["lastStatusCode"], 503);
    assert_eq!(failed["nextAttemptAt"], Value::Null);
    let id = failed["id"].as_str().unwrap();
    let again = c
        .send(
            "POST",
            &format!("/v1/webhooks/deliveries/{id}/redeliver"),
            b"",
            &[],
        )
        .expect(200);
    assert_eq!(again.body["status"], "Pending");
    let got = receiver.wait_for(2);
    assert_eq!(got[1].header("webhook-id"), event_id);
    wait_for("the redelivery to succeed", || {
        (c.get(&format!("/v1/webhooks/deliveries/{id}"))
            .expect(200)
            .body["status"]
            == "Delivered")
            .then_some(())
    });
    let pending_again = c
        .send(
            "POST",
            &format!("/v1/webhooks/deliveries/{id}/redeliver"),
            b"",
            &[],
        )
        .expect(200);
    assert_eq!(pending_again.body["status"], "Pending");
    c.get("/v1/webhooks/deliveries/01890000-0000-7000-8000-000000000000")
        .expect(404);
    let bad_filter = c.get("/v1/webhooks/deliveries?status=Lost").expect(400);
    assert!(bad_filter.body["errors"]["status"].is_array());
}

/// Two tenants: the first's endpoint holds every request open, the other's
/// answers at once. Returns their clients and receivers.
fn hanging_and_healthy(server: &Server) -> (Client, Client, Receiver, Receiver) {
    let a = server.client();
    let tenant = server.new_tenant("other");
    let b = server.new_key("b", &["--roles", "admin", "--tenant", &tenant]);
    let hanging = Receiver::start(|_| Answer::Hold);
    let healthy = Receiver::ok();
    configure(&a, &hanging.url, None);
    configure(&b, &healthy.url, None);
    (a, b, hanging, healthy)
}

#[test]
fn a_hanging_endpoint_does_not_delay_another_tenant() {
    let server = Server::start_with(FAST);
    let (a, b, hanging, healthy) = hanging_and_healthy(&server);
    send_test_event(&a);
    hanging.wait_for(1);
    // A's delivery is now held open; B's must still arrive.
    send_test_event(&b);
    let got = healthy.wait_for_type("webhook.test");
    assert_eq!(got.json()["environment"], "test");
    assert_eq!(
        hanging.received().len(),
        1,
        "A's endpoint is still holding its first request"
    );
    hanging.release();
}

#[test]
fn a_hanging_endpoint_with_a_backlog_holds_its_window_and_delays_no_other() {
    // Three senders, two of them at most for one endpoint.
    let mut env = FAST.to_vec();
    env.extend([
        ("COFFER_WEBHOOKS_SENDERS", "3"),
        ("COFFER_WEBHOOKS_IN_FLIGHT_PER_ENDPOINT", "2"),
    ]);
    let server = Server::start_with(&env);
    let (a, b, hanging, healthy) = hanging_and_healthy(&server);
    for _ in 0..6 {
        send_test_event(&a);
    }
    hanging.wait_for(1);
    let sent: Vec<String> = (0..6).map(|_| send_test_event(&b)).collect();
    let got = healthy.wait_for(sent.len());
    let mut ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    ids.sort_unstable();
    let mut sent: Vec<&str> = sent.iter().map(String::as_str).collect();
    sent.sort_unstable();
    assert_eq!(ids, sent, "every event of the healthy endpoint, once");
    assert!(
        hanging.received().len() <= 2,
        "at most in_flight_per_endpoint requests held open by the hanging endpoint"
    );
    hanging.release();
}

#[test]
fn with_one_in_flight_deliveries_arrive_in_commit_order_over_a_kept_alive_connection() {
    let mut env = FAST.to_vec();
    env.push(("COFFER_WEBHOOKS_IN_FLIGHT_PER_ENDPOINT", "1"));
    let server = Server::start_with(&env);
    let c = server.client();
    let receiver = Receiver::ok();
    configure(&c, &receiver.url, None);
    let sent: Vec<String> = (0..20).map(|_| send_test_event(&c)).collect();
    let got = receiver.wait_for(sent.len());
    let ids: Vec<&str> = got.iter().map(|r| r.header("webhook-id")).collect();
    assert_eq!(ids, sent, "in the order the events were committed");
    let connections: std::collections::HashSet<_> = got.iter().map(|r| r.peer).collect();
    assert!(
        connections.len() < sent.len(),
        "connections are reused: {} for {} deliveries",
        connections.len(),
        sent.len()
    );
}

#[test]
fn many_in_flight_deliver_every_event_once() {
    let server = Server::start_with(FAST);
    let c = server.client();
    let receiver = Receiver::ok();
    configure(&c, &receiver.url, None);
    let mut sent: Vec<String> = (0..40).map(|_| send_test_event(&c)).collect();
    receiver.wait_for(sent.len());
    wait_for("every delivery to be marked delivered", || {
        let pending = c.get("/v1/webhooks/deliveries?status=Pending").expect(200);
        (pending.body["data"] == json!([])).then_some(())
    });
    let mut ids: Vec<String> = receiver
        .received()
        .iter()
        .map(|r| r.header("webhook-id").to_string())
        .collect();
    ids.sort();
    sent.sort();
    assert_eq!(ids, sent, "each once: nothing is sent twice while claimed");
}

#[test]
fn an_event_committed_before_a_crash_is_delivered_after_restart() {
    let mut server = Server::start_with(FAST);
    let c = server.client();
    // The first request is held open (never answered); later ones succeed.
    let receiver = Receiver::start(|n| {
        if n == 0 {
            Answer::Hold
        } else {
            Answer::Status(200)
        }
    });
    configure(&c, &receiver.url, None);
    let event_id = send_test_event(&c);
    receiver.wait_for(1);
    server.kill(); // kill -9 while the delivery is in flight, before any answer
    let (mut restarted, _) = crate::support::spawn_serve(&server.data_dir(), FAST).unwrap();
    let got = receiver.wait_for(2);
    assert_eq!(got[1].header("webhook-id"), event_id);
    assert_eq!(got[1].json()["type"], "webhook.test");
    let _ = restarted.kill();
    let _ = restarted.wait();
}

#[test]
fn deliveries_held_by_senders_at_a_kill_are_sent_again_after_restart() {
    let mut server = Server::start_with(FAST);
    let c = server.client();
    // The first three requests are held open (several in flight at once);
    // every later one is answered 200.
    let receiver = Receiver::start(|n| {
        if n < 3 {
            Answer::Hold
        } else {
            Answer::Status(200)
        }
    });
    configure(&c, &receiver.url, None);
    let mut sent: Vec<String> = (0..10).map(|_| send_test_event(&c)).collect();
    let before = receiver.wait_for(sent.len());
    let held: Vec<String> = before[..3]
        .iter()
        .map(|r| r.header("webhook-id").to_string())
        .collect();
    server.kill(); // kill -9 with three deliveries in flight
    server.restart(FAST);
    let c = Client::new(&server.base, &c.key_id, &c.secret);
    wait_for("every delivery to be marked delivered", || {
        let pending = c.get("/v1/webhooks/deliveries?status=Pending").expect(200);
        (pending.body["data"] == json!([])).then_some(())
    });
    let got = receiver.received();
    let after: Vec<&str> = got[sent.len()..]
        .iter()
        .map(|r| r.header("webhook-id"))
        .collect();
    for id in &held {
        assert!(after.contains(&id.as_str()), "{id} was sent again");
    }
    let mut ids: Vec<String> = got
        .iter()
        .map(|r| r.header("webhook-id").to_string())
        .collect();
    ids.sort();
    ids.dedup();
    sent.sort();
    assert_eq!(ids, sent, "every committed event arrived");
}

#[test]
fn endpoint_urls_follow_the_environment_rules() {
    let server = Server::start_with(FAST);
    let test = server.client();
    let live = server.new_key("live", &["--roles", "admin", "--env", "live"]);
    let put = |c: &Client, body: Value| {
        c.send(
            "PUT",
            "/v1/webhooks/outbound",
            body.to_string().as_bytes(),
            &[],
        )
    };
    let err = put(&live, json!({"url": "http://hooks.example.com/x"})).expect(400);
    assert!(
        err.body["errors"]["url"][0]
            .as_str()
            .unwrap()
            .contains("https"),
        "{}",
        err.text
    );
    let err = put(&live, json!({"url": "https://127.0.0.1/x"})).expect(400);
    assert!(
        err.body["errors"]["url"][0]
            .as_str()
            .unwrap()
            .contains("private"),
        "{}",
        err.text
    );
    put(&live, json!({"url": "https://[::1]:8443/x"})).expect(400);
    // Special-purpose ranges and IPv6 forms that carry a loopback or private
    // IPv4 address (IPv4-compatible, mapped, NAT64, 6to4).
    for special in [
        "https://[::127.0.0.1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://[64:ff9b::7f00:1]/",
        "https://[2002:7f00:1::1]/",
        "https://198.18.0.1/",
        "https://192.0.2.1/",
        "https://224.0.0.1/",
        "https://240.0.0.1/",
        "https://[fec0::1]/",
        "https://[2001:db8::1]/",
    ] {
        let err = put(&live, json!({ "url": special })).expect(400);
        assert!(
            err.body["errors"]["url"].is_array(),
            "{special}: {}",
            err.text
        );
    }
    assert!(
        live.get("/v1/webhooks/outbound").expect(200).body["isConfigured"] == false,
        "nothing was configured"
    );
    for bad in ["ftp://x/y", "not a url", "https://user:pw@example.com/"] {
        assert!(
            put(&test, json!({"url": bad})).expect(400).body["errors"]["url"].is_array(),
            "{bad}"
        );
    }
    let err = put(
        &test,
        json!({"url": "http://127.0.0.1:1/x", "subscribedEventTypes": ["money.moved"]}),
    )
    .expect(400);
    assert!(err.body["errors"]["subscribedEventTypes"].is_array());
    put(&test, json!({"url": "http://127.0.0.1:1/x"})).expect(200);
    let viewer = server.new_key("viewer", &["--roles", "viewer"]);
    viewer.get("/v1/webhooks/outbound").expect(200);
    assert_eq!(
        put(&viewer, json!({"url": "http://127.0.0.1:1/x"}))
            .expect(403)
            .code(),
        "missing_scope"
    );
}

#[test]
fn events_nobody_subscribes_to_are_not_stored() {
    let server = Server::start();
    let c = server.client();
    let stored = || -> i64 {
        server
            .db()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    crate::ledger::wallet(&c, &c.vault("quiet"), "BTC");
    assert_eq!(stored(), 0, "no endpoint: nothing is owed to anyone");
    c.put(
        "/v1/webhooks/outbound",
        &json!({"url": "http://127.0.0.1:1/x", "subscribedEventTypes": ["wallet.created"]}),
    )
    .expect(200);
    crate::ledger::wallet(&c, &c.vault("heard"), "BTC");
    assert_eq!(stored(), 1, "the subscribed event, with its delivery");
    let owed: i64 = server
        .db()
        .query_row("SELECT count(*) FROM webhook_deliveries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(owed, 1);
}

#[test]
fn finished_deliveries_are_pruned_after_retention_and_owed_ones_never() {
    // 0.00002 days: 1.7 s. The retention worker runs at start and each minute.
    let env: Vec<(&str, &str)> = FAST
        .iter()
        .copied()
        .chain([("COFFER_WEBHOOKS_RETENTION_DAYS", "0.00002")])
        .collect();
    let mut server = Server::start_with(&env);
    let c = server.client();
    let receiver = Receiver::start(|_| Answer::Status(200));
    configure(&c, &receiver.url, None);
    let delivered = send_test_event(&c);
    receiver.wait_for(1);
    // Another tenant's endpoint never answers: its delivery stays owed.
    let other = server.new_tenant("other");
    let owed_client = server.new_key("other", &["--roles", "admin", "--tenant", &other]);
    configure(&owed_client, "http://127.0.0.1:1/never", None);
    send_test_event(&owed_client);
    let db = server.db_path();
    let count = |table: &str| -> i64 {
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    wait_for("the delivery to be marked delivered", || {
        let list = c.get("/v1/webhooks/deliveries").expect(200);
        (list.body["data"][0]["status"] == "Delivered").then_some(())
    });
    assert_eq!(count("events"), 2);
    std::thread::sleep(Duration::from_secs(2));
    server.restart(&env);
    let c = Client::new(&server.base, &c.key_id, &c.secret);
    wait_for("the finished delivery to be pruned", || {
        (count("webhook_deliveries") == 1).then_some(())
    });
    assert_eq!(
        count("events"),
        1,
        "the event owed to the other tenant stays"
    );
    assert_eq!(
        c.get("/v1/webhooks/deliveries").expect(200).body["data"],
        json!([]),
        "{delivered} was pruned"
    );
    let owed_client = Client::new(&server.base, &owed_client.key_id, &owed_client.secret);
    let owed = owed_client.get("/v1/webhooks/deliveries").expect(200);
    assert_eq!(owed.body["data"][0]["status"], "Pending");
}
