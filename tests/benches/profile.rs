//! 2,000 `show` calls through restlax (`ours`) or the hand-written baseline
//! (`raw`) on the same agent, for instruction counts under callgrind:
//!
//! ```text
//! cargo bench -p restlax-tests --bench profile --no-run
//! valgrind --tool=callgrind --separate-threads=yes target/release/deps/profile-<hash> ours
//! valgrind --tool=callgrind --separate-threads=yes target/release/deps/profile-<hash> raw
//! ```
//!
//! Compare the `-01` (client thread) outputs; see BENCHMARKS.md. `raw-default`
//! is the hand-written `show` on a plain ureq agent (ureq's own connector, no
//! restlax deadline layer nor its one write per request), to price that
//! layer; `raw-default-create` is the hand-written `create` on that agent.
//! A second argument `tls` runs the same calls over HTTPS (an
//! `HttpServer::start_https` the client trusts), e.g. `profile-<hash> ours tls`;
//! `localhost` runs them plain against `http://localhost:<port>`, a name to
//! look up rather than an address (`strace -f` shows what a lookup costs).

use restlax::testing::{HttpServer, MockResponse};
use restlax_tests::bench::{BenchServer, json_response};
use std::hint::black_box;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let tls = std::env::args().nth(2).is_some_and(|a| a == "tls");
    let by_name = std::env::args().nth(2).is_some_and(|a| a == "localhost");
    let plain = (!tls).then(|| BenchServer::fixed(json_response(body)));
    let secure = tls.then(|| {
        let response =
            MockResponse::bytes(200, body.to_vec()).header("content-type", "application/json");
        HttpServer::start_https("127.0.0.1", move |_| response.clone())
    });
    let base = match (&plain, &secure) {
        (Some(server), _) if by_name => server.url().replace("127.0.0.1", "localhost"),
        (Some(server), _) => server.url(),
        (_, Some(server)) => server.url().to_owned(),
        _ => unreachable!("one server runs"),
    };
    let mut builder = restlax::Client::builder(&base)
        .no_proxy()
        .retry(restlax::Retry::none());
    if let Some(server) = &secure {
        builder = builder.root_certificate(server.certificate_pem().unwrap());
    }
    let client = builder.build().unwrap();
    let agent = if which.starts_with("raw-default") {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .build()
            .new_agent()
    } else {
        restlax::__bench::agent(&client).clone()
    };
    let new = serde_json::json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]});
    // `threads` as the second argument: 8 threads share the client (or agent),
    // 2,000 calls each, for `strace -f -c` or `perf stat -e context-switches`.
    let threads = if std::env::args().nth(2).is_some_and(|a| a == "threads") {
        8
    } else {
        1
    };
    if threads == 1 {
        // On the main thread, so callgrind's `-01` output is the client's.
        return calls(&which, &base, &client, &agent, &new);
    }
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| calls(&which, &base, &client, &agent, &new));
        }
    });
}

fn calls(
    which: &str,
    base: &str,
    client: &restlax::Client,
    agent: &ureq::Agent,
    new: &serde_json::Value,
) {
    let url = format!("{base}/accounts/a/members/m");
    for _ in 0..2000 {
        if which == "ours-create" {
            black_box(restlax_tests::Member::create(client, "a", new, ()).unwrap());
        } else if which == "raw-create" || which == "raw-default-create" {
            let url = format!("{base}/accounts/{}/members", "a");
            let bytes = serde_json::to_vec(new).unwrap();
            let mut r = agent
                .post(&url)
                .header("accept", "application/json")
                .content_type("application/json")
                .send(&bytes[..])
                .unwrap();
            black_box(
                serde_json::from_slice::<restlax_tests::Member>(
                    &r.body_mut().read_to_vec().unwrap(),
                )
                .unwrap(),
            );
        } else if which == "ours" {
            black_box(restlax_tests::Member::show(client, "a", "m", ()).unwrap());
        } else {
            let mut r = agent
                .get(&url)
                .header("accept", "application/json")
                .call()
                .unwrap();
            black_box(
                serde_json::from_slice::<restlax_tests::Member>(
                    &r.body_mut().read_to_vec().unwrap(),
                )
                .unwrap(),
            );
        }
    }
}
