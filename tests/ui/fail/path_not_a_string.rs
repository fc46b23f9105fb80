use restlax::resource;

#[resource(path = 42)]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
