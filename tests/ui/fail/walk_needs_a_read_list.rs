use restlax::resource;

// `walk` gives a list action an `_all` that sends the request again for every
// next page: only a GET list or a POST search may, and only a list has pages.
#[resource(
    path = "/issues/<number>/labels",
    actions(),
    action(name = search, method = "POST", path = "search", body, walk),
    action(name = remove, method = "DELETE", path = "<name>", list, walk),
    action(name = replace, method = "PUT", body, list, walk),
)]
#[derive(serde::Deserialize)]
struct Label {
    name: String,
}

fn main() {}
