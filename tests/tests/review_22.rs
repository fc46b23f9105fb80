//! Review of issues 22 (the OpenAPI contract check, the scaffold) and 21
//! (fewer system calls: restlax's own TCP connector): each test reproduces
//! one defect the review found.
//!
//! A defect that hangs, eats memory or overflows the stack would take the
//! whole test binary down, so those run in a child process (this binary,
//! one `#[ignore]`d test, under a memory limit and a time limit) and the
//! test asserts that the child finished normally.

use std::process::Command;

use restlax::resource;
use restlax::testing::openapi::{Document, Select, scaffold};

/// Runs the ignored test `name` of this binary in a child process with 2 GB
/// of address space and 20 s, and says how it ended.
fn in_child(name: &str) -> (bool, String) {
    let exe = std::env::current_exe().unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg(r#"ulimit -v 2000000; exec timeout 20 "$0" --exact "$1" --ignored --nocapture"#)
        .arg(exe)
        .arg(name)
        .output()
        .unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn assert_child_ok(name: &str, what: &str) {
    let (ok, text) = in_child(name);
    let tail: String = text.lines().rev().take(6).collect::<Vec<_>>().join("\n");
    assert!(
        ok,
        "{what}: the child process did not finish normally:\n{tail}"
    );
}

#[resource(path = "/pets", id = "pet_id: u64", actions(index, show))]
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Pet {
    id: u64,
    name: String,
}

// ---------------------------------------------------------------- issue 22

/// A path with an unclosed `{` (a typo in a vendor's document) makes
/// `paths::segments` loop for ever, pushing empty literals: `check().run()`
/// (and `scaffold`) never return and allocate without bound.
#[test]
fn a_document_path_with_an_unclosed_brace_does_not_hang_the_check() {
    assert_child_ok(
        "child_check_of_a_path_with_an_unclosed_brace",
        "checking a document whose path is `/pets/{pet_id`",
    );
}

#[test]
#[ignore = "run by a_document_path_with_an_unclosed_brace_does_not_hang_the_check"]
fn child_check_of_a_path_with_an_unclosed_brace() {
    let document = Document::from_yaml(
        r#"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets/{pet_id:
    get:
      operationId: showPet
      responses: { 200: { description: a pet } }
"#,
    )
    .unwrap();
    let report = document.check(&[Pet::DECLARATION]).run();
    println!("{report}");
}

/// A schema whose `allOf` leads back to itself: `Document::required` (and
/// `property`, `schema_type`, `array_items`) recurse through `allOf` with no
/// bound, so the check overflows the stack (an abort, not even a panic).
/// `resolve` bounds `$ref` chains at 32; `allOf` has no such bound.
#[test]
fn an_all_of_cycle_does_not_overflow_the_stack() {
    assert_child_ok(
        "child_check_of_an_all_of_cycle",
        "checking a document with `Pet: allOf: [$ref Pet]`",
    );
}

#[test]
#[ignore = "run by an_all_of_cycle_does_not_overflow_the_stack"]
fn child_check_of_an_all_of_cycle() {
    let document = Document::from_yaml(
        r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
paths:
  /pets/{pet_id}:
    get:
      operationId: showPet
      parameters: [{ name: pet_id, in: path, required: true, schema: { type: integer } }]
      responses:
        200:
          description: a pet
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Pet" }
components:
  schemas:
    Pet:
      allOf:
        - $ref: "#/components/schemas/Pet"
        - { type: object, required: [id], properties: { id: { type: integer } } }
"##,
    )
    .unwrap();
    let report = document.check(&[Pet::DECLARATION]).run();
    println!("{report}");
}

/// A map of itself (`Tree: {type: object, additionalProperties: {$ref:
/// Tree}}`, a common shape for nested metadata) is not a struct, so
/// `Models::type_of` recurses into `additionalProperties` for ever: the
/// scaffold overflows the stack.
#[test]
fn the_scaffold_of_a_self_referencing_map_does_not_overflow_the_stack() {
    assert_child_ok(
        "child_scaffold_of_a_self_referencing_map",
        "scaffolding `Tree: {additionalProperties: $ref Tree}`",
    );
}

#[test]
#[ignore = "run by the_scaffold_of_a_self_referencing_map_does_not_overflow_the_stack"]
fn child_scaffold_of_a_self_referencing_map() {
    let document = Document::from_yaml(
        r##"
openapi: 3.0.3
info: { title: Trees, version: "1" }
paths:
  /trees/{id}:
    get:
      operationId: showTree
      responses:
        200:
          description: a tree
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Forest" }
components:
  schemas:
    Forest:
      type: object
      properties:
        id: { type: integer }
        tree: { $ref: "#/components/schemas/Tree" }
    Tree:
      type: object
      additionalProperties: { $ref: "#/components/schemas/Tree" }
"##,
    )
    .unwrap();
    println!("{}", scaffold(&document, Select::Prefix("/trees")));
}

/// JSON property names that are Rust reserved words: `ident` escapes the
/// strict keywords and `abstract`, `become`, `box`, `try`, but not `final`,
/// `override`, `virtual`, `macro`, `yield`, `do`, `priv`, `typeof`,
/// `unsized` (nor `gen`, reserved in edition 2024): the scaffold writes
/// `pub final: Option<bool>,`, which is not Rust. The doc promises code to
/// paste and edit; this does not parse.
#[test]
fn scaffolded_fields_named_after_reserved_words_parse() {
    scaffold_of(
        r##"
openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /orders/{id}:
    get:
      operationId: showOrder
      responses:
        200:
          description: an order
          content:
            application/json:
              schema:
                type: object
                required: [id]
                properties:
                  id: { type: integer }
                  final: { type: boolean }
                  override: { type: string }
                  virtual: { type: boolean }
                  yield: { type: number }
"##,
        "/orders",
    );
}

/// A path whose last literal segment is `self` (`/users/self`, common for
/// "the caller") names its model `Self` (`fallback_name` → `pascal`), and a
/// component schema named `Self` does the same: `pub struct Self {}` is not Rust.
#[test]
fn a_model_named_after_a_self_path_parses() {
    scaffold_of(
        r##"
openapi: 3.0.3
info: { title: Users, version: "1" }
paths:
  /users/self:
    get:
      operationId: showSelf
      responses:
        200:
          description: the caller
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer } } }
"##,
        "/users",
    );
}

/// A component named like a prelude type the scaffold itself writes
/// (`Option`, `Box`, `Vec`, `String`: an e-commerce API's product `Option`, a
/// shipping `Box`) becomes `pub struct Option { … }` beside fields typed
/// `Option<…>`, which then name the struct: E0107, the output does not
/// compile. Shown at the syntax level: the structs the scaffold declares and
/// the generic types it uses must not share a name.
#[test]
fn scaffolded_models_do_not_shadow_the_prelude_types_they_use() {
    let (code, file) = scaffold_of(
        r##"
openapi: 3.0.3
info: { title: Shop, version: "1" }
paths:
  /products/{id}:
    get:
      operationId: showProduct
      responses:
        200:
          description: a product
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Product" }
components:
  schemas:
    Product:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        options: { type: array, items: { $ref: "#/components/schemas/Option" } }
    Option:
      type: object
      properties: { name: { type: string } }
"##,
        "/products",
    );
    let declared: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect();
    for prelude in ["Option", "Vec", "Box", "String"] {
        let used = code.contains(&format!("{prelude}<")) || code.contains(&format!(": {prelude},"));
        assert!(
            !(used && declared.iter().any(|d| d == prelude)),
            "the scaffold declares `struct {prelude}` and uses the prelude's `{prelude}`:\n{code}"
        );
    }
}

/// The scaffold of the YAML document's paths under `prefix`, and that code
/// parsed as Rust; panics with the code when it is not Rust.
fn scaffold_of(yaml: &str, prefix: &str) -> (String, syn::File) {
    let document = Document::from_yaml(yaml).unwrap();
    let code = scaffold(&document, Select::Prefix(prefix));
    match syn::parse_file(&code) {
        Ok(file) => (code, file),
        Err(error) => panic!("the scaffold is not Rust: {error}\n{code}"),
    }
}

/// The `#[resource]` errors in scaffolded code (`compile_error!` in the
/// macro's expansion), per resource.
fn macro_errors(code: &str) -> Vec<String> {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("not Rust: {e}\n{code}"));
    let mut errors = Vec::new();
    for item in file.items {
        let syn::Item::Struct(mut s) = item else {
            continue;
        };
        let Some(i) = s.attrs.iter().position(|a| a.path().is_ident("resource")) else {
            continue;
        };
        let attr = s.attrs.remove(i);
        let args = match attr.meta {
            syn::Meta::List(list) => list.tokens,
            _ => Default::default(),
        };
        let out = restlax_macros_impl::resource(args, quote::quote!(#s)).to_string();
        if let Some(at) = out.find("compile_error") {
            errors.push(format!(
                "{}: {}",
                s.ident,
                &out[at..(at + 200).min(out.len())]
            ));
        }
    }
    errors
}

/// The same gap for a custom action: an `operationId` that is a reserved
/// word (`do`) is written `action(name = do, …)`, which `#[resource]`
/// rejects ("expected the function's name as an identifier"). Strict
/// keywords are escaped (`name = r#match` is accepted); reserved ones are not.
#[test]
fn a_custom_action_named_after_a_reserved_word_is_accepted_by_the_macro() {
    let document = Document::from_yaml(
        r##"
openapi: 3.0.3
info: { title: Jobs, version: "1" }
paths:
  /jobs/{id}:
    get:
      operationId: showJob
      responses:
        200:
          description: a job
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer } } }
  /jobs/{id}/do:
    post:
      operationId: do
      responses: { 204: { description: done } }
"##,
    )
    .unwrap();
    let code = scaffold(&document, Select::Prefix("/jobs"));
    let errors = macro_errors(&code);
    assert!(errors.is_empty(), "{errors:#?}\n{code}");
}

/// `openapi: 3.0` or `openapi: 3.1` unquoted is a YAML number, not the
/// string the field must be: the error says the field is missing
/// ("no `openapi` version field"), which sends the reader looking for a
/// field that is there. It should say the version is not a string.
#[test]
fn a_numeric_openapi_version_is_not_reported_as_missing() {
    let error = Document::from_yaml("openapi: 3.1\ninfo: { title: x, version: '1' }\npaths: {}\n")
        .unwrap_err();
    assert!(
        !error.to_string().contains("no `openapi` version field"),
        "misleading: {error}"
    );
}

#[resource(path = "/accounts", actions(show, create))]
#[derive(serde::Deserialize, serde::Serialize)]
#[allow(dead_code)]
struct Account {
    id: u64,
    email: String,
}

/// The document for `readOnly` / `writeOnly`: `Account` requires `id`
/// (read-only: the server assigns it) and `password` (write-only: sent,
/// never answered). OpenAPI 3.0 says a required `readOnly` property is
/// required in answers only, a required `writeOnly` one in requests only.
const READ_WRITE_ONLY: &str = r##"
openapi: 3.0.3
info: { title: Accounts, version: "1" }
paths:
  /accounts:
    post:
      operationId: createAccount
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Account" } } }
      responses:
        201:
          description: created
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Account" }
              example: { id: 7, email: a@example.com }
  /accounts/{id}:
    get:
      operationId: showAccount
      responses:
        200:
          description: an account
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Account" }
              example: { id: 7, email: a@example.com }
components:
  schemas:
    Account:
      type: object
      required: [id, email, password]
      properties:
        id: { type: integer, readOnly: true }
        email: { type: string }
        password: { type: string, writeOnly: true }
"##;

/// A recorded `POST` body without the read-only `id` is what the document
/// asks for; the request check validates it as plain JSON Schema and
/// reports "`id` is a required property".
#[test]
fn a_recorded_body_without_a_read_only_required_property_validates() {
    let document = Document::from_yaml(READ_WRITE_ONLY).unwrap();
    let request = restlax::testing::RecordedRequest {
        method: "POST".to_owned(),
        path: "/accounts".to_owned(),
        query: None,
        headers: vec![("content-type".to_owned(), "application/json".to_owned())],
        body: br#"{"email": "a@example.com", "password": "hunter2"}"#.to_vec(),
    };
    let report = document
        .check(&[Account::DECLARATION])
        .requests([request])
        .run();
    assert!(
        !report
            .problems()
            .iter()
            .any(|p| p.kind() == restlax::testing::openapi::ProblemKind::RecordedRequest),
        "{report}"
    );
}

/// An answer never holds the write-only `password`, yet the required-field
/// check says "the document requires `password` in every 200 answer;
/// `Account` has no field for it", asking for a field no answer fills.
#[test]
fn a_write_only_required_property_is_not_required_in_answers() {
    let document = Document::from_yaml(READ_WRITE_ONLY).unwrap();
    let report = document.check(&[Account::DECLARATION]).run();
    assert!(
        !report
            .problems()
            .iter()
            .any(|p| p.kind() == restlax::testing::openapi::ProblemKind::RequiredProperty),
        "{report}"
    );
}

#[resource(path = "/tags", id = "tag: String", actions(show))]
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Tag {
    name: String,
}

/// OpenAPI 3.1's type lists: `type: [integer, string]` takes a string, but
/// `Document::schema_type` keeps only the first non-null type, so a
/// `<tag: String>` placeholder is reported as "of type `integer` in the
/// document".
#[test]
fn a_string_placeholder_fits_a_parameter_typed_integer_or_string() {
    let document = Document::from_yaml(
        r##"
openapi: 3.1.0
info: { title: Tags, version: "1" }
paths:
  /tags/{tag}:
    get:
      operationId: showTag
      parameters: [{ name: tag, in: path, required: true, schema: { type: [integer, string] } }]
      responses: { 200: { description: a tag, content: { application/json: { schema: { type: object } } } } }
"##,
    )
    .unwrap();
    let report = document.check(&[Tag::DECLARATION]).run();
    assert!(report.is_ok(), "{report}");
}

// ---------------------------------------------------------------- issue 21

/// A SOCKS proxy set by hand (`ClientBuilder::proxy("socks5://…")`) is
/// accepted by `build()`, and then every call fails in `TcpConnector` with
/// "SOCKS proxies are not supported", an `io::ErrorKind::Unsupported` that
/// `connection::unsent` marks as a connect-phase error: a retryable Transport
/// error, tried `Retry::new(3)`'s 3 times (a POST too) though no attempt can
/// ever succeed. A configuration error: refuse it at `build()` (or at least
/// make it final, not retryable).
#[test]
fn a_socks_proxy_set_by_hand_is_a_configuration_error_not_a_retried_transport_error() {
    let client = restlax::Client::builder("http://127.0.0.1:9/")
        .proxy("socks5://127.0.0.1:1080")
        .retry(restlax::Retry::new(3).base_delay(std::time::Duration::from_millis(5)))
        .build();
    let Ok(client) = client else {
        return; // refused at build(): fine
    };
    let error = client
        .post("/x")
        .json(&serde_json::json!({}))
        .send()
        .unwrap_err();
    assert!(
        !error.is_retryable() && error.attempts() == 1,
        "kind {:?}, retryable {}, {} attempts: {error}",
        error.kind(),
        error.is_retryable(),
        error.attempts()
    );
}
