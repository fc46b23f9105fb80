//! Compile cost of the macro: a crate declaring 100 resources (five actions
//! each) against the same crate with the functions written by hand, calling the
//! runtime directly. `cargo bench -p restlax-tests --bench compile`.
//!
//! Both crates are generated under `target/compile-bench/`, share one target
//! directory (dependencies build once, untimed), and are rebuilt from a touched
//! source with incremental compilation off, so each timing is that crate alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const RESOURCES: usize = 100;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn manifest(name: &str) -> String {
    let runtime = workspace().join("runtime");
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nrestlax = {{ path = {runtime:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n"
    )
}

fn declared() -> String {
    let mut src =
        String::from("use restlax::{resource, Client};\nuse serde::{Deserialize, Serialize};\n\n");
    for i in 0..RESOURCES {
        src.push_str(&format!(
            "/// Resource {i}.\n#[resource(path = \"/parents/<parent_id>/r{i}\", actions(index, show, create, update, delete))]\n\
             #[derive(Debug, Clone, Serialize, Deserialize)]\npub struct R{i} {{ pub id: String, pub name: String }}\n\n"
        ));
    }
    src.push_str(&uses());
    src
}

fn handwritten() -> String {
    let mut src = String::from(
        "use restlax::{Action, ActionKind, Client, Error, Method, Opts, Page, Pages};\nuse restlax::__private::v5 as rt;\n\
         use serde::{Deserialize, Serialize};\nuse std::fmt::Display;\n\n\
         const D: rt::Declared = rt::Declared { envelope: None, returns_unit: \"\" };\n\n",
    );
    for i in 0..RESOURCES {
        src.push_str(&format!(
            r#"/// Resource {i}.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct R{i} {{ pub id: String, pub name: String }}

impl R{i} {{
    const ACTIONS: &'static [Action] = &[
        Action::new("index", Method::Get, "/parents/<parent_id>/r{i}", false, ActionKind::List),
        Action::new("show", Method::Get, "/parents/<parent_id>/r{i}/<id>", false, ActionKind::One),
        Action::new("create", Method::Post, "/parents/<parent_id>/r{i}", true, ActionKind::One),
        Action::new("update", Method::Put, "/parents/<parent_id>/r{i}/<id>", true, ActionKind::One),
        Action::new("delete", Method::Delete, "/parents/<parent_id>/r{i}/<id>", false, ActionKind::Unit),
    ];
    pub fn index(c: &Client, parent_id: impl Display, opts: impl Into<Opts>) -> Result<Page<Self>, Error> {{ rt::list(c, &Self::ACTIONS[0], D, &[&parent_id], None, opts.into()) }}
    #[track_caller] pub fn index_or_panic(c: &Client, parent_id: impl Display, opts: impl Into<Opts>) -> Page<Self> {{ rt::or_panic(Self::index(c, parent_id, opts)) }}
    pub fn index_all(c: &Client, parent_id: impl Display, opts: impl Into<Opts>) -> Pages<Self> {{ rt::all(c, &Self::ACTIONS[0], D, &[&parent_id], opts.into()) }}
    pub fn show(c: &Client, parent_id: impl Display, id: impl Display, opts: impl Into<Opts>) -> Result<Self, Error> {{ rt::one(c, &Self::ACTIONS[1], D, &[&parent_id, &id], None, opts.into()) }}
    #[track_caller] pub fn show_or_panic(c: &Client, parent_id: impl Display, id: impl Display, opts: impl Into<Opts>) -> Self {{ rt::or_panic(Self::show(c, parent_id, id, opts)) }}
    pub fn create(c: &Client, parent_id: impl Display, body: &impl Serialize, opts: impl Into<Opts>) -> Result<Self, Error> {{ rt::one(c, &Self::ACTIONS[2], D, &[&parent_id], rt::body(body), opts.into()) }}
    #[track_caller] pub fn create_or_panic(c: &Client, parent_id: impl Display, body: &impl Serialize, opts: impl Into<Opts>) -> Self {{ rt::or_panic(Self::create(c, parent_id, body, opts)) }}
    pub fn update(c: &Client, parent_id: impl Display, id: impl Display, body: &impl Serialize, opts: impl Into<Opts>) -> Result<Self, Error> {{ rt::one(c, &Self::ACTIONS[3], D, &[&parent_id, &id], rt::body(body), opts.into()) }}
    #[track_caller] pub fn update_or_panic(c: &Client, parent_id: impl Display, id: impl Display, body: &impl Serialize, opts: impl Into<Opts>) -> Self {{ rt::or_panic(Self::update(c, parent_id, id, body, opts)) }}
    pub fn delete(c: &Client, parent_id: impl Display, id: impl Display, opts: impl Into<Opts>) -> Result<(), Error> {{ rt::unit(c, &Self::ACTIONS[4], D, &[&parent_id, &id], None, opts.into()) }}
    #[track_caller] pub fn delete_or_panic(c: &Client, parent_id: impl Display, id: impl Display, opts: impl Into<Opts>) {{ rt::or_panic(Self::delete(c, parent_id, id, opts)) }}
}}

"#
        ));
    }
    src.push_str(&uses());
    src
}

/// A `main` that calls every function once (never at run time), so both crates
/// monomorphize and link the same code.
fn uses() -> String {
    let mut src = String::from(
        "fn main() {\n    if std::env::args().len() < 1000 { return; }\n    let c = Client::builder(\"http://127.0.0.1:1\").build().unwrap();\n    let b = R0 { id: String::new(), name: String::new() };\n",
    );
    for i in 0..RESOURCES {
        src.push_str(&format!(
            "    let _ = R{i}::index(&c, \"p\", ()); let _ = R{i}::index_all(&c, \"p\", ()).count(); let _ = R{i}::show(&c, \"p\", \"i\", ()); \
             let _ = R{i}::create(&c, \"p\", &b, ()); let _ = R{i}::update(&c, \"p\", \"i\", &b, ()); let _ = R{i}::delete(&c, \"p\", \"i\", ()); \
             let _ = R{i}::show_or_panic(&c, \"p\", \"i\", ());\n"
        ));
    }
    src.push_str("}\n");
    src
}

fn write_crate(dir: &Path, name: &str, source: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("Cargo.toml"), manifest(name)).unwrap();
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), source).unwrap();
}

fn cargo(dir: &Path, target: &Path, args: &[&str]) -> f64 {
    let start = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .unwrap();
    assert!(
        status.success(),
        "cargo {args:?} failed in {}",
        dir.display()
    );
    start.elapsed().as_secs_f64()
}

fn touch(dir: &Path) {
    let main = dir.join("src/main.rs");
    let mut source = std::fs::read_to_string(&main).unwrap();
    source.push_str("// touched\n");
    std::fs::write(main, source).unwrap();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let reps: usize = std::env::var("RESTLAX_COMPILE_REPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let root = workspace().join("target/compile-bench");
    let target = root.join("target");
    let crates = [("declared", declared()), ("handwritten", handwritten())];
    for (name, source) in &crates {
        write_crate(&root.join(name), &format!("bench_{name}"), source);
        // Dependencies, untimed.
        cargo(&root.join(name), &target, &["check"]);
        cargo(&root.join(name), &target, &["build", "--release"]);
    }
    let mut results = Vec::new();
    for (name, _) in &crates {
        let dir = root.join(name);
        let mut check = Vec::new();
        let mut release = Vec::new();
        for _ in 0..reps {
            touch(&dir);
            check.push(cargo(&dir, &target, &["check"]));
            touch(&dir);
            release.push(cargo(&dir, &target, &["build", "--release"]));
        }
        let size = std::fs::metadata(target.join(format!("release/bench_{name}")))
            .unwrap()
            .len();
        results.push((
            restlax_tests::bench::median(&mut check),
            restlax_tests::bench::median(&mut release),
            size,
        ));
    }
    let (d, h) = (results[0], results[1]);
    println!(
        "\n{RESOURCES} resources x 5 actions (with _or_panic twins and index_all), median of {reps}:"
    );
    println!(
        "{:<28} {:>12} {:>12} {:>8}  target",
        "", "declared", "hand-written", "ratio"
    );
    println!(
        "{:<28} {:>11.2}s {:>11.2}s {:>8.3}  ≤ 1.30",
        "cargo check",
        d.0,
        h.0,
        d.0 / h.0
    );
    println!(
        "{:<28} {:>11.2}s {:>11.2}s {:>8.3}  ≤ 1.30",
        "cargo build --release",
        d.1,
        h.1,
        d.1 / h.1
    );
    println!(
        "{:<28} {:>10.0}KB {:>10.0}KB {:>8.3}  ≤ 1.30",
        "release binary size",
        d.2 as f64 / 1e3,
        h.2 as f64 / 1e3,
        d.2 as f64 / h.2 as f64
    );
}
