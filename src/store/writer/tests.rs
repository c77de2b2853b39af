use super::*;

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

#[test]
fn counts_batches_then_closes_with_an_empty_wal() {
    let dir = temp_db("writer-close");
    let path = dir.0.join("t.db");
    let conn = crate::store::open_connection(&path, false).unwrap();
    conn.execute_batch("CREATE TABLE t (v INTEGER)").unwrap();
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
