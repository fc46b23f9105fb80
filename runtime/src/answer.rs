//! The one answer value: status, headers, the URL that answered and the body,
//! as middleware, decoding, metadata, the cache and the request API read it,
//! or, for a streaming call, the body still to be read (`Stream`).

use std::fmt;
use std::io::Read;
use std::time::Instant;

use ureq::http::HeaderMap;

use crate::connection;
use crate::header::Header;

/// The answer to one request: status, headers, body (read in full, within the
/// client's size limit) and the URL that answered.
pub struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    /// The URL that answered (after redirects), secret query values redacted.
    pub(crate) url: String,
    /// Whether the body is the ETag cache's copy, confirmed by a `304`.
    pub(crate) revalidated: bool,
    /// Secret headers a middleware set on the request that was sent, so that
    /// what the call hands back can hide their values too.
    pub(crate) learned: Vec<Header>,
    /// A 2xx body not yet read, for a streaming call
    /// (`RequestBuilder::send_streaming`): `body` is then empty.
    pub(crate) stream: Option<Stream>,
}

impl Answer {
    pub(crate) fn new(status: u16, headers: HeaderMap, body: Vec<u8>, url: String) -> Answer {
        Answer {
            status,
            headers,
            body,
            url,
            revalidated: false,
            learned: Vec::new(),
            stream: None,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header's value (the first, if repeated), if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body. Empty for the answer of a streaming call
    /// ([`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming)),
    /// whose body is read from the response it returns.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The URL that answered (after redirects), without secret query values.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Answer")
            .field("status", &self.status)
            .field("url", &self.url)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// A 2xx body not yet read, as the transport hands it up: decoded, limited,
/// and bound on each read by the deadline of the call it came from.
pub(crate) struct Stream {
    pub(crate) reader: Box<dyn Read + Send + Sync>,
    pub(crate) max_body: u64,
    /// The call's deadline, which its reads keep after the call returned.
    pub(crate) deadline: Option<Instant>,
}

impl Stream {
    pub(crate) fn new(reader: Box<dyn Read + Send + Sync>, max_body: u64) -> Stream {
        Stream {
            reader,
            max_body,
            deadline: connection::current_deadline(),
        }
    }
}

impl fmt::Debug for Stream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stream")
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}
