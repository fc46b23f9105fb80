//! Real calls through Stoplight Prism in validation mode (`prism mock --errors`)
//! for every declared action of the shipped resources. Prism answers a request
//! its OpenAPI document rejects with an error status, so any request we build
//! wrong fails the call and the test; and the models must decode Prism's
//! example responses.
//!
//! The documents are the ones vendored in `tests/specs/`. Prism
//! (`@stoplight/prism-cli@5.14.2`) is the binary named by `RESTLAX_PRISM` when
//! set (`.ci/run` sets it to the copy it installed), else `.ci/node/` of this
//! checkout, installed there with the machine's npm on first use. Each server
//! listens on 127.0.0.1 and is stopped by PID when its test ends.

use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use restlax::envelope::{Cloudflare, Fractal};
use restlax::{Client, Opts, Retry};
use restlax_resources::{cloudflare, flow_retail, pterodactyl};
use restlax_tests::specs::{self, CLOUDFLARE, FLOW_RETAIL, PTERODACTYL};

const PRISM: &str = "@stoplight/prism-cli@5.14.2";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The Prism binary: `RESTLAX_PRISM`, or this checkout's, installed on first use.
fn prism_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("RESTLAX_PRISM") {
        let binary = PathBuf::from(binary);
        assert!(
            binary.is_file(),
            "RESTLAX_PRISM={} is not a file",
            binary.display()
        );
        return binary;
    }
    static INSTALL: Mutex<()> = Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let prefix = workspace().join(".ci/node");
    let binary = prefix.join("node_modules/.bin/prism");
    if !binary.exists() {
        eprintln!("installing {PRISM} into {}", prefix.display());
        let status = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(PRISM)
            .status()
            .expect("npm runs (Node.js is needed for the Prism conformance tests)");
        assert!(status.success(), "npm install {PRISM} failed");
    }
    binary
}

struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on a free port and waits until it says it listens there.
    /// The port is free when chosen but not held, so a Prism that lost it to
    /// another process exits and is started again on another.
    fn start(spec: &str) -> Prism {
        let spec = specs::path(spec);
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Prism::try_start(&spec) {
                Ok(prism) => return prism,
                Err(why) => failures.push(why),
            }
        }
        panic!("prism did not start:\n{}", failures.join("\n---\n"));
    }

    fn try_start(spec: &Path) -> Result<Prism, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::env::temp_dir().join(format!("restlax-prism-{port}.log"));
        let child = Command::new(prism_binary())
            .args([
                "mock",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .arg(spec)
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("start prism");
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        // Prism's own line, not a successful connect: something else could
        // be listening on the port.
        let ready = format!("Prism is listening on {}", prism.url);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !prism.log_text().contains(&ready) {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!(
                    "prism exited ({status}) before listening:\n{}",
                    prism.log_text()
                ));
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "prism did not listen within 60 s:\n{}",
                    prism.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(prism)
    }

    fn log_text(&self) -> String {
        let mut text = String::new();
        let _ = std::fs::File::open(&self.log).and_then(|mut f| f.read_to_string(&mut text));
        text
    }

    /// Asserts a call succeeded, with Prism's log (which names the violation) when not.
    fn ok<T>(&self, what: &str, result: Result<T, restlax::Error>) -> T {
        result.unwrap_or_else(|error| panic!("{what}: {error}\nprism log:\n{}", self.log_text()))
    }

    /// Asserts Prism rejected a request, proving validation is on.
    fn rejected<T>(&self, what: &str, result: Result<T, restlax::Error>) {
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{what}: Prism accepted a request its spec rejects"));
        assert!(matches!(error.status(), Some(400..=499)), "{what}: {error}");
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const MEMBER: &str = "4536bcfad5faccb111b47003c79917fa";

#[test]
fn cloudflare_requests_conform() {
    use cloudflare::*;
    let prism = Prism::start(CLOUDFLARE);
    let client = cloudflare::builder(&prism.url, Auth::Token("prism-token".into()))
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();

    let user = prism.ok("User::show", User::show(&client, ()));
    assert!(!user.id.is_empty());
    let change = UserUpdate {
        first_name: Some("John".into()),
        country: Some("US".into()),
        ..Default::default()
    };
    prism.ok("User::update", User::update(&client, &change, ()));
    assert!(
        !prism
            .ok("Tenant::index", Tenant::index(&client, ()))
            .is_empty()
    );
    prism.ok(
        "Tenant::index_user_path",
        Tenant::index_user_path(&client, ()),
    );

    let query = Opts::new()
        .query("per_page", 5)
        .query("page", 2)
        .query("status", "accepted")
        .query("order", "user.email")
        .query("direction", "desc");
    let page = prism.ok("Member::index", Member::index(&client, ACCOUNT, query));
    assert_eq!(page.info().per_page, Some(20));
    let with_roles =
        NewMember::with_roles("user@example.com", ["3536bcfad5faccb999b47003c79917fb"])
            .status(MemberStatus::Pending);
    prism.ok(
        "Member::create (roles)",
        Member::create(&client, ACCOUNT, &with_roles, ()),
    );
    let policy = NewPolicy {
        access: Access::Allow,
        permission_groups: vec![IdRef::new("c8fed203ed3043cba015a93ad1616f1f")],
        resource_groups: vec![IdRef::new("6d7f2f5f5b1d4a0e9081fdc98d432fd1")],
    };
    prism.ok(
        "Member::create (policies)",
        Member::create(
            &client,
            ACCOUNT,
            &NewMember::with_policies("user@example.com", vec![policy.clone()]),
            (),
        ),
    );
    prism.ok("Member::show", Member::show(&client, ACCOUNT, MEMBER, ()));
    prism.ok(
        "Member::update (roles)",
        Member::update(
            &client,
            ACCOUNT,
            MEMBER,
            &MemberUpdate::roles(["3536bcfad5faccb999b47003c79917fb"]),
            (),
        ),
    );
    prism.ok(
        "Member::update (policies)",
        Member::update(
            &client,
            ACCOUNT,
            MEMBER,
            &MemberUpdate::Policies {
                policies: vec![policy.clone()],
            },
            (),
        ),
    );
    // The update body is a `oneOf` (roles or policies); Prism enforces it, so the
    // two calls above each matched exactly one branch.
    prism.rejected(
        "an update with neither roles nor policies",
        Member::update(&client, ACCOUNT, MEMBER, &serde_json::json!({}), ()),
    );
    prism.rejected(
        "an update with both roles and policies",
        Member::update(
            &client,
            ACCOUNT,
            MEMBER,
            &serde_json::json!({"roles": [{"id": "3536bcfad5faccb999b47003c79917fb"}], "policies": [policy]}),
            (),
        ),
    );
    prism.ok(
        "Member::delete",
        Member::delete(&client, ACCOUNT, MEMBER, ()),
    );

    prism.rejected(
        "per_page above 50",
        Member::index(&client, ACCOUNT, Opts::new().query("per_page", 500)),
    );
    let anonymous = Client::builder(&prism.url)
        .envelope(Cloudflare)
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();
    prism.rejected("no credentials", User::show(&anonymous, ()));
}

#[test]
fn pterodactyl_requests_conform() {
    use pterodactyl::*;
    let prism = Prism::start(PTERODACTYL);
    let client = pterodactyl::api_builder(&prism.url, "ptla_prism")
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();

    let query = UserQuery::new()
        .filter_email("example.com")
        .sort(Sort::IdDesc)
        .include_servers()
        .per_page(25)
        .page(1);
    let page = prism.ok("User::index", User::index(&client, query));
    assert!(page.info().total_pages.is_some());
    let mut new = NewUser::new("jane@example.com", "jane.doe", "Jane", "Doe");
    new.external_id = Some("crm-1042".into());
    new.password = Some("correct-horse-battery-staple".into());
    new.language = Some("en".into());
    new.root_admin = Some(false);
    let created = prism.ok("User::create", User::create(&client, &new, ()));
    prism.ok(
        "User::show",
        User::show(&client, created.id, UserQuery::new().include_servers()),
    );
    prism.ok("User::update", User::update(&client, created.id, &new, ()));
    prism.ok(
        "User::by_external_id",
        User::by_external_id(&client, "crm-1042", ()),
    );
    prism.ok("User::delete", User::delete(&client, created.id, ()));

    prism.rejected(
        "a body without the required fields",
        User::create(&client, &serde_json::json!({"email": "x@example.com"}), ()),
    );
    // `User`'s id is typed (`id = "user_id: u64"`), so `User::show(&client, "abc", ())`
    // no longer compiles (tests/ui/fail/typed_placeholder_wrong_argument.rs); an
    // untyped declaration of the same route still shows that Prism rejects it.
    #[restlax::resource(path = "/users", actions(show))]
    #[derive(serde::Deserialize)]
    struct UntypedUser {}
    prism.rejected("a non-numeric id", UntypedUser::show(&client, "abc", ()));
}

#[test]
fn flow_retail_requests_conform() {
    use flow_retail::*;
    let prism = Prism::start(FLOW_RETAIL);
    let anonymous = flow_retail::builder(&prism.url, "")
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();
    let client = flow_retail::builder(&prism.url, "access-token")
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();
    let tenant = "tn-8c3f91d2a4";

    let login = prism.ok(
        "Account::login",
        Account::login(
            &anonymous,
            &LoginRequest::new("karin", "4821"),
            flow_retail::token("device-token"),
        ),
    );
    assert!(!login.access_token.is_empty());
    let account = prism.ok("Account::show", Account::show(&client, ()));
    assert_eq!(account.tenants.len(), 2);
    prism.ok(
        "Account::update",
        Account::update(
            &client,
            &AccountUpdate {
                default_tenant_uid: tenant.into(),
            },
            (),
        ),
    );
    prism.ok(
        "TenantAccount::show",
        TenantAccount::show(&client, tenant, ()),
    );
    let change = TenantAccountUpdate {
        display_name: Some("Kari".into()),
        default_store_uid: Some(String::new()),
        ..Default::default()
    };
    prism.ok(
        "TenantAccount::update",
        TenantAccount::update(&client, tenant, &change, ()),
    );
    prism.ok(
        "TenantAccount::access_token",
        TenantAccount::access_token(&anonymous, tenant, flow_retail::token("auth-token")),
    );
    prism.ok(
        "Account::invite",
        Account::invite(
            &anonymous,
            flow_retail::invite_token("inv_9QzW4rT7mK2pL8sX"),
        ),
    );
    let accept = AcceptInvite {
        invite_token: "inv_9QzW4rT7mK2pL8sX".into(),
    };
    prism.ok(
        "Account::accept_invite",
        Account::accept_invite(&anonymous, &accept, flow_retail::token("auth-token")),
    );

    prism.rejected(
        "login without a device token",
        Account::login(&anonymous, &LoginRequest::new("karin", "4821"), ()),
    );
    prism.rejected(
        "invite lookup without its header",
        Account::invite(&anonymous, ()),
    );
}

#[test]
fn fractal_client_preset_sends_accept_json() {
    // The preset's Accept header is what keeps the real panel from redirecting.
    let server = restlax::testing::MockServer::start();
    server.respond(restlax::testing::MockResponse::json(
        200,
        &serde_json::json!({"object": "list", "data": []}),
    ));
    let client = pterodactyl::builder(server.url(), "ptla_x")
        .no_proxy()
        .build()
        .unwrap();
    pterodactyl::User::index(&client, ()).unwrap();
    let request = server.last_request().unwrap();
    assert_eq!(request.path, "/api/application/users");
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("authorization"), Some("Bearer ptla_x"));
    let _ = Fractal;
}

#[test]
fn member_update_bodies_have_the_documented_shape() {
    use cloudflare::*;
    let server = restlax::testing::MockServer::start();
    let member = serde_json::json!({"success": true, "errors": [], "messages": [], "result": {"id": MEMBER}});
    server.respond_always(restlax::testing::MockResponse::json(200, &member));
    let client = cloudflare::builder(server.url(), Auth::Token("t".into()))
        .no_proxy()
        .build()
        .unwrap();
    let policy = NewPolicy {
        access: Access::Deny,
        permission_groups: vec![IdRef::new("p1")],
        resource_groups: vec![IdRef::new("r1")],
    };
    Member::update(
        &client,
        ACCOUNT,
        MEMBER,
        &MemberUpdate::Policies {
            policies: vec![policy],
        },
        (),
    )
    .unwrap();
    assert_eq!(
        server.last_request().unwrap().body_json(),
        serde_json::json!({"policies": [{"access": "deny", "permission_groups": [{"id": "p1"}], "resource_groups": [{"id": "r1"}]}]})
    );
    Member::update(&client, ACCOUNT, MEMBER, &MemberUpdate::roles(["r9"]), ()).unwrap();
    assert_eq!(
        server.last_request().unwrap().body_json(),
        serde_json::json!({"roles": [{"id": "r9"}]})
    );
}
