//! Request headers: validation, which ones are secret, which ones restlax owns.

use ureq::http::{HeaderName, HeaderValue};

use crate::Error;

/// Whether a header is a credential by its name alone (one of restlax-facts'
/// `CREDENTIALS`). Its value is then secret however it is set (`header`,
/// `secret_header`, `bearer_auth`, `basic_auth`, per call or per client): never
/// shown, dropped when a redirect leaves the origin, scrubbed from cassettes.
pub(crate) fn is_secret_name(name: &str) -> bool {
    restlax_facts::header::is_credential(name.trim())
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
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            let shown = if secret { "<redacted>".to_owned() } else { format!("{value:?}") };
            Error::invalid(format!(
                "invalid value for header `{name}`: {shown} (control characters such as CR or LF are not allowed)"
            ))
        })?;
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
