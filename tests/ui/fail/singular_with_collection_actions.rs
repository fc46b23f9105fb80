use restlax::resource;

#[resource(path = "/user", singular, actions(index, show, create, delete))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
