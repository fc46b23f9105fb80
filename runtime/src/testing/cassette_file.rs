//! The cassette file: recorded exchanges as pretty JSON with a stable key
//! order, bodies kept as JSON when they are JSON, else as text (base64 for
//! bytes that are not UTF-8).

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ureq::http;

/// The version written in every file, checked when one is read.
const FORMAT: u32 = 1;

/// Stands in the file for the origin (`scheme://host:port`) of the recorded
/// server wherever a response named it (a `Location`, a `Link`, a URL in a
/// body); replay puts its own origin there.
pub(super) const ORIGIN: &str = "{origin}";

/// The whole file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CassetteFile {
    restlax_cassette: u32,
    pub(super) exchanges: Vec<Exchange>,
}

impl CassetteFile {
    pub(super) fn new(exchanges: Vec<Exchange>) -> Self {
        CassetteFile {
            restlax_cassette: FORMAT,
            exchanges,
        }
    }

    /// Reads a cassette; `Err` says why it cannot be used.
    pub(super) fn read(path: &Path) -> Result<CassetteFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
        let file: CassetteFile = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        if file.restlax_cassette != FORMAT {
            return Err(format!(
                "format {} is not the one this restlax reads ({FORMAT}); record it again",
                file.restlax_cassette
            ));
        }
        Ok(file)
    }

    /// The file's text: two-space indented, one trailing newline.
    pub(super) fn to_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a cassette serializes");
        text.push('\n');
        text
    }
}

/// One request and the answer it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Exchange {
    pub(super) request: Request,
    pub(super) response: Response,
}

/// A request as the cassette keeps it.
///
/// Read through [`RawRequest`]: serde cannot deny unknown fields next to a
/// flattened one, and a file is checked before replay writes it on a socket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawRequest")]
pub(super) struct Request {
    pub(super) method: String,
    /// Raw, still percent-encoded.
    pub(super) path: String,
    /// Raw, after `?`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) query: Option<String>,
    #[serde(default, skip_serializing_if = "Headers::is_empty")]
    pub(super) headers: Headers,
    #[serde(flatten)]
    pub(super) body: Body,
}

/// A response as the cassette keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawResponse")]
pub(super) struct Response {
    pub(super) status: u16,
    #[serde(default, skip_serializing_if = "Headers::is_empty")]
    pub(super) headers: Headers,
    #[serde(flatten)]
    pub(super) body: Body,
    /// The real body was longer than this many bytes, the client's limit, so
    /// it was not recorded (`body` is then empty); replay sends one byte more
    /// than this, so the client refuses it as it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) body_over_limit: Option<u64>,
}

/// The largest `body_over_limit` a file may ask replay to send: a tampered
/// file must not make replay allocate without bound.
const MAX_OVER_LIMIT: u64 = 1024 * 1024 * 1024;

/// [`Request`] as written in the file, every field named.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequest {
    method: String,
    path: String,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    body_text: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
}

/// [`Response`] as written in the file, every field named.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponse {
    status: u16,
    #[serde(default)]
    headers: Headers,
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    body_text: Option<String>,
    #[serde(default)]
    body_base64: Option<String>,
    #[serde(default)]
    body_over_limit: Option<u64>,
}

impl TryFrom<RawRequest> for Request {
    type Error = String;

    fn try_from(raw: RawRequest) -> Result<Self, String> {
        if http::Method::from_bytes(raw.method.as_bytes()).is_err() {
            return Err(format!(
                "request method {:?} is not an HTTP method",
                raw.method
            ));
        }
        if !raw.path.starts_with('/') || !is_target_text(&raw.path) {
            return Err(format!(
                "request path {:?} is not a path (it starts with `/` and has no spaces or control characters)",
                raw.path
            ));
        }
        if let Some(query) = &raw.query
            && !is_target_text(query)
        {
            return Err(format!(
                "request query {query:?} has spaces or control characters"
            ));
        }
        Ok(Request {
            method: raw.method,
            path: raw.path,
            query: raw.query,
            headers: raw.headers,
            body: Body::checked(raw.body, raw.body_text, raw.body_base64)?,
        })
    }
}

impl TryFrom<RawResponse> for Response {
    type Error = String;

    fn try_from(raw: RawResponse) -> Result<Self, String> {
        if !(100..=999).contains(&raw.status) {
            return Err(format!(
                "response status {} is not an HTTP status (three digits, from 100)",
                raw.status
            ));
        }
        let body = Body::checked(raw.body, raw.body_text, raw.body_base64)?;
        if let Some(limit) = raw.body_over_limit {
            if body != Body::default() {
                return Err("a response with body_over_limit has no body".to_owned());
            }
            if limit > MAX_OVER_LIMIT {
                return Err(format!(
                    "body_over_limit {limit} is above {MAX_OVER_LIMIT} bytes"
                ));
            }
        }
        Ok(Response {
            status: raw.status,
            headers: raw.headers,
            body,
            body_over_limit: raw.body_over_limit,
        })
    }
}

/// What a request target may hold: no space or control character, none of
/// which a request line can carry.
fn is_target_text(text: &str) -> bool {
    text.bytes().all(|b| b > b' ' && b != 0x7f)
}

/// Headers by lowercase name (sorted in the file), a name that came several
/// times keeping every value in order.
///
/// Read from a file only when every name is an HTTP token and no value holds a
/// byte HTTP forbids there (CR, LF, NUL and other controls but tab): replay
/// writes them on a socket as they are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    try_from = "BTreeMap<String, Values>",
    into = "BTreeMap<String, Values>"
)]
pub(super) struct Headers(BTreeMap<String, Values>);

impl TryFrom<BTreeMap<String, Values>> for Headers {
    type Error = String;

    fn try_from(read: BTreeMap<String, Values>) -> Result<Self, String> {
        let mut headers = Headers::default();
        for (name, values) in read {
            if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
                return Err(format!("header name {name:?} is not an HTTP header name"));
            }
            let values = match values {
                Values::One(value) => vec![value],
                Values::Many(all) => all,
            };
            for value in values {
                if http::HeaderValue::from_bytes(value.as_bytes()).is_err() {
                    return Err(format!(
                        "header {name:?} has a value with a character HTTP forbids there \
                         (CR, LF or another control character): {value:?}"
                    ));
                }
                headers.push(name.to_ascii_lowercase(), value);
            }
        }
        Ok(headers)
    }
}

impl From<Headers> for BTreeMap<String, Values> {
    fn from(headers: Headers) -> Self {
        headers.0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(super) enum Values {
    One(String),
    Many(Vec<String>),
}

impl Headers {
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(super) fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut headers = Headers::default();
        for (name, value) in pairs {
            headers.push(name.to_ascii_lowercase(), value);
        }
        headers
    }

    fn push(&mut self, name: String, value: String) {
        match self.0.remove(&name) {
            None => self.0.insert(name, Values::One(value)),
            Some(Values::One(first)) => self.0.insert(name, Values::Many(vec![first, value])),
            Some(Values::Many(mut all)) => {
                all.push(value);
                self.0.insert(name, Values::Many(all))
            }
        };
    }

    /// Every `(name, value)`, names sorted, repeated values in order.
    pub(super) fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        for (name, values) in &self.0 {
            match values {
                Values::One(value) => pairs.push((name.clone(), value.clone())),
                Values::Many(all) => pairs.extend(all.iter().map(|v| (name.clone(), v.clone()))),
            }
        }
        pairs
    }

    /// The values of `name` (lowercase), joined with `, ` when repeated.
    pub(super) fn get(&self, name: &str) -> Option<String> {
        self.0.get(name).map(|values| match values {
            Values::One(value) => value.clone(),
            Values::Many(all) => all.join(", "),
        })
    }

    /// Rewrites every value.
    pub(super) fn map_values(&mut self, mut f: impl FnMut(&str, &str) -> String) {
        for (name, values) in &mut self.0 {
            match values {
                Values::One(value) => *value = f(name, value),
                Values::Many(all) => {
                    for value in all {
                        *value = f(name, value);
                    }
                }
            }
        }
    }
}

/// A body: exactly one of the three fields is set, or none for no body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Body {
    /// A body that parsed as JSON (with a JSON content type).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) body: Option<Value>,
    /// Any other UTF-8 body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) body_text: Option<String>,
    /// Bytes that are not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) body_base64: Option<String>,
}

impl Body {
    /// A body read from a file: at most one of its forms, base64 that decodes.
    fn checked(
        body: Option<Value>,
        body_text: Option<String>,
        body_base64: Option<String>,
    ) -> Result<Body, String> {
        let forms = [body.is_some(), body_text.is_some(), body_base64.is_some()];
        if forms.iter().filter(|&&set| set).count() > 1 {
            return Err("a message has more than one of body, body_text and body_base64".into());
        }
        if let Some(encoded) = &body_base64
            && base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .is_err()
        {
            return Err(format!("body_base64 is not base64: {encoded:?}"));
        }
        Ok(Body {
            body,
            body_text,
            body_base64,
        })
    }

    /// How `bytes` sent with `content_type` are kept.
    pub(super) fn from_bytes(bytes: &[u8], content_type: Option<&str>) -> Body {
        if bytes.is_empty() {
            return Body::default();
        }
        let json = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("json"));
        if json && let Ok(value) = serde_json::from_slice::<Value>(bytes) {
            return Body {
                body: Some(value),
                ..Body::default()
            };
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Body {
                body_text: Some(text.to_owned()),
                ..Body::default()
            },
            Err(_) => Body {
                body_base64: Some(base64::engine::general_purpose::STANDARD.encode(bytes)),
                ..Body::default()
            },
        }
    }

    /// The bytes to send (JSON compact).
    pub(super) fn to_bytes(&self) -> Vec<u8> {
        if let Some(value) = &self.body {
            return serde_json::to_vec(value).expect("a JSON value serializes");
        }
        if let Some(text) = &self.body_text {
            return text.clone().into_bytes();
        }
        if let Some(encoded) = &self.body_base64 {
            return base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .unwrap_or_else(|_| encoded.clone().into_bytes());
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_text_or_base64() {
        let json = Body::from_bytes(br#"{"b":1,"a":[true]}"#, Some("application/json"));
        assert_eq!(json.body, Some(serde_json::json!({"a": [true], "b": 1})));
        let text = Body::from_bytes(b"{not json", Some("application/json"));
        assert_eq!(text.body_text.as_deref(), Some("{not json"));
        let number_as_text = Body::from_bytes(b"12", Some("text/plain"));
        assert_eq!(number_as_text.body_text.as_deref(), Some("12"));
        let bytes = Body::from_bytes(&[0xff, 0x00], None);
        assert_eq!(bytes.to_bytes(), vec![0xff, 0x00]);
        assert_eq!(
            Body::from_bytes(b"", Some("application/json")),
            Body::default()
        );
    }

    #[test]
    fn repeated_headers_keep_their_order_and_names_sort() {
        let headers = Headers::from_pairs([
            ("Link".to_owned(), "<a>".to_owned()),
            ("content-type".to_owned(), "text/plain".to_owned()),
            ("link".to_owned(), "<b>".to_owned()),
        ]);
        let text = serde_json::to_string(&headers).unwrap();
        assert_eq!(
            text,
            r#"{"content-type":"text/plain","link":["<a>","<b>"]}"#
        );
        let back: Headers = serde_json::from_str(&text).unwrap();
        assert_eq!(back.pairs().len(), 3);
        assert_eq!(back.get("link").as_deref(), Some("<a>, <b>"));
    }
}
