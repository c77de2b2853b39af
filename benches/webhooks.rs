//! Webhook delivery against the real binary:
//! `cargo bench --bench webhooks [-- TRANSFERS THREADS ENDPOINTS]`.
//!
//! Starts `coffer serve` on a fresh data dir with ENDPOINTS tenants, each with
//! its webhook endpoint (every event type) on a loopback receiver this bench
//! runs, which answers 200 at once. Two phases:
//!
//! - live: THREADS clients send TRANSFERS signed transfers (spread over the
//!   tenants) while deliveries flow; prints the ledger's rate, the deliveries
//!   per second from the first transfer to the last arrival, how long the
//!   endpoints needed after the last commit, and the latency from an event's
//!   `createdAt` (taken in its transaction, just before the commit) to its
//!   arrival.
//! - backlog: the receivers stop answering, TRANSFERS more transfers queue
//!   their deliveries, the server is killed (-9) and restarted with the
//!   receivers answering again; prints the rate at which the backlog drains,
//!   which is the delivery path alone, not bounded by the ledger.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/api/support.rs"]
#[allow(dead_code)]
mod support;

#[allow(dead_code)]
mod load;

use load::{Pair, Until};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use support::{Client, Server};

const ENV: &[(&str, &str)] = &[("COFFER_WORKERS", "32")];

/// A request the receiver got: when (Unix ms), over which connection (the
/// sender's address), its webhook-id, its body.
struct Arrival {
    at_ms: i64,
    peer: Option<std::net::SocketAddr>,
    id: String,
    body: String,
}

/// A loopback webhook receiver answering 200 at once, or holding every
/// request unanswered while `holding`.
struct Receiver {
    url: String,
    arrivals: Arc<Mutex<Vec<Arrival>>>,
    holding: Arc<AtomicBool>,
    server: Arc<tiny_http::Server>,
}

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

impl Receiver {
    fn start() -> Receiver {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let arrivals: Arc<Mutex<Vec<Arrival>>> = Arc::default();
        let holding = Arc::new(AtomicBool::new(false));
        for _ in 0..4 {
            let (server, arrivals, holding) = (
                Arc::clone(&server),
                Arc::clone(&arrivals),
                Arc::clone(&holding),
            );
            std::thread::spawn(move || {
                let mut held = Vec::new();
                for mut request in server.incoming_requests() {
                    if holding.load(Ordering::Relaxed) {
                        held.push(request);
                        continue;
                    }
                    held.clear();
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let id = request
                        .headers()
                        .iter()
                        .find(|h| h.field.equiv("webhook-id"))
                        .map(|h| h.value.to_string())
                        .unwrap_or_default();
                    let peer = request.remote_addr().copied();
                    let _ = request.respond(tiny_http::Response::empty(200));
                    arrivals.lock().unwrap().push(Arrival {
                        at_ms: unix_ms(),
                        peer,
                        id,
                        body,
                    });
                }
            });
        }
        Receiver {
            url: format!("http://127.0.0.1:{port}/hooks"),
            arrivals,
            holding,
            server,
        }
    }

    fn distinct(&self) -> usize {
        let all = self.arrivals.lock().unwrap();
        all.iter()
            .map(|a| a.id.as_str())
            .collect::<HashSet<_>>()
            .len()
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn configure(c: &Client, url: &str) {
    c.put("/v1/webhooks/outbound", &json!({ "url": url }))
        .expect(200);
}

fn deliveries(server: &Server) -> usize {
    server
        .db()
        .query_row("SELECT count(*) FROM webhook_deliveries", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap() as usize
}

/// Waits (at most 30 minutes) until the receivers together hold `owed`
/// distinct events, then takes what they got and when the first and the last
/// arrived.
fn wait_delivered(receivers: &[Receiver], owed: usize) -> (Vec<Arrival>, i64, i64) {
    let deadline = Instant::now() + Duration::from_secs(1800);
    while receivers.iter().map(Receiver::distinct).sum::<usize>() < owed {
        assert!(Instant::now() < deadline, "deliveries did not arrive");
        std::thread::sleep(Duration::from_millis(5));
    }
    let arrivals: Vec<Arrival> = receivers
        .iter()
        .flat_map(|r| std::mem::take(&mut *r.arrivals.lock().unwrap()))
        .collect();
    let times = || arrivals.iter().map(|a| a.at_ms);
    let (first, last) = (times().min().unwrap(), times().max().unwrap());
    (arrivals, first, last)
}

fn created_ms(body: &str) -> i64 {
    let event: Value = serde_json::from_str(body).unwrap();
    let at = time::OffsetDateTime::parse(
        event["createdAt"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn pct(sorted: &[i64], p: f64) -> i64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p) as usize)
        .copied()
        .unwrap_or_default()
}

/// Prints what arrived: the rate over `since_ms`..`last`, repeats and the
/// createdAt → arrival latency.
fn report(arrivals: &[Arrival], owed: usize, since_ms: i64, last: i64) {
    let secs = (last - since_ms).max(1) as f64 / 1e3;
    let distinct = arrivals
        .iter()
        .map(|a| a.id.as_str())
        .collect::<HashSet<_>>()
        .len();
    let connections = arrivals
        .iter()
        .map(|a| a.peer)
        .collect::<HashSet<_>>()
        .len();
    println!(
        "delivered  {owed} in {secs:.2} s: {:.0} deliveries/s ({} requests, {} repeats, {connections} connections)",
        owed as f64 / secs,
        arrivals.len(),
        arrivals.len() - distinct
    );
    let mut latency: Vec<i64> = arrivals
        .iter()
        .map(|a| a.at_ms - created_ms(&a.body))
        .collect();
    latency.sort_unstable();
    println!(
        "latency    commit→arrival p50 {} ms, p99 {} ms, max {} ms",
        pct(&latency, 0.5),
        pct(&latency, 0.99),
        pct(&latency, 1.0)
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let transfers = args.first().copied().unwrap_or(2000);
    let threads = args.get(1).copied().unwrap_or(16);
    let endpoints = args.get(2).copied().unwrap_or(1).max(1);
    let mut server = Server::start_with(ENV);
    let mut clients = vec![server.client()];
    for n in 1..endpoints {
        let tenant = server.new_tenant(&format!("bench-{n}"));
        clients.push(server.new_key(
            &format!("bench-{n}"),
            &["--roles", "admin", "--tenant", &tenant],
        ));
    }
    let pairs: Vec<Pair> = clients
        .iter()
        .enumerate()
        .map(|(n, c)| Pair::funded(c, &format!("bench-{n}")))
        .collect();
    let receivers: Vec<Receiver> = clients
        .iter()
        .map(|c| {
            let r = Receiver::start();
            configure(c, &r.url);
            r
        })
        .collect();
    println!(
        "webhooks: {transfers} transfers from {threads} client threads, {endpoints} endpoint(s), against {}",
        server.base
    );

    println!("-- live: deliveries while the ledger writes");
    let started_ms = unix_ms();
    let run = load::transfers(&pairs, threads, Until::Sent(transfers));
    let committed_ms = unix_ms();
    let owed = deliveries(&server);
    println!(
        "ledger     {} transfers in {:.2} s: {:.0}/s ({} not 201), {owed} deliveries owed",
        run.latencies.len(),
        run.elapsed.as_secs_f64(),
        run.per_second(),
        run.errors
    );
    let (arrivals, _, last) = wait_delivered(&receivers, owed);
    report(&arrivals, owed, started_ms, last);
    println!(
        "drain      {:.2} s after the last commit",
        (last - committed_ms).max(0) as f64 / 1e3
    );

    println!("-- backlog: deliveries queued while the endpoints hang, then kill -9 and restart");
    for r in &receivers {
        r.holding.store(true, Ordering::Relaxed);
    }
    load::transfers(&pairs, threads, Until::Sent(transfers));
    let backlog = deliveries(&server) - owed;
    server.kill();
    for r in &receivers {
        r.holding.store(false, Ordering::Relaxed);
    }
    let restarting_ms = unix_ms();
    server.restart(ENV);
    println!("restart    {} ms to ready", unix_ms() - restarting_ms);
    let (arrivals, first, last) = wait_delivered(&receivers, backlog);
    report(&arrivals, backlog, first, last);
}
