//! The shipped Flow Retail resources: log in with a device token, read and
//! update the account, exchange an auth token, and accept an invitation. Runs
//! against the sandbox.
//!
//!     cargo run --example flow_retail

use restlax_resources::flow_retail::{
    self, AcceptInvite, Account, AccountUpdate, LoginRequest, TenantAccount, TenantAccountUpdate,
};
use restlax_resources::sandbox::Sandbox;

fn main() -> Result<(), restlax::Error> {
    let sandbox = Sandbox::start();
    let base = sandbox.flow_retail_url();
    let anonymous = flow_retail::builder(&base, "").no_proxy().build()?;

    // 1. Log in with the device token; the answer carries an access token.
    let credentials = LoginRequest::new(Sandbox::FLOW_RETAIL_USER, Sandbox::FLOW_RETAIL_PASSWORD);
    let login = Account::login(
        &anonymous,
        &credentials,
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )?;
    println!(
        "logged in to {:?} (token {:?})\n",
        login.tenant_user.tenant_name, "<redacted in Debug>"
    );

    // 2. Everything else uses the access token.
    let client = flow_retail::builder(&base, &login.access_token)
        .no_proxy()
        .build()?;
    let account = Account::show(&client, ())?;
    for tenant in &account.tenants {
        println!(
            "tenant {} {:?} as {} ({})",
            tenant.tenant_uid, tenant.tenant_name, tenant.account_type, tenant.status
        );
    }
    let other = account
        .tenants
        .iter()
        .find(|t| t.tenant_uid != account.default_tenant_uid)
        .expect("two tenants");
    let account = Account::update(
        &client,
        &AccountUpdate {
            default_tenant_uid: other.tenant_uid.clone(),
        },
        (),
    )?;
    println!("default tenant is now {}", account.default_tenant_uid);

    let me = TenantAccount::update(
        &client,
        &account.default_tenant_uid,
        &TenantAccountUpdate {
            display_name: Some("Kari Nordmann".into()),
            ..Default::default()
        },
        (),
    )?;
    println!("display name in {}: {:?}", me.tenant_uid, me.display_name);

    // 3. An auth token can be exchanged for an access token to one tenant.
    let exchanged = TenantAccount::access_token(
        &anonymous,
        &me.tenant_uid,
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )?;
    println!(
        "exchanged an auth token for an access token to {}",
        exchanged.account.tenant_uid
    );

    // 4. Invitations: look one up by its token, then accept it.
    let invite = Account::invite(
        &anonymous,
        flow_retail::invite_token(Sandbox::FLOW_RETAIL_INVITE_TOKEN),
    )?;
    println!("invited to {:?} as {:?}", invite.tenant_name, invite.email);
    let body = AcceptInvite {
        invite_token: Sandbox::FLOW_RETAIL_INVITE_TOKEN.into(),
    };
    let joined = Account::accept_invite(
        &anonymous,
        &body,
        flow_retail::token(Sandbox::FLOW_RETAIL_AUTH_TOKEN),
    )?;
    println!("joined {}", joined.tenant_uid);

    // A wrong password is a typed API error carrying the API's message.
    let error = Account::login(
        &anonymous,
        &LoginRequest::new("karin", "0000"),
        flow_retail::token(Sandbox::FLOW_RETAIL_DEVICE_TOKEN),
    )
    .unwrap_err();
    println!("\n{error}");
    Ok(())
}
