//! Client-level middleware: code that sees every attempt a client sends (each
//! retry) and every answer, may change the headers, and may send the attempt
//! once more (a token refresh after a `401`).

use std::cell::Cell;
use std::fmt;
use std::sync::Arc;
use std::time::Instant;

use crate::Error;
pub use crate::answer::Answer;
pub use crate::request::Request;

/// A hook around every attempt of every call of a [`Client`](crate::Client).
///
/// `handle` gets the request and the rest of the chain: it may change the
/// request's headers, must call [`Next::send`] to get an answer (or return an
/// error of its own), and may call it once more, for instance after refreshing
/// a token. Middleware runs in the order added with
/// [`ClientBuilder::middleware`](crate::ClientBuilder::middleware), the first
/// outermost.
///
/// What stays restlax's, whatever a middleware does:
///
/// - Retries and the call's deadline: each retry is a new attempt through the
///   chain, and the deadline bounds everything a middleware sends, its own
///   calls through other clients included.
/// - Redirects are followed *below* the chain, on the request as the chain
///   passed it on: a header a middleware set is treated like any other (a
///   secret one is dropped when a redirect leaves the client's origin).
/// - The re-send budget is the call's: however many middlewares there are
///   and however many retries the call makes, the middleware may send one
///   attempt a second time once per call (a refreshed token); a further
///   [`Next::send`] of an attempt already sent is an
///   [`InvalidRequest`](crate::ErrorKind::InvalidRequest) error. A streamed
///   body is never sent twice.
/// - A middleware that calls its own client nests calls; past
///   [`MAX_NESTED_CALLS`](crate::MAX_NESTED_CALLS) on one thread the innermost
///   fails with an `InvalidRequest` error instead of overflowing the stack.
///   The nesting count and the deadline belong to the thread: a call a
///   middleware makes on another thread is bounded by neither.
/// - If an attempt went past the chain towards the server and the chain then
///   returns an error (its own, or another call's), the request is taken as
///   possibly sent: a `POST` is not retried.
/// - Secret values a middleware sets (with [`Request::set_secret_header`], or
///   `Authorization` by name) are hidden in what the call hands back, and are
///   part of the [`EtagCache`](crate::EtagCache)'s key.
///
/// Any `Fn(&mut Request, &mut Next) -> Result<Answer, Error>` closure is a
/// middleware:
///
/// ```
/// use restlax::{Client, middleware::{Next, Request}};
///
/// let client = Client::builder("https://api.example.com")
///     .middleware(|request: &mut Request, next: &mut Next<'_>| {
///         request.set_header("x-request-id", "42")?;
///         let answer = next.send(request)?;
///         eprintln!("{} {} -> {}", request.method(), request.url_redacted(), answer.status());
///         Ok(answer)
///     })
///     .build()?;
/// # Ok::<(), restlax::Error>(())
/// ```
pub trait Middleware: Send + Sync + 'static {
    /// Handles one attempt; see the [trait docs](Middleware).
    fn handle(&self, request: &mut Request, next: &mut Next<'_>) -> Result<Answer, Error>;
}

impl<F> Middleware for F
where
    F: Fn(&mut Request, &mut Next<'_>) -> Result<Answer, Error> + Send + Sync + 'static,
{
    fn handle(&self, request: &mut Request, next: &mut Next<'_>) -> Result<Answer, Error> {
        self(request, next)
    }
}

/// What sends a request once the chain is through with it (the cache,
/// redirects and the wire, which the call puts together).
pub(crate) type Below<'a> = dyn Fn(&Request) -> Result<Answer, Error> + 'a;

/// The rest of the chain after one middleware: [`send`](Self::send) passes the
/// request on (to the next middleware, or towards the server).
pub struct Next<'a> {
    rest: &'a [Arc<dyn Middleware>],
    below: &'a Below<'a>,
    /// Whether this attempt has reached `below`, shared by the whole chain.
    sent: &'a Cell<bool>,
    /// How many times the call's attempts were sent again, over all attempts.
    resends: &'a Cell<u32>,
}

/// How many times a call's middleware may send an attempt again.
const MAX_RESENDS: u32 = 1;

impl Next<'_> {
    /// Sends the request on and returns its answer. An attempt already sent
    /// may be sent once more per call, however many middlewares call this and
    /// however many retries there are: a send past that is an
    /// [`InvalidRequest`](crate::ErrorKind::InvalidRequest) error.
    pub fn send(&mut self, request: &Request) -> Result<Answer, Error> {
        match self.rest.split_first() {
            None => {
                if self.sent.get() {
                    if self.resends.get() >= MAX_RESENDS {
                        return Err(Error::invalid(
                            "the call's middleware already sent an attempt once more, \
                             the most it may",
                        ));
                    }
                    self.resends.set(self.resends.get() + 1);
                }
                self.sent.set(true);
                (self.below)(request)
            }
            Some((first, rest)) => {
                let mut next = Next {
                    rest,
                    below: self.below,
                    sent: self.sent,
                    resends: self.resends,
                };
                first.handle(&mut request.clone(), &mut next)
            }
        }
    }
}

impl fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Next")
            .field("middleware_left", &self.rest.len())
            .field("sent", &self.sent.get())
            .field("resends", &self.resends.get())
            .finish_non_exhaustive()
    }
}

/// Runs one attempt through the whole chain, then `below`. `resends` counts
/// the call's re-sends over all its attempts.
pub(crate) fn run(
    chain: &[Arc<dyn Middleware>],
    request: &Request,
    below: &Below<'_>,
    resends: &Cell<u32>,
) -> Result<Answer, Error> {
    let sent = Cell::new(false);
    let mut next = Next {
        rest: chain,
        below,
        sent: &sent,
        resends,
    };
    // The outermost middleware is reached like any other: through `send`.
    next.send(request)
}

/// A middleware that logs one line per attempt and one per answer without
/// secrets: secret headers and secret query values ([`Opts::secret_query`](crate::Opts::secret_query))
/// are redacted, and so are the values of headers and query parameters whose
/// names suggest credentials (`token`, `key`, `secret`,
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
    fn handle(&self, request: &mut Request, next: &mut Next<'_>) -> Result<Answer, Error> {
        let url = redact_query(&request.url_redacted());
        let headers: Vec<String> = request
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
        let body = request
            .body()
            .map_or_else(String::new, |b| format!(", {} byte body", b.len()));
        (self.sink)(&format!(
            "→ {} {url} [{}]{body}",
            request.method(),
            headers.join(", ")
        ));
        let started = Instant::now();
        let answer = next.send(request);
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
