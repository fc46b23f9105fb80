//! Prints `#[resource]` declarations and serde models for the operations of an
//! OpenAPI document under a path prefix (or with a tag), to paste and edit:
//!
//! ```text
//! cargo run -p restlax --features testing --example scaffold -- tests/specs/cloudflare-user-members.json /accounts
//! cargo run -p restlax --features testing --example scaffold -- api.github.com.yaml tag:issues
//! ```

use restlax::testing::openapi::{Document, Select, scaffold};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), selection) = (args.next(), args.next()) else {
        eprintln!("usage: scaffold <openapi.json|.yaml> [/path/prefix | tag:NAME]");
        std::process::exit(2);
    };
    let document = Document::load(&path).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1);
    });
    let selection = selection.unwrap_or_else(|| "/".to_owned());
    let select = match selection.strip_prefix("tag:") {
        Some(tag) => Select::Tag(tag),
        None => Select::Prefix(&selection),
    };
    print!("{}", scaffold(&document, select));
}
