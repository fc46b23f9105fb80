use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use crate::{ApiMessage, ApiMessages, Method};

/// The kinds of [`Error`] are declared in restlax-facts, beside the line each
/// one gets in the `# Errors` docs `#[resource]` generates.
pub use restlax_facts::ErrorKind;

/// The bound on [`Error::body_snippet`]: enough to read an HTML error page's title
/// or a JSON error, small enough to log.
pub const SNIPPET_LIMIT: usize = 4 * 1024;

/// Everything that can go wrong in a call.
///
/// It keeps the method, the URL (never with secrets), the status, the API's own
/// messages and a bounded snippet of the raw body, and tells transport failures,
/// API errors, decode failures and invalid requests apart ([`kind`](Self::kind)).
/// `Display` is one readable line:
///
/// ```text
/// GET https://api.cloudflare.com/client/v4/accounts/a1/members/m9: HTTP 404: Member not found (code 1003)
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    method: Option<Method>,
    url: Option<String>,
    status: Option<u16>,
    messages: ApiMessages,
    snippet: Option<String>,
    retry_after: Option<Duration>,
    json_path: Option<String>,
    detail: String,
    /// Whether the failed request may have reached the server (decides whether a
    /// non-idempotent request can be retried).
    maybe_sent: bool,
    /// Whether trying again cannot help whatever the kind says.
    permanent: bool,
    /// A 2xx answer without the body the caller expected: the request
    /// succeeded (see `is_success_without_body`).
    empty_success: bool,
    attempts: u32,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, detail: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                method: None,
                url: None,
                status: None,
                messages: ApiMessages::new(),
                snippet: None,
                retry_after: None,
                json_path: None,
                detail: detail.into(),
                maybe_sent: !matches!(kind, ErrorKind::InvalidRequest),
                permanent: false,
                empty_success: false,
                attempts: 0,
                source: None,
            }),
        }
    }

    pub(crate) fn invalid(detail: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidRequest, detail)
    }

    pub(crate) fn api(status: u16, messages: ApiMessages, body: &[u8]) -> Self {
        let mut error = Error::new(ErrorKind::Api, String::new());
        error.inner.status = Some(status);
        error.inner.messages = messages;
        error.inner.snippet = snippet(body);
        error
    }

    pub(crate) fn decode(
        status: u16,
        json_path: Option<String>,
        detail: impl Into<String>,
        body: &[u8],
    ) -> Self {
        let mut error = Error::new(ErrorKind::Decode, detail);
        error.inner.status = Some(status);
        error.inner.json_path = json_path.filter(|p| !p.is_empty() && p != ".");
        error.inner.snippet = snippet(body);
        error
    }

    /// A 2xx answer (`204`, or an empty `200`/`201`) where a value was
    /// expected: a [`Decode`](ErrorKind::Decode) error that says the server
    /// accepted the request.
    pub(crate) fn success_without_body(status: u16) -> Self {
        let reason = ureq::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .map_or_else(String::new, |r| format!(" {r}"));
        let mut error = Error::decode(
            status,
            None,
            format!(
                "the server accepted the request (HTTP {status}{reason}) and answered with no body, where a value was expected"
            ),
            &[],
        );
        error.inner.empty_success = true;
        error
    }

    /// Adds how to fix it to a [`success_without_body`](Self::success_without_body)
    /// error (nothing when `fix` is empty); other errors are left as they are.
    pub(crate) fn with_fix(mut self, fix: &str) -> Self {
        if self.inner.empty_success && !fix.is_empty() {
            self.inner.detail.push_str("; ");
            self.inner.detail.push_str(fix);
        }
        self
    }

    pub(crate) fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Box::new(source));
        self
    }

    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    pub(crate) fn with_retry_after(mut self, after: Option<Duration>) -> Self {
        self.inner.retry_after = after;
        self
    }

    /// Marks that the request may have reached the server whatever this error
    /// says (it may be another request's error, handed up by a middleware).
    pub(crate) fn maybe_sent_anyway(&mut self) {
        self.inner.maybe_sent = true;
    }

    pub(crate) fn not_sent(mut self) -> Self {
        self.inner.maybe_sent = false;
        self
    }

    /// Attaches where the call went. `url` must already be free of secrets.
    pub(crate) fn at(mut self, method: Method, url: &str) -> Self {
        self.inner.method = Some(method);
        self.inner.url = Some(url.to_owned());
        self
    }

    /// Hides every value in `secrets` wherever this error shows text it got
    /// from the server or the request: the detail, URL, body snippet and API
    /// messages. A server that echoes a token in its answer does not get it
    /// into a log line this way.
    ///
    /// `redact` rewrites one text in place (the call's `Secrets`, which this
    /// data type does not depend on).
    pub(crate) fn redacted(mut self, redact: &dyn Fn(&mut String)) -> Self {
        let inner = &mut *self.inner;
        redact(&mut inner.detail);
        for text in [&mut inner.url, &mut inner.snippet, &mut inner.json_path]
            .into_iter()
            .flatten()
        {
            redact(text);
        }
        inner.messages.rewrite(redact);
        self
    }

    /// Marks a failure that no retry can change (a certificate that is not
    /// trusted stays untrusted).
    pub(crate) fn permanent(mut self) -> Self {
        self.inner.permanent = true;
        self
    }

    /// Attaches where the call went, unless a stage below already did (a
    /// redirect hop knows the URL that failed better than the call).
    pub(crate) fn located(self, method: Method, url: &str) -> Self {
        if self.inner.url.is_some() {
            return self;
        }
        self.at(method, url)
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    pub(crate) fn maybe_sent(&self) -> bool {
        self.inner.maybe_sent
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The API's own messages about the failure (empty when it gave none): the
    /// first [`MAX_API_MESSAGES`](crate::MAX_API_MESSAGES) it gave, in order.
    pub fn api_messages(&self) -> &[ApiMessage] {
        &self.inner.messages
    }

    /// How many more messages the API gave than [`api_messages`](Self::api_messages)
    /// keeps; they were counted, not stored.
    pub fn dropped_api_messages(&self) -> u64 {
        self.inner.messages.dropped()
    }

    /// The request method, when the error belongs to a request.
    pub fn method(&self) -> Option<Method> {
        self.inner.method
    }

    /// The request URL, without secrets.
    pub fn url(&self) -> Option<&str> {
        self.inner.url.as_deref()
    }

    /// The start of the response body (at most [`SNIPPET_LIMIT`] bytes, lossy UTF-8).
    pub fn body_snippet(&self) -> Option<&str> {
        self.inner.snippet.as_deref()
    }

    /// For a decode error: where in the JSON it failed, e.g. `result[3].email`.
    pub fn json_path(&self) -> Option<&str> {
        self.inner.json_path.as_deref()
    }

    /// How many attempts were made (more than one when the call was retried).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Whether the API said the resource does not exist (HTTP 404).
    pub fn is_not_found(&self) -> bool {
        self.inner.status == Some(404)
    }

    /// Whether trying again later may succeed: connect failures, timeouts, and
    /// HTTP 429, 502, 503, 504. Not a TLS certificate the client does not trust
    /// (unknown issuer, expired, issued for another host): that cannot change. Whether a retry is *safe* also depends on the method;
    /// the client only retries automatically when it is.
    pub fn is_retryable(&self) -> bool {
        if self.inner.permanent {
            return false;
        }
        match self.inner.kind {
            ErrorKind::Transport | ErrorKind::Timeout => true,
            ErrorKind::Api => self
                .inner
                .status
                .is_some_and(|s| crate::status::RETRY_LATER.contains(&s)),
            _ => false,
        }
    }

    /// Whether the server accepted the request and answered `2xx` with no body
    /// where a value was expected (a `204 No Content` to an `update` declared
    /// to return `Self`): a [`Decode`](ErrorKind::Decode) error, but the write
    /// **succeeded**; do not retry it or report it as failed. Declare the
    /// action with `returns = ()` (`update(returns = ())`) so it is `Ok(())`.
    ///
    /// ```no_run
    /// # #[restlax::resource(path = "/vhosts", actions(update))]
    /// # #[derive(serde::Deserialize, serde::Serialize)]
    /// # struct Vhost { name: String }
    /// # let client = restlax::Client::builder("http://127.0.0.1:1").build()?;
    /// # let vhost = Vhost { name: "/".into() };
    /// match Vhost::update(&client, "/", &vhost, ()) {
    ///     Ok(_) => {}
    ///     Err(e) if e.is_success_without_body() => {} // written; nothing to read
    ///     Err(e) => return Err(e),
    /// }
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn is_success_without_body(&self) -> bool {
        self.inner.empty_success
    }

    /// How long the server asked to wait (`Retry-After`), when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }
}

/// The first [`SNIPPET_LIMIT`] bytes of a body as text, cut on a character boundary.
fn snippet(body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let cut = &body[..body.len().min(SNIPPET_LIMIT)];
    let mut text = String::from_utf8_lossy(cut).into_owned();
    if body.len() > SNIPPET_LIMIT {
        // A multi-byte character split by the cut shows as U+FFFD; drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push('…');
    }
    Some(text)
}

/// One line of at most `max` characters, whitespace folded.
fn one_line(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > max {
            let cut: String = out.chars().take(max).collect();
            return cut + "…";
        }
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        match (&inner.method, &inner.url) {
            (Some(method), Some(url)) => write!(f, "{method} {url}: ")?,
            (None, Some(url)) => write!(f, "{url}: ")?,
            _ => {}
        }
        match inner.kind {
            ErrorKind::Api => {
                if let Some(status) = inner.status {
                    write!(f, "HTTP {status}")?;
                    if let Some(reason) = ureq::http::StatusCode::from_u16(status)
                        .ok()
                        .and_then(|s| s.canonical_reason())
                    {
                        write!(f, " {reason}")?;
                    }
                }
                if let Some(summary) = inner.messages.summary() {
                    write!(f, ": {summary}")?;
                }
                if let Some(first) = inner.messages.first() {
                    write!(f, ": {first}")?;
                    let more = inner.messages.total() - 1;
                    if more > 0 {
                        write!(f, " (and {more} more)")?;
                    }
                } else if inner.messages.summary().is_some() {
                } else if let Some(snippet) = &inner.snippet {
                    write!(f, ": {}", one_line(snippet, 120))?;
                }
                if !inner.detail.is_empty() {
                    write!(f, " ({})", inner.detail)?;
                }
            }
            // Not "could not decode the response": the request succeeded, and
            // the message must not read as a failure.
            ErrorKind::Decode if inner.empty_success => f.write_str(&inner.detail)?,
            ErrorKind::Decode => {
                f.write_str("could not decode the response")?;
                if let Some(path) = &inner.json_path {
                    write!(f, " at `{path}`")?;
                }
                write!(f, ": {}", inner.detail)?;
            }
            ErrorKind::InvalidRequest => write!(f, "invalid request: {}", inner.detail)?,
            ErrorKind::Transport => write!(f, "transport error: {}", inner.detail)?,
            ErrorKind::Timeout => write!(f, "timed out: {}", inner.detail)?,
            ErrorKind::BodyTooLarge => write!(f, "{}", inner.detail)?,
            ErrorKind::Redirect => write!(f, "redirect refused: {}", inner.detail)?,
            // `ErrorKind` is `#[non_exhaustive]` in restlax-facts: a kind added
            // there shows its detail until it is given a prefix above.
            _ => f.write_str(&inner.detail)?,
        }
        if inner.attempts > 1 {
            write!(f, " [after {} attempts]", inner.attempts)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let mut s = f.debug_struct("Error");
        s.field("kind", &inner.kind);
        if let Some(method) = inner.method {
            s.field("method", &method);
        }
        if let Some(url) = &inner.url {
            s.field("url", url);
        }
        if let Some(status) = inner.status {
            s.field("status", &status);
        }
        if !inner.messages.is_empty() {
            s.field("messages", &inner.messages.as_slice());
        }
        if inner.messages.dropped() > 0 {
            s.field("dropped_messages", &inner.messages.dropped());
        }
        if !inner.detail.is_empty() {
            s.field("detail", &inner.detail);
        }
        if let Some(path) = &inner.json_path {
            s.field("json_path", path);
        }
        if let Some(after) = inner.retry_after {
            s.field("retry_after", &after);
        }
        if let Some(snippet) = &inner.snippet {
            s.field("body_snippet", &one_line(snippet, 200));
        }
        s.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_bounded_on_a_char_boundary() {
        let body = "é".repeat(SNIPPET_LIMIT);
        let s = snippet(body.as_bytes()).unwrap();
        assert!(s.len() <= SNIPPET_LIMIT + '…'.len_utf8());
        assert!(s.ends_with('…'));
        assert!(!s.contains('\u{FFFD}'));
    }

    #[test]
    fn display_is_one_line() {
        let e = Error::api(
            502,
            ApiMessages::new(),
            b"<html>\n<title>Bad gateway</title>\n</html>",
        )
        .at(Method::Get, "http://h/x");
        let text = e.to_string();
        assert_eq!(
            text,
            "GET http://h/x: HTTP 502 Bad Gateway: <html> <title>Bad gateway</title> </html>"
        );
    }
}
