//! Flow Retail API v2: `/account`, `/tenants/{tenantUid}/account`,
//! `/account/invite`, with its three kinds of bearer token.

use serde_json::{Value, json};

use super::Sandbox;
use super::http::{Reply, Request};

/// The first access token a login or token exchange hands out; later ones
/// carry a number.
const ACCESS_TOKEN: &str = "sandbox-access-token";

pub(crate) struct FlowRetail {
    default_tenant: String,
    tenants: Vec<Value>,
    invited: Option<Value>,
    /// Access tokens handed out and not expired; every login or exchange mints
    /// a new one (`sandbox-access-token`, then `-2`, `-3`, …).
    access_tokens: Vec<String>,
    minted: u64,
}

fn message(status: u16, text: &str) -> Reply {
    Reply::json(status, &json!({"message": text}))
}

pub(crate) fn rate_limited(wait: u64) -> Reply {
    message(429, "Too many requests").header("retry-after", wait.to_string())
}

fn tenant_user(
    uid: &str,
    name: &str,
    user_uid: &str,
    account_type: &str,
    store: Option<&str>,
) -> Value {
    let store_access = match store {
        Some(store) => {
            json!([{"createdAt": "2024-03-14T09:22:10.004Z", "lastModifiedAt": "2024-03-14T09:22:10.004Z",
            "storeAccessUid": "sa-5f1d2e7c30", "storeUid": store, "storeRole": "ADMIN"}])
        }
        None => json!([]),
    };
    json!({
        "accountType": account_type, "createdAt": "2024-03-14T09:21:45.512Z", "defaultStoreUid": store.unwrap_or(""),
        "displayName": "Kari N.", "email": "kari.nordmann@example.no", "externalId": "", "firstname": "Kari",
        "lastAccessed": "2025-10-28T07:58:03.114Z", "lastModifiedAt": "2025-09-02T12:40:17.009Z", "lastname": "Nordmann",
        "mobile": "+4791234567", "status": "ACTIVE", "storeAccess": store_access, "tenantUid": uid, "tenantName": name,
        "tenantRole": "ACCESS", "tenantUserUid": user_uid, "userCode": Sandbox::FLOW_RETAIL_USER, "languageCode": "nb",
        "permissions": if store.is_some() { json!(["PRODUCT", "STORE", "USER", "REPORT"]) } else { json!([]) }
    })
}

fn is_uid(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl FlowRetail {
    pub(crate) fn seeded() -> Self {
        FlowRetail {
            default_tenant: "tn-8c3f91d2a4".into(),
            tenants: vec![
                tenant_user(
                    "tn-8c3f91d2a4",
                    "Nordlys Sport AS",
                    "tu-4a9e0c7b12",
                    "FULL",
                    Some("st-0b7e4c2a91"),
                ),
                tenant_user(
                    "tn-2d7a6b0e55",
                    "Fjellvann Interiør AS",
                    "tu-91c3d0f6ab",
                    "REGULAR",
                    None,
                ),
            ],
            access_tokens: Vec::new(),
            minted: 0,
            invited: Some(tenant_user(
                "tn-6e0b3c9f17",
                "Havbris Kaffe AS",
                "tu-c07e52a8d3",
                "REGULAR",
                None,
            )),
        }
    }

    /// A new access token, valid until [`expire_access_tokens`](Self::expire_access_tokens).
    fn mint(&mut self) -> String {
        self.minted += 1;
        let token = match self.minted {
            1 => ACCESS_TOKEN.to_owned(),
            n => format!("{ACCESS_TOKEN}-{n}"),
        };
        self.access_tokens.push(token.clone());
        token
    }

    /// Every access token handed out so far stops working.
    pub(crate) fn expire_access_tokens(&mut self) {
        self.access_tokens.clear();
    }

    pub(crate) fn handle(&mut self, request: &Request, path: &[String]) -> Reply {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let token = request.bearer();
        // Worked out once: the handlers below mutate `self`, so the closure
        // cannot borrow the token list.
        let holds_access_token = token.is_some_and(|t| self.access_tokens.iter().any(|v| v == t));
        let needs = |expected: &str| -> Option<Reply> {
            let accepted = if expected == ACCESS_TOKEN {
                holds_access_token
            } else {
                token == Some(expected)
            };
            match token {
                _ if accepted => None,
                Some(_) => Some(message(401, "Invalid or expired token")),
                None => Some(message(401, "Missing bearer token")),
            }
        };
        match (request.method.as_str(), path.as_slice()) {
            ("POST", ["account"]) => {
                if let Some(denied) = needs(Sandbox::FLOW_RETAIL_DEVICE_TOKEN) {
                    return denied;
                }
                let Some(body) = request.json_object() else {
                    return message(400, "Request validation failed");
                };
                let (Some(user), Some(password)) = (
                    body.get("userCode").and_then(Value::as_str),
                    body.get("password").and_then(Value::as_str),
                ) else {
                    return message(
                        400,
                        "Request validation failed: userCode and password are required",
                    );
                };
                if user != Sandbox::FLOW_RETAIL_USER || password != Sandbox::FLOW_RETAIL_PASSWORD {
                    return message(401, "Invalid user code or password");
                }
                let tenant_user = self
                    .tenant(&self.default_tenant.clone())
                    .cloned()
                    .unwrap_or(Value::Null);
                let access_token = self.mint();
                Reply::json(
                    200,
                    &json!({"accessToken": access_token, "tenantUser": tenant_user}),
                )
            }
            ("GET", ["account"]) => {
                needs(ACCESS_TOKEN).unwrap_or_else(|| Reply::json(200, &self.account()))
            }
            ("PUT", ["account"]) => {
                if let Some(denied) = needs(ACCESS_TOKEN) {
                    return denied;
                }
                let uid = request.json_object().and_then(|b| {
                    b.get("defaultTenantUid")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
                match uid {
                    Some(uid) if self.tenant(&uid).is_some() => {
                        self.default_tenant = uid;
                        Reply::json(200, &self.account())
                    }
                    Some(_) => message(400, "defaultTenantUid is not one of the account's tenants"),
                    None => message(
                        400,
                        "Request validation failed: defaultTenantUid is required",
                    ),
                }
            }
            ("GET", ["account", "invite"]) => {
                match (request.header("x-invite-token"), &self.invited) {
                    (Some(Sandbox::FLOW_RETAIL_INVITE_TOKEN), Some(invited)) => Reply::json(
                        200,
                        &json!({
                            "tenantUid": invited["tenantUid"], "tenantName": invited["tenantName"],
                            "email": invited["email"], "firstname": invited["firstname"], "lastname": invited["lastname"]
                        }),
                    ),
                    _ => message(400, "Invalid or used invite token"),
                }
            }
            ("PUT", ["account", "invite"]) => {
                if let Some(denied) = needs(Sandbox::FLOW_RETAIL_AUTH_TOKEN) {
                    return denied;
                }
                let token = request.json_object().and_then(|b| {
                    b.get("inviteToken")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                });
                match (token.as_deref(), self.invited.take()) {
                    (Some(Sandbox::FLOW_RETAIL_INVITE_TOKEN), Some(invited)) => {
                        self.tenants.push(invited.clone());
                        Reply::json(200, &invited)
                    }
                    (_, invited) => {
                        self.invited = invited;
                        message(400, "Invalid or used invite token")
                    }
                }
            }
            (method, ["tenants", uid, "account"]) => {
                if !is_uid(uid) {
                    return message(400, "tenantUid must match ^[A-Za-z0-9-_]+");
                }
                let expected = if method == "POST" {
                    Sandbox::FLOW_RETAIL_AUTH_TOKEN
                } else {
                    ACCESS_TOKEN
                };
                if let Some(denied) = needs(expected) {
                    return denied;
                }
                let Some(index) = self.tenants.iter().position(|t| t["tenantUid"] == *uid) else {
                    return message(404, "Tenant not found or no access");
                };
                match method {
                    "GET" => Reply::json(200, &self.tenants[index]),
                    "POST" => {
                        let mut with_token = self.tenants[index].clone();
                        with_token["accessToken"] = json!(self.mint());
                        Reply::json(200, &with_token)
                    }
                    "PUT" => self.update_tenant(request, index),
                    _ => message(405, "Method not allowed"),
                }
            }
            _ => message(404, "Not found"),
        }
    }

    fn account(&self) -> Value {
        json!({"globalRoles": [], "defaultTenantUid": self.default_tenant, "tenants": self.tenants})
    }

    fn tenant(&self, uid: &str) -> Option<&Value> {
        self.tenants.iter().find(|t| t["tenantUid"] == uid)
    }

    fn update_tenant(&mut self, request: &Request, index: usize) -> Reply {
        if !request.has_body() {
            return Reply::json(200, &self.tenants[index]);
        }
        let Some(body) = request.json_object() else {
            return message(400, "Request validation failed");
        };
        let writable = [
            "defaultStoreUid",
            "displayName",
            "email",
            "firstname",
            "lastname",
            "mobile",
            "password",
            "languageCode",
        ];
        for (key, value) in &body {
            if !writable.contains(&key.as_str()) || !value.is_string() {
                return message(
                    400,
                    &format!("Request validation failed: {key} is not a writable string field"),
                );
            }
        }
        for (key, value) in body {
            if key != "password" {
                self.tenants[index][key] = value;
            }
        }
        self.tenants[index]["lastModifiedAt"] = json!("2026-11-22T12:00:00.000Z");
        Reply::json(200, &self.tenants[index])
    }
}
