use restlax::resource;

#[resource(path = "/my members")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
