use restlax::resource;

// The declaration is broken, but the struct is still emitted unchanged, so code
// that only uses the struct reports nothing beyond the attribute's own error.
#[resource(path = "/members", actions(shwo))]
#[derive(Debug, Clone, serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {
    let member = Member { id: "m1".to_owned() };
    let copy = member.clone();
    println!("{copy:?}");
}
