use restlax::resource;

#[resource(path = "/users", action(name = show, method = "GET", path = "me"))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
