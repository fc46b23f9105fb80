//! Path templates: `/repos/<owner>/<repo>/issues/<issue_number: u64>`.
//!
//! Pure string work with no spans, so a property test can throw arbitrary text at
//! it. Every problem carries the byte range of the offending characters in the
//! template as written; `valid` turns that range into a span inside the string
//! literal where the compiler allows it.
//!
//! Parsing never gives up: a template with problems still yields a [`Template`]
//! with one parameter per placeholder (a bad name replaced by a usable one), so a
//! broken declaration still generates functions with the right number of
//! parameters and call sites do not cascade into further errors.

use std::ops::Range;

/// A path template: what the runtime sees, and the parameters it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The template with a leading `/` and placeholders without their types
    /// (`/issues/<issue_number>`): `restlax::Action::path`.
    pub text: String,
    /// The placeholders, in order.
    pub params: Vec<Param>,
}

/// One placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name (`issue_number`).
    pub name: String,
    /// The type written after `:` (`u64`), trimmed; `None` when untyped (the
    /// parameter is then `impl Display`).
    pub ty: Option<String>,
    /// Where the type is written in the template (empty when untyped).
    pub ty_at: Range<usize>,
    /// Where the whole placeholder is written in the template.
    pub at: Range<usize>,
    /// Written `<name?>`: its value may be empty (only as the last segment).
    pub optional: bool,
}

/// A problem in a template and the byte range of the template it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong and how to fix it.
    pub message: String,
    /// The offending characters, as byte offsets into the template as written.
    pub at: Range<usize>,
}

/// Names the generated functions already use for their own parameters.
pub const RESERVED: [&str; 3] = restlax_facts::names::FUNCTION_PARAMETERS;

/// Characters allowed as-is in a URL path (RFC 3986 `pchar` and `/`), besides
/// ASCII letters and digits; `%` is checked separately.
const PATH_PUNCT: &str = "-._~!$&'()*+,;=:@/";

/// Parses a path template, reporting every problem, not just the first.
///
/// ```
/// use restlax_macros_impl::parse_template;
///
/// let t = parse_template("repos/<owner>/issues/<number: u64>").unwrap();
/// assert_eq!(t.text, "/repos/<owner>/issues/<number>");
/// assert_eq!(t.params[1].ty.as_deref(), Some("u64"));
/// assert_eq!(t.openapi(), "/repos/{owner}/issues/{number}");
///
/// let problems = parse_template("/repos/{owner}//<a><b>").unwrap_err();
/// assert_eq!(problems.len(), 3);
/// ```
pub fn parse_template(raw: &str) -> Result<Template, Vec<Problem>> {
    let (template, problems) = parse_recovering(raw);
    if problems.is_empty() {
        Ok(template)
    } else {
        Err(problems)
    }
}

/// Parses a template, returning the best template it can make of it along with
/// every problem.
pub fn parse_recovering(raw: &str) -> (Template, Vec<Problem>) {
    let mut parser = Parser {
        raw,
        text: String::with_capacity(raw.len() + 1),
        params: Vec::new(),
        problems: Vec::new(),
    };
    parser.run();
    (
        Template {
            text: parser.text,
            params: parser.params,
        },
        parser.problems,
    )
}

impl Template {
    /// The path in OpenAPI form: `<id>` becomes `{id}` (as `restlax::Action::openapi_path`).
    pub fn openapi(&self) -> String {
        openapi_path(&self.text)
    }
}

/// `<name>` → `{name}` in a checked template text (`Template::text`): the form
/// OpenAPI documents and the generated rustdoc use. The runtime's
/// `Action::openapi_path` does the same; a property test compares the two.
pub fn openapi_path(text: &str) -> String {
    text.replace("?>", ">").replace('<', "{").replace('>', "}")
}

/// The pieces of a checked template text (`Template::text`), as the runtime
/// fills them: restlax-facts' splitter, shared with the runtime.
pub use restlax_facts::template::{Piece, pieces};

struct Parser<'a> {
    raw: &'a str,
    text: String,
    params: Vec<Param>,
    problems: Vec<Problem>,
}

impl Parser<'_> {
    fn problem(&mut self, at: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem {
            message: message.into(),
            at,
        });
    }

    fn run(&mut self) {
        let raw = self.raw;
        if raw.is_empty() {
            self.problem(0..0, "the path is empty; write \"/\" for the API root");
            self.text.push('/');
            return;
        }
        if !raw.starts_with('/') {
            self.text.push('/');
        }
        // The placeholder just read, to catch `<a><b>`.
        let mut previous: Option<Range<usize>> = None;
        let mut i = 0;
        while i < raw.len() {
            let c = raw[i..].chars().next().expect("i is on a char boundary");
            match c {
                '<' | '{' => {
                    if let Some(end) = self.placeholder(i, previous.take()) {
                        previous = Some(i..end);
                        i = end;
                        continue;
                    }
                    if c == '<' {
                        self.problem(
                            i..raw.len(),
                            format!(
                                "unclosed `<` in path template: `{}` has no matching `>`",
                                &raw[i..]
                            ),
                        );
                        return;
                    }
                    self.problem(i..i + 1, not_allowed(c));
                }
                '>' => self.problem(
                    i..i + 1,
                    "unmatched `>` in path template (placeholders are written `<name>`)",
                ),
                '?' => self.problem(
                    i..raw.len(),
                    "`?` in the path: a query string does not belong in the template; pass it per call with `Opts::new().query(..)`",
                ),
                '#' => self.problem(
                    i..raw.len(),
                    "`#` in the path: a fragment is never sent to the server",
                ),
                '%' => {
                    let hex = raw.as_bytes().get(i + 1..i + 3);
                    if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                        let end = (i + 3).min(raw.len());
                        let end = (i + 1..=end)
                            .rev()
                            .find(|&e| raw.is_char_boundary(e))
                            .unwrap_or(i + 1);
                        self.problem(
                            i..end,
                            "`%` in the path must start a percent-escape like `%2F`",
                        );
                    }
                }
                '/' if i > 0 && raw.as_bytes()[i - 1] == b'/' => self.problem(
                    i - 1..i + 1,
                    "empty path segment `//`: servers may route it differently from `/`; remove one `/`",
                ),
                c if c.is_ascii_alphanumeric() || PATH_PUNCT.contains(c) => {}
                c => self.problem(i..i + c.len_utf8(), not_allowed(c)),
            }
            self.text.push(c);
            i += c.len_utf8();
        }
    }

    /// Reads the placeholder opening at `start` (`<name>`, `<name: Type>`, or the
    /// OpenAPI `{name}` users often write) and returns where it ends, or `None`
    /// when it is not closed.
    fn placeholder(&mut self, start: usize, previous: Option<Range<usize>>) -> Option<usize> {
        let raw = self.raw;
        let openapi = raw[start..].starts_with('{');
        let inner_start = start + 1;
        let close = if openapi {
            let close = inner_start + raw[inner_start..].find('}')?;
            // `{` … `/` … `}` is not a placeholder, just two stray characters.
            if raw[inner_start..close].contains('/') {
                return None;
            }
            close
        } else {
            closing_angle(raw, inner_start)?
        };
        let end = close + 1;
        let at = start..end;
        let inner = &raw[inner_start..close];

        if let Some(previous) = previous.filter(|p| p.end == start) {
            let shown = &raw[previous.start..end];
            self.problem(
                previous.start..end,
                format!(
                    "adjacent placeholders `{shown}`: their values would run together (`(\"1\", \"23\")` and `(\"12\", \"3\")` give the same path); put a `/` between them"
                ),
            );
        }

        let (name, ty, ty_at) = match split_typed(inner) {
            (name, Some((ty, within))) if !openapi => {
                let ty_at = inner_start + within.start..inner_start + within.end;
                if ty.is_empty() {
                    self.problem(
                        at.clone(),
                        format!(
                            "placeholder `{}` has no type after `:`; write e.g. `<{name}: u64>`, or leave out `:` for any `Display` value",
                            &raw[at.clone()],
                        ),
                    );
                    (name, None, ty_at)
                } else {
                    (name, Some(ty.to_owned()), ty_at)
                }
            }
            _ => (inner.trim(), None, close..close),
        };
        // `<state_key?>`: a value that may be empty, at the end of the path only.
        let (name, optional) = match name.strip_suffix('?') {
            Some(name) if !openapi => (name.trim_end(), true),
            _ => (name, false),
        };
        // The whole last segment: after `/` (or first in a relative template)
        // and nothing after it, so an empty value leaves the path ending in `/`
        // and changes no other segment (`/files/<name?>.json` would send
        // `/files/.json`).
        let whole_segment = start == 0 || raw.as_bytes()[start - 1] == b'/';
        if optional && (end != raw.len() || !whole_segment) {
            self.problem(
                at.clone(),
                format!(
                    "`{}` may be empty only as the whole last segment of the path (an empty value elsewhere would make `//` or change another segment); make it the last, or drop the `?`",
                    &raw[at.clone()]
                ),
            );
        }

        let problem = name_problem(name, &self.params);
        if openapi {
            let suggestion = recover_name(name, &[]);
            self.problem(
                at.clone(),
                format!(
                    "`{}` is OpenAPI's placeholder syntax; restlax writes path parameters as `<{suggestion}>`",
                    &raw[at.clone()]
                ),
            );
        } else if let Some(problem) = &problem {
            self.problem(at.clone(), problem.clone());
        }
        let taken: Vec<&str> = self.params.iter().map(|p| p.name.as_str()).collect();
        let name = if openapi || problem.is_some() {
            recover_name(name, &taken)
        } else {
            name.to_owned()
        };
        self.text.push('<');
        self.text.push_str(&name);
        if optional {
            self.text.push('?');
        }
        self.text.push('>');
        self.params.push(Param {
            name,
            ty,
            ty_at,
            at,
            optional,
        });
        Some(end)
    }
}

/// The `>` that closes a placeholder whose text starts at `from`. Before a `:`
/// the first `>` closes it; in a type (`<ids: Wrapper<u64>>`) angle brackets nest.
fn closing_angle(raw: &str, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut typed = false;
    for (offset, c) in raw[from..].char_indices() {
        match c {
            ':' => typed = true,
            '<' if typed => depth += 1,
            '>' if depth == 0 => return Some(from + offset),
            '>' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn not_allowed(c: char) -> String {
    format!(
        "{c:?} is not allowed in a URL path; percent-encode it, or make it a `<parameter>` whose value is encoded for you"
    )
}

/// What is wrong with a placeholder (or id) name, if anything.
/// `name: Type` split at its first colon: the trimmed name, and the trimmed
/// type with where it stands in `text` (an empty type when nothing follows the
/// colon). Placeholders and `id = "..."` both write a typed name this way.
pub(crate) fn split_typed(text: &str) -> (&str, Option<(&str, Range<usize>)>) {
    match text.split_once(':') {
        Some((name, after)) => {
            let start = name.len() + 1 + (after.len() - after.trim_start().len());
            let ty = after.trim();
            (name.trim(), Some((ty, start..start + ty.len())))
        }
        None => (text.trim(), None),
    }
}

pub(crate) fn name_problem(name: &str, seen: &[Param]) -> Option<String> {
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
    if is_keyword(name) {
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
    if seen.iter().any(|s| s.name == name) {
        return Some(format!("placeholder `<{name}>` appears twice in the path"));
    }
    None
}

/// A usable parameter name for a bad one: snake_case, only `[a-z0-9_]`, not a
/// keyword or reserved name, and not in `taken`.
pub(crate) fn recover_name(name: &str, taken: &[&str]) -> String {
    let mut out: String = snake_case(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        || out.chars().all(|c| c == '_')
    {
        out.insert_str(0, "param");
    }
    if is_keyword(&out) || RESERVED.contains(&out.as_str()) {
        out.push('_');
    }
    let mut unique = out.clone();
    let mut n = 2;
    while taken.contains(&unique.as_str()) {
        unique = format!("{out}_{n}");
        n += 1;
    }
    unique
}

/// Whether `name` is a plain (non-raw) Rust identifier other than `_`.
pub fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    name != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is a Rust keyword: restlax-facts' list.
pub use restlax_facts::names::is_keyword;

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
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

    fn messages(raw: &str) -> Vec<String> {
        parse_template(raw)
            .unwrap_err()
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn valid_templates() {
        let t = parse_template("accounts/<account_id>/members").unwrap();
        assert_eq!(t.text, "/accounts/<account_id>/members");
        assert_eq!(t.params.len(), 1);
        assert_eq!(t.params[0].name, "account_id");
        assert_eq!(t.params[0].at, 9..21);
        assert!(parse_template("/").is_ok());
        assert!(parse_template("/files/<name>.json").is_ok());
        assert!(parse_template("/a%2Fb").is_ok());
        assert!(parse_template("/v1/<name>:batchGet").is_ok());
    }

    #[test]
    fn typed_placeholders() {
        let t = parse_template("/repos/<owner>/issues/<issue_number: u64>").unwrap();
        assert_eq!(t.text, "/repos/<owner>/issues/<issue_number>");
        assert_eq!(t.params[0].ty, None);
        let number = &t.params[1];
        assert_eq!(number.name, "issue_number");
        assert_eq!(number.ty.as_deref(), Some("u64"));
        assert_eq!(
            &"/repos/<owner>/issues/<issue_number: u64>"[number.ty_at.clone()],
            "u64"
        );
        let nested = parse_template("/<ids: Wrapper<u64>>/x").unwrap();
        assert_eq!(nested.params[0].ty.as_deref(), Some("Wrapper<u64>"));
        assert_eq!(nested.text, "/<ids>/x");
        assert!(messages("/<n:>")[0].contains("no type after `:`"));
    }

    #[test]
    fn every_problem_is_reported() {
        let problems = parse_template("/a/<>/b/<x y>/<x>/<x>?q#f").unwrap_err();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(messages("/a/<id")[0].contains("unclosed"));
        assert!(messages("/<tenantUid>")[0].contains("`<tenant_uid>`"));
        assert!(messages("/<type>")[0].contains("keyword"));
        assert!(messages("/<opts>")[0].contains("clashes"));
        assert!(messages("/a b")[0].contains("not allowed"));
        assert!(messages("/100%")[0].contains("percent-escape"));
        assert!(parse_template("").is_err());
    }

    #[test]
    fn openapi_braces_are_one_problem_with_a_suggestion() {
        let problems = parse_template("/repos/{owner}/<repo>").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(
            problems[0].message.contains("`<owner>`"),
            "{}",
            problems[0].message
        );
        assert_eq!(problems[0].at, 7..14);
        let (recovered, _) = parse_recovering("/repos/{owner}/<repo>");
        let names: Vec<_> = recovered.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["owner", "repo"]);
        assert!(messages("/a{b")[0].contains("not allowed"));
    }

    #[test]
    fn empty_segments_and_adjacent_placeholders() {
        let problems = parse_template("/a//b").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].at, 2..4);
        assert!(problems[0].message.contains("empty path segment"));
        let problems = parse_template("/x/<a><b>").unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].at, 3..9);
        assert!(problems[0].message.contains("adjacent"));
        assert!(parse_template("/x/<a>-<b>").is_ok());
    }

    #[test]
    fn a_placeholder_that_may_be_empty_is_the_whole_last_segment() {
        let t = parse_template("/rooms/<room>/state/<event_type>/<state_key?>").unwrap();
        assert_eq!(t.text, "/rooms/<room>/state/<event_type>/<state_key?>");
        assert_eq!(t.openapi(), "/rooms/{room}/state/{event_type}/{state_key}");
        let optional: Vec<_> = t.params.iter().map(|p| p.optional).collect();
        assert_eq!(optional, [false, false, true]);
        let raw = "/state/<key?: String>";
        let typed = parse_template(raw).unwrap();
        assert_eq!(typed.text, "/state/<key?>");
        assert_eq!(typed.params[0].ty.as_deref(), Some("String"));
        assert_eq!(&raw[typed.params[0].ty_at.clone()], "String");
        assert!(parse_template("<key?>").is_ok());
        for raw in [
            "/a/<key?>/b",
            "/a/<key?>/",
            "/a/x<key?>",
            "/a/<key?>.json",
            "/<a?>/<b>",
        ] {
            let problems = parse_template(raw).unwrap_err();
            assert_eq!(problems.len(), 1, "{raw}: {problems:#?}");
            assert!(problems[0].message.contains("whole last segment"), "{raw}");
            assert!(raw[problems[0].at.clone()].contains('?'), "{raw}");
        }
    }

    #[test]
    fn problems_point_at_the_offending_characters() {
        let raw = "/a b/<x-y>/%zz";
        let problems = parse_template(raw).unwrap_err();
        let at: Vec<_> = problems.iter().map(|p| &raw[p.at.clone()]).collect();
        assert_eq!(at, [" ", "<x-y>", "%zz"]);
    }

    #[test]
    fn recovery_keeps_one_usable_parameter_per_placeholder() {
        let (t, problems) = parse_recovering("/<>/<x-y>/<type>/<Tenant>/<opts>/<a>/<a>");
        assert_eq!(problems.len(), 6);
        let names: Vec<_> = t.params.iter().map(|p| p.name.clone()).collect();
        assert_eq!(
            names,
            ["param", "x_y", "type_", "tenant", "opts_", "a", "a_2"]
        );
        assert!(names.iter().all(|n| is_ident(n) && !is_keyword(n)));
    }
}
