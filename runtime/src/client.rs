use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::{HeaderName, HeaderValue, Uri};

use crate::envelope::{Envelope, Plain};
use crate::{Error, Retry};

/// The default bound on a response body: 16 MiB, several times the largest page
/// the supported APIs send, small enough that a runaway body cannot exhaust memory.
pub const DEFAULT_MAX_BODY: u64 = 16 * 1024 * 1024;

/// A configured connection to one API: base URL, auth, envelope, timeouts, retries.
///
/// Cheap to clone (an `Arc`), `Send + Sync`, and it shares one `ureq::Agent`, so
/// connections are pooled across clones and threads. Its `Debug` never shows a
/// secret.
///
/// ```
/// use restlax::{Client, envelope::Cloudflare};
/// use std::time::Duration;
///
/// let client = Client::builder("https://api.cloudflare.com/client/v4")
///     .bearer_auth("my-token")
///     .envelope(Cloudflare)
///     .timeout(Duration::from_secs(30))
///     .build()?;
/// assert!(!format!("{client:?}").contains("my-token"));
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) agent: ureq::Agent,
    pub(crate) base: Base,
    pub(crate) headers: Vec<Header>,
    pub(crate) envelope: Arc<dyn Envelope>,
    pub(crate) retry: Retry,
    pub(crate) timeout: Duration,
    pub(crate) max_body: u64,
    pub(crate) max_redirects: u32,
    pub(crate) https_only: bool,
    pub(crate) connect_timeout: Duration,
    /// (per-read/write, connect) socket timeouts set on the agent.
    pub(crate) agent_timeouts: (Duration, Duration),
}

/// A header the client sends on every request.
#[derive(Clone)]
pub(crate) struct Header {
    pub(crate) name: HeaderName,
    pub(crate) value: HeaderValue,
    pub(crate) secret: bool,
}

/// The validated base URL.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// Without a trailing slash; paths start with `/`.
    pub(crate) url: String,
    /// `scheme://host:port`, lowercased, default port filled in.
    pub(crate) origin: String,
}

impl Client {
    /// Starts configuring a client for the API at `base_url`
    /// (e.g. `https://api.cloudflare.com/client/v4`). Resource paths are appended to it.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url.into())
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base.url
    }

    /// The envelope responses are read with.
    pub fn envelope(&self) -> &dyn Envelope {
        &*self.inner.envelope
    }

    /// The retry policy.
    pub fn retry(&self) -> Retry {
        self.inner.retry
    }

    /// The overall bound on one call, retries included.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }
}

// A panic cannot leave a client half-updated: its configuration is immutable
// after `build`, and ureq's connection pool sits behind mutexes.
impl std::panic::UnwindSafe for Client {}
impl std::panic::RefUnwindSafe for Client {}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let headers: Vec<_> = inner
            .headers
            .iter()
            .map(|h| {
                let value = if h.secret {
                    "<redacted>"
                } else {
                    h.value.to_str().unwrap_or("<binary>")
                };
                (h.name.as_str(), value)
            })
            .collect();
        f.debug_struct("Client")
            .field("base_url", &inner.base.url)
            .field("headers", &headers)
            .field("envelope", &inner.envelope)
            .field("retry", &inner.retry)
            .field("timeout", &inner.timeout)
            .field("max_body", &inner.max_body)
            .field("https_only", &inner.https_only)
            .finish()
    }
}

/// Configures a [`Client`]. Every setter is checked; the first problem is
/// returned by [`build`](Self::build) as an [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest).
#[must_use = "a builder does nothing until .build() is called"]
pub struct ClientBuilder {
    base_url: String,
    headers: Vec<Header>,
    envelope: Arc<dyn Envelope>,
    retry: Retry,
    timeout: Duration,
    connect_timeout: Duration,
    max_body: u64,
    max_redirects: u32,
    https_only: bool,
    user_agent: String,
    proxy: ProxySetting,
    max_idle_per_host: usize,
    root_certificates: Vec<ureq::tls::Certificate<'static>>,
    error: Option<Error>,
}

enum ProxySetting {
    FromEnv,
    None,
    Url(String),
}

impl ClientBuilder {
    fn new(base_url: String) -> Self {
        ClientBuilder {
            base_url,
            headers: Vec::new(),
            envelope: Arc::new(Plain),
            retry: Retry::default(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_body: DEFAULT_MAX_BODY,
            max_redirects: 5,
            https_only: false,
            user_agent: concat!("restlax/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: ProxySetting::FromEnv,
            max_idle_per_host: 16,
            root_certificates: Vec::new(),
            error: None,
        }
    }

    fn push_header(mut self, name: &str, value: &str, secret: bool) -> Self {
        match validate_header(name, value, secret) {
            Ok(header) => {
                self.headers.retain(|h| h.name != header.name);
                self.headers.push(header);
            }
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Sends `Authorization: Bearer <token>` on every request, as a secret.
    pub fn bearer_auth(self, token: impl AsRef<str>) -> Self {
        let value = format!("Bearer {}", token.as_ref());
        self.push_header("authorization", &value, true)
    }

    /// Sends a header on every request (replacing an earlier one of the same name).
    pub fn header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.push_header(name.as_ref(), value.as_ref(), false)
    }

    /// Sends a secret header on every request (e.g. `X-Auth-Key`): never shown in
    /// `Debug`, errors or logs, and dropped when a redirect leads to another origin.
    pub fn secret_header(self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.push_header(name.as_ref(), value.as_ref(), true)
    }

    /// The `User-Agent` header. Default: `restlax/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How responses are unwrapped. Default: [`Plain`].
    pub fn envelope(mut self, envelope: impl Envelope) -> Self {
        self.envelope = Arc::new(envelope);
        self
    }

    /// The retry policy. Default: [`Retry::default`] (3 attempts).
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// The overall bound on one call, retries and redirects included. Default: 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The bound on opening a connection (DNS, TCP, TLS). Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body read, in bytes. Default: [`DEFAULT_MAX_BODY`].
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body = bytes;
        self
    }

    /// How many redirects a call follows. Default: 5; 0 turns them off.
    ///
    /// Secret headers are dropped when a redirect leaves the client's origin, and
    /// a redirect that would re-send a request body to another origin fails with
    /// [`ErrorKind::Redirect`](crate::ErrorKind::Redirect) instead.
    pub fn max_redirects(mut self, redirects: u32) -> Self {
        self.max_redirects = redirects;
        self
    }

    /// Refuse plain `http://` for the base URL and for redirects.
    pub fn https_only(mut self, on: bool) -> Self {
        self.https_only = on;
        self
    }

    /// Talk to the server directly, ignoring `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY`
    /// (which are honoured by default).
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::None;
        self
    }

    /// Send every request through this proxy, e.g. `http://proxy.local:3128`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// How many idle connections to keep per host. Default: 16.
    pub fn max_idle_connections_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = connections;
        self
    }

    /// Also trusts the certificate(s) in `pem` for HTTPS, on top of the built-in
    /// Mozilla roots: a company CA, a self-hosted server's own CA. Call it once
    /// per file; a PEM bundle of several certificates adds them all. A PEM with
    /// no certificate, or one that does not parse, makes [`build`](Self::build)
    /// fail with [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest).
    ///
    /// ```no_run
    /// let client = restlax::Client::builder("https://panel.internal")
    ///     .root_certificate(std::fs::read("company-ca.pem").unwrap())
    ///     .build()?;
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn root_certificate(mut self, pem: impl AsRef<[u8]>) -> Self {
        match crate::tls::parse_certificates(pem.as_ref()) {
            Ok(certificates) => self.root_certificates.extend(certificates),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base = parse_base(&self.base_url, self.https_only)?;
        let user_agent = validate_header("user-agent", &self.user_agent, false)?;
        let proxy =
            match self.proxy {
                ProxySetting::FromEnv => ureq::Proxy::try_from_env(),
                ProxySetting::None => None,
                ProxySetting::Url(url) => Some(ureq::Proxy::new(&url).map_err(|e| {
                    Error::invalid(format!("invalid proxy URL: {e}")).with_source(e)
                })?),
            };
        let agent_timeouts = crate::transport::agent_timeouts(self.timeout, self.connect_timeout);
        let config = ureq::Agent::config_builder()
            // Error statuses are answers too: their bodies carry the API's messages.
            .http_status_as_error(false)
            // Redirects are followed by restlax itself, so secret headers can be
            // dropped when the origin changes (ureq forwards all but Authorization).
            .max_redirects(0)
            .https_only(self.https_only)
            .proxy(proxy)
            .user_agent(user_agent.value.to_str().unwrap_or_default())
            .accept("application/json")
            .timeout_connect(Some(agent_timeouts.1))
            .timeout_per_read(Some(agent_timeouts.0))
            .timeout_per_write(Some(agent_timeouts.0))
            .max_idle_connections(self.max_idle_per_host.max(1) * 4)
            .max_idle_connections_per_host(self.max_idle_per_host.max(1));
        let config = match crate::tls::config(self.root_certificates) {
            Some(tls) => config.tls_config(tls),
            None => config,
        }
        .build();
        Ok(Client {
            inner: Arc::new(Inner {
                agent: config.new_agent(),
                base,
                headers: self.headers,
                envelope: self.envelope,
                retry: self.retry,
                timeout: self.timeout,
                max_body: self.max_body,
                max_redirects: self.max_redirects,
                https_only: self.https_only,
                connect_timeout: self.connect_timeout,
                agent_timeouts,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("headers", &self.headers.len())
            .finish_non_exhaustive()
    }
}

/// Checks a header name and value. The value of a secret header never appears in
/// the error.
pub(crate) fn validate_header(name: &str, value: &str, secret: bool) -> Result<Header, Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format!("invalid header name {name:?}")))?;
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        let shown = if secret { "<redacted>".to_owned() } else { format!("{value:?}") };
        Error::invalid(format!(
            "invalid value for header `{name}`: {shown} (control characters such as CR or LF are not allowed)"
        ))
    })?;
    value.set_sensitive(secret);
    Ok(Header {
        name,
        value,
        secret,
    })
}

/// Validates a base URL: http(s), a host, no credentials, query or fragment.
pub(crate) fn parse_base(url: &str, https_only: bool) -> Result<Base, Error> {
    let bad = |why: &str| Error::invalid(format!("invalid base URL: {why}"));
    let trimmed = url.trim_end_matches('/');
    if trimmed.contains('@') && trimmed.split('/').nth(2).is_some_and(|a| a.contains('@')) {
        return Err(bad(
            "credentials in the URL would be logged; use bearer_auth or secret_header",
        ));
    }
    let uri: Uri = trimmed
        .parse()
        .map_err(|_| bad(&format!("{url:?} is not a URL")))?;
    let scheme = match uri.scheme_str() {
        Some("https") => "https",
        Some("http") if https_only => return Err(bad("https_only is set but the URL is http")),
        Some("http") => "http",
        Some(other) => return Err(bad(&format!("scheme `{other}` is not http or https"))),
        None => return Err(bad(&format!("{url:?} has no scheme (http:// or https://)"))),
    };
    let Some(host) = uri.host().filter(|h| !h.is_empty()) else {
        return Err(bad(&format!("{url:?} has no host")));
    };
    if uri.query().is_some() || trimmed.contains('#') {
        return Err(bad(
            "a base URL cannot have a query or fragment; use Opts::query",
        ));
    }
    let port = uri
        .port_u16()
        .unwrap_or(if scheme == "https" { 443 } else { 80 });
    Ok(Base {
        url: trimmed.to_owned(),
        origin: format!("{scheme}://{}:{port}", host.to_ascii_lowercase()),
    })
}

/// The origin (`scheme://host:port`) of an absolute URL, if it is one.
pub(crate) fn origin_of(url: &str) -> Option<String> {
    parse_base(url.split(['?', '#']).next()?, false)
        .ok()
        .map(|b| b.origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = parse_base("https://API.example.com/v4/", false).unwrap();
        assert_eq!(b.url, "https://API.example.com/v4");
        assert_eq!(b.origin, "https://api.example.com:443");
        assert!(parse_base("ftp://x", false).is_err());
        assert!(parse_base("example.com", false).is_err());
        assert!(parse_base("https://u:p@x.com", false).is_err());
        assert!(parse_base("https://x.com/?a=1", false).is_err());
        assert!(parse_base("http://x.com", true).is_err());
        assert!(parse_base("not a url", false).is_err());
        assert_eq!(
            origin_of("http://127.0.0.1:8080/a?b").unwrap(),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn secret_header_values_stay_out_of_errors() {
        let e = validate_header("x-auth-key", "sec\r\nret", true)
            .err()
            .unwrap();
        assert!(!e.to_string().contains("sec"), "{e}");
        let e = validate_header("x-plain", "a\nb", false).err().unwrap();
        assert!(e.to_string().contains("a\\nb"), "{e}");
    }

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }
}
