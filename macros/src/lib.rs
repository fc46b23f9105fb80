//! The `#[resource]` attribute of [restlax](https://docs.rs/restlax). Depend on
//! `restlax` and use it as `restlax::resource`; this crate is an implementation detail.
//!
//! This is a thin shell: the parsing, checking and expansion live in the ordinary
//! library `restlax-macros-impl` (the split of `progenitor-macro`/`progenitor-impl`),
//! where they can be unit-tested and snapshot-tested without a compiler plugin.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Declares a REST resource on its response model. See `restlax::resource`.
#[proc_macro_attribute]
pub fn resource(args: TokenStream, item: TokenStream) -> TokenStream {
    restlax_macros_impl::resource(args.into(), item.into()).into()
}
