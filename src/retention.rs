//! The retention worker: once a minute, prunes what has outlived its
//! retention (docs/performance.md, "Retention"), in batches of one short
//! write job each, so client writes queue behind one batch at most.

use crate::clock::Timestamp;
use crate::domain::Error;
use crate::doorbell::Doorbell;
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Rows one write job may delete.
const BATCH: u32 = 500;
/// How often the worker looks.
const EVERY: Duration = Duration::from_secs(60);
/// Idempotency records answer retries for 24 h (docs/api.md); then they go.
const IDEMPOTENCY_MS: i64 = 24 * 3_600_000;

#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Finished webhook deliveries, their attempts and their events are kept
    /// this long after they finished.
    pub webhook_ms: i64,
}

pub struct RetentionWorker {
    doorbell: Doorbell,
    stopping: Arc<AtomicBool>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl RetentionWorker {
    pub fn start(store: Store, settings: Settings) -> Result<RetentionWorker, Error> {
        let doorbell = Doorbell::default();
        let stopping = Arc::new(AtomicBool::new(false));
        let (bell, stop) = (doorbell.clone(), Arc::clone(&stopping));
        let thread = std::thread::Builder::new()
            .name("coffer-retention".into())
            .spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    if let Err(e) = prune(&store, settings, Timestamp::now(), &stop) {
                        log::warn!("retention: {e}");
                    }
                    bell.wait(EVERY);
                }
            })
            .map_err(|e| Error::Internal(format!("cannot start the retention worker: {e}")))?;
        Ok(RetentionWorker {
            doorbell,
            stopping,
            thread: Mutex::new(Some(thread)),
        })
    }

    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.doorbell.ring();
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(thread) = thread {
            if thread.join().is_err() {
                log::error!("the retention worker panicked");
            }
        }
    }
}

/// One round: batches until nothing is left to prune (or a stop).
pub fn prune(
    store: &Store,
    settings: Settings,
    now: Timestamp,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let idempotency_before = Timestamp::from_millis(now.millis() - IDEMPOTENCY_MS);
    let webhooks_before = Timestamp::from_millis(now.millis() - settings.webhook_ms);
    let mut total = (0, 0);
    loop {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let (records, deliveries) = store.write(move |conn| {
            Ok((
                store::retention::idempotency_records(conn, idempotency_before, BATCH)?,
                store::retention::finished_deliveries(conn, webhooks_before, BATCH)?,
            ))
        })?;
        total = (total.0 + records, total.1 + deliveries);
        if records < BATCH as usize && deliveries < BATCH as usize {
            break;
        }
    }
    if total != (0, 0) {
        log::info!(
            "retention: pruned {} idempotency record(s) and {} finished webhook delivery(ies)",
            total.0,
            total.1
        );
    }
    Ok(())
}
