//! Property tests: any path value round-trips as exactly one segment over a
//! real socket, and the macro's path-template parser never panics and puts its
//! errors on the path literal.

#[allow(dead_code)]
#[path = "../../macros/src/imp.rs"]
mod imp;

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use restlax::testing::{MockResponse, MockServer};
use restlax_tests::Member;

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn any_value_is_one_segment_and_round_trips(value in "\\PC{1,24}|[./?#%& ]{1,6}|\\.{1,3}") {
        let encoded = restlax::encode_segment(&value);
        prop_assert!(!encoded.contains('/') && !encoded.contains('?') && !encoded.contains('#'));
        prop_assert!(encoded != "." && encoded != "..");
        prop_assert_eq!(percent_decode_str(&encoded).decode_utf8().unwrap(), value.as_str());
    }

    #[test]
    fn any_template_parses_or_fails_cleanly(text in "\\PC{0,40}|[/<>a-z_?#%{} 0-9]{0,30}") {
        match imp::parse_template(&text) {
            Ok(template) => {
                prop_assert!(template.text.starts_with('/'));
                for (i, param) in template.params.iter().enumerate() {
                    prop_assert!(syn::parse_str::<syn::Ident>(param).is_ok(), "{param}");
                    prop_assert!(!template.params[..i].contains(param));
                    let placeholder = format!("<{}>", param);
                    prop_assert!(template.text.contains(&placeholder));
                }
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.iter().all(|e| !e.is_empty()));
            }
        }
    }

    #[test]
    fn macro_errors_are_spanned_on_the_path_literal(text in "[/<>a-zA-Z_?# %0-9-]{0,24}") {
        let lit = syn::LitStr::new(&text, proc_macro2::Span::call_site());
        let source = format!("path = {}, actions(index, show)", quote::quote!(#lit));
        let args: proc_macro2::TokenStream = source.parse().unwrap();
        let literal = args.clone().into_iter().nth(2).expect("path = <literal>");
        let item: proc_macro2::TokenStream = "#[derive(serde::Deserialize)] struct S { id: u64 }".parse().unwrap();
        let output = imp::resource(args, item);
        let expected_ok = imp::parse_template(&text).is_ok();
        let error_spans: Vec<_> = output
            .into_iter()
            .filter_map(|tree| match tree {
                proc_macro2::TokenTree::Ident(ident) if ident == "compile_error" => Some(ident.span().start()),
                _ => None,
            })
            .collect();
        // `::core::compile_error!` is emitted with `::` first; its ident carries the error's span.
        if expected_ok {
            prop_assert!(error_spans.is_empty());
        } else {
            prop_assert!(!error_spans.is_empty());
            for start in error_spans {
                prop_assert_eq!(start, literal.span().start());
            }
        }
    }
}

#[test]
fn hostile_values_reach_the_server_as_one_segment() {
    let server = MockServer::start();
    server.respond_always(MockResponse::json(
        200,
        &serde_json::json!({"id": "x", "email": "e"}),
    ));
    let client = restlax_tests::client(&server);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 96,
        ..ProptestConfig::default()
    });
    runner
        .run(&"\\PC{1,16}|[./?#%&=+ ]{1,6}", |value| {
            Member::show(&client, "acc", &value, ()).unwrap();
            let request = server.last_request().unwrap();
            let segments: Vec<_> = request.path.split('/').collect();
            prop_assert_eq!(segments.len(), 5, "{}", request.path);
            prop_assert_eq!(&segments[..4], &["", "accounts", "acc", "members"]);
            prop_assert_eq!(
                percent_decode_str(segments[4]).decode_utf8().unwrap(),
                value.as_str()
            );
            prop_assert_eq!(request.query, None);
            Ok(())
        })
        .unwrap();
}
