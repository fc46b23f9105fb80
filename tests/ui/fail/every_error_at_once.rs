use restlax::resource;

#[resource(path = "/a/<>", actions(shwo, index, index), create_method = "GET", colour = "red")]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
