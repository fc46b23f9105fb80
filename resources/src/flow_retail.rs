//! Flow Retail API v2: the user account.
//!
//! Flow Retail uses a different bearer token per step: a *device token* to log
//! in, an *auth token* to exchange for a tenant access token or to accept an
//! invitation, and an *access token* for the rest. The client carries one token;
//! a call that needs another passes it with [`token`].
//!
//! ```no_run
//! use restlax_resources::flow_retail::{self, Account, LoginRequest, TenantAccount};
//!
//! let client = flow_retail::client(flow_retail::PRODUCTION, "")?;
//! let login = Account::login(&client, &LoginRequest::new("karin", "4821"), flow_retail::token("device-token"))?;
//! let client = flow_retail::client(flow_retail::PRODUCTION, &login.access_token)?;
//! let account = Account::show(&client, ())?;
//! let me = TenantAccount::show(&client, &account.default_tenant_uid, ())?;
//! # Ok::<(), restlax::Error>(())
//! ```

use restlax::{Client, ClientBuilder, Error, Opts, resource};
use serde::{Deserialize, Serialize};

use crate::open_enum;

/// Production.
pub const PRODUCTION: &str = "https://api.flowretail.com/v2";
/// Stage.
pub const STAGE: &str = "https://api.stage.flowretail.com/v2";

/// A client for `base_url` ([`PRODUCTION`], [`STAGE`], the sandbox) with an access
/// token; pass `""` when the first call is a login.
pub fn client(base_url: &str, access_token: &str) -> Result<Client, Error> {
    builder(base_url, access_token).build()
}

/// A client builder for `base_url` with an access token (none when empty).
pub fn builder(base_url: &str, access_token: &str) -> ClientBuilder {
    let builder = Client::builder(base_url);
    if access_token.is_empty() {
        builder
    } else {
        builder.bearer_auth(access_token)
    }
}

/// Per-call options sending another bearer token (device or auth token).
pub fn token(token: &str) -> Opts {
    Opts::new().bearer_auth(token)
}

/// Per-call options for [`Account::invite`]: the `x-invite-token` header.
pub fn invite_token(token: &str) -> Opts {
    Opts::new().secret_header("x-invite-token", token)
}

/// The user's account across tenants (`GET/PUT /account`), with login and invitations.
#[resource(
    path = "/account",
    singular,
    action(name = login, method = "POST", body, returns = LoginResponse,
           doc = "Logs in as a tenant user. Send the device token with `flow_retail::token(device_token)`."),
    action(name = invite, method = "GET", path = "invite", returns = InviteInfo,
           doc = "Looks up an invitation. Send the invite with `flow_retail::invite_token(token)`."),
    action(name = accept_invite, method = "PUT", path = "invite", body, returns = TenantAccount,
           doc = "Accepts an invitation. Send the auth token with `flow_retail::token(auth_token)`."),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Roles across tenants.
    #[serde(default)]
    pub global_roles: Vec<String>,
    /// The tenant used by default.
    pub default_tenant_uid: String,
    /// The user's membership in each tenant.
    #[serde(default)]
    pub tenants: Vec<TenantAccount>,
}

/// The user's account in one tenant (`/tenants/{tenantUid}/account`; the vendor
/// calls it a tenant user).
#[resource(
    path = "/tenants/<tenant_uid>/account",
    singular,
    action(name = access_token, method = "POST", returns = TenantAccountWithToken,
           doc = "Exchanges an auth token for an access token to this tenant. Send the auth token with `flow_retail::token(auth_token)`."),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantAccount {
    /// Full, regular, support or integration.
    pub account_type: AccountType,
    /// Creation time (RFC 3339).
    #[serde(default)]
    pub created_at: Option<String>,
    /// The store used by default (may be empty).
    #[serde(default)]
    pub default_store_uid: Option<String>,
    /// Display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Id in an external system (may be empty).
    #[serde(default)]
    pub external_id: Option<String>,
    /// First name.
    #[serde(default)]
    pub firstname: Option<String>,
    /// Last access (RFC 3339).
    #[serde(default)]
    pub last_accessed: Option<String>,
    /// Last change (RFC 3339).
    #[serde(default)]
    pub last_modified_at: Option<String>,
    /// Last name.
    #[serde(default)]
    pub lastname: Option<String>,
    /// Mobile number.
    #[serde(default)]
    pub mobile: Option<String>,
    /// Invitation pending, active or inactive.
    pub status: TenantUserStatus,
    /// Access to stores.
    #[serde(default)]
    pub store_access: Vec<StoreAccess>,
    /// The tenant.
    pub tenant_uid: String,
    /// The tenant's name.
    #[serde(default)]
    pub tenant_name: Option<String>,
    /// The role in the tenant, e.g. `ACCESS`.
    #[serde(default)]
    pub tenant_role: Option<String>,
    /// This membership's id.
    pub tenant_user_uid: String,
    /// Login name.
    #[serde(default)]
    pub user_code: Option<String>,
    /// ISO 639-1 language code.
    #[serde(default)]
    pub language_code: Option<String>,
    /// Permission codes, e.g. `PRODUCT`, `STORE`.
    #[serde(default)]
    pub permissions: Vec<String>,
}

open_enum! {
    /// The kind of a tenant account.
    pub enum AccountType { /// Employee with admin access.
        Full = "FULL", /// Employee.
        Regular = "REGULAR", /// Support.
        Support = "SUPPORT", /// Integration.
        Integration = "INTEGRATION" }
}

open_enum! {
    /// The state of a tenant account.
    pub enum TenantUserStatus { /// Invited, not accepted yet.
        PendingInvite = "PENDING_INVITE", /// Active.
        Active = "ACTIVE", /// Deactivated.
        Inactive = "INACTIVE" }
}

/// A store the user can access.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreAccess {
    /// This access grant's id.
    pub store_access_uid: String,
    /// The store.
    pub store_uid: String,
    /// The role in the store, e.g. `ADMIN`.
    #[serde(default)]
    pub store_role: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Last change.
    #[serde(default)]
    pub last_modified_at: Option<String>,
}

/// The body of [`Account::login`].
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginRequest {
    /// Login name.
    pub user_code: String,
    /// Password or PIN.
    pub password: String,
}

impl LoginRequest {
    /// Credentials for `user_code`.
    pub fn new(user_code: impl Into<String>, password: impl Into<String>) -> Self {
        LoginRequest {
            user_code: user_code.into(),
            password: password.into(),
        }
    }
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("user_code", &self.user_code)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// What [`Account::login`] returns.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// The access token for the user's tenant.
    pub access_token: String,
    /// The account in that tenant.
    pub tenant_user: TenantAccount,
}

impl std::fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginResponse")
            .field("access_token", &"<redacted>")
            .field("tenant_user", &self.tenant_user)
            .finish()
    }
}

/// What [`TenantAccount::access_token`] returns: the account plus an access token.
#[derive(Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantAccountWithToken {
    /// The access token.
    pub access_token: String,
    /// The account.
    #[serde(flatten)]
    pub account: TenantAccount,
}

impl std::fmt::Debug for TenantAccountWithToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TenantAccountWithToken")
            .field("access_token", &"<redacted>")
            .field("account", &self.account)
            .finish()
    }
}

/// The body of [`Account::update`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountUpdate {
    /// The tenant to use by default.
    pub default_tenant_uid: String,
}

/// The body of [`TenantAccount::update`]: only the fields that are `Some` are sent.
#[derive(Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantAccountUpdate {
    /// The store to use by default (may be empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_store_uid: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    /// Mobile number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// New password.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// ISO 639-1 language code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language_code: Option<String>,
}

impl std::fmt::Debug for TenantAccountUpdate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TenantAccountUpdate")
            .field("default_store_uid", &self.default_store_uid)
            .field("display_name", &self.display_name)
            .field("email", &self.email)
            .field("firstname", &self.firstname)
            .field("lastname", &self.lastname)
            .field("mobile", &self.mobile)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("language_code", &self.language_code)
            .finish()
    }
}

/// The body of [`Account::accept_invite`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptInvite {
    /// The invitation's token.
    pub invite_token: String,
}

/// What [`Account::invite`] returns.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteInfo {
    /// The inviting tenant.
    pub tenant_uid: String,
    /// Its name.
    #[serde(default)]
    pub tenant_name: Option<String>,
    /// The invited email address.
    #[serde(default)]
    pub email: Option<String>,
    /// First name.
    #[serde(default)]
    pub firstname: Option<String>,
    /// Last name.
    #[serde(default)]
    pub lastname: Option<String>,
}

/// Middleware that keeps a tenant's access token fresh.
///
/// It sends the current access token on every request to the API's origin that
/// carries no token of its own (a login or an exchange sends its device or auth
/// token per call, and those are left alone; a redirect to another origin gets
/// no token). When the API answers `401` to a request it sent the
/// access token on, it exchanges the auth token for a new access token
/// ([`TenantAccount::access_token`], through a client of its own) and sends the
/// request once more. Threads share the token; one refresh serves them all. The
/// exchange runs within the deadline of the call that needed it; threads that
/// wait for a refresh in progress wait for it to end.
///
/// ```
/// use restlax_resources::flow_retail::{self, Account, RefreshAccessToken};
/// use restlax_resources::sandbox::Sandbox;
///
/// let sandbox = Sandbox::start();
/// let base = sandbox.flow_retail_url();
/// let exchange = flow_retail::builder(&base, "").no_proxy().build()?;
/// let refresh = RefreshAccessToken::new(exchange, "tn-8c3f91d2a4", Sandbox::FLOW_RETAIL_AUTH_TOKEN);
/// let client = flow_retail::builder(&base, "").no_proxy().middleware(refresh).build()?;
/// sandbox.expire_flow_retail_access_tokens();
/// let account = Account::show(&client, ())?; // 401, refresh, sent again
/// # Ok::<(), restlax::Error>(())
/// ```
pub struct RefreshAccessToken {
    exchange: Client,
    tenant_uid: String,
    auth_token: String,
    current: std::sync::Mutex<String>,
}

impl RefreshAccessToken {
    /// Refreshes with `auth_token` for `tenant_uid` through `exchange` (a client
    /// for the same API, without this middleware). Starts with no access token:
    /// the first request fetches one.
    pub fn new(
        exchange: Client,
        tenant_uid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        RefreshAccessToken {
            exchange,
            tenant_uid: tenant_uid.into(),
            auth_token: auth_token.into(),
            current: std::sync::Mutex::new(String::new()),
        }
    }

    /// Starts from an access token already at hand (e.g. from a login).
    pub fn with_access_token(self, access_token: impl Into<String>) -> Self {
        *self.lock() = access_token.into();
        self
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A new access token, unless another thread already replaced `stale`.
    fn refresh(&self, stale: &str) -> Result<String, Error> {
        let mut current = self.lock();
        if *current == stale {
            let fresh = TenantAccount::access_token(
                &self.exchange,
                &self.tenant_uid,
                token(&self.auth_token),
            )?;
            *current = fresh.access_token;
        }
        Ok(current.clone())
    }
}

impl std::fmt::Debug for RefreshAccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshAccessToken")
            .field("tenant_uid", &self.tenant_uid)
            .finish_non_exhaustive()
    }
}

impl restlax::middleware::Middleware for RefreshAccessToken {
    fn handle(
        &self,
        attempt: &mut restlax::Request,
        next: &mut restlax::middleware::Next<'_>,
    ) -> Result<restlax::Answer, Error> {
        // A token of the call's own: nothing to add. (Redirects are followed
        // below the middleware, which drops the token on a hop to another origin.)
        if attempt.header("authorization").is_some() {
            return next.send(attempt);
        }
        let mut sent = self.lock().clone();
        if sent.is_empty() {
            sent = self.refresh("")?;
        }
        attempt.set_secret_header("authorization", &format!("Bearer {sent}"))?;
        let answer = next.send(attempt)?;
        if answer.status() != 401 {
            return Ok(answer);
        }
        let fresh = self.refresh(&sent)?;
        attempt.set_secret_header("authorization", &format!("Bearer {fresh}"))?;
        next.send(attempt)
    }
}
