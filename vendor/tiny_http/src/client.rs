//! COFFER PATCH: one thread per connection, which owns its socket. It reads a
//! request in full (head, then body, each with a cap and a deadline), hands it
//! to the threads calling `Server::recv`, waits for the answer, writes it with
//! a deadline, and only then reads the next request: one request in flight per
//! connection, so a pipelining client that never reads holds its own thread
//! until the write deadline, never a worker. Replaces upstream's
//! `ClientConnection` iterator, whose requests were read lazily by whoever held
//! them and whose answers were written by the workers.

use std::convert::TryFrom;
use std::io::{BufRead, BufReader, Read};
use std::net::{Shutdown, SocketAddr};
use std::sync::mpsc::Receiver;
use std::sync::Weak;
use std::time::Duration;

use crate::connection::Connection;
use crate::request::{new_request, ResponseSink};
use crate::util::MessagesQueue;
use crate::wire::{self, Body, Deadlined, Framing, ReadError};
use crate::{HTTPVersion, InFlight, Limits, Request, State};

/// Read buffer of a connection: a pipelining client's next requests wait in
/// it (and in the kernel) until the current one is answered.
const READ_BUFFER_BYTES: usize = 8 * 1024;

/// After the last answer on a connection that is closing, what the client
/// still sends (the rest of a refused body, say) is read and dropped for at
/// most this long and this much, so it reads the answer rather than a reset.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: u64 = 8 * 1024 * 1024;

/// Writing an answer the connection's thread makes up itself (408, 431...).
const REFUSAL_WRITE: Duration = Duration::from_secs(2);

/// Serves one connection until it closes, a deadline passes or the server
/// drains.
pub(crate) fn serve(
    conn: Connection,
    peer: Option<SocketAddr>,
    limits: &Limits,
    state: &State,
    queue: &Weak<MessagesQueue<Request>>,
) {
    if let Err(e) = conn.set_nodelay() {
        log::debug!("cannot set TCP_NODELAY: {}", e);
    }
    let mut wire = BufReader::with_capacity(READ_BUFFER_BYTES, Deadlined::new(conn));
    loop {
        wire.get_mut().set_deadline(limits.idle_timeout);
        match wire.fill_buf() {
            Ok(bytes) if !bytes.is_empty() => {}
            _ => return, // closed by the client, or idle too long
        }
        let in_flight = InFlight::begin(state);
        let next = if state.draining() {
            Next::Refuse(503)
        } else {
            serve_one(&mut wire, peer, limits, state, queue)
        };
        let linger_after = match next {
            Next::Request => continue,
            Next::Refuse(status) => write_bare(&mut wire, status),
            Next::Linger => true,
            Next::Drop => false,
        };
        // Answered: lingering is not part of the request.
        drop(in_flight);
        if linger_after {
            linger(wire);
        }
        return;
    }
}

/// What the connection does after a request.
enum Next {
    /// Read the next request.
    Request,
    /// Answer with a bare status, then close.
    Refuse(u16),
    /// The answer was written: close, reading what the client still sends.
    Linger,
    /// Close at once (the client is gone or too slow to read).
    Drop,
}

fn serve_one(
    wire: &mut BufReader<Deadlined>,
    peer: Option<SocketAddr>,
    limits: &Limits,
    state: &State,
    queue: &Weak<MessagesQueue<Request>>,
) -> Next {
    wire.get_mut().set_deadline(limits.head_timeout);
    let head = match wire::read_head(wire, limits) {
        Ok(head) => head,
        Err(e) => return refusal(&e),
    };
    let framing = match wire::framing(&head.headers) {
        Ok(framing) => framing,
        Err(e) => return refusal(&e),
    };
    let expect = head
        .headers
        .iter()
        .find(|h| h.field.equiv("Expect"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    if expect.as_deref().is_some_and(|e| e != "100-continue") {
        return Next::Refuse(417);
    }

    wire.get_mut().set_deadline(limits.body_timeout);
    let too_large = matches!(framing, Framing::Length(n) if n > limits.max_body_bytes as u64);
    if expect.is_some() && framing != Framing::None && !too_large {
        let interim = format!("HTTP/{} 100 Continue\r\n\r\n", version(&head.version));
        if wire
            .get_mut()
            .write_all_by_deadline(interim.as_bytes())
            .is_err()
        {
            return Next::Drop;
        }
    }
    let body = match wire::read_body(wire, &framing, limits.max_body_bytes) {
        Ok(body) => body,
        Err(e) => return refusal(&e),
    };
    let body_length = match framing {
        Framing::Length(n) => usize::try_from(n).ok(),
        _ => None,
    };

    // With both Content-Length and chunked, a proxy in front may have framed
    // the body differently: close after answering (RFC 9112 section 6.3).
    let both_framings =
        framing == Framing::Chunked && head.headers.iter().any(|h| h.field.equiv("Content-Length"));
    let close = wants_close(&head.version, &head.headers)
        || both_framings
        || body == Body::TooLarge
        || state.draining();
    let (sink, answer) = ResponseSink::new();
    let request = new_request(
        head.method,
        head.path,
        head.version,
        head.headers,
        peer,
        body,
        body_length,
        close,
        sink,
    );
    let Some(answer) = hand_over(request, queue, answer) else {
        return Next::Drop;
    };

    wire.get_mut().set_deadline(limits.write_timeout);
    if let Err(e) = wire.get_mut().write_all_by_deadline(&answer) {
        log::debug!("answer not written: {}", e);
        return Next::Drop;
    }
    if close || state.draining() {
        Next::Linger
    } else {
        Next::Request
    }
}

/// Queues the request for `Server::recv` and waits for its answer's bytes.
/// However the request ends (answered, dropped unanswered, or dropped with
/// the server's queue), its sink sends what was written.
fn hand_over(
    request: Request,
    queue: &Weak<MessagesQueue<Request>>,
    answer: Receiver<Vec<u8>>,
) -> Option<Vec<u8>> {
    // Not kept while waiting: a dropped `Server` must be able to drop its queue.
    queue.upgrade()?.push(request);
    answer.recv().ok()
}

fn refusal(e: &ReadError) -> Next {
    match e {
        ReadError::TimedOut => Next::Refuse(408),
        ReadError::HeadTooLarge => Next::Refuse(431),
        ReadError::Malformed => Next::Refuse(400),
        ReadError::Version => Next::Refuse(505),
        ReadError::Closed | ReadError::NotAscii => Next::Drop,
    }
}

fn version(v: &HTTPVersion) -> String {
    format!("{}.{}", v.0, v.1)
}

/// HTTP/1.0 closes unless it asks to keep alive; HTTP/1.1 keeps alive unless
/// it asks to close. An upgrade is not supported, so it closes too.
fn wants_close(version: &HTTPVersion, headers: &[crate::Header]) -> bool {
    let connection = headers
        .iter()
        .find(|h| h.field.equiv("Connection"))
        .map(|h| h.value.as_str().to_ascii_lowercase());
    match connection {
        Some(v) if v.contains("close") || v.contains("upgrade") => true,
        Some(v) if v.contains("keep-alive") => false,
        _ => *version == HTTPVersion(1, 0),
    }
}

fn bare(status: u16) -> String {
    let reason = crate::StatusCode(status).default_reason_phrase();
    format!("HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
}

/// Writes a bare status line the connection's thread made up; whether it was
/// written.
fn write_bare(wire: &mut BufReader<Deadlined>, status: u16) -> bool {
    wire.get_mut().set_deadline(REFUSAL_WRITE);
    wire.get_mut()
        .write_all_by_deadline(bare(status).as_bytes())
        .is_ok()
}

/// Closes our side, then reads and drops what the client still sends, for a
/// bounded time and size: closing with unread bytes would send a reset, and a
/// client still sending its body would lose the answer.
fn linger(mut wire: BufReader<Deadlined>) {
    let _ = wire.get_ref().conn().shutdown(Shutdown::Write);
    wire.get_mut().set_deadline(LINGER);
    let _ = std::io::copy(&mut wire.take(LINGER_BYTES), &mut std::io::sink());
}

/// Refuses a connection past `max_connections` (or while draining) on the
/// accept thread, which must never block: whatever already arrived is read
/// without waiting, a 503 is written without waiting (it fits in a fresh
/// socket's buffer), and the connection is closed.
pub(crate) fn refuse_busy(mut conn: Connection) {
    if conn.set_nonblocking(true).is_ok() {
        let mut scratch = [0u8; 4096];
        let _ = conn.read(&mut scratch);
        let _ = std::io::Write::write_all(&mut conn, bare(503).as_bytes());
    }
    let _ = conn.shutdown(Shutdown::Write);
}
