use restlax::{Client, resource};

#[resource(path = "/user", singular, update_method = "PATCH")]
#[derive(serde::Deserialize)]
struct User {
    id: String,
}

#[resource(path = "/tenants/<tenant_uid>/account", singular, actions(show))]
#[derive(serde::Deserialize)]
struct TenantAccount {
    uid: String,
}

fn main() {
    let _: fn(&Client, ()) -> Result<User, restlax::Error> = |c, o| User::show(c, o);
    let _: fn(&Client, &serde_json::Value, ()) -> Result<User, restlax::Error> = |c, b, o| User::update(c, b, o);
    let _: fn(&Client, &str, ()) -> Result<TenantAccount, restlax::Error> = |c, t, o| TenantAccount::show(c, t, o);
    assert_eq!(User::ACTIONS[1].method, restlax::Method::Patch);
    assert_eq!(TenantAccount::ACTIONS.len(), 1);
}
