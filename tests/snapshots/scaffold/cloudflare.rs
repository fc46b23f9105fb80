// Scaffolded by restlax::testing::openapi::scaffold from cloudflare-user-members.json, operations under `/`: 9 operations.
// Edit before use: names, optional fields, enums, pagination.
// Answers look like `{"success", "result"}`: build the client with `.envelope(restlax::envelope::Cloudflare)`.

use restlax::resource;
use serde::{Deserialize, Serialize};

/// List Members
#[resource(
    path = "/accounts/<account_id>/members",
    id = "member_id",
    actions(index, show, create, update, delete),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamMemberWithPolicies {
    /// The contact email address of the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Membership identifier tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Access policy for the membership
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policies: Option<Vec<IamListMemberPolicy>>,
    /// Roles assigned to this Member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<IamRole>>,
    /// A member's status in the account.
    /// One of `accepted`, `pending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Details of the user associated to the membership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<IamMemberWithPoliciesUser>,
}

/// User Details
#[resource(
    path = "/user",
    singular,
    actions(show, update),
    update_method = "PATCH",
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamUserDetails {
    /// Lists the betas that the user is participating in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betas: Option<Vec<String>>,
    /// The country in which the user lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The contact email address of the user.
    pub email: String,
    /// User's first name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Indicates whether user has any business zones
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_business_zones: Option<bool>,
    /// Indicates whether user has any enterprise zones
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_enterprise_zones: Option<bool>,
    /// Indicates whether user has any pro zones
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_pro_zones: Option<bool>,
    /// Identifier
    pub id: String,
    /// User's last name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizations: Option<Vec<IamUserOrganization>>,
    /// Indicates whether user has been suspended
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspended: Option<bool>,
    /// User's telephone number
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    /// Indicates whether two-factor authentication is enabled for the user account. Does not apply to API authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_enabled: Option<bool>,
    /// Indicates whether two-factor authentication is required by one of the accounts that the user is a member of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_locked: Option<bool>,
    /// The zipcode or postal code where the user lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zipcode: Option<String>,
}

/// List user tenants
#[resource(
    path = "/user/tenants",
    actions(index),
    action(name = user_list_user_tenants, method = "GET", path = "/users/tenants", list, doc = "List user tenants"),
)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsApiOrganization {
    pub create_time: String,
    pub id: String,
    pub meta: OrganizationsApiOrganizationMeta,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<OrganizationsApiOrganizationParent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<OrganizationsApiOrganizationProfile>,
}

/// list_member_policy
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamListMemberPolicy {
    /// Allow or deny operations against the resources.
    /// One of `allow`, `deny`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access: Option<String>,
    /// Policy identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// A set of permission groups that are specified to the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission_groups: Option<Vec<IamPermissionGroup>>,
    /// A list of resource groups that the policy applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_groups: Option<Vec<IamResourceGroup>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamRole {
    /// Description of role's permissions.
    pub description: String,
    /// Role identifier tag.
    pub id: String,
    /// Role name.
    pub name: String,
    pub permissions: IamRolePermissions,
}

/// Details of the user associated to the membership.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamMemberWithPoliciesUser {
    /// The contact email address of the user.
    pub email: String,
    /// User's first name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Identifier
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// User's last name
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Indicates whether two-factor authentication is enabled for the user account. Does not apply to API authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_factor_authentication_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamUserOrganization {
    /// Identifier
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Organization name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Access permissions for this User.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// List of roles that a user has within an organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// Whether the user is a member of the organization or has an invitation pending.
    /// One of `member`, `invited`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsApiOrganizationMeta {
    /// Present in the Feb-2026 schema (api-docs/000_f659ed146239f294.txt); later renamed tenant_flags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flags: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hierarchy_tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_flags: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsApiOrganizationParent {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationsApiOrganizationProfile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_metadata: Option<String>,
}

/// A named group of permissions that map to a group of operations against resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamPermissionGroup {
    /// Identifier of the group.
    pub id: String,
    /// Attributes associated to the permission group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// Name of the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A group of scoped resources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamResourceGroup {
    /// Identifier of the group.
    pub id: String,
    /// Attributes associated to the resource group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Map<String, serde_json::Value>>,
    /// Name of the resource group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The scope associated to the resource group
    pub scope: Vec<IamScope>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamRolePermissions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cache_purge: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_records: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lb: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logs: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waf: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone_settings: Option<IamGrants>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zones: Option<IamGrants>,
}

/// A scope is a combination of scope objects which provides additional context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamScope {
    /// This is a combination of pre-defined resource name and identifier (like Account ID etc.)
    pub key: serde_json::Value,
    /// A list of scope objects for additional context.
    pub objects: Vec<IamScopeObject>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamGrants {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write: Option<bool>,
}

/// A scope object represents any resource that can have actions applied against invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IamScopeObject {
    /// This is a combination of pre-defined resource name and identifier (like Zone ID etc.)
    pub key: serde_json::Value,
}
