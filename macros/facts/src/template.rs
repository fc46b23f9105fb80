//! The pieces of a path template as `#[resource]` writes it
//! (`/accounts/<account_id>/members/<id>`): one splitter for the macro,
//! which hands the runtime pre-split pieces, and the runtime, which splits
//! templates of actions built by hand.

/// A piece of a path template: literal text, or a placeholder's name (ending
/// in `?` for a `<name?>` that may be empty).
///
/// ```
/// use restlax_facts::template::{Piece, pieces};
///
/// let split: Vec<_> = pieces("/a/<x>/b/<y?>").collect();
/// assert_eq!(
///     split,
///     [Piece::Literal("/a/"), Piece::Param("x"), Piece::Literal("/b/"), Piece::Param("y?")]
/// );
/// // An unclosed `<` is kept as text.
/// assert_eq!(pieces("/a/<x").collect::<Vec<_>>(), [Piece::Literal("/a/"), Piece::Literal("<x")]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Piece<'a> {
    /// Text copied into the path as written.
    Literal(&'a str),
    /// A placeholder, filled with one percent-encoded value.
    Param(&'a str),
}

/// The pieces of `template`, in order.
pub fn pieces(template: &str) -> Pieces<'_> {
    pieces_between(template, '<', '>')
}

/// The pieces of a template whose placeholders stand between `open` and
/// `close`, split as [`pieces`] splits `<name>`: an OpenAPI path's `{name}`.
///
/// ```
/// use restlax_facts::template::{Piece, pieces_between};
///
/// let split: Vec<_> = pieces_between("{name}.json", '{', '}').collect();
/// assert_eq!(split, [Piece::Param("name"), Piece::Literal(".json")]);
/// ```
pub fn pieces_between(template: &str, open: char, close: char) -> Pieces<'_> {
    Pieces {
        rest: template,
        open,
        close,
    }
}

/// Iterates the pieces of a template; see [`pieces`].
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    rest: &'a str,
    open: char,
    close: char,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if self.rest.is_empty() {
            return None;
        }
        if let Some(after) = self.rest.strip_prefix(self.open) {
            if let Some(end) = after.find(self.close) {
                self.rest = &after[end + self.close.len_utf8()..];
                return Some(Piece::Param(&after[..end]));
            }
            let literal = self.rest;
            self.rest = "";
            return Some(Piece::Literal(literal));
        }
        let end = self.rest.find(self.open).unwrap_or(self.rest.len());
        let (literal, rest) = self.rest.split_at(end);
        self.rest = rest;
        Some(Piece::Literal(literal))
    }
}
