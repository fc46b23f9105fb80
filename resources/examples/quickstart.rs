//! restlax in five minutes: declare a resource with one attribute, then list,
//! add, show, update and remove, and handle an API error.
//!
//! Runs offline against the embedded sandbox:
//!
//!     cargo run --example quickstart
//!
//! With `CLOUDFLARE_API_TOKEN` and `CLOUDFLARE_ACCOUNT_ID` set it talks to the
//! real Cloudflare API instead. It only reads there unless you also set
//! `CLOUDFLARE_INVITE_EMAIL`: then it invites that address, changes its role
//! and removes it again.

use restlax::envelope::Cloudflare;
use restlax::{Client, Opts, resource};
use restlax_resources::sandbox::Sandbox;
use serde::{Deserialize, Serialize};
use serde_json::json;

// 1. Declare the resource: one attribute on the response model.
/// A member of a Cloudflare account.
#[resource(
    path = "/accounts/<account_id>/members",
    actions(index, show, create, update, delete)
)]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub name: Option<String>,
}

fn main() -> Result<(), restlax::Error> {
    // 2. Point a client at the API. Without credentials, start the sandbox.
    let real = std::env::var("CLOUDFLARE_API_TOKEN")
        .ok()
        .zip(std::env::var("CLOUDFLARE_ACCOUNT_ID").ok());
    let sandbox;
    let (client, account, invite) = match &real {
        Some((token, account)) => {
            println!("Talking to the real Cloudflare API (account {account}).");
            let client = Client::builder("https://api.cloudflare.com/client/v4")
                .bearer_auth(token)
                .envelope(Cloudflare)
                .build()?;
            (
                client,
                account.clone(),
                std::env::var("CLOUDFLARE_INVITE_EMAIL").ok(),
            )
        }
        None => {
            sandbox = Sandbox::start();
            println!(
                "Started the sandbox at {} (set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID for the real API).",
                sandbox.url()
            );
            let client = Client::builder(sandbox.cloudflare_url())
                .bearer_auth(Sandbox::CLOUDFLARE_TOKEN)
                .envelope(Cloudflare)
                .no_proxy()
                .build()?;
            (
                client,
                Sandbox::CLOUDFLARE_ACCOUNT_ID.to_owned(),
                Some("new.member@example.com".to_owned()),
            )
        }
    };
    println!("Client: {client:?}\n");

    // 3. List members across pages: `index_all` fetches page after page lazily.
    println!("== Members (5 per page) ==");
    let mut count = 0;
    for member in Member::index_all(&client, &account, Opts::new().query("per_page", 5)) {
        let member = member?;
        count += 1;
        println!(
            "  {:>2}. {:<28} {}",
            count,
            member.email.as_deref().unwrap_or("?"),
            member.status.as_deref().unwrap_or("?")
        );
    }
    let first = Member::index(&client, &account, Opts::new().query("per_page", 5))?;
    println!(
        "  {count} members; the API reports {} in {} pages\n",
        first.info().total_count.unwrap_or(0),
        first.info().total_pages.unwrap_or(0)
    );

    let Some(email) = invite else {
        println!("Set CLOUDFLARE_INVITE_EMAIL to also add, update and remove a member.");
        return Ok(());
    };
    // On the real API, reuse a role the account already has; the sandbox knows two.
    let (start_role, final_role) = match first.iter().flat_map(|m| &m.roles).next() {
        Some(role) if real.is_some() => (role.id.clone(), role.id.clone()),
        _ => (
            Sandbox::CLOUDFLARE_READ_ONLY_ROLE.to_owned(),
            Sandbox::CLOUDFLARE_ADMIN_ROLE.to_owned(),
        ),
    };

    // 4. Add one.
    println!("== Add {email} ==");
    let added = Member::create(
        &client,
        &account,
        &json!({"email": email, "roles": [start_role]}),
        (),
    )?;
    println!(
        "  created {} ({})\n",
        added.id,
        added.status.as_deref().unwrap_or("?")
    );

    // 5. Show it.
    let shown = Member::show(&client, &account, &added.id, ())?;
    let roles: Vec<_> = shown
        .roles
        .iter()
        .filter_map(|r| r.name.as_deref())
        .collect();
    println!(
        "== Show ==\n  {} <{}> roles: {roles:?}\n",
        shown.id,
        shown.email.as_deref().unwrap_or("?")
    );

    // 6. Update its roles (PUT).
    let updated = Member::update(
        &client,
        &account,
        &added.id,
        &json!({"roles": [{"id": final_role}]}),
        (),
    )?;
    let names: Vec<_> = updated
        .roles
        .iter()
        .filter_map(|r| r.name.as_deref())
        .collect();
    println!("== Update ==\n  roles now: {names:?}\n");

    // 7. Remove it.
    Member::delete(&client, &account, &added.id, ())?;
    println!("== Remove ==\n  deleted {}\n", added.id);

    // 8. Handle an API error: the member is gone now.
    println!("== Handle an error ==");
    match Member::show(&client, &account, &added.id, ()) {
        Ok(member) => println!("  unexpectedly still there: {member:?}"),
        Err(error) if error.is_not_found() => {
            println!("  not found, as expected");
            println!("  status:   {:?}", error.status());
            for message in error.api_messages() {
                println!(
                    "  message:  {} (code {})",
                    message.message(),
                    message.code().unwrap_or("-")
                );
            }
            println!("  display:  {error}");
        }
        Err(other) => return Err(other),
    }

    // 9. Bad input never leaves the machine: an empty id is a typed error.
    let error = Member::show(&client, &account, "", ()).unwrap_err();
    println!("\n== Bad input ==\n  {:?}: {error}", error.kind());
    Ok(())
}
