use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::connection::{Bounded, BoundedResolver, FOREVER};
use crate::envelope::{Chosen, Envelope, Plain};
use crate::header::{self, Header};
use crate::middleware::Middleware;
use crate::redirect;
use crate::request::Request;
use crate::transport::HostHeader;
use crate::transport::Wire;
use crate::url::{self, Base};
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
    /// The `Host` of requests to the base URL's origin, made once.
    pub(crate) host: Option<HostHeader>,
    pub(crate) base: Base,
    /// The client's headers, shared by every request it makes (the base of
    /// each request's [`Headers`]).
    pub(crate) headers: Arc<[Header]>,
    pub(crate) envelope: Arc<dyn Envelope>,
    pub(crate) retry: Retry,
    pub(crate) timeout: Duration,
    pub(crate) max_body: u64,
    pub(crate) redirects: redirect::Policy,
    pub(crate) middleware: Vec<Arc<dyn Middleware>>,
}

impl Inner {
    pub(crate) fn wire(&self) -> Wire<'_> {
        Wire {
            agent: &self.agent,
            host: self.host.as_ref(),
            max_body: self.max_body,
        }
    }
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

    /// The envelope `request`'s answer is read with: the call's, the
    /// declaration's, else this client's.
    pub(crate) fn envelope_for<'a>(&'a self, request: &'a Request) -> &'a dyn Envelope {
        match &request.envelope {
            Some(chosen) => &**chosen,
            None => self.envelope(),
        }
    }

    /// [`envelope_for`](Self::envelope_for), kept for an answer that outlives
    /// the call.
    pub(crate) fn chosen_envelope(&self, request: &Request) -> Chosen {
        match &request.envelope {
            Some(chosen) => chosen.clone(),
            None => Chosen::Shared(Arc::clone(&self.inner.envelope)),
        }
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
        let headers: Vec<_> = inner.headers.iter().map(Header::shown).collect();
        f.debug_struct("Client")
            .field("base_url", &inner.base.url)
            .field("headers", &headers)
            .field("envelope", &inner.envelope)
            .field("retry", &inner.retry)
            .field("timeout", &inner.timeout)
            .field("max_body", &inner.max_body)
            .field("https_only", &inner.redirects.https_only)
            .finish()
    }
}

/// Configures a [`Client`]. Every setter is checked; the first problem is
/// returned by [`build`](Self::build) as an [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest).
///
/// # Headers every request sends
///
/// `Accept: application/json` (what restlax decodes) and `User-Agent:
/// restlax/<version>` ([`user_agent`](Self::user_agent)), then the headers
/// set here. Each is replaced by a header of the same name set here, declared
/// on a resource or action (`header("Accept", "*/*")`), or given for one call
/// ([`Opts::header`](crate::Opts::header)), later ones winning in that order.
/// A server that refuses `application/json` where it answers with no body
/// (RabbitMQ answers `DELETE /api/queues/{vhost}/{name}/contents` with `406
/// Not Acceptable`) takes `*/*`:
///
/// ```
/// use restlax::{Client, Opts};
///
/// // For the whole client…
/// let client = Client::builder("http://localhost:15672").header("Accept", "*/*").build()?;
/// // …or for one call, generated or by hand.
/// let opts = Opts::new().header("accept", "*/*");
/// # let _ = (client, opts);
/// # Ok::<(), restlax::Error>(())
/// ```
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
    middleware: Vec<Arc<dyn Middleware>>,
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
            headers: vec![header::default_accept()],
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
            middleware: Vec::new(),
            root_certificates: Vec::new(),
            error: None,
        }
    }

    fn push_header(mut self, name: &str, value: &str, secret: bool) -> Self {
        match Header::new(name, value, secret) {
            Ok(header) => header::replace(&mut self.headers, header),
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

    /// Sends `Authorization: Basic …` (RFC 7617) on every request, as a secret.
    /// This is the way to give a user and password: a base URL with credentials
    /// in it is refused.
    ///
    /// ```
    /// let client = restlax::Client::builder("https://panel.example.com/api")
    ///     .basic_auth("admin", "hunter2")
    ///     .build()?;
    /// assert!(!format!("{client:?}").contains("hunter2"));
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn basic_auth(self, user: impl AsRef<str>, password: impl AsRef<str>) -> Self {
        let value = header::basic_auth(user.as_ref(), password.as_ref());
        self.push_header("authorization", &value, true)
    }

    /// Sends a header on every request (replacing an earlier one of the same
    /// name, and the default `Accept: application/json` when it is `Accept`;
    /// see [headers every request sends](Self#headers-every-request-sends)).
    ///
    /// `Authorization`, `Proxy-Authorization` and `Cookie` are secret however they
    /// are set. Headers that frame the message (`Content-Length`,
    /// `Transfer-Encoding`, `Host`, `Connection` and other hop-by-hop headers) are
    /// restlax's to write: setting one makes [`build`](Self::build) fail.
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
    /// (which are honoured by default; a SOCKS proxy there is not used, and
    /// requests go to the server directly).
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::None;
        self
    }

    /// Send every request through this proxy, e.g. `http://proxy.local:3128`
    /// (an HTTP proxy, reached with `CONNECT` for HTTPS). A `socks5://` URL is
    /// refused by [`build`](Self::build): restlax has no SOCKS connector.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// How many idle connections to keep per host. Default: 16.
    pub fn max_idle_connections_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = connections;
        self
    }

    /// Adds a middleware that sees every attempt and answer (see
    /// [`Middleware`](crate::middleware::Middleware)); several run in the order
    /// added, the first outermost.
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
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
        let base = Base::parse(&self.base_url, self.https_only)?;
        let user_agent = Header::new("user-agent", &self.user_agent, false)?;
        let proxy = match self.proxy {
            ProxySetting::FromEnv => ureq::Proxy::try_from_env(),
            ProxySetting::None => None,
            ProxySetting::Url(url) => {
                let proxy = ureq::Proxy::new(&url).map_err(|e| {
                    Error::invalid(format!("invalid proxy URL: {e}")).with_source(e)
                })?;
                // Every call would fail, so the client is refused.
                if !crate::connection::tunnels(&proxy) {
                    return Err(Error::invalid(
                        "SOCKS proxies are not supported: restlax reaches a proxy with \
                             HTTP CONNECT (http:// or https:// proxy URLs)",
                    ));
                }
                Some(proxy)
            }
        };
        let config = ureq::Agent::config_builder()
            // Error statuses are answers too: their bodies carry the API's messages.
            .http_status_as_error(false)
            // Redirects are followed by restlax itself, so secret headers can be
            // dropped when the origin changes (ureq forwards all but Authorization).
            .max_redirects(0)
            .https_only(self.https_only)
            .proxy(proxy)
            .user_agent(user_agent.value.to_str().unwrap_or_default())
            // `Accept` is one of the client's headers (see `default_accept`),
            // so middleware sees it and a middleware that removes it sends none.
            .accept(ureq::config::AutoHeaderValue::None)
            .accept_encoding(crate::encoding::ACCEPTED)
            // Reads, writes and the rest of the connect are bounded by each call's
            // deadline in `connection`.
            .timeout_connect(Some(self.connect_timeout.min(FOREVER)))
            .max_idle_connections(self.max_idle_per_host.max(1).saturating_mul(4))
            .max_idle_connections_per_host(self.max_idle_per_host.max(1));
        let config = match crate::tls::config(self.root_certificates) {
            Some(tls) => config.tls_config(tls),
            None => config,
        }
        .build();
        Ok(Client {
            inner: Arc::new(Inner {
                agent: ureq::Agent::with_parts(config, Bounded::default(), BoundedResolver),
                host: HostHeader::of(&base.url),
                base,
                headers: self.headers.into(),
                envelope: self.envelope,
                retry: self.retry,
                timeout: self.timeout,
                max_body: self.max_body,
                redirects: redirect::Policy {
                    max: self.max_redirects,
                    https_only: self.https_only,
                },
                middleware: self.middleware,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self.headers.iter().map(Header::shown).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &url::redacted(&self.base_url))
            .field("headers", &headers)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_a_secret() {
        let builder = Client::builder("http://user:hunter2@host/api")
            .header("Cookie", "session=hunter2")
            .basic_auth("u", "hunter2");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        let e = builder.build().err().unwrap();
        assert!(!e.to_string().contains("hunter2"), "{e}");
        let client = Client::builder("http://host/api")
            .header("authorization", "Token hunter2")
            .build()
            .unwrap();
        assert!(!format!("{client:?}").contains("hunter2"));
    }

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }
}
