use std::fmt;
use std::time::Duration;

use crate::envelope::{Envelope, Given};
use crate::retry::Retry;
use crate::{EtagCache, Metadata};

/// Per-call options: query parameters, headers, a timeout, retry behaviour.
///
/// Every generated function takes `opts: impl Into<Opts>`; pass `()` for none.
///
/// ```
/// use restlax::Opts;
/// use std::time::Duration;
///
/// let opts = Opts::new()
///     .query("per_page", 50)
///     .query("status", "accepted")
///     .header("x-request-id", "42")
///     .timeout(Duration::from_secs(5));
/// assert_eq!(opts.query_pairs().count(), 2);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Opts {
    /// Key, value, and whether the value is a secret.
    pub(crate) query: Vec<(String, String, bool)>,
    pub(crate) headers: Vec<(String, String, bool)>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<Retry>,
    pub(crate) idempotent: bool,
    pub(crate) metadata: Option<Metadata>,
    pub(crate) cache: Option<EtagCache>,
    pub(crate) envelope: Option<Given>,
    /// A next-page link to fetch in place of the call's path and query
    /// (what [`Page::next_opts`](crate::Page::next_opts) gives for `Link`
    /// paging); checked to be on the client's origin.
    pub(crate) next_url: Option<String>,
    /// Top-level fields set on the call's JSON body: the cursor of a search
    /// that pages in its body (Notion's `start_cursor`).
    pub(crate) body_fields: Vec<(String, serde_json::Value)>,
    pub(crate) max_body: Option<u64>,
}

impl Opts {
    /// The secret query values ([`secret_query`](Self::secret_query)), to
    /// hide wherever a URL they went into is shown.
    pub(crate) fn query_secrets(&self) -> crate::secret::Secrets {
        let mut secrets = crate::secret::Secrets::default();
        for (_, value, _) in self.query.iter().filter(|(_, _, secret)| *secret) {
            secrets.learn(value);
        }
        secrets
    }

    /// No options.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a query parameter. Keys and values are percent-encoded when sent.
    /// A key may repeat (`?tag=a&tag=b`).
    #[must_use]
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((key.into(), value.to_string(), false));
        self
    }

    /// Appends a query parameter whose value is a secret, for APIs that take a
    /// key in the URL (`?key=…`, `?access_token=…`): it is sent as given, and
    /// shown as `<redacted>` wherever the URL is shown (errors, [`Metadata::url`],
    /// [`middleware::Logger`](crate::middleware::Logger) lines, `Debug`), and hidden
    /// wherever a server echoes it back.
    ///
    /// ```
    /// let opts = restlax::Opts::new().secret_query("key", "AIza-secret");
    /// assert!(!format!("{opts:?}").contains("AIza-secret"));
    /// ```
    #[must_use]
    pub fn secret_query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((key.into(), value.to_string(), true));
        self
    }

    /// Sets a query parameter, replacing every earlier value of the same key
    /// in the place of the first (so `?page=1&page_size=2` becomes
    /// `?page=2&page_size=2`), or appending it.
    #[must_use]
    pub fn set_query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        let key = key.into();
        let value = value.to_string();
        match self.query.iter().position(|(k, _, _)| *k == key) {
            Some(first) => {
                self.query[first] = (key.clone(), value, false);
                let mut index = 0;
                self.query.retain(|(k, _, _)| {
                    index += 1;
                    index - 1 == first || *k != key
                });
            }
            None => self.query.push((key, value, false)),
        }
        self
    }

    /// Adds each pair whose key is not set yet: an envelope's first-page
    /// query under the caller's own.
    pub(crate) fn with_defaults(mut self, pairs: &[(&str, &str)]) -> Self {
        for (key, value) in pairs {
            if self.query_value(key).is_none() {
                self.query
                    .push(((*key).to_owned(), (*value).to_owned(), false));
            }
        }
        self
    }

    /// Whether these options point at a next page beyond its query (a `Link`
    /// target or a body cursor, from `Page::next_opts`).
    pub(crate) fn points_at_a_page(&self) -> bool {
        self.next_url.is_some() || !self.body_fields.is_empty()
    }

    /// Sets a top-level field of the JSON body, replacing one of the same name.
    pub(crate) fn set_body_field(mut self, key: String, value: serde_json::Value) -> Self {
        self.body_fields.retain(|(k, _)| *k != key);
        self.body_fields.push((key, value));
        self
    }

    /// Adds a request header for this call, replacing the client's and the
    /// declaration's header of the same name (`header("accept", "*/*")` for
    /// an endpoint that refuses the default `Accept: application/json`). A
    /// header with CR, LF or another character not allowed in HTTP makes the
    /// call fail with
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) before anything is sent.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into(), false));
        self
    }

    /// Like [`header`](Self::header), but the value is a secret: it is never shown in
    /// `Debug`, errors or logs, and is not sent to another host on a redirect.
    #[must_use]
    pub fn secret_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into(), true));
        self
    }

    /// Sends `Authorization: Bearer <token>` on this call, replacing the client's
    /// (APIs that use a different token per operation, e.g. Flow Retail's login).
    #[must_use]
    pub fn bearer_auth(self, token: impl AsRef<str>) -> Self {
        let value = format!("Bearer {}", token.as_ref());
        self.secret_header("authorization", value)
    }

    /// Bounds this call, retries and redirects included; overrides the client's
    /// timeout. Any duration is accepted; beyond a century it means "no bound".
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Overrides the client's retry policy for this call.
    #[must_use]
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Declares this call safe to send twice (e.g. a `POST` with an idempotency key),
    /// so it is retried like a `GET`.
    #[must_use]
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Records the answer's status, headers and URL in `metadata` (see [`Metadata`]).
    #[must_use]
    pub fn metadata(mut self, metadata: &Metadata) -> Self {
        self.metadata = Some(metadata.clone());
        self
    }

    /// Makes a `GET` conditional on what `cache` remembers of its URL, and
    /// remembers this answer (see [`EtagCache`]).
    #[must_use]
    pub fn cache(mut self, cache: &EtagCache) -> Self {
        self.cache = Some(cache.clone());
        self
    }

    /// The largest answer body this call reads, in decoded bytes, in place of
    /// the client's [`max_body_size`](crate::ClientBuilder::max_body_size):
    /// for one large export or download
    /// ([`send_streaming`](crate::RequestBuilder::send_streaming)).
    #[must_use]
    pub fn max_body_size(mut self, limit: u64) -> Self {
        self.max_body = Some(limit);
        self
    }

    /// Reads this call's answer with `envelope`, in place of the action's,
    /// the resource's or the client's: for the request API, or a generated
    /// call whose answer is wrapped differently.
    ///
    /// ```
    /// use restlax::{Opts, envelope::Under};
    ///
    /// // `GET /rooms/{id}/messages` answers `{"chunk": […], "end": "…"}`.
    /// let opts = Opts::new().query("dir", "b").envelope(Under(&["chunk"]));
    /// # let _ = opts;
    /// ```
    #[must_use]
    pub fn envelope(mut self, envelope: impl Envelope) -> Self {
        self.envelope = Some(Given(std::sync::Arc::new(envelope)));
        self
    }

    /// These options with `other`'s on top: its query parameters and headers
    /// added after these, its timeout, retry policy, metadata slot, cache and
    /// envelope replacing these where set.
    #[must_use]
    pub fn merge(mut self, other: Opts) -> Self {
        self.query.extend(other.query);
        self.headers.extend(other.headers);
        self.timeout = other.timeout.or(self.timeout);
        self.retry = other.retry.or(self.retry);
        self.idempotent |= other.idempotent;
        self.metadata = other.metadata.or(self.metadata);
        self.cache = other.cache.or(self.cache);
        self.envelope = other.envelope.or(self.envelope);
        self.next_url = other.next_url.or(self.next_url);
        self.max_body = other.max_body.or(self.max_body);
        for (key, value) in other.body_fields {
            self = self.set_body_field(key, value);
        }
        self
    }

    /// The query parameters, in the order they will be sent.
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(k, v, _)| (k.as_str(), v.as_str()))
    }

    /// The last value of a query parameter.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _, _)| k == key)
            .map(|(_, v, _)| v.as_str())
    }
}

impl From<()> for Opts {
    fn from(_: ()) -> Self {
        Opts::default()
    }
}

impl fmt::Debug for Opts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(name, value, secret)| {
                let shown = if *secret || crate::header::is_secret_name(name) {
                    "<redacted>"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            })
            .collect();
        let query: Vec<_> = self
            .query
            .iter()
            .map(|(key, value, secret)| {
                let shown = if *secret {
                    crate::secret::REDACTED
                } else {
                    value.as_str()
                };
                (key.as_str(), shown)
            })
            .collect();
        f.debug_struct("Opts")
            .field("query", &query)
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("idempotent", &self.idempotent)
            .field("metadata", &self.metadata)
            .field("cache", &self.cache)
            .field("envelope", &self.envelope)
            .field(
                "next_url",
                &self.next_url.as_deref().map(|url| {
                    self.query_secrets()
                        .redact(&crate::url::shown(url))
                        .into_owned()
                }),
            )
            .field("body_fields", &self.body_fields)
            .field("max_body", &self.max_body)
            .finish()
    }
}
