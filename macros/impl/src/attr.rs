//! Parses the attribute's arguments into [`Args`], reporting every malformed
//! argument and carrying on with the rest.
//!
//! Grammar (commas between arguments, any order):
//!
//! ```text
//! path = "/accounts/<account_id>/members"        (or "<number: u64>": a typed placeholder)
//! actions(index, show, create, update, delete)
//! except(delete)
//! singular
//! create_method = "PUT"
//! update_method = "PATCH"
//! id = "member_id"                                (or "member_id: u64"; "state_key?": may be empty)
//! path = "/rooms/<room>/state/<key?>"              (`?`: may be empty, last segment only)
//! header("X-GitHub-Api-Version", "2022-11-28")      (repeatable)
//! envelope = Under(&["chunk"])                    (a constant expression)
//! action(name = by_external_id, method = "GET", path = "external/<external_id>",
//!        body, form, list, walk, returns = Type, doc = "…", header("Accept", "…"),
//!        envelope = …)
//! ```
//!
//! In `actions(...)` a standard action may carry settings of its own:
//! `actions(index(envelope = Under(&["users"])), update(returns = ()))`.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Ident, LitStr, Type};

use crate::ctxt::Ctxt;
use crate::suggest::did_you_mean;

/// The arguments as written; nothing is checked beyond their shape.
#[derive(Default)]
pub struct Args {
    pub path: Option<LitStr>,
    pub actions: Option<List>,
    pub except: Option<List>,
    pub singular: Option<Ident>,
    pub create_method: Option<LitStr>,
    pub update_method: Option<LitStr>,
    pub id: Option<LitStr>,
    pub headers: Vec<HeaderArg>,
    pub envelope: Option<syn::Expr>,
    pub custom: Vec<Custom>,
    /// Every argument name written, well-formed or not, so a malformed `path`
    /// is not also reported as a missing one.
    pub written: Vec<String>,
}

/// `actions(index, show)`: the keyword and the names.
pub struct List {
    pub keyword: Ident,
    pub items: Vec<Ident>,
    /// What each item says in parentheses after its name, if anything
    /// (`update(returns = ())`), in the order of `items`.
    pub settings: Vec<Option<Settings>>,
}

/// `name(returns = Type, envelope = Expr)` in `actions(...)`.
pub struct Settings {
    /// The parentheses' contents, for errors about the whole.
    pub tokens: TokenStream,
    pub returns: Option<Type>,
    pub envelope: Option<syn::Expr>,
}

/// One `action(...)`.
pub struct Custom {
    pub keyword: Ident,
    pub name: Option<Ident>,
    pub method: Option<LitStr>,
    pub path: Option<LitStr>,
    pub body: Option<Ident>,
    pub form: Option<Ident>,
    pub list: Option<Ident>,
    pub walk: Option<Ident>,
    pub returns: Option<Type>,
    pub doc: Option<LitStr>,
    pub headers: Vec<HeaderArg>,
    pub envelope: Option<syn::Expr>,
}

/// One `header("Name", "value")`.
pub struct HeaderArg {
    pub name: LitStr,
    pub value: LitStr,
}

const ARGS: [&str; 10] = [
    "path",
    "actions",
    "except",
    "singular",
    "create_method",
    "update_method",
    "id",
    "header",
    "envelope",
    "action",
];

const CUSTOM_ARGS: [&str; 11] = [
    "name", "method", "path", "body", "form", "list", "walk", "returns", "doc", "header",
    "envelope",
];

const SETTINGS: [&str; 2] = ["returns", "envelope"];

/// One `name`, `name = value` or `name(...)`.
struct Raw {
    name: Ident,
    value: Value,
}

enum Value {
    Flag,
    Eq(TokenStream),
    Parens(TokenStream),
}

pub fn parse(cx: &Ctxt, args: TokenStream) -> Args {
    let mut out = Args::default();
    for raw in raw_args(cx, args) {
        let name = raw.name.to_string();
        out.written.push(name.clone());
        match name.as_str() {
            "path" => set(
                cx,
                &mut out.path,
                &raw,
                string(cx, &raw, "path = \"/users/<user_id>/keys\""),
            ),
            "actions" => set(cx, &mut out.actions, &raw, list(cx, &raw)),
            "except" => set(cx, &mut out.except, &raw, list(cx, &raw)),
            "singular" => set(cx, &mut out.singular, &raw, flag(cx, &raw)),
            "create_method" => set(
                cx,
                &mut out.create_method,
                &raw,
                string(cx, &raw, "create_method = \"PUT\""),
            ),
            "update_method" => set(
                cx,
                &mut out.update_method,
                &raw,
                string(cx, &raw, "update_method = \"PATCH\""),
            ),
            "id" => set(
                cx,
                &mut out.id,
                &raw,
                string(cx, &raw, "id = \"member_id\""),
            ),
            "header" => out.headers.extend(header(cx, &raw)),
            "envelope" => set(cx, &mut out.envelope, &raw, expr(cx, &raw)),
            "action" => {
                if let Some(custom) = custom(cx, raw) {
                    out.custom.push(custom);
                }
            }
            _ => cx.error_spanned_by(
                &raw.name,
                format!(
                    "unknown argument `{name}`{}\n  expected one of: {}",
                    did_you_mean(&name, &ARGS),
                    ARGS.join(", ")
                ),
            ),
        }
    }
    out
}

fn custom(cx: &Ctxt, raw: Raw) -> Option<Custom> {
    let Value::Parens(inner) = raw.value else {
        cx.error_spanned_by(
            &raw.name,
            "expected `action(name = ..., method = \"GET\", path = \"...\")`",
        );
        return None;
    };
    let mut out = Custom {
        keyword: raw.name,
        name: None,
        method: None,
        path: None,
        body: None,
        form: None,
        list: None,
        walk: None,
        returns: None,
        doc: None,
        headers: Vec::new(),
        envelope: None,
    };
    for raw in raw_args(cx, inner) {
        let name = raw.name.to_string();
        match name.as_str() {
            "name" => set(cx, &mut out.name, &raw, ident(cx, &raw)),
            "method" => set(
                cx,
                &mut out.method,
                &raw,
                string(cx, &raw, "method = \"GET\""),
            ),
            "path" => set(
                cx,
                &mut out.path,
                &raw,
                string(cx, &raw, "path = \"external/<external_id>\""),
            ),
            "body" => set(cx, &mut out.body, &raw, flag(cx, &raw)),
            "form" => set(cx, &mut out.form, &raw, flag(cx, &raw)),
            "header" => out.headers.extend(header(cx, &raw)),
            "list" => set(cx, &mut out.list, &raw, flag(cx, &raw)),
            "walk" => set(cx, &mut out.walk, &raw, flag(cx, &raw)),
            "returns" => set(cx, &mut out.returns, &raw, ty(cx, &raw)),
            "envelope" => set(cx, &mut out.envelope, &raw, expr(cx, &raw)),
            "doc" => set(
                cx,
                &mut out.doc,
                &raw,
                string(cx, &raw, "doc = \"What it does.\""),
            ),
            _ => cx.error_spanned_by(
                &raw.name,
                format!(
                    "unknown argument `{name}` in `action(...)`{}\n  expected one of: {}",
                    did_you_mean(&name, &CUSTOM_ARGS),
                    CUSTOM_ARGS.join(", ")
                ),
            ),
        }
    }
    Some(out)
}

/// Stores a parsed value, reporting a second occurrence of the same argument.
fn set<T>(cx: &Ctxt, slot: &mut Option<T>, raw: &Raw, value: Option<T>) {
    let Some(value) = value else { return };
    if slot.is_some() {
        cx.error_spanned_by(&raw.name, format!("duplicate argument `{}`", raw.name));
    } else {
        *slot = Some(value);
    }
}

fn string(cx: &Ctxt, raw: &Raw, example: &str) -> Option<LitStr> {
    match &raw.value {
        Value::Eq(tokens) => match syn::parse2::<LitStr>(tokens.clone()) {
            Ok(lit) => Some(lit),
            Err(_) => {
                cx.error_spanned_by(tokens, format!("expected a string literal: `{example}`"));
                None
            }
        },
        _ => {
            cx.error_spanned_by(&raw.name, format!("expected `{example}`"));
            None
        }
    }
}

fn ident(cx: &Ctxt, raw: &Raw) -> Option<Ident> {
    match &raw.value {
        Value::Eq(tokens) => match syn::parse2::<Ident>(tokens.clone()) {
            Ok(ident) => Some(ident),
            Err(_) => {
                cx.error_spanned_by(
                    tokens,
                    "expected the function's name as an identifier: `name = by_external_id`",
                );
                None
            }
        },
        _ => {
            cx.error_spanned_by(&raw.name, "expected `name = function_name`");
            None
        }
    }
}

fn ty(cx: &Ctxt, raw: &Raw) -> Option<Type> {
    match &raw.value {
        Value::Eq(tokens) => match syn::parse2::<Type>(tokens.clone()) {
            Ok(ty) => Some(ty),
            Err(e) => {
                cx.error_at(e.span(), format!("expected a type: `returns = Self`, `returns = ()` or `returns = MyType` ({e})"));
                None
            }
        },
        _ => {
            cx.error_spanned_by(&raw.name, "expected `returns = Type`");
            None
        }
    }
}

/// `envelope = Expr`: an expression whose type implements `Envelope`; that it
/// is a constant is for the compiler to say, on the expression.
fn expr(cx: &Ctxt, raw: &Raw) -> Option<syn::Expr> {
    const EXAMPLE: &str = "envelope = Under(&[\"chunk\"])";
    match &raw.value {
        Value::Eq(tokens) => match syn::parse2::<syn::Expr>(tokens.clone()) {
            Ok(expr) => Some(expr),
            Err(e) => {
                cx.error_at(
                    e.span(),
                    format!("expected an expression of a type that implements `restlax::envelope::Envelope`: `{EXAMPLE}` ({e})"),
                );
                None
            }
        },
        _ => {
            cx.error_spanned_by(&raw.name, format!("expected `{EXAMPLE}`"));
            None
        }
    }
}

/// The settings of one standard action: `returns = …`, `envelope = …`.
fn settings(cx: &Ctxt, name: &Ident, tokens: TokenStream) -> Settings {
    let mut out = Settings {
        tokens: tokens.clone(),
        returns: None,
        envelope: None,
    };
    for raw in raw_args(cx, tokens) {
        let key = raw.name.to_string();
        match key.as_str() {
            "returns" => set(cx, &mut out.returns, &raw, ty(cx, &raw)),
            "envelope" => set(cx, &mut out.envelope, &raw, expr(cx, &raw)),
            _ => cx.error_spanned_by(
                &raw.name,
                format!(
                    "unknown setting `{key}` for `{name}`{}\n  expected one of: {}",
                    did_you_mean(&key, &SETTINGS),
                    SETTINGS.join(", ")
                ),
            ),
        }
    }
    out
}

/// `header("Name", "value")`: two string literals; what they say is checked later.
fn header(cx: &Ctxt, raw: &Raw) -> Option<HeaderArg> {
    const EXAMPLE: &str = "header(\"X-GitHub-Api-Version\", \"2022-11-28\")";
    let Value::Parens(tokens) = &raw.value else {
        cx.error_spanned_by(&raw.name, format!("expected `{EXAMPLE}`"));
        return None;
    };
    let parts = split_commas(cx, tokens.clone());
    let strings: Vec<Option<LitStr>> = parts
        .iter()
        .map(|part| syn::parse2::<LitStr>(part.clone()).ok())
        .collect();
    match strings.as_slice() {
        [Some(name), Some(value)] => Some(HeaderArg {
            name: name.clone(),
            value: value.clone(),
        }),
        _ => {
            let at = if tokens.is_empty() {
                raw.name.to_token_stream()
            } else {
                tokens.clone()
            };
            cx.error_spanned_by(
                at,
                format!("expected a header name and value as two string literals: `{EXAMPLE}`"),
            );
            None
        }
    }
}

fn flag(cx: &Ctxt, raw: &Raw) -> Option<Ident> {
    match &raw.value {
        Value::Flag => Some(raw.name.clone()),
        Value::Eq(tokens) | Value::Parens(tokens) => {
            cx.error_spanned_by(
                tokens,
                format!(
                    "`{}` is a flag and takes no value; write just `{}`",
                    raw.name, raw.name
                ),
            );
            None
        }
    }
}

fn list(cx: &Ctxt, raw: &Raw) -> Option<List> {
    let Value::Parens(tokens) = &raw.value else {
        cx.error_spanned_by(
            &raw.name,
            format!("expected a list: `{}(index, show, ...)`", raw.name),
        );
        return None;
    };
    let mut items = Vec::new();
    let mut settings_of = Vec::new();
    for chunk in split_commas(cx, tokens.clone()) {
        let mut parts = chunk.clone().into_iter();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(TokenTree::Ident(ident)), None, _) => {
                items.push(ident);
                settings_of.push(None);
            }
            (Some(TokenTree::Ident(ident)), Some(TokenTree::Group(group)), None)
                if group.delimiter() == Delimiter::Parenthesis =>
            {
                settings_of.push(Some(settings(cx, &ident, group.stream())));
                items.push(ident);
            }
            _ => cx.error_spanned_by(
                &chunk,
                "expected an action name such as `show`, or one with settings: `update(returns = ())`",
            ),
        }
    }
    Some(List {
        keyword: raw.name.clone(),
        items,
        settings: settings_of,
    })
}

/// Splits at top-level commas and reads each piece as `name`, `name = ...` or
/// `name(...)`; a malformed piece is reported and skipped.
fn raw_args(cx: &Ctxt, tokens: TokenStream) -> Vec<Raw> {
    let mut out = Vec::new();
    for chunk in split_commas(cx, tokens) {
        let mut iter = chunk.clone().into_iter();
        let name = match iter.next() {
            Some(TokenTree::Ident(ident)) => ident,
            _ => {
                cx.error_spanned_by(&chunk, "expected an argument such as `path = \"...\"`");
                continue;
            }
        };
        let rest: Vec<TokenTree> = iter.collect();
        let value = match rest.first() {
            None => Value::Flag,
            Some(TokenTree::Punct(p)) if p.as_char() == '=' => {
                let value: TokenStream = rest[1..].iter().cloned().collect();
                if value.is_empty() {
                    cx.error_spanned_by(p, format!("expected a value after `{name} =`"));
                    continue;
                }
                Value::Eq(value)
            }
            Some(TokenTree::Group(g))
                if g.delimiter() == Delimiter::Parenthesis && rest.len() == 1 =>
            {
                Value::Parens(g.stream())
            }
            Some(other) => {
                cx.error_spanned_by(
                    other,
                    format!("unexpected tokens after `{name}`; expected `{name} = ...`, `{name}(...)` or a comma"),
                );
                continue;
            }
        };
        out.push(Raw { name, value });
    }
    out
}

/// Splits a token stream at commas outside `<...>` (so `returns = Map<K, V>`
/// stays whole). A trailing comma is fine; an empty piece anywhere else (`,,`, or
/// a leading `,`) is reported on its comma and skipped.
fn split_commas(cx: &Ctxt, tokens: TokenStream) -> Vec<TokenStream> {
    let mut pieces = Vec::new();
    let mut current = Vec::new();
    let mut depth = 0usize;
    let mut previous: Option<char> = None;
    for token in tokens {
        if let TokenTree::Punct(p) = &token {
            match p.as_char() {
                '<' => depth += 1,
                '>' if !matches!(previous, Some('-' | '=')) => depth = depth.saturating_sub(1),
                ',' if depth == 0 => {
                    if current.is_empty() {
                        cx.error_spanned_by(
                            p,
                            "stray `,`: there is no argument before it; remove it",
                        );
                    } else {
                        pieces.push(current.drain(..).collect::<TokenStream>());
                    }
                    previous = None;
                    continue;
                }
                _ => {}
            }
            previous = Some(p.as_char());
        } else {
            previous = None;
        }
        current.push(token);
    }
    if !current.is_empty() {
        pieces.push(current.into_iter().collect());
    }
    pieces
}
