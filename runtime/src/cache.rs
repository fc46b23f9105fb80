//! Conditional `GET`s: remember each answer's `ETag`, headers and body, ask
//! with `If-None-Match`, and treat `304 Not Modified` as "the same as last time".
//!
//! The cache is a stage of the call below the middleware and above redirects:
//! it sees the request as it is about to be sent, with every credential a
//! middleware added, so those are part of the key.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ureq::http::{HeaderMap, HeaderName, HeaderValue};

use crate::answer::Answer;
use crate::header::Header;
use crate::request::Request;
use crate::{Error, Method};

/// A cache of `GET` answers, for conditional requests.
///
/// With it in a call's options, a `GET` answered before with an `ETag` is sent
/// with `If-None-Match`; a `304 Not Modified` then decodes the remembered body
/// (with the remembered headers, updated by the 304's), so the call returns the
/// value as before instead of an error. GitHub, for one, does not count such
/// calls against the rate limit.
///
/// Answers are remembered per URL, per credential and per what the answer's
/// `Vary` names, so a cache shared by clients (or by calls) with different
/// credentials never hands one the other's answer:
///
/// - the key covers every secret header of the request *as it is sent*:
///   `Authorization`, `Cookie`, headers set with `secret_header`, and those a
///   [`Middleware`](crate::middleware::Middleware) adds (the cache runs after
///   the middleware, just before the request leaves);
/// - a remembered answer is used only for a request whose headers named in the
///   answer's `Vary` have the same values; an answer with `Vary: *` is never
///   remembered.
///
/// Credentials and URLs are kept as keyed hashes, never in the clear. A call that sets
/// its own `If-None-Match` bypasses the cache.
///
/// A signing middleware (one that signs the request's headers, as AWS SigV4
/// does) signs the request before the cache adds `If-None-Match`, so that
/// header is not covered by the signature: schemes that sign only the headers
/// they list, as SigV4 does, accept it; a scheme that signs every header should
/// not be combined with the cache.
///
/// It holds at most [`with_limits`](Self::with_limits) answers and bytes,
/// counting each answer's headers, URL and body ([`bytes`](Self::bytes)); when
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

/// Which answer a request would get: its URL and its credentials, as keyed
/// hashes, so neither a credential nor a secret query value in the URL is kept
/// in the clear (128 bits in all: two requests tell apart by chance alone
/// with odds of 2^-128).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    url: u64,
    /// The secret headers, names and values.
    credentials: u64,
}

/// A remembered answer.
struct Entry {
    etag: HeaderValue,
    headers: HeaderMap,
    body: Vec<u8>,
    /// The request headers the answer's `Vary` names, with a keyed hash of the
    /// value each had (`None`: absent).
    vary: Vec<(HeaderName, Option<u64>)>,
    /// What the entry counts against the byte limit.
    size: usize,
}

struct Entries {
    max_entries: usize,
    max_bytes: usize,
    bytes: usize,
    /// How many entries there are, over every key.
    count: usize,
    hasher: RandomState,
    /// The variants remembered for a key, one per set of `Vary` values.
    /// Shared, so a lookup copies no body: only a 304 takes one out.
    by_key: HashMap<Key, Vec<Arc<Entry>>>,
}

impl Default for EtagCache {
    fn default() -> Self {
        Self::with_limits(256, 32 * 1024 * 1024)
    }
}

/// What an answer costs the cache besides its body: each header's name and
/// value plus the bookkeeping around them (a map slot, two allocations).
const PER_HEADER: usize = 48;

impl EtagCache {
    /// A cache of at most 256 answers and 32 MiB.
    pub fn new() -> Self {
        Self::default()
    }

    /// A cache of at most `entries` answers and `bytes` bytes (headers, URL and
    /// body of each answer); an answer larger than `bytes` is not remembered.
    pub fn with_limits(entries: usize, bytes: usize) -> Self {
        EtagCache {
            inner: Arc::new(Mutex::new(Entries {
                max_entries: entries.max(1),
                max_bytes: bytes,
                bytes: 0,
                count: 0,
                hasher: RandomState::new(),
                by_key: HashMap::new(),
            })),
        }
    }

    /// How many answers are cached.
    pub fn len(&self) -> usize {
        self.entries().count
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the remembered answers hold, headers, URLs and bodies, as counted
    /// against the byte limit.
    pub fn bytes(&self) -> usize {
        self.entries().bytes
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Entries {
    fn hash(&self, bytes: &[u8]) -> u64 {
        self.hasher.hash_one(bytes)
    }

    fn key(&self, request: &Request) -> Key {
        let mut secret: Vec<&Header> = request.headers.iter().filter(|h| h.secret).collect();
        secret.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));
        let mut hasher = self.hasher.build_hasher();
        for header in secret {
            header.name.as_str().hash(&mut hasher);
            header.value.as_bytes().hash(&mut hasher);
        }
        Key {
            url: self.hash(request.url.as_bytes()),
            credentials: hasher.finish(),
        }
    }

    fn value_hash(&self, request: &Request, name: &HeaderName) -> Option<u64> {
        let header = request.headers.get(name.as_str())?;
        Some(self.hash(header.value.as_bytes()))
    }

    fn matches(&self, entry: &Entry, request: &Request) -> bool {
        entry
            .vary
            .iter()
            .all(|(name, value)| self.value_hash(request, name) == *value)
    }

    /// The remembered answer for `key` whose `Vary` the request matches.
    fn lookup(&self, key: &Key, request: &Request) -> Option<Arc<Entry>> {
        self.by_key
            .get(key)?
            .iter()
            .find(|entry| self.matches(entry, request))
            .cloned()
    }

    /// Forgets the variant of `key` at `index`.
    fn remove(&mut self, key: &Key, index: usize) {
        let Some(variants) = self.by_key.get_mut(key) else {
            return;
        };
        let old = variants.swap_remove(index);
        if variants.is_empty() {
            self.by_key.remove(key);
        }
        self.bytes -= old.size;
        self.count -= 1;
    }

    fn store(&mut self, key: Key, request: &Request, answer: &Answer, etag: HeaderValue) {
        // The request's earlier variant is replaced; other variants stay.
        if let Some(index) = self
            .by_key
            .get(&key)
            .and_then(|variants| variants.iter().position(|e| self.matches(e, request)))
        {
            self.remove(&key, index);
        }
        let mut vary = Vec::new();
        for value in answer.headers.get_all("vary") {
            let Ok(value) = value.to_str() else {
                return;
            };
            for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                // `Vary: *`: the answer depends on more than the request's headers.
                let Ok(name) = HeaderName::from_bytes(name.as_bytes()) else {
                    return;
                };
                if name.as_str() == "*" {
                    return;
                }
                let value = self.value_hash(request, &name);
                vary.push((name, value));
            }
        }
        let size = request.url.len()
            + answer.body.len()
            + answer
                .headers
                .iter()
                .map(|(name, value)| name.as_str().len() + value.len() + PER_HEADER)
                .sum::<usize>()
            + vary.len() * PER_HEADER;
        if size > self.max_bytes {
            return;
        }
        while self.count >= self.max_entries || self.bytes + size > self.max_bytes {
            let Some(evicted) = self.by_key.keys().next().cloned() else {
                break;
            };
            self.remove(&evicted, 0);
        }
        self.bytes += size;
        self.count += 1;
        let entry = Entry {
            etag,
            headers: answer.headers.clone(),
            body: answer.body.clone(),
            vary,
            size,
        };
        self.by_key.entry(key).or_default().push(Arc::new(entry));
    }
}

/// The cache's stage of a call: a `GET` the cache remembers is sent with
/// `If-None-Match`, and a `304` to it becomes the remembered answer (with the
/// 304's headers on top, RFC 9111 §4.3.4), marked as revalidated; a new 2xx
/// answer with an `ETag` is remembered. `below` sends the request on.
pub(crate) fn send(
    cache: &EtagCache,
    request: &Request,
    below: impl FnOnce(&Request) -> Result<Answer, Error>,
) -> Result<Answer, Error> {
    // A caller's own If-None-Match asks about their copy, not the cache's.
    if request.method != Method::Get || request.headers.contains("if-none-match") {
        return below(request);
    }
    let (key, remembered) = {
        let entries = cache.entries();
        let key = entries.key(request);
        let remembered = entries.lookup(&key, request);
        (key, remembered)
    };
    let mut answer = match &remembered {
        Some(entry) => {
            let mut conditional = request.clone();
            conditional
                .headers
                .set(Header::validated("if-none-match", entry.etag.clone()));
            below(&conditional)?
        }
        None => below(request)?,
    };
    match (answer.status, remembered) {
        (304, Some(entry)) => {
            let mut headers = entry.headers.clone();
            for (name, value) in &answer.headers {
                headers.insert(name, value.clone());
            }
            answer.headers = headers;
            answer.body = entry.body.clone();
            answer.revalidated = true;
        }
        (200..=299, _) => {
            if let Some(etag) = answer.headers.get("etag").cloned() {
                cache.entries().store(key, request, &answer, etag);
            }
        }
        _ => {}
    }
    Ok(answer)
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
            .field("len", &entries.count)
            .field("bytes", &entries.bytes)
            .finish_non_exhaustive()
    }
}
