//! Cloudflare API v4: the user, the user's tenants, and account members.
//!
//! Responses use the [`Cloudflare`] envelope
//! (`{"success", "errors", "result", "result_info"}`), so a `"success": false`
//! answer is an error even with HTTP 200, and member lists page through
//! `result_info` (`per_page` 5 to 50, default 20).
//!
//! ```no_run
//! use restlax_resources::cloudflare::{self, Auth, Member, NewMember};
//!
//! let client = cloudflare::client(Auth::Token(std::env::var("CLOUDFLARE_API_TOKEN").unwrap()))?;
//! for member in Member::index_all(&client, "my-account-id", restlax::Opts::new().query("per_page", 50)) {
//!     let member = member?;
//!     println!("{} {:?}", member.id, member.status);
//! }
//! let invited = Member::create(&client, "my-account-id", &NewMember::with_roles("ada@example.com", ["role-id"]), ())?;
//! # Ok::<(), restlax::Error>(())
//! ```

use std::collections::BTreeMap;

use restlax::envelope::Cloudflare;
use restlax::{Client, ClientBuilder, Error, resource};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::open_enum;

/// The production API.
pub const BASE_URL: &str = "https://api.cloudflare.com/client/v4";

/// How to authenticate.
#[derive(Clone)]
pub enum Auth {
    /// An API token: `Authorization: Bearer <token>`.
    Token(String),
    /// A legacy global API key: `X-Auth-Email` and `X-Auth-Key`.
    Key {
        /// The account's email address.
        email: String,
        /// The global API key.
        key: String,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Token(_) => f.write_str("Token(<redacted>)"),
            Auth::Key { email, .. } => write!(f, "Key {{ email: {email:?}, key: <redacted> }}"),
        }
    }
}

/// A client for the production API.
pub fn client(auth: Auth) -> Result<Client, Error> {
    builder(BASE_URL, auth).build()
}

/// A client builder for the API at `base_url` (the sandbox, a proxy), with the
/// envelope and auth set; add timeouts or retries before `build()`.
pub fn builder(base_url: &str, auth: Auth) -> ClientBuilder {
    let builder = Client::builder(base_url).envelope(Cloudflare);
    match auth {
        Auth::Token(token) => builder.bearer_auth(token),
        Auth::Key { email, key } => builder
            .header("x-auth-email", email)
            .secret_header("x-auth-key", key),
    }
}

/// The authenticated user (`GET /user`, `PATCH /user`).
#[resource(path = "/user", singular, update_method = "PATCH")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Identifier.
    pub id: String,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Telephone number.
    #[serde(default)]
    pub telephone: Option<String>,
    /// Two-letter country code.
    #[serde(default)]
    pub country: Option<String>,
    /// Postal code.
    #[serde(default)]
    pub zipcode: Option<String>,
    /// Whether two-factor authentication is on.
    #[serde(default)]
    pub two_factor_authentication_enabled: bool,
    /// Whether an account requires two-factor authentication.
    #[serde(default)]
    pub two_factor_authentication_locked: bool,
    /// Whether the user has Pro zones.
    #[serde(default)]
    pub has_pro_zones: bool,
    /// Whether the user has Business zones.
    #[serde(default)]
    pub has_business_zones: bool,
    /// Whether the user has Enterprise zones.
    #[serde(default)]
    pub has_enterprise_zones: bool,
    /// Whether the user is suspended.
    #[serde(default)]
    pub suspended: bool,
    /// Betas the user takes part in.
    #[serde(default)]
    pub betas: Vec<String>,
    /// Organizations the user belongs to.
    #[serde(default)]
    pub organizations: Vec<Organization>,
}

/// An organization in [`User::organizations`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organization {
    /// Identifier.
    #[serde(default)]
    pub id: Option<String>,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// The user's permissions, e.g. `#zones:read`.
    #[serde(default)]
    pub permissions: Vec<String>,
    /// The user's roles.
    #[serde(default)]
    pub roles: Vec<String>,
    /// Membership or pending invitation.
    #[serde(default)]
    pub status: Option<OrganizationStatus>,
}

open_enum! {
    /// Whether the user is a member of an organization or invited to it.
    pub enum OrganizationStatus { /// A member.
        Member = "member", /// Invited.
        Invited = "invited" }
}

/// The body of [`User::update`]: only the fields that are `Some` are sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UserUpdate {
    /// First name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Two-letter country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Postal code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
}

/// A tenant (organization) the user belongs to (`GET /users/tenants`).
///
/// Newer Cloudflare documentation spells the path `/user/tenants`;
/// [`Tenant::index_user_path`] calls that one.
#[resource(
    path = "/users/tenants",
    actions(index),
    action(name = index_user_path, method = "GET", path = "/user/tenants", list, doc = "Lists the user's tenants at the newer path `/user/tenants`."),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tenant {
    /// Identifier.
    pub id: String,
    /// When the tenant was created (RFC 3339).
    #[serde(default)]
    pub create_time: Option<String>,
    /// Name.
    pub name: String,
    /// Free-form metadata (`managed_by`, `tenant_flags`, …).
    #[serde(default)]
    pub meta: BTreeMap<String, Value>,
    /// The parent organization.
    #[serde(default)]
    pub parent: Option<TenantParent>,
    /// Business profile.
    #[serde(default)]
    pub profile: Option<TenantProfile>,
}

/// [`Tenant::parent`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantParent {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
}

/// [`Tenant::profile`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TenantProfile {
    /// Postal address.
    pub business_address: Option<String>,
    /// Billing email.
    pub business_email: Option<String>,
    /// Business name.
    pub business_name: Option<String>,
    /// Phone number.
    pub business_phone: Option<String>,
    /// Opaque external metadata.
    pub external_metadata: Option<String>,
}

/// A member of an account (`/accounts/{account_id}/members`).
#[resource(path = "/accounts/<account_id>/members", id = "member_id")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Membership identifier.
    pub id: String,
    /// The member's email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Accepted or pending.
    #[serde(default)]
    pub status: Option<MemberStatus>,
    /// The user behind the membership.
    #[serde(default)]
    pub user: Option<MemberUser>,
    /// Roles assigned to the member.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Access policies of the membership.
    #[serde(default)]
    pub policies: Vec<Policy>,
}

open_enum! {
    /// A member's status in an account.
    pub enum MemberStatus { /// Joined.
        Accepted = "accepted", /// Invited, not joined yet.
        Pending = "pending" }
}

/// [`Member::user`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberUser {
    /// User identifier.
    #[serde(default)]
    pub id: Option<String>,
    /// Email address.
    pub email: String,
    /// First name.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Whether two-factor authentication is on.
    #[serde(default)]
    pub two_factor_authentication_enabled: Option<bool>,
}

/// A role in [`Member::roles`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    /// Identifier.
    pub id: String,
    /// Name, e.g. "Account Administrator".
    #[serde(default)]
    pub name: Option<String>,
    /// What the role allows.
    #[serde(default)]
    pub description: Option<String>,
    /// Grants by area (`analytics`, `zones`, `dns`, …).
    #[serde(default)]
    pub permissions: BTreeMap<String, Grants>,
}

/// Read and write grants of a [`Role`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Grants {
    /// May read.
    pub read: bool,
    /// May write.
    pub write: bool,
}

/// An access policy in [`Member::policies`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Identifier.
    #[serde(default)]
    pub id: Option<String>,
    /// Allow or deny.
    #[serde(default)]
    pub access: Option<Access>,
    /// The permission groups the policy grants.
    #[serde(default)]
    pub permission_groups: Vec<Group>,
    /// The resource groups the policy applies to.
    #[serde(default)]
    pub resource_groups: Vec<Group>,
}

open_enum! {
    /// Whether a policy allows or denies.
    pub enum Access { /// Allows.
        Allow = "allow", /// Denies.
        Deny = "deny" }
}

/// A permission or resource group of a [`Policy`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// Identifier.
    pub id: String,
    /// Name.
    #[serde(default)]
    pub name: Option<String>,
    /// Attributes.
    #[serde(default)]
    pub meta: Option<Value>,
    /// Scopes (resource groups only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Value>,
}

/// A reference by id, as the API takes roles and groups in request bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRef {
    /// Identifier.
    pub id: String,
}

impl IdRef {
    /// A reference to `id`.
    pub fn new(id: impl Into<String>) -> Self {
        IdRef { id: id.into() }
    }
}

/// A policy in a request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPolicy {
    /// Allow or deny.
    pub access: Access,
    /// Permission groups, by id.
    pub permission_groups: Vec<IdRef>,
    /// Resource groups, by id.
    pub resource_groups: Vec<IdRef>,
}

/// The body of [`Member::create`]: an email with either role ids or policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NewMember {
    /// Invite with account roles.
    WithRoles {
        /// Email of the user to add.
        email: String,
        /// Role ids.
        roles: Vec<String>,
        /// Status of the invitation (the API defaults to pending).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<MemberStatus>,
    },
    /// Invite with policies.
    WithPolicies {
        /// Email of the user to add.
        email: String,
        /// Policies.
        policies: Vec<NewPolicy>,
        /// Status of the invitation (the API defaults to pending).
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<MemberStatus>,
    },
}

impl NewMember {
    /// Invite `email` with account roles.
    pub fn with_roles<I: Into<String>>(
        email: impl Into<String>,
        roles: impl IntoIterator<Item = I>,
    ) -> Self {
        NewMember::WithRoles {
            email: email.into(),
            roles: roles.into_iter().map(Into::into).collect(),
            status: None,
        }
    }

    /// Invite `email` with policies.
    pub fn with_policies(email: impl Into<String>, policies: Vec<NewPolicy>) -> Self {
        NewMember::WithPolicies {
            email: email.into(),
            policies,
            status: None,
        }
    }

    /// Sets the invitation status (e.g. add directly as accepted).
    pub fn status(mut self, value: MemberStatus) -> Self {
        match &mut self {
            NewMember::WithRoles { status, .. } | NewMember::WithPolicies { status, .. } => {
                *status = Some(value)
            }
        }
        self
    }
}

/// The body of [`Member::update`]: new roles or new policies.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum MemberUpdate {
    /// Replace the roles.
    Roles {
        /// Role references.
        roles: Vec<IdRef>,
    },
    /// Replace the policies.
    Policies {
        /// Policies.
        policies: Vec<NewPolicy>,
    },
}

impl MemberUpdate {
    /// Replace the member's roles with these role ids.
    pub fn roles<I: Into<String>>(ids: impl IntoIterator<Item = I>) -> Self {
        MemberUpdate::Roles {
            roles: ids.into_iter().map(|id| IdRef::new(id)).collect(),
        }
    }
}
