//! One HTTP exchange over the client's shared `ureq::Agent`: send, read the whole
//! body within the size limit, map ureq's errors onto restlax's kinds. Every
//! read and write is bounded by the call's deadline (see [`crate::connection`]).

use std::io::{self, Read};

use ureq::http;

use crate::answer::Answer;
use crate::request::{Body, Request};
use crate::{Error, ErrorKind, Method};

/// What one exchange needs from the client.
pub(crate) struct Wire<'a> {
    pub(crate) agent: &'a ureq::Agent,
    pub(crate) max_body: u64,
}

/// Sends one request and reads the whole answer. It runs inside a call, whose
/// deadline ([`call::execute`](crate::call) sets it for the thread) bounds
/// every read and write. The answer's URL is the request's, redacted.
pub(crate) fn send(wire: &Wire<'_>, request: &Request) -> Result<Answer, Error> {
    let method = request.method;
    let mut head = http::Request::builder()
        .method(to_http(method)?)
        .uri(&request.url);
    for header in request.headers.iter() {
        head = head.header(&header.name, &header.value);
    }
    if let Some(content_type) = request.body.content_type()
        && !request.headers.contains("content-type")
    {
        head = head.header(http::header::CONTENT_TYPE, content_type);
    }
    // A stream of known length is framed by it; ureq would send it chunked.
    if let Body::Stream { stream, .. } = &request.body
        && let Some(length) = stream.length
    {
        head = head.header(http::header::CONTENT_LENGTH, length);
    }
    // Methods that carry a body get one even when the call has none, so ureq
    // frames it as `Content-Length: 0`: without a body it would send a chunked
    // empty body, which servers such as GitHub's reject (411/422).
    let body = match (&request.body, method) {
        (Body::None, Method::Post | Method::Put | Method::Patch) => Some(&[][..]),
        (body, _) => body.as_bytes(),
    };
    let (head, ()) = head
        .body(())
        .map_err(|e| {
            Error::invalid(format!(
                "cannot build a request for {}: {e}",
                request.url_redacted()
            ))
            .with_source(e)
        })?
        .into_parts();

    let response = match (&request.body, body) {
        (Body::Stream { stream, .. }, _) => stream
            .with_reader(|reader| {
                let mut reader = Punctual(reader);
                wire.agent.run(http::Request::from_parts(
                    head,
                    ureq::SendBody::from_reader(&mut reader),
                ))
            })
            .ok_or_else(|| {
                Error::invalid(
                    "the request body is a stream that was already sent; it cannot be sent \
                     again (by a retry, a middleware or a redirect)",
                )
                .not_sent()
            })?,
        (_, Some(bytes)) => wire.agent.run(http::Request::from_parts(head, bytes)),
        (_, None) => wire.agent.run(http::Request::from_parts(head, ())),
    }
    .map_err(|e| from_ureq(e, wire.max_body))?;

    let (parts, mut body) = response.into_parts();
    let status = parts.status.as_u16();
    let body = if method == Method::Head {
        Vec::new()
    } else {
        // Sized from Content-Length (within the limit), a body is read without
        // the doubling growth of `read_to_end`, which peaks at twice its size.
        // Untouched capacity of a large allocation costs address space, not
        // memory, so a length the peer never sends costs little.
        let announced = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
            .map_or(0, |n| n.min(wire.max_body));
        let mut bytes = Vec::new();
        // A claim the allocator cannot meet is no error: the buffer grows instead.
        let _ = bytes.try_reserve_exact(usize::try_from(announced).unwrap_or(usize::MAX));
        body.with_config()
            .limit(wire.max_body)
            .reader()
            .read_to_end(&mut bytes)
            .map_err(|e| from_ureq(ureq::Error::from(e), wire.max_body).with_status(status))?;
        bytes
    };
    Ok(Answer::new(
        status,
        parts.headers,
        body,
        request.url_redacted().into_owned(),
    ))
}

/// The method as ureq's `http` crate names it.
pub(crate) fn to_http(method: Method) -> Result<ureq::http::Method, Error> {
    use ureq::http::Method as M;
    Ok(match method {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
        Method::Head => M::HEAD,
        // `Method` is `#[non_exhaustive]` in restlax-facts, so a method added
        // there reaches this arm until it is given its constant above.
        _ => M::from_bytes(method.as_str().as_bytes())
            .map_err(|_| Error::invalid(format!("restlax cannot send the method {method}")))?,
    })
}

/// A streamed body's reader, not read once the call's deadline has passed: a
/// slow reader (a pipe, a network file) ends the call on time, between reads.
/// One read that blocks cannot be cut short.
struct Punctual<'a>(&'a mut dyn Read);

impl Read for Punctual<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if crate::connection::deadline_passed() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the call's time budget ran out while reading the request body",
            ));
        }
        self.0.read(buf)
    }
}

/// What the call was doing when its time ran out. The per-read and per-write
/// limits are the deadline's own ([`crate::connection`]), not settings a user
/// made, so they are named by what was waited for.
fn phase(which: ureq::Timeout) -> Option<&'static str> {
    use ureq::Timeout as T;
    match which {
        T::Resolve => Some("looking up the host"),
        T::Connect => Some("connecting"),
        T::SendRequest | T::SendBody | T::PerWrite => Some("sending the request"),
        T::Await100 => Some("waiting for 100 Continue"),
        T::RecvResponse | T::PerRead => Some("waiting for the answer"),
        T::RecvBody => Some("reading the answer's body"),
        _ => None,
    }
}

fn from_ureq(error: ureq::Error, max_body: u64) -> Error {
    use ureq::Error as U;
    if let Some(tls) = crate::tls::failure(&error) {
        let mut mapped = Error::new(ErrorKind::Transport, tls.detail);
        if tls.handshake {
            mapped = mapped.not_sent();
        }
        if tls.untrusted {
            mapped = mapped.permanent();
        }
        return mapped.with_source(error);
    }
    let (kind, detail, sent) = match &error {
        U::Timeout(which) => {
            let sent = !matches!(which, ureq::Timeout::Resolve | ureq::Timeout::Connect);
            let detail = match phase(*which) {
                Some(phase) => {
                    format!("no complete answer within the call's time budget ({phase})")
                }
                None => "no complete answer within the call's time budget".to_owned(),
            };
            (ErrorKind::Timeout, detail, sent)
        }
        U::BodyExceedsLimit(_) => (
            ErrorKind::BodyTooLarge,
            format!("the response body is larger than the limit of {max_body} bytes"),
            true,
        ),
        U::HostNotFound => (ErrorKind::Transport, "host not found".to_owned(), false),
        U::ConnectionFailed => (ErrorKind::Transport, "connection failed".to_owned(), false),
        U::Io(io) if io.kind() == io::ErrorKind::ConnectionRefused => {
            (ErrorKind::Transport, "connection refused".to_owned(), false)
        }
        U::Io(io) if io.kind() == io::ErrorKind::TimedOut => (
            ErrorKind::Timeout,
            "no complete answer within the call's time budget".to_owned(),
            true,
        ),
        U::Io(io) => (ErrorKind::Transport, io.to_string(), true),
        U::RequireHttpsOnly(_) => (
            ErrorKind::InvalidRequest,
            "https_only is set but the URL is http".to_owned(),
            false,
        ),
        U::Http(_) | U::BadUri(_) => (ErrorKind::InvalidRequest, error.to_string(), false),
        U::Tls(_) => (ErrorKind::Transport, error.to_string(), false),
        _ => (ErrorKind::Transport, error.to_string(), true),
    };
    let mapped = Error::new(kind, detail);
    let mapped = if sent { mapped } else { mapped.not_sent() };
    mapped.with_source(error)
}
