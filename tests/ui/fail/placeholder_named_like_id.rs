use restlax::resource;

#[resource(path = "/accounts/<id>/members")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
