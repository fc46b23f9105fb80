use restlax::resource;

#[resource(path = "/tenants/<tenantUid>/account", singular)]
#[derive(serde::Deserialize)]
struct Member {
    id: String,
}

fn main() {}
