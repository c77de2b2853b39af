use super::*;
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender};

/// A disk whose fsyncs wait for the test's word and fail when told; once the
/// test drops its sender, every fsync succeeds at once.
pub(super) struct Gate(Receiver<Result<(), String>>);

impl Gate {
    pub fn new() -> (Gate, Sender<Result<(), String>>) {
        let (open, gate) = channel();
        (Gate(gate), open)
    }
}

impl Disk for Gate {
    fn sync(&mut self) -> Result<(), String> {
        self.0.recv().unwrap_or(Ok(()))
    }
}

pub(in crate::store) struct TempDb(pub std::path::PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh directory, removed when dropped.
pub(in crate::store) fn temp_db(tag: &str) -> TempDb {
    let dir = std::env::temp_dir().join(format!(
        "coffer-{tag}-{}-{}",
        std::process::id(),
        crate::domain::ids::new_id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    TempDb(dir)
}

/// A fresh database with one table `t`, and the writer's connection to it.
fn table_t(tag: &str) -> (TempDb, std::path::PathBuf, Connection) {
    let dir = temp_db(tag);
    let path = dir.0.join("t.db");
    let conn = crate::store::open_connection(&path, false).unwrap();
    conn.execute_batch("CREATE TABLE t (v INTEGER)").unwrap();
    (dir, path, conn)
}

#[test]
fn counts_batches_then_closes_with_an_empty_wal() {
    let (dir, path, conn) = table_t("writer-close");
    let writer = Writer::start(conn).unwrap();
    for v in 0..5 {
        writer
            .submit(move |c| Ok(c.execute("INSERT INTO t (v) VALUES (?1)", [v])?))
            .unwrap();
    }
    let stats = writer.stats();
    assert_eq!((stats.jobs, stats.commits, stats.queue_depth), (5, 5, 0));
    assert_eq!(stats.batch_sizes.count(), 5);
    assert_eq!(stats.batch_sizes.sum, 5.0);
    assert_eq!(stats.commit_seconds.count(), 5);

    let wal = dir.0.join("t.db-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    let checkpoint = writer.close().unwrap();
    assert!(checkpoint.complete, "{checkpoint:?}");
    // Empty, or gone once the writer's connection (the last one) closed.
    let wal_bytes = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert_eq!(wal_bytes, 0, "TRUNCATE empties the WAL");
    let refused = writer.submit(|c| Ok(c.execute("INSERT INTO t (v) VALUES (9)", [])?));
    assert!(matches!(refused, Err(Error::Unavailable(_))), "{refused:?}");

    let read = crate::store::open_connection(&path, true).unwrap();
    let n: i64 = read
        .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 5);
}

type Opener = Sender<Result<(), String>>;

/// A writer on a fresh database with one table `t`, its fsyncs held back
/// until the test sends through the returned opener.
fn gated_writer(tag: &str) -> (TempDb, std::path::PathBuf, Writer, Opener) {
    let (dir, path, conn) = table_t(tag);
    let (gate, open) = Gate::new();
    let writer = Writer::start_on(conn, gate).unwrap();
    (dir, path, writer, open)
}

/// Rows in `t`, as another connection reads them.
fn rows(path: &std::path::Path) -> i64 {
    let read = crate::store::open_connection(path, true).unwrap();
    read.query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_commit_readers_can_see_is_answered_only_after_its_fsync() {
    let (_dir, path, writer, open) = gated_writer("writer-sync");
    let writer = Arc::new(writer);
    let submitted = {
        let writer = Arc::clone(&writer);
        std::thread::spawn(move || {
            writer.submit(|c| Ok(c.execute("INSERT INTO t VALUES (1)", [])?))
        })
    };
    // Bounded: the commit lands within a few seconds or the test fails.
    for _ in 0..500 {
        if rows(&path) == 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(rows(&path), 1, "committed into the WAL");
    // A reader that saw the row reads the commit's number: it must wait.
    let seen = writer.durability().begun();
    assert!(seen >= 1);
    std::thread::sleep(Duration::from_millis(50));
    assert!(
        !submitted.is_finished(),
        "answered before the WAL was synced"
    );
    open.send(Ok(())).unwrap();
    assert_eq!(submitted.join().unwrap().unwrap(), 1);
    writer.durability().wait_for(seen).unwrap();
    drop(open);
    writer.close().unwrap();
}

#[test]
fn after_a_failed_fsync_nothing_more_is_written() {
    let (_dir, path, writer, open) = gated_writer("writer-sync-fails");
    open.send(Err("EIO".into())).unwrap();
    let first = writer.submit(|c| Ok(c.execute("INSERT INTO t VALUES (1)", [])?));
    assert!(
        matches!(&first, Err(Error::Unavailable(m)) if m.contains("EIO")),
        "{first:?}"
    );
    assert!(!writer.alive(), "/health must show it");
    let second = writer.submit(|c| Ok(c.execute("INSERT INTO t VALUES (2)", [])?));
    assert!(matches!(second, Err(Error::Unavailable(_))), "{second:?}");
    assert_eq!(rows(&path), 1, "the second write never ran");
    drop(open);
    writer.close().unwrap();
}

/// `job` as the writer queues it, and where its answer arrives.
fn queued<F>(job: F) -> (Job, Receiver<Result<usize, Error>>)
where
    F: FnOnce(&Connection) -> Result<usize, Error> + Send + 'static,
{
    let (reply, answer) = sync_channel(1);
    (boxed(job, reply), answer)
}

/// Runs `batch` as the writer does and answers its jobs.
fn run_and_answer(conn: &Connection, batch: Vec<Job>) -> Result<(), Error> {
    let (answers, _, outcome) = run_batch(conn, batch, &Durability::default());
    for answer in answers {
        answer(outcome.clone());
    }
    outcome
}

#[test]
fn a_group_sqlite_rolled_back_by_itself_commits_nothing_and_answers_every_job_failed() {
    let (_dir, path, conn) = table_t("writer-rolled-back");
    let insert = |v: i64| move |c: &Connection| Ok(c.execute("INSERT INTO t VALUES (?1)", [v])?);
    let (batch, replies): (Vec<_>, Vec<_>) = vec![
        queued(insert(1)),
        // What SQLite does by itself when a statement meets a full disk.
        queued(|c| {
            c.execute("INSERT INTO t VALUES (2)", [])?;
            c.execute_batch("ROLLBACK")?;
            Err(Error::Unavailable(crate::store::DISK_FULL.into()))
        }),
        queued(insert(3)),
    ]
    .into_iter()
    .unzip();
    assert!(run_and_answer(&conn, batch).is_err());
    for (i, reply) in replies.iter().enumerate() {
        let answered = reply.recv().unwrap();
        assert!(answered.is_err(), "job {} answered {answered:?}", i + 1);
    }
    assert_eq!(rows(&path), 0, "nothing of the group may stay");

    // The writer goes on: the next group commits as usual.
    let (job, reply) = queued(insert(4));
    assert!(run_and_answer(&conn, vec![job]).is_ok());
    assert_eq!(reply.recv().unwrap().unwrap(), 1);
    assert_eq!(rows(&path), 1);
}
