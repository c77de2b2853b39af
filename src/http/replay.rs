//! Remembers the signatures of mutating requests for as long as their timestamp
//! would be accepted, so that a captured request cannot be sent again.

use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct ReplayGuard {
    /// signature -> Unix second after which it would be refused as stale anyway
    seen: Mutex<HashMap<String, i64>>,
}

impl ReplayGuard {
    /// True the first time a signature is presented; false for a replay.
    pub fn first_use(&self, signature: &str, expires_at: i64, now_secs: i64) -> bool {
        let Ok(mut seen) = self.seen.lock() else {
            return false;
        };
        if seen.len() > 1024 {
            seen.retain(|_, expiry| *expiry >= now_secs);
        }
        match seen.get(signature) {
            Some(expiry) if *expiry >= now_secs => false,
            _ => {
                seen.insert(signature.to_string(), expires_at);
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
}
