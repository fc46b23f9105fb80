use restlax::{ActionKind, Client, Error, Method, resource};

#[resource(
    path = "/users",
    id = "user_id: u64",
    actions(show),
    action(name = exists, method = "HEAD", path = "<user_id>"),
    action(name = ping, method = "HEAD", path = "/ping", returns = ()),
)]
#[derive(serde::Deserialize)]
pub struct User {
    pub id: u64,
}

fn main() {
    // A HEAD action takes no body and returns `()`: the status is the answer.
    let _: fn(&Client, u64, ()) -> Result<(), Error> = |c, id, o| User::exists(c, id, o);
    let _: fn(&Client, ()) = |c, o| User::ping_or_panic(c, o);
    let exists = User::ACTIONS.iter().find(|a| a.name == "exists").unwrap();
    assert_eq!((exists.method, exists.path, exists.body, exists.kind), (Method::Head, "/users/<user_id>", false, ActionKind::Unit));
}
