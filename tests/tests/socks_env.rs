//! A SOCKS proxy in the environment (`ALL_PROXY=socks5h://…`, common on
//! developer machines) is not one restlax can use: its requests go straight
//! to the host, as ureq's own agent does without its `socks-proxy` feature.
//! ureq then hands the connectors no addresses (it leaves the lookup to the
//! proxy), so restlax looks the host up itself.
//!
//! The environment is set for a child process (this test binary again),
//! since changing it in a running test process races other threads.

use std::process::Command;

use restlax::Client;
use restlax::testing::{HttpServer, MockResponse};

#[test]
fn a_socks_proxy_from_the_environment_is_bypassed_and_calls_still_connect() {
    let server = HttpServer::start("127.0.0.1", |_| {
        MockResponse::json(200, &serde_json::json!({"ok": true}))
    });
    let port = server.addr().port();
    for base in [format!("http://localhost:{port}"), server.url().to_owned()] {
        let output = Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "call_in_child", "--nocapture"])
            .env("ALL_PROXY", "socks5h://127.0.0.1:9")
            .env_remove("HTTP_PROXY")
            .env_remove("HTTPS_PROXY")
            .env_remove("http_proxy")
            .env_remove("https_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy")
            .env("RESTLAX_CHILD_BASE", &base)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("child called"),
            "{base}: {stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(server.connection_count() >= 2);
}

/// Run by the test above with the environment set.
#[test]
#[ignore = "run by a_socks_proxy_from_the_environment_is_bypassed_and_calls_still_connect"]
fn call_in_child() {
    let base = std::env::var("RESTLAX_CHILD_BASE").expect("run by the parent test");
    // The default: proxies from the environment.
    let client = Client::builder(&base).build().unwrap();
    client.get("/ping").send().unwrap();
    println!("child called");
}
