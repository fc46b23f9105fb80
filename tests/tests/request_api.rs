//! The request API, response metadata, conditional requests and middleware,
//! over loopback against `MockServer`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use restlax::Request;
use restlax::envelope::{Cloudflare, Fractal, Plain};
use restlax::middleware::Next;
use restlax::testing::{MockResponse, MockServer, RecordedRequest};
use restlax::{Client, ErrorKind, EtagCache, Metadata, Method, Opts};
use restlax_tests::Member;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize, PartialEq)]
struct Thing {
    id: u64,
}

fn client(server: &MockServer) -> Client {
    server.client_builder().build().unwrap()
}

#[test]
fn every_method_with_query_headers_and_bodies() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!({"id": 1})));
    let c = client(&server);
    c.get("/things")
        .query("q", "a b")
        .header("x-one", "1")
        .send()
        .unwrap();
    c.post("things").json(&json!({"name": "n"})).send().unwrap();
    c.put("/repos/o/r/issues/7/lock").send().unwrap();
    c.patch("/things/1")
        .form(&[("grant_type", "client_credentials"), ("scope", "a b")])
        .send()
        .unwrap();
    c.delete("/things/1").send().unwrap();
    c.head("/things/1").send().unwrap();
    c.request(Method::Post, "/upload")
        .body("application/octet-stream", vec![0u8, 1, 2])
        .send()
        .unwrap();
    let seen = server.requests();
    let lines: Vec<_> = seen.iter().map(RecordedRequest::line).collect();
    assert_eq!(
        lines,
        [
            "GET /things?q=a%20b",
            "POST /things",
            "PUT /repos/o/r/issues/7/lock",
            "PATCH /things/1",
            "DELETE /things/1",
            "HEAD /things/1",
            "POST /upload",
        ]
    );
    assert_eq!(seen[0].header("x-one"), Some("1"));
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].body_json(), json!({"name": "n"}));
    assert_eq!(seen[2].header("content-length"), Some("0"));
    assert_eq!(seen[2].header("transfer-encoding"), None);
    assert_eq!(
        seen[3].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        seen[3].body_text(),
        "grant_type=client_credentials&scope=a+b"
    );
    assert_eq!(
        seen[6].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen[6].body, [0, 1, 2]);
}

#[test]
fn responses_carry_status_headers_url_and_decode_through_the_envelope() {
    // Plain.
    let server = MockServer::start();
    server.respond(MockResponse::json(201, &json!({"id": 7})).header("location", "/things/7"));
    let response = client(&server)
        .post("/things")
        .json(&json!({}))
        .send()
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.header("Location"), Some("/things/7"));
    assert_eq!(response.url(), format!("{}/things", server.url()));
    assert_eq!(response.json::<Thing>().unwrap(), Thing { id: 7 });
    assert_eq!(response.text().unwrap(), r#"{"id":7}"#);

    // Cloudflare: the data under `result`, pages from `result_info`, failures with HTTP 200.
    let server = MockServer::start();
    server
        .respond(MockResponse::json(200, &json!({"success": true, "errors": [], "result": [{"id": 1}], "result_info": {"page": 1, "total_pages": 2}})))
        .respond(MockResponse::json(200, &json!({"success": false, "errors": [{"code": 1003, "message": "nope"}], "result": null})));
    let c = server
        .client_builder()
        .envelope(Cloudflare)
        .build()
        .unwrap();
    let page = c
        .get("/things")
        .query("per_page", 1)
        .send()
        .unwrap()
        .page::<Thing>()
        .unwrap();
    assert_eq!(page.items(), [Thing { id: 1 }]);
    let next = page.next_opts().expect("a second page");
    assert_eq!(next.query_value("page"), Some("2"));
    let failure = c
        .get("/things/1")
        .send()
        .unwrap()
        .json::<Thing>()
        .unwrap_err();
    assert_eq!(failure.kind(), ErrorKind::Api);
    assert_eq!(failure.api_messages()[0].message(), "nope");

    // Fractal (Pterodactyl).
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &json!({"object": "user", "attributes": {"id": 3}}),
    ));
    let c = server.client_builder().envelope(Fractal).build().unwrap();
    assert_eq!(
        c.get("/users/3").send().unwrap().json::<Thing>().unwrap(),
        Thing { id: 3 }
    );

    // A Link-paged list through Plain: the next URL resolves against the answer.
    let server = MockServer::start();
    server.respond(
        MockResponse::json(200, &json!([{"id": 1}])).header("link", r#"<?page=2>; rel="next""#),
    );
    let c = server.client_builder().envelope(Plain).build().unwrap();
    let page = c.get("/things").send().unwrap().page::<Thing>().unwrap();
    let next = format!("{}/things?page=2", server.url());
    assert_eq!(page.next_url(), Some(next.as_str()));
}

#[test]
fn errors_and_refusals() {
    let server = MockServer::start();
    server.respond(MockResponse::json(404, &json!({"message": "Not Found"})));
    let c = client(&server);
    let e = c.get("/missing").send().unwrap_err();
    assert!(e.is_not_found(), "{e}");
    // Another origin: refused before anything is sent.
    let e = c.get("http://127.0.0.2:9/steal").send().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    let e = c.get("ftp://x/y").send().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    // The same origin, absolute: fine.
    server.respond(MockResponse::json(200, &json!({"id": 1})));
    c.get(&format!("{}/abs", server.url())).send().unwrap();
    // A body that cannot be form-encoded, a framing header.
    let e = c
        .post("/x")
        .form(&json!({"nested": {"a": 1}}))
        .send()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    let e = c
        .get("/x")
        .header("content-length", "5")
        .send()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
    assert_eq!(server.request_count(), 2);
}

#[test]
fn generated_calls_hand_back_metadata() {
    let server = MockServer::start();
    server.respond(
        MockResponse::json(201, &json!({"id": "m1", "email": "a@example.com"}))
            .header("location", "/accounts/a/members/m1")
            .header("x-ratelimit-remaining", "4999"),
    );
    let meta = Metadata::new();
    assert_eq!(meta.status(), None);
    let c = client(&server);
    Member::create(
        &c,
        "a",
        &json!({"email": "a@example.com"}),
        Opts::new().metadata(&meta),
    )
    .unwrap();
    assert_eq!(meta.status(), Some(201));
    assert_eq!(
        meta.header("location").as_deref(),
        Some("/accounts/a/members/m1")
    );
    assert_eq!(
        meta.header("X-RateLimit-Remaining").as_deref(),
        Some("4999")
    );
    assert_eq!(
        meta.url(),
        Some(format!("{}/accounts/a/members", server.url()))
    );
    assert!(meta.headers().iter().any(|(n, _)| n == "location"));
}

#[test]
fn a_304_answers_from_the_etag_cache() {
    let server = MockServer::start();
    server
        .respond(
            MockResponse::json(200, &json!({"id": "m1", "email": "old@example.com"}))
                .header("etag", "\"v1\""),
        )
        .respond(MockResponse::empty(304).header("etag", "\"v1\""))
        .respond(
            MockResponse::json(200, &json!({"id": "m1", "email": "new@example.com"}))
                .header("etag", "\"v2\""),
        );
    let c = client(&server);
    let cache = EtagCache::new();
    let meta = Metadata::new();
    let opts = || Opts::new().cache(&cache).metadata(&meta);
    let first = Member::show(&c, "a", "m1", opts()).unwrap();
    assert_eq!(meta.status(), Some(200));
    assert_eq!(meta.header("etag").as_deref(), Some("\"v1\""));
    let second = Member::show(&c, "a", "m1", opts()).unwrap();
    assert_eq!(meta.status(), Some(304), "the 304 is not an error");
    assert_eq!(first.email, second.email);
    let third = Member::show(&c, "a", "m1", opts()).unwrap();
    assert_eq!(third.email, "new@example.com");
    let seen = server.requests();
    assert_eq!(seen[0].header("if-none-match"), None);
    assert_eq!(seen[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(seen[2].header("if-none-match"), Some("\"v1\""));
    assert_eq!(cache.len(), 1);

    // The request API reads a 304 as an answer, cache or not.
    server.respond(MockResponse::empty(304));
    let response = c
        .get("/things/1")
        .header("if-none-match", "\"v9\"")
        .send()
        .unwrap();
    assert_eq!(response.status(), 304);
    // A generated call without a cache cannot produce a value from a 304: an Api error says so.
    server.respond(MockResponse::empty(304));
    let e = Member::show(&c, "a", "m1", Opts::new().header("if-none-match", "\"v1\"")).unwrap_err();
    assert_eq!(e.status(), Some(304), "{e}");
}

#[test]
fn middleware_sees_every_attempt_changes_headers_and_resends_once() {
    let server = MockServer::start();
    server
        .respond(MockResponse::json(401, &json!({"message": "expired"})))
        .respond(MockResponse::json(200, &json!({"id": "m1", "email": "e"})));
    let attempts = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&attempts);
    let c = server
        .client_builder()
        .bearer_auth("old")
        .middleware(move |attempt: &mut Request, next: &mut Next<'_>| {
            seen.fetch_add(1, Ordering::SeqCst);
            attempt.set_header("x-traced", "yes")?;
            let answer = next.send(attempt)?;
            if answer.status() != 401 {
                return Ok(answer);
            }
            attempt.set_secret_header("authorization", "Bearer new")?;
            next.send(attempt)
        })
        .build()
        .unwrap();
    Member::show(&c, "a", "m1", ()).unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("authorization"), Some("Bearer old"));
    assert_eq!(seen[1].header("authorization"), Some("Bearer new"));
    assert!(seen.iter().all(|r| r.header("x-traced") == Some("yes")));

    // A third send is refused; the call fails with a typed error.
    let greedy = server
        .client_builder()
        .middleware(|attempt: &mut Request, next: &mut Next<'_>| {
            next.send(attempt)?;
            next.send(attempt)?;
            next.send(attempt)
        })
        .build()
        .unwrap();
    server.respond_always(MockResponse::json(200, &json!({"id": "m1", "email": "e"})));
    let e = Member::show(&greedy, "a", "m1", ()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
}

#[test]
fn attempts_redact_secrets_in_debug() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!({"id": "m1", "email": "e"})));
    let logged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&logged);
    let c = server
        .client_builder()
        .bearer_auth("t0ken-SECRET")
        .header("cookie", "c00kie-SECRET")
        .middleware(move |attempt: &mut Request, next: &mut Next<'_>| {
            log.lock().unwrap().push(format!(
                "{attempt:?} {:?}",
                attempt.headers_redacted().collect::<Vec<_>>()
            ));
            next.send(attempt)
        })
        .build()
        .unwrap();
    Member::show(&c, "a", "m1", ()).unwrap();
    let logged = logged.lock().unwrap().join("\n");
    assert!(
        logged.contains("authorization") && logged.contains("<redacted>"),
        "{logged}"
    );
    assert!(!logged.contains("SECRET"), "{logged}");
}

#[test]
fn github_validation_errors_read_well() {
    let server = MockServer::start();
    let body = json!({"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}], "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue"});
    server
        .respond(MockResponse::json(422, &body))
        .respond(MockResponse::json(422, &body));
    let c = client(&server);
    let e = c
        .post("/repos/o/r/issues")
        .json(&json!({}))
        .send()
        .unwrap_err();
    let shown = e.to_string();
    assert!(
        shown.ends_with(
            "HTTP 422 Unprocessable Entity: Validation Failed: Issue.title missing_field"
        ),
        "{shown}"
    );
    assert_eq!(e.api_messages()[0].field(), Some("title"));
    assert_eq!(e.api_messages()[0].code(), Some("missing_field"));
    // The same through a generated call.
    let e = Member::create(&c, "a", &json!({}), ()).unwrap_err();
    assert!(
        e.to_string()
            .contains(": Validation Failed: Issue.title missing_field"),
        "{e}"
    );
}

#[test]
fn the_etag_cache_never_crosses_credentials() {
    let server = MockServer::start();
    server.respond_always(
        MockResponse::json(200, &json!({"id": "m1", "email": "e"})).header("etag", "\"v1\""),
    );
    let cache = EtagCache::new();
    let alice = server
        .client_builder()
        .bearer_auth("alice")
        .build()
        .unwrap();
    let bob = server.client_builder().bearer_auth("bob").build().unwrap();
    Member::show(&alice, "a", "m1", Opts::new().cache(&cache)).unwrap();
    Member::show(&bob, "a", "m1", Opts::new().cache(&cache)).unwrap();
    Member::show(&alice, "a", "m1", Opts::new().cache(&cache)).unwrap();
    let seen = server.requests();
    assert_eq!(
        seen[1].header("if-none-match"),
        None,
        "bob is not asked about alice's copy"
    );
    assert_eq!(seen[2].header("if-none-match"), Some("\"v1\""));
    assert_eq!(cache.len(), 2);
    // A caller's own If-None-Match bypasses the cache: their 304 stays theirs.
    server.respond(MockResponse::empty(304));
    let e = Member::show(
        &alice,
        "a",
        "m1",
        Opts::new()
            .cache(&cache)
            .header("if-none-match", "\"mine\""),
    )
    .unwrap_err();
    assert_eq!(e.status(), Some(304));
}

#[test]
fn metadata_is_empty_after_a_call_without_an_answer() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &json!({"id": "m1", "email": "e"})));
    let meta = Metadata::new();
    Member::show(&client(&server), "a", "m1", Opts::new().metadata(&meta)).unwrap();
    assert_eq!(meta.status(), Some(200));
    let refused = restlax_tests::faults::ClosedPort::new();
    let dead = restlax_tests::fault_case::single_attempt(refused.url())
        .build()
        .unwrap();
    Member::show(&dead, "a", "m1", Opts::new().metadata(&meta)).unwrap_err();
    assert_eq!(meta.status(), None);
}

#[test]
fn opts_debug_hides_credentials_set_as_plain_headers() {
    let opts = Opts::new()
        .header("Authorization", "Bearer hunter2")
        .header("cookie", "s=hunter2");
    assert!(!format!("{opts:?}").contains("hunter2"), "{opts:?}");
}
