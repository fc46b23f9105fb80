//! A streamed answer ([`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming)): status, headers
//! and URL at once, the body read as it arrives, within the call's deadline
//! and body limit, through [`std::io::Read`].

use std::fmt;
use std::io::{self, Read};

use ureq::http::HeaderMap;

use crate::answer::{Answer, Stream};
use crate::request::Request;
use crate::{Error, connection, transport};

/// The answer of [`RequestBuilder::send_streaming`](crate::RequestBuilder::send_streaming):
/// status, headers and URL, and the body as a [`Read`]er, for a download too
/// large to hold in memory.
///
/// Reading stays within the call: the deadline that bounded the call
/// ([`Opts::timeout`](crate::Opts::timeout), else the client's) bounds every
/// read, however slowly the server sends, and the body limit
/// ([`Opts::max_body_size`](crate::Opts::max_body_size), else the client's)
/// counts decoded bytes. A read that fails returns an [`io::Error`] whose
/// [`get_ref`](io::Error::get_ref) is the [`restlax::Error`](Error)
/// (`Timeout`, `BodyTooLarge`, `Transport`, …): [`restlax_error`] finds it.
///
/// ```no_run
/// # let client = restlax::Client::builder("https://api.example.com").build()?;
/// use std::time::Duration;
/// use restlax::Opts;
///
/// let mut export = client
///     .get("/exports/2026-12.tar.gz")
///     .opts(Opts::new().max_body_size(8 << 30).timeout(Duration::from_secs(3600)))
///     .send_streaming()?;
/// let mut file = std::fs::File::create("export.tar.gz").expect("a file");
/// std::io::copy(&mut export, &mut file).map_err(|e| restlax::streaming::restlax_error(e))?;
/// # Ok::<(), restlax::Error>(())
/// ```
pub struct StreamingResponse {
    status: u16,
    headers: HeaderMap,
    url: String,
    stream: Stream,
    /// What was sent, so that a read error hides its secrets.
    request: Request,
    failed: bool,
}

impl StreamingResponse {
    pub(crate) fn new(request: Request, mut answer: Answer) -> Self {
        let stream = answer.stream.take().unwrap_or_else(|| {
            // An answer read whole (the ETag cache's copy) streams from memory.
            let body = std::mem::take(&mut answer.body);
            let max_body = body.len() as u64;
            Stream::new(Box::new(io::Cursor::new(body)), max_body)
        });
        StreamingResponse {
            status: answer.status,
            headers: std::mem::take(&mut answer.headers),
            url: std::mem::take(&mut answer.url),
            stream,
            request,
            failed: false,
        }
    }

    /// The HTTP status (a 2xx: any other is the call's error).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header's value (the first, if repeated), if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The URL that answered (after redirects), without secret query values.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Read for StreamingResponse {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        let _bound = self.stream.deadline.map(connection::bound);
        self.stream.reader.read(buf).map_err(|e| {
            self.failed = true;
            let kind = e.kind();
            let error = transport::read_error(e, self.stream.max_body)
                .with_status(self.status)
                .at(self.request.method, &self.url);
            let secrets = self.request.secrets();
            let error = error.redacted(&|text| secrets.redact_in(text));
            io::Error::new(kind, error)
        })
    }
}

impl fmt::Debug for StreamingResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingResponse")
            .field("status", &self.status)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The [`restlax::Error`](Error) inside an `io::Error` from a
/// [`StreamingResponse`]'s read, or one made from the `io::Error` itself (a
/// file that could not be written).
pub fn restlax_error(error: io::Error) -> Error {
    let kind = error.kind();
    match error.into_inner().map(|inner| inner.downcast::<Error>()) {
        Some(Ok(error)) => *error,
        Some(Err(other)) => Error::new(crate::ErrorKind::Transport, other.to_string()),
        None => Error::new(crate::ErrorKind::Transport, kind.to_string()),
    }
}
