//! What a cassette scrubs before anything is written, and how.
//!
//! Deny by default:
//!
//! - **Headers**: a value is written only for a header on [`KEPT_HEADERS`]
//!   (content type, accept, user agent, length, caching and paging headers:
//!   names known to carry no credential) or named by `keep_header`, and not
//!   named by `scrub_header`; every other header's value is replaced, but for
//!   an answer's header holding one URL (Azure's `Operation-Location`),
//!   which is written as a URL with its fields scrubbed so replay can follow
//!   it. `Location`, `Content-Location` and `Link` keep their URLs the same
//!   way.
//! - **Fields** of a query (`&` or `;` separated), a form body, a URL's
//!   fragment, a JSON body (at any depth: JSON too deep for a parser is
//!   scanned as text), a URL inside a JSON string and `name=value` pairs in a
//!   text body are scrubbed when their name looks like a credential, judged
//!   by its words (`apiKey`, `api_key`, `X-Api-Key` → api, key): see
//!   [`Scrub::is_secret_field`]. What a test reads stays: `code` is a
//!   credential only in a query or a form (OAuth's), so `errors[].code` stays;
//!   `author`, `primary_key`, `error_code` and `token_type` stay, and
//!   `keep_field` keeps more.
//! - **URL passwords**: the password of every `scheme://user:password@`, in
//!   any text, whatever its length.
//! - **Values**: every value scrubbed above, and every value the test names,
//!   is learnt and replaced wherever else it appears (paths, queries, headers,
//!   bodies, as is, JSON-escaped or percent-encoded), if it has at least
//!   [`LEARNT_MIN`] characters: a shorter one is replaced where it was found
//!   (its header or field) but not hunted elsewhere, where it would scrub
//!   unrelated text. So is a value deeper in an object under a credential
//!   name that does not look like a token (a `credentials` object's
//!   `status`). Values the test names are hunted whatever their length.
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
//! Learnt values are found by Aho-Corasick automata, one pass each over a
//! text, so scrubbing time grows with the size of the recording, not with
//! its size times the number of secrets; replay, which learns as requests
//! come, adds values to the automata in segments (see [`Matchers`]).

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

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

/// Words before `key` (or `keys`) that make it a name rather than a
/// credential: `primary_key`, `sort_key`, `idempotency_key`, `public_key`.
/// Any other word before it is taken for a credential (`api_key`,
/// `STRIPE_KEY`, `x-functions-key`, `license_key`): deny by default, since
/// every vendor names its own key. `CassetteBuilder::keep_field` keeps one
/// that is not.
const KEY_NAMES: [&str; 52] = [
    "attribute",
    "cache",
    "child",
    "column",
    "composite",
    "config",
    "dedup",
    "dedupe",
    "deduplication",
    "dimension",
    "display",
    "entity",
    "field",
    "file",
    "first",
    "foreign",
    "group",
    "hash",
    "i18n",
    "idempotency",
    "index",
    "issue",
    "item",
    "label",
    "last",
    "lock",
    "lookup",
    "map",
    "message",
    "metric",
    "natural",
    "next",
    "object",
    "parent",
    "partition",
    "path",
    "primary",
    "project",
    "property",
    "public",
    "range",
    "row",
    "schema",
    "search",
    "setting",
    "sort",
    "surrogate",
    "table",
    "tag",
    "translation",
    "unique",
    "version",
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
#[derive(Debug, Default)]
pub(crate) struct Scrub {
    /// Named by `scrub_header`: scrubbed even when on [`KEPT_HEADERS`].
    headers: BTreeSet<String>,
    /// Named by `scrub_field`, as [`normalize`] writes them.
    fields: BTreeSet<String>,
    /// Named by `keep_header`: written even though not on [`KEPT_HEADERS`].
    kept_headers: BTreeSet<String>,
    /// Named by `keep_field`, as [`normalize`] writes them: never judged a
    /// credential by name (`scrub_field` still wins).
    kept_fields: BTreeSet<String>,
    values: Vec<Learnt>,
    by_text: HashMap<String, usize>,
    /// Values learnt from answers so far, which number their placeholders.
    answers: usize,
    /// The automata that find hunted values, grown as values are learnt.
    matchers: Mutex<Matchers>,
}

impl Clone for Scrub {
    fn clone(&self) -> Self {
        Scrub {
            headers: self.headers.clone(),
            fields: self.fields.clone(),
            kept_headers: self.kept_headers.clone(),
            kept_fields: self.kept_fields.clone(),
            values: self.values.clone(),
            by_text: self.by_text.clone(),
            answers: self.answers,
            matchers: Mutex::new(lock(&self.matchers).clone()),
        }
    }
}

#[derive(Debug, Clone)]
struct Learnt {
    text: String,
    placeholder: String,
    /// Replaced wherever it appears, not only where it was found.
    hunted: bool,
}

/// Every hunted value's spellings, in automata built as values are learnt.
///
/// Values come one request at a time in replay (each may carry a new
/// token), so one automaton rebuilt over all of them after each would cost
/// the square of their number. Instead, like a binary counter, new values
/// form a small automaton and two of about the same size are merged into one:
/// each value is built into O(log n) automata in all, and a text is searched
/// by O(log n) of them. A recording learns everything first and builds one.
#[derive(Debug, Clone, Default)]
struct Matchers {
    /// Largest first; each holds about twice the values of the next or more.
    segments: Vec<Segment>,
    /// Hunted values not yet in a segment (indexes into `Scrub::values`).
    pending: Vec<usize>,
}

/// One automaton over some of the hunted values.
#[derive(Debug, Clone)]
struct Segment {
    /// The values it finds (indexes into `Scrub::values`).
    members: Vec<usize>,
    /// `None` when it could not be built (more patterns than the automaton's
    /// state ids hold): every text searched is then replaced whole, since
    /// writing it unscrubbed would fail open.
    automaton: Option<AhoCorasick>,
    /// Whose value each pattern is.
    owner: Vec<usize>,
}

fn lock(matchers: &Mutex<Matchers>) -> std::sync::MutexGuard<'_, Matchers> {
    matchers
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
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

    pub(crate) fn keep_header(&mut self, name: &str) {
        self.kept_headers.insert(name.trim().to_ascii_lowercase());
    }

    pub(crate) fn keep_field(&mut self, name: &str) {
        self.kept_fields.insert(normalize(name));
    }

    fn is_kept_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        (KEPT_HEADERS.contains(&name.as_str()) || self.kept_headers.contains(&name))
            && !self.headers.contains(&name)
    }

    /// Whether a field named `name` holds a credential. `in_form`: a query or
    /// form field, where OAuth's `code` is one.
    pub(crate) fn is_secret_field(&self, name: &str, in_form: bool) -> bool {
        let normalized = normalize(name);
        if self.fields.contains(&normalized) {
            return true;
        }
        if self.kept_fields.contains(&normalized) {
            return false;
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
            // `tokens`, `access_tokens`, `secrets`, `passwords`: a list of them.
            let one = word.strip_suffix('s').unwrap_or(word);
            SECRET_WORDS.contains(&word.as_str())
                || SECRET_ENDINGS
                    .iter()
                    .any(|end| word.ends_with(end) || one.ends_with(end))
        }) || words.windows(2).any(|pair| {
            (pair[1] == "key" || pair[1] == "keys") && !KEY_NAMES.contains(&pair[0].as_str())
        })
    }

    /// Learns `value`, numbering it if new; `hunt`: replace it everywhere.
    fn remember(&mut self, value: &str, side: Side, hunt: bool) {
        if value.is_empty() || is_placeholder(value) {
            return;
        }
        if let Some(&i) = self.by_text.get(value) {
            if hunt && !self.values[i].hunted {
                self.values[i].hunted = true;
                self.hunt(i);
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
        let i = self.values.len();
        self.by_text.insert(value.to_owned(), i);
        self.values.push(Learnt {
            text: value.to_owned(),
            placeholder,
            hunted: hunt,
        });
        if hunt {
            self.hunt(i);
        }
    }

    /// Value `i` is to be found wherever it appears from now on.
    fn hunt(&mut self, i: usize) {
        self.matchers
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pending
            .push(i);
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

    /// Learns from headers: every value not on the kept list, hunted when
    /// its header is credential-named or a cookie, or when it looks like a
    /// token (letters and digits) and the header is not an answer's URL. A
    /// value with a scheme (`Bearer …`) is learnt by its credential, cookies
    /// by each value too, URLs by their query and fragment fields and their
    /// userinfo.
    pub(crate) fn learn(&mut self, headers: &[(String, String)], side: Side) {
        for (name, value) in headers {
            let name = name.to_ascii_lowercase();
            for (start, end) in userinfo_spans(value) {
                self.learnt(&value[start..end], side);
            }
            let named = name == "set-cookie"
                || name == "cookie"
                || self.headers.contains(&name)
                || self.is_secret_field(&name, false);
            let kept = self.is_kept_header(&name);
            if URL_HEADERS.contains(&name.as_str())
                || (!kept && self.is_answer_url(&name, value, side))
            {
                for query in url_queries(value) {
                    self.learn_query(&query, side);
                }
                if !named {
                    continue;
                }
            }
            if kept {
                continue;
            }
            // A request's plain header that looks like a token is the client's
            // (an API key under a vendor's name); an answer's is hunted only
            // when its name says it is a credential: `openai-model:
            // gpt-4o-2024-08-06` would otherwise rename every `model` field.
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
        for (start, end) in userinfo_spans(text) {
            self.learnt(&text[start..end], side);
        }
        let bare = text.trim_start_matches('\u{feff}');
        if is_form(content_type) {
            self.learn_query(text, side);
        } else if looks_like_json(bare) {
            self.learn_json(bare, side);
        } else {
            for (start, end) in self.text_pairs(text) {
                self.learnt(&text[start..end], side);
            }
            // JSON behind a prefix: `)]}'` against hijacking, JSONP's
            // `callback(`, an event stream's `data: `.
            if let Some(at) = text.find(['{', '[']) {
                self.learn_json(&text[at..], side);
            }
        }
    }

    fn learn_query(&mut self, query: &str, side: Side) {
        for (pair, _) in pairs(query) {
            if let Some((name, value)) = pair.split_once('=')
                && self.is_secret_field(&field_name(name), true)
            {
                self.learnt(&decode(value), side);
            }
        }
    }

    /// Builds one automaton over every spelling of `members`' values.
    fn segment(&self, members: Vec<usize>) -> Segment {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for &i in &members {
            for spelling in spellings(&self.values[i].text) {
                patterns.push(spelling);
                owner.push(i);
            }
        }
        // The NFA as first built: converting it to a faster layout costs
        // more than the few texts a cassette searches gain. Standard
        // semantics, searched for overlapping matches, so that matches from
        // several segments can be chosen from as one automaton would.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        Segment {
            members,
            automaton,
            owner,
        }
    }

    /// Folds values learnt since the last search into the segments.
    fn settle(&self, matchers: &mut Matchers) {
        if matchers.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut matchers.pending);
        let mut segment = self.segment(pending);
        while let Some(last) = matchers.segments.last()
            && last.members.len() <= 2 * segment.members.len()
        // Segments shrink by more than half from one to the next, so
        // there are O(log n) of them; a value merged is rebuilt into a
        // segment at least 1.5 times the size of its last.
        {
            let mut members = matchers
                .segments
                .pop()
                .map(|s| s.members)
                .unwrap_or_default();
            members.extend_from_slice(&segment.members);
            segment = self.segment(members);
        }
        matchers.segments.push(segment);
    }

    /// Replaces every spelling of every hunted value in one pass.
    pub(crate) fn text(&self, text: &str) -> String {
        // Matches start and end where a value's own characters (or their
        // escapes) do, so this stays UTF-8 but for a value split inside an
        // escaped character, which is written lossily rather than dropped.
        let hunted = match String::from_utf8(self.bytes(text.as_bytes())) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        };
        self.userinfo(&hunted)
    }

    /// The same over bytes. The automata run over the text with its `%XX`,
    /// `\/` and `\uXXXX` escapes decoded, so a value is found however it was
    /// percent-encoded (any mix of bytes, either case) or JSON-escaped. Of
    /// overlapping matches the leftmost wins, the longest of those starting
    /// there.
    fn bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut matchers = lock(&self.matchers);
        self.settle(&mut matchers);
        if matchers.segments.is_empty() {
            return bytes.to_vec();
        }
        if matchers.segments.iter().any(|s| s.automaton.is_none()) {
            return UNNUMBERED.as_bytes().to_vec();
        }
        let decoded = canonical(bytes);
        let (haystack, starts) = match &decoded {
            Some((haystack, starts)) => (haystack.as_slice(), Some(starts)),
            None => (bytes, None),
        };
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for segment in &matchers.segments {
            let Some(automaton) = &segment.automaton else {
                continue;
            };
            for m in automaton.find_overlapping_iter(haystack) {
                found.push((m.start(), m.end(), segment.owner[m.pattern().as_usize()]));
            }
        }
        drop(matchers);
        if found.is_empty() {
            return bytes.to_vec();
        }
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let at = |k: usize| starts.map_or(k, |starts| starts[k]);
        // Overlapping matches are merged into one replaced run (values
        // `abc` and `bcdefg` in `abcdefg`: all of it), so no part of a value
        // is left behind; the run reads the placeholder of its first match.
        let mut out = Vec::with_capacity(bytes.len());
        let mut last = 0;
        let mut run: Option<(usize, usize, usize)> = None;
        let flush =
            |out: &mut Vec<u8>, last: &mut usize, (start, end, owner): (usize, usize, usize)| {
                let (start, end) = (at(start), at(end));
                out.extend_from_slice(&bytes[*last..start]);
                out.extend_from_slice(self.values[owner].placeholder.as_bytes());
                *last = end;
            };
        for (start, end, owner) in found {
            run = match run {
                Some((s, e, o)) if start < e => Some((s, e.max(end), o)),
                Some(done) => {
                    flush(&mut out, &mut last, done);
                    Some((start, end, owner))
                }
                None => Some((start, end, owner)),
            };
        }
        if let Some(done) = run {
            flush(&mut out, &mut last, done);
        }
        out.extend_from_slice(&bytes[last..]);
        out
    }

    /// `text` with the password of every `scheme://user:password@` in it
    /// replaced (a token alone before the `@`, as `https://<token>@github.com`
    /// carries one, too): whatever its length, since the place says what it
    /// is.
    fn userinfo(&self, text: &str) -> String {
        let spans = userinfo_spans(text);
        if spans.is_empty() {
            return text.to_owned();
        }
        self.replace_spans(text, &spans, false)
    }

    /// Whether an answer's header that is not kept holds a URL the client
    /// may follow (Azure's `Operation-Location`, a `Refresh`-less poll URL):
    /// written as a URL with its fields scrubbed, rather than replaced whole,
    /// so that replay can follow it. Not for a credential-named header.
    fn is_answer_url(&self, name: &str, value: &str, side: Side) -> bool {
        side == Side::Answer
            && !self.headers.contains(&name.to_ascii_lowercase())
            && !self.is_secret_field(name, false)
            && is_url(value.trim())
    }

    pub(crate) fn headers(&self, headers: &mut Headers, side: Side) {
        headers.map_values(|name, value| {
            if !self.is_kept_header(name) && self.is_answer_url(name, value, side) {
                self.text(&self.url(value.trim()))
            } else if !self.is_kept_header(name) {
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
            // OAuth's implicit grant hands its token out in the fragment:
            // `#access_token=…&token_type=bearer`.
            out.push('#');
            if fragment.contains('=') {
                out.push_str(&self.query(fragment));
            } else {
                out.push_str(fragment);
            }
        }
        out
    }

    /// `a=1&password=x` → `a=1&password=scrubbed`; a bracketed name such as
    /// `user[password]` is judged by its last part.
    pub(crate) fn query(&self, query: &str) -> String {
        let mut out = String::with_capacity(query.len());
        for (pair, separator) in pairs(query) {
            match pair.split_once('=') {
                Some((name, value)) if self.is_secret_field(&field_name(name), true) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(&self.placeholder(&decode(value)));
                }
                _ => out.push_str(pair),
            }
            out.push_str(separator);
        }
        self.text(&out)
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
            Value::String(text) => {
                *text = if has_url_fields(text) {
                    self.text(&self.url(text))
                } else {
                    self.text(text)
                }
            }
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
                let scan = self.json_scan(text);
                let spans: Vec<(usize, usize)> =
                    scan.secrets.iter().map(|s| (s.start, s.end)).collect();
                let replaced = self.replace_spans(text, &spans, true);
                // URLs with fields in strings the scan found, as `json` does
                // for a body that parsed (`{"next": "…?token=…"}` as NDJSON).
                let rescan = self.json_scan(&replaced);
                let mut out = String::with_capacity(replaced.len());
                let mut last = 0;
                for (start, end) in rescan.urls {
                    out.push_str(&replaced[last..start]);
                    let url = json_scalar(&replaced[start..end]);
                    out.push_str(&serde_json::to_string(&self.url(&url)).unwrap_or_default());
                    last = end;
                }
                out.push_str(&replaced[last..]);
                self.text(&out)
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
        // Spans come from several readers (pairs, XML, multipart parts) and
        // may nest or overlap: the outermost of overlapping ones is replaced.
        let mut spans = spans.to_vec();
        spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for (start, end) in spans {
            if start < last {
                continue;
            }
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

    /// The strings and numbers under a secret field of a JSON text, and its
    /// other strings that are URLs with fields, found by a scan that keeps
    /// its nesting on the heap, so any depth is read (a parser into
    /// [`Value`] stops at 128 levels). It does not validate: in text that is
    /// not quite JSON it finds what it can.
    fn json_scan(&self, text: &str) -> JsonScan {
        struct Frame {
            object: bool,
            /// Inside a secret field, at any depth.
            secret: bool,
            /// An array that is a secret field's value (or one inside such an
            /// array): its elements are that field's values.
            direct: bool,
            /// The current key of an object is a secret field.
            key_secret: bool,
            expect_key: bool,
        }
        // Whether a scalar here is secret, and whether it is a secret field's
        // own value (or one of a list of them) rather than a value deeper in
        // an object under a secret name.
        let place = |stack: &[Frame]| match stack.last() {
            Some(f) if f.object && f.key_secret => Some(true),
            Some(f) if !f.object && f.direct => Some(true),
            Some(f) if f.secret => Some(false),
            _ => None,
        };
        let bytes = text.as_bytes();
        let mut stack: Vec<Frame> = Vec::new();
        let mut scan = JsonScan::default();
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
                    } else if let Some(direct) = place(&stack) {
                        scan.secrets.push(Span {
                            start: i,
                            end,
                            direct,
                        });
                    } else if has_url_fields(&text[i..end]) {
                        scan.urls.push((i, end));
                    }
                    i = end;
                }
                open @ (b'{' | b'[') => {
                    let place = place(&stack);
                    stack.push(Frame {
                        object: open == b'{',
                        secret: place.is_some(),
                        direct: open == b'[' && place == Some(true),
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
                    if let Some(direct) = place(&stack) {
                        scan.secrets.push(Span {
                            start,
                            end: i,
                            direct,
                        });
                    }
                }
                _ => i += 1,
            }
        }
        scan
    }

    /// Learns what a [`json_scan`](Self::json_scan) of `json` found.
    fn learn_json(&mut self, json: &str, side: Side) {
        let scan = self.json_scan(json);
        for span in scan.secrets {
            let value = json_scalar(&json[span.start..span.end]);
            if span.direct {
                self.learnt(&value, side);
            } else {
                // A value deeper in an object under a secret name (a
                // `credentials` object's `status`, `region`, `expires`) is
                // replaced where it is, but hunted elsewhere only when it
                // looks like a token: a word such as `inactive` would scrub
                // every field that holds it.
                let hunt = value.chars().count() >= LEARNT_MIN && looks_like_token(&value);
                self.remember(&value, side, hunt);
            }
        }
        for (start, end) in scan.urls {
            for query in url_queries(&json_scalar(&json[start..end])) {
                self.learn_query(&query, side);
            }
        }
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

/// What [`Scrub::json_scan`] finds in a JSON text.
#[derive(Default)]
struct JsonScan {
    /// Scalars under secret fields.
    secrets: Vec<Span>,
    /// Other strings that are URLs with query or fragment fields.
    urls: Vec<(usize, usize)>,
}

/// A scalar under a secret field, from `start` to `end` in the text;
/// `direct`: the field's own value, or one of a list of them.
struct Span {
    start: usize,
    end: usize,
    direct: bool,
}

/// Whether a header value is one URL: absolute `http(s)`, or a path with a
/// query (a bare `/…` may be an opaque token: base64 starts with `/` too).
fn is_url(value: &str) -> bool {
    !value.contains(char::is_whitespace)
        && (value.starts_with("https://")
            || value.starts_with("http://")
            || (value.starts_with('/') && !value.starts_with("//") && value.contains('?')))
}

/// Whether a string (a JSON string as written, quotes and all, or decoded)
/// is a URL with query or fragment fields: no spaces, a scheme or a leading
/// `/`, and a `?` or `#` followed by a `=`.
fn has_url_fields(text: &str) -> bool {
    let text = text.trim_matches('"');
    !text.contains(char::is_whitespace)
        && (text.contains("://")
            || text.contains(":\\/\\/")
            || text.starts_with('/')
            || text.starts_with("\\/"))
        && text
            .find(['?', '#'])
            .is_some_and(|at| text[at..].contains('='))
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

/// The spans of the credentials in the URLs' userinfo in `text`: the
/// password of `scheme://user:password@host`, or the whole userinfo when it
/// has no `:` and looks like a token. Linear: each scan from a `://` stops
/// at the first `/`, so no byte is scanned twice.
fn userinfo_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find(':').map(|p| from + p) {
        let rest = &text[at..];
        let start = if rest.starts_with("://") {
            at + 3
        } else if rest.starts_with(":\\/\\/") {
            // `https:\/\/user:pass@…` inside JSON text.
            at + 5
        } else {
            from = at + 1;
            continue;
        };
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric()
                || matches!(
                    bytes[end],
                    b'-' | b'.'
                        | b'_'
                        | b'~'
                        | b'%'
                        | b'!'
                        | b'$'
                        | b'&'
                        | b'\''
                        | b'('
                        | b')'
                        | b'*'
                        | b'+'
                        | b','
                        | b';'
                        | b'='
                        | b':'
                ))
        {
            end += 1;
        }
        // A password may hold `@` itself: the userinfo ends at the last `@`
        // before the host.
        while bytes.get(end) == Some(&b'@') {
            let mut next = end + 1;
            while next < bytes.len()
                && (bytes[next].is_ascii_alphanumeric()
                    || matches!(
                        bytes[next],
                        b'-' | b'.'
                            | b'_'
                            | b'~'
                            | b'%'
                            | b'!'
                            | b'$'
                            | b'&'
                            | b'\''
                            | b'('
                            | b')'
                            | b'*'
                            | b'+'
                            | b','
                            | b';'
                            | b'='
                            | b':'
                    ))
            {
                next += 1;
            }
            if bytes.get(next) == Some(&b'@') {
                end = next;
            } else {
                break;
            }
        }
        if bytes.get(end) == Some(&b'@') && end > start {
            let userinfo = &text[start..end];
            match userinfo.find(':') {
                Some(colon) if colon + 1 < userinfo.len() => spans.push((start + colon + 1, end)),
                Some(_) => {}
                None if looks_like_token(userinfo) => spans.push((start, end)),
                None => {}
            }
        }
        from = end.max(start);
    }
    spans
}

/// `bytes` with `%XX`, `\/` and `\uXXXX` decoded, and where each decoded
/// byte began in `bytes` (one more entry for the end); `None` when there is
/// no escape.
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
            // `\u0026` as Go's encoder writes `&`, `\u002f` a `/`: the
            // character's UTF-8 bytes, each starting where the escape does.
            [b'\\', b'u', a, b, c, d, ..] if unicode_escape([a, b, c, d]).is_some() => {
                let ch = unicode_escape([a, b, c, d]).unwrap_or_default();
                let mut buf = [0; 4];
                for &byte in ch.encode_utf8(&mut buf).as_bytes() {
                    out.push(byte);
                    starts.push(i);
                }
                starts.pop();
                i += 6;
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

/// The character a `\uXXXX` escape's four hex digits name (not a surrogate).
fn unicode_escape(digits: [u8; 4]) -> Option<char> {
    let text = std::str::from_utf8(&digits).ok()?;
    char::from_u32(u32::from_str_radix(text, 16).ok()?)
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
    // Encoded twice (`%252B`): the text decoded once still holds `%2B`.
    let encoded = percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    if encoded != value {
        all.push(encoded.into_bytes());
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

/// The fields of a query, each with the separator after it (`&`, or `;` as
/// some servers also take, or nothing for the last).
fn pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = Some(query);
    std::iter::from_fn(move || {
        let text = rest?;
        // A `;` followed by no `name=` is part of a value (`password=a;b`).
        let mut from = 0;
        let found = loop {
            match text[from..].find(['&', ';']).map(|p| from + p) {
                Some(at) if text.as_bytes()[at] == b';' => {
                    let next = &text[at + 1..];
                    let field = &next[..next.find(['&', ';']).unwrap_or(next.len())];
                    if field.contains('=') {
                        break Some(at);
                    }
                    from = at + 1;
                }
                other => break other,
            }
        };
        match found {
            Some(at) => {
                rest = Some(&text[at + 1..]);
                Some((&text[..at], &text[at..=at]))
            }
            None => {
                rest = None;
                Some((text, ""))
            }
        }
    })
}

/// A query value decoded (`+` a space).
fn decode(value: &str) -> String {
    percent_decode_str(&value.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The query and fragment fields of every URL in a header value
/// (`Location`'s, `Link`'s) or a JSON string that is a URL.
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
    let mut queries = Vec::new();
    for url in urls {
        let (url, fragment) = url.split_once('#').unwrap_or((url, ""));
        if let Some((_, query)) = url.split_once('?') {
            queries.push(query.to_owned());
        }
        if fragment.contains('=') {
            queries.push(fragment.to_owned());
        }
    }
    queries
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
        // An answer's header that is not credential-named is numbered where
        // it is, not hunted (`openai-model: gpt-4o-…` would rename fields).
        assert_eq!(
            scrub.text("abcdefgh123 glpat-0123456 handed-out-1 handed-out-2"),
            "scrubbed scrubbed handed-out-1 scrubbed-2"
        );
        let mut headers = Headers::from_pairs([
            ("Authorization".to_owned(), "Bearer abcdefgh123".to_owned()),
            ("Content-Type".to_owned(), "text/plain".to_owned()),
            ("X-Next".to_owned(), "handed-out-1".to_owned()),
        ]);
        scrub.headers(&mut headers, Side::Answer);
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
        scrub.headers(&mut headers, Side::Answer);
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

    #[test]
    fn a_key_is_a_credential_unless_its_first_word_names_something() {
        let scrub = Scrub::default();
        for secret in ["STRIPE_KEY", "openaiKey", "x-functions-key", "api_keys"] {
            assert!(scrub.is_secret_field(secret, false), "{secret}");
        }
        for kept in ["sort_key", "idempotencyKey", "public_key", "partition-key"] {
            assert!(!scrub.is_secret_field(kept, false), "{kept}");
        }
        let mut scrub = Scrub::default();
        scrub.keep_field("routing_key");
        scrub.keep_field("api_key");
        scrub.field("api_key");
        assert!(!scrub.is_secret_field("routingKey", false));
        assert!(scrub.is_secret_field("api_key", false), "scrub_field wins");
    }

    #[test]
    fn userinfo_in_any_url_is_scrubbed_whatever_its_length() {
        let mut scrub = Scrub::default();
        let body = r#"{"clone":"https://ada:pw1@git.test/r.git","db":"postgres://u:hunter2xyz@db/x","gh":"https:\/\/ghp_abc123def456@github.com\/x","plain":"https://git.test/r"}"#;
        scrub.learn_message(&[], None, body.as_bytes(), Side::Answer);
        let mut value: Value = serde_json::from_str(body).unwrap();
        scrub.json(&mut value);
        // Short, so numbered but not hunted: replaced where a URL holds it.
        assert_eq!(value["clone"], "https://ada:scrubbed-1@git.test/r.git");
        assert_eq!(value["db"], "postgres://u:scrubbed-2@db/x");
        assert_eq!(value["gh"], "https://scrubbed-3@github.com/x");
        assert_eq!(value["plain"], "https://git.test/r");
        assert_eq!(scrub.text("echo hunter2xyz"), "echo scrubbed-2");
        let text = r#"see https:\/\/u:pw1@h\/ or https://u2:pw2@h/"#;
        assert_eq!(
            scrub.text(text),
            r#"see https:\/\/u:scrubbed-1@h\/ or https://u2:scrubbed@h/"#
        );
    }

    #[test]
    fn fragments_semicolons_and_unicode_escapes_are_read() {
        let mut scrub = Scrub::default();
        let location = "https://app.test/cb#access_token=imp-0123456789&token_type=bearer";
        let headers = [("location".to_owned(), location.to_owned())];
        scrub.learn(&headers, Side::Answer);
        let mut written = Headers::from_pairs([("Location".to_owned(), location.to_owned())]);
        scrub.headers(&mut written, Side::Answer);
        assert_eq!(
            written.get("location").as_deref(),
            Some("https://app.test/cb#access_token=scrubbed-1&token_type=bearer")
        );
        scrub.learn_message(&[], Some("a=1;sig=semi-0123456789"), b"", Side::Request);
        assert_eq!(
            scrub.query("a=1;sig=semi-0123456789&b=2"),
            "a=1;sig=scrubbed&b=2"
        );
        // Go's encoder writes `&` as `\u0026`; a value may be escaped too.
        assert_eq!(
            scrub.text(r#"{"u":"\u0069mp-0123456789","v":"x\u0026y"}"#),
            r#"{"u":"scrubbed-1","v":"x\u0026y"}"#
        );
    }

    #[test]
    fn urls_in_json_strings_and_answer_headers_keep_their_shape() {
        let mut scrub = Scrub::default();
        let body = r#"{"download":"https://s3.test/b/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abcdef0123456789&x-id=GetObject"}"#;
        let headers = [
            (
                "operation-location".to_owned(),
                "https://api.test/ops/op-77?api-version=2024-01-01&sig=opsig-123456789".to_owned(),
            ),
            ("x-request-id".to_owned(), "req-0123456789".to_owned()),
        ];
        scrub.learn_message(&headers, None, body.as_bytes(), Side::Answer);
        let mut value: Value = serde_json::from_str(body).unwrap();
        scrub.json(&mut value);
        let download = value["download"].as_str().unwrap();
        assert!(
            download.starts_with("https://s3.test/b/o?X-Amz-Credential=scrubbed-")
                && download.ends_with("&x-id=GetObject")
                && !download.contains("abcdef0123456789"),
            "{download}"
        );
        let mut written = Headers::from_pairs(headers.clone());
        scrub.headers(&mut written, Side::Answer);
        let operation = written.get("operation-location").unwrap();
        assert!(
            operation
                .starts_with("https://api.test/ops/op-77?api-version=2024-01-01&sig=scrubbed-"),
            "{operation}"
        );
        let id = written.get("x-request-id").unwrap();
        assert!(id.starts_with("scrubbed-"), "{id}");
        // Not credential-named, so not hunted in bodies.
        assert_eq!(scrub.text("id req-0123456789"), "id req-0123456789");
    }

    #[test]
    fn words_deep_in_a_secret_object_are_not_hunted_elsewhere() {
        let mut scrub = Scrub::default();
        let body = r#"{"credentials":{"status":"inactive","region":"eu-west-1","key":"AKIAabcdef123456"},"state":"inactive"}"#;
        scrub.learn_message(&[], None, body.as_bytes(), Side::Answer);
        let mut value: Value = serde_json::from_str(body).unwrap();
        scrub.json(&mut value);
        assert_eq!(value["state"], "inactive");
        assert!(
            value["credentials"]
                .as_object()
                .unwrap()
                .values()
                .all(|v| v.as_str().is_some_and(is_placeholder)),
            "{value}"
        );
        assert_eq!(
            scrub.text("AKIAabcdef123456").as_str(),
            scrub.placeholder("AKIAabcdef123456")
        );
    }

    #[test]
    fn values_learnt_one_at_a_time_are_all_found() {
        // Segments built as values come, and overlapping matches chosen as
        // one automaton would: `abcdefg` with values abc, bcd and defg.
        let mut scrub = Scrub::default();
        scrub.value("bcd");
        scrub.value("defg");
        assert_eq!(scrub.text("xbcdx"), "xscrubbedx");
        scrub.value("abc");
        // Overlapping matches are one run: nothing of a value is left.
        assert_eq!(scrub.text("abcdefg"), "scrubbed");
        assert_eq!(scrub.text("xbcdefgx"), "xscrubbedx");
        let mut scrub = Scrub::default();
        for i in 0..300 {
            scrub.remember(&format!("token-{i:04}-xyz"), Side::Answer, true);
            // A search after each, as replay does.
            assert_eq!(
                scrub.text(&format!("<token-{i:04}-xyz>")),
                format!("<scrubbed-{}>", i + 1)
            );
        }
        let all: String = (0..300).map(|i| format!("token-{i:04}-xyz ")).collect();
        let out = scrub.text(&all);
        assert!(!out.contains("token-"), "{out}");
        assert!(lock(&scrub.matchers).segments.len() <= 10);
    }

    #[test]
    fn second_review_findings() {
        // Nested and out-of-order spans (XML after pairs, a multipart part
        // holding pairs) are replaced without a panic.
        for (content_type, text, secret) in [
            (
                "text/xml",
                r#"<Token>abcd</Token><User password="efghijkl"/>"#,
                "efghijkl",
            ),
            (
                "multipart/form-data; boundary=X",
                "--X\r\nContent-Disposition: form-data; name=\"credentials\"\r\n\r\naws_secret_access_key = abcdwxyz\r\n--X--",
                "abcdwxyz",
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
        // Overlapping values leave no tail.
        let mut scrub = Scrub::default();
        scrub.value("abc");
        scrub.value("bcdefghijk");
        assert_eq!(scrub.text("xabcdefghijkx"), "xscrubbedx");
        // A password with `@` in it.
        let text = "postgres://u:p@ss-w0rd-long@db.test/x";
        let mut scrub = Scrub::default();
        scrub.learn_message(&[], None, text.as_bytes(), Side::Answer);
        assert_eq!(scrub.text(text), "postgres://u:scrubbed-1@db.test/x");
        // Plural names hold lists of credentials.
        let scrub = Scrub::default();
        for name in [
            "tokens",
            "access_tokens",
            "secrets",
            "passwords",
            "refreshTokens",
        ] {
            assert!(scrub.is_secret_field(name, false), "{name}");
        }
        // An answer header that is a bare `/…` (base64) is not a URL.
        let mut scrub = Scrub::default();
        let headers = [(
            "x-session-state".to_owned(),
            "/Zm9vYmFyMTIzNDU2Nzg5".to_owned(),
        )];
        scrub.learn(&headers, Side::Answer);
        let mut written = Headers::from_pairs(headers.clone());
        scrub.headers(&mut written, Side::Answer);
        assert!(
            written
                .get("x-session-state")
                .unwrap()
                .starts_with("scrubbed")
        );
    }

    #[test]
    fn values_split_by_semicolons_encoded_twice_or_in_text_json_urls() {
        let mut scrub = Scrub::default();
        scrub.learn_message(&[], Some("password=p;ssw0rd-tail&a=1"), b"", Side::Request);
        assert_eq!(
            scrub.query("password=p;ssw0rd-tail&a=1"),
            "password=scrubbed&a=1"
        );
        let mut scrub = Scrub::default();
        scrub.learn(
            &[("authorization".into(), "Bearer abc+def/ghi=jkl".into())],
            Side::Request,
        );
        assert_eq!(
            scrub.text("/cb?next=%2Fx%3Ft%3Dabc%252Bdef%252Fghi%253Djkl"),
            "/cb?next=%2Fx%3Ft%3Dscrubbed"
        );
        let text = "{\"next\":\"https://x.test/p?token=ab12\"}\n{\"next\":\"\\/cb?token=cd34\"}";
        let mut scrub = Scrub::default();
        scrub.learn_message(&[], None, text.as_bytes(), Side::Answer);
        let mut body = Body::from_bytes(text.as_bytes(), Some("application/x-ndjson"));
        scrub.body(&mut body, Some("application/x-ndjson"));
        let out = body.body_text.unwrap_or_default();
        assert!(!out.contains("ab12") && !out.contains("cd34"), "{out}");
    }
}
