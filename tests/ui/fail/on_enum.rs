use restlax::resource;

#[resource(path = "/members")]
#[derive(serde::Deserialize)]
enum Member {
    One,
}

fn main() {}
