//! Path templates: `/accounts/<account_id>/members`.
//!
//! Pure string work with no spans, so a property test can throw arbitrary text
//! at it; `valid` puts the messages on the literal's span.

/// A checked path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The template with a leading `/`.
    pub text: String,
    /// Placeholder names in order.
    pub params: Vec<String>,
}

/// Names the generated functions already use for their own parameters.
pub const RESERVED: [&str; 3] = ["client", "body", "opts"];

/// Characters allowed as-is in a URL path (RFC 3986 `pchar` and `/`), besides
/// ASCII letters and digits; `%` is checked separately.
const PATH_PUNCT: &str = "-._~!$&'()*+,;=:@/";

const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Parses a path template. Every problem is reported, not just the first.
pub fn parse_template(raw: &str) -> Result<Template, Vec<String>> {
    let mut errors = Vec::new();
    if raw.is_empty() {
        errors.push("the path is empty; write \"/\" for the API root".to_owned());
        return Err(errors);
    }
    let text = if raw.starts_with('/') {
        raw.to_owned()
    } else {
        format!("/{raw}")
    };
    let mut params: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().expect("i is on a char boundary");
        match c {
            '<' => {
                let rest = &text[i + 1..];
                let Some(end) = rest.find('>') else {
                    errors.push(format!(
                        "unclosed `<` in path template: `{}` has no matching `>`",
                        &text[i..]
                    ));
                    break;
                };
                let name = &rest[..end];
                if let Some(problem) = placeholder_problem(name, &params) {
                    errors.push(problem);
                } else {
                    params.push(name.to_owned());
                }
                i += end + 2;
                continue;
            }
            '>' => errors.push("unmatched `>` in path template (placeholders are written `<name>`)".to_owned()),
            '?' => errors.push(
                "`?` in the path: a query string does not belong in the template; pass it per call with `Opts::new().query(..)`".to_owned(),
            ),
            '#' => errors.push("`#` in the path: a fragment is never sent to the server".to_owned()),
            '%' => {
                let hex = bytes.get(i + 1..i + 3);
                if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    errors.push("`%` in the path must start a percent-escape like `%2F`".to_owned());
                }
            }
            c if c.is_ascii_alphanumeric() || PATH_PUNCT.contains(c) => {}
            c => errors.push(format!(
                "{c:?} is not allowed in a URL path; percent-encode it, or make it a `<parameter>` whose value is encoded for you"
            )),
        }
        i += c.len_utf8();
    }
    if errors.is_empty() {
        Ok(Template { text, params })
    } else {
        Err(errors)
    }
}

fn placeholder_problem(name: &str, seen: &[String]) -> Option<String> {
    if name.is_empty() {
        return Some(
            "empty placeholder `<>`: write the parameter's name between the brackets, e.g. `<id>`"
                .to_owned(),
        );
    }
    if !is_ident(name) {
        return Some(format!(
            "placeholder `<{name}>` is not a Rust identifier; it becomes a parameter name, so use letters, digits and `_`"
        ));
    }
    if KEYWORDS.contains(&name) {
        return Some(format!(
            "placeholder `<{name}>` is a Rust keyword; choose another name"
        ));
    }
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some(format!(
            "placeholder `<{name}>` becomes a parameter name and should be snake_case: `<{}>`",
            snake_case(name)
        ));
    }
    if RESERVED.contains(&name) {
        return Some(format!(
            "placeholder `<{name}>` clashes with the generated parameter `{name}`; choose another name"
        ));
    }
    if seen.iter().any(|s| s == name) {
        return Some(format!("placeholder `<{name}>` appears twice in the path"));
    }
    None
}

pub fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_templates() {
        let t = parse_template("accounts/<account_id>/members").unwrap();
        assert_eq!(t.text, "/accounts/<account_id>/members");
        assert_eq!(t.params, ["account_id"]);
        assert!(parse_template("/").is_ok());
        assert!(parse_template("/files/<name>.json").is_ok());
        assert!(parse_template("/a%2Fb").is_ok());
    }

    #[test]
    fn every_problem_is_reported() {
        let errors = parse_template("/a/<>/b/<x y>/<x>/<x>?q#f").unwrap_err();
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(parse_template("/a/<id").unwrap_err()[0].contains("unclosed"));
        assert!(parse_template("/<tenantUid>").unwrap_err()[0].contains("`<tenant_uid>`"));
        assert!(parse_template("/<type>").unwrap_err()[0].contains("keyword"));
        assert!(parse_template("/<opts>").unwrap_err()[0].contains("clashes"));
        assert!(parse_template("/a b").unwrap_err()[0].contains("not allowed"));
        assert!(parse_template("/100%").unwrap_err()[0].contains("percent-escape"));
        assert!(parse_template("").is_err());
    }
}
