//! One call, however it was made (a generated function or the request API): its
//! headers, the retry loop, redirects, middleware, conditional requests, and
//! the decoding of the answer into a value, a page or nothing.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::connection::{self, deadline_in};
use crate::envelope::Envelope;
use crate::header::{self, Header};
use crate::middleware::{self, Attempt};
use crate::page::Cursor;
use crate::retry::{RETRY_STATUSES, parse_retry_after};
use crate::transport::{self, Exchange};
use crate::{Action, Client, Error, ErrorKind, Method, Opts, Page, cache, decode, observe, url};

/// Names a call in spans and logs: an action's name and path template, never
/// the values in the URL.
#[derive(Debug, Clone, Copy)]
// `name` and `template` are read by `observe` with the `tracing` feature only.
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) struct Label<'a> {
    pub(crate) method: Method,
    pub(crate) name: &'a str,
    pub(crate) template: &'a str,
}

impl Action {
    pub(crate) fn label(&self) -> Label<'static> {
        Label {
            method: self.method,
            name: self.name,
            template: self.path,
        }
    }
}

/// A request body and its media type.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Body<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) content_type: &'a str,
}

/// The media type of a JSON body.
pub(crate) const JSON: &str = "application/json";

/// Serializes a JSON body. One that cannot be serialized (e.g. a map with
/// non-string keys) is an invalid-request error; nothing is sent.
pub(crate) fn encode_json<T: serde::Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(body).map_err(|e| {
        Error::invalid(format!(
            "the request body cannot be serialized to JSON: {e}"
        ))
        .with_source(e)
    })
}

/// Everything one call sends.
pub(crate) struct Outgoing<'a> {
    pub(crate) label: Label<'a>,
    /// The complete URL, query included.
    pub(crate) url: String,
    /// The call's own headers (a declaration's, or the request API's), between
    /// the client's and the options'.
    pub(crate) headers: &'a [Header],
    pub(crate) body: Option<Body<'a>>,
    pub(crate) opts: &'a Opts,
}

/// `url` (base URL and encoded path) with the call's query.
pub(crate) fn with_query(mut url: String, opts: &Opts) -> String {
    url::push_query(&mut url, opts.query_pairs());
    url
}

fn outgoing<'a>(
    action: &Action,
    url: String,
    headers: &'a [Header],
    body: Option<Body<'a>>,
    opts: &'a Opts,
) -> Outgoing<'a> {
    Outgoing {
        label: action.label(),
        url: with_query(url, opts),
        headers,
        body,
        opts,
    }
}

pub(crate) fn one<T: DeserializeOwned>(
    client: &Client,
    action: &Action,
    url: String,
    headers: &[Header],
    body: Option<Body<'_>>,
    opts: &Opts,
) -> Result<T, Error> {
    let exchange = execute(client, &outgoing(action, url, headers, body, opts), false)?;
    decode::one(&*client.inner.envelope, &exchange.parts())
        .map_err(|e| e.at(action.method, &exchange.url))
}

pub(crate) fn list<T: DeserializeOwned>(
    client: &Client,
    action: &Action,
    url: String,
    headers: &[Header],
    body: Option<Body<'_>>,
    opts: &Opts,
) -> Result<Page<T>, Error> {
    let exchange = execute(client, &outgoing(action, url, headers, body, opts), false)?;
    page(&*client.inner.envelope, action.method, &exchange, opts)
}

pub(crate) fn unit(
    client: &Client,
    action: &Action,
    url: String,
    headers: &[Header],
    body: Option<Body<'_>>,
    opts: &Opts,
) -> Result<(), Error> {
    let exchange = execute(client, &outgoing(action, url, headers, body, opts), false)?;
    decode::unit(&*client.inner.envelope, &exchange.parts())
        .map_err(|e| e.at(action.method, &exchange.url))
}

/// The page a walk's cursor points at: the action's path with new options, or
/// a `Link` target, which must be on the client's origin (the client's secret
/// headers go with it).
pub(crate) fn next_page<T: DeserializeOwned>(
    client: &Client,
    action: &Action,
    headers: &[Header],
    path_url: &str,
    cursor: &Cursor,
) -> Result<Page<T>, Error> {
    let (url, opts) = match cursor {
        Cursor::Opts(opts) => (with_query(path_url.to_owned(), opts), opts),
        Cursor::Url(Err(why), _) => {
            return Err(
                Error::invalid(format!("the next-page link is unusable: {why}"))
                    .at(action.method, path_url),
            );
        }
        Cursor::Url(Ok(url), opts) => {
            check_origin(client, url, "next-page link")
                .map_err(|e| e.at(action.method, path_url))?;
            (url.clone(), opts)
        }
    };
    let out = Outgoing {
        label: action.label(),
        url,
        headers,
        body: None,
        opts,
    };
    let exchange = execute(client, &out, false)?;
    page(&*client.inner.envelope, action.method, &exchange, opts)
}

/// Fails unless `url` is on the client's origin: the client's credentials go
/// with every request, so they must not go anywhere else.
pub(crate) fn check_origin(client: &Client, url: &str, what: &str) -> Result<(), Error> {
    let base = &client.inner.base;
    if base.same_origin(url) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "the {what} {url} is not on the client's origin {}; refusing to send credentials there",
        base.origin.ascii_serialization()
    )))
}

/// One page of an answer through `envelope` (generated calls and
/// [`Response::page`](crate::Response::page)).
pub(crate) fn page<T: DeserializeOwned>(
    envelope: &dyn Envelope,
    method: Method,
    exchange: &Exchange,
    opts: &Opts,
) -> Result<Page<T>, Error> {
    let (items, info) =
        decode::list(envelope, &exchange.parts()).map_err(|e| e.at(method, &exchange.url))?;
    Ok(Page::new(items, info, opts, &exchange.url))
}

/// The client's headers, then the call's own, then the options' (a later
/// header replaces an earlier one of the same name).
fn headers_for<'a>(
    client: &'a Client,
    own: &[Header],
    opts: &Opts,
) -> Result<Cow<'a, [Header]>, Error> {
    if own.is_empty() && opts.headers.is_empty() {
        return Ok(Cow::Borrowed(&client.inner.headers));
    }
    let mut headers = client.inner.headers.clone();
    for header in own {
        header::replace(&mut headers, header.clone());
    }
    for (name, value, secret) in &opts.headers {
        header::replace(&mut headers, Header::new(name, value, *secret)?);
    }
    Ok(Cow::Owned(headers))
}

/// Sends the request, retrying and following redirects as configured, and turns
/// a non-2xx answer into an [`ErrorKind::Api`] error. A `304 Not Modified` is an
/// answer when the call's [`EtagCache`](crate::EtagCache) holds the body it
/// confirms (which then becomes the answer's body), or when `keep_304` says the
/// caller reads statuses itself (the request API).
pub(crate) fn execute(
    client: &Client,
    out: &Outgoing<'_>,
    keep_304: bool,
) -> Result<Exchange, Error> {
    let method = out.label.method;
    let opts = out.opts;
    let url = &out.url;
    let mut headers = headers_for(client, out.headers, opts).map_err(|e| e.at(method, url))?;
    if let Some(metadata) = &opts.metadata {
        metadata.clear();
    }
    // A caller's own If-None-Match asks about their copy, not the cache's.
    let cache = opts
        .cache
        .as_ref()
        .filter(|_| method == Method::Get && !headers.iter().any(|h| h.name == "if-none-match"))
        .map(|cache| (cache, cache::Key::new(url, &headers)));
    let cached = cache.as_ref().and_then(|(cache, key)| cache.lookup(key));
    if let Some(entry) = &cached {
        let mut with = headers.into_owned();
        with.push(Header::validated("if-none-match", entry.etag.clone()));
        headers = Cow::Owned(with);
    }
    let policy = opts.retry.unwrap_or(client.inner.retry);
    let budget = opts.timeout.unwrap_or(client.inner.timeout);
    let deadline = deadline_in(budget);
    // Everything below, middleware and the calls it makes included, ends by then.
    let _bound = connection::bound(deadline);
    let safe = method.is_idempotent() || opts.idempotent;

    let mut attempt = 1;
    let result = loop {
        let result = observe::attempt(&out.label, attempt, || {
            follow(client, method, url, &headers, out.body, deadline, budget)
        });
        let retry_after = match &result {
            Ok(exchange) if RETRY_STATUSES.contains(&exchange.status) && safe => {
                exchange.header("retry-after").and_then(parse_retry_after)
            }
            Err(error) if error.is_retryable() && (safe || !error.maybe_sent()) => None,
            _ => break result,
        };
        if attempt >= policy.attempts() {
            break result;
        }
        let Some(delay) = policy.delay(attempt + 1, retry_after) else {
            break result;
        };
        if delay >= deadline.saturating_duration_since(Instant::now()) {
            break result;
        }
        std::thread::sleep(delay);
        attempt += 1;
    };

    let mut exchange = result.map_err(|e| e.with_attempts(attempt))?;
    let ok = match exchange.status {
        200..=299 => {
            if let (Some((cache, key)), Some(etag)) = (&cache, exchange.headers.get("etag")) {
                cache.store(key.clone(), etag.clone(), &exchange.headers, &exchange.body);
            }
            true
        }
        304 => match cached {
            Some(entry) => {
                // The remembered answer, updated by what the 304 says (RFC 9111
                // §4.3.4): its Link and other headers still describe the body.
                let entry = std::sync::Arc::unwrap_or_clone(entry);
                let mut remembered = entry.headers;
                for (name, value) in &exchange.headers {
                    remembered.insert(name, value.clone());
                }
                exchange.headers = remembered;
                exchange.body = entry.body;
                true
            }
            None => keep_304,
        },
        _ => false,
    };
    if let Some(metadata) = &opts.metadata {
        metadata.record(&exchange);
    }
    if ok {
        return Ok(exchange);
    }
    let retry_after = exchange.header("retry-after").and_then(parse_retry_after);
    Err(decode::failure(&*client.inner.envelope, &exchange.parts())
        .with_retry_after(retry_after)
        .at(method, &exchange.url)
        .with_attempts(attempt))
}

/// One attempt, following redirects. Secret headers are dropped as soon as a
/// redirect leaves the original origin.
fn follow(
    client: &Client,
    mut method: Method,
    url: &str,
    headers: &[Header],
    mut body: Option<Body<'_>>,
    deadline: Instant,
    budget: Duration,
) -> Result<Exchange, Error> {
    let inner = &*client.inner;
    let wire = inner.wire();
    let mut url = url.to_owned();
    let mut headers = Cow::Borrowed(headers);
    let mut visited: Vec<String> = Vec::new();
    loop {
        if Instant::now() >= deadline {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("the call's time budget of {budget:?} ran out"),
            )
            .at(method, &url));
        }
        let mut exchange = if inner.middleware.is_empty() {
            transport::send(&wire, method, &url, &headers, body)
        } else {
            let on_origin = inner.base.same_origin(&url);
            let attempt = Attempt::new(method, &url, &headers, body, on_origin);
            middleware::run(&inner.middleware, &wire, attempt)
        }
        .map_err(|e| e.at(method, &url))?;
        if !matches!(exchange.status, 301 | 302 | 303 | 307 | 308) || inner.max_redirects == 0 {
            exchange.url = url;
            return Ok(exchange);
        }
        let Some(location) = exchange.header("location").map(str::to_owned) else {
            exchange.url = url;
            return Ok(exchange);
        };
        let redirect = |why: String| {
            Error::new(ErrorKind::Redirect, why)
                .with_status(exchange.status)
                .at(method, &url)
        };
        if visited.len() as u32 >= inner.max_redirects {
            return Err(redirect(format!(
                "more than {} redirects",
                inner.max_redirects
            )));
        }
        let next = url::resolve(&url, &location)
            .map_err(|why| redirect(format!("the redirect cannot be followed: {why}")))?;
        if inner.https_only && !next.starts_with("https://") {
            return Err(redirect(format!(
                "https_only is set and the redirect leads to {next}"
            )));
        }
        if next == url || visited.contains(&next) {
            return Err(redirect(format!("redirect loop at {next}")));
        }
        let cross_origin = url::origin_of(&url) != url::origin_of(&next);
        if cross_origin && body.is_some() && exchange.status != 303 {
            // A 303 turns the call into a GET without a body. Otherwise the body would
            // follow, and a body can hold secrets of its own (a login's password); unlike
            // headers it cannot be stripped, so it never follows to another origin.
            return Err(redirect(format!(
                "a {} redirect would re-send the request body to another origin ({})",
                exchange.status,
                url::origin_of(&next).map_or_else(String::new, |o| o.ascii_serialization())
            )));
        }
        match exchange.status {
            303 if method != Method::Head => {
                method = Method::Get;
                body = None;
            }
            301 | 302 if !matches!(method, Method::Get | Method::Head) => {
                return Err(redirect(format!(
                    "a {} redirect would turn this {method} into a GET",
                    exchange.status
                )));
            }
            _ => {}
        }
        if cross_origin && headers.iter().any(|h| h.secret) {
            headers = Cow::Owned(headers.iter().filter(|h| !h.secret).cloned().collect());
        }
        visited.push(std::mem::replace(&mut url, next));
    }
}
