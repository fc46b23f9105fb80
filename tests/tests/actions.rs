//! Every action kind over a real loopback socket: the exact method, path, query,
//! headers and body sent, and the decoding of what comes back.

use std::time::Duration;

use restlax::testing::{MockResponse, MockServer, RecordedRequest};
use restlax::{ActionKind, Client, Error, ErrorKind, Method, Opts, resource};
use restlax_tests::{Account, Me, Member, NewMember, Session, client};
use serde_json::json;

fn member(id: &str) -> serde_json::Value {
    json!({"id": id, "email": format!("{id}@example.com"), "status": "accepted"})
}

#[test]
fn index_sends_query_and_decodes_the_list() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &json!([member("a"), member("b")])));
    let client = client(&server);

    let page = Member::index(
        &client,
        "acc-1",
        Opts::new()
            .query("per_page", 5)
            .query("status", "pending review"),
    )
    .unwrap();

    assert_eq!(page.len(), 2);
    assert_eq!(page[1].email, "b@example.com");
    assert!(!page.has_next());
    let req = server.last_request().unwrap();
    assert_eq!(req.method, "GET");
    assert_eq!(req.path, "/accounts/acc-1/members");
    assert_eq!(
        req.query.as_deref(),
        Some("per_page=5&status=pending%20review")
    );
    assert_eq!(req.header("accept"), Some("application/json"));
    assert!(req.body.is_empty());
}

#[test]
fn show_create_update_delete_send_the_declared_requests() {
    let server = MockServer::start();
    let client = client(&server);

    server.respond(MockResponse::json(200, &member("m1")));
    let shown = Member::show(&client, "acc", "m1", ()).unwrap();
    assert_eq!(shown.id, "m1");

    server.respond(MockResponse::json(201, &member("m2")));
    let body = NewMember {
        email: "m2@example.com",
        roles: vec!["admin"],
    };
    let created = Member::create(&client, "acc", &body, ()).unwrap();
    assert_eq!(created.id, "m2");

    server.respond(MockResponse::json(
        200,
        &json!({"id": "m2", "email": "new@example.com"}),
    ));
    let updated = Member::update(
        &client,
        "acc",
        "m2",
        &json!({"email": "new@example.com"}),
        (),
    )
    .unwrap();
    assert_eq!(updated.email, "new@example.com");
    assert_eq!(updated.status, None);

    server.respond(MockResponse::empty(204));
    Member::delete(&client, "acc", "m2", ()).unwrap();

    let requests = server.requests();
    let seen: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET", "/accounts/acc/members/m1"),
            ("POST", "/accounts/acc/members"),
            ("PUT", "/accounts/acc/members/m2"),
            ("DELETE", "/accounts/acc/members/m2"),
        ]
    );
    assert_eq!(
        requests[1].body_json(),
        json!({"email": "m2@example.com", "roles": ["admin"]})
    );
    assert_eq!(requests[1].header("content-type"), Some("application/json"));
    assert_eq!(requests[2].body_json(), json!({"email": "new@example.com"}));
    assert!(requests[0].body.is_empty() && requests[3].body.is_empty());
}

#[test]
fn delete_accepts_a_json_body_too() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &json!({"deleted": true})));
    Member::delete(&client(&server), "acc", "m", ()).unwrap();
}

#[test]
fn singular_resource_has_no_id_and_patches() {
    let server = MockServer::start();
    let client = client(&server);
    server.respond(MockResponse::json(
        200,
        &json!({"id": "u1", "first_name": null}),
    ));
    let me = Me::show(&client, ()).unwrap();
    assert_eq!(
        me,
        Me {
            id: "u1".into(),
            first_name: None
        }
    );

    server.respond(MockResponse::json(
        200,
        &json!({"id": "u1", "first_name": "Ada"}),
    ));
    let me = Me::update(&client, &json!({"first_name": "Ada"}), ()).unwrap();
    assert_eq!(me.first_name.as_deref(), Some("Ada"));

    let requests = server.requests();
    assert_eq!(
        (requests[0].method.as_str(), requests[0].path.as_str()),
        ("GET", "/user")
    );
    assert_eq!(
        (requests[1].method.as_str(), requests[1].path.as_str()),
        ("PATCH", "/user")
    );
    assert_eq!(requests[1].body_json(), json!({"first_name": "Ada"}));
    assert_eq!(
        Me::ACTIONS.iter().map(|a| a.name).collect::<Vec<_>>(),
        ["show", "update"]
    );
}

#[test]
fn create_method_put_named_id_and_custom_actions() {
    let server = MockServer::start();
    let client = client(&server);
    let user = json!({"id": 7, "username": "ada"});

    server.respond(MockResponse::json(200, &user));
    Account::create(&client, &json!({"username": "ada"}), ()).unwrap();
    server.respond(MockResponse::json(200, &user));
    Account::update(&client, 7, &json!({"username": "ada"}), ()).unwrap();
    server.respond(MockResponse::json(200, &user));
    let found = Account::by_external_id(&client, "ext/1", ()).unwrap();
    assert_eq!(found.username, "ada");
    server.respond(MockResponse::empty(204));
    Account::suspend(&client, 7, ()).unwrap();
    server.respond(MockResponse::json(200, &json!({"token": "t0k"})));
    let session: Session = Account::login(&client, &json!({"user": "ada"}), ()).unwrap();
    assert_eq!(session.token, "t0k");
    server.respond(MockResponse::json(200, &json!([user])));
    let page = Account::search(&client, Opts::new().query("q", "ad")).unwrap();
    assert_eq!(page[0].id, 7);
    server.respond(MockResponse::json(200, &json!({"calls": 3})));
    let stats = Account::stats(&client, "2026-11-22", ()).unwrap();
    assert_eq!(stats["calls"], 3);

    let seen: Vec<_> = server
        .requests()
        .iter()
        .map(RecordedRequest::line)
        .collect();
    assert_eq!(
        seen,
        [
            "PUT /users",
            "PATCH /users/7",
            "GET /users/external/ext%2F1",
            "POST /users/7/suspend",
            "POST /session",
            "GET /users/search?q=ad",
            "GET /stats/2026-11-22",
        ]
    );
    let login = &server.requests()[4];
    assert_eq!(login.body_json(), json!({"user": "ada"}));
    assert!(
        server.requests()[3].body.is_empty(),
        "suspend declares no body"
    );
}

#[test]
fn actions_are_exposed_as_data() {
    let summary: Vec<_> = Account::ACTIONS
        .iter()
        .map(|a| (a.name, a.method, a.path, a.body, a.kind))
        .collect();
    assert_eq!(
        summary,
        [
            ("index", Method::Get, "/users", false, ActionKind::List),
            (
                "show",
                Method::Get,
                "/users/<user_id>",
                false,
                ActionKind::One
            ),
            ("create", Method::Put, "/users", true, ActionKind::One),
            (
                "update",
                Method::Patch,
                "/users/<user_id>",
                true,
                ActionKind::One
            ),
            (
                "by_external_id",
                Method::Get,
                "/users/external/<external_id>",
                false,
                ActionKind::One
            ),
            (
                "suspend",
                Method::Post,
                "/users/<user_id>/suspend",
                false,
                ActionKind::Unit
            ),
            ("login", Method::Post, "/session", true, ActionKind::One),
            (
                "search",
                Method::Get,
                "/users/search",
                false,
                ActionKind::List
            ),
            ("stats", Method::Get, "/stats/<day>", false, ActionKind::One),
        ]
    );
    assert_eq!(Account::PATH, "/users");
    assert_eq!(Member::PATH, "/accounts/<account_id>/members");
    assert_eq!(
        Member::ACTIONS[1].openapi_path(),
        "/accounts/{account_id}/members/{id}"
    );
}

#[test]
fn path_values_are_encoded_as_exactly_one_segment() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &member("x")));
    let client = client(&server);
    let cases = [
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        (" ", "%20"),
        ("?x=1#frag", "%3Fx%3D1%23frag"),
        ("a.b-c_d~e", "a.b-c_d~e"),
    ];
    for (value, encoded) in cases {
        Member::show(&client, value, value, ()).unwrap();
        let req = server.last_request().unwrap();
        assert_eq!(
            req.path,
            format!("/accounts/{encoded}/members/{encoded}"),
            "value {value:?}"
        );
        assert_eq!(req.query, None, "value {value:?} must not start a query");
    }
}

#[test]
fn an_empty_path_value_is_an_error_and_nothing_is_sent() {
    let server = MockServer::start();
    let client = client(&server);
    let error = Member::show(&client, "acc", "", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(
        error.to_string().contains("path parameter `id` is empty"),
        "{error}"
    );
    let error = Member::index(&client, "", ()).unwrap_err();
    assert!(error.to_string().contains("`account_id`"), "{error}");
    let walk: Vec<_> = Member::index_all(&client, "", ()).collect();
    assert_eq!(walk.len(), 1);
    assert_eq!(
        walk[0].as_ref().unwrap_err().kind(),
        ErrorKind::InvalidRequest
    );
    assert_eq!(server.request_count(), 0);
}

#[test]
fn headers_auth_and_user_agent() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &member("m")));
    let client = server
        .client_builder()
        .bearer_auth("s3cret-token")
        .header("x-team", "core")
        .secret_header("x-auth-key", "k3y")
        .user_agent("tests/1.0")
        .build()
        .unwrap();
    Member::show(
        &client,
        "a",
        "m",
        Opts::new()
            .header("x-request-id", "42")
            .header("x-team", "override"),
    )
    .unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(req.header("authorization"), Some("Bearer s3cret-token"));
    assert_eq!(req.header("x-auth-key"), Some("k3y"));
    assert_eq!(req.header("x-request-id"), Some("42"));
    assert_eq!(req.header("x-team"), Some("override"));
    assert_eq!(req.header("user-agent"), Some("tests/1.0"));
    assert_eq!(req.headers.iter().filter(|(n, _)| n == "x-team").count(), 1);

    let debug = format!("{client:?}");
    assert!(
        !debug.contains("s3cret") && !debug.contains("k3y"),
        "{debug}"
    );
    assert!(debug.contains("x-team"));
}

#[test]
fn bad_headers_and_bodies_are_rejected_before_sending() {
    let server = MockServer::start();
    let client = client(&server);
    let error = Member::show(
        &client,
        "a",
        "m",
        Opts::new().header("x-evil", "a\r\nx-injected: 1"),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let error = Member::show(
        &client,
        "a",
        "m",
        Opts::new().secret_header("x-key", "sec\nret"),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(!error.to_string().contains("sec"), "{error}");

    // JSON object keys must be strings.
    let mut bad = std::collections::HashMap::new();
    bad.insert((1, 2), "x");
    let error = Member::create(&client, "a", &bad, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(
        error.to_string().contains("cannot be serialized"),
        "{error}"
    );
    assert_eq!(server.request_count(), 0);

    let error = restlax::Client::builder("ftp://example.com")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    let error = restlax::Client::builder("http://x")
        .header("bad name", "v")
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

#[test]
fn framing_headers_are_refused_before_sending() {
    let server = MockServer::start();
    let client = client(&server);
    for name in restlax_facts::header::FRAMING {
        for name in [name.to_owned(), name.to_ascii_uppercase()] {
            let built = Client::builder(server.url()).header(&name, "0").build();
            assert_eq!(
                built.err().map(|e| e.kind()),
                Some(ErrorKind::InvalidRequest),
                "{name}"
            );
            let error =
                Member::show(&client, "a", "m", Opts::new().header(&name, "0")).unwrap_err();
            assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{name}");
        }
    }
    assert_eq!(server.request_count(), 0);
}

/// One custom action per method a declaration accepts, in `Method::ALL` order.
#[resource(
    path = "/m",
    actions(),
    action(name = get, method = "GET", path = "get", returns = ()),
    action(name = post, method = "POST", path = "post", returns = ()),
    action(name = put, method = "PUT", path = "put", returns = ()),
    action(name = patch, method = "PATCH", path = "patch", returns = ()),
    action(name = delete, method = "DELETE", path = "delete", returns = ()),
    action(name = head, method = "HEAD", path = "head"),
)]
struct EveryMethod;

#[test]
fn every_method_a_declaration_accepts_goes_on_the_wire_as_declared() {
    // A method added to `Method::ALL` fails here until it has an action above.
    let declared: Vec<Method> = EveryMethod::ACTIONS.iter().map(|a| a.method).collect();
    assert_eq!(declared, Method::ALL);
    type Call = fn(&Client) -> Result<(), Error>;
    let calls: [Call; 6] = [
        |c| EveryMethod::get(c, ()),
        |c| EveryMethod::post(c, ()),
        |c| EveryMethod::put(c, ()),
        |c| EveryMethod::patch(c, ()),
        |c| EveryMethod::delete(c, ()),
        |c| EveryMethod::head(c, ()),
    ];
    let server = MockServer::start();
    server.respond_always(MockResponse::empty(204));
    let client = client(&server);
    for ((call, method), action) in calls.iter().zip(Method::ALL).zip(EveryMethod::ACTIONS) {
        call(&client).unwrap();
        let sent = server.last_request().unwrap();
        assert_eq!(
            (sent.method.as_str(), sent.path.as_str()),
            (method.as_str(), action.path)
        );
    }
    assert_eq!(server.request_count(), Method::ALL.len());
}

#[test]
fn non_2xx_is_an_api_error_with_status_and_snippet() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        404,
        &json!({"message": "Member not found"}),
    ));
    let client = client(&server);
    let error = Member::show(&client, "a", "missing", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.status(), Some(404));
    assert!(error.is_not_found());
    assert!(!error.is_retryable());
    assert_eq!(error.api_messages()[0].message(), "Member not found");
    assert_eq!(
        error.body_snippet(),
        Some(r#"{"message":"Member not found"}"#)
    );
    assert_eq!(
        error.to_string(),
        format!(
            "GET {}/accounts/a/members/missing: HTTP 404 Not Found: Member not found",
            server.url()
        )
    );
}

#[test]
fn decode_errors_name_the_json_path() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &json!([member("a"), {"id": "b", "email": 42}]),
    ));
    let error = Member::index(&client(&server), "acc", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.json_path(), Some("[1].email"));
    assert!(error.to_string().contains("at `[1].email`"), "{error}");
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn or_panic_twins_panic_with_the_message_and_no_secret() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &member("m")));
    let client = server
        .client_builder()
        .bearer_auth("tok-SECRET")
        .retry(restlax::Retry::none())
        .build()
        .unwrap();
    assert_eq!(Member::show_or_panic(&client, "a", "m", ()).id, "m");

    server.respond(MockResponse::json(403, &json!({"error": "forbidden"})));
    let panic =
        std::panic::catch_unwind(|| Member::show_or_panic(&client, "a", "m", ())).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("HTTP 403") && message.contains("forbidden"),
        "{message}"
    );
    assert!(!message.contains("tok-SECRET"));
}

#[test]
fn per_call_timeout_bounds_the_call() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &member("m")).delay(Duration::from_millis(800)));
    let client = client(&server);
    let started = std::time::Instant::now();
    let error = Member::show(
        &client,
        "a",
        "m",
        Opts::new().timeout(Duration::from_millis(150)),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(
        started.elapsed() < Duration::from_millis(700),
        "{:?}",
        started.elapsed()
    );
}

/// A typed id (`u64`) and a HEAD action.
#[restlax::resource(
    path = "/repos/<owner>/<repo>/issues",
    id = "issue_number: u64",
    actions(show),
    action(name = exists, method = "HEAD", path = "<issue_number>"),
)]
#[derive(Debug, serde::Deserialize)]
struct Issue {
    number: u64,
}

#[test]
fn typed_ids_and_head_actions_over_the_wire() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &json!({"number": 7})));
    server.respond(MockResponse::empty(200));
    server.respond(MockResponse::empty(404));
    let client = client(&server);

    let issue = Issue::show(&client, "rust-lang", "rust", 7, ()).unwrap();
    assert_eq!(issue.number, 7);
    assert_eq!(
        server.last_request().unwrap().path,
        "/repos/rust-lang/rust/issues/7"
    );

    Issue::exists(&client, "rust-lang", "rust", 7, ()).unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(req.method, "HEAD");
    assert_eq!(req.path, "/repos/rust-lang/rust/issues/7");
    assert!(req.body.is_empty());

    let error = Issue::exists(&client, "rust-lang", "rust", 8, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.status(), Some(404));
    assert_eq!(server.request_count(), 3);
}

/// GitHub's issue labels: headers on the resource and on one action, actions on
/// the resource path itself, and a DELETE that answers with the labels left
/// (a `list` without a `remove_all` walk).
#[restlax::resource(
    path = "/repos/<owner>/<repo>/issues/<issue_number: u64>/labels",
    id = "name",
    actions(index),
    header("X-GitHub-Api-Version", "2022-11-28"),
    header("Accept", "application/vnd.github+json"),
    action(name = add, method = "POST", body, list),
    action(name = remove, method = "DELETE", path = "<name>", list),
    action(name = clear, method = "DELETE", returns = ()),
    action(
        name = raw,
        method = "GET",
        list,
        header("accept", "application/vnd.github.raw+json")
    ),
)]
#[derive(Debug, serde::Deserialize)]
struct Label {
    name: String,
}

fn label(name: &str) -> serde_json::Value {
    json!({ "name": name })
}

/// Every value of header `name` in a recorded request.
fn all_values<'a>(req: &'a restlax::testing::RecordedRequest, name: &str) -> Vec<&'a str> {
    req.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn declared_headers_are_sent_between_the_clients_and_the_calls() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!([label("bug")])));
    // The client sets both headers too: the declaration replaces them.
    let client = server
        .client_builder()
        .retry(restlax::Retry::none())
        .header("X-GitHub-Api-Version", "2000-01-01")
        .header("Accept", "text/html")
        .header("X-Client", "kept")
        .build()
        .unwrap();

    Label::index(&client, "o", "r", 5, ()).unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(all_values(&req, "x-github-api-version"), ["2022-11-28"]);
    assert_eq!(all_values(&req, "accept"), ["application/vnd.github+json"]);
    assert_eq!(req.header("x-client"), Some("kept"));

    // The action's own `accept` replaces the resource's; the version stays.
    Label::raw(&client, "o", "r", 5, ()).unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(
        all_values(&req, "accept"),
        ["application/vnd.github.raw+json"]
    );
    assert_eq!(all_values(&req, "x-github-api-version"), ["2022-11-28"]);

    // A header set per call replaces the declaration's.
    Label::index(
        &client,
        "o",
        "r",
        5,
        Opts::new().header("x-github-api-version", "2026-03-10"),
    )
    .unwrap();
    let req = server.last_request().unwrap();
    assert_eq!(all_values(&req, "x-github-api-version"), ["2026-03-10"]);
    assert_eq!(all_values(&req, "accept"), ["application/vnd.github+json"]);

    let index = &Label::ACTIONS[0];
    assert_eq!(
        index.headers,
        [
            ("X-GitHub-Api-Version", "2022-11-28"),
            ("Accept", "application/vnd.github+json")
        ]
    );
    let raw = Label::ACTIONS.iter().find(|a| a.name == "raw").unwrap();
    assert_eq!(
        raw.headers,
        [
            ("X-GitHub-Api-Version", "2022-11-28"),
            ("accept", "application/vnd.github.raw+json")
        ]
    );
}

#[test]
fn a_walk_sends_the_declared_headers_with_every_page() {
    let server = MockServer::start();
    let base = server.url().to_owned();
    server.respond(MockResponse::json(200, &json!([label("a")])).header(
        "link",
        format!(r#"<{base}/repos/o/r/issues/5/labels?page=2>; rel="next""#),
    ));
    server.respond(MockResponse::json(200, &json!([label("b")])));
    let client = client(&server);

    let names: Vec<String> = Label::index_all(&client, "o", "r", 5, ())
        .map(|l| l.unwrap().name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for req in &requests {
        assert_eq!(req.header("x-github-api-version"), Some("2022-11-28"));
        assert_eq!(req.header("accept"), Some("application/vnd.github+json"));
    }
    assert_eq!(requests[1].query.as_deref(), Some("page=2"));
}

#[test]
fn actions_without_a_path_target_the_resource_path() {
    let server = MockServer::start();
    let client = client(&server);

    server.respond(MockResponse::json(200, &json!([label("bug"), label("ui")])));
    let labels = Label::add(&client, "o", "r", 5, &json!({"labels": ["ui"]}), ()).unwrap();
    assert_eq!(labels.len(), 2);
    server.respond(MockResponse::empty(204));
    Label::clear(&client, "o", "r", 5, ()).unwrap();

    let requests = server.requests();
    let seen: Vec<_> = requests.iter().map(|r| r.line()).collect();
    assert_eq!(
        seen,
        [
            "POST /repos/o/r/issues/5/labels",
            "DELETE /repos/o/r/issues/5/labels",
        ]
    );
    assert_eq!(requests[0].body_json(), json!({"labels": ["ui"]}));
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(Label::ACTIONS[1].path, Label::PATH);
}

#[test]
fn a_delete_list_answers_with_a_page_and_sends_one_delete() {
    let server = MockServer::start();
    let base = server.url().to_owned();
    // A next link the walk of a GET list would follow: a DELETE list never does.
    server.respond(MockResponse::json(200, &json!([label("ui")])).header(
        "link",
        format!(r#"<{base}/repos/o/r/issues/5/labels/bug?page=2>; rel="next""#),
    ));
    let client = client(&server);

    let left = Label::remove(&client, "o", "r", 5, "bug", ()).unwrap();
    assert_eq!(left[0].name, "ui");
    assert_eq!(server.request_count(), 1);
    let req = server.last_request().unwrap();
    assert_eq!(req.method, "DELETE");
    assert_eq!(req.path, "/repos/o/r/issues/5/labels/bug");
    let remove = Label::ACTIONS.iter().find(|a| a.name == "remove").unwrap();
    assert_eq!(
        (remove.method, remove.kind),
        (Method::Delete, ActionKind::List)
    );
    // `Label::remove_all` does not exist: `tests/ui/fail/no_delete_walk.rs`.
}

/// An OAuth token endpoint: a form body.
#[restlax::resource(
    path = "/login/oauth/access_token",
    actions(),
    action(name = exchange, method = "POST", form, returns = OAuthToken),
)]
#[derive(Debug, serde::Deserialize)]
struct OAuthToken {
    access_token: String,
}

#[derive(serde::Serialize)]
struct Grant<'a> {
    grant_type: &'a str,
    code: &'a str,
}

#[test]
fn a_form_action_sends_its_body_form_encoded() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &json!({"access_token": "gho_1"})));
    let client = client(&server);

    let grant = Grant {
        grant_type: "authorization_code",
        code: "a b&c=d",
    };
    let token = OAuthToken::exchange(&client, &grant, ()).unwrap();
    assert_eq!(token.access_token, "gho_1");
    let req = server.last_request().unwrap();
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/login/oauth/access_token");
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        req.body_text(),
        "grant_type=authorization_code&code=a+b%26c%3Dd"
    );
    let exchange = &OAuthToken::ACTIONS[0];
    assert!(exchange.body && exchange.form);

    // A body a form cannot hold is refused before anything is sent.
    let nested = json!({"grant": {"type": "x"}});
    let error = OAuthToken::exchange(&client, &nested, ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.to_string().contains("form-encoded"), "{error}");
    assert_eq!(server.request_count(), 1);
}

/// A JSON:API resource: its declared `Content-Type` replaces `application/json`.
#[restlax::resource(
    path = "/articles",
    actions(create),
    header("Content-Type", "application/vnd.api+json")
)]
#[derive(Debug, serde::Deserialize)]
struct Article {
    id: String,
}

#[test]
fn a_declared_content_type_replaces_the_bodys() {
    let server = MockServer::start();
    server.respond(MockResponse::json(201, &json!({"id": "1"})));
    let client = client(&server);

    let body = json!({"data": {"type": "articles"}});
    let created = Article::create(&client, &body, ()).unwrap();
    assert_eq!(created.id, "1");
    let req = server.last_request().unwrap();
    assert_eq!(
        all_values(&req, "content-type"),
        ["application/vnd.api+json"]
    );
    assert_eq!(req.body_json(), body);
}
