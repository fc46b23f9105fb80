//! The test server itself (`restlax::testing::HttpServer`, under `MockServer`
//! and the sandbox), driven over raw loopback sockets: request framing a client
//! library may use, many idle keep-alive connections at once, and a clean stop.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use restlax::testing::{HttpServer, MockResponse, MockServer};

/// Sends `request` on `stream` and reads one response with a `Content-Length`
/// (or none, for HEAD and 204), returning the head and the body.
fn exchange(stream: &mut TcpStream, request: &str, head_only: bool) -> (String, Vec<u8>) {
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8(bytes[..end].to_vec()).unwrap();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .map_or(0, |v| v.parse().unwrap());
            let length = if head_only { 0 } else { length };
            if bytes.len() >= end + 4 + length {
                return (head, bytes[end + 4..end + 4 + length].to_vec());
            }
        }
        let n = stream.read(&mut chunk).unwrap();
        assert!(
            n > 0,
            "the server closed early: {:?}",
            String::from_utf8_lossy(&bytes)
        );
        bytes.extend_from_slice(&chunk[..n]);
    }
}

fn connect(server: &MockServer) -> TcpStream {
    let address = server.url().trim_start_matches("http://").to_owned();
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

#[test]
fn chunked_bodies_expect_continue_head_and_pipelining() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "hello"));
    let mut stream = connect(&server);

    let (head, body) = exchange(
        &mut stream,
        "POST /chunked HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\n\r\n",
        false,
    );
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert_eq!(body, b"hello");
    assert_eq!(server.last_request().unwrap().body, b"abcdefg");

    // Expect: 100-continue gets its interim answer before the body is sent.
    stream
        .write_all(b"PUT /continue HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\ncontent-length: 2\r\n\r\n")
        .unwrap();
    let mut interim = [0u8; 25];
    stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    let (_, body) = exchange(&mut stream, "ok", false);
    assert_eq!(body, b"hello");
    assert_eq!(server.last_request().unwrap().body, b"ok");

    let (head, _) = exchange(&mut stream, "HEAD /h HTTP/1.1\r\nhost: x\r\n\r\n", true);
    assert!(head.contains("content-length: 5"), "{head}");
    // Two requests in one write: both answered, in order, on the same connection.
    stream
        .write_all(b"GET /1 HTTP/1.1\r\nhost: x\r\n\r\nGET /2 HTTP/1.1\r\nhost: x\r\n\r\n")
        .unwrap();
    let mut both = Vec::new();
    let mut chunk = [0u8; 4096];
    while both.windows(9).filter(|w| w == b"\r\n\r\nhello").count() < 2 {
        let n = stream.read(&mut chunk).unwrap();
        assert!(n > 0, "the server closed early");
        both.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8(both).unwrap();
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");

    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/chunked", "/continue", "/h", "/1", "/2"]);
    assert_eq!(server.connection_count(), 1);

    // A malformed head gets a 400 and the connection closes.
    let mut bad = connect(&server);
    let (head, _) = exchange(
        &mut bad,
        "GET / HTTP/1.1\r\ncontent-length: nope\r\n\r\n",
        false,
    );
    assert!(head.starts_with("HTTP/1.1 400"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    assert_eq!(bad.read(&mut [0u8; 1]).unwrap(), 0);
    assert_eq!(
        server.request_count(),
        5,
        "a malformed request is not recorded"
    );
}

#[test]
fn many_idle_keep_alive_connections_are_all_served() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "ok"));
    // 32 connections open and idle at once, then each used in turn, twice.
    let mut streams: Vec<TcpStream> = (0..32).map(|_| connect(&server)).collect();
    for _ in 0..2 {
        for stream in streams.iter_mut().rev() {
            let (head, body) = exchange(stream, "GET / HTTP/1.1\r\nhost: x\r\n\r\n", false);
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            assert_eq!(body, b"ok");
        }
    }
    assert_eq!(server.request_count(), 64);
    assert_eq!(server.connection_count(), 32);
}

#[test]
fn dropping_the_server_closes_connections_and_cuts_delays_short() {
    let server = MockServer::start();
    let mut idle: Vec<TcpStream> = (0..8).map(|_| connect(&server)).collect();
    server.respond_always(MockResponse::text(200, "late").delay(Duration::from_secs(30)));
    let mut waiting = connect(&server);
    waiting
        .write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
        .unwrap();
    // Wait until the delayed request has arrived, so its thread is sleeping.
    let start = Instant::now();
    while server.request_count() == 0 && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(server.request_count(), 1);
    let address = server.url().trim_start_matches("http://").to_owned();

    let start = Instant::now();
    drop(server);
    let took = start.elapsed();
    // Drop waits (up to 10 s) for every connection thread to end, so returning
    // quickly means none was left behind, the 30 s delay included.
    assert!(took < Duration::from_secs(2), "drop took {took:?}");
    for stream in idle.iter_mut().chain([&mut waiting]) {
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        assert!(
            read.is_err() || rest.is_empty(),
            "a closed connection, not an answer: {:?}",
            String::from_utf8_lossy(&rest)
        );
    }
    assert!(
        TcpStream::connect(address).is_err(),
        "the listener is closed"
    );
}

#[test]
fn a_handler_that_panics_answers_500_and_the_server_goes_on() {
    let server = HttpServer::start("127.0.0.1", |request| {
        assert!(request.path != "/boom", "the handler refuses /boom");
        MockResponse::text(200, "fine")
    });
    let agent = ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .build()
        .new_agent();
    let boom = agent.get(format!("{}/boom", server.url())).call().unwrap();
    assert_eq!(boom.status(), 500);
    let mut fine = agent.get(format!("{}/fine", server.url())).call().unwrap();
    assert_eq!(fine.body_mut().read_to_string().unwrap(), "fine");
}
