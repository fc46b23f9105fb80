use restlax::resource;

#[resource(path = "/members", actions(index, shwo))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
