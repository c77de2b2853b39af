//! Progress of a long command (`backup`, `verify`) on stderr: shown only once
//! the command has run for a second and only when stderr is a terminal, so
//! scripts, cron mail and tests see the same clean output as before.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Quiet for this long; a command that finishes sooner shows nothing.
const QUIET: Duration = Duration::from_secs(1);
/// At most this often.
const EVERY: Duration = Duration::from_millis(200);

pub struct Progress {
    started: Instant,
    last: Option<Instant>,
    terminal: bool,
}

impl Progress {
    pub fn start() -> Progress {
        Progress {
            started: Instant::now(),
            last: None,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    /// `what: done/total (n%)` on one line, rewritten in place.
    pub fn show(&mut self, what: &str, done: u64, total: u64) {
        let now = Instant::now();
        if !self.terminal
            || now.duration_since(self.started) < QUIET
            || self
                .last
                .is_some_and(|last| now.duration_since(last) < EVERY)
        {
            return;
        }
        self.last = Some(now);
        let percent = done.saturating_mul(100).checked_div(total).unwrap_or(100);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{what}: {done}/{total} ({percent}%)");
        let _ = err.flush();
    }
}

impl Drop for Progress {
    /// Clears the line, so what the command prints next starts clean.
    fn drop(&mut self) {
        if self.last.is_some() {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}
