use restlax::{Method, resource};

#[resource(path = "/accounts/<account_id>/members", id = "member_id", create_method = "PUT", update_method = "PATCH")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {
    let create = Member::ACTIONS.iter().find(|a| a.name == "create").unwrap();
    assert_eq!(create.method, Method::Put);
    let update = Member::ACTIONS.iter().find(|a| a.name == "update").unwrap();
    assert_eq!((update.method, update.path), (Method::Patch, "/accounts/<account_id>/members/<member_id>"));
    let params: Vec<_> = update.path_params().collect();
    assert_eq!(params, ["account_id", "member_id"]);
}
