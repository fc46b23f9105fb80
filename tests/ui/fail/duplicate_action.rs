use restlax::resource;

#[resource(path = "/members", actions(show, index, show))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
