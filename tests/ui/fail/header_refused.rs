use restlax::resource;

#[resource(
    path = "/users",
    header("Content-Length", "0"),
    header("Authorization", "Bearer ghp_123"),
    header("X Version", "1"),
    header("X-Version", "1\r\nX-Injected: yes"),
    header("Accept", "application/json"),
    header("accept", "text/plain"),
    header("X-Only-A-Name"),
    action(name = find, method = "GET", path = "find", header("Host", "example.com")),
)]
#[derive(serde::Deserialize)]
struct User {
    id: u64,
}

fn main() {}
