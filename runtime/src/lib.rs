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
//! `singular`, `create_method`, `update_method`, `id` and custom `action(...)`s.
//!
//! # What is checked where
//!
//! - At compile time: the whole declaration (unknown actions, bad methods, malformed
//!   path templates, clashing names…), each error spanned on the offending token.
//! - Before sending: path values (never empty; each one encoded as exactly one
//!   segment), headers (no CR/LF), the body (must serialize), the base URL.
//! - On the answer: status, envelope failures (`"success": false` with HTTP 200),
//!   decoding straight into your type with the JSON path of any mismatch.

#![warn(missing_docs)]

mod action;
mod call;
mod client;
mod decode;
pub mod envelope;
mod error;
mod method;
mod opts;
mod page;
mod path;
mod retry;
#[cfg(feature = "testing")]
pub mod testing;
mod transport;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use action::{Action, ActionKind};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY};
pub use error::{ApiMessage, Error, ErrorKind, SNIPPET_LIMIT};
pub use method::Method;
pub use opts::Opts;
pub use page::{NextPage, Page, PageInfo, Pages};
pub use path::encode_segment;
pub use retry::Retry;

pub use restlax_macros::resource;
