use restlax::{Client, Opts, Page, Pages, resource};

/// Only a path: all five actions.
#[resource(path = "/accounts/<account_id>/members")]
#[derive(Debug, serde::Deserialize)]
pub struct Member {
    pub id: String,
}

fn main() {
    let client = Client::builder("http://127.0.0.1:1").build().unwrap();
    let _: fn(&Client, &str, Opts) -> Result<Page<Member>, restlax::Error> = |c, a, o| Member::index(c, a, o);
    let _: fn(&Client, &str, ()) -> Pages<Member> = |c, a, o| Member::index_all(c, a, o);
    let _: fn(&Client, &str, u64, ()) -> Result<Member, restlax::Error> = |c, a, i, o| Member::show(c, a, i, o);
    let _: fn(&Client, &str, &serde_json::Value, ()) -> Result<Member, restlax::Error> =
        |c, a, b, o| Member::create(c, a, b, o);
    let _: fn(&Client, &str, &str, &serde_json::Value, ()) -> Result<Member, restlax::Error> =
        |c, a, i, b, o| Member::update(c, a, i, b, o);
    let _: fn(&Client, &str, &str, ()) -> Result<(), restlax::Error> = |c, a, i, o| Member::delete(c, a, i, o);
    let _: fn(&Client, &str, &str, ()) -> () = |c, a, i, o| Member::delete_or_panic(c, a, i, o);
    let _: fn(&Client, &str, ()) -> Page<Member> = |c, a, o| Member::index_or_panic(c, a, o);
    assert_eq!(Member::ACTIONS.len(), 5);
    assert_eq!(Member::PATH, "/accounts/<account_id>/members");
    drop(client);
}
