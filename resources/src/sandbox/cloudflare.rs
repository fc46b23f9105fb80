//! Cloudflare API v4: `/user`, `/users/tenants` (and `/user/tenants`),
//! `/accounts/{account_id}/members`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Sandbox;
use super::http::{Reply, Request, bounded, paginate};

pub(crate) struct Cloudflare {
    user: Value,
    tenants: Vec<Value>,
    members: BTreeMap<String, Vec<Value>>,
    next_id: u64,
}

const FIRST_NAMES: [&str; 12] = [
    "Ada", "Grace", "Alan", "Barbara", "Edsger", "Frances", "Donald", "Margaret", "Ken", "Radia",
    "Dennis", "Hedy",
];

fn role(id: &str) -> Option<Value> {
    match id {
        Sandbox::CLOUDFLARE_ADMIN_ROLE => Some(json!({
            "id": id, "name": "Account Administrator", "description": "Administrative access to the entire Account",
            "permissions": {"analytics": {"read": true, "write": true}, "zones": {"read": true, "write": true}}
        })),
        Sandbox::CLOUDFLARE_READ_ONLY_ROLE => Some(json!({
            "id": id, "name": "Administrator Read Only", "description": "Read access to the entire Account",
            "permissions": {"analytics": {"read": true, "write": false}, "zones": {"read": true, "write": false}}
        })),
        _ => None,
    }
}

fn ok(result: Value) -> Reply {
    Reply::json(
        200,
        &json!({"success": true, "errors": [], "messages": [], "result": result}),
    )
}

fn failure(status: u16, errors: Vec<(u32, String)>) -> Reply {
    let errors: Vec<_> = errors
        .into_iter()
        .map(|(code, message)| json!({"code": code, "message": message}))
        .collect();
    Reply::json(
        status,
        &json!({"success": false, "errors": errors, "messages": [], "result": null}),
    )
}

fn invalid(message: impl Into<String>) -> Reply {
    failure(400, vec![(1001, message.into())])
}

pub(crate) fn rate_limited(wait: u64) -> Reply {
    failure(
        429,
        vec![(
            971,
            "Please wait and consider throttling your request speed".into(),
        )],
    )
    .header("retry-after", wait.to_string())
}

impl Cloudflare {
    pub(crate) fn seeded() -> Self {
        let members = FIRST_NAMES
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let email = format!("{}@example.com", name.to_lowercase());
                let role_id = if i == 0 { Sandbox::CLOUDFLARE_ADMIN_ROLE } else { Sandbox::CLOUDFLARE_READ_ONLY_ROLE };
                json!({
                    "id": format!("{:032x}", 0x4536_0000 + i),
                    "email": email,
                    "status": if i % 4 == 3 { "pending" } else { "accepted" },
                    "user": {"id": format!("{:032x}", 0x0230_0000 + i), "email": email, "first_name": name,
                             "last_name": "Example", "two_factor_authentication_enabled": i % 2 == 0},
                    "roles": [role(role_id)],
                    "policies": []
                })
            })
            .collect();
        Cloudflare {
            user: json!({
                "id": "7c5dae5552338874e5053f2534d2767a", "email": Sandbox::CLOUDFLARE_EMAIL,
                "first_name": "John", "last_name": "Appleseed", "telephone": "+1 123-123-1234",
                "country": "US", "zipcode": "12345", "two_factor_authentication_enabled": false,
                "two_factor_authentication_locked": false, "has_pro_zones": false, "has_business_zones": false,
                "has_enterprise_zones": false, "suspended": false, "betas": ["api_tokens_beta"],
                "organizations": [{"id": "023e105f4ecef8ad9ca31a8372d0c353", "name": "Example, Inc.",
                    "permissions": ["#zones:read"], "roles": ["All Privileges - Super Administrator"], "status": "member"}]
            }),
            tenants: vec![json!({
                "id": "a7b9c3d2e8f4a1b5c6d0e9f2a3b7c4d8", "create_time": "2019-12-27T18:11:19.117Z",
                "meta": {"managed_by": "cloudflare"}, "name": "Example Tenant",
                "parent": {"id": "b7b9c3d2e8f4a1b5c6d0e9f2a3b7c4d9", "name": "Parent Org"},
                "profile": {"business_name": "Example Inc.", "business_email": "billing@example.com"}
            })],
            members: BTreeMap::from([(Sandbox::CLOUDFLARE_ACCOUNT_ID.to_owned(), members)]),
            next_id: 0x9000,
        }
    }

    fn authenticated(request: &Request) -> bool {
        request.bearer() == Some(Sandbox::CLOUDFLARE_TOKEN)
            || (request.header("x-auth-email") == Some(Sandbox::CLOUDFLARE_EMAIL)
                && request.header("x-auth-key") == Some(Sandbox::CLOUDFLARE_KEY))
    }

    pub(crate) fn handle(&mut self, request: &Request, path: &[String]) -> Reply {
        if !Self::authenticated(request) {
            return failure(401, vec![(10000, "Authentication error".into())]);
        }
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match (request.method.as_str(), path.as_slice()) {
            ("GET", ["user"]) => ok(self.user.clone()),
            ("PATCH", ["user"]) => self.update_user(request),
            ("GET", ["users" | "user", "tenants"]) => {
                let count = self.tenants.len();
                Reply::json(
                    200,
                    &json!({"success": true, "errors": [], "messages": [], "result": self.tenants,
                    "result_info": {"page": 1, "per_page": 20, "count": count, "total_count": count, "total_pages": 1}}),
                )
            }
            ("GET", ["accounts", account, "members"]) => self.list_members(request, account),
            ("POST", ["accounts", account, "members"]) => self.add_member(request, account),
            ("GET", ["accounts", account, "members", id]) => match self.member(account, id) {
                Ok(member) => ok(member.clone()),
                Err(reply) => reply,
            },
            ("PUT", ["accounts", account, "members", id]) => {
                self.update_member(request, account, id)
            }
            ("DELETE", ["accounts", account, "members", id]) => {
                let Some(members) = self.members.get_mut(*account) else {
                    return no_route(&path);
                };
                match members.iter().position(|m| m["id"] == *id) {
                    Some(at) => {
                        members.remove(at);
                        ok(json!({"id": id}))
                    }
                    None => member_not_found(),
                }
            }
            _ => no_route(&path),
        }
    }

    fn update_user(&mut self, request: &Request) -> Reply {
        let Some(body) = request.json_object() else {
            return invalid("the body must be a JSON object");
        };
        let allowed = ["first_name", "last_name", "telephone", "country", "zipcode"];
        let mut errors = Vec::new();
        for (key, value) in &body {
            if !allowed.contains(&key.as_str()) {
                errors.push((1001, format!("{key}: unknown or read-only field")));
            } else if !value.is_string() {
                errors.push((1001, format!("{key}: must be a string")));
            } else if value.as_str().is_some_and(|s| s.len() > 60) {
                errors.push((1001, format!("{key}: must be at most 60 characters")));
            }
        }
        if !errors.is_empty() {
            return failure(400, errors);
        }
        for (key, value) in body {
            self.user[key] = value;
        }
        ok(self.user.clone())
    }

    fn list_members(&self, request: &Request, account: &str) -> Reply {
        let Some(members) = self.members.get(account) else {
            return no_route(&["accounts", account, "members"]);
        };
        let per_page = match bounded(request, "per_page", 20, 5, 50) {
            Ok(n) => n,
            Err(message) => return invalid(message),
        };
        let page = match bounded(request, "page", 1, 1, usize::MAX) {
            Ok(n) => n,
            Err(message) => return invalid(message),
        };
        let mut selected: Vec<Value> = members
            .iter()
            .filter(|m| request.query("status").is_none_or(|s| m["status"] == s))
            .cloned()
            .collect();
        if let Some(order) = request.query("order") {
            let key = |m: &Value| -> String {
                match order {
                    "user.first_name" => m["user"]["first_name"].as_str().unwrap_or("").to_owned(),
                    "user.last_name" => m["user"]["last_name"].as_str().unwrap_or("").to_owned(),
                    "user.email" => m["user"]["email"].as_str().unwrap_or("").to_owned(),
                    _ => m["status"].as_str().unwrap_or("").to_owned(),
                }
            };
            selected.sort_by_key(key);
            if request.query("direction") == Some("desc") {
                selected.reverse();
            }
        }
        let total = selected.len();
        let (items, total_pages) = paginate(&selected, page, per_page);
        Reply::json(
            200,
            &json!({
                "success": true, "errors": [], "messages": [], "result": items,
                "result_info": {"page": page, "per_page": per_page, "count": items.len(), "total_count": total, "total_pages": total_pages}
            }),
        )
    }

    fn member(&self, account: &str, id: &str) -> Result<&Value, Reply> {
        let members = self
            .members
            .get(account)
            .ok_or_else(|| no_route(&["accounts", account, "members", id]))?;
        members
            .iter()
            .find(|m| m["id"] == id)
            .ok_or_else(member_not_found)
    }

    fn add_member(&mut self, request: &Request, account: &str) -> Reply {
        if !self.members.contains_key(account) {
            return no_route(&["accounts", account, "members"]);
        }
        let Some(body) = request.json_object() else {
            return invalid("the body must be a JSON object");
        };
        let mut errors = Vec::new();
        let email = body
            .get("email")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if !email.contains('@') {
            errors.push((1001, "email: a valid email address is required".to_owned()));
        }
        let status = body
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("pending");
        if !["pending", "accepted"].contains(&status) {
            errors.push((
                1001,
                format!("status: must be pending or accepted, got {status:?}"),
            ));
        }
        let access = match access_of(&body, &mut errors, true) {
            Some(access) => access,
            None => return failure(400, errors),
        };
        if self.members[account]
            .iter()
            .any(|m| m["email"] == email.as_str())
        {
            errors.push((1001, format!("{email} is already a member of this account")));
        }
        if !errors.is_empty() {
            return failure(400, errors);
        }
        self.next_id += 1;
        let member = json!({
            "id": format!("{:032x}", self.next_id), "email": email, "status": status,
            "user": {"email": email}, "roles": access.0, "policies": access.1,
        });
        self.members
            .get_mut(account)
            .expect("checked above")
            .push(member.clone());
        ok(member)
    }

    fn update_member(&mut self, request: &Request, account: &str, id: &str) -> Reply {
        if let Err(reply) = self.member(account, id) {
            return reply;
        }
        let Some(body) = request.json_object() else {
            return invalid("the body must be a JSON object");
        };
        let mut errors = Vec::new();
        let (roles, policies) = match access_of(&body, &mut errors, false) {
            Some(access) => access,
            None => return failure(400, errors),
        };
        if !errors.is_empty() {
            return failure(400, errors);
        }
        let members = self
            .members
            .get_mut(account)
            .expect("member() found the account");
        let member = members
            .iter_mut()
            .find(|m| m["id"] == id)
            .expect("member() found it");
        if body.contains_key("roles") {
            member["roles"] = roles;
        }
        if body.contains_key("policies") {
            member["policies"] = policies;
        }
        ok(member.clone())
    }
}

/// Reads `roles` (ids on create, `{id}` objects on update, as the API takes them)
/// or `policies` from a body and returns the stored `(roles, policies)`, or `None`
/// with errors recorded.
fn access_of(
    body: &Map<String, Value>,
    errors: &mut Vec<(u32, String)>,
    create: bool,
) -> Option<(Value, Value)> {
    match (body.get("roles"), body.get("policies")) {
        (Some(_), Some(_)) => {
            errors.push((1001, "send either roles or policies, not both".into()));
            None
        }
        (None, None) => {
            errors.push((1001, "roles or policies are required".into()));
            None
        }
        (Some(Value::Array(roles)), None) => {
            let mut stored = Vec::new();
            for entry in roles {
                let id = if create {
                    entry.as_str()
                } else {
                    entry.get("id").and_then(Value::as_str)
                };
                match id.and_then(role) {
                    Some(found) => stored.push(found),
                    None => errors.push((1001, format!("roles: unknown role {entry}"))),
                }
            }
            Some((Value::Array(stored), json!([])))
        }
        (None, Some(Value::Array(policies))) => {
            for (i, policy) in policies.iter().enumerate() {
                let access_ok = matches!(
                    policy.get("access").and_then(Value::as_str),
                    Some("allow" | "deny")
                );
                let groups_ok = ["permission_groups", "resource_groups"].iter().all(|k| {
                    policy
                        .get(*k)
                        .and_then(Value::as_array)
                        .is_some_and(|g| g.iter().all(|x| x["id"].is_string()))
                });
                if !access_ok || !groups_ok {
                    errors.push((1001, format!("policies[{i}]: needs access (allow|deny), permission_groups and resource_groups of {{id}}")));
                }
            }
            let stored: Vec<Value> = policies
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let mut p = p.clone();
                    p["id"] = json!(format!("{:032x}", 0xf267_0000 + i));
                    p
                })
                .collect();
            Some((json!([]), Value::Array(stored)))
        }
        _ => {
            errors.push((1001, "roles and policies must be arrays".into()));
            None
        }
    }
}

fn member_not_found() -> Reply {
    failure(404, vec![(1003, "Member not found".into())])
}

fn no_route(path: &[&str]) -> Reply {
    failure(
        404,
        vec![(
            7003,
            format!(
                "Could not route to /{}, perhaps your object identifier is invalid?",
                path.join("/")
            ),
        )],
    )
}
