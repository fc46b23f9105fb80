//! Observability: with the `tracing` feature, one span per HTTP request.
//!
//! Spans carry the path template, not the URL: path values and query
//! parameters can be personal data or tokens, and headers are never recorded.

use crate::answer::Answer;
use crate::request::Label;
use crate::{Error, Method};

#[cfg(feature = "tracing")]
pub(crate) fn attempt(
    action: &Label,
    method: Method,
    attempt: u32,
    send: impl FnOnce() -> Result<Answer, Error>,
) -> Result<Answer, Error> {
    let span = tracing::info_span!(
        "restlax.request",
        method = method.as_str(),
        path = action.template,
        action = action.name,
        attempt,
        status = tracing::field::Empty,
        error = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    );
    let _entered = span.enter();
    let started = std::time::Instant::now();
    let result = send();
    span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
    match &result {
        Ok(exchange) => {
            span.record("status", exchange.status);
        }
        Err(error) => {
            if let Some(status) = error.status() {
                span.record("status", status);
            }
            span.record("error", tracing::field::debug(error.kind()));
        }
    }
    result
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn attempt(
    _action: &Label,
    _method: Method,
    _attempt: u32,
    send: impl FnOnce() -> Result<Answer, Error>,
) -> Result<Answer, Error> {
    send()
}
