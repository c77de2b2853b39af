//! A small metrics registry rendered in the Prometheus text exposition format
//! (version 0.0.4), written by hand: a few counters, gauges and histograms do
//! not justify a dependency.
//!
//! Parts of the server register what they measure once, keep the handle, and
//! update it as they work:
//!
//! ```
//! use coffer::metrics::Metrics;
//! let metrics = Metrics::new();
//! let failures = metrics.counter("coffer_example_failures_total", "Failures.", &["reason"]);
//! failures.inc(&["timeout"]);
//! metrics.collect_with(|scrape| scrape.gauge("coffer_example_depth", "Queue depth.", &[], 3.0));
//! assert!(metrics.render().contains("coffer_example_failures_total{reason=\"timeout\"} 1"));
//! ```
//!
//! Values that are cheaper to read when scraped than to keep up to date (queue
//! depths, database size, counts from a query) are given by `collect_with`.

mod histogram;
mod scrape;

pub use histogram::{AtomicHistogram, HistogramSnapshot};
pub use scrape::Scrape;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// Buckets for request and commit latencies, in seconds.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

type Collector = Arc<dyn Fn(&mut Scrape) + Send + Sync>;

/// The registry: families registered by name, plus collectors run at scrape time.
#[derive(Default)]
pub struct Metrics {
    families: Mutex<Vec<Arc<Family>>>,
    collectors: Mutex<Vec<Collector>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

struct Family {
    name: String,
    help: String,
    kind: Kind,
    labels: Vec<String>,
    buckets: Vec<f64>,
    /// Label values → value (counters, gauges) or histogram state.
    series: Mutex<BTreeMap<Vec<String>, Series>>,
}

enum Series {
    Value(f64),
    Histogram(HistogramSnapshot),
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding a metrics lock leaves numbers, not invariants.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A counter family; `labels` are the values for the family's label names.
#[derive(Clone)]
pub struct Counter(Arc<Family>);

impl Counter {
    pub fn inc(&self, labels: &[&str]) {
        self.add(labels, 1.0);
    }

    pub fn add(&self, labels: &[&str], by: f64) {
        if by >= 0.0 {
            self.0.update(labels, |v| *v += by);
        }
    }
}

/// A gauge family.
#[derive(Clone)]
pub struct Gauge(Arc<Family>);

impl Gauge {
    pub fn set(&self, labels: &[&str], value: f64) {
        self.0.update(labels, |v| *v = value);
    }

    pub fn add(&self, labels: &[&str], by: f64) {
        self.0.update(labels, |v| *v += by);
    }
}

/// A histogram family.
#[derive(Clone)]
pub struct Histogram(Arc<Family>);

impl Histogram {
    pub fn observe(&self, labels: &[&str], value: f64) {
        let Some(key) = self.0.key(labels) else {
            return;
        };
        let mut series = lock(&self.0.series);
        let entry = series
            .entry(key)
            .or_insert_with(|| Series::Histogram(HistogramSnapshot::new(&self.0.buckets)));
        if let Series::Histogram(h) = entry {
            h.observe(value);
        }
    }
}

impl Family {
    fn key(&self, labels: &[&str]) -> Option<Vec<String>> {
        if labels.len() == self.labels.len() {
            Some(labels.iter().map(|l| (*l).to_string()).collect())
        } else {
            log::error!(
                "metric {} takes {} labels, got {}",
                self.name,
                self.labels.len(),
                labels.len()
            );
            None
        }
    }

    fn update(&self, labels: &[&str], f: impl FnOnce(&mut f64)) {
        let Some(key) = self.key(labels) else { return };
        let mut series = lock(&self.series);
        if let Series::Value(v) = series.entry(key).or_insert(Series::Value(0.0)) {
            f(v);
        }
    }

    fn render(&self, scrape: &mut Scrape) {
        let series = lock(&self.series);
        scrape.header(&self.name, &self.help, self.kind);
        for (values, s) in series.iter() {
            let labels: Vec<(&str, &str)> = self
                .labels
                .iter()
                .map(String::as_str)
                .zip(values.iter().map(String::as_str))
                .collect();
            match s {
                Series::Value(v) => scrape.sample(&self.name, &labels, *v),
                Series::Histogram(h) => scrape.histogram_samples(&self.name, &labels, h),
            }
        }
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn valid_label(name: &str) -> bool {
    valid_name(name) && !name.contains(':') && !name.starts_with("__") && name != "le"
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics::default()
    }

    /// Registers a counter (its name should end in `_total`).
    pub fn counter(&self, name: &str, help: &str, labels: &[&str]) -> Counter {
        Counter(self.register(name, help, Kind::Counter, labels, &[]))
    }

    pub fn gauge(&self, name: &str, help: &str, labels: &[&str]) -> Gauge {
        Gauge(self.register(name, help, Kind::Gauge, labels, &[]))
    }

    /// Registers a histogram with increasing bucket bounds (`+Inf` is implied).
    pub fn histogram(&self, name: &str, help: &str, labels: &[&str], buckets: &[f64]) -> Histogram {
        Histogram(self.register(name, help, Kind::Histogram, labels, buckets))
    }

    /// Runs `collector` at every scrape, after the registered families.
    pub fn collect_with(&self, collector: impl Fn(&mut Scrape) + Send + Sync + 'static) {
        lock(&self.collectors).push(Arc::new(collector));
    }

    /// Registering a name twice with the same shape returns the same family; a
    /// bad or clashing registration is logged and gives a family that is never
    /// rendered, so a mistake costs a metric, not the scrape.
    fn register(
        &self,
        name: &str,
        help: &str,
        kind: Kind,
        labels: &[&str],
        buckets: &[f64],
    ) -> Arc<Family> {
        let family = Arc::new(Family {
            name: name.to_string(),
            help: help.to_string(),
            kind,
            labels: labels.iter().map(|l| (*l).to_string()).collect(),
            buckets: buckets.to_vec(),
            series: Mutex::new(BTreeMap::new()),
        });
        let sorted = buckets.windows(2).all(|w| w[0] < w[1]);
        if !valid_name(name) || !labels.iter().all(|l| valid_label(l)) || !sorted {
            log::error!("metric {name}: invalid name, label or buckets; not exported");
            return family;
        }
        let mut families = lock(&self.families);
        if let Some(existing) = families.iter().find(|f| f.name == name) {
            if existing.kind == kind && existing.labels == family.labels {
                return Arc::clone(existing);
            }
            log::error!("metric {name} is registered twice with different shapes");
            return family;
        }
        families.push(Arc::clone(&family));
        family
    }

    /// The exposition text of every family and collector.
    pub fn render(&self) -> String {
        let mut scrape = Scrape::default();
        let families: Vec<Arc<Family>> = lock(&self.families).clone();
        for family in &families {
            family.render(&mut scrape);
        }
        // Run without holding the lock: a collector may use the registry.
        let collectors: Vec<Collector> = lock(&self.collectors).clone();
        for collector in &collectors {
            collector(&mut scrape);
        }
        scrape.out
    }
}

#[cfg(test)]
mod tests;
