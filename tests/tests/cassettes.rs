//! `restlax::testing::Cassette` over real loopback sockets: a `MockServer`
//! plays the real API, a cassette records what a client does with it, then
//! replays it with the real API out of reach of the client.

use std::path::PathBuf;
use std::sync::Arc;

use restlax::testing::{
    Cassette, CassetteErrorKind, MockResponse, MockServer, Mode, RecordedRequest,
};
use restlax::{ErrorKind, Opts, resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[resource(path = "/users", actions(index, show, create, delete))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct User {
    id: u64,
    email: String,
}

/// A fresh path for one test's cassette, in the target directory.
fn cassette_path(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cassettes")
        .join(format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    path
}

fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).expect("the cassette was written")
}

/// The calls both the recording and the replay make; returns what they saw.
fn lifecycle(client: &restlax::Client) -> Vec<String> {
    let mut seen = Vec::new();
    let page = User::index(client, Opts::new().query("per_page", 2)).unwrap();
    seen.push(format!("{:?}", page.iter().collect::<Vec<_>>()));
    let created = User::create(
        client,
        &User {
            id: 0,
            email: "lin@example.com".into(),
        },
        (),
    )
    .unwrap();
    seen.push(format!("{created:?}"));
    // Redirected by the API to its own absolute URL: followed through the cassette.
    seen.push(format!("{:?}", User::show(client, 1, ()).unwrap()));
    let missing = User::show(client, 99, ()).unwrap_err();
    seen.push(format!(
        "{:?} {:?}",
        missing.status(),
        missing.body_snippet()
    ));
    User::delete(client, created.id, ()).unwrap();
    seen
}

/// The "real API": answers in the order `lifecycle` calls.
fn real_api() -> MockServer {
    let api = MockServer::start();
    let moved = format!("{}/users/1/current", api.url());
    api.respond(
        MockResponse::json(
            200,
            &json!([{"id": 1, "email": "ada@example.com"}, {"id": 2, "email": "bo@example.com"}]),
        )
        .header(
            "link",
            format!("<{}/users?page=2>; rel=\"next\"", api.url()),
        ),
    )
    .respond(MockResponse::json(
        201,
        &json!({"id": 3, "email": "lin@example.com"}),
    ))
    .respond(MockResponse::empty(302).header("location", moved))
    .respond(MockResponse::json(
        200,
        &json!({"id": 1, "email": "ada@example.com"}),
    ))
    .respond(MockResponse::json(404, &json!({"message": "no user 99"})))
    .respond(MockResponse::empty(204));
    api
}

#[test]
fn a_recording_replays_the_same_answers_without_the_real_api() {
    let path = cassette_path("round_trip");
    let api = real_api();
    let target = format!("{}/api", api.url());

    let recorder = Cassette::builder(&path, &target)
        .mode(Mode::Record)
        .start()
        .unwrap();
    assert_eq!(recorder.mode(), Mode::Record);
    let recorded = lifecycle(&recorder.client_builder().build().unwrap());
    recorder.finish().unwrap();
    assert_eq!(
        api.request_count(),
        6,
        "every request reached the real API once"
    );
    assert_eq!(
        api.requests()[1].path,
        "/api/users",
        "the target's path is kept"
    );
    let text = read(&path);
    assert!(
        !text.contains(api.url()),
        "the real origin is replaced: {text}"
    );
    assert!(
        text.contains("\"location\": \"{origin}/users/1/current\""),
        "{text}"
    );
    assert!(text.contains("\"query\": \"per_page=2\""), "{text}");
    assert!(
        text.contains(
            "\"body\": {\n          \"email\": \"lin@example.com\",\n          \"id\": 0\n        }"
        ),
        "request bodies are kept as JSON, keys sorted: {text}"
    );

    let player = Cassette::builder(&path, &target)
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let replayed = lifecycle(&player.client_builder().build().unwrap());
    player.finish().unwrap();
    assert_eq!(replayed, recorded);
    assert_eq!(api.request_count(), 6, "replay never reached the real API");
}

#[test]
fn secrets_never_reach_the_file() {
    let path = cassette_path("scrubbing");
    const TOKEN: &str = "tok_REAL_9f8e7d6c5b4a";
    const PASSWORD: &str = "hunter2-correct-horse";
    const SESSION: &str = "sess-4242-abcdef";
    const ACCOUNT: &str = "acct-7700/private";
    let api = MockServer::start();
    // The API echoes the token back and hands out a new one and a cookie.
    api.respond(
        MockResponse::json(
            200,
            &json!({"access_token": "issued-new-token-777", "echo": format!("Bearer {TOKEN}"), "account": ACCOUNT}),
        )
        .header("set-cookie", "sid=cookie-value-31337; HttpOnly"),
    );
    api.respond(MockResponse::json(200, &json!({"ok": true})));

    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .scrub_header("x-session")
        .scrub_value(ACCOUNT)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .bearer_auth(TOKEN)
        .secret_header("x-session", SESSION)
        .build()
        .unwrap();
    let login: serde_json::Value = client
        .post("/login")
        .query("api_key", "query-key-5150")
        .json(&json!({"user": "ada", "password": PASSWORD}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        login["access_token"], "issued-new-token-777",
        "the client gets the real answer while recording"
    );
    let encoded_account = "acct-7700%2Fprivate";
    client
        .get(&format!("/accounts/{encoded_account}"))
        .send()
        .unwrap();
    recorder.finish().unwrap();

    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert_absent(
        &text,
        &[
            TOKEN,
            PASSWORD,
            SESSION,
            ACCOUNT,
            encoded_account,
            "query-key-5150",
            "issued-new-token-777",
            "cookie-value-31337",
        ],
    );
    assert!(
        text.contains("\"authorization\": \"Bearer scrubbed\""),
        "{text}"
    );
    assert!(text.contains("\"password\": \"scrubbed\""), "{text}");
    assert!(text.contains("\"query\": \"api_key=scrubbed\""), "{text}");

    // Replay scrubs what comes in the same way: another token and password match.
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .scrub_header("x-session")
        .scrub_value(ACCOUNT)
        .start()
        .unwrap();
    let client = player
        .client_builder()
        .bearer_auth("another-token")
        .build()
        .unwrap();
    let login: serde_json::Value = client
        .post("/login")
        .query("api_key", "another-key")
        .json(&json!({"user": "ada", "password": "another password"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert!(
        login["access_token"]
            .as_str()
            .unwrap()
            .starts_with("scrubbed-")
    );
    client
        .get(&format!("/accounts/{encoded_account}"))
        .send()
        .unwrap();
    player.finish().unwrap();
}

/// Records one create of `lin@example.com` and one show.
fn record_create_and_show(name: &str) -> (PathBuf, MockServer) {
    let path = cassette_path(name);
    let api = MockServer::start();
    api.respond(MockResponse::json(
        201,
        &json!({"id": 3, "email": "lin@example.com"}),
    ))
    .respond(MockResponse::json(
        200,
        &json!({"id": 3, "email": "lin@example.com"}),
    ));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder.client_builder().build().unwrap();
    let user = User {
        id: 0,
        email: "lin@example.com".into(),
    };
    User::create(&client, &user, ()).unwrap();
    User::show(&client, 3, ()).unwrap();
    recorder.finish().unwrap();
    (path, api)
}

#[test]
fn a_differing_request_fails_at_once_with_a_diff() {
    let (path, api) = record_create_and_show("mismatch");
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player.client_builder().build().unwrap();
    let started = std::time::Instant::now();
    let error = User::create(
        &client,
        &User {
            id: 0,
            email: "lee@example.com".into(),
        },
        (),
    )
    .unwrap_err();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "an answer, not a timeout"
    );
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.status(), Some(500));
    let snippet = error.body_snippet().unwrap_or_default();
    assert!(
        snippet.contains("- body $.email: \"lin@example.com\"")
            && snippet.contains("+ body $.email: \"lee@example.com\""),
        "{snippet}"
    );

    let report = player.finish().unwrap_err();
    assert_eq!(report.kind(), CassetteErrorKind::Mismatch);
    let report = report.to_string();
    assert!(
        report.contains(
            "request #1 (POST /users) differs from recorded exchange #1 (POST /users):\n\
             - body $.email: \"lin@example.com\"\n\
             + body $.email: \"lee@example.com\""
        ),
        "{report}"
    );
    assert!(report.contains("RESTLAX_RECORD=1"), "{report}");
}

#[test]
fn the_method_path_and_query_are_compared_and_headers_only_when_asked() {
    let (path, api) = record_create_and_show("headers");
    // A header nobody asked about does not matter.
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player
        .client_builder()
        .header("x-trace", "new")
        .build()
        .unwrap();
    let user = User {
        id: 0,
        email: "lin@example.com".into(),
    };
    User::create(&client, &user, ()).unwrap();
    let error = User::show(&client, 3, Opts::new().query("expand", "roles")).unwrap_err();
    assert!(
        error
            .body_snippet()
            .unwrap_or_default()
            .contains("- query: (none)\n+ query: expand=roles"),
        "{error:?}"
    );
    assert_eq!(
        player.finish().unwrap_err().kind(),
        CassetteErrorKind::Mismatch
    );

    // One it asked about does.
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .match_header("X-Trace")
        .start()
        .unwrap();
    let client = player
        .client_builder()
        .header("x-trace", "new")
        .build()
        .unwrap();
    let error = User::create(&client, &user, ()).unwrap_err();
    assert!(
        error
            .body_snippet()
            .unwrap_or_default()
            .contains("- header x-trace: (none)\n+ header x-trace: scrubbed"),
        "{error:?}"
    );
    let report = player.finish().unwrap_err().to_string();
    assert!(report.contains("header x-trace"), "{report}");
}

#[test]
fn recorded_exchanges_never_requested_are_reported() {
    let (path, api) = record_create_and_show("unused");
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player.client_builder().build().unwrap();
    User::create(
        &client,
        &User {
            id: 0,
            email: "lin@example.com".into(),
        },
        (),
    )
    .unwrap();
    let report = player.finish().unwrap_err();
    assert_eq!(report.kind(), CassetteErrorKind::Mismatch);
    assert!(
        report
            .to_string()
            .contains("recorded exchange #2 (GET /users/3) was never requested"),
        "{report}"
    );
}

#[test]
fn requests_past_the_recording_and_drop_report_too() {
    let (path, api) = record_create_and_show("past_the_end");
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player.client_builder().build().unwrap();
    let user = User {
        id: 0,
        email: "lin@example.com".into(),
    };
    User::create(&client, &user, ()).unwrap();
    User::show(&client, 3, ()).unwrap();
    let error = User::show(&client, 3, ()).unwrap_err();
    assert!(
        error
            .body_snippet()
            .unwrap_or_default()
            .contains("came after every one of the 2 recorded exchange(s) was used"),
        "{error:?}"
    );
    // Dropped without `finish`: the report is a panic.
    let panic =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(player))).unwrap_err();
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(message.contains("request #3 (GET /users/3)"), "{message}");
}

#[test]
fn eight_threads_replay_in_any_order() {
    let path = cassette_path("concurrent");
    let api = MockServer::start();
    for id in 1..=8 {
        api.respond(MockResponse::json(
            200,
            &json!({"id": id, "email": format!("u{id}@example.com")}),
        ));
    }
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder.client_builder().build().unwrap();
    for id in 1..=8 {
        assert_eq!(User::show(&client, id, ()).unwrap().id, id);
    }
    recorder.finish().unwrap();

    for _round in 0..3 {
        let player = Cassette::builder(&path, api.url())
            .mode(Mode::Replay)
            .any_order()
            .start()
            .unwrap();
        let client = Arc::new(player.client_builder().build().unwrap());
        let barrier = Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (1..=8u64)
            .rev()
            .map(|id| {
                let (client, barrier) = (Arc::clone(&client), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    User::show(&client, id, ()).map(|user| (id, user))
                })
            })
            .collect();
        for thread in threads {
            let (id, user) = thread.join().unwrap().unwrap();
            assert_eq!(user.email, format!("u{id}@example.com"));
        }
        player.finish().unwrap();
    }
    assert_eq!(api.request_count(), 8);
}

#[test]
fn a_missing_cassette_says_how_to_record_it() {
    let path = cassette_path("never_recorded");
    let error = Cassette::builder(&path, "https://api.example.com/v1")
        .mode(Mode::Replay)
        .start()
        .unwrap_err();
    assert_eq!(error.kind(), CassetteErrorKind::Missing);
    let text = error.to_string();
    assert!(
        text.contains("never_recorded.json does not exist")
            && text.contains("RESTLAX_RECORD=1")
            && text.contains("https://api.example.com/v1"),
        "{text}"
    );
}

#[test]
fn bad_files_and_targets_are_typed_errors() {
    let path = cassette_path("not_a_cassette");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{\"exchanges\": 3}").unwrap();
    let error = Cassette::start(&path, "https://api.example.com")
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error.kind(), CassetteErrorKind::Unreadable);
    for target in ["api.example.com", "ftp://example.com", ""] {
        let error = Cassette::builder(&path, target)
            .mode(Mode::Record)
            .start()
            .map(|_| ())
            .unwrap_err();
        assert_eq!(error.kind(), CassetteErrorKind::InvalidTarget, "{target:?}");
    }
}

#[test]
fn a_request_that_cannot_be_forwarded_writes_nothing() {
    let path = cassette_path("unreachable");
    // A port held but not listening: every connect to it is refused.
    let closed = restlax_tests::faults::ClosedPort::new();
    let recorder = Cassette::builder(&path, &closed.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .retry(restlax::Retry::none())
        .build()
        .unwrap();
    let error = client.get("/x").send().unwrap_err();
    assert_eq!(error.status(), Some(502));
    let report = recorder.finish().unwrap_err();
    assert_eq!(report.kind(), CassetteErrorKind::Forward);
    assert!(!path.exists());
}

#[test]
fn every_request_part_is_forwarded_as_sent() {
    let path = cassette_path("forwarded");
    let api = MockServer::start();
    api.respond_always(MockResponse::text(200, "plain answer").header("x-kept", "yes"));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .header("x-custom", "1")
        .build()
        .unwrap();
    let response = client
        .put("/raw%2Fpath/x")
        .query("q", "a b")
        .body("text/csv", b"a,b\n1,2\n".to_vec())
        .send()
        .unwrap();
    assert_eq!(response.header("x-kept"), Some("yes"));
    recorder.finish().unwrap();
    let sent: RecordedRequest = api.last_request().unwrap();
    assert_eq!(sent.method, "PUT");
    assert_eq!(sent.path, "/raw%2Fpath/x");
    assert_eq!(sent.query.as_deref(), Some("q=a%20b"));
    assert_eq!(sent.header("x-custom"), Some("1"));
    assert_eq!(sent.header("content-type"), Some("text/csv"));
    assert_eq!(sent.body, b"a,b\n1,2\n");
    let text = read(&path);
    assert!(text.contains("\"body_text\": \"a,b\\n1,2\\n\""), "{text}");
    assert!(text.contains("\"body_text\": \"plain answer\""), "{text}");
}

/// Records what `send` does against an API that always answers `response`,
/// scrubbing `scrub_values`; returns the file, the API and the file's text.
fn record_one(
    name: &str,
    response: MockResponse,
    scrub_values: &[&str],
    send: impl FnOnce(&restlax::Client),
) -> (PathBuf, MockServer, String) {
    let path = cassette_path(name);
    let api = MockServer::start();
    api.respond_always(response);
    let mut builder = Cassette::builder(&path, api.url()).mode(Mode::Record);
    for value in scrub_values {
        builder = builder.scrub_value(value);
    }
    let recorder = builder.start().unwrap();
    send(&recorder.client_builder().build().unwrap());
    recorder.finish().unwrap();
    let text = read(&path);
    (path, api, text)
}

fn assert_absent(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text
                .as_bytes()
                .windows(secret.len())
                .any(|w| w == secret.as_bytes()),
            "{secret:?} is in the cassette:\n{text}"
        );
    }
}

#[test]
fn a_named_number_becomes_the_placeholder_and_the_file_stays_json() {
    let (path, api, text) = record_one(
        "named_number",
        MockResponse::json(
            200,
            &json!({"id": 12345678, "12345678": "key", "n": [12345678]}),
        ),
        &["12345678"],
        |client| {
            client.get("/x").send().unwrap();
        },
    );
    assert_absent(&text, &["12345678"]);
    let parsed: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        parsed["exchanges"][0]["response"]["body"],
        json!({"id": "scrubbed", "scrubbed": "key", "n": ["scrubbed"]})
    );
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .scrub_value("12345678")
        .start()
        .unwrap();
    player
        .client_builder()
        .build()
        .unwrap()
        .get("/x")
        .send()
        .unwrap();
    player.finish().unwrap();
}

#[test]
fn json_in_a_text_body_has_its_fields_scrubbed() {
    let (_, _, text) = record_one(
        "json_as_text",
        MockResponse::text(200, r#"{"token":"tok_x","kept":"visible"}"#),
        &[],
        |client| {
            client
                .post("/x")
                .body("text/plain", r#"{"password":"pw_plain_1"}"#)
                .send()
                .unwrap();
        },
    );
    assert_absent(&text, &["tok_x", "pw_plain_1"]);
    assert!(text.contains("visible"), "{text}");
}

#[test]
fn named_values_are_scrubbed_from_bytes_that_are_not_text() {
    const SECRET: &str = "binary-secret-99";
    let mut body = vec![0xff, 0xfe, 0x00];
    body.extend_from_slice(SECRET.as_bytes());
    body.push(0xff);
    let (path, api, text) = record_one(
        "binary",
        MockResponse::bytes(200, body),
        &[SECRET],
        |client| {
            client.get("/x").send().unwrap();
        },
    );
    assert!(text.contains("\"body_base64\""), "{text}");
    // What replay serves is the file's bytes, decoded.
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let bytes = player
        .client_builder()
        .build()
        .unwrap()
        .get("/x")
        .send()
        .unwrap()
        .into_bytes();
    player.finish().unwrap();
    assert!(
        !bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()),
        "{bytes:?}"
    );
    assert!(bytes.windows(9).any(|w| w == b"scrubbed\xff"), "{bytes:?}");
}

#[test]
fn query_fields_of_url_headers_are_scrubbed() {
    let (_, _, text) = record_one(
        "url_headers",
        MockResponse::empty(204)
            .header("location", "/next?page=2&access_token=loc_tok_1#top")
            .header("content-location", "/here?token=cl_tok_2")
            .header(
                "link",
                "</a?api_key=link_key_3>; rel=\"next\", </b?page=9&password=link_pw_4>; rel=\"last\"",
            ),
        &[],
        |client| {
            client.get("/x").send().unwrap();
        },
    );
    assert_absent(&text, &["loc_tok_1", "cl_tok_2", "link_key_3", "link_pw_4"]);
    assert!(
        text.contains("/next?page=2&access_token=scrubbed-1#top"),
        "{text}"
    );
    assert!(
        text.contains("</b?page=9&password=scrubbed-4>; rel=\\\"last\\\""),
        "{text}"
    );
}

#[test]
fn values_scrubbed_from_fields_queries_and_cookies_are_scrubbed_everywhere() {
    const ISSUED: &str = "issued-token-abc123";
    const COOKIE: &str = "cookie-val-777888";
    const QUERY_KEY: &str = "query-key-5150x";
    let (_, _, text) = record_one(
        "learnt",
        MockResponse::json(
            200,
            &json!({"access_token": ISSUED, "nested": {"secret": 123456789}}),
        )
        .header("set-cookie", format!("sid={COOKIE}; HttpOnly")),
        &[],
        |client| {
            client
                .get("/login")
                .query("api_key", QUERY_KEY)
                .send()
                .unwrap();
            // The issued token in a path, the cookie and the key in a text body.
            client.get(&format!("/sessions/{ISSUED}")).send().unwrap();
            client
                .post("/echo")
                .body(
                    "text/plain",
                    format!("cookie {COOKIE} key {QUERY_KEY} n 123456789"),
                )
                .send()
                .unwrap();
        },
    );
    assert_absent(&text, &[ISSUED, COOKIE, QUERY_KEY, "123456789"]);
    assert!(
        text.contains("\"path\": \"/sessions/scrubbed-3\""),
        "{text}"
    );
}

#[test]
fn named_values_are_found_however_they_are_encoded() {
    const ACCOUNT: &str = "acct-7700/private key";
    let spellings = [
        "acct-7700%2fprivate%20key",
        "acct-7700%2Fprivate+key",
        "%61cct-7700%2fprivate%20key",
        "acct-7700\\/private key",
    ];
    let (_, _, text) = record_one(
        "encodings",
        MockResponse::text(200, format!("escaped: {}", spellings[3])),
        &[ACCOUNT],
        |client| {
            client.get(&format!("/a/{}", spellings[0])).send().unwrap();
            client.get(&format!("/a/{}", spellings[1])).send().unwrap();
            client.get(&format!("/a/{}", spellings[2])).send().unwrap();
        },
    );
    assert_absent(&text, &spellings);
    assert_absent(&text, &["7700"]);
}

#[test]
fn replay_learns_the_secrets_of_each_request_before_comparing_it() {
    let send = |client: &restlax::Client, token: &str| {
        client
            .post("/verify")
            .header("authorization", format!("Bearer {token}"))
            .json(&json!({"given": token, "path": format!("/t/{token}")}))
            .send()
            .unwrap();
    };
    let (path, api, text) = record_one(
        "replay_learns",
        MockResponse::json(200, &json!({"ok": true})),
        &[],
        |client| send(client, "recorded-token-1234"),
    );
    assert_absent(&text, &["recorded-token-1234"]);
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    send(
        &player.client_builder().build().unwrap(),
        "another-token-5678",
    );
    player.finish().unwrap();
}

#[test]
fn the_cassettes_own_url_in_a_request_reads_origin_and_replays_on_another_port() {
    let path = cassette_path("local_url");
    let api = MockServer::start();
    api.respond_always(MockResponse::json(200, &json!({"ok": true})));
    let send = |cassette: &Cassette| {
        let client = cassette.client_builder().build().unwrap();
        client
            .post("/hooks")
            .header("x-callback", format!("{}/back", cassette.url()))
            .json(&json!({"callback": format!("{}/hook", cassette.url())}))
            .send()
            .unwrap();
    };
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    send(&recorder);
    let local = recorder.url().to_owned();
    recorder.finish().unwrap();
    let text = read(&path);
    assert_absent(&text, &[&local]);
    assert!(text.contains("\"callback\": \"{origin}/hook\""), "{text}");
    // Not on the short list of headers known to carry no credential.
    assert!(text.contains("\"x-callback\": \"scrubbed\""), "{text}");
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .match_header("x-callback")
        .start()
        .unwrap();
    assert_ne!(player.url(), local);
    send(&player);
    player.finish().unwrap();
}

#[test]
fn in_order_one_differing_request_is_one_problem_and_the_next_still_matches() {
    let (path, api) = record_create_and_show("one_diff");
    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player.client_builder().build().unwrap();
    let user = User {
        id: 0,
        email: "lee@example.com".into(),
    };
    assert_eq!(
        User::create(&client, &user, ()).unwrap_err().status(),
        Some(500)
    );
    assert_eq!(
        User::show(&client, 3, ()).unwrap().id,
        3,
        "the show still matches"
    );
    let report = player.finish().unwrap_err().to_string();
    assert!(report.contains("(1 problem(s))"), "{report}");
    assert!(!report.contains("never requested"), "{report}");
}
