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
//! HTTP or HTTPS, and stop when dropped.

mod mock;
mod server;
#[cfg(feature = "testing")]
mod tls;
mod wire;

pub use mock::{MockResponse, MockServer, RecordedRequest};
pub use server::HttpServer;
