//! With the `tracing` feature, each HTTP request is one `restlax.request` span
//! carrying the method, path template, attempt, status and duration, and no
//! secret or path value ever reaches a subscriber.

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
