//! COFFER PATCH: what one client may hold of the server (PATCHES.md).

use std::time::Duration;

/// Bounds on every connection, given to `Server::from_listener_with_limits`
/// (the other constructors use `Limits::default()`).
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections open at once; a connection past it is answered 503 and closed.
    pub max_connections: usize,
    /// Bytes in one line of a request's head (request line or header line,
    /// with its CRLF); past it the request is answered 431 and the connection closed.
    pub max_line_bytes: usize,
    /// Bytes in a request's whole head; past it: 431 and close.
    pub max_head_bytes: usize,
    /// Header lines in a request's head; past it: 431 and close.
    pub max_headers: usize,
    /// Bytes in a request's body. A larger body is not read: the request is
    /// handed over with an empty body and `Request::body_too_large()`, and the
    /// connection is closed after its answer.
    pub max_body_bytes: usize,
    /// How long a connection may wait for the first byte of a request (on a
    /// new connection, or between keep-alive requests); then it is closed
    /// without an answer.
    pub idle_timeout: Duration,
    /// From a request's first byte to the end of its head; past it: 408 and close.
    pub head_timeout: Duration,
    /// From the end of a request's head to the end of its body; past it: 408 and close.
    pub body_timeout: Duration,
    /// To write one answer; past it the connection is closed.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            max_line_bytes: 16 * 1024,
            max_head_bytes: 64 * 1024,
            max_headers: 100,
            max_body_bytes: 1024 * 1024,
            idle_timeout: Duration::from_secs(60),
            head_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
        }
    }
}
