//! Slow, oversized and pipelining clients (docs/security.md, "Connections:
//! deadlines and limits"): none of them may delay `/health` or a signed request
//! on another connection, and each is cut off at its cap or deadline. Raw
//! sockets on loopback; every loop is bounded in count and time, and every
//! read has a timeout, so a regression fails instead of hanging.

use crate::support::{now_secs, sign, try_raw, Server};
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// "Within a second" with room for a noisy CI machine.
const PROMPT: Duration = Duration::from_secs(3);

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.base.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

/// A client that gives up after 5 s: a stuck server fails the test.
fn quick_agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(5))
        .build()
}

/// `/health` and a signed native request, each on a fresh connection, are
/// answered 200 within `PROMPT`.
#[track_caller]
fn assert_prompt(server: &Server, when: &str) {
    let agent = quick_agent();
    let started = Instant::now();
    let health = try_raw(
        &agent,
        "GET",
        &format!("{}/health", server.base),
        &[("Connection", "close")],
        b"",
    );
    let took = started.elapsed();
    assert_eq!(health.map(|r| r.status), Ok(200), "/health {when}");
    assert!(took < PROMPT, "/health took {took:?} {when}");

    let (key, secret) = (&server.creds.key_id, &server.creds.secret);
    let ts = now_secs().to_string();
    let sig = sign(secret, &ts, "GET", "/v1/vaults", b"");
    let started = Instant::now();
    let signed = try_raw(
        &agent,
        "GET",
        &format!("{}/v1/vaults", server.base),
        &[
            ("X-API-Key", key),
            ("X-Timestamp", &ts),
            ("X-Signature", &sig),
            ("Connection", "close"),
        ],
        b"",
    );
    let took = started.elapsed();
    assert_eq!(signed.map(|r| r.status), Ok(200), "signed GET {when}");
    assert!(took < PROMPT, "signed GET took {took:?} {when}");
}

/// Reads until the server closes (end of file or reset) or `limit` passes;
/// returns what arrived and how long it took, or `Err` if still open.
fn read_until_closed(
    stream: &mut TcpStream,
    limit: Duration,
) -> Result<(Vec<u8>, Duration), String> {
    let started = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let left = limit.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(format!(
                "still open after {limit:?}; got {:?}",
                String::from_utf8_lossy(&got[..got.len().min(200)])
            ));
        }
        stream.set_read_timeout(Some(left)).unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return Ok((got, started.elapsed())),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Ok((got, started.elapsed())), // reset: closed too
        }
    }
}

fn status_of(answer: &[u8]) -> Option<u16> {
    std::str::from_utf8(answer.get(..12)?)
        .ok()?
        .strip_prefix("HTTP/1.1 ")?
        .parse()
        .ok()
}

/// Reads one answer with a Content-Length on a keep-alive connection.
fn read_answer(stream: &mut TcpStream) -> (u16, Vec<u8>) {
    let mut got = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = stream.read(&mut buf).expect("an answer");
        assert!(n > 0, "closed before an answer");
        got.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&got[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap_or_else(|| panic!("no content-length in {head}"));
    while got.len() < head_end + length {
        let n = stream.read(&mut buf).expect("the body");
        assert!(n > 0, "closed in the body");
        got.extend_from_slice(&buf[..n]);
    }
    let status = status_of(&got).unwrap_or_else(|| panic!("no status in {head}"));
    (status, got[head_end..head_end + length].to_vec())
}

/// A gauge of `/metrics` (scraped on a connection closed after the answer).
fn gauge(server: &Server, name: &str) -> f64 {
    let r = try_raw(
        &quick_agent(),
        "GET",
        &format!("{}/metrics", server.base),
        &[("Connection", "close")],
        b"",
    )
    .unwrap();
    r.text
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {}", r.text))
}

/// The server's resident memory, from /proc (Linux).
fn rss_kib(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.pid())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().strip_suffix("kB"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

#[test]
fn slow_uploads_do_not_delay_health_or_signed_requests() {
    let server = Server::start();
    // More than the 8 workers: uploads that announce a body and send a little
    // of it, by length and chunked, then nothing.
    let _uploads: Vec<TcpStream> = (0..12)
        .map(|i| {
            let mut s = connect(&server);
            let head = if i % 2 == 0 {
                "POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nabc"
            } else {
                "POST /nope HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"
            };
            s.write_all(head.as_bytes()).unwrap();
            s
        })
        .collect();
    for round in 0..3 {
        assert_prompt(
            &server,
            &format!("with 12 slow uploads open (round {round})"),
        );
    }
}

#[test]
fn slow_heads_and_bodies_get_408_and_idle_connections_close() {
    let server = Server::start_with(&[
        ("COFFER_LIMITS_IDLE_TIMEOUT_SECS", "1"),
        ("COFFER_LIMITS_HEAD_TIMEOUT_SECS", "1"),
        ("COFFER_LIMITS_BODY_TIMEOUT_SECS", "1"),
    ]);
    let slow = [
        ("an unfinished head", "GET /health HTTP/1.1\r\nHost: x\r\n"),
        (
            "a body short of its length",
            "POST /v1/vaults HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n{\"na",
        ),
        (
            "an unfinished chunked body",
            "POST /v1/vaults HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"na",
        ),
    ];
    let mut streams: Vec<(&str, TcpStream)> = slow
        .iter()
        .map(|(what, bytes)| {
            let mut s = connect(&server);
            s.write_all(bytes.as_bytes()).unwrap();
            (*what, s)
        })
        .collect();
    for (what, stream) in &mut streams {
        let (answer, _) = read_until_closed(stream, Duration::from_secs(6))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(status_of(&answer), Some(408), "{what}");
    }

    // A connection that never sends a byte, and a keep-alive one after its
    // answer, are closed without a word.
    let mut silent = connect(&server);
    let (answer, took) = read_until_closed(&mut silent, Duration::from_secs(6)).unwrap();
    assert_eq!(answer, b"", "silent connection");
    assert!(took >= Duration::from_millis(500), "closed after {took:?}");
    let mut keep_alive = connect(&server);
    keep_alive
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    assert_eq!(read_answer(&mut keep_alive).0, 200);
    let (answer, _) = read_until_closed(&mut keep_alive, Duration::from_secs(6)).unwrap();
    assert_eq!(answer, b"", "idle keep-alive connection");
    assert_prompt(&server, "after the deadlines");
}

#[test]
fn a_pipelining_client_that_never_reads_holds_only_its_own_connection() {
    let server = Server::start_with(&[("COFFER_LIMITS_WRITE_TIMEOUT_SECS", "2")]);
    // 100 answers of ~80 KB: far more than the socket buffers hold while the
    // client reads nothing.
    let mut pipelining = connect(&server);
    let requests = "GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100);
    pipelining.write_all(requests.as_bytes()).unwrap();
    for round in 0..3 {
        assert_prompt(
            &server,
            &format!("with a pipelining client (round {round})"),
        );
    }
    // The server gives up on it at the write deadline: the connection is gone
    // (the scrape is the only one left) with most answers never sent.
    let deadline = Instant::now() + Duration::from_secs(15);
    while gauge(&server, "coffer_http_connections") > 1.0 {
        assert!(
            Instant::now() < deadline,
            "the pipelining connection stayed open"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let (answers, _) = read_until_closed(&mut pipelining, Duration::from_secs(5)).unwrap();
    let sent = answers
        .windows(15)
        .filter(|w| w == b"HTTP/1.1 200 OK")
        .count();
    assert!(sent < 100, "all {sent} answers were written");
    assert_prompt(&server, "after the pipelining client was cut off");
}

#[test]
fn header_lines_and_heads_over_their_caps_get_431_and_a_close() {
    let server = Server::start();
    let long_line = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "a".repeat(64 * 1024 + 1)
    );
    let many = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\n{}\r\n",
        "X-Many: b\r\n".repeat(101)
    );
    let big_head = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\n{}\r\n",
        format!("X-Big: {}\r\n", "c".repeat(1000)).repeat(70)
    );
    for (what, request) in [
        ("a 64 KiB header line", long_line),
        ("101 headers", many),
        ("a 70 KB head", big_head),
    ] {
        let mut stream = connect(&server);
        // The server may answer before it has read everything: a failed write
        // still leaves its answer to read.
        let _ = stream.write_all(request.as_bytes());
        let (answer, took) = read_until_closed(&mut stream, Duration::from_secs(6))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(status_of(&answer), Some(431), "{what}");
        assert!(took < PROMPT, "{what}: closed after {took:?}");
    }
    // Just under the caps is served.
    let fits = format!(
        "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(15 * 1024)
    );
    let mut stream = connect(&server);
    stream.write_all(fits.as_bytes()).unwrap();
    assert_eq!(read_answer(&mut stream).0, 200);
}

#[test]
fn endless_headers_are_cut_off_without_growing_the_server() {
    let server = Server::start();
    let before = rss_kib(&server);
    // Eight connections each stream a header line that never ends, up to
    // 64 MiB; the server must close each long before that.
    let streams: Vec<_> = (0..8)
        .map(|_| {
            let mut stream = connect(&server);
            std::thread::spawn(move || {
                let piece = vec![b'a'; 64 * 1024];
                let mut sent = 0usize;
                let outcome = stream
                    .write_all(b"GET /health HTTP/1.1\r\nX-Endless: ")
                    .and_then(|()| {
                        while sent < 64 * 1024 * 1024 {
                            stream.write_all(&piece)?;
                            sent += piece.len();
                        }
                        Ok(())
                    });
                (outcome.map_err(|e| e.kind()), sent)
            })
        })
        .collect();
    for handle in streams {
        let (outcome, sent) = handle.join().unwrap();
        // Refused by the peer, not stuck on a full buffer.
        assert!(
            matches!(
                outcome,
                Err(ErrorKind::ConnectionReset | ErrorKind::BrokenPipe)
            ),
            "{outcome:?} after {sent} bytes"
        );
        // Cap, linger and socket buffers, far below what was offered.
        assert!(sent < 48 * 1024 * 1024, "{sent} bytes accepted");
    }
    let grown_mib = rss_kib(&server).saturating_sub(before) / 1024;
    assert!(grown_mib < 64, "the server grew by {grown_mib} MiB");
    assert_prompt(&server, "after endless headers");
}

#[test]
fn connections_past_the_cap_get_503_while_open_ones_are_served() {
    let server = Server::start_with(&[("COFFER_LIMITS_MAX_CONNECTIONS", "8")]);
    let mut open = connect(&server);
    let health = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
    open.write_all(health).unwrap();
    assert_eq!(read_answer(&mut open).0, 200);
    // Seven more connections that say nothing fill the cap of eight.
    let mut holders: Vec<TcpStream> = (0..7).map(|_| connect(&server)).collect();

    let mut refused = connect(&server);
    let (answer, took) = read_until_closed(&mut refused, Duration::from_secs(6)).unwrap();
    assert_eq!(status_of(&answer), Some(503), "past the cap");
    assert!(took < PROMPT, "refused after {took:?}");

    // The connection already open is served as before, promptly.
    let started = Instant::now();
    open.write_all(health).unwrap();
    assert_eq!(read_answer(&mut open).0, 200);
    assert!(started.elapsed() < PROMPT);

    // A closed connection frees its place.
    holders.pop();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut stream = connect(&server);
        let _ = stream.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let (answer, _) = read_until_closed(&mut stream, Duration::from_secs(6)).unwrap();
        if status_of(&answer) == Some(200) {
            break;
        }
        assert_eq!(status_of(&answer), Some(503));
        assert!(Instant::now() < deadline, "the freed place was not reused");
        std::thread::sleep(Duration::from_millis(50));
    }
}
