//! Recorded request bodies against an operation's request schema, with the
//! `jsonschema` crate: the schema is compiled with the document's
//! `components` beside it, so its local `$ref`s resolve; nothing is fetched
//! (the crate is built without its HTTP and file resolvers).

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::document::{Document, Version};

/// At most this many schema errors are reported for one request body.
const MAX_ERRORS: usize = 5;

/// Compiled request schemas, one per operation, compiled on first use.
pub(super) struct Validators<'d> {
    document: &'d Document,
    components: Option<Value>,
    compiled: HashMap<usize, Result<jsonschema::Validator, String>>,
}

impl<'d> Validators<'d> {
    pub(super) fn new(document: &'d Document) -> Self {
        Validators {
            document,
            components: None,
            compiled: HashMap::new(),
        }
    }

    /// The errors of `body` against `schema`, the request schema of operation
    /// number `index`: `Ok(vec![])` when it validates, `Err` when the schema
    /// does not compile.
    pub(super) fn errors(
        &mut self,
        index: usize,
        schema: &Value,
        body: &Value,
    ) -> Result<Vec<String>, String> {
        let document = self.document;
        let components = self.components.get_or_insert_with(|| {
            let mut components = document
                .value()
                .get("components")
                .cloned()
                .unwrap_or(Value::Object(Map::new()));
            if document.version() == Version::V30 {
                nullable_to_null(&mut components);
            }
            read_only_not_required(&mut components);
            components
        });
        let validator = self.compiled.entry(index).or_insert_with(|| {
            let mut schema = schema.clone();
            read_only_not_required(&mut schema);
            let draft = match document.version() {
                Version::V30 => {
                    nullable_to_null(&mut schema);
                    jsonschema::Draft::Draft4
                }
                Version::V31 => jsonschema::Draft::Draft202012,
            };
            let root = serde_json::json!({
                "allOf": [schema],
                "components": components,
            });
            jsonschema::options()
                .with_draft(draft)
                .build(&root)
                .map_err(|e| e.to_string())
        });
        let validator = validator.as_ref().map_err(Clone::clone)?;
        Ok(validator
            .iter_errors(body)
            .take(MAX_ERRORS)
            .map(|error| {
                let at = error.instance_path().to_string();
                if at.is_empty() {
                    error.to_string()
                } else {
                    format!("at `{at}`: {error}")
                }
            })
            .collect())
    }
}

/// OpenAPI 3.0's `nullable: true` in JSON Schema terms: `null` added to the
/// `type` (and to an `enum`), everywhere in `value`.
fn nullable_to_null(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.get("nullable") == Some(&Value::Bool(true)) {
                match object.get_mut("type") {
                    Some(Value::String(ty)) => {
                        let ty = std::mem::take(ty);
                        object.insert("type".into(), serde_json::json!([ty, "null"]));
                    }
                    Some(Value::Array(types)) if !types.contains(&Value::from("null")) => {
                        types.push(Value::from("null"));
                    }
                    _ => {}
                }
                if let Some(Value::Array(values)) = object.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
            }
            object.values_mut().for_each(nullable_to_null);
        }
        Value::Array(items) => items.iter_mut().for_each(nullable_to_null),
        _ => {}
    }
}

/// OpenAPI's `readOnly` in a request: a property the server assigns (an
/// `id`) is required only in answers, so it is taken out of every
/// `required` list here, where only requests are validated.
fn read_only_not_required(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let read_only: Vec<String> = object
                .get("properties")
                .and_then(Value::as_object)
                .map(|properties| {
                    properties
                        .iter()
                        .filter(|(_, p)| p.get("readOnly") == Some(&Value::Bool(true)))
                        .map(|(name, _)| name.clone())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Array(required)) = object.get_mut("required") {
                required.retain(|name| {
                    !name
                        .as_str()
                        .is_some_and(|n| read_only.iter().any(|r| r == n))
                });
            }
            object.values_mut().for_each(read_only_not_required);
        }
        Value::Array(items) => items.iter_mut().for_each(read_only_not_required),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_adds_null_to_type_and_enum() {
        let mut schema = serde_json::json!({
            "properties": {"a": {"type": "string", "nullable": true, "enum": ["x"]}}
        });
        nullable_to_null(&mut schema);
        assert_eq!(
            schema["properties"]["a"],
            serde_json::json!({"type": ["string", "null"], "nullable": true, "enum": ["x", null]})
        );
    }
}
