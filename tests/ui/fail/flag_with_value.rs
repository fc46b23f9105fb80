use restlax::resource;

#[resource(path = "/user", singular = true)]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
