//! Crash loop: client threads move money back and forth while the server is
//! killed with SIGKILL and restarted on the same data dir. Afterwards every
//! 201 exists exactly once and replays unchanged, every unanswered request
//! converges to exactly once when retried with its Idempotency-Key, the
//! balances follow from the transfers alone, and `coffer verify` passes.
//! Seeded (`TORTURE_SEED=<n>` reruns a failure).

use crate::ledger::{fund, wallet};
use crate::support::{seed, Client, Resp, Rng, Server};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

const SATS: i128 = 100_000_000;
const WALLETS: usize = 4;
const THREADS: usize = 3;
const FUNDING_SATS: i128 = 5 * SATS;

fn btc(sats: i128) -> String {
    let (int, frac) = (sats / SATS, sats % SATS);
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int}.{}", format!("{frac:08}").trim_end_matches('0'))
    }
}

fn sats(s: &str) -> i128 {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    int.parse::<i128>().unwrap() * SATS + format!("{frac:0<8}").parse::<i128>().unwrap()
}

/// One transfer a client thread tried: its key and body, and what it heard.
#[derive(Clone)]
struct Sent {
    key: String,
    body: Value,
    outcome: Outcome,
}

#[derive(Clone)]
enum Outcome {
    /// A 201, with its body.
    Acknowledged(Value),
    /// A definite refusal (a 4xx other than the ones a restart causes).
    Refused(u16, String),
    /// No answer, or one that says "not now": it may or may not have happened.
    Unknown,
}

/// A client signing with the server's key at whatever address it now listens.
fn client_at(base: &RwLock<String>, template: &Client) -> Client {
    let mut c = template.clone();
    c.base = base.read().unwrap().clone();
    c
}

fn transfer_body(from: &str, to: &str, amount: i128, key: &str) -> Value {
    json!({
        "sourceWalletId": from,
        "destinationWalletId": to,
        "amount": btc(amount),
        "note": key,
    })
}

fn post_transfer(c: &Client, body: &Value, key: &str) -> Result<Resp, String> {
    post_money(c, "/v1/transactions/transfer", body, key)
}

fn post_money(c: &Client, path: &str, body: &Value, key: &str) -> Result<Resp, String> {
    c.try_send(
        "POST",
        path,
        body.to_string().as_bytes(),
        &[("Idempotency-Key", key)],
    )
}

fn classify(r: Result<Resp, String>) -> Outcome {
    match r {
        Ok(r) if r.status == 201 => Outcome::Acknowledged(r.body),
        // Signed before this server process started, or the server is going
        // down: nothing happened, and a retry may still succeed.
        Ok(r) if r.status == 401 && r.code() == "stale_timestamp" => Outcome::Unknown,
        Ok(r) if r.status == 409 && r.code() == "idempotency_key_in_use" => Outcome::Unknown,
        Ok(r) if r.status == 503 => Outcome::Unknown,
        Ok(r) => Outcome::Refused(r.status, r.text),
        Err(_) => Outcome::Unknown,
    }
}

/// Walks every transfer of the partition with `after` cursors.
fn all_transfers(c: &Client) -> Vec<Value> {
    all_of_kind(c, "Transfer")
}

/// Walks every transaction of one kind with `after` cursors.
fn all_of_kind(c: &Client, kind: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut path = format!("/v1/transactions?kind={kind}&limit=100");
    for _ in 0..1000 {
        let page = c.get(&path).expect(200).body;
        out.extend(page["data"].as_array().unwrap().iter().cloned());
        match page["pagination"]["after"].as_str() {
            Some(after) => path = format!("/v1/transactions?kind={kind}&limit=100&after={after}"),
            None => return out,
        }
    }
    panic!("more than 1000 pages of {kind} transactions");
}

#[test]
fn acknowledged_transfers_survive_kill_9_exactly_once() {
    let seed = seed(0xc0ff_ee00);
    let mut server = Server::start();
    let c = server.client();
    let wallets: Vec<String> = (0..WALLETS)
        .map(|i| {
            let w = wallet(&c, &c.vault(&format!("crash-{i}")), "BTC");
            fund(&c, &w, &btc(FUNDING_SATS));
            w
        })
        .collect();
    let wallets = Arc::new(wallets);

    let base = Arc::new(RwLock::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let log: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let (base, stop, log, wallets) =
                (base.clone(), stop.clone(), log.clone(), wallets.clone());
            let template = c.clone();
            let mut rng = Rng::new(seed ^ (t as u64 + 1).wrapping_mul(0x1234_5678_9abc));
            std::thread::spawn(move || {
                for i in 0..400 {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let from = rng.below(WALLETS);
                    let to = (from + 1 + rng.below(WALLETS - 1)) % WALLETS;
                    // Small amounts: the wallets never run dry, so nearly every
                    // answer is a 201 or no answer at all.
                    let amount = 1 + rng.below(100_000) as i128;
                    let key = format!("crash-{t}-{i}");
                    let body = transfer_body(&wallets[from], &wallets[to], amount, &key);
                    let outcome =
                        classify(post_transfer(&client_at(&base, &template), &body, &key));
                    if matches!(outcome, Outcome::Unknown) {
                        // The server is down or restarting: wait a little.
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    log.lock().unwrap().push(Sent { key, body, outcome });
                }
            })
        })
        .collect();

    // Kill at varied moments: a few cycles, each after a seeded pause.
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + Duration::from_secs(60);
    let progress = |at_least: usize| {
        // Bounded wait until the clients got something through, so every
        // cycle interrupts real traffic.
        while log.lock().unwrap().len() < at_least && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    for _ in 0..4 {
        let before = log.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(30 + rng.below(300) as u64));
        progress(before + 5);
        server.kill();
        server.restart(&[]);
        *base.write().unwrap() = server.base.clone();
    }
    let before = log.lock().unwrap().len();
    progress(before + 20);
    stop.store(true, Ordering::SeqCst);
    for t in threads {
        t.join().unwrap();
    }
    let mut sent = std::mem::take(&mut *log.lock().unwrap());
    let c = client_at(&base, &c);

    let refused: Vec<String> = sent
        .iter()
        .filter_map(|s| match &s.outcome {
            Outcome::Refused(status, text) => Some(format!("{}: {status} {text}", s.key)),
            _ => None,
        })
        .collect();
    assert!(
        refused.is_empty(),
        "seed {seed}: valid transfers refused:\n{}",
        refused.join("\n")
    );
    let acknowledged = sent
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Acknowledged(_)))
        .count();
    let unknown = sent.len() - acknowledged;
    assert!(
        acknowledged >= 20,
        "seed {seed}: only {acknowledged} transfers got through"
    );

    // An unanswered request may or may not have happened; retried with its
    // key it converges to exactly once.
    let mut happened_unanswered = 0;
    for s in sent
        .iter_mut()
        .filter(|s| matches!(s.outcome, Outcome::Unknown))
    {
        for attempt in 0.. {
            assert!(attempt < 100, "seed {seed}: {} never converged", s.key);
            let answer = post_transfer(&c, &s.body, &s.key);
            if answer
                .as_ref()
                .is_ok_and(|r| r.header("idempotent-replayed").is_some())
            {
                // It had happened, but its answer was lost with the server.
                happened_unanswered += 1;
            }
            match classify(answer) {
                Outcome::Unknown => std::thread::sleep(Duration::from_millis(50)),
                Outcome::Refused(status, text) => {
                    panic!("seed {seed}: retry of {} refused: {status} {text}", s.key)
                }
                done => {
                    s.outcome = done;
                    break;
                }
            }
        }
    }

    // Every acknowledged answer replays unchanged and names a transfer that
    // exists once.
    let mut by_id = HashMap::new();
    for s in &sent {
        let Outcome::Acknowledged(first) = &s.outcome else {
            unreachable!()
        };
        let again = post_transfer(&c, &s.body, &s.key).unwrap().expect(201);
        assert_eq!(
            again.header("idempotent-replayed"),
            Some("true"),
            "{}",
            s.key
        );
        assert_eq!(
            &again.body, first,
            "seed {seed}: {} replayed differently",
            s.key
        );
        let id = first["id"].as_str().unwrap().to_string();
        let stored = c.get(&format!("/v1/transactions/{id}")).expect(200).body;
        for field in [
            "amount",
            "sourceWalletId",
            "destinationWalletId",
            "note",
            "status",
        ] {
            assert_eq!(stored[field], first[field], "{}: {field}", s.key);
        }
        assert_eq!(stored["note"], s.key.as_str());
        assert!(by_id.insert(id, s).is_none(), "two keys, one transfer");
    }

    // The books hold exactly these transfers: none twice, none extra.
    let listed = all_transfers(&c);
    let mut notes = HashSet::new();
    for t in &listed {
        let note = t["note"].as_str().unwrap_or("").to_string();
        assert!(
            notes.insert(note.clone()),
            "seed {seed}: {note} moved money twice"
        );
        assert!(
            by_id.contains_key(t["id"].as_str().unwrap()),
            "seed {seed}: transfer {note} was never acknowledged"
        );
    }
    assert_eq!(listed.len(), sent.len(), "seed {seed}");

    // Balances follow from those transfers alone, and their sum is conserved.
    let mut expected: BTreeMap<&str, i128> =
        wallets.iter().map(|w| (w.as_str(), FUNDING_SATS)).collect();
    for s in &sent {
        let amount = sats(s.body["amount"].as_str().unwrap());
        *expected
            .get_mut(s.body["sourceWalletId"].as_str().unwrap())
            .unwrap() -= amount;
        *expected
            .get_mut(s.body["destinationWalletId"].as_str().unwrap())
            .unwrap() += amount;
    }
    let mut total = 0;
    for (w, want) in &expected {
        let b = c.get(&format!("/v1/wallets/{w}")).expect(200).body["balance"].clone();
        assert_eq!(b["total"], b["available"], "{w}: nothing is locked");
        assert_eq!(
            sats(b["available"].as_str().unwrap()),
            *want,
            "seed {seed}: wallet {w}"
        );
        total += sats(b["total"].as_str().unwrap());
    }
    assert_eq!(
        total,
        FUNDING_SATS * WALLETS as i128,
        "seed {seed}: money was made or lost"
    );

    let verify = server.cli(&["verify"]);
    assert!(
        verify.status.success(),
        "coffer verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    eprintln!(
        "crash loop (seed {seed}): {} transfers, {acknowledged} acknowledged at once, \
         {unknown} retried ({happened_unanswered} of them had happened)",
        sent.len()
    );
}

/// Withdrawals lock money, wait for the (sandbox) signer and the chain, and
/// settle in later write jobs of the chain worker: kill -9 at any of those
/// steps must neither lose a lock nor settle twice.
#[test]
fn withdrawals_settle_exactly_once_across_kill_9() {
    const SENDERS: usize = 2;
    const FEE_SATS: i128 = 10_000; // BTC's configured withdrawalFee, 0.0001
    let seed = seed(0xd1ed_0ff5);
    let mut server = Server::start();
    let c = server.client();
    let fee = c.get("/v1/assets").expect(200).body["data"][0].clone();
    assert_eq!(
        (&fee["id"], &fee["withdrawalFee"]),
        (&json!("BTC"), &json!("0.0001"))
    );
    let entry = crate::ledger::address_entry(&c, "BTC", crate::ledger::BTC_DESTINATION);
    let wallets: Vec<String> = (0..SENDERS)
        .map(|i| {
            let w = wallet(&c, &c.vault(&format!("payer-{i}")), "BTC");
            fund(&c, &w, &btc(FUNDING_SATS));
            w
        })
        .collect();

    let base = Arc::new(RwLock::new(server.base.clone()));
    let stop = Arc::new(AtomicBool::new(false));
    let log: Arc<Mutex<Vec<Sent>>> = Arc::default();
    let mut threads: Vec<_> = wallets
        .iter()
        .enumerate()
        .map(|(t, w)| {
            let (base, stop, log) = (base.clone(), stop.clone(), log.clone());
            let (template, w, entry) = (c.clone(), w.clone(), entry.clone());
            let mut rng = Rng::new(seed ^ (t as u64 + 7).wrapping_mul(0x9e37_79b9));
            std::thread::spawn(move || {
                for i in 0..150 {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let key = format!("payout-{t}-{i}");
                    let amount = 100_000 + rng.below(900_000) as i128;
                    let body = json!({
                        "sourceWalletId": w,
                        "addressBookEntryId": entry,
                        "amount": btc(amount),
                        "note": key,
                    });
                    let client = client_at(&base, &template);
                    let outcome = classify(post_money(
                        &client,
                        "/v1/transactions/withdraw",
                        &body,
                        &key,
                    ));
                    if matches!(outcome, Outcome::Unknown) {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    log.lock().unwrap().push(Sent { key, body, outcome });
                }
            })
        })
        .collect();
    // A miner moves withdrawals through the chain while they are created.
    threads.push({
        let (base, stop, template) = (base.clone(), stop.clone(), c.clone());
        std::thread::spawn(move || {
            for n in 0..2000u64 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let client = client_at(&base, &template);
                let body = json!({ "count": 1 + n % 3 });
                let _ = client.try_send(
                    "POST",
                    "/v1/sandbox/blocks",
                    body.to_string().as_bytes(),
                    &[],
                );
                std::thread::sleep(Duration::from_millis(60));
            }
        })
    });

    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + Duration::from_secs(60);
    let progress = |at_least: usize| {
        while log.lock().unwrap().len() < at_least && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    for _ in 0..3 {
        let before = log.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(30 + rng.below(300) as u64));
        progress(before + 5);
        server.kill();
        server.restart(&[]);
        *base.write().unwrap() = server.base.clone();
    }
    let before = log.lock().unwrap().len();
    progress(before + 10);
    stop.store(true, Ordering::SeqCst);
    for t in threads {
        t.join().unwrap();
    }
    let mut sent = std::mem::take(&mut *log.lock().unwrap());
    let c = client_at(&base, &c);

    for s in sent.iter_mut() {
        if let Outcome::Refused(status, text) = &s.outcome {
            panic!(
                "seed {seed}: valid withdrawal {} refused: {status} {text}",
                s.key
            );
        }
        for attempt in 0.. {
            if !matches!(s.outcome, Outcome::Unknown) {
                break;
            }
            assert!(attempt < 100, "seed {seed}: {} never converged", s.key);
            s.outcome = classify(post_money(&c, "/v1/transactions/withdraw", &s.body, &s.key));
            if let Outcome::Refused(status, text) = &s.outcome {
                panic!("seed {seed}: retry of {} refused: {status} {text}", s.key);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    // Mine until every withdrawal has settled (bounded): pending signatures,
    // broadcasts and confirmations resume after the restarts.
    let settle_by = Instant::now() + Duration::from_secs(60);
    let listed = loop {
        let listed = all_of_kind(&c, "Withdrawal");
        if listed.iter().all(|t| t["status"] == "Completed") {
            break listed;
        }
        let stuck: Vec<String> = listed
            .iter()
            .filter(|t| t["status"] != "Completed")
            .map(|t| format!("{} {}", t["note"], t["status"]))
            .collect();
        assert!(
            Instant::now() < settle_by,
            "seed {seed}: withdrawals did not settle: {stuck:?}"
        );
        crate::ledger::mine(&c, 1);
        std::thread::sleep(Duration::from_millis(50));
    };

    // Exactly the acknowledged (and converged) withdrawals, each once, each
    // replaying its first answer.
    let mut keys = HashSet::new();
    for t in &listed {
        assert!(
            keys.insert(t["note"].as_str().unwrap().to_string()),
            "{} twice",
            t["note"]
        );
    }
    assert_eq!(keys.len(), sent.len(), "seed {seed}");
    let mut spent: BTreeMap<&str, i128> = wallets.iter().map(|w| (w.as_str(), 0)).collect();
    for s in &sent {
        let Outcome::Acknowledged(first) = &s.outcome else {
            unreachable!()
        };
        assert!(
            keys.contains(&s.key),
            "seed {seed}: {} is not in the books",
            s.key
        );
        let again = post_money(&c, "/v1/transactions/withdraw", &s.body, &s.key)
            .unwrap()
            .expect(201);
        assert_eq!(
            again.header("idempotent-replayed"),
            Some("true"),
            "{}",
            s.key
        );
        assert_eq!(
            &again.body, first,
            "seed {seed}: {} replayed differently",
            s.key
        );
        let amount = sats(s.body["amount"].as_str().unwrap());
        *spent
            .get_mut(s.body["sourceWalletId"].as_str().unwrap())
            .unwrap() += amount + FEE_SATS;
    }
    for (w, spent) in &spent {
        let b = c.get(&format!("/v1/wallets/{w}")).expect(200).body["balance"].clone();
        let want = btc(FUNDING_SATS - spent);
        assert_eq!(
            b,
            json!({"total": want, "available": want, "pending": "0", "locked": "0"}),
            "seed {seed}: wallet {w}"
        );
    }
    let verify = server.cli(&["verify"]);
    assert!(
        verify.status.success(),
        "coffer verify: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    eprintln!(
        "withdrawal crash loop (seed {seed}): {} withdrawals settled",
        sent.len()
    );
}
