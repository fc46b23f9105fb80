//! The bad day, on purpose: loopback servers that refuse, reset, truncate,
//! stall, flood, rate-limit and redirect. Each case is its own test and asserts
//! the exact error kind (within the time budget when there is one) or the
//! recovery, that nothing panics, and that the same client works for the next
//! call. `cargo test --test faults -- --nocapture` prints one row per case;
//! `cargo test --test faults slow_headers` runs one.

use std::time::{Duration, Instant, SystemTime};

use restlax::envelope::Cloudflare;
use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, ClientBuilder, ErrorKind, Opts, Retry};
use restlax_tests::Member;
use restlax_tests::fault_case::{
    Case, Expect, MARGIN, client, fast_retry, message, single_attempt, waited,
};
use restlax_tests::faults::{ClosedPort, Fault, FaultServer, FullBacklog, OK, http, json};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

// --- the connection ---

#[test]
fn connection_refused() {
    let port = ClosedPort::new();
    let c = client(&port.url());
    let mut port = Some(port);
    let mut server = None;
    Case::new("connection refused", Expect::Fails(ErrorKind::Transport))
        .check(|r, _| match r {
            Err(e) if e.attempts() == 3 => Ok(format!("{} attempts", e.attempts())),
            other => Err(message(other)),
        })
        .run(
            || Member::show(&c, "a", "m", ()),
            || {
                server = port.take().map(ClosedPort::listen);
                Member::show(&c, "a", "m", ())
            },
        );
}

#[test]
fn connect_timeout_full_backlog() {
    let backlog = FullBacklog::new();
    let c = single_attempt(format!("http://{}", backlog.addr))
        .connect_timeout(ms(300))
        .build()
        .unwrap();
    let healthy = FaultServer::start();
    Case::new(
        "connect timeout (full backlog)",
        Expect::fails_within(ErrorKind::Timeout, ms(300)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}

#[test]
fn reset_before_the_response() {
    let s = FaultServer::start();
    s.then(Fault::Reset);
    let c = single_attempt(s.url()).build().unwrap();
    Case::new(
        "reset before the response",
        Expect::Fails(ErrorKind::Transport),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn reset_mid_body() {
    let s = FaultServer::start();
    let mut head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        OK.len()
    )
    .into_bytes();
    head.extend_from_slice(&OK.as_bytes()[..10]);
    s.then(Fault::ResetAfter(head));
    let c = single_attempt(s.url()).build().unwrap();
    Case::new("reset mid-body", Expect::Fails(ErrorKind::Transport)).run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

// --- the body ---

/// One bad body on a Cloudflare-enveloped client: it fails with `kind`, an API
/// error keeps a snippet of the body, and a plain client works next.
fn bad_body(name: &'static str, bytes: Vec<u8>, kind: ErrorKind) {
    let s = FaultServer::start();
    s.then(Fault::Raw(bytes));
    let c = single_attempt(s.url())
        .envelope(Cloudflare)
        .build()
        .unwrap();
    let plain = Client::builder(s.url()).no_proxy().build().unwrap();
    Case::new(name, Expect::Fails(kind))
        .check(|r, _| match r {
            Err(e) if e.kind() == ErrorKind::Api && e.body_snippet().is_none() => {
                Err("no snippet".into())
            }
            other => Ok(message(other)),
        })
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&plain, "a", "m", ()),
        );
}

#[test]
fn truncated_json() {
    bad_body("truncated JSON", json(200, &OK[..20]), ErrorKind::Decode);
}

#[test]
fn html_502_from_a_proxy() {
    bad_body(
        "HTML 502 from a proxy",
        http(
            502,
            &[("content-type", "text/html")],
            b"<html><title>502 Bad Gateway</title></html>",
        ),
        ErrorKind::Api,
    );
}

#[test]
fn empty_200_where_json_is_expected() {
    bad_body(
        "empty 200 where JSON is expected",
        http(200, &[], b""),
        ErrorKind::Decode,
    );
}

#[test]
fn invalid_utf8_in_json() {
    bad_body(
        "invalid UTF-8 in JSON",
        http(200, &[], b"{\"id\":\"\xff\xfe\",\"email\":\"x\"}"),
        ErrorKind::Decode,
    );
}

#[test]
fn success_false_with_http_200() {
    bad_body(
        "success:false with HTTP 200",
        json(
            200,
            r#"{"success":false,"errors":[{"code":1003,"message":"nope"}],"result":null}"#,
        ),
        ErrorKind::Api,
    );
}

#[test]
fn oversized_body() {
    let s = FaultServer::start();
    s.then(Fault::Huge(8 * 1024 * 1024));
    let c = single_attempt(s.url())
        .max_body_size(256 * 1024)
        .build()
        .unwrap();
    Case::new(
        "oversized body (8 MiB, limit 256 KiB)",
        Expect::Fails(ErrorKind::BodyTooLarge),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

// --- time ---

#[test]
fn slow_headers() {
    let s = FaultServer::start();
    s.then(Fault::Delay(Duration::from_secs(2), json(200, OK)));
    let c = single_attempt(s.url()).timeout(ms(300)).build().unwrap();
    Case::new(
        "slow headers",
        Expect::fails_within(ErrorKind::Timeout, ms(300)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

/// A long budget against a server that never answers. Linux fires a long
/// socket timeout late by up to an eighth of it (a 30 s read returned after
/// 31.4 s), so the runtime waits in shorter pieces; the call must end within
/// 100 ms of its budget, not the 400 ms the short cases allow.
const LONG_BUDGET: Duration = Duration::from_secs(20);
/// A Timeout within 100 ms of [`LONG_BUDGET`].
const ON_TIME: Expect = Expect::FailsWithin {
    kind: ErrorKind::Timeout,
    budget: LONG_BUDGET,
    margin: Duration::from_millis(100),
};

/// The long-budget cases run side by side, so together they cost one budget
/// of wall time rather than four on a two-core test run.
#[test]
fn long_budgets_end_on_time() {
    let cases: [(&str, fn()); 4] = [
        ("silent server", silent_server_with_a_long_budget),
        (
            "silent HTTPS server",
            silent_https_server_with_a_long_budget,
        ),
        ("stalled upload", upload_stalled_with_a_long_budget),
        (
            "HTTPS record cut halfway",
            https_record_cut_halfway_with_a_long_budget,
        ),
    ];
    let running: Vec<_> = cases
        .into_iter()
        .map(|(name, case)| (name, std::thread::spawn(case)))
        .collect();
    let failed: Vec<_> = running
        .into_iter()
        .filter_map(|(name, thread)| thread.join().is_err().then_some(name))
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
}

fn silent_server_with_a_long_budget() {
    let s = FaultServer::start();
    s.then(Fault::Delay(LONG_BUDGET * 2, json(200, OK)));
    let c = single_attempt(s.url())
        .timeout(LONG_BUDGET)
        .build()
        .unwrap();
    Case::new("silent server, 20 s budget, ends on time", ON_TIME)
        .check(waited(LONG_BUDGET))
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
        );
}

/// Budgets from 0 to 40 ms, spaced so many land in the last microseconds of a
/// socket wait, where a read waited again converges on the deadline (a
/// subtraction there once panicked). Each is a Timeout, on time.
#[test]
fn short_budgets_end_in_a_timeout() {
    let s = FaultServer::start();
    let mut late = Vec::new();
    for i in 0..200u64 {
        let budget = Duration::from_micros(i * i);
        s.then(Fault::Delay(Duration::from_secs(2), json(200, OK)));
        let c = single_attempt(s.url()).timeout(budget).build().unwrap();
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(|| Member::show(&c, "a", "m", ()));
        let elapsed = started.elapsed();
        match outcome {
            Ok(Err(e)) if e.kind() == ErrorKind::Timeout => {}
            Ok(other) => panic!("budget {budget:?}: {:?}", other.map_err(|e| e.to_string())),
            Err(_) => panic!("budget {budget:?}: the call panicked"),
        }
        if elapsed > budget + MARGIN {
            late.push((budget, elapsed));
        }
    }
    assert!(late.is_empty(), "over budget + {MARGIN:?}: {late:?}");
    let healthy = FaultServer::start();
    Member::show(&client(&healthy.url()), "a", "m", ()).unwrap();
}

#[test]
fn slow_body_stalls_midway() {
    let s = FaultServer::start();
    let mut head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", OK.len()).into_bytes();
    head.extend_from_slice(&OK.as_bytes()[..8]);
    s.then(Fault::StallAfter(head, Duration::from_secs(2)));
    let c = single_attempt(s.url()).timeout(ms(300)).build().unwrap();
    Case::new(
        "slow body (stalls midway), not reused",
        Expect::fails_within(ErrorKind::Timeout, ms(300)),
    )
    .after(|| {
        let seen = s.seen();
        let reused = seen.len() == 2 && seen[0].connection == seen[1].connection;
        let counts = format!(
            "{} connections for {} requests",
            s.connections(),
            seen.len()
        );
        if !reused && seen.len() == 2 {
            Ok(counts)
        } else {
            Err(format!("the stalled connection was reused: {counts}"))
        }
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn retries_stop_at_the_overall_deadline() {
    let s = FaultServer::start();
    for _ in 0..50 {
        s.then(Fault::Raw(json(503, "{}")));
    }
    let c = Client::builder(s.url())
        .no_proxy()
        .timeout(ms(700))
        .retry(Retry::new(50).base_delay(ms(100)).jitter(false))
        .build()
        .unwrap();
    let healthy = FaultServer::start();
    Case::new(
        "retries stop at the overall deadline",
        Expect::FailsWithin {
            kind: ErrorKind::Api,
            budget: ms(700),
            margin: ms(300),
        },
    )
    .check(|r, took| match r {
        Err(e) => Ok(format!("{} attempts in {took:.1?}", e.attempts())),
        Ok(_) => Err("decoded".into()),
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}

// --- retries ---

#[test]
fn retry_after_seconds() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(429, r#"{"message":"slow down"}"#)));
    s.then(Fault::Raw(http(429, &[("retry-after", "1")], b"{}")));
    let c = client(&s.url());
    Case::new("429 with Retry-After: 1 (seconds)", Expect::Recovers)
        .check(waited(ms(950)))
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
        );
}

#[test]
fn retry_after_http_date() {
    let s = FaultServer::start();
    let c = client(&s.url());
    Case::new("429 with Retry-After: <HTTP date>", Expect::Recovers)
        .check(waited(ms(900)))
        .run(
            // The date is whole seconds, so the wait is between 1 and 2 s only
            // when it is taken as the call starts.
            || {
                let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
                s.then(Fault::Raw(http(429, &[("retry-after", &date)], b"{}")));
                Member::show(&c, "a", "m", ())
            },
            || Member::show(&c, "a", "m", ()),
        );
}

#[test]
fn retry_after_over_the_cap() {
    let s = FaultServer::start();
    let c = Client::builder(s.url())
        .no_proxy()
        .retry(Retry::new(3).max_delay(Duration::from_secs(5)))
        .build()
        .unwrap();
    s.then(Fault::Raw(http(429, &[("retry-after", "60")], b"{}")));
    Case::new(
        "429 asking for more than the cap",
        Expect::Fails(ErrorKind::Api),
    )
    .check(|r, _| match r {
        Err(e) if e.retry_after() == Some(Duration::from_secs(60)) && e.attempts() == 1 => {
            Ok("no retry; retry_after() = 60s".into())
        }
        other => Err(message(other)),
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn get_503_twice_then_200() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(503, "{}")))
        .then(Fault::Raw(json(503, "{}")));
    let c = client(&s.url());
    Case::new("503 twice, then 200", Expect::Recovers)
        .check(|_, _| match s.seen().len() {
            3 => Ok("3 requests".into()),
            n => Err(format!("{n} requests")),
        })
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
        );
}

/// The requests `s` saw with this method.
fn requests(s: &FaultServer, method: &str) -> Vec<restlax_tests::faults::Seen> {
    s.seen()
        .into_iter()
        .filter(|r| r.head.starts_with(&format!("{method} ")))
        .collect()
}

#[test]
fn post_answered_503_is_not_resent() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(503, "{}")));
    let c = client(&s.url());
    Case::new(
        "POST answered 503 is not re-sent",
        Expect::Fails(ErrorKind::Api),
    )
    .check(|_, _| match requests(&s, "POST").len() {
        1 => Ok("1 POST".into()),
        n => Err(format!("{n} POSTs")),
    })
    .run(
        || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn post_marked_idempotent_is_retried_intact() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(503, "{}")));
    let c = client(&s.url());
    let body = serde_json::json!({"email": "x@example.com", "roles": ["a", "b"]});
    Case::new("POST marked idempotent is retried intact", Expect::Recovers)
        .check(|_, _| {
            let posts = requests(&s, "POST");
            let sent = serde_json::to_vec(&body).unwrap();
            if posts.len() == 2 && posts.iter().all(|p| p.body == sent) {
                Ok("2 identical POSTs".into())
            } else {
                Err(format!("{} POSTs", posts.len()))
            }
        })
        .run(
            || {
                Member::create(
                    &c,
                    "a",
                    &body,
                    Opts::new().idempotent().header("idempotency-key", "k1"),
                )
            },
            || Member::show(&c, "a", "m", ()),
        );
}

#[test]
fn put_resends_the_body_intact() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(502, "{}")))
        .then(Fault::Raw(json(504, "{}")));
    let c = client(&s.url());
    let body = serde_json::json!({"email": "x@example.com"});
    Case::new("PUT re-sends the body intact", Expect::Recovers)
        .check(|_, _| {
            let puts = requests(&s, "PUT");
            if puts.len() == 3 && puts.iter().all(|p| p.body == puts[0].body) {
                Ok("3 identical PUTs".into())
            } else {
                Err(format!("{} PUTs", puts.len()))
            }
        })
        .run(
            || Member::update(&c, "a", "m", &body, ()),
            || Member::show(&c, "a", "m", ()),
        );
}

// --- redirects ---

#[test]
fn redirect_loop() {
    let s = FaultServer::start();
    let path = "/accounts/a/members/m";
    s.then(Fault::Raw(http(302, &[("location", "/elsewhere")], b"")))
        .then(Fault::Raw(http(302, &[("location", path)], b"")));
    let c = client(&s.url());
    Case::new("redirect loop", Expect::Fails(ErrorKind::Redirect)).run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn too_many_redirects() {
    let s = FaultServer::start();
    for i in 0..6 {
        s.then(Fault::Raw(http(
            307,
            &[("location", &format!("/hop{i}"))],
            b"",
        )));
    }
    let c = client(&s.url());
    Case::new("too many redirects", Expect::Fails(ErrorKind::Redirect)).run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

/// A server whose first answer redirects to another host (127.0.0.2), which
/// answers a member.
fn redirect_to_another_host() -> (FaultServer, MockServer) {
    let other = MockServer::start_on("127.0.0.2");
    other.respond(MockResponse::json(
        200,
        &serde_json::json!({"id": "moved", "email": "m@example.com"}),
    ));
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        302,
        &[("location", &format!("{}/moved", other.url()))],
        b"",
    )));
    (s, other)
}

#[test]
fn redirect_to_another_host_drops_secrets() {
    let (s, other) = redirect_to_another_host();
    let c = single_attempt(s.url())
        .bearer_auth("t0ken-SECRET")
        .secret_header("x-auth-key", "k3y-SECRET")
        .header("x-team", "core")
        .build()
        .unwrap();
    Case::new("redirect to another host drops secrets", Expect::Recovers)
        .check(|_, _| {
            let there = other.last_request().ok_or("the other host got nothing")?;
            let leaked =
                there.header("authorization").is_some() || there.header("x-auth-key").is_some();
            let first = &s.seen()[0];
            if leaked {
                Err("a secret reached 127.0.0.2".into())
            } else if there.header("x-team") != Some("core") {
                Err("plain headers were dropped too".into())
            } else if first.header("authorization").as_deref() != Some("Bearer t0ken-SECRET") {
                Err("the origin did not get the token".into())
            } else {
                Ok("127.0.0.2 got x-team, no Authorization, no X-Auth-Key".into())
            }
        })
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
        );
}

#[test]
fn redirect_307_to_another_host_keeps_the_body() {
    let other = MockServer::start_on("127.0.0.2");
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        307,
        &[("location", &format!("{}/steal", other.url()))],
        b"",
    )));
    let c = client(&s.url());
    let login = serde_json::json!({"email": "a@example.com", "password": "hunter2"});
    Case::new(
        "307 to another host would re-send the body",
        Expect::Fails(ErrorKind::Redirect),
    )
    .check(|_, _| match other.request_count() {
        0 => Ok("127.0.0.2 got nothing".into()),
        _ => Err("the body reached 127.0.0.2".into()),
    })
    .run(
        || Member::create(&c, "a", &login, ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn redirect_308_on_the_same_origin_resends_the_body() {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        308,
        &[("location", "/accounts/a/members/moved")],
        b"",
    )));
    let c = client(&s.url());
    let body = serde_json::json!({"email": "b@example.com"});
    Case::new("308 on the same origin re-sends the body", Expect::Recovers)
        .check(|_, _| {
            let sent = serde_json::to_vec(&body).unwrap();
            match requests(&s, "PUT")
                .iter()
                .find(|r| r.head.starts_with("PUT /accounts/a/members/moved"))
            {
                Some(r) if r.body == sent => Ok("PUT with the same body".into()),
                _ => Err("the redirected PUT lost its body".into()),
            }
        })
        .run(
            || Member::update(&c, "a", "m", &body, ()),
            || Member::show(&c, "a", "m", ()),
        );
}

// --- configuration ---

#[test]
fn https_only_refuses_plain_http() {
    let error = Client::builder("http://127.0.0.1:1")
        .https_only(true)
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
    assert!(error.to_string().contains("https_only"), "{error}");
    assert!(
        Client::builder("https://api.example.com")
            .https_only(true)
            .build()
            .is_ok()
    );
}

// --- one deadline: the head, 1xx answers and the upload come out of it too ---

#[test]
fn dripping_response_head() {
    let s = FaultServer::start();
    s.then(Fault::Drip {
        first: b"HTTP/1.1 200 OK\r\nx-drip: ".to_vec(),
        then: b"a".to_vec(),
        every: ms(100),
        total: Duration::from_secs(10),
    });
    let c = single_attempt(s.url()).timeout(ms(500)).build().unwrap();
    Case::new(
        "response head dripping a byte every 100 ms",
        Expect::fails_within(ErrorKind::Timeout, ms(500)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn endless_102_processing() {
    let s = FaultServer::start();
    s.then(Fault::Drip {
        first: Vec::new(),
        then: b"HTTP/1.1 102 Processing\r\n\r\n".to_vec(),
        every: ms(10),
        total: Duration::from_secs(30),
    });
    let c = single_attempt(s.url())
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    Case::new(
        "102 Processing every 10 ms, forever",
        Expect::fails_within(ErrorKind::Timeout, Duration::from_secs(2)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn slow_reader_of_an_upload() {
    let s = FaultServer::start();
    s.then(Fault::SlowRead {
        chunk: 64 * 1024,
        every: ms(200),
        total: Duration::from_secs(30),
    });
    let c = single_attempt(s.url())
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    // Already JSON, so the call's time is the upload, not a debug build's serializer.
    // 8 MiB at 64 KiB per 200 ms would take 25 s, like the 32 MiB at 256 KiB
    // first measured, at a quarter of the copying on a busy test machine.
    let email = "x".repeat(8 * 1024 * 1024);
    let body =
        serde_json::value::RawValue::from_string(format!(r#"{{"email":"{email}"}}"#)).unwrap();
    Case::new(
        "8 MiB PUT to a server reading 64 KiB every 200 ms",
        Expect::fails_within(ErrorKind::Timeout, Duration::from_secs(1)),
    )
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&c, "a", "m", ()),
    );
}

fn upload_stalled_with_a_long_budget() {
    let s = FaultServer::start();
    // One chunk read, then nothing: the client's send fills the socket buffers
    // part way through a write and waits.
    s.then(Fault::SlowRead {
        chunk: 64 * 1024,
        every: LONG_BUDGET * 2,
        total: LONG_BUDGET * 2,
    });
    let c = single_attempt(s.url())
        .timeout(LONG_BUDGET)
        .build()
        .unwrap();
    // Enough to fill both sockets' buffers. The deadline starts once the body
    // is serialized, which for 32 MiB took longer than this case's margin in a
    // debug build on a busy machine.
    let body = upload_of(8);
    Case::new("8 MiB PUT, server stops reading, 20 s budget", ON_TIME)
        // Each send waits for what is left and again after waking early, so
        // the upload ends at the deadline, not before it.
        .check(waited(LONG_BUDGET))
        .run(
            || Member::update(&c, "a", "m", &body, ()),
            || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
        );
}

/// A JSON body of about `mib` MiB, already serialized, so that a call's time is
/// the upload and not a debug build's serializer.
fn upload_of(mib: usize) -> Box<serde_json::value::RawValue> {
    let email = "x".repeat(mib * 1024 * 1024);
    serde_json::value::RawValue::from_string(format!(r#"{{"email":"{email}"}}"#)).unwrap()
}

/// A budget far shorter than the slow readers below take to drain an 8 MiB
/// upload (50 s and more).
const UPLOAD_BUDGET: Duration = Duration::from_millis(800);

/// A server that reads `chunk` bytes every `every` of an 8 MiB PUT must not
/// keep the call past its deadline: every send of the upload ends by it, not
/// only the start of each buffer's write (which let one 128 KiB write run on
/// for as long as the peer took to drain it).
fn slowly_drained_upload(name: &'static str, chunk: usize, every: Duration) {
    let s = FaultServer::start();
    s.then(Fault::SlowRead {
        chunk,
        every,
        total: Duration::from_secs(30),
    });
    let c = single_attempt(s.url())
        .timeout(UPLOAD_BUDGET)
        .build()
        .unwrap();
    let body = upload_of(8);
    Case::new(
        name,
        Expect::fails_within(ErrorKind::Timeout, UPLOAD_BUDGET),
    )
    .check(waited(UPLOAD_BUDGET))
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
    );
}

/// Two paces side by side (each call mostly waits): the one first measured,
/// and one slow enough that a single buffer's write outlasts the budget.
#[test]
fn slowly_draining_upload_ends_by_the_deadline() {
    let paces = [
        ("8 MiB PUT, server reads 16 KiB per 100 ms", ms(100)),
        ("8 MiB PUT, server reads 16 KiB per 400 ms", ms(400)),
    ];
    let running: Vec<_> = paces
        .into_iter()
        .map(|(name, every)| {
            (
                name,
                std::thread::spawn(move || slowly_drained_upload(name, 16 * 1024, every)),
            )
        })
        .collect();
    let failed: Vec<_> = running
        .into_iter()
        .filter_map(|(name, thread)| thread.join().is_err().then_some(name))
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
}

/// Reads the rest of an upload 16 KiB every 100 ms, for at most 30 s.
fn drain_slowly(tcp: &mut std::net::TcpStream, _: &mut rustls::ServerConnection) {
    use std::io::Read;
    let started = Instant::now();
    let mut buf = vec![0; 16 * 1024];
    while started.elapsed() < Duration::from_secs(30) {
        if !matches!(tcp.read(&mut buf), Ok(n) if n > 0) {
            return;
        }
        std::thread::sleep(ms(100));
    }
}

#[test]
fn slowly_draining_https_upload_ends_by_the_deadline() {
    let (builder, _) = tls_server(drain_slowly);
    let c = builder.timeout(UPLOAD_BUDGET).build().unwrap();
    let body = upload_of(8);
    Case::new(
        "8 MiB HTTPS PUT, server reads 16 KiB per 100 ms",
        Expect::fails_within(ErrorKind::Timeout, UPLOAD_BUDGET),
    )
    .check(waited(UPLOAD_BUDGET))
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
    );
}

// --- an early final answer: a server refuses an upload before reading it ---

/// `413` with a JSON message, closing the connection.
fn refusal() -> Vec<u8> {
    http(
        413,
        &[
            ("content-type", "application/json"),
            ("connection", "close"),
        ],
        br#"{"message":"upload too large"}"#,
    )
}

/// The server's answer is the result, even when it comes before the body was
/// read and the rest of the upload meets a reset connection; and a refused
/// upload is not sent again.
#[test]
fn upload_refused_before_it_is_read() {
    let s = FaultServer::start();
    // Refused as often as the client would try.
    for _ in 0..3 {
        s.then(Fault::CloseUnread(refusal()));
    }
    let c = client(&s.url());
    let body = upload_of(8);
    Case::new(
        "8 MiB PUT answered 413 before it is read",
        Expect::Fails(ErrorKind::Api),
    )
    .check(|r, _| {
        let puts = requests(&s, "PUT");
        // What the server read, over every connection: heads only, as it
        // closes without reading a body.
        let received: usize = s.seen().iter().map(|r| r.head.len() + r.body.len()).sum();
        match r {
            Err(e) if e.status() == Some(413) && puts.len() == 1 && received < 16 << 20 => {
                Ok(format!("413, 1 PUT, server read {received} bytes"))
            }
            Err(e) => Err(format!(
                "status {:?}, {} PUTs, server read {received} bytes: {e}",
                e.status(),
                puts.len()
            )),
            Ok(_) => Err("succeeded".into()),
        }
    })
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
    );
}

/// Without an answer, the reset connection stays a transport error.
#[test]
fn upload_cut_off_without_an_answer() {
    let s = FaultServer::start();
    s.then(Fault::CloseUnread(Vec::new()));
    let c = single_attempt(s.url()).build().unwrap();
    let body = upload_of(8);
    Case::new(
        "8 MiB PUT, connection closed unread, no answer",
        Expect::Fails(ErrorKind::Transport),
    )
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&c, "a", "m", ()),
    );
}

/// Sends the refusal as TLS records and closes without reading the upload.
fn refuse_unread(tcp: &mut std::net::TcpStream, tls: &mut rustls::ServerConnection) {
    use std::io::Write;
    let answer = String::from_utf8(refusal()).unwrap();
    let _ = tcp.write_all(&sealed(tls, &answer));
    // A close with unread data resets the connection at once and drops what
    // the kernel has not sent yet (1 run in 13 lost the answer so): give it
    // time to leave, as a server's lingering close does.
    std::thread::sleep(ms(50));
}

#[test]
fn https_upload_refused_before_it_is_read() {
    let (builder, accepted) = tls_server(refuse_unread);
    let c = builder.retry(fast_retry()).build().unwrap();
    let body = upload_of(8);
    Case::new(
        "8 MiB HTTPS PUT answered 413 before it is read",
        Expect::Fails(ErrorKind::Api),
    )
    .check(|r, _| {
        let connections = accepted.load(std::sync::atomic::Ordering::SeqCst);
        match r {
            Err(e) if e.status() == Some(413) && connections == 1 => {
                Ok("413 on 1 connection".into())
            }
            Err(e) => Err(format!(
                "status {:?} on {connections} connections: {e}",
                e.status()
            )),
            Ok(_) => Err("succeeded".into()),
        }
    })
    .run(
        || Member::update(&c, "a", "m", &body, ()),
        || Member::show(&client(&FaultServer::start().url()), "a", "m", ()),
    );
}

// --- framing: restlax writes Content-Length and Transfer-Encoding, never the caller ---

/// GitHub-style body-less writes on an issue.
#[restlax::resource(
    path = "/repos/<owner>/issues",
    actions(show),
    action(name = lock, method = "PUT", path = "<id>/lock", returns = ()),
    action(name = pin, method = "POST", path = "<id>/pin", returns = ()),
    action(name = touch, method = "PATCH", path = "<id>/touch", returns = ())
)]
#[derive(Debug, serde::Deserialize)]
struct Issue {
    #[allow(dead_code)]
    id: String,
}

#[test]
fn bodyless_writes_send_content_length_zero() {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(204, &[], b"")))
        .then(Fault::Raw(http(204, &[], b"")))
        .then(Fault::Raw(http(204, &[], b"")));
    let c = single_attempt(s.url()).build().unwrap();
    Case::new(
        "body-less PUT, POST, PATCH: Content-Length: 0",
        Expect::Recovers,
    )
    .check(|_, _| {
        let seen = s.seen();
        let framed: Vec<_> = seen
            .iter()
            .map(|r| (r.header("content-length"), r.header("transfer-encoding")))
            .collect();
        if seen.len() == 3 && framed.iter().all(|f| *f == (Some("0".into()), None)) {
            Ok("3 requests, each Content-Length: 0, none chunked".into())
        } else {
            Err(format!("{framed:?}"))
        }
    })
    .run(
        || {
            Issue::lock(&c, "o", 7, ())?;
            Issue::pin(&c, "o", 7, ())?;
            Issue::touch(&c, "o", 7, ())
        },
        || Member::show(&c, "a", "m", ()),
    );
}

/// A framing header set by the caller fails before anything is sent.
fn framing_refused(
    name: &'static str,
    call: impl FnOnce(&Client) -> Result<Member, restlax::Error>,
) {
    let s = FaultServer::start();
    let c = single_attempt(s.url()).timeout(ms(500)).build().unwrap();
    Case::new(
        name,
        Expect::fails_within(ErrorKind::InvalidRequest, Duration::ZERO),
    )
    .check(|r, _| match (r, s.seen().len()) {
        (Err(e), 0) if e.to_string().contains("set by restlax") => Ok("nothing sent".into()),
        (r, n) => Err(format!("{n} requests sent; {}", message(r))),
    })
    .run(|| call(&c), || Member::show(&c, "a", "m", ()));
}

#[test]
fn caller_content_length_on_a_get() {
    framing_refused("content-length: 100 on a GET", |c| {
        Member::show(c, "a", "m", Opts::new().header("content-length", "100"))
    });
}

#[test]
fn caller_content_length_zero_on_a_put_with_a_body() {
    framing_refused("content-length: 0 on a PUT with a body", |c| {
        let body = serde_json::json!({"email": "kept@example.com"});
        Member::update(
            c,
            "a",
            "m",
            &body,
            Opts::new().header("Content-Length", "0"),
        )
    });
}

#[test]
fn caller_transfer_encoding_host_connection() {
    framing_refused("transfer-encoding / host / connection per call", |c| {
        for (name, value) in [
            ("transfer-encoding", "chunked"),
            ("host", "evil.example"),
            ("connection", "close"),
        ] {
            let e = Member::show(c, "a", "m", Opts::new().header(name, value)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{name}");
        }
        Member::show(
            c,
            "a",
            "m",
            Opts::new().secret_header("Transfer-Encoding", "gzip"),
        )
    });
    for name in ["Content-Length", "transfer-encoding", "Host", "connection"] {
        let e = Client::builder("http://127.0.0.1:1")
            .header(name, "x")
            .build()
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{name}");
    }
}

// --- durations and counters saturate ---

#[test]
fn timeout_of_duration_max() {
    let s = FaultServer::start();
    let c = single_attempt(s.url())
        .timeout(Duration::MAX)
        .connect_timeout(Duration::MAX)
        .build()
        .unwrap();
    Case::new("timeout(Duration::MAX)", Expect::Recovers).run(
        || Member::show(&c, "a", "m", Opts::new().timeout(Duration::MAX)),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn retry_after_of_u64_max_seconds() {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        503,
        &[("retry-after", "18446744073709551615")],
        b"{}",
    )));
    let c = Client::builder(s.url())
        .no_proxy()
        .timeout(ms(500))
        .retry(Retry::new(3).max_delay(Duration::MAX))
        .build()
        .unwrap();
    Case::new(
        "max_delay(MAX) and Retry-After: u64::MAX",
        Expect::fails_within(ErrorKind::Api, ms(500)),
    )
    .check(|r, _| match r {
        Err(e) if e.retry_after() == Some(Duration::from_secs(u64::MAX)) => {
            Ok("no retry; retry_after() = u64::MAX s".into())
        }
        other => Err(message(other)),
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn backoff_of_duration_max() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(503, "{}")));
    let c = Client::builder(s.url())
        .no_proxy()
        .timeout(ms(500))
        .retry(
            Retry::new(3)
                .base_delay(Duration::MAX)
                .max_delay(Duration::MAX),
        )
        .build()
        .unwrap();
    Case::new(
        "base_delay(MAX).max_delay(MAX) and a 503",
        Expect::fails_within(ErrorKind::Api, ms(500)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn cloudflare_page_of_u64_max() {
    let s = FaultServer::start();
    let body = format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":[{OK}],"result_info":{{"page":{},"per_page":1,"count":1}}}}"#,
        u64::MAX
    );
    s.then(Fault::Raw(json(200, &body)));
    let c = single_attempt(s.url())
        .envelope(Cloudflare)
        .build()
        .unwrap();
    let plain = single_attempt(s.url()).build().unwrap();
    Case::new("Cloudflare result_info.page = u64::MAX", Expect::Recovers)
        .check(|r: &Result<Vec<Member>, _>, _| match r {
            Ok(items) if items.len() == 1 && s.seen().len() == 1 => {
                Ok("one page, no next page".into())
            }
            other => Err(format!("{:?}", other.as_ref().map(Vec::len))),
        })
        .run(
            || Member::index_all(&c, "a", ()).collect(),
            || Member::show(&plain, "a", "m", ()),
        );
}

// --- secrets ---

#[test]
fn base_url_with_credentials_is_refused_unechoed() {
    for url in [
        "http://user:pa55/word@127.0.0.1:1/api",
        "http://user:pa55word@127.0.0.1:1/api",
        "http://pa55word@127.0.0.1:1",
    ] {
        let builder = Client::builder(url).no_proxy();
        assert!(!format!("{builder:?}").contains("pa55"), "{builder:?}");
        let e = builder.build().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest);
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("pa55"), "{shown}");
        assert!(shown.contains("basic_auth"), "{shown}");
    }
}

#[test]
fn basic_auth_is_sent_and_never_shown() {
    let s = FaultServer::start();
    s.then(Fault::Raw(json(401, r#"{"message":"bad credentials"}"#)));
    let c = single_attempt(s.url())
        .basic_auth("admin", "pa55/word")
        .build()
        .unwrap();
    assert!(!format!("{c:?}").contains("pa55"));
    Case::new(
        "basic_auth: sent, never shown",
        Expect::Fails(ErrorKind::Api),
    )
    .check(|r, _| {
        let shown = format!("{}", r.as_ref().unwrap_err());
        let sent = s.seen()[0].header("authorization");
        if shown.contains("pa55") || shown.contains("YWRtaW46cGE1NS93b3Jk") {
            Err(format!("shown: {shown}"))
        } else if sent.as_deref() != Some("Basic YWRtaW46cGE1NS93b3Jk") {
            Err(format!("sent {sent:?}"))
        } else {
            Ok("Authorization: Basic …; not in Debug or the error".into())
        }
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn credentials_set_as_plain_headers_are_secret() {
    let (s, other) = redirect_to_another_host();
    let c = single_attempt(s.url())
        .header("Authorization", "token gh-SECRET")
        .header("Cookie", "session=cookie-SECRET")
        .build()
        .unwrap();
    assert!(!format!("{c:?}").contains("SECRET"), "{c:?}");
    Case::new(
        "Authorization/Cookie/Proxy-Authorization set with header(): secret",
        Expect::Recovers,
    )
    .check(|_, _| {
        let there = other.last_request().ok_or("the other host got nothing")?;
        let leaked: Vec<_> = ["authorization", "cookie", "proxy-authorization"]
            .into_iter()
            .filter(|h| there.header(h).is_some())
            .collect();
        let first = &s.seen()[0];
        if !leaked.is_empty() {
            Err(format!("{leaked:?} reached 127.0.0.2"))
        } else if first.header("proxy-authorization").as_deref() != Some("Basic cHJveHk=") {
            Err("the origin did not get the per-call header".into())
        } else {
            Ok("the origin got all three, 127.0.0.2 none".into())
        }
    })
    .run(
        || {
            Member::show(
                &c,
                "a",
                "m",
                Opts::new().header("proxy-authorization", "Basic cHJveHk="),
            )
        },
        || Member::show(&c, "a", "m", ()),
    );
}

// --- references: Location and Link resolve against the URL that answered ---

/// Follows one redirect from `/repos/o/issues/m` to `location`; returns the
/// request line the server saw second.
fn redirected_to(location: &str) -> Result<String, String> {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(302, &[("location", location)], b"")));
    let c = single_attempt(s.url()).build().unwrap();
    Issue::show(&c, "o", "m", ()).map_err(|e| e.to_string())?;
    let seen = s.seen();
    let line = seen.get(1).ok_or("no second request")?.head.lines().next();
    Ok(line.unwrap_or_default().to_owned())
}

#[test]
fn relative_locations_resolve_like_a_browser() {
    let s = FaultServer::start();
    Case::new("Location: ?page=2, ../x/9, n, /abs", Expect::Recovers)
        .check(|_: &Result<(), _>, _| {
            let cases = [
                ("?page=2", "GET /repos/o/issues/m?page=2 HTTP/1.1"),
                ("../x/9", "GET /repos/o/x/9 HTTP/1.1"),
                ("n", "GET /repos/o/issues/n HTTP/1.1"),
                ("/abs?q=1", "GET /abs?q=1 HTTP/1.1"),
            ];
            for (location, want) in cases {
                let got = redirected_to(location)?;
                if got != want {
                    return Err(format!("{location}: {got}"));
                }
            }
            Ok("all four as RFC 3986 says".into())
        })
        .run(|| Ok(()), || Member::show(&client(&s.url()), "a", "m", ()));
}

#[test]
fn non_http_locations_are_not_followed() {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        302,
        &[("location", "file:///etc/passwd")],
        b"",
    )));
    let c = single_attempt(s.url())
        .bearer_auth("t0ken")
        .build()
        .unwrap();
    Case::new(
        "Location: file:///etc/passwd",
        Expect::Fails(ErrorKind::Redirect),
    )
    .check(|r, _| match (r, s.seen().len()) {
        (Err(e), 1) if e.to_string().contains("only http and https") => {
            Ok("refused; 1 request".into())
        }
        (r, n) => Err(format!("{n} requests; {}", message(r))),
    })
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&c, "a", "m", ()),
    );
}

/// A Plain-envelope list.
#[restlax::resource(path = "/items", actions(index))]
#[derive(Debug, serde::Deserialize)]
struct Item {
    id: u64,
}

#[test]
fn relative_link_next_is_followed() {
    let s = FaultServer::start();
    s.then(Fault::Raw(http(
        200,
        &[("link", r#"</items?page=2>; rel="next""#)],
        br#"[{"id":1}]"#,
    )))
    .then(Fault::Raw(http(
        200,
        &[("link", r#"<?page=3>; rel="next""#)],
        br#"[{"id":2}]"#,
    )))
    .then(Fault::Raw(http(200, &[], br#"[{"id":3}]"#)));
    let c = single_attempt(s.url()).build().unwrap();
    Case::new("Link: </items?page=2> and <?page=3>", Expect::Recovers)
        .check(|r: &Result<Vec<Item>, _>, _| {
            let ids: Vec<u64> = r.as_ref().unwrap().iter().map(|i| i.id).collect();
            let lines: Vec<String> = s
                .seen()
                .iter()
                .map(|r| r.head.lines().next().unwrap_or_default().to_owned())
                .collect();
            if ids == [1, 2, 3]
                && lines[1..] == ["GET /items?page=2 HTTP/1.1", "GET /items?page=3 HTTP/1.1"]
            {
                Ok("3 pages".into())
            } else {
                Err(format!("{ids:?} {lines:?}"))
            }
        })
        .run(
            || Item::index_all(&c, ()).collect(),
            || Member::show(&c, "a", "m", ()),
        );
}

// --- TLS: a record dripped below the HTTP layer ---

/// What a TLS test server does on the raw socket once a request is in.
type Answer = fn(&mut std::net::TcpStream, &mut rustls::ServerConnection);

/// A TLS server that completes each handshake, reads a request, then lets
/// `answer` misbehave on the raw socket. Returns a single-attempt client
/// builder for it that trusts its certificate, and a count of the connections
/// it accepted.
fn tls_server(
    answer: Answer,
) -> (
    ClientBuilder,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    tls_server_named("127.0.0.1", answer)
}

/// [`tls_server`] with a certificate for `name` only.
fn tls_server_named(
    name: &str,
    answer: Answer,
) -> (
    ClientBuilder,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
    let pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&accepted);
    std::thread::spawn(move || {
        // A bounded number of connections: the test sends at most a few.
        for _ in 0..4 {
            let Ok((mut tcp, _)) = listener.accept() else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            // A stuck server must not hold the thread past any test's budget.
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(10)));
            let mut tls = rustls::ServerConnection::new(Arc::clone(&config)).unwrap();
            if read_request_head(&mut tcp, &mut tls) {
                answer(&mut tcp, &mut tls);
            }
        }
    });
    (single_attempt(url).root_certificate(pem), accepted)
}

/// `answer` as the TLS records the server would send.
fn sealed(tls: &mut rustls::ServerConnection, answer: &str) -> Vec<u8> {
    use std::io::Write;
    tls.writer().write_all(answer.as_bytes()).unwrap();
    let mut wire = Vec::new();
    while tls.wants_write() {
        tls.write_tls(&mut wire).unwrap();
    }
    wire
}

/// Completes the handshake and reads until the request head is in. The
/// client's Finished message and its request may arrive in one TCP read or in
/// several, so the loop asks rustls for more only when it has no plaintext:
/// a fixed sequence of reads (the first version) sometimes waited for bytes
/// that had already arrived, and the client timed out instead of seeing the
/// answer under test.
fn read_request_head(tcp: &mut std::net::TcpStream, tls: &mut rustls::ServerConnection) -> bool {
    use std::io::{ErrorKind, Read};
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tls.reader().read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => {
                head.extend_from_slice(&buf[..n]);
                if head.windows(4).any(|w| w == b"\r\n\r\n") {
                    return true;
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                if tls.complete_io(tcp).is_err() {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}

/// Sends a whole HTTP answer as TLS records whose bytes go out one every 20 ms:
/// rustls reads a record in many small socket reads within one transport read.
fn drip_answer(tcp: &mut std::net::TcpStream, tls: &mut rustls::ServerConnection) {
    use std::io::Write;
    let body = format!(r#"{{"id":"ok","email":"{}"}}"#, "x".repeat(3000));
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let wire = sealed(tls, &answer);
    let started = Instant::now();
    for byte in wire {
        if started.elapsed() > Duration::from_secs(30) || tcp.write_all(&[byte]).is_err() {
            return;
        }
        std::thread::sleep(ms(20));
    }
}

/// Answers with a TLS record that fails its integrity check.
fn corrupt_answer(tcp: &mut std::net::TcpStream, _: &mut rustls::ServerConnection) {
    use std::io::Write;
    let _ = tcp.write_all(b"\x17\x03\x03\x00\x20-this-record-fails-decryption---");
    std::thread::sleep(ms(200));
}

/// Completes the handshake, then says nothing.
fn silent_answer(_: &mut std::net::TcpStream, _: &mut rustls::ServerConnection) {
    std::thread::sleep(LONG_BUDGET * 2);
}

fn silent_https_server_with_a_long_budget() {
    let (builder, _) = tls_server(silent_answer);
    let c = builder.timeout(LONG_BUDGET).build().unwrap();
    let healthy = FaultServer::start();
    Case::new("silent HTTPS server, 20 s budget, ends on time", ON_TIME)
        .check(waited(LONG_BUDGET))
        .run(
            || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
            || Member::show(&client(&healthy.url()), "a", "m", ()),
        );
}

/// Sends the first half of the answer's TLS records after 3 s, then nothing:
/// rustls waits for the rest of a record within one read.
fn half_a_record_late(tcp: &mut std::net::TcpStream, tls: &mut rustls::ServerConnection) {
    use std::io::Write;
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{OK}",
        OK.len()
    );
    let wire = sealed(tls, &answer);
    std::thread::sleep(Duration::from_secs(3));
    let _ = tcp.write_all(&wire[..wire.len() / 2]);
    std::thread::sleep(LONG_BUDGET * 2);
}

fn https_record_cut_halfway_with_a_long_budget() {
    let (builder, _) = tls_server(half_a_record_late);
    let c = builder.timeout(LONG_BUDGET).build().unwrap();
    let healthy = FaultServer::start();
    Case::new("HTTPS record cut halfway at 3 s, 20 s budget", ON_TIME)
        .check(waited(LONG_BUDGET))
        .run(
            || Member::show(&c, "a", "m", ()),
            || Member::show(&client(&healthy.url()), "a", "m", ()),
        );
}

/// Never called: the handshake fails first.
fn unreachable_answer(tcp: &mut std::net::TcpStream, _: &mut rustls::ServerConnection) {
    use std::io::Write;
    let _ = tcp.write_all(b"the request crossed a failed handshake");
}

#[test]
fn certificate_for_another_host_name() {
    // Trusted, but issued for another name than the one the client dialled.
    let (builder, accepted) = tls_server_named("api.example.test", unreachable_answer);
    let c = builder.retry(fast_retry()).build().unwrap();
    let healthy = FaultServer::start();
    Case::new(
        "trusted certificate for another host name",
        Expect::Fails(ErrorKind::Transport),
    )
    // The handshake failed before the request left, but the certificate's
    // verdict cannot change: 1 attempt, 1 connection, even for a GET.
    .check(|r, _| {
        let connections = accepted.load(std::sync::atomic::Ordering::SeqCst);
        match r {
            Err(e)
                if e.to_string().contains("not valid for this host name")
                    && e.attempts() == 1
                    && connections == 1 =>
            {
                Ok(format!("{e}"))
            }
            Err(e) => Err(format!(
                "{e} ({} attempts, {connections} connections)",
                e.attempts()
            )),
            Ok(_) => Err("the call succeeded".to_owned()),
        }
    })
    .run(
        || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}

#[test]
fn tls_handshake_never_answered() {
    // Accepts connections and says nothing.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(8).collect();
        std::thread::sleep(Duration::from_secs(5));
        drop(held);
    });
    let healthy = FaultServer::start();
    let c = Client::builder(url)
        .no_proxy()
        .retry(fast_retry())
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    Case::new(
        "TLS handshake never answered, POST",
        Expect::fails_within(ErrorKind::Timeout, Duration::from_secs(1)),
    )
    // A connect that ran out of time sent nothing, so even a POST is tried
    // again in the time that is left.
    .check(|r, _| match r {
        Err(e) if e.to_string().contains("(connecting)") && e.attempts() >= 2 => {
            Ok(format!("{} attempts; {e}", e.attempts()))
        }
        Err(e) => Err(format!("{} attempts; {e}", e.attempts())),
        Ok(_) => Err("the call succeeded".to_owned()),
    })
    .run(
        || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}

/// However the budget falls, a TLS handshake that never completes is a
/// timeout while connecting, retried (a POST too: nothing was sent), and never
/// reported as sending the request or as time simply running out. The last
/// attempt often starts in the sliver of time the one before left, where the
/// deadline, not the connect, ends its wait.
#[test]
fn tls_handshake_never_answered_is_connecting_whatever_the_budget() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().take(64).collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    let mut seen = Vec::new();
    for budget_ms in [250, 400, 600, 900, 1300, 1800, 2000] {
        let c = Client::builder(&url)
            .no_proxy()
            .retry(fast_retry())
            .timeout(Duration::from_millis(budget_ms))
            .build()
            .unwrap();
        let started = Instant::now();
        let error = Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()).unwrap_err();
        let elapsed = started.elapsed();
        let message = error.to_string();
        seen.push(format!(
            "{budget_ms} ms: {} attempts, {elapsed:.2?}: {message}",
            error.attempts()
        ));
        assert_eq!(error.kind(), ErrorKind::Timeout, "{seen:#?}");
        // The lookup (of an address here, so only a parse) is the first step
        // of connecting: the deadline can end the call there too.
        assert!(
            message.contains("(connecting)") || message.contains("(looking up the host)"),
            "{seen:#?}"
        );
        assert!(error.attempts() >= 2, "{seen:#?}");
        assert!(
            elapsed <= Duration::from_millis(budget_ms) + MARGIN,
            "{seen:#?}"
        );
    }
    println!("{seen:#?}");
}

#[test]
fn tls_record_dripped_byte_by_byte() {
    let (builder, _) = tls_server(drip_answer);
    let c = builder.timeout(Duration::from_secs(1)).build().unwrap();
    let healthy = FaultServer::start();
    Case::new(
        "HTTPS answer dripped a byte every 20 ms",
        Expect::fails_within(ErrorKind::Timeout, Duration::from_secs(1)),
    )
    .run(
        || Member::show(&c, "a", "m", ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}

#[test]
fn next_links_in_a_circle() {
    let s = FaultServer::start();
    for (id, next) in [
        (1, "/items?page=2"),
        (2, "/items?page=1"),
        (1, "/items?page=2"),
    ] {
        s.then(Fault::Raw(http(
            200,
            &[("link", &format!("<{next}>; rel=\"next\""))],
            format!(r#"[{{"id":{id}}}]"#).as_bytes(),
        )));
    }
    let c = single_attempt(s.url()).build().unwrap();
    Case::new(
        "Link next pages in a circle (1 -> 2 -> 1)",
        Expect::Recovers,
    )
    .check(
        |r: &Result<Vec<Item>, _>, _| match r.as_ref().map(Vec::len) {
            Ok(3) if s.seen().len() == 3 => Ok("3 pages, then the walk ends".into()),
            other => Err(format!("{other:?} items, {} requests", s.seen().len())),
        },
    )
    .run(
        || Item::index_all(&c, ()).take(50).collect(),
        || Member::show(&c, "a", "m", ()),
    );
}

#[test]
fn post_with_a_corrupt_tls_answer_is_not_resent() {
    let (builder, accepted) = tls_server(corrupt_answer);
    let c = builder
        .retry(fast_retry())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let healthy = FaultServer::start();
    Case::new(
        "POST answered with a corrupt TLS record is not re-sent",
        Expect::Fails(ErrorKind::Transport),
    )
    .check(
        |r, _| match (r, accepted.load(std::sync::atomic::Ordering::SeqCst)) {
            (Err(e), 1) => Ok(format!("1 connection; {e}")),
            (_, n) => Err(format!("{n} connections: the POST was sent again")),
        },
    )
    .run(
        || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
        || Member::show(&client(&healthy.url()), "a", "m", ()),
    );
}
