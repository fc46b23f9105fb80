//! What a declaration with errors expands to: the item unchanged, every error
//! at its own span, and the functions of every action that could be recovered
//! (the idea of thiserror's `fallback.rs`). Code that uses the struct or calls a
//! correctly declared action then type-checks, so the compiler reports only the
//! real mistakes instead of "no function `index`" at every call site.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(
    item: TokenStream,
    errors: Vec<syn::Error>,
    generated: Option<TokenStream>,
) -> TokenStream {
    let errors = errors.into_iter().map(|e| e.into_compile_error());
    quote! {
        #item
        #(#errors)*
        #generated
    }
}
