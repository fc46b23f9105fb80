use restlax::resource;

// `index` returns a page; settings belong in `actions(...)`; an unknown
// setting is named.
#[resource(path = "/vhosts", actions(index(returns = ()), update(retruns = ())), except(show(returns = ())))]
#[derive(serde::Deserialize, serde::Serialize)]
struct Vhost {
    name: String,
}

fn main() {}
