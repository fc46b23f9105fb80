use restlax::resource;

#[resource(path = "/files/<name><extension>")]
#[derive(serde::Deserialize)]
struct File {
    id: String,
}

fn main() {}
