//! Real loopback HTTP servers for tests (feature `testing`; `test-server` for
//! plain HTTP only).
//!
//! Queue the answers, make calls, then look at exactly what was sent.
//!
//! ```
//! use restlax::{resource, testing::{MockServer, MockResponse}};
//!
//! #[resource(path = "/users", actions(show))]
//! #[derive(Debug, serde::Deserialize)]
//! struct User { id: u64, name: String }
//!
//! let server = MockServer::start();
//! server.respond(MockResponse::json(200, &serde_json::json!({"id": 7, "name": "Ada"})));
//!
//! let client = server.client_builder().build()?;
//! let user = User::show(&client, 7, ())?;
//! assert_eq!(user.name, "Ada");
//!
//! let request = server.last_request().unwrap();
//! assert_eq!((request.method.as_str(), request.path.as_str()), ("GET", "/users/7"));
//! # Ok::<(), restlax::Error>(())
//! ```
//!
//! [`MockServer`] answers from a queue; [`HttpServer`], which it is built on,
//! answers from a closure. Both serve every connection on its own thread, over
//! HTTP or HTTPS, and stop when dropped. What a client can take of them is
//! bounded by [`ServerLimits`]: connections served at once (beyond them a
//! connection waits its turn), time to send a request head, a request body's
//! size; a request with both `Content-Length` and `Transfer-Encoding` is
//! answered `400` and its connection closed.
//!
//! [`Cassette`] (feature `testing`) records the traffic with a real API once
//! and replays it offline, scrubbed of secrets.

#[cfg(feature = "testing")]
mod cassette;
#[cfg(feature = "testing")]
mod cassette_diff;
#[cfg(feature = "testing")]
mod cassette_file;
#[cfg(feature = "testing")]
mod cassette_proxy;
#[cfg(feature = "testing")]
mod cassette_scrub;
mod mock;
#[cfg(feature = "testing")]
pub mod openapi;
mod server;
#[cfg(feature = "testing")]
mod tls;
mod wire;

#[cfg(feature = "testing")]
pub use cassette::{Cassette, CassetteBuilder, CassetteError, CassetteErrorKind, Mode, RECORD_VAR};
pub use mock::{MockResponse, MockServer, RecordedRequest};
pub use server::{HttpServer, ServerLimits};
