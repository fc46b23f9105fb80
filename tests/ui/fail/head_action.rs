use restlax::resource;

#[resource(
    path = "/issues",
    action(name = exists, method = "HEAD", path = "<number>", body),
    action(name = count, method = "HEAD", path = "count", returns = u64),
    action(name = peek, method = "HEAD", path = "peek", list),
)]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
