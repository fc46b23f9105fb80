//! What a cassette scrubs before anything is written, and how.
//!
//! Deny by default:
//!
//! - **Headers**: a value is written only for a header on [`KEPT_HEADERS`]
//!   (content type, accept, user agent, length, caching and paging headers:
//!   names known to carry no credential), and not named by
//!   `scrub_header`; every other header's value is replaced. `Location`,
//!   `Content-Location` and `Link` keep their URLs, with their query fields
//!   scrubbed as a request's are.
//! - **Fields** of a query, a form body, a JSON body (at any depth: JSON too
//!   deep for a parser is scanned as text) and `name=value` pairs in a text
//!   body are scrubbed when their name looks like a credential, judged by its
//!   words (`apiKey`, `api_key`, `X-Api-Key` → api, key): see
//!   [`Scrub::is_secret_field`]. What a test reads stays: `code` is a
//!   credential only in a query or a form (OAuth's), so `errors[].code` stays;
//!   `author`, `primary_key`, `error_code` and `token_type` stay.
//! - **Values**: every value scrubbed above, and every value the test names,
//!   is learnt and replaced wherever else it appears (paths, queries, headers,
//!   bodies, as is, JSON-escaped or percent-encoded), if it has at least
//!   [`LEARNT_MIN`] characters: a shorter one is replaced where it was found
//!   (its header or field) but not hunted elsewhere, where it would scrub
//!   unrelated text. Values the test names are hunted whatever their length.
//!
//! A value the client sent (its token, its password, a value the test names)
//! reads `scrubbed`: replay learns the client's values again from each request
//! and they may differ (another token, another password, one more header), so
//! they carry no number that could shift. A value an answer handed out reads
//! `scrubbed-<n>`, numbered in the order first seen so a test reading two
//! tokens still tells them apart; the client sends that placeholder back in
//! replay, where it is never learnt again. Both are URL-safe and the same
//! wherever the value appears, so a token handed out by a login answer and
//! then sent in a path, a query or a body replays.
//!
//! All learnt values are found in one pass over a text (Aho-Corasick), so
//! scrubbing time grows with the size of the recording, not with its size
//! times the number of secrets.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::cassette_file::{Body, Headers};

/// What every placeholder starts with.
const PREFIX: &str = "scrubbed-";

/// What a value the client sent reads (and one scrubbed without being
/// learnt, so nothing is ever left raw).
const UNNUMBERED: &str = "scrubbed";

/// Headers whose values are written: names known to carry no credential.
/// Hop-by-hop and connection headers are here only so their values are not
/// learnt (the proxy does not record them).
pub(crate) const KEPT_HEADERS: [&str; 53] = [
    "accept",
    "accept-charset",
    "accept-encoding",
    "accept-language",
    "accept-ranges",
    "age",
    "allow",
    "anthropic-version",
    "api-version",
    "cache-control",
    "connection",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-length",
    "content-location",
    "content-range",
    "content-type",
    "date",
    "etag",
    "expect",
    "expires",
    "host",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "keep-alive",
    "last-modified",
    "link",
    "location",
    "notion-version",
    "range",
    "ratelimit",
    "ratelimit-policy",
    "retry-after",
    "stripe-version",
    "te",
    "transfer-encoding",
    "user-agent",
    "vary",
    "x-api-version",
    "x-github-api-version",
    "x-next-page",
    "x-page",
    "x-per-page",
    "x-prev-page",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "x-ratelimit-used",
    "x-total",
    "x-total-count",
    "x-total-pages",
];

/// Whether a request header's value, under a name that says nothing of a
/// credential, is hunted elsewhere in the file: only one that looks like a
/// token (letters and digits mixed). A version date (`2022-11-28`), a number
/// or a word would otherwise be replaced inside every answer that happens to
/// hold it (a `created_at`, a count), destroying what a test reads; the
/// header's own value is replaced either way.
fn looks_like_token(value: &str) -> bool {
    value.chars().any(|c| c.is_ascii_alphabetic()) && value.chars().any(|c| c.is_ascii_digit())
}

/// Headers whose values are URLs (or `<URL>` lists), whose query fields are
/// scrubbed as a request's are.
const URL_HEADERS: [&str; 3] = ["location", "content-location", "link"];

/// A name with a word ending so is a credential (`password`,
/// `accesstoken`, `X-Amz-Security-Token`, `SecretAccessKey`'s `secret`).
const SECRET_ENDINGS: [&str; 11] = [
    "password",
    "passwd",
    "passphrase",
    "token",
    "secret",
    "signature",
    "credential",
    "credentials",
    "apikey",
    "privatekey",
    "secretkey",
];

/// Words that are credentials only as a whole word.
const SECRET_WORDS: [&str; 13] = [
    "pwd",
    "sig",
    "otp",
    "bearer",
    "authorization",
    "auth",
    "jwt",
    "pass",
    "hmac",
    "assertion",
    "sessionid",
    "sid",
    "appid",
];

/// A word before `key` that makes it a credential (`api_key`, `privateKey`,
/// `X-Auth-Key`); `primary_key` stays.
const KEY_QUALIFIERS: [&str; 17] = [
    "account",
    "admin",
    "api",
    "app",
    "client",
    "license",
    "master",
    "service",
    "session",
    "shared",
    "subscription",
    "private",
    "secret",
    "auth",
    "access",
    "signing",
    "encryption",
];

/// A last word that makes a name describe a credential rather than hold one
/// (`token_type`, `password_policy`, `token_expires`).
const DESCRIPTORS: [&str; 24] = [
    "type",
    "kind",
    "expires",
    "expiry",
    "expiration",
    "url",
    "uri",
    "endpoint",
    "hint",
    "policy",
    "length",
    "required",
    "id",
    "name",
    "count",
    "at",
    "status",
    "version",
    "prefix",
    "used",
    "enabled",
    "created",
    "updated",
    "last",
];

/// Values shorter than this, learnt from headers or fields, are not hunted
/// for everywhere (a one-letter key would scrub half the file).
pub(crate) const LEARNT_MIN: usize = 8;

/// Which side of an exchange a value was learnt from: only answers' values
/// are numbered (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Answer,
}

/// The scrubbing rules of one cassette, and the values learnt so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scrub {
    /// Named by `scrub_header`: scrubbed even when on [`KEPT_HEADERS`].
    headers: BTreeSet<String>,
    /// Named by `scrub_field`, as [`normalize`] writes them.
    fields: BTreeSet<String>,
    values: Vec<Learnt>,
    by_text: HashMap<String, usize>,
    /// Values learnt from answers so far, which number their placeholders.
    answers: usize,
    /// Built on first use after the values last changed.
    matcher: OnceLock<Option<Matcher>>,
}

#[derive(Debug, Clone)]
struct Learnt {
    text: String,
    placeholder: String,
    /// Replaced wherever it appears, not only where it was found.
    hunted: bool,
}

/// Every spelling of every hunted value, and whose each pattern is.
#[derive(Debug, Clone)]
struct Matcher {
    /// `None` when it could not be built (more patterns than the automaton's
    /// state ids hold): every text searched is then replaced whole, since
    /// writing it unscrubbed would fail open.
    automaton: Option<AhoCorasick>,
    owner: Vec<usize>,
}

/// A field name as `scrub_field` compares it: lowercase letters and digits.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The words of a name, lowercase: split at anything not a letter or digit
/// and at case changes (`SecretAccessKey` → secret, access, key;
/// `XMLHttp` → xml, http).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Whether `value` is already a placeholder (never learnt again, so replay
/// of a handed-out token does not number it anew).
fn is_placeholder(value: &str) -> bool {
    value == UNNUMBERED
        || value
            .strip_prefix(PREFIX)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A header value's scheme and credential (`Bearer abc` → `Bearer`, `abc`).
fn scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, credential) = value.trim().split_once(' ')?;
    let credential = credential.trim();
    (!scheme.is_empty()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !credential.is_empty())
    .then_some((scheme, credential))
}

impl Scrub {
    pub(crate) fn header(&mut self, name: &str) {
        self.headers.insert(name.trim().to_ascii_lowercase());
    }

    pub(crate) fn field(&mut self, name: &str) {
        self.fields.insert(normalize(name));
    }

    /// A value the test names: hunted whatever its length.
    pub(crate) fn value(&mut self, value: &str) {
        self.remember(value, Side::Request, true);
    }

    fn is_kept_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        KEPT_HEADERS.contains(&name.as_str()) && !self.headers.contains(&name)
    }

    /// Whether a field named `name` holds a credential. `in_form`: a query or
    /// form field, where OAuth's `code` is one.
    pub(crate) fn is_secret_field(&self, name: &str, in_form: bool) -> bool {
        if self.fields.contains(&normalize(name)) {
            return true;
        }
        let words = words(name);
        match words.as_slice() {
            [] => return false,
            // A bare `key` or `code` is a credential in a query or a form
            // (Google's `?key=`, OAuth's `code`); in JSON it is what a test
            // reads (a GitLab variable's or a Consul entry's `key`, an
            // error's `code`).
            [only] if in_form && (only == "key" || only == "code") => return true,
            [.., last] if words.len() > 1 && DESCRIPTORS.contains(&last.as_str()) => {
                return false;
            }
            _ => {}
        }
        words.iter().any(|word| {
            SECRET_WORDS.contains(&word.as_str())
                || SECRET_ENDINGS.iter().any(|end| word.ends_with(end))
        }) || words
            .windows(2)
            .any(|pair| pair[1] == "key" && KEY_QUALIFIERS.contains(&pair[0].as_str()))
    }

    /// Learns `value`, numbering it if new; `hunt`: replace it everywhere.
    fn remember(&mut self, value: &str, side: Side, hunt: bool) {
        if value.is_empty() || is_placeholder(value) {
            return;
        }
        if let Some(&i) = self.by_text.get(value) {
            if hunt && !self.values[i].hunted {
                self.values[i].hunted = true;
                self.matcher = OnceLock::new();
            }
            return;
        }
        let placeholder = match side {
            Side::Request => UNNUMBERED.to_owned(),
            Side::Answer => {
                self.answers += 1;
                format!("{PREFIX}{}", self.answers)
            }
        };
        self.by_text.insert(value.to_owned(), self.values.len());
        self.values.push(Learnt {
            text: value.to_owned(),
            placeholder,
            hunted: hunt,
        });
        if hunt {
            self.matcher = OnceLock::new();
        }
    }

    /// Learns a value found in a header or field: hunted if long enough.
    fn learnt(&mut self, value: &str, side: Side) {
        self.remember(value, side, value.chars().count() >= LEARNT_MIN);
    }

    /// What `value` reads once scrubbed.
    fn placeholder(&self, value: &str) -> String {
        if is_placeholder(value) {
            return value.to_owned();
        }
        match self.by_text.get(value) {
            Some(&i) => self.values[i].placeholder.clone(),
            None => UNNUMBERED.to_owned(),
        }
    }

    /// Learns from headers: on a request, every value not on the kept list
    /// (the client's secret headers, whatever their names); on an answer,
    /// cookies and credential-named headers' values (the others not kept are
    /// numbered, not hunted). A value with a scheme (`Bearer …`) is learnt
    /// by its credential, cookies by each value too.
    pub(crate) fn learn(&mut self, headers: &[(String, String)], side: Side) {
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            if URL_HEADERS.contains(&name.as_str()) {
                for query in url_queries(value) {
                    self.learn_query(&query, side);
                }
            }
            if self.is_kept_header(&name) {
                continue;
            }
            let named = name == "set-cookie"
                || name == "cookie"
                || self.headers.contains(&name)
                || self.is_secret_field(&name, false);
            let secret = named || (side == Side::Request && looks_like_token(value));
            let value = value.trim();
            match scheme(value) {
                Some((scheme, credential)) if !value.contains(';') => {
                    self.learn_header_value(credential, side, secret);
                    // A server may echo Basic credentials decoded: `user:pass`,
                    // or the password alone (in a URL, a log line).
                    if secret && scheme.eq_ignore_ascii_case("basic") {
                        use base64::Engine as _;
                        if let Ok(decoded) =
                            base64::engine::general_purpose::STANDARD.decode(credential.trim())
                            && let Ok(decoded) = String::from_utf8(decoded)
                        {
                            self.learnt(&decoded, side);
                            if let Some((_, password)) = decoded.split_once(':') {
                                self.learnt(password, side);
                            }
                        }
                    }
                }
                _ => self.learn_header_value(value, side, secret),
            }
            if name == "cookie" || name == "set-cookie" {
                // `a=1; b=2` (a request's), `sid=…; HttpOnly` (an answer's).
                let take = if name == "cookie" { usize::MAX } else { 1 };
                for cookie in value.split(';').take(take) {
                    if let Some((_, value)) = cookie.split_once('=') {
                        self.learnt(value.trim().trim_matches('"'), side);
                    }
                }
            }
        }
    }

    fn learn_header_value(&mut self, value: &str, side: Side, secret: bool) {
        if secret {
            self.learnt(value, side);
        } else {
            self.remember(value, side, false);
        }
    }

    /// Learns everything one request or answer would have scrubbed: headers,
    /// query fields, body fields (a form, JSON at any depth in a body of any
    /// content type, `name=value` pairs in other text).
    pub(crate) fn learn_message(
        &mut self,
        headers: &[(String, String)],
        query: Option<&str>,
        body: &[u8],
        side: Side,
    ) {
        self.learn(headers, side);
        if let Some(query) = query {
            self.learn_query(query, side);
        }
        let content_type = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.as_str());
        // A body that is not UTF-8 (a Latin-1 form) is still learnt from:
        // names and credentials are ASCII, and keep their bytes in the lossy text.
        let text = String::from_utf8_lossy(body);
        let text = text.as_ref();
        let bare = text.trim_start_matches('\u{feff}');
        if is_form(content_type) {
            self.learn_query(text, side);
        } else if looks_like_json(bare) {
            for (start, end) in self.json_secrets(bare) {
                self.learnt(&json_scalar(&bare[start..end]), side);
            }
        } else {
            for (start, end) in self.text_pairs(text) {
                self.learnt(&text[start..end], side);
            }
            // JSON behind a prefix: `)]}'` against hijacking, JSONP's
            // `callback(`, an event stream's `data: `.
            if let Some(at) = text.find(['{', '[']) {
                let json = &text[at..];
                for (start, end) in self.json_secrets(json) {
                    self.learnt(&json_scalar(&json[start..end]), side);
                }
            }
        }
    }

    fn learn_query(&mut self, query: &str, side: Side) {
        for pair in query.split('&') {
            if let Some((name, value)) = pair.split_once('=')
                && self.is_secret_field(&field_name(name), true)
            {
                self.learnt(&decode(value), side);
            }
        }
    }

    /// The matcher for every spelling of every hunted value, if any.
    fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| {
                let mut patterns = Vec::new();
                let mut owner = Vec::new();
                for (i, value) in self.values.iter().enumerate().filter(|(_, v)| v.hunted) {
                    for spelling in spellings(&value.text) {
                        patterns.push(spelling);
                        owner.push(i);
                    }
                }
                if patterns.is_empty() {
                    return None;
                }
                // The NFA as first built: converting it to a faster layout
                // costs more than the few texts a cassette searches gain.
                let automaton = AhoCorasickBuilder::new()
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok();
                Some(Matcher { automaton, owner })
            })
            .as_ref()
    }

    /// Replaces every spelling of every hunted value in one pass.
    pub(crate) fn text(&self, text: &str) -> String {
        if self.matcher().is_none() {
            return text.to_owned();
        }
        // Matches start and end where a value's own characters (or their
        // escapes) do, so this stays UTF-8 but for a value split inside an
        // escaped character, which is written lossily rather than dropped.
        match String::from_utf8(self.bytes(text.as_bytes())) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// The same over bytes. The matcher runs over the text with its `%XX`
    /// and `\/` escapes decoded, so a value is found however it was
    /// percent-encoded (any mix of bytes, either case), still in one pass.
    fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let Some(matcher) = self.matcher() else {
            return bytes.to_vec();
        };
        let Some(automaton) = &matcher.automaton else {
            return UNNUMBERED.as_bytes().to_vec();
        };
        let decoded = canonical(bytes);
        let (haystack, starts) = match &decoded {
            Some((haystack, starts)) => (haystack.as_slice(), Some(starts)),
            None => (bytes, None),
        };
        let at = |k: usize| starts.map_or(k, |starts| starts[k]);
        let mut out = Vec::with_capacity(bytes.len());
        let mut last = 0;
        for found in automaton.find_iter(haystack) {
            let (start, end) = (at(found.start()), at(found.end()));
            out.extend_from_slice(&bytes[last..start]);
            let owner = matcher.owner[found.pattern().as_usize()];
            out.extend_from_slice(self.values[owner].placeholder.as_bytes());
            last = end;
        }
        out.extend_from_slice(&bytes[last..]);
        out
    }

    pub(crate) fn headers(&self, headers: &mut Headers) {
        headers.map_values(|name, value| {
            if !self.is_kept_header(name) {
                match scheme(value) {
                    Some((scheme, credential)) if !value.contains(';') => {
                        format!("{scheme} {}", self.placeholder(credential))
                    }
                    _ => self.placeholder(value.trim()),
                }
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

    /// `a=1&password=x` → `a=1&password=scrubbed`; a bracketed name such as
    /// `user[password]` is judged by its last part.
    pub(crate) fn query(&self, query: &str) -> String {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, value)) if self.is_secret_field(&field_name(name), true) => {
                    format!("{name}={}", self.placeholder(&decode(value)))
                }
                _ => pair.to_owned(),
            })
            .collect();
        self.text(&pairs.join("&"))
    }

    /// Scrubs a JSON value: secret fields' values, and hunted values in
    /// strings and as numbers (a number equal to a hunted value becomes its
    /// placeholder string). An object key is replaced only when it is a
    /// hunted value as a whole: a key that merely contains one (`password`
    /// in `password_changed`, when a test's password is "password") is a name
    /// the test reads.
    pub(crate) fn json(&self, value: &mut Value) {
        match value {
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut value) in entries {
                    if self.is_secret_field(&key, false) {
                        self.secret_json(&mut value);
                    } else {
                        self.json(&mut value);
                    }
                    let key = match self.by_text.get(&key) {
                        Some(&i) if self.values[i].hunted => self.values[i].placeholder.clone(),
                        _ => key,
                    };
                    map.insert(key, value);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.json(item)),
            Value::String(text) => *text = self.text(text),
            Value::Number(number) => {
                if let Some(&i) = self.by_text.get(&number.to_string())
                    && self.values[i].hunted
                {
                    *value = Value::String(self.values[i].placeholder.clone());
                }
            }
            _ => {}
        }
    }

    /// The value of a secret field: every string and number in it replaced.
    fn secret_json(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.placeholder(text),
            Value::Number(number) => *value = Value::String(self.placeholder(&number.to_string())),
            Value::Array(items) => items.iter_mut().for_each(|item| self.secret_json(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.secret_json(item)),
            _ => {}
        }
    }

    /// The last sweep over a whole cassette file as a JSON tree, for a secret
    /// that reached it some way the fields missed: every string, and inside
    /// bodies every key and number too. The file's own keys and the status
    /// stay as they are, so the result is still a cassette.
    pub(crate) fn file(&self, file: &mut Value) {
        let Some(exchanges) = file.get_mut("exchanges").and_then(Value::as_array_mut) else {
            return;
        };
        for exchange in exchanges.iter_mut().filter_map(Value::as_object_mut) {
            for part in exchange.values_mut().filter_map(Value::as_object_mut) {
                for (key, value) in part.iter_mut() {
                    match (key.as_str(), value) {
                        ("body", value) => self.json(value),
                        ("headers", value) => self.strings(value),
                        (_, Value::String(text)) => *text = self.text(text),
                        _ => {}
                    }
                }
            }
        }
    }

    /// Hunted values out of every string of a JSON value.
    fn strings(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.text(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.strings(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.strings(item)),
            _ => {}
        }
    }

    /// A body: JSON fields and strings, form fields, text (its fields too
    /// when it reads as JSON, whatever its content type says, at any depth;
    /// else its `name=value` pairs), and hunted values in bytes that are not
    /// UTF-8.
    pub(crate) fn body(&self, body: &mut Body, content_type: Option<&str>) {
        if let Some(value) = &mut body.body {
            self.json(value);
        }
        if let Some(text) = &mut body.body_text {
            *text = if is_form(content_type) {
                self.query(text)
            } else if looks_like_json(text) {
                let spans = self.json_secrets(text);
                self.text(&self.replace_spans(text, &spans, true))
            } else {
                let spans = self.text_pairs(text);
                self.text(&self.replace_spans(text, &spans, false))
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

    /// `text` with each span replaced by its value's placeholder (`json`: the
    /// spans are JSON scalars, written back as JSON strings).
    fn replace_spans(&self, text: &str, spans: &[(usize, usize)], json: bool) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for &(start, end) in spans {
            out.push_str(&text[last..start]);
            if json {
                out.push('"');
                out.push_str(&self.placeholder(&json_scalar(&text[start..end])));
                out.push('"');
            } else {
                out.push_str(&self.placeholder(&text[start..end]));
            }
            last = end;
        }
        out.push_str(&text[last..]);
        out
    }

    /// The spans of the strings and numbers under a secret field of a JSON
    /// text, found by a scan that keeps its nesting on the heap, so any depth
    /// is read (a parser into [`Value`] stops at 128 levels). It does not
    /// validate: in text that is not quite JSON it finds what it can.
    fn json_secrets(&self, text: &str) -> Vec<(usize, usize)> {
        struct Frame {
            object: bool,
            /// Inside a secret field.
            secret: bool,
            /// The current key of an object is a secret field.
            key_secret: bool,
            expect_key: bool,
        }
        let inside = |stack: &[Frame]| {
            stack
                .last()
                .is_some_and(|f| f.secret || (f.object && f.key_secret))
        };
        let bytes = text.as_bytes();
        let mut stack: Vec<Frame> = Vec::new();
        let mut spans = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => {
                    let end = string_end(bytes, i);
                    let is_key = stack.last().is_some_and(|f| f.object && f.expect_key);
                    if is_key {
                        let secret = self.is_secret_field(&json_scalar(&text[i..end]), false);
                        if let Some(frame) = stack.last_mut() {
                            frame.key_secret = secret;
                            frame.expect_key = false;
                        }
                    } else if inside(&stack) {
                        spans.push((i, end));
                    }
                    i = end;
                }
                open @ (b'{' | b'[') => {
                    let secret = inside(&stack);
                    stack.push(Frame {
                        object: open == b'{',
                        secret,
                        key_secret: false,
                        expect_key: open == b'{',
                    });
                    i += 1;
                }
                b'}' | b']' => {
                    stack.pop();
                    i += 1;
                }
                b',' => {
                    if let Some(frame) = stack.last_mut().filter(|f| f.object) {
                        frame.expect_key = true;
                        frame.key_secret = false;
                    }
                    i += 1;
                }
                b'-' | b'0'..=b'9' => {
                    let start = i;
                    while i < bytes.len()
                        && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                    {
                        i += 1;
                    }
                    if inside(&stack) {
                        spans.push((start, i));
                    }
                }
                _ => i += 1,
            }
        }
        spans
    }

    /// The spans of secret values in a text that is neither JSON nor a form,
    /// judged by the name each comes under:
    /// - `name=value` and `name: value` pairs, with spaces around the sign
    ///   and the value quoted or not (`passwd=…`, `token = "…"` in TOML or
    ///   INI, `api_key: …` in YAML); an unquoted value runs to a space, `&`,
    ///   `;`, `,` or a quote;
    /// - XML elements and attributes (`<SecretAccessKey>…</SecretAccessKey>`,
    ///   `token="…"`), as AWS's query APIs answer;
    /// - `multipart/form-data` parts (`Content-Disposition: form-data;
    ///   name="token"`, then the part's content).
    fn text_pairs(&self, text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let is_name = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
        let mut spans = Vec::new();
        let mut i = 0;
        while let Some(sign) = bytes[i..]
            .iter()
            .position(|&b| b == b'=' || b == b':')
            .map(|p| i + p)
        {
            let mut name_end = sign;
            while name_end > 0 && bytes[name_end - 1] == b' ' {
                name_end -= 1;
            }
            let mut start = name_end;
            while start > 0 && is_name(bytes[start - 1]) {
                start -= 1;
            }
            let mut value = sign + 1;
            while value < bytes.len() && bytes[value] == b' ' {
                value += 1;
            }
            let quote = bytes
                .get(value)
                .copied()
                .filter(|&b| b == b'"' || b == b'\'');
            let (from, end) = match quote {
                Some(q) => {
                    let from = value + 1;
                    let end = bytes[from..]
                        .iter()
                        .position(|&b| b == q || b == b'\n')
                        .map_or(bytes.len(), |p| from + p);
                    (from, end)
                }
                None => {
                    let mut end = value;
                    while end < bytes.len()
                        && !bytes[end].is_ascii_whitespace()
                        && !matches!(bytes[end], b'&' | b';' | b',' | b'"' | b'\'' | b'<')
                    {
                        end += 1;
                    }
                    (value, end)
                }
            };
            let name = &text[start..name_end];
            // `https://…` is a scheme, not a pair.
            let is_url = bytes[sign] == b':' && text[sign..].starts_with("://");
            if start < name_end && end > from && !is_url {
                if self.is_secret_field(name, false) {
                    spans.push((from, end));
                } else if name.eq_ignore_ascii_case("name")
                    && quote.is_some()
                    && self.is_secret_field(&text[from..end], true)
                    && let Some(part) = multipart_value(text, end)
                {
                    spans.push(part);
                }
            }
            i = end.max(sign + 1);
        }
        spans.extend(self.xml_elements(text));
        spans
    }

    /// The spans of the text of XML elements with a secret name
    /// (`<Token>…</Token>`, `<aws:SecretAccessKey>…`).
    fn xml_elements(&self, text: &str) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut i = 0;
        while let Some(open) = text[i..].find('<').map(|p| i + p) {
            let Some(close) = text[open..].find('>').map(|p| open + p) else {
                break;
            };
            let tag = &text[open + 1..close];
            i = close + 1;
            let name = tag.split_whitespace().next().unwrap_or("");
            if name.is_empty() || name.starts_with(['/', '?', '!']) || tag.ends_with('/') {
                continue;
            }
            let local = name.rsplit(':').next().unwrap_or(name);
            if !self.is_secret_field(local, false) {
                continue;
            }
            let content_end = text[i..].find('<').map_or(text.len(), |p| i + p);
            if text[content_end..].starts_with(&format!("</{name}>")) && content_end > i {
                spans.push((i, content_end));
            }
        }
        spans
    }
}

/// The content of the `multipart/form-data` part whose header ends at `at`
/// (after its `name="…"`): from the blank line to the next boundary.
fn multipart_value(text: &str, at: usize) -> Option<(usize, usize)> {
    let blank = text[at..].find("\r\n\r\n")? + at + 4;
    let end = text[blank..]
        .find("\r\n--")
        .map_or(text.len(), |p| blank + p);
    (end > blank).then_some((blank, end))
}

fn is_form(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|t| {
        t.to_ascii_lowercase()
            .contains("application/x-www-form-urlencoded")
    })
}

fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// Where the JSON string starting at `start` (its `"`) ends, past its closing
/// quote (or the end of the text).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// A JSON scalar's text as a value: a string decoded, a number as written.
fn json_scalar(raw: &str) -> String {
    if raw.starts_with('"') {
        serde_json::from_str::<String>(raw).unwrap_or_else(|_| raw.trim_matches('"').to_owned())
    } else {
        raw.to_owned()
    }
}

/// `bytes` with `%XX` and `\/` decoded, and where each decoded byte began
/// in `bytes` (one more entry for the end); `None` when there is no escape.
fn canonical(bytes: &[u8]) -> Option<(Vec<u8>, Vec<usize>)> {
    if !bytes.iter().any(|&b| b == b'%' || b == b'\\') {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut starts = Vec::with_capacity(bytes.len() + 1);
    let mut i = 0;
    while i < bytes.len() {
        starts.push(i);
        match bytes[i..] {
            [b'%', high, low, ..] if hex(high, low).is_some() => {
                out.push(hex(high, low).unwrap_or_default());
                i += 3;
            }
            [b'\\', b'/', ..] => {
                out.push(b'/');
                i += 2;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    starts.push(bytes.len());
    Some((out, starts))
}

fn hex(high: u8, low: u8) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(high)? * 16 + digit(low)?) as u8)
}

/// The patterns that find a value in a [`canonical`] text: the value decoded
/// (it was written as is or percent-encoded), as it is (it was encoded
/// twice), a space as `+` (a form), JSON-escaped (a quote or a control
/// character inside a JSON text that did not parse).
fn spellings(value: &str) -> Vec<Vec<u8>> {
    let plain = |bytes: &[u8]| canonical(bytes).map_or_else(|| bytes.to_vec(), |(c, _)| c);
    let mut all = vec![plain(value.as_bytes()), value.as_bytes().to_vec()];
    if value.contains(' ') {
        all.push(plain(value.replace(' ', "+").as_bytes()));
    }
    let quoted = serde_json::to_string(value).unwrap_or_default();
    if quoted.len() >= 2 {
        all.push(plain(&quoted.as_bytes()[1..quoted.len() - 1]));
    }
    all.retain(|pattern| !pattern.is_empty());
    all.sort();
    all.dedup();
    all
}

/// A query value decoded (`+` a space).
fn decode(value: &str) -> String {
    percent_decode_str(&value.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
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
    let decoded = decode(raw);
    // `user[password]` is judged by `password`; `token[]` (a list) by `token`.
    match decoded.rsplit_once('[') {
        Some((head, last)) if last.trim_end_matches(']').is_empty() => head
            .rsplit('[')
            .next()
            .unwrap_or(head)
            .trim_end_matches(']')
            .to_owned(),
        Some((_, last)) => last.trim_end_matches(']').to_owned(),
        None => decoded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_judged_by_their_words() {
        let scrub = Scrub::default();
        for secret in [
            "apiKey",
            "api_key",
            "X-Api-Key",
            "X-Goog-Api-Key",
            "apikey",
            "X-Amz-Signature",
            "X-Amz-Credential",
            "X-Amz-Security-Token",
            "private_token",
            "PRIVATE-TOKEN",
            "SecretAccessKey",
            "apiSecret",
            "pwd",
            "passphrase",
            "passwd",
            "authorization",
            "bearer",
            "signature",
            "sig",
            "token",
            "accessToken",
            "refresh-token",
            "otp",
            "privateKey",
            "user[password]",
            "token[]",
            "auth",
            "jwt",
            "pass",
            "sessionid",
            "appid",
            "subscription-key",
            "license_key",
            "master_key",
            "app_key",
        ] {
            assert!(
                scrub.is_secret_field(&field_name(secret), false),
                "{secret}"
            );
        }
        for kept in [
            "author",
            "primary_key",
            "error_code",
            "code",
            "token_type",
            "name",
            "id",
            "oauth_provider",
            "password_policy",
            "auth_type",
            "session",
            "passport",
        ] {
            assert!(!scrub.is_secret_field(kept, false), "{kept}");
        }
        assert!(scrub.is_secret_field("code", true));
        assert!(scrub.is_secret_field("key", true));
        assert!(!scrub.is_secret_field("key", false));
        for described in [
            "token_expires_at",
            "api_key_id",
            "api_key_name",
            "PasswordLastUsed",
            "secret_version",
            "promptTokenCount",
        ] {
            assert!(!scrub.is_secret_field(described, false), "{described}");
        }
        assert!(!scrub.is_secret_field("error_code", true));
    }

    #[test]
    fn words_split_at_case_changes_and_separators() {
        assert_eq!(words("SecretAccessKey"), ["secret", "access", "key"]);
        assert_eq!(
            words("XMLHttp_request-ID"),
            ["xml", "http", "request", "id"]
        );
    }

    #[test]
    fn a_value_reads_the_same_placeholder_everywhere() {
        let mut scrub = Scrub::default();
        scrub.learn_message(&[], None, br#"{"token": "s3cr3t/x y"}"#, Side::Answer);
        let p = scrub.placeholder("s3cr3t/x y");
        assert_eq!(p, "scrubbed-1");
        assert_eq!(
            scrub.query("q=s3cr3t%2Fx+y&page=2"),
            format!("q={p}&page=2")
        );
        assert_eq!(scrub.text("/t/s3cr3t%2fx%20y/z"), format!("/t/{p}/z"));
        assert_eq!(
            scrub.text(r#"{"v":"s3cr3t\/x y"}"#),
            format!(r#"{{"v":"{p}"}}"#)
        );
    }

    #[test]
    fn only_answers_values_are_numbered() {
        let mut scrub = Scrub::default();
        scrub.learn(
            &[("authorization".into(), "Bearer abcdefgh123".into())],
            Side::Request,
        );
        scrub.learn(&[("x-next".into(), "handed-out-1".into())], Side::Answer);
        scrub.learn(
            &[("private-token".into(), "glpat-0123456".into())],
            Side::Request,
        );
        scrub.learn(&[("x-token".into(), "handed-out-2".into())], Side::Answer);
        // A header not credential-named in an answer is numbered, not hunted.
        assert_eq!(
            scrub.text("abcdefgh123 glpat-0123456 handed-out-1 handed-out-2"),
            "scrubbed scrubbed handed-out-1 scrubbed-2"
        );
        let mut headers = Headers::from_pairs([
            ("Authorization".to_owned(), "Bearer abcdefgh123".to_owned()),
            ("Content-Type".to_owned(), "text/plain".to_owned()),
            ("X-Next".to_owned(), "handed-out-1".to_owned()),
        ]);
        scrub.headers(&mut headers);
        assert_eq!(
            headers.get("authorization").as_deref(),
            Some("Bearer scrubbed")
        );
        assert_eq!(headers.get("content-type").as_deref(), Some("text/plain"));
        assert_eq!(headers.get("x-next").as_deref(), Some("scrubbed-1"));
    }

    #[test]
    fn what_a_test_reads_is_not_hunted_from_plain_request_headers() {
        // A version date sent in a plain header, and a password that is also
        // a word of field names: neither may rewrite an answer's fields.
        let mut scrub = Scrub::default();
        scrub.learn(
            &[
                ("x-github-api-version".into(), "2022-11-28".into()),
                ("x-tenant-version".into(), "2023-10-16".into()),
                ("x-tenant-key".into(), "tk-98765432".into()),
            ],
            Side::Request,
        );
        scrub.learn_message(&[], None, br#"{"password":"password"}"#, Side::Request);
        let mut answer: Value = serde_json::from_str(
            r#"{"created_at":"2022-11-28T10:00:00Z","since":"2023-10-16","password_changed":true,"echo":"tk-98765432"}"#,
        )
        .unwrap();
        scrub.json(&mut answer);
        assert_eq!(answer["created_at"], "2022-11-28T10:00:00Z");
        assert_eq!(answer["since"], "2023-10-16");
        assert_eq!(answer["password_changed"], true);
        assert_eq!(answer["echo"], "scrubbed");
        let mut headers = Headers::from_pairs([
            ("X-GitHub-Api-Version".to_owned(), "2022-11-28".to_owned()),
            ("X-Tenant-Version".to_owned(), "2023-10-16".to_owned()),
        ]);
        scrub.headers(&mut headers);
        assert_eq!(
            headers.get("x-github-api-version").as_deref(),
            Some("2022-11-28")
        );
        assert_eq!(headers.get("x-tenant-version").as_deref(), Some("scrubbed"));
    }

    #[test]
    fn bodies_that_are_not_plain_utf8_json_are_learnt_from() {
        let mut scrub = Scrub::default();
        scrub.learn_message(
            &[(
                "content-type".into(),
                "application/x-www-form-urlencoded".into(),
            )],
            None,
            b"password=hunter2xyz&name=J\xFCrgen",
            Side::Request,
        );
        for body in [
            "\u{feff}{\"token\":\"bom-token-12345\"}",
            ")]}'\n{\"token\":\"xssi-token-12345\"}",
            "cb({\"token\":\"jsonp-token-12345\"})",
        ] {
            scrub.learn_message(&[], None, body.as_bytes(), Side::Answer);
        }
        let out = scrub.text("hunter2xyz bom-token-12345 xssi-token-12345 jsonp-token-12345");
        assert!(
            !out.contains("hunter2xyz") && !out.contains("token-12345"),
            "{out}"
        );
    }

    #[test]
    fn basic_credentials_are_hunted_decoded_too() {
        let mut scrub = Scrub::default();
        scrub.learn(
            &[("authorization".into(), "Basic dXNlcjpodW50ZXIyeHl6".into())],
            Side::Request,
        );
        let out = scrub.text("https://user:hunter2xyz@h/ and hunter2xyz");
        assert!(!out.contains("hunter2xyz"), "{out}");
    }

    #[test]
    fn json_deeper_than_a_parser_reads_is_scanned() {
        let depth = 200;
        let text = format!(
            "{}{{\"token\":\"deep-secret-1\",\"code\":1003}}{}",
            "{\"a\":[".repeat(depth),
            "]}".repeat(depth)
        );
        assert!(serde_json::from_str::<Value>(&text).is_err());
        let mut scrub = Scrub::default();
        scrub.learn_message(&[], None, text.as_bytes(), Side::Answer);
        let mut body = Body::from_bytes(text.as_bytes(), Some("application/json"));
        scrub.body(&mut body, Some("application/json"));
        let out = body.body_text.unwrap();
        assert!(!out.contains("deep-secret-1"), "{out}");
        assert!(out.contains(r#""token":"scrubbed-1","code":1003"#), "{out}");
    }

    #[test]
    fn config_files_xml_and_multipart_are_scrubbed() {
        for (content_type, text, secret) in [
            (
                "text/plain",
                "token = \"glrt-abcdefgh1234\"\nurl = \"https://x.test\"",
                "glrt-abcdefgh1234",
            ),
            ("text/plain", "password='hunter2xyz'", "hunter2xyz"),
            ("text/yaml", "api_key: k-12345678\nname: web", "k-12345678"),
            (
                "text/xml",
                "<Credentials><AccessKeyId>AKIA1</AccessKeyId><SecretAccessKey>wJalrXUtnFEMI</SecretAccessKey></Credentials>",
                "wJalrXUtnFEMI",
            ),
            (
                "multipart/form-data; boundary=X",
                "--X\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nazGDORePK8gMaC0Q\r\n--X--",
                "azGDORePK8gMaC0Q",
            ),
        ] {
            let mut scrub = Scrub::default();
            let headers = [("content-type".to_owned(), content_type.to_owned())];
            scrub.learn_message(&headers, None, text.as_bytes(), Side::Answer);
            let mut body = Body::from_bytes(text.as_bytes(), Some(content_type));
            scrub.body(&mut body, Some(content_type));
            let out = body.body_text.unwrap_or_default();
            assert!(!out.contains(secret), "{content_type}: {out}");
        }
        let mut scrub = Scrub::default();
        let kept = "url = \"https://x.test/a\"\n<Name>web-1234567</Name>";
        scrub.learn_message(&[], None, kept.as_bytes(), Side::Answer);
        assert_eq!(scrub.text(kept), kept);
    }

    #[test]
    fn text_pairs_are_scrubbed() {
        let mut scrub = Scrub::default();
        let text = "user=ada passwd=hunter2 apikey=k-12345678&page=2";
        scrub.learn_message(&[], None, text.as_bytes(), Side::Request);
        let mut body = Body::from_bytes(text.as_bytes(), Some("text/plain"));
        scrub.body(&mut body, Some("text/plain"));
        assert_eq!(
            body.body_text.as_deref(),
            Some("user=ada passwd=scrubbed apikey=scrubbed&page=2")
        );
    }
}
