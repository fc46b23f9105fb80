//! The bad day, on purpose: loopback servers that refuse, reset, truncate,
//! stall, flood, rate-limit and redirect. Every case asserts the exact error
//! kind (or the recovery), that nothing panics, and that the same client works
//! for the next call. `cargo test --test faults -- --nocapture` prints the table.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant, SystemTime};

use restlax::envelope::Cloudflare;
use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, ErrorKind, Opts, Retry};
use restlax_tests::Member;
use restlax_tests::faults::{Fault, FaultServer, FullBacklog, http, json};

const OK: &str = r#"{"id":"ok","email":"ok@example.com"}"#;

/// What a case expects of the faulty call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Fails(ErrorKind),
    Recovers,
}

struct Row {
    case: &'static str,
    expected: Expect,
    got: String,
    detail: String,
    pass: bool,
}

fn fast_retry() -> Retry {
    Retry::new(3)
        .base_delay(Duration::from_millis(20))
        .max_delay(Duration::from_secs(2))
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .no_proxy()
        .retry(fast_retry())
        .build()
        .unwrap()
}

/// A loopback client builder that makes exactly one attempt.
fn single_attempt(base: impl Into<String>) -> restlax::ClientBuilder {
    Client::builder(base).no_proxy().retry(Retry::none())
}

/// Runs `call` (which must not panic), compares its outcome, then checks the
/// client answers the next call from `server` (which must then be healthy).
fn case(
    rows: &mut Vec<Row>,
    name: &'static str,
    expected: Expect,
    call: impl FnOnce() -> Result<Member, restlax::Error>,
    next: impl FnOnce() -> Result<Member, restlax::Error>,
    extra: impl FnOnce(&Result<Member, restlax::Error>) -> Result<String, String>,
) {
    let outcome = catch_unwind(AssertUnwindSafe(call));
    let (got, pass_kind, result) = match outcome {
        Err(_) => ("PANIC".to_owned(), false, None),
        Ok(Ok(member)) => (
            "ok".to_owned(),
            expected == Expect::Recovers,
            Some(Ok(member)),
        ),
        Ok(Err(error)) => (
            format!("{:?}", error.kind()),
            expected == Expect::Fails(error.kind()),
            Some(Err(error)),
        ),
    };
    let (extra_ok, detail) = match &result {
        Some(result) => match extra(result) {
            Ok(detail) => (true, detail),
            Err(detail) => (false, detail),
        },
        None => (false, "panicked".to_owned()),
    };
    let recovered = matches!(catch_unwind(AssertUnwindSafe(next)), Ok(Ok(_)));
    let detail = if recovered {
        detail
    } else {
        format!("{detail}; NEXT CALL FAILED")
    };
    rows.push(Row {
        case: name,
        expected,
        got,
        detail,
        pass: pass_kind && extra_ok && recovered,
    });
}

/// A check that the call took at least `min` (it waited as asked).
fn waited(
    started: Instant,
    min: Duration,
) -> impl FnOnce(&Result<Member, restlax::Error>) -> Result<String, String> {
    move |_| {
        let t = started.elapsed();
        if t >= min {
            Ok(format!("waited {t:.1?}"))
        } else {
            Err(format!("did not wait: {t:?}"))
        }
    }
}

/// A check that the call gave up in less than `max` (it kept its bound).
fn gave_up(
    started: Instant,
    max: Duration,
) -> impl FnOnce(&Result<Member, restlax::Error>) -> Result<String, String> {
    move |_| {
        let t = started.elapsed();
        if t < max {
            Ok(format!("gave up after {t:.1?}"))
        } else {
            Err(format!("took {t:?}"))
        }
    }
}

fn message(result: &Result<Member, restlax::Error>) -> String {
    match result {
        Ok(_) => "decoded".to_owned(),
        Err(error) => error.to_string(),
    }
}

#[test]
fn fault_injection_suite() {
    let mut rows = Vec::new();

    // --- the connection ---
    {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let c = client(&format!("http://{port}"));
        let mut server = None;
        case(
            &mut rows,
            "connection refused",
            Expect::Fails(ErrorKind::Transport),
            || Member::show(&c, "a", "m", ()),
            || {
                server = Some(FaultServer::bind(&port.to_string()));
                Member::show(&c, "a", "m", ())
            },
            |r| match r {
                Err(e) if e.attempts() == 3 => Ok(format!("{} attempts", e.attempts())),
                other => Err(message(other)),
            },
        );
    }
    {
        let backlog = FullBacklog::new();
        let c = single_attempt(format!("http://{}", backlog.addr))
            .connect_timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let healthy = FaultServer::start();
        let started = Instant::now();
        case(
            &mut rows,
            "connect timeout (full backlog)",
            Expect::Fails(ErrorKind::Timeout),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&client(&healthy.url()), "a", "m", ()),
            gave_up(started, Duration::from_secs(2)),
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Reset);
        let c = single_attempt(s.url()).build().unwrap();
        case(
            &mut rows,
            "reset before the response",
            Expect::Fails(ErrorKind::Transport),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| Ok(message(r)),
        );
    }
    {
        let s = FaultServer::start();
        let mut head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            OK.len()
        )
        .into_bytes();
        head.extend_from_slice(&OK.as_bytes()[..10]);
        s.then(Fault::ResetAfter(head));
        let c = single_attempt(s.url()).build().unwrap();
        case(
            &mut rows,
            "reset mid-body",
            Expect::Fails(ErrorKind::Transport),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| Ok(message(r)),
        );
    }
    // --- the body ---
    for (name, bytes, kind) in [
        ("truncated JSON", json(200, &OK[..20]), ErrorKind::Decode),
        (
            "HTML 502 from a proxy",
            http(
                502,
                &[("content-type", "text/html")],
                b"<html><title>502 Bad Gateway</title></html>",
            ),
            ErrorKind::Api,
        ),
        (
            "empty 200 where JSON is expected",
            http(200, &[], b""),
            ErrorKind::Decode,
        ),
        (
            "invalid UTF-8 in JSON",
            http(200, &[], b"{\"id\":\"\xff\xfe\",\"email\":\"x\"}"),
            ErrorKind::Decode,
        ),
        (
            "success:false with HTTP 200",
            json(
                200,
                r#"{"success":false,"errors":[{"code":1003,"message":"nope"}],"result":null}"#,
            ),
            ErrorKind::Api,
        ),
    ] {
        let s = FaultServer::start();
        s.then(Fault::Raw(bytes));
        let c = single_attempt(s.url())
            .envelope(Cloudflare)
            .build()
            .unwrap();
        let plain = Client::builder(s.url()).no_proxy().build().unwrap();
        case(
            &mut rows,
            name,
            Expect::Fails(kind),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&plain, "a", "m", ()),
            |r| match r {
                Err(e) if e.kind() == ErrorKind::Api && e.body_snippet().is_none() => {
                    Err("no snippet".into())
                }
                other => Ok(message(other)),
            },
        );
    }
    // --- time ---
    {
        let s = FaultServer::start();
        s.then(Fault::Delay(Duration::from_secs(2), json(200, OK)));
        let c = single_attempt(s.url())
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let started = Instant::now();
        case(
            &mut rows,
            "slow headers",
            Expect::Fails(ErrorKind::Timeout),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            gave_up(started, Duration::from_millis(900)),
        );
    }
    {
        let s = FaultServer::start();
        let mut head =
            format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", OK.len()).into_bytes();
        head.extend_from_slice(&OK.as_bytes()[..8]);
        s.then(Fault::StallAfter(head, Duration::from_secs(2)));
        let c = single_attempt(s.url())
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        let started = Instant::now();
        case(
            &mut rows,
            "slow body (stalls midway)",
            Expect::Fails(ErrorKind::Timeout),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            gave_up(started, Duration::from_millis(900)),
        );
        let seen = s.seen();
        let reused = seen.len() == 2 && seen[0].connection == seen[1].connection;
        rows.push(Row {
            case: "  ...stalled connection not reused",
            expected: Expect::Recovers,
            got: if reused { "reused".into() } else { "ok".into() },
            detail: format!(
                "{} connections for {} requests",
                s.connections(),
                seen.len()
            ),
            pass: !reused && seen.len() == 2,
        });
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Huge(8 * 1024 * 1024));
        let c = single_attempt(s.url())
            .max_body_size(256 * 1024)
            .build()
            .unwrap();
        case(
            &mut rows,
            "oversized body (8 MiB, limit 256 KiB)",
            Expect::Fails(ErrorKind::BodyTooLarge),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| Ok(message(r)),
        );
    }
    // --- retries ---
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(
            json(429, r#"{"message":"slow down"}"#)
                .into_iter()
                .collect(),
        ));
        let raw = http(429, &[("retry-after", "1")], b"{}");
        s.then(Fault::Raw(raw));
        let c = client(&s.url());
        let started = Instant::now();
        case(
            &mut rows,
            "429 with Retry-After: 1 (seconds)",
            Expect::Recovers,
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            waited(started, Duration::from_millis(950)),
        );
    }
    {
        let s = FaultServer::start();
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
        s.then(Fault::Raw(http(429, &[("retry-after", &date)], b"{}")));
        let c = client(&s.url());
        let started = Instant::now();
        case(
            &mut rows,
            "429 with Retry-After: <HTTP date>",
            Expect::Recovers,
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            waited(started, Duration::from_millis(900)),
        );
    }
    {
        let s = FaultServer::start();
        let c = Client::builder(s.url())
            .no_proxy()
            .retry(Retry::new(3).max_delay(Duration::from_secs(5)))
            .build()
            .unwrap();
        s.then(Fault::Raw(http(429, &[("retry-after", "60")], b"{}")));
        case(
            &mut rows,
            "429 asking for more than the cap",
            Expect::Fails(ErrorKind::Api),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| match r {
                Err(e) if e.retry_after() == Some(Duration::from_secs(60)) && e.attempts() == 1 => {
                    Ok("no retry; retry_after() = 60s".into())
                }
                other => Err(message(other)),
            },
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(json(503, "{}")))
            .then(Fault::Raw(json(503, "{}")));
        let c = client(&s.url());
        case(
            &mut rows,
            "503 twice, then 200",
            Expect::Recovers,
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
                if s.seen().len() == 3 {
                    Ok("3 requests".into())
                } else {
                    Err(format!("{} requests", s.seen().len()))
                }
            },
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(json(503, "{}")));
        let c = client(&s.url());
        case(
            &mut rows,
            "POST answered 503 is not re-sent",
            Expect::Fails(ErrorKind::Api),
            || Member::create(&c, "a", &serde_json::json!({"email": "x"}), ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
                let posts = s
                    .seen()
                    .iter()
                    .filter(|r| r.head.starts_with("POST"))
                    .count();
                if posts == 1 {
                    Ok("1 POST".into())
                } else {
                    Err(format!("{posts} POSTs"))
                }
            },
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(json(503, "{}")));
        let c = client(&s.url());
        let body = serde_json::json!({"email": "x@example.com", "roles": ["a", "b"]});
        case(
            &mut rows,
            "POST marked idempotent is retried intact",
            Expect::Recovers,
            || {
                Member::create(
                    &c,
                    "a",
                    &body,
                    Opts::new().idempotent().header("idempotency-key", "k1"),
                )
            },
            || Member::show(&c, "a", "m", ()),
            |_| {
                let posts: Vec<_> = s
                    .seen()
                    .into_iter()
                    .filter(|r| r.head.starts_with("POST"))
                    .collect();
                let same = posts.len() == 2
                    && posts[0].body == posts[1].body
                    && posts[0].body == serde_json::to_vec(&body).unwrap();
                if same {
                    Ok("2 identical POSTs".into())
                } else {
                    Err(format!("{} POSTs", posts.len()))
                }
            },
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(json(502, "{}")))
            .then(Fault::Raw(json(504, "{}")));
        let c = client(&s.url());
        let body = serde_json::json!({"email": "x@example.com"});
        case(
            &mut rows,
            "PUT re-sends the body intact",
            Expect::Recovers,
            || Member::update(&c, "a", "m", &body, ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
                let puts: Vec<_> = s
                    .seen()
                    .into_iter()
                    .filter(|r| r.head.starts_with("PUT"))
                    .collect();
                if puts.len() == 3 && puts.iter().all(|p| p.body == puts[0].body) {
                    Ok("3 identical PUTs".into())
                } else {
                    Err(format!("{} PUTs", puts.len()))
                }
            },
        );
    }
    {
        let s = FaultServer::start();
        for _ in 0..50 {
            s.then(Fault::Raw(json(503, "{}")));
        }
        let c = Client::builder(s.url())
            .no_proxy()
            .timeout(Duration::from_millis(700))
            .retry(
                Retry::new(50)
                    .base_delay(Duration::from_millis(100))
                    .jitter(false),
            )
            .build()
            .unwrap();
        let healthy = FaultServer::start();
        let started = Instant::now();
        case(
            &mut rows,
            "retries stop at the overall deadline",
            Expect::Fails(ErrorKind::Api),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&client(&healthy.url()), "a", "m", ()),
            |r| {
                let t = started.elapsed();
                match r {
                    Err(e) if t < Duration::from_millis(1000) => {
                        Ok(format!("{} attempts in {t:.1?}", e.attempts()))
                    }
                    other => Err(format!("{} in {t:?}", message(other))),
                }
            },
        );
    }
    // --- redirects ---
    {
        let s = FaultServer::start();
        let path = "/accounts/a/members/m";
        s.then(Fault::Raw(http(302, &[("location", "/elsewhere")], b"")))
            .then(Fault::Raw(http(302, &[("location", path)], b"")));
        let c = client(&s.url());
        case(
            &mut rows,
            "redirect loop",
            Expect::Fails(ErrorKind::Redirect),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| Ok(message(r)),
        );
    }
    {
        let s = FaultServer::start();
        for i in 0..6 {
            s.then(Fault::Raw(http(
                307,
                &[("location", &format!("/hop{i}"))],
                b"",
            )));
        }
        let c = client(&s.url());
        case(
            &mut rows,
            "too many redirects",
            Expect::Fails(ErrorKind::Redirect),
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |r| Ok(message(r)),
        );
    }
    {
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
        let c = single_attempt(s.url())
            .bearer_auth("t0ken-SECRET")
            .secret_header("x-auth-key", "k3y-SECRET")
            .header("x-team", "core")
            .build()
            .unwrap();
        case(
            &mut rows,
            "redirect to another host drops secrets",
            Expect::Recovers,
            || Member::show(&c, "a", "m", ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
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
            },
        );
    }

    {
        let other = MockServer::start_on("127.0.0.2");
        let s = FaultServer::start();
        s.then(Fault::Raw(http(
            307,
            &[("location", &format!("{}/steal", other.url()))],
            b"",
        )));
        let c = client(&s.url());
        let login = serde_json::json!({"email": "a@example.com", "password": "hunter2"});
        case(
            &mut rows,
            "307 to another host would re-send the body",
            Expect::Fails(ErrorKind::Redirect),
            || Member::create(&c, "a", &login, ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
                if other.request_count() == 0 {
                    Ok("127.0.0.2 got nothing".into())
                } else {
                    Err("the body reached 127.0.0.2".into())
                }
            },
        );
    }
    {
        let s = FaultServer::start();
        s.then(Fault::Raw(http(
            308,
            &[("location", "/accounts/a/members/moved")],
            b"",
        )));
        let c = client(&s.url());
        let body = serde_json::json!({"email": "b@example.com"});
        case(
            &mut rows,
            "308 on the same origin re-sends the body",
            Expect::Recovers,
            || Member::update(&c, "a", "m", &body, ()),
            || Member::show(&c, "a", "m", ()),
            |_| {
                let seen = s.seen();
                let moved = seen
                    .iter()
                    .find(|r| r.head.starts_with("PUT /accounts/a/members/moved"));
                match moved {
                    Some(r) if r.body == serde_json::to_vec(&body).unwrap() => {
                        Ok("PUT with the same body".into())
                    }
                    _ => Err("the redirected PUT lost its body".into()),
                }
            },
        );
    }

    print_table(&rows);
    let failed: Vec<_> = rows.iter().filter(|r| !r.pass).map(|r| r.case).collect();
    assert!(failed.is_empty(), "fault cases failed: {failed:?}");
}

fn print_table(rows: &[Row]) {
    println!(
        "\n{:<42} {:<22} {:<14} {:<5} detail",
        "case", "expected", "got", "pass"
    );
    println!("{}", "-".repeat(120));
    for row in rows {
        let expected = match row.expected {
            Expect::Fails(kind) => format!("{kind:?}"),
            Expect::Recovers => "recovers".to_owned(),
        };
        let detail: String = row.detail.chars().take(90).collect();
        println!(
            "{:<42} {:<22} {:<14} {:<5} {}",
            row.case,
            expected,
            row.got,
            if row.pass { "yes" } else { "NO" },
            detail
        );
    }
    let passed = rows.iter().filter(|r| r.pass).count();
    println!("{passed} passed, {} failed", rows.len() - passed);
}

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
