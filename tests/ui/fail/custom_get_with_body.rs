use restlax::resource;

#[resource(path = "/users", action(name = find, method = "GET", path = "find", body))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
