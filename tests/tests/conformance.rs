//! The shipped resources against the vendors' OpenAPI documents vendored in
//! `tests/specs/`: every declared action exists there with the same method
//! and path parameters, every documented operation is declared, and every
//! example response decodes into the model.

use std::collections::BTreeSet;

use restlax::Action;
use restlax::testing::{MockResponse, MockServer};
use restlax_resources::{cloudflare, flow_retail, pterodactyl};
use restlax_tests::specs::{self, CLOUDFLARE, FLOW_RETAIL, PTERODACTYL};
use serde_json::Value;

/// Where a Rust parameter name differs from the spec's on purpose: Rust names
/// are snake_case and say what they are.
const RENAMED: [(&str, &str); 2] = [("user", "user_id"), ("tenantUid", "tenant_uid")];

fn spec_params(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(str::to_owned)
        .collect()
}

/// `/a/{x}/b` → `/a/{}/b`, so templates compare by shape.
fn shape(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

fn operations(spec: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                out.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

fn check(spec_name: &str, resources: &[&[Action]]) {
    let spec = specs::load(spec_name);
    let documented = operations(&spec);
    let mut declared = BTreeSet::new();
    let mut problems = Vec::new();
    for action in resources.iter().flat_map(|r| r.iter()) {
        let ours = action.openapi_path();
        let found = documented
            .iter()
            .find(|(method, path)| method == action.method.as_str() && shape(path) == shape(&ours));
        let Some((method, path)) = found else {
            problems.push(format!(
                "{} {} ({}) is not in {spec_name}",
                action.method, ours, action.name
            ));
            continue;
        };
        declared.insert((method.clone(), path.clone()));
        let theirs = spec_params(path);
        let ours: Vec<_> = action.path_params().collect();
        let expected: Vec<String> = theirs
            .iter()
            .map(|p| {
                RENAMED
                    .iter()
                    .find(|(from, _)| from == p)
                    .map_or(p.clone(), |(_, to)| (*to).to_owned())
            })
            .collect();
        if ours != expected {
            problems.push(format!(
                "{} {path}: parameters {ours:?}, spec has {theirs:?}",
                action.name
            ));
        }
        // A documented request body must be accepted, and an action with a body must be documented with one.
        let operation = &spec["paths"][path][method.to_lowercase()];
        let body = operation.get("requestBody");
        let required = body
            .and_then(|b| b.get("required"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if action.body != body.is_some() && (action.body || required) {
            problems.push(format!(
                "{} {path}: body {}, spec requestBody {body:?}",
                action.name, action.body
            ));
        }
    }
    for missing in documented.difference(&declared) {
        problems.push(format!(
            "{} {} is documented but not declared",
            missing.0, missing.1
        ));
    }
    assert!(
        problems.is_empty(),
        "{spec_name}:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn cloudflare_actions_match_the_spec() {
    check(
        CLOUDFLARE,
        &[
            cloudflare::User::ACTIONS,
            cloudflare::Tenant::ACTIONS,
            cloudflare::Member::ACTIONS,
        ],
    );
}

#[test]
fn pterodactyl_actions_match_the_spec() {
    check(PTERODACTYL, &[pterodactyl::User::ACTIONS]);
}

#[test]
fn flow_retail_actions_match_the_spec() {
    check(
        FLOW_RETAIL,
        &[
            flow_retail::Account::ACTIONS,
            flow_retail::TenantAccount::ACTIONS,
        ],
    );
}

#[test]
fn the_check_itself_catches_a_mismatch() {
    #[restlax::resource(
        path = "/accounts/<account_id>/members",
        actions(show),
        update_method = "PATCH"
    )]
    #[derive(serde::Deserialize)]
    struct Wrong {
        _id: String,
    }
    #[restlax::resource(path = "/accounts/<account_id>/people", actions(index))]
    #[derive(serde::Deserialize)]
    struct Missing {
        _id: String,
    }
    let result =
        std::panic::catch_unwind(|| check(CLOUDFLARE, &[Wrong::ACTIONS, Missing::ACTIONS]));
    let message = *result.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains(
            "show /accounts/{account_id}/members/{member_id}: parameters [\"account_id\", \"id\"]"
        ),
        "{message}"
    );
    assert!(
        message.contains("GET /accounts/{account_id}/people (index) is not in"),
        "{message}"
    );
    assert!(
        message.contains(
            "DELETE /accounts/{account_id}/members/{member_id} is documented but not declared"
        ),
        "{message}"
    );
}

/// Every 2xx example of an operation, with its status.
fn examples(spec: &Value, method: &str, path: &str) -> Vec<(u16, Value)> {
    let operation = &spec["paths"][path][method];
    let mut out = Vec::new();
    for (status, response) in operation["responses"].as_object().unwrap() {
        let Ok(status) = status.parse::<u16>() else {
            continue;
        };
        if !(200..300).contains(&status) {
            continue;
        }
        let media = &response["content"]["application/json"];
        if let Some(example) = media.get("example") {
            out.push((status, example.clone()));
        }
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            out.extend(named.values().map(|e| (status, e["value"].clone())));
        }
    }
    out
}

/// Serves each example of `method path` and decodes it with `call`.
fn decodes(
    spec_name: &str,
    method: &str,
    path: &str,
    envelope: impl restlax::envelope::Envelope + Clone,
    call: impl Fn(&restlax::Client) -> Result<(), restlax::Error>,
) {
    let spec = specs::load(spec_name);
    let examples = examples(&spec, method, path);
    assert!(!examples.is_empty(), "{method} {path} has no example");
    for (status, example) in examples {
        let server = MockServer::start();
        server.respond(MockResponse::json(status, &example));
        let client = server
            .client_builder()
            .envelope(envelope.clone())
            .build()
            .unwrap();
        if let Err(error) = call(&client) {
            panic!("{method} {path} example does not decode: {error}\n{example:#}");
        }
    }
}

#[test]
fn cloudflare_examples_decode() {
    use cloudflare::*;
    use restlax::envelope::Cloudflare as Env;
    let s = CLOUDFLARE;
    decodes(s, "get", "/user", Env, |c| User::show(c, ()).map(drop));
    decodes(s, "patch", "/user", Env, |c| {
        User::update(c, &UserUpdate::default(), ()).map(drop)
    });
    decodes(s, "get", "/users/tenants", Env, |c| {
        Tenant::index(c, ()).map(drop)
    });
    decodes(s, "get", "/user/tenants", Env, |c| {
        Tenant::index_user_path(c, ()).map(drop)
    });
    decodes(s, "get", "/accounts/{account_id}/members", Env, |c| {
        Member::index(c, "a", ()).map(drop)
    });
    decodes(s, "post", "/accounts/{account_id}/members", Env, |c| {
        Member::create(c, "a", &NewMember::with_roles("e@x", ["r"]), ()).map(drop)
    });
    decodes(
        s,
        "get",
        "/accounts/{account_id}/members/{member_id}",
        Env,
        |c| Member::show(c, "a", "m", ()).map(drop),
    );
    decodes(
        s,
        "put",
        "/accounts/{account_id}/members/{member_id}",
        Env,
        |c| Member::update(c, "a", "m", &MemberUpdate::roles(["r"]), ()).map(drop),
    );
    decodes(
        s,
        "delete",
        "/accounts/{account_id}/members/{member_id}",
        Env,
        |c| Member::delete(c, "a", "m", ()),
    );
}

#[test]
fn pterodactyl_examples_decode() {
    use pterodactyl::*;
    use restlax::envelope::Fractal as Env;
    let s = PTERODACTYL;
    let body = NewUser::new("e@x.y", "abc", "A", "B");
    decodes(s, "get", "/users", Env, |c| User::index(c, ()).map(drop));
    decodes(s, "post", "/users", Env, |c| {
        User::create(c, &body, ()).map(drop)
    });
    decodes(s, "get", "/users/{user}", Env, |c| {
        User::show(c, 4, ()).map(drop)
    });
    decodes(s, "patch", "/users/{user}", Env, |c| {
        User::update(c, 4, &body, ()).map(drop)
    });
    decodes(s, "get", "/users/external/{external_id}", Env, |c| {
        User::by_external_id(c, "x", ()).map(drop)
    });
}

#[test]
fn flow_retail_examples_decode() {
    use flow_retail::*;
    use restlax::envelope::Plain as Env;
    let s = FLOW_RETAIL;
    let login = LoginRequest::new("u", "p");
    decodes(s, "post", "/account", Env, |c| {
        Account::login(c, &login, ()).map(drop)
    });
    decodes(s, "put", "/account", Env, |c| {
        Account::update(
            c,
            &AccountUpdate {
                default_tenant_uid: "t".into(),
            },
            (),
        )
        .map(drop)
    });
    decodes(s, "get", "/account/invite", Env, |c| {
        Account::invite(c, ()).map(drop)
    });
    decodes(s, "put", "/account/invite", Env, |c| {
        Account::accept_invite(
            c,
            &AcceptInvite {
                invite_token: "i".into(),
            },
            (),
        )
        .map(drop)
    });
    decodes(s, "post", "/tenants/{tenantUid}/account", Env, |c| {
        TenantAccount::access_token(c, "t", ()).map(drop)
    });
    decodes(s, "put", "/tenants/{tenantUid}/account", Env, |c| {
        TenantAccount::update(c, "t", &TenantAccountUpdate::default(), ()).map(drop)
    });
}

#[test]
fn flow_retail_shared_response_examples_decode() {
    // GET /account and GET /tenants/{tenantUid}/account answer with shared
    // `components.responses` entries; decode those examples too.
    let spec = specs::load(FLOW_RETAIL);
    let responses = &spec["components"]["responses"];
    let account = &responses["AccountResponse"]["content"]["application/json"]["example"];
    let parsed: flow_retail::Account = serde_json::from_value(account.clone()).unwrap();
    assert_eq!(parsed.tenants.len(), 2);
    let tenant = &responses["TenantUserResponse"]["content"]["application/json"]["example"];
    let parsed: flow_retail::TenantAccount = serde_json::from_value(tenant.clone()).unwrap();
    assert_eq!(parsed.status, flow_retail::TenantUserStatus::Active);
}
