//! Property tests: any path value round-trips as exactly one segment over a
//! real socket, the macro's path-template parser never panics and puts each
//! error on the offending characters of the path literal, the macro's
//! `<…>` → `{…}` conversion agrees with the runtime's, and a header the macro
//! lets a declaration write is one the runtime sends.

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
    fn any_template_parses_or_fails_cleanly(text in "\\PC{0,40}|[/<>a-z_?#%{}: 0-9]{0,30}") {
        match restlax_macros_impl::parse_template(&text) {
            Ok(template) => {
                prop_assert!(template.text.starts_with('/'));
                for (i, param) in template.params.iter().enumerate() {
                    prop_assert!(syn::parse_str::<syn::Ident>(&param.name).is_ok(), "{}", param.name);
                    prop_assert!(!template.params[..i].iter().any(|p| p.name == param.name));
                    let placeholder = format!("<{}>", param.name);
                    prop_assert!(template.text.contains(&placeholder));
                    prop_assert!(text.get(param.at.clone()).is_some_and(|p| p.starts_with('<') && p.ends_with('>')));
                }
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for problem in &problems {
                    prop_assert!(!problem.message.is_empty());
                    prop_assert!(text.get(problem.at.clone()).is_some(), "{:?} in {:?}", problem.at, text);
                }
            }
        }
    }

    #[test]
    fn macro_errors_point_into_the_path_literal(text in "[/<>a-zA-Z_?# %0-9-]{0,24}") {
        let lit = syn::LitStr::new(&text, proc_macro2::Span::call_site());
        let source = format!("path = {}, actions(index, show)", quote::quote!(#lit));
        let args: proc_macro2::TokenStream = source.parse().unwrap();
        let literal = args.clone().into_iter().nth(2).expect("path = <literal>");
        let item: proc_macro2::TokenStream = "#[derive(serde::Deserialize)] struct S { id: u64 }".parse().unwrap();
        let output = restlax_macros_impl::resource(args, item);
        // `::core::compile_error!` carries the error's span on its ident.
        let errors: Vec<(usize, usize)> = output
            .into_iter()
            .filter_map(|tree| match tree {
                proc_macro2::TokenTree::Ident(ident) if ident == "compile_error" => {
                    Some((ident.span().start().column, ident.span().end().column))
                }
                _ => None,
            })
            .collect();
        let (lit_start, lit_end) = (literal.span().start().column, literal.span().end().column);
        for &(start, end) in &errors {
            prop_assert!(lit_start <= start && end <= lit_end, "{:?} outside {:?}", (start, end), (lit_start, lit_end));
        }
        match restlax_macros_impl::parse_template(&text) {
            // A valid template can still clash with the id (`<id>`), on that placeholder.
            Ok(template) => prop_assert!(errors.len() <= template.params.len()),
            Err(problems) => {
                // Each problem sits on its own characters: one past the opening quote.
                for problem in problems {
                    let expected = if problem.at.is_empty() {
                        (lit_start, lit_end)
                    } else {
                        (lit_start + 1 + problem.at.start, lit_start + 1 + problem.at.end)
                    };
                    prop_assert!(errors.contains(&expected), "{:?} ({}) not in {:?}", expected, problem.message, errors);
                }
            }
        }
    }

    #[test]
    fn openapi_form_agrees_with_the_runtime(text in "[/<>a-z_0-9{}:.-]{0,30}") {
        if let Ok(template) = restlax_macros_impl::parse_template(&text) {
            let path: &'static str = Box::leak(template.text.clone().into_boxed_str());
            let action = restlax::Action::new("f", restlax::Method::Get, path, false, restlax::ActionKind::One);
            prop_assert_eq!(template.openapi(), action.openapi_path());
            let params: Vec<_> = template.params.iter().map(|p| p.name.as_str()).collect();
            prop_assert_eq!(&params, &action.path_params().collect::<Vec<_>>());
            // The pieces the macro splits at compile time are the template's:
            // an action that carries them is the same action, with the same
            // placeholders, and its literal text joins back into the template.
            use restlax::__private::v5::Piece;
            let pieces: Vec<Piece<'static>> = restlax_macros_impl::pieces(path).collect();
            let joined: String = pieces
                .iter()
                .map(|p| match p {
                    Piece::Literal(t) => t.to_string(),
                    Piece::Param(n) => format!("<{n}>"),
                })
                .collect();
            prop_assert_eq!(joined.as_str(), path);
            let split = restlax::__private::v5::action(
                "f", restlax::Method::Get, path, Vec::leak(pieces), false, false,
                restlax::ActionKind::One, &[],
            );
            prop_assert_eq!(split, action);
            prop_assert_eq!(params, split.path_params().collect::<Vec<_>>());
        }
    }

    #[test]
    fn declared_headers_are_headers_the_runtime_sends(
        name in "[A-Za-z0-9!#$%&'*+.^_`|~ :\"(),/-]{0,12}|\\PC{0,6}",
        value in "\\PC{0,12}|[\\x00-\\x7f]{0,8}",
    ) {
        use restlax_macros_impl::header::{check_name, check_value};
        let declared = check_name(&name).is_ok() && check_value(&value).is_ok();
        let sent = restlax::Client::builder("http://127.0.0.1:1")
            .header(&name, &value)
            .build()
            .is_ok();
        // What compiles never fails at run time…
        prop_assert!(!declared || sent, "{:?}: {:?} compiles but is refused", name, value);
        // …and the macro refuses no more than the runtime, but for credentials
        // (refused in source code) and names the runtime trims.
        let credential = restlax_facts::header::is_credential(&name);
        if sent && !credential && name.trim() == name {
            prop_assert!(declared, "{:?}: {:?} is sent but does not compile", name, value);
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
