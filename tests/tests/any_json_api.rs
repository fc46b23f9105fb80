//! Conventions of JSON APIs beyond the three shipped ones (issue 19), each
//! over loopback against a server shaped like the public API it comes from.

use std::time::{Duration, Instant};

use restlax::envelope::Under;
use restlax::testing::{HttpServer, MockResponse, MockServer};
use restlax::{Client, ErrorKind, Opts, Retry, resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn client(url: &str) -> Client {
    Client::builder(url).no_proxy().build().unwrap()
}

// ---- RabbitMQ's management API: writes answered `204 No Content` ----------

/// A RabbitMQ virtual host. `PUT /api/vhosts/{name}` answers `204` with no
/// body, so `update` is declared to return `()`.
#[resource(path = "/api/vhosts", id = "name", actions(show, update(returns = ())))]
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Vhost {
    name: String,
    #[serde(default)]
    tracing: bool,
}

/// The same resource declared as a new user would at first: `update`
/// returning `Self`.
#[resource(path = "/api/vhosts", id = "name", actions(update))]
#[derive(Debug, Serialize, Deserialize)]
struct VhostReturningSelf {
    name: String,
}

#[test]
fn a_204_to_an_update_declared_returns_unit_is_ok() {
    let api = MockServer::start();
    api.respond(MockResponse::empty(204));
    let body = Vhost {
        name: "/".into(),
        tracing: true,
    };
    Vhost::update(&client(api.url()), "/", &body, ()).unwrap();
    let sent = api.last_request().unwrap();
    assert_eq!(sent.line(), "PUT /api/vhosts/%2F");
    assert_eq!(sent.body_json(), json!({"name": "/", "tracing": true}));
}

#[test]
fn a_204_where_a_value_was_expected_says_the_write_succeeded_and_how_to_declare_it() {
    let api = MockServer::start();
    api.respond(MockResponse::empty(204));
    api.respond(MockResponse::empty(201));
    let client = client(api.url());
    let error =
        VhostReturningSelf::update(&client, "/", &VhostReturningSelf { name: "/".into() }, ())
            .unwrap_err();
    assert!(error.is_success_without_body(), "{error}");
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status(), Some(204));
    let shown = error.to_string();
    for part in [
        "the server accepted the request (HTTP 204 No Content)",
        "`update(returns = ())` on `VhostReturningSelf`",
        "PUT /api/vhosts/<name>",
    ] {
        assert!(shown.contains(part), "{part:?} is not in {shown}");
    }
    // Nothing failed but the declaration: the message does not say otherwise.
    assert!(!shown.contains("could not decode"), "{shown}");
    // The request API says what to read instead.
    let answer = client.put("/api/vhosts/x").json(&json!({})).send().unwrap();
    let error = answer.json::<serde_json::Value>().unwrap_err();
    assert!(error.is_success_without_body());
    assert!(error.to_string().contains("read `status()`"), "{error}");
    // An empty body on a failure is not a success.
    api.respond(MockResponse::empty(404));
    let error = client.get("/api/vhosts/y").send().unwrap_err();
    assert!(!error.is_success_without_body());
}

// ---- Matrix: one API, lists under a different key per endpoint ------------

/// A room the user joined: `GET /_matrix/client/v3/joined_rooms` answers
/// `{"joined_rooms": ["!a:x", …]}`.
#[resource(path = "/_matrix/client/v3/joined_rooms", actions(index(returns = String)),
           envelope = Under(&["joined_rooms"]))]
#[derive(Debug, Deserialize)]
struct JoinedRoom;

/// A user, as Synapse's admin API lists them: `{"users": […], "total": n}`;
/// one user is the body itself.
#[resource(path = "/_synapse/admin/v2/users", id = "user_id",
           actions(index(envelope = Under(&["users"])), show))]
#[derive(Debug, Deserialize, PartialEq)]
struct MatrixUser {
    name: String,
    admin: bool,
}

/// An event of a room's timeline: `{"chunk": […], "start", "end"}`.
#[resource(path = "/_matrix/client/v3/rooms/<room_id>/messages", actions(index),
           envelope = Under(&["chunk"]))]
#[derive(Debug, Deserialize, PartialEq)]
struct TimelineEvent {
    event_id: String,
}

#[test]
fn one_client_reads_every_list_key_of_one_api() {
    let api = HttpServer::start("127.0.0.1", |request| match request.path.as_str() {
        "/_matrix/client/v3/joined_rooms" => {
            MockResponse::json(200, &json!({"joined_rooms": ["!a:x", "!b:x"]}))
        }
        "/_synapse/admin/v2/users" => MockResponse::json(
            200,
            &json!({"users": [{"name": "@ada:x", "admin": true}], "total": 1}),
        ),
        "/_synapse/admin/v2/users/%40ada%3Ax" => {
            MockResponse::json(200, &json!({"name": "@ada:x", "admin": true}))
        }
        "/_matrix/client/v3/rooms/%21a%3Ax/messages" => MockResponse::json(
            200,
            &json!({"chunk": [{"event_id": "$1"}], "start": "s1", "end": "s2"}),
        ),
        _ => MockResponse::json(404, &json!({"errcode": "M_UNRECOGNIZED", "error": "no"})),
    });
    let client = client(api.url());
    let rooms = JoinedRoom::index(&client, ()).unwrap();
    assert_eq!(rooms.items(), ["!a:x", "!b:x"]);
    let users = MatrixUser::index(&client, ()).unwrap();
    assert_eq!(users.items()[0].name, "@ada:x");
    let ada = MatrixUser::show(&client, "@ada:x", ()).unwrap();
    assert!(ada.admin);
    let events = TimelineEvent::index(&client, "!a:x", ()).unwrap();
    assert_eq!(events.items()[0].event_id, "$1");
    // The request API: the same client, an envelope for one call.
    let page = client
        .get("/_matrix/client/v3/rooms/%21a%3Ax/messages")
        .opts(Opts::new().envelope(Under(&["chunk"])))
        .send()
        .unwrap()
        .page::<TimelineEvent>()
        .unwrap();
    assert_eq!(page.items().len(), 1);
    // And its error body keeps Matrix's code.
    let error = client.get("/nowhere").send().unwrap_err();
    assert_eq!(error.api_messages()[0].code(), Some("M_UNRECOGNIZED"));
}

#[test]
fn the_action_envelope_wins_over_the_resource_and_the_call_over_both() {
    let api = MockServer::start();
    api.respond(MockResponse::json(
        200,
        &json!({"users": [{"name": "@b:x", "admin": false}]}),
    ));
    api.respond(MockResponse::json(
        200,
        &json!({"people": [{"name": "@c:x", "admin": false}]}),
    ));
    let client = Client::builder(api.url())
        .envelope(Under(&["never"]))
        .no_proxy()
        .build()
        .unwrap();
    let users = MatrixUser::index(&client, ()).unwrap();
    assert_eq!(users.items()[0].name, "@b:x");
    let people = MatrixUser::index(&client, Opts::new().envelope(Under(&["people"]))).unwrap();
    assert_eq!(people.items()[0].name, "@c:x");
}

// ---- Matrix state events: the empty state key ------------------------------

/// A state event: `PUT /rooms/{room}/state/{type}/{state_key}`, where the
/// state key is often empty (`/state/m.room.topic/`).
#[resource(
    path = "/_matrix/client/v3/rooms/<room_id>/state/<event_type>/<state_key?>",
    singular,
    actions(update)
)]
#[derive(Debug, Serialize, Deserialize)]
struct StateEvent {
    #[serde(default, skip_serializing)]
    event_id: String,
    #[serde(skip_deserializing)]
    topic: String,
}

#[test]
fn an_optional_last_placeholder_may_be_empty_and_others_may_not() {
    let api = MockServer::start();
    api.respond_always(MockResponse::json(200, &json!({"event_id": "$e"})));
    let client = client(api.url());
    let body = StateEvent {
        event_id: String::new(),
        topic: "hello".into(),
    };
    let sent = StateEvent::update(&client, "!r:x", "m.room.topic", "", &body, ()).unwrap();
    assert_eq!(sent.event_id, "$e");
    assert_eq!(
        api.last_request().unwrap().line(),
        "PUT /_matrix/client/v3/rooms/%21r%3Ax/state/m.room.topic/"
    );
    StateEvent::update(&client, "!r:x", "m.room.member", "@ada:x", &body, ()).unwrap();
    assert_eq!(
        api.last_request().unwrap().path,
        "/_matrix/client/v3/rooms/%21r%3Ax/state/m.room.member/%40ada%3Ax"
    );
    let count = api.request_count();
    let error = StateEvent::update(&client, "!r:x", "", "", &body, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert_eq!(api.request_count(), count, "nothing sent");
    let action = StateEvent::ACTIONS[0];
    assert_eq!(
        action.path_params().collect::<Vec<_>>(),
        ["room_id", "event_type", "state_key"]
    );
    assert_eq!(
        action.openapi_path(),
        "/_matrix/client/v3/rooms/{room_id}/state/{event_type}/{state_key}"
    );
}

// ---- Matrix: a wait given in the body ---------------------------------------

#[test]
fn a_wait_given_in_the_body_is_waited_like_retry_after() {
    let api = MockServer::start();
    let limited =
        json!({"errcode": "M_LIMIT_EXCEEDED", "error": "Too Many Requests", "retry_after_ms": 400});
    api.respond(MockResponse::json(429, &limited));
    api.respond(MockResponse::json(429, &limited));
    api.respond(MockResponse::json(200, &json!({"event_id": "$ok"})));
    // Backoff far shorter than the wait, so only the body's wait explains it.
    let client = Client::builder(api.url())
        .retry(
            Retry::new(3)
                .base_delay(Duration::from_millis(1))
                .jitter(false),
        )
        .no_proxy()
        .build()
        .unwrap();
    let start = Instant::now();
    let answer: serde_json::Value = client
        .put("/_matrix/client/v3/rooms/r/send/m.room.message/t1")
        .json(&json!({"body": "hi"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(answer["event_id"], "$ok");
    assert_eq!(api.request_count(), 3);
    assert!(
        start.elapsed() >= Duration::from_millis(720),
        "{:?}",
        start.elapsed()
    );

    // A wait past the call's deadline is not slept through.
    api.respond(MockResponse::json(
        429,
        &json!({"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 60_000}),
    ));
    let start = Instant::now();
    let error = client
        .get("/sync")
        .opts(Opts::new().timeout(Duration::from_secs(1)))
        .send()
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(60)));
}

// ---- RabbitMQ: `Accept` as the server wants it ------------------------------

/// Answers like RabbitMQ's `DELETE /api/queues/{vhost}/{name}/contents`:
/// `406 Not Acceptable` to `Accept: application/json`, `204` otherwise.
fn picky_server() -> HttpServer {
    HttpServer::start("127.0.0.1", |request| {
        if request.header("accept") == Some("application/json") {
            MockResponse::json(
                406,
                &json!({"error": "not_acceptable", "reason": "application/json"}),
            )
        } else {
            MockResponse::empty(204)
        }
    })
}

/// A queue's contents, purged with `DELETE`; its declaration accepts anything.
#[resource(path = "/api/queues/<vhost>/<name>/contents", singular, actions(show),
           action(name = purge, method = "DELETE", returns = (), header("Accept", "*/*")))]
#[derive(Debug, Deserialize)]
struct QueueContents;

#[test]
fn accept_is_json_by_default_and_overridden_per_client_declaration_and_call() {
    let server = picky_server();
    let plain = client(server.url());
    let refused = plain
        .delete("/api/queues/%2F/q1/contents")
        .send()
        .unwrap_err();
    assert_eq!(
        refused.status(),
        Some(406),
        "the documented default is sent"
    );
    let per_call = plain
        .delete("/api/queues/%2F/q1/contents")
        .opts(Opts::new().header("accept", "*/*"))
        .send()
        .unwrap();
    assert_eq!(per_call.status(), 204);
    QueueContents::purge(&plain, "/", "q1", ()).unwrap();
    let per_client = Client::builder(server.url())
        .header("accept", "*/*")
        .no_proxy()
        .build()
        .unwrap();
    assert_eq!(
        per_client
            .delete("/api/queues/%2F/q1/contents")
            .send()
            .unwrap()
            .status(),
        204
    );
}
