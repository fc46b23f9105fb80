//! A write the server accepted without sending a body back, shaped like
//! RabbitMQ's management API: `PUT /api/vhosts/{name}` answers `201 Created`
//! for a new vhost and `204 No Content` for an existing one, both without a
//! body, and the default vhost is named `/` (sent as `%2F`).
//!
//! `update(returns = ())` takes such an answer as `Ok(())`; without it, the
//! answer is an error that says the server accepted the request and names the
//! declaration that fixes it, and that a caller can tell from a failure.

use std::sync::{Arc, Mutex};

use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use restlax::{Client, ErrorKind, Retry, resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A RabbitMQ vhost, with the 204s declared.
#[resource(
    path = "/api/vhosts",
    id = "name",
    actions(show, update(returns = ()), delete)
)]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Vhost {
    name: String,
    #[serde(default)]
    tracing: bool,
}

/// The same endpoint declared as a new user first does: `update` returns `Self`.
#[resource(path = "/api/vhosts", id = "name", actions(update))]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Undeclared {
    name: String,
}

/// A RabbitMQ user: `PUT /api/users/{name}` creates one (`201`, no body);
/// `create_method = "PUT"` with the name in the path is a custom action here.
#[resource(
    path = "/api/users",
    id = "name",
    actions(index, show),
    action(name = put, method = "PUT", path = "<name>", body, returns = ())
)]
#[derive(Debug, Clone, Serialize, Deserialize)]
struct User {
    name: String,
}

/// A loopback RabbitMQ: vhosts and users are created or updated by `PUT`
/// (`201` when new, `204` when known), read by `GET`, deleted with `204`.
fn rabbitmq() -> (HttpServer, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::<RecordedRequest>::new()));
    let known = Arc::new(Mutex::new(vec!["%2F".to_owned()]));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request: RecordedRequest| {
        log.lock().unwrap().push(request.clone());
        let name = request
            .path
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let mut known = known.lock().unwrap();
        match request.method.as_str() {
            "PUT" if known.contains(&name) => MockResponse::empty(204),
            "PUT" => {
                known.push(name);
                MockResponse::empty(201)
            }
            "GET" if known.contains(&name) => {
                MockResponse::json(200, &json!({"name": "/", "tracing": false}))
            }
            "DELETE" => MockResponse::empty(204),
            _ => MockResponse::json(
                404,
                &json!({"error": "Object Not Found", "reason": "Not Found"}),
            ),
        }
    });
    (server, seen)
}

fn client(server: &HttpServer) -> Client {
    Client::builder(server.url()).build().unwrap()
}

#[test]
fn a_declared_204_is_ok_and_the_vhost_slash_is_one_segment() {
    let (server, seen) = rabbitmq();
    let client = client(&server);
    let vhost = Vhost {
        name: "/".into(),
        tracing: true,
    };
    Vhost::update(&client, "/", &vhost, ()).unwrap();
    Vhost::update(&client, "staging", &vhost, ()).unwrap(); // 201, no body
    Vhost::delete(&client, "staging", ()).unwrap();
    let shown = Vhost::show(&client, "/", ()).unwrap();
    assert_eq!(shown.name, "/");
    let lines: Vec<_> = seen
        .lock()
        .unwrap()
        .iter()
        .map(RecordedRequest::line)
        .collect();
    assert_eq!(
        lines,
        [
            "PUT /api/vhosts/%2F",
            "PUT /api/vhosts/staging",
            "DELETE /api/vhosts/staging",
            "GET /api/vhosts/%2F"
        ]
    );
    assert_eq!(
        seen.lock().unwrap()[0].body_json(),
        json!({"name": "/", "tracing": true})
    );
    let update = Vhost::ACTIONS.iter().find(|a| a.name == "update").unwrap();
    assert_eq!(update.kind, restlax::ActionKind::Unit);
}

#[test]
fn an_undeclared_204_says_the_write_went_through_and_how_to_declare_it() {
    let (server, seen) = rabbitmq();
    // Retries on: an accepted write must not be sent twice.
    let client = Client::builder(server.url())
        .retry(Retry::default())
        .build()
        .unwrap();
    let error = Undeclared::update(&client, "/", &Undeclared { name: "/".into() }, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.is_success_without_body(), "{error:?}");
    assert_eq!(error.status(), Some(204));
    assert!(!error.is_retryable());
    assert_eq!(seen.lock().unwrap().len(), 1, "sent once");
    let text = error.to_string();
    assert!(text.starts_with("PUT http://127.0.0.1:"), "{text}");
    assert!(text.contains("/api/vhosts/%2F: the server accepted the request (HTTP 204 No Content) and answered with no body"), "{text}");
    assert!(
        text.contains("declare `update(returns = ())` on `Undeclared`"),
        "{text}"
    );
    assert!(!text.contains("could not decode"), "{text}");
}

#[test]
fn every_empty_2xx_where_a_value_is_expected_is_an_accepted_request() {
    for status in [200, 201, 202, 204] {
        let server = HttpServer::start("127.0.0.1", move |_| MockResponse::empty(status));
        let client = client(&server);
        let error = User::show(&client, "guest", ()).unwrap_err();
        assert!(error.is_success_without_body(), "{status}: {error:?}");
        assert_eq!(error.status(), Some(status));
        assert!(
            error
                .to_string()
                .contains("declare `show(returns = ())` on `User`"),
            "{error}"
        );
        // A list has no `returns = ()`: the error says what happened, no more.
        let error = User::index(&client, ()).unwrap_err();
        assert!(error.is_success_without_body(), "{status}: {error:?}");
        assert!(!error.to_string().contains("declare"), "{error}");
        // Declared `returns = ()`: fine whatever the 2xx.
        User::put(
            &client,
            "guest",
            &json!({"password": "guest", "tags": ""}),
            (),
        )
        .unwrap();
    }
    // A body that is there but wrong is a decode error of the usual kind.
    let server = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(200, &json!({"name": 5}))
    });
    let error = User::show(&client(&server), "guest", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(!error.is_success_without_body());
    assert_eq!(error.json_path(), Some("name"));
}

#[test]
fn a_custom_action_is_named_in_its_own_words() {
    #[resource(
        path = "/api/queues/<vhost>",
        id = "queue",
        actions(),
        action(name = purge, method = "DELETE", path = "<queue>/contents", returns = Purged)
    )]
    #[derive(Debug, Deserialize)]
    struct Queue {}

    #[derive(Debug, Deserialize)]
    struct Purged {}

    let server = HttpServer::start("127.0.0.1", |_| MockResponse::empty(204));
    let error = Queue::purge(&client(&server), "/", "jobs", ()).unwrap_err();
    assert!(error.is_success_without_body());
    assert!(
        error
            .to_string()
            .contains("declare `returns = ()` in `action(name = purge, …)` on `Queue`"),
        "{error}"
    );
}

#[test]
fn the_request_api_says_to_read_the_status() {
    let (server, _) = rabbitmq();
    let client = client(&server);
    let response = client
        .put("/api/vhosts/%2F")
        .json(&json!({"tracing": false}))
        .send()
        .unwrap();
    assert_eq!(response.status(), 204);
    let error = response.json::<serde_json::Value>().unwrap_err();
    assert!(error.is_success_without_body());
    assert_eq!(error.status(), Some(204));
    assert!(
        error
            .to_string()
            .contains("read `status()` instead of `json()`"),
        "{error}"
    );
}
