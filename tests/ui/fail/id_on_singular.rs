use restlax::resource;

#[resource(path = "/user", singular, id = "user_id")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
