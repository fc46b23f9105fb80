//! Names a declaration cannot use as they are, for the macro that checks
//! them and for tools that write declarations (the runtime's OpenAPI
//! scaffold).

/// Rust's strict and reserved keywords (2024 edition), `self`, `Self`,
/// `super` and `crate` included: none can name a parameter or a function.
///
/// ```
/// assert!(restlax_facts::names::is_keyword("gen"));
/// assert!(!restlax_facts::names::is_keyword("id"));
/// ```
pub const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Whether `name` is one of [`KEYWORDS`].
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// The names the generated functions give their own parameters, which a
/// path placeholder therefore cannot take.
pub const FUNCTION_PARAMETERS: [&str; 3] = ["client", "body", "opts"];
