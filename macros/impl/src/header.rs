//! The rules for a header written in a declaration (`header("Name", "value")`),
//! checked at compile time so a declared header never fails at run time.
//!
//! The name rules (the token check, the framing headers, the credentials) are
//! `restlax_facts::header`'s, which the runtime applies again to every header
//! before sending. A property test in `tests/tests/properties.rs` checks that
//! whatever passes here passes there.
//!
//! ```
//! use restlax_macros_impl::header::{check_name, check_value};
//!
//! assert!(check_name("X-GitHub-Api-Version").is_ok());
//! assert!(check_name("Content-Length").unwrap_err().contains("restlax writes"));
//! assert!(check_value("a\r\nX-Injected: 1").unwrap_err().contains("CR"));
//! ```

use restlax_facts::header::{TOKEN_PUNCTUATION, is_credential, is_framing, is_token_char};

/// Checks a header name: a non-empty token, not a framing header, not a
/// credential. The error says what is wrong and what to do instead.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the header name is empty".to_owned());
    }
    if let Some(c) = name.chars().find(|&c| !is_token_char(c)) {
        return Err(format!(
            "{c:?} is not allowed in a header name; a name is letters, digits and {TOKEN_PUNCTUATION}"
        ));
    }
    if is_framing(name) {
        return Err(format!(
            "the `{name}` header frames the message; restlax writes it from the body and the URL, so it cannot be declared"
        ));
    }
    if is_credential(name) {
        return Err(format!(
            "`{name}` carries a credential, which does not belong in source code; set it on the client (`ClientBuilder::bearer_auth`, `secret_header`) or per call (`Opts::bearer_auth`)"
        ));
    }
    Ok(())
}

/// Checks a header value by the rule the runtime applies too
/// ([`restlax_facts::header::is_value_char`]): ASCII, no control characters
/// other than tab (CR and LF would end the header and start another: header
/// injection).
pub fn check_value(value: &str) -> Result<(), String> {
    match restlax_facts::header::invalid_value_char(value) {
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
        assert!(check_value("a\tb c").is_ok());
        assert!(check_value("a ü").unwrap_err().contains("ASCII"));
        assert!(check_value("a\nb").unwrap_err().contains("CR or LF"));
        assert!(check_value("a\0b").unwrap_err().contains("control"));
        assert!(check_value("a\x7fb").is_err());
    }
}
