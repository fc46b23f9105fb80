//! The rustdoc of the generated functions.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};
use syn::Ident;

use crate::ast::{Action, Kind, Returns, Standard};
use crate::template::openapi_path;
use restlax_facts::ErrorKind;

/// One `#[doc]` per line, so the expansion reads like hand-written `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
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
pub(crate) struct Docs {
    summary: String,
    endpoint: String,
    params: String,
    decodes: String,
    name: String,
    body: bool,
    kind: Kind,
}

impl Docs {
    pub(crate) fn new(resource: &Ident, action: &Action) -> Self {
        let mut endpoint = format!(
            "`{} {}`",
            action.method.as_str(),
            openapi_path(&action.path)
        );
        if !action.headers.is_empty() {
            let sent: Vec<String> = action
                .headers
                .iter()
                .map(|(name, value)| format!("`{name}: {value}`"))
                .collect();
            endpoint.push_str(&format!(" with {}", sent.join(", ")));
        }
        let item = match &action.returns {
            Returns::SelfType => resource.to_string(),
            Returns::Type(ty) => ty.to_token_stream().to_string().replace(' ', ""),
        };
        // A write is about the resource whatever it answers with
        // (`update(returns = Sent)` still updates a `RoomName`).
        let summary = match (action.standard, &action.doc) {
            (_, Some(doc)) => doc.trim().to_owned(),
            (Some(Standard::Index), _) => format!("Lists `{item}` resources, one page at a time."),
            (Some(Standard::Show), _) => format!("Fetches one `{item}`."),
            (Some(Standard::Create), _) => format!("Creates a `{resource}`."),
            (Some(Standard::Update), _) => format!("Updates a `{resource}`."),
            (Some(Standard::Delete), _) => format!("Deletes a `{resource}`."),
            (None, None) => format!("Calls the `{}` action.", action.name),
        };
        let mut params = String::from("- `client`: the `restlax::Client` to call with.\n");
        for p in &action.params {
            let name = &p.name;
            let ty = match &p.ty {
                Some(typed) => format!("`{}`", typed.text),
                None => "any `Display`".to_owned(),
            };
            let empty = if action.path.ends_with(&format!("<{name}?>")) {
                "may be empty (the path then ends in `/`)"
            } else {
                "must not be empty"
            };
            params.push_str(&format!(
                "- `{name}` ({ty}): the `{{{name}}}` path segment; percent-encoded as exactly one segment, {empty}.\n"
            ));
        }
        if action.form {
            params.push_str(
                "- `body`: the request body, sent form-encoded (`application/x-www-form-urlencoded`; flat structs, maps and pairs).\n",
            );
        } else if action.body {
            params.push_str("- `body`: the request body, sent as JSON.\n");
        }
        params.push_str("- `opts`: per-call query parameters, headers, timeout and retry (`restlax::Opts`); `()` for none.\n");
        let decodes = match action.kind {
            Kind::List => format!("a page of `{item}`"),
            Kind::One => format!("`{item}`"),
            // Not used: a `()` action decodes nothing, so its docs list no `Decode`.
            Kind::Unit => String::new(),
        };
        Docs {
            summary,
            endpoint,
            params,
            decodes,
            name: action.name.to_string(),
            body: action.body,
            kind: action.kind,
        }
    }

    /// `# Errors`: every `restlax::ErrorKind` the call can return, each with the
    /// line `restlax_facts` keeps beside the kind itself.
    fn errors(&self) -> String {
        let mut out = String::from("# Errors\n\nA `restlax::Error` whose `kind()` is\n\n");
        for &kind in ErrorKind::ALL {
            // A `()` action never decodes the body.
            if kind == ErrorKind::Decode && self.kind == Kind::Unit {
                continue;
            }
            let body = if self.body {
                " or the body does not serialize"
            } else {
                ""
            };
            let when = kind
                .errors_doc()
                .replace("{decodes}", &self.decodes)
                .replace("{body}", body);
            // The derived `Debug` of a unit variant is its name.
            out.push_str(&format!("- `{kind:?}` when {when};\n"));
        }
        out.pop();
        out.pop();
        out.push_str(".\n");
        out
    }

    pub(crate) fn fallible(&self) -> String {
        format!(
            "{}\n\n{}\n\n# Parameters\n\n{}\n{}",
            self.summary,
            self.endpoint,
            self.params,
            self.errors()
        )
    }

    pub(crate) fn or_panic(&self) -> String {
        format!(
            "Like `{}`, but panics instead of returning an error.\n\n{}\n\n# Panics\n\nWith the error's one-line message \
             (method, URL without secrets, status, the API's first message) wherever `{}` returns an error.",
            self.name, self.endpoint, self.name
        )
    }

    pub(crate) fn all(&self) -> String {
        let body = if self.body {
            " It sends `body` with every page, with the envelope's body cursor \
             (`NextPage::Body`, as `BodyToken` reads it) set in it."
        } else {
            ""
        };
        format!(
            "Iterates over every item of {}, fetching page after page as the iterator is consumed.\n\n\
             Only one page is held in memory. The walk keeps every query parameter of `opts` and changes only the page; \
             it stops after the last page, on an empty page, or after yielding the first error.{}\n\n# Parameters\n\n{}",
            self.endpoint, body, self.params
        )
    }
}
