use std::io::Error as IoError;
use std::io::{self, Cursor, ErrorKind, Read, Write};

use std::fmt;
use std::net::SocketAddr;

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use crate::wire::Body;
use crate::{HTTPVersion, Header, Method, Response};

/// Represents an HTTP request made by a client.
///
/// A `Request` object is what is produced by the server, and is your what
/// your code must analyse and answer.
///
/// This object implements the `Send` trait, therefore you can dispatch your requests to
/// worker threads.
///
/// # Pipelining
///
/// COFFER PATCH: a connection has one request in flight at a time. A client's
/// pipelined requests wait, unread, until the one before is answered, and the
/// body is always read in full (or found too large) before the request is
/// handed over.
///
/// # Automatic cleanup
///
/// If a `Request` object is destroyed without `into_writer` or `respond` being called,
/// an empty response with a 500 status code (internal server error) will automatically be
/// sent back to the client.
/// This means that if your code fails during the handling of a request, this "internal server
/// error" response will automatically be sent during the stack unwinding.
///
/// # Testing
///
/// If you want to build fake requests to test your server, use [`TestRequest`](crate::test::TestRequest).
pub struct Request {
    // COFFER PATCH: the body, read in full by the connection's thread
    data_reader: Cursor<Vec<u8>>,

    // if this writer is empty, then the request has been answered
    response_writer: Option<Box<dyn Write + Send + 'static>>,

    remote_addr: Option<SocketAddr>,

    method: Method,

    path: String,

    http_version: HTTPVersion,

    headers: Vec<Header>,

    body_length: Option<usize>,

    // COFFER PATCH: the body was over `Limits::max_body_bytes` and not read
    body_too_large: bool,

    // COFFER PATCH: the connection closes after this answer, which says so
    close_connection: bool,
}

/// COFFER PATCH: where an answer is written: memory, handed to the
/// connection's thread when dropped (answered, or dropped unanswered), so the
/// threads calling `Server::recv` never write to a socket.
pub(crate) struct ResponseSink {
    bytes: Vec<u8>,
    done: Option<SyncSender<Vec<u8>>>,
}

impl ResponseSink {
    pub(crate) fn new() -> (ResponseSink, Receiver<Vec<u8>>) {
        let (done, answer) = sync_channel(1);
        let sink = ResponseSink {
            bytes: Vec::new(),
            done: Some(done),
        };
        (sink, answer)
    }
}

impl Write for ResponseSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for ResponseSink {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(std::mem::take(&mut self.bytes));
        }
    }
}

/// Builds a new request whose head and body were read (COFFER PATCH: the
/// connection's thread reads the body before anyone sees the request).
#[allow(clippy::too_many_arguments)]
pub(crate) fn new_request<W>(
    method: Method,
    path: String,
    version: HTTPVersion,
    headers: Vec<Header>,
    remote_addr: Option<SocketAddr>,
    body: Body,
    body_length: Option<usize>,
    close_connection: bool,
    writer: W,
) -> Request
where
    W: Write + Send + 'static,
{
    let (body, body_too_large) = match body {
        Body::Complete(bytes) => (bytes, false),
        Body::TooLarge => (Vec::new(), true),
    };
    Request {
        data_reader: Cursor::new(body),
        response_writer: Some(Box::new(writer) as Box<dyn Write + Send + 'static>),
        remote_addr,
        method,
        path,
        http_version: version,
        headers,
        body_length,
        body_too_large,
        close_connection,
    }
}

impl Request {
    /// Returns true if the request was made through HTTPS.
    #[inline]
    pub fn secure(&self) -> bool {
        false
    }

    /// Returns the method requested by the client (eg. `GET`, `POST`, etc.).
    #[inline]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// Returns the resource requested by the client.
    #[inline]
    pub fn url(&self) -> &str {
        &self.path
    }

    /// Returns a list of all headers sent by the client.
    #[inline]
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// Returns the HTTP version of the request.
    #[inline]
    pub fn http_version(&self) -> &HTTPVersion {
        &self.http_version
    }

    /// Returns the length of the body in bytes.
    ///
    /// Returns `None` if the length is unknown.
    #[inline]
    pub fn body_length(&self) -> Option<usize> {
        self.body_length
    }

    /// Returns the address of the client that sent this request.
    ///
    /// The address is always `Some` for TCP listeners, but always `None` for UNIX listeners
    /// (as the remote address of a UNIX client is almost always unnamed).
    ///
    /// Note that this is gathered from the socket. If you receive the request from a proxy,
    /// this function will return the address of the proxy and not the address of the actual
    /// user.
    #[inline]
    pub fn remote_addr(&self) -> Option<&SocketAddr> {
        self.remote_addr.as_ref()
    }

    /// Allows to read the body of the request (COFFER PATCH: already read in
    /// full by the connection's thread; `Expect: 100-continue` was answered there).
    #[inline]
    pub fn as_reader(&mut self) -> &mut dyn Read {
        &mut self.data_reader
    }

    /// Whether the body was over `Limits::max_body_bytes` and so was not read
    /// (COFFER PATCH): `as_reader` then reads nothing, and the connection
    /// closes after the answer.
    #[inline]
    pub fn body_too_large(&self) -> bool {
        self.body_too_large
    }

    /// Turns the `Request` into a writer of the raw answer (status line,
    /// headers and body). COFFER PATCH: what is written is sent when the
    /// writer is dropped.
    #[inline]
    pub fn into_writer(mut self) -> Box<dyn Write + Send + 'static> {
        self.extract_writer_impl()
    }

    /// Extract the response `Writer` object from the Request, dropping this `Writer` has the same side effects
    /// as the object returned by `into_writer` above.
    ///
    /// This may only be called once on a single request.
    fn extract_writer_impl(&mut self) -> Box<dyn Write + Send + 'static> {
        use std::mem;

        assert!(self.response_writer.is_some());

        let mut writer = None;
        mem::swap(&mut self.response_writer, &mut writer);
        writer.unwrap()
    }

    /// Sends a response to this request.
    #[inline]
    pub fn respond<R>(mut self, response: Response<R>) -> Result<(), IoError>
    where
        R: Read,
    {
        self.respond_impl(response)
    }

    fn respond_impl<R>(&mut self, response: Response<R>) -> Result<(), IoError>
    where
        R: Read,
    {
        let mut writer = self.extract_writer_impl();
        let response = if self.close_connection {
            response.closing()
        } else {
            response
        };

        let do_not_send_body = self.method == Method::Head;

        Self::ignore_client_closing_errors(response.raw_print(
            writer.by_ref(),
            self.http_version.clone(),
            &self.headers,
            do_not_send_body,
            None,
        ))?;

        Self::ignore_client_closing_errors(writer.flush())
    }

    fn ignore_client_closing_errors(result: io::Result<()>) -> io::Result<()> {
        result.or_else(|err| match err.kind() {
            ErrorKind::BrokenPipe => Ok(()),
            ErrorKind::ConnectionAborted => Ok(()),
            ErrorKind::ConnectionRefused => Ok(()),
            ErrorKind::ConnectionReset => Ok(()),
            _ => Err(err),
        })
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> Result<(), fmt::Error> {
        write!(
            formatter,
            "Request({} {} from {:?})",
            self.method, self.path, self.remote_addr
        )
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        if self.response_writer.is_some() {
            let response = Response::empty(500);
            let _ = self.respond_impl(response); // ignoring any potential error
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Request;

    #[test]
    fn must_be_send() {
        #![allow(dead_code)]
        fn f<T: Send>(_: &T) {}
        fn bar(rq: &Request) {
            f(rq);
        }
    }
}
