use restlax::{Client, resource};

#[resource(path = "/repos/<owner>/<repo>/issues/<issue_number: u64>/comments", actions(index))]
#[derive(serde::Deserialize)]
struct Comment {
    id: u64,
}

fn main() {
    let client = Client::builder("http://127.0.0.1:1").build().unwrap();
    // The number is typed: passing text, or swapping it with the repo, does not compile.
    let _ = Comment::index(&client, "rust-lang", "rust", "abc", ());
    let _ = Comment::index(&client, "rust-lang", 1, "rust", ());
}
