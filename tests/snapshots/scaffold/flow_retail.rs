// Scaffolded by restlax::testing::openapi::scaffold from flowretail-account.json, operations under `/`: 8 operations.
// Edit before use: names, optional fields, enums, pagination.
// Answers look plain (the value is the body): the client's envelope is `restlax::envelope::Plain`, the default.
// Placeholders renamed to snake_case; check with .rename("tenantUid", "tenant_uid").

use restlax::resource;
use serde::{Deserialize, Serialize};

/// AccountResponse
#[resource(
    path = "/account",
    singular,
    actions(show, update),
    action(name = login_user, method = "POST", path = "/account", body, returns = LoginResponse, doc = "Login user"),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "defaultTenantUid")]
    pub default_tenant_uid: String,
    #[serde(rename = "globalRoles")]
    pub global_roles: Vec<String>,
    pub tenants: Vec<TenantUser>,
}

/// GET /account/invite is documented only as 'Example response'; its schema was not retrievable. Minimal guess.
#[resource(path = "/account/invite", singular, actions(show, update(returns = TenantUser)))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteInfo {
    /// Vendor refers to #/components/schemas/EmailTYPE; its definition was not retrievable. Modelled as a plain string.
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firstname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lastname: Option<String>,
    #[serde(rename = "tenantName")]
    pub tenant_name: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "tenantUid")]
    pub tenant_uid: String,
}

/// A user's membership in one tenant (vendor TenantUserResponseSchema).
#[resource(
    path = "/tenants/<tenant_uid>/account",
    singular,
    actions(show, update),
    action(name = generate_access_token, method = "POST", path = "/tenants/<tenant_uid>/account", returns = TenantUserWithAccessToken, doc = "Generate accessToken from authToken"),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantUser {
    /// Name confirmed; FULL confirmed as a value. REGULAR/SUPPORT/INTEGRATION taken from prior notes and consistent with the four account types in the Users guide (Employee with admin access, Employee, Support, Integration); full enum not seen in the vendor spec.
    /// One of `FULL`, `REGULAR`, `SUPPORT`, `INTEGRATION`.
    #[serde(rename = "accountType")]
    pub account_type: String,
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// UID that may be empty (pattern as shown for defaultStoreUid).
    #[serde(rename = "defaultStoreUid", default, skip_serializing_if = "Option::is_none")]
    pub default_store_uid: Option<String>,
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Vendor refers to #/components/schemas/EmailTYPE; its definition was not retrievable. Modelled as a plain string.
    pub email: String,
    #[serde(rename = "externalId")]
    pub external_id: String,
    pub firstname: String,
    /// ISO 639-1 code for language
    #[serde(rename = "languageCode")]
    pub language_code: String,
    #[serde(rename = "lastAccessed")]
    pub last_accessed: String,
    #[serde(rename = "lastModifiedAt")]
    pub last_modified_at: String,
    pub lastname: String,
    pub mobile: String,
    /// Required by the vendor; item type not seen. Assumed to be permission codes such as PRODUCT, STORE, USER (see the Permissions guide).
    pub permissions: Vec<String>,
    /// One of `PENDING_INVITE`, `ACTIVE`, `INACTIVE`.
    pub status: String,
    #[serde(rename = "storeAccess")]
    pub store_access: Vec<StoreAccess>,
    /// Required by the vendor; type not seen (string assumed).
    #[serde(rename = "tenantName")]
    pub tenant_name: String,
    /// Tenant role; vendor example value is ACCESS. Vendor uses an enum whose full value set was not retrievable.
    #[serde(rename = "tenantRole")]
    pub tenant_role: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "tenantUid")]
    pub tenant_uid: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "tenantUserUid")]
    pub tenant_user_uid: String,
    /// Login user name (lowercase, no spaces).
    #[serde(rename = "userCode")]
    pub user_code: String,
}

/// Properties confirmed from the vendor example; required list inferred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginResponse {
    #[serde(rename = "accessToken")]
    pub access_token: String,
    /// A user's membership in one tenant (vendor TenantUserResponseSchema).
    #[serde(rename = "tenantUser")]
    pub tenant_user: TenantUser,
}

/// Response of POST /tenants/{tenantUid}/account. The vendor labels it 'Tenant user respose' (same as GET) while the Authentication guide says this call returns the access token; where the token sits is undocumented, so it is modelled as an extra accessToken property on the tenant user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenantUserWithAccessToken {
    /// Name confirmed; FULL confirmed as a value. REGULAR/SUPPORT/INTEGRATION taken from prior notes and consistent with the four account types in the Users guide (Employee with admin access, Employee, Support, Integration); full enum not seen in the vendor spec.
    /// One of `FULL`, `REGULAR`, `SUPPORT`, `INTEGRATION`.
    #[serde(rename = "accountType")]
    pub account_type: String,
    #[serde(rename = "createdAt")]
    pub created_at: String,
    /// UID that may be empty (pattern as shown for defaultStoreUid).
    #[serde(rename = "defaultStoreUid", default, skip_serializing_if = "Option::is_none")]
    pub default_store_uid: Option<String>,
    #[serde(rename = "displayName")]
    pub display_name: String,
    /// Vendor refers to #/components/schemas/EmailTYPE; its definition was not retrievable. Modelled as a plain string.
    pub email: String,
    #[serde(rename = "externalId")]
    pub external_id: String,
    pub firstname: String,
    /// ISO 639-1 code for language
    #[serde(rename = "languageCode")]
    pub language_code: String,
    #[serde(rename = "lastAccessed")]
    pub last_accessed: String,
    #[serde(rename = "lastModifiedAt")]
    pub last_modified_at: String,
    pub lastname: String,
    pub mobile: String,
    /// Required by the vendor; item type not seen. Assumed to be permission codes such as PRODUCT, STORE, USER (see the Permissions guide).
    pub permissions: Vec<String>,
    /// One of `PENDING_INVITE`, `ACTIVE`, `INACTIVE`.
    pub status: String,
    #[serde(rename = "storeAccess")]
    pub store_access: Vec<StoreAccess>,
    /// Required by the vendor; type not seen (string assumed).
    #[serde(rename = "tenantName")]
    pub tenant_name: String,
    /// Tenant role; vendor example value is ACCESS. Vendor uses an enum whose full value set was not retrievable.
    #[serde(rename = "tenantRole")]
    pub tenant_role: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "tenantUid")]
    pub tenant_uid: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "tenantUserUid")]
    pub tenant_user_uid: String,
    /// Login user name (lowercase, no spaces).
    #[serde(rename = "userCode")]
    pub user_code: String,
    #[serde(rename = "accessToken")]
    pub access_token: String,
}

/// Fields confirmed from the vendor example; required list and storeRole value set inferred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoreAccess {
    #[serde(rename = "createdAt")]
    pub created_at: String,
    #[serde(rename = "lastModifiedAt")]
    pub last_modified_at: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "storeAccessUid")]
    pub store_access_uid: String,
    /// Store role; vendor example value is ADMIN. Full value set not documented.
    #[serde(rename = "storeRole")]
    pub store_role: String,
    /// Flow Retail identifier. Vendor pattern (note: no trailing $ anchor in the vendor spec).
    #[serde(rename = "storeUid")]
    pub store_uid: String,
}
