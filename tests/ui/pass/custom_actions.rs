use std::collections::HashMap;

use restlax::{Client, Page, Pages, resource};

#[derive(serde::Deserialize)]
pub struct Token {
    pub token: String,
}

#[resource(
    path = "/users",
    action(name = by_external_id, method = "GET", path = "external/<external_id>"),
    action(name = login, method = "POST", path = "/account", body, returns = Token, doc = "Logs in."),
    action(name = suspend, method = "POST", path = "<id>/suspend", returns = ()),
    action(name = search, method = "POST", path = "search", body, list, walk),
    action(name = recent, method = "GET", path = "recent", list, returns = Self),
    action(name = counts, method = "GET", path = "/counts", returns = HashMap<String, u64>),
    action(name = replace, method = "PUT", path = "<id>/profile", body, returns = ()),
)]
#[derive(serde::Deserialize)]
pub struct User {
    pub id: u64,
}

fn main() {
    let _: fn(&Client, &str, ()) -> Result<User, restlax::Error> = |c, e, o| User::by_external_id(c, e, o);
    let _: fn(&Client, &serde_json::Value, ()) -> Result<Token, restlax::Error> = |c, b, o| User::login(c, b, o);
    let _: fn(&Client, u64, ()) -> Result<(), restlax::Error> = |c, i, o| User::suspend(c, i, o);
    let _: fn(&Client, &serde_json::Value, ()) -> Result<Page<User>, restlax::Error> = |c, b, o| User::search(c, b, o);
    let _: fn(&Client, ()) -> Pages<User> = |c, o| User::recent_all(c, o);
    // A POST search walks too, sending its body with every page.
    let _: fn(&Client, &serde_json::Value, ()) -> Pages<User> = |c, b, o| User::search_all(c, b, o);
    let _: fn(&Client, ()) -> HashMap<String, u64> = |c, o| User::counts_or_panic(c, o);
    let _: fn(&Client, u64, &serde_json::Value, ()) -> () = |c, i, b, o| User::replace_or_panic(c, i, b, o);
    assert_eq!(User::ACTIONS.len(), 5 + 7);
}
