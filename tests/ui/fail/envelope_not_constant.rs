use restlax::envelope::Under;
use restlax::resource;

fn keys() -> &'static [&'static str] {
    &["chunk"]
}

// An envelope in a declaration must be a constant.
#[resource(path = "/rooms", actions(index), envelope = Under(keys()))]
#[derive(serde::Deserialize)]
struct Room {
    id: String,
}

fn main() {}
