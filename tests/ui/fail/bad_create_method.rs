use restlax::resource;

#[resource(path = "/members", create_method = "PATCH")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
