//! Redirects: where the next hop leads is one pure function of the request,
//! its answer and the policy ([`next`]); [`follow`] sends hop after hop.
//!
//! restlax follows redirects itself (ureq's are off) so that the rules hold on
//! every hop: secret headers never reach another origin, a body is never
//! re-sent to one, only `http(s)` targets without credentials in them are
//! followed, and `https_only` is never downgraded.

use std::time::{Duration, Instant};

use crate::answer::Answer;
use crate::request::{Body, Request};
use crate::transport::{self, Wire};
use crate::{Error, ErrorKind, Method, url};

/// How a client follows redirects.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Policy {
    /// How many hops a call follows; 0 turns redirects off.
    pub(crate) max: u32,
    pub(crate) https_only: bool,
}

/// The statuses that redirect.
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// The request for the hop after `answer`, or `None` when `answer` is the
/// final one. `visited` holds the URLs already sent in this chain. An error
/// says why the redirect cannot be followed.
pub(crate) fn next(
    request: &Request,
    answer: &Answer,
    policy: Policy,
    visited: &[String],
) -> Result<Option<Request>, Error> {
    let status = answer.status;
    if !REDIRECTS.contains(&status) || policy.max == 0 {
        return Ok(None);
    }
    let Some(location) = answer.header("location") else {
        return Ok(None);
    };
    let refuse = |why: String| {
        Error::new(ErrorKind::Redirect, why)
            .with_status(status)
            .at(request.method, &answer.url)
    };
    if visited.len() as u64 >= u64::from(policy.max) {
        return Err(refuse(format!("more than {} redirects", policy.max)));
    }
    let target = url::resolve(&request.url, location)
        .map_err(|why| refuse(format!("the redirect cannot be followed: {why}")))?;
    if url::has_userinfo(&target) {
        // ureq would turn the user and password into `Authorization: Basic`
        // for whoever the server named; the target is not shown, for the same reason.
        return Err(refuse(
            "the redirect leads to a URL with credentials in it (user:password@); refusing to send them"
                .to_owned(),
        ));
    }
    if policy.https_only && !target.starts_with("https://") {
        return Err(refuse(format!(
            "https_only is set and the redirect leads to {target}"
        )));
    }
    if target == request.url || visited.contains(&target) {
        return Err(refuse(format!("redirect loop at {target}")));
    }
    let cross_origin = url::origin_of(&request.url) != url::origin_of(&target);
    let mut method = request.method;
    let mut body = request.body.clone();
    match status {
        303 if method != Method::Head => {
            method = Method::Get;
            body = Body::None;
        }
        301 | 302 if !matches!(method, Method::Get | Method::Head) => {
            return Err(refuse(format!(
                "a {status} redirect would turn this {method} into a GET"
            )));
        }
        _ => {}
    }
    if !body.is_rewindable() {
        return Err(refuse(format!(
            "a {status} redirect would send the request body again, and a streamed body cannot be rewound"
        )));
    }
    if cross_origin && !matches!(body, Body::None) {
        // A body can hold secrets of its own (a login's password); unlike
        // headers it cannot be stripped, so it never follows to another origin.
        return Err(refuse(format!(
            "a {status} redirect would re-send the request body to another origin ({})",
            url::origin_of(&target).map_or_else(String::new, |o| o.ascii_serialization())
        )));
    }
    let headers = if cross_origin && request.headers.has_secrets() {
        request.headers.without_secrets()
    } else {
        request.headers.clone()
    };
    Ok(Some(Request {
        label: request.label,
        method,
        url: target,
        headers,
        body,
        // A Location often keeps the query (http to https, a moved path), and
        // with it the secret values, which stay hidden wherever it is shown.
        url_secrets: request.url_secrets.clone(),
        envelope: request.envelope.clone(),
        streaming: request.streaming,
        max_body: request.max_body,
    }))
}

/// Sends `request` and follows its redirects, each hop within the deadline.
pub(crate) fn follow(
    wire: &Wire<'_>,
    policy: Policy,
    request: &Request,
    deadline: Instant,
    budget: Duration,
) -> Result<Answer, Error> {
    let mut hop: Option<Request> = None;
    let mut visited: Vec<String> = Vec::new();
    loop {
        let current = hop.as_ref().unwrap_or(request);
        if Instant::now() >= deadline {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("the call's time budget of {budget:?} ran out"),
            )
            .at(current.method, &current.url_redacted()));
        }
        let answer = transport::send(wire, current)
            .map_err(|e| e.at(current.method, &current.url_redacted()))?;
        match next(current, &answer, policy, &visited)? {
            None => return Ok(answer),
            Some(following) => {
                visited.push(
                    hop.replace(following)
                        .map_or_else(|| request.url.clone(), |previous| previous.url),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::header::{Header, Headers};
    use crate::request::Label;
    use ureq::http::HeaderMap;

    const POLICY: Policy = Policy {
        max: 5,
        https_only: false,
    };

    fn request(method: Method, url: &str, body: bool) -> Request {
        let mut headers = Headers::default();
        headers.set(Header::new("authorization", "Bearer t0ken", false).unwrap());
        headers.set(Header::new("x-trace", "1", false).unwrap());
        let mut request = Request::new(Label::REQUEST_API, method, url.to_owned(), headers);
        if body {
            request.body = Body::bytes("application/json", b"{}".to_vec());
        }
        request
    }

    fn answer(status: u16, location: &str) -> Answer {
        let mut headers = HeaderMap::new();
        headers.insert("location", location.parse().unwrap());
        Answer::new(status, headers, Vec::new(), "http://a.test/x".into())
    }

    fn hop(request: &Request, status: u16, location: &str) -> Result<Option<Request>, Error> {
        next(request, &answer(status, location), POLICY, &[])
    }

    #[test]
    fn a_hop_resolves_against_the_url_that_answered() {
        let r = request(Method::Get, "http://a.test/v1/x?q=1", false);
        let next = hop(&r, 302, "../y?page=2").unwrap().unwrap();
        assert_eq!(next.url, "http://a.test/y?page=2");
        assert_eq!(next.header("authorization"), Some("Bearer t0ken"));
        assert!(hop(&r, 200, "/z").unwrap().is_none());
        assert!(hop(&r, 304, "/z").unwrap().is_none());
    }

    #[test]
    fn secrets_stay_on_their_origin_and_bodies_never_leave_it() {
        let r = request(Method::Get, "http://a.test/x", false);
        let next = hop(&r, 307, "https://b.test/x").unwrap().unwrap();
        assert_eq!(next.header("authorization"), None);
        assert_eq!(next.header("x-trace"), Some("1"));
        let post = request(Method::Post, "http://a.test/x", true);
        let e = hop(&post, 307, "https://b.test/x").err().unwrap();
        assert_eq!(e.kind(), ErrorKind::Redirect);
        let same = hop(&post, 308, "/y").unwrap().unwrap();
        assert_eq!((same.method, same.body()), (Method::Post, Some(&b"{}"[..])));
        let seen = hop(&post, 303, "https://b.test/done").unwrap().unwrap();
        assert_eq!((seen.method, seen.body()), (Method::Get, None));
        assert_eq!(
            hop(&post, 302, "/y").err().unwrap().kind(),
            ErrorKind::Redirect
        );
    }

    #[test]
    fn refused_targets() {
        let r = request(Method::Get, "http://a.test/x", false);
        for (location, says) in [
            ("ftp://a.test/x", "only http and https"),
            ("http://u:hunter2@a.test/y", "credentials"),
            ("/x", "loop"),
        ] {
            let e = hop(&r, 302, location).err().unwrap();
            assert_eq!(e.kind(), ErrorKind::Redirect, "{location}");
            assert!(e.to_string().contains(says), "{e}");
            assert!(!e.to_string().contains("hunter2"), "{e}");
        }
        let strict = Policy {
            https_only: true,
            ..POLICY
        };
        assert!(next(&r, &answer(302, "http://a.test/y"), strict, &[]).is_err());
        let off = Policy { max: 0, ..POLICY };
        assert!(next(&r, &answer(302, "/y"), off, &[]).unwrap().is_none());
        let visited: Vec<String> = (0..5).map(|i| format!("http://a.test/{i}")).collect();
        let e = next(&r, &answer(302, "/y"), POLICY, &visited)
            .err()
            .unwrap();
        assert!(e.to_string().contains("more than 5"), "{e}");
    }
}
