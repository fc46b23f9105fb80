//! The surface `#[resource]` expands to. Not public API: names and signatures may
//! change in any release.
//!
//! Each generated function converts its arguments (path values as `&dyn Display`,
//! the body serialized once) and calls one function here; everything below these
//! thin generic shims is non-generic.

use std::fmt::Display;

use serde::de::DeserializeOwned;

use crate::{Action, Client, Error, Opts, Page, Pages, call, path};

pub use crate::{ActionKind, Method};
pub use serde::Serialize;

/// Version 1 of the surface `#[resource]` expands to: the expansion names every
/// item by this path (`::restlax::__private::v1::one`). restlax pins
/// restlax-macros with `=`; on top of that, a change that an older expansion
/// would misuse goes into a new module (`v2`), so a mismatched pair of crates
/// fails to compile instead of calling something subtly different.
/// (`PRIVATE_VERSION` in restlax-macros-impl names this module.)
pub mod v1 {
    pub use super::{
        Body, PathValue, Serialize, action, all, body, list, one, or_panic, path_value, unit,
    };
}

/// An entry of a resource's `ACTIONS` table.
pub const fn action(
    name: &'static str,
    method: Method,
    path: &'static str,
    body: bool,
    kind: ActionKind,
) -> Action {
    Action::new(name, method, path, body, kind)
}

/// A value a typed placeholder (`<number: u64>`) can take: anything `Display`.
/// Its own trait so that a type without `Display` gets a message about the
/// placeholder, at the place its type is written.
#[diagnostic::on_unimplemented(
    message = "the path parameter type `{Self}` does not implement `Display`",
    label = "written into the path with `Display`",
    note = "a typed placeholder `<name: Type>` needs a type that implements `std::fmt::Display`; leave out `: Type` to accept any `impl Display`"
)]
pub trait PathValue: Display {}

impl<T: Display + ?Sized> PathValue for T {}

/// A typed path parameter as the `&dyn Display` the runtime fills the path with.
pub fn path_value<T: PathValue>(value: &T) -> &dyn Display {
    value
}

/// A request body, serialized where the generated function was called.
pub struct Body(Result<Vec<u8>, Error>);

/// Serializes a request body. A body that cannot be serialized (e.g. a map with
/// non-string keys) becomes an invalid-request error; nothing is sent.
pub fn body<B: Serialize + ?Sized>(value: &B) -> Option<Body> {
    Some(Body(serde_json::to_vec(value).map_err(|e| {
        Error::invalid(format!(
            "the request body cannot be serialized to JSON: {e}"
        ))
        .with_source(e)
    })))
}

fn prepare(
    client: &Client,
    action: &Action,
    args: &[&dyn Display],
    body: Option<Body>,
) -> Result<(String, Option<Vec<u8>>), Error> {
    let context = |e: Error| {
        e.at(
            action.method,
            &format!("{}{}", client.base_url(), action.path),
        )
    };
    let base = client.base_url();
    let mut url = String::with_capacity(base.len() + action.path.len() + 16 * args.len() + 32);
    url.push_str(base);
    path::render_into(&mut url, action.path, args)
        .map_err(|e| context(Error::invalid(e.to_string())))?;
    let body = body.map(|b| b.0).transpose().map_err(context)?;
    Ok((url, body))
}

/// `show`, `create`, `update` and custom actions that return one value.
pub fn one<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<T, Error> {
    let (url, body) = prepare(client, action, args, body)?;
    call::one(
        client,
        action,
        url,
        &[],
        body.as_deref().map(call::Body::json),
        &opts,
    )
}

/// `index` and custom list actions.
pub fn list<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<Page<T>, Error> {
    let (url, body) = prepare(client, action, args, body)?;
    call::list(
        client,
        action,
        url,
        &[],
        body.as_deref().map(call::Body::json),
        &opts,
    )
}

/// `delete` and custom actions that return `()`.
pub fn unit(
    client: &Client,
    action: &'static Action,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<(), Error> {
    let (url, body) = prepare(client, action, args, body)?;
    call::unit(
        client,
        action,
        url,
        &[],
        body.as_deref().map(call::Body::json),
        &opts,
    )
}

/// `index_all`: a lazy walk over every page.
pub fn all<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    args: &[&dyn Display],
    opts: Opts,
) -> Pages<T> {
    let url = prepare(client, action, args, None).map(|(url, _)| url);
    Pages::new(client, action, url, opts)
}

/// The `_or_panic` twins: panics with the error's one-line `Display`, which
/// never contains a secret.
#[track_caller]
pub fn or_panic<T>(result: Result<T, Error>) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("{error}"),
    }
}
