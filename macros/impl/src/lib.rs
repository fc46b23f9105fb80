//! The implementation of restlax's `#[resource]` attribute, on `proc_macro2` only.
//!
//! `restlax-macros` is a thin proc-macro shell over [`resource`]; everything else
//! lives here so it can be tested like any library.
//!
//! parse (`attr`) → check into a model (`valid` → `ast`) → expand (`expand`). A
//! declaration with errors still expands (`fallback`): the item, every error at
//! its own span, and every function that could be recovered, so call sites of
//! correctly declared actions do not cascade into further errors.
//!
//! ```
//! use quote::quote;
//!
//! let out = restlax_macros_impl::resource(
//!     quote!(path = "/repos/<owner>/<repo>/issues", id = "issue_number: u64"),
//!     quote!(struct Issue { number: u64 }),
//! );
//! let text = out.to_string();
//! assert!(text.contains("issue_number : u64"));
//! assert!(!text.contains("compile_error"));
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod ast;
mod attr;
mod ctxt;
mod docs;
mod expand;
mod fallback;
pub mod header;
mod runtime;
mod span;
mod suggest;
pub mod template;
mod valid;

use proc_macro2::TokenStream;

pub use restlax_facts::Method;
pub use template::{Param, Piece, Problem, Template, parse_template, pieces};

/// Expands `#[resource(args)] item`.
///
/// On success: the item and an `impl` block with the generated constants and
/// functions. On errors: the item, one `compile_error!` per error, and the
/// functions of every action that could be recovered.
pub fn resource(args: TokenStream, item: TokenStream) -> TokenStream {
    let cx = ctxt::Ctxt::new();
    let item_ast = match syn::parse2::<syn::Item>(item.clone()) {
        Ok(item) => item,
        // Not an item at all: rustc reports the syntax error itself.
        Err(error) => return fallback::emit(item, vec![error], None),
    };
    let args = attr::parse(&cx, args);
    let resource = valid::check(&cx, &args, &item_ast);
    let generated = resource.map(|resource| expand::expand(&item_ast, &resource));
    match cx.check() {
        Ok(()) => {
            let mut out = item;
            out.extend(generated);
            out
        }
        Err(errors) => fallback::emit(item, errors, generated),
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};
    use quote::quote;

    fn expand(args: TokenStream) -> (String, Vec<String>) {
        let out = super::resource(
            args,
            quote!(
                struct S {
                    id: u64,
                }
            ),
        );
        let mut errors = Vec::new();
        let mut tokens = out.clone().into_iter().peekable();
        while let Some(token) = tokens.next() {
            if matches!(&token, TokenTree::Ident(i) if i == "compile_error") {
                tokens.next(); // `!`
                if let Some(TokenTree::Group(g)) = tokens.next() {
                    errors.push(g.stream().to_string());
                }
            }
        }
        (out.to_string(), errors)
    }

    #[test]
    fn a_typo_keeps_the_other_functions_and_the_suggested_one() {
        let (out, errors) = expand(quote!(path = "/m", actions(index, shwo)));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("did you mean `show`?"));
        for f in [
            "fn index (",
            "fn index_all (",
            "fn show (",
            "fn show_or_panic (",
        ] {
            assert!(out.contains(f), "{f} missing from {out}");
        }
    }

    #[test]
    fn a_broken_path_does_not_hide_the_custom_actions_errors() {
        let (out, errors) = expand(quote!(
            path = "/a/<>",
            action(name = find, method = "FETCH", path = "find"),
            action(name = search, method = "GET", path = "search?q", body),
            action(method = "POST", path = "x"),
        ));
        assert_eq!(errors.len(), 5, "{errors:?}");
        // The functions keep one parameter per placeholder, even the broken one.
        assert!(
            out.contains("fn find (client : & :: restlax :: Client , param :"),
            "{out}"
        );
    }

    #[test]
    fn stray_commas_and_id_clashes_are_errors() {
        let (_, errors) = expand(quote!(path = "/m",, actions(index,, show)));
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.contains("stray `,`")));
        let (_, errors) = expand(quote!(
            path = "/m",
            id = "number",
            action(name = lock, method = "PUT", path = "<id>/lock"),
        ));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("names `number`"), "{errors:?}");
    }

    #[test]
    fn typed_ids_are_by_value_and_inherited_by_placeholders_of_the_same_name() {
        let (out, errors) = expand(quote!(
            path = "/issues",
            id = "number: u64",
            actions(show),
            action(
                name = lock,
                method = "PUT",
                path = "<number>/lock",
                returns = ()
            ),
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(out.matches("number : u64").count(), 4, "{out}");
        assert!(out.contains("\"/issues/<number>/lock\""));
    }

    #[test]
    fn an_action_header_replaces_the_resources_of_the_same_name() {
        let (out, errors) = expand(quote!(
            path = "/m",
            header("Accept", "application/vnd.a+json"),
            header("X-Api-Version", "1"),
            actions(show),
            action(name = raw, method = "GET", header("accept", "text/plain")),
        ));
        assert!(errors.is_empty(), "{errors:?}");
        // `show` inherits both; `raw` keeps the version and its own `accept`.
        assert!(
            out.contains(
                "& [(\"Accept\" , \"application/vnd.a+json\") , (\"X-Api-Version\" , \"1\")]"
            ),
            "{out}"
        );
        assert!(
            out.contains("& [(\"X-Api-Version\" , \"1\") , (\"accept\" , \"text/plain\")]"),
            "{out}"
        );
    }

    #[test]
    fn bad_headers_are_each_reported() {
        let (_, errors) = expand(quote!(
            path = "/m",
            header("Content-Length", "1"),
            header("X-A", "a\r\nb"),
            header("X A", "1"),
            header("x-b", "1"),
            header("X-B", "2"),
            header("Cookie", "c=1"),
            header("X-C"),
        ));
        assert_eq!(errors.len(), 6, "{errors:?}");
        // Shapes are checked while parsing, before what the strings say.
        assert!(errors[0].contains("two string literals"), "{errors:?}");
        assert!(errors[1].contains("frames the message"), "{errors:?}");
        assert!(errors[2].contains("CR or LF"), "{errors:?}");
        assert!(
            errors[3].contains("not allowed in a header name"),
            "{errors:?}"
        );
        assert!(errors[4].contains("declared twice"), "{errors:?}");
        assert!(errors[5].contains("credential"), "{errors:?}");
    }

    #[test]
    fn the_errors_docs_list_every_kind_the_call_can_return() {
        let listed = |out: &str| -> Vec<restlax_facts::ErrorKind> {
            restlax_facts::ErrorKind::ALL
                .iter()
                .copied()
                .filter(|kind| out.contains(&format!("- `{kind:?}` when ")))
                .collect()
        };
        let (show, errors) = expand(quote!(path = "/m", actions(show)));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(listed(&show), restlax_facts::ErrorKind::ALL);
        // A `()` action decodes nothing, so it cannot fail to decode.
        let (delete, errors) = expand(quote!(path = "/m", actions(delete)));
        assert!(errors.is_empty(), "{errors:?}");
        let mut all_but_decode = restlax_facts::ErrorKind::ALL.to_vec();
        all_but_decode.retain(|&kind| kind != restlax_facts::ErrorKind::Decode);
        assert_eq!(listed(&delete), all_but_decode);
    }

    #[test]
    fn delete_returns_what_its_returns_says() {
        for returns in [quote!(Self), quote!(Deleted)] {
            let (out, errors) = expand(quote!(path = "/m", actions(delete(returns = #returns))));
            assert!(errors.is_empty(), "{errors:?}");
            assert!(out.contains(":: restlax :: ActionKind :: One"), "{out}");
            assert!(out.contains(&format!("Result < {returns} ,")), "{out}");
        }
    }

    #[test]
    fn a_write_returning_another_type_is_still_documented_as_the_resource() {
        let (out, errors) = expand(quote!(
            path = "/m",
            actions(
                create(returns = Created),
                update(returns = ()),
                delete(returns = Gone)
            )
        ));
        assert!(errors.is_empty(), "{errors:?}");
        for summary in ["Creates a `S`.", "Updates a `S`.", "Deletes a `S`."] {
            assert!(out.contains(summary), "{summary} not in {out}");
        }
        assert!(out.contains("the response is not `Created`"), "{out}");
    }

    #[test]
    fn get_lists_and_declared_post_searches_get_a_walk() {
        let (out, errors) = expand(quote!(
            path = "/m",
            actions(),
            action(name = remove, method = "DELETE", list),
            action(name = search, method = "POST", body, list, walk),
            action(name = add, method = "POST", body, list),
            action(name = find, method = "GET", list),
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(out.contains("fn find_all ("), "{out}");
        assert!(!out.contains("fn remove_all ("), "{out}");
        // A POST that answers with a list is a write unless declared `walk`.
        assert!(!out.contains("fn add_all ("), "{out}");
        // A search's walk takes the body and sends it with every page.
        assert!(
            out.contains(
                "fn search_all (client : & :: restlax :: Client , body : & impl :: restlax :: __private"
            ),
            "{out}"
        );
        assert!(out.contains(":: all_with_body (client"), "{out}");
    }

    #[test]
    fn a_walk_needs_a_list_and_a_read() {
        let (out, errors) = expand(quote!(
            path = "/m",
            actions(),
            action(name = a, method = "POST", body, walk),
            action(name = b, method = "DELETE", list, walk),
            action(name = c, method = "PUT", body, list, walk),
        ));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("add `list`"), "{errors:?}");
        assert!(
            errors[1].contains("which a DELETE must not do"),
            "{errors:?}"
        );
        assert!(errors[2].contains("which a PUT must not do"), "{errors:?}");
        assert!(!out.contains("_all ("), "{out}");
    }

    #[test]
    fn form_bodies_and_pathless_actions() {
        let (out, errors) = expand(quote!(
            path = "/oauth/token",
            actions(),
            action(name = exchange, method = "POST", form, returns = ()),
        ));
        assert!(errors.is_empty(), "{errors:?}");
        assert!(out.contains(":: form (body)"), "{out}");
        assert!(
            out.contains("Piece :: Literal (\"/oauth/token\")] , true , true ,"),
            "{out}"
        );
        let (_, errors) = expand(quote!(
            path = "/m",
            action(name = a, method = "POST", body, form),
            action(name = b, method = "GET", form),
            action(name = c, method = "POST", path = ""),
        ));
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("keep one"), "{errors:?}");
        assert!(errors[1].contains("remove `form`"), "{errors:?}");
        assert!(errors[2].contains("leave out `path`"), "{errors:?}");
    }
}
