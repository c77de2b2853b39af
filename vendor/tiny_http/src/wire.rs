//! COFFER PATCH: reading a request off the socket with caps and deadlines.
//! Every read goes through `Deadlined`, so no read outlives the deadline of the
//! phase it belongs to, and every buffer grows only as far as its cap.

use std::io::{self, BufRead, ErrorKind, Read, Write};
use std::str::FromStr;
use std::time::{Duration, Instant};

use crate::common::{HTTPVersion, Header, Method};
use crate::connection::Connection;
use crate::Limits;

/// A connection whose reads and writes fail with `TimedOut` past `deadline`.
pub(crate) struct Deadlined {
    conn: Connection,
    deadline: Instant,
}

fn timed_out() -> io::Error {
    io::Error::new(ErrorKind::TimedOut, "deadline passed")
}

impl Deadlined {
    pub(crate) fn new(conn: Connection) -> Deadlined {
        Deadlined {
            conn,
            deadline: Instant::now(),
        }
    }

    /// The next reads and writes must end within `within` from now.
    pub(crate) fn set_deadline(&mut self, within: Duration) {
        self.deadline = Instant::now() + within;
    }

    fn left(&self) -> io::Result<Duration> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(timed_out())
        } else {
            Ok(left)
        }
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Writes all of `bytes` before the deadline; a client that does not read
    /// gets its connection closed, it does not hold the thread longer.
    pub(crate) fn write_all_by_deadline(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            self.conn.set_write_timeout(Some(self.left()?))?;
            match self.conn.write(bytes) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if is_timeout(&e) => return Err(timed_out()),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// A socket timeout shows as `WouldBlock` on Unix and `TimedOut` on Windows.
fn is_timeout(e: &io::Error) -> bool {
    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
}

impl Read for Deadlined {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.conn.set_read_timeout(Some(self.left()?))?;
        match self.conn.read(buf) {
            Err(e) if is_timeout(&e) => Err(timed_out()),
            other => other,
        }
    }
}

/// Why a request could not be read; each has its answer in `client.rs`.
#[derive(Debug, PartialEq)]
pub(crate) enum ReadError {
    /// The client closed the connection, or it broke.
    Closed,
    /// The phase's deadline passed: 408.
    TimedOut,
    /// A line, the head or the header count is over its cap: 431.
    HeadTooLarge,
    /// Not HTTP/1.x as we read it: 400.
    Malformed,
    /// Bytes that are not ASCII in the head: closed without an answer, as
    /// tiny_http always did.
    NotAscii,
    /// HTTP/2 or later on this HTTP/1 port: 505.
    Version,
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        if e.kind() == ErrorKind::TimedOut {
            ReadError::TimedOut
        } else {
            ReadError::Closed
        }
    }
}

/// Reads one line ending in LF (a CR before it is dropped), at most `max`
/// bytes with its end, taken from `budget`; never buffers more than that.
pub(crate) fn read_line<R: BufRead>(
    r: &mut R,
    max: usize,
    budget: &mut usize,
) -> Result<Vec<u8>, ReadError> {
    let mut line = Vec::new();
    loop {
        let available = r.fill_buf()?;
        if available.is_empty() {
            return Err(ReadError::Closed);
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if line.len() + take > max || take > *budget {
            return Err(ReadError::HeadTooLarge);
        }
        line.extend_from_slice(&available[..take]);
        r.consume(take);
        *budget -= take;
        if done {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(line);
        }
    }
}

/// A request's head: its request line and headers.
pub(crate) struct Head {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) version: HTTPVersion,
    pub(crate) headers: Vec<Header>,
}

fn ascii(line: Vec<u8>) -> Result<String, ReadError> {
    if !line.is_ascii() {
        return Err(ReadError::NotAscii);
    }
    String::from_utf8(line).map_err(|_| ReadError::NotAscii)
}

const MAX_EMPTY_LINES: usize = 4;

/// Reads a head within `limits` (the deadline is the caller's).
pub(crate) fn read_head<R: BufRead>(r: &mut R, limits: &Limits) -> Result<Head, ReadError> {
    let mut budget = limits.max_head_bytes;
    // Empty lines before a request line are skipped (RFC 9112 section 2.2):
    // some clients end a body with an extra CRLF.
    let mut line = read_line(r, limits.max_line_bytes, &mut budget)?;
    for _ in 0..MAX_EMPTY_LINES {
        if !line.is_empty() {
            break;
        }
        line = read_line(r, limits.max_line_bytes, &mut budget)?;
    }
    let line = ascii(line)?;
    let (method, path, version) = parse_request_line(line.trim())?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(r, limits.max_line_bytes, &mut budget)?;
        if line.is_empty() {
            break;
        }
        if headers.len() == limits.max_headers {
            return Err(ReadError::HeadTooLarge);
        }
        let line = ascii(line)?;
        headers.push(Header::from_str(line.trim()).map_err(|_| ReadError::Malformed)?);
    }
    Ok(Head {
        method,
        path,
        version,
        headers,
    })
}

/// Parses a request line such as `GET /hello HTTP/1.1`.
fn parse_request_line(line: &str) -> Result<(Method, String, HTTPVersion), ReadError> {
    let mut parts = line.split(' ');
    let method = parts.next().and_then(|w| w.parse().ok());
    let path = parts
        .next()
        .filter(|p| !p.is_empty())
        .map(ToOwned::to_owned);
    let version = match parts.next() {
        Some("HTTP/1.0") => HTTPVersion(1, 0),
        Some("HTTP/1.1") => HTTPVersion(1, 1),
        Some(v) if v.starts_with("HTTP/") && v > "HTTP/1.1" => return Err(ReadError::Version),
        _ => return Err(ReadError::Malformed),
    };
    match (method, path, parts.next()) {
        (Some(method), Some(path), None) => Ok((method, path, version)),
        _ => Err(ReadError::Malformed),
    }
}

/// How the body is delimited.
#[derive(Debug, PartialEq)]
pub(crate) enum Framing {
    /// No Content-Length and no Transfer-Encoding: no body.
    None,
    /// Content-Length (saturated: a number past u64 is simply too large).
    Length(u64),
    Chunked,
}

/// The framing the headers announce. Conflicting or unparsable lengths and
/// transfer codings other than `chunked` are malformed: a server that
/// guesses reads a different body than a proxy in front of it would.
pub(crate) fn framing(headers: &[Header]) -> Result<Framing, ReadError> {
    let mut codings = headers
        .iter()
        .filter(|h| h.field.equiv("Transfer-Encoding"));
    if let Some(first) = codings.next() {
        let only_chunked = first.value.as_str().trim().eq_ignore_ascii_case("chunked");
        if !only_chunked || codings.next().is_some() {
            return Err(ReadError::Malformed);
        }
        return Ok(Framing::Chunked);
    }
    let mut length = None;
    for h in headers.iter().filter(|h| h.field.equiv("Content-Length")) {
        let value = h.value.as_str().trim();
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ReadError::Malformed);
        }
        let n = value.bytes().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        if length.is_some_and(|l| l != n) {
            return Err(ReadError::Malformed);
        }
        length = Some(n);
    }
    Ok(length.map_or(Framing::None, Framing::Length))
}

/// A body read in full, or one over the cap left unread.
#[derive(Debug, PartialEq)]
pub(crate) enum Body {
    Complete(Vec<u8>),
    TooLarge,
}

/// Reads a body of at most `max` bytes (the deadline is the caller's).
/// Memory grows with what arrives, not with what the client announced.
pub(crate) fn read_body<R: BufRead>(
    r: &mut R,
    framing: &Framing,
    max: usize,
) -> Result<Body, ReadError> {
    match *framing {
        Framing::None => Ok(Body::Complete(Vec::new())),
        Framing::Length(n) if n > max as u64 => Ok(Body::TooLarge),
        Framing::Length(n) => {
            let mut body = Vec::new();
            r.by_ref().take(n).read_to_end(&mut body)?;
            if (body.len() as u64) < n {
                return Err(ReadError::Closed);
            }
            Ok(Body::Complete(body))
        }
        Framing::Chunked => read_chunked(r, max),
    }
}

/// Longest chunk-size line (with extensions) and trailer section we read.
const MAX_CHUNK_LINE_BYTES: usize = 4096;
const MAX_TRAILER_BYTES: usize = 16 * 1024;

fn read_chunked<R: BufRead>(r: &mut R, max: usize) -> Result<Body, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = MAX_CHUNK_LINE_BYTES;
        let line = read_line(r, MAX_CHUNK_LINE_BYTES, &mut budget).map_err(not_head)?;
        let size = std::str::from_utf8(&line)
            .ok()
            .and_then(|l| l.split(';').next())
            .map(str::trim)
            .filter(|hex| !hex.is_empty() && hex.len() <= 16)
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .ok_or(ReadError::Malformed)?;
        if size == 0 {
            // Trailers are read and dropped, as tiny_http has no place for them.
            let mut budget = MAX_TRAILER_BYTES;
            while !read_line(r, MAX_TRAILER_BYTES, &mut budget)
                .map_err(not_head)?
                .is_empty()
            {}
            return Ok(Body::Complete(body));
        }
        if size > (max - body.len()) as u64 {
            return Ok(Body::TooLarge);
        }
        let before = body.len();
        r.by_ref().take(size).read_to_end(&mut body)?;
        if ((body.len() - before) as u64) < size {
            return Err(ReadError::Closed);
        }
        let mut budget = 2;
        if !read_line(r, 2, &mut budget).map_err(not_head)?.is_empty() {
            return Err(ReadError::Malformed);
        }
    }
}

/// An over-long line inside a body is a malformed body, not a large head.
fn not_head(e: ReadError) -> ReadError {
    match e {
        ReadError::HeadTooLarge => ReadError::Malformed,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn limits() -> Limits {
        Limits {
            max_line_bytes: 64,
            max_head_bytes: 128,
            max_headers: 3,
            ..Limits::default()
        }
    }

    fn head(bytes: &[u8]) -> Result<Head, ReadError> {
        read_head(&mut Cursor::new(bytes.to_vec()), &limits())
    }

    #[test]
    fn a_head_within_the_caps_is_read() {
        let h = head(b"GET /a?b=c HTTP/1.1\r\nHost: x\r\nX-A:  1 \r\n\r\nrest").unwrap();
        assert_eq!(h.path, "/a?b=c");
        assert_eq!(h.version, HTTPVersion(1, 1));
        assert_eq!(h.headers.len(), 2);
        assert_eq!(h.headers[1].value.as_str(), "1");
        let after_a_body = head(b"\r\nGET / HTTP/1.0\r\n\r\n").unwrap();
        assert_eq!(after_a_body.version, HTTPVersion(1, 0));
    }

    #[test]
    fn lines_heads_and_header_counts_over_their_caps_are_refused() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(64));
        assert_eq!(head(long.as_bytes()).err(), Some(ReadError::HeadTooLarge));
        let many = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
        assert_eq!(head(many.as_bytes()).err(), Some(ReadError::HeadTooLarge));
        let big = format!("GET / HTTP/1.1\r\nA: {0}\r\nB: {0}\r\n\r\n", "x".repeat(55));
        assert_eq!(head(big.as_bytes()).err(), Some(ReadError::HeadTooLarge));
        // An unterminated line stops at the cap, whatever follows.
        let endless = format!("GET / HTTP/1.1\r\nA: {}", "x".repeat(10_000));
        assert_eq!(
            head(endless.as_bytes()).err(),
            Some(ReadError::HeadTooLarge)
        );
    }

    #[test]
    fn bad_request_lines_and_versions() {
        assert_eq!(head(b"GET /\r\n\r\n").err(), Some(ReadError::Malformed));
        assert_eq!(
            head(b"GET / HTTP/1.1 x\r\n\r\n").err(),
            Some(ReadError::Malformed)
        );
        assert_eq!(
            head(b"GET / HTTP/2.0\r\n\r\n").err(),
            Some(ReadError::Version)
        );
        assert_eq!(
            head(b"GET /\xe9 HTTP/1.1\r\n\r\n").err(),
            Some(ReadError::NotAscii)
        );
        assert_eq!(head(b"GET / HTTP/1.1\r\nA").err(), Some(ReadError::Closed));
    }

    fn headers(lines: &[&str]) -> Vec<Header> {
        lines.iter().map(|l| l.parse().unwrap()).collect()
    }

    #[test]
    fn framing_refuses_ambiguity() {
        assert_eq!(framing(&headers(&[])), Ok(Framing::None));
        assert_eq!(
            framing(&headers(&["Content-Length: 5", "content-length: 5"])),
            Ok(Framing::Length(5))
        );
        assert_eq!(
            framing(&headers(&["Content-Length: 99999999999999999999999"])),
            Ok(Framing::Length(u64::MAX))
        );
        for bad in [
            &["Content-Length: 5", "Content-Length: 6"][..],
            &["Content-Length: +5"],
            &["Content-Length: "],
            &["Transfer-Encoding: gzip"],
            &["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"],
        ] {
            assert_eq!(framing(&headers(bad)), Err(ReadError::Malformed), "{bad:?}");
        }
        assert_eq!(
            framing(&headers(&[
                "Transfer-Encoding: Chunked",
                "Content-Length: 3"
            ])),
            Ok(Framing::Chunked)
        );
    }

    fn body(bytes: &[u8], framing: Framing, max: usize) -> Result<Body, ReadError> {
        read_body(&mut Cursor::new(bytes.to_vec()), &framing, max)
    }

    #[test]
    fn bodies_are_read_to_their_length_and_cap() {
        assert_eq!(
            body(b"hello, more", Framing::Length(5), 5),
            Ok(Body::Complete(b"hello".to_vec()))
        );
        assert_eq!(
            body(b"hello", Framing::Length(6), 6),
            Err(ReadError::Closed)
        );
        assert_eq!(body(b"", Framing::Length(6), 5), Ok(Body::TooLarge));
        let chunked = b"3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\nnext";
        assert_eq!(
            body(chunked, Framing::Chunked, 5),
            Ok(Body::Complete(b"abcde".to_vec()))
        );
        assert_eq!(body(chunked, Framing::Chunked, 4), Ok(Body::TooLarge));
        assert_eq!(
            body(b"3\r\nabcX\r\n0\r\n\r\n", Framing::Chunked, 9),
            Err(ReadError::Malformed)
        );
        assert_eq!(
            body(b"zz\r\n", Framing::Chunked, 9),
            Err(ReadError::Malformed)
        );
        assert_eq!(
            body(b"5\r\nab", Framing::Chunked, 9),
            Err(ReadError::Closed)
        );
        let long_ext = format!("1;{}\r\na\r\n0\r\n\r\n", "e".repeat(5000));
        assert_eq!(
            body(long_ext.as_bytes(), Framing::Chunked, 9),
            Err(ReadError::Malformed)
        );
    }
}
