//! Declarative, typed REST API clients.
//!
//! One attribute declares a resource; [`resource`] generates typed, documented
//! functions for its actions over a small synchronous runtime built on `ureq`.
//!
//! ```no_run
//! use restlax::{resource, Client, Opts, envelope::Cloudflare};
//! use serde::{Deserialize, Serialize};
//!
//! /// A member of a Cloudflare account.
//! #[resource(path = "/accounts/<account_id>/members", actions(index, show, create, update, delete))]
//! #[derive(Debug, Clone, Serialize, Deserialize)]
//! pub struct Member {
//!     pub id: String,
//!     pub email: String,
//! }
//!
//! let client = Client::builder("https://api.cloudflare.com/client/v4")
//!     .bearer_auth(std::env::var("CLOUDFLARE_API_TOKEN").unwrap_or_default())
//!     .envelope(Cloudflare)
//!     .build()?;
//!
//! let page = Member::index(&client, "my-account", Opts::new().query("per_page", 50))?;
//! for member in &page {
//!     println!("{} <{}>", member.id, member.email);
//! }
//! let one = Member::show(&client, "my-account", "m-1", ())?;
//! Member::delete(&client, "my-account", &one.id, ())?;
//! # Ok::<(), restlax::Error>(())
//! ```
//!
//! # The attribute
//!
//! See [`resource`] for the full grammar: `path`, `actions(...)`, `except(...)`,
//! `singular`, `create_method`, `update_method`, `id`, `header(...)` and custom
//! `action(...)`s.
//!
//! # Beyond declarations
//!
//! - [`Client::request`] (and [`Client::get`], [`Client::post`], …): any method on
//!   any path of the API, with the same retries, deadline, redirects and secret
//!   handling, returning a [`Response`].
//! - [`Opts::metadata`]: the status and headers of a generated call's answer;
//!   [`Opts::cache`]: conditional `GET`s, where `304 Not Modified` is not an error.
//! - [`ClientBuilder::middleware`]: a hook around every attempt (token refresh,
//!   signing, [`middleware::Logger`]).
//!
//! # Features
//!
//! - `testing`: [`testing::MockServer`], a loopback HTTP or HTTPS server for your
//!   own tests; [`testing::Cassette`], which records a real API's answers
//!   once and replays them offline; and [`testing::openapi`](crate::testing),
//!   which checks your declarations (each resource's [`Declaration`]) against
//!   the vendor's OpenAPI document, and prints declarations from one.
//! - `test-server`: the same servers over plain HTTP only, without the
//!   certificate generator `testing` compiles for HTTPS.
//! - `tracing`: one `tracing` span per HTTP request, named `restlax.request`, with
//!   the method, the path *template* (never the URL, whose values or query may be
//!   sensitive), the attempt, the status and the duration.
//!
//! # What is checked where
//!
//! - At compile time: the whole declaration (unknown actions, bad methods, malformed
//!   path templates, clashing names, declared headers…), each error spanned on the
//!   offending token.
//! - Before sending: path values (never empty; each one encoded as exactly one
//!   segment), headers (no CR/LF; no framing headers such as `Content-Length`),
//!   the body (must serialize), the base URL (http(s), no credentials in it).
//! - While sending: one deadline bounds the whole call (lookup, connect, upload,
//!   response head, body, retries, redirects, middleware).
//! - On the answer: status, envelope failures (`"success": false` with HTTP 200),
//!   decoding straight into your type with the JSON path of any mismatch.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod action;
mod answer;
mod api_message;
mod builder;
mod cache;
mod call;
mod client;
mod connection;
mod cycle;
mod declaration;
mod decode;
mod encoding;
pub mod envelope;
mod error;
mod form;
mod header;
mod metadata;
pub mod middleware;
pub mod multipart;
mod observe;
mod opts;
mod page;
mod page_info;
mod path;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
mod status;
pub mod streaming;
#[cfg(feature = "test-server")]
pub mod testing;
mod tls;
mod transport;
mod url;
mod walk;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

#[doc(hidden)]
#[path = "bench.rs"]
pub mod __bench;

pub use action::{Action, ActionKind};
pub use answer::Answer;
pub use api_message::{ApiMessage, ApiMessages, MAX_API_MESSAGES};
pub use builder::RequestBuilder;
pub use cache::EtagCache;
pub use call::MAX_NESTED_CALLS;
pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY};
pub use declaration::{Declaration, DeclaredAction, Model};
pub use error::{Error, ErrorKind, SNIPPET_LIMIT};
pub use metadata::Metadata;
pub use opts::Opts;
pub use page::Page;
pub use page_info::{NextPage, PageInfo};
pub use path::encode_segment;
pub use request::Request;
pub use response::Response;
pub use restlax_facts::Method;
pub use retry::Retry;
pub use streaming::StreamingResponse;
pub use walk::Pages;

/// The full reference of the attribute follows.
///
/// `#[resource(...)]` goes on a struct, the response model, and generates typed
/// functions for the resource's actions in an `impl` block. The struct itself is
/// left unchanged.
///
/// # Arguments
///
/// | argument | meaning | default |
/// |---|---|---|
/// | `path = "..."` | path template relative to the client's base URL; `<name>` is a path parameter (snake_case identifier), `<name: Type>` one of exactly that type, `<name?>` one whose value may be empty (only as the last segment); the leading `/` is optional | required |
/// | `actions(...)` | which of `index, show, create, update, delete` to generate, each optionally with settings: `update(returns = ())`, `index(returns = Summary, envelope = Under(&["items"]))` | all five; `show, update` when `singular` |
/// | `except(...)` | actions to leave out | none |
/// | `singular` | a resource without an id (`/user`): only `show` and `update` | off |
/// | `create_method = "PUT"` | method of `create`: `"POST"` or `"PUT"` | `"POST"` |
/// | `update_method = "PATCH"` | method of `update`: `"PUT"` or `"PATCH"` | `"PUT"` |
/// | `id = "member_id"` | name of the id parameter in signatures, docs and [`Action::path`]; `"member_id: u64"` gives it a type, `"state_key?"` lets it be empty | `id` |
/// | `header("Name", "value")` | a header every action sends; repeatable | none |
/// | `envelope = Expr` | the [`Envelope`](envelope::Envelope) of this resource's answers, a constant expression (`Under(&["chunk"])`, `NextToken { … }`); an action's own `envelope` wins, and a call's `Opts::envelope` over both | the client's |
/// | `action(...)` | a custom action, see below; repeatable | none |
///
/// A custom action is `action(name = f, method = "GET", path = "...", body, form, list, walk, returns = T, envelope = E, doc = "...", header("Name", "value"))`:
///
/// - `name` (required): the function's name; `f_or_panic` (and for `GET` lists and
///   `walk` searches `f_all`) come with it.
/// - `method` (required): `"GET"`, `"POST"`, `"PUT"`, `"PATCH"`, `"DELETE"` or `"HEAD"`
///   (a HEAD action takes no body and returns `()`: the status is the answer).
/// - `path`: absolute when it starts with `/`, otherwise relative to the
///   resource path (`"external/<external_id>"` under `/users` is `/users/external/<external_id>`).
///   Relative paths may use the resource path's parameters and the id (`"<id>/suspend"`).
///   Without `path` the action targets the resource path itself (`path = ""` is refused:
///   leave `path` out; `"/"` is the API root).
/// - `body`: the function takes `body: &impl Serialize`, sent as JSON.
/// - `form`: like `body`, but sent as `application/x-www-form-urlencoded` (OAuth token
///   endpoints, older APIs); the body must be flat (a struct, map or list of pairs).
///   Not together with `body`.
/// - `list`: the response is a list, returned as a [`Page`]. A `GET` list gets the
///   lazy `f_all` walk: a walk re-sends the request for every next page, which a
///   `DELETE`, or a `POST` that writes and answers with a list, must not do.
/// - `walk`: a `POST` list that is a read (a search, such as Notion's
///   `POST /v1/databases/<id>/query`) gets `f_all` too; with a `body`,
///   `f_all(client, …, body, opts)` sends it with every page, with a
///   [`BodyToken`](envelope::BodyToken) cursor set in it. Only on a `GET` or
///   `POST` `list`.
/// - `returns`: `Self` (default), `()` (the body is only checked for an API failure) or any `DeserializeOwned` type.
///   On a standard action too: an API that answers `204 No Content` to an
///   update needs `update(returns = ())`; without it the empty answer is an
///   error whose [`is_success_without_body`](Error::is_success_without_body)
///   says the write succeeded.
/// - `envelope = Expr`: this action's envelope, in place of the resource's.
/// - `doc`: the first line of the generated rustdoc.
/// - `header("Name", "value")`: a header this action sends, in place of the resource's
///   header of the same name; repeatable.
///
/// # Headers
///
/// A declared header is sent after the client's headers and before the call's
/// [`Opts`] headers: it replaces a client header of the same name, and
/// `Opts::header` replaces it. Names and values are checked at compile time: a
/// valid name, no CR, LF or other control characters in the value, none of the
/// headers restlax writes itself (`Content-Length`, `Transfer-Encoding`, `Host`,
/// `Connection` and the other hop-by-hop headers), and no credentials
/// (`Authorization`, `Proxy-Authorization`, `Cookie`: set those on the client or
/// per call, not in source code). A declared `Content-Type` (e.g.
/// `application/vnd.api+json`) replaces the one `body` or `form` sends, and a
/// declared `Accept` the `Accept: application/json` every client sends
/// (`header("Accept", "*/*")` for an endpoint that answers `406` to it).
/// [`Action::headers`] lists them.
///
/// ```
/// use restlax::resource;
///
/// /// A label on a GitHub issue.
/// #[resource(
///     path = "/repos/<owner>/<repo>/issues/<issue_number: u64>/labels",
///     actions(index),
///     header("X-GitHub-Api-Version", "2022-11-28"),
///     header("Accept", "application/vnd.github+json"),
///     // `POST …/labels` and `DELETE …/labels`: the resource path itself.
///     action(name = add, method = "POST", body, list),
///     action(name = clear, method = "DELETE", returns = ()),
/// )]
/// #[derive(serde::Deserialize)]
/// struct Label { name: String }
///
/// /// An OAuth token endpoint, which takes a form.
/// #[resource(path = "/login/oauth/access_token", actions(),
///            action(name = exchange, method = "POST", form, returns = Token))]
/// #[derive(serde::Deserialize)]
/// struct Token { access_token: String }
///
/// assert_eq!(Label::ACTIONS[1].path, Label::PATH);
/// assert_eq!(Label::ACTIONS[0].headers[0], ("X-GitHub-Api-Version", "2022-11-28"));
/// assert!(Token::ACTIONS[0].form);
/// ```
///
/// # Generated items
///
/// For `#[resource(path = "/accounts/<account_id>/members")]` on `Member`:
///
/// ```text
/// impl Member {
///     pub const PATH: &'static str;                  // "/accounts/<account_id>/members"
///     pub const ACTIONS: &'static [restlax::Action]; // name, method, path template, headers of each action
///     pub fn index(client, account_id, opts) -> Result<Page<Member>, Error>;
///     pub fn index_all(client, account_id, opts) -> Pages<Member>;  // lazy iterator over every page
///     pub fn show(client, account_id, id, opts) -> Result<Member, Error>;
///     pub fn create(client, account_id, body, opts) -> Result<Member, Error>;
///     pub fn update(client, account_id, id, body, opts) -> Result<Member, Error>;
///     pub fn delete(client, account_id, id, opts) -> Result<(), Error>;
///     // and #[track_caller] twins that panic: index_or_panic, show_or_panic, ...
/// }
/// ```
///
/// Path parameters and the id are `impl Display`, or exactly the declared type
/// for a typed placeholder (`<issue_number: u64>`, `id = "user_id: u64"`; the type
/// must implement `Display`), so swapping two ids or passing `"abc"` as a number
/// does not compile. A placeholder of a relative custom path named like the id
/// takes the id's type. Each value is percent-encoded as exactly one path
/// segment; `opts` is `impl Into<Opts>` (pass `()` for none).
///
/// ```
/// use restlax::{resource, Client, Error};
///
/// #[resource(path = "/repos/<owner>/<repo>/issues", id = "issue_number: u64", actions(show))]
/// #[derive(serde::Deserialize)]
/// struct Issue { number: u64 }
///
/// let _: fn(&Client, &str, &str, u64, ()) -> Result<Issue, Error> = |c, o, r, n, opts| Issue::show(c, o, r, n, opts);
/// assert_eq!(Issue::ACTIONS[0].path, "/repos/<owner>/<repo>/issues/<issue_number>");
/// ```
///
/// # Example
///
/// ```
/// use restlax::{resource, Method};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize)]
/// pub struct Token { pub token: String }
///
/// /// A panel user.
/// #[resource(
///     path = "/users",
///     update_method = "PATCH",
///     action(name = by_external_id, method = "GET", path = "external/<external_id>"),
///     action(name = login, method = "POST", path = "/session", body, returns = Token),
/// )]
/// #[derive(Debug, Serialize, Deserialize)]
/// pub struct User { pub id: u64, pub username: String }
///
/// let by_external = User::ACTIONS.iter().find(|a| a.name == "by_external_id").unwrap();
/// assert_eq!((by_external.method, by_external.path), (Method::Get, "/users/external/<external_id>"));
/// ```
///
/// Every mistake in a declaration is a compile error on the offending token, all
/// reported at once:
///
/// ```compile_fail
/// #[restlax::resource(path = "/members/<member-id>", actions(shwo))]
/// #[derive(serde::Deserialize)]
/// struct Member { id: String }
/// // error: placeholder `<member-id>` is not a Rust identifier; ...
/// // error: unknown action `shwo`, did you mean `show`?
/// ```
pub use restlax_macros::resource;
