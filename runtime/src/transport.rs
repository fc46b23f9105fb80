//! One HTTP exchange over the client's shared `ureq::Agent`: send, read the whole
//! body within the size limit, map ureq's errors onto restlax's kinds.

use std::io;
use std::time::Duration;

use ureq::http::{self, HeaderMap};

use crate::client::{Header, Inner};
use crate::{Error, ErrorKind, Method};

/// A response read in full.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The URL that answered (after redirects), free of secrets.
    pub(crate) url: String,
}

impl Exchange {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub(crate) fn send(
    inner: &Inner,
    method: Method,
    url: &str,
    headers: &[Header],
    body: Option<&[u8]>,
    timeout: Duration,
) -> Result<Exchange, Error> {
    let mut request = http::Request::builder().method(method.to_http()).uri(url);
    for header in headers {
        request = request.header(&header.name, &header.value);
    }
    if body.is_some() && !headers.iter().any(|h| h.name == http::header::CONTENT_TYPE) {
        request = request.header(http::header::CONTENT_TYPE, "application/json");
    }
    let agent = &inner.agent;
    let invalid = |e: http::Error| {
        Error::invalid(format!("cannot build a request for {url}: {e}")).with_source(e)
    };
    let response = match body {
        Some(bytes) => {
            let request = request.body(bytes).map_err(invalid)?;
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build();
            agent.run(request)
        }
        None => {
            let request = request.body(()).map_err(invalid)?;
            let request = agent
                .configure_request(request)
                .timeout_global(Some(timeout))
                .build();
            agent.run(request)
        }
    }
    .map_err(|e| from_ureq(e, timeout, inner.max_body))?;

    let (parts, mut body) = response.into_parts();
    let body = if method == Method::Head {
        Vec::new()
    } else {
        body.with_config()
            .limit(inner.max_body)
            .read_to_vec()
            .map_err(|e| from_ureq(e, timeout, inner.max_body).with_status(parts.status.as_u16()))?
    };
    Ok(Exchange {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
        url: url.to_owned(),
    })
}

fn from_ureq(error: ureq::Error, timeout: Duration, max_body: u64) -> Error {
    use ureq::Error as U;
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
