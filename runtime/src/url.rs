//! URLs: the client's base URL, origins, query strings, and references
//! (`Location`, `Link`) resolved against the URL that answered.
//!
//! Resolution and origins follow the WHATWG URL standard (RFC 3986 for the
//! references APIs send) through the `url` crate; the hot path (base URL +
//! encoded path + query) is plain string building.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use url::{Origin, Url};

use crate::Error;
use crate::path::push_encoded;

/// The validated base URL.
#[derive(Debug, Clone)]
pub(crate) struct Base {
    /// As given, without a trailing slash; resource paths start with `/`.
    pub(crate) url: String,
    pub(crate) origin: Origin,
}

/// The message for any base URL with an `@`: the URL itself is never echoed,
/// since the part before the `@` may be a password.
const USERINFO: &str = "invalid base URL: it contains `@`, which would put credentials in the URL \
     (where errors and logs show them); use ClientBuilder::basic_auth, or write an `@` in a path as %40";

impl Base {
    /// Validates a base URL: http(s), a host, no credentials, query or fragment.
    pub(crate) fn parse(url: &str, https_only: bool) -> Result<Base, Error> {
        let trimmed = url.trim().trim_end_matches('/');
        if trimmed.contains('@') {
            return Err(Error::invalid(USERINFO));
        }
        let bad = |why: String| Error::invalid(format!("invalid base URL {trimmed:?}: {why}"));
        let parsed = Url::parse(trimmed).map_err(|e| bad(e.to_string()))?;
        match parsed.scheme() {
            "https" => {}
            "http" if https_only => {
                return Err(bad("https_only is set but the URL is http".into()));
            }
            "http" => {}
            other => return Err(bad(format!("scheme `{other}` is not http or https"))),
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(bad("it has no host".into()));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(bad(
                "a base URL cannot have a query or fragment; use Opts::query".into(),
            ));
        }
        Ok(Base {
            url: trimmed.to_owned(),
            origin: parsed.origin(),
        })
    }

    /// Whether `url` (absolute) is on this base URL's origin.
    pub(crate) fn same_origin(&self, url: &str) -> bool {
        origin_of(url).is_some_and(|o| o == self.origin)
    }

    /// Fails unless the absolute `url` is on this origin and has no
    /// credentials in it: the client's headers go with every request, so they
    /// must go nowhere else, and ureq would send a URL's `user:password` as
    /// `Authorization: Basic`. `what` names the URL in the message; a URL with
    /// credentials is not shown.
    pub(crate) fn check(&self, url: &str, what: &str) -> Result<(), Error> {
        if has_userinfo(url) {
            return Err(Error::invalid(format!(
                "the {what} has credentials in it (user:password@), which would be sent and shown \
                 wherever the URL is; it is not shown here. Use ClientBuilder::basic_auth or a header"
            )));
        }
        if self.same_origin(url) {
            return Ok(());
        }
        Err(Error::invalid(format!(
            "the {what} {} is not on the client's origin {}; refusing to send credentials there",
            shown(url),
            self.origin.ascii_serialization()
        )))
    }

    /// The URL a request-API target names: a path joins the base URL; an
    /// absolute URL must pass [`check`](Self::check). Either way the path and
    /// query are [`cleaned`](clean_path).
    pub(crate) fn target(&self, target: &str) -> Result<String, Error> {
        let is_absolute = ["http://", "https://"].iter().any(|scheme| {
            target
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        });
        if is_absolute {
            let after_scheme = target.find("://").map_or(0, |i| i + 3);
            let path_start = target[after_scheme..]
                .find(['/', '?', '#'])
                .map_or(target.len(), |i| after_scheme + i);
            let (origin, rest) = target.split_at(path_start);
            let cleaned = clean_path(rest).map_err(|why| {
                Error::invalid(format!("the URL {:?} cannot be sent: {why}", shown(target)))
            })?;
            let url = format!("{origin}{cleaned}");
            self.check(&url, "URL")?;
            return Ok(url);
        }
        let before_query = target.split(['?', '#']).next().unwrap_or("");
        if before_query.contains("://") || target.starts_with("//") {
            return Err(Error::invalid(format!(
                "{:?} is neither a path nor an http(s) URL",
                shown(target)
            )));
        }
        let cleaned = clean_path(target).map_err(|why| {
            Error::invalid(format!(
                "the path {:?} cannot be sent: {why}",
                shown(target)
            ))
        })?;
        let mut url = String::with_capacity(self.url.len() + cleaned.len() + 1);
        url.push_str(&self.url);
        if !cleaned.starts_with('/') {
            url.push('/');
        }
        url.push_str(&cleaned);
        Ok(url)
    }
}

/// What a request-API path or query encodes: controls, space, non-ASCII (by
/// `utf8_percent_encode` itself) and the characters RFC 3986 never allows
/// unencoded. Reserved characters (`/ ? & = + : @ ; , $`) keep their meaning.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^')
    .add(b'[')
    .add(b']');

/// A request-API path (with its query, if any) as it is sent, the same way
/// every time: characters a URL cannot hold are percent-encoded (`pässwd` →
/// `p%C3%A4sswd`, a space → `%20`), existing escapes are kept, and what would
/// silently change the route or drop a part is refused: a fragment (never sent,
/// and a query added after it would vanish into it), a dot segment (`..`
/// climbs out of the base path), a `%` that starts no escape.
pub(crate) fn clean_path(target: &str) -> Result<String, String> {
    if target.contains('#') {
        return Err(
            "it has a fragment (`#…`), which is never sent to the server; \
                    leave it out, or write a `#` in a path as %23"
                .to_owned(),
        );
    }
    let bytes = target.as_bytes();
    for (i, _) in target.match_indices('%') {
        let escape = bytes.get(i + 1..i + 3);
        if !escape.is_some_and(|e| e.iter().all(u8::is_ascii_hexdigit)) {
            return Err("a `%` that does not start an escape such as %2F; \
                        write a literal % as %25"
                .to_owned());
        }
    }
    let path = target.split('?').next().unwrap_or("");
    for segment in path.split('/') {
        let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
        if decoded == "." || decoded == ".." {
            return Err(format!(
                "it has a dot segment `{segment}`, which would change the route \
                 (servers resolve it against the path); encode values with restlax::encode_segment"
            ));
        }
    }
    Ok(utf8_percent_encode(target, UNSAFE).to_string())
}

/// Whether an absolute URL carries a user name or password.
pub(crate) fn has_userinfo(url: &str) -> bool {
    Url::parse(url).is_ok_and(|u| !u.username().is_empty() || u.password().is_some())
}

/// The origin of an absolute URL (`None` for one that does not parse).
pub(crate) fn origin_of(url: &str) -> Option<Origin> {
    Url::parse(url).ok().map(|u| u.origin())
}

/// Resolves `reference` (a `Location` or a `Link` target) against `base`, the
/// URL that sent it. Only `http` and `https` results are accepted.
pub(crate) fn resolve(base: &str, reference: &str) -> Result<String, String> {
    let base = Url::parse(base).map_err(|e| format!("cannot parse {base}: {e}"))?;
    let resolved = base
        .join(reference.trim())
        .map_err(|e| format!("cannot resolve {reference:?}: {e}"))?;
    match resolved.scheme() {
        "http" | "https" => Ok(resolved.into()),
        other => Err(format!(
            "{reference:?} leads to a `{other}` URL; only http and https are followed"
        )),
    }
}

/// A URL or request target as messages may show it: with an `@` anywhere, the
/// part before the last one might be a password (whether or not it parses as
/// userinfo), so it is hidden; otherwise as it is. The one rule for echoing
/// what a caller typed.
pub(crate) fn shown(url: &str) -> Cow<'_, str> {
    if url.contains('@') {
        Cow::Owned(redacted(url))
    } else {
        Cow::Borrowed(url)
    }
}

/// Hides the credentials of a URL that may carry some (for `Debug` of what the
/// user typed, before it was validated).
pub(crate) fn redacted(url: &str) -> String {
    // The last `@` ends the userinfo: a password may itself hold an `@`.
    match url.rfind('@') {
        None => url.to_owned(),
        Some(at) => {
            let start = url.find("://").map_or(0, |i| i + 3).min(at);
            format!("{}<redacted>{}", &url[..start], &url[at..])
        }
    }
}

/// Appends `?k=v&...` (or `&k=v...` after an existing query) with keys and
/// values percent-encoded.
pub(crate) fn push_query<'a>(
    out: &mut String,
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) {
    let mut first = !out.contains('?');
    for (key, value) in pairs {
        out.push(if first { '?' } else { '&' });
        first = false;
        push_encoded(out, key);
        out.push('=');
        push_encoded(out, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = Base::parse("https://API.example.com/v4/", false).unwrap();
        assert_eq!(b.url, "https://API.example.com/v4");
        assert!(b.same_origin("https://api.example.com:443/x?y"));
        assert!(!b.same_origin("http://api.example.com/x"));
        assert!(!b.same_origin("https://api.example.com:8443/x"));
        for bad in [
            "ftp://x",
            "example.com",
            "https://x.com/?a=1",
            "https://x.com/#f",
            "not a url",
            "http://",
        ] {
            assert!(Base::parse(bad, false).is_err(), "{bad}");
        }
        assert!(Base::parse("http://x.com", true).is_err());
    }

    #[test]
    fn credentials_are_refused_without_being_echoed() {
        for url in [
            "https://u:hunter2@x.com",
            "http://user:pa55/word@host/api",
            "https://hunter2@x.com",
            "https://x.com/@hunter2",
        ] {
            let e = Base::parse(url, false).err().unwrap();
            assert!(
                !e.to_string().contains("hunter2") && !e.to_string().contains("pa55"),
                "{e}"
            );
        }
        assert_eq!(
            redacted("http://user:pa55/word@host/api"),
            "http://<redacted>@host/api"
        );
        assert_eq!(redacted("https://x.com/v1"), "https://x.com/v1");
        assert_eq!(
            redacted("http://user:p@ss@host/api"),
            "http://<redacted>@host/api"
        );
    }

    #[test]
    fn references_resolve_as_a_browser_would() {
        let at = "http://h:1/repos/o/issues/m?page=1";
        let cases = [
            ("?page=2", "http://h:1/repos/o/issues/m?page=2"),
            ("../x/9", "http://h:1/repos/o/x/9"),
            ("n", "http://h:1/repos/o/issues/n"),
            ("/z", "http://h:1/z"),
            ("//other:2/z", "http://other:2/z"),
            ("https://b/z", "https://b/z"),
            ("#frag", "http://h:1/repos/o/issues/m?page=1#frag"),
        ];
        for (reference, want) in cases {
            assert_eq!(resolve(at, reference).as_deref(), Ok(want), "{reference}");
        }
        assert!(resolve(at, "file:///etc/passwd").is_err());
        assert!(resolve(at, "javascript:alert(1)").is_err());
    }

    #[test]
    fn request_targets_are_encoded_or_refused_the_same_way_every_time() {
        let base = Base::parse("http://h:1/v1", false).unwrap();
        let ok = |t: &str| base.target(t).unwrap();
        assert_eq!(ok("/anything/pässwd"), "http://h:1/v1/anything/p%C3%A4sswd");
        assert_eq!(ok("/a b"), "http://h:1/v1/a%20b");
        assert_eq!(ok("x%2Fy?q=a%20b&r=1"), "http://h:1/v1/x%2Fy?q=a%20b&r=1");
        assert_eq!(ok("http://h:1/other/ü"), "http://h:1/other/%C3%BC");
        assert_eq!(ok("/v..x/.well-known"), "http://h:1/v1/v..x/.well-known");
        for bad in [
            "/p#sec",
            "../../admin",
            "/a/../../admin",
            "/a/%2e%2E/b",
            "./x",
            "/50%",
            "/x%zz",
            "http://h:1/a/../b",
            "http://other:1/x",
        ] {
            let e = base.target(bad).err().unwrap();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest, "{bad}");
        }
        for secret in [
            "http://svc:PW-secret@h:1/x",
            "https://PW-secret@elsewhere/x",
            "http://svc:PW-secret@h:99999/x",
            "http://svc:PW-secret@exa mple.com/x",
            " http://svc:PW-secret@h:1/x",
            "ftp://svc:PW-secret@h:1/x",
            "http://svc:PW-secret@h:1/a/../b#f",
        ] {
            let e = base.target(secret).err().unwrap();
            assert!(!format!("{e} {e:?}").contains("PW-secret"), "{e:?}");
        }
    }

    #[test]
    fn query_is_encoded() {
        let mut url = String::from("/x");
        push_query(&mut url, [("filter[email]", "a b&c=d"), ("n", "1")]);
        assert_eq!(url, "/x?filter%5Bemail%5D=a%20b%26c%3Dd&n=1");
        push_query(&mut url, [("m", "2")]);
        assert!(url.ends_with("&n=1&m=2"));
    }
}
