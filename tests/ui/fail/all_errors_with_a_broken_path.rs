use restlax::resource;

// An invalid base path must not hide the errors in the custom actions.
#[resource(
    path = "/a/<>",
    action(name = find, method = "FETCH", path = "find"),
    action(name = search, method = "GET", path = "search?q", body),
    action(method = "POST", path = "x"),
)]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
