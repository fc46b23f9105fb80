use restlax::resource;

#[resource(
    path = "/repos/<owner>/<repo>/issues",
    id = "issue_number",
    action(name = lock, method = "PUT", path = "<id>/lock", returns = ()),
)]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
