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

fn main() {}
