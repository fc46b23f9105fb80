//! restlax writes a request's `Host` itself when the request goes to the
//! client's own origin (made once per client, where ureq formats it on every
//! request). Whatever the base URL looks like, the server sees exactly the
//! `Host` ureq would have sent for the same URL, and only one.

use std::sync::{Arc, Mutex};

use restlax::testing::{HttpServer, MockResponse};
use restlax::{Client, Retry};

/// Every `Host` header of each request the server saw, in order.
fn server() -> (HttpServer, Arc<Mutex<Vec<Vec<String>>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request| {
        let hosts = request
            .headers
            .iter()
            .filter(|(name, _)| name == "host")
            .map(|(_, value)| value.clone())
            .collect();
        log.lock().unwrap().push(hosts);
        MockResponse::json(200, &serde_json::json!({}))
    });
    (server, seen)
}

fn ureq_host(url: &str, seen: &Mutex<Vec<Vec<String>>>) -> Vec<String> {
    let agent = ureq::Agent::config_builder()
        .proxy(None)
        .http_status_as_error(false)
        .build()
        .new_agent();
    agent.get(url).call().unwrap();
    seen.lock().unwrap().pop().unwrap()
}

#[test]
fn the_host_header_is_the_one_ureq_would_send() {
    let (server, seen) = server();
    let port = server.url().rsplit(':').next().unwrap().to_owned();
    for base in [
        server.url().to_owned(),
        format!("{}/client/v4", server.url()),
        format!("http://localhost:{port}/v1/"),
    ] {
        let client = Client::builder(&base)
            .no_proxy()
            .retry(Retry::none())
            .build()
            .unwrap();
        for path in ["/members", "members?page=2", ""] {
            client.get(path).send().unwrap();
            let ours = seen.lock().unwrap().pop().unwrap();
            let url = format!(
                "{}/{}",
                base.trim_end_matches('/'),
                path.trim_start_matches('/')
            );
            assert_eq!(ours, ureq_host(&url, &seen), "{url}");
            assert_eq!(ours.len(), 1, "{url}: {ours:?}");
        }
        // An absolute URL on the same origin, spelt the way the base is.
        let absolute = format!("{}/other", base.trim_end_matches('/'));
        client.get(&absolute).send().unwrap();
        let ours = seen.lock().unwrap().pop().unwrap();
        assert_eq!(ours, ureq_host(&absolute, &seen), "{absolute}");
    }
}

#[test]
fn a_call_cannot_set_its_own_host() {
    // `Host` is framing (restlax_facts::header): a call that sets it is
    // refused before anything is sent, so the one restlax writes is the only one.
    let (server, seen) = server();
    let client = Client::builder(server.url()).no_proxy().build().unwrap();
    let sent = client.get("/x").header("Host", "api.example.com").send();
    assert_eq!(sent.unwrap_err().kind(), restlax::ErrorKind::InvalidRequest);
    assert!(seen.lock().unwrap().is_empty());
}
