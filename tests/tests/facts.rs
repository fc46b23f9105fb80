//! Facts that the macro and the runtime each keep a copy of, because the
//! proc-macro side cannot depend on the runtime (the runtime depends on it):
//! the HTTP methods, the error kinds the generated `# Errors` docs list, the
//! headers a declaration may not set, and the version of the private surface
//! the expansion calls. Each test fails when the
//! two copies drift apart. (The `<…>` → `{…}` conversion is compared by a
//! property test in `properties.rs`.)

use restlax::resource;
use restlax_macros_impl::Method;
use restlax_macros_impl::error_kinds::ERROR_KINDS;
use restlax_macros_impl::header::{CREDENTIALS, FRAMING};
use restlax_macros_impl::runtime::PRIVATE_VERSION;

const METHOD_RS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../runtime/src/method.rs"
));
const ERROR_RS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../runtime/src/error.rs"
));
const HEADER_RS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../runtime/src/header.rs"
));
const PRIVATE_RS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../runtime/src/private.rs"
));

/// The variant names of `pub enum name` in a runtime source file.
fn variants(source: &str, name: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("the runtime source parses");
    file.items
        .iter()
        .find_map(|item| match item {
            syn::Item::Enum(e) if e.ident == name => {
                Some(e.variants.iter().map(|v| v.ident.to_string()).collect())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `enum {name}` in the runtime source"))
}

/// The string literals of the array `const name` in a runtime source file.
fn strings(source: &str, name: &str) -> Vec<String> {
    let file = syn::parse_file(source).expect("the runtime source parses");
    let array = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Const(c) if c.ident == name => Some(&*c.expr),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no `const {name}` in the runtime source"));
    let syn::Expr::Array(array) = array else {
        panic!("`const {name}` is not an array literal");
    };
    array
        .elems
        .iter()
        .map(|e| match e {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value(),
            _ => panic!("`const {name}` holds something other than string literals"),
        })
        .collect()
}

/// One custom action per method the macro accepts, in `Method::ALL` order.
#[resource(
    path = "/m",
    actions(),
    action(name = get, method = "GET", path = "get"),
    action(name = post, method = "POST", path = "post"),
    action(name = put, method = "PUT", path = "put"),
    action(name = patch, method = "PATCH", path = "patch"),
    action(name = delete, method = "DELETE", path = "delete"),
    action(name = head, method = "HEAD", path = "head"),
)]
#[derive(serde::Deserialize)]
struct EveryMethod {}

#[test]
fn the_macro_and_the_runtime_know_the_same_methods() {
    let macro_side: Vec<&str> = Method::ALL.iter().map(|m| m.variant()).collect();
    assert_eq!(variants(METHOD_RS, "Method"), macro_side);
    // And each expands to the runtime variant of the same name, sent as the same word.
    let expanded: Vec<(String, &str)> = EveryMethod::ACTIONS
        .iter()
        .map(|a| (format!("{:?}", a.method), a.method.as_str()))
        .collect();
    let expected: Vec<(String, &str)> = Method::ALL
        .iter()
        .map(|m| (m.variant().to_owned(), m.as_str()))
        .collect();
    assert_eq!(expanded, expected);
}

#[test]
fn the_macro_refuses_the_headers_the_runtime_refuses() {
    assert_eq!(strings(HEADER_RS, "FRAMING"), FRAMING);
    // Credentials are secret at run time and refused in a declaration.
    assert_eq!(strings(HEADER_RS, "SECRET"), CREDENTIALS);
    // And the runtime refuses each of them when it sends.
    for name in FRAMING {
        let built = restlax::Client::builder("http://127.0.0.1:1")
            .header(name, "x")
            .build();
        assert!(built.is_err(), "the runtime accepts `{name}`");
    }
}

#[test]
fn the_generated_docs_list_every_error_kind() {
    let documented: Vec<&str> = ERROR_KINDS.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(variants(ERROR_RS, "ErrorKind"), documented);
}

#[test]
fn the_runtime_has_the_private_surface_the_macro_calls() {
    let file = syn::parse_file(PRIVATE_RS).expect("private.rs parses");
    let modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Public(_)) => {
                Some(m.ident.to_string())
            }
            _ => None,
        })
        .collect();
    assert!(
        modules.iter().any(|m| m == PRIVATE_VERSION),
        "restlax-macros calls `restlax::__private::{PRIVATE_VERSION}`, the runtime has {modules:?}"
    );
}
