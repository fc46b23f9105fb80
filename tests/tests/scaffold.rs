//! `restlax::testing::openapi::scaffold` on the three vendored documents: its
//! output is kept in `tests/snapshots/scaffold/` (regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test -p restlax-tests --test scaffold`), compiled
//! here as it was printed, and checked against the document it came from.

use restlax::testing::openapi::{Document, ProblemKind, Select, scaffold};
use restlax_tests::specs::{self, CLOUDFLARE, FLOW_RETAIL, PTERODACTYL};

#[allow(dead_code, clippy::all)]
mod cloudflare {
    include!("../snapshots/scaffold/cloudflare.rs");
}

#[allow(dead_code, clippy::all)]
mod pterodactyl {
    include!("../snapshots/scaffold/pterodactyl.rs");
}

#[allow(dead_code, clippy::all)]
mod flow_retail {
    include!("../snapshots/scaffold/flow_retail.rs");
}

fn snapshot(name: &str, spec: &str) -> Document {
    let document = Document::load(specs::path(spec)).unwrap();
    let code = scaffold(&document, Select::Prefix("/"));
    let path = format!(
        "{}/snapshots/scaffold/{name}.rs",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &code).unwrap();
    } else {
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == code,
            "the scaffold of `{spec}` changed; review it and run with UPDATE_SNAPSHOTS=1\n--- new ---\n{code}"
        );
    }
    document
}

#[test]
fn cloudflare_scaffold_compiles_and_passes_the_check() {
    let document = snapshot("cloudflare", CLOUDFLARE);
    let report = document
        .check(&[
            cloudflare::IamMemberWithPolicies::DECLARATION,
            cloudflare::IamUserDetails::DECLARATION,
            cloudflare::OrganizationsApiOrganization::DECLARATION,
        ])
        .envelope(restlax::envelope::Cloudflare)
        .undeclared_under("/")
        .run();
    println!("{report}");
    report.assert_ok();
}

#[test]
fn pterodactyl_scaffold_compiles_and_passes_the_check() {
    let document = snapshot("pterodactyl", PTERODACTYL);
    let report = document
        .check(&[pterodactyl::UserAttributes::DECLARATION])
        .envelope(restlax::envelope::Fractal)
        .undeclared_under("/")
        .run();
    println!("{report}");
    report.assert_ok();
}

#[test]
fn flow_retail_scaffold_compiles_and_passes_the_check() {
    let document = snapshot("flow_retail", FLOW_RETAIL);
    let report = document
        .check(&[
            flow_retail::Account::DECLARATION,
            flow_retail::InviteInfo::DECLARATION,
            flow_retail::TenantUser::DECLARATION,
        ])
        .rename("tenantUid", "tenant_uid")
        .undeclared_under("/")
        .run();
    println!("{report}");
    let _ = ProblemKind::Example;
    report.assert_ok();
}
