//! What a cassette replaces with [`PLACEHOLDER`] before anything is written:
//! secret headers, secret-looking body and query fields, and values the test
//! names, wherever they appear.
//!
//! Replay scrubs each incoming request the same way before comparing it, so a
//! recording made with a real password matches a replay made with another.

use std::collections::BTreeSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::cassette_file::{Body, Headers};

/// What a scrubbed value reads in the file.
pub(crate) const PLACEHOLDER: &str = "[scrubbed]";

/// Headers scrubbed besides those restlax treats as secret by name
/// (`authorization`, `proxy-authorization`, `cookie`): the response's cookies
/// and the usual API-key headers.
const SECRET_HEADERS: [&str; 4] = ["set-cookie", "x-api-key", "x-auth-key", "x-auth-token"];

/// Headers whose values are URLs (or `<URL>` lists), whose query fields are
/// scrubbed as a request's are.
const URL_HEADERS: [&str; 3] = ["location", "content-location", "link"];

/// Body and query fields scrubbed by default, compared without case, `_` or
/// `-` (so `access_token` also covers `accessToken` and `Access-Token`).
const SECRET_FIELDS: [&str; 13] = [
    "password",
    "passwd",
    "token",
    "access_token",
    "refresh_token",
    "id_token",
    "auth_token",
    "session_token",
    "secret",
    "client_secret",
    "api_key",
    "private_key",
    "otp",
];

/// Values shorter than this, learnt from secret headers, fields, query fields
/// or cookies, are not hunted for everywhere (a one-letter key would scrub
/// half the file).
const LEARNT_MIN: usize = 8;

/// The scrubbing rules of one cassette.
#[derive(Debug, Clone)]
pub(crate) struct Scrub {
    headers: BTreeSet<String>,
    fields: BTreeSet<String>,
    values: Vec<Named>,
}

/// A named value, with its JSON-escaped form worked out once.
#[derive(Debug, Clone)]
struct Named {
    text: String,
    /// As it appears inside a JSON string (equal to `text` for most values).
    escaped: String,
}

impl Default for Scrub {
    fn default() -> Self {
        Scrub {
            headers: restlax_facts::header::CREDENTIALS
                .iter()
                .chain(&SECRET_HEADERS)
                .map(|name| (*name).to_owned())
                .collect(),
            fields: SECRET_FIELDS.iter().map(|name| normalize(name)).collect(),
            values: Vec::new(),
        }
    }
}

/// A field name as compared: lowercase letters and digits only.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Scrub {
    pub(crate) fn header(&mut self, name: &str) {
        self.headers.insert(name.trim().to_ascii_lowercase());
    }

    pub(crate) fn field(&mut self, name: &str) {
        self.fields.insert(normalize(name));
    }

    /// Empty values are ignored: they would match everywhere.
    pub(crate) fn value(&mut self, value: &str) {
        if !value.is_empty() && !self.values.iter().any(|v| v.text == value) {
            let quoted = serde_json::to_string(value).expect("a string serializes");
            self.values.push(Named {
                text: value.to_owned(),
                escaped: quoted[1..quoted.len() - 1].to_owned(),
            });
            // Longest first, so a value containing another is replaced whole.
            self.values.sort_by_key(|v| std::cmp::Reverse(v.text.len()));
        }
    }

    pub(crate) fn is_secret_header(&self, name: &str) -> bool {
        self.headers.contains(&name.to_ascii_lowercase())
    }

    fn is_secret_field(&self, name: &str) -> bool {
        self.fields.contains(&normalize(name))
    }

    /// Learns a value to scrub everywhere, if long enough to be worth it.
    fn learnt(&mut self, value: &str) {
        if value.len() >= LEARNT_MIN {
            self.value(value);
        }
    }

    /// Adds the values of secret headers (and the credential after a scheme
    /// such as `Bearer`, and each cookie's value) to the values scrubbed
    /// everywhere, so a token the server echoes back is caught too.
    pub(crate) fn learn(&mut self, headers: &[(String, String)]) {
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            if URL_HEADERS.contains(&name.as_str()) {
                for query in url_queries(value) {
                    self.learn_query(&query);
                }
            }
            if !self.is_secret_header(&name) {
                continue;
            }
            let credential = value.split_once(' ').map_or(value.as_str(), |(_, c)| c);
            for candidate in [value.as_str(), credential.trim()] {
                self.learnt(candidate);
            }
            if name == "cookie" || name == "set-cookie" {
                // `a=1; b=2` (a request's), `sid=…; HttpOnly` (a response's).
                let cookies: Vec<&str> = if name == "cookie" {
                    value.split(';').collect()
                } else {
                    value.split(';').take(1).collect()
                };
                for cookie in cookies {
                    if let Some((_, value)) = cookie.split_once('=') {
                        self.learnt(value.trim().trim_matches('"'));
                    }
                }
            }
        }
    }

    /// Learns everything one request or response would have scrubbed: secret
    /// headers, secret query fields, secret body fields (JSON, in a body of
    /// any content type, or a form).
    pub(crate) fn learn_message(
        &mut self,
        headers: &[(String, String)],
        query: Option<&str>,
        body: &[u8],
    ) {
        self.learn(headers);
        if let Some(query) = query {
            self.learn_query(query);
        }
        let content_type = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str());
        let Ok(text) = std::str::from_utf8(body) else {
            return;
        };
        if content_type.is_some_and(|t| t.contains("application/x-www-form-urlencoded")) {
            self.learn_query(text);
        } else if let Ok(value) = serde_json::from_str::<Value>(text) {
            self.learn_json(&value, false);
        }
    }

    fn learn_query(&mut self, query: &str) {
        for pair in query.split('&') {
            if let Some((name, value)) = pair.split_once('=')
                && self.is_secret_field(&field_name(name))
            {
                let decoded = percent_decode_str(&value.replace('+', " "))
                    .decode_utf8_lossy()
                    .into_owned();
                self.learnt(&decoded);
                self.learnt(value);
            }
        }
    }

    /// `secret`: inside a secret field, where every value is learnt.
    fn learn_json(&mut self, value: &Value, secret: bool) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let secret = secret || self.is_secret_field(key);
                    self.learn_json(value, secret);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.learn_json(item, secret)),
            Value::String(text) if secret => self.learnt(text),
            Value::Number(number) if secret => self.learnt(&number.to_string()),
            _ => {}
        }
    }

    /// Replaces every named value: as is, percent-encoded (any characters,
    /// hex digits of either case, `+` for a space), with `\/` for `/`, or
    /// JSON-escaped (a text body holding JSON that did not parse).
    pub(crate) fn text(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for value in &self.values {
            text = replace_value(&text, &value.text);
            if value.escaped != value.text && text.contains(&value.escaped) {
                text = text.replace(&value.escaped, PLACEHOLDER);
            }
        }
        text
    }

    pub(crate) fn headers(&self, headers: &mut Headers) {
        headers.map_values(|name, value| {
            if self.is_secret_header(name) {
                PLACEHOLDER.to_owned()
            } else if URL_HEADERS.contains(&name) {
                self.text(&self.urls(value))
            } else {
                self.text(value)
            }
        });
    }

    /// A header value holding URLs (`Location`'s one, `Link`'s `<…>` ones)
    /// with their query fields scrubbed as a request's query is.
    fn urls(&self, value: &str) -> String {
        if !value.contains('<') {
            return self.url(value);
        }
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>').map(|c| open + c) else {
                break;
            };
            out.push_str(&rest[..=open]);
            out.push_str(&self.url(&rest[open + 1..close]));
            out.push('>');
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// One URL, its query scrubbed (the fragment kept apart).
    fn url(&self, url: &str) -> String {
        let (url, fragment) = match url.split_once('#') {
            Some((url, fragment)) => (url, Some(fragment)),
            None => (url, None),
        };
        let mut out = match url.split_once('?') {
            Some((base, query)) => format!("{base}?{}", self.query(query)),
            None => url.to_owned(),
        };
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }

    /// `a=1&password=x` → `a=1&password=[scrubbed]`; a bracketed name such as
    /// `user[password]` is judged by its last part.
    pub(crate) fn query(&self, query: &str) -> String {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if self.is_secret_field(&field_name(name)) => {
                    format!("{name}={PLACEHOLDER}")
                }
                _ => pair.to_owned(),
            })
            .collect();
        self.text(&pairs.join("&"))
    }

    /// Scrubs a JSON value: secret fields, and named values in strings, in
    /// object keys, and as numbers (a number equal to a named value becomes
    /// the placeholder string).
    pub(crate) fn json(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut value) in entries {
                    if self.is_secret_field(&key) {
                        value = Value::String(PLACEHOLDER.to_owned());
                    } else {
                        self.json(&mut value);
                    }
                    map.insert(self.text(&key), value);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.json(item)),
            Value::String(text) => *text = self.text(text),
            Value::Number(number) => {
                let shown = number.to_string();
                if self.values.iter().any(|v| v.text == shown) {
                    *value = Value::String(PLACEHOLDER.to_owned());
                }
            }
            _ => {}
        }
    }

    /// The last sweep over a whole cassette file as a JSON tree, for a secret
    /// that reached it some way the fields missed: every string, and inside
    /// headers and bodies every key and number too. The file's own keys and
    /// the status stay as they are, so the result is still a cassette.
    pub(crate) fn file(&self, file: &mut Value) {
        let Some(exchanges) = file.get_mut("exchanges").and_then(Value::as_array_mut) else {
            return;
        };
        for exchange in exchanges.iter_mut().filter_map(Value::as_object_mut) {
            for part in exchange.values_mut().filter_map(Value::as_object_mut) {
                for (key, value) in part.iter_mut() {
                    match (key.as_str(), value) {
                        ("headers" | "body", value) => self.json(value),
                        (_, Value::String(text)) => *text = self.text(text),
                        _ => {}
                    }
                }
            }
        }
    }

    /// A body: JSON fields and strings, form fields, text (its fields too
    /// when it parses as JSON, whatever its content type says), and named
    /// values in bytes that are not UTF-8.
    pub(crate) fn body(&self, body: &mut Body, content_type: Option<&str>) {
        if let Some(value) = &mut body.body {
            self.json(value);
        }
        if let Some(text) = &mut body.body_text {
            let form =
                content_type.is_some_and(|t| t.contains("application/x-www-form-urlencoded"));
            *text = if form {
                self.query(text)
            } else {
                self.json_text(text).unwrap_or_else(|| self.text(text))
            };
        }
        if let Some(encoded) = &mut body.body_base64
            && let Ok(bytes) = BASE64.decode(encoded.as_bytes())
        {
            let scrubbed = self.bytes(&bytes);
            if scrubbed != bytes {
                *encoded = BASE64.encode(scrubbed);
            }
        }
    }

    /// A text that parses as JSON, scrubbed as JSON: as it was when nothing
    /// in it is secret (its bytes replay as recorded), else compact.
    fn json_text(&self, text: &str) -> Option<String> {
        let mut value: Value = serde_json::from_str(text).ok()?;
        let before = value.clone();
        self.json(&mut value);
        Some(if value == before {
            self.text(text)
        } else {
            self.text(&serde_json::to_string(&value).expect("a JSON value serializes"))
        })
    }

    /// Replaces every named value's bytes in bytes that are not text.
    fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        for value in &self.values {
            bytes = replace_bytes(&bytes, value.text.as_bytes(), PLACEHOLDER.as_bytes());
        }
        bytes
    }
}

/// `haystack` with every `needle` replaced by `with`.
fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

/// `text` with every spelling of `value` replaced by the placeholder: each
/// byte of `value` may appear as is, as `%XX` (either case), a space as `+`,
/// a `/` as `\/`.
fn replace_value(text: &str, value: &str) -> String {
    let (text, value) = (text.as_bytes(), value.as_bytes());
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match match_at(text, i, value) {
            Some(end) => {
                out.extend_from_slice(PLACEHOLDER.as_bytes());
                i = end;
            }
            None => {
                out.push(text[i]);
                i += 1;
            }
        }
    }
    // Matches start and end on character boundaries (a `%`, or the same
    // UTF-8 bytes as the value's), so this is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Where a spelling of `value` starting at `at` ends, if there is one.
fn match_at(text: &[u8], at: usize, value: &[u8]) -> Option<usize> {
    let mut p = at;
    for &byte in value {
        let rest = &text[p..];
        p += if rest.first() == Some(&byte) {
            1
        } else if rest.len() >= 3 && rest[0] == b'%' && hex(rest[1], rest[2]) == Some(byte) {
            3
        } else if byte == b' ' && rest.first() == Some(&b'+') {
            1
        } else if byte == b'/' && rest.starts_with(b"\\/") {
            2
        } else {
            return None;
        };
    }
    Some(p)
}

fn hex(high: u8, low: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// The query of every URL in a header value (`Location`'s, `Link`'s).
fn url_queries(value: &str) -> Vec<String> {
    let urls: Vec<&str> = if value.contains('<') {
        value
            .split('<')
            .skip(1)
            .filter_map(|part| part.split_once('>').map(|(url, _)| url))
            .collect()
    } else {
        vec![value]
    };
    urls.into_iter()
        .filter_map(|url| url.split('#').next()?.split_once('?'))
        .map(|(_, query)| query.to_owned())
        .collect()
}

/// The decoded name of a query or form field, the last `[part]` if bracketed.
fn field_name(raw: &str) -> String {
    let decoded = percent_decode_str(&raw.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned();
    match decoded.rsplit_once('[') {
        Some((_, last)) => last.trim_end_matches(']').to_owned(),
        None => decoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_match_whatever_their_case_style() {
        let scrub = Scrub::default();
        let mut value = serde_json::json!({
            "accessToken": "a", "refresh-token": "b", "nested": [{"Password": 4821}],
            "name": "kept", "token_type": "kept too"
        });
        scrub.json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({
                "accessToken": PLACEHOLDER, "refresh-token": PLACEHOLDER,
                "nested": [{"Password": PLACEHOLDER}], "name": "kept", "token_type": "kept too"
            })
        );
    }

    #[test]
    fn query_fields_and_values_are_scrubbed() {
        let mut scrub = Scrub::default();
        scrub.value("s3cr3t/x");
        assert_eq!(
            scrub.query("page=2&api_key=k&user%5Bpassword%5D=p&q=s3cr3t%2Fx"),
            "page=2&api_key=[scrubbed]&user%5Bpassword%5D=[scrubbed]&q=[scrubbed]"
        );
        assert_eq!(scrub.text("/tokens/s3cr3t/x"), "/tokens/[scrubbed]");
    }

    #[test]
    fn secret_header_values_are_learnt() {
        let mut scrub = Scrub::default();
        scrub.learn(&[
            ("authorization".into(), "Bearer abcdefgh123".into()),
            ("x-plain".into(), "not-a-secret-value".into()),
        ]);
        assert_eq!(
            scrub.text("echo abcdefgh123 and not-a-secret-value"),
            "echo [scrubbed] and not-a-secret-value"
        );
    }
}
