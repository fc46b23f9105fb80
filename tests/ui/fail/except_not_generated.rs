use restlax::resource;

#[resource(path = "/members", actions(index, show), except(delete))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
