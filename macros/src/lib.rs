use proc_macro::TokenStream;
#[proc_macro_attribute]
pub fn resource(_a: TokenStream, i: TokenStream) -> TokenStream { i }
