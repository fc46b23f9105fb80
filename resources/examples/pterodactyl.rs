//! The shipped Pterodactyl resource: panel users with typed filters, validation
//! errors and the external-id lookup. Runs against the sandbox; with
//! `PTERODACTYL_URL` and `PTERODACTYL_API_KEY` set it reads from a real panel.
//!
//!     cargo run --example pterodactyl

use restlax_resources::pterodactyl::{self, NewUser, Sort, User, UserQuery};
use restlax_resources::sandbox::Sandbox;

fn main() -> Result<(), restlax::Error> {
    let real = std::env::var("PTERODACTYL_URL")
        .ok()
        .zip(std::env::var("PTERODACTYL_API_KEY").ok());
    let sandbox;
    let client = match &real {
        Some((url, key)) => pterodactyl::client(url, key)?,
        None => {
            sandbox = Sandbox::start();
            pterodactyl::builder(&sandbox.pterodactyl_url(), Sandbox::PTERODACTYL_KEY)
                .no_proxy()
                .build()?
        }
    };

    // Every user, newest first, two per page: the walk follows meta.pagination.
    for user in User::index_all(&client, UserQuery::new().sort(Sort::IdDesc).per_page(2)) {
        let user = user?;
        println!(
            "#{:<3} {:<16} {:<24} admin={}",
            user.id, user.username, user.email, user.root_admin
        );
    }
    let found = User::index(&client, UserQuery::new().filter_email("example.no"))?;
    println!("{} users at example.no", found.len());
    if real.is_some() {
        return Ok(());
    }

    let jane = User::by_external_id(&client, "crm-1042", ())?;
    println!("crm-1042 is {} {}", jane.first_name, jane.last_name);

    let mut new = NewUser::new("lin@example.com", "lin.chen", "Lin", "Chen");
    new.external_id = Some("crm-5000".into());
    let lin = User::create(&client, &new, ())?;
    println!("created #{} {}", lin.id, lin.username);

    // The panel validates like Laravel: one message per failed rule, with its field.
    let error = User::create(
        &client,
        &NewUser::new("jane@example.com", "x", "", "Doe"),
        (),
    )
    .unwrap_err();
    println!("HTTP {:?}:", error.status());
    for message in error.api_messages() {
        println!(
            "  {:<12} {}",
            message.field().unwrap_or("-"),
            message.message()
        );
    }

    User::delete(&client, lin.id, ())?;
    let error = User::delete(&client, 4, ()).unwrap_err();
    println!("cannot delete #4: {}", error.api_messages()[0].message());
    Ok(())
}
