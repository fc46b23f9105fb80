//! One failed call costs memory in proportion to its body, not to how many
//! messages the body holds: a 16 MiB error body of tiny messages keeps the
//! first `MAX_API_MESSAGES` and counts the rest, and the call's peak heap stays
//! within a small multiple of the body. A counting global allocator measures it,
//! so this binary holds one test: nothing else may allocate while it measures.

use restlax::{ErrorKind, MAX_API_MESSAGES};
use restlax_tests::Member;
use restlax_tests::fault_case::single_attempt;
use restlax_tests::faults::{Fault, FaultServer, json};
use restlax_tests::thread_heap::{ThreadCounting, measured};

#[global_allocator]
static ALLOCATOR: ThreadCounting = ThreadCounting;

const MIB: f64 = 1024.0 * 1024.0;

/// A JSON error body just under `limit` bytes: a first message, then as many
/// copies of `tiny` as fit. Returns the body and how many messages it holds.
fn error_body(limit: usize, first: &str, tiny: &str) -> (String, usize) {
    let mut body = format!(r#"{{"success":false,"errors":[{first}"#);
    let mut count = 1;
    while body.len() + tiny.len() + 3 < limit {
        body.push(',');
        body.push_str(tiny);
        count += 1;
    }
    body.push_str("]}");
    (body, count)
}

/// Runs one failed call against `body`, prints its peak heap and the size of
/// the error it returns, and checks both, and the messages kept.
fn measure(name: &str, body: String, messages: usize) {
    let limit = restlax::DEFAULT_MAX_BODY as usize;
    let len = body.len();
    assert!(len < limit);
    let server = FaultServer::start();
    server.then(Fault::Raw(json(400, &body)));
    drop(body);
    let client = single_attempt(server.url()).build().unwrap();

    let (error, peak, _) = measured(|| Member::show(&client, "a", "m", ()).unwrap_err());
    assert_eq!(error.kind(), ErrorKind::Api, "{name}: {error}");
    assert_eq!(error.status(), Some(400));
    let got = error.api_messages();
    assert_eq!(got.len(), MAX_API_MESSAGES, "{name}");
    assert_eq!(got[0].message(), "first", "{name}");
    assert_eq!(got[0].code(), Some("7"), "{name}");
    assert_eq!(got[1].message(), "a", "{name}");
    assert_eq!(
        error.dropped_api_messages(),
        (messages - MAX_API_MESSAGES) as u64,
        "{name}"
    );
    // What the error holds on the heap: what dropping it frees.
    let kept = -measured(|| drop(error)).2;
    println!(
        "{name}: {:.1} MiB body, {messages} messages: peak {:.1} MiB during the call \
         ({:.2}x the body), the error holds {:.1} KiB",
        len as f64 / MIB,
        peak as f64 / MIB,
        peak as f64 / len as f64,
        kept as f64 / 1024.0,
    );
    // The body itself (read into a buffer sized from Content-Length) plus
    // small change; the messages past the 100th are counted, never built.
    assert!(
        peak <= len + len / 2,
        "{name}: peak {peak} bytes, over 1.5x the {len}-byte body"
    );
    assert!(kept <= 64 * 1024, "{name}: the error holds {kept} bytes");
}

#[test]
fn a_16_mib_error_body_costs_a_small_multiple_of_itself() {
    let limit = restlax::DEFAULT_MAX_BODY as usize;
    let first = r#"{"code":7,"message":"first"}"#;
    let (body, count) = error_body(limit, first, r#"{"code":1,"message":"a"}"#);
    measure("objects", body, count);
    let (body, count) = error_body(limit, first, r#""a""#);
    measure("strings", body, count);
}
