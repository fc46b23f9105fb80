//! Issue 18, points 3, 4, 6 and 7, over real loopback sockets: an exchange
//! still in flight at `finish()`, an answer larger than the client's limit, a
//! tampered cassette file, and fields replay is told to ignore.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use restlax::testing::{Cassette, CassetteErrorKind, HttpServer, MockResponse, MockServer, Mode};
use restlax::{DEFAULT_MAX_BODY, ErrorKind, Retry};
use serde_json::json;

/// A fresh path for one test's cassette, in the target directory.
fn cassette_path(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cassettes_replay")
        .join(format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    path
}

#[test]
fn finish_reports_an_exchange_still_in_flight_at_once_and_writes_nothing() {
    let path = cassette_path("in_flight");
    let api = MockServer::start();
    // Slower than the client's deadline, and than the test server's 10 s drain
    // would be worth waiting for.
    api.respond(MockResponse::json(200, &json!({"late": true})).delay(Duration::from_secs(6)));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .timeout(Duration::from_millis(300))
        .retry(Retry::none())
        .build()
        .unwrap();
    let error = client.get("/reports/slow").send().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");

    let started = Instant::now();
    let report = recorder.finish();
    let took = started.elapsed();
    // Before: blocked until the upstream answered, returned Ok, and wrote a
    // cassette the client never saw succeed.
    let report = report.expect_err("an exchange in flight is not a finished recording");
    assert_eq!(report.kind(), CassetteErrorKind::InFlight, "{report}");
    assert!(
        report.to_string().contains("GET /reports/slow"),
        "names the exchange: {report}"
    );
    assert!(
        took < Duration::from_secs(2),
        "finish() took {took:?}, not prompt"
    );
    assert!(!path.exists(), "nothing written");
}

#[test]
fn an_answer_beyond_the_clients_limit_is_not_recorded_whole() {
    let path = cassette_path("too_large");
    let size = usize::try_from(DEFAULT_MAX_BODY).unwrap() + 1024 * 1024;
    let big = vec![b'a'; size];
    let api = HttpServer::start("127.0.0.1", move |_| {
        MockResponse::bytes(200, big.clone()).header("content-type", "text/plain")
    });
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    let error = client.get("/export").send().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error}");
    recorder.finish().unwrap();

    let written = std::fs::metadata(&path).unwrap().len();
    // Before: the whole answer, 17 MB, went to the file.
    assert!(written < 64 * 1024, "{written} bytes written");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("\"body_over_limit\""), "{text}");

    // Replay gives the client the same refusal, offline.
    drop(api);
    let player = Cassette::builder(&path, "http://127.0.0.1:9")
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = player
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    let error = client.get("/export").send().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error}");
    player.finish().unwrap();
}

#[test]
fn a_smaller_limit_set_on_the_cassette_is_kept_too() {
    let path = cassette_path("limit_set");
    let api = MockServer::start();
    api.respond(MockResponse::text(200, "x".repeat(5000)));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .max_body_size(1000)
        .start()
        .unwrap();
    let client = recorder
        .client_builder()
        .max_body_size(1000)
        .retry(Retry::none())
        .build()
        .unwrap();
    let error = client.get("/a").send().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{error}");
    recorder.finish().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains(&"x".repeat(1001)), "{text}");
    assert!(text.contains("\"body_over_limit\": 1000"), "{text}");
}

/// A one-exchange cassette whose response carries `headers` and `extra`
/// fields in the request.
fn tampered(name: &str, response: serde_json::Value, request_extra: serde_json::Value) -> PathBuf {
    let path = cassette_path(name);
    let mut request = json!({"method": "GET", "path": "/a"});
    for (key, value) in request_extra.as_object().unwrap() {
        request[key] = value.clone();
    }
    let file = json!({
        "restlax_cassette": 1,
        "exchanges": [{"request": request, "response": response}],
    });
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    path
}

#[test]
fn a_tampered_cassette_is_unreadable_with_a_typed_error() {
    let ok = json!({"status": 200, "body_text": "hi"});
    let cases = [
        (
            "crlf_value",
            json!({"status": 200, "headers": {"x-a": "1\r\nset-cookie: injected=1"}}),
            json!({}),
            "header",
        ),
        (
            "lf_in_list",
            json!({"status": 200, "headers": {"link": ["<a>", "<b>\nx: y"]}}),
            json!({}),
            "header",
        ),
        (
            "bad_name",
            json!({"status": 200, "headers": {"x bad:": "1"}}),
            json!({}),
            "header",
        ),
        (
            "unknown_response_field",
            json!({"status": 200, "bodyy": "x"}),
            json!({}),
            "bodyy",
        ),
        (
            "unknown_request_field",
            ok.clone(),
            json!({"hedaers": {}}),
            "hedaers",
        ),
        (
            "two_bodies",
            json!({"status": 200, "body_text": "a", "body_base64": "YQ=="}),
            json!({}),
            "body",
        ),
        ("bad_status", json!({"status": 42}), json!({}), "status"),
        (
            "crlf_path",
            ok.clone(),
            json!({"path": "/a\r\nx: y"}),
            "path",
        ),
        (
            "bad_base64",
            json!({"status": 200, "body_base64": "!!"}),
            json!({}),
            "base64",
        ),
    ];
    for (name, response, extra, says) in cases {
        let path = tampered(name, response, extra);
        // Before: the file was accepted and replayed the header raw.
        let error = Cassette::builder(&path, "http://127.0.0.1:9")
            .mode(Mode::Replay)
            .start()
            .map(|_| ())
            .expect_err(name);
        assert_eq!(
            error.kind(),
            CassetteErrorKind::Unreadable,
            "{name}: {error}"
        );
        assert!(error.to_string().contains(says), "{name}: {error}");
    }
    // A clean file of the same shape still replays.
    let path = tampered(
        "clean",
        json!({"status": 200, "headers": {"x-a": "1"}, "body_text": "hi"}),
        json!({}),
    );
    let player = Cassette::builder(&path, "http://127.0.0.1:9")
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let answer = player
        .client_builder()
        .build()
        .unwrap()
        .get("/a")
        .send()
        .unwrap();
    assert_eq!(answer.header("x-a"), Some("1"));
    player.finish().unwrap();
}

/// Sends what a run of the test sends: an order whose id, time and
/// transaction id change every run.
fn place_order(client: &restlax::Client, run: &str, item: &str) -> Result<u16, restlax::Error> {
    let answer = client
        .post(&format!("/orders/ord-{run}/lines"))
        .query("ts", format!("2026-01-0{}T00:00:00Z", run.len()))
        .query("dry", "1")
        .json(&json!({
            "txn": {"id": format!("txn-{run}"), "kind": "sale"},
            "item": item,
            "lines": [{"at": format!("t-{run}-1"), "n": 1}, {"at": format!("t-{run}-2"), "n": 2}],
        }))
        .send()?;
    Ok(answer.status())
}

#[test]
fn replay_ignores_the_fields_a_test_names_and_only_those() {
    let path = cassette_path("ignored_fields");
    let api = MockServer::start();
    api.respond_always(MockResponse::json(201, &json!({"ok": true})));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let client = recorder.client_builder().build().unwrap();
    assert_eq!(place_order(&client, "a1", "pen").unwrap(), 201);
    recorder.finish().unwrap();

    let with_ignores = || {
        Cassette::builder(&path, api.url())
            .mode(Mode::Replay)
            .ignore_path_segment(1)
            .ignore_query("ts")
            .ignore_body_field("$.txn.id")
            .ignore_body_field("$.lines[*].at")
    };
    // Another run: every generated value differs, and the ignored ones do not count.
    let player = with_ignores().start().unwrap();
    let client = player.client_builder().build().unwrap();
    assert_eq!(place_order(&client, "b22", "pen").unwrap(), 201);
    player.finish().unwrap();

    // Without them, the same run is a mismatch on each generated value.
    let strict = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let client = strict
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    assert!(place_order(&client, "b22", "pen").is_err());
    let report = strict.finish().unwrap_err().to_string();
    for part in [
        "path",
        "query",
        "$.txn.id",
        "$.lines[0].at",
        "$.lines[1].at",
    ] {
        assert!(report.contains(part), "{part}: {report}");
    }

    // What is not named still counts: the item, the kind, another query key.
    let player = with_ignores().start().unwrap();
    let client = player
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    assert!(place_order(&client, "c333", "ink").is_err());
    let report = player.finish().unwrap_err();
    assert_eq!(report.kind(), CassetteErrorKind::Mismatch);
    let report = report.to_string();
    assert!(report.contains("$.item"), "{report}");
    assert!(!report.contains("$.txn.id"), "{report}");
    assert!(!report.contains("- path"), "{report}");
    assert!(!report.contains("- query"), "{report}");
    assert_eq!(api.request_count(), 1, "replay never reached the real API");
}
