use restlax::resource;

#[resource(actions(index, show))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
