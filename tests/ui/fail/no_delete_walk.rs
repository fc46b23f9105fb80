use restlax::{Client, resource};

// A `list` DELETE answers with a page, but has no `_all` walk: following next
// links would send one DELETE per page.
#[resource(
    path = "/issues/<number>/labels",
    actions(index),
    action(name = remove, method = "DELETE", path = "<name>", list),
)]
#[derive(serde::Deserialize)]
struct Label {
    name: String,
}

fn main() {
    let client = Client::builder("http://127.0.0.1:1").build().unwrap();
    let _ = Label::index_all(&client, 1, ());
    let _ = Label::remove(&client, 1, "bug", ());
    let _ = Label::remove_all(&client, 1, "bug", ());
}
