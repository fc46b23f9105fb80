use restlax::envelope::Under;
use restlax::resource;

fn keys() -> &'static [&'static str] {
    &["chunk"]
}

// An envelope in a declaration must be a constant; and must be an envelope.
#[resource(path = "/rooms", actions(index), envelope = Under(keys()))]
#[derive(serde::Deserialize)]
struct Room {
    id: String,
}

#[resource(path = "/users", actions(index(envelope = 42)))]
#[derive(serde::Deserialize)]
struct User {
    id: String,
}

fn main() {}
