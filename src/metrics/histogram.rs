//! Histograms: the state a histogram family keeps per series, and a lock-free
//! histogram of whole numbers for hot paths.

use std::sync::atomic::{AtomicU64, Ordering};

/// A histogram's state: per-bucket (not cumulative) counts, then the count above
/// the last bound, the sum and the number of observations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HistogramSnapshot {
    pub bounds: Vec<f64>,
    /// One count per bound (observations ≤ that bound and > the one before),
    /// plus one for those above the last bound.
    pub counts: Vec<u64>,
    pub sum: f64,
}

impl HistogramSnapshot {
    pub fn new(bounds: &[f64]) -> HistogramSnapshot {
        HistogramSnapshot {
            bounds: bounds.to_vec(),
            counts: vec![0; bounds.len() + 1],
            sum: 0.0,
        }
    }

    pub fn observe(&mut self, value: f64) {
        let at = self
            .bounds
            .iter()
            .position(|b| value <= *b)
            .unwrap_or(self.bounds.len());
        if let Some(c) = self.counts.get_mut(at) {
            *c += 1;
        }
        self.sum += value;
    }

    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// A histogram of whole numbers updated without a lock, for hot paths (the
/// writer's batch sizes). Snapshots read each atomic once, so a scrape during
/// an update may be off by that one observation, never inconsistent in shape.
pub struct AtomicHistogram {
    bounds: Vec<u64>,
    counts: Vec<AtomicU64>,
    sum: AtomicU64,
}

impl AtomicHistogram {
    pub fn new(bounds: &[u64]) -> AtomicHistogram {
        AtomicHistogram {
            bounds: bounds.to_vec(),
            counts: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, value: u64) {
        let at = self
            .bounds
            .iter()
            .position(|b| value <= *b)
            .unwrap_or(self.bounds.len());
        if let Some(c) = self.counts.get(at) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        self.sum.fetch_add(value, Ordering::Relaxed);
    }

    /// The state with values scaled by `scale` (e.g. microseconds to seconds).
    pub fn snapshot(&self, scale: f64) -> HistogramSnapshot {
        HistogramSnapshot {
            bounds: self.bounds.iter().map(|b| *b as f64 * scale).collect(),
            counts: self
                .counts
                .iter()
                .map(|c| c.load(Ordering::Relaxed))
                .collect(),
            sum: self.sum.load(Ordering::Relaxed) as f64 * scale,
        }
    }
}
