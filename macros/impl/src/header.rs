//! The rules for a header written in a declaration (`header("Name", "value")`),
//! checked at compile time so a declared header never fails at run time.
//!
//! The runtime checks every header again before sending (`runtime/src/header.rs`);
//! its `FRAMING` list is the other copy of [`FRAMING`] here, and
//! `tests/tests/facts.rs` fails when the two drift apart. A property test in
//! `tests/tests/properties.rs` checks that whatever passes here passes there.
//!
//! ```
//! use restlax_macros_impl::header::{check_name, check_value};
//!
//! assert!(check_name("X-GitHub-Api-Version").is_ok());
//! assert!(check_name("Content-Length").unwrap_err().contains("restlax writes"));
//! assert!(check_value("a\r\nX-Injected: 1").unwrap_err().contains("CR"));
//! ```

/// Headers that frame the message or the connection; the runtime writes them
/// from the body and the URL, so a declaration may not set them.
pub const FRAMING: [&str; 9] = [
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "upgrade",
];

/// Headers that carry credentials. A declaration is source code: a credential
/// written there would be compiled into every binary and committed with the code.
pub const CREDENTIALS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// Characters allowed in a header name besides ASCII letters and digits (the
/// `tchar` of RFC 9110).
const TOKEN_PUNCT: &str = "!#$%&'*+-.^_`|~";

/// Checks a header name: a non-empty token, not a framing header, not a
/// credential. The error says what is wrong and what to do instead.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the header name is empty".to_owned());
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || TOKEN_PUNCT.contains(*c)))
    {
        return Err(format!(
            "{c:?} is not allowed in a header name; a name is letters, digits and {TOKEN_PUNCT}"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if FRAMING.contains(&lower.as_str()) {
        return Err(format!(
            "the `{name}` header frames the message; restlax writes it from the body and the URL, so it cannot be declared"
        ));
    }
    if CREDENTIALS.contains(&lower.as_str()) {
        return Err(format!(
            "`{name}` carries a credential, which does not belong in source code; set it on the client (`ClientBuilder::bearer_auth`, `secret_header`) or per call (`Opts::bearer_auth`)"
        ));
    }
    Ok(())
}

/// Checks a header value: no control characters other than tab (CR and LF
/// would end the header and start another: header injection).
pub fn check_value(value: &str) -> Result<(), String> {
    match value
        .chars()
        .find(|&c| (c < ' ' && c != '\t') || c == '\x7f' || !c.is_ascii())
    {
        None => Ok(()),
        Some(c) if !c.is_ascii() => Err(format!(
            "a header value must be ASCII (found {c:?}); encode it as the API expects"
        )),
        Some(c @ ('\r' | '\n')) => Err(format!(
            "a header value cannot contain CR or LF (found {c:?}): it would end the header and start another"
        )),
        Some(c) => Err(format!(
            "a header value cannot contain the control character {c:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("X-GitHub-Api-Version").is_ok());
        assert!(check_name("accept").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("X Api").unwrap_err().contains("' '"));
        assert!(check_name("X:Api").is_err());
        assert!(check_name("Transfer-Encoding").is_err());
        assert!(check_name("HOST").is_err());
        assert!(
            check_name("Authorization")
                .unwrap_err()
                .contains("credential")
        );
    }

    #[test]
    fn values() {
        assert!(check_value("2022-11-28").is_ok());
        assert!(check_value("").is_ok());
        assert!(check_value("a\tb ü").is_ok());
        assert!(check_value("a\nb").unwrap_err().contains("CR or LF"));
        assert!(check_value("a\0b").unwrap_err().contains("control"));
        assert!(check_value("a\x7fb").is_err());
    }
}
