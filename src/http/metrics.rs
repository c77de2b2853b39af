//! What `GET /metrics` shows (native/health.rs serves it): what the HTTP layer
//! measures (requests by route and status, latency, requests in flight), plus
//! the writer's, the ledger's and the database's numbers read at scrape time.

use crate::chain::status::NetworkStatus;
use crate::metrics::{Counter, Histogram, Metrics, Scrape, LATENCY_BUCKETS};
use crate::store::{self, Store};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// The route label of a request no route matched (404, 405): a fixed value, so
/// scanners cannot blow up the number of series.
pub const UNMATCHED: &str = "unmatched";

/// The request metrics every HTTP worker updates.
pub struct HttpMetrics {
    requests: Counter,
    duration: Histogram,
}

impl HttpMetrics {
    pub fn register(metrics: &Metrics) -> HttpMetrics {
        HttpMetrics {
            requests: metrics.counter(
                "coffer_http_requests_total",
                "HTTP requests answered, by route pattern, method and status.",
                &["route", "method", "status"],
            ),
            duration: metrics.histogram(
                "coffer_http_request_duration_seconds",
                "Time from reading a request to writing its answer, by route pattern and method.",
                &["route", "method"],
                LATENCY_BUCKETS,
            ),
        }
    }

    /// `route` is the matched route's pattern (or `UNMATCHED`).
    pub fn finished(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let method = standard_method(method);
        self.requests.inc(&[route, method, &status.to_string()]);
        self.duration.observe(&[route, method], seconds);
    }
}

/// The method as a label: a client may send any token, so others are `OTHER`.
fn standard_method(method: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    ];
    KNOWN
        .iter()
        .find(|m| **m == method)
        .copied()
        .unwrap_or("OTHER")
}

/// The HTTP server's own counts, read when scraped: connections (against
/// `[limits] max_connections`) and requests from their first byte to their
/// answer written, which includes clients slow to send or to read.
pub fn register_server_collector(metrics: &Metrics, stats: tiny_http::Stats) {
    metrics.collect_with(move |s| {
        s.gauge(
            "coffer_http_connections",
            "HTTP connections open now.",
            &[],
            stats.connections() as f64,
        );
        s.gauge(
            "coffer_http_requests_in_flight",
            "Requests being received, handled or answered now.",
            &[],
            stats.requests_in_flight() as f64,
        );
    });
}

/// Numbers read when scraped: the writer's counters, the ledger's transaction
/// counts, the database's size, and whether the server is shutting down.
pub fn register_collectors(metrics: &Metrics, store: Store, shutting_down: Arc<AtomicBool>) {
    metrics.collect_with(move |s| {
        s.gauge(
            "coffer_shutting_down",
            "1 once the server has begun shutting down.",
            &[],
            if shutting_down.load(Ordering::SeqCst) {
                1.0
            } else {
                0.0
            },
        );
        writer(s, &store);
        ledger(s, &store);
        database(s, &store);
    });
}

fn writer(s: &mut Scrape, store: &Store) {
    let w = store.writer_stats();
    s.gauge(
        "coffer_writer_queue_depth",
        "Write jobs waiting for the single writer.",
        &[],
        w.queue_depth as f64,
    );
    s.counter(
        "coffer_writer_jobs_total",
        "Write jobs run by the writer.",
        &[],
        w.jobs as f64,
    );
    s.counter(
        "coffer_writer_commits_total",
        "Transactions the writer committed or tried to (group commits).",
        &[],
        w.commits as f64,
    );
    s.counter(
        "coffer_writer_commit_failures_total",
        "Transactions whose COMMIT failed (their jobs were answered with the error).",
        &[],
        w.failed_commits as f64,
    );
    s.histogram(
        "coffer_writer_batch_size",
        "Write jobs grouped into one transaction.",
        &[],
        &w.batch_sizes,
    );
    s.histogram(
        "coffer_writer_commit_duration_seconds",
        "Time from BEGIN IMMEDIATE to the end of COMMIT (into the WAL; the fsync is timed apart).",
        &[],
        &w.commit_seconds,
    );
    s.histogram(
        "coffer_writer_sync_duration_seconds",
        "Time of each fsync of the WAL; every group committed before it is answered after it.",
        &[],
        &w.sync_seconds,
    );
}

/// Each live network's node and scanner, as the last scan pass saw them.
pub fn register_chain_collector(metrics: &Metrics, ledger: Arc<crate::service::ledger::Ledger>) {
    metrics.collect_with(move |s| {
        let statuses: Vec<_> = ledger
            .chains
            .evm()
            .iter()
            .map(|evm| (evm.network.name.as_str(), evm.status()))
            .collect();
        let gauge = |s: &mut Scrape,
                     name: &str,
                     help: &str,
                     value: &dyn Fn(&NetworkStatus) -> Option<f64>| {
            let samples: Vec<(Vec<(&str, &str)>, f64)> = statuses
                .iter()
                .filter_map(|(network, st)| Some((vec![("network", *network)], value(st)?)))
                .collect();
            s.gauges(name, help, &samples);
        };
        gauge(
            s,
            "coffer_chain_node_up",
            "1 when the network's node answered the last scan pass.",
            &|st| st.reachable.map(|up| if up { 1.0 } else { 0.0 }),
        );
        gauge(
            s,
            "coffer_chain_node_height",
            "The node's tip at the last pass it answered.",
            &|st| st.node_height.map(|h| h as f64),
        );
        gauge(
            s,
            "coffer_chain_scanned_height",
            "The highest block scanned.",
            &|st| st.scanned_height.map(|h| h as f64),
        );
        gauge(
            s,
            "coffer_chain_lag_blocks",
            "Blocks the scanner is behind the node.",
            &|st| st.lag().map(|l| l as f64),
        );
    });
}

/// Webhook delivery counts (queue depth is the pending count) and the sender's
/// attempt counters.
pub fn register_webhook_collector(
    metrics: &Metrics,
    store: Store,
    stats: Arc<crate::webhooks::Stats>,
) {
    metrics.collect_with(move |s| {
        match store.read(store::stats::webhook_delivery_counts) {
            Ok(rows) => {
                let samples: Vec<(Vec<(&str, &str)>, f64)> = rows
                    .iter()
                    .map(|(status, n)| (vec![("status", status.as_str())], *n as f64))
                    .collect();
                s.gauges(
                    "coffer_webhook_deliveries",
                    "Webhook deliveries by status; Pending is the delivery queue.",
                    &samples,
                );
            }
            Err(e) => log::warn!("metrics: cannot count webhook deliveries: {e}"),
        }
        let count = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed) as f64;
        s.counter(
            "coffer_webhook_delivered_total",
            "Webhook deliveries answered 2xx.",
            &[],
            count(&stats.delivered),
        );
        s.counter(
            "coffer_webhook_failed_attempts_total",
            "Webhook attempts that failed and will be retried.",
            &[],
            count(&stats.failed_attempts),
        );
        s.counter(
            "coffer_webhook_given_up_total",
            "Webhook deliveries marked Failed after retrying too long.",
            &[],
            count(&stats.given_up),
        );
    });
}

fn ledger(s: &mut Scrape, store: &Store) {
    match store.read(store::stats::transaction_counts) {
        Ok(rows) => {
            let samples: Vec<(Vec<(&str, &str)>, f64)> = rows
                .iter()
                .map(|(kind, status, n)| {
                    (
                        vec![("kind", kind.as_str()), ("status", status.as_str())],
                        *n as f64,
                    )
                })
                .collect();
            s.gauges(
                "coffer_ledger_transactions",
                "Custody transactions by kind and status, all tenants and environments.",
                &samples,
            );
        }
        Err(e) => log::warn!("metrics: cannot count transactions: {e}"),
    }
}

fn database(s: &mut Scrape, store: &Store) {
    match store.read(store::stats::database_bytes) {
        Ok(bytes) => s.gauge(
            "coffer_database_size_bytes",
            "Size of the SQLite database file's pages, without the WAL.",
            &[],
            bytes as f64,
        ),
        Err(e) => log::warn!("metrics: cannot read the database size: {e}"),
    }
    let mut wal = store.path().as_os_str().to_owned();
    wal.push("-wal");
    let wal_bytes = std::fs::metadata(&wal).map_or(0, |m| m.len());
    s.gauge(
        "coffer_database_wal_size_bytes",
        "Size of the SQLite write-ahead log file.",
        &[],
        wal_bytes as f64,
    );
}
