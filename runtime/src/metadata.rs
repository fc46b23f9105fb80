//! The status, headers and URL of a generated call's answer, for callers who
//! need more than the decoded value (rate-limit counters, `ETag`, `Location`).

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ureq::http::HeaderMap;

use crate::answer::Answer;

/// A slot a call fills with what its answer said besides the body.
///
/// Pass it in the call's options; read it after the call. It records the final
/// answer (after retries and redirects), success or failure, and is empty after
/// a call that got no answer (a timeout, a refused connection); a clone is the
/// same slot.
///
/// ```no_run
/// use restlax::{Metadata, Opts};
/// # use restlax::{resource, Client};
/// # #[resource(path = "/members", actions(create))]
/// # #[derive(serde::Deserialize)]
/// # struct Member { id: String }
/// # let client = Client::builder("http://127.0.0.1:1").build()?;
/// let meta = Metadata::new();
/// let added = Member::create(&client, &serde_json::json!({"email": "a@example.com"}), Opts::new().metadata(&meta))?;
/// println!("{:?} at {:?}, {:?} calls left", meta.status(), meta.header("location"), meta.header("x-ratelimit-remaining"));
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Metadata {
    slot: Arc<Mutex<Option<Recorded>>>,
}

struct Recorded {
    status: u16,
    headers: HeaderMap,
    url: String,
}

impl Metadata {
    /// An empty slot.
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the slot, so a call that gets no answer leaves nothing stale.
    pub(crate) fn clear(&self) {
        *self.slot() = None;
    }

    pub(crate) fn record(&self, exchange: &Answer) {
        let recorded = Recorded {
            status: exchange.status,
            headers: exchange.headers.clone(),
            url: exchange.url.clone(),
        };
        *self.slot() = Some(recorded);
    }

    /// A panicking thread that held the slot leaves a value, not a poisoned lock.
    fn slot(&self) -> MutexGuard<'_, Option<Recorded>> {
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn read<T>(&self, f: impl FnOnce(&Recorded) -> T) -> Option<T> {
        self.slot().as_ref().map(f)
    }

    /// The answer's status; `None` before a call answered.
    pub fn status(&self) -> Option<u16> {
        self.read(|r| r.status)
    }

    /// One header of the answer (the first, if repeated), if it is text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.read(|r| r.headers.get(name)?.to_str().ok().map(str::to_owned))
            .flatten()
    }

    /// Every header of the answer, in order, as `(name, value)`; values that are
    /// not text are left out.
    pub fn headers(&self) -> Vec<(String, String)> {
        self.read(|r| {
            r.headers
                .iter()
                .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
    }

    /// The URL that answered (after redirects), secret query values redacted.
    pub fn url(&self) -> Option<String> {
        self.read(|r| r.url.clone())
    }
}

impl PartialEq for Metadata {
    /// The same slot.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.slot, &other.slot)
    }
}

impl Eq for Metadata {}

impl fmt::Debug for Metadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metadata")
            .field("status", &self.status())
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}
