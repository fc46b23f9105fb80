//! The shipped resources against recorded traffic: each test replays a
//! cassette in `tests/cassettes/`, offline. The cassettes were recorded from the
//! sandbox, the stand-in for the real APIs here; `RESTLAX_RECORD=1 cargo test
//! -p restlax-resources --test cassettes` records them again.

use restlax::Opts;
use restlax::testing::{Cassette, Mode};
use restlax_resources::cloudflare::{self, Auth, Member, MemberStatus, MemberUpdate, NewMember};
use restlax_resources::flow_retail::{self, Account, LoginRequest, TenantAccount};
use restlax_resources::pterodactyl::{self, NewUser, Sort, User, UserQuery};
use restlax_resources::sandbox::Sandbox;

/// Every secret the sandbox knows: none may be in a cassette.
const SECRETS: [&str; 7] = [
    Sandbox::CLOUDFLARE_TOKEN,
    Sandbox::PTERODACTYL_KEY,
    Sandbox::FLOW_RETAIL_DEVICE_TOKEN,
    Sandbox::FLOW_RETAIL_AUTH_TOKEN,
    Sandbox::FLOW_RETAIL_PASSWORD,
    Sandbox::FLOW_RETAIL_INVITE_TOKEN,
    // What a login or a token exchange hands out.
    "sandbox-access-token",
];

fn file(name: &str) -> String {
    format!("{}/tests/cassettes/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

/// The cassette `name` for the API at `target` (a sandbox URL, or what
/// replay puts in its place).
fn cassette(name: &str, target: &str) -> Cassette {
    Cassette::builder(file(name), target)
        .scrub_value(Sandbox::FLOW_RETAIL_AUTH_TOKEN)
        .scrub_value(Sandbox::FLOW_RETAIL_DEVICE_TOKEN)
        .start()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Replay never reaches the sandbox; a recording does.
fn check_traffic(cassette: &Cassette, sandbox: &Sandbox) {
    match cassette.mode() {
        Mode::Replay => assert_eq!(sandbox.request_count(), 0, "replay is offline"),
        Mode::Record => assert!(sandbox.request_count() > 0),
    }
}

#[test]
fn cloudflare_member_lifecycle() {
    let sandbox = Sandbox::start();
    let cassette = cassette("cloudflare_member_lifecycle", &sandbox.cloudflare_url());
    let auth = Auth::Token(Sandbox::CLOUDFLARE_TOKEN.into());
    let client = cloudflare::builder(cassette.url(), auth)
        .no_proxy()
        .build()
        .unwrap();
    let account = Sandbox::CLOUDFLARE_ACCOUNT_ID;

    let invite = NewMember::with_roles("ops@example.com", [Sandbox::CLOUDFLARE_READ_ONLY_ROLE]);
    let member = Member::create(&client, account, &invite, ()).unwrap();
    assert_eq!(member.email.as_deref(), Some("ops@example.com"));
    assert_eq!(member.status, Some(MemberStatus::Pending));

    let pending = Member::index(&client, account, Opts::new().query("status", "pending")).unwrap();
    assert!(pending.iter().any(|m| m.id == member.id));

    let updated = Member::update(
        &client,
        account,
        &member.id,
        &MemberUpdate::roles([Sandbox::CLOUDFLARE_ADMIN_ROLE]),
        (),
    )
    .unwrap();
    let roles: Vec<_> = updated.roles.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(roles, [Sandbox::CLOUDFLARE_ADMIN_ROLE]);
    assert_eq!(
        Member::show(&client, account, &member.id, ()).unwrap(),
        updated
    );

    Member::delete(&client, account, &member.id, ()).unwrap();
    let gone = Member::show(&client, account, &member.id, ()).unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert!(!gone.api_messages().is_empty());

    check_traffic(&cassette, &sandbox);
    cassette.finish().unwrap();
}

#[test]
fn pterodactyl_user_crud_with_filters() {
    let sandbox = Sandbox::start();
    let cassette = cassette("pterodactyl_user_crud", &sandbox.pterodactyl_url());
    let client = pterodactyl::builder(cassette.url(), Sandbox::PTERODACTYL_KEY)
        .no_proxy()
        .build()
        .unwrap();

    let mut new = NewUser::new("lin@example.com", "lin.chen", "Lin", "Chen");
    new.external_id = Some("crm-5000".into());
    new.password = Some("a-real-password-123".into());
    let lin = User::create(&client, &new, ()).unwrap();
    assert_eq!(lin.username, "lin.chen");

    let found = User::index(
        &client,
        UserQuery::new()
            .filter_email("lin@example.com")
            .sort(Sort::IdDesc),
    )
    .unwrap();
    let ids: Vec<u64> = found.iter().map(|u| u.id).collect();
    assert_eq!(ids, [lin.id]);
    let by_name = User::index(&client, UserQuery::new().filter_username("lin.chen")).unwrap();
    assert_eq!(by_name.len(), 1);

    let mut change = NewUser::new("lin@example.com", "lin.chen", "Lin", "Chén");
    change.external_id = Some("crm-5000".into());
    let changed = User::update(&client, lin.id, &change, ()).unwrap();
    assert_eq!(changed.last_name, "Chén");
    assert_eq!(
        User::by_external_id(&client, "crm-5000", ()).unwrap().id,
        lin.id
    );
    assert_eq!(User::show(&client, lin.id, ()).unwrap(), changed);

    User::delete(&client, lin.id, ()).unwrap();
    assert!(User::show(&client, lin.id, ()).unwrap_err().is_not_found());

    check_traffic(&cassette, &sandbox);
    cassette.finish().unwrap();
}

#[test]
fn flow_retail_login_and_token_exchange() {
    let sandbox = Sandbox::start();
    let cassette = cassette("flow_retail_login", &sandbox.flow_retail_url());
    let anonymous = flow_retail::builder(cassette.url(), "")
        .no_proxy()
        .build()
        .unwrap();

    let login = Account::login(
        &anonymous,
        &LoginRequest::new(Sandbox::FLOW_RETAIL_USER, Sandbox::FLOW_RETAIL_PASSWORD),
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )
    .unwrap();
    let client = flow_retail::builder(cassette.url(), &login.access_token)
        .no_proxy()
        .build()
        .unwrap();
    let account = Account::show(&client, ()).unwrap();
    assert!(account.tenants.len() >= 2);

    let exchanged = TenantAccount::access_token(
        &anonymous,
        &account.default_tenant_uid,
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )
    .unwrap();
    assert_eq!(exchanged.account.tenant_uid, account.default_tenant_uid);
    let tenant = flow_retail::builder(cassette.url(), &exchanged.access_token)
        .no_proxy()
        .build()
        .unwrap();
    let me = TenantAccount::show(&tenant, &account.default_tenant_uid, ()).unwrap();
    assert_eq!(me.tenant_uid, account.default_tenant_uid);

    let wrong = Account::login(
        &anonymous,
        &LoginRequest::new(Sandbox::FLOW_RETAIL_USER, "0000"),
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    );
    // Scrubbed, the wrong password looks like the right one: the recorded
    // answer (a 401) is what decides.
    assert_eq!(wrong.unwrap_err().status(), Some(401));

    check_traffic(&cassette, &sandbox);
    cassette.finish().unwrap();
}

#[test]
fn the_checked_in_cassettes_hold_no_secret() {
    for name in [
        "cloudflare_member_lifecycle",
        "pterodactyl_user_crud",
        "flow_retail_login",
    ] {
        let Ok(bytes) = std::fs::read(file(name)) else {
            // Being recorded by its test right now.
            assert_eq!(Mode::from_env(), Mode::Record, "{name}.json is missing");
            continue;
        };
        for secret in SECRETS.iter().chain(&["a-real-password-123"]) {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret:?} is in {name}.json"
            );
        }
    }
}
