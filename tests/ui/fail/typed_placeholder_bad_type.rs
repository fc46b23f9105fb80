use restlax::resource;

#[resource(path = "/issues/<number: 12>/<label:>", actions(index))]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
