use restlax::{ActionKind, Client, Error, Method, Page, resource};

// Headers on the resource and on one action, a form body, and actions on the
// resource path itself (no `path`).
#[resource(
    path = "/repos/<owner>/<repo>/issues/<issue_number: u64>/labels",
    actions(index),
    header("X-GitHub-Api-Version", "2022-11-28"),
    header("Accept", "application/vnd.github+json"),
    action(name = add, method = "POST", body, list),
    action(name = clear, method = "DELETE", returns = ()),
    action(name = set, method = "PUT", form, list, header("Accept", "application/json")),
)]
#[derive(serde::Deserialize)]
pub struct Label {
    pub name: String,
}

#[derive(serde::Serialize)]
struct Names<'a> {
    labels: &'a str,
}

fn main() {
    // `form` takes a body like `body` does.
    let _: fn(&Client, &str, &str, u64, &Names, ()) -> Result<Page<Label>, Error> =
        |c, o, r, n, b, opts| Label::set(c, o, r, n, b, opts);
    let _: fn(&Client, &str, &str, u64, ()) -> Result<(), Error> = |c, o, r, n, opts| Label::clear(c, o, r, n, opts);
    let clear = Label::ACTIONS.iter().find(|a| a.name == "clear").unwrap();
    assert_eq!((clear.method, clear.path, clear.kind), (Method::Delete, Label::PATH, ActionKind::Unit));
    let set = Label::ACTIONS.iter().find(|a| a.name == "set").unwrap();
    assert!(set.body && set.form);
    assert_eq!(set.headers, [("X-GitHub-Api-Version", "2022-11-28"), ("Accept", "application/json")]);
}
