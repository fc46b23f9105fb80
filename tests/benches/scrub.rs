//! Cassette scrubbing time against the number of secrets it learnt (issue 18,
//! point 5): one answer carrying 1,000, 4,000 and 16,000 distinct tokens in
//! secret fields (~0.97 MB at 16,000), recorded through the cassette proxy;
//! the time is that of `finish()`, which learns and scrubs them all and writes
//! the file.
//!
//! ```text
//! cargo bench -p restlax-tests --bench scrub
//! ```
//!
//! The ratio printed is t(16,000) / t(1,000), both from this run: a scrubber
//! linear in the recording's size puts it near 16 (the body is 16 times
//! larger), the target is at most 20. One pass per secret, as before issue 18,
//! measured 0.5 s / 6.3 s / 265 s.
//!
//! Then replay, which learns each request's secrets as it comes: 500 and
//! 2,000 requests, each with a new bearer token (as a signing scheme or a
//! rotating token sends). The ratio t(2,000) / t(500) is 4 when replay is
//! linear; one automaton rebuilt over every token learnt so far after each
//! request made it grow with the square (16).

use std::time::{Duration, Instant};

use restlax::testing::{Cassette, MockResponse, MockServer, Mode};

/// An answer with `tokens` distinct tokens, each in a `token` field.
fn body(tokens: usize) -> String {
    let items: Vec<String> = (0..tokens)
        .map(|i| {
            format!(
                r#"{{"id":{i},"token":"tok-{i:06}-{:026x}"}}"#,
                i * 7919 + 104_729
            )
        })
        .collect();
    format!(r#"{{"items":[{}]}}"#, items.join(","))
}

/// The time `finish()` takes to scrub and write one recorded answer.
fn finish_time(tokens: usize) -> (Duration, usize) {
    let body = body(tokens);
    let api = MockServer::start();
    api.respond(
        MockResponse::bytes(200, body.clone().into_bytes())
            .header("content-type", "application/json"),
    );
    let path = std::env::temp_dir().join(format!(
        "restlax-scrub-bench-{}-{tokens}.json",
        std::process::id()
    ));
    let cassette = Cassette::builder(&path, api.url())
        .mode(Mode::Record)
        .start()
        .expect("the cassette starts");
    let client = cassette.client_builder().build().expect("a client");
    let answer = client.get("/tokens").send().expect("the answer");
    assert_eq!(answer.into_bytes().len(), body.len());
    let start = Instant::now();
    cassette.finish().expect("the file is written");
    let elapsed = start.elapsed();
    let text = std::fs::read_to_string(&path).expect("the file");
    // Every token is gone: this measures a scrubber that works.
    assert!(!text.contains("\"tok-"), "a token was left in the file");
    let _ = std::fs::remove_file(&path);
    (elapsed, body.len())
}

/// The time replaying `requests` requests takes, each with its own token.
fn replay_time(requests: usize) -> Duration {
    let api = MockServer::start();
    api.respond_always(MockResponse::json(200, &serde_json::json!({"ok": true})));
    let path = std::env::temp_dir().join(format!(
        "restlax-scrub-replay-{}-{requests}.json",
        std::process::id()
    ));
    let token = |i: usize| format!("tok-{i:06}-{:020x}", i * 7919 + 104_729);
    let run = |mode: Mode| -> Duration {
        let cassette = Cassette::builder(&path, api.url())
            .mode(mode)
            .start()
            .expect("the cassette starts");
        let client = cassette.client_builder().build().expect("a client");
        let start = Instant::now();
        for i in 0..requests {
            client
                .get("/items")
                .opts(restlax::Opts::new().bearer_auth(token(i)))
                .send()
                .expect("an answer");
        }
        cassette.finish().expect("the cassette finishes");
        start.elapsed()
    };
    run(Mode::Record);
    let elapsed = run(Mode::Replay);
    let _ = std::fs::remove_file(&path);
    elapsed
}

fn main() {
    // The best of several runs (more for the short ones, which noise moves
    // most): the machine is shared.
    let best = |tokens: usize| {
        let repeats = if tokens < 16_000 { 9 } else { 5 };
        let runs: Vec<(Duration, usize)> = (0..repeats).map(|_| finish_time(tokens)).collect();
        let bytes = runs[0].1;
        (
            runs.into_iter().map(|(t, _)| t).min().unwrap_or_default(),
            bytes,
        )
    };
    let mut times = Vec::new();
    for tokens in [1_000, 4_000, 16_000] {
        let (time, bytes) = best(tokens);
        println!(
            "scrub: {tokens:>6} tokens, body {:>7} bytes: finish() {:>9.3} ms",
            bytes,
            time.as_secs_f64() * 1e3
        );
        times.push(time);
    }
    let ratio = times[2].as_secs_f64() / times[0].as_secs_f64();
    println!("scrub: t(16,000) / t(1,000) = {ratio:.1} (linear 16, target <= 20)");
    let best = |requests: usize| {
        (0..3)
            .map(|_| replay_time(requests))
            .min()
            .unwrap_or_default()
    };
    let small = best(500);
    let large = best(2_000);
    println!(
        "replay: 500 requests {:.1} ms, 2,000 requests {:.1} ms, t(2,000) / t(500) = {:.1} (linear 4)",
        small.as_secs_f64() * 1e3,
        large.as_secs_f64() * 1e3,
        large.as_secs_f64() / small.as_secs_f64()
    );
}
