//! Conditional `GET`s: remember each answer's `ETag` and body, ask with
//! `If-None-Match`, and treat `304 Not Modified` as "the same as last time".

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use ureq::http::HeaderValue;

/// A cache of `GET` answers by URL, for conditional requests.
///
/// With it in a call's options, a `GET` whose URL was answered before with an
/// `ETag` is sent with `If-None-Match`; a `304 Not Modified` then decodes the
/// remembered body, so the call returns the value as before instead of an error
/// (GitHub, for one, does not count such calls against the rate limit). Bodies
/// are kept as received, at most [`capacity`](Self::with_capacity) of them; a
/// clone shares the same cache.
///
/// ```no_run
/// use restlax::{EtagCache, Metadata, Opts};
/// # use restlax::{resource, Client};
/// # #[resource(path = "/members", actions(show))]
/// # #[derive(serde::Deserialize)]
/// # struct Member { id: String }
/// # let client = Client::builder("http://127.0.0.1:1").build()?;
/// let cache = EtagCache::new();
/// let meta = Metadata::new();
/// let first = Member::show(&client, "m-1", Opts::new().cache(&cache))?;
/// let again = Member::show(&client, "m-1", Opts::new().cache(&cache).metadata(&meta))?;
/// assert_eq!(meta.status(), Some(304)); // if the member did not change
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Clone)]
pub struct EtagCache {
    inner: Arc<Mutex<Entries>>,
}

struct Entries {
    capacity: usize,
    by_url: HashMap<String, (HeaderValue, Vec<u8>)>,
}

impl Default for EtagCache {
    fn default() -> Self {
        Self::with_capacity(256)
    }
}

impl EtagCache {
    /// A cache of at most 256 answers.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache of at most `capacity` answers; when full, an arbitrary one makes room.
    pub fn with_capacity(capacity: usize) -> Self {
        EtagCache {
            inner: Arc::new(Mutex::new(Entries {
                capacity: capacity.max(1),
                by_url: HashMap::new(),
            })),
        }
    }

    /// How many answers are cached.
    pub fn len(&self) -> usize {
        self.entries().by_url.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lookup(&self, url: &str) -> Option<(HeaderValue, Vec<u8>)> {
        self.entries().by_url.get(url).cloned()
    }

    pub(crate) fn store(&self, url: &str, etag: HeaderValue, body: &[u8]) {
        let mut entries = self.entries();
        if entries.by_url.len() >= entries.capacity
            && !entries.by_url.contains_key(url)
            && let Some(evicted) = entries.by_url.keys().next().cloned()
        {
            entries.by_url.remove(&evicted);
        }
        entries.by_url.insert(url.to_owned(), (etag, body.to_vec()));
    }
}

impl PartialEq for EtagCache {
    /// The same cache.
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl Eq for EtagCache {}

impl fmt::Debug for EtagCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EtagCache")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}
