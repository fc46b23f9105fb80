//! The answer to a request sent with the request API.

use std::fmt;

use serde::de::DeserializeOwned;
use ureq::http::HeaderMap;

use crate::answer::Answer;
use crate::envelope::Chosen;
use crate::request::Request;
use crate::{Client, Error, Opts, Page, call, decode};

/// A 2xx (or `304`) answer from [`RequestBuilder::send`](crate::RequestBuilder::send):
/// status, headers, the URL that answered, and the body, read in full within the
/// client's size limit. [`json`](Self::json) and [`page`](Self::page) decode it
/// through the client's envelope, as generated calls do.
///
/// ```no_run
/// # let client = restlax::Client::builder("https://api.example.com").build()?;
/// let response = client.get("/user").send()?;
/// println!("{} from {}, {:?} calls left", response.status(), response.url(), response.header("x-ratelimit-remaining"));
/// let user: serde_json::Value = response.json()?;
/// # Ok::<(), restlax::Error>(())
/// ```
pub struct Response {
    exchange: Answer,
    /// What was sent, so that an error made from the answer hides its secrets.
    request: Request,
    envelope: Chosen,
    opts: Opts,
}

impl Response {
    pub(crate) fn new(client: &Client, request: Request, exchange: Answer, opts: Opts) -> Self {
        Response {
            envelope: client.chosen_envelope(&request),
            exchange,
            request,
            opts,
        }
    }

    /// The answer as middleware saw it.
    pub fn answer(&self) -> &Answer {
        &self.exchange
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.exchange.status
    }

    /// A header's value (the first, if repeated), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.exchange.header(name)
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.exchange.headers
    }

    /// The URL that answered (after redirects).
    pub fn url(&self) -> &str {
        &self.exchange.url
    }

    /// The body.
    pub fn bytes(&self) -> &[u8] {
        &self.exchange.body
    }

    /// The body, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.exchange.body
    }

    /// The body as text; a body that is not UTF-8 is a
    /// [`Decode`](crate::ErrorKind::Decode) error.
    pub fn text(&self) -> Result<&str, Error> {
        std::str::from_utf8(&self.exchange.body).map_err(|e| {
            call::hide(
                Error::decode(
                    self.status(),
                    None,
                    format!("the body is not UTF-8: {e}"),
                    &self.exchange.body,
                ),
                &self.request,
                &self.exchange,
            )
        })
    }

    /// The value at the envelope's data position, decoded into `T` (an envelope
    /// failure such as Cloudflare's `"success": false` is an error).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        decode::one(&*self.envelope, &self.exchange.parts()).map_err(|e| {
            let e = e.with_fix("read `status()` instead of `json()` for an answer with no body");
            call::hide(e, &self.request, &self.exchange)
        })
    }

    /// A page of items through the envelope, with its page info; the next page is
    /// [`Page::next_opts`] (for the same request) or [`Page::next_url`].
    pub fn page<T: DeserializeOwned>(&self) -> Result<Page<T>, Error> {
        let (items, info) = decode::list(&*self.envelope, &self.exchange.parts())
            .map_err(|e| call::hide(e, &self.request, &self.exchange))?;
        Ok(Page::new(items, info, &self.opts, &self.exchange.url))
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.exchange.status)
            .field("url", &self.exchange.url)
            .field("body_len", &self.exchange.body.len())
            .finish_non_exhaustive()
    }
}
