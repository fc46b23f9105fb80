use restlax::resource;

#[resource(path = "/members", acitons(index))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
