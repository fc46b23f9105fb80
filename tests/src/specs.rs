//! The vendors' OpenAPI documents vendored in `tests/specs/` (see its README),
//! read by the conformance and Prism tests. They live in this crate so a fresh
//! clone tests against exactly what was committed.

use std::path::PathBuf;

/// Cloudflare API v4: user, user tenants, account members.
pub const CLOUDFLARE: &str = "cloudflare-user-members.json";
/// Pterodactyl Application API: users.
pub const PTERODACTYL: &str = "pterodactyl-users.json";
/// Flow Retail API v2: the user's account, tenant account and invites.
pub const FLOW_RETAIL: &str = "flowretail-account.json";

/// The path of the vendored document `name` (e.g. [`CLOUDFLARE`]).
pub fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("specs")
        .join(name)
}

/// The vendored document `name`, parsed.
pub fn load(name: &str) -> serde_json::Value {
    let path = path(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
}
