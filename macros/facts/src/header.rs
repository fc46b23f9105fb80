//! The rules for header names: which ones restlax writes itself, which ones
//! carry credentials, and which characters a name may have.
//!
//! `#[resource]` applies them to `header("Name", "value")` at compile time, so a
//! declared header never fails at run time; the runtime applies them to every
//! header set at run time (`ClientBuilder::header`, `Opts::header`, middleware).
//!
//! ```
//! use restlax_facts::header::{is_credential, is_framing, is_token};
//!
//! assert!(is_token("X-GitHub-Api-Version"));
//! assert!(!is_token("X Api"));
//! assert!(is_framing("Transfer-Encoding"));
//! assert!(is_credential("Proxy-Authorization"));
//! assert!(!is_credential("x-api-key"));
//! ```

/// Headers that frame the message or the connection, lowercase. The runtime
/// writes them from the body and the URL; a value set by hand would contradict
/// what is sent (a body dropped after `content-length: 0`, a read that never
/// ends after `content-length: 100` on a GET), so they are refused in a
/// declaration and before anything is sent.
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

/// Headers that carry credentials by their name alone, lowercase. At run time
/// their values are secret however they are set (never shown, dropped when a
/// redirect leaves the origin, scrubbed from cassettes); in a declaration they
/// are refused, since a credential written in source code would be compiled into
/// every binary and committed with the code.
pub const CREDENTIALS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

/// The characters a header name may have besides ASCII letters and digits (the
/// `tchar` of RFC 9110 §5.6.2).
pub const TOKEN_PUNCTUATION: &str = "!#$%&'*+-.^_`|~";

/// Whether `c` may appear in a header name (a `tchar` of RFC 9110 §5.6.2).
pub const fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '#'
                | '$'
                | '%'
                | '&'
                | '\''
                | '*'
                | '+'
                | '-'
                | '.'
                | '^'
                | '_'
                | '`'
                | '|'
                | '~'
        )
}

/// Whether `name` is a valid header name: a non-empty RFC 9110 token.
pub fn is_token(name: &str) -> bool {
    !name.is_empty() && name.chars().all(is_token_char)
}

/// Whether `name` is one of the [`FRAMING`] headers, in any case.
pub fn is_framing(name: &str) -> bool {
    FRAMING.iter().any(|f| f.eq_ignore_ascii_case(name))
}

/// Whether `name` is one of the [`CREDENTIALS`] headers, in any case.
pub fn is_credential(name: &str) -> bool {
    CREDENTIALS.iter().any(|c| c.eq_ignore_ascii_case(name))
}

/// Whether `c` may stand in a header value: visible ASCII, space and tab.
/// Not CR or LF (they would end the header and start another: header
/// injection), no other control character, and nothing beyond ASCII: HTTP
/// allows such bytes only as obsolete text, which servers and clients
/// (ureq among them) refuse, so a value typed with an accent fails where it is
/// written instead of on the wire.
pub const fn is_value_char(c: char) -> bool {
    c == '\t' || (c >= ' ' && c <= '~')
}

/// The first character of `value` that may not stand in a header value.
pub fn invalid_value_char(value: &str) -> Option<char> {
    value.chars().find(|&c| !is_value_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_visible_ascii_space_and_tab() {
        assert_eq!(invalid_value_char("Bearer abc\t2022-11-28"), None);
        assert_eq!(invalid_value_char("a\r\nX: 1"), Some('\r'));
        assert_eq!(invalid_value_char("tökén"), Some('ö'));
        assert_eq!(invalid_value_char("a\x7f"), Some('\x7f'));
    }

    #[test]
    fn the_punctuation_list_is_the_token_check() {
        for c in TOKEN_PUNCTUATION.chars() {
            assert!(is_token_char(c), "{c:?}");
        }
        // Every other printable ASCII character that is not a letter or digit is refused.
        for c in (' '..='~').filter(|c| !c.is_ascii_alphanumeric()) {
            assert_eq!(is_token_char(c), TOKEN_PUNCTUATION.contains(c), "{c:?}");
        }
    }

    #[test]
    fn tokens() {
        assert!(is_token("X-GitHub-Api-Version"));
        assert!(is_token("a!#$%&'*+-.^_`|~z"));
        assert!(!is_token(""));
        assert!(!is_token("X Api"));
        assert!(!is_token("X:Api"));
        assert!(!is_token(" accept"));
        assert!(!is_token("ü"));
        assert!(!is_token("a\r\nb"));
    }

    #[test]
    fn lists_ignore_case_and_are_lowercase() {
        assert!(is_framing("HOST") && is_framing("Content-Length") && is_framing("te"));
        assert!(!is_framing("content-type") && !is_framing("host "));
        assert!(is_credential("COOKIE") && is_credential("Authorization"));
        assert!(!is_credential("set-cookie") && !is_credential("x-api-key"));
        for name in FRAMING.iter().chain(&CREDENTIALS) {
            assert!(is_token(name), "{name}");
            assert_eq!(name.to_ascii_lowercase(), *name);
        }
    }
}
