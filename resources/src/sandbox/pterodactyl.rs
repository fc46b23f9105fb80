//! The Pterodactyl panel's Application API: `/users`, `/users/{id}`,
//! `/users/external/{external_id}`, with Laravel-style validation.

use serde_json::{Map, Value, json};

use super::Sandbox;
use super::http::{Reply, Request, bounded, paginate};

pub(crate) struct Pterodactyl {
    users: Vec<Value>,
    next_id: u64,
}

fn error(status: u16, code: &str, detail: impl Into<String>) -> Reply {
    Reply::json(
        status,
        &json!({"errors": [{"code": code, "status": status.to_string(), "detail": detail.into()}]}),
    )
}

fn not_found() -> Reply {
    error(
        404,
        "NotFoundHttpException",
        "The requested resource could not be found on the server.",
    )
}

pub(crate) fn rate_limited(wait: u64) -> Reply {
    error(429, "ThrottleRequestsException", "Too Many Attempts.")
        .header("retry-after", wait.to_string())
}

fn item(user: &Value, include_servers: bool) -> Value {
    let mut attributes = user.clone();
    let servers = attributes
        .as_object_mut()
        .and_then(|a| a.remove("servers"))
        .unwrap_or(json!([]));
    if include_servers {
        let data: Vec<_> = servers
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| json!({"object": "server", "attributes": s}))
            .collect();
        attributes["relationships"] = json!({"servers": {"object": "list", "data": data}});
    }
    json!({"object": "user", "attributes": attributes})
}

impl Pterodactyl {
    pub(crate) fn seeded() -> Self {
        let people = [
            (
                "test-user",
                "example@example.com",
                "test",
                "user",
                None,
                true,
            ),
            (
                "jane.doe",
                "jane@example.com",
                "Jane",
                "Doe",
                Some("crm-1042"),
                false,
            ),
            (
                "max.mustermann",
                "max@example.de",
                "Max",
                "Mustermann",
                None,
                false,
            ),
            (
                "ola.nordmann",
                "ola@example.no",
                "Ola",
                "Nordmann",
                Some("crm-2001"),
                false,
            ),
            (
                "kari.nordmann",
                "kari@example.no",
                "Kari",
                "Nordmann",
                None,
                false,
            ),
            (
                "erika.m",
                "erika@example.de",
                "Erika",
                "Mustermann",
                None,
                false,
            ),
            (
                "john.smith",
                "john@example.com",
                "John",
                "Smith",
                Some("crm-3100"),
                false,
            ),
        ];
        let users = people
            .iter()
            .enumerate()
            .map(|(i, (username, email, first, last, external, admin))| {
                let servers = if i == 0 {
                    json!([{"id": 1, "uuid": "1a7ce997-259b-452e-8b4e-cecc464142ca", "name": "Survival", "suspended": false}])
                } else {
                    json!([])
                };
                json!({
                    "id": i + 4, "external_id": external, "uuid": format!("4c45016d-0148-4794-89b6-970e0b42{:04x}", i),
                    "username": username, "email": email, "first_name": first, "last_name": last, "language": "en",
                    "root_admin": admin, "2fa": false, "created_at": "2022-09-15T17:33:34+00:00",
                    "updated_at": "2022-09-15T17:33:35+00:00", "servers": servers
                })
            })
            .collect();
        Pterodactyl { users, next_id: 11 }
    }

    pub(crate) fn handle(&mut self, request: &Request, path: &[String], panel_url: &str) -> Reply {
        if request.bearer() != Some(Sandbox::PTERODACTYL_KEY) {
            // Without `Accept: application/json` Laravel redirects to the login page.
            let wants_json = request.header("accept").is_some_and(|a| a.contains("json"));
            return if wants_json {
                error(401, "AuthenticationException", "Unauthenticated.")
            } else {
                Reply::empty(302).header("location", format!("{panel_url}/auth/login"))
            };
        }
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let include_servers = request
            .query("include")
            .is_some_and(|i| i.split(',').any(|x| x == "servers"));
        match (request.method.as_str(), path.as_slice()) {
            ("GET", ["users"]) => self.list(request, panel_url),
            ("POST", ["users"]) => {
                let Some(body) = request.json_object() else {
                    return malformed();
                };
                if let Err(reply) = self.validate(&body, None) {
                    return reply;
                }
                self.next_id += 1;
                let mut user = json!({
                    "id": self.next_id, "uuid": format!("9a1f3f0e-6d2c-4d8b-9a55-{:012x}", self.next_id),
                    "language": "en", "root_admin": false, "2fa": false, "external_id": null,
                    "created_at": "2026-11-22T12:00:00+00:00", "updated_at": "2026-11-22T12:00:00+00:00", "servers": []
                });
                apply(&mut user, body);
                self.users.push(user.clone());
                let mut created = item(&user, false);
                created["meta"] = json!({"resource": format!("{panel_url}/api/application/users/{}", self.next_id)});
                Reply::json(201, &created)
            }
            ("GET", ["users", "external", external]) => {
                match self.users.iter().find(|u| u["external_id"] == *external) {
                    Some(user) => Reply::json(200, &item(user, include_servers)),
                    None => not_found(),
                }
            }
            ("GET", ["users", id]) => match self.find(id) {
                Some(at) => Reply::json(200, &item(&self.users[at], include_servers)),
                None => not_found(),
            },
            ("PATCH", ["users", id]) => {
                let Some(at) = self.find(id) else {
                    return not_found();
                };
                let Some(body) = request.json_object() else {
                    return malformed();
                };
                let own = self.users[at]["id"].as_u64();
                if let Err(reply) = self.validate(&body, own) {
                    return reply;
                }
                apply(&mut self.users[at], body);
                self.users[at]["updated_at"] = json!("2026-11-22T12:30:00+00:00");
                Reply::json(200, &item(&self.users[at], false))
            }
            ("DELETE", ["users", id]) => {
                let Some(at) = self.find(id) else {
                    return not_found();
                };
                if self.users[at]["servers"]
                    .as_array()
                    .is_some_and(|s| !s.is_empty())
                {
                    return error(
                        400,
                        "DisplayException",
                        "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing.",
                    );
                }
                self.users.remove(at);
                Reply::empty(204)
            }
            _ => not_found(),
        }
    }

    fn find(&self, id: &str) -> Option<usize> {
        let id: u64 = id.parse().ok()?;
        self.users.iter().position(|u| u["id"].as_u64() == Some(id))
    }

    fn list(&self, request: &Request, panel_url: &str) -> Reply {
        let allowed = ["email", "uuid", "username", "external_id"];
        let mut users: Vec<&Value> = self.users.iter().collect();
        for (key, value) in &request.query {
            let Some(field) = key
                .strip_prefix("filter[")
                .and_then(|k| k.strip_suffix(']'))
            else {
                continue;
            };
            if !allowed.contains(&field) {
                return error(
                    400,
                    "InvalidFilterQuery",
                    format!(
                        "Requested filter(s) `{field}` are not allowed. Allowed filter(s) are `{}`.",
                        allowed.join(", ")
                    ),
                );
            }
            users.retain(|u| {
                u[field]
                    .as_str()
                    .is_some_and(|v| v.contains(value.as_str()))
            });
        }
        match request.query("sort") {
            None | Some("id") => users.sort_by_key(|u| u["id"].as_u64()),
            Some("-id") => users.sort_by_key(|u| std::cmp::Reverse(u["id"].as_u64())),
            Some("uuid") => users.sort_by_key(|u| u["uuid"].as_str().map(str::to_owned)),
            Some("-uuid") => {
                users.sort_by_key(|u| std::cmp::Reverse(u["uuid"].as_str().map(str::to_owned)))
            }
            Some(other) => {
                return error(
                    400,
                    "InvalidSortQuery",
                    format!(
                        "Requested sort(s) `{other}` is not allowed. Allowed sort(s) are `id, uuid`."
                    ),
                );
            }
        }
        let (per_page, page) = match (
            bounded(request, "per_page", 50, 1, 100),
            bounded(request, "page", 1, 1, usize::MAX),
        ) {
            (Ok(per_page), Ok(page)) => (per_page, page),
            (Err(message), _) | (_, Err(message)) => {
                return error(400, "BadRequestHttpException", message);
            }
        };
        let include_servers = request
            .query("include")
            .is_some_and(|i| i.split(',').any(|x| x == "servers"));
        let total = users.len();
        let (items, total_pages) = paginate(&users, page, per_page);
        let data: Vec<_> = items.iter().map(|u| item(u, include_servers)).collect();
        let mut links = Map::new();
        let link = |p: usize| format!("{panel_url}/api/application/users?page={p}");
        if page > 1 {
            links.insert("previous".into(), json!(link(page - 1)));
        }
        if page < total_pages {
            links.insert("next".into(), json!(link(page + 1)));
        }
        Reply::json(
            200,
            &json!({
                "object": "list", "data": data,
                "meta": {"pagination": {"total": total, "count": data.len(), "per_page": per_page,
                    "current_page": page, "total_pages": total_pages, "links": links}}
            }),
        )
    }

    /// Laravel-style validation: one error per failed rule, with `meta.source_field`.
    fn validate(&self, body: &Map<String, Value>, own_id: Option<u64>) -> Result<(), Reply> {
        let mut failed: Vec<(String, &str, String)> = Vec::new();
        let text = |key: &str| {
            body.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let others = || self.users.iter().filter(|u| u["id"].as_u64() != own_id);
        for field in ["email", "username", "first_name", "last_name"] {
            match text(field) {
                None => failed.push((
                    field.into(),
                    "required",
                    format!("The {} field is required.", field.replace('_', " ")),
                )),
                Some(value) if value.len() > 191 => failed.push((
                    field.into(),
                    "between",
                    format!("The {field} must be between 1 and 191 characters."),
                )),
                Some(_) => {}
            }
        }
        if let Some(email) = text("email") {
            if !email.contains('@') || email.starts_with('@') || email.ends_with('@') {
                failed.push((
                    "email".into(),
                    "email",
                    "The email must be a valid email address.".into(),
                ));
            } else if others().any(|u| {
                u["email"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
            }) {
                failed.push((
                    "email".into(),
                    "unique",
                    "The email has already been taken.".into(),
                ));
            }
        }
        if let Some(username) = text("username") {
            let lower = username.to_lowercase();
            let bytes = lower.as_bytes();
            let edges_ok = bytes.len() >= 3
                && bytes[0].is_ascii_alphanumeric()
                && bytes[bytes.len() - 1].is_ascii_alphanumeric();
            let middle_ok = bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(b));
            if !edges_ok || !middle_ok {
                failed.push((
                    "username".into(),
                    "regex",
                    "The username format is invalid.".into(),
                ));
            } else if others().any(|u| u["username"] == lower.as_str()) {
                failed.push((
                    "username".into(),
                    "unique",
                    "The username has already been taken.".into(),
                ));
            }
        }
        if let Some(external) = body.get("external_id").filter(|v| !v.is_null()) {
            match external.as_str() {
                None => failed.push((
                    "external_id".into(),
                    "string",
                    "The external id must be a string.".into(),
                )),
                Some(id) if others().any(|u| u["external_id"] == id) => failed.push((
                    "external_id".into(),
                    "unique",
                    "The external id has already been taken.".into(),
                )),
                Some(_) => {}
            }
        }
        if body.get("root_admin").is_some_and(|v| !v.is_boolean()) {
            failed.push((
                "root_admin".into(),
                "boolean",
                "The root admin field must be true or false.".into(),
            ));
        }
        if failed.is_empty() {
            return Ok(());
        }
        let errors: Vec<_> = failed
            .into_iter()
            .map(|(field, rule, detail)| {
                json!({"code": "ValidationException", "status": "422", "detail": detail, "meta": {"source_field": field, "rule": rule}})
            })
            .collect();
        Err(Reply::json(422, &json!({"errors": errors})))
    }
}

fn malformed() -> Reply {
    error(
        400,
        "BadRequestHttpException",
        "The JSON data passed in the request appears to be malformed: Syntax error",
    )
}

/// Copies the writable fields of a validated body onto a stored user.
fn apply(user: &mut Value, body: Map<String, Value>) {
    for (key, value) in body {
        match key.as_str() {
            "username" => user[key] = json!(value.as_str().unwrap_or_default().to_lowercase()),
            "email" | "first_name" | "last_name" | "external_id" | "language" | "root_admin" => {
                user[key] = value
            }
            _ => {} // the password is accepted and not stored; unknown fields are ignored like Laravel does
        }
    }
}
