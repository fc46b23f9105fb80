//! Writes the code for a checked declaration: `PATH`, `ACTIONS`, and per action a
//! fallible function, its `_or_panic` twin and, for lists, a lazy `_all` walk.
//! Each function only converts its arguments and calls one `restlax::__private`
//! function, so the expansion stays small.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::{Ident, Item};

use crate::imp::ast::{Action, Kind, Resource, Returns, Standard};

pub fn expand(item: &Item, resource: &Resource) -> TokenStream {
    let Item::Struct(strukt) = item else {
        unreachable!("valid::check rejects everything but structs")
    };
    let ident = &strukt.ident;
    let (impl_generics, ty_generics, where_clause) = strukt.generics.split_for_impl();
    let path = &resource.path;
    let path_doc = format!(
        " The path template `{}` declared for this resource (relative to the client's base URL).",
        path
    );
    let specs = resource.actions.iter().map(spec);
    let functions = resource
        .actions
        .iter()
        .enumerate()
        .map(|(index, action)| functions(ident, index, action));
    quote! {
        #item

        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #path_doc]
            pub const PATH: &'static str = #path;

            /// The actions this resource declares (name, method, path template), in
            /// the order the functions are generated.
            pub const ACTIONS: &'static [::restlax::Action] = &[#(#specs),*];

            #(#functions)*
        }
    }
}

fn spec(action: &Action) -> TokenStream {
    let name = action.name.to_string();
    let method = Ident::new(action.method.variant(), Span::call_site());
    let path = &action.path;
    let body = action.body;
    let kind = Ident::new(
        match action.kind {
            Kind::List => "List",
            Kind::One => "One",
            Kind::Unit => "Unit",
        },
        Span::call_site(),
    );
    quote! {
        ::restlax::Action::new(#name, ::restlax::Method::#method, #path, #body, ::restlax::ActionKind::#kind)
    }
}

fn functions(resource: &Ident, index: usize, action: &Action) -> TokenStream {
    let name = &action.name;
    let params = &action.params;
    let item = match &action.returns {
        Returns::SelfType => quote!(Self),
        Returns::Type(ty) => ty.to_token_stream(),
    };
    let output = match action.kind {
        Kind::List => quote!(::restlax::Page<#item>),
        Kind::One => item.clone(),
        Kind::Unit => quote!(()),
    };
    let runtime = Ident::new(
        match action.kind {
            Kind::List => "list",
            Kind::One => "one",
            Kind::Unit => "unit",
        },
        Span::call_site(),
    );
    let (body_param, body_arg, body_pass) = if action.body {
        (
            quote!(body: &impl ::restlax::__private::Serialize,),
            quote!(::restlax::__private::body(body)),
            quote!(body,),
        )
    } else {
        (quote!(), quote!(::core::option::Option::None), quote!())
    };
    let lint = (params.len() + usize::from(action.body) + 2 > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let docs = Docs::new(resource, action);
    let fallible_doc = doc_attrs(&docs.fallible());
    let panic_doc = doc_attrs(&docs.or_panic());
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    let or_panic = format_ident!("{}_or_panic", name);
    let mut out = quote! {
        #fallible_doc
        #lint
        pub fn #name(
            client: &::restlax::Client,
            #(#params: impl ::core::fmt::Display,)*
            #body_param
            opts: impl ::core::convert::Into<::restlax::Opts>,
        ) -> ::core::result::Result<#output, ::restlax::Error> {
            ::restlax::__private::#runtime(
                client,
                &Self::ACTIONS[#index],
                &[#(&#params),*],
                #body_arg,
                ::core::convert::Into::into(opts),
            )
        }

        #panic_doc
        #lint
        #[track_caller]
        pub fn #or_panic(
            client: &::restlax::Client,
            #(#params: impl ::core::fmt::Display,)*
            #body_param
            opts: impl ::core::convert::Into<::restlax::Opts>,
        ) -> #output {
            ::restlax::__private::or_panic(Self::#name(client, #(#params,)* #body_pass opts))
        }
    };
    if action.kind == Kind::List && !action.body {
        let all = format_ident!("{}_all", name);
        let all_doc = doc_attrs(&docs.all());
        out.extend(quote! {
            #all_doc
            #lint
            pub fn #all(
                client: &::restlax::Client,
                #(#params: impl ::core::fmt::Display,)*
                opts: impl ::core::convert::Into<::restlax::Opts>,
            ) -> ::restlax::Pages<#item> {
                ::restlax::__private::all(
                    client,
                    &Self::ACTIONS[#index],
                    &[#(&#params),*],
                    ::core::convert::Into::into(opts),
                )
            }
        });
    }
    out
}

/// One `#[doc]` per line, so the expansion reads like hand-written `///` comments.
fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_start())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// The rustdoc of one action's functions.
struct Docs {
    summary: String,
    endpoint: String,
    params: String,
    decodes: String,
    name: String,
    body: bool,
}

impl Docs {
    fn new(resource: &Ident, action: &Action) -> Self {
        let endpoint = format!(
            "`{} {}`",
            action.method.as_str(),
            action.path.replace('<', "{").replace('>', "}")
        );
        let item = match &action.returns {
            Returns::SelfType => resource.to_string(),
            Returns::Type(ty) => ty.to_token_stream().to_string().replace(' ', ""),
        };
        let summary = match (action.standard, &action.doc) {
            (_, Some(doc)) => doc.trim().to_owned(),
            (Some(Standard::Index), _) => format!("Lists `{item}` resources, one page at a time."),
            (Some(Standard::Show), _) => format!("Fetches one `{item}`."),
            (Some(Standard::Create), _) => format!("Creates a `{item}`."),
            (Some(Standard::Update), _) => format!("Updates a `{item}`."),
            (Some(Standard::Delete), _) => format!("Deletes a `{item}`."),
            (None, None) => format!("Calls the `{}` action.", action.name),
        };
        let mut params = String::from("- `client`: the `restlax::Client` to call with.\n");
        for p in &action.params {
            params.push_str(&format!(
                "- `{p}`: the `{{{p}}}` path segment; percent-encoded as exactly one segment, must not be empty.\n"
            ));
        }
        if action.body {
            params.push_str("- `body`: the request body, sent as JSON.\n");
        }
        params.push_str("- `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.\n");
        let decodes = match action.kind {
            Kind::List => format!("a page of `{item}`"),
            Kind::One => format!("`{item}`"),
            Kind::Unit => "nothing (the body is only checked for an API failure)".to_owned(),
        };
        Docs {
            summary,
            endpoint,
            params,
            decodes,
            name: action.name.to_string(),
            body: action.body,
        }
    }

    fn errors(&self) -> String {
        format!(
            "# Errors\n\nA `restlax::Error` of kind `InvalidRequest` when a path value is empty{} (nothing is sent \
             then); `Transport` or `Timeout` when the request fails; `Api` when the API answers with a failure (see \
             `Error::api_messages`); `Decode` when the response is not {}.",
            if self.body {
                " or the body does not serialize"
            } else {
                ""
            },
            self.decodes
        )
    }

    fn fallible(&self) -> String {
        format!(
            "{}\n\n{}\n\n# Parameters\n\n{}\n{}",
            self.summary,
            self.endpoint,
            self.params,
            self.errors()
        )
    }

    fn or_panic(&self) -> String {
        format!(
            "Like `{}`, but panics instead of returning an error.\n\n{}\n\n# Panics\n\nWith the error's one-line message \
             (method, URL without secrets, status, the API's first message) wherever `{}` returns an error.",
            self.name, self.endpoint, self.name
        )
    }

    fn all(&self) -> String {
        format!(
            "Iterates over every item of {}, fetching page after page as the iterator is consumed.\n\n\
             Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; \
             it stops after the last page, on an empty page, or after yielding the first error.\n\n# Parameters\n\n{}",
            self.endpoint, self.params
        )
    }
}
