//! [`MockServer`]: queued answers, recorded requests.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use super::HttpServer;
use super::server::lock;
use crate::ClientBuilder;

/// A canned answer.
#[derive(Debug, Clone)]
pub struct MockResponse {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) delay: Option<Duration>,
}

impl MockResponse {
    /// A JSON body with `Content-Type: application/json`.
    pub fn json(status: u16, body: &impl Serialize) -> Self {
        let body = serde_json::to_vec(body).expect("a test body serializes");
        MockResponse::bytes(status, body).header("content-type", "application/json")
    }

    /// A text body, sent as is (use it for HTML pages, broken JSON, …).
    pub fn text(status: u16, body: impl Into<String>) -> Self {
        MockResponse::bytes(status, body.into().into_bytes())
    }

    /// Raw bytes (invalid UTF-8 included).
    pub fn bytes(status: u16, body: Vec<u8>) -> Self {
        MockResponse {
            status,
            headers: Vec::new(),
            body,
            delay: None,
        }
    }

    /// No body.
    pub fn empty(status: u16) -> Self {
        MockResponse::bytes(status, Vec::new())
    }

    /// Adds a header. The server adds `Content-Length` itself unless the
    /// response sets `Content-Length` or `Transfer-Encoding` (then the body is
    /// sent as it is, to imitate a server that frames it wrongly), and closes
    /// the connection after a response with `Connection: close`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// A request the server received, as it came over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The raw path, still percent-encoded, without the query.
    pub path: String,
    /// The raw query (after `?`), if any.
    pub query: Option<String>,
    /// Every header, names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The method and raw target, as in the request line: `GET /items?page=2`.
    pub fn line(&self) -> String {
        match &self.query {
            Some(query) => format!("{} {}?{query}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }

    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON. Panics when it is not JSON: this is a test helper.
    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Default)]
struct State {
    queue: VecDeque<MockResponse>,
    fallback: Option<MockResponse>,
    requests: Vec<RecordedRequest>,
}

/// A loopback HTTP/1.1 server answering queued [`MockResponse`]s in order and
/// recording every request. Every connection is served on its own thread, up
/// to the [`ServerLimits`](super::ServerLimits) default, so any number of
/// threads sharing one client are all answered. Stops when dropped.
///
/// With nothing queued it answers `500` with a body saying so, so a test that
/// sends more requests than it expected fails visibly.
///
/// [`start_https`](Self::start_https) serves the same over TLS, with a
/// certificate its [`client_builder`](Self::client_builder) trusts.
pub struct MockServer {
    server: HttpServer,
    state: Arc<Mutex<State>>,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` with a free port.
    pub fn start() -> Self {
        MockServer::start_on("127.0.0.1")
    }

    /// Starts a server on another loopback address, e.g. `127.0.0.2`, to test
    /// what crosses from one host to another.
    pub fn start_on(ip: &str) -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let server = HttpServer::start(ip, answer(&state));
        MockServer { server, state }
    }

    #[cfg(feature = "testing")]
    /// Starts an HTTPS server (feature `testing`) on `127.0.0.1`: its certificate is signed by a
    /// certificate authority generated at start, which
    /// [`client_builder`](Self::client_builder) trusts (and nothing else does).
    ///
    /// ```
    /// use restlax::{resource, testing::{MockServer, MockResponse}};
    ///
    /// #[resource(path = "/users", actions(show))]
    /// #[derive(Debug, serde::Deserialize)]
    /// struct User { id: u64 }
    ///
    /// let server = MockServer::start_https();
    /// server.respond(MockResponse::json(200, &serde_json::json!({"id": 7})));
    /// assert!(server.url().starts_with("https://127.0.0.1:"));
    ///
    /// let client = server.client_builder().https_only(true).build()?;
    /// assert_eq!(User::show(&client, 7, ())?.id, 7);
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn start_https() -> Self {
        MockServer::start_https_on("127.0.0.1")
    }

    #[cfg(feature = "testing")]
    /// [`start_https`](Self::start_https) on another loopback address.
    pub fn start_https_on(ip: &str) -> Self {
        let state = Arc::new(Mutex::new(State::default()));
        let server = HttpServer::start_https(ip, answer(&state));
        MockServer { server, state }
    }

    /// `http://127.0.0.1:<port>` (`https://` for [`start_https`](Self::start_https)).
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// A client builder for this server, ignoring proxy variables and, over
    /// HTTPS, trusting the server's certificate authority.
    pub fn client_builder(&self) -> ClientBuilder {
        let builder = crate::Client::builder(self.url()).no_proxy();
        match self.server.certificate_pem() {
            Some(pem) => builder.root_certificate(pem),
            None => builder,
        }
    }

    /// For an HTTPS server, the PEM of the certificate authority that signed its
    /// certificate (what [`client_builder`](Self::client_builder) trusts).
    pub fn certificate_pem(&self) -> Option<&str> {
        self.server.certificate_pem()
    }

    /// How many TCP connections the server has accepted (over HTTPS, TLS
    /// handshakes): shows whether a client reuses its connections.
    pub fn connection_count(&self) -> usize {
        self.server.connection_count()
    }

    /// Queues an answer for the next request.
    pub fn respond(&self, response: MockResponse) -> &Self {
        self.lock().queue.push_back(response);
        self
    }

    /// Answers every request with this once the queue is empty.
    pub fn respond_always(&self, response: MockResponse) -> &Self {
        self.lock().fallback = Some(response);
        self
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        self.lock().requests.len()
    }

    /// The latest request.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.lock().requests.last().cloned()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// The handler: record the request, answer from the queue or the fallback.
fn answer(state: &Arc<Mutex<State>>) -> impl Fn(RecordedRequest) -> MockResponse + use<> {
    let state = Arc::clone(state);
    move |request| {
        let mut state = lock(&state);
        state.requests.push(request);
        state
            .queue
            .pop_front()
            .or_else(|| state.fallback.clone())
            .unwrap_or_else(|| {
                MockResponse::text(500, "MockServer: no response queued for this request")
            })
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url())
            .finish()
    }
}
