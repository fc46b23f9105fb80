//! One HTTP exchange over the client's shared `ureq::Agent`: send, read the whole
//! body within the size limit, map ureq's errors onto restlax's kinds.
//!
//! Time is bounded without ureq's deadline-based budgets: those change the
//! socket timeout before every read and write, and those `setsockopt` calls cost
//! more than the rest of a loopback request on some VMs. Instead every read and
//! write gets the remaining budget rounded down to [`STEP`], which stays the same
//! across calls on a pooled connection (so ureq skips the syscall), and the body
//! reader checks the deadline between reads so a slow drip cannot outlast it.

use std::io::{self, Read};
use std::time::{Duration, Instant};

use ureq::http::{self, HeaderMap};

use crate::client::{Header, Inner};
use crate::{Error, ErrorKind, Method};

/// A response read in full.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The URL that answered (after redirects), free of secrets; set by the caller.
    pub(crate) url: String,
}

impl Exchange {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The coarsest granularity of socket timeouts.
const STEP: Duration = Duration::from_millis(128);

/// The socket timeouts a client's agent carries for a fresh call with its full
/// budget; calls that get these need no per-request config.
pub(crate) fn agent_timeouts(budget: Duration, connect: Duration) -> (Duration, Duration) {
    let io = io_timeout(budget);
    (io, io.min(connect))
}

/// The socket timeout for the time left: rounded down to a power-of-two number
/// of milliseconds no larger than an eighth of it (and at most [`STEP`]), so it
/// repeats from call to call and is never above what is left nor more than
/// 12.5% below it.
pub(crate) fn io_timeout(left: Duration) -> Duration {
    let ms = left.as_millis() as u64;
    if ms < 8 {
        return left.max(Duration::from_millis(1));
    }
    let eighth = ms / 8;
    let step = (1u64 << (63 - eighth.leading_zeros())).min(STEP.as_millis() as u64);
    Duration::from_millis(ms / step * step)
}

/// Fails a read once the call's deadline has passed.
struct Deadline<R> {
    inner: R,
    deadline: Instant,
}

impl<R: Read> Read for Deadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if Instant::now() >= self.deadline {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the call's deadline passed while reading the body",
            ));
        }
        self.inner.read(buf)
    }
}

pub(crate) fn send(
    inner: &Inner,
    method: Method,
    url: &str,
    headers: &[Header],
    body: Option<&[u8]>,
    deadline: Instant,
    left: Duration,
) -> Result<Exchange, Error> {
    let io = io_timeout(left);
    let connect = io.min(inner.connect_timeout);
    let mut request = http::Request::builder().method(method.to_http()).uri(url);
    for header in headers {
        request = request.header(&header.name, &header.value);
    }
    if body.is_some() && !headers.iter().any(|h| h.name == http::header::CONTENT_TYPE) {
        request = request.header(http::header::CONTENT_TYPE, "application/json");
    }
    let invalid = |e: http::Error| {
        Error::invalid(format!("cannot build a request for {url}: {e}")).with_source(e)
    };
    let response = match body {
        Some(bytes) => run(inner, request.body(bytes).map_err(invalid)?, io, connect),
        None => run(inner, request.body(()).map_err(invalid)?, io, connect),
    }
    .map_err(|e| from_ureq(e, left, inner.max_body))?;

    let (parts, mut body) = response.into_parts();
    let body = if method == Method::Head {
        Vec::new()
    } else {
        let mut reader = Deadline {
            inner: body.with_config().limit(inner.max_body).reader(),
            deadline,
        };
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).map_err(|e| {
            from_ureq(ureq::Error::from(e), left, inner.max_body).with_status(parts.status.as_u16())
        })?;
        bytes
    };
    Ok(Exchange {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
        url: String::new(),
    })
}

/// Runs a request. The agent already carries the timeouts of a fresh call; only
/// when they differ (a retry, a redirect, a per-call timeout) does the request get
/// its own config, a clone of the agent's that touches shared `Arc`s.
fn run<S: ureq::AsSendBody>(
    inner: &Inner,
    request: http::Request<S>,
    io: Duration,
    connect: Duration,
) -> Result<http::Response<ureq::Body>, ureq::Error> {
    let agent = &inner.agent;
    if (io, connect) == inner.agent_timeouts {
        return agent.run(request);
    }
    let request = agent
        .configure_request(request)
        .timeout_connect(Some(connect))
        .timeout_per_read(Some(io))
        .timeout_per_write(Some(io))
        .build();
    agent.run(request)
}

fn from_ureq(error: ureq::Error, timeout: Duration, max_body: u64) -> Error {
    use ureq::Error as U;
    if let Some(detail) = crate::tls::failure(&error) {
        return Error::new(ErrorKind::Transport, detail)
            .not_sent()
            .with_source(error);
    }
    let (kind, detail, sent) = match &error {
        U::Timeout(which) => {
            let sent = !matches!(which, ureq::Timeout::Resolve | ureq::Timeout::Connect);
            (
                ErrorKind::Timeout,
                format!("no complete answer within {timeout:?} ({which})"),
                sent,
            )
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
            format!("no complete answer within {timeout:?}"),
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
    use super::*;

    #[test]
    fn io_timeouts_repeat_and_never_exceed_what_is_left() {
        assert_eq!(
            io_timeout(Duration::from_millis(29_999)),
            Duration::from_millis(29_952)
        );
        assert_eq!(
            io_timeout(Duration::from_millis(29_990)),
            Duration::from_millis(29_952)
        );
        assert_eq!(
            io_timeout(Duration::from_millis(299)),
            Duration::from_millis(288)
        );
        assert_eq!(
            io_timeout(Duration::from_millis(298)),
            Duration::from_millis(288)
        );
        assert_eq!(
            io_timeout(Duration::from_millis(40)),
            Duration::from_millis(40)
        );
        assert_eq!(
            io_timeout(Duration::from_micros(7_500)),
            Duration::from_micros(7_500)
        );
        assert_eq!(io_timeout(Duration::ZERO), Duration::from_millis(1));
        for ms in 8..5_000u64 {
            let t = io_timeout(Duration::from_millis(ms)).as_millis() as u64;
            assert!(t <= ms && t * 8 >= ms * 7, "{ms} -> {t}");
        }
    }
}
