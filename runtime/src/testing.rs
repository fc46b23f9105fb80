//! A real loopback HTTP server for tests (feature `testing`).
//!
//! Queue the answers, make calls, then look at exactly what was sent.
//!
//! ```
//! use restlax::{resource, testing::{MockServer, MockResponse}};
//!
//! #[resource(path = "/users", actions(show))]
//! #[derive(Debug, serde::Deserialize)]
//! struct User { id: u64, name: String }
//!
//! let server = MockServer::start();
//! server.respond(MockResponse::json(200, &serde_json::json!({"id": 7, "name": "Ada"})));
//!
//! let client = server.client_builder().build()?;
//! let user = User::show(&client, 7, ())?;
//! assert_eq!(user.name, "Ada");
//!
//! let request = server.last_request().unwrap();
//! assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/users/7"));
//! # Ok::<(), restlax::Error>(())
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use serde::Serialize;

use crate::ClientBuilder;

/// A canned answer.
#[derive(Debug, Clone)]
pub struct MockResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Option<Duration>,
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

    /// Adds a header.
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
/// recording every request. Stops when dropped.
///
/// With nothing queued it answers `500` with a body saying so, so a test that
/// sends more requests than it expected fails visibly.
pub struct MockServer {
    server: Arc<tiny_http::Server>,
    state: Arc<Mutex<State>>,
    url: String,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server on `127.0.0.1` with a free port.
    pub fn start() -> Self {
        MockServer::start_on("127.0.0.1")
    }

    /// Starts a server on another loopback address, e.g. `127.0.0.2`, to test
    /// what crosses from one host to another.
    pub fn start_on(ip: &str) -> Self {
        let server = tiny_http::Server::http(format!("{ip}:0")).expect("bind a loopback port");
        let port = server.server_addr().to_ip().expect("an IP listener").port();
        let server = Arc::new(server);
        let state = Arc::new(Mutex::new(State::default()));
        let thread = {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            std::thread::spawn(move || serve(&server, &state))
        };
        MockServer {
            server,
            state,
            url: format!("http://{ip}:{port}"),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client builder for this server, ignoring proxy variables.
    pub fn client_builder(&self) -> ClientBuilder {
        crate::Client::builder(&self.url).no_proxy()
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
        // A panicking test thread must not hide the requests from the next assertion.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url)
            .finish()
    }
}

fn serve(server: &tiny_http::Server, state: &Mutex<State>) {
    while let Ok(mut request) = server.recv() {
        let mut body = Vec::new();
        let _ = request.as_reader().read_to_end(&mut body);
        let target = request.url().to_owned();
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (target, None),
        };
        let recorded = RecordedRequest {
            method: request.method().as_str().to_owned(),
            path,
            query,
            headers: request
                .headers()
                .iter()
                .map(|h| {
                    (
                        h.field.as_str().as_str().to_ascii_lowercase(),
                        h.value.as_str().to_owned(),
                    )
                })
                .collect(),
            body,
        };
        let answer = {
            let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
            state.requests.push(recorded);
            state.queue.pop_front().or_else(|| state.fallback.clone())
        };
        let answer = answer.unwrap_or_else(|| {
            MockResponse::text(500, "MockServer: no response queued for this request")
        });
        if let Some(delay) = answer.delay {
            std::thread::sleep(delay);
        }
        let mut response =
            tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
        for (name, value) in &answer.headers {
            if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        let _ = request.respond(response);
    }
}
