//! A loopback HTTP server that misbehaves on purpose: resets, truncation,
//! stalls, oversized bodies, raw status lines. Each request takes the next
//! scripted [`Fault`]; with the script empty it answers `200 {"id":"ok",...}`.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Send these bytes as the whole response and keep the connection.
    Raw(Vec<u8>),
    /// Reset the connection (TCP RST) without answering.
    Reset,
    /// Send these bytes (headers and part of a body), then reset.
    ResetAfter(Vec<u8>),
    /// Wait, then send these bytes.
    Delay(Duration, Vec<u8>),
    /// Send these bytes, then stall this long before closing.
    StallAfter(Vec<u8>, Duration),
    /// Send a body of `len` bytes in chunks, announced with Content-Length.
    Huge(usize),
    /// Send `first`, then `then` again every `every` for at most `total`, then
    /// close: a head that never ends, or an endless run of `1xx` answers.
    Drip {
        first: Vec<u8>,
        then: Vec<u8>,
        every: Duration,
        total: Duration,
    },
    /// Read the request body `chunk` bytes every `every`, for at most `total`
    /// (then close); answer 200 if the body arrived by then.
    SlowRead {
        chunk: usize,
        every: Duration,
        total: Duration,
    },
    /// Send these bytes (an early final answer, or nothing) without reading
    /// the request body, then close: the unread bytes make the kernel reset
    /// the connection, as a server refusing an upload does.
    CloseUnread(Vec<u8>),
}

/// A raw HTTP/1.1 response with Content-Length.
pub fn http(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len()).into_bytes();
    for (name, value) in headers {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A JSON response.
pub fn json(status: u16, body: &str) -> Vec<u8> {
    http(
        status,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
}

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub head: String,
    pub body: Vec<u8>,
    /// Which connection (0-based, in accept order) carried it.
    pub connection: usize,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

struct Shared {
    script: Mutex<VecDeque<Fault>>,
    seen: Mutex<Vec<Seen>>,
    connections: AtomicUsize,
    stop: AtomicBool,
}

pub struct FaultServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl FaultServer {
    pub fn start() -> Self {
        FaultServer::bind("127.0.0.1:0")
    }

    /// Listens on an exact address.
    pub fn bind(addr: &str) -> Self {
        FaultServer::on(TcpListener::bind(addr).expect("bind loopback"))
    }

    /// Serves on a listener the test already holds (e.g. [`ClosedPort::listen`]).
    pub fn on(listener: TcpListener) -> Self {
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            script: Mutex::new(VecDeque::new()),
            seen: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accept = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accept.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let id = accept.connections.fetch_add(1, Ordering::SeqCst);
                let shared = Arc::clone(&accept);
                std::thread::spawn(move || serve(stream, id, &shared));
            }
        });
        FaultServer { addr, shared }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn then(&self, fault: Fault) -> &Self {
        self.shared.script.lock().unwrap().push_back(fault);
        self
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

/// What the server answers (with 200) when its script is empty.
pub const OK: &str = r#"{"id":"ok","email":"ok@example.com"}"#;

fn reset(stream: TcpStream) {
    let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// Reads a request body of `length` bytes: at once, or for `SlowRead` a chunk
/// at a time, kept nowhere (the point is the pace). `None` when the peer went
/// away; `Some((_, false))` when a slow read ran out of time or, for
/// `CloseUnread`, nothing was read.
fn read_body(reader: &mut impl Read, length: usize, fault: &Fault) -> Option<(Vec<u8>, bool)> {
    if let Fault::CloseUnread(_) = fault {
        return Some((Vec::new(), false));
    }
    let Fault::SlowRead {
        chunk,
        every,
        total,
    } = *fault
    else {
        let mut body = vec![0; length];
        return reader.read_exact(&mut body).ok().map(|()| (body, true));
    };
    let started = Instant::now();
    let mut buf = vec![0; chunk];
    let mut left = length;
    while left > 0 && started.elapsed() < total {
        let n = chunk.min(left);
        reader.read_exact(&mut buf[..n]).ok()?;
        left -= n;
        std::thread::sleep(every);
    }
    Some((Vec::new(), left == 0))
}

fn serve(stream: TcpStream, connection: usize, shared: &Shared) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone a TCP stream"));
    let mut stream = stream;
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let end = line == "\r\n";
            head.push_str(&line);
            if end {
                break;
            }
        }
        let seen = Seen {
            head,
            body: Vec::new(),
            connection,
        };
        let length: usize = seen
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let fault = shared
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| Fault::Raw(json(200, OK)));
        let Some((body, complete)) = read_body(&mut reader, length, &fault) else {
            return;
        };
        shared.seen.lock().unwrap().push(Seen { body, ..seen });
        let keep = match fault {
            // Answered only if the whole body came in time.
            Fault::SlowRead { .. } => complete && stream.write_all(&json(200, OK)).is_ok(),
            Fault::Drip {
                first,
                then,
                every,
                total,
            } => {
                let started = Instant::now();
                if stream.write_all(&first).is_err() {
                    return;
                }
                while started.elapsed() < total {
                    std::thread::sleep(every);
                    if stream.write_all(&then).is_err() {
                        return;
                    }
                }
                return;
            }
            Fault::Raw(bytes) => stream.write_all(&bytes).is_ok(),
            Fault::CloseUnread(answer) => {
                let _ = stream.write_all(&answer);
                // A close with unread data resets at once and drops what the
                // kernel has not sent yet: let the answer leave first.
                std::thread::sleep(Duration::from_millis(50));
                return;
            }
            Fault::Reset => {
                reset(stream);
                return;
            }
            Fault::ResetAfter(bytes) => {
                let _ = stream.write_all(&bytes);
                let _ = stream.flush();
                std::thread::sleep(Duration::from_millis(50));
                reset(stream);
                return;
            }
            Fault::Delay(wait, bytes) => {
                std::thread::sleep(wait);
                stream.write_all(&bytes).is_ok()
            }
            Fault::StallAfter(bytes, wait) => {
                let _ = stream.write_all(&bytes);
                std::thread::sleep(wait);
                return;
            }
            Fault::Huge(len) => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n"
                );
                let _ = stream.write_all(head.as_bytes());
                let chunk = vec![b' '; 64 * 1024];
                let mut sent = 0;
                while sent < len {
                    let n = chunk.len().min(len - sent);
                    if stream.write_all(&chunk[..n]).is_err() {
                        return;
                    }
                    sent += n;
                }
                true
            }
        };
        if !keep {
            return;
        }
    }
}

/// A loopback port that refuses connections and stays reserved: the socket is
/// bound but not listening, so no other test's server can take the port while
/// a test counts on connects to it being refused (a port that was merely free a
/// moment ago can be handed to another test running in parallel).
pub struct ClosedPort {
    pub addr: SocketAddr,
    socket: socket2::Socket,
}

impl ClosedPort {
    pub fn new() -> Self {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket
            .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
            .unwrap();
        let addr = socket.local_addr().unwrap().as_socket().unwrap();
        ClosedPort { addr, socket }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Starts listening on the same port: connects succeed from now on.
    pub fn listen(self) -> FaultServer {
        self.socket.listen(128).unwrap();
        FaultServer::on(self.socket.into())
    }
}

impl Default for ClosedPort {
    fn default() -> Self {
        ClosedPort::new()
    }
}

/// A loopback port whose accept queue is full, so a connect to it hangs until the
/// client's connect timeout. Keep the returned value alive while testing.
pub struct FullBacklog {
    pub addr: SocketAddr,
    _listener: socket2::Socket,
    _filler: Vec<TcpStream>,
}

impl FullBacklog {
    pub fn new() -> Self {
        use socket2::{Domain, Socket, Type};
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        socket
            .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
            .unwrap();
        socket.listen(0).unwrap();
        let addr = socket.local_addr().unwrap().as_socket().unwrap();
        let mut filler = Vec::new();
        // Connect until one attempt hangs: the queue is then full.
        for _ in 0..16 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
                Ok(stream) => filler.push(stream),
                Err(_) => break,
            }
        }
        FullBacklog {
            addr,
            _listener: socket,
            _filler: filler,
        }
    }
}

impl Default for FullBacklog {
    fn default() -> Self {
        FullBacklog::new()
    }
}
