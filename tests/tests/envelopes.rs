//! Envelopes over loopback: single values, lists, multi-page walks, every
//! vendor's error bodies, 200 + `success:false`, HTML 502s, empty 204s and
//! malformed JSON; plus a property test that no body makes a call panic.

use restlax::envelope::{Cloudflare, Envelope, Fractal, Response};
use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, ErrorKind, NextPage, Opts, PageInfo, Retry, resource};
use restlax_tests::Member;
use serde::Deserialize;
use serde_json::{Value, json};

fn client_with(server: &MockServer, envelope: impl Envelope) -> Client {
    server
        .client_builder()
        .envelope(envelope)
        .retry(Retry::none())
        .build()
        .unwrap()
}

fn member(id: &str) -> Value {
    json!({"id": id, "email": format!("{id}@example.com"), "status": "accepted"})
}

fn cf_ok(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

fn cf_page(ids: &[&str], page: u64, per_page: u64, total_pages: u64) -> Value {
    let result: Vec<_> = ids.iter().map(|id| member(id)).collect();
    json!({
        "result": result, "success": true, "errors": [], "messages": [],
        "result_info": {"page": page, "per_page": per_page, "total_pages": total_pages, "count": ids.len(), "total_count": 5}
    })
}

fn queries(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| r.query.clone().unwrap_or_default())
        .collect()
}

// ---------- Cloudflare ----------

#[test]
fn cloudflare_single_value_is_under_result() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_ok(member("m1"))));
    let m = Member::show(&client_with(&server, Cloudflare), "acc", "m1", ()).unwrap();
    assert_eq!(m.email, "m1@example.com");
}

#[test]
fn cloudflare_list_carries_result_info() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_page(&["a", "b"], 1, 2, 3)));
    let page = Member::index(
        &client_with(&server, Cloudflare),
        "acc",
        Opts::new().query("per_page", 2),
    )
    .unwrap();
    assert_eq!(
        page.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let info = page.info();
    assert_eq!(
        (info.page, info.per_page, info.total_pages, info.total_count),
        (Some(1), Some(2), Some(3), Some(5))
    );
    assert_eq!(
        info.next,
        Some(NextPage::Query(vec![("page".into(), "2".into())]))
    );
    let next = page.next_opts().unwrap();
    assert_eq!(next.query_value("page"), Some("2"));
    assert_eq!(next.query_value("per_page"), Some("2"));
}

#[test]
fn cloudflare_index_all_walks_every_page_keeping_the_query() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_page(&["a", "b"], 1, 2, 3)));
    server.respond(MockResponse::json(200, &cf_page(&["c", "d"], 2, 2, 3)));
    server.respond(MockResponse::json(200, &cf_page(&["e"], 3, 2, 3)));
    let client = client_with(&server, Cloudflare);
    let ids: Vec<String> = Member::index_all(
        &client,
        "acc",
        Opts::new().query("per_page", 2).query("status", "accepted"),
    )
    .map(|m| m.unwrap().id)
    .collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&server),
        [
            "per_page=2&status=accepted",
            "per_page=2&status=accepted&page=2",
            "per_page=2&status=accepted&page=3"
        ]
    );
}

#[test]
fn cloudflare_success_false_with_http_200_is_an_api_error() {
    let server = MockServer::start();
    let body = json!({"success": false, "errors": [{"code": 7003, "message": "No route for the URI"}], "messages": [], "result": null});
    server.respond(MockResponse::json(200, &body));
    let error = Member::show(&client_with(&server, Cloudflare), "acc", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.api_messages()[0].code(), Some("7003"));
    assert_eq!(error.api_messages()[0].message(), "No route for the URI");
    assert!(
        error
            .to_string()
            .ends_with("HTTP 200 OK: No route for the URI (code 7003)"),
        "{error}"
    );
}

#[test]
fn a_failure_keeps_the_first_messages_and_counts_the_rest() {
    let server = MockServer::start();
    let errors: Vec<_> = (0..150)
        .map(|i| json!({"code": i, "message": format!("row {i} is invalid")}))
        .collect();
    let body = json!({"success": false, "errors": errors, "result": null});
    server.respond(MockResponse::json(200, &body));
    let error = Member::show(&client_with(&server, Cloudflare), "acc", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.api_messages().len(), restlax::MAX_API_MESSAGES);
    assert_eq!(error.api_messages()[99].message(), "row 99 is invalid");
    assert_eq!(error.dropped_api_messages(), 50);
    assert!(
        error
            .to_string()
            .ends_with("HTTP 200 OK: row 0 is invalid (code 0) (and 149 more)"),
        "{error}"
    );
    assert!(
        format!("{error:?}").contains("dropped_messages: 50"),
        "{error:?}"
    );
}

#[test]
fn cloudflare_failure_with_an_empty_result_object_is_not_a_decode_error() {
    // The vendor docs show failures as `"result": {}`, which does not decode into a Member.
    let server = MockServer::start();
    let client = client_with(&server, Cloudflare);
    let body = json!({"result": {}, "success": false, "errors": [{"code": 1003, "message": "Invalid member"}], "messages": []});
    server.respond(MockResponse::json(200, &body));
    let error = Member::show(&client, "acc", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    assert_eq!(error.api_messages()[0].code(), Some("1003"));

    server.respond(MockResponse::json(200, &body));
    let error = Member::index(&client, "acc", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");

    server.respond(MockResponse::json(200, &body));
    let error = Member::delete(&client, "acc", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
}

#[test]
fn cloudflare_error_statuses_keep_the_vendor_messages() {
    let server = MockServer::start();
    let client = client_with(&server, Cloudflare);
    let auth = json!({"success": false, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": [], "result": null});
    server.respond(MockResponse::json(403, &auth));
    let error = Member::index(&client, "acc", ()).unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.api_messages()[0].message(), "Authentication error");

    let throttled = json!({"success": false, "errors": [{"code": 971, "message": "Please wait and consider throttling your request speed"}], "messages": [], "result": null});
    server.respond(MockResponse::json(429, &throttled).header("retry-after", "30"));
    let error = Member::index(&client, "acc", ()).unwrap_err();
    assert!(error.is_retryable());
    assert_eq!(
        error.retry_after(),
        Some(std::time::Duration::from_secs(30))
    );
    assert_eq!(error.api_messages()[0].code(), Some("971"));
}

#[test]
fn cloudflare_delete_reads_the_id_result_and_checks_success() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &cf_ok(json!({"id": "4536bcfad5faccb111b47003c79917fa"})),
    ));
    Member::delete(&client_with(&server, Cloudflare), "acc", "m", ()).unwrap();
}

#[test]
fn cloudflare_short_page_without_total_pages_ends_the_walk() {
    let server = MockServer::start();
    let page = json!({"success": true, "errors": [], "messages": [], "result": [member("a")],
        "result_info": {"page": 1, "per_page": 20, "count": 1}});
    server.respond(MockResponse::json(200, &page));
    let all: Vec<_> = Member::index_all(&client_with(&server, Cloudflare), "acc", ()).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(server.request_count(), 1);
}

// ---------- Fractal (Pterodactyl) ----------

#[resource(path = "/users", update_method = "PATCH")]
#[derive(Debug, Deserialize)]
struct PteroUser {
    id: u64,
    username: String,
    #[serde(rename = "2fa")]
    two_factor: bool,
}

fn ptero_user(id: u64) -> Value {
    json!({"object": "user", "attributes": {"id": id, "external_id": null, "username": format!("user{id}"), "2fa": false}})
}

fn ptero_page(ids: &[u64], current: u64, total_pages: u64) -> Value {
    let data: Vec<_> = ids.iter().map(|id| ptero_user(*id)).collect();
    json!({"object": "list", "data": data, "meta": {"pagination": {
        "total": 5, "count": ids.len(), "per_page": 2, "current_page": current, "total_pages": total_pages, "links": {}
    }}})
}

#[test]
fn fractal_single_and_list() {
    let server = MockServer::start();
    let client = client_with(&server, Fractal);
    server.respond(MockResponse::json(201, &ptero_user(5)));
    let created = PteroUser::create(&client, &json!({"username": "user5"}), ()).unwrap();
    assert_eq!(
        (created.id, created.username.as_str(), created.two_factor),
        (5, "user5", false)
    );

    server.respond(MockResponse::json(200, &ptero_page(&[1, 2], 1, 3)));
    let page = PteroUser::index(&client, Opts::new().query("per_page", 2)).unwrap();
    assert_eq!(page.len(), 2);
    assert_eq!(page.info().total_count, Some(5));
    assert_eq!(page.info().total_pages, Some(3));
    assert!(page.has_next());
}

#[test]
fn fractal_index_all_walks_meta_pagination() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &ptero_page(&[1, 2], 1, 3)));
    server.respond(MockResponse::json(200, &ptero_page(&[3, 4], 2, 3)));
    server.respond(MockResponse::json(200, &ptero_page(&[5], 3, 3)));
    let client = client_with(&server, Fractal);
    let ids: Vec<u64> = PteroUser::index_all(
        &client,
        Opts::new().query("per_page", 2).query("filter[email]", "x"),
    )
    .map(|u| u.unwrap().id)
    .collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server),
        [
            "per_page=2&filter%5Bemail%5D=x",
            "per_page=2&filter%5Bemail%5D=x&page=2",
            "per_page=2&filter%5Bemail%5D=x&page=3"
        ]
    );
}

#[test]
fn fractal_errors_404_and_422_with_source_fields() {
    let server = MockServer::start();
    let client = client_with(&server, Fractal);
    server.respond(MockResponse::json(404, &json!({"errors": [{"code": "NotFoundHttpException", "status": "404", "detail": "The requested resource could not be found on the server."}]})));
    let error = PteroUser::show(&client, 99, ()).unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(
        error.api_messages()[0].code(),
        Some("NotFoundHttpException")
    );

    server.respond(MockResponse::json(422, &json!({"errors": [
        {"code": "ValidationException", "status": "422", "detail": "The email field is required.", "meta": {"source_field": "email", "rule": "required"}},
        {"code": "ValidationException", "status": "422", "detail": "The username has already been taken.", "meta": {"source_field": "username", "rule": "unique"}}
    ]})));
    let error = PteroUser::create(&client, &json!({"username": "taken"}), ()).unwrap_err();
    assert_eq!(error.status(), Some(422));
    let fields: Vec<_> = error
        .api_messages()
        .iter()
        .map(|m| m.field().unwrap())
        .collect();
    assert_eq!(fields, ["email", "username"]);
    assert!(error.to_string().contains("HTTP 422 Unprocessable Entity: email: The email field is required. (code ValidationException) (and 1 more)"), "{error}");
}

#[test]
fn fractal_delete_with_204_and_no_body() {
    let server = MockServer::start();
    server.respond(MockResponse::empty(204));
    PteroUser::delete(&client_with(&server, Fractal), 4, ()).unwrap();
    assert_eq!(server.last_request().unwrap().method, "DELETE");
}

#[test]
fn fractal_item_without_attributes_is_a_decode_error() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &json!({"object": "list", "data": [ptero_user(1), {"object": "user"}]}),
    ));
    let error = PteroUser::index(&client_with(&server, Fractal), ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("no `attributes`"), "{error}");
}

// ---------- Plain + Link headers ----------

#[test]
fn plain_index_all_follows_link_headers() {
    let server = MockServer::start();
    let base = server.url().to_owned();
    server.respond(
        MockResponse::json(200, &json!([member("a"), member("b")]))
            .header("link", format!(r#"<{base}/accounts/acc/members?cursor=c2&per_page=2>; rel="next", <{base}/x>; rel="last""#)),
    );
    server.respond(MockResponse::json(200, &json!([member("c")])).header(
        "link",
        format!(r#"<{base}/accounts/acc/members?cursor=c3&per_page=2>; rel="next""#),
    ));
    server.respond(MockResponse::json(200, &json!([member("d")])));
    let client = server
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    let ids: Vec<String> = Member::index_all(&client, "acc", Opts::new().query("per_page", 2))
        .map(|m| m.unwrap().id)
        .collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(
        queries(&server),
        ["per_page=2", "cursor=c2&per_page=2", "cursor=c3&per_page=2"]
    );
}

#[test]
fn a_next_link_to_another_origin_is_refused() {
    let server = MockServer::start();
    server.respond(
        MockResponse::json(200, &json!([member("a")]))
            .header("link", r#"<http://127.0.0.2:9/steal>; rel="next""#),
    );
    let client = server
        .client_builder()
        .bearer_auth("tok")
        .retry(Retry::none())
        .build()
        .unwrap();
    let results: Vec<_> = Member::index_all(&client, "acc", ()).collect();
    assert_eq!(results.len(), 2);
    let error = results[1].as_ref().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(
        error.to_string().contains("not on the client's origin"),
        "{error}"
    );
    assert_eq!(server.request_count(), 1);
}

// ---------- index_all behaviour ----------

#[test]
fn index_all_is_lazy() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_page(&["a", "b"], 1, 2, 3)));
    server.respond(MockResponse::json(200, &cf_page(&["c", "d"], 2, 2, 3)));
    let client = client_with(&server, Cloudflare);
    let mut walk = Member::index_all(&client, "acc", ());
    assert_eq!(
        server.request_count(),
        0,
        "nothing is fetched before the first next()"
    );
    walk.next().unwrap().unwrap();
    walk.next().unwrap().unwrap();
    assert_eq!(server.request_count(), 1);
    walk.next().unwrap().unwrap();
    assert_eq!(server.request_count(), 2);
    assert_eq!(walk.pages_fetched(), 2);
}

#[test]
fn index_all_stops_on_an_empty_page() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_page(&["a"], 1, 1, 9)));
    server.respond(MockResponse::json(200, &cf_page(&[], 2, 1, 9)));
    let all: Vec<_> = Member::index_all(&client_with(&server, Cloudflare), "acc", ()).collect();
    assert_eq!(all.len(), 1);
    assert_eq!(server.request_count(), 2);
}

#[test]
fn index_all_yields_the_first_error_once_then_ends() {
    let server = MockServer::start();
    server.respond(MockResponse::json(200, &cf_page(&["a", "b"], 1, 2, 3)));
    server.respond(MockResponse::text(500, "<html>oops</html>"));
    server.respond(MockResponse::json(200, &cf_page(&["e"], 3, 2, 3)));
    let mut walk = Member::index_all(&client_with(&server, Cloudflare), "acc", ());
    assert!(walk.next().unwrap().is_ok());
    assert!(walk.next().unwrap().is_ok());
    let error = walk.next().unwrap().unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert!(walk.next().is_none());
    assert!(walk.next().is_none());
    assert_eq!(server.request_count(), 2);
}

#[test]
fn index_all_stops_when_the_server_ignores_the_page_parameter() {
    let server = MockServer::start();
    // The server always claims to be on page 1 of 3; the walk must not loop.
    server.respond_always(MockResponse::json(200, &cf_page(&["a"], 1, 1, 3)));
    let walk = Member::index_all(
        &client_with(&server, Cloudflare),
        "acc",
        Opts::new().query("page", 2),
    );
    assert_eq!(walk.count(), 1);
    assert_eq!(server.request_count(), 1);
}

// ---------- failure bodies any envelope may see ----------

#[test]
fn html_502_from_a_proxy_is_an_api_error_with_the_snippet() {
    for envelope in [
        &Cloudflare as &dyn Envelope,
        &Fractal,
        &restlax::envelope::Plain,
    ] {
        let server = MockServer::start();
        let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
        server.respond(MockResponse::text(502, html).header("content-type", "text/html"));
        let client = server
            .client_builder()
            .envelope(DynEnvelope(envelope_name(envelope)))
            .retry(Retry::none())
            .build()
            .unwrap();
        let error = Member::show(&client, "a", "m", ()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Api, "{envelope:?}");
        assert_eq!(error.status(), Some(502));
        assert!(error.api_messages().is_empty());
        assert_eq!(error.body_snippet(), Some(html));
        assert!(error.is_retryable());
    }
}

#[test]
fn empty_or_malformed_success_bodies_are_decode_errors() {
    let server = MockServer::start();
    let client = client_with(&server, Cloudflare);
    server.respond(MockResponse::empty(200));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.is_success_without_body());
    assert!(error.to_string().contains("no body"), "{error}");

    server.respond(MockResponse::text(
        200,
        r#"{"success": true, "result": {"id": "m", "email": 7}}"#,
    ));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.json_path(), Some("result.email"));

    server.respond(MockResponse::text(
        200,
        r#"{"success": true, "result": [{"id": "m", "email": "x"}, {"id": 1}]"#,
    ));
    let error = Member::index(&client, "a", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.json_path(), Some("result[1].id"));

    server.respond(MockResponse::text(
        200,
        r#"{"success": true, "result": {"id": "m", "ema"#,
    ));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("EOF"), "{error}");

    server.respond(MockResponse::json(200, &json!({"success": true})));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert!(
        error.to_string().contains("the body has no `result`"),
        "{error}"
    );

    server.respond(MockResponse::bytes(
        200,
        b"{\"result\": \"\xff\xfe\"}".to_vec(),
    ));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
}

// ---------- envelope keys read by two readers ----------

/// The data is the whole body; a side field `ok` says whether it worked.
#[derive(Debug)]
struct OkFlag;

impl Envelope for OkFlag {
    fn fields(&self) -> &[&str] {
        &["ok"]
    }
    fn failure(&self, response: &Response<'_>) -> Option<restlax::ApiMessages> {
        (response.field_as::<bool>("ok") == Some(false))
            .then(|| restlax::ApiMessage::new("not ok").into())
    }
}

#[test]
fn side_fields_are_seen_when_the_data_is_the_whole_body() {
    let server = MockServer::start();
    let client = client_with(&server, OkFlag);
    // The body decodes as a Member, and as nothing; `ok: false` fails both.
    let failed = r#"{"ok": false, "id": "m", "email": "m@example.com"}"#;
    server.respond(MockResponse::text(200, failed));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    assert_eq!(error.api_messages()[0].message(), "not ok");
    server.respond(MockResponse::text(200, failed));
    let error = Member::delete(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");
    // A body that does not decode is still the API's failure when it says so.
    server.respond(MockResponse::text(200, r#"{"ok": false}"#));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api, "{error}");

    let fine = r#"{"ok": true, "id": "m", "email": "m@example.com"}"#;
    server.respond(MockResponse::text(200, fine));
    assert_eq!(Member::show(&client, "a", "m", ()).unwrap().id, "m");
    // A list body is an array: no side fields, no failure.
    server.respond(MockResponse::json(200, &json!([member("a")])));
    assert_eq!(Member::index(&client, "a", ()).unwrap().items().len(), 1);
    // Both copies of a read key would be a guess.
    server.respond(MockResponse::text(
        200,
        r#"{"ok": true, "id": "m", "email": "m@example.com", "ok": false}"#,
    ));
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.to_string().contains("`ok` appears twice"), "{error}");
}

#[test]
fn a_duplicate_cloudflare_envelope_key_is_a_decode_error() {
    let server = MockServer::start();
    let client = client_with(&server, Cloudflare);
    let m = r#"{"id": "m", "email": "m@example.com"}"#;
    let other = r#"{"id": "x", "email": "x@example.com"}"#;
    for (key, body) in [
        (
            "success",
            format!(r#"{{"success": true, "result": {m}, "success": false}}"#),
        ),
        (
            "success",
            format!(r#"{{"success": false, "success": true, "result": {m}}}"#),
        ),
        (
            "result",
            format!(r#"{{"success": true, "result": {m}, "result": {other}}}"#),
        ),
        (
            "result",
            format!(r#"{{"result": null, "success": true, "result": {m}}}"#),
        ),
        (
            "errors",
            format!(
                r#"{{"success": true, "errors": [], "errors": [{{"code": 1, "message": "x"}}], "result": {m}}}"#
            ),
        ),
        (
            "result_info",
            format!(
                r#"{{"success": true, "result": {m}, "result_info": {{}}, "result_info": {{}}}}"#
            ),
        ),
    ] {
        server.respond(MockResponse::text(200, body.clone()));
        let error = Member::show(&client, "a", "m", ()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{body}: {error}");
        assert!(
            error
                .to_string()
                .contains(&format!("`{key}` appears twice")),
            "{body}: {error}"
        );
        // `delete` reads only the envelope, and refuses the same bodies.
        server.respond(MockResponse::text(200, body.clone()));
        let error = Member::delete(&client, "a", "m", ()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Decode, "{body}: {error}");
    }
    let list = format!(
        r#"{{"success": true, "result": [{m}], "result_info": {{"page": 1}}, "result_info": {{"page": 9}}}}"#
    );
    server.respond(MockResponse::text(200, list));
    let error = Member::index(&client, "a", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    // Keys the envelope does not read may repeat.
    let fine = format!(r#"{{"success": true, "messages": [], "messages": ["x"], "result": {m}}}"#);
    server.respond(MockResponse::text(200, fine));
    assert_eq!(Member::show(&client, "a", "m", ()).unwrap().id, "m");
}

// ---------- a user-defined envelope ----------

/// `{"data": …, "meta": {"page": n, "pages": m}}`, as a user would write it.
#[derive(Debug)]
struct DataEnvelope;

impl Envelope for DataEnvelope {
    fn data(&self) -> &[&str] {
        &["data"]
    }
    fn fields(&self) -> &[&str] {
        &["meta"]
    }
    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        #[derive(Deserialize)]
        struct Meta {
            page: u64,
            pages: u64,
        }
        match response.field_as::<Meta>("meta") {
            Some(m) => PageInfo::numbered(Some(m.page), None, Some(m.pages), None),
            None => PageInfo::default(),
        }
    }
}

#[test]
fn a_custom_envelope_in_a_few_lines() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &json!({"data": [member("a")], "meta": {"page": 1, "pages": 2}}),
    ));
    server.respond(MockResponse::json(
        200,
        &json!({"meta": {"page": 2, "pages": 2}, "data": [member("b")]}),
    ));
    server.respond(MockResponse::json(200, &json!({"data": member("c")})));
    let client = client_with(&server, DataEnvelope);
    let ids: Vec<_> = Member::index_all(&client, "acc", ())
        .map(|m| m.unwrap().id)
        .collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(Member::show(&client, "acc", "c", ()).unwrap().id, "c");
}

// ---------- no body ever panics ----------

/// Picks a built-in envelope by name, so one test can loop over them.
#[derive(Debug)]
struct DynEnvelope(&'static str);

fn envelope_name(e: &dyn Envelope) -> &'static str {
    match format!("{e:?}").as_str() {
        "Cloudflare" => "cloudflare",
        "Fractal" => "fractal",
        _ => "plain",
    }
}

impl DynEnvelope {
    fn inner(&self) -> &'static dyn Envelope {
        match self.0 {
            "cloudflare" => &Cloudflare,
            "fractal" => &Fractal,
            _ => &restlax::envelope::Plain,
        }
    }
}

impl Envelope for DynEnvelope {
    fn data(&self) -> &[&str] {
        self.inner().data()
    }
    fn items(&self) -> &[&str] {
        self.inner().items()
    }
    fn item(&self) -> &[&str] {
        self.inner().item()
    }
    fn fields(&self) -> &[&str] {
        self.inner().fields()
    }
    fn failure(&self, r: &Response<'_>) -> Option<restlax::ApiMessages> {
        self.inner().failure(r)
    }
    fn page_info(&self, r: &Response<'_>) -> PageInfo {
        self.inner().page_info(r)
    }
    fn messages(&self, r: &Response<'_>) -> restlax::ApiMessages {
        self.inner().messages(r)
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn bodies() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300),
            // Near-JSON: JSON texts with random bytes flipped or cut.
            (any::<u16>(), any::<u8>(), 0..200usize).prop_map(|(seed, byte, cut)| {
                let samples = [
                    r#"{"success":true,"result":{"id":"a","email":"b"},"result_info":{"page":1,"total_pages":2}}"#,
                    r#"{"object":"list","data":[{"attributes":{"id":"a","email":"b"}}],"meta":{"pagination":{"current_page":1}}}"#,
                    r#"{"success":false,"errors":[{"code":1,"message":"x"}],"result":{}}"#,
                    r#"[{"id":"a","email":"b"}]"#,
                ];
                let mut body = samples[seed as usize % samples.len()].as_bytes().to_vec();
                let at = seed as usize % body.len();
                body[at] = byte;
                body.truncate(cut.max(1).min(body.len()));
                body
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bodies_never_panic(body in bodies(), status in prop_oneof![Just(200u16), Just(201), Just(404), Just(500)], which in 0..3usize) {
            let server = MockServer::start();
            for name in ["cloudflare", "fractal", "plain"] {
                let client = server.client_builder().envelope(DynEnvelope(name)).retry(Retry::none()).build().unwrap();
                server.respond(MockResponse::bytes(status, body.clone()));
                let outcome = match which {
                    0 => Member::show(&client, "a", "m", ()).map(drop),
                    1 => Member::index(&client, "a", ()).map(drop),
                    _ => Member::delete(&client, "a", "m", ()),
                };
                if let Err(error) = outcome {
                    prop_assert!(matches!(error.kind(), ErrorKind::Api | ErrorKind::Decode), "{error:?}");
                    if status >= 400 {
                        prop_assert_eq!(error.kind(), ErrorKind::Api);
                    }
                    let _ = error.to_string();
                }
            }
        }
    }
}
