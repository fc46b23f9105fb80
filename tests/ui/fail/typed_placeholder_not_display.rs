use restlax::resource;

pub struct IssueNumber(u64);

#[resource(path = "/repos/<owner>/<repo>/issues", id = "number: IssueNumber", actions(index, show))]
#[derive(serde::Deserialize)]
struct Issue {
    number: u64,
}

fn main() {}
