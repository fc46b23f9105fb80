use restlax::resource;

#[resource(path = "/a/<account_id>/b/<account_id>/members")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
