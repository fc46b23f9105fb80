//! `application/x-www-form-urlencoded` bodies, through `serde_urlencoded`.

use serde::Serialize;

use crate::Error;

/// The media type of a form body.
pub(crate) const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Encodes a struct, a map or a list of pairs as a form body.
pub(crate) fn encode<T: Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    serde_urlencoded::to_string(body)
        .map(String::into_bytes)
        .map_err(|e| {
            Error::invalid(format!(
                "the request body cannot be form-encoded (only flat structs, maps and pairs can): {e}"
            ))
            .with_source(e)
        })
}
