//! The error bodies of other APIs (issue 19, point 3): what the default
//! reader keeps of each (code, message, field) and how the error reads, each
//! over loopback against a server shaped like the API the body comes from;
//! and an envelope of its own for a shape it does not read (the worked
//! example of the envelope module docs).

use std::time::Duration;

use restlax::envelope::{Envelope, Response, generic_messages};
use restlax::testing::{HttpServer, MockResponse};
use restlax::{ApiMessage, ApiMessages, Client, Error, ErrorKind, Retry, resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

fn client(url: &str) -> Client {
    Client::builder(url)
        .retry(Retry::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// The error's one message as (text, code, field), and its `Display` after
/// the method and URL.
fn read(error: &Error) -> ((String, Option<String>, Option<String>), String) {
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    let messages = error.api_messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let m = &messages[0];
    let kept = (
        m.message().to_owned(),
        m.code().map(str::to_owned),
        m.field().map(str::to_owned),
    );
    let shown = error.to_string();
    let tail = shown
        .split_once(": ")
        .map_or(shown.as_str(), |(_, tail)| tail);
    (kept, tail.to_owned())
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

// ---- RabbitMQ's management API ---------------------------------------------

/// A RabbitMQ virtual host, `GET/PUT /api/vhosts/{name}`.
#[resource(path = "/api/vhosts", id = "name", actions(show, update(returns = ())))]
#[derive(Debug, Serialize, Deserialize)]
struct Vhost {
    name: String,
    tracing: serde_json::Value,
}

/// Shaped like RabbitMQ's management API: `401` with `{"error":
/// "not_authorized", "reason": "Login failed"}` to bad credentials, and `400`
/// with the reason as a list to a field of the wrong type.
fn rabbitmq() -> HttpServer {
    HttpServer::start("127.0.0.1", |request| {
        // guest:guest, Basic.
        if request.header("authorization") != Some("Basic Z3Vlc3Q6Z3Vlc3Q=") {
            return MockResponse::json(
                401,
                &json!({"error": "not_authorized", "reason": "Login failed"}),
            )
            .header("www-authenticate", "Basic realm=\"RabbitMQ Management\"");
        }
        match request.method.as_str() {
            "PUT" if !request.body_json()["tracing"].is_boolean() => MockResponse::json(
                400,
                &json!({"error": "bad_request", "reason": ["not_boolean", "x"]}),
            ),
            "PUT" => MockResponse::empty(204),
            _ => MockResponse::json(200, &json!({"name": "/", "tracing": false})),
        }
    })
}

#[test]
fn rabbitmq_login_failed_keeps_its_reason() {
    let api = rabbitmq();
    let wrong = Client::builder(api.url())
        .basic_auth("guest", "wrong")
        .retry(Retry::none())
        .no_proxy()
        .build()
        .unwrap();
    let error = Vhost::show(&wrong, "/", ()).unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(kept, ("Login failed".into(), some("not_authorized"), None));
    assert_eq!(
        shown,
        "HTTP 401 Unauthorized: Login failed (code not_authorized)"
    );
}

#[test]
fn rabbitmq_reason_as_a_list_is_joined() {
    let api = rabbitmq();
    let client = Client::builder(api.url())
        .basic_auth("guest", "guest")
        .retry(Retry::none())
        .no_proxy()
        .build()
        .unwrap();
    let body = Vhost {
        name: "/".into(),
        tracing: json!("x"),
    };
    let error = Vhost::update(&client, "/", &body, ()).unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(kept, ("not_boolean, x".into(), some("bad_request"), None));
    assert_eq!(
        shown,
        "HTTP 400 Bad Request: not_boolean, x (code bad_request)"
    );
}

// ---- CouchDB -----------------------------------------------------------------

/// A CouchDB document: `GET /{db}/{docid}`.
#[resource(path = "/<db>", id = "doc_id", actions(show))]
#[derive(Debug, Deserialize)]
struct Document {
    #[serde(rename = "_id")]
    _id: String,
}

/// Shaped like CouchDB: `404 {"error": "not_found", "reason": "missing"}`
/// for a document that is not there.
#[test]
fn couchdb_not_found_keeps_its_reason() {
    let api = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(404, &json!({"error": "not_found", "reason": "missing"}))
            .header("server", "CouchDB/3.3.3 (Erlang OTP/24)")
    });
    let error = Document::show(&client(api.url()), "books", "b1", ()).unwrap_err();
    assert!(error.is_not_found());
    let (kept, shown) = read(&error);
    assert_eq!(kept, ("missing".into(), some("not_found"), None));
    assert_eq!(shown, "HTTP 404 Not Found: missing (code not_found)");
}

// ---- Matrix ------------------------------------------------------------------

/// Shaped like Matrix's `POST /_matrix/client/v3/login`: a wrong password is
/// `403 {"errcode": "M_FORBIDDEN", "error": "Invalid username or password"}`.
#[test]
fn matrix_errcode_is_the_code() {
    let api = HttpServer::start("127.0.0.1", |request| {
        if request.path != "/_matrix/client/v3/login" {
            return MockResponse::json(
                404,
                &json!({"errcode": "M_UNRECOGNIZED", "error": "Unrecognized request"}),
            );
        }
        MockResponse::json(
            403,
            &json!({"errcode": "M_FORBIDDEN", "error": "Invalid username or password"}),
        )
    });
    let error = client(api.url())
        .post("/_matrix/client/v3/login")
        .json(&json!({"type": "m.login.password", "identifier": {"type": "m.id.user", "user": "ada"}, "password": "x"}))
        .send()
        .unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        (
            "Invalid username or password".into(),
            some("M_FORBIDDEN"),
            None
        )
    );
    assert_eq!(
        shown,
        "HTTP 403 Forbidden: Invalid username or password (code M_FORBIDDEN)"
    );
}

// ---- MLflow ------------------------------------------------------------------

/// An MLflow run: `GET /api/2.0/mlflow/runs/get?run_id=…`.
#[resource(path = "/api/2.0/mlflow/runs", actions(),
           action(name = get, method = "GET", path = "get", returns = serde_json::Value))]
#[derive(Debug, Deserialize)]
struct Run;

/// Shaped like MLflow's tracking server: an unknown run is `404
/// {"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "Run with id=r1 not found"}`.
#[test]
fn mlflow_error_code_is_the_code() {
    let api = HttpServer::start("127.0.0.1", |request| {
        let run = request.query.unwrap_or_default().replace("run_id=", "");
        MockResponse::json(
            404,
            &json!({"error_code": "RESOURCE_DOES_NOT_EXIST", "message": format!("Run with id={run} not found")}),
        )
    });
    let error = Run::get(
        &client(api.url()),
        restlax::Opts::new().query("run_id", "r1"),
    )
    .unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        (
            "Run with id=r1 not found".into(),
            some("RESOURCE_DOES_NOT_EXIST"),
            None
        )
    );
    assert_eq!(
        shown,
        "HTTP 404 Not Found: Run with id=r1 not found (code RESOURCE_DOES_NOT_EXIST)"
    );
}

// ---- Google APIs ---------------------------------------------------------------

/// Shaped like a Google API (the `google.rpc.Status` error model): a bad key
/// is `400 {"error": {"code": 400, "message", "status": "INVALID_ARGUMENT",
/// "details": […]}}`; the canonical `status` is the code, not the repeated 400.
#[test]
fn google_status_is_the_code() {
    let api = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(
            400,
            &json!({"error": {
                "code": 400,
                "message": "API key not valid. Please pass a valid API key.",
                "status": "INVALID_ARGUMENT",
                "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]
            }}),
        )
    });
    let error = client(api.url())
        .post("/v1beta/models/gemini-pro:generateContent")
        .json(&json!({"contents": []}))
        .send()
        .unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        (
            "API key not valid. Please pass a valid API key.".into(),
            some("INVALID_ARGUMENT"),
            None
        )
    );
    assert_eq!(
        shown,
        "HTTP 400 Bad Request: API key not valid. Please pass a valid API key. (code INVALID_ARGUMENT)"
    );
}

// ---- Stripe and OpenAI -----------------------------------------------------------

/// A Stripe customer: `GET /v1/customers/{id}`.
#[resource(path = "/v1/customers", actions(show, create))]
#[derive(Debug, Serialize, Deserialize)]
struct Customer {
    id: String,
}

/// Shaped like Stripe: an unknown id is `404 {"error": {"code":
/// "resource_missing", "message", "param": "id", "type":
/// "invalid_request_error", …}}`; a bad email has a `type` and no `code`.
/// OpenAI's API writes the same shape, with `"param": null` (no field).
#[test]
fn stripe_and_openai_param_is_the_field() {
    let api = HttpServer::start("127.0.0.1", |request| match request.method.as_str() {
        "GET" if request.path.starts_with("/v1/customers/") => MockResponse::json(
            404,
            &json!({"error": {
                "code": "resource_missing",
                "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                "message": "No such customer: 'cus_x'",
                "param": "id",
                "request_log_url": "https://dashboard.stripe.com/logs/req_1",
                "type": "invalid_request_error"
            }}),
        ),
        _ if request.path == "/v1/models" => MockResponse::json(
            401,
            &json!({"error": {
                "message": "Incorrect API key provided: sk-x.",
                "type": "invalid_request_error",
                "param": null,
                "code": "invalid_api_key"
            }}),
        ),
        _ => MockResponse::json(
            400,
            &json!({"error": {
                "message": "Invalid email address: x",
                "param": "email",
                "type": "invalid_request_error"
            }}),
        ),
    });
    let client = client(api.url());
    let error = Customer::show(&client, "cus_x", ()).unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        (
            "No such customer: 'cus_x'".into(),
            some("resource_missing"),
            some("id")
        )
    );
    assert_eq!(
        shown,
        "HTTP 404 Not Found: id: No such customer: 'cus_x' (code resource_missing)"
    );
    let error = Customer::create(&client, &json!({"email": "x"}), ()).unwrap_err();
    let (kept, _) = read(&error);
    assert_eq!(
        kept,
        (
            "Invalid email address: x".into(),
            some("invalid_request_error"),
            some("email")
        )
    );
    let error = client.get("/v1/models").send().unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        (
            "Incorrect API key provided: sk-x.".into(),
            some("invalid_api_key"),
            None
        )
    );
    assert_eq!(
        shown,
        "HTTP 401 Unauthorized: Incorrect API key provided: sk-x. (code invalid_api_key)"
    );
}

// ---- FastAPI -------------------------------------------------------------------

/// An item of a FastAPI app: `POST /items/`.
#[resource(path = "/items", actions(create))]
#[derive(Debug, Serialize, Deserialize)]
struct Item {
    name: String,
    price: serde_json::Value,
}

/// Shaped like FastAPI (Pydantic 2): a body that does not validate is `422
/// {"detail": [{"type", "loc", "msg", "input", "url"}, …]}`; no token is
/// `401 {"detail": "Not authenticated"}`; `HTTPException(detail={…})` is a
/// detail object.
fn fastapi() -> HttpServer {
    HttpServer::start("127.0.0.1", |request| {
        match request.header("authorization") {
            None => {
                return MockResponse::json(401, &json!({"detail": "Not authenticated"}))
                    .header("www-authenticate", "Bearer");
            }
            Some("Bearer over-quota") => {
                return MockResponse::json(
                    429,
                    &json!({"detail": {"code": "quota_exceeded", "message": "Daily quota used up"}}),
                );
            }
            Some(_) => {}
        }
        MockResponse::json(
            422,
            &json!({"detail": [
                {"type": "float_parsing", "loc": ["body", "price"], "msg": "Input should be a valid number, unable to parse string as a number", "input": "ten", "url": "https://errors.pydantic.dev/2.9/v/float_parsing"},
                {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {"price": "ten"}, "url": "https://errors.pydantic.dev/2.9/v/missing"}
            ]}),
        )
    })
}

#[test]
fn fastapi_detail_list_keeps_each_field_and_text_is_the_message() {
    let api = fastapi();
    let client = Client::builder(api.url())
        .bearer_auth("t")
        .no_proxy()
        .build()
        .unwrap();
    let body = Item {
        name: String::new(),
        price: json!("ten"),
    };
    let error = Item::create(&client, &body, ()).unwrap_err();
    let kept: Vec<_> = error
        .api_messages()
        .iter()
        .map(|m| (m.message(), m.code(), m.field()))
        .collect();
    assert_eq!(
        kept,
        [
            (
                "Input should be a valid number, unable to parse string as a number",
                Some("float_parsing"),
                Some("body.price")
            ),
            ("Field required", Some("missing"), Some("body.name")),
        ]
    );
    assert!(
        error.to_string().ends_with(
            ": HTTP 422 Unprocessable Entity: body.price: Input should be a valid number, \
             unable to parse string as a number (code float_parsing) (and 1 more)"
        ),
        "{error}"
    );
    // Without a token: the detail is text.
    let error = Item::create(&self::client(api.url()), &body, ()).unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(kept, ("Not authenticated".into(), None, None));
    assert_eq!(shown, "HTTP 401 Unauthorized: Not authenticated");
}

#[test]
fn fastapi_detail_object_is_a_message() {
    let api = fastapi();
    let client = Client::builder(api.url())
        .bearer_auth("over-quota")
        .retry(Retry::none())
        .no_proxy()
        .build()
        .unwrap();
    let error = Item::create(
        &client,
        &Item {
            name: "a".into(),
            price: json!(1),
        },
        (),
    )
    .unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        ("Daily quota used up".into(), some("quota_exceeded"), None)
    );
    assert_eq!(
        shown,
        "HTTP 429 Too Many Requests: Daily quota used up (code quota_exceeded)"
    );
}

// ---- OAuth 2.0 -------------------------------------------------------------------

/// Shaped like an OAuth 2.0 token endpoint (RFC 6749 §5.2, e.g. GitHub's or
/// Keycloak's): an expired code is `400 {"error": "invalid_grant",
/// "error_description": "Code not valid"}`: the error is the code.
#[test]
fn oauth_error_is_the_code_and_its_description_the_message() {
    let api = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(
            400,
            &json!({"error": "invalid_grant", "error_description": "Code not valid"}),
        )
        .header("cache-control", "no-store")
    });
    let error = client(api.url())
        .post("/realms/demo/protocol/openid-connect/token")
        .form(&[("grant_type", "authorization_code"), ("code", "c1")])
        .send()
        .unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(kept, ("Code not valid".into(), some("invalid_grant"), None));
    assert_eq!(
        shown,
        "HTTP 400 Bad Request: Code not valid (code invalid_grant)"
    );
}

// ---- Top-level `status` and `type` are not codes ---------------------------------

/// Shaped like a JSend API (`{"status": "error", "message", "code"}`) and
/// like Spring Boot's RFC 9457 problem details (`"type": "about:blank"`): the
/// top-level status word and problem type are not the API's code.
#[test]
fn jsend_and_problem_details_keep_their_code() {
    let api = HttpServer::start("127.0.0.1", |request| {
        match request.path.as_str() {
        "/jsend" => MockResponse::json(
            404,
            &json!({"status": "error", "message": "No such user", "code": 404}),
        ),
        _ => MockResponse::json(
            404,
            &json!({"type": "about:blank", "title": "Not Found", "status": 404, "detail": "No static resource users/7.", "instance": "/users/7"}),
        )
        .header("content-type", "application/problem+json"),
    }
    });
    let client = client(api.url());
    let (kept, shown) = read(&client.get("/jsend").send().unwrap_err());
    assert_eq!(kept, ("No such user".into(), some("404"), None));
    assert_eq!(shown, "HTTP 404 Not Found: No such user (code 404)");
    let (kept, shown) = read(&client.get("/users/7").send().unwrap_err());
    assert_eq!(kept, ("No static resource users/7.".into(), None, None));
    assert_eq!(shown, "HTTP 404 Not Found: No static resource users/7.");
}

// ---- A shape of its own: the envelope module docs' Telegram example -------------

/// The envelope of the envelope module docs, "A custom error shape".
#[derive(Debug)]
struct Telegram;

#[derive(Deserialize)]
struct Failure {
    error_code: Option<i64>,
    description: String,
    parameters: Option<Parameters>,
}

#[derive(Deserialize)]
struct Parameters {
    retry_after: Option<u64>,
}

impl Envelope for Telegram {
    fn data(&self) -> &[&str] {
        &["result"]
    }

    fn messages(&self, response: &Response<'_>) -> ApiMessages {
        match serde_json::from_slice::<Failure>(response.body()) {
            Ok(failure) => {
                let message = ApiMessage::new(failure.description);
                match failure.error_code {
                    Some(code) => vec![message.with_code(code.to_string())].into(),
                    None => vec![message].into(),
                }
            }
            Err(_) => generic_messages(response.body()),
        }
    }

    fn retry_after(&self, response: &Response<'_>) -> Option<Duration> {
        if response.status() != 429 {
            return None;
        }
        let failure: Failure = serde_json::from_slice(response.body()).ok()?;
        Some(Duration::from_secs(failure.parameters?.retry_after?))
    }
}

/// A chat of the Telegram Bot API: `GET /bot{token}/getChat?chat_id=…`.
#[resource(path = "/bot<token>", actions(),
           action(name = get_chat, method = "GET", path = "getChat", returns = Chat))]
#[derive(Debug, Deserialize)]
struct Chat {
    id: i64,
}

/// Shaped like the Telegram Bot API: `{"ok": true, "result": …}`, `400
/// {"ok": false, "error_code": 400, "description": "Bad Request: chat not
/// found"}`, and a flood wait as `429` with `"parameters": {"retry_after": 5}`
/// and no `Retry-After` header.
#[test]
fn telegram_through_an_envelope_of_its_own() {
    let api = HttpServer::start("127.0.0.1", |request| match request.query.as_deref() {
        Some("chat_id=1") => MockResponse::json(
            200,
            &json!({"ok": true, "result": {"id": 1, "type": "private"}}),
        ),
        Some("chat_id=flood") => MockResponse::json(
            429,
            &json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 5", "parameters": {"retry_after": 5}}),
        ),
        _ => MockResponse::json(
            400,
            &json!({"ok": false, "error_code": 400, "description": "Bad Request: chat not found"}),
        ),
    });
    let client = Client::builder(api.url())
        .envelope(Telegram)
        .retry(Retry::new(3).max_delay(Duration::from_secs(1)))
        .no_proxy()
        .build()
        .unwrap();
    let query = |id: &str| restlax::Opts::new().query("chat_id", id);
    assert_eq!(
        Chat::get_chat(&client, "123:ABC", query("1")).unwrap().id,
        1
    );
    // The generic reader finds nothing in this shape; the envelope does.
    let body = br#"{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}"#;
    assert!(generic_messages(body).is_empty());
    let error = Chat::get_chat(&client, "123:ABC", query("2")).unwrap_err();
    let (kept, shown) = read(&error);
    assert_eq!(
        kept,
        ("Bad Request: chat not found".into(), some("400"), None)
    );
    assert_eq!(
        shown,
        "HTTP 400 Bad Request: Bad Request: chat not found (code 400)"
    );
    // Its wait, over the policy's cap, is not retried and is told.
    let error = Chat::get_chat(&client, "123:ABC", query("flood")).unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(error.attempts(), 1);
}
