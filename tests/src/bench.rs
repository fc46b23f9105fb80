//! Support for the benchmarks in `benches/`: a loopback HTTP/1.1 server fast
//! enough not to be the bottleneck, a raw-TCP client to measure that server's
//! own cost, a counting allocator for peak memory, and test data.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// What the bench server hands its handler.
pub struct BenchRequest<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub body: &'a [u8],
}

type Handler = dyn Fn(&BenchRequest<'_>) -> Vec<u8> + Send + Sync;

/// A keep-alive HTTP/1.1 server with one thread per connection that answers
/// from a handler (usually a prebuilt byte string). It counts connections so a
/// benchmark can show they are reused.
pub struct BenchServer {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl BenchServer {
    pub fn start(handler: impl Fn(&BenchRequest<'_>) -> Vec<u8> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handler: Arc<Handler> = Arc::new(handler);
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        {
            let (connections, requests, stop) =
                (connections.clone(), requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let _ = stream.set_nodelay(true);
                    connections.fetch_add(1, Ordering::SeqCst);
                    let (handler, requests) = (handler.clone(), requests.clone());
                    std::thread::spawn(move || serve(stream, &*handler, &requests));
                }
            });
        }
        BenchServer {
            addr,
            connections,
            requests,
            stop,
        }
    }

    /// A server answering every request with the same bytes.
    pub fn fixed(response: Vec<u8>) -> Self {
        BenchServer::start(move |_| response.clone())
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for BenchServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(100));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let text = std::str::from_utf8(head).unwrap_or("");
    text.split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

fn serve(mut stream: TcpStream, handler: &Handler, requests: &AtomicUsize) {
    let mut buffer = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let head_end = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let length = content_length(&buffer[..head_end]);
        while buffer.len() < head_end + length {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        let response = {
            let head = std::str::from_utf8(&buffer[..head_end]).unwrap_or("");
            let mut parts = head.split(' ');
            let request = BenchRequest {
                method: parts.next().unwrap_or(""),
                target: parts.next().unwrap_or(""),
                body: &buffer[head_end..head_end + length],
            };
            handler(&request)
        };
        requests.fetch_add(1, Ordering::Relaxed);
        if stream.write_all(&response).is_err() {
            return;
        }
        buffer.drain(..head_end + length);
    }
}

/// A full HTTP/1.1 response with a JSON body.
pub fn json_response(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// The server's own cost: a minimal client that writes a fixed request and reads
/// one response per call over one keep-alive connection, with no HTTP library.
pub struct RawClient {
    stream: TcpStream,
    request: Vec<u8>,
    buffer: Vec<u8>,
}

impl RawClient {
    pub fn connect(addr: SocketAddr, path: &str) -> Self {
        let stream = TcpStream::connect(addr).unwrap();
        stream.set_nodelay(true).unwrap();
        let request =
            format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\naccept: application/json\r\n\r\n")
                .into_bytes();
        RawClient {
            stream,
            request,
            buffer: Vec::with_capacity(4096),
        }
    }

    /// One request/response; returns the body length.
    pub fn call(&mut self) -> usize {
        self.stream.write_all(&self.request).unwrap();
        self.buffer.clear();
        let mut chunk = [0u8; 8192];
        loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                let total = end + 4 + content_length(&self.buffer[..end + 4]);
                if self.buffer.len() >= total {
                    return total - end - 4;
                }
            }
            let n = self.stream.read(&mut chunk).unwrap();
            assert!(n > 0, "server closed");
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

/// A global allocator that tracks live and peak bytes.
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        new
    }
}

/// The heap bytes live now, over all threads (only meaningful with [`Counting`]
/// installed).
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::SeqCst)
}

/// Runs `f` and returns its result with the peak of live heap bytes above what
/// was live when it started (only meaningful with [`Counting`] installed).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let out = f();
    (out, PEAK.load(Ordering::SeqCst).saturating_sub(base))
}

/// One Cloudflare member as JSON, realistic in size (user, a role with permissions).
pub fn cloudflare_member(i: usize) -> String {
    format!(
        r#"{{"id":"{i:032x}","email":"user{i}@example.com","status":"accepted","user":{{"id":"{j:032x}","email":"user{i}@example.com","first_name":"First{i}","last_name":"Last{i}","two_factor_authentication_enabled":false}},"roles":[{{"id":"3536bcfad5faccb999b47003c79917fb","name":"Account Administrator","description":"Administrative access to the entire Account","permissions":{{"analytics":{{"read":true,"write":true}},"zones":{{"read":true,"write":true}}}}}}],"policies":[]}}"#,
        j = i + 1_000_000
    )
}

/// `{"success":true,...,"result":[members],"result_info":{...}}` for page `page` of `pages`.
pub fn cloudflare_page(first: usize, count: usize, page: usize, pages: usize) -> String {
    let members: Vec<String> = (first..first + count).map(cloudflare_member).collect();
    format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":[{}],"result_info":{{"page":{page},"per_page":{count},"count":{count},"total_count":{},"total_pages":{pages}}}}}"#,
        members.join(","),
        count * pages
    )
}

/// The bare array of `count` members.
pub fn member_array(count: usize) -> String {
    let members: Vec<String> = (0..count).map(cloudflare_member).collect();
    format!("[{}]", members.join(","))
}

/// The median of `samples` (sorted in place).
pub fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    }
}

/// Samples of several measurements taken over rounds in rotating order (round
/// `r` starts with measurement `r mod n`), so none always runs first.
pub struct Rotation {
    /// `samples[i][round]`: measurement `i` in that round.
    samples: Vec<Vec<f64>>,
}

impl Rotation {
    /// `rounds` samples of each of `n` measurements; `measure(i)` takes one
    /// sample of measurement `i`.
    pub fn sample(rounds: usize, n: usize, mut measure: impl FnMut(usize) -> f64) -> Rotation {
        let mut samples = vec![Vec::with_capacity(rounds); n];
        for round in 0..rounds {
            for k in 0..n {
                let i = (round + k) % n;
                samples[i].push(measure(i));
            }
        }
        Rotation { samples }
    }

    /// Measurement `i`'s median.
    pub fn median(&self, i: usize) -> f64 {
        median(&mut self.samples[i].clone())
    }

    /// The median over rounds of `i` over `j` in the same round: the two ran
    /// back to back, so load that comes and goes between rounds (other
    /// engineers' builds) cancels out.
    pub fn ratio(&self, i: usize, j: usize) -> f64 {
        let mut ratios: Vec<f64> = (self.samples[i].iter().zip(&self.samples[j]))
            .map(|(a, b)| a / b)
            .collect();
        median(&mut ratios)
    }
}
