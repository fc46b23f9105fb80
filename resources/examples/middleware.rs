//! Middleware on real resources, against the sandbox: request logging that
//! never prints a secret, and Flow Retail's access token refreshed on `401`.
//!
//!     cargo run --example middleware

use restlax::middleware::Logger;
use restlax_resources::flow_retail::{self, Account, RefreshAccessToken};
use restlax_resources::sandbox::Sandbox;

fn main() -> Result<(), restlax::Error> {
    let sandbox = Sandbox::start();
    let base = sandbox.flow_retail_url();

    // The refresh middleware exchanges the auth token through a client of its own.
    let exchange = flow_retail::builder(&base, "").no_proxy().build()?;
    let refresh =
        RefreshAccessToken::new(exchange, "tn-8c3f91d2a4", Sandbox::FLOW_RETAIL_AUTH_TOKEN);

    // Middleware runs in the order added, the first outermost: the logger,
    // innermost, sees every request the refresh middleware sends (the 401 too),
    // with the token redacted.
    let client = flow_retail::builder(&base, "")
        .no_proxy()
        .middleware(refresh)
        .middleware(Logger::new(|line: &str| println!("  {line}")))
        .build()?;

    println!("first call (the middleware fetches an access token first):");
    let account = Account::show(&client, ())?;
    println!(
        "account {} with {} tenants\n",
        account.default_tenant_uid,
        account.tenants.len()
    );

    sandbox.expire_flow_retail_access_tokens();
    println!("after the access token expired (401, refresh, sent again):");
    let account = Account::show(&client, ())?;
    println!("account {} again", account.default_tenant_uid);
    Ok(())
}
