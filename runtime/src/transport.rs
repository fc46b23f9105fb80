//! One HTTP exchange over the client's shared `ureq::Agent`: send, read the whole
//! body within the size limit, map ureq's errors onto restlax's kinds. Every
//! read and write is bounded by the call's deadline (see [`crate::connection`]).

use std::io::{self, Read};

use ureq::http;

use crate::answer::{Answer, Stream};
use crate::encoding::{self, Encoding};
use crate::request::{Body, Request};
use crate::{Error, ErrorKind, Method};

/// What one exchange needs from the client.
pub(crate) struct Wire<'a> {
    pub(crate) agent: &'a ureq::Agent,
    pub(crate) host: Option<&'a HostHeader>,
    pub(crate) max_body: u64,
}

/// The `Host` header of requests to one origin, made once per client.
///
/// ureq writes a request's `Host` from its URL when none is set, formatting
/// `host:port` and checking it as a header value on every request (about 800
/// instructions, a sixth of what restlax adds to a call). Requests to the
/// base URL's origin, nearly all of them, get this copy instead, made by the
/// same rule: the URL's host, and its port unless it is the scheme's default.
pub(crate) struct HostHeader {
    /// `scheme://host[:port]` as the base URL spells it: a URL that starts
    /// with it (then `/`, `?` or nothing) has the same host and port.
    prefix: Box<str>,
    value: http::HeaderValue,
}

impl HostHeader {
    pub(crate) fn of(base_url: &str) -> Option<HostHeader> {
        let authority_at = base_url.find("://")? + 3;
        let end = base_url[authority_at..]
            .find(['/', '?', '#'])
            .map_or(base_url.len(), |i| authority_at + i);
        let prefix = &base_url[..end];
        let uri: http::Uri = prefix.parse().ok()?;
        let host = uri.host()?;
        let default = match uri.scheme_str()? {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let value = match uri.port_u16() {
            Some(port) if port != default => format!("{host}:{port}"),
            _ => host.to_owned(),
        };
        Some(HostHeader {
            prefix: prefix.into(),
            value: http::HeaderValue::from_str(&value).ok()?,
        })
    }

    /// The header for `url`, when it is on this origin.
    fn for_url(&self, url: &str) -> Option<&http::HeaderValue> {
        let rest = url.strip_prefix(&*self.prefix)?;
        (rest.is_empty() || rest.starts_with(['/', '?'])).then_some(&self.value)
    }
}

/// Sends one request and reads the whole answer. It runs inside a call, whose
/// deadline ([`call::execute`](crate::call) sets it for the thread) bounds
/// every read and write. The answer's URL is the request's, redacted.
pub(crate) fn send(wire: &Wire<'_>, request: &Request) -> Result<Answer, Error> {
    let method = request.method;
    let max_body = request.max_body.unwrap_or(wire.max_body);
    let mut head = http::Request::builder()
        .method(to_http(method)?)
        .uri(&request.url);
    for header in request.headers.iter() {
        head = head.header(&header.name, &header.value);
    }
    // `Host` is framing: no request holds one (`Header::new` refuses it).
    if let Some(host) = wire.host.and_then(|h| h.for_url(&request.url)) {
        head = head.header(http::header::HOST, host.clone());
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
    .map_err(|e| from_ureq(e, max_body))?;

    let (parts, body) = response.into_parts();
    let status = parts.status.as_u16();
    let url = request.url_redacted().into_owned();
    if method == Method::Head {
        return Ok(Answer::new(status, parts.headers, Vec::new(), url));
    }
    let encoding = Encoding::of(&parts.headers);
    if let Some(why) = encoding.refusal() {
        return Err(Error::decode(status, None, why, &[]));
    }
    // ureq decodes gzip and brotli and counts what it hands out; deflate is
    // decoded after it, so the limit is counted again on the decoded bytes.
    let raw = body.into_with_config().limit(max_body).reader();
    let decoded = Limited::new(encoding::decoder(&encoding, raw), max_body);
    if request.streaming && (200..300).contains(&status) {
        let mut answer = Answer::new(status, parts.headers, Vec::new(), url);
        answer.stream = Some(Stream::new(Box::new(decoded), max_body));
        return Ok(answer);
    }
    // Sized from Content-Length (within the limit) when not re-encoded, a
    // body is read without the doubling growth of `read_to_end`, which peaks
    // at twice its size. Untouched capacity of a large allocation costs
    // address space, not memory, so a length the peer never sends costs little.
    let length = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .filter(|_| !parts.headers.contains_key(http::header::CONTENT_ENCODING))
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let announced = length.map_or(0, |n| n.min(max_body));
    // The body is read to its end even when its length is known: ureq hands
    // the connection back to its pool only once a read has returned 0.
    let bytes = read_capped(decoded, announced, max_body)
        .map_err(|e| read_error(e, max_body).with_status(status))?;
    Ok(Answer::new(status, parts.headers, bytes, url))
}

/// Reads `reader` whole. The buffer starts at `announced` and doubles, but
/// never past one byte over `max_body` (which [`Limited`] refuses): a body of
/// unknown length (chunked, or compressed) is held in at most that, where
/// `read_to_end`'s doubling would reach twice the limit.
fn read_capped(mut reader: impl Read, announced: u64, max_body: u64) -> io::Result<Vec<u8>> {
    let cap = usize::try_from(max_body.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::new();
    // A claim the allocator cannot meet is no error: the buffer grows instead.
    let _ = bytes.try_reserve_exact(usize::try_from(announced).unwrap_or(usize::MAX));
    loop {
        if bytes.len() == bytes.capacity() {
            // Full, most often at exactly the announced length: a small read
            // tells the end from more before the buffer grows.
            let mut probe = [0u8; 64];
            let read = loop {
                match reader.read(&mut probe) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other?,
                }
            };
            if read == 0 {
                return Ok(bytes);
            }
            let doubled = bytes.capacity().max(8 * 1024);
            let more = doubled.min(cap.saturating_sub(bytes.len())).max(read);
            bytes.reserve_exact(more);
            bytes.extend_from_slice(&probe[..read]);
        }
        // Reads into the spare capacity only, so the buffer grows here alone.
        let room = bytes.capacity() - bytes.len();
        let read = (&mut reader).take(room as u64).read_to_end(&mut bytes)?;
        if read < room {
            return Ok(bytes);
        }
    }
}

/// A body reader that fails past `limit` decoded bytes, with an error
/// [`read_error`] knows as [`BodyTooLarge`](ErrorKind::BodyTooLarge).
pub(crate) struct Limited<R> {
    inner: R,
    left: u64,
}

/// What [`Limited`] fails with, inside an `io::Error`.
#[derive(Debug)]
struct OverLimit;

impl std::fmt::Display for OverLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the body is larger than the limit")
    }
}

impl std::error::Error for OverLimit {}

impl<R: Read> Limited<R> {
    pub(crate) fn new(inner: R, limit: u64) -> Self {
        Limited { inner, left: limit }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        // One byte past the limit tells a body at the limit from a longer one.
        let room = usize::try_from(self.left.saturating_add(1)).unwrap_or(usize::MAX);
        let take = buf.len().min(room);
        let n = self.inner.read(&mut buf[..take])?;
        if n as u64 > self.left {
            return Err(io::Error::other(OverLimit));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

/// The restlax error for a failed body read: over the limit (ureq's or
/// [`Limited`]'s), a timeout, a broken connection, a corrupt encoding.
pub(crate) fn read_error(error: io::Error, max_body: u64) -> Error {
    if error.get_ref().is_some_and(|e| e.is::<OverLimit>()) {
        return Error::new(
            ErrorKind::BodyTooLarge,
            format!("the response body is larger than the limit of {max_body} bytes"),
        );
    }
    if error.kind() == io::ErrorKind::InvalidData {
        return Error::new(
            ErrorKind::Decode,
            format!("the response body cannot be decoded: {error}"),
        );
    }
    from_ureq(ureq::Error::from(error), max_body)
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
        // Connecting (a lookup, a TCP connect): nothing was written yet.
        U::Io(io) if crate::connection::Unsent::is(io) => {
            let kind = if io.kind() == io::ErrorKind::TimedOut {
                ErrorKind::Timeout
            } else {
                ErrorKind::Transport
            };
            (kind, io.to_string(), false)
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

#[cfg(test)]
mod tests {
    use super::HostHeader;

    fn host(base: &str, url: &str) -> Option<String> {
        let header = HostHeader::of(base)?;
        header.for_url(url).map(|v| v.to_str().unwrap().to_owned())
    }

    #[test]
    fn the_host_header_is_made_once_for_the_base_urls_origin_only() {
        let base = "http://127.0.0.1:8080/client/v4";
        assert_eq!(
            host(base, "http://127.0.0.1:8080/client/v4/user").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host(base, "http://127.0.0.1:8080?x=1").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host(base, "http://127.0.0.1:8080").as_deref(),
            Some("127.0.0.1:8080")
        );
        // Another port that starts with the same digits, another host, scheme or case.
        assert_eq!(host("http://127.0.0.1:80", "http://127.0.0.1:8080/x"), None);
        assert_eq!(host(base, "http://127.0.0.2:8080/x"), None);
        assert_eq!(host(base, "https://127.0.0.1:8080/x"), None);
        assert_eq!(host("http://a.example", "http://a.example.org/x"), None);
        // The scheme's default port is left out, as ureq leaves it out.
        assert_eq!(
            host(
                "https://api.example.com:443/v1",
                "https://api.example.com:443/v1/x"
            )
            .as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            host("http://api.example.com", "http://api.example.com/x").as_deref(),
            Some("api.example.com")
        );
        assert_eq!(
            host("http://[::1]:9000", "http://[::1]:9000/x").as_deref(),
            Some("[::1]:9000")
        );
    }
}
