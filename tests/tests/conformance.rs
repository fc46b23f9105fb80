//! The shipped resources against the vendors' OpenAPI documents vendored in
//! `tests/specs/`, through the public check `restlax::testing::openapi`:
//! every declared action exists there with the same method and path
//! parameters, every documented operation is declared, every example answer
//! decodes into the model, recorded request bodies validate. Then the check
//! itself, on small documents and declarations where it must fail.

use std::time::Instant;

use restlax::envelope::{Cloudflare, Fractal};
use restlax::resource;
use restlax::testing::openapi::{Document, ProblemKind, Report};
use restlax::testing::{Cassette, MockResponse, MockServer};
use restlax_resources::{cloudflare, flow_retail, pterodactyl};
use restlax_tests::specs::{self, CLOUDFLARE, FLOW_RETAIL, PTERODACTYL};
use serde::Deserialize;

fn cloudflare(document: &Document) -> Report {
    document
        .check(&[
            cloudflare::User::DECLARATION,
            cloudflare::Tenant::DECLARATION,
            cloudflare::Member::DECLARATION,
        ])
        .envelope(Cloudflare)
        .undeclared_under("/")
        .run()
}

fn pterodactyl(document: &Document) -> Report {
    document
        .check(&[pterodactyl::User::DECLARATION])
        .envelope(Fractal)
        // Rust names say what they are: `user_id`, not `user`.
        .rename("user", "user_id")
        .undeclared_under("/")
        .run()
}

fn flow_retail(document: &Document) -> Report {
    document
        .check(&[
            flow_retail::Account::DECLARATION,
            flow_retail::TenantAccount::DECLARATION,
        ])
        .rename("tenantUid", "tenant_uid")
        .undeclared_under("/")
        .run()
}

fn load(name: &str) -> Document {
    Document::load(specs::path(name)).unwrap()
}

#[test]
fn the_shipped_resources_match_the_vendored_documents() {
    let started = Instant::now();
    let reports = [
        cloudflare(&load(CLOUDFLARE)),
        pterodactyl(&load(PTERODACTYL)),
        flow_retail(&load(FLOW_RETAIL)),
    ];
    let took = started.elapsed();
    for report in &reports {
        println!("{report}");
    }
    // A figure to read, not an assertion: reading and checking all three.
    println!(
        "checking the three vendored documents (read, parsed, checked): {:.1} ms",
        took.as_secs_f64() * 1000.0
    );
    for report in &reports {
        report.assert_ok();
        // Every documented success example was decoded through the envelope.
        assert!(report.examples_decoded() >= 7, "{report}");
    }
}

/// Calls the shipped resources make against a mock server, then their
/// recorded bodies against the document's request schemas.
#[test]
fn recorded_request_bodies_validate_against_the_request_schemas() {
    let server = MockServer::start();
    let member =
        serde_json::json!({"success": true, "errors": [], "messages": [], "result": {"id": "m"}});
    server.respond_always(MockResponse::json(200, &member));
    let client = server
        .client_builder()
        .envelope(Cloudflare)
        .build()
        .unwrap();
    cloudflare::Member::create(
        &client,
        "a",
        &cloudflare::NewMember::with_roles("ada@example.com", ["r1"]),
        (),
    )
    .unwrap();
    cloudflare::Member::update(
        &client,
        "a",
        "m",
        &cloudflare::MemberUpdate::roles(["r1"]),
        (),
    )
    .unwrap();
    let report = load(CLOUDFLARE)
        .check(&[cloudflare::Member::DECLARATION])
        .envelope(Cloudflare)
        .requests(server.requests())
        .run();
    report.assert_ok();

    // The same resource with a body the schema refuses: no `email`.
    cloudflare::Member::create(&client, "a", &serde_json::json!({"roles": ["r1"]}), ()).unwrap();
    let report = load(CLOUDFLARE)
        .check(&[cloudflare::Member::DECLARATION])
        .envelope(Cloudflare)
        .requests(server.requests())
        .run();
    let problem = only(&report, ProblemKind::RecordedRequest);
    assert_eq!(problem.resource(), Some("Member"), "{report}");
    assert_eq!(problem.action(), Some("create"), "{report}");
    assert_eq!(
        problem.operation(),
        Some("account-members-add-member POST /accounts/{account_id}/members"),
        "{report}"
    );
    // Cloudflare's body is `oneOf` roles or policies, so the validator says
    // that no branch fits rather than which field is missing.
    assert_eq!(
        problem.message(),
        "the recorded body of `POST /accounts/a/members` does not validate against the request schema: {\"roles\":[\"r1\"]} is not valid under any of the schemas listed in the 'oneOf' keyword"
    );
}

/// The cassettes `restlax-resources` replays (recorded from its sandbox):
/// every request in them against the vendor's document.
#[test]
fn the_resources_cassettes_validate_against_the_documents() {
    let cassette = |name: &str| {
        let path = format!(
            "{}/../resources/tests/cassettes/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        Cassette::recorded_requests(path).unwrap()
    };
    let cloudflare = load(CLOUDFLARE)
        .check(&[cloudflare::Member::DECLARATION])
        .envelope(Cloudflare)
        .base_path("/cloudflare/client/v4")
        .requests(cassette("cloudflare_member_lifecycle.json"))
        .run();
    let pterodactyl = load(PTERODACTYL)
        .check(&[pterodactyl::User::DECLARATION])
        .envelope(Fractal)
        .rename("user", "user_id")
        .base_path("/pterodactyl/api/application")
        .requests(cassette("pterodactyl_user_crud.json"))
        .run();
    let flow_retail = load(FLOW_RETAIL)
        .check(&[
            flow_retail::Account::DECLARATION,
            flow_retail::TenantAccount::DECLARATION,
        ])
        .rename("tenantUid", "tenant_uid")
        .base_path("/flowretail/v2")
        .requests(cassette("flow_retail_login.json"))
        .run();
    for report in [cloudflare, pterodactyl, flow_retail] {
        println!("{report}");
        report.assert_ok();
    }
}

/// The one problem of `kind` in `report`, which has no other.
fn only(report: &Report, kind: ProblemKind) -> &restlax::testing::openapi::Problem {
    assert_eq!(report.problems().len(), 1, "{report}");
    let problem = &report.problems()[0];
    assert_eq!(problem.kind(), kind, "{report}");
    problem
}

/// The report's one problem is a `kind` at `(resource, action)`, names
/// `operation` and says `message`.
fn assert_only(
    report: &Report,
    kind: ProblemKind,
    (resource, action): (&str, &str),
    operation: &str,
    message: &str,
) {
    let problem = only(report, kind);
    assert_eq!(
        (problem.resource(), problem.action()),
        (Some(resource), Some(action)),
        "{report}"
    );
    assert_eq!(problem.operation(), Some(operation), "{report}");
    assert_eq!(problem.message(), message, "{report}");
}

/// A document small enough to read in the test: members of an account, with
/// a required `email` and an integer id.
const MEMBERS: &str = r##"
openapi: 3.1.0
info: { title: Members, version: "1" }
paths:
  /accounts/{account_id}/members:
    get:
      operationId: listMembers
      parameters: [{ name: account_id, in: path, required: true, schema: { type: string } }]
      responses:
        "200":
          description: the members
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Member" } }
              example: [{ id: 1, email: ada@example.com }]
  /accounts/{account_id}/members/{member_id}:
    parameters:
      - { name: account_id, in: path, required: true, schema: { type: string } }
      - { name: member_id, in: path, required: true, schema: { type: integer } }
    get:
      operationId: showMember
      responses:
        "200":
          description: a member
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Member" }
              example: { id: 1, email: ada@example.com }
    patch:
      operationId: updateMember
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Member" } } }
      responses:
        "200":
          description: the member
          content: { application/json: { schema: { $ref: "#/components/schemas/Member" } } }
    delete:
      operationId: removeMember
      responses: { "204": { description: removed } }
components:
  schemas:
    Member:
      type: object
      required: [id, email]
      properties:
        id: { type: integer }
        email: { type: string }
"##;

fn members() -> Document {
    Document::from_yaml(MEMBERS).unwrap()
}

#[resource(
    path = "/accounts/<account_id>/members",
    id = "member_id: u64",
    actions(index, show, update, delete),
    update_method = "PATCH"
)]
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Member {
    id: u64,
    email: String,
}

#[test]
fn a_faithful_declaration_passes() {
    let report = members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/accounts")
        .run();
    report.assert_ok();
    assert_eq!(report.examples_decoded(), 2);
}

#[test]
fn a_wrong_method_is_reported_with_the_documented_operation() {
    // PUT where the document says PATCH.
    #[resource(
        path = "/accounts/<account_id>/members",
        id = "member_id: u64",
        actions(index, show, update, delete)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: String,
    }
    let report = members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/accounts")
        .run();
    println!("{report}");
    assert_only(
        &report,
        ProblemKind::WrongMethod,
        ("Member", "update"),
        "updateMember PATCH /accounts/{account_id}/members/{member_id}",
        "declared PUT /accounts/{account_id}/members/{member_id}; the document has GET, DELETE, PATCH for this path",
    );
}

#[test]
fn a_renamed_parameter_is_reported_and_a_rename_accepts_it() {
    #[resource(
        path = "/accounts/<account>/members",
        id = "member_id: u64",
        actions(show)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: String,
    }
    let report = members().check(&[Member::DECLARATION]).run();
    println!("{report}");
    assert_only(
        &report,
        ProblemKind::ParameterName,
        ("Member", "show"),
        "showMember GET /accounts/{account_id}/members/{member_id}",
        "the placeholder `<account>` is `{account_id}` in the document: rename it, or map the names with `.rename(\"account_id\", \"account\")`",
    );
    members()
        .check(&[Member::DECLARATION])
        .rename("account_id", "account")
        .run()
        .assert_ok();
}

#[test]
fn a_placeholder_type_that_does_not_fit_is_reported() {
    #[resource(
        path = "/accounts/<account_id: u64>/members",
        id = "member_id: String",
        actions(show)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: String,
    }
    let report = members().check(&[Member::DECLARATION]).run();
    let messages: Vec<&str> = report.problems().iter().map(|p| p.message()).collect();
    assert_eq!(
        messages,
        [
            "the placeholder `<account_id: u64>` is of type `string` in the document",
            "the placeholder `<member_id: String>` is of type `integer` in the document",
        ],
        "{report}"
    );
    assert!(
        report
            .problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::ParameterType)
    );
}

#[test]
fn a_missing_required_field_is_reported() {
    // No `email`: every example still decodes (serde ignores the key), but
    // the document requires it in every answer.
    #[resource(
        path = "/accounts/<account_id>/members",
        id = "member_id: u64",
        actions(show)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
    }
    let report = members().check(&[Member::DECLARATION]).run();
    println!("{report}");
    assert_only(
        &report,
        ProblemKind::RequiredProperty,
        ("Member", "show"),
        "showMember GET /accounts/{account_id}/members/{member_id}",
        "the document requires `email` in every 200 answer; `Member` has no field for it",
    );
}

#[test]
fn an_example_that_does_not_decode_is_reported_with_its_json_path() {
    #[resource(
        path = "/accounts/<account_id>/members",
        id = "member_id: u64",
        actions(index)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: u64,
    }
    let report = members().check(&[Member::DECLARATION]).run();
    let problem = only(&report, ProblemKind::Example);
    assert_eq!(
        problem.operation(),
        Some("listMembers GET /accounts/{account_id}/members")
    );
    assert!(
        problem.message().starts_with(
            "the 200 answer's example does not decode into `Member`: could not decode the response at `[0].email`: invalid type: string \"ada@example.com\", expected u64"
        ),
        "{report}"
    );
}

#[test]
fn an_undeclared_operation_is_listed_unless_allowed() {
    #[resource(
        path = "/accounts/<account_id>/members",
        id = "member_id: u64",
        actions(index, show),
        update_method = "PATCH"
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: String,
    }
    let report = members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/accounts")
        .run();
    println!("{report}");
    let operations: Vec<_> = report
        .problems()
        .iter()
        .map(|p| p.operation().unwrap())
        .collect();
    assert_eq!(
        operations,
        [
            "removeMember DELETE /accounts/{account_id}/members/{member_id}",
            "updateMember PATCH /accounts/{account_id}/members/{member_id}",
        ],
        "{report}"
    );
    assert!(
        report
            .problems()
            .iter()
            .all(|p| p.kind() == ProblemKind::Undeclared && p.resource().is_none())
    );
    // Under another prefix nothing is listed; allowed ones are not either.
    members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/users")
        .run()
        .assert_ok();
    members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/accounts")
        .allow_undeclared("updateMember")
        .allow_undeclared("DELETE /accounts/{account_id}/members/{member_id}")
        .run()
        .assert_ok();
}

#[test]
fn a_path_not_in_the_document_and_an_empty_answer_are_reported() {
    #[resource(path = "/accounts/<account_id>/people", actions(index))]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Person {
        id: u64,
    }
    // `delete(returns = Self)` expects a value where the document answers 204.
    #[resource(path = "/accounts/<account_id>/members", id = "member_id: u64", actions(delete(returns = Self)))]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Gone {
        id: u64,
        email: String,
    }
    let report = members()
        .check(&[Person::DECLARATION, Gone::DECLARATION])
        .run();
    println!("{report}");
    let lines: Vec<String> = report.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "Person::index [GET /accounts/{account_id}/people]: the document has no such path (closest: `/accounts/{account_id}/members`)",
            "Gone::delete [removeMember DELETE /accounts/{account_id}/members/{member_id}]: the document answers 204 without a body, where the action expects a value: declare `delete(returns = ())`",
        ],
        "{report}"
    );
}

#[test]
fn one_report_lists_every_problem_at_once() {
    // A PUT for a PATCH, a renamed placeholder and a model without `email`,
    // over two resources, and an operation nobody declares.
    #[resource(
        path = "/accounts/<account>/members",
        id = "member_id: u64",
        actions(index, show, update)
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
    }
    let report = members()
        .check(&[Member::DECLARATION])
        .undeclared_under("/accounts")
        .run();
    let text = report.to_string();
    println!("{text}");
    assert_eq!(
        text,
        "\
Members: 6 problems in 1 resource, 3 actions, 2 examples
  Member::index [listMembers GET /accounts/{account_id}/members]: the placeholder `<account>` is `{account_id}` in the document: rename it, or map the names with `.rename(\"account_id\", \"account\")`
  Member::index [listMembers GET /accounts/{account_id}/members]: the document requires `email` in every 200 answer; `Member` has no field for it
  Member::show [showMember GET /accounts/{account_id}/members/{member_id}]: the placeholder `<account>` is `{account_id}` in the document: rename it, or map the names with `.rename(\"account_id\", \"account\")`
  Member::show [showMember GET /accounts/{account_id}/members/{member_id}]: the document requires `email` in every 200 answer; `Member` has no field for it
  Member::update [updateMember PATCH /accounts/{account_id}/members/{member_id}]: declared PUT /accounts/{account}/members/{member_id}; the document has GET, DELETE, PATCH for this path
  (no declaration) [removeMember DELETE /accounts/{account_id}/members/{member_id}]: documented under `/accounts`, and no declaration covers it (declare it, or `allow_undeclared`)"
    );
    let result = std::panic::catch_unwind(|| report.assert_ok());
    let message = *result.unwrap_err().downcast::<String>().unwrap();
    assert_eq!(message, text);
}

#[test]
fn a_body_the_document_does_not_take_and_a_required_one_left_out() {
    #[resource(
        path = "/accounts/<account_id>/members",
        id = "member_id: u64",
        actions(),
        action(name = remove, method = "DELETE", path = "<member_id>", body, returns = ()),
        action(name = touch, method = "PATCH", path = "<member_id>", returns = ())
    )]
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Member {
        id: u64,
        email: String,
    }
    let report = members().check(&[Member::DECLARATION]).run();
    let lines: Vec<String> = report.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "Member::remove [removeMember DELETE /accounts/{account_id}/members/{member_id}]: the action sends a body; the document's operation takes none",
            "Member::touch [updateMember PATCH /accounts/{account_id}/members/{member_id}]: the document requires a request body; declare `body` (or `form`)",
        ],
        "{report}"
    );
}
