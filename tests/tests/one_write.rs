//! A small request leaves restlax in one write: a raw loopback server sees its
//! head and body in its first read, where ureq's own transport sends the head
//! and then the body. Large bodies still arrive whole and in order.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use restlax::Client;

/// What the server saw of one request.
#[derive(Debug)]
struct Seen {
    /// `read` calls that returned data before the request was complete.
    reads: usize,
    /// Bytes the first of them returned.
    first_read: usize,
    body: Vec<u8>,
}

fn content_length(head: &[u8]) -> usize {
    let head = String::from_utf8_lossy(head);
    head.split("\r\n")
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// Serves `requests` requests on one keep-alive connection, reporting each.
fn server(requests: usize) -> (String, mpsc::Receiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut buffer = vec![0u8; 256 * 1024];
        for _ in 0..requests {
            let mut request = Vec::new();
            let (mut reads, mut first_read) = (0, 0);
            let (head_end, total) = loop {
                let n = stream.read(&mut buffer).unwrap();
                assert!(n > 0, "the client closed the connection");
                if reads == 0 {
                    first_read = n;
                }
                reads += 1;
                request.extend_from_slice(&buffer[..n]);
                if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let total = end + 4 + content_length(&request[..end]);
                    if request.len() >= total {
                        break (end + 4, total);
                    }
                }
            };
            assert_eq!(request.len(), total, "nothing beyond the request");
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}")
                .unwrap();
            let body = request[head_end..].to_vec();
            let _ = tx.send(Seen {
                reads,
                first_read,
                body,
            });
        }
    });
    (url, rx)
}

fn client(url: &str) -> Client {
    restlax_tests::fault_case::single_attempt(url)
        .build()
        .unwrap()
}

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

#[test]
fn small_requests_arrive_in_one_read_and_large_ones_whole() {
    let (url, seen) = server(5);
    let c = client(&url);
    let next = || seen.recv_timeout(Duration::from_secs(10)).unwrap();

    let json = serde_json::json!({"email": "user@example.com", "roles": ["admin"]});
    c.post("/members").json(&json).send().unwrap();
    let small = next();
    assert_eq!(small.body, serde_json::to_vec(&json).unwrap());
    assert_eq!(
        small.reads, 1,
        "head and body in one write ({} bytes in the first read)",
        small.first_read
    );

    // Up to the 16 KiB the transport holds, still one write.
    let ten_k = pattern(10 * 1024);
    c.post("/blobs")
        .body("application/octet-stream", ten_k.clone())
        .send()
        .unwrap();
    let seen_ten_k = next();
    assert_eq!(seen_ten_k.body, ten_k);
    assert_eq!(seen_ten_k.reads, 1, "{} bytes first", seen_ten_k.first_read);

    // A large upload streams: whole, in order, over several reads.
    let big = pattern(3 * 1024 * 1024 + 17);
    c.post("/blobs")
        .body("application/octet-stream", big.clone())
        .send()
        .unwrap();
    let seen_big = next();
    assert_eq!(seen_big.body.len(), big.len());
    assert!(seen_big.body == big, "the large body arrives intact");
    assert!(seen_big.reads > 1);

    // Nothing of the upload is left held: the next requests are whole and alone.
    c.post("/members").json(&json).send().unwrap();
    let after = next();
    assert_eq!(after.body, serde_json::to_vec(&json).unwrap());
    assert_eq!(after.reads, 1);
    c.get("/members/1").send().unwrap();
    let get = next();
    assert!(get.body.is_empty());
    assert_eq!(get.reads, 1);
}
