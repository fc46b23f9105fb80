//! Requests and replies of the sandbox, decoded once so the vendor modules work
//! with plain strings.

use percent_encoding::percent_decode_str;
use restlax::testing::{MockResponse, RecordedRequest};
use serde_json::Value;

pub(crate) struct Request {
    pub(crate) method: String,
    /// Path segments, percent-decoded.
    pub(crate) segments: Vec<String>,
    /// Query pairs, percent-decoded.
    pub(crate) query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn decode(text: &str) -> String {
    percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

impl Request {
    pub(crate) fn parse(raw: RecordedRequest) -> Self {
        let query = raw.query.as_deref().unwrap_or("");
        Request {
            segments: raw
                .path
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
                .collect(),
            query: query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(k), decode(v))
                })
                .collect(),
            method: raw.method,
            headers: raw.headers,
            body: raw.body,
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn bearer(&self) -> Option<&str> {
        self.header("authorization")?.strip_prefix("Bearer ")
    }

    pub(crate) fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as a JSON object, or `None` when it is not one.
    pub(crate) fn json_object(&self) -> Option<serde_json::Map<String, Value>> {
        match serde_json::from_slice(&self.body) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        }
    }

    pub(crate) fn has_body(&self) -> bool {
        !self.body.iter().all(u8::is_ascii_whitespace)
    }
}

/// What the sandbox answers: the test server's own response type.
pub(crate) type Reply = MockResponse;

/// A 1-based page of `items` and the number of pages.
pub(crate) fn paginate<T: Clone>(items: &[T], page: usize, per_page: usize) -> (Vec<T>, usize) {
    let total_pages = items.len().div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(items.len());
    let end = (start + per_page).min(items.len());
    (items[start..end].to_vec(), total_pages)
}

/// A query parameter as a positive integer within bounds; `Err` says why not.
pub(crate) fn bounded(
    request: &Request,
    name: &str,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, String> {
    match request.query(name) {
        None => Ok(default),
        Some(text) => match text.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(format!(
                "{name} must be an integer from {min} to {max}, got {text:?}"
            )),
        },
    }
}
