//! What a hostile client can take of the test servers (`HttpServer`, under
//! `MockServer` and the sandbox): threads for idle connections, time for a
//! request head, memory for a body; and a request framed two ways is refused.
//! Each over raw loopback sockets, with the server's default `ServerLimits`.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use restlax::testing::{HttpServer, MockResponse, MockServer, ServerLimits};

fn connect(url: &str) -> TcpStream {
    let stream = TcpStream::connect(url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(9)))
        .unwrap();
    stream
}

/// Everything the server sends until it closes the connection; panics if it
/// keeps it open past the read timeout.
fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => break,
            Err(e) => panic!(
                "the server kept the connection open ({e}) after {:?}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent()
}

/// Threads of the server listening on `port` (its connection threads are
/// named after the port).
#[cfg(target_os = "linux")]
fn server_threads(port: u16) -> usize {
    let name = format!("restlax-c{port}");
    std::fs::read_dir("/proc/self/task")
        .unwrap()
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .filter(|comm| comm.trim_end() == name)
        .count()
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_take_bounded_threads_and_a_client_is_still_served() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "served"));
    let port = server.url().rsplit(':').next().unwrap().parse().unwrap();
    let cap = ServerLimits::default().connections;
    // Connections that never send a byte, far more than the cap.
    let idle: Vec<TcpStream> = (0..cap * 5).map(|_| connect(server.url())).collect();

    let mut most = 0;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        most = most.max(server_threads(port));
        std::thread::sleep(Duration::from_millis(10));
    }
    // A thread that has freed its slot may not have exited yet when its
    // successor starts: a few over the cap, never one per idle connection.
    assert!(
        most <= cap + 4,
        "{most} threads for {} idle connections",
        idle.len()
    );

    let mut answer = agent()
        .get(format!("{}/normal", server.url()))
        .call()
        .unwrap();
    assert_eq!(answer.body_mut().read_to_string().unwrap(), "served");
    assert_eq!(server.last_request().unwrap().path, "/normal");
}

#[test]
fn a_small_cap_still_serves_every_connection_of_many_keep_alive_clients() {
    let limits = ServerLimits {
        connections: 2,
        ..ServerLimits::default()
    };
    let server =
        HttpServer::start_limited("127.0.0.1", limits, |r| MockResponse::text(200, r.path));
    // Eight clients, each keeping its connection alive between calls: the
    // idle ones give their slot to the waiting ones.
    std::thread::scope(|scope| {
        for t in 0..8 {
            let url = server.url();
            scope.spawn(move || {
                let agent = agent();
                for i in 0..5 {
                    let path = format!("/{t}/{i}");
                    let mut answer = agent.get(format!("{url}{path}")).call().unwrap();
                    assert_eq!(answer.body_mut().read_to_string().unwrap(), path);
                }
            });
        }
    });
}

#[test]
fn a_silent_or_dribbling_client_is_dropped_after_the_head_time() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "never"));
    let head_time = ServerLimits::default().head_time;
    let margin = Duration::from_secs(3);
    let start = Instant::now();
    let mut silent = connect(server.url());
    let mut dribbling = connect(server.url());
    dribbling.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    let mut writer = dribbling.try_clone().unwrap();
    // One header byte every 200 ms: each read succeeds, the head never ends.
    let dribble = std::thread::spawn(move || {
        while start.elapsed() < head_time + margin * 2 {
            if writer.write_all(b"x").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    });

    assert_eq!(read_until_closed(&mut silent), "");
    assert_eq!(read_until_closed(&mut dribbling), "");
    let took = start.elapsed();
    assert!(took < head_time + margin, "closed after {took:?}");
    dribble.join().unwrap();
    assert_eq!(server.request_count(), 0);
}

#[test]
fn a_body_over_the_bound_is_refused_with_413_before_it_is_read() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "stored"));
    let bound = ServerLimits::default().body_bytes;

    // Declared too large: refused without waiting for a byte of it.
    let mut declared = connect(server.url());
    write!(
        declared,
        "POST /big HTTP/1.1\r\nhost: x\r\ncontent-length: {}\r\n\r\n",
        bound + 1
    )
    .unwrap();
    let answer = read_until_closed(&mut declared);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("connection: close"), "{answer}");

    // A chunk that would take the body over the bound: refused before its data.
    let mut chunked = connect(server.url());
    write!(
        chunked,
        "POST /big HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n",
        bound + 1
    )
    .unwrap();
    let answer = read_until_closed(&mut chunked);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(server.request_count(), 0);

    // A body of exactly the bound is still taken.
    let body = vec![b'x'; bound];
    let answer = agent()
        .post(format!("{}/fits", server.url()))
        .send(&body[..])
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(server.last_request().unwrap().body.len(), bound);
}

#[test]
fn content_length_with_transfer_encoding_is_refused_and_the_connection_closed() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(200, "served"));
    let mut stream = connect(server.url());
    // Read by Content-Length, the first request's body is the second request;
    // read as chunked, it ends at "0". Neither reading may be served.
    stream
        .write_all(
            b"POST /first HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\nGET /second HTTP/1.1\r\nhost: x\r\n\r\n",
        )
        .unwrap();
    let answer = read_until_closed(&mut stream);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("connection: close"), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    assert_eq!(server.request_count(), 0, "{:?}", server.requests());
}

/// `start_https_limited`: a client that connects and never starts the
/// handshake is closed after the head time, and with the one slot the cap
/// gives, TLS clients keeping their connections alive are still all served.
#[test]
fn an_https_server_takes_limits_too() {
    let limits = ServerLimits {
        connections: 1,
        head_time: Duration::from_millis(600),
        ..ServerLimits::default()
    };
    let server =
        HttpServer::start_https_limited("127.0.0.1", limits, |r| MockResponse::text(200, r.path));
    let start = Instant::now();
    let mut silent = connect(&server.url().replace("https://", "http://"));
    // Closed with at most a TLS alert (close_notify), never an answer.
    let sent = read_until_closed(&mut silent);
    assert!(sent.len() < 16, "{sent:?}");
    let took = start.elapsed();
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_secs(4),
        "closed after {took:?}"
    );
    let pem = server.certificate_pem().unwrap().to_owned();
    std::thread::scope(|scope| {
        for t in 0..3 {
            let (url, pem) = (server.url(), pem.clone());
            scope.spawn(move || {
                let client = restlax::Client::builder(url)
                    .root_certificate(pem.as_bytes())
                    .build()
                    .unwrap();
                for i in 0..3 {
                    let path = format!("/{t}/{i}");
                    let answer = client.get(&path).send().unwrap();
                    assert_eq!(answer.text().unwrap(), path);
                }
            });
        }
    });
}
