//! Webhook delivery: a dispatcher thread picks due deliveries from the outbox
//! and hands them to a pool of senders, at most one in flight per endpoint, so
//! a slow or dead endpoint holds one sender for at most the timeout and never
//! delays another tenant's deliveries. Everything a delivery needs is in the
//! database, so deliveries continue after a restart.

mod sender;

use crate::clock::Timestamp;
use crate::domain::tenancy::Partition;
use crate::domain::webhook::UrlRules;
use crate::domain::Error;
use crate::doorbell::Doorbell;
use crate::keyring::MasterKey;
use crate::store::{self, Store};
use sender::Sender;
use std::collections::HashSet;
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

/// A delivery handed to a sender: the endpoint it holds and the work.
struct Job {
    endpoint: (String, String),
    delivery: store::webhooks::Delivery,
    body: String,
}

const BATCH: u32 = 500;
/// The shortest time between two looks for due deliveries.
const COALESCE: Duration = Duration::from_millis(10);

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
        let busy: Arc<Mutex<HashSet<(String, String)>>> = Arc::default();
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let jobs_rx = Arc::new(Mutex::new(jobs_rx));
        let sender = Arc::new(Sender::new(
            store.clone(),
            master,
            settings.clone(),
            Arc::clone(&worker.stats),
        ));
        for i in 0..settings.senders.max(1) {
            let (jobs_rx, busy, sender, me) = (
                Arc::clone(&jobs_rx),
                Arc::clone(&busy),
                Arc::clone(&sender),
                worker.clone(),
            );
            spawn(&format!("coffer-webhook-{i}"), move || loop {
                let job = match jobs_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                sender.deliver(&job.delivery, &job.body);
                if let Ok(mut busy) = busy.lock() {
                    busy.remove(&job.endpoint);
                }
                me.wake();
            })?;
        }
        let me = worker.clone();
        spawn("coffer-webhooks", move || {
            while !me.stopping.load(Ordering::Relaxed) {
                if let Err(e) = dispatch(&store, &busy, &jobs_tx) {
                    log::warn!("webhook dispatcher: {e}");
                }
                me.doorbell.wait(settings.poll_interval);
                // Every write rings; under load, one look per gap serves them all.
                std::thread::sleep(COALESCE);
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

/// Sends each endpoint's oldest due delivery to a sender, unless that endpoint
/// already has one in flight.
fn dispatch(
    store: &Store,
    busy: &Mutex<HashSet<(String, String)>>,
    jobs: &mpsc::Sender<Job>,
) -> Result<(), Error> {
    let due = store.read(|conn| store::webhooks::due(conn, Timestamp::now(), BATCH))?;
    let mut busy = busy
        .lock()
        .map_err(|_| Error::Internal("webhook busy set poisoned".into()))?;
    for (delivery, body) in due {
        let Partition {
            tenant_id,
            environment,
        } = &delivery.partition;
        let endpoint = (tenant_id.clone(), environment.as_str().to_string());
        if !busy.insert(endpoint.clone()) {
            continue;
        }
        if jobs
            .send(Job {
                endpoint,
                delivery,
                body,
            })
            .is_err()
        {
            return Err(Error::Internal("webhook senders have stopped".into()));
        }
    }
    Ok(())
}
