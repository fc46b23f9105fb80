use restlax::resource;

#[resource(path = "/users", path = "/people")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
