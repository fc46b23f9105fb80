//! What a broken declaration expands to: the item unchanged, so code that uses
//! the struct still type-checks, and every error, each at its own span. No
//! functions are generated, so no half-right signatures cause further errors.

use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(item: TokenStream, errors: Vec<syn::Error>) -> TokenStream {
    let errors = errors.into_iter().map(|e| e.into_compile_error());
    quote! {
        #item
        #(#errors)*
    }
}
