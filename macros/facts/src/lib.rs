//! The facts restlax's `#[resource]` attribute and its runtime share.
//!
//! A proc-macro crate cannot depend on the runtime that re-exports it, so the
//! HTTP methods, the header rules, the error kinds and the version of the
//! runtime's private surface live here, once, and both depend on this crate:
//! what the macro accepts at compile time is what the runtime knows at run time
//! by construction, not by a test comparing two copies.
//!
//! Use these items through `restlax` (`restlax::Method`, `restlax::ErrorKind`);
//! this crate is published only because both of restlax's crates need it.
//!
//! ```
//! use restlax_facts::{ErrorKind, Method, header};
//!
//! assert_eq!(Method::from_name("PATCH"), Some(Method::Patch));
//! assert!(header::is_framing("Content-Length"));
//! assert!(header::is_credential("Cookie"));
//! assert!(ErrorKind::ALL.contains(&ErrorKind::Timeout));
//! ```

#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error_kind;
pub mod header;
mod method;
pub mod names;
pub mod template;

pub use error_kind::ErrorKind;
pub use method::Method;

/// The version of the runtime's private surface (`restlax::__private::v5`) that
/// the expansion of `#[resource]` calls.
///
/// The macro builds every path it emits from this constant; the runtime asserts
/// at compile time, with [`is_private_version`], that its module has this name.
/// A change that an older expansion would misuse goes into a new module (`v6`)
/// and a new value here, so a mismatched pair of crates fails to compile instead
/// of calling something subtly different.
pub const PRIVATE_VERSION: &str = "v5";

/// Whether `module` is [`PRIVATE_VERSION`], usable in a `const` assertion
/// (`str`'s `==` is not `const`).
///
/// ```
/// const _: () = assert!(restlax_facts::is_private_version("v5"));
/// assert!(!restlax_facts::is_private_version("v4"));
/// ```
pub const fn is_private_version(module: &str) -> bool {
    let (a, b) = (module.as_bytes(), PRIVATE_VERSION.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
