//! Writes the code for a declaration: `PATH`, `ACTIONS`, `DECLARATION`, and per action a
//! fallible function, its `_or_panic` twin and, for GET lists and POST
//! searches, a lazy `_all` walk.
//! Each function only converts its arguments and calls one function of the
//! runtime's versioned private surface (`runtime::private`), so the expansion
//! stays small.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Ident, Item};

use crate::ast::{Action, Kind, PathParam, Resource, Returns};
use crate::docs::{Docs, doc_attrs};
use crate::runtime::{private, private_at};

/// The `impl` block for `item` (a struct; `valid::check` makes no model otherwise).
pub fn expand(item: &Item, resource: &Resource) -> TokenStream {
    let Item::Struct(strukt) = item else {
        return TokenStream::new();
    };
    let ident = &strukt.ident;
    let (impl_generics, ty_generics, where_clause) = strukt.generics.split_for_impl();
    let path = &resource.path;
    let path_doc = format!(
        " The path template `{}` declared for this resource (relative to the client's base URL).",
        path
    );
    let specs = resource.actions.iter().map(spec);
    let resource_envelope = resource
        .envelope
        .as_ref()
        .map(|expr| envelope_const(&resource_envelope_name(), expr));
    let action_envelopes = resource.actions.iter().enumerate().filter_map(|(i, a)| {
        let expr = a.envelope.as_ref()?;
        Some(envelope_const(&action_envelope_name(i), expr))
    });
    let functions = resource
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| functions(ident, resource, index, action));
    let declaration = declaration(ident, resource);
    quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #path_doc]
            pub const PATH: &'static str = #path;

            /// The actions this resource declares (name, method, path template,
            /// headers), in the order the functions are generated.
            pub const ACTIONS: &'static [::restlax::Action] = &[#(#specs),*];

            #resource_envelope
            #(#action_envelopes)*

            #declaration

            #(#functions)*
        }
    }
}

/// The name of the `const` holding the resource's envelope.
fn resource_envelope_name() -> Ident {
    format_ident!("__RESTLAX_ENVELOPE")
}

/// The name of the `const` holding the envelope action `index` declares itself.
fn action_envelope_name(index: usize) -> Ident {
    format_ident!("__RESTLAX_ENVELOPE_{}", index)
}

/// `const NAME: &dyn Envelope = &(expr);`: a declared envelope as a constant,
/// one per expression written, so a call reads it without building or
/// allocating anything. Spanned on the expression, so one that is not
/// constant (rustc's "cannot call non-const fn … in constants") or whose type
/// is not an envelope ("`X` is not an envelope") is one error on what the
/// user wrote, however many actions use it.
fn envelope_const(name: &Ident, expr: &syn::Expr) -> TokenStream {
    let span = expr.span();
    quote_spanned! {span=>
        #[doc(hidden)]
        #[allow(non_upper_case_globals)]
        const #name: &'static dyn ::restlax::envelope::Envelope = &(#expr);
    }
}

/// `DECLARATION`: the resource's name, `ACTIONS`, and what its actions share
/// (placeholder types, envelope, model), then only the actions that differ,
/// for tools that check the declaration (`restlax::testing::openapi`). Each
/// model is a function pointer to the runtime's `typed`, generic over it:
/// nothing is monomorphized unless the constant is read. Every item written
/// here is work for rustc in every `cargo check` of the user's crate, so what
/// actions share is written once.
fn declaration(ident: &Ident, resource: &Resource) -> TokenStream {
    let name = ident.to_string();
    // The placeholder types of the resource: the first type each name is
    // given. An action that types a name otherwise gets its own details.
    let mut types: Vec<(String, String)> = Vec::new();
    for param in resource.actions.iter().flat_map(|a| &a.params) {
        let name = param.name.to_string();
        if let Some(ty) = &param.ty
            && !types.iter().any(|(n, _)| *n == name)
        {
            types.push((name, ty.text.clone()));
        }
    }
    let shares_types = |action: &Action| {
        action.params.iter().all(|p| {
            let name = p.name.to_string();
            let shared = types.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
            shared == p.ty.as_ref().map(|t| &t.text)
        })
    };
    let self_model = resource
        .actions
        .iter()
        .any(|a| a.kind != Kind::Unit && matches!(a.returns, Returns::SelfType));
    let common = details(
        types.iter().map(|(n, t)| (n.as_str(), t.as_str())),
        resource.envelope.as_ref().map(|_| resource_envelope_name()),
        self_model.then(|| quote!(Self)),
    );
    let own = resource
        .actions
        .iter()
        .enumerate()
        .filter_map(|(index, action)| {
            let model = match (&action.returns, action.kind) {
                (_, Kind::Unit) => None,
                (Returns::SelfType, _) => Some(quote!(Self)),
                (Returns::Type(ty), _) => Some(ty.to_token_stream()),
            };
            let same_model =
                action.kind == Kind::Unit || matches!(action.returns, Returns::SelfType);
            if same_model && action.envelope.is_none() && shares_types(action) {
                return None;
            }
            let envelope = if action.envelope.is_some() {
                Some(action_envelope_name(index))
            } else {
                resource.envelope.as_ref().map(|_| resource_envelope_name())
            };
            let typed = action
                .params
                .iter()
                .filter_map(|p| Some((p.name.to_string(), p.ty.as_ref()?.text.clone())));
            let typed: Vec<_> = typed.collect();
            let details = details(
                typed.iter().map(|(n, t)| (n.as_str(), t.as_str())),
                envelope,
                model,
            );
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            Some(quote!((#index, #details)))
        });
    let declaration = private("declaration");
    quote! {
        /// This declaration as data (its name, `ACTIONS`, placeholder types,
        /// envelopes and models), for checking it against an API description:
        /// see `restlax::Declaration`.
        pub const DECLARATION: ::restlax::Declaration =
            #declaration(#name, Self::ACTIONS, &#common, &[#(#own),*]);
    }
}

/// A call of the runtime's `details` (`unit_details` without a model).
fn details<'a>(
    types: impl Iterator<Item = (&'a str, &'a str)>,
    envelope: Option<Ident>,
    model: Option<TokenStream>,
) -> TokenStream {
    let types = types.map(|(name, ty)| quote!((#name, #ty)));
    let envelope = match envelope {
        Some(name) => quote!(::core::option::Option::Some(Self::#name)),
        None => quote!(::core::option::Option::None),
    };
    match model {
        Some(model) => {
            let (details, typed) = (private("details"), private("typed"));
            quote!(#details(&[#(#types),*], #envelope, #typed::<#model>))
        }
        None => {
            let details = private("unit_details");
            quote!(#details(&[#(#types),*], #envelope))
        }
    }
}

/// The envelope `action` declares: its own, else the resource's, else `None`
/// (the client's).
fn envelope_ref(resource: &Resource, index: usize, action: &Action) -> TokenStream {
    if action.envelope.is_some() {
        let name = action_envelope_name(index);
        quote!(::core::option::Option::Some(Self::#name))
    } else if resource.envelope.is_some() {
        let name = resource_envelope_name();
        quote!(::core::option::Option::Some(Self::#name))
    } else {
        quote!(::core::option::Option::None)
    }
}

/// The `Declared` a call of `action` passes: its envelope (its own, else the
/// resource's, else none: the client's) and the declaration that takes an
/// answer without a body.
fn declared(
    resource_ident: &Ident,
    resource: &Resource,
    index: usize,
    action: &Action,
) -> TokenStream {
    let envelope = envelope_ref(resource, index, action);
    let returns_unit = returns_unit(resource_ident, action);
    let declared = private("Declared");
    quote!(#declared { envelope: #envelope, returns_unit: #returns_unit })
}

/// The declaration that makes `action` take an answer without a body, for the
/// error when one comes where a value was expected: "`update(returns = ())`
/// on `Vhost`". Empty where no declaration would (a list, a `()` action).
fn returns_unit(resource: &Ident, action: &Action) -> String {
    match (action.kind, action.standard) {
        (Kind::One, Some(standard)) => {
            format!("`{}(returns = ())` on `{resource}`", standard.name())
        }
        (Kind::One, None) => format!(
            "`returns = ()` in `action(name = {}, …)` on `{resource}`",
            action.name
        ),
        (Kind::List | Kind::Unit, _) => String::new(),
    }
}

fn spec(action: &Action) -> TokenStream {
    let name = action.name.to_string();
    let method = Ident::new(action.method.variant_name(), Span::call_site());
    let path = &action.path;
    let body = action.body;
    let form = action.form;
    let headers = action
        .headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let kind = Ident::new(
        match action.kind {
            Kind::List => "List",
            Kind::One => "One",
            Kind::Unit => "Unit",
        },
        Span::call_site(),
    );
    let piece = private("Piece");
    let pieces = crate::template::pieces(path).map(|p| match p {
        crate::template::Piece::Literal(text) => quote!(#piece::Literal(#text)),
        crate::template::Piece::Param(name) => quote!(#piece::Param(#name)),
    });
    let new = private("action");
    quote! {
        #new(
            #name,
            ::restlax::Method::#method,
            #path,
            &[#(#pieces),*],
            #body,
            #form,
            ::restlax::ActionKind::#kind,
            &[#(#headers),*],
        )
    }
}

/// `name: Type` for a typed placeholder, `name: impl Display` otherwise.
fn param_decl(param: &PathParam) -> TokenStream {
    let name = &param.name;
    match &param.ty {
        Some(typed) => {
            let ty = &typed.ty;
            quote!(#name: #ty)
        }
        None => quote!(#name: impl ::core::fmt::Display),
    }
}

/// The value handed to the runtime as `&dyn Display`. A typed parameter goes
/// through `path_value`, spanned on its type, so a type without `Display` is
/// one error pointing at where the type is written.
fn param_arg(param: &PathParam) -> TokenStream {
    let name = &param.name;
    match &param.ty {
        Some(typed) => {
            let span = typed.ty.span();
            let path_value = private_at("path_value", span);
            quote_spanned!(span=> #path_value(&#name))
        }
        None => quote!(&#name),
    }
}

fn functions(resource: &Ident, model: &Resource, index: usize, action: &Action) -> TokenStream {
    let name = &action.name;
    let decls: Vec<_> = action.params.iter().map(param_decl).collect();
    let args: Vec<_> = action.params.iter().map(param_arg).collect();
    let names: Vec<_> = action.params.iter().map(|p| &p.name).collect();
    let item = match &action.returns {
        Returns::SelfType => quote!(Self),
        Returns::Type(ty) => ty.to_token_stream(),
    };
    let output = match action.kind {
        Kind::List => quote!(::restlax::Page<#item>),
        Kind::One => item.clone(),
        Kind::Unit => quote!(()),
    };
    let runtime = private(match action.kind {
        Kind::List => "list",
        Kind::One => "one",
        Kind::Unit => "unit",
    });
    let (body_param, body_arg, body_pass) = if action.body {
        let serialize = private("Serialize");
        let body = private(if action.form { "form" } else { "body" });
        (
            quote!(body: &impl #serialize,),
            quote!(#body(body)),
            quote!(body,),
        )
    } else {
        (quote!(), quote!(::core::option::Option::None), quote!())
    };
    let or_panic_fn = private("or_panic");
    let lint = (action.params.len() + usize::from(action.body) + 2 > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let docs = Docs::new(resource, action);
    let fallible_doc = doc_attrs(&docs.fallible());
    let panic_doc = doc_attrs(&docs.or_panic());
    let declared = declared(resource, model, index, action);
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let or_panic = format_ident!("{}_or_panic", name);
    let mut out = quote! {
        #fallible_doc
        #lint
        pub fn #name(
            client: &::restlax::Client,
            #(#decls,)*
            #body_param
            opts: impl ::core::convert::Into<::restlax::Opts>,
        ) -> ::core::result::Result<#output, ::restlax::Error> {
            #runtime(
                client,
                &Self::ACTIONS[#index],
                #declared,
                &[#(#args),*],
                #body_arg,
                ::core::convert::Into::into(opts),
            )
        }

        #panic_doc
        #lint
        #[track_caller]
        pub fn #or_panic(
            client: &::restlax::Client,
            #(#decls,)*
            #body_param
            opts: impl ::core::convert::Into<::restlax::Opts>,
        ) -> #output {
            #or_panic_fn(Self::#name(client, #(#names,)* #body_pass opts))
        }
    };
    if action.walks() {
        let all = format_ident!("{}_all", name);
        let all_doc = doc_attrs(&docs.all());
        // A walk of a search takes its body (sent with every page); one
        // without a body calls the runtime's older, shorter `all`.
        let (all_fn, body_arg) = if action.body {
            (private("all_with_body"), quote!(#body_arg,))
        } else {
            (private("all"), quote!())
        };
        out.extend(quote! {
            #all_doc
            #lint
            pub fn #all(
                client: &::restlax::Client,
                #(#decls,)*
                #body_param
                opts: impl ::core::convert::Into<::restlax::Opts>,
            ) -> ::restlax::Pages<#item> {
                #all_fn(
                    client,
                    &Self::ACTIONS[#index],
                    #declared,
                    &[#(#args),*],
                    #body_arg
                    ::core::convert::Into::into(opts),
                )
            }
        });
    }
    out
}
