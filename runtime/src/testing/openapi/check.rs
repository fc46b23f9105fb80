//! Declarations against a document: see [`Check`].

use std::collections::HashSet;

use serde_json::Value;

use super::document::{Document, Operation};
use super::paths;
use super::report::{Problem, ProblemKind, Report};
use super::validate::Validators;
use crate::envelope::{Envelope, Plain};
use crate::testing::RecordedRequest;
use crate::{ActionKind, Declaration, DeclaredAction};

/// A check of declarations against a [`Document`], configured, then
/// [`run`](Self::run). Made by [`Document::check`].
///
/// What it checks, for every declared action:
///
/// - the document has the same path (compared by shape: placeholder names
///   aside) with the same method;
/// - each placeholder has the document's parameter name at its place (after
///   [`rename`](Self::rename)), and a typed one (`<n: u64>`) a type that fits
///   the parameter's schema: integer types against `integer` (or `number`),
///   `f32`/`f64` against `number`, `bool` against `boolean`, `String`, `str`,
///   `char` and `Uuid` against `string`; other types are not compared;
/// - a declared body is documented (as JSON, or form-encoded for `form`), and
///   a required body is declared;
/// - every example of every 2xx JSON answer (`example`, `examples`, else the
///   schema's `example`) decodes into the declared model through the action's
///   envelope (the action's, else the resource's, else the one given with
///   [`envelope`](Self::envelope), standing for the client's), as a call would;
/// - a 2xx answer documented without a body is declared to return `()`;
/// - every property the answer's schema `required`s (at the envelope's data
///   position) is a field of the model, when the model says its fields (see
///   [`Model::fields`](crate::Model::fields));
///
/// then that every operation under a prefix given to
/// [`undeclared_under`](Self::undeclared_under) is declared, and that every
/// recorded request given to [`requests`](Self::requests) matches an
/// operation and its JSON body validates against the operation's request
/// schema. Nothing is sent anywhere.
#[must_use = "a check does nothing until `run`"]
pub struct Check<'d> {
    document: &'d Document,
    declarations: Vec<Declaration>,
    envelope: Box<dyn Envelope>,
    renames: Vec<(String, String)>,
    prefixes: Vec<String>,
    allowed: Vec<String>,
    requests: Vec<RecordedRequest>,
    base_path: String,
}

impl Document {
    /// A check of `declarations` (each resource's `DECLARATION`) against this
    /// document.
    pub fn check(&self, declarations: &[Declaration]) -> Check<'_> {
        Check {
            document: self,
            declarations: declarations.to_vec(),
            envelope: Box::new(Plain),
            renames: Vec::new(),
            prefixes: Vec::new(),
            allowed: Vec::new(),
            requests: Vec::new(),
            base_path: String::new(),
        }
    }
}

/// Where the document and a declaration agree on an action.
struct Matched {
    action: DeclaredAction,
    operation: usize,
}

impl<'d> Check<'d> {
    /// The envelope of the client the declarations are called with (default
    /// [`Plain`]): examples of actions that declare no envelope of their own
    /// decode through it.
    pub fn envelope(mut self, envelope: impl Envelope) -> Self {
        self.envelope = Box::new(envelope);
        self
    }

    /// A parameter the declarations name `declared` where the document says
    /// `document` on purpose (Rust names are snake_case and say what they
    /// are): `.rename("tenantUid", "tenant_uid")`.
    pub fn rename(mut self, document: &str, declared: &str) -> Self {
        self.renames
            .push((document.to_owned(), declared.to_owned()));
        self
    }

    /// Lists every documented operation whose path is `prefix` or below it
    /// (segment-wise) that no declared action covers, so a new endpoint is
    /// noticed. `"/"` takes the whole document. Repeatable.
    pub fn undeclared_under(mut self, prefix: &str) -> Self {
        self.prefixes.push(prefix.to_owned());
        self
    }

    /// An operation left undeclared on purpose, by `operationId` or as
    /// `"METHOD /path"` (`"DELETE /accounts/{account_id}/members/{member_id}"`).
    pub fn allow_undeclared(mut self, operation: &str) -> Self {
        self.allowed.push(operation.to_owned());
        self
    }

    /// Recorded requests (from [`MockServer::requests`](crate::testing::MockServer::requests)
    /// or [`Cassette::recorded_requests`](crate::testing::Cassette::recorded_requests))
    /// whose JSON bodies are validated against the request schema of the
    /// operation each matches (method, and path against the templates).
    pub fn requests(mut self, requests: impl IntoIterator<Item = RecordedRequest>) -> Self {
        self.requests.extend(requests);
        self
    }

    /// The path the client's base URL puts before the document's paths, taken
    /// off recorded requests before they are matched: `"/client/v4"` for
    /// requests to `https://api.cloudflare.com/client/v4/user`. Without it a
    /// request matches as it is.
    pub fn base_path(mut self, prefix: &str) -> Self {
        self.base_path = prefix.trim_end_matches('/').to_owned();
        self
    }

    /// Runs every check and reports every problem at once.
    pub fn run(&self) -> Report {
        let document = self.document;
        let operations = document.operations();
        let shapes: Vec<String> = operations.iter().map(|o| paths::shape(o.path())).collect();
        let actions: Vec<DeclaredAction> = self
            .declarations
            .iter()
            .flat_map(|d| d.actions().collect::<Vec<_>>())
            .collect();
        let mut problems = Vec::new();
        // First every exact match, so a wrong method is reported against an
        // operation no other action declares.
        let exact: Vec<Option<usize>> = actions
            .iter()
            .map(|a| self.exact_match(a, operations, &shapes))
            .collect();
        let mut covered: HashSet<usize> = exact.iter().flatten().copied().collect();
        let matched = covered.clone();
        let mut examples = 0;
        for (action, found) in actions.iter().zip(&exact) {
            match found {
                Some(operation) => {
                    let matched = Matched {
                        action: *action,
                        operation: *operation,
                    };
                    examples += self.check_operation(&matched, &mut problems);
                }
                None => {
                    let (problem, blamed) = self.not_found(action, operations, &shapes, &matched);
                    problems.push(problem);
                    // An operation reported as declared with another method
                    // is not listed again as undeclared.
                    covered.extend(blamed);
                }
            }
        }
        for (index, operation) in operations.iter().enumerate() {
            let under = self
                .prefixes
                .iter()
                .find(|p| paths::is_under(operation.path(), p));
            let allowed = self.allowed.iter().any(|a| {
                Some(a.as_str()) == operation.operation_id()
                    || *a == format!("{} {}", operation.method(), operation.path())
            });
            if let Some(prefix) = under
                && !covered.contains(&index)
                && !allowed
            {
                problems.push(Problem {
                    kind: ProblemKind::Undeclared,
                    resource: None,
                    action: None,
                    operation: Some(operation.label()),
                    message: format!(
                        "documented under `{prefix}`, and no declaration covers it (declare it, or `allow_undeclared`)"
                    ),
                });
            }
        }
        self.check_requests(&actions, &mut problems);
        Report {
            document: document.name().to_owned(),
            problems,
            resources: self.declarations.len(),
            actions: actions.len(),
            examples,
            requests: self.requests.len(),
        }
    }

    /// The document's names of an operation's placeholders, as the
    /// declarations name them.
    fn renamed<'a>(&'a self, name: &'a str) -> &'a str {
        self.renames
            .iter()
            .find(|(document, _)| document == name)
            .map_or(name, |(_, declared)| declared.as_str())
    }

    /// The operation with the action's method and path shape; of several,
    /// the one whose parameter names agree.
    fn exact_match(
        &self,
        action: &DeclaredAction,
        operations: &[Operation],
        shapes: &[String],
    ) -> Option<usize> {
        let declared = action.action();
        let shape = paths::shape(&declared.openapi_path());
        let ours: Vec<&str> = declared.path_params().collect();
        let mut candidates = (0..operations.len())
            .filter(|&i| shapes[i] == shape && operations[i].method() == declared.method);
        let first = candidates.next()?;
        let agrees = |i: usize| {
            paths::params(operations[i].path())
                .into_iter()
                .map(|p| self.renamed(p))
                .eq(ours.iter().copied())
        };
        if agrees(first) {
            return Some(first);
        }
        Some(candidates.find(|&i| agrees(i)).unwrap_or(first))
    }

    /// The problem of an action with no operation of its method and shape,
    /// and the operation it names when the path is documented with another method.
    fn not_found(
        &self,
        action: &DeclaredAction,
        operations: &[Operation],
        shapes: &[String],
        covered: &HashSet<usize>,
    ) -> (Problem, Option<usize>) {
        let declared = action.action();
        let ours = declared.openapi_path();
        let shape = paths::shape(&ours);
        let same_path: Vec<usize> = (0..operations.len())
            .filter(|&i| shapes[i] == shape)
            .collect();
        if !same_path.is_empty() {
            // The operation this one most likely drifted from: one no other
            // action declares, of the same kind (a write for a write).
            let free = |i: &usize| !covered.contains(i);
            let operation = same_path
                .iter()
                .copied()
                .find(|i| free(i) && family(operations[*i].method()) == family(declared.method))
                .or_else(|| same_path.iter().copied().find(free))
                .unwrap_or(same_path[0]);
            let methods: Vec<&str> = same_path
                .iter()
                .map(|&i| operations[i].method().as_str())
                .collect();
            let problem = Problem {
                kind: ProblemKind::WrongMethod,
                resource: Some(action.resource().to_owned()),
                action: Some(declared.name.to_owned()),
                operation: Some(operations[operation].label()),
                message: format!(
                    "declared {} {ours}; the document has {} for this path",
                    declared.method,
                    methods.join(", ")
                ),
            };
            return (problem, Some(operation).filter(|i| !covered.contains(i)));
        }
        let hint = closest(&ours, operations)
            .map(|path| format!(" (closest: `{path}`)"))
            .unwrap_or_default();
        let problem = Problem {
            kind: ProblemKind::NotInDocument,
            resource: Some(action.resource().to_owned()),
            action: Some(declared.name.to_owned()),
            operation: Some(format!("{} {ours}", declared.method)),
            message: format!("the document has no such path{hint}"),
        };
        (problem, None)
    }

    /// Everything about one matched action; returns how many examples it decoded.
    fn check_operation(&self, matched: &Matched, problems: &mut Vec<Problem>) -> usize {
        let document = self.document;
        let operation = &document.operations()[matched.operation];
        let action = &matched.action;
        let declared = action.action();
        let problem = |kind, message: String| Problem {
            kind,
            resource: Some(action.resource().to_owned()),
            action: Some(declared.name.to_owned()),
            operation: Some(operation.label()),
            message,
        };

        // Placeholder names and types.
        let theirs = paths::params(operation.path());
        for ((name, ty), raw) in action.params().zip(&theirs) {
            let expected = self.renamed(raw);
            if name != expected {
                problems.push(problem(
                    ProblemKind::ParameterName,
                    format!(
                        "the placeholder `<{name}>` is `{{{raw}}}` in the document: rename it, or map the names with `.rename(\"{raw}\", \"{name}\")`"
                    ),
                ));
                continue;
            }
            let Some(ty) = ty else { continue };
            let Some(ours) = rust_category(ty) else {
                continue;
            };
            let schema = document
                .path_parameter(operation, raw)
                .and_then(|p| p.get("schema"));
            let theirs = schema.map(|s| document.schema_types(s)).unwrap_or_default();
            if theirs.is_empty() {
                continue;
            }
            if !theirs.iter().any(|t| compatible(ours, t)) {
                let theirs = theirs
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(" or ");
                problems.push(problem(
                    ProblemKind::ParameterType,
                    format!("the placeholder `<{name}: {ty}>` is of type {theirs} in the document"),
                ));
            }
        }

        // The request body.
        let op = document.operation_value(operation);
        let body = op.get("requestBody").map(|b| document.resolve(b));
        let required = body
            .and_then(|b| b.get("required"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        match body {
            None if declared.body => problems.push(problem(
                ProblemKind::RequestBody,
                "the action sends a body; the document's operation takes none".to_owned(),
            )),
            Some(_) if !declared.body && required => problems.push(problem(
                ProblemKind::RequestBody,
                "the document requires a request body; declare `body` (or `form`)".to_owned(),
            )),
            Some(body) if declared.body && document.has_content(body) => {
                let types: Vec<&str> = body["content"]
                    .as_object()
                    .map(|c| c.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let (fits, sent) = if declared.form {
                    (
                        types.iter().any(|t| t.contains("x-www-form-urlencoded")),
                        "form-encoded",
                    )
                } else {
                    (document.json_media(body).is_some(), "as JSON")
                };
                if !fits {
                    problems.push(problem(
                        ProblemKind::RequestBody,
                        format!(
                            "the action sends its body {sent}; the document takes {}",
                            types.join(", ")
                        ),
                    ));
                }
            }
            _ => {}
        }

        // The answers.
        let envelope: &dyn Envelope = action.envelope().unwrap_or(&*self.envelope);
        let model = action.model();
        let model_name = model.map_or("()", |m| short_name(m.name()));
        let mut decoded = 0;
        let mut required_checked = false;
        for (status, response) in document.success_responses(operation) {
            if !document.has_content(response) {
                if declared.kind != ActionKind::Unit {
                    problems.push(problem(
                        ProblemKind::EmptyAnswer,
                        format!(
                            "the document answers {status} without a body, where the action expects {}: declare {}",
                            if declared.kind == ActionKind::List { "a list" } else { "a value" },
                            returns_unit(declared.name)
                        ),
                    ));
                }
                continue;
            }
            let Some(media) = document.json_media(response) else {
                continue;
            };
            for (label, example) in document.examples(media) {
                decoded += 1;
                let bytes = serde_json::to_vec(example).expect("a JSON value serializes");
                if let Err(error) = action.decode(envelope, status, &bytes) {
                    problems.push(problem(
                        ProblemKind::Example,
                        format!(
                            "the {status} answer's {label} does not decode into `{model_name}`: {error}"
                        ),
                    ));
                }
            }
            let fields = model.and_then(|m| m.fields());
            if let (false, Some(fields), Some(schema)) =
                (required_checked, fields, media.get("schema"))
            {
                required_checked = true;
                let data = data_schema(document, schema, envelope, declared.kind);
                let required = data.and_then(|s| document.required(s)).unwrap_or_default();
                let missing: Vec<&str> = required
                    .into_iter()
                    .filter(|name| !fields.contains(name))
                    .collect();
                if !missing.is_empty() {
                    problems.push(problem(
                        ProblemKind::RequiredProperty,
                        format!(
                            "the document requires {} in every {status} answer; `{model_name}` has no field for {}",
                            quoted(&missing),
                            if missing.len() == 1 { "it" } else { "them" }
                        ),
                    ));
                }
            }
        }
        decoded
    }

    /// Recorded requests: each matched to an operation, its JSON body
    /// validated against the operation's request schema.
    fn check_requests(&self, actions: &[DeclaredAction], problems: &mut Vec<Problem>) {
        if self.requests.is_empty() {
            return;
        }
        let document = self.document;
        let operations = document.operations();
        let mut validators = Validators::new(document);
        for request in &self.requests {
            let path = request
                .path
                .strip_prefix(&self.base_path)
                .filter(|rest| rest.starts_with('/'))
                .unwrap_or(&request.path);
            let best = |candidates: &mut dyn Iterator<Item = (usize, Option<usize>)>| {
                candidates
                    .filter_map(|(i, score)| Some((i, score?)))
                    .max_by_key(|(_, score)| *score)
                    .map(|(i, _)| i)
            };
            let operation = best(&mut operations.iter().enumerate().map(|(i, o)| {
                let fits = o.method().as_str() == request.method;
                (i, fits.then(|| paths::matches(o.path(), path)).flatten())
            }));
            let action = best(&mut actions.iter().enumerate().map(|(i, a)| {
                let declared = a.action();
                let fits = declared.method.as_str() == request.method;
                let template = declared.openapi_path();
                (i, fits.then(|| paths::matches(&template, path)).flatten())
            }))
            .map(|i| actions[i]);
            let line = format!("{} {}", request.method, request.path);
            let problem = |operation: Option<String>, message: String| Problem {
                kind: ProblemKind::RecordedRequest,
                resource: action.map(|a| a.resource().to_owned()),
                action: action.map(|a| a.action().name.to_owned()),
                operation,
                message,
            };
            let Some(index) = operation else {
                problems.push(problem(
                    None,
                    format!("the recorded request `{line}` matches no operation of the document"),
                ));
                continue;
            };
            let operation = &operations[index];
            let label = Some(operation.label());
            let body = document
                .operation_value(operation)
                .get("requestBody")
                .map(|b| document.resolve(b));
            let required = body
                .and_then(|b| b.get("required"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            match body {
                None if !request.body.is_empty() => {
                    problems.push(problem(
                        label,
                        format!(
                            "the recorded request `{line}` has a body; the operation takes none"
                        ),
                    ));
                }
                Some(_) if request.body.is_empty() && required => {
                    problems.push(problem(
                        label,
                        format!(
                            "the recorded request `{line}` has no body; the operation requires one"
                        ),
                    ));
                }
                Some(body) if !request.body.is_empty() => {
                    let json = request
                        .header("content-type")
                        .is_none_or(|t| t.to_ascii_lowercase().contains("json"));
                    let schema = document.json_media(body).and_then(|m| m.get("schema"));
                    let (true, Some(schema)) = (json, schema) else {
                        continue;
                    };
                    let Ok(value) = serde_json::from_slice::<Value>(&request.body) else {
                        problems.push(problem(
                            label,
                            format!("the recorded request `{line}` sends a body that is not JSON"),
                        ));
                        continue;
                    };
                    match validators.errors(index, schema, &value) {
                        Ok(errors) if errors.is_empty() => {}
                        Ok(errors) => problems.push(problem(
                            label,
                            format!(
                                "the recorded body of `{line}` does not validate against the request schema: {}",
                                errors.join("; ")
                            ),
                        )),
                        Err(why) => problems.push(Problem {
                            kind: ProblemKind::Document,
                            ..problem(
                                label,
                                format!("the request schema does not compile: {why}"),
                            )
                        }),
                    }
                }
                _ => {}
            }
        }
    }
}

/// The schema at the envelope's data position of an answer's schema: for a
/// list, one item's.
fn data_schema<'a>(
    document: &'a Document,
    schema: &'a Value,
    envelope: &dyn Envelope,
    kind: ActionKind,
) -> Option<&'a Value> {
    let mut at = document.resolve(schema);
    if kind == ActionKind::List {
        for key in envelope.items() {
            at = document.property(at, key)?;
        }
        at = document.array_items(at)?;
        for key in envelope.item() {
            at = document.property(at, key)?;
        }
    } else {
        for key in envelope.data() {
            at = document.property(at, key)?;
        }
    }
    Some(at)
}

/// Methods a vendor may turn into one another: reads, writes, deletes.
fn family(method: crate::Method) -> u8 {
    use crate::Method::{Delete, Get, Head, Patch, Post, Put};
    match method {
        Get | Head => 0,
        Put | Patch | Post => 1,
        Delete => 2,
        _ => 3,
    }
}

/// The JSON type a typed placeholder's Rust type is written as, for the
/// types whose form is known.
fn rust_category(ty: &str) -> Option<&'static str> {
    let ty = ty.trim().trim_start_matches('&').trim();
    let ty = ty.strip_prefix("'static").unwrap_or(ty).trim();
    let last = ty.rsplit("::").next().unwrap_or(ty).trim();
    match last {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => Some("integer"),
        t if t.starts_with("NonZero") => Some("integer"),
        "f32" | "f64" => Some("number"),
        "bool" => Some("boolean"),
        "String" | "str" | "char" | "Uuid" | "Cow<str>" | "Cow<'static, str>" | "Box<str>"
        | "Arc<str>" | "Rc<str>" => Some("string"),
        _ => None,
    }
}

/// Whether a value of JSON type `ours` fits a parameter of type `theirs`.
fn compatible(ours: &str, theirs: &str) -> bool {
    ours == theirs || (ours == "integer" && theirs == "number")
}

/// `restlax_resources::cloudflare::Member` → `Member`; `Vec<a::B>` kept whole.
fn short_name(name: &str) -> &str {
    if name.contains('<') {
        return name;
    }
    name.rsplit("::").next().unwrap_or(name)
}

/// How a declaration takes an answer without a body, for the message.
fn returns_unit(action: &str) -> String {
    match action {
        "index" | "show" | "create" | "update" | "delete" => {
            format!("`{action}(returns = ())`")
        }
        _ => format!("`returns = ()` in `action(name = {action}, …)`"),
    }
}

/// `a`, `b` and `c` quoted and listed.
fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The documented path most like `ours`: the same number of segments and at
/// most one literal segment different.
fn closest<'a>(ours: &str, operations: &'a [Operation]) -> Option<&'a str> {
    let ours = paths::shape(ours);
    let ours: Vec<&str> = ours.split('/').collect();
    operations
        .iter()
        .map(|o| (o.path(), paths::shape(o.path())))
        .filter_map(|(path, shape)| {
            let theirs: Vec<&str> = shape.split('/').collect();
            if theirs.len() != ours.len() {
                return None;
            }
            let differ = ours.iter().zip(&theirs).filter(|(a, b)| a != b).count();
            (differ <= 1).then_some((differ, path))
        })
        .min_by_key(|(differ, _)| *differ)
        .map(|(_, path)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_types_have_json_types() {
        assert_eq!(rust_category("u64"), Some("integer"));
        assert_eq!(rust_category("std::num::NonZeroU32"), Some("integer"));
        assert_eq!(rust_category("&'static str"), Some("string"));
        assert_eq!(rust_category("uuid::Uuid"), Some("string"));
        assert_eq!(rust_category("MyId"), None);
        assert!(compatible("integer", "number"));
        assert!(!compatible("number", "integer"));
        assert!(!compatible("string", "integer"));
    }
}
