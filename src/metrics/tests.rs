use super::scrape::format_value;
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
