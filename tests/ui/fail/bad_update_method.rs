use restlax::resource;

#[resource(path = "/members", update_method = "patch")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
