//! The HTTP server: tiny_http with a pool of worker threads, request ids and one
//! access-log line per request. The vendored tiny_http (vendor/tiny_http,
//! PATCHES.md there) gives every connection its own thread, which reads a
//! whole request (with caps and deadlines: docs/security.md) before a worker
//! sees it and writes the answer after, so workers never wait on a client.

use super::app::App;
use super::context::Ctx;
use super::error::{render, ApiError};
use super::family::Api;
use super::pipeline::Pipeline;
use super::reply::Reply;
use super::router::Match;
use crate::clock::Timestamp;
use crate::domain::cidr::IpAllowList;
use crate::domain::ids::new_id;
use crate::domain::Error;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tiny_http::{Header, Limits, Request, Response, Server};

pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Longest line of a request head (request line or one header): the longest
/// URL a client may send. A 9 KiB query string fits.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// Whole request head, and header lines in it.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;
pub const MAX_HEADERS: usize = 100;

/// What one client may hold of the server: docs/security.md.
pub fn limits(config: &crate::config::Limits) -> Limits {
    let secs = |s: u32| Duration::from_secs(u64::from(s));
    Limits {
        max_connections: config.max_connections as usize,
        max_line_bytes: MAX_LINE_BYTES,
        max_head_bytes: MAX_HEAD_BYTES,
        max_headers: MAX_HEADERS,
        max_body_bytes: MAX_BODY_BYTES,
        idle_timeout: secs(config.idle_timeout_secs),
        head_timeout: secs(config.head_timeout_secs),
        body_timeout: secs(config.body_timeout_secs),
        write_timeout: secs(config.write_timeout_secs),
    }
}

pub struct Listening {
    server: Arc<Server>,
    pub addr: SocketAddr,
}

/// Binds the listening socket (port 0 picks a free one).
pub fn bind(addr: &str, limits: Limits) -> Result<Listening, Error> {
    let cannot =
        |e: &dyn std::fmt::Display| Error::Internal(format!("cannot listen on {addr}: {e}"));
    // The operator's mistake (a port in use, an address not on this box),
    // said as such rather than as an internal error.
    let listener = std::net::TcpListener::bind(addr).map_err(|e| {
        Error::conflict(
            "cannot_listen",
            format!("cannot listen on {addr}: {e}; is another server using it? choose another with --listen"),
        )
    })?;
    let server = Server::from_listener_with_limits(listener, limits).map_err(|e| cannot(&e))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| Error::Internal("not listening on an IP address".into()))?;
    Ok(Listening {
        server: Arc::new(server),
        addr,
    })
}

/// The HTTP worker threads, serving until `stop`.
pub struct Running {
    server: Arc<Server>,
    workers: Vec<std::thread::JoinHandle<()>>,
    finished: Receiver<()>,
}

/// Tells `Running::stop` that a worker has left its loop, however it left it.
struct Finished(SyncSender<()>);

impl Drop for Finished {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// Starts `workers` threads serving requests.
pub fn start(listening: Listening, app: Arc<App>, workers: u32) -> Running {
    super::metrics::register_server_collector(&app.metrics, listening.server.stats());
    let (finished_tx, finished) = sync_channel(workers.max(1) as usize);
    let pipeline = Arc::new(Pipeline::default());
    let threads = (0..workers.max(1))
        .filter_map(|i| {
            let server = Arc::clone(&listening.server);
            let app = Arc::clone(&app);
            let pipeline = Arc::clone(&pipeline);
            let finished = Finished(finished_tx.clone());
            std::thread::Builder::new()
                .name(format!("coffer-http-{i}"))
                .spawn(move || {
                    let _finished = finished;
                    while let Ok(request) = server.recv() {
                        serve_one(&app, &pipeline, request);
                    }
                })
                .map_err(|e| log::error!("cannot start HTTP worker {i}: {e}"))
                .ok()
        })
        .collect();
    Running {
        server: listening.server,
        workers: threads,
        finished,
    }
}

/// How often `stop` looks whether the requests in flight are done.
const DRAIN_POLL: Duration = Duration::from_millis(10);

impl Running {
    /// Stops serving: no new request is taken (a new one is answered 503);
    /// requests already started (their first byte arrived) are read and
    /// answered (writes with 503, as the app is shutting down); then the
    /// workers leave and the listening socket is closed. Waits at most
    /// `grace`; returns whether every request and worker finished in time.
    pub fn stop(self, grace: Duration) -> bool {
        let deadline = Instant::now() + grace;
        self.server.drain();
        let stats = self.server.stats();
        while stats.requests_in_flight() > 0 && Instant::now() < deadline {
            std::thread::sleep(DRAIN_POLL);
        }
        let unfinished = stats.requests_in_flight();
        if unfinished > 0 {
            // Clients still sending or not reading: their deadlines end them.
            log::warn!("{unfinished} HTTP request(s) still in flight after {grace:?}; not waiting for them");
        }
        // tiny_http's `unblock` wakes one `recv` per call, and each worker leaves
        // its loop on the first wake it takes: one call per worker wakes them all.
        // The wakes queue behind requests already received, which are served first.
        for _ in &self.workers {
            self.server.unblock();
        }
        let mut finished = 0;
        while finished < self.workers.len() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.finished.recv_timeout(left) {
                Ok(()) => finished += 1,
                Err(_) => break,
            }
        }
        let all = finished == self.workers.len();
        if all {
            for worker in self.workers {
                let _ = worker.join();
            }
        } else {
            log::warn!(
                "{} HTTP request(s) still running after {grace:?}; not waiting for them",
                self.workers.len() - finished
            );
        }
        // Dropping the last handle on the server closes the listening socket.
        drop(self.server);
        all && unfinished == 0
    }
}

fn serve_one(app: &App, pipeline: &Pipeline, mut request: Request) {
    let started = Instant::now();
    let request_id = new_id();
    let method = request.method().as_str().to_ascii_uppercase();
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let peer = request
        .remote_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), SocketAddr::ip);
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|h| {
            (
                h.field.as_str().as_str().to_ascii_lowercase(),
                h.value.as_str().to_string(),
            )
        })
        .collect();

    let forwarded_for = headers
        .iter()
        .filter(|(name, _)| name == "x-forwarded-for")
        .map(|(_, value)| value.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let ip = client_ip(peer, &forwarded_for, &app.trusted_proxies);
    let mut route_name = super::metrics::UNMATCHED;
    let mut key_id = None;
    let reply = match read_body(&mut request) {
        Err(e) => render(&e, Api::for_path(path), &request_id),
        Ok(body) => match pipeline.router.find(&method, path) {
            Match::NotFound => render(&ApiError::RouteNotFound, Api::for_path(path), &request_id),
            Match::MethodNotAllowed(allowed) => render(
                &ApiError::MethodNotAllowed { allowed },
                Api::for_path(path),
                &request_id,
            ),
            Match::Found(route, params) => {
                route_name = route.endpoint.path;
                let mut ctx = Ctx {
                    app,
                    endpoint: &route.endpoint,
                    params,
                    request_id: request_id.clone(),
                    method: method.clone(),
                    url: url.clone(),
                    query_string: query.to_string(),
                    headers,
                    body,
                    ip,
                    now: Timestamp::now(),
                    caller: None,
                    claim: None,
                    signature: None,
                };
                let (reply, caller_key) = pipeline.handle(&mut ctx, route);
                key_id = caller_key;
                reply
            }
        },
    };
    // Nothing read leaves before it is on disk (store/writer/durable.rs).
    let reply = match app.store.settle_reads() {
        Ok(()) => reply,
        Err(e) => render(&ApiError::from(e), Api::for_path(path), &request_id),
    };
    let status = reply.status;
    if let Err(e) = request.respond(to_response(reply, &request_id)) {
        log::debug!("request {request_id}: client went away: {e}");
    }
    app.http_metrics
        .finished(route_name, &method, status, started.elapsed().as_secs_f64());
    log::info!(
        target: "coffer::access",
        "{method} {route_name} {path} {status} {}ms request_id={request_id} key_id={} ip={ip}",
        started.elapsed().as_millis(),
        key_id.as_deref().unwrap_or("-"),
    );
}

/// The body, read in full by tiny_http; one over `MAX_BODY_BYTES` was left
/// unread, whether or not the client announced its length.
fn read_body(request: &mut Request) -> Result<Vec<u8>, ApiError> {
    if request.body_too_large() {
        return Err(ApiError::PayloadTooLarge {
            limit: MAX_BODY_BYTES,
        });
    }
    let mut body = Vec::new();
    request.as_reader().read_to_end(&mut body).map_err(|_| {
        ApiError::Domain(Error::bad_request(
            "unreadable_body",
            "the request body could not be read",
        ))
    })?;
    Ok(body)
}

fn to_response(reply: Reply, request_id: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let mut add = |name: &str, value: &str| {
        if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    };
    let typed = reply
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if reply.status != 204 && !typed {
        add("Content-Type", "application/json");
    }
    add("X-Request-Id", request_id);
    for (name, value) in &reply.headers {
        add(name, value);
    }
    response
}

/// The client's address: the TCP peer, unless the peer is a trusted proxy; then
/// the right-most `X-Forwarded-For` entry that is not a trusted proxy (entries
/// to its left were written by the client and prove nothing). A malformed
/// entry stops the walk at the last address known good.
pub fn client_ip(peer: IpAddr, forwarded_for: &str, trusted: &IpAllowList) -> IpAddr {
    if trusted.is_empty() || !trusted.allows(peer) {
        return peer;
    }
    let mut client = peer;
    for entry in forwarded_for
        .rsplit(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match entry.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.allows(ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted(cidrs: &[&str]) -> IpAllowList {
        IpAllowList::parse(cidrs).unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(
            client_ip(ip("127.0.0.1"), "203.0.113.7", &trusted(&[])),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn only_a_trusted_peer_may_name_the_client() {
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("10.0.0.2"), "203.0.113.7", &t),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("192.0.2.1"), "203.0.113.7", &t),
            ip("192.0.2.1")
        );
    }

    #[test]
    fn the_right_most_untrusted_entry_wins_over_spoofed_ones() {
        let t = trusted(&["10.0.0.0/8"]);
        assert_eq!(
            client_ip(ip("10.0.0.2"), "1.1.1.1, 203.0.113.7, 10.0.0.9", &t),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), "garbage, 203.0.113.7", &t),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_ip(ip("10.0.0.2"), "203.0.113.7, garbage", &t),
            ip("10.0.0.2")
        );
        assert_eq!(client_ip(ip("10.0.0.2"), "", &t), ip("10.0.0.2"));
    }
}
