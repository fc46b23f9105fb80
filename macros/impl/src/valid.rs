//! Checks the parsed arguments and builds the model. Every rule reports through
//! the context and checking goes on, so one compile shows every mistake.
//!
//! Checking also recovers: a declaration with errors still yields a model with
//! every action whose name is known (an unknown action with a close suggestion
//! counts as the suggestion, a bad method as a default), so the expansion keeps
//! the functions that call sites use and only the real errors are reported.

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::{Ident, Item, LitStr, Type};

use crate::ast::{Action, Kind, PathParam, Resource, Returns, Standard, Typed};
use crate::attr::{Args, Custom, HeaderArg, List, Settings};
use crate::ctxt::Ctxt;
use crate::header;
use crate::span::{in_literal, respan};
use crate::suggest::{closest, did_you_mean};
use crate::template::{self, Template, parse_recovering, recover_name};
use restlax_facts::Method;

/// The checked model, or `None` when the item is not a struct (there is nothing
/// to put functions on). Errors are in `cx`.
pub fn check(cx: &Ctxt, args: &Args, item: &Item) -> Option<Resource> {
    let is_struct = check_item(cx, item);

    let singular = args.singular.is_some();
    let id = id_param(cx, args);
    let base = match &args.path {
        Some(lit) => Path::of(cx, lit),
        None => {
            if !args.written.iter().any(|w| w == "path") {
                cx.error_at(
                    Span::call_site(),
                    "#[resource] needs a path: `#[resource(path = \"/users\")]`",
                );
            }
            Path::root()
        }
    };
    let standard = standard_actions(cx, args, singular);
    let settings = standard_settings(args);
    // `<name?>` may be empty only as the path's last segment: nothing may be
    // appended after it.
    let optional_last = base.template.params.iter().find(|p| p.optional).cloned();
    let appended_after_optional = |cx: &Ctxt, what: &str| {
        if let (Some(param), Some(lit)) = (&optional_last, base.lit) {
            cx.error_at(
                in_literal(lit, param.at.clone()),
                format!(
                    "`<{}?>` may be empty only as the last segment, but {what} appends to this path; make it a plain placeholder, or declare that action with a path of its own",
                    param.name
                ),
            );
        }
    };
    let create = method(
        cx,
        args.create_method.as_ref(),
        &[Method::Post, Method::Put],
        Method::Post,
        "create",
    );
    let update = method(
        cx,
        args.update_method.as_ref(),
        &[Method::Put, Method::Patch],
        Method::Put,
        "update",
    );
    let takes_id = !singular
        && standard
            .iter()
            .any(|s| matches!(s, Standard::Show | Standard::Update | Standard::Delete));
    if takes_id && let Some((lit, clash)) = base.find(&id.name) {
        cx.error_at(
                in_literal(lit, clash.at.clone()),
                format!(
                    "placeholder `<{}>` has the same name as the id parameter; rename it, or name the id with `id = \"...\"`",
                    id.name
                ),
            );
    }
    base.check_no_id_placeholder(cx, &id);
    let headers = headers(cx, &args.headers, &[], "on this resource");

    let mut actions = Vec::new();
    for which in standard {
        let (method, kind, body, with_id) = match which {
            Standard::Index => (Method::Get, Kind::List, false, false),
            Standard::Show => (Method::Get, Kind::One, false, !singular),
            Standard::Create => (create, Kind::One, true, false),
            Standard::Update => (update, Kind::One, true, !singular),
            Standard::Delete => (Method::Delete, Kind::Unit, false, !singular),
        };
        let mut path = base.template.text.clone();
        let mut params = base.params.clone();
        if with_id {
            appended_after_optional(cx, &format!("`{}` (with the id)", which.name()));
            let mark = if id.optional { "?" } else { "" };
            path = format!("{}/<{}{mark}>", path.trim_end_matches('/'), id.name);
            push_unique(&mut params, &id.name, id.ty.clone());
        }
        let own = settings.iter().find(|(w, _)| *w == which).map(|(_, s)| *s);
        let (kind, returns) = standard_returns(cx, which, kind, own);
        let envelope = own.and_then(|s| s.envelope.clone());
        actions.push(Action {
            name: Ident::new(which.name(), Span::call_site()),
            method,
            path,
            params,
            body,
            form: false,
            headers: headers.clone(),
            kind,
            walk: false,
            returns,
            doc: None,
            standard: Some(which),
            envelope,
        });
    }
    for custom in &args.custom {
        if custom
            .path
            .as_ref()
            .is_some_and(|p| !p.value().starts_with('/'))
        {
            appended_after_optional(cx, "a custom action with a relative path");
        }
        if let Some(mut action) = custom_action(cx, custom, &base, &id, &headers) {
            action.envelope = custom.envelope.clone();
            actions.push(action);
        }
    }
    let actions = unique_function_names(cx, actions);
    is_struct.then(|| Resource {
        path: base.template.text,
        actions,
        envelope: args.envelope.clone(),
    })
}

/// Whether the item is a struct; reports it when it is not.
fn check_item(cx: &Ctxt, item: &Item) -> bool {
    let message = |what: &str| {
        format!("#[resource] goes on a struct (the resource's response model), not on {what}")
    };
    match item {
        Item::Struct(_) => return true,
        Item::Enum(e) => cx.error_spanned_by(e.enum_token, message("an enum")),
        Item::Fn(f) => cx.error_spanned_by(f.sig.fn_token, message("a function")),
        Item::Union(u) => cx.error_spanned_by(u.union_token, message("a union")),
        Item::Trait(t) => cx.error_spanned_by(t.trait_token, message("a trait")),
        Item::Impl(i) => cx.error_spanned_by(i.impl_token, message("an impl block")),
        Item::Mod(m) => cx.error_spanned_by(m.mod_token, message("a module")),
        other => cx.error_spanned_by(other, message("this item")),
    }
    false
}

/// A path template with its literal (for spans) and its typed parameters.
struct Path<'a> {
    lit: Option<&'a LitStr>,
    template: Template,
    params: Vec<PathParam>,
}

impl<'a> Path<'a> {
    /// Parses the template in `lit`, reporting each problem on the characters it
    /// is about, and keeps what could be recovered.
    fn of(cx: &Ctxt, lit: &'a LitStr) -> Self {
        let (template, problems) = parse_recovering(&lit.value());
        for problem in problems {
            cx.error_at(in_literal(lit, problem.at), problem.message);
        }
        let params = template
            .params
            .iter()
            .map(|p| {
                let ty =
                    p.ty.as_ref()
                        .and_then(|text| parse_type(cx, text, in_literal(lit, p.ty_at.clone())));
                path_param(&p.name, ty)
            })
            .collect();
        Path {
            lit: Some(lit),
            template,
            params,
        }
    }

    /// The path of a declaration without one: `/`.
    fn root() -> Self {
        Path {
            lit: None,
            template: parse_recovering("/").0,
            params: Vec::new(),
        }
    }

    /// The placeholder named `name`, with the literal it is written in.
    fn find(&self, name: &str) -> Option<(&'a LitStr, &template::Param)> {
        let lit = self.lit?;
        let param = self.template.params.iter().find(|p| p.name == name)?;
        Some((lit, param))
    }

    /// With `id = "issue_number"`, a `<id>` placeholder would silently become a
    /// second parameter named `id`: almost certainly meant as the id.
    fn check_no_id_placeholder(&self, cx: &Ctxt, id: &Id) {
        if id.name == "id" || id.lit.is_none() {
            return;
        }
        if let Some((lit, clash)) = self.find("id") {
            cx.error_at(
                in_literal(lit, clash.at.clone()),
                format!(
                    "placeholder `<id>` would be a second parameter next to the id, which this resource names `{0}` (`id = \"{0}\"`); write `<{0}>` to use the id, or give this parameter another name",
                    id.name
                ),
            );
        }
    }
}

/// Parses a placeholder's type, with every token spanned where it is written.
fn parse_type(cx: &Ctxt, text: &str, span: Span) -> Option<Typed> {
    let parsed = syn::parse_str::<Type>(text)
        .and_then(|ty| syn::parse2::<Type>(respan(ty.to_token_stream(), span)));
    match parsed {
        Ok(ty) => Some(Typed {
            ty,
            text: text.to_owned(),
        }),
        Err(_) => {
            cx.error_at(
                span,
                format!(
                    "`{text}` is not a Rust type; write the parameter's type after `:`, e.g. `<number: u64>`"
                ),
            );
            None
        }
    }
}

/// Adds a parameter; a name already taken (only after an error was reported)
/// is renamed so the generated function still compiles.
fn push_unique(params: &mut Vec<PathParam>, name: &str, ty: Option<Typed>) {
    let taken: Vec<String> = params.iter().map(|p| p.name.to_string()).collect();
    let taken: Vec<&str> = taken.iter().map(String::as_str).collect();
    let name = if taken.contains(&name) {
        recover_name(name, &taken)
    } else {
        name.to_owned()
    };
    params.push(path_param(&name, ty));
}

/// A parameter; a typed one is spanned where its type is written, so that the
/// argument handed to the runtime (`&name`) is too, and a type without
/// `Display` is reported there rather than on the whole attribute.
fn path_param(name: &str, ty: Option<Typed>) -> PathParam {
    let span = ty.as_ref().map_or_else(Span::call_site, |t| t.ty.span());
    PathParam {
        name: Ident::new(name, span),
        ty,
    }
}

/// The id parameter: `id = "member_id"` or `id = "issue_number: u64"`, or `id`.
struct Id<'a> {
    name: String,
    ty: Option<Typed>,
    lit: Option<&'a LitStr>,
    /// `id = "state_key?"`: the id may be empty (it is the last segment).
    optional: bool,
}

fn id_param<'a>(cx: &Ctxt, args: &'a Args) -> Id<'a> {
    let default = Id {
        name: "id".to_owned(),
        ty: None,
        lit: None,
        optional: false,
    };
    let Some(lit) = args.id.as_ref() else {
        return default;
    };
    let value = lit.value();
    if args.singular.is_some() {
        cx.error_spanned_by(lit, "a singular resource has no id; remove `id = ...`");
        return default;
    }
    let (name, ty) = match template::split_typed(&value) {
        (name, Some(("", _))) => {
            cx.error_spanned_by(
                lit,
                format!(
                    "the id {value:?} has no type after `:`; write e.g. `id = \"{name}: u64\"`, or leave out `:` for any `Display` value"
                ),
            );
            (name, None)
        }
        (name, Some((text, within))) => (name, parse_type(cx, text, in_literal(lit, within))),
        (name, None) => (name, None),
    };
    let (name, optional) = match name.strip_suffix('?') {
        Some(name) => (name.trim_end(), true),
        None => (name, false),
    };
    if !template::is_ident(name) || template::is_keyword(name) {
        cx.error_spanned_by(
            lit,
            format!("the id name {name:?} must be a Rust identifier that is not a keyword"),
        );
        return default;
    }
    if template::RESERVED.contains(&name) {
        cx.error_spanned_by(
            lit,
            format!("the id name `{name}` clashes with the generated parameter `{name}`"),
        );
        return default;
    }
    Id {
        name: name.to_owned(),
        ty,
        lit: Some(lit),
        optional,
    }
}

/// The settings written after standard actions' names in `actions(...)`
/// (`update(returns = ())`), by action; names that are not standard actions
/// were reported by `standard_actions`.
fn standard_settings(args: &Args) -> Vec<(Standard, &Settings)> {
    let Some(list) = &args.actions else {
        return Vec::new();
    };
    list.items
        .iter()
        .zip(&list.settings)
        .filter_map(|(ident, settings)| {
            Some((Standard::from_name(&ident.to_string())?, settings.as_ref()?))
        })
        .collect()
}

/// What a standard action returns: its own kind and `Self`, or as its
/// `returns = …` says. `()` makes any but `index` a unit action (an API that
/// answers `204 No Content` to an update); another type replaces `Self`
/// (for `index`, the item type of the page).
fn standard_returns(
    cx: &Ctxt,
    which: Standard,
    kind: Kind,
    settings: Option<&Settings>,
) -> (Kind, Returns) {
    let Some(ty) = settings.and_then(|s| s.returns.as_ref()) else {
        return (kind, Returns::SelfType);
    };
    let unit = matches!(ty, Type::Tuple(t) if t.elems.is_empty());
    match ty {
        _ if unit && which == Standard::Index => {
            cx.error_spanned_by(
                ty,
                "`index` returns a page of items, not `()`; name the item type (`returns = Summary`) or leave out `returns`",
            );
            (kind, Returns::SelfType)
        }
        _ if unit => (Kind::Unit, Returns::SelfType),
        // `delete(returns = Self)` or `delete(returns = T)`: an API that answers
        // with what it deleted, so the action decodes one value.
        _ if which == Standard::Delete && kind == Kind::Unit => {
            let returns = match ty {
                Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self") => Returns::SelfType,
                ty => Returns::Type(Box::new(ty.clone())),
            };
            (Kind::One, returns)
        }
        Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self") => (kind, Returns::SelfType),
        _ => (kind, Returns::Type(Box::new(ty.clone()))),
    }
}

/// Which standard actions to generate, in canonical order.
fn standard_actions(cx: &Ctxt, args: &Args, singular: bool) -> Vec<Standard> {
    let mut chosen: Vec<Standard> = match &args.actions {
        None if singular => vec![Standard::Show, Standard::Update],
        None => Standard::ALL.to_vec(),
        Some(list) => {
            let named = names_in(cx, list);
            for (ident, which) in list.items.iter().zip(&named) {
                match which {
                    Some(Name {
                        which: which @ (Standard::Index | Standard::Create | Standard::Delete),
                        as_written: true,
                    }) if singular => {
                        cx.error_spanned_by(
                            ident,
                            format!(
                                "a singular resource has no `{}`: it has no id and is not a collection; it can have `show` and `update`",
                                which.name()
                            ),
                        );
                    }
                    _ => {}
                }
            }
            named.into_iter().flatten().map(|n| n.which).collect()
        }
    };
    if let Some(except) = &args.except {
        for settings in except.settings.iter().flatten() {
            cx.error_spanned_by(
                &settings.tokens,
                "`except(...)` only names actions to leave out; settings such as `returns = ...` belong in `actions(...)`",
            );
        }
        let named = names_in(cx, except);
        for (ident, name) in except.items.iter().zip(&named) {
            let Some(Name {
                which,
                as_written: true,
            }) = name
            else {
                continue;
            };
            if !chosen.contains(which) {
                let generated: Vec<_> = chosen.iter().map(|s| s.name()).collect();
                cx.error_spanned_by(
                    ident,
                    format!(
                        "`except({})` leaves out an action that is not generated (generated: {})",
                        which.name(),
                        if generated.is_empty() {
                            "none".to_owned()
                        } else {
                            generated.join(", ")
                        }
                    ),
                );
            }
        }
        let left_out: Vec<Standard> = named.into_iter().flatten().map(|n| n.which).collect();
        chosen.retain(|s| !left_out.contains(s));
    }
    Standard::ALL
        .into_iter()
        .filter(|s| chosen.contains(s))
        .collect()
}

/// A standard action named in a list: as written, or the suggestion for a typo
/// (already reported), so the functions the user meant are still generated.
struct Name {
    which: Standard,
    as_written: bool,
}

/// The standard action each name stands for, reporting unknown and repeated names.
fn names_in(cx: &Ctxt, list: &List) -> Vec<Option<Name>> {
    let mut seen = Vec::new();
    list.items
        .iter()
        .map(|ident| {
            let name = ident.to_string();
            let (which, as_written) = match Standard::from_name(&name) {
                Some(which) => (which, true),
                None => {
                    let hint = did_you_mean(&name, &Standard::NAMES);
                    let extra = if hint.is_empty() {
                        format!(
                            "; the actions are {}; declare others with `action(...)`",
                            Standard::NAMES.join(", ")
                        )
                    } else {
                        hint
                    };
                    cx.error_spanned_by(ident, format!("unknown action `{name}`{extra}"));
                    let suggested =
                        closest(&name, &Standard::NAMES).and_then(Standard::from_name)?;
                    (suggested, false)
                }
            };
            if seen.contains(&which) {
                if as_written {
                    cx.error_spanned_by(
                        ident,
                        format!("duplicate action `{name}` in `{}(...)`", list.keyword),
                    );
                }
                return None;
            }
            seen.push(which);
            Some(Name { which, as_written })
        })
        .collect()
}

/// The method a string names, if it is one of `allowed`; otherwise an error on
/// the literal, with a hint when only the case is wrong (`"patch"`).
fn method_in(cx: &Ctxt, lit: &LitStr, allowed: &[Method], what: &str) -> Option<Method> {
    let value = lit.value();
    let named = |name: &str| Method::from_name(name).filter(|m| allowed.contains(m));
    if let Some(method) = named(&value) {
        return Some(method);
    }
    let upper = value.to_ascii_uppercase();
    let hint = if named(&upper).is_some() {
        format!(", did you mean \"{upper}\"?")
    } else {
        String::new()
    };
    let choices: Vec<_> = allowed
        .iter()
        .map(|m| format!("\"{}\"", m.as_str()))
        .collect();
    cx.error_spanned_by(
        lit,
        format!(
            "{what} can use {}; found {value:?}{hint}",
            choices.join(", ")
        ),
    );
    None
}

fn method(
    cx: &Ctxt,
    lit: Option<&LitStr>,
    allowed: &[Method],
    default: Method,
    action: &str,
) -> Method {
    lit.and_then(|lit| method_in(cx, lit, allowed, &format!("`{action}`")))
        .unwrap_or(default)
}

fn custom_action(
    cx: &Ctxt,
    custom: &Custom,
    base: &Path<'_>,
    id: &Id<'_>,
    resource_headers: &[(String, String)],
) -> Option<Action> {
    let mut missing = Vec::new();
    if custom.name.is_none() {
        missing.push("name = ...");
    }
    if custom.method.is_none() {
        missing.push("method = \"...\"");
    }
    if !missing.is_empty() {
        cx.error_spanned_by(
            &custom.keyword,
            format!("a custom action needs {}", missing.join(", ")),
        );
    }
    let method = custom
        .method
        .as_ref()
        .and_then(|lit| method_in(cx, lit, &Method::ALL, "a custom action"));
    if let (Some(body), Some(form)) = (&custom.body, &custom.form) {
        cx.error_spanned_by(
            form,
            format!(
                "`{body}` and `{form}` both declare the request body; keep one: `body` sends JSON, `form` sends `application/x-www-form-urlencoded`"
            ),
        );
    }
    let body_flag = custom.body.as_ref().or(custom.form.as_ref());
    if let (Some(method), Some(flag)) = (method, body_flag)
        && !method.takes_body()
    {
        cx.error_spanned_by(
            flag,
            format!(
                "a {} request carries no body; remove `{flag}` or use another method",
                method.as_str()
            ),
        );
    }
    let own_headers = headers(cx, &custom.headers, resource_headers, "in this action");
    let head = method == Some(Method::Head);
    let unit = matches!(&custom.returns, Some(Type::Tuple(t)) if t.elems.is_empty());
    if head {
        if let Some(flag) = &custom.list {
            cx.error_spanned_by(
                flag,
                "a HEAD response has no body, so it is not a `list`; remove `list`",
            );
        }
        if let Some(ty) = custom.returns.as_ref().filter(|_| !unit) {
            cx.error_spanned_by(
                ty,
                "a HEAD response has no body, so a HEAD action returns `()`; remove `returns = ...`",
            );
        }
    } else if let (true, Some(flag)) = (unit, &custom.list) {
        cx.error_spanned_by(flag, "a `list` action returns a page of items, not `()`");
    }
    if let Some(walk) = &custom.walk {
        if custom.list.is_none() {
            cx.error_spanned_by(walk, "`walk` goes over the pages of a list; add `list`");
        } else if let Some(other) = method.filter(|m| !matches!(m, Method::Get | Method::Post)) {
            cx.error_spanned_by(
                walk,
                format!(
                    "a walk sends the request again for every next page, which a {} must not do; \
                     only a GET list or a POST search walks",
                    other.as_str()
                ),
            );
        }
    }
    let returns = match &custom.returns {
        None => Returns::SelfType,
        Some(Type::Path(p)) if p.qself.is_none() && p.path.is_ident("Self") => Returns::SelfType,
        Some(ty) => Returns::Type(Box::new(ty.clone())),
    };

    let path_lit = custom.path.as_ref().filter(|lit| {
        let empty = lit.value().is_empty();
        if empty {
            cx.error_spanned_by(
                lit,
                "the path is empty; leave out `path` for an action on the resource path itself (`\"/\"` is the API root)",
            );
        }
        !empty
    });
    let (path, params) = match path_lit {
        Some(lit) => {
            let own = Path::of(cx, lit);
            own.check_no_id_placeholder(cx, id);
            let relative = !lit.value().starts_with('/');
            let (path, mut params) = if relative {
                let joined = format!(
                    "{}{}",
                    base.template.text.trim_end_matches('/'),
                    own.template.text
                );
                (joined, base.params.clone())
            } else {
                (own.template.text.clone(), Vec::new())
            };
            for (param, written) in own.params.into_iter().zip(&own.template.params) {
                let name = param.name.to_string();
                if relative && base.params.iter().any(|p| p.name == name) {
                    cx.error_at(
                        in_literal(lit, written.at.clone()),
                        format!("placeholder `<{name}>` is already in the resource path"),
                    );
                }
                let ty = typed_like_id(cx, lit, written, param.ty, id);
                push_unique(&mut params, &name, ty);
            }
            (path, params)
        }
        None => (base.template.text.clone(), base.params.clone()),
    };

    let name = custom.name.clone()?;
    // After an error, a missing or unknown method becomes the likeliest one, so
    // the function still exists for its call sites.
    let method = method.unwrap_or(if body_flag.is_some() {
        Method::Post
    } else {
        Method::Get
    });
    let kind = if method == Method::Head || unit {
        Kind::Unit
    } else if custom.list.is_some() {
        Kind::List
    } else {
        Kind::One
    };
    Some(Action {
        name,
        method,
        path,
        params,
        body: body_flag.is_some() && method.takes_body(),
        form: custom.body.is_none() && custom.form.is_some() && method.takes_body(),
        headers: own_headers,
        kind,
        walk: custom.walk.is_some() && matches!(method, Method::Get | Method::Post),
        returns,
        doc: custom.doc.as_ref().map(LitStr::value),
        standard: None,
        envelope: None,
    })
}

/// Checks declared headers and returns `inherited` (the resource's) with each
/// of them in place of any of the same name. A name declared twice at the same
/// level is an error; the first one counts.
fn headers(
    cx: &Ctxt,
    declared: &[HeaderArg],
    inherited: &[(String, String)],
    level: &str,
) -> Vec<(String, String)> {
    let mut own: Vec<(String, String)> = Vec::new();
    for HeaderArg { name, value } in declared {
        let (name_text, value_text) = (name.value(), value.value());
        let mut ok = true;
        if let Err(why) = header::check_name(&name_text) {
            cx.error_spanned_by(name, why);
            ok = false;
        }
        if let Err(why) = header::check_value(&value_text) {
            cx.error_spanned_by(value, why);
            ok = false;
        }
        if own.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name_text)) {
            cx.error_spanned_by(
                name,
                format!("the header `{name_text}` is declared twice {level}; keep one"),
            );
            ok = false;
        }
        if ok {
            own.push((name_text, value_text));
        }
    }
    let mut out: Vec<(String, String)> = inherited
        .iter()
        .filter(|(n, _)| !own.iter().any(|(o, _)| o.eq_ignore_ascii_case(n)))
        .cloned()
        .collect();
    out.extend(own);
    out
}

/// A placeholder named like the id takes the id's type when it has none of its
/// own (`id = "number: u64"`, `path = "<number>/lock"`); a different type is an error.
fn typed_like_id(
    cx: &Ctxt,
    lit: &LitStr,
    written: &template::Param,
    ty: Option<Typed>,
    id: &Id<'_>,
) -> Option<Typed> {
    if written.name != id.name {
        return ty;
    }
    match (ty, &id.ty) {
        (None, id_ty) => id_ty.clone(),
        (Some(own), Some(id_ty)) if own.text != id_ty.text => {
            cx.error_at(
                in_literal(lit, written.at.clone()),
                format!(
                    "placeholder `<{}: {}>` is the id, which is declared as `{}`; write `<{}>` to use the id's type",
                    written.name, own.text, id_ty.text, written.name
                ),
            );
            Some(own)
        }
        (own, _) => own,
    }
}

/// Every function an action generates (`show`, `show_or_panic`, `index_all`)
/// must be unique. One error per clashing action (its twins would only repeat
/// it), and the clashing action is left out so the rest still compiles.
fn unique_function_names(cx: &Ctxt, actions: Vec<Action>) -> Vec<Action> {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut kept = Vec::new();
    for action in actions {
        let name = action.name.to_string();
        let mut generated = vec![name.clone(), format!("{name}_or_panic")];
        if action.walks() {
            generated.push(format!("{name}_all"));
        }
        let clash = generated.iter().find_map(|f| {
            seen.iter()
                .find(|(s, _)| s == f)
                .map(|(_, by)| (f.clone(), by.clone()))
        });
        match clash {
            Some((_, by)) if by == name => cx.error_spanned_by(
                &action.name,
                format!("two actions are named `{name}`; rename the custom action"),
            ),
            Some((function, by)) => cx.error_spanned_by(
                &action.name,
                format!("the action `{name}` would generate `{function}`, which the action `{by}` already generates; rename one"),
            ),
            None => {
                seen.extend(generated.into_iter().map(|f| (f, name.clone())));
                kept.push(action);
            }
        }
    }
    kept
}
