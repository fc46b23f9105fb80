use restlax::resource;

#[resource(path = "/accounts/<account-id>/members")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
