use restlax::resource;

#[resource(path = "/members", actions(index, destroy))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
