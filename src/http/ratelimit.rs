//! Fixed-window rate limits per key and per client address (docs/api.md, "Authentication").

use super::reply::Reply;
use crate::clock::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

const WINDOW_SECS: i64 = 60;
/// Past this many tracked keys, windows that have ended are swept out.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Unix seconds when the current window ends.
    pub reset: i64,
}

impl RateInfo {
    /// Adds the `X-RateLimit-*` headers every authenticated answer carries.
    pub fn annotate(self, reply: Reply) -> Reply {
        reply
            .with_header("X-RateLimit-Limit", self.limit.to_string())
            .with_header("X-RateLimit-Remaining", self.remaining.to_string())
            .with_header("X-RateLimit-Reset", self.reset.to_string())
    }

    pub fn retry_after_secs(self, now: Timestamp) -> u64 {
        u64::try_from((self.reset - now.unix_seconds()).max(1)).unwrap_or(1)
    }
}

pub struct FixedWindow {
    limit: u32,
    windows: Mutex<HashMap<String, (i64, u32)>>,
}

impl FixedWindow {
    pub fn per_minute(limit: u32) -> FixedWindow {
        FixedWindow {
            limit,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn window_start(now: Timestamp) -> i64 {
        now.unix_seconds().div_euclid(WINDOW_SECS) * WINDOW_SECS
    }

    fn info(&self, used: u32, start: i64) -> RateInfo {
        RateInfo {
            limit: self.limit,
            remaining: self.limit.saturating_sub(used),
            reset: start + WINDOW_SECS,
        }
    }

    /// Counts one request; `Err` when it is over the limit.
    pub fn hit(&self, key: &str, now: Timestamp) -> Result<RateInfo, RateInfo> {
        let start = Self::window_start(now);
        let Ok(mut windows) = self.windows.lock() else {
            return Ok(self.info(0, start));
        };
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (s, _)| *s == start);
        }
        let entry = windows.entry(key.to_string()).or_insert((start, 0));
        if entry.0 != start {
            *entry = (start, 0);
        }
        if entry.1 >= self.limit {
            return Err(self.info(entry.1, start));
        }
        entry.1 += 1;
        Ok(self.info(entry.1, start))
    }

    /// Whether `key` has used up its window, without counting anything.
    pub fn exhausted(&self, key: &str, now: Timestamp) -> Option<RateInfo> {
        let start = Self::window_start(now);
        let windows = self.windows.lock().ok()?;
        match windows.get(key) {
            Some(&(s, used)) if s == start && used >= self.limit => Some(self.info(used, start)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_then_refuses_until_the_next_window() {
        let limiter = FixedWindow::per_minute(2);
        let t = Timestamp::from_millis(120_000);
        assert_eq!(limiter.hit("k", t).unwrap().remaining, 1);
        assert_eq!(limiter.hit("k", t).unwrap().remaining, 0);
        let refused = limiter.hit("k", t).unwrap_err();
        assert_eq!(refused.reset, 180);
        assert_eq!(refused.retry_after_secs(t), 60);
        assert!(limiter.exhausted("k", t).is_some());
        assert!(limiter.hit("other", t).is_ok());
        let next = Timestamp::from_millis(180_000);
        assert!(limiter.exhausted("k", next).is_none());
        assert_eq!(limiter.hit("k", next).unwrap().remaining, 1);
    }
}
