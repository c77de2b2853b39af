//! `coffer backup`: a consistent copy of the live database, taken with SQLite's
//! online backup API while the server keeps writing.
//!
//! The copy is made in one backup step, inside one read transaction: in WAL
//! mode that never blocks the writer, and it cannot be restarted by the
//! writer's commits the way a page-by-page backup from another process is (a
//! busy server would keep a stepped backup restarting for ever). It goes to a
//! temporary file beside the destination, is made a single self-contained file
//! (rollback journal, no WAL), checked with `PRAGMA integrity_check`, fsynced,
//! renamed into place and the directory fsynced: the destination is either the
//! previous file or the whole new copy, never a torn one.

use super::open_connection;
use crate::domain::Error;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long the backup waits for a source that stays locked (recovery after a
/// crash holds it briefly) before giving up.
const BUSY_LIMIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub path: PathBuf,
    pub bytes: u64,
}

fn io<'a>(what: &'a str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |e| Error::Internal(format!("{what} {}: {e}", path.display()))
}

/// Copies the database at `source` to `dest` (a file path).
pub fn backup(source: &Path, dest: &Path) -> Result<Copied, Error> {
    let name = dest
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Internal(format!("{} is not a file name", dest.display())))?;
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if same_file(source, dest) {
        // The operator's mistake, not a fault: said plainly.
        return Err(Error::conflict(
            "backup_onto_live_database",
            format!(
                "{} is the live database; choose another destination",
                dest.display()
            ),
        ));
    }
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = copy_to(source, &temp).and_then(|bytes| {
        std::fs::rename(&temp, dest).map_err(io("cannot rename the copy to", dest))?;
        File::open(&dir)
            .and_then(|d| d.sync_all())
            .map_err(io("cannot fsync the directory", &dir))?;
        Ok(Copied {
            path: dest.to_path_buf(),
            bytes,
        })
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut side = temp.as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
    }
    result
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes the checked, fsynced copy at `temp`; returns its size.
fn copy_to(source: &Path, temp: &Path) -> Result<u64, Error> {
    let _ = std::fs::remove_file(temp);
    let from = open_connection(source, true)?;
    let mut to = Connection::open(temp)?;
    {
        let backup = Backup::new(&from, &mut to)?;
        let started = Instant::now();
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ => {
                    // Busy or Locked (the enum is non-exhaustive).
                    if started.elapsed() > BUSY_LIMIT {
                        return Err(Error::Unavailable(
                            "the database stayed locked; try again".into(),
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
    }
    drop(from);
    // One file, nothing beside it: a restore is a plain copy of this file.
    let mode: String = to.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!(
            "the copy stayed in journal mode {mode}"
        )));
    }
    let verdict: String = to.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(Error::Internal(format!(
            "the copy failed integrity_check: {verdict}"
        )));
    }
    to.close()
        .map_err(|(_, e)| Error::Internal(format!("cannot close the copy: {e}")))?;
    // The copy holds every customer's books: readable by its owner only.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp, std::fs::Permissions::from_mode(0o600))
            .map_err(io("cannot restrict the permissions of", temp))?;
    }
    let file = File::open(temp).map_err(io("cannot reopen the copy", temp))?;
    file.sync_all().map_err(io("cannot fsync the copy", temp))?;
    let bytes = file
        .metadata()
        .map_err(io("cannot read the size of", temp))?
        .len();
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_a_wal_database_into_one_checked_file() {
        let dir = std::env::temp_dir().join(format!(
            "coffer-backup-unit-{}-{}",
            std::process::id(),
            crate::domain::ids::new_id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let source = dir.join("coffer.db");
        let live = open_connection(&source, false).unwrap();
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
        let _ = std::fs::remove_dir_all(&dir);
    }
}
