//! Webhook delivery (docs/performance.md, "Webhook delivery"). Three parts:
//!
//! - the dispatcher thread picks each endpoint's oldest due deliveries from
//!   the outbox in one query and hands them to free senders, keeping at most
//!   `in_flight_per_endpoint` in flight per endpoint (one while the endpoint
//!   fails or is slow), taking endpoints in turn;
//! - a pool of senders sign and POST, reusing kept-alive connections;
//! - the recorder writes the outcomes that have gathered in one write job.
//!
//! A delivery stays claimed in memory from pick-up until its outcome is
//! written, so it is not sent twice meanwhile; a restart forgets the claims
//! and sends again whatever is still pending (at least once). The dispatcher
//! wakes when a change commits, when a sender is free and when outcomes are
//! written; rings that come while it works make one more look, so under load
//! it looks back to back, and idle it sleeps until rung or `poll_interval`
//! (retries falling due). A slow or dead endpoint holds one sender at most,
//! so it never delays another endpoint's deliveries while senders are left.

mod sender;

use crate::clock::Timestamp;
use crate::domain::ids::DeliveryId;
use crate::domain::tenancy::Partition;
use crate::domain::webhook::UrlRules;
use crate::domain::Error;
use crate::doorbell::Doorbell;
use crate::keyring::MasterKey;
use crate::store::webhooks::{Due, Outcome};
use crate::store::{self, Store};
use sender::Sender;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Settings {
    pub timeout: Duration,
    pub retry_base_secs: f64,
    pub retry_cap_secs: f64,
    pub give_up_after: Duration,
    pub senders: u32,
    pub in_flight_per_endpoint: u32,
    pub poll_interval: Duration,
    pub rules: UrlRules,
}

/// Counters for metrics.
#[derive(Debug, Default)]
pub struct Stats {
    pub delivered: AtomicU64,
    pub failed_attempts: AtomicU64,
    pub given_up: AtomicU64,
}

#[derive(Clone)]
pub struct WebhookWorker {
    doorbell: Doorbell,
    stopping: Arc<AtomicBool>,
    pub stats: Arc<Stats>,
}

/// Outcomes written in one write job at most.
const RECORD_BATCH: usize = 500;
/// An answer slower than this counts as slow: the endpoint gets one delivery
/// in flight until it answers a 2xx promptly again.
const PROMPT: Duration = Duration::from_secs(1);
/// After a failed write of outcomes, the pause before the deliveries are
/// released (they stay pending and are sent again).
const RECORD_RETRY: Duration = Duration::from_secs(1);

/// What senders and the recorder tell the dispatcher.
enum Heard {
    /// The endpoint answered (or did not): a sender and a slot are free.
    /// `prompt`: a 2xx within `PROMPT`.
    Answered { endpoint: Partition, prompt: bool },
    /// These deliveries' outcomes are written (or could not be: they are
    /// still pending): they may be picked again.
    Recorded(Vec<(Partition, DeliveryId)>),
}

impl WebhookWorker {
    pub fn start(
        store: Store,
        master: Arc<MasterKey>,
        settings: Settings,
    ) -> Result<WebhookWorker, Error> {
        let worker = WebhookWorker {
            doorbell: Doorbell::default(),
            stopping: Arc::new(AtomicBool::new(false)),
            stats: Arc::new(Stats::default()),
        };
        let (jobs_tx, jobs_rx) = mpsc::channel::<Due>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));
        let (heard_tx, heard_rx) = mpsc::channel::<Heard>();
        let (outcomes_tx, outcomes_rx) = mpsc::channel::<(Partition, Outcome)>();
        let sender = Arc::new(Sender::new(
            master,
            settings.clone(),
            Arc::clone(&worker.stats),
        ));
        for i in 0..settings.senders.max(1) {
            let (jobs_rx, sender, heard, outcomes, bell) = (
                Arc::clone(&jobs_rx),
                Arc::clone(&sender),
                heard_tx.clone(),
                outcomes_tx.clone(),
                worker.doorbell.clone(),
            );
            spawn(&format!("coffer-webhook-{i}"), move || loop {
                let job = match jobs_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(due) = job else { return };
                let outcome = sender.deliver(&due);
                let endpoint = due.delivery.partition;
                let prompt = outcome.attempt.error.is_none()
                    && outcome.attempt.duration_ms < PROMPT.as_millis() as i64;
                // The outcome first: once the dispatcher has stopped, it is
                // still written.
                let _ = outcomes.send((endpoint.clone(), outcome));
                if heard.send(Heard::Answered { endpoint, prompt }).is_err() {
                    return;
                }
                bell.ring();
            })?;
        }
        drop(outcomes_tx);
        let (recorder_store, recorder_heard, bell) =
            (store.clone(), heard_tx, worker.doorbell.clone());
        spawn("coffer-webhook-recorder", move || {
            record(&recorder_store, &outcomes_rx, &recorder_heard, &bell);
        })?;
        let me = worker.clone();
        let mut dispatcher = Dispatcher {
            store,
            senders: settings.senders.max(1),
            per_endpoint: settings.in_flight_per_endpoint.max(1),
            endpoints: HashMap::new(),
            in_flight: 0,
            turn: 0,
            jobs: jobs_tx,
            heard: heard_rx,
        };
        spawn("coffer-webhooks", move || {
            while !me.stopping.load(Ordering::Relaxed) {
                if let Err(e) = dispatcher.round() {
                    log::warn!("webhook dispatcher: {e}");
                }
                me.doorbell.wait(settings.poll_interval);
            }
        })?;
        Ok(worker)
    }

    /// Asks the dispatcher to look for due deliveries now.
    pub fn wake(&self) {
        self.doorbell.ring();
    }

    /// Stops dispatching; deliveries not yet sent stay pending in the database.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
        self.wake();
    }
}

fn spawn(name: &str, body: impl FnOnce() + Send + 'static) -> Result<(), Error> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(body)
        .map(|_| ())
        .map_err(|e| Error::Internal(format!("cannot start {name}: {e}")))
}

/// The recorder: waits for an outcome, takes every other one waiting (up to
/// `RECORD_BATCH`), writes them all in one write job, then releases them to
/// the dispatcher. Outcomes that arrive during a write make the next batch.
fn record(
    store: &Store,
    outcomes: &mpsc::Receiver<(Partition, Outcome)>,
    heard: &mpsc::Sender<Heard>,
    bell: &Doorbell,
) {
    while let Ok(first) = outcomes.recv() {
        let batch: Vec<(Partition, Outcome)> = std::iter::once(first)
            .chain(outcomes.try_iter().take(RECORD_BATCH - 1))
            .collect();
        let (released, written): (Vec<(Partition, DeliveryId)>, Vec<Outcome>) = batch
            .into_iter()
            .map(|(p, o)| ((p, o.delivery_id.clone()), o))
            .unzip();
        if let Err(e) = store.write(move |conn| store::webhooks::record_outcomes(conn, &written)) {
            log::warn!(
                "webhooks: cannot record {} delivery attempts, they will be sent again: {e}",
                released.len()
            );
            std::thread::sleep(RECORD_RETRY);
        }
        if heard.send(Heard::Recorded(released)).is_err() {
            return;
        }
        bell.ring();
    }
}

/// What the dispatcher knows of one endpoint.
#[derive(Default)]
struct Endpoint {
    /// Requests open to it now.
    in_flight: u32,
    /// Deliveries picked whose outcome is not written yet (in flight, or
    /// answered and waiting for the recorder).
    claimed: HashSet<DeliveryId>,
    /// Its last answer was not a prompt 2xx.
    struggling: bool,
}

struct Dispatcher {
    store: Store,
    senders: u32,
    per_endpoint: u32,
    endpoints: HashMap<Partition, Endpoint>,
    /// Requests open to all endpoints: at most `senders`.
    in_flight: u32,
    /// Which endpoint with due deliveries goes first this round.
    turn: usize,
    jobs: mpsc::Sender<Due>,
    heard: mpsc::Receiver<Heard>,
}

impl Dispatcher {
    fn round(&mut self) -> Result<(), Error> {
        for heard in self.heard.try_iter() {
            match heard {
                Heard::Answered { endpoint, prompt } => {
                    self.in_flight = self.in_flight.saturating_sub(1);
                    let e = self.endpoints.entry(endpoint).or_default();
                    e.in_flight = e.in_flight.saturating_sub(1);
                    e.struggling = !prompt;
                }
                Heard::Recorded(released) => {
                    for (endpoint, id) in released {
                        if let Some(e) = self.endpoints.get_mut(&endpoint) {
                            e.claimed.remove(&id);
                        }
                    }
                }
            }
        }
        // An endpoint doing well with nothing claimed needs no memory.
        self.endpoints
            .retain(|_, e| e.struggling || e.in_flight > 0 || !e.claimed.is_empty());
        if self.in_flight >= self.senders {
            return Ok(());
        }
        let picked = self.store.read(|conn| self.pick(conn))?;
        // An event goes out only once its commit is on disk.
        self.store.settle_reads()?;
        self.turn = self.turn.wrapping_add(1);
        for due in picked {
            let e = self
                .endpoints
                .entry(due.delivery.partition.clone())
                .or_default();
            e.claimed.insert(due.delivery.id.clone());
            e.in_flight += 1;
            self.in_flight += 1;
            if self.jobs.send(due).is_err() {
                return Err(Error::Internal("webhook senders have stopped".into()));
            }
        }
        Ok(())
    }

    /// Due deliveries for the free senders: endpoints in turn, each up to
    /// its free slots, its oldest due first.
    fn pick(&self, conn: &rusqlite::Connection) -> Result<Vec<Due>, Error> {
        let now = Timestamp::now();
        let mut endpoints = store::webhooks::endpoints_with_due(conn, now)?;
        if endpoints.is_empty() {
            return Ok(Vec::new());
        }
        let first = self.turn % endpoints.len();
        endpoints.rotate_left(first);
        let mut free_senders = self.senders - self.in_flight;
        let mut picked = Vec::new();
        for p in endpoints {
            let known = self.endpoints.get(&p);
            let limit = match known {
                Some(e) if e.struggling => 1,
                _ => self.per_endpoint,
            };
            let in_flight = known.map_or(0, |e| e.in_flight);
            let free = limit.saturating_sub(in_flight).min(free_senders);
            if free == 0 {
                continue;
            }
            let claimed: Vec<&str> = known
                .map(|e| e.claimed.iter().map(|id| &**id).collect())
                .unwrap_or_default();
            let due = store::webhooks::due(conn, &p, now, &claimed, free)?;
            free_senders -= due.len() as u32;
            picked.extend(due);
            if free_senders == 0 {
                break;
            }
        }
        Ok(picked)
    }
}
