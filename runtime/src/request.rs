//! The one request value: method, URL, headers and body, built once (by a
//! generated function, the request API or a page walk) and handed down the
//! stages of a call (retries, middleware, the cache, redirects, the wire).

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::sync::{Arc, Mutex, PoisonError};

use crate::envelope::Chosen;
use crate::header::{Header, Headers};
use crate::secret::Secrets;
use crate::{Error, Method};

/// Names a call in spans and logs: an action's name and path template, never
/// the values in the URL.
#[derive(Debug, Clone, Copy)]
// Read by `observe` with the `tracing` feature only.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) struct Label {
    pub(crate) name: &'static str,
    pub(crate) template: &'static str,
}

impl Label {
    /// A call made with the request API, which has no template.
    pub(crate) const REQUEST_API: Label = Label {
        name: "request",
        template: "(request API)",
    };
}

/// A request body. Bytes are owned by the request, so a retry or a redirect
/// that keeps the method sends the same bytes again; a stream is read once.
#[derive(Clone, Default)]
pub(crate) enum Body {
    /// No body. `POST`, `PUT` and `PATCH` still send `Content-Length: 0`.
    #[default]
    None,
    /// Bytes with their media type.
    Bytes {
        content_type: Cow<'static, str>,
        bytes: Vec<u8>,
    },
    /// A stream with its media type, sent with `Content-Length` when its
    /// length is known and chunked otherwise.
    Stream {
        content_type: Cow<'static, str>,
        stream: Stream,
    },
}

/// A body read from a stream. It cannot be rewound: once a byte of it was
/// read it is never sent again (no retry after that, no re-send by a
/// middleware, no redirect that keeps the body). Clones share the stream.
#[derive(Clone)]
pub(crate) struct Stream {
    state: Arc<Mutex<StreamState>>,
    pub(crate) length: Option<u64>,
}

struct StreamState {
    reader: Box<dyn Read + Send>,
    /// Whether any of it was read (then it cannot be sent again).
    touched: bool,
}

impl Stream {
    pub(crate) fn new(reader: Box<dyn Read + Send>, length: Option<u64>) -> Stream {
        Stream {
            state: Arc::new(Mutex::new(StreamState {
                reader,
                touched: false,
            })),
            length,
        }
    }

    /// Hands the stream to `send`, unless it was read before; `None` then.
    pub(crate) fn with_reader<T>(&self, send: impl FnOnce(&mut dyn Read) -> T) -> Option<T> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.touched {
            return None;
        }
        let StreamState { reader, touched } = &mut *state;
        let mut reader = Touching { reader, touched };
        Some(send(&mut reader))
    }
}

/// Marks the stream read at the first read call.
struct Touching<'a> {
    reader: &'a mut Box<dyn Read + Send>,
    touched: &'a mut bool,
}

impl Read for Touching<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        *self.touched = true;
        self.reader.read(buf)
    }
}

impl Body {
    /// A body of `bytes` with its media type.
    pub(crate) fn bytes(content_type: impl Into<Cow<'static, str>>, bytes: Vec<u8>) -> Body {
        Body::Bytes {
            content_type: content_type.into(),
            bytes,
        }
    }

    /// The bytes of a body held in memory (not of a stream).
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Body::Bytes { bytes, .. } => Some(bytes),
            Body::None | Body::Stream { .. } => None,
        }
    }

    pub(crate) fn content_type(&self) -> Option<&str> {
        match self {
            Body::None => None,
            Body::Bytes { content_type, .. } | Body::Stream { content_type, .. } => {
                Some(content_type)
            }
        }
    }

    /// Whether the body can be sent again (a retry, a middleware's re-send, a
    /// redirect that keeps it): every body but a stream.
    pub(crate) fn is_rewindable(&self) -> bool {
        !matches!(self, Body::Stream { .. })
    }

    /// The length, when known.
    pub(crate) fn len(&self) -> Option<u64> {
        match self {
            Body::None => None,
            Body::Bytes { bytes, .. } => Some(bytes.len() as u64),
            Body::Stream { stream, .. } => stream.length,
        }
    }
}

/// One HTTP request as a call sends it: method, URL, headers, body.
///
/// A [`Middleware`](crate::middleware::Middleware) gets it for every attempt
/// and may change its headers before passing it on. Its `Debug` redacts secret
/// headers and secret query values.
#[derive(Clone)]
pub struct Request {
    pub(crate) label: Label,
    pub(crate) method: Method,
    /// The complete URL, query included, as sent.
    pub(crate) url: String,
    pub(crate) headers: Headers,
    pub(crate) body: Body,
    /// Secret values in the URL (`Opts::secret_query`), hidden wherever it is shown.
    pub(crate) url_secrets: Secrets,
    /// The envelope its answer is read with, when not the client's.
    pub(crate) envelope: Option<Chosen>,
    /// Whether a 2xx answer's body is handed out as a stream, unread.
    pub(crate) streaming: bool,
    /// The body limit of this call, when not the client's (`Opts::max_body_size`).
    pub(crate) max_body: Option<u64>,
}

impl Request {
    pub(crate) fn new(label: Label, method: Method, url: String, headers: Headers) -> Request {
        Request {
            label,
            method,
            url,
            headers,
            body: Body::None,
            url_secrets: Secrets::default(),
            envelope: None,
            streaming: false,
            max_body: None,
        }
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The complete URL as it is sent, query included (secret query values
    /// too: middleware is trusted code). [`url_redacted`](Self::url_redacted)
    /// is the one to log.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The URL with the values of secret query parameters replaced by
    /// `<redacted>`: the URL as errors and logs show it.
    pub fn url_redacted(&self) -> Cow<'_, str> {
        if self.url_secrets.is_empty() {
            return Cow::Borrowed(&self.url);
        }
        self.url_secrets.redact(&self.url)
    }

    /// A header's value (secret ones too: middleware is trusted code).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|h| h.value.to_str().ok())
    }

    /// Every header as `(name, value)`, with the values of secret headers
    /// replaced by `<redacted>`: safe to log.
    pub fn headers_redacted(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(Header::shown)
    }

    /// Sets a header, replacing any of the same name. The same rules hold as
    /// for the client's headers: credentials (`Authorization`, `Cookie`, …)
    /// are secret by name, framing headers are refused.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.headers.set(Header::new(name, value, false)?);
        Ok(())
    }

    /// Sets a secret header: never shown, kept out of the ETag cache's shared
    /// entries, dropped on a redirect to another origin, and redacted wherever
    /// a server echoes its value back.
    pub fn set_secret_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        self.headers.set(Header::new(name, value, true)?);
        Ok(())
    }

    /// Removes a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.remove(name);
    }

    /// The body, if the request has one held in memory. A body streamed from
    /// a reader ([`RequestBuilder::body_reader`](crate::RequestBuilder::body_reader))
    /// cannot be looked at without consuming it: `None` (see
    /// [`body_len`](Self::body_len)).
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_bytes()
    }

    /// The body's length in bytes, when known (a stream's only if it was given).
    pub fn body_len(&self) -> Option<u64> {
        self.body.len()
    }

    /// The body's media type, if the request has a body.
    pub fn content_type(&self) -> Option<&str> {
        self.body.content_type()
    }

    /// Every secret value this request carries: secret headers and secret
    /// query values. Built only where something is about to be shown.
    pub(crate) fn secrets(&self) -> Secrets {
        let mut secrets = self.url_secrets.clone();
        for header in self.headers.iter() {
            secrets.learn_header(header);
        }
        secrets
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self.headers_redacted().collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url_redacted())
            .field("headers", &headers)
            .field("body_len", &self.body_len())
            .finish()
    }
}
