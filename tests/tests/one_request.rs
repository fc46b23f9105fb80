//! Issue 17 ("One request, one way through"): the defects that come from the
//! runtime having no single request value, each reproduced on loopback. Every
//! rule here must hold for the attempt actually sent, however the request was
//! built and whatever a middleware did to it: the ETag cache's key and budget
//! (case 1), the re-send budget (case 2), the origin check for absolute URLs
//! with userinfo (case 4), request-API paths (case 5), the certificate verdict
//! and a bearer token that cannot be a header (case 6), and secrets echoed back
//! by the server (case 10). Case 3 (a middleware that calls its own client)
//! lives in `nested_call.rs`, its own binary, because the defect aborts the
//! process.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use restlax::middleware::{Answer, Logger, Next, Request};
use restlax::testing::{HttpServer, MockResponse, MockServer, RecordedRequest};
use restlax::{Client, Error, ErrorKind, EtagCache, Metadata, Opts, Retry};
use restlax_tests::Member;
use serde_json::json;

// --- shared helpers ---

/// A client for `url` that ignores proxy variables and sends each call once.
fn single(url: &str) -> restlax::ClientBuilder {
    Client::builder(url).no_proxy().retry(Retry::none())
}

/// A `Logger` middleware and the lines it wrote.
fn logger() -> (Logger, Arc<Mutex<Vec<String>>>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&lines);
    let logger = Logger::new(move |line: &str| sink.lock().unwrap().push(line.to_owned()));
    (logger, lines)
}

/// Fails with `what` if `secret` shows anywhere a caller would log or read
/// from `error`: its one-line Display, its Debug, its URL, its body snippet
/// and the API's messages (code and text).
fn assert_hidden(error: &Error, secret: &str, what: &str) {
    let shown = error.to_string();
    assert!(
        !shown.contains(secret),
        "{what}: the Display shows {secret}: {shown}"
    );
    let debug = format!("{error:?}");
    assert!(
        !debug.contains(secret),
        "{what}: the Debug shows {secret}: {debug}"
    );
    if let Some(url) = error.url() {
        assert!(!url.contains(secret), "{what}: url() shows {secret}: {url}");
    }
    if let Some(snippet) = error.body_snippet() {
        assert!(
            !snippet.contains(secret),
            "{what}: body_snippet() shows {secret}: {snippet}"
        );
    }
    for message in error.api_messages() {
        assert!(
            !message.message().contains(secret),
            "{what}: an API message shows {secret}: {message:?}"
        );
        assert!(
            !message.code().unwrap_or("").contains(secret),
            "{what}: an API message code shows {secret}: {message:?}"
        );
    }
}

fn assert_not_logged(lines: &Mutex<Vec<String>>, secret: &str, what: &str) {
    let lines = lines.lock().unwrap();
    for line in lines.iter() {
        assert!(
            !line.contains(secret),
            "{what}: a Logger line shows {secret}: {line}"
        );
    }
}

// --- case 1: the ETag cache shared by two users ---

/// The one ETag the server gives, whoever asks.
const ETAG: &str = "\"same-for-everyone\"";

/// A server whose answer names the credential it received in header
/// `credential`, with the same `ETag` for everyone, and a `304` to any request
/// whose `If-None-Match` matches it; with `vary`, both answers say `Vary: <vary>`.
/// Returns the server and every request it received.
fn etag_server(
    credential: &'static str,
    vary: Option<&'static str>,
) -> (HttpServer, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request: RecordedRequest| {
        let matches = request.header("if-none-match") == Some(ETAG);
        let holder = request.header(credential).unwrap_or("nobody").to_owned();
        log.lock().unwrap().push(request);
        let answer = if matches {
            MockResponse::empty(304)
        } else {
            MockResponse::json(200, &json!({"id": holder, "email": "e@example.com"}))
        };
        let answer = answer.header("etag", ETAG);
        match vary {
            Some(names) => answer.header("vary", names),
            None => answer,
        }
    });
    (server, seen)
}

/// User A, then user B, then A again, through one cache: B is never asked
/// about A's copy and gets B's own answer; A's copy is still A's and is
/// confirmed by a 304.
fn users_stay_apart(
    seen: &Mutex<Vec<RecordedRequest>>,
    a: &Client,
    b: &Client,
    (a_sees, b_sees): (&str, &str),
) {
    let cache = EtagCache::new();
    let meta = Metadata::new();
    let opts = || Opts::new().cache(&cache).metadata(&meta);

    let first = Member::show(a, "acc", "m", opts()).unwrap();
    assert_eq!(first.id, a_sees);
    assert_eq!(meta.status(), Some(200));

    let other = Member::show(b, "acc", "m", opts()).unwrap();
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("if-none-match"),
        None,
        "user B was asked about user A's copy"
    );
    assert_eq!(other.id, b_sees, "user B got user A's answer");

    let again = Member::show(a, "acc", "m", opts()).unwrap();
    assert_eq!(again.id, a_sees, "user A lost their own copy");
    assert_eq!(meta.status(), Some(304), "A's copy is confirmed by a 304");
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].header("if-none-match"), Some(ETAG));
}

/// Case 1(a): the credential is a `secret_header`.
#[test]
fn etag_cache_keeps_apart_users_of_a_secret_header() {
    let (server, seen) = etag_server("x-api-key", None);
    let a = single(server.url())
        .secret_header("x-api-key", "key-of-user-a")
        .build()
        .unwrap();
    let b = single(server.url())
        .secret_header("x-api-key", "key-of-user-b")
        .build()
        .unwrap();
    users_stay_apart(&seen, &a, &b, ("key-of-user-a", "key-of-user-b"));
}

/// A middleware that adds `Authorization: Bearer <token>` to every attempt,
/// as a token-refreshing middleware does.
fn adds_bearer(
    token: &'static str,
) -> impl Fn(&mut Request, &mut Next<'_>) -> Result<Answer, Error> + Send + Sync + 'static {
    move |attempt: &mut Request, next: &mut Next<'_>| {
        attempt.set_header("authorization", &format!("Bearer {token}"))?;
        next.send(attempt)
    }
}

/// Case 1(b): the credential is added by a middleware.
#[test]
fn etag_cache_keeps_apart_users_whose_middleware_adds_the_credential() {
    let (server, seen) = etag_server("authorization", None);
    let a = single(server.url())
        .middleware(adds_bearer("token-of-user-a"))
        .build()
        .unwrap();
    let b = single(server.url())
        .middleware(adds_bearer("token-of-user-b"))
        .build()
        .unwrap();
    users_stay_apart(
        &seen,
        &a,
        &b,
        ("Bearer token-of-user-a", "Bearer token-of-user-b"),
    );
}

/// Case 1(c): the answer says `Vary: X-Tenant`, and the clients differ only
/// in a plain `X-Tenant` header.
#[test]
fn etag_cache_honours_the_vary_of_the_stored_answer() {
    let (server, seen) = etag_server("x-tenant", Some("X-Tenant"));
    let a = single(server.url())
        .header("X-Tenant", "tenant-a")
        .build()
        .unwrap();
    let b = single(server.url())
        .header("X-Tenant", "tenant-b")
        .build()
        .unwrap();
    users_stay_apart(&seen, &a, &b, ("tenant-a", "tenant-b"));
}

/// Case 1(d), the control: `bearer_auth` already keeps the users apart.
#[test]
fn etag_cache_keeps_apart_users_of_bearer_auth() {
    let (server, seen) = etag_server("authorization", None);
    let a = single(server.url())
        .bearer_auth("token-of-user-a")
        .build()
        .unwrap();
    let b = single(server.url())
        .bearer_auth("token-of-user-b")
        .build()
        .unwrap();
    users_stay_apart(
        &seen,
        &a,
        &b,
        ("Bearer token-of-user-a", "Bearer token-of-user-b"),
    );
}

/// How many padding headers each answer of [`padded_server`] carries, and how
/// long each value is: about 56 KB of headers, under ureq's 64 KiB limit.
const PADDING_HEADERS: usize = 56;
const PADDING_VALUE: usize = 1000;
/// The bytes of header values alone in one padded answer: a lower bound of
/// what remembering it holds.
const PADDED_BYTES: usize = PADDING_HEADERS * PADDING_VALUE;
const CACHE_BUDGET: usize = 1 << 20;
const PADDED_URLS: usize = 100;

/// A server answering every GET with `200`, an empty body, an `ETag` and about
/// 56 KB of headers.
fn padded_server() -> HttpServer {
    HttpServer::start("127.0.0.1", |_: RecordedRequest| {
        let mut answer = MockResponse::empty(200).header("etag", "\"padded\"");
        for i in 0..PADDING_HEADERS {
            answer = answer.header(format!("x-pad-{i:02}"), "p".repeat(PADDING_VALUE));
        }
        answer
    })
}

/// Fills a cache of 10,000 answers and 1 MiB with 100 answers of empty bodies
/// and 56 KB of headers each.
fn fill_with_headers(cache: &EtagCache) {
    let server = padded_server();
    let client = single(server.url()).build().unwrap();
    for i in 0..PADDED_URLS {
        let response = client
            .get(&format!("/doc/{i}"))
            .opts(Opts::new().cache(cache))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(
            response.headers().len() > PADDING_HEADERS,
            "the padding arrived"
        );
    }
}

/// Case 1, the budget: remembered headers count against the cache's bytes.
#[test]
fn etag_cache_budget_counts_headers() {
    let cache = EtagCache::with_limits(10_000, CACHE_BUDGET);
    fill_with_headers(&cache);
    assert!(
        !cache.is_empty(),
        "answers within the budget are remembered"
    );
    assert!(
        cache.len() <= CACHE_BUDGET / PADDED_BYTES,
        "{} answers of {PADDED_BYTES} bytes of headers each are remembered in a \
         {CACHE_BUDGET}-byte cache",
        cache.len()
    );
}

/// Case 1, the budget, through the byte count the issue adds.
#[test]
fn etag_cache_bytes_count_headers_within_the_budget() {
    let cache = EtagCache::with_limits(10_000, CACHE_BUDGET);
    fill_with_headers(&cache);
    assert!(!cache.is_empty());
    assert!(cache.bytes() <= CACHE_BUDGET, "{} bytes", cache.bytes());
    assert!(
        cache.bytes() >= cache.len() * PADDED_BYTES,
        "{} answers of {PADDED_BYTES} bytes of headers each count {} bytes",
        cache.len(),
        cache.bytes()
    );
}

// --- case 2: the re-send budget is per call ---

/// Sends the attempt on; after a `401`, sets a header and sends it once more.
fn refresh_on_401(attempt: &mut Request, next: &mut Next<'_>) -> Result<Answer, Error> {
    let answer = next.send(attempt)?;
    if answer.status() != 401 {
        return Ok(answer);
    }
    attempt.set_header("x-refreshed", "yes")?;
    next.send(attempt)
}

/// `depth` refresh-on-401 middlewares, a server that always answers a POST
/// with 401: one call sends at most the request and one re-send.
fn resends_stay_within_one_budget(depth: usize) {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(401, &json!({"message": "expired"})));
    let mut builder = server.client_builder().retry(Retry::none());
    for _ in 0..depth {
        builder = builder.middleware(refresh_on_401);
    }
    let client = builder.build().unwrap();
    let error = Member::create(&client, "a", &json!({"email": "e@example.com"}), ()).unwrap_err();
    let sent = server.request_count();
    assert!(
        (1..=2).contains(&sent),
        "{depth} middlewares sent one POST {sent} times"
    );
    assert!(
        (error.kind() == ErrorKind::Api && error.status() == Some(401))
            || error.kind() == ErrorKind::InvalidRequest,
        "{error}"
    );
}

/// Case 2 with 4 middlewares (today 16 requests).
#[test]
fn four_refreshing_middlewares_resend_once_per_call() {
    resends_stay_within_one_budget(4);
}

/// Case 2 with 8 middlewares (today 256 requests).
#[test]
fn eight_refreshing_middlewares_resend_once_per_call() {
    resends_stay_within_one_budget(8);
}

// --- case 4: userinfo in an absolute request-API URL ---

const PASSWORD: &str = "PW-secret";

/// `url` (`http://host:port`) with `svc:PW-secret@` before the host.
fn with_userinfo(url: &str) -> String {
    url.replacen("http://", &format!("http://svc:{PASSWORD}@"), 1)
}

/// Case 4 on the client's own origin (today it is sent, as Basic auth).
#[test]
fn userinfo_on_the_clients_origin_is_refused_unechoed() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!({"id": 1})));
    let (logger, lines) = logger();
    let client = server
        .client_builder()
        .retry(Retry::none())
        .middleware(logger)
        .build()
        .unwrap();
    let target = format!("{}/x", with_userinfo(server.url()));
    let result = client.get(&target).send();
    let sent = server.requests();
    assert!(
        sent.is_empty(),
        "sent: {:?}",
        sent.iter()
            .map(|r| r.header("authorization"))
            .collect::<Vec<_>>()
    );
    let error = result.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert_hidden(&error, PASSWORD, "userinfo, same origin");
    assert_not_logged(&lines, PASSWORD, "userinfo, same origin");
}

/// Case 4 on another origin (refused today, but the error shows the password).
#[test]
fn userinfo_on_another_origin_is_refused_unechoed() {
    let server = MockServer::start();
    let other = MockServer::start_on("127.0.0.2");
    other.respond_always(MockResponse::json(200, &json!({"id": 1})));
    let (logger, lines) = logger();
    let client = server
        .client_builder()
        .retry(Retry::none())
        .middleware(logger)
        .build()
        .unwrap();
    let target = format!("{}/x", with_userinfo(other.url()));
    let error = client.get(&target).send().unwrap_err();
    assert_eq!(other.request_count(), 0);
    assert_eq!(server.request_count(), 0);
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert_hidden(&error, PASSWORD, "userinfo, another origin");
    assert_not_logged(&lines, PASSWORD, "userinfo, another origin");
}

// --- case 5: request-API paths, encoded or refused, never silently rerouted ---

/// A server that answers anything, and a client whose base URL has a path.
fn api_under_a_path() -> (MockServer, Client) {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!({"id": 1})));
    let client = single(&format!("{}/api/v1", server.url())).build().unwrap();
    (server, client)
}

/// Fails unless `path` is refused as an `InvalidRequest` with nothing sent.
fn refused_unsent(path: &str, send: impl FnOnce(&Client) -> Result<restlax::Response, Error>) {
    let (server, client) = api_under_a_path();
    let result = send(&client);
    let lines: Vec<_> = server
        .requests()
        .iter()
        .map(RecordedRequest::line)
        .collect();
    assert!(lines.is_empty(), "{path:?} was sent as {lines:?}");
    let error = result.expect_err("refused");
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{path:?}: {error}");
}

/// Fails unless `path` is sent with exactly the request-target `sent`.
fn sent_as(path: &str, sent: &str) {
    let (server, client) = api_under_a_path();
    let result = client.get(path).send();
    let lines: Vec<_> = server
        .requests()
        .iter()
        .map(RecordedRequest::line)
        .collect();
    assert_eq!(
        lines,
        [format!("GET /api/v1{sent}")],
        "{path:?}: {result:?}"
    );
    assert_eq!(result.unwrap().status(), 200);
}

/// Case 5: a fragment would swallow the query that follows it.
#[test]
fn a_path_with_a_fragment_is_refused() {
    refused_unsent("/p#sec", |c| c.get("/p#sec").query("a", "1").send());
}

/// Case 5: a relative path with dot segments would leave the base path.
#[test]
fn a_relative_path_climbing_out_of_the_base_is_refused() {
    refused_unsent("../../admin", |c| c.get("../../admin").send());
}

/// Case 5: an absolute path with dot segments would leave the base path.
#[test]
fn an_absolute_path_with_dot_segments_is_refused() {
    refused_unsent("/a/../../admin", |c| c.get("/a/../../admin").send());
}

/// Case 5: a non-ASCII character is percent-encoded as UTF-8 (today its raw
/// bytes go into the request line).
#[test]
fn a_non_ascii_path_is_percent_encoded() {
    sent_as("/anything/pässwd", "/anything/p%C3%A4sswd");
}

/// Case 5: a space is percent-encoded, like any other character a request
/// line cannot carry.
#[test]
fn a_space_in_a_path_is_percent_encoded() {
    sent_as("/a b", "/a%20b");
}

/// Case 5, the control: a valid escape is sent as it is, not encoded twice
/// nor decoded (`%2F` is not a `/`).
#[test]
fn a_valid_escape_is_sent_unchanged() {
    sent_as("/x%2Fy", "/x%2Fy");
}

// --- case 6: the certificate verdict, a token that cannot be a header ---

/// Case 6: an untrusted certificate fails once; retrying cannot change it.
#[test]
fn an_untrusted_certificate_is_not_retried() {
    let server = MockServer::start_https();
    server.respond_always(MockResponse::json(200, &json!({"id": "m", "email": "e"})));
    // Mozilla's roots only, and the default retries.
    let client = Client::builder(server.url()).no_proxy().build().unwrap();
    assert!(client.retry().attempts() > 1, "retries are on");
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(
        (error.attempts(), server.connection_count()),
        (1, 1),
        "attempts and handshakes: {error}"
    );
    assert_eq!(server.request_count(), 0);
}

/// A TLS server whose self-signed certificate names only `name`: its URL
/// (`https://127.0.0.1:<port>`), the certificate to trust, and how many
/// connections it accepted. It only shakes hands.
fn tls_server_for(name: &str) -> (String, String, Arc<AtomicUsize>) {
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
        // A bounded number: the client under test connects at most 3 times.
        for _ in 0..4 {
            let Ok((mut tcp, _)) = listener.accept() else {
                return;
            };
            count.fetch_add(1, Ordering::SeqCst);
            let _ = tcp.set_read_timeout(Some(std::time::Duration::from_secs(10)));
            let Ok(mut tls) = rustls::ServerConnection::new(Arc::clone(&config)) else {
                return;
            };
            // Until the client gives up on the certificate (an alert, a close).
            while tls.is_handshaking() {
                if tls.complete_io(&mut tcp).is_err() {
                    break;
                }
            }
        }
    });
    (url, pem, accepted)
}

/// Case 6: a trusted certificate for another host name fails once.
#[test]
fn a_certificate_for_another_host_is_not_retried() {
    let (url, pem, accepted) = tls_server_for("api.example.test");
    let client = Client::builder(&url)
        .no_proxy()
        .root_certificate(pem)
        .build()
        .unwrap();
    assert!(client.retry().attempts() > 1, "retries are on");
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(
        (error.attempts(), accepted.load(Ordering::SeqCst)),
        (1, 1),
        "attempts and handshakes: {error}"
    );
}

/// Case 6: a bearer token that cannot be a header value is refused by
/// `build()`, without showing it.
#[test]
fn a_non_ascii_bearer_token_fails_build_unechoed() {
    const NON_ASCII: &str = "tökén";
    let server = MockServer::start();
    server.respond_always(MockResponse::json(200, &json!({"id": "m", "email": "e"})));
    let built = single(server.url()).bearer_auth(NON_ASCII).build();
    let error = match built {
        Err(error) => error,
        Ok(client) => {
            let call = Member::show(&client, "a", "m", ()).map(|m| m.id);
            let kind = call.as_ref().map_err(Error::kind);
            panic!("build() accepted the token; the call then gave {kind:?}");
        }
    };
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert_hidden(&error, NON_ASCII, "non-ASCII bearer token");
    assert_eq!(server.request_count(), 0);
}

// --- case 10: secrets the server echoes back ---

const TOKEN: &str = "tok-3f9a1c77e2";
const KEY: &str = "key-8d02b4e6a1";

/// A server answering every request with a 401 that echoes its credentials:
/// as a JSON error when `json`, else as text/plain. Returns the server and
/// every request it received.
fn echoing_server(json: bool) -> (HttpServer, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request: RecordedRequest| {
        let auth = request.header("authorization").unwrap_or("").to_owned();
        let key = request.header("x-api-key").unwrap_or("").to_owned();
        log.lock().unwrap().push(request);
        let message = format!("bad credentials: Authorization: {auth}");
        if json {
            MockResponse::json(
                401,
                &json!({"message": message, "errors": [{"code": 7, "message": format!("key {key} refused")}]}),
            )
        } else {
            MockResponse::text(401, format!("{message}; key {key} refused"))
                .header("content-type", "text/plain")
        }
    });
    (server, seen)
}

/// A generated call and the request API against an echoing server: the
/// credentials went out, and came back nowhere in the errors.
fn echoed_secrets_stay_hidden(json: bool) {
    let (server, seen) = echoing_server(json);
    let client = single(server.url())
        .bearer_auth(TOKEN)
        .secret_header("x-api-key", KEY)
        .build()
        .unwrap();
    let generated = Member::show(&client, "a", "m", ()).unwrap_err();
    let requested = client.get("/things").send().unwrap_err();
    let sent = seen.lock().unwrap().clone();
    assert_eq!(sent.len(), 2);
    for request in &sent {
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(request.header("x-api-key"), Some(KEY));
    }
    for (error, what) in [(generated, "generated call"), (requested, "request API")] {
        assert_eq!(
            (error.kind(), error.status()),
            (ErrorKind::Api, Some(401)),
            "{error}"
        );
        assert_hidden(&error, TOKEN, what);
        assert_hidden(&error, KEY, what);
    }
}

/// Case 10: credentials echoed in a JSON error body.
#[test]
fn secrets_echoed_in_a_json_error_stay_hidden() {
    echoed_secrets_stay_hidden(true);
}

/// Case 10: credentials echoed in a text/plain error body.
#[test]
fn secrets_echoed_in_a_text_error_stay_hidden() {
    echoed_secrets_stay_hidden(false);
}

/// A secret query value under a name that looks like a credential, and one
/// under a name that does not (the Logger cannot guess that one).
const QUERY_KEY: &str = "q-5be0c2f1d9";
const QUERY_ACCOUNT: &str = "q-71c4e0a8b3";

/// A server answering every request with a 401 that echoes its request-target.
fn target_echoing_server() -> (HttpServer, Arc<Mutex<Vec<RecordedRequest>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |request: RecordedRequest| {
        let line = request.line();
        log.lock().unwrap().push(request);
        MockResponse::json(401, &json!({"message": format!("bad key in {line}")}))
    });
    (server, seen)
}

/// What [`target_echoing_server`] received carries both secret values, and
/// neither shows in `error` or the Logger's lines.
fn secret_query_stays_hidden(
    seen: &Mutex<Vec<RecordedRequest>>,
    lines: &Mutex<Vec<String>>,
    error: &Error,
    what: &str,
) {
    let sent = seen.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "{what}");
    let query = sent[0].query.clone().unwrap_or_default();
    let pairs: Vec<&str> = query.split('&').collect();
    assert!(
        pairs.contains(&format!("key={QUERY_KEY}").as_str()),
        "{what}: {query}"
    );
    assert!(
        pairs.contains(&format!("account={QUERY_ACCOUNT}").as_str()),
        "{what}: {query}"
    );
    assert_eq!(error.status(), Some(401), "{error}");
    assert!(!lines.lock().unwrap().is_empty(), "{what}: nothing logged");
    for secret in [QUERY_KEY, QUERY_ACCOUNT] {
        assert_hidden(error, secret, what);
        assert_not_logged(lines, secret, what);
    }
}

/// Case 10: `Opts::secret_query` on a generated call.
#[test]
fn a_secret_query_value_stays_hidden_in_a_generated_call() {
    let (server, seen) = target_echoing_server();
    let (logger, lines) = logger();
    let client = single(server.url()).middleware(logger).build().unwrap();
    let opts = Opts::new()
        .secret_query("key", QUERY_KEY)
        .secret_query("account", QUERY_ACCOUNT);
    let error = Member::show(&client, "a", "m", opts).unwrap_err();
    secret_query_stays_hidden(&seen, &lines, &error, "generated call");
}

/// Case 10: `RequestBuilder::secret_query` on the request API.
#[test]
fn a_secret_query_value_stays_hidden_in_the_request_api() {
    let (server, seen) = target_echoing_server();
    let (logger, lines) = logger();
    let client = single(server.url()).middleware(logger).build().unwrap();
    let error = client
        .get("/things")
        .secret_query("key", QUERY_KEY)
        .secret_query("account", QUERY_ACCOUNT)
        .send()
        .unwrap_err();
    secret_query_stays_hidden(&seen, &lines, &error, "request API");
}
