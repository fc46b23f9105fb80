//! The Pterodactyl panel's Application API: users.
//!
//! Responses use the [`Fractal`] envelope
//! (`{"object": "user", "attributes": {…}}`, lists with `meta.pagination`).
//! The preset sends `Accept: application/json`, without which the panel turns a
//! 401 into a redirect to its login page.
//!
//! ```no_run
//! use restlax_resources::pterodactyl::{self, Sort, User, UserQuery};
//!
//! let client = pterodactyl::client("https://panel.example.com", "ptla_...")?;
//! let admins = User::index(&client, UserQuery::new().filter_email("@example.com").sort(Sort::IdDesc).per_page(25))?;
//! let jane = User::by_external_id(&client, "crm-1042", ())?;
//! # Ok::<(), restlax::Error>(())
//! ```

use restlax::envelope::Fractal;
use restlax::{Client, ClientBuilder, Error, Opts, resource};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A client for the panel at `panel_url` (e.g. `https://panel.example.com`),
/// authenticated with an application API key (`ptla_…`).
pub fn client(panel_url: &str, api_key: &str) -> Result<Client, Error> {
    builder(panel_url, api_key).build()
}

/// A client builder for the panel at `panel_url`; its base URL is
/// `{panel_url}/api/application`.
pub fn builder(panel_url: &str, api_key: &str) -> ClientBuilder {
    api_builder(
        &format!("{}/api/application", panel_url.trim_end_matches('/')),
        api_key,
    )
}

/// A client builder for an Application API served at `api_url` itself (a mock
/// or a proxy that does not keep the panel's `/api/application` prefix).
pub fn api_builder(api_url: &str, api_key: &str) -> ClientBuilder {
    Client::builder(api_url)
        .envelope(Fractal)
        .bearer_auth(api_key)
        .header("accept", "application/json")
}

/// A panel user (`/users`, numeric ids).
#[resource(
    path = "/users",
    id = "user_id: u64",
    update_method = "PATCH",
    action(name = by_external_id, method = "GET", path = "external/<external_id>", doc = "Fetches the user with this external id."),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Numeric id.
    pub id: u64,
    /// The id in an external system, if set.
    #[serde(default)]
    pub external_id: Option<String>,
    /// UUID.
    pub uuid: String,
    /// User name (lower case).
    pub username: String,
    /// Email address.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Interface language, e.g. `en`.
    #[serde(default)]
    pub language: Option<String>,
    /// Whether the user is a panel administrator.
    #[serde(default)]
    pub root_admin: bool,
    /// Whether two-factor authentication is on.
    #[serde(rename = "2fa", default)]
    pub two_factor: bool,
    /// Creation time (ISO 8601).
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last update (ISO 8601).
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Included relationships (`include=servers`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationships: Option<Relationships>,
}

/// [`User::relationships`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relationships {
    /// The user's servers, with `include=servers`.
    #[serde(default)]
    pub servers: Option<ServerList>,
}

/// A Fractal list of servers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerList {
    /// The servers.
    #[serde(default)]
    pub data: Vec<ServerItem>,
}

/// One server of a [`ServerList`]; its attributes are kept as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerItem {
    /// The server's attributes.
    pub attributes: Value,
}

/// The body of [`User::create`] and [`User::update`] (the panel validates both
/// the same way: email, username, first and last name are required).
#[derive(Clone, PartialEq, Serialize)]
pub struct NewUser {
    /// Email address (unique).
    pub email: String,
    /// User name (unique; letters, digits, `_`, `-`, `.`).
    pub username: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Id in an external system (unique).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Password; without one the panel emails a setup link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Interface language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Make the user an administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_admin: Option<bool>,
}

/// [`User::update`] takes the same fields as [`User::create`].
pub type UserUpdate = NewUser;

impl NewUser {
    /// A user with the required fields.
    pub fn new(
        email: impl Into<String>,
        username: impl Into<String>,
        first_name: impl Into<String>,
        last_name: impl Into<String>,
    ) -> Self {
        NewUser {
            email: email.into(),
            username: username.into(),
            first_name: first_name.into(),
            last_name: last_name.into(),
            external_id: None,
            password: None,
            language: None,
            root_admin: None,
        }
    }
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("username", &self.username)
            .field("first_name", &self.first_name)
            .field("last_name", &self.last_name)
            .field("external_id", &self.external_id)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("language", &self.language)
            .field("root_admin", &self.root_admin)
            .finish()
    }
}

/// The orders [`User::index`] can sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// `sort=id`
    Id,
    /// `sort=-id`
    IdDesc,
    /// `sort=uuid`
    Uuid,
    /// `sort=-uuid`
    UuidDesc,
}

impl Sort {
    fn as_str(self) -> &'static str {
        match self {
            Sort::Id => "id",
            Sort::IdDesc => "-id",
            Sort::Uuid => "uuid",
            Sort::UuidDesc => "-uuid",
        }
    }
}

/// Typed query parameters of [`User::index`]; converts into [`Opts`].
///
/// ```
/// use restlax_resources::pterodactyl::{Sort, UserQuery};
///
/// let opts: restlax::Opts = UserQuery::new().filter_username("jane").sort(Sort::Id).include_servers().per_page(10).into();
/// let pairs: Vec<_> = opts.query_pairs().collect();
/// assert_eq!(pairs, [("filter[username]", "jane"), ("sort", "id"), ("include", "servers"), ("per_page", "10")]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct UserQuery {
    opts: Opts,
}

impl UserQuery {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    fn filter(mut self, field: &str, value: impl Into<String>) -> Self {
        self.opts = self
            .opts
            .set_query(format!("filter[{field}]"), value.into());
        self
    }

    /// `filter[email]=…` (partial match).
    pub fn filter_email(self, value: impl Into<String>) -> Self {
        self.filter("email", value)
    }

    /// `filter[uuid]=…`.
    pub fn filter_uuid(self, value: impl Into<String>) -> Self {
        self.filter("uuid", value)
    }

    /// `filter[username]=…`.
    pub fn filter_username(self, value: impl Into<String>) -> Self {
        self.filter("username", value)
    }

    /// `filter[external_id]=…`.
    pub fn filter_external_id(self, value: impl Into<String>) -> Self {
        self.filter("external_id", value)
    }

    /// `sort=…`.
    pub fn sort(mut self, sort: Sort) -> Self {
        self.opts = self.opts.set_query("sort", sort.as_str());
        self
    }

    /// `include=servers`: fills [`User::relationships`].
    pub fn include_servers(mut self) -> Self {
        self.opts = self.opts.set_query("include", "servers");
        self
    }

    /// `per_page=…` (the panel's default is 50).
    pub fn per_page(mut self, per_page: u32) -> Self {
        self.opts = self.opts.set_query("per_page", per_page);
        self
    }

    /// `page=…` (1-based).
    pub fn page(mut self, page: u32) -> Self {
        self.opts = self.opts.set_query("page", page);
        self
    }
}

impl From<UserQuery> for Opts {
    fn from(query: UserQuery) -> Opts {
        query.opts
    }
}
