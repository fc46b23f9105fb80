//! Models and helpers shared by restlax's integration tests.

use restlax::resource;
use restlax::testing::MockServer;
use serde::{Deserialize, Serialize};

/// All five actions under a parent resource.
#[resource(
    path = "/accounts/<account_id>/members",
    actions(index, show, create, update, delete)
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub status: Option<String>,
}

/// A body for creating a member.
#[derive(Debug, Serialize)]
pub struct NewMember<'a> {
    pub email: &'a str,
    pub roles: Vec<&'a str>,
}

/// A singular resource, updated with PATCH.
#[resource(path = "/user", singular, update_method = "PATCH")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub first_name: Option<String>,
}

/// Create with PUT, a named id, and custom actions of every shape.
#[resource(
    path = "users",
    id = "user_id",
    create_method = "PUT",
    update_method = "PATCH",
    except(delete),
    action(name = by_external_id, method = "GET", path = "external/<external_id>"),
    action(name = suspend, method = "POST", path = "<user_id>/suspend", returns = ()),
    action(name = login, method = "POST", path = "/session", body, returns = Session, doc = "Logs in."),
    action(name = search, method = "GET", path = "search", list),
    action(name = stats, method = "GET", path = "/stats/<day>", returns = std::collections::BTreeMap<String, u64>),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    pub id: u64,
    pub username: String,
}

/// What `Account::login` returns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Session {
    pub token: String,
}

/// A client for `server` with retries off, so tests see single attempts.
pub fn client(server: &MockServer) -> restlax::Client {
    server
        .client_builder()
        .retry(restlax::Retry::none())
        .build()
        .expect("a loopback client")
}

pub mod bench;
pub mod fault_case;
pub mod faults;
pub mod specs;
pub mod thread_heap;
