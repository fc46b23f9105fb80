//! Checks the parsed arguments and builds the model. Every rule reports through
//! the context and checking goes on, so one compile shows every mistake.

use proc_macro2::Span;
use syn::{Ident, Item, LitStr, Type};

use crate::imp::ast::{Action, Kind, Method, Resource, Returns, Standard};
use crate::imp::attr::{Args, Custom, List};
use crate::imp::ctxt::Ctxt;
use crate::imp::suggest::did_you_mean;
use crate::imp::template::{self, Template, parse_template};

pub fn check(cx: &Ctxt, args: &Args, item: &Item) -> Option<Resource> {
    check_item(cx, item);

    let singular = args.singular.is_some();
    let id = id_name(cx, args);
    let base = match &args.path {
        Some(lit) => template_of(cx, lit),
        None if args.written.iter().any(|w| w == "path") => None,
        None => {
            cx.error_at(
                Span::call_site(),
                "#[resource] needs a path: `#[resource(path = \"/users\")]`",
            );
            None
        }
    };
    let standard = standard_actions(cx, args, singular);
    let create = method(
        cx,
        args.create_method.as_ref(),
        &["POST", "PUT"],
        Method::Post,
        "create",
    );
    let update = method(
        cx,
        args.update_method.as_ref(),
        &["PUT", "PATCH"],
        Method::Put,
        "update",
    );
    if let (Some(base), Some(lit)) = (&base, &args.path) {
        let id = id.as_deref().unwrap_or("id");
        let takes_id = !singular
            && standard
                .iter()
                .any(|s| matches!(s, Standard::Show | Standard::Update | Standard::Delete));
        {
            if takes_id && base.params.iter().any(|p| p == id) {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "placeholder `<{id}>` has the same name as the id parameter; rename it, or name the id with `id = \"...\"`"
                    ),
                );
            }
        }
    }

    let base = base?;
    let id = id.unwrap_or_else(|| "id".to_owned());
    let mut actions = Vec::new();
    for which in standard {
        let (method, kind, body, with_id) = match which {
            Standard::Index => (Method::Get, Kind::List, false, false),
            Standard::Show => (Method::Get, Kind::One, false, !singular),
            Standard::Create => (create, Kind::One, true, false),
            Standard::Update => (update, Kind::One, true, !singular),
            Standard::Delete => (Method::Delete, Kind::Unit, false, !singular),
        };
        let mut path = base.text.clone();
        let mut params = base.params.clone();
        if with_id {
            path = format!("{}/<{id}>", path.trim_end_matches('/'));
            params.push(id.clone());
        }
        actions.push(Action {
            name: Ident::new(which.name(), Span::call_site()),
            method,
            path,
            params: idents(&params),
            body,
            kind,
            returns: Returns::SelfType,
            doc: None,
            standard: Some(which),
        });
    }
    for custom in &args.custom {
        if let Some(action) = custom_action(cx, custom, &base) {
            actions.push(action);
        }
    }
    check_function_names(cx, &actions);
    Some(Resource {
        path: base.text,
        actions,
    })
}

fn check_item(cx: &Ctxt, item: &Item) {
    let message = |what: &str| {
        format!("#[resource] goes on a struct (the resource's response model), not on {what}")
    };
    match item {
        Item::Struct(_) => {}
        Item::Enum(e) => cx.error_spanned_by(e.enum_token, message("an enum")),
        Item::Fn(f) => cx.error_spanned_by(f.sig.fn_token, message("a function")),
        Item::Union(u) => cx.error_spanned_by(u.union_token, message("a union")),
        Item::Trait(t) => cx.error_spanned_by(t.trait_token, message("a trait")),
        Item::Impl(i) => cx.error_spanned_by(i.impl_token, message("an impl block")),
        Item::Mod(m) => cx.error_spanned_by(m.mod_token, message("a module")),
        other => cx.error_spanned_by(other, message("this item")),
    }
}

fn template_of(cx: &Ctxt, lit: &LitStr) -> Option<Template> {
    match parse_template(&lit.value()) {
        Ok(t) => Some(t),
        Err(errors) => {
            for e in errors {
                cx.error_spanned_by(lit, e);
            }
            None
        }
    }
}

fn idents(names: &[String]) -> Vec<Ident> {
    names
        .iter()
        .map(|n| Ident::new(n, Span::call_site()))
        .collect()
}

fn id_name(cx: &Ctxt, args: &Args) -> Option<String> {
    let lit = args.id.as_ref()?;
    let name = lit.value();
    if args.singular.is_some() {
        cx.error_spanned_by(lit, "a singular resource has no id; remove `id = ...`");
        return None;
    }
    if !template::is_ident(&name) || template::is_keyword(&name) {
        cx.error_spanned_by(
            lit,
            format!("the id name {name:?} must be a Rust identifier that is not a keyword"),
        );
        return None;
    }
    if template::RESERVED.contains(&name.as_str()) {
        cx.error_spanned_by(
            lit,
            format!("the id name `{name}` clashes with the generated parameter `{name}`"),
        );
        return None;
    }
    Some(name)
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
                    Some(which @ (Standard::Index | Standard::Create | Standard::Delete))
                        if singular =>
                    {
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
            named.into_iter().flatten().collect()
        }
    };
    if let Some(except) = &args.except {
        let named = names_in(cx, except);
        for (ident, which) in except.items.iter().zip(&named) {
            let Some(which) = which else { continue };
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
        chosen.retain(|s| !named.contains(&Some(*s)));
    }
    Standard::ALL
        .into_iter()
        .filter(|s| chosen.contains(s))
        .collect()
}

/// The standard action each name stands for, reporting unknown and repeated names.
fn names_in(cx: &Ctxt, list: &List) -> Vec<Option<Standard>> {
    let mut seen = Vec::new();
    list.items
        .iter()
        .map(|ident| {
            let name = ident.to_string();
            let Some(which) = Standard::from_name(&name) else {
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
                return None;
            };
            if seen.contains(&which) {
                cx.error_spanned_by(
                    ident,
                    format!("duplicate action `{name}` in `{}(...)`", list.keyword),
                );
                return None;
            }
            seen.push(which);
            Some(which)
        })
        .collect()
}

/// The method a string names, if it is one of `allowed`; otherwise an error on
/// the literal, with a hint when only the case is wrong (`"patch"`).
fn method_in(cx: &Ctxt, lit: &LitStr, allowed: &[&str], what: &str) -> Option<Method> {
    let value = lit.value();
    if allowed.contains(&value.as_str()) {
        return Method::from_str(&value);
    }
    let upper = value.to_ascii_uppercase();
    let hint = if allowed.contains(&upper.as_str()) {
        format!(", did you mean \"{upper}\"?")
    } else {
        String::new()
    };
    let choices: Vec<_> = allowed.iter().map(|m| format!("\"{m}\"")).collect();
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
    allowed: &[&str],
    default: Method,
    action: &str,
) -> Method {
    lit.and_then(|lit| method_in(cx, lit, allowed, &format!("`{action}`")))
        .unwrap_or(default)
}

fn custom_action(cx: &Ctxt, custom: &Custom, base: &Template) -> Option<Action> {
    let mut missing = Vec::new();
    if custom.name.is_none() {
        missing.push("name = ...");
    }
    if custom.method.is_none() {
        missing.push("method = \"...\"");
    }
    if custom.path.is_none() {
        missing.push("path = \"...\"");
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
    if let (Some(Method::Get), Some(flag)) = (method, &custom.body) {
        cx.error_spanned_by(
            flag,
            "a GET request carries no body; remove `body` or use another method",
        );
    }
    let returns = match &custom.returns {
        None => Returns::SelfType,
        Some(Type::Path(p)) if p.qself.is_none() && p.path.is_ident("Self") => Returns::SelfType,
        Some(ty) => Returns::Type(Box::new(ty.clone())),
    };
    let unit = matches!(&custom.returns, Some(Type::Tuple(t)) if t.elems.is_empty());
    if let (true, Some(flag)) = (unit, &custom.list) {
        cx.error_spanned_by(flag, "a `list` action returns a page of items, not `()`");
    }
    let lit = custom.path.as_ref()?;
    let own = template_of(cx, lit)?;
    let (path, params) = if lit.value().starts_with('/') {
        (own.text, own.params)
    } else {
        let mut params = base.params.clone();
        for p in &own.params {
            if params.contains(p) {
                cx.error_spanned_by(
                    lit,
                    format!("placeholder `<{p}>` is already in the resource path"),
                );
            }
            params.push(p.clone());
        }
        let joined = format!("{}{}", base.text.trim_end_matches('/'), own.text);
        (joined, params)
    };
    let name = custom.name.clone()?;
    let method = method?;
    Some(Action {
        name,
        method,
        path,
        params: idents(&params),
        body: custom.body.is_some(),
        kind: if custom.list.is_some() {
            Kind::List
        } else if unit {
            Kind::Unit
        } else {
            Kind::One
        },
        returns,
        doc: custom.doc.as_ref().map(LitStr::value),
        standard: None,
    })
}

/// Every function an action generates (`show`, `show_or_panic`, `index_all`)
/// must be unique. One error per clashing action: its twins would only repeat it.
fn check_function_names(cx: &Ctxt, actions: &[Action]) {
    let mut seen: Vec<(String, String)> = Vec::new();
    for action in actions {
        let name = action.name.to_string();
        let mut generated = vec![name.clone(), format!("{name}_or_panic")];
        if action.kind == Kind::List && !action.body {
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
            None => seen.extend(generated.into_iter().map(|f| (f, name.clone()))),
        }
    }
}
