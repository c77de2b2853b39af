//! Requests per second through the Coinbase-compatible API with a valid
//! passphrase: starts a `coffer` binary on a fresh data dir, warms the key up
//! (its one argon2 check), then has client threads call `GET
//! /api/v1/currencies` as fast as the server answers. `GET /health`, which
//! authenticates nothing, runs the same way for comparison.
//!
//! Run it with `scripts/bench-coinbase-auth.sh [--seconds N] [--threads T]`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Options {
    bin: String,
    seconds: u64,
    threads: usize,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        bin: "target/release/coffer".into(),
        seconds: 5,
        threads: 8,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bin" => o.bin = value,
            "--seconds" => o.seconds = value.parse().map_err(|_| "--seconds: a number")?,
            "--threads" => o.threads = value.parse().map_err(|_| "--threads: a number")?,
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(o)
}

/// The server process, killed when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(bin: &str, data: &str) -> Result<(Served, String), String> {
    let mut child = Command::new(bin)
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir", data])
        .env("COFFER_LIMITS_PER_KEY_PER_MINUTE", "4000000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e}"))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let served = Served(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let base = line
        .trim()
        .strip_prefix("coffer listening on ")
        .ok_or(format!("unexpected first line {line:?}"))?
        .to_string();
    Ok((served, base))
}

/// Calls `url` from `threads` threads for `seconds`; returns (ok, failed).
fn hammer(url: &str, headers: &[(String, String)], threads: usize, seconds: u64) -> (u64, u64) {
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (ok, failed, stop) = (ok.clone(), failed.clone(), stop.clone());
            let url = url.to_string();
            let headers = headers.to_vec();
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(10))
                    .build();
                while !stop.load(Ordering::Relaxed) {
                    let mut request = agent.get(&url);
                    for (name, value) in &headers {
                        request = request.set(name, value);
                    }
                    match request.call() {
                        Ok(r) if r.status() == 200 => {
                            let _ = r.into_string();
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        _ => {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    (ok.load(Ordering::Relaxed), failed.load(Ordering::Relaxed))
}

fn run() -> Result<(), String> {
    let o = options()?;
    let dir = std::env::temp_dir().join(format!("coffer-bench-{}", std::process::id()));
    let data = dir.join("data");
    let data_s = data.to_str().ok_or("temp dir is not UTF-8")?.to_string();
    let init = Command::new(&o.bin)
        .args(["init", "--json", "--data-dir", &data_s])
        .env("RUST_LOG", "warn")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", o.bin))?;
    if !init.status.success() {
        return Err(String::from_utf8_lossy(&init.stderr).into_owned());
    }
    let creds: serde_json::Value =
        serde_json::from_slice(&init.stdout).map_err(|e| e.to_string())?;
    let field = |name: &str| -> Result<String, String> {
        creds["apiKey"][name]
            .as_str()
            .map(String::from)
            .ok_or(format!("init printed no apiKey.{name}"))
    };
    let headers = vec![
        ("CB-ACCESS-KEY".to_string(), field("keyId")?),
        ("CB-ACCESS-PASSPHRASE".to_string(), field("passphrase")?),
    ];
    let result = (|| {
        let (_served, base) = start(&o.bin, &data_s)?;
        let currencies = format!("{base}/api/v1/currencies");

        // The first request pays for the key's one argon2 check.
        let agent = ureq::agent();
        let mut first = agent.get(&currencies);
        for (name, value) in &headers {
            first = first.set(name, value);
        }
        let started = Instant::now();
        first.call().map_err(|e| format!("first request: {e}"))?;
        let cold = started.elapsed();
        let started = Instant::now();
        let mut warm = agent.get(&currencies);
        for (name, value) in &headers {
            warm = warm.set(name, value);
        }
        warm.call().map_err(|e| format!("second request: {e}"))?;
        let warm = started.elapsed();

        let (ok, failed) = hammer(&currencies, &headers, o.threads, o.seconds);
        let (health_ok, _) = hammer(&format!("{base}/health"), &[], o.threads, o.seconds);
        let per_sec = |n: u64| n as f64 / o.seconds as f64;
        println!(
            "first request (argon2 check included): {:.1} ms; second: {:.1} ms",
            cold.as_secs_f64() * 1000.0,
            warm.as_secs_f64() * 1000.0
        );
        println!(
            "GET /api/v1/currencies with a valid passphrase: {:.0} requests/s ({} threads, {} s, {} failed)",
            per_sec(ok),
            o.threads,
            o.seconds,
            failed
        );
        println!(
            "GET /health without authentication, for comparison: {:.0} requests/s",
            per_sec(health_ok)
        );
        if failed > 0 {
            return Err(format!("{failed} requests failed"));
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_coinbase_auth: {e}");
        std::process::exit(1);
    }
}
