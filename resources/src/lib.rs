//! Resources for real APIs, declared with one `#[resource]` attribute each.
//!
//! | module | API | feature |
//! |---|---|---|
//! | [`cloudflare`] | Cloudflare API v4: the user, the user's tenants, account members | `cloudflare` |
//! | [`pterodactyl`] | Pterodactyl panel Application API: users | `pterodactyl` |
//! | [`flow_retail`] | Flow Retail API v2: the user account | `flow_retail` |
//! | [`sandbox`] | a loopback server that emulates all three, for examples and tests | `sandbox` |
//!
//! Every feature is on by default.
//!
//! Models follow the vendors' OpenAPI documents. Optional fields are `Option`s,
//! closed sets of values are enums with an `Other(String)` catch-all, and unknown
//! fields are ignored, so a new value on the server never breaks decoding.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "cloudflare")]
pub mod cloudflare;
#[cfg(feature = "flow_retail")]
pub mod flow_retail;
#[cfg(feature = "pterodactyl")]
pub mod pterodactyl;
#[cfg(feature = "sandbox")]
pub mod sandbox;

/// Declares a string enum with an `Other(String)` catch-all that keeps values the
/// vendor adds later.
macro_rules! open_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)*
            /// A value this version does not know yet.
            #[serde(untagged)]
            Other(String),
        }

        impl $name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other(other) => other,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use open_enum;
