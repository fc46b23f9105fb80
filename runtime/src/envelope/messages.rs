use serde_json::Value;

use crate::ApiMessage;

/// Reads an API's messages from a failure body in the common shapes:
/// `{"errors": [{"code", "message" | "detail" | "title", "meta": {"source_field"}}]}`,
/// `{"errors": ["text"]}`, `{"error": "text" | {"message", "code"}}`,
/// `{"message": "text"}` and RFC 9457 `{"title", "detail"}`. Anything else
/// (HTML, text, empty) gives no messages; the raw body stays in the error's snippet.
///
/// ```
/// let body = br#"{"success":false,"errors":[{"code":7003,"message":"No route"}]}"#;
/// let messages = restlax::envelope::generic_messages(body);
/// assert_eq!(messages[0].code(), Some("7003"));
/// assert_eq!(messages[0].message(), "No route");
/// ```
pub fn generic_messages(body: &[u8]) -> Vec<ApiMessage> {
    // Failure path only, and the shapes vary too much for one typed struct.
    let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(body) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(Value::Array(errors)) = root.get("errors") {
        out.extend(errors.iter().filter_map(message_from));
    }
    if out.is_empty()
        && let Some(error) = root.get("error")
    {
        out.extend(message_from(error));
    }
    if out.is_empty() {
        out.extend(message_from(&Value::Object(root)));
    }
    out
}

fn message_from(value: &Value) -> Option<ApiMessage> {
    let object = match value {
        Value::String(text) => return Some(ApiMessage::new(text.clone())),
        Value::Object(object) => object,
        _ => return None,
    };
    let text = ["message", "detail", "error_description", "title", "error"]
        .iter()
        .find_map(|key| object.get(*key).and_then(Value::as_str))?;
    let mut message = ApiMessage::new(text);
    if let Some(code) = object.get("code").and_then(scalar) {
        message = message.with_code(code);
    }
    let field = object
        .get("meta")
        .and_then(|m| m.get("source_field"))
        .or_else(|| object.get("source").and_then(|s| s.get("pointer")))
        .or_else(|| object.get("field"))
        .and_then(Value::as_str);
    if let Some(field) = field {
        message = message.with_field(field);
    }
    Some(message)
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let ptero = br#"{"errors":[{"code":"ValidationException","status":"422","detail":"The email has already been taken.","meta":{"source_field":"email","rule":"unique"}}]}"#;
        let m = generic_messages(ptero);
        assert_eq!(m[0].field(), Some("email"));
        assert_eq!(m[0].code(), Some("ValidationException"));

        assert_eq!(
            generic_messages(br#"{"error":"nope"}"#)[0].message(),
            "nope"
        );
        assert_eq!(
            generic_messages(br#"{"message":"bad"}"#)[0].message(),
            "bad"
        );
        assert_eq!(
            generic_messages(br#"{"error":{"message":"x","code":3}}"#)[0].code(),
            Some("3")
        );
        assert!(generic_messages(b"<html>502</html>").is_empty());
        assert!(generic_messages(b"").is_empty());
    }
}
