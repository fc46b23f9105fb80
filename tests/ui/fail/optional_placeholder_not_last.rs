use restlax::resource;

// `<room?>` may be empty only as the last segment.
#[resource(path = "/rooms/<room?>/state", actions(index))]
#[derive(serde::Deserialize)]
struct Event {
    id: String,
}

// The id is appended after the optional placeholder.
#[resource(path = "/rooms/<room>/state/<key?>", actions(show))]
#[derive(serde::Deserialize)]
struct State {
    id: String,
}

// Last, but not a whole segment: an empty value would send `/files/.json`.
#[resource(path = "/files", actions(), action(name = get, method = "GET", path = "<name?>.json"))]
#[derive(serde::Deserialize)]
struct File {
    id: String,
}

fn main() {}
