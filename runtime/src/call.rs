//! One call: URL and headers, the retry loop, redirects, and the decoding of the
//! answer into a value, a page or nothing.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use crate::client::{Header, origin_of, validate_header};
use crate::retry::parse_retry_after;
use crate::transport::{self, Exchange};
use crate::{Action, Client, Error, ErrorKind, Method, Opts, Page, decode, observe, path};

/// Statuses that say "try again later".
const RETRY_STATUSES: [u16; 4] = [429, 502, 503, 504];

pub(crate) fn one<T: DeserializeOwned>(
    client: &Client,
    action: &Action,
    url: String,
    body: Option<&[u8]>,
    opts: &Opts,
) -> Result<T, Error> {
    let exchange = execute(client, action, url, body, opts)?;
    decode::one(&*client.inner.envelope, &exchange.parts())
        .map_err(|e| e.at(action.method, &exchange.url))
}

pub(crate) fn list<T: DeserializeOwned>(
    client: &Client,
    action: &Action,
    url: String,
    body: Option<&[u8]>,
    opts: &Opts,
) -> Result<Page<T>, Error> {
    let exchange = execute(client, action, url, body, opts)?;
    let (items, info) = decode::list(&*client.inner.envelope, &exchange.parts())
        .map_err(|e| e.at(action.method, &exchange.url))?;
    Ok(Page::new(items, info, opts))
}

pub(crate) fn unit(
    client: &Client,
    action: &Action,
    url: String,
    body: Option<&[u8]>,
    opts: &Opts,
) -> Result<(), Error> {
    let exchange = execute(client, action, url, body, opts)?;
    decode::unit(&*client.inner.envelope, &exchange.parts())
        .map_err(|e| e.at(action.method, &exchange.url))
}

/// `url` (base URL and encoded path) with the call's query, or the next-page link.
fn url_for(client: &Client, method: Method, mut url: String, opts: &Opts) -> Result<String, Error> {
    let base = &client.inner.base;
    if let Some(next) = &opts.next_url {
        if origin_of(next).as_deref() != Some(base.origin.as_str()) {
            return Err(Error::invalid(format!(
                "the next-page link {next} is not on the client's origin {}; refusing to send credentials there",
                base.origin
            ))
            .at(method, &base.url));
        }
        return Ok(next.clone());
    }
    path::push_query(&mut url, opts.query_pairs());
    Ok(url)
}

/// The client's headers with the call's own on top (a call header replaces a
/// client header of the same name).
fn headers_for<'a>(client: &'a Client, opts: &Opts) -> Result<Cow<'a, [Header]>, Error> {
    if opts.headers.is_empty() {
        return Ok(Cow::Borrowed(&client.inner.headers));
    }
    let mut headers = client.inner.headers.clone();
    for (name, value, secret) in &opts.headers {
        let header = validate_header(name, value, *secret)?;
        headers.retain(|h| h.name != header.name);
        headers.push(header);
    }
    Ok(Cow::Owned(headers))
}

/// Sends the request, retrying and following redirects as configured, and turns
/// a non-2xx answer into an [`ErrorKind::Api`] error.
pub(crate) fn execute(
    client: &Client,
    action: &Action,
    url: String,
    body: Option<&[u8]>,
    opts: &Opts,
) -> Result<Exchange, Error> {
    let method = action.method;
    let url = url_for(client, method, url, opts)?;
    let headers = headers_for(client, opts).map_err(|e| e.at(method, &url))?;
    let policy = opts.retry.unwrap_or(client.inner.retry);
    let budget = opts.timeout.unwrap_or(client.inner.timeout);
    let deadline = Instant::now() + budget;
    let safe = method.is_idempotent() || opts.idempotent;

    let mut attempt = 1;
    let result = loop {
        let result = observe::attempt(action, attempt, || {
            follow(client, method, &url, &headers, body, deadline, budget)
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
        if Instant::now() + delay >= deadline {
            break result;
        }
        std::thread::sleep(delay);
        attempt += 1;
    };

    match result {
        Ok(exchange) if (200..300).contains(&exchange.status) => Ok(exchange),
        Ok(exchange) => {
            let retry_after = exchange.header("retry-after").and_then(parse_retry_after);
            Err(decode::failure(&*client.inner.envelope, &exchange.parts())
                .with_retry_after(retry_after)
                .at(method, &exchange.url)
                .with_attempts(attempt))
        }
        Err(error) => Err(error.with_attempts(attempt)),
    }
}

/// One attempt, following redirects. Secret headers are dropped as soon as a
/// redirect leaves the original origin.
fn follow(
    client: &Client,
    mut method: Method,
    url: &str,
    headers: &[Header],
    mut body: Option<&[u8]>,
    deadline: Instant,
    budget: Duration,
) -> Result<Exchange, Error> {
    let inner = &*client.inner;
    let mut url = url.to_owned();
    let mut headers = Cow::Borrowed(headers);
    let mut visited: Vec<String> = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("the call's time budget of {budget:?} ran out"),
            )
            .at(method, &url));
        }
        let mut exchange = transport::send(inner, method, &url, &headers, body, deadline, left)
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
        let next = resolve(&url, &location);
        let Some(next_origin) = origin_of(&next) else {
            return Err(redirect(format!(
                "the redirect target {next:?} is not an http(s) URL"
            )));
        };
        if inner.https_only && !next.starts_with("https://") {
            return Err(redirect(format!(
                "https_only is set and the redirect leads to {next}"
            )));
        }
        if next == url || visited.contains(&next) {
            return Err(redirect(format!("redirect loop at {next}")));
        }
        let cross_origin = origin_of(&url).as_deref() != Some(next_origin.as_str());
        if cross_origin && body.is_some() && exchange.status != 303 {
            // A 303 turns the call into a GET without a body. Otherwise the body would
            // follow, and a body can hold secrets of its own (a login's password); unlike
            // headers it cannot be stripped, so it never follows to another origin.
            return Err(redirect(format!(
                "a {} redirect would re-send the request body to another origin ({next_origin})",
                exchange.status
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

/// Resolves a `Location` value against the URL that sent it.
fn resolve(current: &str, location: &str) -> String {
    let location = location.trim();
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let scheme_end = current.find("://").map_or(0, |i| i + 3);
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{}{rest}", &current[..scheme_end]);
    }
    let authority_end = current[scheme_end..]
        .find('/')
        .map_or(current.len(), |i| scheme_end + i);
    if location.starts_with('/') {
        return format!("{}{location}", &current[..authority_end]);
    }
    let path_only = current.split(['?', '#']).next().unwrap_or(current);
    let dir_end = path_only[authority_end..]
        .rfind('/')
        .map_or(path_only.len(), |i| authority_end + i + 1);
    let mut out = path_only[..dir_end].to_owned();
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(location);
    out
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn locations() {
        let cur = "http://a:1/x/y?q=1";
        assert_eq!(resolve(cur, "http://b/z"), "http://b/z");
        assert_eq!(resolve(cur, "/z"), "http://a:1/z");
        assert_eq!(resolve(cur, "z"), "http://a:1/x/z");
        assert_eq!(resolve(cur, "//c/z"), "http://c/z");
        assert_eq!(resolve("http://a", "z"), "http://a/z");
    }
}
