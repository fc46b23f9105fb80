//! HTTPS end to end over loopback: `MockServer::start_https` with a certificate
//! authority generated at start, clients that trust it through
//! `root_certificate`, and what happens when they do not.

use restlax::testing::{MockResponse, MockServer};
use restlax::{Client, ErrorKind, Retry};
use restlax_tests::Member;

fn member(id: &str) -> serde_json::Value {
    serde_json::json!({"id": id, "email": format!("{id}@example.com")})
}

#[test]
fn calls_over_tls_succeed_and_reuse_one_connection() {
    let server = MockServer::start_https();
    assert!(server.url().starts_with("https://127.0.0.1:"));
    server.respond_always(MockResponse::json(200, &member("m")));
    let client = server
        .client_builder()
        .https_only(true)
        .bearer_auth("t0ken")
        .retry(Retry::none())
        .build()
        .unwrap();
    for _ in 0..20 {
        let shown = Member::show(&client, "a", "m", ()).unwrap();
        assert_eq!(shown.id, "m");
    }
    let created = Member::create(&client, "a", &member("n"), ()).unwrap();
    assert_eq!(created.id, "m");

    let last = server.last_request().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path.as_str()),
        ("POST", "/accounts/a/members")
    );
    assert_eq!(last.body_json(), member("n"));
    assert_eq!(last.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(server.request_count(), 21);
    assert_eq!(
        server.connection_count(),
        1,
        "21 calls over one TLS connection (one handshake)"
    );
}

#[test]
fn an_untrusted_certificate_is_a_transport_error_that_says_so() {
    let server = MockServer::start_https();
    server.respond_always(MockResponse::json(200, &member("m")));
    let other = MockServer::start_https();

    // Mozilla's roots only, then another server's authority only.
    let builders = [
        Client::builder(server.url()).no_proxy(),
        Client::builder(server.url())
            .no_proxy()
            .root_certificate(other.certificate_pem().unwrap()),
    ];
    for builder in builders {
        let client = builder.retry(Retry::none()).build().unwrap();
        let error = Member::show(&client, "a", "m", ()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
        let text = error.to_string();
        assert!(text.contains("certificate"), "{text}");
        assert!(text.contains("not trusted"), "{text}");
    }
    assert_eq!(
        server.request_count(),
        0,
        "no request crosses a failed handshake"
    );

    // The same server, trusted: the call goes through.
    let client = server.client_builder().build().unwrap();
    assert_eq!(Member::show(&client, "a", "m", ()).unwrap().id, "m");
}

#[test]
fn a_bad_root_certificate_fails_build() {
    for pem in [
        &b"hello"[..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        b"-----BEGIN CERTIFICATE-----\n%%%%\n-----END CERTIFICATE-----\n",
    ] {
        let error = Client::builder("https://127.0.0.1:1")
            .root_certificate(pem)
            .build()
            .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
        assert!(error.to_string().contains("root certificate"), "{error}");
    }
    // A bundle with a private key and two certificates: the key is skipped.
    let (a, b) = (MockServer::start_https(), MockServer::start_https());
    let bundle = format!(
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}{}",
        a.certificate_pem().unwrap(),
        b.certificate_pem().unwrap()
    );
    for server in [&a, &b] {
        server.respond(MockResponse::json(200, &member("m")));
        let client = Client::builder(server.url())
            .no_proxy()
            .root_certificate(&bundle)
            .build()
            .unwrap();
        Member::show(&client, "a", "m", ()).unwrap();
    }
}

#[test]
fn https_only_refuses_http_and_a_downgrading_redirect() {
    let plain = MockServer::start();
    plain.respond_always(MockResponse::json(200, &member("plain")));
    let error = Client::builder(plain.url())
        .https_only(true)
        .build()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");

    let secure = MockServer::start_https();
    secure.respond_always(
        MockResponse::empty(302)
            .header("location", format!("{}/accounts/a/members/m", plain.url())),
    );
    let client = secure
        .client_builder()
        .https_only(true)
        .retry(Retry::none())
        .build()
        .unwrap();
    let error = Member::show(&client, "a", "m", ()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Redirect, "{error}");
    assert!(error.to_string().contains("https_only"), "{error}");
    assert_eq!(secure.request_count(), 1);
    assert_eq!(plain.request_count(), 0, "nothing went over plain http");

    // Without https_only the same redirect is followed.
    let client = secure
        .client_builder()
        .retry(Retry::none())
        .build()
        .unwrap();
    assert_eq!(Member::show(&client, "a", "m", ()).unwrap().id, "plain");
}

#[test]
fn secrets_stay_behind_on_a_cross_origin_redirect_under_tls() {
    let origin = MockServer::start_https();
    let elsewhere = MockServer::start_https();
    origin.respond(MockResponse::empty(302).header(
        "location",
        format!("{}/accounts/a/members/m", elsewhere.url()),
    ));
    origin.respond(MockResponse::empty(307).header("location", "/accounts/a/members/same"));
    origin.respond(MockResponse::json(200, &member("same")));
    elsewhere.respond(MockResponse::json(200, &member("moved")));
    let client = origin
        .client_builder()
        .root_certificate(elsewhere.certificate_pem().unwrap())
        .https_only(true)
        .bearer_auth("t0ken")
        .secret_header("x-auth-key", "k3y")
        .header("x-plain", "visible")
        .retry(Retry::none())
        .build()
        .unwrap();

    assert_eq!(Member::show(&client, "a", "m", ()).unwrap().id, "moved");
    let sent = origin.requests();
    assert_eq!(sent[0].header("authorization"), Some("Bearer t0ken"));
    assert_eq!(sent[0].header("x-auth-key"), Some("k3y"));
    let arrived = elsewhere.last_request().unwrap();
    assert_eq!(arrived.path, "/accounts/a/members/m");
    assert_eq!(arrived.header("authorization"), None);
    assert_eq!(arrived.header("x-auth-key"), None);
    assert_eq!(arrived.header("x-plain"), Some("visible"));

    // Within the origin, secrets follow.
    assert_eq!(Member::show(&client, "a", "x", ()).unwrap().id, "same");
    let sent = origin.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(sent[2].path, "/accounts/a/members/same");
    assert_eq!(sent[2].header("authorization"), Some("Bearer t0ken"));
    assert_eq!(sent[2].header("x-auth-key"), Some("k3y"));
}
