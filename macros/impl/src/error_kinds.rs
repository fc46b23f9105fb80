//! The error kinds a generated function can return, for its `# Errors` rustdoc.
//!
//! The runtime's `restlax::ErrorKind` is the other copy of this list;
//! `tests/tests/facts.rs` fails when a kind is added to one and not the other.

/// Each `restlax::ErrorKind` variant with when a generated call returns it.
/// In the text, `{decodes}` stands for what the action decodes (e.g. "`Member`")
/// and `{body}` for the part about the request body, left out when there is none.
pub const ERROR_KINDS: [(&str, &str); 7] = [
    (
        "InvalidRequest",
        "a path value is empty{body} (nothing is sent then)",
    ),
    (
        "Transport",
        "the connection fails or breaks (refused, reset, DNS, TLS)",
    ),
    ("Timeout", "the call runs out of time"),
    (
        "Api",
        "the API answers with a failure (see `Error::api_messages`)",
    ),
    ("Decode", "the response is not {decodes}"),
    (
        "BodyTooLarge",
        "the response body is larger than the client's limit",
    ),
    (
        "Redirect",
        "a redirect cannot be followed (a loop, too many, or a refused target)",
    ),
];
