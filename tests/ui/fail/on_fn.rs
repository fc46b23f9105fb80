use restlax::resource;

#[resource(path = "/members")]
fn member() {}

fn main() {}
