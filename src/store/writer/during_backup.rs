//! A backup on the writer's connection, step by step between its clients'
//! groups (store/backup.rs, `between_batches`).

use super::backup::{self, Pages};
use super::{take, CloseReply, Line, Message, Writer};
use crate::domain::Error;
use rusqlite::Connection;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// During a backup, a writer that gets no job for this long goes back to
/// copying before its clients' share of the time is up.
const IDLE_DURING_BACKUP: Duration = Duration::from_millis(2);
/// How often a backup's caller is told how far it has got.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

impl Writer {
    /// Copies the database into `dest` on the writer's own connection, in
    /// steps between batches (store/backup.rs); `progress` gets pages copied
    /// of the total after each step and cancels the copy by returning false.
    /// Returns once the last page is in `dest` (not yet fsynced) and every
    /// commit the copy holds is durable in the database.
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
                Ok(outcome) => {
                    return outcome.and_then(|()| self.durability.wait_for(self.durability.begun()))
                }
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
}

pub(super) fn backup_running() -> Error {
    Error::conflict(
        "backup_running",
        "a backup is already running; try again when it is done",
    )
}

/// Between two steps of a backup: commits the clients' jobs for `serve_for`,
/// or until none comes for a moment, so that the copy takes a bounded share
/// of a busy writer and goes at full speed on an idle one. True when the
/// writer is told to close (`close` then holds the reply).
pub(super) fn serve_during_backup(
    line: &Line<'_>,
    messages: &Receiver<Message>,
    serve_for: Duration,
    close: &mut Option<CloseReply>,
) -> bool {
    let until = Instant::now() + serve_for;
    let mut first = None;
    loop {
        let taken = take(first.take(), messages);
        line.commit(taken.batch);
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
