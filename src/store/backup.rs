//! `coffer backup`: a consistent copy of the live database, checked, in one
//! self-contained file.
//!
//! The pages get into a temporary file beside the destination one of two ways
//! (docs/performance.md, "verify and backup under load"):
//!
//! - **By the running server** (`between_batches`), on the writer's own
//!   connection, in steps of `STEP_PAGES` pages run between the writer's
//!   group commits. Each step is a short read; SQLite copies every page the
//!   writer changes afterwards into the copy as it commits it (changes made
//!   through the backup's own source connection never restart it), so the
//!   copy ends as the database stood after the last step, and no snapshot is
//!   held across steps: the WAL is checkpointed and restarted as usual. Only
//!   a write from another process (a CLI command writing directly) restarts
//!   the copy from its first page.
//! - **Directly** (`copy_directly`, when no server runs): another connection
//!   that holds one read transaction across all its steps. A step-wise backup
//!   from a connection that is not the writer's restarts whenever the writer
//!   commits, and would never finish under load; with the snapshot held it
//!   does not restart, and the WAL grows meanwhile (no server: no writes).
//!
//! Either way the copy is then made a single file (rollback journal, no WAL),
//! checked with `PRAGMA integrity_check` and the counters against their rows
//! (`verify::whole_file`, which `coffer verify` leaves to the backup while a
//! server runs), fsynced, renamed into place and the directory fsynced: the
//! destination is either the previous file or the whole new copy, never a
//! torn one.

use super::{open_connection, verify};
use crate::domain::Error;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the backup waits for a source that stays locked (recovery after a
/// crash holds it briefly) before giving up.
const BUSY_LIMIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub path: PathBuf,
    pub bytes: u64,
    /// What the counters check found wrong in the copy, if anything: the copy
    /// is kept (it is what the database holds), and the caller says so.
    pub broken: Option<String>,
}

fn io<'a>(what: &'a str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |e| Error::Internal(format!("{what} {}: {e}", path.display()))
}

/// Pages copied per backup step: 4 MiB of 4 KiB pages.
const STEP_PAGES: i32 = 1024;

/// Copies the database at `source` to `dest` (a file path) directly.
pub fn backup(source: &Path, dest: &Path) -> Result<Copied, Error> {
    backup_with(source, dest, &mut |temp| {
        copy_directly(source, temp, &mut |_, _| {})
    })
}

/// Copies the database at `source` to `dest` (a file path): `pages` fills the
/// temporary file it is given (made empty, 0600) with the database's pages;
/// the copy is then checked, fsynced and renamed to `dest`.
pub fn backup_with(
    source: &Path,
    dest: &Path,
    pages: &mut dyn FnMut(&Path) -> Result<(), Error>,
) -> Result<Copied, Error> {
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
    let dir = std::fs::canonicalize(&dir).map_err(io("cannot find the directory", &dir))?;
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = empty_file(&temp)
        .and_then(|()| pages(&temp))
        .and_then(|()| finish(&temp))
        .and_then(|(bytes, broken)| {
            std::fs::rename(&temp, dest).map_err(io("cannot rename the copy to", dest))?;
            File::open(&dir)
                .and_then(|d| d.sync_all())
                .map_err(io("cannot fsync the directory", &dir))?;
            Ok(Copied {
                path: dest.to_path_buf(),
                bytes,
                broken,
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

/// Makes `path` an empty file only its owner can read (the copy will hold
/// every customer's books).
fn empty_file(path: &Path) -> Result<(), Error> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        options
            .open(path)
            .map_err(io("cannot create the copy", path))?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(io("cannot restrict the permissions of", path))?;
    }
    #[cfg(not(unix))]
    options
        .open(path)
        .map_err(io("cannot create the copy", path))?;
    Ok(())
}

/// Fills `temp` (made by `backup_with`) from `source` through a connection of
/// this process, holding one read snapshot across the steps (see the
/// module's comment): for when no server runs.
pub fn copy_directly(
    source: &Path,
    temp: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(), Error> {
    // Whatever a failed attempt left there goes.
    empty_file(temp)?;
    let from = open_connection(source, true)?;
    let mut to = Connection::open(temp)?;
    let started = Instant::now();
    // The snapshot every step reads; taken by the first read, retried while
    // recovery after a crash holds the database.
    from.execute_batch("BEGIN")?;
    while let Err(e) = from.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |_| Ok(())) {
        if started.elapsed() > BUSY_LIMIT {
            return Err(Error::from(e));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let backup = Backup::new(&from, &mut to)?;
    loop {
        let step = backup.step(STEP_PAGES)?;
        let (done, total) = pages_of(&backup);
        progress(done, total);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => {
                // Busy or Locked (the enum is non-exhaustive).
                if started.elapsed() > BUSY_LIMIT {
                    return Err(locked());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

fn locked() -> Error {
    Error::Unavailable("the database stayed locked; try again".into())
}

/// Pages copied and the total, after a step.
fn pages_of(backup: &Backup<'_, '_>) -> (u64, u64) {
    let p = backup.progress();
    let total = u64::try_from(p.pagecount).unwrap_or(0);
    (
        total.saturating_sub(u64::try_from(p.remaining).unwrap_or(0)),
        total,
    )
}

/// Opens the file a client made for the server to copy into: it must be
/// there (the client made it, 0600, in the destination's directory). No
/// journal file beside it and no fsync per step: the client checks and
/// fsyncs the whole copy once it is complete.
pub fn open_copy(temp: &Path) -> Result<Connection, Error> {
    if !temp.is_absolute() {
        return Err(Error::bad_request(
            "invalid_path",
            format!("{} is not an absolute path", temp.display()),
        ));
    }
    // Only a file the client just made: never the live database, the key or
    // any other file with something in it.
    let len = std::fs::metadata(temp)
        .map_err(|e| Error::bad_request("invalid_path", format!("{}: {e}", temp.display())))?
        .len();
    if len != 0 {
        return Err(Error::bad_request(
            "invalid_path",
            format!(
                "{} is not empty: a backup goes into a new, empty file",
                temp.display()
            ),
        ));
    }
    let conn = Connection::open_with_flags(
        temp,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::Internal(format!("cannot open {}: {e}", temp.display())))?;
    conn.pragma_update(None, "journal_mode", "MEMORY")?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    Ok(conn)
}

/// A backup the writer runs (`Writer::backup`). The writer never waits on
/// its caller: progress goes into atomics the caller reads, the outcome into
/// a channel with room for it.
pub(super) struct Request {
    pub dest: Connection,
    pub done: SyncSender<Result<(), Error>>,
    pub pages: Arc<Pages>,
}

/// Pages copied and the total so far; `cancel` asks the writer to stop.
#[derive(Default)]
pub(super) struct Pages {
    pub copied: AtomicU64,
    pub total: AtomicU64,
    pub cancel: AtomicBool,
}

impl Request {
    pub fn refuse(self, why: Error) {
        let _ = self.done.try_send(Err(why));
    }
}

/// Runs on the writer thread, between two batches (no transaction open):
/// copies the database into `request.dest` a step at a time, calling
/// `between` after each step to commit the jobs that queued meanwhile;
/// `between` returns true when the writer is told to close, which abandons
/// the copy. The writer's commits during the copy go into it as they
/// happen (the backup's source is their connection), so nothing restarts.
pub(super) fn between_batches(
    conn: &Connection,
    request: Request,
    between: &mut dyn FnMut() -> bool,
) {
    let Request {
        mut dest,
        done,
        pages,
    } = request;
    let outcome = steps(conn, &mut dest, &pages, between);
    // Closed before the answer: the client reopens the file.
    drop(dest);
    let _ = done.try_send(outcome);
}

fn steps(
    conn: &Connection,
    dest: &mut Connection,
    pages: &Pages,
    between: &mut dyn FnMut() -> bool,
) -> Result<(), Error> {
    let backup = Backup::new(conn, dest)?;
    let mut busy_since: Option<Instant> = None;
    loop {
        let step = backup.step(STEP_PAGES)?;
        let (done, total) = pages_of(&backup);
        pages.total.store(total, Ordering::Relaxed);
        pages.copied.store(done, Ordering::Relaxed);
        match step {
            StepResult::Done => return Ok(()),
            StepResult::More => busy_since = None,
            _ => {
                let since = *busy_since.get_or_insert_with(Instant::now);
                if since.elapsed() > BUSY_LIMIT {
                    return Err(locked());
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        }
        if pages.cancel.load(Ordering::Relaxed) {
            return Err(Error::Unavailable("the backup was cancelled".into()));
        }
        if between() {
            return Err(Error::Unavailable(
                "the server is stopping: the backup was not finished".into(),
            ));
        }
    }
}

/// Makes the copy at `temp` one self-contained file, checks it whole and
/// fsyncs it; returns its size and what the counters check found.
fn finish(temp: &Path) -> Result<(u64, Option<String>), Error> {
    let to = Connection::open(temp)?;
    // One file, nothing beside it: a restore is a plain copy of this file.
    let mode: String = to.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!(
            "the copy stayed in journal mode {mode}"
        )));
    }
    if let Err(broken) = verify::integrity(&to)? {
        return Err(Error::Internal(format!("the copy failed {}", broken.0)));
    }
    let broken = verify::counters(&to)?.err().map(|b| b.0);
    to.close()
        .map_err(|(_, e)| Error::Internal(format!("cannot close the copy: {e}")))?;
    let file = File::open(temp).map_err(io("cannot reopen the copy", temp))?;
    file.sync_all().map_err(io("cannot fsync the copy", temp))?;
    let bytes = file
        .metadata()
        .map_err(io("cannot read the size of", temp))?
        .len();
    Ok((bytes, broken))
}

#[cfg(test)]
mod tests;
