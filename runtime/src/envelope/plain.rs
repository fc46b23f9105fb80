use super::Envelope;

/// The value is the body itself; lists are JSON arrays paged by the `Link` header.
#[derive(Debug, Clone, Copy, Default)]
pub struct Plain;

impl Envelope for Plain {}
