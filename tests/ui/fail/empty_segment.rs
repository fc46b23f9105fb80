use restlax::resource;

#[resource(path = "/accounts//members")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
