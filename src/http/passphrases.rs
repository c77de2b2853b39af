//! The verified-passphrase cache of the Coinbase-compatible API (docs/api.md, "Authentication"):
//! argon2 is slow on purpose, so each (key, passphrase) pair is checked with it
//! once per process and the verdict, right or wrong, is remembered under a
//! keyed digest. Concurrent first requests with the same pair wait for one
//! argon2 run instead of each starting their own.

use crate::crypto::verify_password;
use crate::domain::apikey::ApiKey;
use crate::keyring::MasterKey;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// More verdicts than this and the wrong ones are forgotten first (then all).
const MAX_ENTRIES: usize = 10_000;

#[derive(Default)]
pub struct PassphraseCache {
    verdicts: Mutex<HashMap<[u8; 32], Arc<OnceLock<bool>>>>,
}

impl PassphraseCache {
    /// Whether `passphrase` is the key's. A key without a passphrase accepts none.
    pub fn verify(&self, master: &MasterKey, key: &ApiKey, passphrase: &str) -> bool {
        let Some(stored) = key.passphrase_hash.as_deref() else {
            return false;
        };
        let digest = master.passphrase_digest(&key.id, stored, passphrase);
        self.verdict(digest, || {
            let ok = verify_password(passphrase, stored);
            log::debug!(
                target: "coffer::auth",
                "argon2 check of a passphrase for key {}: {}",
                key.id,
                if ok { "match" } else { "no match" }
            );
            ok
        })
    }

    /// The remembered verdict for `digest`, computing it with `check` (once,
    /// even when several threads ask at the same time) if there is none.
    fn verdict(&self, digest: [u8; 32], check: impl FnOnce() -> bool) -> bool {
        let cell = {
            let Ok(mut verdicts) = self.verdicts.lock() else {
                // A poisoned lock: answer without caching rather than refuse.
                return check();
            };
            if verdicts.len() >= MAX_ENTRIES && !verdicts.contains_key(&digest) {
                verdicts.retain(|_, cell| cell.get() == Some(&true));
                if verdicts.len() >= MAX_ENTRIES {
                    verdicts.clear();
                }
            }
            Arc::clone(verdicts.entry(digest).or_default())
        };
        *cell.get_or_init(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn each_digest_is_checked_once_right_or_wrong() {
        let cache = PassphraseCache::default();
        let runs = AtomicUsize::new(0);
        let check = |answer: bool| {
            let runs = &runs;
            move || {
                runs.fetch_add(1, Ordering::SeqCst);
                answer
            }
        };
        assert!(cache.verdict([1; 32], check(true)));
        assert!(cache.verdict([1; 32], check(false)), "the verdict is kept");
        assert!(!cache.verdict([2; 32], check(false)));
        assert!(!cache.verdict([2; 32], check(true)), "wrong stays wrong");
        assert_eq!(runs.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn concurrent_first_requests_share_one_check() {
        let cache = Arc::new(PassphraseCache::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let cache = Arc::clone(&cache);
                let runs = Arc::clone(&runs);
                std::thread::spawn(move || {
                    cache.verdict([7; 32], || {
                        runs.fetch_add(1, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(50));
                        true
                    })
                })
            })
            .collect();
        for t in threads {
            assert!(t.join().unwrap());
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_full_cache_forgets_wrong_verdicts_first() {
        let cache = PassphraseCache::default();
        let digest = |n: usize| {
            let mut d = [0u8; 32];
            d[..8].copy_from_slice(&n.to_le_bytes());
            d
        };
        cache.verdict(digest(0), || true);
        for n in 1..MAX_ENTRIES {
            cache.verdict(digest(n), || false);
        }
        cache.verdict(digest(MAX_ENTRIES), || false);
        let verdicts = cache.verdicts.lock().unwrap();
        assert_eq!(verdicts.len(), 2, "the good verdict and the newest");
        assert_eq!(verdicts[&digest(0)].get(), Some(&true));
    }
}
