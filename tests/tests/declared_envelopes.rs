//! One client per API, whatever key each endpoint wraps its list under:
//! `envelope = …` on a resource or one action, `Opts::envelope` for one call
//! (precedence: the call's, the action's, the resource's, the client's).
//!
//! Shaped like two APIs a user wrote clients for: a Matrix homeserver (Synapse's
//! client API lists under `chunk`, its admin API under `users` and `rooms`) and
//! MLflow's tracking API (`experiment`/`experiments`, `run`/`runs`,
//! `registered_models`).

use std::sync::{Arc, Mutex};

use restlax::envelope::{Envelope, Response, Under};
use restlax::testing::{HttpServer, MockResponse, MockServer, RecordedRequest};
use restlax::{
    ApiMessage, ApiMessages, Client, ErrorKind, NextPage, Opts, PageInfo, Retry, resource,
};
use serde::Deserialize;
use serde_json::{Value, json};

// ---------- Matrix ----------

/// A Matrix list whose next page is a token in the body, sent back as a query
/// parameter: `{"chunk": [...], "end": "t2"}` → `?from=t2`. A user's own
/// envelope, constant so a declaration can name it, with the list key and the
/// token's field as fields; its failures are Matrix's `{"errcode", "error"}`.
#[derive(Debug)]
struct Matrix {
    list: &'static [&'static str],
    next: &'static str,
    param: &'static str,
}

impl Envelope for Matrix {
    fn items(&self) -> &[&str] {
        self.list
    }

    fn fields(&self) -> &[&str] {
        std::slice::from_ref(&self.next)
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let mut info = PageInfo::default();
        info.next = response
            .field_as::<String>(self.next)
            .map(|token| NextPage::Query(vec![(self.param.into(), token)]));
        info
    }

    fn messages(&self, response: &Response<'_>) -> ApiMessages {
        #[derive(Deserialize)]
        struct Failure {
            errcode: String,
            error: String,
        }
        // Worded its own way, so a test tells it from the default reader
        // (which reads `errcode` too).
        match serde_json::from_slice::<Failure>(response.body()) {
            Ok(f) => {
                let text = format!("{}: {}", f.errcode, f.error);
                vec![ApiMessage::new(text).with_code(f.errcode)].into()
            }
            Err(_) => ApiMessages::new(),
        }
    }
}

/// `GET /rooms/{roomId}/messages`: `{"chunk": [...], "start": …, "end": …}`,
/// no `end` on the last page.
#[resource(
    path = "/_matrix/client/v3/rooms/<room_id>/messages",
    actions(index),
    envelope = Matrix { list: &["chunk"], next: "end", param: "from" }
)]
#[derive(Debug, Deserialize)]
struct Event {
    event_id: String,
}

/// Synapse's admin API: `GET /_synapse/admin/v2/users` lists under `users`
/// (next page `next_token` → `?from=`), `GET …/users/{id}` is the user itself;
/// `GET /_synapse/admin/v1/rooms` lists under `rooms` (an action of its own).
#[resource(
    path = "/_synapse/admin/v2/users",
    id = "user_id",
    actions(index(envelope = Matrix { list: &["users"], next: "next_token", param: "from" }), show),
    action(name = rooms, method = "GET", path = "/_synapse/admin/v1/rooms", list,
           returns = Room, envelope = Under(&["rooms"]))
)]
#[derive(Debug, Deserialize)]
struct User {
    name: String,
}

#[derive(Debug, Deserialize)]
struct Room {
    room_id: String,
}

/// A loopback homeserver: each endpoint answers its own shape, a page at a
/// time when asked `?from=`.
fn homeserver() -> (HttpServer, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |r: RecordedRequest| {
        log.lock().unwrap().push(r.line());
        let from = r.query.as_deref().and_then(|q| q.strip_prefix("from="));
        match (r.path.as_str(), from) {
            ("/_matrix/client/v3/rooms/%21r%3Ax/messages", None) => MockResponse::json(
                200,
                &json!({"chunk": [{"event_id": "$1"}, {"event_id": "$2"}], "start": "t0", "end": "t2"}),
            ),
            ("/_matrix/client/v3/rooms/%21r%3Ax/messages", Some("t2")) => {
                MockResponse::json(200, &json!({"chunk": [{"event_id": "$3"}], "start": "t2"}))
            }
            ("/_synapse/admin/v2/users", None) => MockResponse::json(
                200,
                &json!({"users": [{"name": "@a:x"}], "next_token": "1", "total": 2}),
            ),
            ("/_synapse/admin/v2/users", Some("1")) => {
                MockResponse::json(200, &json!({"users": [{"name": "@b:x"}], "total": 2}))
            }
            ("/_synapse/admin/v2/users/%40a%3Ax", _) => {
                MockResponse::json(200, &json!({"name": "@a:x", "admin": false}))
            }
            ("/_synapse/admin/v1/rooms", _) => MockResponse::json(
                200,
                &json!({"rooms": [{"room_id": "!r:x"}], "total_rooms": 1, "offset": 0}),
            ),
            _ => MockResponse::json(
                403,
                &json!({"errcode": "M_FORBIDDEN", "error": "You are not a server admin"}),
            ),
        }
    });
    (server, seen)
}

#[test]
fn one_client_reads_chunk_users_and_rooms() {
    let (server, seen) = homeserver();
    let client = Client::builder(server.url())
        .bearer_auth("syt_token")
        .build()
        .unwrap();

    let page = Event::index(&client, "!r:x", ()).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page.next_opts().unwrap().query_value("from"), Some("t2"));
    let events: Vec<String> = Event::index_all(&client, "!r:x", ())
        .map(|e| e.unwrap().event_id)
        .collect();
    assert_eq!(events, ["$1", "$2", "$3"]);

    let users: Vec<String> = User::index_all(&client, ())
        .map(|u| u.unwrap().name)
        .collect();
    assert_eq!(users, ["@a:x", "@b:x"]);
    // The action's envelope is for `index` only: `show` reads the client's.
    assert_eq!(User::show(&client, "@a:x", ()).unwrap().name, "@a:x");

    let rooms = User::rooms(&client, ()).unwrap();
    assert_eq!(rooms[0].room_id, "!r:x");

    assert_eq!(
        *seen.lock().unwrap(),
        [
            "GET /_matrix/client/v3/rooms/%21r%3Ax/messages",
            "GET /_matrix/client/v3/rooms/%21r%3Ax/messages",
            "GET /_matrix/client/v3/rooms/%21r%3Ax/messages?from=t2",
            "GET /_synapse/admin/v2/users",
            "GET /_synapse/admin/v2/users?from=1",
            "GET /_synapse/admin/v2/users/%40a%3Ax",
            "GET /_synapse/admin/v1/rooms",
        ]
    );
}

/// A failure as the test's `Matrix` envelope words it.
const BY_MATRIX: &str = "M_FORBIDDEN: You are not a server admin";

#[test]
fn a_failure_is_read_by_the_envelope_that_reads_the_data() {
    let server = MockServer::start();
    let forbidden = json!({"errcode": "M_FORBIDDEN", "error": "You are not a server admin"});
    server.respond(MockResponse::json(403, &forbidden));
    server.respond(MockResponse::json(403, &forbidden));
    let client = server
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();

    // `index` declares `Matrix`: it reads the failure.
    let error = User::index(&client, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.api_messages()[0].code(), Some("M_FORBIDDEN"));
    assert_eq!(error.api_messages()[0].message(), BY_MATRIX);
    // `show` declares none: the client's envelope reads it.
    let error = User::show(&client, "@a:x", ()).unwrap_err();
    assert_ne!(
        error.api_messages().first().map(ApiMessage::message),
        Some(BY_MATRIX)
    );
}

#[test]
fn a_retried_call_reads_its_last_answer_with_the_same_envelope() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        503,
        &json!({"errcode": "M_UNKNOWN", "error": "busy"}),
    ));
    server.respond(MockResponse::json(
        200,
        &json!({"rooms": [{"room_id": "!r:x"}]}),
    ));
    let client = server
        .client_builder()
        .retry(Retry::default().base_delay(std::time::Duration::ZERO))
        .build()
        .unwrap();
    let rooms = User::rooms(&client, ()).unwrap();
    assert_eq!(rooms[0].room_id, "!r:x");
    assert_eq!(server.request_count(), 2);
}

/// Each level names another key; the client's envelope is Cloudflare's, so a
/// call that falls back to it is told apart by the `result` key.
#[resource(
    path = "/lists",
    envelope = Under(&["resource"]),
    actions(index),
    action(name = by_action, method = "GET", path = "a", list, envelope = Under(&["action"])),
    action(name = inherits, method = "GET", path = "b", list)
)]
#[derive(Debug, Deserialize)]
struct Item {
    id: u64,
}

/// No envelope declared: the client's.
#[resource(path = "/bare", actions(index))]
#[derive(Debug, Deserialize)]
struct Bare {
    id: u64,
}

#[test]
fn the_call_beats_the_action_beats_the_resource_beats_the_client() {
    let server = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(
            200,
            &json!({
                "resource": [{"id": 1}], "action": [{"id": 2}], "call": [{"id": 3}],
                "result": [{"id": 4}], "success": true
            }),
        )
    });
    let client = Client::builder(server.url())
        .envelope(restlax::envelope::Cloudflare)
        .build()
        .unwrap();
    let id = |page: restlax::Page<Item>| page[0].id;
    assert_eq!(id(Item::index(&client, ()).unwrap()), 1);
    assert_eq!(id(Item::by_action(&client, ()).unwrap()), 2);
    assert_eq!(id(Item::inherits(&client, ()).unwrap()), 1);
    assert_eq!(Bare::index(&client, ()).unwrap()[0].id, 4);
    let call = || Opts::new().envelope(Under(&["call"]));
    assert_eq!(id(Item::index(&client, call()).unwrap()), 3);
    assert_eq!(id(Item::by_action(&client, call()).unwrap()), 3);
    assert_eq!(id(Item::inherits(&client, call()).unwrap()), 3);
    assert_eq!(Bare::index(&client, call()).unwrap()[0].id, 3);
    // The request API: the client's, unless the call gives one.
    assert_eq!(id(client.get("/x").send().unwrap().page().unwrap()), 4);
    let page = client
        .get("/x")
        .envelope(Under(&["call"]))
        .send()
        .unwrap()
        .page();
    assert_eq!(id(page.unwrap()), 3);
    let page = client.get("/x").opts(call()).send().unwrap().page();
    assert_eq!(id(page.unwrap()), 3);
}

#[test]
fn opts_envelope_reads_a_request_api_failure_and_follows_the_next_page() {
    let (server, _) = homeserver();
    let client = Client::builder(server.url()).build().unwrap();
    let users = Opts::new().envelope(Matrix {
        list: &["users"],
        next: "next_token",
        param: "from",
    });
    let page = client
        .get("/_synapse/admin/v2/users")
        .opts(users.clone())
        .send()
        .unwrap()
        .page::<User>()
        .unwrap();
    assert_eq!(page[0].name, "@a:x");
    let next = page.next_opts().unwrap();
    let second = client
        .get("/_synapse/admin/v2/users")
        .opts(next)
        .send()
        .unwrap()
        .page::<User>()
        .unwrap();
    assert_eq!(second[0].name, "@b:x");
    assert!(!second.has_next());

    let error = client
        .get("/_synapse/admin/v2/nothing")
        .opts(users)
        .send()
        .unwrap_err();
    assert_eq!(error.api_messages()[0].message(), BY_MATRIX);
}

// ---------- MLflow ----------

/// `GET /experiments/get?experiment_id=` → `{"experiment": {...}}`;
/// `GET /experiments/search` → `{"experiments": [...], "next_page_token": …}`.
#[resource(
    path = "/api/2.0/mlflow/experiments",
    actions(),
    action(name = get, method = "GET", path = "get", envelope = Under(&["experiment"])),
    action(name = search, method = "GET", path = "search", list, envelope = Under(&["experiments"]))
)]
#[derive(Debug, Deserialize)]
struct Experiment {
    experiment_id: String,
}

/// `GET /runs/get?run_id=` → `{"run": {...}}`; `POST /runs/search` →
/// `{"runs": [...]}`.
#[resource(
    path = "/api/2.0/mlflow/runs",
    envelope = Under(&["run"]),
    actions(),
    action(name = get, method = "GET", path = "get"),
    action(name = search, method = "POST", path = "search", body, list, envelope = Under(&["runs"]))
)]
#[derive(Debug, Deserialize)]
struct Run {
    info: Value,
}

/// `GET /registered-models/search` → `{"registered_models": [...]}`.
#[resource(
    path = "/api/2.0/mlflow/registered-models/search",
    actions(index(envelope = Under(&["registered_models"])))
)]
#[derive(Debug, Deserialize)]
struct RegisteredModel {
    name: String,
}

#[test]
fn one_mlflow_client_for_experiments_runs_and_models() {
    let server = HttpServer::start("127.0.0.1", |r: RecordedRequest| {
        let body = match r.path.as_str() {
            "/api/2.0/mlflow/experiments/get" => json!({"experiment": {"experiment_id": "1"}}),
            "/api/2.0/mlflow/experiments/search" => {
                json!({"experiments": [{"experiment_id": "0"}, {"experiment_id": "1"}]})
            }
            "/api/2.0/mlflow/runs/get" => json!({"run": {"info": {"run_id": "r1"}, "data": {}}}),
            "/api/2.0/mlflow/runs/search" => json!({"runs": [{"info": {"run_id": "r1"}}]}),
            "/api/2.0/mlflow/registered-models/search" => {
                json!({"registered_models": [{"name": "m"}]})
            }
            _ => {
                return MockResponse::json(
                    404,
                    &json!({"error_code": "ENDPOINT_NOT_FOUND", "message": "No such endpoint"}),
                );
            }
        };
        MockResponse::json(200, &body)
    });
    let client = Client::builder(server.url()).build().unwrap();
    let one = |id| Opts::new().query("experiment_id", id);
    assert_eq!(
        Experiment::get(&client, one("1")).unwrap().experiment_id,
        "1"
    );
    assert_eq!(Experiment::search(&client, ()).unwrap().len(), 2);
    let run = Run::get(&client, Opts::new().query("run_id", "r1")).unwrap();
    assert_eq!(run.info["run_id"], "r1");
    let runs = Run::search(&client, &json!({"experiment_ids": ["1"]}), ()).unwrap();
    assert_eq!(runs[0].info["run_id"], "r1");
    assert_eq!(RegisteredModel::index(&client, ()).unwrap()[0].name, "m");
}
