//! The single writer. Jobs arrive on a queue; the writer takes every job waiting
//! (up to a batch limit), runs each in its own savepoint inside one `BEGIN
//! IMMEDIATE` transaction, commits once, and only then answers each job. Grouping
//! the jobs queued behind a commit amortises the fsync across them (group commit)
//! while every caller still sees its own write durable before its answer.

use crate::domain::Error;
use rusqlite::Connection;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

const MAX_BATCH: usize = 128;
const QUEUE_CAPACITY: usize = 4096;

/// A job run on the writer's connection (or `None`: the transaction could not be
/// opened, so the job fails unrun); it returns whether it succeeded and how to
/// answer its caller once the transaction's fate is known.
type Job = Box<dyn FnOnce(Option<&Connection>) -> Ran + Send>;

struct Ran {
    succeeded: bool,
    answer: Box<dyn FnOnce(Result<(), Error>) + Send>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct WriterStats {
    pub queue_depth: usize,
    pub commits: u64,
    pub jobs: u64,
}

#[derive(Default)]
struct Counters {
    queued: AtomicUsize,
    commits: AtomicU64,
    jobs: AtomicU64,
}

pub struct Writer {
    queue: SyncSender<Job>,
    thread: JoinHandle<()>,
    counters: Arc<Counters>,
}

impl Writer {
    pub fn start(conn: Connection) -> Result<Writer, Error> {
        let (queue, jobs) = sync_channel::<Job>(QUEUE_CAPACITY);
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
        if self.queue.send(job).is_err() {
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
        WriterStats {
            queue_depth: self.counters.queued.load(Ordering::Relaxed),
            commits: self.counters.commits.load(Ordering::Relaxed),
            jobs: self.counters.jobs.load(Ordering::Relaxed),
        }
    }
}

fn run(conn: Connection, jobs: Receiver<Job>, counters: &Counters) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        counters.queued.fetch_sub(batch.len(), Ordering::Relaxed);
        counters
            .jobs
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        let (answers, outcome) = run_batch(&conn, batch);
        counters.commits.fetch_add(1, Ordering::Relaxed);
        for answer in answers {
            answer(outcome.clone());
        }
    }
}

type Answer = Box<dyn FnOnce(Result<(), Error>) + Send>;

fn run_batch(conn: &Connection, batch: Vec<Job>) -> (Vec<Answer>, Result<(), Error>) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        let err = Error::from(e);
        log::error!("writer cannot begin a transaction: {err}");
        let answers = batch.into_iter().map(|job| job(None).answer).collect();
        return (answers, Err(err));
    }
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        if let Err(e) = conn.execute_batch("SAVEPOINT job") {
            log::error!("writer savepoint failed: {}", Error::from(e));
            answers.push(job(None).answer);
            continue;
        }
        let ran = job(Some(conn));
        let close = if ran.succeeded {
            conn.execute_batch("RELEASE job")
        } else {
            conn.execute_batch("ROLLBACK TO job; RELEASE job")
        };
        if let Err(e) = close {
            log::error!("writer could not close a savepoint: {}", Error::from(e));
        }
        answers.push(ran.answer);
    }
    let outcome = conn.execute_batch("COMMIT").map_err(|e| {
        let err = Error::from(e);
        log::error!("writer commit failed: {err}");
        let _ = conn.execute_batch("ROLLBACK");
        err
    });
    (answers, outcome)
}
