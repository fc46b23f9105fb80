use restlax::resource;

#[resource(path = "/accounts/<member_id>/members", id = "member_id")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
