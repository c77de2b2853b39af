//! Remembers the signatures of mutating requests for as long as their timestamp
//! would be accepted, so that a captured request cannot be sent again. This is
//! the fast half; `store::signatures` is the durable half that a starting
//! server seeds it from (docs/security.md, "Replay").

use crate::domain::signing::SeenSignature;
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
    /// A guard that already knows `seen` (the signatures a previous run let through).
    pub fn seeded(seen: Vec<SeenSignature>) -> ReplayGuard {
        let guard = ReplayGuard::default();
        if let Ok(mut inner) = guard.seen.lock() {
            inner.expiries = seen
                .into_iter()
                .map(|s| (s.signature, s.expires_at))
                .collect();
        }
        guard
    }

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
    fn a_seeded_signature_is_a_replay_until_it_expires() {
        let guard = ReplayGuard::seeded(vec![SeenSignature {
            signature: "sig".into(),
            expires_at: 130,
        }]);
        assert!(!guard.first_use("sig", 130, 120));
        assert!(guard.first_use("sig", 200, 131));
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
