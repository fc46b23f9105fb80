use restlax::{Client, resource};

// The path has an error, but every placeholder still counts as a parameter, so
// the generated functions keep their signatures and calls report nothing more.
#[resource(path = "/repos/<owner>/<repo name>/issues", id = "number: u64", actions(show))]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {
    let client = Client::builder("http://127.0.0.1:1").build().unwrap();
    let _ = Issue::show(&client, "rust-lang", "rust", 1, ());
}
