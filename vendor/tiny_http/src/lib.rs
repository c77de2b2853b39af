//! # Simple usage
//!
//! ## Creating the server
//!
//! The easiest way to create a server is to call `Server::http()`.
//!
//! The `http()` function returns an `IoResult<Server>` which will return an error
//! in the case where the server creation fails (for example if the listening port is already
//! occupied).
//!
//! ```no_run
//! let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! ```
//!
//! A newly-created `Server` will immediately start listening for incoming connections and HTTP
//! requests.
//!
//! ## Receiving requests
//!
//! Calling `server.recv()` will block until the next request is available.
//! This function returns an `IoResult<Request>`, so you need to handle the possible errors.
//!
//! ```no_run
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//!
//! loop {
//!     // blocks until the next request is received
//!     let request = match server.recv() {
//!         Ok(rq) => rq,
//!         Err(e) => { println!("error: {}", e); break }
//!     };
//!
//!     // do something with the request
//!     // ...
//! }
//! ```
//!
//! In a real-case scenario, you will probably want to spawn multiple worker tasks and call
//! `server.recv()` on all of them. Like this:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::thread;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! let server = Arc::new(server);
//! let mut guards = Vec::with_capacity(4);
//!
//! for _ in (0 .. 4) {
//!     let server = server.clone();
//!
//!     let guard = thread::spawn(move || {
//!         loop {
//!             let rq = server.recv().unwrap();
//!
//!             // ...
//!         }
//!     });
//!
//!     guards.push(guard);
//! }
//! ```
//!
//! If you don't want to block, you can call `server.try_recv()` instead.
//!
//! ## Handling requests
//!
//! The `Request` object returned by `server.recv()` contains informations about the client's request.
//! The most useful methods are probably `request.method()` and `request.url()` which return
//! the requested method (`GET`, `POST`, etc.) and url.
//!
//! To handle a request, you need to create a `Response` object. See the docs of this object for
//! more infos. Here is an example of creating a `Response` from a file:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! ```
//!
//! All that remains to do is call `request.respond()`:
//!
//! ```no_run
//! # use std::fs::File;
//! # use std::path::Path;
//! # let server = tiny_http::Server::http("0.0.0.0:0").unwrap();
//! # let request = server.recv().unwrap();
//! # let response = tiny_http::Response::from_file(File::open(&Path::new("image.png")).unwrap());
//! let _ = request.respond(response);
//! ```
#![forbid(unsafe_code)]
#![deny(rust_2018_idioms)]
#![allow(clippy::match_like_matches_macro)]

use std::error::Error;
use std::io::Error as IoError;
use std::io::Result as IoResult;
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use connection::Connection;
use util::MessagesQueue;

pub use common::{HTTPVersion, Header, HeaderField, Method, StatusCode};
pub use connection::{ConfigListenAddr, ListenAddr, Listener};
pub use limits::Limits;
pub use request::Request;
pub use response::{Response, ResponseBox};
pub use test::TestRequest;

mod client;
mod common;
mod connection;
mod limits;
mod request;
mod response;
mod test;
mod util;
mod wire;

/// The main class of this library.
///
/// Destroying this object will immediately close the listening socket. Requests that have
///  already been returned by the `recv()` function will not close and the responses will be
///  transferred to the client.
///
/// COFFER PATCH: every connection has its own thread, bounded by `Limits::max_connections`,
/// which reads each request in full (head and body, with caps and deadlines) before it is
/// handed to `recv()`, and writes its answer with a deadline: the threads calling `recv()`
/// never touch a socket. See PATCHES.md.
pub struct Server {
    // shared with the accept thread and every connection thread
    state: Arc<State>,

    // queue for the requests read by the connection threads
    messages: Arc<MessagesQueue<Request>>,

    // result of TcpListener::local_addr()
    listening_addr: ListenAddr,
}

/// What the accept thread, the connection threads and the `Server` share.
pub(crate) struct State {
    /// Set when the `Server` is dropped: the accept thread stops.
    close: AtomicBool,
    /// Set by `Server::drain`: no new request is read.
    draining: AtomicBool,
    /// Connections open now (each has a thread).
    connections: AtomicUsize,
    /// Requests whose first byte has arrived and whose answer is not yet written.
    in_flight: AtomicUsize,
}

impl State {
    pub(crate) fn draining(&self) -> bool {
        self.draining.load(SeqCst)
    }
}

/// Counts one request in flight while it lives. Increment, then check
/// `draining` (and `drain` sets `draining`, then reads the count): with both
/// sides `SeqCst`, a request is either refused or waited for, never lost.
pub(crate) struct InFlight<'a>(&'a State);

impl<'a> InFlight<'a> {
    pub(crate) fn begin(state: &'a State) -> InFlight<'a> {
        state.in_flight.fetch_add(1, SeqCst);
        InFlight(state)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, SeqCst);
    }
}

/// One of the `max_connections` slots, freed when the connection's thread ends.
struct Slot(Arc<State>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, SeqCst);
    }
}

/// Counts read at any time, from any thread (for metrics and shutdown).
#[derive(Clone)]
pub struct Stats(Arc<State>);

impl Stats {
    /// Connections open now.
    pub fn connections(&self) -> usize {
        self.0.connections.load(SeqCst)
    }

    /// Requests being read, handled or answered now: from their first byte to
    /// the end of writing their answer.
    pub fn requests_in_flight(&self) -> usize {
        self.0.in_flight.load(SeqCst)
    }
}

// Server must be shared between threads.
const _: fn() = || {
    fn share<T: Sync + Send>() {}
    share::<Server>();
};

pub struct IncomingRequests<'a> {
    server: &'a Server,
}

/// Represents the parameters required to create a server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The addresses to try to listen to.
    pub addr: ConfigListenAddr,

    /// Must be `None`: TLS support was removed from this copy (COFFER PATCH).
    pub ssl: Option<SslConfig>,
}

/// Configuration of the server for SSL (unsupported in this copy).
#[derive(Debug, Clone)]
pub struct SslConfig {
    /// Contains the public certificate to send to clients.
    pub certificate: Vec<u8>,
    /// Contains the ultra-secret private key used to decode communications.
    pub private_key: Vec<u8>,
}

/// How long the accept thread waits after a failed `accept` (out of file
/// descriptors, say) before trying again, instead of giving up for good.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// Stack of a connection thread: it only parses and copies bytes.
const CONNECTION_STACK_BYTES: usize = 256 * 1024;

impl Server {
    /// Shortcut for a simple server on a specific address.
    #[inline]
    pub fn http<A>(addr: A) -> Result<Server, Box<dyn Error + Send + Sync + 'static>>
    where
        A: ToSocketAddrs,
    {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::from_socket_addrs(addr)?,
            ssl: None,
        })
    }

    #[cfg(unix)]
    #[inline]
    /// Shortcut for a UNIX socket server at a specific path
    pub fn http_unix(
        path: &std::path::Path,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        Server::new(ServerConfig {
            addr: ConfigListenAddr::unix_from_path(path),
            ssl: None,
        })
    }

    /// Builds a new server that listens on the specified address.
    pub fn new(config: ServerConfig) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = config.addr.bind()?;
        Self::from_listener(listener, config.ssl)
    }

    /// Builds a new server using the specified TCP listener, with `Limits::default()`.
    ///
    /// This is useful if you've constructed TcpListener using some less usual method
    /// such as from systemd. For other cases, you probably want the `new()` function.
    pub fn from_listener<L: Into<Listener>>(
        listener: L,
        ssl_config: Option<SslConfig>,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        if ssl_config.is_some() {
            return Err("this copy of tiny_http does not support TLS".into());
        }
        Self::from_listener_with_limits(listener, Limits::default())
    }

    /// Builds a new server using the specified listener, with `limits` on every
    /// connection (COFFER PATCH).
    pub fn from_listener_with_limits<L: Into<Listener>>(
        listener: L,
        limits: Limits,
    ) -> Result<Server, Box<dyn Error + Send + Sync + 'static>> {
        let listener = listener.into();
        let local_addr = listener.local_addr()?;
        log::debug!("Server listening on {}", local_addr);

        let state = Arc::new(State {
            close: AtomicBool::new(false),
            draining: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
        });
        let messages = MessagesQueue::with_capacity(8);

        let inside_state = Arc::clone(&state);
        let inside_messages = Arc::downgrade(&messages);
        thread::Builder::new()
            .name("http-accept".into())
            .spawn(move || accept_loop(&listener, &inside_state, &inside_messages, &limits))?;

        Ok(Server {
            state,
            messages,
            listening_addr: local_addr,
        })
    }

    /// Returns an iterator for all the incoming requests.
    ///
    /// The iterator will return `None` if the server socket is shutdown.
    #[inline]
    pub fn incoming_requests(&self) -> IncomingRequests<'_> {
        IncomingRequests { server: self }
    }

    /// Returns the address the server is listening to.
    #[inline]
    pub fn server_addr(&self) -> ListenAddr {
        self.listening_addr.clone()
    }

    /// Returns the number of clients currently connected to the server.
    pub fn num_connections(&self) -> usize {
        self.state.connections.load(SeqCst)
    }

    /// Counts that stay readable after the server is gone (COFFER PATCH).
    pub fn stats(&self) -> Stats {
        Stats(Arc::clone(&self.state))
    }

    /// Stops taking requests (COFFER PATCH): from now on a new connection is
    /// answered 503 and closed, a request whose first byte arrives is answered
    /// 503, and a connection closes once it has answered the request it is on.
    /// Requests already started are read, handed to `recv()` and answered as
    /// usual; wait for `Stats::requests_in_flight` to reach 0.
    pub fn drain(&self) {
        self.state.draining.store(true, SeqCst);
    }

    /// Blocks until an HTTP request has been submitted and returns it.
    pub fn recv(&self) -> IoResult<Request> {
        match self.messages.pop() {
            Some(rq) => Ok(rq),
            None => Err(IoError::other("thread unblocked")),
        }
    }

    /// Same as `recv()` but doesn't block longer than timeout
    pub fn recv_timeout(&self, timeout: Duration) -> IoResult<Option<Request>> {
        Ok(self.messages.pop_timeout(timeout))
    }

    /// Same as `recv()` but doesn't block.
    pub fn try_recv(&self) -> IoResult<Option<Request>> {
        Ok(self.messages.try_pop())
    }

    /// Unblock thread stuck in recv() or incoming_requests().
    /// If there are several such threads, only one is unblocked.
    /// This method allows graceful shutdown of server.
    pub fn unblock(&self) {
        self.messages.unblock();
    }
}

/// Accepts connections until the server is dropped, each on its own thread,
/// at most `max_connections` at once. An `accept` error (out of file
/// descriptors) is retried after a pause rather than ending the server.
fn accept_loop(
    listener: &Listener,
    state: &Arc<State>,
    messages: &std::sync::Weak<MessagesQueue<Request>>,
    limits: &Limits,
) {
    log::debug!("Running accept thread");
    while !state.close.load(SeqCst) {
        let (conn, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(e) => {
                if !state.close.load(SeqCst) {
                    log::warn!("cannot accept a connection: {}", e);
                    thread::sleep(ACCEPT_BACKOFF);
                }
                continue;
            }
        };
        if state.close.load(SeqCst) {
            break;
        }
        // Only this thread adds connections, so the check and the add do not race.
        if state.draining() || state.connections.load(SeqCst) >= limits.max_connections {
            client::refuse_busy(conn);
            continue;
        }
        state.connections.fetch_add(1, SeqCst);
        let slot = Slot(Arc::clone(state));
        let messages = messages.clone();
        let limits = limits.clone();
        let spawned = thread::Builder::new()
            .name("http-conn".into())
            .stack_size(CONNECTION_STACK_BYTES)
            .spawn(move || {
                client::serve(conn, peer, &limits, &slot.0, &messages);
                drop(slot);
            });
        if let Err(e) = spawned {
            // The closure (socket and slot) was dropped: the client sees a close.
            log::warn!("cannot start a connection thread: {}", e);
        }
    }
    log::debug!("Terminating accept thread");
}

impl Iterator for IncomingRequests<'_> {
    type Item = Request;
    fn next(&mut self) -> Option<Request> {
        self.server.recv().ok()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.state.close.store(true, SeqCst);
        // Connect briefly to ourselves to unblock the accept thread
        let maybe_stream = match &self.listening_addr {
            ListenAddr::IP(addr) => TcpStream::connect(addr).map(Connection::from),
            #[cfg(unix)]
            ListenAddr::Unix(addr) => match addr.as_pathname() {
                Some(path) => std::os::unix::net::UnixStream::connect(path).map(Connection::from),
                None => Err(IoError::other("unnamed socket")),
            },
        };
        if let Ok(stream) = maybe_stream {
            let _ = stream.shutdown(Shutdown::Both);
        }

        #[cfg(unix)]
        if let ListenAddr::Unix(addr) = &self.listening_addr {
            if let Some(path) = addr.as_pathname() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}
