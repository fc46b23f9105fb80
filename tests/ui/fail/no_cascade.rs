use restlax::{Client, resource};

// A typo in one action must not break the others: the declaration reports the
// typo, and `index` (declared right), `show` (what `shwo` most likely meant) and
// the struct itself all still compile at their call sites.
#[resource(path = "/accounts/<account_id>/members", actions(index, shwo))]
#[derive(Debug, Clone, serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {
    let client = Client::builder("http://127.0.0.1:1").build().unwrap();
    let _ = Member::index(&client, "acc", ());
    let _ = Member::show(&client, "acc", "m1", ());
    let member = Member { id: "m1".to_owned() };
    println!("{:?}", member.clone());
}
