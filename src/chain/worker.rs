//! The chain worker: a thread that moves transactions along their state machine
//! (build the unsigned payload, sign in the sandbox, broadcast, follow
//! confirmations). Each step is one write job; every step re-reads the
//! transaction inside the job, so a concurrent cancel or signature wins cleanly.

use super::sandbox;
use crate::clock::Timestamp;
use crate::domain::tenancy::{Environment, Partition};
use crate::domain::transaction::{Kind, Status, Transaction};
use crate::domain::Error;
use crate::doorbell::Doorbell;
use crate::service::ledger::Ledger;
use crate::service::work::{self, Act, NoWorkers, Work};
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

#[derive(Clone)]
pub struct ChainWorker {
    doorbell: Doorbell,
    stopping: Arc<AtomicBool>,
    thread: Arc<Mutex<Option<JoinHandle<()>>>>,
}

impl ChainWorker {
    /// Starts the worker thread; it runs a pass on every wake-up and at least
    /// every `interval`, until `stop`.
    pub fn start(
        store: Store,
        ledger: Arc<Ledger>,
        auto_sign: bool,
        interval: Duration,
    ) -> Result<ChainWorker, Error> {
        let worker = ChainWorker {
            doorbell: Doorbell::default(),
            stopping: Arc::new(AtomicBool::new(false)),
            thread: Arc::new(Mutex::new(None)),
        };
        let doorbell = worker.doorbell.clone();
        let stopping = Arc::clone(&worker.stopping);
        let thread = std::thread::Builder::new()
            .name("coffer-chain".into())
            .spawn(move || loop {
                if stopping.load(Ordering::SeqCst) {
                    return;
                }
                if let Err(e) = pass(&store, &ledger, auto_sign, &stopping) {
                    log::warn!("chain worker pass failed: {e}");
                }
                doorbell.wait(interval);
            })
            .map_err(|e| Error::Internal(format!("cannot start the chain worker: {e}")))?;
        if let Ok(mut slot) = worker.thread.lock() {
            *slot = Some(thread);
        }
        Ok(worker)
    }

    /// Asks for a pass now (after a change the worker should act on).
    pub fn wake(&self) {
        self.doorbell.ring();
    }

    /// Stops the worker after the step it is taking (each step is one write
    /// job, so none is left half done) and waits for its thread to end.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.wake();
        let thread = self.thread.lock().ok().and_then(|mut slot| slot.take());
        if let Some(thread) = thread {
            if thread.join().is_err() {
                log::error!("the chain worker panicked");
            }
        }
    }
}

type Step = fn(&Ledger, &Work, Transaction) -> Result<(), Error>;

/// Runs `step` on every transaction in `status` that `due` (read-only) says
/// needs it, each in its own write job.
fn each(
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
    status: Status,
    due: impl Fn(&rusqlite::Connection, &Partition, &Transaction) -> Result<bool, Error>,
    step: Step,
) -> Result<(), Error> {
    let candidates = store.read(|conn| {
        let mut due_now = Vec::new();
        for (p, t) in store::transactions::in_status(conn, status)? {
            if due(conn, &p, &t)? {
                due_now.push((p, t));
            }
        }
        Ok(due_now)
    })?;
    for (p, t) in candidates {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let ledger = Arc::clone(ledger);
        let id = t.id.clone();
        // The worker is awake already: nothing to ring.
        let result = work::run(store, &NoWorkers, Act::worker(p), move |work| {
            let current = store::transactions::get(work.conn, &work.p, &id)?;
            if current.status != status {
                return Ok(());
            }
            step(&ledger, work, current)
        });
        if let Err(e) = result {
            log::warn!(
                "chain worker: transaction {} in {}: {e}",
                t.id,
                status.as_str()
            );
        }
    }
    Ok(())
}

/// The confirmations a transaction has at its chain's tip (the sandbox's, or
/// a live scanner's cursor), when there is something to record or settle.
fn new_confirmations(
    conn: &rusqlite::Connection,
    p: &Partition,
    t: &Transaction,
) -> Result<Option<i64>, Error> {
    let Some(included) = t.included_height() else {
        return Ok(None);
    };
    let tip = match p.environment {
        Environment::Test => store::sandbox::height(conn, &p.tenant_id)?,
        // Live: the scanner's cursor, the deepest block whose hash it checked.
        Environment::Live => match store::chain::cursor(conn, &t.network)? {
            Some(cursor) => cursor,
            None => return Ok(None),
        },
    };
    let confirmations = (tip - included + 1).max(0);
    // Due when the count moved, or when it already suffices: a deposit can be
    // reported with all its confirmations at once.
    let due = confirmations != t.confirmations || confirmations >= t.required_confirmations;
    Ok(due.then_some(confirmations))
}

/// The sandbox's steps; live withdrawals are built, broadcast and followed
/// by the EVM sender, which asks the node.
fn in_sandbox(_: &rusqlite::Connection, p: &Partition, _: &Transaction) -> Result<bool, Error> {
    Ok(p.environment == Environment::Test)
}

/// Expires pending activities whose time ran out, each in its own write job,
/// giving back what they held.
fn expire_activities(
    store: &Store,
    ledger: &Arc<Ledger>,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    let due = store.read(|conn| store::activities::expired_pending(conn, Timestamp::now()))?;
    for (p, a) in due {
        if stopping.load(Ordering::SeqCst) {
            return Ok(());
        }
        let ledger = Arc::clone(ledger);
        let id = a.id.clone();
        // The worker is awake already: nothing to ring.
        let result = work::run(store, &NoWorkers, Act::worker(p), move |work| {
            crate::service::approvals::expire(&ledger, work, &id)
        });
        if let Err(e) = result {
            log::warn!("chain worker: expiring activity {}: {e}", a.id);
        }
    }
    Ok(())
}

fn pass(
    store: &Store,
    ledger: &Arc<Ledger>,
    auto_sign: bool,
    stopping: &AtomicBool,
) -> Result<(), Error> {
    expire_activities(store, ledger, stopping)?;
    for evm in ledger.chains.evm() {
        // A node that is down must not stop the sandbox, the approvals or
        // the other networks.
        let pass = super::scanner::scan(evm, store, ledger, stopping);
        if let Err(e) = &pass {
            log::warn!("{} scanner: {e}", evm.network.name);
        }
        evm.note_scan(&pass);
        if let Err(e) = super::sender::send(evm, store, ledger, stopping) {
            log::warn!("{} sender: {e}", evm.network.name);
        }
    }
    each(
        store,
        ledger,
        stopping,
        Status::Submitted,
        in_sandbox,
        |l, work, t| l.request_signature(work, t).map(|_| ()),
    )?;
    if auto_sign {
        each(
            store,
            ledger,
            stopping,
            Status::PendingSignature,
            in_sandbox,
            |l, work, t| {
                let signed = sandbox::sign(t.unsigned_payload().unwrap_or_default());
                l.attach_signature(work, &t.id, &signed).map(|_| ())
            },
        )?;
    }
    each(
        store,
        ledger,
        stopping,
        Status::Broadcasting,
        in_sandbox,
        |l, work, t| l.broadcast(work, t).map(|_| ()),
    )?;
    // Live withdrawals are followed by their signer requests' receipts.
    let changed = |conn: &rusqlite::Connection, p: &Partition, t: &Transaction| {
        let by_sender = p.environment == Environment::Live && t.kind() == Kind::Withdrawal;
        Ok(!by_sender && new_confirmations(conn, p, t)?.is_some())
    };
    each(
        store,
        ledger,
        stopping,
        Status::Confirming,
        changed,
        |l, work, t| match new_confirmations(work.conn, &work.p, &t)? {
            Some(confirmations) => l.follow(work, t, confirmations).map(|_| ()),
            None => Ok(()),
        },
    )
}
