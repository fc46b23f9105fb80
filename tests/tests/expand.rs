//! The expansion of a typical declaration, kept under version control so that
//! reviewers see exactly what users get. Regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test -p restlax-tests --test expand`.

use quote::quote;

fn check(name: &str, args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) {
    let tokens = restlax_macros_impl::resource(args, item);
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as a file");
    let pretty = prettyplease::unparse(&file);
    let path = format!(
        "{}/snapshots/{name}.expanded.rs",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == pretty,
        "the expansion of `{name}` changed; review it and run with UPDATE_SNAPSHOTS=1\n--- new ---\n{pretty}"
    );
}

#[test]
fn member_with_all_five_actions() {
    check(
        "member",
        quote!(
            path = "/accounts/<account_id>/members",
            actions(index, show, create, update, delete)
        ),
        quote! {
            /// A member of a Cloudflare account.
            #[derive(Debug, Clone, Serialize, Deserialize)]
            pub struct Member {
                pub id: String,
                pub email: String,
            }
        },
    );
}

#[test]
fn singular_with_a_custom_action() {
    check(
        "singular",
        quote!(
            path = "/account",
            singular,
            update_method = "PUT",
            action(
                name = login,
                method = "POST",
                path = "/account",
                body,
                returns = Login,
                doc = "Logs in with a device token."
            ),
        ),
        quote! {
            #[derive(Deserialize)]
            pub struct Account {
                pub uid: String,
            }
        },
    );
}

#[test]
fn a_broken_declaration_keeps_the_item_every_error_and_the_recovered_functions() {
    check(
        "broken",
        quote!(path = "/a/<>", actions(shwo)),
        quote! {
            #[derive(Deserialize)]
            pub struct Broken {
                pub id: String,
            }
        },
    );
}

#[test]
fn typed_placeholders_and_a_head_action() {
    check(
        "typed",
        quote!(
            path = "/repos/<owner>/<repo>/issues",
            id = "issue_number: u64",
            actions(index, show),
            action(
                name = lock,
                method = "PUT",
                path = "<issue_number>/lock",
                returns = ()
            ),
            action(name = exists, method = "HEAD", path = "<issue_number>"),
        ),
        quote! {
            /// An issue of a GitHub repository.
            #[derive(Deserialize)]
            pub struct Issue {
                pub number: u64,
            }
        },
    );
}

#[test]
fn headers_a_form_body_and_actions_on_the_resource_path() {
    check(
        "labels",
        quote!(
            path = "/repos/<owner>/<repo>/issues/<issue_number: u64>/labels",
            id = "name",
            actions(index),
            header("X-GitHub-Api-Version", "2022-11-28"),
            header("Accept", "application/vnd.github+json"),
            action(
                name = add,
                method = "POST",
                body,
                list,
                doc = "Adds labels to the issue."
            ),
            action(
                name = remove,
                method = "DELETE",
                path = "<name>",
                list,
                doc = "Removes one label; answers with the labels left (no `remove_all`)."
            ),
            action(name = clear, method = "DELETE", returns = ()),
            action(
                name = replace_raw,
                method = "PUT",
                form,
                list,
                header("Accept", "application/vnd.github.raw+json")
            ),
        ),
        quote! {
            /// A label on a GitHub issue.
            #[derive(Deserialize)]
            pub struct Label {
                pub name: String,
            }
        },
    );
}

/// Issue 19's declaration forms: an envelope on the resource and on one
/// action (a `const` each, referenced by the action table), `returns` on a
/// standard action, and an optional last placeholder.
#[test]
fn envelopes_returns_and_an_optional_placeholder() {
    check(
        "any_json_api",
        quote!(
            path = "/rooms/<room_id>/state/<event_type>",
            id = "state_key?",
            envelope = Under(&["chunk"]),
            actions(
                index(envelope = Under(&["events"])),
                update(returns = ()),
                delete
            ),
        ),
        quote! {
            #[derive(Deserialize, Serialize)]
            pub struct StateEvent {
                pub content: String,
            }
        },
    );
}
