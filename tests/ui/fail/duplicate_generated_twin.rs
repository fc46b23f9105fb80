use restlax::resource;

#[resource(path = "/users", actions(index), action(name = index_all, method = "GET", path = "all"))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
