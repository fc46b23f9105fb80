//! The host of a request is looked up when a connection is made, not before
//! every request (ureq's own order): a host given by name still reuses its
//! pooled connection, and a name that does not resolve is an error that says
//! so, with nothing sent, so even a POST is tried again.

use std::time::{Duration, Instant};

use restlax::testing::{HttpServer, MockResponse};
use restlax::{Client, ErrorKind, Retry};

#[test]
fn a_host_by_name_keeps_its_pooled_connection() {
    let server = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(200, &serde_json::json!({}))
    });
    let port = server.addr().port();
    let client = Client::builder(format!("http://localhost:{port}"))
        .no_proxy()
        .build()
        .unwrap();
    for _ in 0..50 {
        client.get("/ping").send().unwrap();
        client.post("/ping").json(&1).send().unwrap();
    }
    assert_eq!(server.connection_count(), 1);
}

#[test]
fn a_name_that_does_not_resolve_is_not_sent_and_is_retried() {
    // RFC 6761: `.invalid` never resolves.
    let client = Client::builder("http://restlax-lookup-test.invalid")
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .retry(Retry::new(2).base_delay(Duration::from_millis(1)))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.post("/orders").json(&1).send().unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(11),
        "{:?}",
        started.elapsed()
    );
    let message = error.to_string();
    match error.kind() {
        // Offline, the resolver answers at once; with a slow one the call's
        // budget ends the lookup.
        ErrorKind::Transport => assert!(message.contains("host"), "{message}"),
        ErrorKind::Timeout => {}
        other => panic!("{other:?}: {message}"),
    }
    // Nothing was sent, so the POST was tried again.
    assert_eq!(error.attempts(), 2, "{message}");
}
