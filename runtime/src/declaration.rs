//! A resource's declaration as data, beyond its `ACTIONS` table: the types of
//! its typed placeholders, the envelope each action reads its answer through
//! and the model it decodes into, as a function that decodes a sample body.
//! `#[resource]` emits it as `DECLARATION`; tools such as
//! `restlax::testing::openapi` read it. Nothing here sends a request.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use ureq::http::HeaderMap;

use crate::decode::{self, Parts};
use crate::envelope::Envelope;
use crate::{Action, ActionKind, Error};

/// What `#[resource]` declares for one resource, as data: its name, its
/// [`ACTIONS`](Action) and, per action, the types of typed placeholders, the
/// declared envelope and a way to decode a sample answer into the declared
/// model. Emitted as the associated constant `DECLARATION` of every resource;
/// [`restlax::testing::openapi`](crate#features) checks a list of them against
/// an OpenAPI document.
///
/// ```
/// use restlax::{resource, envelope::Plain};
///
/// #[resource(path = "/users", id = "id: u64", actions(show, delete))]
/// #[derive(serde::Deserialize)]
/// struct User { id: u64, name: String }
///
/// let show = User::DECLARATION.action("show").unwrap();
/// assert_eq!(User::DECLARATION.resource(), "User");
/// assert_eq!(show.param_type("id"), Some("u64"));
/// assert_eq!(show.model().unwrap().fields(), Some(&["id", "name"][..]));
/// assert!(show.decode(&Plain, 200, br#"{"id": 7, "name": "Ada"}"#).is_ok());
/// assert!(show.decode(&Plain, 200, br#"{"id": "7"}"#).is_err());
/// ```
#[derive(Clone, Copy)]
pub struct Declaration {
    resource: &'static str,
    actions: &'static [Action],
    common: &'static Details,
    own: &'static [(usize, Details)],
}

impl fmt::Debug for Declaration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Declaration")
            .field("resource", &self.resource)
            .field("actions", &self.actions)
            .finish_non_exhaustive()
    }
}

impl Declaration {
    /// Built by the expansion (`__private::v5::declaration`).
    pub(crate) const fn new(
        resource: &'static str,
        actions: &'static [Action],
        common: &'static Details,
        own: &'static [(usize, Details)],
    ) -> Self {
        Declaration {
            resource,
            actions,
            common,
            own,
        }
    }

    /// The resource's name: the struct's, as written (`"Member"`).
    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The declared actions, in the order of `ACTIONS`.
    pub fn actions(&self) -> impl Iterator<Item = DeclaredAction> + '_ {
        let Declaration {
            resource,
            actions,
            common,
            own,
        } = *self;
        actions.iter().enumerate().map(move |(i, action)| {
            let details = own
                .iter()
                .find(|(index, _)| *index == i)
                .map_or(common, |(_, details)| details);
            DeclaredAction {
                resource,
                action,
                details,
            }
        })
    }

    /// The action whose function is named `name`.
    pub fn action(&self, name: &str) -> Option<DeclaredAction> {
        self.actions().find(|a| a.action.name == name)
    }
}

/// One action of a [`Declaration`].
#[derive(Clone, Copy)]
pub struct DeclaredAction {
    resource: &'static str,
    action: &'static Action,
    details: &'static Details,
}

impl fmt::Debug for DeclaredAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeclaredAction")
            .field("resource", &self.resource)
            .field("action", &self.action)
            .field("params", &self.params().collect::<Vec<_>>())
            .field("envelope", &self.details.envelope)
            .finish_non_exhaustive()
    }
}

impl DeclaredAction {
    /// The resource's name (`"Member"`).
    pub fn resource(&self) -> &'static str {
        self.resource
    }

    /// The action's entry of `ACTIONS`.
    pub fn action(&self) -> &'static Action {
        self.action
    }

    /// The path parameters in template order, each with its declared type as
    /// written (`<number: u64>` gives `("number", Some("u64"))`), or `None`
    /// for an untyped placeholder (`impl Display`).
    pub fn params(&self) -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
        let types = self.details.types;
        self.action.path_params().map(move |name| {
            let ty = types.iter().find(|(typed, _)| *typed == name);
            (name, ty.map(|(_, ty)| *ty))
        })
    }

    /// The declared type of the placeholder `name`, as written; `None` when it
    /// is untyped or not a placeholder of this action.
    pub fn param_type(&self, name: &str) -> Option<&'static str> {
        self.params()
            .find(|(n, _)| *n == name)
            .and_then(|(_, ty)| ty)
    }

    /// The envelope the declaration names for this action (its own, else the
    /// resource's); `None`: the client's.
    pub fn envelope(&self) -> Option<&'static dyn Envelope> {
        self.details.envelope
    }

    /// The model an answer decodes into: for a list, one item's type; `None`
    /// for an action that returns `()`.
    pub fn model(&self) -> Option<Model> {
        if self.action.kind == ActionKind::Unit {
            return None;
        }
        // Without a sample to decode, `typed` cannot fail.
        self.details.model.and_then(|typed| typed(None).ok())
    }

    /// Decodes `body`, answered with `status`, as a call of this action would:
    /// through the declared envelope, or `client_envelope` when the
    /// declaration names none (the precedence of a call: action, resource,
    /// client), into the declared model (a page of it for a list; for a `()`
    /// action only the envelope's failure check). The value is dropped.
    ///
    /// # Errors
    ///
    /// The [`Error`] the call would return: a decode error with the JSON path,
    /// an API failure the envelope reads in the body, or an empty body where a
    /// value was expected.
    pub fn decode(
        &self,
        client_envelope: &dyn Envelope,
        status: u16,
        body: &[u8],
    ) -> Result<(), Error> {
        let envelope = self.details.envelope.unwrap_or(client_envelope);
        match self
            .details
            .model
            .filter(|_| self.action.kind != ActionKind::Unit)
        {
            Some(typed) => typed(Some(Sample {
                envelope,
                list: self.action.kind == ActionKind::List,
                status,
                body,
            }))
            .map(drop),
            None => decode::unit(envelope, &parts(status, body, &HeaderMap::new())),
        }
    }
}

/// The type an action decodes into, as far as it can be known without a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Model {
    name: &'static str,
    fields: Option<&'static [&'static str]>,
}

impl Model {
    /// The type's name (`std::any::type_name`, e.g. `my_crate::Member`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The JSON field names the type reads, when serde says them: a struct
    /// with `#[derive(Deserialize)]` hands them to the deserializer (after
    /// `rename` and `rename_all`; aliases included). `None` for a type that
    /// does not say (a map, `serde_json::Value`, a struct with a
    /// `#[serde(flatten)]` field, a hand-written `Deserialize`, an enum): then
    /// which fields it reads is unknown.
    pub fn fields(&self) -> Option<&'static [&'static str]> {
        self.fields
    }
}

/// What the expansion writes for the actions of a resource besides their
/// `ACTIONS` entries: the types of typed placeholders, the envelope and the
/// [`typed`] of the model (ignored for an action that returns `()`). Once
/// for the resource, and again only for an action that differs from it (its
/// own envelope or model, a placeholder typed otherwise): every item in a
/// `DECLARATION` is work for rustc in every `cargo check`, and per action
/// this data cost 100 resources ~0.1 s.
#[doc(hidden)]
pub struct Details {
    types: &'static [(&'static str, &'static str)],
    envelope: Option<&'static dyn Envelope>,
    model: Option<Typed>,
}

/// [`typed`] for one model type.
pub(crate) type Typed = fn(Option<Sample<'_>>) -> Result<Model, Error>;

impl Details {
    pub(crate) const fn new(
        types: &'static [(&'static str, &'static str)],
        envelope: Option<&'static dyn Envelope>,
        model: Option<Typed>,
    ) -> Self {
        Details {
            types,
            envelope,
            model,
        }
    }
}

/// A sample answer as decoding sees it: status and body, no headers, no URL.
fn parts<'a>(status: u16, body: &'a [u8], headers: &'a HeaderMap) -> Parts<'a> {
    Parts {
        status,
        headers,
        body,
        url: "",
    }
}

/// A sample answer for [`typed`] to decode.
#[doc(hidden)]
pub struct Sample<'a> {
    envelope: &'a dyn Envelope,
    list: bool,
    status: u16,
    body: &'a [u8],
}

/// Everything `DECLARATION` needs that depends on the model type `T`, behind
/// one function, so that a resource names one generic function for its model
/// rather than a decoder and a model function per action (each one more path
/// for rustc to resolve and check in every `cargo check` of the user's crate).
/// `None`: the [`Model`] of `T`; a sample: decodes it the way a call does (a
/// page of `T` when `list`), then the model.
pub fn typed<T: DeserializeOwned>(sample: Option<Sample<'_>>) -> Result<Model, Error> {
    if let Some(sample) = sample {
        let headers = HeaderMap::new();
        let parts = parts(sample.status, sample.body, &headers);
        if sample.list {
            decode::list::<T>(sample.envelope, &parts).map(drop)?;
        } else {
            decode::one::<T>(sample.envelope, &parts).map(drop)?;
        }
    }
    Ok(Model {
        name: std::any::type_name::<T>(),
        fields: fields_of::<T>(),
    })
}

/// The field names a derived `Deserialize` passes to
/// `Deserializer::deserialize_struct`, caught by a deserializer that holds no
/// value and stops there. Seen through `Option`, `Box` and newtype structs.
fn fields_of<T: DeserializeOwned>() -> Option<&'static [&'static str]> {
    let mut seen = None;
    let _ = T::deserialize(Probe { seen: &mut seen });
    seen
}

struct Probe<'a> {
    seen: &'a mut Option<&'static [&'static str]>,
}

#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("probe")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        *self.seen = Some(fields);
        Err(Stop)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}
