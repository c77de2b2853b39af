//! Durable, signed internal transfers through the real binary, at an empty
//! database and after building a large one through the same write path:
//!
//! `cargo bench --bench transfers -- [--transfers N] [--seconds S] [--no-cold]`
//!
//! Starts `coffer serve` (release build) on a fresh data dir, funds eight
//! wallets through the sandbox, then:
//!
//! 1. measures S seconds of transfers at 16 and at 128 connections (empty),
//! 2. builds the database to N transfers (default 100,000) at 128 connections,
//! 3. prints bytes on disk per transfer (database + indexes + WAL after a
//!    checkpoint) and per table (`dbstat`),
//! 4. measures 16 and 128 connections again at that size,
//! 5. prints list latency (first, deep and filtered pages), the server's RSS,
//!    and start-to-ready (`/health` 200) warm and after dropping the page cache,
//! 6. runs the plain one-commit-per-transfer SQLite baseline for S seconds in
//!    the same filesystem, and prints every ratio to it.
//!
//! Every transfer is a signed `POST /v1/transactions/transfer` with its own
//! Idempotency-Key, answered 201 only after its commit is on disk
//! (`synchronous=FULL`). The figures and how to read them: docs/performance.md.
#![allow(clippy::disallowed_methods, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/api/support.rs"]
#[allow(dead_code)]
mod support;

#[allow(dead_code)]
mod load;

use rusqlite::{params, Connection};
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::{Client, Server};

/// Busy wallets, each in its own vault; transfers go round them.
const WALLETS: usize = 8;

struct Options {
    transfers: u64,
    seconds: u64,
    cold: bool,
}

fn options() -> Options {
    let mut o = Options {
        transfers: 100_000,
        seconds: 10,
        cold: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = || args.next().and_then(|v| v.parse().ok());
        match arg.as_str() {
            "--transfers" => o.transfers = number().expect("--transfers N"),
            "--seconds" => o.seconds = number().expect("--seconds S"),
            "--no-cold" => o.cold = false,
            // `cargo bench` passes `--bench`; anything else is a mistake.
            "--bench" => {}
            other => panic!("unknown argument {other}: [--transfers N] [--seconds S] [--no-cold]"),
        }
    }
    o
}

/// What the load saw in one run.
struct Load {
    sent: u64,
    refused: u64,
    seconds: f64,
    latencies: Vec<Duration>,
}

impl Load {
    fn per_second(&self) -> f64 {
        self.sent as f64 / self.seconds
    }

    fn pct(&self, p: f64) -> f64 {
        let i = ((self.latencies.len() as f64 - 1.0) * p) as usize;
        self.latencies
            .get(i)
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1e3
    }
}

struct Bench {
    server: Server,
    client: Client,
    wallets: Vec<String>,
    /// Transfers sent so far (the keys' sequence).
    sent: AtomicU64,
}

impl Bench {
    fn base(&self) -> String {
        self.server.base.clone()
    }

    /// One signed transfer on `agent` (one keep-alive connection); its id.
    fn transfer(&self, agent: &ureq::Agent, from: usize, to: usize) -> (u16, String) {
        let n = self.sent.fetch_add(1, Ordering::Relaxed);
        let key = format!("bench-{n}");
        let body = json!({
            "sourceWalletId": self.wallets[from],
            "destinationWalletId": self.wallets[to],
            "amount": "0.00000001",
            "note": key,
        })
        .to_string();
        let path = "/v1/transactions/transfer";
        // Every body is new (its note), so its signature is too.
        let ts = support::now_secs().to_string();
        let sig = support::sign(&self.client.secret, &ts, "POST", path, body.as_bytes());
        let r = support::raw(
            agent,
            "POST",
            &format!("{}{path}", self.base()),
            &[
                ("X-API-Key", &self.client.key_id),
                ("X-Timestamp", &ts),
                ("X-Signature", &sig),
                ("Content-Type", "application/json"),
                ("Idempotency-Key", &key),
            ],
            body.as_bytes(),
        );
        let id = r.body["id"].as_str().unwrap_or_default().to_string();
        (r.status, id)
    }

    /// `connections` clients sending transfers until `until` says stop.
    fn load(&self, connections: usize, until: &(dyn Fn(u64, Duration) -> bool + Sync)) -> Load {
        let started = Instant::now();
        let done = AtomicU64::new(0);
        let per_thread: Vec<(Vec<Duration>, u64)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..connections)
                .map(|t| {
                    let done = &done;
                    s.spawn(move || {
                        let agent = support::agent();
                        let mut latencies = Vec::new();
                        let mut refused = 0;
                        let from = t % WALLETS;
                        let to = (t + 1) % WALLETS;
                        while !until(done.load(Ordering::Relaxed), started.elapsed()) {
                            let sent = Instant::now();
                            let (status, _) = self.transfer(&agent, from, to);
                            latencies.push(sent.elapsed());
                            if status != 201 {
                                refused += 1;
                            }
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                        (latencies, refused)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let seconds = started.elapsed().as_secs_f64();
        let refused = per_thread.iter().map(|(_, r)| r).sum();
        let mut latencies: Vec<Duration> = per_thread.into_iter().flat_map(|(l, _)| l).collect();
        latencies.sort();
        Load {
            sent: latencies.len() as u64,
            refused,
            seconds,
            latencies,
        }
    }

    fn timed(&self, connections: usize, seconds: u64) -> Load {
        let limit = Duration::from_secs(seconds);
        let writer = |name: &str| self.metric(&format!("coffer_writer_{name}_total "));
        let (jobs, commits) = (writer("jobs"), writer("commits"));
        let load = self.load(connections, &|_, elapsed| elapsed >= limit);
        let per_commit = (writer("jobs") - jobs) / (writer("commits") - commits).max(1.0);
        println!(
            "  {connections:>3} connections: {:>6.0} transfers/s, p50 {:>6.2} ms, p99 {:>6.2} ms, max {:>7.2} ms ({} sent, {} not 201, {per_commit:.1} jobs per commit)",
            load.per_second(),
            load.pct(0.5),
            load.pct(0.99),
            load.pct(1.0),
            load.sent,
            load.refused
        );
        load
    }

    /// `count` more transfers at 128 connections, reporting progress on stderr.
    fn build(&self, count: u64, since: Instant) -> Load {
        let step = (count / 5).max(1);
        let reported = AtomicU64::new(0);
        let base = self.sent.load(Ordering::Relaxed);
        self.load(128, &|done, _| {
            if done >= reported.load(Ordering::Relaxed) + step {
                reported.fetch_add(step, Ordering::Relaxed);
                let total = base + done;
                eprintln!("  built {total} in {:.0} s", since.elapsed().as_secs_f64());
            }
            done >= count
        })
    }

    fn metric(&self, name: &str) -> f64 {
        let text = support::raw(
            &support::agent(),
            "GET",
            &format!("{}/metrics", self.base()),
            &[],
            b"",
        )
        .text;
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|v| v.trim().parse().ok()))
            .unwrap_or(0.0)
    }

    /// Median milliseconds of `samples` GETs of `path`.
    fn list_ms(&self, path: &str, samples: usize) -> f64 {
        let mut times: Vec<f64> = (0..samples)
            .map(|_| {
                let sent = Instant::now();
                let r = self.client.get(path);
                assert_eq!(r.status, 200, "{path}: {}", r.text);
                sent.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    }

    /// Runs `coffer COMMAND` beside 128 connections of transfers and prints
    /// what it cost them and the largest WAL seen meanwhile (`BACKUP` in the
    /// command stands for a file in the bench's temporary directory).
    fn during(&self, command: &[&str], without: &Load) {
        let data = self.server.data_dir();
        let copy = self.server.dir.path().join("backup.db");
        let mut args: Vec<&str> = command
            .iter()
            .map(|a| {
                if *a == "BACKUP" {
                    copy.to_str().unwrap()
                } else {
                    a
                }
            })
            .collect();
        args.extend(["--data-dir", data.to_str().unwrap()]);
        let mut wal = data.join("coffer.db").into_os_string();
        wal.push("-wal");
        let mut shm = data.join("coffer.db").into_os_string();
        shm.push("-shm");
        let finished = std::sync::atomic::AtomicBool::new(false);
        let largest_wal = AtomicU64::new(0);
        let largest_in_use = AtomicU64::new(0);
        let (load, took) = std::thread::scope(|s| {
            s.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    let bytes = std::fs::metadata(&wal).map_or(0, |m| m.len());
                    largest_wal.fetch_max(bytes, Ordering::Relaxed);
                    largest_in_use.fetch_max(wal_in_use(&shm), Ordering::Relaxed);
                    std::thread::sleep(Duration::from_millis(20));
                }
            });
            let started = Instant::now();
            let (args, finished) = (&args, &finished);
            let run = s.spawn(move || {
                // The load is under way before the command starts.
                std::thread::sleep(Duration::from_secs(1));
                let out = std::process::Command::new(support::BIN)
                    .args(args)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "coffer {args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                let took = started.elapsed().as_secs_f64() - 1.0;
                finished.store(true, Ordering::Relaxed);
                took
            });
            let load = self.load(128, &|_, _| finished.load(Ordering::Relaxed));
            (load, run.join().unwrap())
        });
        let _ = std::fs::remove_file(&copy);
        println!(
            "  during `coffer {}` ({took:.1} s): {:.0} transfers/s at 128 connections ({:.2}x without), p99 {:.1} ms, largest WAL {:.1} MiB ({:.1} MiB in use)",
            command[0],
            load.per_second(),
            load.per_second() / without.per_second(),
            load.pct(0.99),
            largest_wal.load(Ordering::Relaxed) as f64 / 1048576.0,
            largest_in_use.load(Ordering::Relaxed) as f64 / 1048576.0
        );
    }

    /// Stops the server the way systemd does (SIGTERM) and waits for it.
    fn stop(&mut self) {
        self.server.signal("TERM");
        self.server.wait_exit(Duration::from_secs(120));
    }

    /// Process start (of a stopped server) to the first `/health` 200, in
    /// milliseconds.
    fn start_ms(&mut self) -> f64 {
        let started = Instant::now();
        self.server.restart(&[
            ("COFFER_WORKERS", "32"),
            ("COFFER_LIMITS_PER_KEY_PER_MINUTE", "100000000"),
        ]);
        let agent = support::agent();
        for _ in 0..60_000 {
            let r = support::try_raw(&agent, "GET", &format!("{}/health", self.base()), &[], b"");
            if r.is_ok_and(|r| r.status == 200) {
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let ms = started.elapsed().as_secs_f64() * 1e3;
        self.client = self.server.client();
        ms
    }
}

fn rss_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Bytes of the database and of its WAL, after checkpointing the WAL back
/// into the database (the server stays up and idle; a checkpoint its readers
/// keep from finishing is said).
fn disk_bytes(db: &Path) -> (u64, u64) {
    let conn = Connection::open(db).unwrap();
    conn.busy_timeout(Duration::from_secs(10)).unwrap();
    let (busy, frames, copied): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    if busy != 0 {
        println!("  (checkpoint incomplete: {copied} of {frames} WAL frames copied)");
    }
    let size = |suffix: &str| {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        std::fs::metadata(&name).map_or(0, |m| m.len())
    };
    (size(""), size("-wal"))
}

/// Bytes per table and per index, from the `dbstat` virtual table: (table,
/// table or index name, bytes), largest tables first.
fn table_bytes(db: &Path) -> Vec<(String, String, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT COALESCE(m.tbl_name, s.name) AS t, s.name, SUM(s.pgsize),
                    SUM(SUM(s.pgsize)) OVER (PARTITION BY COALESCE(m.tbl_name, s.name)) AS whole
             FROM dbstat s LEFT JOIN sqlite_schema m ON m.name = s.name
             GROUP BY t, s.name ORDER BY whole DESC, t, s.name != t, 3 DESC",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

/// The naive loop Coffer is held against: one connection, `synchronous=FULL`,
/// WAL, one transaction per transfer writing comparable rows (the
/// transaction with the three indexes the server keeps, two entries with
/// none, two balance updates, an audit record, an idempotency record).
/// Transfers per second for `seconds`.
fn baseline(dir: &Path, seconds: u64) -> f64 {
    let path = dir.join("baseline.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("baseline.db{suffix}")));
    }
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
         CREATE TABLE accounts (id TEXT PRIMARY KEY, balance INTEGER NOT NULL) STRICT;
         CREATE TABLE transactions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, environment TEXT NOT NULL,
             kind TEXT NOT NULL, status TEXT NOT NULL, asset_id TEXT NOT NULL, network TEXT NOT NULL,
             amount TEXT NOT NULL, fee TEXT NOT NULL, source_vault_id TEXT, destination_vault_id TEXT,
             source_wallet_id TEXT, destination_wallet_id TEXT, note TEXT,
             created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL) STRICT;
         CREATE INDEX t_partition ON transactions (tenant_id, environment, id);
         CREATE INDEX t_source ON transactions (source_wallet_id, id);
         CREATE INDEX t_destination ON transactions (destination_wallet_id, id);
         CREATE TABLE entries (id INTEGER PRIMARY KEY, journal_id TEXT NOT NULL, transaction_id TEXT NOT NULL,
             account_id TEXT NOT NULL, amount TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
         CREATE TABLE audit (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, actor TEXT NOT NULL,
             action TEXT NOT NULL, object_id TEXT, created_at INTEGER NOT NULL, hash TEXT NOT NULL) STRICT;
         CREATE TABLE idempotency (actor TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
             created_at INTEGER NOT NULL, PRIMARY KEY (actor, key)) STRICT, WITHOUT ROWID;
         INSERT INTO accounts VALUES ('a', 1000000000000), ('b', 0);",
    )
    .unwrap();
    let limit = Duration::from_secs(seconds);
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < limit {
        n += 1;
        let id = format!("0190a4c5-{n:04x}-7000-8000-{n:012x}");
        let now = n as i64;
        let tx = conn.unchecked_transaction().unwrap();
        tx.prepare_cached(
            "INSERT INTO transactions VALUES (?1, 'tenant-0000-0000-0000-000000000000', 'test', 'Transfer',
             'Completed', 'BTC', 'bitcoin', '1', '0', 'vault-a', 'vault-b', 'wallet-a', 'wallet-b', ?1, ?2, ?2)",
        )
        .unwrap()
        .execute(params![id, now])
        .unwrap();
        for (account, amount) in [("a", -1i64), ("b", 1)] {
            tx.prepare_cached("UPDATE accounts SET balance = balance + ?2 WHERE id = ?1")
                .unwrap()
                .execute(params![account, amount])
                .unwrap();
            tx.prepare_cached(
                "INSERT INTO entries (journal_id, transaction_id, account_id, amount, created_at) VALUES (?1, ?1, ?2, ?3, ?4)",
            )
            .unwrap()
            .execute(params![id, account, amount.to_string(), now])
            .unwrap();
        }
        tx.prepare_cached("INSERT INTO audit (id, actor, action, object_id, created_at, hash) VALUES (?1, 'key', 'transaction.transfer', ?1, ?2, ?1)")
            .unwrap()
            .execute(params![id, now])
            .unwrap();
        tx.prepare_cached(
            "INSERT INTO idempotency VALUES ('key', ?1, '{\"id\": \"' || ?1 || '\"}', ?2)",
        )
        .unwrap()
        .execute(params![id, now])
        .unwrap();
        tx.commit().unwrap();
    }
    n as f64 / started.elapsed().as_secs_f64()
}

fn vault_of(c: &Client, wallet: &str) -> String {
    c.get(&format!("/v1/wallets/{wallet}")).body["vaultId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The sandbox credits each wallet with 1000 BTC and mines until they complete.
fn fund(c: &Client, wallets: &[String]) {
    let ids: Vec<String> = wallets
        .iter()
        .map(|w| {
            let d = c
                .post(
                    "/v1/sandbox/deposits",
                    &json!({"walletId": w, "amount": "1000"}),
                )
                .expect(201);
            d.body["id"].as_str().unwrap().to_string()
        })
        .collect();
    c.post("/v1/sandbox/blocks", &json!({"count": 2}))
        .expect(200);
    let deadline = Instant::now() + Duration::from_secs(30);
    for id in ids {
        while c.get(&format!("/v1/transactions/{id}")).body["status"] != "Completed" {
            assert!(Instant::now() < deadline, "funding deposit never completed");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn main() {
    let o = options();
    let server = Server::start_with(&[
        ("COFFER_WORKERS", "32"),
        ("COFFER_LIMITS_PER_KEY_PER_MINUTE", "100000000"),
    ]);
    let client = server.client();
    let mut wallets: Vec<String> = (0..WALLETS)
        .map(|i| load::wallet(&client, &format!("bench-{i}")))
        .collect();
    fund(&client, &wallets);
    // A quiet wallet gets one transfer at the start and none after: the
    // filtered lists must find it under everything built later.
    let quiet = load::wallet(&client, "bench-quiet");
    let quiet_vault = vault_of(&client, &quiet);
    wallets.push(quiet.clone());
    let mut bench = Bench {
        server,
        client,
        wallets,
        sent: AtomicU64::new(0),
    };
    let (status, _) = bench.transfer(&support::agent(), 0, WALLETS);
    assert_eq!(status, 201);
    std::thread::sleep(Duration::from_millis(5));
    let before_build = support::now_secs() * 1000;
    let db = bench.server.db_path();
    println!(
        "coffer transfers bench: {} transfers, {} s per measurement, load average {} on {} cores, data in {}",
        o.transfers,
        o.seconds,
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        bench.server.data_dir().display()
    );

    let bytes_before = {
        let (file, wal) = disk_bytes(&db);
        file + wal
    };
    let sent_before = bench.sent.load(Ordering::Relaxed);
    let base_before = baseline(bench.server.dir.path(), o.seconds);
    println!("baseline at the start: {base_before:.0} transfers/s");
    println!("empty database:");
    let empty16 = bench.timed(16, o.seconds);
    let empty128 = bench.timed(128, o.seconds);

    let target = o
        .transfers
        .saturating_sub(bench.sent.load(Ordering::Relaxed));
    let build_started = Instant::now();
    // Two halves: a deep page starts at a transfer made between them.
    let first_half = bench.build(target / 2, build_started);
    let (_, middle_id) = bench.transfer(&support::agent(), 1, 2);
    let second_half = bench.build(target - target / 2, build_started);
    let built = first_half.sent + second_half.sent + 1;
    let mut latencies = first_half.latencies;
    latencies.extend(second_half.latencies);
    latencies.sort();
    let build = Load {
        sent: built,
        refused: first_half.refused + second_half.refused,
        seconds: build_started.elapsed().as_secs_f64(),
        latencies,
    };
    println!(
        "built {} transfers at 128 connections in {:.0} s: {:.0}/s, p50 {:.2} ms, p99 {:.2} ms ({} not 201)",
        build.sent,
        build.seconds,
        build.per_second(),
        build.pct(0.5),
        build.pct(0.99),
        build.refused
    );
    let transfers_now = bench.sent.load(Ordering::Relaxed);
    let (file_after, wal_after) = disk_bytes(&db);
    let bytes_after = file_after + wal_after;
    let free_pages: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    let grown = bytes_after.saturating_sub(bytes_before);
    let per_transfer = grown as f64 / (transfers_now - sent_before).max(1) as f64;
    println!(
        "on disk: {:.1} MiB for {transfers_now} transfers; {per_transfer:.0} bytes per transfer (database + indexes + WAL after a checkpoint)",
        bytes_after as f64 / 1048576.0
    );
    println!(
        "  database file {:.1} MiB ({free_pages} free pages), WAL {:.1} MiB",
        file_after as f64 / 1048576.0,
        wal_after as f64 / 1048576.0
    );
    for (table, name, bytes) in table_bytes(&db) {
        let per = bytes as f64 / transfers_now as f64;
        if per >= 2.0 {
            let label = if name == table {
                table
            } else {
                format!("  index {name}")
            };
            println!(
                "  {label:<44} {:>8.1} MiB {per:>6.0} B/transfer",
                bytes as f64 / 1048576.0
            );
        }
    }

    println!("at {transfers_now} transfers:");
    let full16 = bench.timed(16, o.seconds);
    let full128 = bench.timed(128, o.seconds);
    for command in [&["verify"][..], &["backup", "BACKUP"][..]] {
        bench.during(command, &full128);
    }
    let (rss, hwm) = rss_kib(bench.server.pid());
    println!("server RSS {} MiB (peak {} MiB)", rss / 1024, hwm / 1024);

    let page = "/v1/transactions?limit=25";
    let first = bench.list_ms(page, 21);
    let lists = [
        ("deep (after=middle)", format!("{page}&after={middle_id}")),
        ("walletId (quiet)", format!("{page}&walletId={quiet}")),
        ("vaultId (quiet)", format!("{page}&vaultId={quiet_vault}")),
        (
            "createdTo (before the build)",
            format!("{page}&createdTo={}", time_text(before_build)),
        ),
    ];
    println!("lists: first page {first:.2} ms");
    for (name, path) in &lists {
        let ms = bench.list_ms(path, 21);
        println!("  {name:<30} {ms:>7.2} ms ({:.2}x page 1)", ms / first);
    }

    bench.stop();
    let warm = bench.start_ms();
    println!("start to ready (warm): {warm:.0} ms");
    if o.cold {
        bench.stop();
        let dropped = std::process::Command::new("sh")
            .args(["-c", "sync && echo 3 > /proc/sys/vm/drop_caches"])
            .status()
            .is_ok_and(|s| s.success());
        let cold = bench.start_ms();
        if dropped {
            println!("start to ready (page cache dropped): {cold:.0} ms");
        } else {
            println!("start to ready (cold): not measured, dropping the page cache is not permitted here ({cold:.0} ms warm again)");
        }
    }

    let base_after = baseline(bench.server.dir.path(), o.seconds);
    let base = (base_before + base_after) / 2.0;
    println!(
        "baseline (one commit per transfer, synchronous=FULL, WAL, one connection): \
         {base_before:.0}/s at the start, {base_after:.0}/s at the end, {base:.0}/s mean"
    );
    println!("ratios to the mean baseline:");
    for (name, load) in [
        ("empty, 16 connections", &empty16),
        ("empty, 128 connections", &empty128),
        ("full, 16 connections", &full16),
        ("full, 128 connections", &full128),
    ] {
        println!(
            "  {name:<24} {:.2}x (p99 {:.1} ms)",
            load.per_second() / base,
            load.pct(0.99)
        );
    }
    println!("load average at the end {}", load_average());
}

/// Bytes of the WAL in use (frames since its last restart), from the
/// wal-index header at the start of the `-shm` file: the file itself keeps
/// its largest size up to `journal_size_limit`, so only this shows whether a
/// reader kept the writer from restarting the WAL.
fn wal_in_use(shm: &std::ffi::OsStr) -> u64 {
    use std::io::Read;
    let mut head = [0u8; 20];
    let read = std::fs::File::open(shm).and_then(|mut f| f.read_exact(&mut head));
    if read.is_err() {
        return 0;
    }
    // Native byte order (SQLite's wal-index): szPage at 14, mxFrame at 16.
    let page = match u16::from_ne_bytes([head[14], head[15]]) {
        1 => 65536,
        n => u64::from(n),
    };
    let frames = u64::from(u32::from_ne_bytes([head[16], head[17], head[18], head[19]]));
    frames * (page + 24)
}

/// RFC 3339 UTC with milliseconds, as the API takes it.
fn time_text(millis: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).unwrap();
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}
