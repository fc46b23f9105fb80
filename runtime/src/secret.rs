//! Secret values: what a call sent that must never come back in what it hands
//! out, even when a server echoes it (an error's text, body snippet and API
//! messages, a shown URL, a log line).
//!
//! Secret *headers* are known by a flag on each header (set by `secret_header`,
//! `bearer_auth`, a middleware's `set_secret_header`, or by the header's name);
//! this module turns the headers and query values a request carried into the
//! strings to look for, and replaces them.

use std::borrow::Cow;

use crate::header::Header;

/// What a secret is replaced by wherever it would be shown.
pub(crate) const REDACTED: &str = "<redacted>";

/// Values shorter than this are not searched for: a two-letter secret would
/// match inside every other word and make the text unreadable.
pub(crate) const MIN_LEN: usize = 4;

/// The secret values of one call, longest first (so a token is replaced before
/// a shorter secret that happens to be part of it).
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    values: Vec<String>,
}

impl Secrets {
    /// Learns a secret value in the forms a server may echo it in: as it is,
    /// escaped in a JSON string (also with `/` as `\/`, as PHP writes it) and
    /// percent-encoded (as in a query). Nothing when it is too short to search for.
    pub(crate) fn learn(&mut self, value: &str) {
        let value = value.trim();
        if value.len() < MIN_LEN {
            return;
        }
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or(value);
        let forms = [
            value.to_owned(),
            json.to_owned(),
            json.replace('/', "\\/"),
            crate::path::encoded(value),
        ];
        for form in forms {
            if !self.values.contains(&form) {
                self.values.push(form);
            }
        }
        self.values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    }

    /// Learns a secret header's value: the whole value, the credential after an
    /// auth scheme (`Bearer <token>`), and for `Basic` the decoded `user:password`
    /// and the password, which a server may echo in any of these forms.
    pub(crate) fn learn_header(&mut self, header: &Header) {
        if !header.secret {
            return;
        }
        let Ok(value) = header.value.to_str() else {
            return;
        };
        self.learn(value);
        if let Some((scheme, credential)) = value.trim().split_once(' ') {
            let credential = credential.trim();
            self.learn(credential);
            if scheme.eq_ignore_ascii_case("basic") {
                use base64::Engine as _;
                if let Ok(decoded) = base64::engine::general_purpose::STANDARD.decode(credential)
                    && let Ok(decoded) = String::from_utf8(decoded)
                {
                    self.learn(&decoded);
                    if let Some((_, password)) = decoded.split_once(':') {
                        self.learn(password);
                    }
                }
            }
        }
    }

    /// Whether there is nothing to look for.
    pub(crate) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `text` with every secret value replaced by [`REDACTED`].
    pub(crate) fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        if self.values.is_empty() {
            return text;
        }
        for value in &self.values {
            if text.contains(value.as_str()) {
                text = Cow::Owned(text.replace(value.as_str(), REDACTED));
            }
        }
        text
    }

    /// Redacts `text` in place.
    pub(crate) fn redact_in(&self, text: &mut String) {
        if let Cow::Owned(redacted) = self.redact(text) {
            *text = redacted;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_credential_is_hidden() {
        let mut secrets = Secrets::default();
        secrets.learn_header(&Header::new("authorization", "Bearer tok-123", false).unwrap());
        secrets.learn_header(
            &Header::new(
                "authorization",
                &crate::header::basic_auth("ann", "pa55word"),
                false,
            )
            .unwrap(),
        );
        secrets.learn_header(&Header::new("x-plain", "visible", false).unwrap());
        let echoed = "got Bearer tok-123, then tok-123, ann:pa55word and pa55word; visible";
        assert_eq!(
            secrets.redact(echoed),
            "got <redacted>, then <redacted>, <redacted> and <redacted>; visible"
        );
        assert!(matches!(secrets.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn escaped_echoes_are_hidden_too() {
        let mut secrets = Secrets::default();
        secrets.learn("tok/3f9a+\"1c77e2==");
        let echoed = r#"{"a":"tok\/3f9a+\"1c77e2==","b":"tok/3f9a+\"1c77e2==","c":"tok%2F3f9a%2B%221c77e2%3D%3D"}"#;
        assert_eq!(
            secrets.redact(echoed),
            r#"{"a":"<redacted>","b":"<redacted>","c":"<redacted>"}"#
        );
    }

    #[test]
    fn a_longer_secret_is_replaced_before_a_shorter_part_of_it() {
        let mut secrets = Secrets::default();
        secrets.learn("abcd");
        secrets.learn("abcdefgh");
        assert_eq!(secrets.redact("abcdefgh abcd"), "<redacted> <redacted>");
        secrets.learn("ab");
        assert_eq!(secrets.redact("ab"), "ab");
    }
}
