//! Reading an API's messages out of a failure body in one streaming pass: no
//! `serde_json::Value` of the body is built, at most
//! [`MAX_API_MESSAGES`](crate::MAX_API_MESSAGES) messages are, and the rest are
//! only counted, so a failure body of millions of tiny messages costs no more
//! memory than its own bytes.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::{ApiMessage, ApiMessages};

/// Reads an API's messages from a failure body in the common shapes:
///
/// | shape | who | code, message, field |
/// |---|---|---|
/// | `{"errors": [{"code", "message" \| "detail" \| "title", "meta": {"source_field"}}]}` | Cloudflare, Pterodactyl, JSON:API | as named |
/// | `{"errors": ["text"]}`, `{"message": "text"}`, RFC 9457 `{"title", "detail"}` | many | the text |
/// | `{"error": "text"}`, `{"error": {"message", "code"}}` | many | as named |
/// | `{"error": "not_authorized", "reason": "Login failed"}` (`reason` may be a list) | CouchDB, RabbitMQ | `error`, `reason` |
/// | `{"error": "invalid_grant", "error_description": "…"}` | OAuth 2.0 token endpoints (RFC 6749) | `error`, `error_description` |
/// | `{"errcode": "M_FORBIDDEN", "error": "…"}` | Matrix | `errcode`, `error` |
/// | `{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "…"}` | MLflow, Databricks | `error_code`, `message` |
/// | `{"error": {"code": 400, "message", "status": "INVALID_ARGUMENT"}}` | Google APIs | `status`, `message` |
/// | `{"error": {"type", "code"?, "message", "param"}}` | Stripe, OpenAI | `code` else `type`, `message`, `param` |
/// | `{"detail": "text"}` or `{"detail": [{"loc": [...], "msg", "type"}]}` | FastAPI, Django REST | `type`, `msg`, `loc` joined by `.` |
/// | `{"detail": {"code", "message"}}` | FastAPI's `HTTPException(detail={…})` | as named |
///
/// `type` and `status` are codes only inside a message object, where Stripe,
/// FastAPI and Google put them: a top-level `"status": "error"` (JSend) or
/// `"type": "about:blank"` (RFC 9457) is not the API's code.
///
/// Anything else (HTML, text, empty, malformed JSON) gives no messages; the
/// raw body stays in the error's snippet. An API of another shape overrides
/// [`Envelope::messages`](super::Envelope::messages): see the
/// [module docs](super#a-custom-error-shape).
///
/// It keeps the first [`MAX_API_MESSAGES`](crate::MAX_API_MESSAGES) messages and
/// counts the rest ([`ApiMessages::dropped`]). A key given twice counts once, the
/// last one, as a JSON object would.
///
/// ```
/// let body = br#"{"success":false,"errors":[{"code":7003,"message":"No route"}]}"#;
/// let messages = restlax::envelope::generic_messages(body);
/// assert_eq!(messages[0].code(), Some("7003"));
/// assert_eq!(messages[0].message(), "No route");
/// ```
pub fn generic_messages(body: &[u8]) -> ApiMessages {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match Root.deserialize(&mut deserializer) {
        Ok(messages) if deserializer.end().is_ok() => messages,
        _ => ApiMessages::new(),
    }
}

/// Where `error_description` (OAuth 2.0's text beside its `error` code) sits
/// in [`TEXT_KEYS`].
const DESCRIPTION: usize = 3;

/// The keys a message object's text may sit under, most telling first.
const TEXT_KEYS: [&str; 6] = [
    "message",
    "detail",
    "msg",
    "error_description",
    "title",
    "error",
];

/// What an object key means to the reader.
#[derive(Clone, Copy)]
enum Key {
    /// One of [`TEXT_KEYS`], by index.
    Text(usize),
    Code,
    /// `meta`, holding `source_field`.
    Meta,
    /// `source`, holding `pointer` (JSON:API).
    Source,
    Field,
    /// `param` (Stripe: the field a message is about).
    Param,
    /// `loc` (FastAPI: where the field is, as a list).
    Loc,
    /// `type` (Stripe, FastAPI: the kind of error, a code when there is none).
    Type,
    /// `status` (Google: the canonical code, `INVALID_ARGUMENT`).
    Status,
    /// `resource` (GitHub: the kind of thing a validation error is about).
    Resource,
    /// The top-level `errors` list.
    Errors,
    /// The top-level `error`, itself a message.
    Error,
    /// The top-level `reason` (CouchDB, RabbitMQ: the text next to `error`).
    Reason,
    /// The top-level `detail`: text, a list of messages or one message
    /// object (FastAPI).
    Detail,
    Other,
}

/// Classifies an object key without allocating; `root` tells the top level
/// (where `errors` and `error` hold messages) from a message object.
struct KeyOf {
    root: bool,
}

impl<'de> DeserializeSeed<'de> for KeyOf {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyOf {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "errors" if self.root => Key::Errors,
            "error" if self.root => Key::Error,
            "reason" if self.root => Key::Reason,
            "detail" if self.root => Key::Detail,
            "code" | "errcode" | "error_code" => Key::Code,
            "param" => Key::Param,
            "loc" => Key::Loc,
            // Only where Stripe, FastAPI and Google put them, in a message
            // object: at the top level they are no code (JSend's `"status":
            // "error"`, RFC 9457's `"type": "about:blank"`).
            "type" if !self.root => Key::Type,
            "status" if !self.root => Key::Status,
            "meta" => Key::Meta,
            "source" => Key::Source,
            "field" => Key::Field,
            "resource" => Key::Resource,
            _ => match TEXT_KEYS.iter().position(|k| *k == key) {
                Some(index) => Key::Text(index),
                None => Key::Other,
            },
        })
    }
}

/// Visitor methods that read any JSON value they do not want as `None`,
/// skipping its contents.
macro_rules! none_for {
    (scalars) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
    (str) => {
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
    };
    (seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    };
    (map) => {
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    };
}

/// A string (and with `numbers`, a number as its JSON text); `None` for any
/// other value. Without `keep` the text is not copied: an empty `String`
/// (which does not allocate) stands for it.
#[derive(Clone, Copy)]
struct Text {
    keep: bool,
    numbers: bool,
}

impl Text {
    fn text(self, text: impl FnOnce() -> String) -> Option<String> {
        Some(if self.keep { text() } else { String::new() })
    }

    fn number(self, text: impl FnOnce() -> String) -> Option<String> {
        if self.numbers { self.text(text) } else { None }
    }
}

impl<'de> DeserializeSeed<'de> for Text {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Text {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(self.text(|| text.to_owned()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(self.number(|| n.to_string()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(self.number(|| n.to_string()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        // serde_json's own rendering of the number, as `Value` would give.
        Ok(self.number(|| {
            serde_json::Number::from_f64(n).map_or_else(|| n.to_string(), |n| n.to_string())
        }))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    none_for!(seq);
    none_for!(map);
}

/// A string, or a list of strings and numbers joined `with` (FastAPI's `loc`
/// `["body", "name"]` → `body.name`; a `reason` list); `None` otherwise.
struct Joined {
    keep: bool,
    with: &'static str,
}

impl<'de> DeserializeSeed<'de> for Joined {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Joined {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a list")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(if self.keep {
            text.to_owned()
        } else {
            String::new()
        }))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut parts: Vec<String> = Vec::new();
        let part = Text {
            keep: self.keep,
            numbers: true,
        };
        while let Some(item) = seq.next_element_seed(part)? {
            // Bounded like the messages: a list of a million parts keeps 64.
            if let Some(item) = item
                && parts.len() < 64
            {
                parts.push(item);
            }
        }
        Ok((!parts.is_empty()).then(|| parts.join(self.with)))
    }

    none_for!(scalars);
    none_for!(map);
}

/// The top-level `error`: a string (kept apart, since `reason` or `errcode`
/// beside it changes what it is) or a message object.
enum ErrorValue {
    Text(String),
    Message(ApiMessage),
}

struct ErrorSeed;

impl<'de> DeserializeSeed<'de> for ErrorSeed {
    type Value = Option<ErrorValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ErrorSeed {
    type Value = Option<ErrorValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(ErrorValue::Text(text.to_owned())))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(One { keep: true }.visit_map(map)?.map(ErrorValue::Message))
    }

    none_for!(scalars);
    none_for!(seq);
}

/// The top-level `detail`: text (a message's text), a list of messages or
/// one message object (FastAPI's `HTTPException(detail={...})`).
enum DetailValue {
    Text(String),
    List(ApiMessages),
    Message(ApiMessage),
}

struct DetailSeed;

impl<'de> DeserializeSeed<'de> for DetailSeed {
    type Value = Option<DetailValue>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DetailSeed {
    type Value = Option<DetailValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a detail")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(DetailValue::Text(text.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok(List.visit_seq(seq)?.map(DetailValue::List))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(One { keep: true }.visit_map(map)?.map(DetailValue::Message))
    }

    none_for!(scalars);
}

/// `object.key` as [`Text`]: `None` when the value is not an object or has no
/// `key`, `Some(None)` when `key` holds something other than a string.
struct Inner {
    key: &'static str,
    keep: bool,
}

impl<'de> DeserializeSeed<'de> for Inner {
    type Value = Option<Option<String>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Inner {
    type Value = Option<Option<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(wanted) = map.next_key_seed(Is(self.key))? {
            if wanted {
                found = Some(map.next_value_seed(Text {
                    keep: self.keep,
                    numbers: false,
                })?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    none_for!(scalars);
    none_for!(str);
    none_for!(seq);
}

/// Whether an object key is this one, without allocating.
struct Is(&'static str);

impl<'de> DeserializeSeed<'de> for Is {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Is {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// The parts of a message object seen so far; a key seen twice keeps its last value.
#[derive(Default)]
struct Fields {
    /// By [`TEXT_KEYS`] index: the value when it is a string.
    text: [Option<String>; TEXT_KEYS.len()],
    code: Option<String>,
    /// `meta.source_field`, `source.pointer`, `field`, `param`, `loc`: `Some`
    /// when present, holding the value when it is a string (`loc`: a list).
    field: [Option<Option<String>>; 5],
    resource: Option<String>,
    /// `type` and `status`, when strings: codes when `code` says less.
    kind: Option<String>,
    status: Option<String>,
    /// The top-level `reason` (a string, or a list of them joined).
    reason: Option<String>,
}

impl Fields {
    /// Reads the value of `key` from `map`.
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        key: Key,
        map: &mut A,
        keep: bool,
    ) -> Result<(), A::Error> {
        let text = Text {
            keep,
            numbers: false,
        };
        match key {
            Key::Text(index) => self.text[index] = map.next_value_seed(text)?,
            Key::Code => {
                self.code = map.next_value_seed(Text {
                    keep,
                    numbers: true,
                })?;
            }
            Key::Meta => {
                self.field[0] = map.next_value_seed(Inner {
                    key: "source_field",
                    keep,
                })?;
            }
            Key::Source => {
                self.field[1] = map.next_value_seed(Inner {
                    key: "pointer",
                    keep,
                })?;
            }
            Key::Field => self.field[2] = Some(map.next_value_seed(text)?),
            Key::Param => self.field[3] = Some(map.next_value_seed(text)?),
            Key::Loc => self.field[4] = Some(map.next_value_seed(Joined { keep, with: "." })?),
            Key::Type => self.kind = map.next_value_seed(text)?,
            Key::Status => self.status = map.next_value_seed(text)?,
            Key::Resource => self.resource = map.next_value_seed(text)?,
            Key::Reason => self.reason = map.next_value_seed(Joined { keep, with: ", " })?,
            Key::Errors | Key::Error | Key::Detail | Key::Other => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    /// The message, when some text key held a string, or else when the object
    /// says what failed without prose (GitHub's `{"resource": "Issue", "field":
    /// "title", "code": "missing_field"}` reads `Issue.title missing_field`).
    fn into_message(self) -> Option<ApiMessage> {
        // The first of the three that is present decides, string or not.
        let field = self.field.into_iter().flatten().next().flatten();
        let mut message = match self.text.into_iter().flatten().next() {
            Some(text) => ApiMessage::new(text),
            None => {
                let subject = match (&self.resource, &field) {
                    (Some(resource), Some(field)) => format!("{resource}.{field}"),
                    (Some(only), None) | (None, Some(only)) => only.clone(),
                    (None, None) => String::new(),
                };
                let text = [subject.as_str(), self.code.as_deref().unwrap_or("")]
                    .into_iter()
                    .filter(|part| !part.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                if text.is_empty() || (self.resource.is_none() && field.is_none()) {
                    // A lone code (or nothing) is not a message.
                    return None;
                }
                ApiMessage::spelled(text)
            }
        };
        // A numeric `code` next to a canonical `status` (Google's 400 and
        // `INVALID_ARGUMENT`) says less than the status; `type` stands in for
        // a missing code (Stripe, FastAPI).
        let numeric = |c: &String| c.bytes().all(|b| b.is_ascii_digit());
        let code = match (self.code, self.status) {
            (Some(code), Some(status)) if numeric(&code) && !numeric(&status) => Some(status),
            (code, _) => code,
        }
        .or(self.kind);
        if let Some(code) = code {
            message = message.with_code(code);
        }
        if let Some(field) = field {
            message = message.with_field(field);
        }
        Some(message)
    }
}

/// One message: a string, or an object read by [`Fields`]. Without `keep`,
/// only whether there is one (its text is not copied).
struct One {
    keep: bool,
}

impl<'de> DeserializeSeed<'de> for One {
    type Value = Option<ApiMessage>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for One {
    type Value = Option<ApiMessage>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a message")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let text = if self.keep {
            text.to_owned()
        } else {
            String::new()
        };
        Ok(Some(ApiMessage::new(text)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Fields::default();
        while let Some(key) = map.next_key_seed(KeyOf { root: false })? {
            fields.read(key, &mut map, self.keep)?;
        }
        Ok(fields.into_message())
    }

    none_for!(scalars);
    none_for!(seq);
}

/// The `errors` list: its messages, the first kept and the rest counted;
/// `None` when the value is not an array.
struct List;

impl<'de> DeserializeSeed<'de> for List {
    type Value = Option<ApiMessages>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for List {
    type Value = Option<ApiMessages>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of messages")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut messages = ApiMessages::new();
        loop {
            let keep = !messages.is_full();
            match seq.next_element_seed(One { keep })? {
                None => return Ok(Some(messages)),
                Some(Some(message)) => messages.push(message),
                Some(None) => {}
            }
        }
    }

    none_for!(scalars);
    none_for!(str);
    none_for!(map);
}

/// The body: `errors[]` when it holds messages, else `error`, else the body
/// itself read as one message object.
struct Root;

impl<'de> DeserializeSeed<'de> for Root {
    type Value = ApiMessages;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root {
    type Value = ApiMessages;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut errors = None;
        let mut error = None;
        let mut detail = None;
        let mut own = Fields::default();
        while let Some(key) = map.next_key_seed(KeyOf { root: true })? {
            match key {
                Key::Errors => errors = map.next_value_seed(List)?,
                Key::Error => error = map.next_value_seed(ErrorSeed)?,
                Key::Detail => match map.next_value_seed(DetailSeed)? {
                    Some(DetailValue::Text(text)) => own.text[1] = Some(text),
                    Some(DetailValue::List(list)) if errors.is_none() => errors = Some(list),
                    Some(DetailValue::Message(message)) => detail = Some(message),
                    _ => {}
                },
                key => own.read(key, &mut map, true)?,
            }
        }
        let mut messages = errors.unwrap_or_default();
        if messages.is_empty() {
            // A detail object is a message like an `error` object, after it.
            let error = error.or(detail.map(ErrorValue::Message));
            let error = match error {
                // CouchDB and RabbitMQ: `error` is the code, `reason` the
                // text; OAuth 2.0: `error_description` the text.
                Some(ErrorValue::Text(code)) if own.reason.is_some() => {
                    let reason = own.reason.take().unwrap_or_default();
                    Some(ApiMessage::new(reason).with_code(code))
                }
                Some(ErrorValue::Text(code)) if own.text[DESCRIPTION].is_some() => {
                    let text = own.text[DESCRIPTION].take().unwrap_or_default();
                    Some(ApiMessage::new(text).with_code(code))
                }
                // Matrix: `errcode` beside `error`'s text.
                Some(ErrorValue::Text(text)) => {
                    let message = ApiMessage::new(text);
                    Some(match own.code.take() {
                        Some(code) => message.with_code(code),
                        None => message,
                    })
                }
                Some(ErrorValue::Message(message)) => Some(message),
                None => None,
            };
            messages.extend(error);
        }
        if let Some(reason) = own.reason.take()
            && own.text.iter().all(Option::is_none)
        {
            own.text[0] = Some(reason);
        }
        let own = own.into_message();
        if messages.is_empty() {
            messages.extend(own);
        } else if let Some(own) = own {
            // The body's own text next to a list is the summary of that list.
            messages = messages.with_summary(own.message());
        }
        Ok(messages)
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
        assert_eq!(m[0].message(), "The email has already been taken.");

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
        assert!(generic_messages(br#"["a"]"#).is_empty());
        assert!(generic_messages(br#"{"message":"cut"#).is_empty());
        assert!(generic_messages(br#"{"message":"x"} trailing"#).is_empty());
    }

    /// A message as (text, code, field).
    type Expected = (&'static str, Option<&'static str>, Option<&'static str>);

    #[test]
    fn precedence_fallbacks_and_duplicate_keys() {
        let cases: &[(&[u8], &[Expected])] = &[
            // The most telling text key wins, wherever it sits.
            (br#"{"title":"T","detail":"D","status":400}"#, &[("D", None, None)]),
            (br#"{"errors":["a",{"title":"b","code":1.5},3,null,{"x":1}]}"#, &[("a", None, None), ("b", Some("1.5"), None)]),
            // `errors` without messages falls back to `error`, then to the body.
            (br#"{"errors":[],"error":{"detail":"e","source":{"pointer":"/data/name"}}}"#, &[("e", None, Some("/data/name"))]),
            (br#"{"errors":{},"error":{"nothing":1},"message":"m","field":"f"}"#, &[("m", None, Some("f"))]),
            // A present `meta` without `source_field` lets `source` decide.
            (br#"{"errors":[{"message":"m","meta":{"x":1},"source":{"pointer":"/p"},"field":"f"}]}"#, &[("m", None, Some("/p"))]),
            // A present `meta.source_field` that is not a string means no field.
            (br#"{"errors":[{"message":"m","meta":{"source_field":5},"field":"f"}]}"#, &[("m", None, None)]),
            // Duplicate keys: the last one counts.
            (br#"{"message":"first","message":"last"}"#, &[("last", None, None)]),
            (br#"{"errors":["x"],"errors":["y"]}"#, &[("y", None, None)]),
            (br#"{"message":"m","message":5,"title":"t"}"#, &[("t", None, None)]),
            // A code beside a top-level `error` text is its code (Matrix's `errcode` too).
            (br#"{"error":"a\n\u00e9","code":-2}"#, &[("a\né", Some("-2"), None)]),
        ];
        for (body, expected) in cases {
            let got: Vec<_> = generic_messages(body)
                .iter()
                .map(|m| {
                    (
                        m.message().to_owned(),
                        m.code().map(str::to_owned),
                        m.field().map(str::to_owned),
                    )
                })
                .collect();
            let want: Vec<_> = expected
                .iter()
                .map(|(t, c, f)| ((*t).to_owned(), c.map(str::to_owned), f.map(str::to_owned)))
                .collect();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn github_validation_errors() {
        let body = br#"{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"},{"resource":"Issue","code":"custom","field":"body","message":"body is too long"}],"documentation_url":"https://docs.github.com/rest"}"#;
        let m = generic_messages(body);
        assert_eq!(m.summary(), Some("Validation Failed"));
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].message(), "Issue.title missing_field");
        assert_eq!(
            (m[0].field(), m[0].code()),
            (Some("title"), Some("missing_field"))
        );
        assert_eq!(m[0].to_string(), "Issue.title missing_field");
        assert_eq!(m[1].to_string(), "body: body is too long (code custom)");
        // A code alone is no message; the body's own text then stands alone.
        let m = generic_messages(br#"{"message":"Not Found","errors":[{"code":"x"}]}"#);
        assert_eq!(
            (m.len(), m[0].message(), m.summary()),
            (1, "Not Found", None)
        );
    }

    #[test]
    fn keeps_the_first_messages_and_counts_the_rest() {
        let mut body = String::from(r#"{"errors":[{"code":7,"message":"first"}"#);
        for i in 0..1_000 {
            body.push_str(&format!(r#",{{"code":{i},"message":"m{i}"}},"s",5"#));
        }
        body.push_str("]}");
        let messages = generic_messages(body.as_bytes());
        assert_eq!(messages.len(), crate::MAX_API_MESSAGES);
        assert_eq!(messages[0].message(), "first");
        assert_eq!(messages[0].code(), Some("7"));
        assert_eq!(messages[1].message(), "m0");
        assert_eq!(messages[2].message(), "s");
        assert_eq!(messages.total(), 2_001);
        assert_eq!(messages.dropped(), 2_001 - crate::MAX_API_MESSAGES as u64);
    }

    #[test]
    fn description_names_its_text_key() {
        assert_eq!(TEXT_KEYS[DESCRIPTION], "error_description");
    }

    #[test]
    fn the_shapes_of_other_apis() {
        let cases: &[(&[u8], &[Expected])] = &[
            // CouchDB, RabbitMQ.
            (br#"{"error":"not_authorized","reason":"Login failed"}"#, &[("Login failed", Some("not_authorized"), None)]),
            (br#"{"error":"bad_request","reason":["not_boolean","x"]}"#, &[("not_boolean, x", Some("bad_request"), None)]),
            // Matrix.
            (br#"{"errcode":"M_FORBIDDEN","error":"You are not invited"}"#, &[("You are not invited", Some("M_FORBIDDEN"), None)]),
            // MLflow.
            (br#"{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"No run r1"}"#, &[("No run r1", Some("RESOURCE_DOES_NOT_EXIST"), None)]),
            // Google APIs.
            (br#"{"error":{"code":400,"message":"Bad name","status":"INVALID_ARGUMENT"}}"#, &[("Bad name", Some("INVALID_ARGUMENT"), None)]),
            // Stripe.
            (br#"{"error":{"type":"invalid_request_error","message":"No such customer","param":"customer"}}"#, &[("No such customer", Some("invalid_request_error"), Some("customer"))]),
            (br#"{"error":{"type":"card_error","code":"card_declined","message":"Declined"}}"#, &[("Declined", Some("card_declined"), None)]),
            // FastAPI, Django REST.
            (br#"{"detail":"Not authenticated"}"#, &[("Not authenticated", None, None)]),
            (br#"{"detail":[{"loc":["body","age"],"msg":"not a number","type":"type_error"},{"loc":["query",0],"msg":"missing","type":"missing"}]}"#,
             &[("not a number", Some("type_error"), Some("body.age")), ("missing", Some("missing"), Some("query.0"))]),
            // OAuth 2.0 token endpoints (RFC 6749 §5.2).
            (br#"{"error":"invalid_grant","error_description":"Bad code"}"#, &[("Bad code", Some("invalid_grant"), None)]),
            // FastAPI's HTTPException with a dict; an `error` object comes first.
            (br#"{"detail":{"code":"quota","message":"Over quota"}}"#, &[("Over quota", Some("quota"), None)]),
            (br#"{"detail":{"message":"d"},"error":{"message":"e"}}"#, &[("e", None, None)]),
            // A top-level status or type is not a code: JSend, RFC 9457.
            (br#"{"status":"error","message":"Not found","code":404}"#, &[("Not found", Some("404"), None)]),
            (br#"{"type":"about:blank","title":"Not Found","status":404,"detail":"No user 7"}"#, &[("No user 7", None, None)]),
            // Pterodactyl's string status stays beside its code.
            (br#"{"errors":[{"code":"NotFoundHttpException","status":"404","detail":"Gone"}]}"#, &[("Gone", Some("NotFoundHttpException"), None)]),
        ];
        for (body, expected) in cases {
            let got: Vec<_> = generic_messages(body)
                .iter()
                .map(|m| {
                    (
                        m.message().to_owned(),
                        m.code().map(str::to_owned),
                        m.field().map(str::to_owned),
                    )
                })
                .collect();
            let want: Vec<_> = expected
                .iter()
                .map(|(t, c, f)| ((*t).to_owned(), c.map(str::to_owned), f.map(str::to_owned)))
                .collect();
            assert_eq!(got, want, "{}", String::from_utf8_lossy(body));
        }
    }
}
