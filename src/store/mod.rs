//! Storage: the only module with SQL. One writer thread owns the write connection
//! and commits queued jobs; a small pool of read-only connections serves reads.

pub mod amounts;
mod ids;
mod migrate;
mod query;
mod writer;

pub mod activities;
pub mod address_book;
pub mod audit;
pub mod backup;
pub mod chain;
pub mod events;
pub mod idempotency;
pub mod keys;
pub mod ledger;
pub mod meta;
pub mod policies;
pub mod retention;
pub mod sandbox;
pub mod signatures;
pub mod signer_requests;
pub mod stats;
pub mod tenants;
pub mod totp;
pub mod transactions;
pub mod users;
pub mod vaults;
pub mod verify;
pub mod wallets;
pub mod webhooks;
pub mod xpubs;

use crate::domain::Error;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
pub use writer::{Checkpoint, WriterStats};

pub const DATABASE_FILE: &str = "coffer.db";
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Why a write failed when the filesystem had no room: the one unavailable
/// reason a client is told as it is (docs/performance.md, "Disk full").
pub const DISK_FULL: &str = "the disk is full";
const DAMAGED: &str = "the database file is not a SQLite database or is damaged: \
                       restore the data dir's coffer.db from a backup (README, \"Backups\")";
/// Bytes the WAL is truncated to after a checkpoint.
const WAL_SIZE_LIMIT: i64 = 64 * 1024 * 1024;
/// Pages in the WAL that make the writer's next commit checkpoint it: 32 MiB
/// of 4 KiB pages, half the size limit.
const WAL_AUTOCHECKPOINT_PAGES: i64 = 8192;
/// The writer's page cache, negative for KiB (SQLite's convention): 64 MiB,
/// against the default 2 MB that had it re-reading index pages from the
/// kernel on every commit (issue 13; docs/performance.md).
const WRITER_CACHE_KIB: i64 = -64 * 1024;

/// A handle on the database; clones share the writer and the read pool.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: writer::Writer,
    readers: Mutex<Vec<Connection>>,
    reader_returned: Condvar,
}

impl Store {
    /// Opens (creating if needed) and migrates the database, then starts the writer.
    pub fn open(path: &Path, read_connections: u32) -> Result<Store, Error> {
        make_private(path)?;
        let mut conn = open_connection(path, false)?;
        migrate::migrate(&mut conn)?;
        // The writer's pages stay in its own cache instead of being read
        // again from the kernel on every transfer (docs/performance.md).
        conn.pragma_update(None, "cache_size", WRITER_CACHE_KIB)?;
        // Each job runs in a savepoint inside the group's transaction; a page
        // an earlier job changed is copied to the statement journal before a
        // later job changes it again. Kept in memory, that copy is a memcpy;
        // on disk it was a pwrite per page, 14% of the writer's time
        // (docs/performance.md, "The write path").
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // The writer's commits go into the WAL without an fsync of their
        // own; its syncer thread fsyncs the WAL beside the next group's work
        // and answers each group only after that (store/writer/durable.rs).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A checkpoint copies each changed page once however often the WAL
        // holds it, and the tails of the time-ordered indexes change in
        // every group: checkpointing every 8192 pages instead of SQLite's
        // 1000 copies fewer versions per transfer (docs/performance.md,
        // "The write path").
        conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES)?;
        let readers = (0..read_connections.max(1))
            .map(|_| open_connection(path, true))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Store {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writer: writer::Writer::start(conn)?,
                readers: Mutex::new(readers),
                reader_returned: Condvar::new(),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `job` on a read-only connection from the pool. What it read may
    /// include commits not yet on disk: before anything of it leaves the
    /// process, the thread calls [`Store::settle_reads`].
    pub fn read<T>(&self, job: impl FnOnce(&Connection) -> Result<T, Error>) -> Result<T, Error> {
        let conn = self.take_reader()?;
        let result = job(&conn);
        if let Ok(mut pool) = self.inner.readers.lock() {
            pool.push(conn);
        }
        self.inner.reader_returned.notify_one();
        let seen = self.inner.writer.durability().begun();
        READ_UP_TO.with(|read| read.set(read.get().max(seen)));
        result
    }

    /// Waits until every commit this thread's reads may have seen is on
    /// disk, so that an answer, a webhook or a broadcast never shows a write
    /// a power cut could take back (store/writer/durable.rs). Returns at once
    /// when the writer has nothing on its way to the disk.
    pub fn settle_reads(&self) -> Result<(), Error> {
        let durability = self.inner.writer.durability();
        // Capped by this store's own count: a thread that read another store
        // (tests open several) never waits for a number this one won't reach.
        let seen = READ_UP_TO
            .with(|read| read.replace(0))
            .min(durability.begun());
        durability.wait_for(seen)
    }

    fn take_reader(&self) -> Result<Connection, Error> {
        let poisoned = |_| Error::Internal("read pool lock poisoned".into());
        let mut pool = self.inner.readers.lock().map_err(poisoned)?;
        loop {
            if let Some(conn) = pool.pop() {
                return Ok(conn);
            }
            pool = self.inner.reader_returned.wait(pool).map_err(poisoned)?;
        }
    }

    /// Runs `job` inside a write transaction on the writer thread and returns its
    /// result once the transaction is durably committed. A job that fails changes
    /// nothing (its savepoint is rolled back).
    pub fn write<T, F>(&self, job: F) -> Result<T, Error>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, Error> + Send + 'static,
    {
        self.inner.writer.submit(job)
    }

    pub fn writer_alive(&self) -> bool {
        self.inner.writer.alive()
    }

    pub fn writer_stats(&self) -> WriterStats {
        self.inner.writer.stats()
    }

    /// Copies the database into `temp` (an empty file a client made) on the
    /// writer's connection, in steps between its commits (store/backup.rs);
    /// `progress` gets pages copied of the total and cancels by returning
    /// false. The client then checks, fsyncs and renames the copy.
    pub fn backup_into(
        &self,
        temp: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<(), Error> {
        let dest = backup::open_copy(temp)?;
        self.inner.writer.backup(dest, progress)
    }

    /// Stops the writer after the jobs queued so far and checkpoints the WAL
    /// (shutdown). Writes after this fail as unavailable (503).
    pub fn close(&self) -> Result<Checkpoint, Error> {
        self.inner.writer.close()
    }
}

/// The database holds the books: readable by the service's user only. SQLite
/// gives the `-wal` and `-shm` files the mode of the database file, so making
/// that one 0600 before SQLite creates it covers all three; files an older
/// version left more open are tightened.
fn make_private(path: &Path) -> Result<(), Error> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let fail = |p: &Path, e: std::io::Error| {
            Error::Internal(format!(
                "cannot restrict the permissions of {}: {e}",
                p.display()
            ))
        };
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|e| fail(path, e))?;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let file = PathBuf::from(name);
            match std::fs::metadata(&file) {
                Ok(meta) if meta.permissions().mode() & 0o077 != 0 => {
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                        .map_err(|e| fail(&file, e))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

thread_local! {
    /// The last commit begun when this thread's latest reads ended
    /// (`Store::read`), until `Store::settle_reads` waits for it.
    static READ_UP_TO: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Opens a connection with the settings every connection needs.
pub fn open_connection(path: &Path, read_only: bool) -> Result<Connection, Error> {
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(256);
    if !read_only {
        // WAL lets readers run beside the writer; FULL makes every commit durable
        // across power loss, which an acknowledged ledger write requires.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        // After a checkpoint the WAL is cut back to this size, so one burst
        // (or a long reader) does not leave a huge WAL to replay after a
        // crash (docs/performance.md, "WAL").
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    amounts::register(&conn)?;
    Ok(conn)
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        // A movement that would take an account past the largest amount is the
        // client's (a deposit at the parser's cap), not a server fault.
        if amounts::is_overflow(&e) {
            return Error::Refused {
                code: "amount_too_large",
                message: "the movement would take a balance beyond the largest amount Coffer holds"
                    .into(),
            };
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => Error::Unavailable(DISK_FULL.into()),
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                Error::Unavailable("the database is busy".into())
            }
            Some(ErrorCode::ReadOnly) => Error::Unavailable("the database is read-only".into()),
            // The operator's to mend (a file that is not Coffer's, or damaged
            // on disk), not a bug: said plainly, with what to do.
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Error::Unavailable(DAMAGED.into())
            }
            _ => Error::Internal(format!("database: {e}")),
        }
    }
}

/// `Connection::execute` through the statement cache: the same statements run
/// for every request, so each is parsed once per connection.
pub(crate) fn exec<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// `Connection::query_row` through the statement cache.
pub(crate) fn query_one<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    map: impl FnOnce(&rusqlite::Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, map)
}

/// True for a UNIQUE or PRIMARY KEY violation, which callers turn into a 409.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

#[cfg(test)]
mod plan_tests;

#[cfg(test)]
pub(crate) mod tests {
    use rusqlite::Connection;

    /// A migrated in-memory database with the functions every connection has.
    pub fn memory() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        super::amounts::register(&conn).unwrap();
        super::migrate::migrate(&mut conn).unwrap();
        conn
    }
}
