//! Throughput of durable, signed internal transfers through the real binary:
//! `cargo bench --bench transfers [-- THREADS SECONDS]`. Starts `coffer serve`
//! on a fresh data dir, funds a wallet through the sandbox, then lets THREADS
//! clients send signed transfers (each with its own Idempotency-Key) for
//! SECONDS, and prints requests per second and latency percentiles.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/api/support.rs"]
#[allow(dead_code)]
mod support;

#[allow(dead_code)]
mod load;

use load::{Pair, Until};
use std::time::Duration;
use support::Server;

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let threads = args.first().copied().unwrap_or(16) as usize;
    let seconds = args.get(1).copied().unwrap_or(10);
    let server = Server::start_with(&[("COFFER_WORKERS", "32")]);
    let c = server.client();
    let pair = Pair::funded(&c, "bench");

    println!(
        "transfers: {threads} client threads for {seconds} s against {}",
        server.base
    );
    let run = load::transfers(
        std::slice::from_ref(&pair),
        threads,
        Until::Elapsed(Duration::from_secs(seconds)),
    );
    println!(
        "requests   {} ({} not 201)",
        run.latencies.len(),
        run.errors
    );
    println!("throughput {:.0} transfers/s", run.per_second());
    println!(
        "latency    p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        run.percentile(0.5).as_secs_f64() * 1e3,
        run.percentile(0.99).as_secs_f64() * 1e3,
        run.percentile(1.0).as_secs_f64() * 1e3
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
    let balance = c.get(&format!("/v1/wallets/{}", pair.to)).body["balance"]["available"].clone();
    println!("check      destination holds {balance} BTC");
}
