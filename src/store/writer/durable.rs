//! Durability off the writer's thread (docs/performance.md, "The fsync in
//! parallel"). The writer commits a group into the WAL without waiting for
//! the disk (`synchronous=NORMAL`) and goes on to the next group while the
//! syncer thread fsyncs the WAL and only then answers the group's callers.
//!
//! Until that fsync a power cut could take the group back, although other
//! connections can already read it. So nothing a group wrote leaves the
//! process before it is on disk: its callers are answered here, and whoever
//! read the database (an HTTP answer, a webhook, a broadcast) first waits in
//! [`Durability::wait_for`] for the commits its reads may have seen.

use crate::domain::Error;
use crate::metrics::AtomicHistogram;
use std::fs::File;
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;

/// How a commit's callers are told its fate.
pub(super) type Answer = Box<dyn FnOnce(Result<(), Error>) + Send>;

/// Where commits stand: numbered as the writer begins them, durable up to a
/// number once an fsync after them returned.
#[derive(Default)]
pub struct Durability {
    /// The last commit the writer began. Set before its `COMMIT` runs, so a
    /// reader that saw a commit's rows reads a number at least its own.
    begun: AtomicU64,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    durable: u64,
    /// Why the WAL could not be made durable: from then on nothing is
    /// answered as durable (docs/performance.md, "The fsync in parallel").
    failed: Option<String>,
}

impl Durability {
    /// The number of the commit the writer is about to run.
    pub(super) fn begin_commit(&self) -> u64 {
        self.begun.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The last commit begun: what a read that ends now may have seen.
    pub fn begun(&self) -> u64 {
        self.begun.load(Ordering::SeqCst)
    }

    /// Waits until commit `n` and every one before it is on disk, or the
    /// disk refused (then the error every write gets from then on).
    pub fn wait_for(&self, n: u64) -> Result<(), Error> {
        let mut state = self.lock();
        loop {
            if state.durable >= n {
                return Ok(());
            }
            if let Some(why) = &state.failed {
                return Err(not_durable(why));
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    /// The error every write gets once an fsync failed, if one did.
    pub fn failure(&self) -> Option<Error> {
        self.lock().failed.as_deref().map(not_durable)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn settle(&self, outcome: Result<u64, String>) {
        let mut state = self.lock();
        match outcome {
            Ok(n) => state.durable = state.durable.max(n),
            Err(why) => state.failed = Some(why),
        }
        drop(state);
        self.changed.notify_all();
    }
}

fn not_durable(why: &str) -> Error {
    Error::Unavailable(format!(
        "the database could not be made durable ({why}); writes are refused until \
         the server is restarted"
    ))
}

/// A committed group on its way to the disk.
pub(super) struct Committed {
    pub number: u64,
    pub outcome: Result<(), Error>,
    pub answers: Vec<Answer>,
}

/// Makes committed groups durable, a round at a time: one fsync answers
/// every group committed before it.
pub(super) trait Disk: Send + 'static {
    fn sync(&mut self) -> Result<(), String>;
}

/// The WAL file, opened by path; reopened if the path ever names another
/// file than the one last synced (SQLite keeps the WAL while the writer's
/// connection is open, so this is a guard, not a path taken).
pub(super) struct WalFile {
    path: PathBuf,
    file: Option<File>,
}

impl WalFile {
    pub fn new(database: &std::path::Path) -> WalFile {
        let mut path = database.as_os_str().to_owned();
        path.push("-wal");
        WalFile {
            path: path.into(),
            file: None,
        }
    }

    fn sync_current(&mut self) -> std::io::Result<()> {
        let on_disk = std::fs::metadata(&self.path)?;
        match &self.file {
            Some(file) if file.metadata()?.ino() == on_disk.ino() => file.sync_data(),
            _ => {
                let file = File::open(&self.path)?;
                file.sync_data()?;
                self.file = Some(file);
                Ok(())
            }
        }
    }
}

impl Disk for WalFile {
    fn sync(&mut self) -> Result<(), String> {
        self.sync_current()
            .map_err(|e| format!("fsync of {}: {e}", self.path.display()))
    }
}

/// The syncer thread and the queue of groups it has to make durable.
pub(super) struct Syncer {
    queue: Sender<Committed>,
    thread: JoinHandle<()>,
}

impl Syncer {
    pub fn start(
        mut disk: impl Disk,
        durability: Arc<Durability>,
        sync_micros: Arc<AtomicHistogram>,
    ) -> Result<Syncer, Error> {
        let (queue, groups) = channel();
        let thread = std::thread::Builder::new()
            .name("coffer-syncer".into())
            .spawn(move || run(&mut disk, &groups, &durability, &sync_micros))
            .map_err(|e| Error::Internal(format!("cannot start the syncer thread: {e}")))?;
        Ok(Syncer { queue, thread })
    }

    /// Hands a committed group over; its callers are answered once it is on
    /// disk.
    pub fn send(&self, group: Committed) {
        if let Err(unsent) = self.queue.send(group) {
            // The syncer is gone (it cannot stop before the writer does):
            // nobody can vouch for the disk.
            for answer in unsent.0.answers {
                answer(Err(Error::Unavailable("the syncer has stopped".into())));
            }
        }
    }

    /// Answers every group sent so far, then stops.
    pub fn finish(self) {
        drop(self.queue);
        let _ = self.thread.join();
    }
}

fn run(
    disk: &mut dyn Disk,
    groups: &Receiver<Committed>,
    durability: &Durability,
    sync_micros: &AtomicHistogram,
) {
    // Once an fsync has failed, no later one vouches for anything: the
    // frames it left unwritten break the WAL's checksum chain, and recovery
    // stops there, before frames a later fsync did write.
    let mut broken: Option<String> = None;
    while let Ok(first) = groups.recv() {
        let mut round = vec![first];
        round.extend(groups.try_iter());
        let last = round.last().map_or(0, |g| g.number);
        let synced = match &broken {
            Some(why) => Err(why.clone()),
            None => {
                let started = Instant::now();
                let synced = disk.sync();
                sync_micros
                    .observe(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
                if let Err(why) = &synced {
                    log::error!("{why}: refusing writes until restarted");
                    broken = Some(why.clone());
                }
                synced
            }
        };
        durability.settle(synced.clone().map(|()| last));
        for group in round {
            let outcome = match &synced {
                Ok(()) => group.outcome,
                Err(why) => Err(not_durable(why)),
            };
            for answer in group.answers {
                answer(outcome.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::Gate;
    use super::*;
    use std::sync::mpsc::sync_channel;
    use std::time::Duration;

    fn syncer() -> (Syncer, Arc<Durability>, Sender<Result<(), String>>) {
        let (gate, open) = Gate::new();
        let durability = Arc::new(Durability::default());
        let histogram = Arc::new(AtomicHistogram::new(&[1]));
        let syncer = Syncer::start(gate, Arc::clone(&durability), histogram).unwrap();
        (syncer, durability, open)
    }

    fn group(durability: &Durability) -> (Committed, Receiver<Result<(), Error>>) {
        let (reply, answer) = sync_channel(1);
        let group = Committed {
            number: durability.begin_commit(),
            outcome: Ok(()),
            answers: vec![Box::new(move |o| {
                let _ = reply.send(o);
            })],
        };
        (group, answer)
    }

    #[test]
    fn a_group_is_answered_and_readers_released_only_after_its_fsync() {
        let (syncer, durability, open) = syncer();
        let (first, answer) = group(&durability);
        syncer.send(first);
        let seen = durability.begun();
        let reader = {
            let durability = Arc::clone(&durability);
            std::thread::spawn(move || durability.wait_for(seen))
        };
        std::thread::sleep(Duration::from_millis(50));
        assert!(answer.try_recv().is_err(), "answered before its fsync");
        assert!(!reader.is_finished(), "a reader released before the fsync");
        open.send(Ok(())).unwrap();
        assert!(answer.recv().unwrap().is_ok());
        assert!(reader.join().unwrap().is_ok());
        syncer.finish();
    }

    #[test]
    fn a_failed_fsync_fails_its_groups_and_every_wait_after_it() {
        let (syncer, durability, open) = syncer();
        let (first, answer) = group(&durability);
        syncer.send(first);
        open.send(Err("EIO".into())).unwrap();
        let failed = answer.recv().unwrap();
        assert!(
            matches!(&failed, Err(Error::Unavailable(m)) if m.contains("EIO")),
            "{failed:?}"
        );
        assert!(durability.failure().is_some());
        assert!(durability.wait_for(durability.begun()).is_err());
        // Nothing begun since is waited for forever either.
        assert!(durability.wait_for(durability.begin_commit()).is_err());
        // A group committed after it is not answered as durable, even when
        // the disk would now say yes.
        let (later, answer) = group(&durability);
        syncer.send(later);
        open.send(Ok(())).unwrap();
        assert!(answer.recv().unwrap().is_err());
        syncer.finish();
    }

    #[test]
    fn finishing_answers_every_group_sent() {
        let (syncer, durability, open) = syncer();
        let answers: Vec<_> = (0..3)
            .map(|_| {
                let (g, answer) = group(&durability);
                syncer.send(g);
                answer
            })
            .collect();
        drop(open); // every later fsync succeeds at once
        syncer.finish();
        for answer in answers {
            assert!(answer.recv().unwrap().is_ok());
        }
        assert!(durability.wait_for(3).is_ok());
    }
}
