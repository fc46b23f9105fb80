//! Many threads sharing one `Client` against the test servers: every call must
//! be answered. 16 threads × 500 calls × 5 rounds against `MockServer` and
//! against the sandbox; a lost request shows up as a timeout (the client's
//! bound), so the test counts errors and checks each round ends well inside
//! that bound. `cargo test --test stress -- --nocapture` prints the figures.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, Retry};
use restlax_resources::cloudflare::{self, Auth};
use restlax_resources::sandbox::Sandbox;
use restlax_tests::Member;

const THREADS: usize = 16;
const CALLS: usize = 500;
const ROUNDS: usize = 5;
/// The client's bound on one call; a lost request costs exactly this.
const TIMEOUT: Duration = Duration::from_secs(10);

struct Figures {
    calls: usize,
    lost: usize,
    slowest_round: Duration,
    total: Duration,
}

/// The two tests take turns, so each has the machine's cores to itself.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `ROUNDS` rounds of `THREADS` threads making `CALLS` calls each through
/// `call`, counting the calls that failed.
fn hammer(call: impl Fn() -> Result<(), restlax::Error> + Sync) -> Figures {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let lost = AtomicUsize::new(0);
    let first_error = std::sync::Mutex::new(None::<String>);
    let start = Instant::now();
    let mut slowest_round = Duration::ZERO;
    for _ in 0..ROUNDS {
        let round = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..THREADS {
                scope.spawn(|| {
                    for _ in 0..CALLS {
                        if let Err(e) = call() {
                            lost.fetch_add(1, Ordering::Relaxed);
                            first_error.lock().unwrap().get_or_insert(e.to_string());
                        }
                    }
                });
            }
        });
        slowest_round = slowest_round.max(round.elapsed());
    }
    if let Some(e) = first_error.into_inner().unwrap() {
        eprintln!("first error: {e}");
    }
    Figures {
        calls: THREADS * CALLS * ROUNDS,
        lost: lost.into_inner(),
        slowest_round,
        total: start.elapsed(),
    }
}

fn check(name: &str, figures: &Figures, answered: u64) {
    println!(
        "{name}: {} calls, {} lost, {:.2} s ({:.2} s slowest round of {ROUNDS}; bound {:?} a call)",
        figures.calls,
        figures.lost,
        figures.total.as_secs_f64(),
        figures.slowest_round.as_secs_f64(),
        TIMEOUT
    );
    assert_eq!(figures.lost, 0, "{name}: requests were lost");
    assert_eq!(
        answered, figures.calls as u64,
        "{name}: the server answered every call exactly once"
    );
    // A single lost request would stall its thread for the whole TIMEOUT; a
    // round of 8,000 calls on loopback takes under a second on 2 cores.
    assert!(
        figures.slowest_round < TIMEOUT,
        "{name}: a round took {:?}, not inside the {TIMEOUT:?} bound",
        figures.slowest_round
    );
}

#[test]
fn mock_server_answers_every_call_from_16_threads() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(
        200,
        &serde_json::json!({"id": "m", "email": "m@example.com"}),
    ));
    let client: Client = server
        .client_builder()
        .retry(Retry::none())
        .timeout(TIMEOUT)
        .build()
        .unwrap();
    let figures = hammer(|| Member::show(&client, "a", "m", ()).map(|_| ()));
    check("MockServer", &figures, server.request_count() as u64);
}

#[test]
fn sandbox_answers_every_call_from_16_threads() {
    let sandbox = Sandbox::start();
    let client = cloudflare::builder(
        &sandbox.cloudflare_url(),
        Auth::Token(Sandbox::CLOUDFLARE_TOKEN.into()),
    )
    .no_proxy()
    .retry(Retry::none())
    .timeout(TIMEOUT)
    .build()
    .unwrap();
    let account = Sandbox::CLOUDFLARE_ACCOUNT_ID;
    let id = cloudflare::Member::index(&client, account, ())
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .id;
    let figures = hammer(|| cloudflare::Member::show(&client, account, &id, ()).map(|_| ()));
    check("sandbox", &figures, sandbox.request_count() - 1);
}
