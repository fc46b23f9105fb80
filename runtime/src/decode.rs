//! Decoding a 2xx body through an envelope straight into the target type.
//!
//! One pass walks the object keys the envelope names down to the data and hands
//! the data's deserializer to the target type (a `DeserializeSeed`), capturing
//! only the envelope's side fields as borrowed `RawValue`s. The body is parsed a
//! second time only when that pass fails (once to see whether the envelope calls
//! the body a failure, once more to find the JSON path of the error), or when the
//! data is the whole body and the envelope has side fields: the target type took
//! every key, so a skimming pass captures them.
//!
//! A key the envelope reads (one on the data path, or a side field) that appears
//! twice in its object is a decode error: two readers could otherwise take
//! different copies (say, the first `result` and the last `success`).

use std::cell::Cell;

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::value::RawValue;

use ureq::http::HeaderMap;

use crate::answer::Answer;
use crate::envelope::{Envelope, Response};
use crate::{Error, PageInfo};

/// A response as the decoder sees it, borrowed.
pub(crate) struct Parts<'a> {
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    /// The URL that answered, secret query values redacted.
    pub(crate) url: &'a str,
}

impl<'a> Parts<'a> {
    /// What an envelope sees of the whole answer, no side fields captured.
    pub(crate) fn view(&self) -> Response<'a> {
        Response {
            status: self.status,
            headers: self.headers,
            body: self.body,
            url: self.url,
            names: &[],
            fields: &[],
            items: None,
        }
    }
}

impl Answer {
    pub(crate) fn parts(&self) -> Parts<'_> {
        Parts {
            status: self.status,
            headers: &self.headers,
            body: &self.body,
            url: &self.url,
        }
    }
}

/// The data position: found with a value, present but `null`, or absent.
enum Found<V> {
    Value(V),
    Null,
    Missing,
}

/// Walks object keys `path` to the data and decodes it with `seed`, keeping the
/// top-level `keep` fields raw on the way. A key it reads that appears twice
/// fails the walk and sets `duplicate`.
struct Walk<'a, 'k, 'de, S> {
    path: &'a [&'a str],
    keep: &'a [&'a str],
    kept: &'k mut [Option<&'de RawValue>],
    duplicate: &'k Cell<bool>,
    seed: S,
}

/// The error for a key the envelope reads that appears twice in one object.
fn duplicate<E: de::Error>(flag: &Cell<bool>, key: &str) -> E {
    flag.set(true);
    E::custom(format_args!(
        "the key `{key}` appears twice; the envelope reads it, so which copy counts would be a guess"
    ))
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Walk<'_, '_, 'de, S> {
    type Value = Found<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if self.path.is_empty() {
            self.seed.deserialize(deserializer).map(Found::Value)
        } else {
            deserializer.deserialize_map(self)
        }
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Walk<'_, '_, 'de, S> {
    type Value = Found<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` field", self.path[0])
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (head, rest) = self.path.split_first().expect("walk on an empty path");
        let mut seed = Some(self.seed);
        let mut found = Found::Missing;
        while let Some(key) = map.next_key_seed(KeySeed {
            data: Some(head),
            keep: self.keep,
        })? {
            match key {
                Key::Data => {
                    let Some(seed) = seed.take() else {
                        return Err(duplicate(self.duplicate, head));
                    };
                    let walk = Walk {
                        path: rest,
                        keep: &[],
                        kept: &mut [],
                        duplicate: self.duplicate,
                        seed,
                    };
                    found = map.next_value_seed(Nullable(walk))?;
                }
                Key::Keep(index) => {
                    if self.kept[index].is_some() {
                        return Err(duplicate(self.duplicate, self.keep[index]));
                    }
                    self.kept[index] = Some(map.next_value()?);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }
}

/// Tells `null` apart from a value before decoding the value.
struct Nullable<S>(S);

impl<'de, V, S: DeserializeSeed<'de, Value = Found<V>>> DeserializeSeed<'de> for Nullable<S> {
    type Value = Found<V>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found<V>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, V, S: DeserializeSeed<'de, Value = Found<V>>> Visitor<'de> for Nullable<S> {
    type Value = Found<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Found<V>, E> {
        Ok(Found::Null)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Found<V>, E> {
        Ok(Found::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Found<V>, D::Error> {
        self.0.deserialize(deserializer)
    }
}

enum Key {
    Data,
    Keep(usize),
    Other,
}

/// Classifies an object key without allocating; with no `data` key, only the
/// `keep` fields are told apart.
#[derive(Clone, Copy)]
struct KeySeed<'a> {
    data: Option<&'a str>,
    keep: &'a [&'a str],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if Some(key) == self.data {
            Ok(Key::Data)
        } else if let Some(index) = self.keep.iter().position(|k| *k == key) {
            Ok(Key::Keep(index))
        } else {
            Ok(Key::Other)
        }
    }
}

/// The items of a list: an array whose elements hold the item at `item`.
struct Items<'a, T> {
    item: &'a [&'a str],
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for Items<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Items<'_, T> {}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Items<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Items<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of items")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        // A duplicate `item` key fails the walk with its own message; nobody
        // needs the flag here.
        let duplicate = Cell::new(false);
        loop {
            let walk = Walk {
                path: self.item,
                keep: &[],
                kept: &mut [],
                duplicate: &duplicate,
                seed: PhantomData::<T>,
            };
            match seq.next_element_seed(walk)? {
                None => return Ok(items),
                Some(Found::Value(item)) => items.push(item),
                Some(Found::Null | Found::Missing) => {
                    return Err(de::Error::custom(format_args!(
                        "an item has no `{}`",
                        self.item.join(".")
                    )));
                }
            }
        }
    }
}

/// A seed that can be used more than once (for the failure-path re-parses).
trait Reusable: for<'de> DeserializeSeed<'de, Value = Self::Out> + Copy {
    type Out;
    /// How many items `out` holds, when it is a list.
    fn count(out: &Self::Out) -> Option<usize>;
}
impl<T: DeserializeOwned> Reusable for PhantomData<T> {
    type Out = T;
    fn count(_: &T) -> Option<usize> {
        None
    }
}
impl<T: DeserializeOwned> Reusable for Items<'_, T> {
    type Out = Vec<T>;
    fn count(out: &Vec<T>) -> Option<usize> {
        Some(out.len())
    }
}

type Kept<'de> = Vec<Option<&'de RawValue>>;

/// Walks `body` to the data at `path`, decodes it with `seed` and captures the
/// `keep` fields. A key read twice sets `duplicate` as well as failing.
fn walk<'de, S: DeserializeSeed<'de>>(
    body: &'de [u8],
    path: &[&str],
    keep: &[&str],
    seed: S,
    duplicate: &Cell<bool>,
) -> Result<(Found<S::Value>, Kept<'de>), serde_json::Error> {
    let mut kept = vec![None; keep.len()];
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let found = Walk {
        path,
        keep,
        kept: &mut kept,
        duplicate,
        seed,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    // The data is the whole body, so the seed took every key: skim the body
    // again for the side fields (a valid JSON body that is not an object has none).
    if path.is_empty() && !keep.is_empty() && body.trim_ascii_start().starts_with(b"{") {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        deserializer.deserialize_map(Side {
            keep,
            kept: &mut kept,
            duplicate,
        })?;
    }
    Ok((found, kept))
}

/// The `keep` fields of an object, captured raw; everything else skipped.
struct Side<'a, 'k, 'de> {
    keep: &'a [&'a str],
    kept: &'k mut [Option<&'de RawValue>],
    duplicate: &'k Cell<bool>,
}

impl<'de> Visitor<'de> for Side<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let keys = KeySeed {
            data: None,
            keep: self.keep,
        };
        while let Some(key) = map.next_key_seed(keys)? {
            match key {
                Key::Keep(index) if self.kept[index].is_some() => {
                    return Err(duplicate(self.duplicate, self.keep[index]));
                }
                Key::Keep(index) => self.kept[index] = Some(map.next_value()?),
                Key::Data | Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Re-parses with path tracking to say where decoding failed, e.g. `result[2].email`.
fn json_path<S: Reusable>(body: &[u8], path: &[&str], seed: S) -> Option<String> {
    let mut track = serde_path_to_error::Track::new();
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let walk = Walk {
        path,
        keep: &[],
        kept: &mut [],
        duplicate: &Cell::new(false),
        seed,
    };
    let tracked = serde_path_to_error::Deserializer::new(&mut deserializer, &mut track);
    match walk.deserialize(tracked) {
        Ok(_) => None,
        Err(_) => Some(track.path().to_string()),
    }
}

fn view<'a>(
    exchange: &Parts<'a>,
    names: &'a [&'a str],
    fields: &'a [Option<&'a RawValue>],
) -> Response<'a> {
    Response {
        status: exchange.status,
        headers: exchange.headers,
        body: exchange.body,
        url: exchange.url,
        names,
        fields,
        items: None,
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// Decodes the data of a 2xx `exchange` at `path` with `seed`; with `want_page`,
/// also reads the envelope's page info.
fn decode<S: Reusable>(
    envelope: &dyn Envelope,
    exchange: &Parts<'_>,
    path: &[&str],
    seed: S,
    want_page: bool,
) -> Result<(S::Out, PageInfo), Error> {
    let body = exchange.body;
    let keep = envelope.fields();
    if is_blank(body) {
        if (200..300).contains(&exchange.status) {
            return Err(Error::success_without_body(exchange.status));
        }
        return Err(Error::decode(
            exchange.status,
            None,
            "the response body is empty where JSON was expected",
            body,
        ));
    }
    let duplicate = Cell::new(false);
    match walk(body, path, keep, seed, &duplicate) {
        Ok((found, kept)) => {
            let mut response = view(exchange, keep, &kept);
            if let Some(messages) = envelope.failure(&response) {
                return Err(Error::api(exchange.status, messages, body));
            }
            let value = match found {
                Found::Value(value) => value,
                // `Option<T>` and `()` accept a null or absent value; a struct says why not.
                found @ (Found::Null | Found::Missing) => {
                    let mut null = serde_json::Deserializer::from_slice(b"null");
                    seed.deserialize(&mut null).map_err(|e| {
                        let what = match found {
                            Found::Missing => format!("the body has no `{}`", path.join(".")),
                            _ => e.to_string(),
                        };
                        Error::decode(exchange.status, Some(path.join(".")), what, body)
                    })?
                }
            };
            let page = if want_page {
                response.items = S::count(&value);
                envelope.page_info(&response)
            } else {
                PageInfo::default()
            };
            Ok((value, page))
        }
        Err(error) if duplicate.get() => Err(duplicate_error(exchange, error)),
        Err(error) => {
            let skim = walk(body, path, keep, PhantomData::<IgnoredAny>, &duplicate);
            if let Ok((_, kept)) = skim
                && let Some(messages) = envelope.failure(&view(exchange, keep, &kept))
            {
                return Err(Error::api(exchange.status, messages, body));
            }
            let at = json_path(body, path, seed);
            Err(Error::decode(exchange.status, at, error.to_string(), body).with_source(error))
        }
    }
}

/// One value at the envelope's data position.
pub(crate) fn one<T: DeserializeOwned>(
    envelope: &dyn Envelope,
    exchange: &Parts<'_>,
) -> Result<T, Error> {
    decode(envelope, exchange, envelope.data(), PhantomData::<T>, false).map(|(v, _)| v)
}

/// A list at the envelope's items position, with its page info.
pub(crate) fn list<T: DeserializeOwned>(
    envelope: &dyn Envelope,
    exchange: &Parts<'_>,
) -> Result<(Vec<T>, PageInfo), Error> {
    let seed = Items {
        item: envelope.item(),
        _t: PhantomData,
    };
    decode(envelope, exchange, envelope.items(), seed, true)
}

/// No value: the body is only checked for an envelope failure. A body that is
/// empty or not JSON is fine (many APIs answer `204` or plain text).
pub(crate) fn unit(envelope: &dyn Envelope, exchange: &Parts<'_>) -> Result<(), Error> {
    let body = exchange.body;
    if is_blank(body) {
        return Ok(());
    }
    let keep = envelope.fields();
    let duplicate = Cell::new(false);
    match walk(
        body,
        envelope.data(),
        keep,
        PhantomData::<IgnoredAny>,
        &duplicate,
    ) {
        Ok((_, kept)) => match envelope.failure(&view(exchange, keep, &kept)) {
            Some(messages) => Err(Error::api(exchange.status, messages, body)),
            None => Ok(()),
        },
        // JSON that says two things at once is not "not JSON".
        Err(error) if duplicate.get() => Err(duplicate_error(exchange, error)),
        Err(_) => Ok(()),
    }
}

fn duplicate_error(exchange: &Parts<'_>, error: serde_json::Error) -> Error {
    Error::decode(exchange.status, None, error.to_string(), exchange.body).with_source(error)
}

/// The API's messages from a non-2xx response.
pub(crate) fn failure(envelope: &dyn Envelope, exchange: &Parts<'_>) -> Error {
    let messages = envelope.messages(&view(exchange, &[], &[]));
    Error::api(exchange.status, messages, exchange.body)
}
