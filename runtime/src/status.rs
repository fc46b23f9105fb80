//! Facts about HTTP statuses that more than one stage reads.

/// Statuses that say "try again later": the one list both the retry decision
/// ([`retry::decide`](crate::retry)) and
/// [`Error::is_retryable`](crate::Error::is_retryable) read.
pub(crate) const RETRY_LATER: [u16; 4] = [429, 502, 503, 504];
