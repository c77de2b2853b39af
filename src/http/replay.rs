//! Remembers the signatures of mutating requests for as long as their timestamp
//! would be accepted, so that a captured request cannot be sent again.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct ReplayGuard {
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// signature -> Unix second after which it would be refused as stale anyway
    expiries: HashMap<String, i64>,
    /// Expired signatures are swept at most once a second: sweeping on every
    /// request made each request cost as much as the whole window's traffic.
    next_sweep: i64,
}

impl ReplayGuard {
    /// True the first time a signature is presented; false for a replay.
    pub fn first_use(&self, signature: &str, expires_at: i64, now_secs: i64) -> bool {
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        if now_secs >= seen.next_sweep {
            seen.expiries.retain(|_, expiry| *expiry >= now_secs);
            seen.next_sweep = now_secs + 1;
        }
        match seen.expiries.get(signature) {
            Some(expiry) if *expiry >= now_secs => false,
            _ => {
                seen.expiries.insert(signature.to_string(), expires_at);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_use_inside_the_window_is_a_replay() {
        let guard = ReplayGuard::default();
        assert!(guard.first_use("sig", 130, 100));
        assert!(!guard.first_use("sig", 130, 120));
        assert!(guard.first_use("other", 130, 120));
    }

    #[test]
    fn expired_signatures_are_swept_and_may_come_again() {
        let guard = ReplayGuard::default();
        assert!(guard.first_use("sig", 130, 100));
        assert!(
            guard.first_use("sig", 200, 131),
            "expired: no longer a replay"
        );
        assert_eq!(guard.seen.lock().unwrap().expiries.len(), 1);
    }
}
