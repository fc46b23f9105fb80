// Scaffolded by restlax::testing::openapi::scaffold from pterodactyl-users.json, operations under `/`: 6 operations.
// Edit before use: names, optional fields, enums, pagination.
// Answers look like `{"object", "attributes"}`: build the client with `.envelope(restlax::envelope::Fractal)`.

use restlax::resource;
use serde::{Deserialize, Serialize};

/// Get Users
#[resource(
    path = "/users",
    id = "user: u64",
    actions(index, show, create, update, delete),
    update_method = "PATCH",
    action(name = get_user_by_external_id, method = "GET", path = "/users/external/<external_id>", doc = "Get External User"),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserAttributes {
    /// use_totp
    #[serde(rename = "2fa")]
    pub n2fa: bool,
    /// ISO-8601 in UTC with offset, e.g. 2022-09-15T17:33:34+00:00 (Carbon toAtomString)
    pub created_at: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    pub first_name: String,
    pub id: i64,
    pub language: String,
    pub last_name: String,
    /// Only present when ?include= is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<UserAttributesRelationships>,
    pub root_admin: bool,
    pub updated_at: String,
    pub username: String,
    pub uuid: String,
}

/// Only present when ?include= is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserAttributesRelationships {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<serde_json::Value>,
}
