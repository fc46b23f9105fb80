//! Spans inside string literals, for errors about part of a path template.
//!
//! `proc_macro2::Literal::subspan` gives a span covering some characters of a
//! literal. Inside a real macro expansion it needs the unstable `proc_macro_span`
//! API: on a stable compiler it returns `None` and the error spans the whole
//! literal. It works on nightly, and in `proc_macro2`'s fallback mode (unit and
//! property tests, with `span-locations`), where tests check the ranges.

use std::ops::Range;

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use syn::LitStr;

/// The span of bytes `at` of `lit`'s value, or the whole literal's span when
/// the compiler cannot say (stable), the range is empty, or the literal uses
/// escapes (so value offsets are not source offsets).
pub(crate) fn in_literal(lit: &LitStr, at: Range<usize>) -> Span {
    if at.is_empty() {
        return lit.span();
    }
    let token = lit.token();
    let source = token.to_string();
    let value = lit.value();
    let Some(offset) = content_offset(&source, &value) else {
        return lit.span();
    };
    token
        .subspan(at.start + offset..at.end + offset)
        .unwrap_or_else(|| lit.span())
}

/// Where `value` starts in the literal's source text, if the source is `"…"` or
/// `r#"…"#` around exactly `value` (no escapes to shift the offsets).
fn content_offset(source: &str, value: &str) -> Option<usize> {
    let hashes = source
        .strip_prefix('r')
        .map_or(0, |rest| rest.len() - rest.trim_start_matches('#').len());
    let prefix = if source.starts_with('r') {
        2 + hashes
    } else {
        1
    };
    let suffix = 1 + hashes;
    let content = source.get(prefix..source.len().checked_sub(suffix)?)?;
    (content == value).then_some(prefix)
}

/// `tokens` with every token, nested ones included, at `span`.
pub(crate) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut inner = Group::new(group.delimiter(), respan(group.stream(), span));
                inner.set_span(span);
                token = TokenTree::Group(inner);
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_plain_and_raw_literals() {
        assert_eq!(content_offset("\"/a b\"", "/a b"), Some(1));
        assert_eq!(content_offset("r\"/a b\"", "/a b"), Some(2));
        assert_eq!(content_offset("r##\"/a b\"##", "/a b"), Some(4));
        assert_eq!(content_offset("\"/a\\u{20}b\"", "/a b"), None);
    }
}
