use restlax::resource;

// An action on the resource path itself leaves out `path`; `"/"` would be the API root.
#[resource(path = "/repos/<owner>/<repo>/labels", action(name = add, method = "POST", path = "", body))]
#[derive(serde::Deserialize)]
struct Label {
    name: String,
}

fn main() {}
