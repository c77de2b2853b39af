//! One scrape's text in the Prometheus text exposition format (version
//! 0.0.4): headers, samples with escaped labels, histogram buckets.

use super::{valid_label, valid_name, HistogramSnapshot, Kind};
use std::fmt::Write;

/// The text being built by one scrape. Collectors add whole families; a family
/// name already written is skipped (the format allows each family once).
#[derive(Default)]
pub struct Scrape {
    pub(super) out: String,
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

    pub(super) fn header(&mut self, name: &str, help: &str, kind: Kind) {
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

    pub(super) fn sample(&mut self, name: &str, labels: &[(&str, &str)], value: f64) {
        if self.skipping || !labels.iter().all(|(l, _)| valid_label(l)) {
            return;
        }
        self.out.push_str(name);
        write_labels(&mut self.out, labels);
        let _ = writeln!(self.out, " {}", format_value(value));
    }

    pub(super) fn histogram_samples(
        &mut self,
        name: &str,
        labels: &[(&str, &str)],
        h: &HistogramSnapshot,
    ) {
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
pub(super) fn format_value(v: f64) -> String {
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
