//! Full CRUD against the embedded sandbox with the shipped resources: what a
//! user of `restlax-resources` sees, over real loopback sockets.

use std::time::{Duration, Instant};

use restlax::{ErrorKind, Opts, Retry};
use restlax_resources::cloudflare::{
    self, Auth, Member, MemberStatus, MemberUpdate, NewMember, Tenant, User, UserUpdate,
};
use restlax_resources::flow_retail::{
    self, AcceptInvite, Account, AccountUpdate, LoginRequest, TenantAccount, TenantAccountUpdate,
};
use restlax_resources::pterodactyl::{self, NewUser, Sort, UserQuery};
use restlax_resources::sandbox::Sandbox;

const ACCOUNT: &str = Sandbox::CLOUDFLARE_ACCOUNT_ID;

fn cf(sandbox: &Sandbox) -> restlax::Client {
    cloudflare::builder(
        &sandbox.cloudflare_url(),
        Auth::Token(Sandbox::CLOUDFLARE_TOKEN.into()),
    )
    .no_proxy()
    .build()
    .unwrap()
}

#[test]
fn cloudflare_member_crud() {
    let sandbox = Sandbox::start();
    let client = cf(&sandbox);

    let all: Vec<Member> = Member::index_all(&client, ACCOUNT, Opts::new().query("per_page", 5))
        .map(Result::unwrap)
        .collect();
    assert_eq!(all.len(), 12);
    assert_eq!(
        sandbox.request_count(),
        3,
        "12 members at 5 per page is 3 pages"
    );

    let new = NewMember::with_roles("new@example.com", [Sandbox::CLOUDFLARE_READ_ONLY_ROLE]);
    let created = Member::create(&client, ACCOUNT, &new, ()).unwrap();
    assert_eq!(created.status, Some(MemberStatus::Pending));
    assert_eq!(
        created.roles[0].name.as_deref(),
        Some("Administrator Read Only")
    );

    let shown = Member::show(&client, ACCOUNT, &created.id, ()).unwrap();
    assert_eq!(shown, created);

    let updated = Member::update(
        &client,
        ACCOUNT,
        &created.id,
        &MemberUpdate::roles([Sandbox::CLOUDFLARE_ADMIN_ROLE]),
        (),
    )
    .unwrap();
    assert_eq!(updated.roles[0].id, Sandbox::CLOUDFLARE_ADMIN_ROLE);
    assert!(updated.roles[0].permissions["zones"].write);

    Member::delete(&client, ACCOUNT, &created.id, ()).unwrap();
    let gone = Member::show(&client, ACCOUNT, &created.id, ()).unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.api_messages()[0].code(), Some("1003"));
    assert_eq!(
        Member::index(&client, ACCOUNT, Opts::new().query("per_page", 50))
            .unwrap()
            .len(),
        12
    );
}

#[test]
fn cloudflare_filters_validation_and_auth() {
    let sandbox = Sandbox::start();
    let client = cf(&sandbox);
    let pending = Member::index(&client, ACCOUNT, Opts::new().query("status", "pending")).unwrap();
    assert_eq!(pending.len(), 3);
    assert!(
        pending
            .iter()
            .all(|m| m.status == Some(MemberStatus::Pending))
    );

    let error = Member::index(&client, ACCOUNT, Opts::new().query("per_page", 51)).unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert!(
        error.api_messages()[0].message().contains("per_page"),
        "{error}"
    );

    let error = Member::create(
        &client,
        ACCOUNT,
        &NewMember::with_roles("bad", ["nope"]),
        (),
    )
    .unwrap_err();
    let codes: Vec<_> = error.api_messages().iter().map(|m| m.code()).collect();
    assert_eq!(codes, [Some("1001"), Some("1001")]);

    let error = Member::show(&client, "no-such-account", "m", ()).unwrap_err();
    assert_eq!(error.api_messages()[0].code(), Some("7003"));

    let anonymous = restlax::Client::builder(sandbox.cloudflare_url())
        .envelope(restlax::envelope::Cloudflare)
        .no_proxy()
        .build()
        .unwrap();
    let error = User::show(&anonymous, ()).unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.api_messages()[0].message(), "Authentication error");
}

#[test]
fn cloudflare_user_and_tenants_with_key_auth() {
    let sandbox = Sandbox::start();
    let auth = Auth::Key {
        email: Sandbox::CLOUDFLARE_EMAIL.into(),
        key: Sandbox::CLOUDFLARE_KEY.into(),
    };
    let client = cloudflare::builder(&sandbox.cloudflare_url(), auth)
        .no_proxy()
        .build()
        .unwrap();
    let user = User::show(&client, ()).unwrap();
    assert_eq!(user.country.as_deref(), Some("US"));
    let update = UserUpdate {
        first_name: Some("Jane".into()),
        zipcode: Some("0150".into()),
        ..Default::default()
    };
    let user = User::update(&client, &update, ()).unwrap();
    assert_eq!(
        (user.first_name.as_deref(), user.zipcode.as_deref()),
        (Some("Jane"), Some("0150"))
    );
    assert_eq!(user.last_name.as_deref(), Some("Appleseed"));
    let tenants = Tenant::index(&client, ()).unwrap();
    assert_eq!(tenants[0].name, "Example Tenant");
    assert_eq!(Tenant::index_user_path(&client, ()).unwrap().len(), 1);
    assert!(!format!("{client:?}").contains(Sandbox::CLOUDFLARE_KEY));
}

#[test]
fn pterodactyl_user_crud() {
    let sandbox = Sandbox::start();
    let client = pterodactyl::builder(&sandbox.pterodactyl_url(), Sandbox::PTERODACTYL_KEY)
        .no_proxy()
        .build()
        .unwrap();

    let ids: Vec<u64> =
        pterodactyl::User::index_all(&client, UserQuery::new().per_page(3).sort(Sort::IdDesc))
            .map(|u| u.unwrap().id)
            .collect();
    assert_eq!(ids, [10, 9, 8, 7, 6, 5, 4]);

    let mut new = NewUser::new("Lin@Example.com", "Lin.Chen", "Lin", "Chen");
    new.external_id = Some("crm-5000".into());
    new.password = Some("correct-horse".into());
    assert!(!format!("{new:?}").contains("correct-horse"));
    let created = pterodactyl::User::create(&client, &new, ()).unwrap();
    assert_eq!(created.username, "lin.chen");

    let by_external = pterodactyl::User::by_external_id(&client, "crm-5000", ()).unwrap();
    assert_eq!(by_external.id, created.id);

    let mut change = NewUser::new("lin@example.com", "lin.chen", "Lin", "Chen-Wu");
    change.root_admin = Some(true);
    let updated = pterodactyl::User::update(&client, created.id, &change, ()).unwrap();
    assert_eq!(
        (updated.last_name.as_str(), updated.root_admin),
        ("Chen-Wu", true)
    );

    pterodactyl::User::delete(&client, created.id, ()).unwrap();
    assert!(
        pterodactyl::User::show(&client, created.id, ())
            .unwrap_err()
            .is_not_found()
    );

    let with_servers =
        pterodactyl::User::show(&client, 4, UserQuery::new().include_servers()).unwrap();
    let servers = with_servers.relationships.unwrap().servers.unwrap();
    assert_eq!(servers.data[0].attributes["name"], "Survival");
    let error = pterodactyl::User::delete(&client, 4, ()).unwrap_err();
    assert_eq!(error.api_messages()[0].code(), Some("DisplayException"));
}

#[test]
fn pterodactyl_validation_filters_and_auth() {
    let sandbox = Sandbox::start();
    let client = pterodactyl::builder(&sandbox.pterodactyl_url(), Sandbox::PTERODACTYL_KEY)
        .no_proxy()
        .build()
        .unwrap();
    let error = pterodactyl::User::create(
        &client,
        &NewUser::new("jane@example.com", "jane.doe", "", "Doe"),
        (),
    )
    .unwrap_err();
    assert_eq!(error.status(), Some(422));
    let fields: Vec<_> = error
        .api_messages()
        .iter()
        .map(|m| m.field().unwrap())
        .collect();
    assert_eq!(fields, ["first_name", "email", "username"]);

    let found =
        pterodactyl::User::index(&client, UserQuery::new().filter_email("example.de")).unwrap();
    assert_eq!(
        found
            .iter()
            .map(|u| u.username.as_str())
            .collect::<Vec<_>>(),
        ["max.mustermann", "erika.m"]
    );

    let error =
        pterodactyl::User::index(&client, Opts::new().query("filter[name]", "x")).unwrap_err();
    assert_eq!(error.api_messages()[0].code(), Some("InvalidFilterQuery"));

    let wrong_key = pterodactyl::builder(&sandbox.pterodactyl_url(), "ptla_wrong")
        .no_proxy()
        .build()
        .unwrap();
    let error = pterodactyl::User::index(&wrong_key, ()).unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.api_messages()[0].code(),
        Some("AuthenticationException")
    );

    // Without `Accept: application/json` the panel redirects to its login page:
    // an error, not a decoded HTML page.
    let no_accept =
        restlax::Client::builder(format!("{}/api/application", sandbox.pterodactyl_url()))
            .envelope(restlax::envelope::Fractal)
            .no_proxy()
            .retry(Retry::none())
            .build()
            .unwrap();
    let error = pterodactyl::User::index(&no_accept, Opts::new().header("accept", "text/html"))
        .unwrap_err();
    assert_ne!(error.kind(), ErrorKind::Decode, "{error}");
}

#[test]
fn flow_retail_login_account_and_invites() {
    let sandbox = Sandbox::start();
    let base = sandbox.flow_retail_url();
    let anonymous = flow_retail::builder(&base, "").no_proxy().build().unwrap();

    let bad = Account::login(
        &anonymous,
        &LoginRequest::new("karin", "0000"),
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )
    .unwrap_err();
    assert_eq!(bad.status(), Some(401));
    assert_eq!(
        bad.api_messages()[0].message(),
        "Invalid user code or password"
    );

    let login = Account::login(
        &anonymous,
        &LoginRequest::new(Sandbox::FLOW_RETAIL_USER, Sandbox::FLOW_RETAIL_PASSWORD),
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )
    .unwrap();
    assert_eq!(login.tenant_user.tenant_uid, "tn-8c3f91d2a4");
    let client = flow_retail::builder(&base, &login.access_token)
        .no_proxy()
        .build()
        .unwrap();

    assert_eq!(
        Account::show(&anonymous, ()).unwrap_err().status(),
        Some(401)
    );
    let account = Account::show(&client, ()).unwrap();
    assert_eq!(account.tenants.len(), 2);
    let account = Account::update(
        &client,
        &AccountUpdate {
            default_tenant_uid: "tn-2d7a6b0e55".into(),
        },
        (),
    )
    .unwrap();
    assert_eq!(account.default_tenant_uid, "tn-2d7a6b0e55");
    let error = Account::update(
        &client,
        &AccountUpdate {
            default_tenant_uid: "tn-unknown".into(),
        },
        (),
    )
    .unwrap_err();
    assert_eq!(error.status(), Some(400));

    let tenant = TenantAccount::show(&client, "tn-2d7a6b0e55", ()).unwrap();
    assert_eq!(tenant.account_type, flow_retail::AccountType::Regular);
    let change = TenantAccountUpdate {
        mobile: Some("+4799999999".into()),
        ..Default::default()
    };
    assert_eq!(
        TenantAccount::update(&client, "tn-2d7a6b0e55", &change, ())
            .unwrap()
            .mobile
            .as_deref(),
        Some("+4799999999")
    );
    let exchanged = TenantAccount::access_token(
        &anonymous,
        "tn-2d7a6b0e55",
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )
    .unwrap();
    assert!(!exchanged.access_token.is_empty());

    let invite = Account::invite(
        &anonymous,
        flow_retail::invite_token(Sandbox::FLOW_RETAIL_INVITE_TOKEN),
    )
    .unwrap();
    assert_eq!(invite.tenant_uid, "tn-6e0b3c9f17");
    let accept = AcceptInvite {
        invite_token: Sandbox::FLOW_RETAIL_INVITE_TOKEN.into(),
    };
    let joined = Account::accept_invite(
        &anonymous,
        &accept,
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )
    .unwrap();
    assert_eq!(joined.tenant_uid, "tn-6e0b3c9f17");
    assert_eq!(Account::show(&client, ()).unwrap().tenants.len(), 3);
    let again = Account::accept_invite(
        &anonymous,
        &accept,
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )
    .unwrap_err();
    assert_eq!(again.status(), Some(400));
}

#[test]
fn rate_limit_answers_429_with_retry_after_and_the_client_waits() {
    // Wide enough that a slow machine still makes the third call inside it.
    const WINDOW: Duration = Duration::from_secs(3);
    let sandbox = Sandbox::builder().rate_limit(2, WINDOW).start();
    let no_retry = cloudflare::builder(
        &sandbox.cloudflare_url(),
        Auth::Token(Sandbox::CLOUDFLARE_TOKEN.into()),
    )
    .no_proxy()
    .retry(Retry::none())
    .build()
    .unwrap();
    User::show(&no_retry, ()).unwrap();
    User::show(&no_retry, ()).unwrap();
    let error = User::show(&no_retry, ()).unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(error.api_messages()[0].code(), Some("971"));
    let wait = error.retry_after().expect("Retry-After is read");
    assert!(wait <= WINDOW, "{wait:?}");

    // With retries on (the default), the GET waits out the window and succeeds.
    let client = cf(&sandbox);
    let started = Instant::now();
    User::show(&client, ()).unwrap();
    assert!(started.elapsed() < WINDOW + Duration::from_secs(2));
}
