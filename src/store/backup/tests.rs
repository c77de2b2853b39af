use super::*;
use crate::store::writer::tests::temp_db;

#[test]
fn copies_a_wal_database_into_one_checked_file() {
    let tmp = temp_db("backup-unit");
    let dir = tmp.0.clone();
    let source = dir.join("coffer.db");
    let mut live = open_connection(&source, false).unwrap();
    super::super::migrate::migrate(&mut live).unwrap();
    live.execute_batch("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept');")
        .unwrap();
    let dest = dir.join("copy.db");
    let copied = backup(&source, &dest).unwrap();
    assert_eq!(copied.bytes, std::fs::metadata(&dest).unwrap().len());
    assert!(!dir.join("copy.db-wal").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    let copy = Connection::open(&dest).unwrap();
    let v: String = copy.query_row("SELECT v FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(v, "kept");
    let mode: String = copy
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete");

    let err = backup(&source, &source).unwrap_err();
    assert!(err.to_string().contains("live database"), "{err}");
    drop(live);
}

#[test]
fn the_writer_copies_between_its_commits_into_a_consistent_copy() {
    let tmp = temp_db("backup-writer");
    let dir = tmp.0.clone();
    let source = dir.join("coffer.db");
    let store = crate::store::Store::open(&source, 1).unwrap();
    // Two balances that always sum to 1,000, a row per move, and enough
    // padding for several steps of the copy.
    store
        .write(|c| {
            c.execute_batch(
                "CREATE TABLE acct (id TEXT PRIMARY KEY, bal INTEGER);
                 INSERT INTO acct VALUES ('a', 1000), ('b', 0);
                 CREATE TABLE moves (n INTEGER PRIMARY KEY, pad BLOB);
                 CREATE TABLE pad (n INTEGER PRIMARY KEY, pad BLOB);
                 WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 6000)
                 INSERT INTO pad SELECT n, zeroblob(2000) FROM k;",
            )?;
            Ok(())
        })
        .unwrap();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let load = {
        let (store, stop) = (store.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut moves = 0;
            while !stop.load(Ordering::Relaxed) {
                store
                    .write(|c| {
                        c.execute_batch(
                            "UPDATE acct SET bal = bal - 1 WHERE id = 'a';
                             UPDATE acct SET bal = bal + 1 WHERE id = 'b';
                             INSERT INTO moves (pad) VALUES (randomblob(3000));",
                        )?;
                        Ok(())
                    })
                    .unwrap();
                moves += 1;
            }
            moves
        })
    };
    let dest = dir.join("copy.db");
    let copied = backup_with(&source, &dest, &mut |temp| {
        store.backup_into(temp, &mut |done, total| done <= total)
    })
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let moves: i64 = load.join().unwrap();
    assert_eq!(copied.broken, None);

    let copy = Connection::open(&dest).unwrap();
    let (a, b, rows): (i64, i64, i64) = copy
        .query_row(
            "SELECT (SELECT bal FROM acct WHERE id = 'a'), (SELECT bal FROM acct WHERE id = 'b'),
                    (SELECT COUNT(*) FROM moves)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(a + b, 1000, "no move half in the copy");
    assert_eq!(b, rows, "every move with its row");
    assert!(rows <= moves, "{rows} moves copied, {moves} made");
    let pads: i64 = copy
        .query_row("SELECT COUNT(*) FROM pad", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pads, 6000);

    // Only into an empty file: never over the live database or anything else.
    let refused = store.backup_into(&source, &mut |_, _| true).unwrap_err();
    assert!(refused.to_string().contains("not empty"), "{refused}");
    // A stopped writer refuses a backup (the CLI then copies directly).
    store.close().unwrap();
    let refused = store.backup_into(&dir.join("copy.db"), &mut |_, _| true);
    assert!(refused.is_err(), "the writer has stopped");
}
