//! Client-level middleware: code that sees every attempt a client sends (each
//! retry and each redirect hop) and every answer, may change the headers, and
//! may send the attempt once more (a token refresh after a `401`).

use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use ureq::http::HeaderMap;

use crate::call::Body;
use crate::header::{self, Header};
use crate::transport::{self, Exchange, Wire};
use crate::{Error, Method};

/// A hook around every attempt of every call of a [`Client`](crate::Client).
///
/// `handle` gets the attempt and the rest of the chain: it may change the
/// attempt's headers, must call [`Next::send`] to get an answer (or return an
/// error of its own), and may call it once more, for instance after refreshing
/// a token. Middleware runs in the order added with
/// [`ClientBuilder::middleware`](crate::ClientBuilder::middleware), the first
/// outermost. Retries, redirects and the call's deadline stay restlax's: each
/// retry and each redirect hop is a new attempt through the chain, and the
/// deadline bounds everything a middleware sends, its own calls through other
/// clients included. After a redirect to another origin the attempt carries no
/// secret headers; a middleware that adds credentials checks
/// [`Attempt::is_on_client_origin`] first. The allowance of one re-send is per
/// middleware: with several, each may re-send what it passes on.
///
/// Any `Fn(&mut Attempt, &mut Next) -> Result<Answer, Error>` closure is a
/// middleware:
///
/// ```
/// use restlax::{Client, middleware::{Attempt, Next}};
///
/// let client = Client::builder("https://api.example.com")
///     .middleware(|attempt: &mut Attempt<'_>, next: &mut Next<'_>| {
///         attempt.set_header("x-request-id", "42")?;
///         let answer = next.send(attempt)?;
///         eprintln!("{} {} -> {}", attempt.method(), attempt.url(), answer.status());
///         Ok(answer)
///     })
///     .build()?;
/// # Ok::<(), restlax::Error>(())
/// ```
pub trait Middleware: Send + Sync + 'static {
    /// Handles one attempt; see the [trait docs](Middleware).
    fn handle(&self, attempt: &mut Attempt<'_>, next: &mut Next<'_>) -> Result<Answer, Error>;
}

impl<F> Middleware for F
where
    F: Fn(&mut Attempt<'_>, &mut Next<'_>) -> Result<Answer, Error> + Send + Sync + 'static,
{
    fn handle(&self, attempt: &mut Attempt<'_>, next: &mut Next<'_>) -> Result<Answer, Error> {
        self(attempt, next)
    }
}

/// One request about to be sent: method, URL, headers and body. Its `Debug`
/// redacts secret headers.
#[derive(Clone)]
pub struct Attempt<'a> {
    method: Method,
    url: String,
    headers: Vec<Header>,
    body: Option<Body<'a>>,
    on_origin: bool,
}

impl<'a> Attempt<'a> {
    pub(crate) fn new(
        method: Method,
        url: &str,
        headers: &[Header],
        body: Option<Body<'a>>,
        on_origin: bool,
    ) -> Self {
        Attempt {
            method,
            url: url.to_owned(),
            headers: headers.to_vec(),
            body,
            on_origin,
        }
    }

    /// Whether the attempt goes to the client's own origin. After a redirect to
    /// another origin, restlax has already dropped the secret headers: a
    /// middleware that adds credentials must check this first, or it would hand
    /// them to whoever the redirect named.
    pub fn is_on_client_origin(&self) -> bool {
        self.on_origin
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The complete URL, query included.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A header's value (secret ones too: middleware is trusted code).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
            .and_then(|h| h.value.to_str().ok())
    }

    /// Every header as `(name, value)`, with the values of secret headers
    /// replaced by `<redacted>`: safe to log.
    pub fn headers_redacted(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(Header::shown)
    }

    /// Sets a header, replacing any of the same name. The same rules hold as for
    /// the client's headers: credentials are secret by name, framing headers are
    /// refused.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        header::replace(&mut self.headers, Header::new(name, value, false)?);
        Ok(())
    }

    /// Sets a secret header (never shown, dropped on a cross-origin redirect).
    pub fn set_secret_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        header::replace(&mut self.headers, Header::new(name, value, true)?);
        Ok(())
    }

    /// Removes a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers
            .retain(|h| !h.name.as_str().eq_ignore_ascii_case(name));
    }

    /// The body, if the request has one.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.map(|b| b.bytes)
    }
}

impl fmt::Debug for Attempt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self.headers_redacted().collect();
        f.debug_struct("Attempt")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.map(|b| b.bytes.len()))
            .finish()
    }
}

/// The answer to one attempt: status, headers, body (read in full, within the
/// client's size limit).
pub struct Answer {
    exchange: Exchange,
}

impl Answer {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.exchange.status
    }

    /// A header's value, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.exchange.header(name)
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.exchange.headers
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.exchange.body
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.exchange.status)
            .field("body_len", &self.exchange.body.len())
            .finish_non_exhaustive()
    }
}

/// The rest of the chain after one middleware: [`send`](Self::send) passes the
/// attempt on (to the next middleware, or onto the wire).
pub struct Next<'a> {
    rest: &'a [Arc<dyn Middleware>],
    wire: &'a Wire<'a>,
    sent: u8,
}

/// An attempt is sent once, and may be sent once more.
const MAX_SENDS: u8 = 2;

impl Next<'_> {
    /// Sends the attempt on and returns its answer. A middleware may call this
    /// twice (once more after changing the attempt, e.g. with a fresh token); a
    /// third call is an [`InvalidRequest`](crate::ErrorKind::InvalidRequest) error.
    pub fn send(&mut self, attempt: &Attempt<'_>) -> Result<Answer, Error> {
        if self.sent >= MAX_SENDS {
            return Err(Error::invalid(
                "a middleware may send an attempt at most twice (once, and once more)",
            ));
        }
        self.sent += 1;
        match self.rest.split_first() {
            None => transport::send(
                self.wire,
                attempt.method,
                &attempt.url,
                &attempt.headers,
                attempt.body,
            )
            .map(|exchange| Answer { exchange }),
            Some((first, rest)) => {
                let mut next = Next {
                    rest,
                    wire: self.wire,
                    sent: 0,
                };
                first.handle(&mut attempt.clone(), &mut next)
            }
        }
    }
}

impl fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Next")
            .field("middleware_left", &self.rest.len())
            .finish_non_exhaustive()
    }
}

/// Runs one attempt through the whole chain.
pub(crate) fn run(
    chain: &[Arc<dyn Middleware>],
    wire: &Wire<'_>,
    attempt: Attempt<'_>,
) -> Result<Exchange, Error> {
    let mut next = Next {
        rest: chain,
        wire,
        sent: 0,
    };
    // The outermost middleware is reached like any other: through `send`.
    next.send(&attempt).map(|answer| answer.exchange)
}

/// A middleware that logs one line per attempt and one per answer without
/// secrets: secret headers are redacted, and so are the values of headers and
/// query parameters whose names suggest credentials (`token`, `key`, `secret`,
/// `pass`, `pwd`, `sig`, `auth`, `code`, `session`, `jwt`, `credential`,
/// `cookie`, `otp`). Bodies are not logged, only their sizes. A credential under
/// an innocent name cannot be recognised: send those with `secret_header`.
///
/// ```
/// use restlax::{Client, middleware::Logger};
///
/// let client = Client::builder("https://api.example.com")
///     .bearer_auth("hunter2")
///     .middleware(Logger::new(|line: &str| eprintln!("{line}")))
///     .build()?;
/// // → GET https://api.example.com/users?api_key=<redacted> [authorization: <redacted>, …]
/// // ← 200 from https://api.example.com/users?api_key=<redacted> in 3.1ms, 512 bytes
/// # Ok::<(), restlax::Error>(())
/// ```
pub struct Logger {
    sink: Box<dyn Fn(&str) + Send + Sync>,
}

impl Logger {
    /// Logs each line to `sink` (e.g. `eprintln!`, `log::info!`, a `Vec` in a test).
    pub fn new(sink: impl Fn(&str) + Send + Sync + 'static) -> Self {
        Logger {
            sink: Box::new(sink),
        }
    }
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger").finish_non_exhaustive()
    }
}

impl Middleware for Logger {
    fn handle(&self, attempt: &mut Attempt<'_>, next: &mut Next<'_>) -> Result<Answer, Error> {
        let url = redact_query(attempt.url());
        let headers: Vec<String> = attempt
            .headers_redacted()
            .map(|(name, value)| {
                let value = if looks_secret(name) {
                    "<redacted>"
                } else {
                    value
                };
                format!("{name}: {value}")
            })
            .collect();
        let body = attempt
            .body()
            .map_or_else(String::new, |b| format!(", {} byte body", b.len()));
        (self.sink)(&format!(
            "→ {} {url} [{}]{body}",
            attempt.method(),
            headers.join(", ")
        ));
        let started = Instant::now();
        let answer = next.send(attempt);
        let took = started.elapsed();
        match &answer {
            Ok(answer) => (self.sink)(&format!(
                "← {} from {url} in {took:.1?}, {} bytes",
                answer.status(),
                answer.body().len()
            )),
            Err(error) => (self.sink)(&format!(
                "← {:?} error from {url} after {took:.1?}",
                error.kind()
            )),
        }
        answer
    }
}

/// Words in header and query parameter names whose values are credentials
/// often enough to hide.
const SECRET_WORDS: [&str; 13] = [
    "token",
    "key",
    "secret",
    "pass",
    "pwd",
    "sig",
    "auth",
    "code",
    "session",
    "jwt",
    "credential",
    "cookie",
    "otp",
];

/// Whether a query parameter or header name suggests a credential.
fn looks_secret(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| lower.contains(w))
}

/// `url` with the values of credential-like query parameters replaced.
fn redact_query(url: &str) -> String {
    let Some((path, query)) = url.split_once('?') else {
        return url.to_owned();
    };
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if !value.is_empty() && looks_secret(key) {
                format!("{key}=<redacted>")
            } else {
                pair.to_owned()
            }
        })
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests {
    use super::redact_query;

    #[test]
    fn credential_like_query_values_are_hidden() {
        assert_eq!(
            redact_query("http://h/x?page=2&access_token=abc&API_KEY=k&q=a"),
            "http://h/x?page=2&access_token=<redacted>&API_KEY=<redacted>&q=a"
        );
        assert_eq!(redact_query("http://h/x"), "http://h/x");
    }
}
