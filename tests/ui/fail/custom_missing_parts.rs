use restlax::resource;

#[resource(path = "/users", action(name = by_email))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
