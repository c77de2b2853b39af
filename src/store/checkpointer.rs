//! Checkpoints off the writer's critical path. SQLite's automatic checkpoint
//! runs inside the commit that crosses 1000 WAL pages, on the committing
//! connection: the writer thread, with every job of the next batch waiting
//! behind it (copying the pages and fsyncing the database file). Instead the
//! writer's WAL hook wakes this thread, which runs a PASSIVE checkpoint on its
//! own connection while the writer goes on committing (docs/performance.md,
//! "The write path"). The writer still restarts the WAL once it has been
//! copied back and cuts it to `journal_size_limit`, so the WAL stays bounded
//! as before.

use super::open_connection;
use crate::domain::Error;
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

/// WAL pages after a commit that call for a checkpoint: SQLite's own default.
const PAGES: i32 = 1000;

#[derive(Default)]
struct State {
    due: bool,
    stop: bool,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    /// Checkpoints run so far.
    done: AtomicU64,
}

impl Shared {
    fn set(&self, change: impl FnOnce(&mut State)) {
        if let Ok(mut state) = self.state.lock() {
            change(&mut state);
        }
        self.wake.notify_one();
    }
}

pub struct Checkpointer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread on a connection of its own to the database at `path`
    /// and hands the writer's connection its WAL hook (which also turns off
    /// the writer's automatic checkpoint: one hook per connection).
    pub fn start(path: &Path, writer: &mut Connection) -> Result<Checkpointer, Error> {
        let conn = open_connection(path, false)?;
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("coffer-checkpoint".into())
            .spawn(move || run(&conn, &thread_shared))
            .map_err(|e| Error::Internal(format!("cannot start the checkpoint thread: {e}")))?;
        let hook_shared = Arc::clone(&shared);
        writer.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, pages: i32| {
            if pages >= PAGES {
                hook_shared.set(|s| s.due = true);
            }
            Ok(())
        }))?;
        Ok(Checkpointer {
            shared,
            thread: Some(thread),
        })
    }

    /// Checkpoints run so far.
    #[cfg(test)]
    fn done(&self) -> u64 {
        self.shared.done.load(Ordering::Relaxed)
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.shared.set(|s| s.stop = true);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(conn: &Connection, shared: &Shared) {
    loop {
        {
            let Ok(mut state) = shared.state.lock() else {
                return;
            };
            while !state.due && !state.stop {
                state = match shared.wake.wait(state) {
                    Ok(s) => s,
                    Err(_) => return,
                };
            }
            if state.stop {
                return;
            }
            state.due = false;
        }
        // PASSIVE takes no lock the writer needs; a reader pinning the WAL
        // only makes it copy less, and the next wake-up goes on from there.
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            log::warn!("checkpoint failed: {}", Error::from(e));
        }
        shared.done.fetch_add(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_the_wal_back_without_the_writer() {
        let dir = std::env::temp_dir().join(format!(
            "coffer-checkpointer-{}-{}",
            std::process::id(),
            crate::domain::ids::new_id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.db");
        let mut writer = open_connection(&path, false).unwrap();
        writer.execute_batch("CREATE TABLE t (v BLOB)").unwrap();
        let checkpointer = Checkpointer::start(&path, &mut writer).unwrap();
        // Commits until the hook has woken the thread and it has run (bounded);
        // the writer itself never checkpoints now (its hook is ours).
        let mut commits = 0;
        while checkpointer.done() == 0 && commits < 20_000 {
            writer
                .execute("INSERT INTO t (v) VALUES (zeroblob(4000))", [])
                .unwrap();
            commits += 1;
        }
        assert!(
            checkpointer.done() > 0,
            "no checkpoint after {commits} commits"
        );
        assert!(
            commits >= 250,
            "checkpointed before the threshold: {commits} commits"
        );
        drop(checkpointer);
        drop(writer);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
