//! `restlax::Method` is `restlax_facts::Method`, the one list of methods the
//! macro and the runtime share; what only the runtime needs stays here.

pub use restlax_facts::Method;

use crate::Error;

/// The method as ureq's `http` crate names it.
pub(crate) fn to_http(method: Method) -> Result<ureq::http::Method, Error> {
    use ureq::http::Method as M;
    Ok(match method {
        Method::Get => M::GET,
        Method::Post => M::POST,
        Method::Put => M::PUT,
        Method::Patch => M::PATCH,
        Method::Delete => M::DELETE,
        Method::Head => M::HEAD,
        // `Method` is `#[non_exhaustive]` in restlax-facts, so a method added
        // there reaches this arm until it is given its constant above.
        _ => M::from_bytes(method.as_str().as_bytes())
            .map_err(|_| Error::invalid(format!("restlax cannot send the method {method}")))?,
    })
}
