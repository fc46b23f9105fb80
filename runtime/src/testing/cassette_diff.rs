//! Whether a request is the one recorded, and if not, a readable diff: one
//! `- expected` / `+ got` pair per part that differs (a JSON body per field,
//! by its path).

use std::fmt::Write as _;

use serde_json::Value;

use super::cassette_file::{Body, Request};

/// The most differing JSON fields listed for one body.
const MAX_FIELDS: usize = 20;
/// The longest text body shown whole in a diff.
const MAX_TEXT: usize = 2000;

/// The lines of the diff between `expected` and `got`: empty when they match.
/// Headers count only for `headers` (lowercase names).
pub(super) fn diff(expected: &Request, got: &Request, headers: &[String]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut part = |name: &str, expected: &str, got: &str| {
        if expected != got {
            lines.push(format!("- {name}: {expected}"));
            lines.push(format!("+ {name}: {got}"));
        }
    };
    part("method", &expected.method, &got.method);
    part("path", &expected.path, &got.path);
    let none = "(none)";
    part(
        "query",
        expected.query.as_deref().unwrap_or(none),
        got.query.as_deref().unwrap_or(none),
    );
    for name in headers {
        let shown = |value: Option<String>| value.unwrap_or_else(|| none.to_owned());
        part(
            &format!("header {name}"),
            &shown(expected.headers.get(name)),
            &shown(got.headers.get(name)),
        );
    }
    body(&expected.body, &got.body, &mut lines);
    lines
}

fn body(expected: &Body, got: &Body, lines: &mut Vec<String>) {
    if expected == got {
        return;
    }
    if let (Some(expected), Some(got)) = (&expected.body, &got.body) {
        let mut fields = Vec::new();
        json("$", expected, got, &mut fields);
        let more = fields.len().saturating_sub(MAX_FIELDS);
        for (path, expected, got) in fields.into_iter().take(MAX_FIELDS) {
            lines.push(format!("- body {path}: {expected}"));
            lines.push(format!("+ body {path}: {got}"));
        }
        if more > 0 {
            lines.push(format!("  … and {more} more differing body fields"));
        }
        return;
    }
    lines.push(format!("- body: {}", shown(expected)));
    lines.push(format!("+ body: {}", shown(got)));
}

/// A body in one line, bounded.
fn shown(body: &Body) -> String {
    let text = if let Some(value) = &body.body {
        format!("(JSON) {value}")
    } else if let Some(text) = &body.body_text {
        format!("{text:?}")
    } else if let Some(encoded) = &body.body_base64 {
        format!("(base64) {encoded}")
    } else {
        "(none)".to_owned()
    };
    if text.len() <= MAX_TEXT {
        return text;
    }
    let mut end = MAX_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut cut = text[..end].to_owned();
    let _ = write!(cut, "… ({} bytes in all)", text.len());
    cut
}

/// Every leaf where `expected` and `got` differ: `(path, expected, got)`.
fn json(path: &str, expected: &Value, got: &Value, out: &mut Vec<(String, String, String)>) {
    let absent = "(absent)".to_owned();
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            let keys: std::collections::BTreeSet<&String> = e.keys().chain(g.keys()).collect();
            for key in keys {
                let path = format!("{path}.{key}");
                match (e.get(key), g.get(key)) {
                    (Some(e), Some(g)) => json(&path, e, g, out),
                    (Some(e), None) => out.push((path, e.to_string(), absent.clone())),
                    (None, Some(g)) => out.push((path, absent.clone(), g.to_string())),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(e), Value::Array(g)) if e.len() == g.len() => {
            for (i, (e, g)) in e.iter().zip(g).enumerate() {
                json(&format!("{path}[{i}]"), e, g, out);
            }
        }
        _ if expected != got => out.push((path.to_owned(), expected.to_string(), got.to_string())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::cassette_file::Headers;

    fn request(method: &str, path: &str, query: Option<&str>, body: Option<Value>) -> Request {
        Request {
            method: method.into(),
            path: path.into(),
            query: query.map(Into::into),
            headers: Headers::default(),
            body: Body {
                body,
                ..Body::default()
            },
        }
    }

    #[test]
    fn equal_requests_have_no_diff() {
        let a = request(
            "GET",
            "/a",
            Some("x=1"),
            Some(serde_json::json!({"k": [1, 2]})),
        );
        assert!(diff(&a, &a.clone(), &[]).is_empty());
    }

    #[test]
    fn each_differing_part_gets_a_pair_of_lines() {
        let expected = request(
            "POST",
            "/users",
            None,
            Some(serde_json::json!({"email": "a@x", "roles": ["r1"], "keep": 1})),
        );
        let got = request(
            "POST",
            "/users",
            Some("dry=1"),
            Some(serde_json::json!({"email": "b@x", "roles": ["r1"], "keep": 1, "new": true})),
        );
        assert_eq!(
            diff(&expected, &got, &[]),
            [
                "- query: (none)",
                "+ query: dry=1",
                "- body $.email: \"a@x\"",
                "+ body $.email: \"b@x\"",
                "- body $.new: (absent)",
                "+ body $.new: true",
            ]
        );
    }
}
