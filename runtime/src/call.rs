//! One call, however it was made (a generated function, the request API, a page
//! walk). Its [`Request`] is built once ([`request`]) and goes down the stages
//! ([`execute`]): the deadline and the retries here, then for each attempt the
//! middleware chain, the ETag cache, redirects and the wire. Its final
//! [`Answer`] comes back up, or an [`Error`] for a failure status; decoding
//! the answer is the caller's.

use std::cell::{Cell, RefCell};
use std::sync::Arc;
use std::time::Instant;

use crate::answer::Answer;
use crate::connection::{self, deadline_in};
use crate::envelope::{Chosen, Envelope};
use crate::header::{Header, Headers, JSON};
use crate::request::{Body, Label, Request};
use crate::retry::{self, Outcome, RETRY_STATUSES, parse_retry_after};
use crate::{Client, Error, Method, Opts, cache, decode, middleware, observe, redirect, url};

/// How deeply calls may nest on one thread (a middleware's own call inside a
/// call, and so on) before the innermost fails. A middleware that calls its
/// own client re-enters itself; without a bound that recursion ends only when
/// the stack overflows and the process aborts.
pub const MAX_NESTED_CALLS: u32 = 8;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// One level of nesting, given back when dropped.
struct Nesting;

impl Nesting {
    fn enter() -> Result<Nesting, Error> {
        let depth = DEPTH.with(Cell::get);
        if depth >= MAX_NESTED_CALLS {
            return Err(Error::invalid(format!(
                "calls nested more than {MAX_NESTED_CALLS} deep on this thread: a middleware \
                 that calls its own client re-enters itself (give it a client of its own, \
                 without that middleware)"
            ))
            .not_sent());
        }
        DEPTH.with(|d| d.set(depth + 1));
        Ok(Nesting)
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

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

/// The request a call sends: `url` (base URL and encoded path) with the
/// options' query, and the client's headers under the call's own (a
/// declaration's) under the options' (a later header replaces an earlier one
/// of the same name).
// Every part of a request is given here, in one place, so no caller builds
// one by halves.
#[allow(clippy::too_many_arguments)]
pub(crate) fn request(
    client: &Client,
    label: Label,
    method: Method,
    mut url: String,
    own: &[Header],
    body: Body,
    opts: &Opts,
    declared: Option<&'static dyn Envelope>,
) -> Result<Request, Error> {
    let url_secrets = opts.query_secrets();
    match &opts.next_url {
        // A next-page link carries its own query; the options' secret values
        // stay known, hidden if the server echoed them into it.
        Some(next) => {
            client
                .inner
                .base
                .check(next, "next-page link")
                .map_err(|e| {
                    e.at(method, &url_secrets.redact(&url::shown(next)))
                        .redacted(&|text| url_secrets.redact_in(text))
                })?;
            next.clone_into(&mut url);
        }
        None if !opts.query.is_empty() => url::push_query(&mut url, opts.query_pairs()),
        None => {}
    }
    let body = with_body_fields(body, &opts.body_fields)
        .map_err(|e| e.at(method, &url_secrets.redact(&url)))?;
    let mut headers = Headers::new(Arc::clone(&client.inner.headers));
    for header in own {
        headers.set(header.clone());
    }
    for (name, value, secret) in &opts.headers {
        let header = Header::new(name, value, *secret)
            .map_err(|e| e.at(method, &url_secrets.redact(&url)))?;
        headers.set(header);
    }
    let mut request = Request::new(label, method, url, headers);
    request.body = body;
    request.url_secrets = url_secrets;
    request.envelope = Chosen::pick(opts.envelope.as_ref(), declared);
    request.max_body = opts.max_body;
    Ok(request)
}

/// `body` with `fields` set at its top level: the cursor of a search that
/// pages in its JSON body. No body becomes `{}` with them; a body that is not
/// a JSON object cannot take them.
fn with_body_fields(body: Body, fields: &[(String, serde_json::Value)]) -> Result<Body, Error> {
    if fields.is_empty() {
        return Ok(body);
    }
    let mut object = match &body {
        Body::None => serde_json::Map::new(),
        Body::Bytes {
            content_type,
            bytes,
        } if content_type.starts_with(JSON) => match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(object)) => object,
            _ => {
                return Err(Error::invalid(
                    "a body cursor (a next page's fields) needs a JSON object body",
                )
                .not_sent());
            }
        },
        _ => {
            return Err(Error::invalid(
                "a body cursor (a next page's fields) needs a JSON body, not a form or a stream",
            )
            .not_sent());
        }
    };
    for (key, value) in fields {
        object.insert(key.clone(), value.clone());
    }
    Ok(Body::bytes(JSON, encode_json(&object)?))
}

/// Sends `request`, retrying and following redirects as configured, and turns
/// a non-2xx answer into an [`ErrorKind::Api`](crate::ErrorKind::Api) error. A
/// `304 Not Modified` is an answer when the call's
/// [`EtagCache`](crate::EtagCache) confirmed its copy with it (which is then the
/// answer's body), or when `keep_304` says the caller reads statuses itself
/// (the request API). No secret value of the request appears in an error.
pub(crate) fn execute(
    client: &Client,
    request: &Request,
    opts: &Opts,
    keep_304: bool,
) -> Result<Answer, Error> {
    let shown = || request.url_redacted().into_owned();
    let _nesting = Nesting::enter().map_err(|e| e.at(request.method, &shown()))?;
    if let Some(metadata) = &opts.metadata {
        metadata.clear();
    }
    let inner = &*client.inner;
    let policy = opts.retry.unwrap_or(inner.retry);
    let budget = opts.timeout.unwrap_or(inner.timeout);
    let deadline = deadline_in(budget);
    // Everything below, middleware and the calls it makes included, ends by then.
    let _bound = connection::bound(deadline);
    // A streamed body is read once: after any of it left, nothing is re-sent.
    let resendable =
        (request.method.is_idempotent() || opts.idempotent) && request.body.is_rewindable();

    let wire = inner.wire();
    // Whether this attempt got past the middleware towards the server: its
    // error then says nothing about whether the request left (a middleware may
    // return the error of a call of its own, say a token endpoint's "refused").
    let reached = Cell::new(false);
    let to_server = |r: &Request| redirect::follow(&wire, inner.redirects, r, deadline, budget);
    let below = |r: &Request| {
        reached.set(true);
        match &opts.cache {
            // A streamed answer is not kept: it is read once, by the caller.
            Some(cache) if !r.streaming => cache::send(cache, r, to_server),
            _ => to_server(r),
        }
    };
    // Secret headers a middleware set, so that what comes back hides them too.
    let learned: RefCell<Vec<Header>> = RefCell::new(Vec::new());
    let bottom = |r: &Request| {
        learned
            .borrow_mut()
            .extend(r.headers.iter().filter(|h| h.secret).cloned());
        below(r)
    };

    // The one re-send a middleware may make, shared by every attempt.
    let resends = Cell::new(0);
    let mut attempt = 1;
    let result = loop {
        reached.set(false);
        let mut result = observe::attempt(&request.label, request.method, attempt, || {
            if inner.middleware.is_empty() {
                below(request)
            } else {
                middleware::run(&inner.middleware, request, &bottom, &resends)
            }
        });
        if let Err(error) = &mut result
            && reached.get()
            && !inner.middleware.is_empty()
        {
            error.maybe_sent_anyway();
        }
        let outcome = match &result {
            Ok(answer) => Outcome::Answered {
                status: answer.status,
                retry_after: RETRY_STATUSES
                    .contains(&answer.status)
                    .then(|| retry_after(client.envelope_for(request), answer))
                    .flatten(),
            },
            Err(error) => Outcome::Failed(error),
        };
        let left = || deadline.saturating_duration_since(Instant::now());
        let Some(delay) = retry::decide(&policy, attempt, outcome, resendable, left) else {
            break result;
        };
        std::thread::sleep(delay);
        // A sleep that ran past the deadline leaves no time to try again: an
        // attempt that cannot start would replace this one's error (what went
        // wrong) with one that says only that time ran out.
        if Instant::now() >= deadline {
            break result;
        }
        attempt += 1;
    };

    let learned = learned.into_inner();
    let secrets = || {
        let mut secrets = request.secrets();
        for header in &learned {
            secrets.learn_header(header);
        }
        secrets
    };
    let mut answer = match result {
        Ok(answer) => answer,
        Err(error) => {
            let secrets = secrets();
            return Err(error
                .located(request.method, &shown())
                .with_attempts(attempt)
                .redacted(&|text| secrets.redact_in(text)));
        }
    };
    let ok = match answer.status {
        200..=299 => true,
        304 => answer.revalidated || keep_304,
        _ => false,
    };
    if let Some(metadata) = &opts.metadata {
        metadata.record(&answer);
    }
    if ok {
        answer.learned = learned;
        return Ok(answer);
    }
    let retry_after = retry_after(client.envelope_for(request), &answer);
    let secrets = secrets();
    Err(
        decode::failure(client.envelope_for(request), &answer.parts())
            .with_retry_after(retry_after)
            .at(request.method, &answer.url)
            .with_attempts(attempt)
            .redacted(&|text| secrets.redact_in(text)),
    )
}

/// How long `answer` asks to wait: its `Retry-After` header, else what the
/// envelope reads in its body (Matrix's `retry_after_ms`).
fn retry_after(envelope: &dyn Envelope, answer: &Answer) -> Option<std::time::Duration> {
    answer
        .header("retry-after")
        .and_then(parse_retry_after)
        .or_else(|| {
            let view = answer.parts().view();
            envelope.retry_after(&view)
        })
}

/// An error made from `answer` after the call (a decode failure), with where
/// it happened and every secret value of the call hidden.
pub(crate) fn hide(error: Error, request: &Request, answer: &Answer) -> Error {
    let mut secrets = request.secrets();
    for header in &answer.learned {
        secrets.learn_header(header);
    }
    error
        .located(request.method, &answer.url)
        .redacted(&|text| secrets.redact_in(text))
}
