//! An OpenAPI 3.0 or 3.1 document: read from JSON or YAML, its operations
//! indexed, `$ref`s inside it followed.

use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::Method;

/// The methods an OpenAPI path item can hold that restlax can declare.
const METHODS: [&str; 6] = ["get", "put", "post", "delete", "patch", "head"];

/// How many `$ref`s in a row are followed before giving up (a loop).
const MAX_REFS: usize = 32;

/// An OpenAPI 3.0 or 3.1 document, loaded: the JSON value and its operations.
///
/// ```
/// use restlax::testing::openapi::Document;
///
/// let document = Document::from_yaml(r#"
/// openapi: 3.1.0
/// info: { title: Pets, version: "1" }
/// paths:
///   /pets/{petId}:
///     get:
///       operationId: showPet
///       responses:
///         200: { description: a pet }
/// "#)?;
/// let operation = &document.operations()[0];
/// assert_eq!((operation.method(), operation.path()), (restlax::Method::Get, "/pets/{petId}"));
/// assert_eq!(operation.operation_id(), Some("showPet"));
/// # Ok::<(), restlax::testing::openapi::OpenApiError>(())
/// ```
#[derive(Clone)]
pub struct Document {
    root: Value,
    version: Version,
    operations: Vec<Operation>,
    name: String,
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("name", &self.name)
            .field("version", &self.version)
            .field("operations", &self.operations.len())
            .finish_non_exhaustive()
    }
}

/// Which OpenAPI: 3.0 schemas are an extended subset of JSON Schema draft 4
/// (`nullable`), 3.1 schemas are JSON Schema 2020-12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    V30,
    V31,
}

/// One operation of a [`Document`]: a method on a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    method: Method,
    path: String,
    operation_id: Option<String>,
    tags: Vec<String>,
    summary: Option<String>,
}

impl Operation {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path as the document writes it (`/accounts/{account_id}/members`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The document's `operationId`, when it gives one.
    pub fn operation_id(&self) -> Option<&str> {
        self.operation_id.as_deref()
    }

    /// The operation's tags.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// The operation's `summary`, when it gives one.
    pub fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }

    /// How a report names it: `account-members-list-members GET /accounts/{account_id}/members`.
    pub(super) fn label(&self) -> String {
        match &self.operation_id {
            Some(id) => format!("{id} {} {}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// A document that cannot be loaded: unreadable, not JSON or YAML, not
/// OpenAPI 3.0 or 3.1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenApiError {
    message: String,
}

impl OpenApiError {
    pub(super) fn new(message: impl Into<String>) -> Self {
        OpenApiError {
            message: message.into(),
        }
    }
}

impl fmt::Display for OpenApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OpenApiError {}

impl Document {
    /// Reads the document at `path`: YAML when the file name ends in `.yaml`
    /// or `.yml`, else JSON.
    ///
    /// # Errors
    ///
    /// The file cannot be read or parsed, or is not OpenAPI 3.0 or 3.1.
    pub fn load(path: impl AsRef<Path>) -> Result<Document, OpenApiError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| OpenApiError::new(format!("{}: {e}", path.display())))?;
        let yaml = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let document = if yaml {
            Document::from_yaml(&text)
        } else {
            Document::from_json(&text)
        };
        document
            .map(|d| d.named(name.clone()))
            .map_err(|e| OpenApiError::new(format!("{name}: {e}")))
    }

    /// Parses a JSON document.
    ///
    /// # Errors
    ///
    /// Not JSON, or not OpenAPI 3.0 or 3.1.
    pub fn from_json(text: &str) -> Result<Document, OpenApiError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| OpenApiError::new(format!("not JSON: {e}")))?;
        Document::from_value(value)
    }

    /// Parses a YAML document (YAML 1.2: `yes` and `no` stay strings; keys
    /// such as `200:` become the strings JSON would have).
    ///
    /// # Errors
    ///
    /// Not YAML, or not OpenAPI 3.0 or 3.1.
    pub fn from_yaml(text: &str) -> Result<Document, OpenApiError> {
        let mut options = serde_saphyr::Options::default();
        options.strict_booleans = true;
        // A vendor's whole API (GitHub's is 10 MB of YAML) is larger than the
        // default budget, which is meant for configuration files.
        options.budget = None;
        let value: Value = serde_saphyr::from_str_with_options(text, options)
            .map_err(|e| OpenApiError::new(format!("not YAML: {e}")))?;
        Document::from_value(value)
    }

    /// A document already parsed.
    ///
    /// # Errors
    ///
    /// Not OpenAPI 3.0 or 3.1 (Swagger 2.0 is not read), or `paths` is not an object.
    pub fn from_value(root: Value) -> Result<Document, OpenApiError> {
        let version = match root.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0") => Version::V30,
            Some(v) if v.starts_with("3.1") || v.starts_with("3.2") => Version::V31,
            Some(v) => {
                return Err(OpenApiError::new(format!(
                    "OpenAPI {v} is not read; 3.0 and 3.1 are"
                )));
            }
            None if root.get("swagger").is_some() => {
                return Err(OpenApiError::new(
                    "a Swagger 2.0 document; convert it to OpenAPI 3 first",
                ));
            }
            // `openapi: 3.1` without quotes is a YAML (or JSON) number.
            None if root.get("openapi").is_some_and(|v| !v.is_null()) => {
                return Err(OpenApiError::new(format!(
                    "the `openapi` version field is {}, not a string: write the full \
                     version quoted (`openapi: \"3.1.0\"`)",
                    root["openapi"]
                )));
            }
            None => return Err(OpenApiError::new("no `openapi` version field")),
        };
        let mut operations = Vec::new();
        if let Some(paths) = root.get("paths") {
            let paths = paths
                .as_object()
                .ok_or_else(|| OpenApiError::new("`paths` is not an object"))?;
            for (path, item) in paths {
                let item = resolve_in(&root, item);
                for name in METHODS {
                    let Some(op) = item.get(name) else { continue };
                    let method = Method::from_name(&name.to_ascii_uppercase())
                        .expect("METHODS are HTTP methods");
                    let text = |key: &str| op.get(key).and_then(Value::as_str).map(str::to_owned);
                    operations.push(Operation {
                        method,
                        path: path.clone(),
                        operation_id: text("operationId"),
                        tags: op
                            .get("tags")
                            .and_then(Value::as_array)
                            .map(|tags| {
                                tags.iter()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default(),
                        summary: text("summary"),
                    });
                }
            }
        }
        let name = root
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("the OpenAPI document")
            .to_owned();
        Ok(Document {
            root,
            version,
            operations,
            name,
        })
    }

    fn named(mut self, name: String) -> Self {
        self.name = name;
        self
    }

    /// The document's name in reports: the file name when loaded from a
    /// file, else its `info.title`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole document.
    pub fn value(&self) -> &Value {
        &self.root
    }

    /// Every operation, in the document's order of paths, then `get`, `put`,
    /// `post`, `delete`, `patch`, `head`.
    pub fn operations(&self) -> &[Operation] {
        &self.operations
    }

    pub(super) fn version(&self) -> Version {
        self.version
    }

    /// The operation object of `operation`.
    pub(super) fn operation_value(&self, operation: &Operation) -> &Value {
        let item = self.resolve(&self.root["paths"][operation.path.as_str()]);
        &item[operation.method.as_str().to_ascii_lowercase().as_str()]
    }

    /// `value`, or what its `$ref` (a local `#/…` pointer) leads to.
    pub(super) fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        resolve_in(&self.root, value)
    }

    /// The operation's parameters, the path item's included, each resolved;
    /// the operation's replace the path item's of the same name and place.
    pub(super) fn parameters(&self, operation: &Operation) -> Vec<&Value> {
        let item = self.resolve(&self.root["paths"][operation.path.as_str()]);
        let op = self.operation_value(operation);
        fn list(v: &Value) -> Vec<&Value> {
            v.get("parameters")
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default()
        }
        let key = |p: &Value| {
            (
                p.get("name").and_then(Value::as_str).map(str::to_owned),
                p.get("in").and_then(Value::as_str).map(str::to_owned),
            )
        };
        let own: Vec<&Value> = list(op).into_iter().map(|p| self.resolve(p)).collect();
        let mut all: Vec<&Value> = list(item)
            .into_iter()
            .map(|p| self.resolve(p))
            .filter(|p| !own.iter().any(|o| key(o) == key(p)))
            .collect();
        all.extend(own);
        all
    }

    /// The path parameter `name` of `operation`.
    pub(super) fn path_parameter(&self, operation: &Operation, name: &str) -> Option<&Value> {
        self.parameters(operation).into_iter().find(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(name)
        })
    }

    /// The JSON type a schema gives (`"integer"`), through `$ref`s and
    /// `allOf`; the first that is not `"null"` where it lists several.
    pub(super) fn schema_type<'a>(&'a self, schema: &'a Value) -> Option<&'a str> {
        self.schema_types(schema).into_iter().next()
    }

    /// Every JSON type a schema allows but `"null"` (`type: [integer,
    /// string]` is both), through `$ref`s and `allOf`.
    pub(super) fn schema_types<'a>(&'a self, schema: &'a Value) -> Vec<&'a str> {
        self.schema_types_at(schema, 0)
    }

    fn schema_types_at<'a>(&'a self, schema: &'a Value, depth: usize) -> Vec<&'a str> {
        let schema = self.resolve(schema);
        match schema.get("type") {
            Some(Value::String(ty)) => return vec![ty.as_str()],
            Some(Value::Array(types)) => {
                return types
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|t| *t != "null")
                    .collect();
            }
            _ => {}
        }
        if depth >= MAX_NESTING {
            return Vec::new();
        }
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|s| self.schema_types_at(s, depth + 1))
            .find(|types| !types.is_empty())
            .unwrap_or_default()
    }

    /// The 2xx answers of `operation` (`2XX` read as 200), each resolved.
    pub(super) fn success_responses(&self, operation: &Operation) -> Vec<(u16, &Value)> {
        let Some(responses) = self
            .operation_value(operation)
            .get("responses")
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        responses
            .iter()
            .filter_map(|(code, response)| {
                let status = if code.eq_ignore_ascii_case("2XX") {
                    200
                } else {
                    code.parse::<u16>().ok()?
                };
                (200..300)
                    .contains(&status)
                    .then(|| (status, self.resolve(response)))
            })
            .collect()
    }

    /// The JSON media type object of a response or request body: the first of
    /// `application/json`, another `…json` type, `*/*`.
    pub(super) fn json_media<'a>(&'a self, holder: &'a Value) -> Option<&'a Value> {
        let content = holder.get("content")?.as_object()?;
        let find = |pred: &dyn Fn(&str) -> bool| {
            content
                .iter()
                .find(|(k, _)| pred(&k.to_ascii_lowercase()))
                .map(|(_, v)| v)
        };
        find(&|k| k.starts_with("application/json"))
            .or_else(|| find(&|k| k.split(';').next().is_some_and(|t| t.ends_with("json"))))
            .or_else(|| find(&|k| k == "*/*"))
    }

    /// Whether a response or request body has any content at all.
    pub(super) fn has_content(&self, holder: &Value) -> bool {
        holder
            .get("content")
            .and_then(Value::as_object)
            .is_some_and(|c| !c.is_empty())
    }

    /// The examples of a media type object, named: `example`, each of
    /// `examples` (their `value`, `$ref`s followed), else the schema's own
    /// `example` (or first of `examples`).
    pub(super) fn examples<'a>(&'a self, media: &'a Value) -> Vec<(String, &'a Value)> {
        let mut out = Vec::new();
        if let Some(example) = media.get("example") {
            out.push(("example".to_owned(), example));
        }
        if let Some(named) = media.get("examples").and_then(Value::as_object) {
            for (name, example) in named {
                let Some(mut value) = self.resolve(example).get("value") else {
                    continue;
                };
                // GitHub's document puts the `$ref` inside `value`, pointing
                // at an Example Object (`components.examples.issue`).
                if value.get("$ref").is_some() {
                    let target = self.resolve(value);
                    value = target.get("value").unwrap_or(target);
                }
                out.push((format!("example `{name}`"), value));
            }
        }
        if out.is_empty()
            && let Some(schema) = media.get("schema")
        {
            let schema = self.resolve(schema);
            let example = schema
                .get("example")
                .or_else(|| schema.get("examples").and_then(|e| e.get(0)));
            if let Some(example) = example {
                out.push(("schema example".to_owned(), example));
            }
        }
        out
    }

    /// The subschema at property `key` of an object schema, through `$ref`s
    /// and `allOf`.
    pub(super) fn property<'a>(&'a self, schema: &'a Value, key: &str) -> Option<&'a Value> {
        self.raw_property(schema, key)
            .map(|found| self.resolve(found))
    }

    /// [`property`](Self::property) without following the property's own
    /// `$ref`, so the name of the component it names is kept.
    pub(super) fn raw_property<'a>(&'a self, schema: &'a Value, key: &str) -> Option<&'a Value> {
        self.through_all_of(schema, &|s| s.get("properties")?.get(key), 0)
    }

    /// The item schema of an array schema, through `$ref`s and `allOf`.
    pub(super) fn array_items<'a>(&'a self, schema: &'a Value) -> Option<&'a Value> {
        self.through_all_of(schema, &|s| s.get("items"), 0)
            .map(|items| self.resolve(items))
    }

    /// What `pick` finds in `schema`, else in the last part of its `allOf`
    /// that has it, which is the most specific (`allOf: [generic envelope,
    /// {result: Member}]`); `$ref`s followed down to the found value, not
    /// into it.
    fn through_all_of<'a>(
        &'a self,
        schema: &'a Value,
        pick: &dyn Fn(&'a Value) -> Option<&'a Value>,
        depth: usize,
    ) -> Option<&'a Value> {
        let schema = self.resolve(schema);
        if let Some(found) = pick(schema) {
            return Some(found);
        }
        if depth >= MAX_NESTING {
            return None;
        }
        schema
            .get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .rev()
            .find_map(|s| self.through_all_of(s, pick, depth + 1))
    }

    /// The properties an object schema requires in an answer, `allOf`
    /// merged; `None` when the schema leaves the shape open (`oneOf`,
    /// `anyOf`), so nothing can be said. A `writeOnly` property is required
    /// only in requests, so it is left out.
    pub(super) fn required<'a>(&'a self, schema: &'a Value) -> Option<Vec<&'a str>> {
        let mut out = self.required_at(schema, 0)?;
        out.retain(|name| {
            !self
                .property(schema, name)
                .and_then(|p| p.get("writeOnly"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        });
        let mut seen = std::collections::HashSet::new();
        out.retain(|name| seen.insert(*name));
        Some(out)
    }

    fn required_at<'a>(&'a self, schema: &'a Value, depth: usize) -> Option<Vec<&'a str>> {
        let schema = self.resolve(schema);
        if schema.get("oneOf").is_some() || schema.get("anyOf").is_some() {
            return None;
        }
        let mut out: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            // An `allOf` that leads back to itself says nothing more.
            if depth >= MAX_NESTING {
                return None;
            }
            for part in all {
                out.extend(self.required_at(part, depth + 1)?);
            }
        }
        Some(out)
    }
}

/// How deep `allOf`s and nested containers are followed: a schema that
/// leads back to itself other than through a struct (an `allOf` cycle, a map
/// of itself) would otherwise recurse until the stack overflows.
pub(super) const MAX_NESTING: usize = 32;

/// Follows local `$ref`s (`#/components/schemas/Member`) from `value`; an
/// external or broken one is returned as it is.
fn resolve_in<'a>(root: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..MAX_REFS {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        let Some(pointer) = reference.strip_prefix('#') else {
            return value;
        };
        let pointer = percent_encoding::percent_decode_str(pointer).decode_utf8_lossy();
        match root.pointer(&pointer) {
            Some(target) => value = target,
            None => return value,
        }
    }
    value
}
