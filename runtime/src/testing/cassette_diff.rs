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

/// What replay leaves out of the comparison: fields a test names because
/// they change every run (a transaction id, a timestamp, a generated name).
#[derive(Debug, Clone, Default)]
pub(super) struct Ignore {
    /// Path segments by index, 0 the first after the leading `/`.
    segments: Vec<usize>,
    /// Query keys, as sent.
    query_keys: Vec<String>,
    /// JSON body locations.
    fields: Vec<Vec<Step>>,
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
    Each,
}

/// What an ignored path segment or body field reads as when compared.
const IGNORED: &str = "{ignored}";

impl Ignore {
    pub(super) fn segment(&mut self, index: usize) {
        self.segments.push(index);
    }

    pub(super) fn query_key(&mut self, key: &str) {
        self.query_keys.push(key.to_owned());
    }

    /// `$.a.b`, `a[0].b`, `$.items[*].id`; `Err` says why `path` is not one.
    pub(super) fn field(&mut self, path: &str) -> Result<(), String> {
        self.fields.push(parse_path(path)?);
        Ok(())
    }

    pub(super) fn is_empty(&self) -> bool {
        self.segments.is_empty() && self.query_keys.is_empty() && self.fields.is_empty()
    }

    /// `request` with every ignored part made the same whatever it was: a
    /// segment reads `{ignored}`, a query pair and an object field are
    /// removed (so their presence does not count either), an array element
    /// reads `{ignored}` (so the others keep their places).
    pub(super) fn apply(&self, request: &Request) -> Request {
        let mut out = request.clone();
        if self.is_empty() {
            return out;
        }
        if !self.segments.is_empty() {
            let rest = out.path.strip_prefix('/').unwrap_or(&out.path);
            let masked: Vec<&str> = rest
                .split('/')
                .enumerate()
                .map(|(i, part)| {
                    if self.segments.contains(&i) {
                        IGNORED
                    } else {
                        part
                    }
                })
                .collect();
            out.path = format!("/{}", masked.join("/"));
        }
        if let Some(query) = &out.query
            && !self.query_keys.is_empty()
        {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| {
                    let key = pair.split_once('=').map_or(*pair, |(key, _)| key);
                    !self.query_keys.iter().any(|k| k == key)
                })
                .collect();
            out.query = (!kept.is_empty()).then(|| kept.join("&"));
        }
        if let Some(value) = &mut out.body.body {
            for path in &self.fields {
                mask(value, path);
            }
        }
        out
    }
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let bad = |why: &str| Err(format!("JSON path {path:?} {why}"));
    let mut rest = path.trim();
    rest = rest.strip_prefix('$').unwrap_or(rest);
    let mut steps = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let Some((inside, tail)) = after.split_once(']') else {
                return bad("has a `[` without its `]`");
            };
            steps.push(match inside.trim() {
                "*" | "" => Step::Each,
                number => match number.parse() {
                    Ok(index) => Step::Index(index),
                    Err(_) => return bad("has an index that is neither a number nor `*`"),
                },
            });
            rest = tail;
        } else {
            let after = rest.strip_prefix('.').unwrap_or(rest);
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return bad("has an empty field name");
            }
            steps.push(Step::Key(after[..end].to_owned()));
            rest = &after[end..];
        }
    }
    if steps.is_empty() {
        return bad("names no field");
    }
    Ok(steps)
}

/// Makes every location `path` names in `value` compare equal.
fn mask(value: &mut Value, path: &[Step]) {
    let Some((step, rest)) = path.split_first() else {
        return;
    };
    let last = rest.is_empty();
    match (step, value) {
        (Step::Key(key), Value::Object(map)) => {
            if last {
                map.remove(key);
            } else if let Some(inner) = map.get_mut(key) {
                mask(inner, rest);
            }
        }
        (Step::Index(i), Value::Array(items)) => {
            if let Some(item) = items.get_mut(*i) {
                if last {
                    *item = Value::String(IGNORED.to_owned());
                } else {
                    mask(item, rest);
                }
            }
        }
        (Step::Each, Value::Array(items)) => {
            for item in items {
                if last {
                    *item = Value::String(IGNORED.to_owned());
                } else {
                    mask(item, rest);
                }
            }
        }
        _ => {}
    }
}

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
    fn ignored_parts_compare_equal_and_the_rest_still_counts() {
        let mut ignore = Ignore::default();
        ignore.segment(1);
        ignore.query_key("ts");
        ignore.field("$.txn.id").unwrap();
        ignore.field("lines[*].at").unwrap();
        ignore.field("$.pair[1]").unwrap();
        let a = request(
            "POST",
            "/orders/o-1/lines",
            Some("ts=1&dry=1"),
            Some(
                serde_json::json!({"txn": {"id": "t1", "k": 1}, "lines": [{"at": 1}], "pair": [1, 2]}),
            ),
        );
        let b = request(
            "POST",
            "/orders/o-2/lines",
            Some("ts=2&dry=1"),
            Some(serde_json::json!({"txn": {"k": 1}, "lines": [{"at": 2}], "pair": [1, 3]})),
        );
        assert!(diff(&ignore.apply(&a), &ignore.apply(&b), &[]).is_empty());
        let c = request(
            "POST",
            "/orders/o-2/items",
            Some("ts=2&dry=0"),
            Some(serde_json::json!({"txn": {"k": 2}, "lines": [{"at": 2}], "pair": [0, 3]})),
        );
        let lines = diff(&ignore.apply(&a), &ignore.apply(&c), &[]);
        assert_eq!(
            lines,
            [
                "- path: /orders/{ignored}/lines",
                "+ path: /orders/{ignored}/items",
                "- query: dry=1",
                "+ query: dry=0",
                "- body $.pair[0]: 1",
                "+ body $.pair[0]: 0",
                "- body $.txn.k: 1",
                "+ body $.txn.k: 2",
            ]
        );
    }

    #[test]
    fn bad_json_paths_say_why() {
        for path in ["", "$", "a[", "a[x]", "a..b"] {
            assert!(Ignore::default().field(path).is_err(), "{path:?}");
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
