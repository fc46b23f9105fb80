use restlax::envelope::Under;
use restlax::resource;

fn keys() -> &'static [&'static str] {
    &["chunk"]
}

// An envelope in a declaration must be a constant: one error, however many
// actions read it.
#[resource(path = "/rooms", actions(index, show), envelope = Under(keys()))]
#[derive(serde::Deserialize)]
struct Room {
    id: String,
}

// Not an envelope at all.
#[resource(path = "/users", actions(index(envelope = "users")))]
#[derive(serde::Deserialize)]
struct User {
    id: String,
}

fn main() {}
