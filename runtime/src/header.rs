//! Request headers: validation, which ones are secret, which ones restlax owns,
//! and the set a request carries.

use std::sync::Arc;

use ureq::http::{HeaderName, HeaderValue};

use crate::Error;

/// Whether a header is a credential by its name alone (one of restlax-facts'
/// `CREDENTIALS`). Its value is then secret however it is set (`header`,
/// `secret_header`, `bearer_auth`, `basic_auth`, per call or per client): never
/// shown, dropped when a redirect leaves the origin, scrubbed from cassettes.
pub(crate) fn is_secret_name(name: &str) -> bool {
    restlax_facts::header::is_credential(name.trim())
}

/// The media type of a JSON body, and what requests accept by default.
pub(crate) const JSON: &str = "application/json";

/// What every request accepts unless told otherwise: `Accept:
/// application/json`, the one media type the decoders read. A client, a
/// declaration or a call replaces it like any header of the same name (a
/// server that refuses it, such as RabbitMQ's `DELETE …/contents` with `406`,
/// needs `Accept: */*`).
pub(crate) fn default_accept() -> Header {
    Header {
        name: ureq::http::header::ACCEPT,
        value: HeaderValue::from_static(JSON),
        secret: false,
    }
}

/// A validated request header.
#[derive(Clone)]
pub(crate) struct Header {
    pub(crate) name: HeaderName,
    pub(crate) value: HeaderValue,
    pub(crate) secret: bool,
}

impl Header {
    /// Checks a header name and value. The value of a secret header (asked for,
    /// or secret by its name) never appears in the error.
    pub(crate) fn new(name: &str, value: &str, secret: bool) -> Result<Header, Error> {
        // The name rules are restlax-facts', the ones `#[resource]` checks at
        // compile time, so a declared header is never refused here.
        let name = Some(name.trim())
            .filter(|n| restlax_facts::header::is_token(n))
            .and_then(|n| HeaderName::from_bytes(n.as_bytes()).ok())
            .ok_or_else(|| Error::invalid(format!("invalid header name {name:?}")))?;
        // ureq writes the framing headers from the body and the URL; a caller's
        // value would contradict what is sent, so it is refused before sending.
        if restlax_facts::header::is_framing(name.as_str()) {
            return Err(Error::invalid(format!(
                "the `{name}` header is set by restlax from the body and the URL; \
                 a value set by hand would contradict what is sent"
            )));
        }
        let secret = secret || is_secret_name(name.as_str());
        // The rule the macro checks declared headers with. `HeaderValue` alone
        // would take bytes above 0x7F, which the wire then refuses as a
        // transport failure: a token typed with an accent fails here instead.
        let invalid = |why: &str| {
            let shown = if secret {
                "<redacted>".to_owned()
            } else {
                format!("{value:?}")
            };
            Error::invalid(format!(
                "invalid value for header `{name}`: {shown} ({why})"
            ))
        };
        match restlax_facts::header::invalid_value_char(value) {
            None => {}
            Some(c) if !c.is_ascii() => {
                return Err(invalid(
                    "it is not ASCII: encode it (e.g. percent- or base64-encode it) as the API expects",
                ));
            }
            Some(_) => {
                return Err(invalid(
                    "control characters such as CR or LF are not allowed",
                ));
            }
        }
        let mut value = HeaderValue::from_str(value)
            .map_err(|_| invalid("control characters such as CR or LF are not allowed"))?;
        value.set_sensitive(secret);
        Ok(Header {
            name,
            value,
            secret,
        })
    }

    /// A header restlax itself adds (its name and value already valid).
    pub(crate) fn validated(name: &'static str, value: HeaderValue) -> Header {
        Header {
            name: HeaderName::from_static(name),
            value,
            secret: false,
        }
    }

    /// The header as shown in `Debug` and logs: `(name, value)`, a secret's
    /// value replaced by `<redacted>`.
    pub(crate) fn shown(&self) -> (&str, &str) {
        let value = if self.secret {
            "<redacted>"
        } else {
            self.value.to_str().unwrap_or("<binary>")
        };
        (self.name.as_str(), value)
    }
}

/// `Basic` credentials (RFC 7617): `user:password`, base64-encoded.
pub(crate) fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {encoded}")
}

/// Puts `header` in place of any earlier header of the same name.
pub(crate) fn replace(headers: &mut Vec<Header>, header: Header) {
    headers.retain(|h| h.name != header.name);
    headers.push(header);
}

/// The headers of one request: the client's, shared and never copied, under
/// the ones this request sets or removes (a declaration's, the options', a
/// middleware's). A name set here hides the client's header of that name.
#[derive(Clone, Default)]
pub(crate) struct Headers {
    base: Arc<[Header]>,
    own: Vec<Header>,
    /// Client headers this request removed.
    hidden: Vec<HeaderName>,
}

impl Headers {
    /// The client's headers, shared by every request it makes.
    pub(crate) fn new(base: Arc<[Header]>) -> Headers {
        Headers {
            base,
            own: Vec::new(),
            hidden: Vec::new(),
        }
    }

    fn overridden(&self, name: &HeaderName) -> bool {
        self.own.iter().any(|h| h.name == *name) || self.hidden.contains(name)
    }

    /// Every header as it is sent: the client's first, then this request's.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Header> {
        self.base
            .iter()
            .filter(|h| !self.overridden(&h.name))
            .chain(self.own.iter())
    }

    /// The header of this name, if any.
    pub(crate) fn get(&self, name: &str) -> Option<&Header> {
        self.iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
    }

    /// Whether a header of this name is set.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `header`, replacing any of the same name. A header that was
    /// secret stays secret when set again (a middleware renewing a key with
    /// `set_header` does not make it showable, nor take it out of the ETag
    /// cache's key); remove it first to set it as a plain header.
    pub(crate) fn set(&mut self, mut header: Header) {
        if !header.secret && self.get(header.name.as_str()).is_some_and(|h| h.secret) {
            header.secret = true;
            header.value.set_sensitive(true);
        }
        replace(&mut self.own, header);
    }

    /// Removes the header of this name, wherever it was set.
    pub(crate) fn remove(&mut self, name: &str) {
        self.own
            .retain(|h| !h.name.as_str().eq_ignore_ascii_case(name));
        if let Some(base) = self
            .base
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
            && !self.hidden.contains(&base.name)
        {
            self.hidden.push(base.name.clone());
        }
    }

    /// The headers with every secret one left out (a hop to another origin).
    pub(crate) fn without_secrets(&self) -> Headers {
        let mut kept = Headers::default();
        for header in self.iter().filter(|h| !h.secret) {
            kept.own.push(header.clone());
        }
        kept
    }

    /// Whether any header is secret.
    pub(crate) fn has_secrets(&self) -> bool {
        self.iter().any(|h| h.secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_stay_out_of_errors() {
        let e = Header::new("x-auth-key", "sec\r\nret", true).err().unwrap();
        assert!(!e.to_string().contains("sec"), "{e}");
        let e = Header::new("Cookie", "sec\nret", false).err().unwrap();
        assert!(!e.to_string().contains("sec"), "{e}");
        let e = Header::new("x-plain", "a\nb", false).err().unwrap();
        assert!(e.to_string().contains("a\\nb"), "{e}");
    }

    #[test]
    fn non_ascii_values_are_refused_where_set() {
        let e = Header::new("authorization", "Bearer tökén", false)
            .err()
            .unwrap();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest);
        assert!(!e.to_string().contains("tök"), "{e}");
        assert!(e.to_string().contains("not ASCII"), "{e}");
    }

    #[test]
    fn request_headers_layer_over_the_clients() {
        let base: Arc<[Header]> = vec![
            Header::new("accept", "a/b", false).unwrap(),
            Header::new("authorization", "Bearer t", false).unwrap(),
        ]
        .into();
        let mut headers = Headers::new(base);
        headers.set(Header::new("Accept", "c/d", false).unwrap());
        headers.set(Header::new("x-one", "1", true).unwrap());
        let shown: Vec<_> = headers.iter().map(Header::shown).collect();
        assert_eq!(
            shown,
            [
                ("authorization", "<redacted>"),
                ("accept", "c/d"),
                ("x-one", "<redacted>")
            ]
        );
        headers.remove("AUTHORIZATION");
        assert!(!headers.contains("authorization"));
        assert_eq!(headers.without_secrets().iter().count(), 1);
    }

    #[test]
    fn credentials_are_secret_by_name() {
        for name in ["Authorization", "proxy-authorization", "COOKIE"] {
            assert!(Header::new(name, "x", false).unwrap().secret, "{name}");
        }
        assert!(!Header::new("x-request-id", "x", false).unwrap().secret);
    }

    #[test]
    fn framing_headers_are_refused() {
        for name in ["Content-Length", "transfer-encoding", "Host", "connection"] {
            let e = Header::new(name, "0", false).err().unwrap();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidRequest, "{name}");
        }
    }

    #[test]
    fn basic_credentials() {
        // RFC 7617's own example.
        assert_eq!(
            basic_auth("Aladdin", "open sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }
}
