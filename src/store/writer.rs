//! The single writer. Jobs arrive on a queue; the writer takes every job waiting
//! (up to a batch limit), runs each in its own savepoint inside one `BEGIN
//! IMMEDIATE` transaction and commits once. Grouping the jobs queued behind a
//! commit amortises the fsync across them (group commit). The fsync itself
//! runs on the syncer thread while the writer goes on with the next group;
//! each job is answered once its group is on disk (writer/durable.rs), so
//! every caller still sees its own write durable before its answer.

mod durable;
mod during_backup;
mod stats;

use super::backup;
use super::exec;
use crate::domain::Error;
pub use durable::Durability;
use durable::{Answer, Committed, Disk, Syncer, WalFile};
use during_backup::{backup_running, serve_during_backup};
use rusqlite::Connection;
use stats::Counters;
pub use stats::WriterStats;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const MAX_BATCH: usize = 128;
const QUEUE_CAPACITY: usize = 4096;
/// How long the closing checkpoint waits for readers (a running `coffer verify`,
/// Litestream) before it settles for a partial one.
const CHECKPOINT_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// A job run on the writer's connection (or `None`: the transaction could not be
/// opened, so the job fails unrun); it returns whether it succeeded and how to
/// answer its caller once the transaction's fate is known.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Ran + Send>;

struct Ran {
    succeeded: bool,
    answer: Answer,
}

/// What the writer's queue carries: work, or the order to close.
enum Message {
    Job(Job),
    /// Finish, checkpoint the WAL into the database file, answer, and stop.
    Close(CloseReply),
    /// Copy the database into another connection's, in steps between
    /// batches (store/backup.rs, `between_batches`).
    Backup(backup::Request),
}

type CloseReply = SyncSender<Result<Checkpoint, Error>>;

/// The closing `PRAGMA wal_checkpoint(TRUNCATE)`'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// False when a reader kept the checkpoint from finishing (it then copied
    /// what it could; the rest stays in the WAL, which is just as durable).
    pub complete: bool,
    /// Frames in the WAL, and frames copied into the database file.
    pub wal_frames: i64,
    pub checkpointed_frames: i64,
}

pub struct Writer {
    queue: SyncSender<Message>,
    thread: JoinHandle<()>,
    counters: Arc<Counters>,
    durability: Arc<Durability>,
}

impl Writer {
    /// Starts the writer on `conn`, a connection to a database file in WAL
    /// mode with `synchronous=NORMAL`: the syncer thread makes each commit
    /// durable (writer/durable.rs).
    pub fn start(conn: Connection) -> Result<Writer, Error> {
        let database = conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
            .ok_or_else(|| Error::Internal("the writer needs a database file".into()))?;
        Writer::start_on(conn, WalFile::new(&database))
    }

    /// The same with the fsync of the WAL done by `disk` (tests hold it back).
    fn start_on(conn: Connection, disk: impl Disk) -> Result<Writer, Error> {
        let (queue, jobs) = sync_channel::<Message>(QUEUE_CAPACITY);
        let counters = Arc::new(Counters::default());
        let durability = Arc::new(Durability::default());
        let syncer = Syncer::start(
            disk,
            Arc::clone(&durability),
            Arc::clone(&counters.sync_micros),
        )?;
        let (thread_counters, thread_durability) = (Arc::clone(&counters), Arc::clone(&durability));
        let thread = std::thread::Builder::new()
            .name("coffer-writer".into())
            .spawn(move || {
                let line = Line {
                    conn: &conn,
                    counters: &thread_counters,
                    durability: &thread_durability,
                    syncer: &syncer,
                };
                let close = serve(&line, &jobs);
                // Every group committed is answered before the last checkpoint.
                syncer.finish();
                if let Some(reply) = close {
                    let _ = reply.send(checkpoint(&conn));
                }
                // Jobs still queued behind the close are dropped with the
                // receiver: their callers are answered "the writer has stopped".
            })
            .map_err(|e| Error::Internal(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer {
            queue,
            thread,
            counters,
            durability,
        })
    }

    /// Where commits stand on their way to the disk.
    pub fn durability(&self) -> &Durability {
        &self.durability
    }

    pub fn submit<T, F>(&self, job: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    {
        let (reply, answer) = sync_channel::<Result<T, Error>>(1);
        self.counters.queued.fetch_add(1, Ordering::Relaxed);
        if self.queue.send(Message::Job(boxed(job, reply))).is_err() {
            self.counters.queued.fetch_sub(1, Ordering::Relaxed);
            return Err(Error::Unavailable("the writer has stopped".into()));
        }
        answer
            .recv()
            .unwrap_or_else(|_| Err(Error::Unavailable("the writer has stopped".into())))
    }

    /// Running, and able to make its commits durable.
    pub fn alive(&self) -> bool {
        !self.thread.is_finished() && self.durability.failure().is_none()
    }

    /// Commits the jobs queued so far, checkpoints the WAL and stops the writer:
    /// every later write fails as unavailable. Called once, at shutdown, after
    /// the HTTP workers and the chain worker have stopped.
    pub fn close(&self) -> Result<Checkpoint, Error> {
        let (reply, answer) = sync_channel(1);
        self.queue
            .send(Message::Close(reply))
            .map_err(|_| Error::Unavailable("the writer has stopped".into()))?;
        answer
            .recv()
            .unwrap_or_else(|_| Err(Error::Unavailable("the writer has stopped".into())))
    }
}

/// What the writer thread commits with.
struct Line<'a> {
    conn: &'a Connection,
    counters: &'a Counters,
    durability: &'a Durability,
    syncer: &'a Syncer,
}

/// Commits what arrives until told to close (returns the reply owed) or
/// until every handle on the writer is gone (returns `None`).
fn serve(line: &Line<'_>, messages: &Receiver<Message>) -> Option<CloseReply> {
    while let Ok(first) = messages.recv() {
        let taken = take(Some(first), messages);
        line.commit(taken.batch);
        let mut close = taken.close;
        if let Some(request) = taken.backup {
            if close.is_some() {
                request.refuse(stopping());
            } else {
                // Steps of the copy, each followed by the clients' jobs: a
                // client waits for one step at most.
                backup::between_batches(line.conn, request, &mut |serve_for| {
                    serve_during_backup(line, messages, serve_for, &mut close)
                });
            }
        }
        if close.is_some() {
            return close;
        }
    }
    None
}

/// `job` as the writer runs it: caught if it panics, answered on `reply`
/// with its result once its transaction's fate is known.
fn boxed<T, F>(job: F, reply: SyncSender<Result<T, Error>>) -> Job
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
{
    Box::new(move |conn| {
        let result = match conn {
            Some(conn) => catch_unwind(AssertUnwindSafe(|| job(conn)))
                .unwrap_or_else(|_| Err(Error::Internal("a write job panicked".into()))),
            None => Err(Error::Unavailable(
                "the database cannot take writes now".into(),
            )),
        };
        Ran {
            succeeded: result.is_ok(),
            answer: Box::new(move |commit| {
                let outcome = match commit {
                    Ok(()) => result,
                    Err(e) => result.and(Err(e)),
                };
                let _ = reply.send(outcome);
            }),
        }
    })
}

fn stopping() -> Error {
    Error::Unavailable("the server is stopping".into())
}

/// What one look at the queue found: jobs for one transaction, and the
/// orders that came with them.
#[derive(Default)]
struct Taken {
    batch: Vec<Job>,
    close: Option<CloseReply>,
    backup: Option<backup::Request>,
}

/// `first` and every message already waiting, up to a batch; never blocks.
fn take(first: Option<Message>, messages: &Receiver<Message>) -> Taken {
    let mut taken = Taken::default();
    let mut next = first.or_else(|| messages.try_recv().ok());
    while let Some(message) = next {
        match message {
            Message::Job(job) => taken.batch.push(job),
            Message::Close(reply) => taken.close = Some(reply),
            Message::Backup(request) => match taken.backup {
                Some(_) => request.refuse(backup_running()),
                None => taken.backup = Some(request),
            },
        }
        if taken.close.is_some() || taken.batch.len() >= MAX_BATCH {
            break;
        }
        next = messages.try_recv().ok();
    }
    taken
}

impl Line<'_> {
    /// Runs `batch` in one transaction (nothing when it is empty) and hands
    /// its answers to the syncer. Once an fsync has failed nothing runs: a
    /// write that cannot be made durable must not be seen either.
    fn commit(&self, batch: Vec<Job>) {
        if batch.is_empty() {
            return;
        }
        let counters = self.counters;
        counters.queued.fetch_sub(batch.len(), Ordering::Relaxed);
        if let Some(failure) = self.durability.failure() {
            for job in batch {
                (job(None).answer)(Err(failure.clone()));
            }
            return;
        }
        counters
            .jobs
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        counters.batch_sizes.observe(batch.len() as u64);
        let started = Instant::now();
        let (answers, number, outcome) = run_batch(self.conn, batch, self.durability);
        let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
        counters.commit_micros.observe(micros);
        counters.commits.fetch_add(1, Ordering::Relaxed);
        if outcome.is_err() {
            counters.failed_commits.fetch_add(1, Ordering::Relaxed);
        }
        self.syncer.send(Committed {
            number,
            outcome,
            answers,
        });
    }
}

/// `PRAGMA wal_checkpoint(TRUNCATE)`: copies the WAL into the database file and
/// empties it, so the file alone is the whole database.
fn checkpoint(conn: &Connection) -> Result<Checkpoint, Error> {
    conn.busy_timeout(CHECKPOINT_BUSY_TIMEOUT)?;
    let (busy, wal_frames, checkpointed_frames): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    Ok(Checkpoint {
        complete: busy == 0,
        wal_frames,
        checkpointed_frames,
    })
}

/// Runs `batch` in one transaction and returns its answers, the commit's
/// number (writer/durable.rs) and its outcome. Its statements go through the
/// statement cache like every other on the writer (docs/performance.md, "The
/// write path").
fn run_batch(
    conn: &Connection,
    batch: Vec<Job>,
    durability: &Durability,
) -> (Vec<Answer>, u64, Result<(), Error>) {
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE", []) {
        let err = Error::from(e);
        log::error!("writer cannot begin a transaction: {err}");
        let answers = batch.into_iter().map(|job| job(None).answer).collect();
        return (answers, durability.begun(), Err(err));
    }
    let mut answers = Vec::with_capacity(batch.len());
    let mut rolled_back = false;
    for job in batch {
        // After some errors in a statement (SQLITE_FULL, IOERR, NOMEM) SQLite
        // rolls the whole transaction back by itself: the jobs before are
        // undone, and a SAVEPOINT now would open a transaction of its own
        // that its RELEASE commits on the spot, answered as failed. The rest
        // of the group does not run.
        if rolled_back {
            answers.push(job(None).answer);
            continue;
        }
        if let Err(e) = exec(conn, "SAVEPOINT job", []) {
            log::error!("writer savepoint failed: {}", Error::from(e));
            answers.push(job(None).answer);
            continue;
        }
        let ran = job(Some(conn));
        if conn.is_autocommit() {
            rolled_back = true;
            answers.push(ran.answer);
            continue;
        }
        let close = if ran.succeeded {
            exec(conn, "RELEASE job", [])
        } else {
            exec(conn, "ROLLBACK TO job", []).and_then(|_| exec(conn, "RELEASE job", []))
        };
        if let Err(e) = close {
            log::error!("writer could not close a savepoint: {}", Error::from(e));
        }
        answers.push(ran.answer);
    }
    if rolled_back {
        log::error!("the database rolled a group's transaction back; its jobs are answered failed");
        let undone = Error::Unavailable(
            "the write was undone with its group after a database error; nothing changed, \
             try again"
                .into(),
        );
        return (answers, durability.begun(), Err(undone));
    }
    // Numbered before it runs: a reader can see the commit's rows as soon as
    // `COMMIT` publishes them, and must then read this number or a later one.
    let number = durability.begin_commit();
    let outcome = exec(conn, "COMMIT", []).map(|_| ()).map_err(|e| {
        let err = Error::from(e);
        log::error!("writer commit failed: {err}");
        let _ = conn.execute_batch("ROLLBACK");
        err
    });
    (answers, number, outcome)
}

#[cfg(test)]
pub(super) mod tests;
