//! Path templates and segment encoding.
//!
//! Every path parameter is encoded as exactly one path segment: everything but
//! RFC 3986 unreserved characters is percent-encoded, so `/`, `?`, `#` and `%` in
//! a value can never change the route. A value made only of dots (`.`, `..`) is
//! encoded too (`%2E%2E`), because servers resolve literal dot segments.

use std::fmt::{self, Write as _};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything except RFC 3986 `unreserved` (ALPHA / DIGIT / `-` / `.` / `_` / `~`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A piece of a path template (restlax-facts' splitter, the one the macro
/// uses). `#[resource]` splits its templates at compile time and hands the
/// runtime these pieces (`Action`'s hidden `pieces`), so a call does not
/// parse its template again; an `Action` built without them is split here.
#[doc(hidden)]
pub use restlax_facts::template::Piece;

/// The pieces of a template: pre-split by the macro, or split as they go.
#[derive(Clone)]
pub(crate) enum Pieces<'a> {
    Split(std::slice::Iter<'a, Piece<'a>>),
    Parse(restlax_facts::template::Pieces<'a>),
}

impl<'a> Pieces<'a> {
    /// `split` when the macro gave pieces, else `template` split.
    pub(crate) fn of(split: &'a [Piece<'a>], template: &'a str) -> Self {
        if split.is_empty() {
            Pieces::Parse(restlax_facts::template::pieces(template))
        } else {
            Pieces::Split(split.iter())
        }
    }
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        match self {
            Pieces::Split(pieces) => pieces.next().copied(),
            Pieces::Parse(template) => template.next(),
        }
    }
}

/// Why a path could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathError {
    Empty { param: String },
    Arity { expected: usize, got: usize },
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Empty { param } => write!(
                f,
                "path parameter `{param}` is empty; an empty segment would change the route"
            ),
            PathError::Arity { expected, got } => write!(
                f,
                "the path template has {expected} parameters but {got} values were given"
            ),
        }
    }
}

/// Appends a template's `pieces` filled with `args` to `out`, each value
/// encoded as one path segment, in one pass: values are encoded as their
/// `Display` writes them.
pub(crate) fn render_into(
    out: &mut String,
    pieces: Pieces<'_>,
    args: &[&dyn fmt::Display],
) -> Result<(), PathError> {
    let arity = || PathError::Arity {
        expected: pieces
            .clone()
            .filter(|p| matches!(p, Piece::Param(_)))
            .count(),
        got: args.len(),
    };
    let mut values = args.iter();
    for piece in pieces.clone() {
        let name = match piece {
            Piece::Literal(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Param(name) => name,
        };
        // `<name?>` (last in the path, so never `//`) may be empty.
        let (name, optional) = match name.strip_suffix('?') {
            Some(name) => (name, true),
            None => (name, false),
        };
        let value = values.next().ok_or_else(arity)?;
        let start = out.len();
        let mut segment = SegmentWriter {
            out,
            len: 0,
            dots_only: true,
        };
        let _ = write!(segment, "{value}");
        let (len, dots_only) = (segment.len, segment.dots_only);
        if len == 0 && !optional {
            return Err(PathError::Empty {
                param: name.to_owned(),
            });
        }
        if dots_only {
            // `.` and `..` are unreserved, so they went out as-is; a segment made
            // only of dots would be resolved by the server.
            out.truncate(start);
            for _ in 0..len {
                out.push_str("%2E");
            }
        }
    }
    if values.next().is_some() {
        return Err(arity());
    }
    Ok(())
}

/// Fills `template` with `args`, each encoded as one path segment.
#[cfg(test)]
pub(crate) fn render(template: &str, args: &[&dyn fmt::Display]) -> Result<String, PathError> {
    let mut out = String::new();
    render_into(&mut out, Pieces::of(&[], template), args).map(|()| out)
}

/// Percent-encodes whatever is written through it, as one path segment.
struct SegmentWriter<'a> {
    out: &'a mut String,
    len: usize,
    dots_only: bool,
}

impl fmt::Write for SegmentWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.len += s.len();
        self.dots_only &= s.bytes().all(|b| b == b'.');
        push_encoded(self.out, s);
        Ok(())
    }
}

/// RFC 3986 `unreserved`.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Appends `text` percent-encoded. Most values (ids, numbers) need no escaping;
/// they are checked once and copied whole.
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    if text.bytes().all(is_unreserved) {
        out.push_str(text);
    } else {
        out.extend(utf8_percent_encode(text, SEGMENT));
    }
}

/// `text` percent-encoded, as [`push_encoded`] appends it.
pub(crate) fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_encoded(&mut out, text);
    out
}

/// Appends `value` percent-encoded as a single path segment.
pub fn push_segment(out: &mut String, value: &str) {
    if value.bytes().all(|b| b == b'.') {
        for _ in 0..value.len() {
            out.push_str("%2E");
        }
    } else {
        push_encoded(out, value);
    }
}

/// Encodes `value` as one path segment.
///
/// ```
/// assert_eq!(restlax::encode_segment("a/b c%"), "a%2Fb%20c%25");
/// assert_eq!(restlax::encode_segment(".."), "%2E%2E");
/// assert_eq!(restlax::encode_segment("é"), "%C3%A9");
/// ```
pub fn encode_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_segment(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_pieces() {
        let pieces: Vec<_> = Pieces::of(&[], "/a/<x>/b/<y>").collect();
        assert_eq!(
            pieces,
            [
                Piece::Literal("/a/"),
                Piece::Param("x"),
                Piece::Literal("/b/"),
                Piece::Param("y"),
            ]
        );
        let broken: Vec<_> = Pieces::of(&[], "/a/<x").collect();
        assert_eq!(broken, [Piece::Literal("/a/"), Piece::Literal("<x")]);
    }

    #[test]
    fn pieces_split_ahead_render_as_the_template_parsed() {
        let split = [
            Piece::Literal("/a/"),
            Piece::Param("x"),
            Piece::Literal("/b/"),
            Piece::Param("y?"),
        ];
        for args in [
            &[&"p/q" as &dyn fmt::Display, &""][..],
            &[&"..", &7],
            &[&"x"],
        ] {
            let mut ahead = String::new();
            let ahead = render_into(&mut ahead, Pieces::of(&split, "unused"), args).map(|()| ahead);
            assert_eq!(ahead, render("/a/<x>/b/<y?>", args));
        }
    }

    #[test]
    fn render_encodes_each_value_as_one_segment() {
        let out = render("/a/<x>/b/<y>", &[&"p/q?#", &42]).unwrap();
        assert_eq!(out, "/a/p%2Fq%3F%23/b/42");
    }

    #[test]
    fn render_rejects_empty_and_wrong_arity() {
        assert_eq!(
            render("/a/<x>", &[&""]),
            Err(PathError::Empty { param: "x".into() })
        );
        assert_eq!(
            render("/a/<x>", &[]),
            Err(PathError::Arity {
                expected: 1,
                got: 0
            })
        );
    }
}
