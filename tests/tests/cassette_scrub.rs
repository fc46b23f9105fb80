//! What a recorded cassette scrubs (issue 18, points 1 and 2), over real
//! loopback sockets: a `MockServer` plays the real API, a cassette records a
//! session through its proxy, then replays it with the API never asked again.

use std::path::PathBuf;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use restlax::testing::{Cassette, MockResponse, MockServer, Mode};
use serde_json::{Value, json};

/// A fresh path for one test's cassette, in the target directory.
fn cassette_path(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cassette_scrub")
        .join(format!("{name}.json"));
    let _ = std::fs::remove_file(&path);
    path
}

/// Fails when `secret` is in `text` as is or percent-encoded (every byte
/// that is not a letter or digit, either hex case, a space as `+` too).
fn assert_absent(text: &str, secret: &str) {
    let upper = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let lower = {
        let mut out = String::new();
        let mut hex = 0;
        for c in upper.chars() {
            if c == '%' {
                hex = 2;
                out.push(c);
            } else if hex > 0 {
                hex -= 1;
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    };
    for spelling in [
        secret.to_owned(),
        upper.clone(),
        lower,
        upper.replace("%20", "+"),
    ] {
        assert!(
            !text.contains(&spelling),
            "{secret:?} is in the cassette as {spelling:?}:\n{text}"
        );
    }
}

/// Every string of `value` that `is_secret` names replaced by `<secret>`.
fn masked(value: &Value, is_secret: &dyn Fn(&str) -> bool) -> Value {
    match value {
        Value::String(s) if is_secret(s) => json!("<secret>"),
        Value::Array(items) => Value::Array(items.iter().map(|v| masked(v, is_secret)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), masked(v, is_secret)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A path segment's encoding: all but RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A placeholder as the cassette writes them: `scrubbed` or `scrubbed-<n>`.
fn is_placeholder(value: &str) -> bool {
    value == "scrubbed"
        || value
            .strip_prefix("scrubbed-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

const PRIVATE_TOKEN: &str = "glpat-PRIVATE-h3ad3r-0001";
const GOOG_KEY: &str = "AIzaSy-goog-h3ad3r-0002";
/// The eight credential query parameters of the issue, by name.
const QUERY: [(&str, &str); 8] = [
    ("key", "q-key-value-0003"),
    ("private_token", "q-private-token-0004"),
    ("X-Amz-Signature", "q-amz-signature-0005"),
    (
        "X-Amz-Credential",
        "AKIAQ0006/20260101/us-east-1/s3/aws4_request",
    ),
    ("X-Amz-Security-Token", "q-amz-session/token+0007=="),
    ("sig", "q-sig-value-0008"),
    ("code", "q-oauth-code-0009"),
    ("access_token", "q-access-token-0010"),
];
/// The eleven credential JSON fields of the issue, in an answer (`token` is
/// the one 150 levels deep).
const ANSWER_FIELDS: [(&str, &str); 10] = [
    ("SecretAccessKey", "a-secret-access-key-0011"),
    ("apiSecret", "a-api-secret-0012"),
    ("pwd", "a-pwd-value-0013"),
    ("authorization", "a-authorization-0014"),
    ("bearer", "a-bearer-value-0015"),
    ("signature", "a-signature-value-0016"),
    ("access_token", "a-access-token-0017"),
    ("SessionToken", "a-session-token-0018"),
    ("privateKey", "a-private-key-0019"),
    ("client_secret", "a-client-secret-0020"),
];
const DEEP_TOKEN: &str = "a-deep-token-0021";
const DEPTH: usize = 150;
const REQUEST_PWD: &str = "r-pwd-value-0022";
const REQUEST_PASSPHRASE: &str = "r passphrase value 0023";
const TEXT_PASSWD: &str = "t-passwd-0024";
const TEXT_APIKEY: &str = "t-apikey-0025";
/// What the login answer hands out, then sent in a path, a query and a body.
const HANDED_OUT: &str = "sess/handed out+0026";

fn secrets() -> Vec<&'static str> {
    let mut all = vec![
        PRIVATE_TOKEN,
        GOOG_KEY,
        DEEP_TOKEN,
        REQUEST_PWD,
        REQUEST_PASSPHRASE,
        TEXT_PASSWD,
        TEXT_APIKEY,
        HANDED_OUT,
    ];
    all.extend(QUERY.iter().map(|(_, v)| *v));
    all.extend(ANSWER_FIELDS.iter().map(|(_, v)| *v));
    all
}

fn deep_body() -> String {
    format!(
        "{}{{\"token\":\"{DEEP_TOKEN}\",\"depth\":{DEPTH}}}{}",
        "{\"level\":[".repeat(DEPTH - 1),
        "]}".repeat(DEPTH - 1)
    )
}

/// The real API's answers, in the order of [`session`]'s calls.
fn serve(api: &MockServer) {
    let mut fields: serde_json::Map<String, Value> = ANSWER_FIELDS
        .iter()
        .map(|(name, value)| ((*name).to_owned(), json!(value)))
        .collect();
    fields.insert("id".into(), json!(7));
    fields.insert("name".into(), json!("ada"));
    // A secret header's value echoed back where no field name says so.
    fields.insert("echo".into(), json!(format!("you sent {PRIVATE_TOKEN}")));
    api.respond(MockResponse::json(200, &Value::Object(fields)));
    api.respond(
        MockResponse::bytes(200, deep_body().into_bytes())
            .header("content-type", "application/json"),
    );
    api.respond(MockResponse::json(
        201,
        &json!({"user": "ada", "created": true}),
    ));
    api.respond(MockResponse::text(200, "noted"));
    api.respond(MockResponse::json(
        200,
        &json!({"token": HANDED_OUT, "user": "ada"}),
    ));
    api.respond(MockResponse::json(200, &json!({"active": true})));
    api.respond(MockResponse::json(200, &json!({"closed": true})));
}

/// The calls both the recording and the replay make; returns what the client
/// decoded from each answer.
fn session(cassette: &Cassette) -> Vec<Value> {
    let client = cassette
        .client_builder()
        .secret_header("PRIVATE-TOKEN", PRIVATE_TOKEN)
        .secret_header("X-Goog-Api-Key", GOOG_KEY)
        .build()
        .unwrap();
    let mut seen = Vec::new();
    let mut search = client.get("/search").query("page", 2);
    for (name, value) in QUERY {
        search = search.query(name, value);
    }
    seen.push(search.send().unwrap().json::<Value>().unwrap());
    let deep = client.get("/deep").send().unwrap();
    seen.push(json!(deep.text().unwrap()));
    let created = client
        .post("/accounts")
        .json(&json!({"user": "ada", "pwd": REQUEST_PWD, "passphrase": REQUEST_PASSPHRASE}))
        .send()
        .unwrap();
    seen.push(created.json::<Value>().unwrap());
    let noted = client
        .post("/notes")
        .body(
            "text/plain",
            format!("user=ada passwd={TEXT_PASSWD} apikey={TEXT_APIKEY}"),
        )
        .send()
        .unwrap();
    seen.push(json!(noted.text().unwrap()));
    seen.extend(login_flow(&client));
    seen
}

/// Point 2: a token a login answer hands out, sent back in a path, a query
/// and a body.
fn login_flow(client: &restlax::Client) -> Vec<Value> {
    let login: Value = client
        .post("/login")
        .json(&json!({"user": "ada"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();
    let segment = utf8_percent_encode(&token, SEGMENT).to_string();
    let active: Value = client
        .get(&format!("/sessions/{segment}"))
        .query("session", &token)
        .send()
        .unwrap()
        .json()
        .unwrap();
    let closed: Value = client
        .post("/logout")
        .json(&json!({"session": token}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    vec![login, active, closed]
}

#[test]
fn every_secret_of_the_issue_stays_out_of_the_file_and_the_session_replays() {
    let path = cassette_path("every_secret");
    let api = MockServer::start();
    serve(&api);
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let recorded = session(&recorder);
    recorder.finish().unwrap();
    assert_eq!(api.request_count(), 7);
    assert!(
        recorded[1].as_str().unwrap().contains(DEEP_TOKEN),
        "the client got the real answer"
    );

    let text = std::fs::read_to_string(&path).unwrap();
    for secret in secrets() {
        assert_absent(&text, secret);
    }

    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let replayed = session(&player);
    player.finish().unwrap();
    assert_eq!(api.request_count(), 7, "replay never reaches the API");

    let secret_set = secrets();
    let real = |s: &str| secret_set.iter().any(|secret| s.contains(secret));
    // The deep answer (#1) is compared below.
    let but_deep = |values: &[Value], mask: &dyn Fn(&str) -> bool| -> Vec<Value> {
        let mut values: Vec<Value> = values.iter().map(|v| masked(v, mask)).collect();
        values.remove(1);
        values
    };
    assert_eq!(
        but_deep(&replayed, &|s| is_placeholder(s)
            || s == "you sent scrubbed"),
        but_deep(&recorded, &real),
        "replay decodes what the recording did, each secret as its placeholder"
    );
    // The deep answer is text to serde_json (past its depth limit): its
    // token is a placeholder, the rest as recorded.
    let deep = replayed[1].as_str().unwrap();
    let placeholder = deep
        .split("\"token\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(is_placeholder(placeholder), "{placeholder}");
    assert_eq!(deep.replace(placeholder, DEEP_TOKEN), deep_body());
}

#[test]
fn the_words_a_test_reads_survive_while_oauths_code_in_a_query_goes() {
    let path = cassette_path("kept_words");
    let api = MockServer::start();
    let cloudflare = json!({"success": false, "errors": [{"code": 1003, "message": "Invalid or missing zone id."}]});
    let pterodactyl = json!({"errors": [{"code": "NotFoundHttpException", "status": "404", "detail": "The requested resource could not be found on the server."}]});
    let names = json!({"author": "ada-lovelace-0001", "primary_key": "primary-key-0002", "error_code": "E_RATE_LIMITED_0003", "token_type": "bearer"});
    api.respond(MockResponse::json(400, &cloudflare));
    api.respond(MockResponse::json(404, &pterodactyl));
    api.respond(MockResponse::json(200, &names));
    let calls = |cassette: &Cassette| -> Vec<Value> {
        let client = cassette.client_builder().build().unwrap();
        let mut seen = Vec::new();
        for path in ["/zones", "/users/9"] {
            let error = client.get(path).send().unwrap_err();
            seen.push(serde_json::from_str(error.body_snippet().unwrap()).unwrap());
        }
        let names = client
            .get("/callback")
            .query("code", "oauth-code-0004")
            .query("error_code", "E_RATE_LIMITED_0003")
            .query("author", "ada-lovelace-0001")
            .send()
            .unwrap();
        seen.push(names.json().unwrap());
        seen
    };
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let recorded = calls(&recorder);
    recorder.finish().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_absent(&text, "oauth-code-0004");
    assert!(
        text.contains(
            "\"query\": \"code=scrubbed&error_code=E_RATE_LIMITED_0003&author=ada-lovelace-0001\""
        ),
        "{text}"
    );
    for kept in [
        "\"code\": 1003",
        "\"code\": \"NotFoundHttpException\"",
        "\"author\": \"ada-lovelace-0001\"",
        "\"primary_key\": \"primary-key-0002\"",
        "\"error_code\": \"E_RATE_LIMITED_0003\"",
        "\"token_type\": \"bearer\"",
    ] {
        assert!(text.contains(kept), "{kept} is gone:\n{text}");
    }

    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let replayed = calls(&player);
    player.finish().unwrap();
    assert_eq!(replayed, recorded);
    assert_eq!(replayed, [cloudflare, pterodactyl, names]);
    assert_eq!(api.request_count(), 3);
}

#[test]
fn a_token_handed_out_at_login_replays_in_a_path_a_query_and_a_body() {
    let path = cassette_path("login_token");
    let api = MockServer::start();
    api.respond(MockResponse::json(
        200,
        &json!({"token": HANDED_OUT, "user": "ada"}),
    ));
    api.respond(MockResponse::json(200, &json!({"active": true})));
    api.respond(MockResponse::json(200, &json!({"closed": true})));
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let recorded = login_flow(&recorder.client_builder().build().unwrap());
    recorder.finish().unwrap();
    let sent = api.requests();
    assert_eq!(
        sent[1].path,
        format!("/sessions/{}", utf8_percent_encode(HANDED_OUT, SEGMENT))
    );
    let text = std::fs::read_to_string(&path).unwrap();
    assert_absent(&text, HANDED_OUT);

    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let replayed = login_flow(&player.client_builder().build().unwrap());
    player.finish().unwrap();
    let token = replayed[0]["token"].as_str().unwrap();
    assert!(is_placeholder(token), "{token}");
    // The same placeholder in the path, the query and the body.
    for part in [
        format!("\"path\": \"/sessions/{token}\""),
        format!("\"query\": \"session={token}\""),
        format!("\"session\": \"{token}\""),
    ] {
        assert!(text.contains(&part), "{part} is not in:\n{text}");
    }
    assert_eq!(&replayed[1..], &recorded[1..]);
    assert_eq!(api.request_count(), 3, "replay never reaches the API");
}
