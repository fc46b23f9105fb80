//! The two shipped middleware uses, against the sandbox: Flow Retail's access
//! token refreshed on 401, and logging that never prints a secret.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use restlax::Request;
use restlax::middleware::{Logger, Next};
use restlax::{ErrorKind, Retry};
use restlax_resources::flow_retail::{self, Account, RefreshAccessToken};
use restlax_resources::sandbox::Sandbox;

const TENANT: &str = "tn-8c3f91d2a4";

/// A Flow Retail client whose access token refreshes itself, and the number of
/// token exchanges it made.
fn refreshing(sandbox: &Sandbox) -> (restlax::Client, Arc<AtomicUsize>) {
    let base = sandbox.flow_retail_url();
    let exchanges = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&exchanges);
    let exchange = flow_retail::builder(&base, "")
        .no_proxy()
        .middleware(move |attempt: &mut Request, next: &mut Next<'_>| {
            counted.fetch_add(1, Ordering::SeqCst);
            next.send(attempt)
        })
        .build()
        .unwrap();
    let refresh = RefreshAccessToken::new(exchange, TENANT, Sandbox::FLOW_RETAIL_AUTH_TOKEN);
    let client = flow_retail::builder(&base, "")
        .no_proxy()
        .middleware(refresh)
        .build()
        .unwrap();
    (client, exchanges)
}

#[test]
fn an_expired_access_token_is_refreshed_and_the_call_sent_again() {
    let sandbox = Sandbox::start();
    let (client, exchanges) = refreshing(&sandbox);
    assert_eq!(
        Account::show(&client, ()).unwrap().default_tenant_uid,
        TENANT
    );
    assert_eq!(
        exchanges.load(Ordering::SeqCst),
        1,
        "the first call fetched a token"
    );
    Account::show(&client, ()).unwrap();
    assert_eq!(exchanges.load(Ordering::SeqCst), 1, "the token is reused");

    // Without the middleware, an expired token is a 401.
    let stale = flow_retail::builder(&sandbox.flow_retail_url(), "sandbox-access-token")
        .no_proxy()
        .build()
        .unwrap();
    sandbox.expire_flow_retail_access_tokens();
    let error = Account::show(&stale, ()).unwrap_err();
    assert_eq!(
        (error.kind(), error.status()),
        (ErrorKind::Api, Some(401)),
        "{error}"
    );

    // With it, the call succeeds after one exchange.
    let before = sandbox.request_count();
    Account::show(&client, ()).unwrap();
    assert_eq!(exchanges.load(Ordering::SeqCst), 2);
    assert_eq!(
        sandbox.request_count() - before,
        3,
        "401, exchange, the call again"
    );
}

#[test]
fn threads_share_one_refresh() {
    let sandbox = Sandbox::start();
    let (client, exchanges) = refreshing(&sandbox);
    Account::show(&client, ()).unwrap();
    sandbox.expire_flow_retail_access_tokens();
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                for _ in 0..10 {
                    Account::show(&client, ()).unwrap();
                }
            });
        }
    });
    assert_eq!(
        exchanges.load(Ordering::SeqCst),
        2,
        "one refresh for all eight threads"
    );
}

#[test]
fn per_call_tokens_are_left_alone() {
    let sandbox = Sandbox::start();
    let (client, exchanges) = refreshing(&sandbox);
    // A wrong device token is a 401 the middleware must not "refresh".
    let error = Account::login(
        &client,
        &flow_retail::LoginRequest::new(Sandbox::FLOW_RETAIL_USER, Sandbox::FLOW_RETAIL_PASSWORD),
        flow_retail::token("not-the-device-token"),
    )
    .unwrap_err();
    assert_eq!(error.status(), Some(401), "{error}");
    assert_eq!(exchanges.load(Ordering::SeqCst), 0);
}

#[test]
fn logging_never_prints_a_secret() {
    let sandbox = Sandbox::builder()
        // Wide enough that a slow machine still makes the third call inside it.
        .rate_limit(2, std::time::Duration::from_secs(2))
        .start();
    let lines = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = Arc::clone(&lines);
    let client = flow_retail::builder(&sandbox.flow_retail_url(), "")
        .no_proxy()
        .retry(Retry::new(3).base_delay(std::time::Duration::from_millis(50)))
        .middleware(Logger::new(move |line: &str| {
            sink.lock().unwrap().push(line.to_owned())
        }))
        .build()
        .unwrap();
    let credentials =
        flow_retail::LoginRequest::new(Sandbox::FLOW_RETAIL_USER, Sandbox::FLOW_RETAIL_PASSWORD);
    let login = Account::login(
        &client,
        &credentials,
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )
    .unwrap();
    let account = Account::show(&client, flow_retail::token(&login.access_token)).unwrap();
    assert_eq!(account.default_tenant_uid, TENANT);
    // The third call is rate limited (429), retried, and logged each time.
    Account::show(&client, flow_retail::token(&login.access_token)).unwrap();
    let bad = client
        .get("/account")
        .query("access_token", &login.access_token)
        .send()
        .unwrap_err();
    assert_eq!(bad.status(), Some(401));

    let lines = lines.lock().unwrap();
    let all = lines.join("\n");
    assert!(lines.len() >= 10, "{all}");
    assert!(
        all.contains("← 429"),
        "the rate-limited attempt is logged:\n{all}"
    );
    assert!(all.contains("authorization: <redacted>"), "{all}");
    assert!(all.contains("access_token=<redacted>"), "{all}");
    // Bodies are not logged: the login's user code (beside its password, whose
    // four digits could turn up in a port number) never shows.
    for secret in [
        Sandbox::FLOW_RETAIL_DEVICE_TOKEN,
        Sandbox::FLOW_RETAIL_USER,
        login.access_token.as_str(),
    ] {
        assert!(!all.contains(secret), "{secret} was logged:\n{all}");
    }
}

#[test]
fn the_refreshed_token_never_follows_a_redirect_to_another_origin() {
    use restlax::testing::{MockResponse, MockServer};
    let api = MockServer::start();
    let elsewhere = MockServer::start();
    elsewhere.respond(MockResponse::json(
        200,
        &serde_json::json!({"defaultTenantUid": TENANT, "tenants": []}),
    ));
    api.respond(
        MockResponse::empty(302).header("location", format!("{}/account", elsewhere.url())),
    );
    let exchange = flow_retail::builder(api.url(), "")
        .no_proxy()
        .build()
        .unwrap();
    let refresh = RefreshAccessToken::new(exchange, TENANT, Sandbox::FLOW_RETAIL_AUTH_TOKEN)
        .with_access_token("t0ken-SECRET");
    let client = flow_retail::builder(api.url(), "")
        .no_proxy()
        .middleware(refresh)
        .build()
        .unwrap();
    let _ = Account::show(&client, ());
    assert_eq!(
        api.last_request().unwrap().header("authorization"),
        Some("Bearer t0ken-SECRET")
    );
    let there = elsewhere.last_request().expect("the redirect was followed");
    assert_eq!(
        there.header("authorization"),
        None,
        "the token went to another origin"
    );
}
