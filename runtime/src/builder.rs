//! The request API: any method on any path of the client's API, for the
//! endpoints nobody declared, with the same retries, deadline, redirects,
//! secrets, middleware and body limit as generated calls.

use std::fmt;

use serde::Serialize;

use crate::call;
use crate::request::{Body, Label};
use crate::{Client, Error, Method, Opts, Pages, Response, StreamingResponse};

/// A request being built; [`send`](Self::send) sends it. Made by
/// [`Client::request`] and its shorthands ([`Client::get`], …).
///
/// ```no_run
/// # let client = restlax::Client::builder("https://api.github.com").build()?;
/// let issues: Vec<serde_json::Value> = client
///     .get("/repos/rust-lang/rust/issues")
///     .query("state", "open")
///     .header("x-github-api-version", "2022-11-28")
///     .send()?
///     .json()?;
/// client.put("/repos/o/r/issues/7/lock").send()?; // Content-Length: 0
/// # Ok::<(), restlax::Error>(())
/// ```
#[must_use = "a request does nothing until .send() is called"]
pub struct RequestBuilder<'c> {
    client: &'c Client,
    method: Method,
    target: String,
    opts: Opts,
    body: Body,
    error: Option<Error>,
}

impl<'c> RequestBuilder<'c> {
    pub(crate) fn new(client: &'c Client, method: Method, target: &str) -> Self {
        RequestBuilder {
            client,
            method,
            target: target.to_owned(),
            opts: Opts::new(),
            body: Body::None,
            error: None,
        }
    }

    /// Appends a query parameter (percent-encoded when sent).
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.opts = self.opts.query(key, value);
        self
    }

    /// Appends a query parameter whose value is a secret (an API key in the
    /// URL): sent as given, shown as `<redacted>` wherever the URL is shown. See
    /// [`Opts::secret_query`].
    pub fn secret_query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.opts = self.opts.secret_query(key, value);
        self
    }

    /// Adds a header (replacing the client's header of the same name, such as
    /// the default `Accept: application/json`: `.header("accept", "*/*")`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.opts = self.opts.header(name, value);
        self
    }

    /// Adds a secret header: never shown, dropped on a cross-origin redirect.
    pub fn secret_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.opts = self.opts.secret_header(name, value);
        self
    }

    /// Adds per-call options (timeout, retries, metadata, cache, more query
    /// parameters and headers) on top of what the builder already has.
    pub fn opts(mut self, opts: impl Into<Opts>) -> Self {
        self.opts = std::mem::take(&mut self.opts).merge(opts.into());
        self
    }

    /// Reads the answer with `envelope` instead of the client's; shorthand
    /// for `.opts(Opts::new().envelope(envelope))` (see [`Opts::envelope`]).
    ///
    /// ```no_run
    /// use restlax::envelope::Under;
    ///
    /// # let client = restlax::Client::builder("https://matrix.example.org").build()?;
    /// // Synapse's admin API: `{"rooms": [...], "total_rooms": 2}`.
    /// let rooms = client
    ///     .get("/_synapse/admin/v1/rooms")
    ///     .envelope(Under(&["rooms"]))
    ///     .send()?
    ///     .page::<serde_json::Value>()?;
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn envelope(mut self, envelope: impl crate::envelope::Envelope) -> Self {
        self.opts = std::mem::take(&mut self.opts).envelope(envelope);
        self
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match crate::call::encode_json(body) {
            Ok(bytes) => self.body = Body::bytes(crate::header::JSON, bytes),
            Err(e) => self.fail(e),
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body (OAuth token endpoints and
    /// many older APIs), from a struct or a list of pairs.
    ///
    /// ```no_run
    /// # let client = restlax::Client::builder("https://auth.example.com").build()?;
    /// let token: serde_json::Value = client
    ///     .post("/oauth/token")
    ///     .form(&[("grant_type", "client_credentials"), ("scope", "read")])
    ///     .send()?
    ///     .json()?;
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match crate::form::encode(body) {
            Ok(bytes) => self.body = Body::bytes(crate::form::CONTENT_TYPE, bytes),
            Err(e) => self.fail(e),
        }
        self
    }

    /// Any bytes, with their media type (e.g. `"application/octet-stream"`).
    pub fn body(mut self, content_type: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.body = Body::bytes(content_type.into(), bytes.into());
        self
    }

    /// A body streamed from `reader`, with its media type: an upload from a
    /// file or a pipe without reading it into memory first. With `length`
    /// (the exact number of bytes the reader yields) it is sent with
    /// `Content-Length`, otherwise chunked.
    ///
    /// A stream cannot be rewound, so once any of it was read it is never sent
    /// again: no retry (only a failure before the first byte, such as a refused
    /// connection, is retried), no second send by a middleware, no `307`/`308`
    /// redirect (a [`Redirect`](crate::ErrorKind::Redirect) error). The call's
    /// deadline bounds the upload like any other: the reader is not read again
    /// once it has passed, though one read that blocks cannot be cut short.
    ///
    /// ```no_run
    /// # let client = restlax::Client::builder("https://api.example.com").build()?;
    /// let file = std::fs::File::open("backup.tar")?;
    /// let length = file.metadata()?.len();
    /// client
    ///     .put("/backups/latest")
    ///     .body_reader("application/x-tar", file, Some(length))
    ///     .send()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn body_reader(
        mut self,
        content_type: impl Into<String>,
        reader: impl std::io::Read + Send + 'static,
        length: Option<u64>,
    ) -> Self {
        self.body = Body::Stream {
            content_type: content_type.into().into(),
            stream: crate::request::Stream::new(Box::new(reader), length),
        };
        self
    }

    /// Sends a `multipart/form-data` body (file uploads): text fields and
    /// files from bytes or readers, see [`Form`](crate::multipart::Form).
    /// With a file from a reader, the body is sent once, as with
    /// [`body_reader`](Self::body_reader).
    ///
    /// ```no_run
    /// # let client = restlax::Client::builder("https://api.example.com").build()?;
    /// use restlax::multipart::Form;
    ///
    /// let form = Form::new()
    ///     .text("channel", "C024BE91L")
    ///     .file("file", "notes.txt", "text/plain", "line one\nline two");
    /// client.post("/files.upload").multipart(form).send()?;
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn multipart(mut self, form: crate::multipart::Form) -> Self {
        let (content_type, encoded) = form.encode();
        self.body = match encoded {
            crate::multipart::Encoded::Bytes(bytes) => Body::bytes(content_type, bytes),
            crate::multipart::Encoded::Reader { reader, length } => Body::Stream {
                content_type: content_type.into(),
                stream: crate::request::Stream::new(reader, length),
            },
        };
        self
    }

    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// Sends the request. A 2xx or `304 Not Modified` answer is a [`Response`];
    /// any other status is an [`ErrorKind::Api`](crate::ErrorKind::Api) error with
    /// the API's messages, as for generated calls.
    ///
    /// The path is sent the same way every time: characters a URL cannot hold
    /// (non-ASCII, spaces) are percent-encoded and existing escapes kept; a
    /// fragment (`#…`), a dot segment (`..`), a stray `%`, an absolute URL off
    /// the client's origin or with credentials in it are an
    /// [`InvalidRequest`](crate::ErrorKind::InvalidRequest) and nothing is sent.
    pub fn send(self) -> Result<Response, Error> {
        let client = self.client;
        let (request, answer, opts) = self.run(false)?;
        Ok(Response::new(client, request, answer, opts))
    }

    /// Sends the request and hands the answer's body out unread, as a
    /// [`Read`](std::io::Read)er: a download or an export too large for
    /// memory. Status and headers come first; a failure status is the same
    /// typed [`Error`] as for [`send`](Self::send), its body read (within the
    /// limit) for the API's messages before anything is handed out.
    ///
    /// The body is read within the call's deadline and body limit, which
    /// [`Opts::timeout`] and [`Opts::max_body_size`] raise for one call; gzip,
    /// brotli and deflate are decoded on the way. Middleware sees the answer
    /// with an empty [`body`](crate::Answer::body); an [`EtagCache`](crate::EtagCache)
    /// is not used for it.
    ///
    /// ```no_run
    /// # let client = restlax::Client::builder("https://api.example.com").build()?;
    /// # use restlax::Opts;
    /// let mut backup = client
    ///     .get("/backups/latest")
    ///     .opts(Opts::new().max_body_size(1 << 30))
    ///     .send_streaming()?;
    /// let mut file = std::fs::File::create("backup.bin").expect("a file");
    /// std::io::copy(&mut backup, &mut file).map_err(restlax::streaming::restlax_error)?;
    /// # Ok::<(), restlax::Error>(())
    /// ```
    pub fn send_streaming(self) -> Result<StreamingResponse, Error> {
        let (request, answer, _) = self.run(true)?;
        Ok(StreamingResponse::new(request, answer))
    }

    /// Builds the one request and sends it; `streaming`: a 2xx body stays unread.
    fn run(self, streaming: bool) -> Result<(crate::Request, crate::Answer, Opts), Error> {
        let client = self.client;
        let method = self.method;
        let url = client
            .inner
            .base
            .target(&self.target)
            .map_err(|e| e.at(method, &crate::url::shown(&self.target)))?;
        if let Some(error) = self.error {
            return Err(error.at(method, &url));
        }
        let mut request = call::request(
            client,
            Label::REQUEST_API,
            method,
            url,
            &[],
            self.body,
            &self.opts,
            None,
        )?;
        request.streaming = streaming;
        let answer = call::execute(client, &request, &self.opts, true)?;
        Ok((request, answer, self.opts))
    }
}

impl RequestBuilder<'_> {
    /// Walks every page of a list this request asks for, as a generated
    /// `index_all` does: each next page is this request again with the page,
    /// offset or cursor the envelope reads (its query, a `Link` target, or a
    /// field of this JSON body for a search that pages in its body, such as
    /// Notion's: see [`BodyToken`](crate::envelope::BodyToken)). Each item is
    /// decoded through the call's envelope ([`Opts::envelope`], else the
    /// client's).
    ///
    /// Every page re-sends this request, so its body must be held in memory:
    /// a [`body_reader`](Self::body_reader) body makes the walk fail at once
    /// with [`InvalidRequest`](crate::ErrorKind::InvalidRequest).
    pub fn pages<T: serde::de::DeserializeOwned>(self) -> Pages<T> {
        let client = self.client;
        let method = self.method;
        let target = client
            .inner
            .base
            .target(&self.target)
            .map_err(|e| e.at(method, &crate::url::shown(&self.target)))
            .and_then(|url| match self.error {
                Some(error) => Err(error.at(method, &url)),
                None if !self.body.is_rewindable() => Err(Error::invalid(
                    "a walk over pages re-sends its request, so its body must be bytes, not a reader",
                )
                .not_sent()
                .at(method, &url)),
                None => Ok((url, Vec::new())),
            });
        let start = crate::walk::Start {
            label: Label::REQUEST_API,
            method,
            body: self.body,
            declared: None,
        };
        Pages::start(client, start, target, self.opts)
    }
}

impl fmt::Debug for RequestBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("target", &crate::url::shown(&self.target))
            .field("opts", &self.opts)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Client {
    /// Starts a request with any method to `path` (relative to the base URL, e.g.
    /// `/repos/o/r/issues/7/lock`; percent-encode values with
    /// [`encode_segment`](crate::encode_segment)) or to an absolute URL on the
    /// client's origin. See [`RequestBuilder`].
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        RequestBuilder::new(self, method, path)
    }

    /// A `GET` request; see [`request`](Self::request).
    pub fn get(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Get, path)
    }

    /// A `POST` request; see [`request`](Self::request).
    pub fn post(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Post, path)
    }

    /// A `PUT` request; see [`request`](Self::request).
    pub fn put(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Put, path)
    }

    /// A `PATCH` request; see [`request`](Self::request).
    pub fn patch(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Patch, path)
    }

    /// A `DELETE` request; see [`request`](Self::request).
    pub fn delete(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Delete, path)
    }

    /// A `HEAD` request; see [`request`](Self::request).
    pub fn head(&self, path: &str) -> RequestBuilder<'_> {
        self.request(Method::Head, path)
    }
}
