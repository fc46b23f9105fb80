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

const OPERATION_SIG: &str = "OPSIG-operation-0031";
const PRESIGNED_SIG: &str = "PRESIGN-signature-0033";
const PRESIGNED_CREDENTIAL: &str = "AKIA0034/20260101/s3";
const USERINFO_PASSWORD: &str = "UserInfoPw-0035";
const IMPLICIT_TOKEN: &str = "IMPLICIT-token-0036";
const VENDOR_KEY: &str = "sk_live_STRIPE-0037";
const GO_ESCAPED: &str = "GOESC-token-0039";

/// The path and query of a URL the cassette handed out (its own origin).
fn local_target(cassette: &Cassette, url: &str) -> (String, Vec<(String, String)>) {
    let rest = url.strip_prefix(cassette.url()).unwrap_or(url);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let pairs = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| {
            let v = percent_encoding::percent_decode_str(v).decode_utf8_lossy();
            (k.to_owned(), v.into_owned())
        })
        .collect();
    (path.to_owned(), pairs)
}

/// URLs handed out and followed: an operation to poll (its URL in a header
/// no list names), a presigned download in a JSON string, a clone URL with a
/// password, an implicit grant's token in a `Location` fragment, a vendor's
/// `<NAME>_KEY`, and a link written as Go's encoder writes `&`.
fn handed_out_urls(cassette: &Cassette) -> Vec<Value> {
    let client = cassette.client_builder().build().unwrap();
    let mut seen = Vec::new();
    let job = client.post("/jobs").json(&json!({"n": 1})).send().unwrap();
    let operation = job.header("operation-location").unwrap().to_owned();
    seen.push(json!(job.header("location")));
    let (path, query) = local_target(cassette, &operation);
    let mut poll = client.get(&path);
    for (k, v) in &query {
        poll = poll.query(k, v);
    }
    let result: Value = poll.send().unwrap().json().unwrap();
    let download = result["result"]["download"].as_str().unwrap().to_owned();
    seen.push(result);
    let (path, query) = local_target(cassette, &download);
    let mut get = client.get(&path);
    for (k, v) in &query {
        get = get.query(k, v);
    }
    seen.push(json!(get.send().unwrap().text().unwrap()));
    let vars: Value = client
        .post("/vars")
        .json(&json!({"STRIPE_KEY": VENDOR_KEY, "sort_key": "name"}))
        .send()
        .unwrap()
        .json()
        .unwrap();
    seen.push(vars);
    let page: Value = client.get("/items").send().unwrap().json().unwrap();
    seen.push(page);
    seen
}

#[test]
fn urls_handed_out_are_scrubbed_by_their_fields_and_still_followed_in_replay() {
    let path = cassette_path("handed_out_urls");
    let api = MockServer::start();
    let origin = api.url().to_owned();
    api.respond(
        MockResponse::json(202, &json!({"accepted": true}))
            .header(
                "operation-location",
                format!("{origin}/ops/op-1?api-version=2024-01-01&sig={OPERATION_SIG}"),
            )
            .header(
                "location",
                format!("https://app.test/cb#access_token={IMPLICIT_TOKEN}&token_type=bearer"),
            ),
    );
    api.respond(MockResponse::json(
        200,
        &json!({"status": "succeeded", "result": {
            "download": format!("{origin}/files/f1?X-Amz-Credential={}&X-Amz-Signature={PRESIGNED_SIG}&x-id=GetObject",
                utf8_percent_encode(PRESIGNED_CREDENTIAL, NON_ALPHANUMERIC)),
            "clone": format!("https://ada:{USERINFO_PASSWORD}@git.test/r.git"),
        }}),
    ));
    api.respond(MockResponse::text(200, "file body"));
    api.respond(MockResponse::json(
        201,
        &json!({"key": "STRIPE_KEY", "value": VENDOR_KEY, "sort_key": "name"}),
    ));
    api.respond(
        MockResponse::bytes(
            200,
            format!(r#"{{"next":"/items?page=2\u0026token={GO_ESCAPED}","items":[]}}"#)
                .into_bytes(),
        )
        .header("content-type", "application/json"),
    );
    let recorder = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .unwrap();
    let recorded = handed_out_urls(&recorder);
    recorder.finish().unwrap();
    assert_eq!(api.request_count(), 5);
    let sent = api.requests();
    assert_eq!(sent[1].path, "/ops/op-1");
    assert_eq!(sent[2].path, "/files/f1");

    let text = std::fs::read_to_string(&path).unwrap();
    for secret in [
        OPERATION_SIG,
        PRESIGNED_SIG,
        PRESIGNED_CREDENTIAL,
        USERINFO_PASSWORD,
        IMPLICIT_TOKEN,
        VENDOR_KEY,
        GO_ESCAPED,
    ] {
        assert_absent(&text, secret);
    }
    // What is not secret keeps its shape: the poll URL, the download's
    // other field, a sort key, the fragment's token type.
    for kept in [
        "/ops/op-1?api-version=2024-01-01&sig=scrubbed-",
        "&x-id=GetObject",
        "\"sort_key\": \"name\"",
        "&token_type=bearer",
        "https://ada:scrubbed-",
    ] {
        assert!(text.contains(kept), "{kept} is not in:\n{text}");
    }

    let player = Cassette::builder(&path, api.url())
        .mode(Mode::Replay)
        .start()
        .unwrap();
    let replayed = handed_out_urls(&player);
    player.finish().unwrap();
    assert_eq!(api.request_count(), 5, "replay never reaches the API");
    assert_eq!(replayed[2], recorded[2], "the download was followed");
    assert_eq!(replayed[3]["sort_key"], "name");
    assert!(is_placeholder(replayed[3]["value"].as_str().unwrap()));
    assert_eq!(
        replayed[1]["result"]["clone"]
            .as_str()
            .unwrap()
            .split(':')
            .count(),
        3
    );
}
