//! Calls through an HTTP CONNECT proxy: restlax builds its own connector chain
//! (a CONNECT proxy, then its TCP transport, then TLS), so a proxied call must
//! reach the server through the tunnel, over HTTP and HTTPS.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use restlax::testing::{MockResponse, MockServer};
use restlax_tests::Member;

/// A CONNECT proxy on loopback that tunnels each connection to the target it
/// names, counting the tunnels it opened.
fn connect_proxy() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let tunnels = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&tunnels);
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { return };
            let count = Arc::clone(&count);
            thread::spawn(move || tunnel(client, &count));
        }
    });
    (url, tunnels)
}

fn tunnel(client: TcpStream, count: &AtomicUsize) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let Some(target) = line
        .strip_prefix("CONNECT ")
        .and_then(|l| l.split(' ').next())
    else {
        return;
    };
    let target = target.to_owned();
    // The rest of the head.
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let Ok(server) = TcpStream::connect(&target) else {
        return;
    };
    count.fetch_add(1, Ordering::SeqCst);
    let mut out = client.try_clone().unwrap();
    out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .unwrap();
    let mut to_server = server.try_clone().unwrap();
    let mut from_server = server;
    let upstream = thread::spawn(move || {
        // Bytes the client sent after the head are in the reader's buffer.
        let _ = std::io::copy(&mut reader, &mut to_server);
        let _ = to_server.shutdown(Shutdown::Write);
    });
    let mut buf = [0u8; 16 * 1024];
    while let Ok(n) = from_server.read(&mut buf) {
        if n == 0 || out.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = out.shutdown(Shutdown::Both);
    let _ = upstream.join();
}

fn member() -> serde_json::Value {
    serde_json::json!({"id": "m", "email": "m@example.com"})
}

#[test]
fn a_call_goes_through_a_connect_proxy() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &member()));
    let (proxy, tunnels) = connect_proxy();
    let c = restlax::Client::builder(server.url())
        .proxy(proxy)
        .build()
        .unwrap();
    let m = Member::show(&c, "a", "m", ()).unwrap();
    assert_eq!(m.email, "m@example.com");
    assert_eq!(tunnels.load(Ordering::SeqCst), 1);
}

#[test]
fn an_https_call_goes_through_a_connect_proxy() {
    let server = MockServer::start_https();
    server.respond(MockResponse::json(200, &member()));
    let (proxy, tunnels) = connect_proxy();
    let c = restlax::Client::builder(server.url())
        .proxy(proxy)
        .root_certificate(server.certificate_pem().unwrap())
        .build()
        .unwrap();
    let m = Member::show(&c, "a", "m", ()).unwrap();
    assert_eq!(m.email, "m@example.com");
    assert_eq!(tunnels.load(Ordering::SeqCst), 1);
}
