//! The implementation of `#[resource]`, on `proc_macro2` only.
//!
//! parse (`attr`) → validate into a model (`valid` → `ast`) → expand (`expand`);
//! on any error, `fallback` emits the item unchanged plus every error at once.

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod suggest;
mod template;
mod valid;

use proc_macro2::TokenStream;

// The test crate includes this module to property-test the template parser.
#[allow(unused_imports)]
pub use template::{Template, parse_template};

/// Expands `#[resource(args)] item`.
pub fn resource(args: TokenStream, item: TokenStream) -> TokenStream {
    let cx = ctxt::Ctxt::new();
    let item_ast = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(item) => item,
        // Not an item at all: rustc reports the syntax error itself.
        Err(error) => return fallback::emit(item, vec![error]),
    };
    let args = attr::parse(&cx, args);
    let resource = valid::check(&cx, &args, &item_ast);
    match (cx.check(), resource) {
        (Ok(()), Some(resource)) => expand::expand(&item_ast, &resource),
        (Err(errors), _) => fallback::emit(item, errors),
        (Ok(()), None) => fallback::emit(
            item,
            vec![syn::Error::new(
                proc_macro2::Span::call_site(),
                "#[resource] could not understand this declaration",
            )],
        ),
    }
}
