//! `Accept: application/json`, sent on every call (issue 19, point 7): where
//! it comes from, and replacing it per client, per declaration and per call,
//! against a server shaped like RabbitMQ's management API.

use std::sync::{Arc, Mutex};

use restlax::middleware::{Next, Request};
use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use restlax::{Client, ErrorKind, Opts, Retry, resource};
use serde::Deserialize;
use serde_json::json;

/// A queue as RabbitMQ's management API shows it, `GET
/// /api/queues/{vhost}/{name}`; `purge` is `DELETE …/contents`, declared
/// with the `Accept` that endpoint takes.
#[resource(path = "/api/queues/<vhost>", id = "name", actions(show),
           action(name = purge, method = "DELETE", path = "<name>/contents", returns = (),
                  header("Accept", "*/*")))]
#[derive(Debug, Deserialize)]
struct Queue {
    name: String,
    messages: u64,
}

/// The same purge declared as a new user would, without a header.
#[resource(path = "/api/queues/<vhost>", id = "name", actions(),
           action(name = purge, method = "DELETE", path = "<name>/contents", returns = ()))]
#[derive(Debug, Deserialize)]
struct QueueAsFirstWritten;

/// Shaped like RabbitMQ's management API: JSON for a queue, and for a purge
/// of its contents `204 No Content`, or `406 Not Acceptable` to an `Accept`
/// that does not allow what it answers with (here: anything but `*/*`). The
/// requests it saw are kept.
fn rabbitmq() -> (HttpServer, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request: RecordedRequest| {
        log.lock().unwrap().push(request.clone());
        if request.path.ends_with("/contents") {
            let accept = request.header("accept");
            if accept.is_some_and(|a| !a.contains("*/*")) {
                return MockResponse::json(
                    406,
                    &json!({"error": "not_acceptable", "reason": "Not Acceptable"}),
                );
            }
            return MockResponse::empty(204);
        }
        MockResponse::json(200, &json!({"name": "q1", "messages": 3, "vhost": "/"}))
    });
    (server, seen)
}

fn accept_of(seen: &Mutex<Vec<RecordedRequest>>) -> Option<String> {
    let seen = seen.lock().unwrap();
    seen.last().unwrap().header("accept").map(str::to_owned)
}

fn builder(url: &str) -> restlax::ClientBuilder {
    Client::builder(url).retry(Retry::none()).no_proxy()
}

#[test]
fn accept_is_replaced_per_client_per_declaration_and_per_call() {
    let (api, seen) = rabbitmq();
    let client = builder(api.url()).build().unwrap();

    // The default, for an endpoint that answers JSON.
    let queue = Queue::show(&client, "/", "q1", ()).unwrap();
    assert_eq!((queue.name.as_str(), queue.messages), ("q1", 3));
    assert_eq!(accept_of(&seen).as_deref(), Some("application/json"));

    // The default where the server refuses it.
    let error = QueueAsFirstWritten::purge(&client, "/", "q1", ()).unwrap_err();
    assert_eq!((error.kind(), error.status()), (ErrorKind::Api, Some(406)));
    assert_eq!(
        api_line(&seen),
        "DELETE /api/queues/%2F/q1/contents accept=application/json"
    );

    // Per declaration.
    Queue::purge(&client, "/", "q1", ()).unwrap();
    assert_eq!(
        api_line(&seen),
        "DELETE /api/queues/%2F/q1/contents accept=*/*"
    );

    // Per call, over the default and over a declaration (any case of the name).
    QueueAsFirstWritten::purge(&client, "/", "q1", Opts::new().header("accept", "*/*")).unwrap();
    assert_eq!(accept_of(&seen).as_deref(), Some("*/*"));
    let error = Queue::purge(
        &client,
        "/",
        "q1",
        Opts::new().header("ACCEPT", "text/plain"),
    )
    .unwrap_err();
    assert_eq!(error.status(), Some(406));
    client
        .delete("/api/queues/%2F/q1/contents")
        .header("Accept", "*/*")
        .send()
        .unwrap();
    assert_eq!(accept_of(&seen).as_deref(), Some("*/*"));

    // Per client.
    let client = builder(api.url()).header("Accept", "*/*").build().unwrap();
    QueueAsFirstWritten::purge(&client, "/", "q1", ()).unwrap();
    assert_eq!(accept_of(&seen).as_deref(), Some("*/*"));

    // Each request carried one Accept header.
    for request in seen.lock().unwrap().iter() {
        let count = request
            .headers
            .iter()
            .filter(|(n, _)| n == "accept")
            .count();
        assert_eq!(count, 1, "{:?}", request.headers);
    }
}

/// The method, raw path and Accept of the last request.
fn api_line(seen: &Mutex<Vec<RecordedRequest>>) -> String {
    let seen = seen.lock().unwrap();
    let last = seen.last().unwrap();
    format!(
        "{} accept={}",
        last.line(),
        last.header("accept").unwrap_or("<none>")
    )
}

/// The default is one of the request's headers, as sent: a middleware (and
/// so a `Logger`, a signer) sees it, and one that removes it sends none.
#[test]
fn the_default_accept_is_a_header_middleware_sees_and_may_remove() {
    let (api, seen) = rabbitmq();
    let saw = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&saw);
    let client = builder(api.url())
        .middleware(move |request: &mut Request, next: &mut Next<'_>| {
            log.lock()
                .unwrap()
                .push(request.header("accept").map(str::to_owned));
            if request.url().ends_with("/contents") {
                request.remove_header("accept");
            }
            next.send(request)
        })
        .build()
        .unwrap();
    Queue::show(&client, "/", "q1", ()).unwrap();
    assert_eq!(accept_of(&seen).as_deref(), Some("application/json"));
    QueueAsFirstWritten::purge(&client, "/", "q1", ()).unwrap();
    assert_eq!(accept_of(&seen), None, "removed, so none is sent");
    assert_eq!(
        *saw.lock().unwrap(),
        [
            Some("application/json".to_owned()),
            Some("application/json".to_owned())
        ]
    );
    assert!(
        format!("{client:?}").contains("application/json"),
        "{client:?}"
    );
}
