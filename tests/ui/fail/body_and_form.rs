use restlax::resource;

#[resource(
    path = "/oauth/token",
    actions(),
    action(name = exchange, method = "POST", body, form),
    action(name = peek, method = "GET", form),
)]
#[derive(serde::Deserialize)]
struct Token {
    access_token: String,
}

fn main() {}
