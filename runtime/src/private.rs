//! The surface `#[resource]` expands to. Not public API: names and signatures may
//! change in any release.
//!
//! Each generated function converts its arguments (path values as `&dyn Display`,
//! the body serialized once) and calls one function here; everything below these
//! thin generic shims is non-generic.

use std::fmt::Display;

use serde::de::DeserializeOwned;

use crate::declaration::{Declaration, Details, Model, Sample};
use crate::envelope::Envelope;
use crate::header::Header;
use crate::request::{self, Request};
use crate::{Action, Client, Error, Opts, Page, Pages, call, decode, path};

pub use crate::path::Piece;
pub use crate::{ActionKind, Method};
pub use serde::Serialize;

/// Version 5 of the surface `#[resource]` expands to: the expansion names every
/// item by this path (`::restlax::__private::v5::one`). Version 2: every call
/// passes its [`Declared`] (the declared envelope, and the declaration that
/// takes an answer without a body) beside its `ACTIONS` entry. Version 3: an
/// `ACTIONS` entry carries its path template split into [`Piece`]s, so a call
/// does not parse the template. Version 4: every resource also gets a
/// `DECLARATION` ([`declaration`], read by `restlax::testing::openapi`).
/// Version 5: a `DECLARATION` holds the [`details`] its actions share once,
/// and again only for an action that differs, with one generic function per
/// model ([`typed`]) instead of a sample decoder and a model function per
/// action. restlax pins restlax-macros with `=`; on top
/// of that, a change that an older expansion would misuse goes into a new
/// module (the next, `v6`), so a mismatched pair of crates fails to compile instead of
/// calling something subtly different.
/// The expansion builds its paths from `restlax_facts::PRIVATE_VERSION`; the
/// assertion below keeps this module's name equal to it.
pub mod v5 {
    pub use super::{
        Body, Declared, PathValue, Piece, Serialize, action, all, all_with_body, body, declaration,
        details, form, list, one, or_panic, path_value, typed, unit, unit_details,
    };
}
const _: () = assert!(
    restlax_facts::is_private_version(stringify!(v5)),
    "the module above must be named restlax_facts::PRIVATE_VERSION"
);

/// A resource's `DECLARATION`: its name, its `ACTIONS`, the [`details`] (or
/// [`unit_details`]) its actions share, and those of the actions that differ,
/// by index in `ACTIONS`.
pub const fn declaration(
    resource: &'static str,
    actions: &'static [Action],
    common: &'static Details,
    own: &'static [(usize, Details)],
) -> Declaration {
    Declaration::new(resource, actions, common, own)
}

/// What a `DECLARATION` says of actions besides their `ACTIONS` entries: the
/// typed placeholders with their types as written, the declared envelope, and
/// [`typed`] for the model (one item's type for a list). A function pointer,
/// so nothing is compiled for a resource whose `DECLARATION` is never read.
pub const fn details(
    types: &'static [(&'static str, &'static str)],
    envelope: Option<&'static dyn Envelope>,
    typed: fn(Option<Sample<'_>>) -> Result<Model, Error>,
) -> Details {
    Details::new(types, envelope, Some(typed))
}

/// [`details`] without a model: for actions that all return `()`, or a
/// resource whose own type is no action's model.
pub const fn unit_details(
    types: &'static [(&'static str, &'static str)],
    envelope: Option<&'static dyn Envelope>,
) -> Details {
    Details::new(types, envelope, None)
}

pub use crate::declaration::typed;

/// An entry of a resource's `ACTIONS` table: `pieces` is `path` split.
#[allow(clippy::too_many_arguments)]
pub const fn action(
    name: &'static str,
    method: Method,
    path: &'static str,
    pieces: &'static [Piece<'static>],
    body: bool,
    form: bool,
    kind: ActionKind,
    headers: &'static [(&'static str, &'static str)],
) -> Action {
    Action {
        name,
        method,
        path,
        body,
        form,
        kind,
        headers,
        pieces,
    }
}

/// What a declaration says about an action's calls besides its `ACTIONS`
/// entry, written by the expansion as a literal in each generated function.
/// Kept out of [`Action`], which is data tools compare and hash: an envelope
/// is code (two unit-struct envelopes even share an address).
#[derive(Clone, Copy)]
pub struct Declared {
    /// `envelope = …` of the action, else of the resource (a `const` the
    /// expansion emits); `None`: the client's.
    pub envelope: Option<&'static dyn Envelope>,
    /// The declaration that makes an answer without a body `Ok(())`, named in
    /// the error when one comes where a value was expected:
    /// "`update(returns = ())` on `Vhost`". Empty when there is none (a list).
    pub returns_unit: &'static str,
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

/// A request body, serialized where the generated function was called, and its
/// media type.
pub struct Body {
    bytes: Result<Vec<u8>, Error>,
    content_type: &'static str,
}

/// Serializes a request body as JSON. A body that cannot be serialized (e.g. a
/// map with non-string keys) becomes an invalid-request error; nothing is sent.
pub fn body<B: Serialize + ?Sized>(value: &B) -> Option<Body> {
    Some(Body {
        bytes: call::encode_json(value),
        content_type: crate::header::JSON,
    })
}

/// Encodes the body of a `form` action as `application/x-www-form-urlencoded`.
/// A body that cannot be (a nested struct) becomes an invalid-request error;
/// nothing is sent.
pub fn form<B: Serialize + ?Sized>(value: &B) -> Option<Body> {
    Some(Body {
        bytes: crate::form::encode(value),
        content_type: crate::form::CONTENT_TYPE,
    })
}

/// The URL (base URL and rendered path, no query yet) and the declared headers
/// of an action's call.
fn target(
    client: &Client,
    action: &Action,
    args: &[&dyn Display],
) -> Result<(String, Vec<Header>), Error> {
    let context = |e: Error| {
        e.at(
            action.method,
            &format!("{}{}", client.base_url(), action.path),
        )
    };
    let base = client.base_url();
    let mut url = String::with_capacity(base.len() + action.path.len() + 16 * args.len() + 32);
    url.push_str(base);
    path::render_into(&mut url, action.pieces(), args)
        .map_err(|e| context(Error::invalid(e.to_string())))?;
    let headers = action.declared_headers().map_err(context)?;
    Ok((url, headers))
}

/// The one request an action's call sends.
fn prepare(
    client: &Client,
    action: &Action,
    declared: Declared,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: &Opts,
) -> Result<Request, Error> {
    let (url, headers) = target(client, action, args)?;
    // A next page's link or body cursor given to a call that reads no page
    // would send a `show` to the link, or merge a cursor into a `create`'s body.
    if action.kind != ActionKind::List && opts.points_at_a_page() {
        return Err(Error::invalid(format!(
            "these options point at a next page (they come from `Page::next_opts`): \
             pass them to the list call that gave the page, not to `{}`",
            action.name
        ))
        .not_sent()
        .at(action.method, &url));
    }
    let body = match body {
        Some(Body {
            bytes,
            content_type,
        }) => request::Body::bytes(content_type, bytes.map_err(|e| e.at(action.method, &url))?),
        None => request::Body::None,
    };
    call::request(
        client,
        action.label(),
        action.method,
        url,
        &headers,
        body,
        opts,
        declared.envelope,
    )
}

/// `show`, `create`, `update` and custom actions that return one value.
pub fn one<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    declared: Declared,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<T, Error> {
    let request = prepare(client, action, declared, args, body, &opts)?;
    let answer = call::execute(client, &request, &opts, false)?;
    decode::one(client.envelope_for(&request), &answer.parts()).map_err(|e| {
        let e = e.with_fix(&returns_unit_fix(action, declared));
        call::hide(e, &request, &answer)
    })
}

/// How a declaration stops a `204` from being an error, for the message:
/// ``declare `update(returns = ())` on `Vhost` so that PUT /api/vhosts/<name> returns `Ok(())` ``.
/// Built only for that error.
fn returns_unit_fix(action: &Action, declared: Declared) -> String {
    if declared.returns_unit.is_empty() {
        return String::new();
    }
    format!(
        "declare {} so that {} {} returns `Ok(())`",
        declared.returns_unit, action.method, action.path
    )
}

/// `index` and custom list actions.
pub fn list<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    declared: Declared,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<Page<T>, Error> {
    let opts = crate::walk::with_first_page(client, opts, declared.envelope);
    let request = prepare(client, action, declared, args, body, &opts)?;
    let answer = call::execute(client, &request, &opts, false)?;
    let (items, info) = decode::list(client.envelope_for(&request), &answer.parts())
        .map_err(|e| call::hide(e, &request, &answer))?;
    Ok(Page::new(items, info, &opts, &answer.url))
}

/// `delete` and custom actions that return `()`.
pub fn unit(
    client: &Client,
    action: &'static Action,
    declared: Declared,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Result<(), Error> {
    let request = prepare(client, action, declared, args, body, &opts)?;
    let answer = call::execute(client, &request, &opts, false)?;
    decode::unit(client.envelope_for(&request), &answer.parts())
        .map_err(|e| call::hide(e, &request, &answer))
}

/// `index_all`: a lazy walk over every page.
pub fn all<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    declared: Declared,
    args: &[&dyn Display],
    opts: Opts,
) -> Pages<T> {
    Pages::new(
        client,
        action,
        declared.envelope,
        target(client, action, args),
        opts,
    )
}

/// The `_all` walk of a search: a `list` action declared `walk`, sent with
/// `POST` and a body, which goes with every page (with the cursor fields of a
/// [`NextPage::Body`](crate::NextPage::Body) set in it). Added beside `all` so
/// that an expansion made for this version of the surface still finds `all`
/// as it was.
pub fn all_with_body<T: DeserializeOwned>(
    client: &Client,
    action: &'static Action,
    declared: Declared,
    args: &[&dyn Display],
    body: Option<Body>,
    opts: Opts,
) -> Pages<T> {
    let mut sent = request::Body::None;
    let target = target(client, action, args).and_then(|(url, headers)| {
        if let Some(Body {
            bytes,
            content_type,
        }) = body
        {
            let bytes = bytes.map_err(|e| e.at(action.method, &url))?;
            sent = request::Body::bytes(content_type, bytes);
        }
        Ok((url, headers))
    });
    Pages::with_body(client, action, declared.envelope, target, sent, opts)
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
