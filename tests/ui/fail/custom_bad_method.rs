use restlax::resource;

#[resource(path = "/users", action(name = find, method = "FETCH", path = "find"))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
