//! Bodies streamed from a reader (`RequestBuilder::body_reader`): framed by
//! their length when it is known, chunked otherwise, and never sent twice,
//! since a stream cannot be rewound.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use restlax::middleware::{Answer, Next, Request};
use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, Error, ErrorKind, Retry};

/// A reader of `n` bytes (`0, 1, 2, …` mod 251) that counts the bytes read.
struct Counted {
    left: usize,
    at: u8,
    read: Arc<AtomicUsize>,
}

fn counted(n: usize) -> (Counted, Arc<AtomicUsize>) {
    let read = Arc::new(AtomicUsize::new(0));
    let reader = Counted {
        left: n,
        at: 0,
        read: Arc::clone(&read),
    };
    (reader, read)
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i % 251) as u8).collect()
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.left).min(7_000);
        for b in &mut buf[..n] {
            *b = self.at;
            self.at = ((u16::from(self.at) + 1) % 251) as u8;
        }
        self.left -= n;
        self.read.fetch_add(n, Ordering::SeqCst);
        Ok(n)
    }
}

fn client(server: &MockServer) -> Client {
    server
        .client_builder()
        .retry(Retry::new(3).base_delay(std::time::Duration::from_millis(1)))
        .build()
        .unwrap()
}

#[test]
fn a_stream_of_known_length_is_sent_with_content_length() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(201, &serde_json::json!({"ok": true})));
    let (reader, _) = counted(300_000);
    let response = client(&server)
        .put("/backups/latest")
        .body_reader("application/x-tar", reader, Some(300_000))
        .send()
        .unwrap();
    assert_eq!(response.status(), 201);
    let seen = server.last_request().unwrap();
    assert_eq!(seen.header("content-length"), Some("300000"));
    assert_eq!(seen.header("transfer-encoding"), None);
    assert_eq!(seen.header("content-type"), Some("application/x-tar"));
    assert!(seen.body == pattern(300_000), "the body arrived changed");
}

#[test]
fn a_stream_of_unknown_length_is_sent_chunked() {
    let server = MockServer::start();
    server.respond_always(MockResponse::empty(204));
    let (reader, _) = counted(70_001);
    client(&server)
        .post("/logs")
        .body_reader("text/plain", reader, None)
        .send()
        .unwrap();
    let seen = server.last_request().unwrap();
    assert_eq!(seen.header("transfer-encoding"), Some("chunked"));
    assert_eq!(seen.header("content-length"), None);
    assert!(seen.body == pattern(70_001), "the body arrived changed");
}

#[test]
fn a_stream_is_not_retried_after_it_was_read() {
    // PUT is idempotent and 503 says "try again": a byte array would be sent
    // three times. A stream was read by the first attempt and cannot be.
    let server = MockServer::start();
    server.respond_always(MockResponse::text(503, "busy"));
    let (reader, read) = counted(50_000);
    let error = client(&server)
        .put("/x")
        .body_reader("application/octet-stream", reader, Some(50_000))
        .send()
        .err()
        .unwrap();
    assert_eq!((error.kind(), error.status()), (ErrorKind::Api, Some(503)));
    assert_eq!(server.request_count(), 1);
    assert_eq!(read.load(Ordering::SeqCst), 50_000);
}

#[test]
fn a_middleware_cannot_send_a_stream_twice() {
    let server = MockServer::start();
    server.respond_always(MockResponse::text(401, "expired"));
    let resent = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&resent);
    let client = server
        .client_builder()
        .middleware(
            move |request: &mut Request, next: &mut Next<'_>| -> Result<Answer, Error> {
                let answer = next.send(request)?;
                if answer.status() == 401 {
                    counter.fetch_add(1, Ordering::SeqCst);
                    request.set_secret_header("authorization", "Bearer fresh")?;
                    return next.send(request);
                }
                Ok(answer)
            },
        )
        .build()
        .unwrap();
    let (reader, _) = counted(10_000);
    let error = client
        .post("/upload")
        .body_reader("application/octet-stream", reader, Some(10_000))
        .send()
        .err()
        .unwrap();
    assert_eq!(resent.load(Ordering::SeqCst), 1);
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert!(
        error.to_string().contains("cannot be sent again"),
        "{error}"
    );
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_redirect_that_keeps_the_body_is_refused_for_a_stream() {
    let server = MockServer::start();
    server.respond(MockResponse::empty(307).header("location", "/elsewhere"));
    server.respond_always(MockResponse::empty(204));
    let (reader, _) = counted(1_000);
    let error = client(&server)
        .put("/x")
        .body_reader("application/octet-stream", reader, Some(1_000))
        .send()
        .err()
        .unwrap();
    assert_eq!(error.kind(), ErrorKind::Redirect, "{error}");
    assert!(error.to_string().contains("cannot be rewound"), "{error}");
    assert_eq!(server.request_count(), 1);
}
