//! Issue 17, case 3: a middleware that calls its own client. Its own test
//! binary, because the defect aborts the whole process (a stack overflow):
//! it would take every other test in the binary down with it.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use restlax::middleware::{Next, Request};
use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, ErrorKind, Retry};
use restlax_tests::Member;

const TIMEOUT: Duration = Duration::from_secs(20);

/// Case 3: the middleware holds a clone of the client it belongs to and calls
/// it for every attempt; each inner call goes through the same middleware. The
/// outer call ends with an `InvalidRequest` long before its deadline, and the
/// process lives on.
#[test]
fn a_middleware_calling_its_own_client_gets_an_error() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(
        200,
        &serde_json::json!({"id": "m", "email": "e"}),
    ));
    let own: Arc<OnceLock<Client>> = Arc::new(OnceLock::new());
    let inside = Arc::clone(&own);
    let client = server
        .client_builder()
        .retry(Retry::none())
        .timeout(TIMEOUT)
        .middleware(move |attempt: &mut Request, next: &mut Next<'_>| {
            if let Some(client) = inside.get() {
                client.get("/inner").send()?;
            }
            next.send(attempt)
        })
        .build()
        .unwrap();
    assert!(own.set(client.clone()).is_ok());

    let started = Instant::now();
    let result = Member::show(&client, "a", "m", ());
    let took = started.elapsed();
    let error = result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert!(
        took < TIMEOUT / 4,
        "{took:?} for a call its deadline did not end"
    );

    // The process and the server carry on.
    let plain = server.client_builder().build().unwrap();
    assert_eq!(Member::show(&plain, "a", "m", ()).unwrap().id, "m");
}
