use restlax::resource;

#[resource(path = "/members?per_page=50")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
