//! The paths the expansion names in the runtime.
//!
//! Every function and trait the generated code calls lives in
//! `restlax::__private::v5`, the version named by `restlax_facts::PRIVATE_VERSION`
//! (the runtime asserts at compile time that its module has that name).
//! restlax pins restlax-macros with `=`; on top of that,
//! a change that an older expansion would misuse goes into a new module (`v6`),
//! so a mismatched pair of crates fails to compile instead of calling something
//! subtly different (the approach of serde's and thiserror's versioned private
//! modules).

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;
use restlax_facts::PRIVATE_VERSION;
use syn::Ident;

/// `::restlax::__private::<version>::<name>`.
pub(crate) fn private(name: &str) -> TokenStream {
    private_at(name, Span::call_site())
}

/// `::restlax::__private::<version>::<name>` with every token at `span`, so an error
/// about the call (an unmet bound) is reported there.
pub(crate) fn private_at(name: &str, span: Span) -> TokenStream {
    let version = Ident::new(PRIVATE_VERSION, span);
    let name = Ident::new(name, span);
    quote_spanned!(span=> ::restlax::__private::#version::#name)
}
