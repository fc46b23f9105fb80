//! The loopback HTTP/1.1 server under [`MockServer`](super::MockServer) and the
//! sandbox of `restlax-resources`: one thread per connection served, up to a
//! cap. Beyond it a connection waits its turn (accepted one at a time, the rest
//! in the listener's backlog), and a connection that was served and has no
//! request under way gives its slot up to a waiting one, so idle connections
//! in a client's pool never starve a new one. A new connection keeps its slot
//! until its first request arrives or the head time runs out: its request is
//! never lost.
//!
//! `std::net` plus `httparse` rather than an async stack: a test server sees a
//! handful of connections, threads keep the handler a plain closure, and nothing
//! new is compiled (`httparse` already comes with ureq).

use std::collections::HashMap;
use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::wire::{Connection, Patience, Refused, Socket};
use super::{MockResponse, RecordedRequest};

/// How long a connection may sit idle (or stall mid-request) before the server
/// closes it. Longer than ureq keeps idle connections (15 s), so the server is
/// never the one to close a connection a client is about to reuse.
const IDLE: Duration = Duration::from_secs(60);
/// How long dropping the server waits for connection threads to finish.
const DRAIN: Duration = Duration::from_secs(10);

type Handler = dyn Fn(RecordedRequest) -> MockResponse + Send + Sync;

/// What a client may take of a test server: connections served at once, time
/// to send a request head, memory for a request body.
///
/// [`HttpServer::start`] and [`MockServer`](super::MockServer) use
/// [`ServerLimits::default()`]; [`HttpServer::start_limited`] takes others.
/// At most `connections × body_bytes` of request bodies are held at once.
///
/// ```
/// use restlax::testing::{HttpServer, MockResponse, ServerLimits};
///
/// let limits = ServerLimits { body_bytes: 64 << 20, ..ServerLimits::default() };
/// let server = HttpServer::start_limited("127.0.0.1", limits, |r| {
///     MockResponse::text(200, r.body.len().to_string())
/// });
/// # drop(server);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerLimits {
    /// Connections served at once, each on its own thread (default 64). A
    /// connection beyond them waits, never refused; one that is served but
    /// has no request under way is closed when another waits (a client's pool
    /// notices a closed idle connection before reusing it).
    pub connections: usize,
    /// How long a request head may take, from its first byte, or from the
    /// connection's start for its first request (default 5 s). A client that
    /// sends nothing, or dribbles, is closed after it.
    pub head_time: Duration,
    /// The largest request body, in bytes (default 16 MiB, as the client's
    /// [`DEFAULT_MAX_BODY`](crate::DEFAULT_MAX_BODY)). A larger one is answered
    /// `413` before it is read, and the connection closed.
    pub body_bytes: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            connections: 64,
            head_time: Duration::from_secs(5),
            body_bytes: 16 * 1024 * 1024,
        }
    }
}

/// A loopback HTTP/1.1 (or HTTPS) server that answers every request with a
/// handler, one thread per connection served, within [`ServerLimits`]. Stops
/// when dropped: the listener closes, open connections are shut down and their
/// threads finish.
///
/// [`MockServer`](super::MockServer) is built on it; use it directly to answer
/// from code (an emulated API, a computed reply).
///
/// ```
/// use restlax::testing::{HttpServer, MockResponse};
///
/// let server = HttpServer::start("127.0.0.1", |request| {
///     MockResponse::text(200, format!("you asked for {}", request.path))
/// });
/// let agent = ureq::Agent::config_builder().proxy(None).build().new_agent();
/// let text = agent.get(format!("{}/hello", server.url())).call()?.body_mut().read_to_string()?;
/// assert_eq!(text, "you asked for /hello");
/// # Ok::<(), ureq::Error>(())
/// ```
pub struct HttpServer {
    url: String,
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
    certificate: Option<String>,
}

struct Shared {
    handler: Box<Handler>,
    tls: Option<Arc<rustls::ServerConfig>>,
    stopping: Mutex<bool>,
    /// Signalled when `stopping` turns true (ends delays early).
    stop: Condvar,
    /// Every open connection (a handle to shut it down), by id.
    open: Mutex<HashMap<u64, TcpStream>>,
    /// Signalled when a connection closes.
    closed: Condvar,
    accepted: AtomicUsize,
    limits: ServerLimits,
    /// Connections served now, and whether one waits for a slot.
    slots: Mutex<Slots>,
    /// Signalled when a slot frees.
    freed: Condvar,
}

#[derive(Default)]
struct Slots {
    busy: usize,
    waiting: bool,
}

impl Shared {
    fn stopping(&self) -> bool {
        *lock(&self.stopping)
    }

    /// Sleeps `delay`, or less if the server stops; true if it stopped.
    fn sleep(&self, delay: Duration) -> bool {
        let guard = lock(&self.stopping);
        let (guard, _) = self
            .stop
            .wait_timeout_while(guard, delay, |stopping| !*stopping)
            .unwrap_or_else(|e| e.into_inner());
        *guard
    }
}

/// A test server must not hide its state behind a poisoned lock.
pub(super) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl HttpServer {
    /// Starts a plain HTTP server on `ip` (a loopback address such as
    /// `127.0.0.1`) with a free port. Panics if it cannot bind.
    pub fn start(
        ip: &str,
        handler: impl Fn(RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        HttpServer::launch(ip, None, ServerLimits::default(), |_| Box::new(handler))
    }

    /// [`start`](Self::start) within other [`ServerLimits`]. Panics if it
    /// cannot bind.
    pub fn start_limited(
        ip: &str,
        limits: ServerLimits,
        handler: impl Fn(RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        HttpServer::launch(ip, None, limits, |_| Box::new(handler))
    }

    /// [`start`](Self::start) with a handler made from the server's own URL,
    /// for answers that link back to it (a `Link` header, a `next` URL). The
    /// URL is known before the first request is accepted.
    ///
    /// ```
    /// use restlax::testing::{HttpServer, MockResponse};
    ///
    /// let server = HttpServer::start_with("127.0.0.1", |url| {
    ///     let next = format!("<{url}/items?page=2>; rel=\"next\"");
    ///     move |_| MockResponse::json(200, &[1, 2]).header("link", &next)
    /// });
    /// assert!(server.url().starts_with("http://127.0.0.1:"));
    /// ```
    pub fn start_with<H>(ip: &str, make: impl FnOnce(&str) -> H) -> Self
    where
        H: Fn(RecordedRequest) -> MockResponse + Send + Sync + 'static,
    {
        HttpServer::launch(ip, None, ServerLimits::default(), |url| Box::new(make(url)))
    }

    /// Starts an HTTPS server (feature `testing`) on `ip` whose certificate, for `localhost` and
    /// `ip`, is signed by a certificate authority generated for this server
    /// alone; [`certificate_pem`](Self::certificate_pem) is that authority, for
    /// [`ClientBuilder::root_certificate`](crate::ClientBuilder::root_certificate).
    #[cfg(feature = "testing")]
    pub fn start_https(
        ip: &str,
        handler: impl Fn(RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        HttpServer::start_https_limited(ip, ServerLimits::default(), handler)
    }

    /// [`start_https`](Self::start_https) within other [`ServerLimits`]: the
    /// cap on connections counts TLS connections, and the head time runs
    /// from the connection's start, handshake included. Panics if it cannot
    /// bind.
    #[cfg(feature = "testing")]
    pub fn start_https_limited(
        ip: &str,
        limits: ServerLimits,
        handler: impl Fn(RecordedRequest) -> MockResponse + Send + Sync + 'static,
    ) -> Self {
        let generated = super::tls::generate(ip);
        let tls = (generated.config, generated.ca_pem);
        HttpServer::launch(ip, Some(tls), limits, |_| Box::new(handler))
    }

    /// `tls`: the server configuration and the PEM of the authority behind it;
    /// `handler`: made from the server's URL.
    fn launch(
        ip: &str,
        tls: Option<(Arc<rustls::ServerConfig>, String)>,
        limits: ServerLimits,
        handler: impl FnOnce(&str) -> Box<Handler>,
    ) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let addr = listener.local_addr().expect("a bound address");
        let scheme = if tls.is_some() { "https" } else { "http" };
        let url = match addr.ip() {
            std::net::IpAddr::V6(_) if ip.contains(':') => {
                format!("{scheme}://[{ip}]:{}", addr.port())
            }
            _ => format!("{scheme}://{ip}:{}", addr.port()),
        };
        let (config, certificate) = tls.unzip();
        let shared = Arc::new(Shared {
            handler: handler(&url),
            tls: config,
            stopping: Mutex::new(false),
            stop: Condvar::new(),
            open: Mutex::new(HashMap::new()),
            closed: Condvar::new(),
            accepted: AtomicUsize::new(0),
            limits: ServerLimits {
                connections: limits.connections.max(1),
                ..limits
            },
            slots: Mutex::new(Slots::default()),
            freed: Condvar::new(),
        });
        let accept = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("restlax-test-server".into())
                .spawn(move || accept(&listener, &shared))
                .expect("spawn the accept thread")
        };
        HttpServer {
            url,
            addr,
            shared,
            accept: Some(accept),
            certificate,
        }
    }

    /// `http://<ip>:<port>` (or `https://`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many TCP connections the server has accepted: with a pooling client,
    /// far fewer than requests (and, over HTTPS, as many TLS handshakes).
    pub fn connection_count(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// For an HTTPS server, the PEM of the certificate authority that signed its
    /// certificate.
    pub fn certificate_pem(&self) -> Option<&str> {
        self.certificate.as_deref()
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        *lock(&self.shared.stopping) = true;
        self.shared.stop.notify_all();
        // Wake the accept loop with a connection of our own; if that fails the
        // thread is left blocked rather than joined forever.
        if TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok()
            && let Some(accept) = self.accept.take()
        {
            let _ = accept.join();
        }
        let deadline = Instant::now() + DRAIN;
        let mut open = lock(&self.shared.open);
        for stream in open.values() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        while !open.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            open = self
                .shared
                .closed
                .wait_timeout(open, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

impl std::fmt::Debug for HttpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

fn accept(listener: &TcpListener, shared: &Arc<Shared>) {
    static NEXT_ID: AtomicU64 = AtomicU64::new(0);
    for stream in listener.incoming() {
        if shared.stopping() {
            return;
        }
        let stream = match stream {
            Ok(stream) => stream,
            // Out of file descriptors and the like: let the peer retry.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        shared.accepted.fetch_add(1, Ordering::SeqCst);
        if !take_slot(shared) {
            return;
        }
        let Ok(handle) = stream.try_clone() else {
            give_slot(shared);
            continue;
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        lock(&shared.open).insert(id, handle);
        let worker = Arc::clone(shared);
        // Named by port (within Linux's 15 bytes) so a test can count one
        // server's threads.
        let name = format!("restlax-c{}", listener.local_addr().map_or(0, |a| a.port()));
        let spawned = std::thread::Builder::new().name(name).spawn(move || {
            let _forget = Forget(&worker, id);
            serve(stream, &worker);
        });
        if spawned.is_err() {
            Forget(shared, id);
        }
    }
}

/// Waits until fewer than the cap of connections are served and takes a
/// slot; false if the server stops first.
fn take_slot(shared: &Shared) -> bool {
    let mut slots = lock(&shared.slots);
    while slots.busy >= shared.limits.connections {
        if shared.stopping() {
            slots.waiting = false;
            return false;
        }
        slots.waiting = true;
        // Timed, as stopping is signalled on another lock.
        slots = shared
            .freed
            .wait_timeout(slots, Duration::from_millis(100))
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    slots.waiting = false;
    slots.busy += 1;
    true
}

fn give_slot(shared: &Shared) {
    lock(&shared.slots).busy -= 1;
    shared.freed.notify_all();
}

/// Removes a connection from the open set and frees its slot when its thread
/// ends, panic or not.
struct Forget<'a>(&'a Shared, u64);

impl Drop for Forget<'_> {
    fn drop(&mut self) {
        lock(&self.0.open).remove(&self.1);
        give_slot(self.0);
        self.0.closed.notify_all();
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    match &shared.tls {
        None => {
            exchange(&mut Connection::new(stream), shared);
        }
        Some(config) => {
            let Ok(tls) = rustls::ServerConnection::new(Arc::clone(config)) else {
                return;
            };
            let mut connection = Connection::new(rustls::StreamOwned::new(tls, stream));
            exchange(&mut connection, shared);
            let mut stream = connection.into_inner();
            stream.conn.send_close_notify();
            let _ = stream.flush();
        }
    }
}

/// Answers requests on one connection until either side closes it.
fn exchange<S: Socket>(connection: &mut Connection<S>, shared: &Shared) {
    // Only a connection that was already served gives its slot up: a client
    // reuses an idle keep-alive connection only after checking it is open,
    // while a new connection's first request may be on its way (it has the
    // head time to arrive), and closing it would lose that request.
    let served = std::cell::Cell::new(false);
    let yield_slot = || shared.stopping() || (served.get() && lock(&shared.slots).waiting);
    let patience = Patience {
        head_time: shared.limits.head_time,
        idle: IDLE,
        body_bytes: shared.limits.body_bytes,
        yield_slot: &yield_slot,
    };
    loop {
        let incoming = match connection.read_request(&patience) {
            Ok(Some(incoming)) => incoming,
            Ok(None) | Err(Refused::Gone) => return,
            Err(Refused::Answer(status, why)) => {
                let _ = connection.write_response(&MockResponse::text(status, why), false, true);
                return;
            }
        };
        served.set(true);
        let head_only = incoming.request.method == "HEAD";
        let response = catch_unwind(AssertUnwindSafe(|| (shared.handler)(incoming.request)))
            .unwrap_or_else(|_| MockResponse::text(500, "the test server's handler panicked"));
        if let Some(delay) = response.delay
            && shared.sleep(delay)
        {
            return;
        }
        let close = !incoming.keep_alive
            || response.headers.iter().any(|(name, value)| {
                name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close")
            });
        if connection
            .write_response(&response, head_only, close)
            .is_err()
            || close
            || shared.stopping()
        {
            return;
        }
    }
}
