//! Hooks for restlax's own benchmarks, kept apart from `__private` (the surface
//! generated code calls): not API, may change in any release.

use serde::de::DeserializeOwned;

use crate::Client;

/// Decodes a 2xx list body as `index` would, without a request: lets the
/// benchmarks time decoding alone.
pub fn decode_list<T: DeserializeOwned>(
    envelope: &dyn crate::envelope::Envelope,
    body: &[u8],
) -> Vec<T> {
    let headers = ureq::http::HeaderMap::new();
    let parts = crate::decode::Parts {
        status: 200,
        headers: &headers,
        body,
        url: "",
    };
    match crate::decode::list(envelope, &parts) {
        Ok((items, _)) => items,
        Err(error) => panic!("{error}"),
    }
}

/// The client's `ureq::Agent`, so benchmarks can compare against hand-written
/// calls over the very same connection pool.
pub fn agent(client: &Client) -> &ureq::Agent {
    &client.inner.agent
}
