//! Throughput of durable, signed internal transfers through the real binary:
//! `cargo bench --bench transfers [-- THREADS SECONDS]`. Starts `coffer serve`
//! on a fresh data dir, funds a wallet through the sandbox, then lets THREADS
//! clients send signed transfers (each with its own Idempotency-Key) for
//! SECONDS, and prints requests per second and latency percentiles.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/api/support.rs"]
#[allow(dead_code)]
mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Client, Server};

fn wallet(c: &Client, name: &str) -> String {
    let vault = c.vault(name);
    let w = c
        .post(
            &format!("/v1/vaults/{vault}/wallets"),
            &json!({"assetId": "BTC"}),
        )
        .expect(201);
    w.body["id"].as_str().unwrap().to_string()
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let threads = args.first().copied().unwrap_or(16) as usize;
    let seconds = args.get(1).copied().unwrap_or(10);
    let server = Server::start_with(&[("COFFER_WORKERS", "32")]);
    let c = server.client();
    let a = wallet(&c, "bench-a");
    let b = wallet(&c, "bench-b");
    let d = c
        .post(
            "/v1/sandbox/deposits",
            &json!({"walletId": a, "amount": "1000"}),
        )
        .expect(201);
    c.post("/v1/sandbox/blocks", &json!({"count": 2}))
        .expect(200);
    let id = d.body["id"].as_str().unwrap().to_string();
    let deadline = Instant::now() + Duration::from_secs(15);
    while c.get(&format!("/v1/transactions/{id}")).body["status"] != "Completed" {
        assert!(Instant::now() < deadline, "funding deposit never completed");
        std::thread::sleep(Duration::from_millis(50));
    }

    println!(
        "transfers: {threads} client threads for {seconds} s against {}",
        server.base
    );
    let stop = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let per_thread: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (c, a, b) = (c.clone(), a.clone(), b.clone());
                s.spawn(move || {
                    let mut latencies = Vec::new();
                    let mut errors = 0;
                    let mut n = 0u64;
                    while Instant::now() < stop {
                        n += 1;
                        let key = format!("bench-{t}-{n}");
                        let body = json!({"sourceWalletId": a, "destinationWalletId": b, "amount": "0.00000001", "note": key});
                        let sent = Instant::now();
                        let r = c.post_idem("/v1/transactions/transfer", &body, &key);
                        latencies.push(sent.elapsed());
                        if r.status != 201 {
                            errors += 1;
                        }
                    }
                    (latencies, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let errors: usize = per_thread.iter().map(|(_, e)| e).sum();
    let mut all: Vec<Duration> = per_thread.into_iter().flat_map(|(l, _)| l).collect();
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!("requests   {} ({} not 201)", all.len(), errors);
    println!("throughput {:.0} transfers/s", all.len() as f64 / elapsed);
    println!(
        "latency    p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        pct(1.0).as_secs_f64() * 1e3
    );
    let metrics = support::raw(
        &support::agent(),
        "GET",
        &format!("{}/metrics", server.base),
        &[],
        b"",
    )
    .text;
    let counter = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
            .unwrap_or(0.0)
    };
    let (jobs, commits) = (
        counter("coffer_writer_jobs_total "),
        counter("coffer_writer_commits_total "),
    );
    println!(
        "writer     {jobs:.0} jobs in {commits:.0} commits ({:.1} jobs per commit)",
        jobs / commits.max(1.0)
    );
    let balance = c.get(&format!("/v1/wallets/{b}")).body["balance"]["available"].clone();
    println!("check      destination holds {balance} BTC");
}
