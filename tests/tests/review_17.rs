//! Issue 17, second round: what an independent review of the redesign found,
//! each reproduced on loopback (every test failed before its fix). The rules
//! are the same as in `one_request.rs`, on paths that file did not cover: a
//! redirect that keeps a secret query, targets whose credentials do not parse
//! as userinfo, next links that echo a secret, a secret header set again with
//! `set_header`, a POST retried on another call's error, a slow body reader,
//! JSON-escaped echoes, and the re-send budget across retries.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use restlax::middleware::{Answer, Next, Request};
use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use restlax::{Client, Error, ErrorKind, EtagCache, Metadata, Opts, Retry};
use restlax_tests::Member;
use serde_json::json;

const QK: &str = "qk-5be0c2f1d9";

fn single(url: &str) -> restlax::ClientBuilder {
    Client::builder(url).no_proxy().retry(Retry::none())
}

fn retrying(url: &str) -> restlax::ClientBuilder {
    Client::builder(url)
        .no_proxy()
        .retry(Retry::new(3).base_delay(Duration::from_millis(5)))
}

#[restlax::resource(path = "/items", actions(index))]
#[derive(Debug, serde::Deserialize)]
struct Item {
    #[allow(dead_code)]
    id: u64,
}

/// Moves every resource (307) to `<path>/moved`, keeping the query, as an
/// http-to-https or versioned-path redirect does.
fn moving_server() -> HttpServer {
    HttpServer::start("127.0.0.1", |r: RecordedRequest| {
        if r.path.ends_with("/moved") {
            MockResponse::json(200, &json!({"id": "x", "email": "e@x"}))
        } else {
            let query = r.query.clone().unwrap_or_default();
            MockResponse::empty(307).header("location", format!("{}/moved?{query}", r.path))
        }
    })
}

#[test]
fn a_secret_query_stays_hidden_after_a_redirect_that_keeps_it() {
    let server = moving_server();
    let client = single(server.url()).build().unwrap();
    let meta = Metadata::new();
    Member::show(
        &client,
        "a",
        "m",
        Opts::new().secret_query("key", QK).metadata(&meta),
    )
    .unwrap();
    let url = meta.url().unwrap();
    assert!(url.ends_with("/moved?key=<redacted>"), "{url}");
    assert!(!format!("{meta:?}").contains(QK));
    let response = client
        .get("/things")
        .secret_query("key", QK)
        .send()
        .unwrap();
    for shown in [
        response.url().to_owned(),
        format!("{response:?}"),
        format!("{:?}", response.answer()),
    ] {
        assert!(!shown.contains(QK), "{shown}");
    }
}

#[test]
fn targets_with_credentials_that_do_not_parse_are_not_echoed() {
    let server = moving_server();
    let client = single(server.url()).build().unwrap();
    for target in [
        "http://svc:PW-secret@127.0.0.1:99999/x",
        "http://svc:PW-secret@exa mple.com/x",
        " http://svc:PW-secret@127.0.0.1/x",
        "ftp://svc:PW-secret@127.0.0.1/x",
    ] {
        let e = client.get(target).send().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{target}");
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains("PW-secret"), "{target}: {shown}");
    }
}

#[test]
fn next_links_that_echo_a_secret_are_refused_without_showing_it() {
    // An absolute next link on another origin (http behind a TLS proxy), and
    // one with a scheme restlax does not follow, both echoing the key.
    let cross = HttpServer::start_with("127.0.0.1", |url| {
        let other = url.replace("127.0.0.1", "localhost");
        move |r: RecordedRequest| {
            let query = r.query.clone().unwrap_or_default();
            MockResponse::json(200, &json!([{"id": 1}])).header(
                "link",
                format!("<{other}/items?{query}&page=2>; rel=\"next\""),
            )
        }
    });
    let unusable = HttpServer::start("127.0.0.1", |r: RecordedRequest| {
        let query = r.query.clone().unwrap_or_default();
        MockResponse::json(200, &json!([{"id": 1}])).header(
            "link",
            format!("<ftp://files/items?{query}&page=2>; rel=\"next\""),
        )
    });
    for server in [&cross, &unusable] {
        let client = single(server.url()).build().unwrap();
        let errors: Vec<Error> = Item::index_all(&client, Opts::new().secret_query("key", QK))
            .filter_map(Result::err)
            .collect();
        assert_eq!(errors.len(), 1);
        let shown = format!("{} {:?}", errors[0], errors[0]);
        assert!(shown.contains("next-page link"), "{shown}");
        assert!(!shown.contains(QK), "{shown}");
    }
}

#[test]
fn a_secret_header_set_again_with_set_header_stays_secret() {
    // Each client rotates its key with `set_header`; the two share a cache.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |r: RecordedRequest| {
        let who = r.header("x-api-key").unwrap_or("nobody").to_owned();
        let confirmed = r.header("if-none-match") == Some("\"e\"");
        log.lock().unwrap().push(r);
        if confirmed {
            MockResponse::empty(304).header("etag", "\"e\"")
        } else {
            MockResponse::json(200, &json!({"id": who, "email": "e@x"})).header("etag", "\"e\"")
        }
    });
    fn rotate(
        key: &'static str,
    ) -> impl Fn(&mut Request, &mut Next<'_>) -> Result<Answer, Error> + Send + Sync + 'static {
        move |r: &mut Request, next: &mut Next<'_>| {
            r.set_header("x-api-key", key)?;
            assert!(
                r.headers_redacted()
                    .any(|(name, value)| name == "x-api-key" && value == "<redacted>"),
                "the renewed key is shown"
            );
            next.send(r)
        }
    }
    let a = single(server.url())
        .secret_header("x-api-key", "boot-a")
        .middleware(rotate("key-user-a"))
        .build()
        .unwrap();
    let b = single(server.url())
        .secret_header("x-api-key", "boot-b")
        .middleware(rotate("key-user-b"))
        .build()
        .unwrap();
    let cache = EtagCache::new();
    let got_a = Member::show(&a, "acc", "m", Opts::new().cache(&cache)).unwrap();
    let got_b = Member::show(&b, "acc", "m", Opts::new().cache(&cache)).unwrap();
    assert_eq!(
        (got_a.id.as_str(), got_b.id.as_str()),
        ("key-user-a", "key-user-b")
    );
    assert_eq!(seen.lock().unwrap()[1].header("if-none-match"), None);
}

#[test]
fn a_post_that_left_is_not_retried_on_another_calls_error() {
    // Refresh on 401 with the token endpoint down: its "connection refused"
    // says nothing about the POST, which reached the server.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |r: RecordedRequest| {
        log.lock().unwrap().push(r.line());
        MockResponse::json(401, &json!({"message": "expired"}))
    });
    let closed = restlax_tests::faults::ClosedPort::new();
    let token_client = single(&closed.url()).build().unwrap();
    let client = retrying(server.url())
        .middleware(move |r: &mut Request, next: &mut Next<'_>| {
            let answer = next.send(r)?;
            if answer.status() == 401 {
                let token = token_client.post("/oauth/token").send()?;
                r.set_header("authorization", &format!("Bearer {}", token.text()?))?;
                return next.send(r);
            }
            Ok(answer)
        })
        .build()
        .unwrap();
    let e = client
        .post("/payments")
        .json(&json!({"amount": 5}))
        .send()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert_eq!(*seen.lock().unwrap(), ["POST /payments"]);
}

#[test]
fn a_slow_body_reader_ends_by_the_deadline() {
    struct Slow(u32);
    impl std::io::Read for Slow {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Ok(0);
            }
            self.0 -= 1;
            std::thread::sleep(Duration::from_millis(150));
            buf[0] = b'x';
            Ok(1)
        }
    }
    let server = HttpServer::start("127.0.0.1", |_: RecordedRequest| {
        MockResponse::json(200, &json!({}))
    });
    let client = single(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let e = client
        .put("/up")
        .body_reader("application/octet-stream", Slow(20), Some(20))
        .send()
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    // The budget plus at most one read (150 ms), with the suite's margin.
    assert!(took < Duration::from_millis(300 + 150 + 400), "{took:?}");
}

#[test]
fn a_json_escaped_echo_of_a_token_stays_hidden() {
    const TOKEN: &str = "tok/3f9a+1c77e2==";
    let server = HttpServer::start("127.0.0.1", |r: RecordedRequest| {
        let auth = r.header("authorization").unwrap_or("").replace('/', "\\/");
        MockResponse::text(401, format!("{{\"message\":\"bad credentials: {auth}\"}}"))
            .header("content-type", "application/json")
    });
    let client = single(server.url()).bearer_auth(TOKEN).build().unwrap();
    let e = client.get("/x").send().unwrap_err();
    let shown = format!("{e} {e:?} {:?}", e.body_snippet());
    assert!(shown.contains("bad credentials"), "{shown}");
    assert!(!shown.contains("3f9a+1c77e2"), "{shown}");
}

#[test]
fn the_resend_budget_is_the_calls_across_retries() {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |r: RecordedRequest| {
        count.fetch_add(1, Ordering::SeqCst);
        if r.header("authorization") == Some("Bearer fresh") {
            MockResponse::json(503, &json!({"message": "busy"}))
        } else {
            MockResponse::json(401, &json!({"message": "expired"}))
        }
    });
    let client = retrying(server.url())
        .middleware(|r: &mut Request, next: &mut Next<'_>| {
            let answer = next.send(r)?;
            if answer.status() == 401 {
                r.set_header("authorization", "Bearer fresh")?;
                return next.send(r);
            }
            Ok(answer)
        })
        .build()
        .unwrap();
    let e = client.get("/x").send().unwrap_err();
    // 401, the one re-send (503), a retry (401) whose re-send is refused.
    assert_eq!(seen.load(Ordering::SeqCst), 3, "{e}");
    assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{e}");
}
