//! Path templates compared by shape: `/a/{x}/b` and `/a/<y>/b` are the same
//! route whatever the placeholders are named.

use restlax_facts::template::pieces_between;

pub(super) use restlax_facts::template::Piece;

/// The segments of an OpenAPI path (`{name}` placeholders), each split into
/// pieces: `/files/{name}.json` → `[[files], [{name}, .json]]`.
pub(super) fn segments(path: &str) -> Vec<Vec<Piece<'_>>> {
    path.trim_start_matches('/')
        .split('/')
        .map(|segment| pieces_between(segment, '{', '}').collect())
        .collect()
}

/// `/a/{x}/b` → `/a/{}/b`.
pub(super) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for segment in segments(path) {
        out.push('/');
        for piece in segment {
            match piece {
                Piece::Literal(text) => out.push_str(text),
                Piece::Param(_) => out.push_str("{}"),
            }
        }
    }
    out
}

/// The placeholder names of an OpenAPI path, in order.
pub(super) fn params(path: &str) -> Vec<&str> {
    segments(path)
        .into_iter()
        .flatten()
        .filter_map(|piece| match piece {
            Piece::Param(name) => Some(name),
            Piece::Literal(_) => None,
        })
        .collect()
}

/// Whether the raw request path `actual` (percent-encoded, no query) is an
/// instance of `template`; `Some(n)` counts the literal characters matched,
/// so the most specific template can win (`/users/me` over `/users/{id}`).
pub(super) fn matches(template: &str, actual: &str) -> Option<usize> {
    let template = segments(template);
    let actual: Vec<&str> = actual.trim_start_matches('/').split('/').collect();
    if template.len() != actual.len() {
        return None;
    }
    let mut literal = 0;
    for (pieces, segment) in template.iter().zip(actual) {
        literal += match_segment(pieces, segment)?;
    }
    Some(literal)
}

/// Matches one segment against its pieces; a placeholder takes at least one
/// character, up to the next literal piece.
fn match_segment(pieces: &[Piece<'_>], segment: &str) -> Option<usize> {
    let mut rest = segment;
    let mut literal = 0;
    let mut iter = pieces.iter().peekable();
    while let Some(piece) = iter.next() {
        match piece {
            Piece::Literal(text) => {
                rest = rest.strip_prefix(text)?;
                literal += text.len();
            }
            Piece::Param(_) => {
                let end = match iter.peek() {
                    Some(Piece::Literal(next)) => rest.get(1..)?.find(next)? + 1,
                    _ => rest.len(),
                };
                if end == 0 {
                    return None;
                }
                rest = &rest[end..];
            }
        }
    }
    rest.is_empty().then_some(literal)
}

/// Whether `path` is `prefix` or lies below it, segment-wise
/// (`/accounts` covers `/accounts/{id}`, not `/accountsx`).
pub(super) fn is_under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_ignore_placeholder_names() {
        assert_eq!(shape("/a/{x}/b/{y}.json"), "/a/{}/b/{}.json");
        assert_eq!(shape("/a/{x}/b/{z}.json"), shape("/a/{y}/b/{w}.json"));
        assert_ne!(shape("/a/{x}/b"), shape("/a/{x}/c"));
        assert_eq!(params("/a/{x}/b/{y}.json"), ["x", "y"]);
    }

    #[test]
    fn request_paths_match_templates() {
        assert_eq!(matches("/users/{id}", "/users/7"), Some(5));
        assert_eq!(matches("/users/me", "/users/me"), Some(7));
        assert_eq!(matches("/users/{id}", "/users/"), None);
        assert_eq!(matches("/users/{id}", "/users/7/x"), None);
        assert_eq!(matches("/files/{name}.json", "/files/a.b.json"), Some(10));
        assert_eq!(matches("/files/{name}.json", "/files/.json"), None);
    }

    #[test]
    fn prefixes_are_segment_wise() {
        assert!(is_under("/accounts/{id}", "/accounts"));
        assert!(is_under("/accounts", "/accounts/"));
        assert!(!is_under("/accountsx", "/accounts"));
        assert!(is_under("/anything", "/"));
    }
}
