//! A client for a Matrix homeserver as a new user writes it: one declaration
//! per endpoint family, each saying how its answers are wrapped, and one
//! `Client` for the whole API (issue 19: it took four `Client`s, one per list
//! key). Run against a loopback server shaped like Synapse's client and admin
//! APIs: lists under `chunk`, `users` and `rooms`, a token for the next page in
//! the body, the empty state key, writes answered with an event id or `{}`.

mod matrix {
    use restlax::envelope::{NextToken, Under};
    use restlax::resource;
    use serde::{Deserialize, Serialize};

    /// A room's timeline: `GET /rooms/{roomId}/messages` answers
    /// `{"chunk": [...], "end": "t2"}`; the next page is `?from=t2`.
    #[resource(path = "/_matrix/client/v3/rooms/<room_id>/messages", actions(index),
               envelope = NextToken { items: &["chunk"], token: &["end"], param: "from" })]
    #[derive(Debug, Deserialize)]
    pub struct Event {
        pub event_id: String,
    }

    /// Room state; most of it has the empty state key (`m.room.name`), and
    /// setting it answers the new event's id.
    #[resource(path = "/_matrix/client/v3/rooms/<room_id>/state/<event_type>",
               id = "state_key?", actions(show, update(returns = Sent)),
               action(name = leave, method = "POST", path = "/_matrix/client/v3/rooms/<room_id>/leave",
                      returns = ()))]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct State {
        pub name: String,
    }

    #[derive(Debug, Deserialize)]
    pub struct Sent {
        pub event_id: String,
    }

    /// Synapse's admin API: users listed under `users` (the next page's token
    /// in `next_token`), one user as it is.
    #[resource(path = "/_synapse/admin/v2/users", id = "user_id",
               actions(index(envelope = NextToken { items: &["users"], token: &["next_token"], param: "from" }),
                       show))]
    #[derive(Debug, Deserialize)]
    pub struct User {
        pub name: String,
    }

    /// Synapse's admin API: rooms listed under `rooms`.
    #[resource(path = "/_synapse/admin/v1/rooms", actions(index), envelope = Under(&["rooms"]))]
    #[derive(Debug, Deserialize)]
    pub struct Room {
        pub room_id: String,
    }
}

use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use serde_json::json;

use matrix::{Event, Room, State, User};

fn synapse() -> HttpServer {
    HttpServer::start("127.0.0.1", |r: RecordedRequest| {
        let from = r.query.as_deref().and_then(|q| q.strip_prefix("from="));
        let body = match (r.method.as_str(), r.path.as_str(), from) {
            ("GET", "/_matrix/client/v3/rooms/%21r%3Ax/messages", None) => {
                json!({"chunk": [{"event_id": "$1"}], "start": "s", "end": "e1"})
            }
            ("GET", "/_matrix/client/v3/rooms/%21r%3Ax/messages", Some("e1")) => {
                json!({"chunk": [{"event_id": "$2"}], "start": "e1"})
            }
            ("PUT", "/_matrix/client/v3/rooms/%21r%3Ax/state/m.room.name/", _) => {
                json!({"event_id": "$3"})
            }
            ("GET", "/_matrix/client/v3/rooms/%21r%3Ax/state/m.room.name/", _) => {
                json!({"name": "Lobby"})
            }
            ("POST", "/_matrix/client/v3/rooms/%21r%3Ax/leave", _) => json!({}),
            ("GET", "/_synapse/admin/v2/users", None) => {
                json!({"users": [{"name": "@a:x"}], "next_token": "1", "total": 2})
            }
            ("GET", "/_synapse/admin/v2/users", Some("1")) => {
                json!({"users": [{"name": "@b:x"}], "total": 2})
            }
            ("GET", "/_synapse/admin/v2/users/%40a%3Ax", _) => json!({"name": "@a:x"}),
            ("GET", "/_synapse/admin/v1/rooms", _) => {
                json!({"rooms": [{"room_id": "!r:x"}], "total_rooms": 1})
            }
            _ => {
                return MockResponse::json(
                    404,
                    &json!({"errcode": "M_UNRECOGNIZED", "error": "Unrecognized request"}),
                );
            }
        };
        MockResponse::json(200, &body)
    })
}

#[test]
fn one_client_for_the_whole_homeserver() -> Result<(), restlax::Error> {
    let server = synapse();
    let client = restlax::Client::builder(server.url())
        .bearer_auth("syt_admin_token")
        .build()?;

    let timeline: Vec<String> = Event::index_all(&client, "!r:x", ())
        .map(|e| e.map(|e| e.event_id))
        .collect::<Result<_, _>>()?;
    assert_eq!(timeline, ["$1", "$2"]);

    let name = State {
        name: "Lobby".into(),
    };
    assert_eq!(
        State::update(&client, "!r:x", "m.room.name", "", &name, ())?.event_id,
        "$3"
    );
    assert_eq!(
        State::show(&client, "!r:x", "m.room.name", "", ())?.name,
        "Lobby"
    );
    State::leave(&client, "!r:x", ())?;

    let users: Vec<String> = User::index_all(&client, ())
        .map(|u| u.map(|u| u.name))
        .collect::<Result<_, _>>()?;
    assert_eq!(users, ["@a:x", "@b:x"]);
    assert_eq!(User::show(&client, "@a:x", ())?.name, "@a:x");
    assert_eq!(Room::index(&client, ())?[0].room_id, "!r:x");
    Ok(())
}
