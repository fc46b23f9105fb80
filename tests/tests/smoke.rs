use restlax::resource;
use restlax::testing::{MockResponse, MockServer};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A member of an account.
#[resource(
    path = "/accounts/<account_id>/members",
    actions(index, show, create, update, delete)
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: String,
}

#[test]
fn smoke() {
    let server = MockServer::start();
    server.respond(MockResponse::json(
        200,
        &json!({"id": "m1", "email": "a@b.c"}),
    ));
    let client = server.client_builder().build().unwrap();
    let m = Member::show(&client, "acc/1", "m 1", ()).unwrap();
    assert_eq!(m.id, "m1");
    let r = server.last_request().unwrap();
    assert_eq!(r.path, "/accounts/acc%2F1/members/m%201");
}
