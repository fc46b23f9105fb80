use restlax::resource;

#[resource(
    path = "/issues",
    id = "number: u64",
    action(name = lock, method = "PUT", path = "<number: u32>/lock", returns = ()),
)]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
