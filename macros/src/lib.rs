//! The `#[resource]` attribute of [restlax](https://docs.rs/restlax). Depend on
//! `restlax` and use it as `restlax::resource`; this crate is an implementation detail.
//!
//! The work is split like `serde_derive`/`thiserror`: `attr` parses the
//! attribute, `valid` checks it and builds the model in `ast`, `expand` writes the
//! code, and `fallback` keeps a broken declaration from cascading into unrelated
//! errors. Everything lives behind `imp.rs` on `proc_macro2`, so the test crate
//! can include it to snapshot expansions.

#[path = "imp.rs"]
mod imp;

use proc_macro::TokenStream;

/// Declares a REST resource on its response model.
#[proc_macro_attribute]
pub fn resource(args: TokenStream, item: TokenStream) -> TokenStream {
    imp::resource(args.into(), item.into()).into()
}
