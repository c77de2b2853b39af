//! The single writer. Jobs arrive on a queue; the writer takes every job waiting
//! (up to a batch limit), runs each in its own savepoint inside one `BEGIN
//! IMMEDIATE` transaction, commits once, and only then answers each job. Grouping
//! the jobs queued behind a commit amortises the fsync across them (group commit)
//! while every caller still sees its own write durable before its answer.

use super::backup::{self, Pages};
use super::exec;
use crate::domain::Error;
use crate::metrics::{AtomicHistogram, HistogramSnapshot};
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const MAX_BATCH: usize = 128;
/// During a backup, a writer that gets no job for this long goes back to
/// copying before its clients' share of the time is up.
const IDLE_DURING_BACKUP: Duration = Duration::from_millis(2);
/// How often a backup's caller is told how far it has got.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);
const QUEUE_CAPACITY: usize = 4096;
/// Batch-size histogram bounds: powers of two up to `MAX_BATCH`.
const BATCH_BOUNDS: &[u64] = &[1, 2, 4, 8, 16, 32, 64, 128];
/// Commit-latency histogram bounds, in microseconds.
const COMMIT_MICROS_BOUNDS: &[u64] = &[
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
    2_500_000, 5_000_000, 10_000_000,
];
/// How long the closing checkpoint waits for readers (a running `coffer verify`,
/// Litestream) before it settles for a partial one.
const CHECKPOINT_BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// A job run on the writer's connection (or `None`: the transaction could not be
/// opened, so the job fails unrun); it returns whether it succeeded and how to
/// answer its caller once the transaction's fate is known.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Ran + Send>;

struct Ran {
    succeeded: bool,
    answer: Box<dyn FnOnce(Result<(), Error>) + Send>,
}

/// What the writer has done since it started, for `/metrics`.
#[derive(Debug, Clone, Default)]
pub struct WriterStats {
    /// Jobs submitted and not yet taken into a batch.
    pub queue_depth: usize,
    /// Transactions committed (or attempted: see `failed_commits`).
    pub commits: u64,
    pub failed_commits: u64,
    pub jobs: u64,
    /// Jobs per transaction.
    pub batch_sizes: HistogramSnapshot,
    /// Seconds from `BEGIN IMMEDIATE` to the end of `COMMIT` (the fsync included).
    pub commit_seconds: HistogramSnapshot,
}

struct Counters {
    queued: AtomicUsize,
    commits: AtomicU64,
    failed_commits: AtomicU64,
    jobs: AtomicU64,
    batch_sizes: AtomicHistogram,
    commit_micros: AtomicHistogram,
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            queued: AtomicUsize::new(0),
            commits: AtomicU64::new(0),
            failed_commits: AtomicU64::new(0),
            jobs: AtomicU64::new(0),
            batch_sizes: AtomicHistogram::new(BATCH_BOUNDS),
            commit_micros: AtomicHistogram::new(COMMIT_MICROS_BOUNDS),
        }
    }
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
}

impl Writer {
    pub fn start(conn: Connection) -> Result<Writer, Error> {
        let (queue, jobs) = sync_channel::<Message>(QUEUE_CAPACITY);
        let counters = Arc::new(Counters::default());
        let thread_counters = Arc::clone(&counters);
        let thread = std::thread::Builder::new()
            .name("coffer-writer".into())
            .spawn(move || run(conn, jobs, &thread_counters))
            .map_err(|e| Error::Internal(format!("cannot start the writer thread: {e}")))?;
        Ok(Writer {
            queue,
            thread,
            counters,
        })
    }

    pub fn submit<T, F>(&self, job: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    {
        let (reply, answer) = sync_channel::<Result<T, Error>>(1);
        let job: Job = Box::new(move |conn| {
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
        });
        self.counters.queued.fetch_add(1, Ordering::Relaxed);
        if self.queue.send(Message::Job(job)).is_err() {
            self.counters.queued.fetch_sub(1, Ordering::Relaxed);
            return Err(Error::Unavailable("the writer has stopped".into()));
        }
        answer
            .recv()
            .unwrap_or_else(|_| Err(Error::Unavailable("the writer has stopped".into())))
    }

    pub fn alive(&self) -> bool {
        !self.thread.is_finished()
    }

    pub fn stats(&self) -> WriterStats {
        let c = &self.counters;
        WriterStats {
            queue_depth: c.queued.load(Ordering::Relaxed),
            commits: c.commits.load(Ordering::Relaxed),
            failed_commits: c.failed_commits.load(Ordering::Relaxed),
            jobs: c.jobs.load(Ordering::Relaxed),
            batch_sizes: c.batch_sizes.snapshot(1.0),
            commit_seconds: c.commit_micros.snapshot(1e-6),
        }
    }

    /// Copies the database into `dest` on the writer's own connection, in
    /// steps between batches (store/backup.rs); `progress` gets pages copied
    /// of the total after each step and cancels the copy by returning false.
    /// Returns once the last page is in `dest` (not yet fsynced).
    pub fn backup(
        &self,
        dest: Connection,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), Error> {
        let (done, outcome) = sync_channel(1);
        let pages = Arc::new(Pages::default());
        let request = backup::Request {
            dest,
            done,
            pages: Arc::clone(&pages),
        };
        self.queue
            .send(Message::Backup(request))
            .map_err(|_| Error::Unavailable("the writer has stopped".into()))?;
        let mut shown = (0, 0);
        loop {
            match outcome.recv_timeout(PROGRESS_EVERY) {
                Ok(outcome) => return outcome,
                Err(RecvTimeoutError::Timeout) => {
                    let now = (
                        pages.copied.load(Ordering::Relaxed),
                        pages.total.load(Ordering::Relaxed),
                    );
                    if now != shown {
                        shown = now;
                        if !progress(now.0, now.1) {
                            pages.cancel.store(true, Ordering::Relaxed);
                        }
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Unavailable("the writer has stopped".into()))
                }
            }
        }
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

fn run(conn: Connection, messages: Receiver<Message>, counters: &Counters) {
    while let Ok(first) = messages.recv() {
        let taken = take(Some(first), &messages);
        commit(&conn, taken.batch, counters);
        let mut close = taken.close;
        if let Some(request) = taken.backup {
            if close.is_some() {
                request.refuse(stopping());
            } else {
                // Steps of the copy, each followed by the clients' jobs: a
                // client waits for one step at most.
                backup::between_batches(&conn, request, &mut |serve_for| {
                    serve_during_backup(&conn, &messages, counters, serve_for, &mut close)
                });
            }
        }
        if let Some(reply) = close {
            let _ = reply.send(checkpoint(&conn));
            // Jobs still queued behind the close are dropped with the receiver:
            // their callers are answered "the writer has stopped".
            return;
        }
    }
}

fn stopping() -> Error {
    Error::Unavailable("the server is stopping".into())
}

fn backup_running() -> Error {
    Error::conflict(
        "backup_running",
        "a backup is already running; try again when it is done",
    )
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

/// Between two steps of a backup: commits the clients' jobs for `serve_for`,
/// or until none comes for a moment, so that the copy takes a bounded share
/// of a busy writer and goes at full speed on an idle one. True when the
/// writer is told to close (`close` then holds the reply).
fn serve_during_backup(
    conn: &Connection,
    messages: &Receiver<Message>,
    counters: &Counters,
    serve_for: Duration,
    close: &mut Option<CloseReply>,
) -> bool {
    let until = Instant::now() + serve_for;
    let mut first = None;
    loop {
        let taken = take(first.take(), messages);
        commit(conn, taken.batch, counters);
        if let Some(other) = taken.backup {
            other.refuse(backup_running());
        }
        if taken.close.is_some() {
            *close = taken.close;
            return true;
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        match messages.recv_timeout(left.min(IDLE_DURING_BACKUP)) {
            Ok(message) => first = Some(message),
            // Nothing for a moment: the copy goes on.
            Err(_) => return false,
        }
    }
}

/// Runs `batch` in one transaction (nothing when it is empty) and answers
/// its jobs.
fn commit(conn: &Connection, batch: Vec<Job>, counters: &Counters) {
    if batch.is_empty() {
        return;
    }
    counters.queued.fetch_sub(batch.len(), Ordering::Relaxed);
    counters
        .jobs
        .fetch_add(batch.len() as u64, Ordering::Relaxed);
    counters.batch_sizes.observe(batch.len() as u64);
    let started = Instant::now();
    let (answers, outcome) = run_batch(conn, batch);
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    counters.commit_micros.observe(micros);
    counters.commits.fetch_add(1, Ordering::Relaxed);
    if outcome.is_err() {
        counters.failed_commits.fetch_add(1, Ordering::Relaxed);
    }
    for answer in answers {
        answer(outcome.clone());
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

type Answer = Box<dyn FnOnce(Result<(), Error>) + Send>;

/// Runs `batch` in one transaction. Its statements go through the statement
/// cache like every other on the writer (docs/performance.md, "The write
/// path").
fn run_batch(conn: &Connection, batch: Vec<Job>) -> (Vec<Answer>, Result<(), Error>) {
    if let Err(e) = exec(conn, "BEGIN IMMEDIATE", []) {
        let err = Error::from(e);
        log::error!("writer cannot begin a transaction: {err}");
        let answers = batch.into_iter().map(|job| job(None).answer).collect();
        return (answers, Err(err));
    }
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = exec(conn, "SAVEPOINT job", []) {
            log::error!("writer savepoint failed: {}", Error::from(e));
            answers.push(job(None).answer);
            continue;
        }
        let ran = job(Some(conn));
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
    let outcome = exec(conn, "COMMIT", []).map(|_| ()).map_err(|e| {
        let err = Error::from(e);
        log::error!("writer commit failed: {err}");
        let _ = conn.execute_batch("ROLLBACK");
        err
    });
    (answers, outcome)
}

#[cfg(test)]
pub(super) mod tests;
