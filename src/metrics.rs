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

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
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

/// The text being built by one scrape. Collectors add whole families; a family
/// name already written is skipped (the format allows each family once).
#[derive(Default)]
pub struct Scrape {
    out: String,
    written: Vec<String>,
    /// Whether the family whose header was written last is being skipped.
    skipping: bool,
}

impl Scrape {
    /// A gauge family with one sample per label set.
    pub fn gauges(&mut self, name: &str, help: &str, samples: &[(Vec<(&str, &str)>, f64)]) {
        self.header(name, help, Kind::Gauge);
        for (labels, value) in samples {
            self.sample(name, labels, *value);
        }
    }

    /// A gauge family with one sample.
    pub fn gauge(&mut self, name: &str, help: &str, labels: &[(&str, &str)], value: f64) {
        self.header(name, help, Kind::Gauge);
        self.sample(name, labels, value);
    }

    /// A counter family with one sample (a count kept elsewhere).
    pub fn counter(&mut self, name: &str, help: &str, labels: &[(&str, &str)], value: f64) {
        self.header(name, help, Kind::Counter);
        self.sample(name, labels, value);
    }

    /// A histogram family with one series (a histogram kept elsewhere).
    pub fn histogram(
        &mut self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
        h: &HistogramSnapshot,
    ) {
        self.header(name, help, Kind::Histogram);
        self.histogram_samples(name, labels, h);
    }

    fn header(&mut self, name: &str, help: &str, kind: Kind) {
        self.skipping = !valid_name(name) || self.written.iter().any(|w| w == name);
        if self.skipping {
            log::error!("metric {name} is invalid or written twice in one scrape; skipped");
            return;
        }
        self.written.push(name.to_string());
        let help = help.replace('\\', "\\\\").replace('\n', "\\n");
        let _ = writeln!(self.out, "# HELP {name} {help}");
        let _ = writeln!(self.out, "# TYPE {name} {}", kind.as_str());
    }

    fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        if self.skipping || !labels.iter().all(|(l, _)| valid_label(l)) {
            return;
        }
        self.out.push_str(name);
        write_labels(&mut self.out, labels);
        let _ = writeln!(self.out, " {}", format_value(value));
    }

    fn histogram_samples(&mut self, name: &str, labels: &[(&str, &str)], h: &HistogramSnapshot) {
        let mut cumulative = 0u64;
        let bucket = format!("{name}_bucket");
        for (i, bound) in h.bounds.iter().enumerate() {
            cumulative += h.counts.get(i).copied().unwrap_or(0);
            let le = format_value(*bound);
            let mut with_le = labels.to_vec();
            with_le.push(("le", &le));
            self.sample_unchecked(&bucket, &with_le, cumulative as f64);
        }
        let total = h.count();
        let mut with_inf = labels.to_vec();
        with_inf.push(("le", "+Inf"));
        self.sample_unchecked(&bucket, &with_inf, total as f64);
        self.sample(&format!("{name}_sum"), labels, h.sum);
        self.sample(&format!("{name}_count"), labels, total as f64);
    }

    /// `sample` for the `le` label, which is reserved for histograms.
    fn sample_unchecked(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        if self.skipping {
            return;
        }
        self.out.push_str(name);
        write_labels(&mut self.out, labels);
        let _ = writeln!(self.out, " {}", format_value(value));
    }
}

fn write_labels(out: &mut String, labels: &[(&str, &str)]) {
    if labels.is_empty() {
        return;
    }
    out.push('{');
    for (i, (name, value)) in labels.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let escaped = value
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        let _ = write!(out, "{name}=\"{escaped}\"");
    }
    out.push('}');
}

/// Go's `strconv.ParseFloat` accepts what this prints: integers without a
/// fraction, `+Inf`, `-Inf`, `NaN`.
fn format_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.into()
    } else if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_gauges_and_histograms() {
        let m = Metrics::new();
        let c = m.counter("t_requests_total", "Requests.", &["route", "status"]);
        c.inc(&["/v1/vaults", "201"]);
        c.inc(&["/v1/vaults", "201"]);
        c.inc(&["/v1/x", "404"]);
        let h = m.histogram("t_seconds", "Latency.", &["route"], &[0.1, 1.0]);
        h.observe(&["/a"], 0.05);
        h.observe(&["/a"], 0.5);
        h.observe(&["/a"], 7.0);
        m.gauge("t_depth", "Depth.", &[]).set(&[], 2.5);
        m.collect_with(|s| s.gauge("t_db_bytes", "Size.", &[], 4096.0));
        let text = m.render();
        let expected = "\
# HELP t_requests_total Requests.
# TYPE t_requests_total counter
t_requests_total{route=\"/v1/vaults\",status=\"201\"} 2
t_requests_total{route=\"/v1/x\",status=\"404\"} 1
# HELP t_seconds Latency.
# TYPE t_seconds histogram
t_seconds_bucket{route=\"/a\",le=\"0.1\"} 1
t_seconds_bucket{route=\"/a\",le=\"1\"} 2
t_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3
t_seconds_sum{route=\"/a\"} 7.55
t_seconds_count{route=\"/a\"} 3
# HELP t_depth Depth.
# TYPE t_depth gauge
t_depth 2.5
# HELP t_db_bytes Size.
# TYPE t_db_bytes gauge
t_db_bytes 4096
";
        assert_eq!(text, expected);
    }

    #[test]
    fn escapes_label_values_and_help() {
        let m = Metrics::new();
        m.counter("t_total", "a \\ b\nc", &["v"])
            .inc(&["quote\" back\\ nl\n"]);
        let text = m.render();
        assert!(text.contains("# HELP t_total a \\\\ b\\nc\n"), "{text}");
        assert!(
            text.contains("t_total{v=\"quote\\\" back\\\\ nl\\n\"} 1\n"),
            "{text}"
        );
    }

    #[test]
    fn refuses_bad_names_and_clashes_without_breaking_the_scrape() {
        let m = Metrics::new();
        m.counter("1bad", "x", &[]).inc(&[]);
        m.counter("t_ok_total", "x", &["le"]).inc(&["1"]);
        let a = m.counter("t_same_total", "x", &["a"]);
        let b = m.counter("t_same_total", "x", &["a"]);
        a.inc(&["1"]);
        b.inc(&["1"]);
        m.gauge("t_same_total", "x", &[]).set(&[], 5.0);
        a.inc(&["1", "2"]); // wrong label count: ignored
        m.collect_with(|s| s.gauge("t_same_total", "dup", &[], 1.0));
        let text = m.render();
        assert!(!text.contains("1bad"));
        assert!(!text.contains("t_ok_total"));
        assert_eq!(text.matches("# TYPE t_same_total").count(), 1, "{text}");
        assert!(text.contains("t_same_total{a=\"1\"} 2\n"), "{text}");
    }

    #[test]
    fn formats_values_as_prometheus_reads_them() {
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(0.0025), "0.0025");
        assert_eq!(format_value(f64::INFINITY), "+Inf");
        assert_eq!(format_value(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_value(f64::NAN), "NaN");
    }

    #[test]
    fn atomic_histograms_scale_their_snapshots() {
        let h = AtomicHistogram::new(&[1, 4]);
        for v in [1, 2, 3, 9] {
            h.observe(v);
        }
        let s = h.snapshot(1.0);
        assert_eq!(s.counts, vec![1, 2, 1]);
        assert_eq!((s.count(), s.sum), (4, 15.0));
        assert_eq!(h.snapshot(0.5).bounds, vec![0.5, 2.0]);
    }
}
