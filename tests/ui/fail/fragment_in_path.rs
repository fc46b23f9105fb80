use restlax::resource;

#[resource(path = "/members#top")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
