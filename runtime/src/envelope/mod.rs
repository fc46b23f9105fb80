//! Where the data sits in a response body, how a failure looks, and how to find
//! the next page.
//!
//! An [`Envelope`] is declarative about the success path: it names the object keys
//! that lead to the data, and the runtime walks the body *once*, deserializing the
//! data straight into your type and keeping only the few side fields the envelope
//! asked for (as borrowed raw JSON). Nothing is parsed into a `serde_json::Value`
//! on success. A key the envelope reads that appears twice is a decode error
//! (see [`Envelope::fields`]).
//!
//! Built in: [`Plain`], [`Under`] (data under named keys), [`Cloudflare`],
//! [`Fractal`] (Pterodactyl). The client's envelope is the default; a
//! declaration may name another for a resource or one action
//! (`envelope = Under(&["chunk"])`, a constant expression), and
//! [`Opts::envelope`](crate::Opts::envelope) for one call, in that order of
//! precedence: the call's, the action's, the resource's, the client's. Adding
//! one for another API takes a few lines:
//!
//! ```
//! use restlax::envelope::{Envelope, Response};
//! use restlax::PageInfo;
//!
//! /// `{"data": …, "meta": {"page": 2, "pages": 7}}`
//! #[derive(Debug)]
//! struct Data;
//!
//! impl Envelope for Data {
//!     fn data(&self) -> &[&str] { &["data"] }
//!     fn fields(&self) -> &[&str] { &["meta"] }
//!     fn page_info(&self, response: &Response<'_>) -> PageInfo {
//!         #[derive(serde::Deserialize)]
//!         struct Meta { page: u64, pages: u64 }
//!         match response.field_as::<Meta>("meta") {
//!             Some(m) => PageInfo::numbered(Some(m.page), None, Some(m.pages), None),
//!             None => PageInfo::default(),
//!         }
//!     }
//! }
//!
//! let client = restlax::Client::builder("https://api.example.com").envelope(Data).build()?;
//! # Ok::<(), restlax::Error>(())
//! ```
//!
//! # A custom error shape
//!
//! The default [`Envelope::messages`] reads the shapes most APIs use (the
//! table is at [`generic_messages`]): a failure then shows the API's code and
//! text, as in `HTTP 401 Unauthorized: Login failed (code not_authorized)`.
//! An API that says it another way overrides `messages`, and
//! [`retry_after`](Envelope::retry_after) when it gives a wait in the body.
//! The Telegram Bot API answers `{"ok": false, "error_code": 400,
//! "description": "Bad Request: chat not found"}`, and a `429` with
//! `"parameters": {"retry_after": 5}`:
//!
//! ```
//! use std::time::Duration;
//! use restlax::envelope::{Envelope, Response, generic_messages};
//! use restlax::{ApiMessage, ApiMessages};
//!
//! /// `{"ok": true, "result": …}`, or `{"ok": false, "error_code", "description"}`.
//! #[derive(Debug)]
//! struct Telegram;
//!
//! #[derive(serde::Deserialize)]
//! struct Failure {
//!     error_code: Option<i64>,
//!     description: String,
//!     parameters: Option<Parameters>,
//! }
//!
//! #[derive(serde::Deserialize)]
//! struct Parameters {
//!     retry_after: Option<u64>,
//! }
//!
//! impl Envelope for Telegram {
//!     fn data(&self) -> &[&str] { &["result"] }
//!
//!     fn messages(&self, response: &Response<'_>) -> ApiMessages {
//!         match serde_json::from_slice::<Failure>(response.body()) {
//!             Ok(failure) => {
//!                 let message = ApiMessage::new(failure.description);
//!                 match failure.error_code {
//!                     Some(code) => vec![message.with_code(code.to_string())].into(),
//!                     None => vec![message].into(),
//!                 }
//!             }
//!             // Not Telegram's shape (a proxy's page, say): the common ones,
//!             // else no message and the error keeps a snippet of the body.
//!             Err(_) => generic_messages(response.body()),
//!         }
//!     }
//!
//!     fn retry_after(&self, response: &Response<'_>) -> Option<Duration> {
//!         // Only a 429 says it: no other answer's body is parsed for it.
//!         if response.status() != 429 {
//!             return None;
//!         }
//!         let failure: Failure = serde_json::from_slice(response.body()).ok()?;
//!         Some(Duration::from_secs(failure.parameters?.retry_after?))
//!     }
//! }
//!
//! let client = restlax::Client::builder("https://api.telegram.org")
//!     .envelope(Telegram)
//!     .build()?;
//! # Ok::<(), restlax::Error>(())
//! ```
//!
//! A failure then reads `HTTP 400 Bad Request: Bad Request: chat not found
//! (code 400)`, and `error.api_messages()[0].code()` is `Some("400")`. The
//! messages are built by the envelope, so it bounds them: one here;
//! [`generic_messages`] keeps at most [`MAX_API_MESSAGES`](crate::MAX_API_MESSAGES).

mod chosen;
mod cloudflare;
mod fractal;
mod messages;
mod paging;
mod plain;
mod under;

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use ureq::http::HeaderMap;

use crate::{ApiMessages, PageInfo};

pub use cloudflare::Cloudflare;
pub use fractal::Fractal;
pub use messages::generic_messages;
pub use paging::{AfterLast, BodyToken, NextToken, NumberedPages, OffsetLimit};
pub use plain::Plain;
pub use under::Under;

pub(crate) use chosen::{Chosen, Given};

/// How an API wraps its data. See the [module docs](self) for an example.
///
/// Every method has a default that fits a plain JSON API, so an envelope only
/// says what is different.
///
/// A declaration names one with `envelope = …`: a constant expression (a unit
/// struct, `Under(&["chunk"])`, a struct literal with `&'static` fields), which
/// the expansion keeps in a `const`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an envelope: it does not implement `restlax::envelope::Envelope`",
    label = "not an envelope",
    note = "in a declaration, `envelope = …` takes a constant expression of a type that implements `Envelope`, such as `Under(&[\"chunk\"])` or a unit struct"
)]
pub trait Envelope: fmt::Debug + Send + Sync + 'static {
    /// Object keys leading to a single value in a success body; empty means the
    /// body itself. Cloudflare: `["result"]`.
    fn data(&self) -> &[&str] {
        &[]
    }

    /// Object keys leading to the array of a list response. Defaults to [`data`](Self::data).
    fn items(&self) -> &[&str] {
        self.data()
    }

    /// Object keys leading from one array element to the item. Fractal: `["attributes"]`.
    fn item(&self) -> &[&str] {
        &[]
    }

    /// Top-level fields that [`failure`](Self::failure) and [`page_info`](Self::page_info)
    /// read. They are captured as raw JSON while the data is decoded (when
    /// [`data`](Self::data) is empty, so the data is the whole body, by a second,
    /// skimming pass over it).
    ///
    /// A key the envelope reads (a field named here, or a key on the data path)
    /// that appears twice in its object makes the response an
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) error, whatever the copies
    /// say: otherwise the data and the failure check could each take a different
    /// copy. Other keys may repeat.
    fn fields(&self) -> &[&str] {
        &[]
    }

    /// Turns a 2xx response into an API failure when the body says it failed
    /// (Cloudflare's `"success": false`). Returns the API's messages (collect an
    /// iterator of [`ApiMessage`](crate::ApiMessage)s, or `.into()` a `Vec`).
    fn failure(&self, response: &Response<'_>) -> Option<ApiMessages> {
        let _ = response;
        None
    }

    /// Reads the pagination of a list response. The default follows a
    /// `Link: <…>; rel="next"` header (RFC 8288). The built-in paging
    /// envelopes ([`NextToken`], [`AfterLast`], [`NumberedPages`],
    /// [`OffsetLimit`], [`BodyToken`]) cover the common other styles.
    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        PageInfo::from_link_header(response.header("link"))
    }

    /// Query parameters the first page of a list is asked for with, under the
    /// caller's own (a key the caller sets wins): for an API that pages only
    /// when asked (RabbitMQ answers a bare array without `?page=`, a paged
    /// object with it). Sent by list calls (`index`, `index_all`'s first
    /// page); later pages are the envelope's [`page_info`](Self::page_info).
    fn first_page(&self) -> &[(&'static str, &'static str)] {
        &[]
    }

    /// Reads the API's messages from a failure body. The default,
    /// [`generic_messages`], understands `errors[]` (Cloudflare, Pterodactyl,
    /// JSON:API, GitHub), `{"error": …}`, `{"message": …}`, RFC 9457 problem
    /// details and the shapes of CouchDB and RabbitMQ, Matrix, MLflow, Google,
    /// Stripe and OpenAI, FastAPI and OAuth 2.0; anything else gives none (see
    /// [a custom error shape](self#a-custom-error-shape)).
    /// It reads the body as a stream and builds at most
    /// [`MAX_API_MESSAGES`](crate::MAX_API_MESSAGES) messages, counting the rest.
    fn messages(&self, response: &Response<'_>) -> ApiMessages {
        generic_messages(response.body())
    }

    /// How long a `429` or `503` answer asks to wait, when it says so in its
    /// body rather than in a `Retry-After` header. A `Retry-After` header that
    /// gives a wait (seconds or an HTTP date) wins: this is not asked then.
    /// The wait is used as `Retry-After` is: by the retry decision (a wait
    /// longer than [`Retry::max_delay`](crate::Retry::max_delay), or than
    /// what the call's deadline leaves, is not slept: the call ends with the
    /// error) and by [`Error::retry_after`](crate::Error::retry_after).
    ///
    /// The default reads a top-level `retry_after_ms` (Matrix: milliseconds)
    /// or `retry_after` (Discord: seconds, fractions allowed), and parses
    /// only bodies in which a scan finds `"retry_after`: other APIs pay one
    /// pass over the bytes of a failure body. An API that says it another way
    /// (the Telegram envelope of the [module docs](self#a-custom-error-shape)
    /// is another example):
    ///
    /// ```
    /// use std::time::Duration;
    /// use restlax::envelope::{Envelope, Response};
    ///
    /// /// `{"error": "slow down", "wait_seconds": 3}`
    /// #[derive(Debug)]
    /// struct Waits;
    ///
    /// impl Envelope for Waits {
    ///     fn retry_after(&self, response: &Response<'_>) -> Option<Duration> {
    ///         #[derive(serde::Deserialize)]
    ///         struct Body { wait_seconds: u64 }
    ///         let body: Body = serde_json::from_slice(response.body()).ok()?;
    ///         Some(Duration::from_secs(body.wait_seconds))
    ///     }
    /// }
    /// ```
    fn retry_after(&self, response: &Response<'_>) -> Option<std::time::Duration> {
        body_retry_after(response.body())
    }
}

/// A top-level `retry_after_ms` (milliseconds) or `retry_after` (seconds),
/// read only from a body that mentions one: most failure bodies are never
/// parsed for it.
fn body_retry_after(body: &[u8]) -> Option<std::time::Duration> {
    const KEY: &[u8] = b"\"retry_after";
    if !body.windows(KEY.len()).any(|w| w == KEY) {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct Waits {
        retry_after_ms: Option<u64>,
        retry_after: Option<f64>,
    }
    let waits: Waits = serde_json::from_slice(body).ok()?;
    match (waits.retry_after_ms, waits.retry_after) {
        (Some(ms), _) => Some(std::time::Duration::from_millis(ms)),
        (None, Some(s)) if s.is_finite() && s >= 0.0 => {
            std::time::Duration::try_from_secs_f64(s).ok()
        }
        _ => None,
    }
}

/// What an envelope sees of a response.
pub struct Response<'a> {
    pub(crate) status: u16,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) url: &'a str,
    pub(crate) names: &'a [&'a str],
    pub(crate) fields: &'a [Option<&'a RawValue>],
    /// How many items a list held, once decoded.
    pub(crate) items: Option<usize>,
}

impl<'a> Response<'a> {
    /// The URL that answered (after redirects), query included; secret query
    /// values are `<redacted>`.
    pub fn url(&self) -> &'a str {
        self.url
    }

    /// A query parameter of the URL that answered, decoded (the last, if it is
    /// repeated): the page or offset this page was asked for, and its size.
    pub fn query(&self, key: &str) -> Option<String> {
        let query = self.url.split('#').next()?.split_once('?')?.1;
        ::url::form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k == key)
            .last()
            .map(|(_, value)| value.into_owned())
    }

    /// How many items the list on this page held, in
    /// [`Envelope::page_info`] (`None` elsewhere): a page shorter than the
    /// size it was asked for is the last.
    pub fn item_count(&self) -> Option<usize> {
        self.items
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A response header, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The raw body.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// A top-level field named in [`Envelope::fields`], as raw JSON.
    pub fn field(&self, name: &str) -> Option<&'a RawValue> {
        let index = self.names.iter().position(|n| *n == name)?;
        self.fields.get(index).copied().flatten()
    }

    /// A top-level field named in [`Envelope::fields`], deserialized; `None` when it
    /// is absent or does not match `T`.
    pub fn field_as<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        serde_json::from_str(self.field(name)?.get()).ok()
    }
}

impl fmt::Debug for Response<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .field("fields", &self.names)
            .finish()
    }
}
