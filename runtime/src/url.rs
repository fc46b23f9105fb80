//! URLs: the client's base URL, origins, query strings, and references
//! (`Location`, `Link`) resolved against the URL that answered.
//!
//! Resolution and origins follow the WHATWG URL standard (RFC 3986 for the
//! references APIs send) through the `url` crate; the hot path (base URL +
//! encoded path + query) is plain string building.

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
    fn query_is_encoded() {
        let mut url = String::from("/x");
        push_query(&mut url, [("filter[email]", "a b&c=d"), ("n", "1")]);
        assert_eq!(url, "/x?filter%5Bemail%5D=a%20b%26c%3Dd&n=1");
        push_query(&mut url, [("m", "2")]);
        assert!(url.ends_with("&n=1&m=2"));
    }
}
