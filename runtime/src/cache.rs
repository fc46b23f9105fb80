//! Conditional `GET`s: remember each answer's `ETag`, headers and body, ask
//! with `If-None-Match`, and treat `304 Not Modified` as "the same as last time".

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ureq::http::{HeaderMap, HeaderValue};

use crate::header::Header;

/// A cache of `GET` answers, for conditional requests.
///
/// With it in a call's options, a `GET` answered before with an `ETag` is sent
/// with `If-None-Match`; a `304 Not Modified` then decodes the remembered body
/// (with the remembered headers, updated by the 304's), so the call returns the
/// value as before instead of an error. GitHub, for one, does not count such
/// calls against the rate limit.
///
/// Answers are remembered per URL *and* per the request headers that can
/// change them (`Authorization`, `Cookie`, `Accept`, `Accept-Language`), so a
/// cache shared by clients with different credentials never hands one the
/// other's answer. A call that sets its own `If-None-Match` bypasses the cache.
/// It holds at most [`with_limits`](Self::with_limits) answers and bytes; when
/// full, an arbitrary answer makes room. A clone shares the same cache.
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

/// Which answer a request would get: its URL and the headers that vary it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    url: String,
    /// A hash of the varying headers, so credentials are not kept in the clear.
    varies: u64,
}

/// Request headers that commonly change an answer.
const VARYING: [&str; 4] = ["authorization", "cookie", "accept", "accept-language"];

impl Key {
    pub(crate) fn new(url: &str, headers: &[Header]) -> Self {
        let mut hasher = DefaultHasher::new();
        for name in VARYING {
            for header in headers.iter().filter(|h| h.name == name) {
                name.hash(&mut hasher);
                header.value.as_bytes().hash(&mut hasher);
            }
        }
        Key {
            url: url.to_owned(),
            varies: hasher.finish(),
        }
    }
}

/// A remembered answer.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) etag: HeaderValue,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

struct Entries {
    max_entries: usize,
    max_bytes: usize,
    bytes: usize,
    /// Shared, so a lookup copies no body: only a 304 takes one out.
    by_key: HashMap<Key, Arc<Entry>>,
}

impl Default for EtagCache {
    fn default() -> Self {
        Self::with_limits(256, 32 * 1024 * 1024)
    }
}

impl EtagCache {
    /// A cache of at most 256 answers and 32 MiB of bodies.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache of at most `entries` answers and `bytes` bytes of bodies; an
    /// answer larger than `bytes` is not remembered.
    pub fn with_limits(entries: usize, bytes: usize) -> Self {
        EtagCache {
            inner: Arc::new(Mutex::new(Entries {
                max_entries: entries.max(1),
                max_bytes: bytes,
                bytes: 0,
                by_key: HashMap::new(),
            })),
        }
    }

    /// How many answers are cached.
    pub fn len(&self) -> usize {
        self.entries().by_key.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn lookup(&self, key: &Key) -> Option<Arc<Entry>> {
        self.entries().by_key.get(key).cloned()
    }

    pub(crate) fn store(&self, key: Key, etag: HeaderValue, headers: &HeaderMap, body: &[u8]) {
        let mut entries = self.entries();
        if let Some(old) = entries.by_key.remove(&key) {
            entries.bytes -= old.body.len();
        }
        if body.len() > entries.max_bytes {
            return;
        }
        while entries.by_key.len() >= entries.max_entries
            || entries.bytes + body.len() > entries.max_bytes
        {
            let Some(evicted) = entries.by_key.keys().next().cloned() else {
                break;
            };
            if let Some(old) = entries.by_key.remove(&evicted) {
                entries.bytes -= old.body.len();
            }
        }
        entries.bytes += body.len();
        let entry = Entry {
            etag,
            headers: headers.clone(),
            body: body.to_vec(),
        };
        entries.by_key.insert(key, Arc::new(entry));
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
        let entries = self.entries();
        f.debug_struct("EtagCache")
            .field("len", &entries.by_key.len())
            .field("bytes", &entries.bytes)
            .finish_non_exhaustive()
    }
}
