//! What the writer counts for `/metrics`.

use super::Writer;
use crate::metrics::{AtomicHistogram, HistogramSnapshot};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// Batch-size histogram bounds: powers of two up to `MAX_BATCH`.
const BATCH_BOUNDS: &[u64] = &[1, 2, 4, 8, 16, 32, 64, 128];
/// Commit-latency histogram bounds, in microseconds.
const COMMIT_MICROS_BOUNDS: &[u64] = &[
    500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000,
    2_500_000, 5_000_000, 10_000_000,
];

/// What the writer has done since it started, for `/metrics`.
#[derive(Debug, Clone, Default)]
pub struct WriterStats {
    /// Jobs submitted and not yet taken into a batch.
    pub queue_depth: usize,
    /// Transactions committed (or attempted: see `failed_commits`).
    pub commits: u64,
    pub failed_commits: u64,
    pub jobs: u64,
    /// Jobs per transaction.
    pub batch_sizes: HistogramSnapshot,
    /// Seconds from `BEGIN IMMEDIATE` to the end of `COMMIT` (written to
    /// the WAL, not yet synced).
    pub commit_seconds: HistogramSnapshot,
    /// Seconds each fsync of the WAL took (one makes every group committed
    /// before it durable).
    pub sync_seconds: HistogramSnapshot,
}

pub(super) struct Counters {
    pub queued: AtomicUsize,
    pub commits: AtomicU64,
    pub failed_commits: AtomicU64,
    pub jobs: AtomicU64,
    pub batch_sizes: AtomicHistogram,
    pub commit_micros: AtomicHistogram,
    pub sync_micros: Arc<AtomicHistogram>,
}

impl Default for Counters {
    fn default() -> Counters {
        Counters {
            queued: AtomicUsize::new(0),
            commits: AtomicU64::new(0),
            failed_commits: AtomicU64::new(0),
            jobs: AtomicU64::new(0),
            batch_sizes: AtomicHistogram::new(BATCH_BOUNDS),
            commit_micros: AtomicHistogram::new(COMMIT_MICROS_BOUNDS),
            sync_micros: Arc::new(AtomicHistogram::new(COMMIT_MICROS_BOUNDS)),
        }
    }
}

impl Writer {
    pub fn stats(&self) -> WriterStats {
        let c = &self.counters;
        WriterStats {
            queue_depth: c.queued.load(Ordering::Relaxed),
            commits: c.commits.load(Ordering::Relaxed),
            failed_commits: c.failed_commits.load(Ordering::Relaxed),
            jobs: c.jobs.load(Ordering::Relaxed),
            batch_sizes: c.batch_sizes.snapshot(1.0),
            commit_seconds: c.commit_micros.snapshot(1e-6),
            sync_seconds: c.sync_micros.snapshot(1e-6),
        }
    }
}
