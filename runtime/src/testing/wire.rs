//! HTTP/1.1 on one connection of a test server: read a request (the head with
//! `httparse`, the body by `Content-Length` or chunked), write a response.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::{MockResponse, RecordedRequest};

/// The largest request head accepted.
const MAX_HEAD: usize = 64 * 1024;
/// The most header lines in a request head.
const MAX_HEADERS: usize = 128;
/// The longest chunk-size or trailer line.
const MAX_LINE: usize = 8 * 1024;

/// A request read off the connection, with what the connection does after it.
pub(super) struct Incoming {
    pub(super) request: RecordedRequest,
    /// The client may send another request on this connection.
    pub(super) keep_alive: bool,
}

/// Why no request could be read.
pub(super) enum Refused {
    /// The peer went away, timed out, or broke the connection: close it.
    Gone,
    /// The request is malformed: answer this status, then close.
    Answer(u16, &'static str),
}

impl From<io::Error> for Refused {
    fn from(_: io::Error) -> Self {
        Refused::Gone
    }
}

/// A stream whose reads can be given a timeout (the TCP socket under it).
pub(super) trait Socket: Read + Write {
    fn wait_at_most(&self, timeout: Duration);
}

impl Socket for TcpStream {
    fn wait_at_most(&self, timeout: Duration) {
        let _ = self.set_read_timeout(Some(timeout.max(Duration::from_millis(1))));
    }
}

impl Socket for rustls::StreamOwned<rustls::ServerConnection, TcpStream> {
    fn wait_at_most(&self, timeout: Duration) {
        self.sock.wait_at_most(timeout);
    }
}

/// How long reading a request may take, and when to give the connection up.
pub(super) struct Patience<'a> {
    /// From the first byte of a head (or from the start, on a new connection,
    /// which must speak first) to its end.
    pub(super) head_time: Duration,
    /// How long a kept-alive connection may wait for the next request's first
    /// byte, and any single read of a body may wait.
    pub(super) idle: Duration,
    /// The largest body buffered; a larger one is refused with 413.
    pub(super) body_bytes: usize,
    /// Asked while no byte of a request has arrived: true gives the
    /// connection up (another connection waits for its slot).
    pub(super) yield_slot: &'a dyn Fn() -> bool,
}

/// How often a connection waiting for a request looks whether it should give
/// its slot up, and checks its head deadline.
const SLICE: Duration = Duration::from_millis(50);

/// One connection and the bytes read from it but not used yet (the start of a
/// pipelined request).
pub(super) struct Connection<S> {
    stream: S,
    buffer: Vec<u8>,
    /// No request has been read yet.
    fresh: bool,
}

impl<S: Socket> Connection<S> {
    pub(super) fn new(stream: S) -> Self {
        Connection {
            stream,
            buffer: Vec::with_capacity(8 * 1024),
            fresh: true,
        }
    }

    pub(super) fn into_inner(self) -> S {
        self.stream
    }

    /// Reads more bytes into the buffer; 0 at end of stream.
    fn fill(&mut self) -> io::Result<usize> {
        let mut chunk = [0u8; 16 * 1024];
        loop {
            match self.stream.read(&mut chunk) {
                Ok(n) => {
                    self.buffer.extend_from_slice(&chunk[..n]);
                    return Ok(n);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// The next request, or `Ok(None)` when the peer closed between requests.
    pub(super) fn read_request(
        &mut self,
        patience: &Patience<'_>,
    ) -> Result<Option<Incoming>, Refused> {
        let start = Instant::now();
        // A new connection must send its head within the head time; a kept-
        // alive one may idle first, and its head time starts at its first byte.
        let mut head_deadline =
            (self.fresh || !self.buffer.is_empty()).then(|| start + patience.head_time);
        self.fresh = false;
        let (method, target, version, headers, head_len) = loop {
            if !self.buffer.is_empty() {
                let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
                let mut head = httparse::Request::new(&mut slots);
                match head.parse(&self.buffer) {
                    Ok(httparse::Status::Complete(len)) => {
                        let headers: Vec<(String, String)> = head
                            .headers
                            .iter()
                            .map(|h| {
                                (
                                    h.name.to_ascii_lowercase(),
                                    String::from_utf8_lossy(h.value).into_owned(),
                                )
                            })
                            .collect();
                        break (
                            head.method.unwrap_or_default().to_owned(),
                            head.path.unwrap_or_default().to_owned(),
                            head.version.unwrap_or(1),
                            headers,
                            len,
                        );
                    }
                    Ok(httparse::Status::Partial) if self.buffer.len() > MAX_HEAD => {
                        return Err(Refused::Answer(431, "request head too large"));
                    }
                    Ok(httparse::Status::Partial) => {}
                    Err(httparse::Error::TooManyHeaders) => {
                        return Err(Refused::Answer(431, "too many request headers"));
                    }
                    Err(_) => return Err(Refused::Answer(400, "malformed request head")),
                }
            }
            let now = Instant::now();
            if head_deadline.is_none() && !self.buffer.is_empty() {
                head_deadline = Some(now + patience.head_time);
            }
            let deadline = head_deadline.unwrap_or(start + patience.idle);
            if now >= deadline {
                return Err(Refused::Gone);
            }
            self.stream.wait_at_most(SLICE.min(deadline - now));
            match self.fill() {
                Ok(0) if self.buffer.is_empty() => return Ok(None),
                Ok(0) => return Err(Refused::Gone),
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    // Nothing of a request yet: let a waiting connection
                    // have the slot, if the server says this one may give
                    // it up (one already served; a new connection keeps it
                    // for the head time, so its first request is never lost,
                    // and silent ones hold a slot for the head time at most).
                    if self.buffer.is_empty() && (patience.yield_slot)() {
                        return Err(Refused::Gone);
                    }
                }
                Err(_) => return Err(Refused::Gone),
            }
        };
        self.stream.wait_at_most(patience.idle);
        self.buffer.drain(..head_len);

        let header = |name: &'static str| {
            headers
                .iter()
                .filter(move |(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let tokens = |name: &'static str| -> Vec<String> {
            header(name)
                .flat_map(|v| v.split(','))
                .map(|t| t.trim().to_ascii_lowercase())
                .filter(|t| !t.is_empty())
                .collect()
        };
        let connection = tokens("connection");
        // HTTP/1.0 closes unless asked not to; these servers simply close.
        let keep_alive = version == 1 && !connection.iter().any(|t| t == "close");

        let codings = tokens("transfer-encoding");
        // Two framings disagree on where the request ends, so whatever follows
        // on the connection cannot be trusted (RFC 9112, 6.1): refuse and close.
        if !codings.is_empty() && header("content-length").next().is_some() {
            return Err(Refused::Answer(
                400,
                "both content-length and transfer-encoding",
            ));
        }
        let framing = if !codings.is_empty() {
            if codings.last().map(String::as_str) != Some("chunked") {
                return Err(Refused::Answer(400, "unsupported transfer-encoding"));
            }
            Framing::Chunked
        } else {
            let mut lengths = header("content-length").map(|v| v.trim().parse::<usize>());
            match lengths.next() {
                None => Framing::Length(0),
                Some(Ok(first)) if lengths.all(|other| other.as_ref() == Ok(&first)) => {
                    Framing::Length(first)
                }
                Some(_) => return Err(Refused::Answer(400, "invalid content-length")),
            }
        };
        if let Framing::Length(n) = framing
            && n > patience.body_bytes
        {
            return Err(Refused::Answer(413, "request body too large"));
        }
        let expects_body = !matches!(framing, Framing::Length(0));
        if expects_body && header("expect").any(|v| v.trim().eq_ignore_ascii_case("100-continue")) {
            self.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
            self.stream.flush()?;
        }
        let body = match framing {
            Framing::Length(n) => self.take(n)?,
            Framing::Chunked => self.read_chunked(patience.body_bytes)?,
        };

        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (target, None),
        };
        Ok(Some(Incoming {
            request: RecordedRequest {
                method,
                path,
                query,
                headers,
                body,
            },
            keep_alive,
        }))
    }

    /// Exactly `n` bytes of body.
    fn take(&mut self, n: usize) -> Result<Vec<u8>, Refused> {
        // Room for the whole body at once: growing by doubling would hold up
        // to twice the body, and copying it out once more.
        self.buffer.reserve(n.saturating_sub(self.buffer.len()));
        while self.buffer.len() < n {
            if self.fill()? == 0 {
                return Err(Refused::Gone);
            }
        }
        let rest = self.buffer.split_off(n);
        Ok(std::mem::replace(&mut self.buffer, rest))
    }

    /// One line without its CRLF.
    fn line(&mut self) -> Result<String, Refused> {
        loop {
            if let Some(end) = self.buffer.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                self.buffer.drain(..end + 2);
                return Ok(line);
            }
            if self.buffer.len() > MAX_LINE {
                return Err(Refused::Answer(400, "chunk line too long"));
            }
            if self.fill()? == 0 {
                return Err(Refused::Gone);
            }
        }
    }

    fn read_chunked(&mut self, limit: usize) -> Result<Vec<u8>, Refused> {
        let mut body = Vec::new();
        loop {
            let line = self.line()?;
            let size = line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| Refused::Answer(400, "invalid chunk size"))?;
            if size == 0 {
                // Trailers, up to the empty line.
                while !self.line()?.is_empty() {}
                return Ok(body);
            }
            if body.len().saturating_add(size) > limit {
                return Err(Refused::Answer(413, "request body too large"));
            }
            body.extend(self.take(size)?);
            if !self.line()?.is_empty() {
                return Err(Refused::Answer(400, "chunk data longer than its size"));
            }
        }
    }

    /// Writes `response` in one piece. A `HEAD` answer carries the headers of
    /// the body but not the body. `close` adds `Connection: close`.
    pub(super) fn write_response(
        &mut self,
        response: &MockResponse,
        head_only: bool,
        close: bool,
    ) -> io::Result<()> {
        let status = response.status;
        let reason = ureq::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Unknown");
        let mut out = format!("HTTP/1.1 {status} {reason}\r\n").into_bytes();
        let has = |name: &str| {
            response
                .headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        for (name, value) in &response.headers {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b": ");
            out.extend_from_slice(value.as_bytes());
            out.extend_from_slice(b"\r\n");
        }
        // 1xx, 204 and 304 have no body; a response that frames its own body
        // (a test of a lying server) is sent as it is.
        let bodiless = status < 200 || status == 204 || status == 304;
        if !bodiless && !has("content-length") && !has("transfer-encoding") {
            out.extend_from_slice(
                format!("content-length: {}\r\n", response.body.len()).as_bytes(),
            );
        }
        if close && !has("connection") {
            out.extend_from_slice(b"connection: close\r\n");
        }
        out.extend_from_slice(b"\r\n");
        if !head_only && !bodiless {
            out.extend_from_slice(&response.body);
        }
        self.stream.write_all(&out)?;
        self.stream.flush()
    }
}

enum Framing {
    Length(usize),
    Chunked,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that reads from a script and records what is written.
    struct Script {
        input: io::Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Read for Script {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            // One byte at a time: every parse must survive partial reads.
            let n = buf.len().min(1);
            self.input.read(&mut buf[..n])
        }
    }

    impl Socket for Script {
        fn wait_at_most(&self, _: Duration) {}
    }

    fn patient() -> Patience<'static> {
        Patience {
            head_time: Duration::from_secs(5),
            idle: Duration::from_secs(5),
            body_bytes: 1024,
            yield_slot: &|| false,
        }
    }

    impl Write for Script {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn connection(input: &str) -> Connection<Script> {
        Connection::new(Script {
            input: io::Cursor::new(input.as_bytes().to_vec()),
            output: Vec::new(),
        })
    }

    fn status(refused: Refused) -> u16 {
        match refused {
            Refused::Answer(status, _) => status,
            Refused::Gone => 0,
        }
    }

    #[test]
    fn pipelined_requests_with_length_and_chunked_bodies() {
        let mut c = connection(concat!(
            "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc",
            "PUT /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\nhe\r\n3\r\nllo\r\n0\r\nX-T: 1\r\n\r\n",
            "GET /c HTTP/1.1\r\nConnection: close\r\n\r\n",
        ));
        let first = c.read_request(&patient()).ok().flatten().unwrap();
        assert_eq!(first.request.method, "POST");
        assert_eq!(first.request.path, "/a");
        assert_eq!(first.request.query.as_deref(), Some("x=1"));
        assert_eq!(first.request.header("HOST"), Some("h"));
        assert_eq!(first.request.body, b"abc");
        assert!(first.keep_alive);
        let second = c.read_request(&patient()).ok().flatten().unwrap();
        assert_eq!(second.request.body, b"hello");
        let third = c.read_request(&patient()).ok().flatten().unwrap();
        assert_eq!(third.request.path, "/c");
        assert!(!third.keep_alive);
        assert!(matches!(c.read_request(&patient()), Ok(None)));
    }

    #[test]
    fn expect_continue_is_answered_before_the_body() {
        let mut c =
            connection("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi");
        let incoming = c.read_request(&patient()).ok().flatten().unwrap();
        assert_eq!(incoming.request.body, b"hi");
        assert_eq!(c.stream.output, b"HTTP/1.1 100 Continue\r\n\r\n");
    }

    #[test]
    fn malformed_requests_get_a_status() {
        for (input, expected) in [
            ("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 400),
            (
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                400,
            ),
            ("GET / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                400,
            ),
            ("GET / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n", 413),
            ("POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", 413),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n",
                0,
            ),
            (
                "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n401\r\n",
                413,
            ),
            (
                "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                400,
            ),
            ("G@T / HTTP/1.1\r\n\r\n", 400),
        ] {
            let refused = connection(input).read_request(&patient()).err().unwrap();
            assert_eq!(status(refused), expected, "{input:?}");
        }
        let refused = connection("GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab")
            .read_request(&patient())
            .err()
            .unwrap();
        assert_eq!(status(refused), 0, "a body cut short closes the connection");
    }

    #[test]
    fn responses_are_framed_and_head_has_no_body() {
        let mut c = connection("");
        let response = MockResponse::text(200, "hello").header("x-a", "1");
        c.write_response(&response, false, false).unwrap();
        c.write_response(&response, true, true).unwrap();
        c.write_response(&MockResponse::empty(204), false, false)
            .unwrap();
        let text = String::from_utf8(c.stream.output).unwrap();
        assert_eq!(
            text,
            concat!(
                "HTTP/1.1 200 OK\r\nx-a: 1\r\ncontent-length: 5\r\n\r\nhello",
                "HTTP/1.1 200 OK\r\nx-a: 1\r\ncontent-length: 5\r\nconnection: close\r\n\r\n",
                "HTTP/1.1 204 No Content\r\n\r\n",
            )
        );
    }
}
