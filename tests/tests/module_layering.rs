//! The runtime's modules form no import circle: each file's module reaches
//! only modules below it, so a reader can take one in without the rest and a
//! change low down cannot depend on what is built on top of it. Checked with
//! `.ci/import-circles.py` (the team's tool: uses by `crate::`/`super::`/
//! `self::` paths and by the crate root's re-exports), leaving out `testing`
//! and `bench`, which sit on top of everything by design.

use std::path::Path;
use std::process::Command;

#[test]
fn runtime_modules_import_no_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let output = Command::new("python3")
        .arg(root.join(".ci/import-circles.py"))
        .args(["runtime/src", "testing", "bench"])
        .current_dir(root)
        .output()
        .expect("python3 runs .ci/import-circles.py (python3 is needed for this test)");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "import-circles.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = printed.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("circles: 0 "),
        "the runtime's modules import each other in a circle:\n{printed}"
    );
    // The tool saw the runtime: a wrong path would find no modules, no circle.
    let modules: usize = summary
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(modules > 30, "the tool read {modules} modules: {summary}");
}
