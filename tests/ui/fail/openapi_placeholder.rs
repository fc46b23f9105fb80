use restlax::resource;

#[resource(path = "/repos/{owner}/<repo>/issues")]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
