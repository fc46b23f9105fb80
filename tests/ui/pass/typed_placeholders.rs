use std::fmt;

use restlax::{Client, Error, Page, resource};

/// A newtype with `Display`: usable as a typed placeholder.
pub struct Slug(pub String);

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(serde::Deserialize)]
pub struct Comment {
    pub id: u64,
}

#[resource(
    path = "/repos/<owner>/<repo: Slug>/issues",
    id = "issue_number: u64",
    action(name = lock, method = "PUT", path = "<issue_number>/lock", returns = ()),
    action(name = comments, method = "GET", path = "<issue_number>/comments/<page: u32>", list, returns = Comment),
)]
#[derive(serde::Deserialize)]
pub struct Issue {
    pub number: u64,
}

fn main() {
    // Typed placeholders are exactly their type, by value; untyped ones stay `impl Display`.
    let _: fn(&Client, &str, Slug, ()) -> Result<Page<Issue>, Error> = |c, o, r, opts| Issue::index(c, o, r, opts);
    let _: fn(&Client, String, Slug, u64, ()) -> Result<Issue, Error> = |c, o, r, n, opts| Issue::show(c, o, r, n, opts);
    let _: fn(&Client, &str, Slug, u64, &serde_json::Value, ()) -> Issue = |c, o, r, n, b, opts| Issue::update_or_panic(c, o, r, n, b, opts);
    // A placeholder named like the id takes the id's type.
    let _: fn(&Client, &str, Slug, u64, ()) -> Result<(), Error> = |c, o, r, n, opts| Issue::lock(c, o, r, n, opts);
    let _: fn(&Client, &str, Slug, u64, u32, ()) -> Result<Page<Comment>, Error> = |c, o, r, n, p, opts| Issue::comments(c, o, r, n, p, opts);

    // The runtime sees the placeholders without their types.
    assert_eq!(Issue::PATH, "/repos/<owner>/<repo>/issues");
    let comments = Issue::ACTIONS.iter().find(|a| a.name == "comments").unwrap();
    assert_eq!(comments.path, "/repos/<owner>/<repo>/issues/<issue_number>/comments/<page>");
    assert_eq!(comments.openapi_path(), "/repos/{owner}/{repo}/issues/{issue_number}/comments/{page}");
}
