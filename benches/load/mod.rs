//! The signing load generator the benchmarks share: funded wallets made
//! through the API, and client threads sending signed transfers (each with its
//! own Idempotency-Key) through the real binary.

use crate::support::Client;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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

/// Where a client thread sends its transfers: `from` holds 1000 BTC.
#[derive(Clone)]
pub struct Pair {
    pub client: Client,
    pub from: String,
    pub to: String,
}

impl Pair {
    /// Two wallets of `c`'s tenant, the first funded through the sandbox.
    pub fn funded(c: &Client, tag: &str) -> Pair {
        let from = wallet(c, &format!("{tag}-a"));
        let to = wallet(c, &format!("{tag}-b"));
        let d = c
            .post(
                "/v1/sandbox/deposits",
                &json!({"walletId": from, "amount": "1000"}),
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
        Pair {
            client: c.clone(),
            from,
            to,
        }
    }
}

/// When the client threads stop.
#[derive(Clone, Copy)]
pub enum Until {
    Elapsed(Duration),
    /// This many transfers in all.
    Sent(usize),
}

/// What the client threads saw: one latency per request, the answers that
/// were not 201, and the wall time of the run.
pub struct Run {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    pub elapsed: Duration,
}

impl Run {
    /// The `p`-th percentile (0..=1) of the latencies.
    pub fn percentile(&self, p: f64) -> Duration {
        self.latencies
            .get(((self.latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    }

    pub fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }
}

/// `threads` clients, thread t on `pairs[t % pairs.len()]`, each sending one
/// signed transfer of one satoshi after another until `until`.
pub fn transfers(pairs: &[Pair], threads: usize, until: Until) -> Run {
    // Idempotency keys unique across the runs of one bench.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let started = Instant::now();
    let sent = AtomicUsize::new(0);
    let more = || match until {
        Until::Elapsed(d) => started.elapsed() < d,
        Until::Sent(n) => sent.fetch_add(1, Ordering::Relaxed) < n,
    };
    let per_thread: Vec<(Vec<Duration>, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (pair, more) = (&pairs[t % pairs.len()], &more);
                s.spawn(move || {
                    let mut latencies = Vec::new();
                    let mut errors = 0;
                    let mut n = 0u64;
                    while more() {
                        n += 1;
                        let key = format!("bench-{run}-{t}-{n}");
                        let body = json!({"sourceWalletId": pair.from, "destinationWalletId": pair.to, "amount": "0.00000001", "note": key});
                        let sent = Instant::now();
                        let r = pair.client.post_idem("/v1/transactions/transfer", &body, &key);
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
    let elapsed = started.elapsed();
    let errors = per_thread.iter().map(|(_, e)| e).sum();
    let mut latencies: Vec<Duration> = per_thread.into_iter().flat_map(|(l, _)| l).collect();
    latencies.sort();
    Run {
        latencies,
        errors,
        elapsed,
    }
}
