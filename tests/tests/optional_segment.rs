//! A placeholder whose value may be empty (`<state_key?>`), shaped like
//! Matrix's state events: `PUT /_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}`
//! where most state (`m.room.name`, `m.room.topic`) has the empty state key, and
//! the spec says the path then ends in `/` ("when an empty string, the trailing
//! slash on this endpoint is optional"). It answers `{"event_id": …}`.

use std::sync::{Arc, Mutex};

use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use restlax::{Client, ErrorKind, Retry, resource};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// `m.room.name` state: read with `show`, set with `update`, which answers
/// the new event's id rather than the state.
#[resource(
    path = "/_matrix/client/v3/rooms/<room_id>/state/<event_type>",
    id = "state_key?",
    actions(show, update(returns = EventId)),
    action(name = set, method = "PUT", path = "/_matrix/client/v3/rooms/<room_id>/state/<event_type>/<state_key?: &str>",
           body, returns = EventId)
)]
#[derive(Debug, Serialize, Deserialize)]
struct RoomName {
    name: String,
}

#[derive(Debug, Deserialize)]
struct EventId {
    event_id: String,
}

/// A loopback homeserver's state endpoint: the state key is whatever follows
/// the event type, empty when the path ends in `/`; an empty segment
/// elsewhere (`//`) is not a route.
fn homeserver() -> (HttpServer, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let server = HttpServer::start("127.0.0.1", move |r: RecordedRequest| {
        log.lock().unwrap().push(r.line());
        let rest = r.path.strip_prefix("/_matrix/client/v3/rooms/");
        let parts: Vec<&str> = rest.map(|p| p.split('/').collect()).unwrap_or_default();
        match parts.as_slice() {
            [room, "state", event_type, _state_key]
                if !room.is_empty() && !event_type.is_empty() =>
            {
                match r.method.as_str() {
                    "PUT" => MockResponse::json(200, &json!({"event_id": "$ev1"})),
                    _ => MockResponse::json(200, &json!({"name": "Lobby"})),
                }
            }
            _ => MockResponse::json(
                404,
                &json!({"errcode": "M_UNRECOGNIZED", "error": "Unrecognized request"}),
            ),
        }
    });
    (server, seen)
}

fn client(server: &HttpServer) -> Client {
    Client::builder(server.url())
        .retry(Retry::none())
        .build()
        .unwrap()
}

#[test]
fn the_empty_state_key_ends_the_path_in_a_slash() {
    let (server, seen) = homeserver();
    let client = client(&server);
    let lobby = RoomName {
        name: "Lobby".into(),
    };
    let sent = RoomName::update(&client, "!r:x", "m.room.name", "", &lobby, ()).unwrap();
    assert_eq!(sent.event_id, "$ev1");
    assert_eq!(
        RoomName::show(&client, "!r:x", "m.room.name", "", ())
            .unwrap()
            .name,
        "Lobby"
    );
    let sent = RoomName::set(&client, "!r:x", "m.room.name", "", &lobby, ()).unwrap();
    assert_eq!(sent.event_id, "$ev1");
    // A state key that is there is one segment, encoded as any other.
    RoomName::update(&client, "!r:x", "m.room.member", "@a:x", &lobby, ()).unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "PUT /_matrix/client/v3/rooms/%21r%3Ax/state/m.room.name/",
            "GET /_matrix/client/v3/rooms/%21r%3Ax/state/m.room.name/",
            "PUT /_matrix/client/v3/rooms/%21r%3Ax/state/m.room.name/",
            "PUT /_matrix/client/v3/rooms/%21r%3Ax/state/m.room.member/%40a%3Ax",
        ]
    );
}

#[test]
fn every_other_placeholder_still_refuses_an_empty_value() {
    let (server, seen) = homeserver();
    let client = client(&server);
    let lobby = RoomName {
        name: "Lobby".into(),
    };
    for (room, event_type, empty) in [("", "m.room.name", "room_id"), ("!r:x", "", "event_type")] {
        let error = RoomName::update(&client, room, event_type, "", &lobby, ()).unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidRequest);
        assert!(
            error
                .to_string()
                .contains(&format!("path parameter `{empty}` is empty")),
            "{error}"
        );
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

#[test]
fn the_table_and_openapi_name_the_parameter_without_its_mark() {
    let update = RoomName::ACTIONS
        .iter()
        .find(|a| a.name == "update")
        .unwrap();
    assert_eq!(
        update.path,
        "/_matrix/client/v3/rooms/<room_id>/state/<event_type>/<state_key?>"
    );
    assert_eq!(
        update.path_params().collect::<Vec<_>>(),
        ["room_id", "event_type", "state_key"]
    );
    assert_eq!(
        update.openapi_path(),
        "/_matrix/client/v3/rooms/{room_id}/state/{event_type}/{state_key}"
    );
}
