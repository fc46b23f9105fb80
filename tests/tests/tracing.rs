//! With the `tracing` feature, each HTTP request is one `restlax.request` span
//! carrying the method, path template, attempt, status and duration, and no
//! secret or path value ever reaches a subscriber: not in any span field or
//! event restlax emits at any level, over retries, failures and redirects.
//! (ureq's own `log` output is another matter; see the README's security section.)

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use restlax::testing::{MockResponse, MockServer};
use restlax::{Opts, Retry};
use restlax_tests::Member;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Records every span's name and fields as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Text<'a>(&'a mut String);

impl Visit for Text<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut spans = self.0.lock().unwrap();
        let mut text = attributes.metadata().name().to_owned();
        attributes.record(&mut Text(&mut text));
        spans.push(text);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Text(&mut spans[index]));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn one_span_per_request_without_secrets() {
    let capture = Capture::default();
    let server = MockServer::start();
    server.respond(MockResponse::json(503, &json!({})));
    server.respond(MockResponse::json(
        200,
        &json!({"id": "m", "email": "m@example.com"}),
    ));
    server.respond(MockResponse::json(404, &json!({"message": "gone"})));
    let client = server
        .client_builder()
        .bearer_auth("TOKEN-secret-1")
        .secret_header("x-auth-key", "KEY-secret-2")
        .retry(Retry::new(2).base_delay(std::time::Duration::from_millis(5)))
        .build()
        .unwrap();

    tracing::subscriber::with_default(capture.clone(), || {
        Member::show(
            &client,
            "acct-PRIVATE",
            "member-PRIVATE",
            Opts::new().query("token", "QUERY-secret-3"),
        )
        .unwrap();
        Member::delete(&client, "acct-PRIVATE", "gone", ()).unwrap_err();
    });

    let spans = capture.0.lock().unwrap().clone();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    let all = spans.join("\n");
    for field in [
        "restlax.request",
        "method=\"GET\"",
        "path=\"/accounts/<account_id>/members/<id>\"",
        "action=\"show\"",
        "duration_ms=",
    ] {
        assert!(
            spans[0].contains(field),
            "{field} missing from {}",
            spans[0]
        );
    }
    assert!(
        spans[0].contains("attempt=1") && spans[0].contains("status=503"),
        "{}",
        spans[0]
    );
    assert!(
        spans[1].contains("attempt=2") && spans[1].contains("status=200"),
        "{}",
        spans[1]
    );
    assert!(
        spans[2].contains("method=\"DELETE\"") && spans[2].contains("status=404"),
        "{}",
        spans[2]
    );
    for secret in [
        "TOKEN-secret-1",
        "KEY-secret-2",
        "QUERY-secret-3",
        "PRIVATE",
    ] {
        assert!(!all.contains(secret), "{secret} leaked into a span:\n{all}");
    }
}

/// Everything restlax sends through `tracing`, at every level: each span's
/// target, name and fields (at creation and recorded later) and each event's
/// target, level and fields (its message included), one line each.
#[derive(Clone, Default)]
struct Everything {
    lines: Arc<Mutex<Vec<String>>>,
    /// By span id - 1: whether the span is restlax's.
    spans: Arc<Mutex<Vec<bool>>>,
}

fn ours(metadata: &Metadata<'_>) -> bool {
    metadata.target().starts_with("restlax")
}

impl Everything {
    fn push(&self, what: &str, metadata: &Metadata<'_>, fields: &str) {
        let line = format!(
            "{what} {} {} {}:{fields}",
            metadata.target(),
            metadata.level(),
            metadata.name()
        );
        self.lines.lock().unwrap().push(line);
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

impl Subscriber for Everything {
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let metadata = attributes.metadata();
        if ours(metadata) {
            let mut fields = String::new();
            attributes.record(&mut Text(&mut fields));
            self.push("span", metadata, &fields);
        }
        let mut spans = self.spans.lock().unwrap();
        spans.push(ours(metadata));
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        if self.spans.lock().unwrap()[span.into_u64() as usize - 1] {
            let mut fields = String::new();
            values.record(&mut Text(&mut fields));
            self.lines.lock().unwrap().push(format!("record:{fields}"));
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        if ours(event.metadata()) {
            let mut fields = String::new();
            event.record(&mut Text(&mut fields));
            self.push("event", event.metadata(), &fields);
        }
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[test]
fn no_secret_reaches_any_span_or_event() {
    use restlax::ErrorKind;
    use restlax_tests::faults::{Fault, FaultServer, OK, http, json as raw_json};

    const SECRETS: [&str; 5] = [
        "TOKEN-secret-client",
        "KEY-secret-client",
        "COOKIE-secret-client",
        "KEY-secret-call",
        "TOKEN-secret-call",
    ];
    let origin = FaultServer::start();
    let elsewhere = FaultServer::start();
    // A retried call, a 401 whose body echoes nothing secret, a redirect to
    // another origin (another port), then a plain success.
    origin
        .then(Fault::Raw(raw_json(503, "{}")))
        .then(Fault::Raw(raw_json(200, OK)))
        .then(Fault::Raw(raw_json(
            401,
            r#"{"message":"bad credentials"}"#,
        )))
        .then(Fault::Raw(http(
            302,
            &[("location", &format!("{}/moved", elsewhere.url()))],
            b"",
        )));
    let client = restlax_tests::fault_case::single_attempt(origin.url())
        .bearer_auth(SECRETS[0])
        .secret_header("x-auth-key", SECRETS[1])
        .header("cookie", format!("session={}", SECRETS[2]))
        .retry(Retry::new(2).base_delay(std::time::Duration::from_millis(5)))
        .build()
        .unwrap();

    let basic_server = FaultServer::start();
    let basic = restlax_tests::fault_case::single_attempt(basic_server.url())
        .basic_auth("admin", "PASS-secret-basic")
        .build()
        .unwrap();
    // base64("admin:PASS-secret-basic"), what goes on the wire.
    let basic_wire = "YWRtaW46UEFTUy1zZWNyZXQtYmFzaWM=";

    let capture = Everything::default();
    tracing::subscriber::with_default(capture.clone(), || {
        Member::show(&basic, "a", "m", ()).unwrap();
        let call = Opts::new().secret_header("x-call-key", SECRETS[3]);
        Member::show(&client, "a", "m", call).unwrap();
        let login = Opts::new().bearer_auth(SECRETS[4]);
        let error =
            Member::create(&client, "a", &json!({"email": "e@example.com"}), login).unwrap_err();
        assert_eq!(error.status(), Some(401), "{error}");
        assert_eq!(error.kind(), ErrorKind::Api);
        Member::show(&client, "a", "m", ()).unwrap();
    });

    // The secrets were on the wire (so the calls carried them) …
    let seen = origin.seen();
    assert_eq!(seen.len(), 4);
    let all_heads: String = seen.iter().map(|s| s.head.as_str()).collect();
    for secret in SECRETS {
        assert!(all_heads.contains(secret), "{secret} was never sent");
    }
    assert_eq!(elsewhere.seen().len(), 1);
    // … and none of them reached restlax's spans or events, which did fire.
    let lines = capture.lines();
    let spans = lines
        .iter()
        .filter(|l| l.starts_with("span restlax"))
        .count();
    assert_eq!(spans, 5, "one span per attempt:\n{lines:#?}");
    assert_eq!(
        basic_server.seen()[0].header("authorization").as_deref(),
        Some(format!("Basic {basic_wire}").as_str())
    );
    let all = lines.join("\n");
    assert!(
        all.contains("status=401") && all.contains("status=503"),
        "{all}"
    );
    for secret in SECRETS.iter().chain(&["PASS-secret-basic", basic_wire]) {
        assert!(
            !all.contains(secret),
            "{secret} leaked into tracing:\n{all}"
        );
    }
}
