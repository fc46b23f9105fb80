//! The shipped Cloudflare resources: the user, tenants and members, with typed
//! bodies. Runs against the sandbox; with `CLOUDFLARE_API_TOKEN` and
//! `CLOUDFLARE_ACCOUNT_ID` set it reads from the real API instead (no writes).
//!
//!     cargo run --example cloudflare

use restlax::Opts;
use restlax_resources::cloudflare::{
    self, Auth, Member, MemberStatus, MemberUpdate, NewMember, Tenant, User, UserUpdate,
};
use restlax_resources::sandbox::Sandbox;

fn main() -> Result<(), restlax::Error> {
    let real = std::env::var("CLOUDFLARE_API_TOKEN")
        .ok()
        .zip(std::env::var("CLOUDFLARE_ACCOUNT_ID").ok());
    let sandbox;
    let (client, account) = match real.clone() {
        Some((token, account)) => (cloudflare::client(Auth::Token(token))?, account),
        None => {
            sandbox = Sandbox::start();
            let auth = Auth::Key {
                email: Sandbox::CLOUDFLARE_EMAIL.into(),
                key: Sandbox::CLOUDFLARE_KEY.into(),
            };
            (
                cloudflare::builder(&sandbox.cloudflare_url(), auth)
                    .no_proxy()
                    .build()?,
                Sandbox::CLOUDFLARE_ACCOUNT_ID.into(),
            )
        }
    };

    let me = User::show(&client, ())?;
    println!(
        "user: {} {} <{}>",
        me.first_name.as_deref().unwrap_or(""),
        me.last_name.as_deref().unwrap_or(""),
        me.email.as_deref().unwrap_or("")
    );
    for tenant in Tenant::index(&client, ())? {
        println!("tenant: {} ({})", tenant.name, tenant.id);
    }
    let pending = Member::index(
        &client,
        &account,
        Opts::new().query("status", "pending").query("per_page", 50),
    )?;
    println!(
        "pending members: {}",
        pending
            .iter()
            .filter_map(|m| m.email.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    );
    if real.is_some() {
        return Ok(());
    }

    let updated = User::update(
        &client,
        &UserUpdate {
            telephone: Some("+47 22 00 00 00".into()),
            ..Default::default()
        },
        (),
    )?;
    println!("telephone now {:?}", updated.telephone);

    let invite = NewMember::with_roles("ops@example.com", [Sandbox::CLOUDFLARE_READ_ONLY_ROLE])
        .status(MemberStatus::Accepted);
    let member = Member::create(&client, &account, &invite, ())?;
    let member = Member::update(
        &client,
        &account,
        &member.id,
        &MemberUpdate::roles([Sandbox::CLOUDFLARE_ADMIN_ROLE]),
        (),
    )?;
    println!(
        "{} is {:?} with {:?}",
        member.id,
        member.status,
        member
            .roles
            .iter()
            .map(|r| r.name.as_deref())
            .collect::<Vec<_>>()
    );

    // A validation error comes back typed, with Cloudflare's own codes.
    let error = Member::create(
        &client,
        &account,
        &NewMember::with_roles("not-an-email", ["no-such-role"]),
        (),
    )
    .unwrap_err();
    for message in error.api_messages() {
        println!("rejected: {message}");
    }
    Member::delete(&client, &account, &member.id, ())?;
    Ok(())
}
