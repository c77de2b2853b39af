//! A doorbell for a background thread: `ring` wakes it at once, `wait` sleeps
//! until it is rung or a timeout passes. A ring while the thread is busy is
//! kept, so the next `wait` returns at once and no wake-up is lost.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
pub struct Doorbell(Arc<(Mutex<bool>, Condvar)>);

impl Doorbell {
    pub fn ring(&self) {
        let (rung, bell) = &*self.0;
        if let Ok(mut rung) = rung.lock() {
            *rung = true;
            bell.notify_one();
        }
    }

    pub fn wait(&self, timeout: Duration) {
        let (rung, bell) = &*self.0;
        let Ok(mut guard) = rung.lock() else { return };
        if !*guard {
            guard = match bell.wait_timeout(guard, timeout) {
                Ok((guard, _)) => guard,
                Err(_) => return,
            };
        }
        *guard = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn a_ring_before_the_wait_is_not_lost() {
        let bell = Doorbell::default();
        bell.ring();
        let started = Instant::now();
        bell.wait(Duration::from_secs(30));
        assert!(started.elapsed() < Duration::from_secs(30));
    }

    #[test]
    fn a_ring_from_another_thread_wakes_the_waiter() {
        let bell = Doorbell::default();
        let ringer = bell.clone();
        let t = std::thread::spawn(move || ringer.ring());
        bell.wait(Duration::from_secs(30));
        t.join().unwrap();
    }
}
