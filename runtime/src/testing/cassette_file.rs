//! The cassette file: recorded exchanges as pretty JSON with a stable key
//! order, bodies kept as JSON when they are JSON, else as text (base64 for
//! bytes that are not UTF-8).

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
pub(super) struct Response {
    pub(super) status: u16,
    #[serde(default, skip_serializing_if = "Headers::is_empty")]
    pub(super) headers: Headers,
    #[serde(flatten)]
    pub(super) body: Body,
}

/// Headers by lowercase name (sorted in the file), a name that came several
/// times keeping every value in order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub(super) struct Headers(BTreeMap<String, Values>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
enum Values {
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
