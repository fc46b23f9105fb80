use restlax::resource;

#[resource(path = "members", actions(index, show, create), except(create))]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

#[resource(path = "/tags/", except(update, delete),)]
#[derive(serde::Deserialize)]
struct Tag {
    name: String,
}

fn main() {
    let names: Vec<_> = Member::ACTIONS.iter().map(|a| a.name).collect();
    assert_eq!(names, ["index", "show"]);
    assert_eq!(Member::PATH, "/members");
    let names: Vec<_> = Tag::ACTIONS.iter().map(|a| a.name).collect();
    assert_eq!(names, ["index", "show", "create"]);
    assert_eq!(Tag::ACTIONS[1].path, "/tags/<id>");
}

/// `<id>` names the parent here; no generated action takes an id of its own.
#[resource(path = "/servers/<id>/databases", actions(index, create))]
#[derive(serde::Deserialize)]
struct Database {
    name: String,
}

#[allow(dead_code)]
fn uses_database() {
    assert_eq!(Database::ACTIONS[0].path, "/servers/<id>/databases");
}
