//! Declarations held against the vendor's OpenAPI document (feature `testing`).
//!
//! Hand-written declarations are short and typed where it matters; their
//! weakness is drift. A vendor renames a parameter, turns a `PUT` into a
//! `PATCH`, adds a required field: [`Document::check`] finds it in an ordinary
//! test, from each resource's `DECLARATION` (see [`Declaration`](crate::Declaration)),
//! and [`Report`] lists every problem at once, each naming the resource, the
//! action, and the document's `operationId`, method and path.
//!
//! ```
//! use restlax::{resource, testing::openapi::Document};
//!
//! #[resource(path = "/pets", id = "pet_id: u64", actions(index, show, create))]
//! #[derive(serde::Deserialize)]
//! struct Pet { id: u64, name: String }
//!
//! let document = Document::from_yaml(r##"
//! openapi: 3.0.3
//! info: { title: Pets, version: "1" }
//! paths:
//!   /pets:
//!     get:
//!       operationId: listPets
//!       responses:
//!         200:
//!           description: the pets
//!           content:
//!             application/json:
//!               schema: { type: array, items: { $ref: "#/components/schemas/Pet" } }
//!               example: [{ id: 1, name: Rex }]
//!     post:
//!       operationId: createPet
//!       requestBody:
//!         content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } }
//!       responses:
//!         201: { description: created }
//!   /pets/{pet_id}:
//!     get:
//!       operationId: showPet
//!       parameters: [{ name: pet_id, in: path, required: true, schema: { type: integer } }]
//!       responses:
//!         200:
//!           description: a pet
//!           content:
//!             application/json:
//!               schema: { $ref: "#/components/schemas/Pet" }
//!               example: { id: 1, name: Rex }
//!     delete:
//!       operationId: deletePet
//!       responses: { 204: { description: deleted } }
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [id, name, tag]
//!       properties: { id: { type: integer }, name: { type: string }, tag: { type: string } }
//! "##)?;
//!
//! let report = document.check(&[Pet::DECLARATION]).undeclared_under("/pets").run();
//! assert_eq!(report.to_string(), "\
//! Pets: 4 problems in 1 resource, 3 actions, 2 examples
//!   Pet::index [listPets GET /pets]: the document requires `tag` in every 200 answer; `Pet` has no field for it
//!   Pet::show [showPet GET /pets/{pet_id}]: the document requires `tag` in every 200 answer; `Pet` has no field for it
//!   Pet::create [createPet POST /pets]: the document answers 201 without a body, where the action expects a value: declare `create(returns = ())`
//!   (no declaration) [deletePet DELETE /pets/{pet_id}]: documented under `/pets`, and no declaration covers it (declare it, or `allow_undeclared`)");
//! # Ok::<(), restlax::testing::openapi::OpenApiError>(())
//! ```
//!
//! In a test, end with [`Report::assert_ok`], which panics with that text.
//!
//! # What it cannot see
//!
//! - Which fields a model has is what serde tells a deserializer: a struct
//!   with `#[derive(Deserialize)]` names its fields (after `rename`), one with
//!   a `#[serde(flatten)]` field, a map or a hand-written `Deserialize` does
//!   not, and then required properties are not compared. Only the model's own
//!   fields are compared, not those of the types inside it (those still have
//!   to decode every example).
//! - Examples are what the document gives; a document without examples checks
//!   no decoding. Query parameters and headers are not compared.
//! - Request schemas are compiled with the document's `components`; a `$ref`
//!   to another file is reported as a schema that does not compile (nothing is
//!   fetched). OpenAPI 3.0's `nullable` is read; its schemas are validated as
//!   JSON Schema draft 4, 3.1's as 2020-12. Form-encoded bodies are not validated.
//!
//! [`scaffold`] goes the other way: from a document to declarations and models
//! to paste and edit.

mod check;
mod document;
mod paths;
mod report;
mod scaffold;
mod validate;

pub use check::Check;
pub use document::{Document, OpenApiError, Operation};
pub use report::{Problem, ProblemKind, Report};
pub use scaffold::{Select, scaffold};
