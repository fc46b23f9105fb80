//! [`Cassette`]: record real traffic once, replay it offline.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

use std::collections::BTreeMap;

use super::cassette_diff::{Ignore, diff};
use super::cassette_file::{Body, CassetteFile, Exchange, Headers, ORIGIN, Request, Response};
use super::cassette_proxy::{Answer, HOP_BY_HOP, Proxy};
use super::cassette_scrub::{Scrub, Side};
use super::server::lock;
use super::{HttpServer, MockResponse, RecordedRequest};
use crate::{Client, ClientBuilder, DEFAULT_MAX_BODY};

/// The environment variable that turns every cassette to [`Mode::Record`].
pub const RECORD_VAR: &str = "RESTLAX_RECORD";

/// Request headers not kept: the connection's own (see the proxy), and
/// `user-agent`, which changes with every restlax release.
const UNRECORDED: [&str; 3] = ["host", "user-agent", "expect"];

/// Whether a cassette talks to the real server or answers from its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Forward every request to the real server and write the exchanges to the
    /// file (replacing it) when the cassette finishes.
    Record,
    /// Answer from the file; a request that differs from the recording fails.
    Replay,
}

impl Mode {
    /// [`Record`](Mode::Record) when `RESTLAX_RECORD` is set to anything but
    /// empty, `0`, `false` or `no`; else [`Replay`](Mode::Replay).
    pub fn from_env() -> Mode {
        Mode::from_var(std::env::var(RECORD_VAR).ok().as_deref())
    }

    fn from_var(value: Option<&str>) -> Mode {
        match value.map(|v| v.trim().to_ascii_lowercase()) {
            Some(v) if !["", "0", "false", "no"].contains(&v.as_str()) => Mode::Record,
            _ => Mode::Replay,
        }
    }
}

/// What went wrong with a cassette; see [`CassetteError::kind`].
///
/// `Debug` shows the same readable text as `Display`, so that
/// `cassette.finish().unwrap()` prints the diff as it is.
pub struct CassetteError {
    kind: CassetteErrorKind,
    message: String,
}

/// The kinds of [`CassetteError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CassetteErrorKind {
    /// Replay mode, and there is no file: record it first.
    Missing,
    /// The file cannot be read or is not a cassette.
    Unreadable,
    /// The target URL is not an absolute `http` or `https` URL.
    InvalidTarget,
    /// Record mode: a request could not be forwarded to the real server, so
    /// nothing was written.
    Forward,
    /// Record mode: the file could not be written.
    Write,
    /// Replay mode: requests differed from the recording, or recorded
    /// exchanges were never requested.
    Mismatch,
    /// Record mode: an exchange was still waiting for the real server when
    /// the cassette finished (the client gave up on it, e.g. at its
    /// deadline), so nothing was written: the file would lack it.
    InFlight,
    /// A field named for replay to ignore is not a JSON path
    /// ([`CassetteBuilder::ignore_body_field`]).
    InvalidIgnore,
}

impl CassetteError {
    fn new(kind: CassetteErrorKind, message: impl Into<String>) -> Self {
        CassetteError {
            kind,
            message: message.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CassetteErrorKind {
        self.kind
    }
}

impl std::fmt::Display for CassetteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Debug for CassetteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CassetteError {}

/// Configures a [`Cassette`]; see [`Cassette::builder`].
#[derive(Debug, Clone)]
pub struct CassetteBuilder {
    path: PathBuf,
    target: String,
    scrub: Scrub,
    match_headers: Vec<String>,
    any_order: bool,
    mode: Option<Mode>,
    max_body: u64,
    ignore: Ignore,
    /// The first field path that did not parse, reported by `start`.
    bad_ignore: Option<String>,
}

impl CassetteBuilder {
    /// Scrubs this header too (case-insensitive), even one on the short list
    /// of headers whose values are written (content type, accept, user agent,
    /// …): every header not on that list is scrubbed anyway.
    pub fn scrub_header(mut self, name: &str) -> Self {
        self.scrub.header(name);
        self
    }

    /// Scrubs this body or query field too, compared without case, `_` or `-`.
    /// Fields whose names look like credentials always are, judged by their
    /// words at any depth (`apiKey`, `X-Amz-Signature`, `private_token`,
    /// `SecretAccessKey`, `pwd`, `passphrase`, `key`, OAuth's `code` in a
    /// query or form); `author`, `primary_key`, `error_code`, `token_type`
    /// and a JSON `code` stay.
    pub fn scrub_field(mut self, name: &str) -> Self {
        self.scrub.field(name);
        self
    }

    /// Writes this header's values (case-insensitive): for a header known to
    /// carry no credential that is not on the short list (`X-Request-Id`,
    /// `Server`). [`scrub_header`](Self::scrub_header) wins over it.
    pub fn keep_header(mut self, name: &str) -> Self {
        self.scrub.keep_header(name);
        self
    }

    /// Never judges this body or query field a credential by its name
    /// (compared without case, `_` or `-`), for a name that only looks like
    /// one: RabbitMQ's `routing_key`, a `sort_token`. Values learnt elsewhere
    /// are still replaced inside it, and
    /// [`scrub_field`](Self::scrub_field) wins over it.
    ///
    /// ```
    /// # use restlax::testing::Cassette;
    /// let builder = Cassette::builder("tests/cassettes/bindings.json", "http://127.0.0.1:15672")
    ///     .keep_field("routing_key");
    /// ```
    pub fn keep_field(mut self, name: &str) -> Self {
        self.scrub.keep_field(name);
        self
    }

    /// Scrubs this value (a token, an account id) wherever it appears: paths,
    /// queries, headers, bodies, as is, JSON-escaped or percent-encoded, and
    /// whatever its length (values learnt from secret headers and fields are
    /// hunted elsewhere only from 8 characters on).
    pub fn scrub_value(mut self, value: &str) -> Self {
        self.scrub.value(value);
        self
    }

    /// Replay compares this request header too (by default only the method,
    /// path, query and body are compared).
    pub fn match_header(mut self, name: &str) -> Self {
        self.match_headers.push(name.trim().to_ascii_lowercase());
        self
    }

    /// Replay does not compare this path segment: index 0 is the first segment
    /// of the request's whole path (the target's base path included), so for
    /// `/v1/orders/ord-83f1/lines` index 2 is `ord-83f1`. For an id generated
    /// anew on every run.
    ///
    /// With [`ignore_query`](Self::ignore_query) and
    /// [`ignore_body_field`](Self::ignore_body_field), a test that sends a
    /// generated order id, timestamp and transaction id replays every run:
    ///
    /// ```
    /// use restlax::testing::{Cassette, MockResponse, MockServer, Mode};
    ///
    /// # let dir = std::env::temp_dir().join(format!("restlax-doc-{}", std::process::id()));
    /// # let path = dir.join("orders.json");
    /// let api = MockServer::start();
    /// api.respond_always(MockResponse::json(201, &serde_json::json!({"ok": true})));
    /// let place = |cassette: &Cassette, run: u32| -> Result<u16, restlax::Error> {
    ///     let client = cassette.client_builder().build()?;
    ///     let answer = client
    ///         .post(&format!("/orders/ord-{run}"))
    ///         .query("ts", run)
    ///         .json(&serde_json::json!({"txn": {"id": run}, "lines": [{"at": run, "n": 1}]}))
    ///         .send()?;
    ///     Ok(answer.status())
    /// };
    /// let ignoring = |mode| {
    ///     Cassette::builder(&path, api.url())
    ///         .mode(mode)
    ///         .ignore_path_segment(1) // ord-…
    ///         .ignore_query("ts")
    ///         .ignore_body_field("$.txn.id")
    ///         .ignore_body_field("$.lines[*].at") // in every line
    /// };
    /// let recorder = ignoring(Mode::Record).start()?;
    /// place(&recorder, 1)?;
    /// recorder.finish()?;
    /// let player = ignoring(Mode::Replay).start()?;
    /// assert_eq!(place(&player, 2)?, 201); // another run, other generated values
    /// player.finish()?;
    /// # std::fs::remove_dir_all(dir).ok();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ignore_path_segment(mut self, index: usize) -> Self {
        self.ignore.segment(index);
        self
    }

    /// Replay does not compare this query key (as sent, before any percent
    /// decoding): neither its value nor whether it is there.
    pub fn ignore_query(mut self, key: &str) -> Self {
        self.ignore.query_key(key);
        self
    }

    /// Replay does not compare this field of a JSON request body, named by a
    /// path: `$.txn.id` (or `txn.id`), `$.items[0].id` for one element,
    /// `$.items[*].id` for every element. A field of an object is ignored
    /// with its presence; an ignored array element keeps its place. A field
    /// name holding `.` or `[` cannot be named. A path that does not parse
    /// makes [`start`](Self::start) fail with
    /// [`CassetteErrorKind::InvalidIgnore`].
    pub fn ignore_body_field(mut self, path: &str) -> Self {
        if let Err(why) = self.ignore.field(path)
            && self.bad_ignore.is_none()
        {
            self.bad_ignore = Some(why);
        }
        self
    }

    /// The largest response body the test's client reads (its
    /// [`max_body_size`](crate::ClientBuilder::max_body_size); default
    /// [`DEFAULT_MAX_BODY`]). Recording, a longer answer is not kept: the
    /// client gets `limit + 1` bytes and refuses them as it would the whole,
    /// and the file notes `"body_over_limit": limit` in place of the body, so
    /// replay makes the client refuse it again.
    pub fn max_body_size(mut self, limit: u64) -> Self {
        self.max_body = limit;
        self
    }

    /// Replay answers a request from any unused recorded exchange equal to it,
    /// not only the next one: for tests whose requests come from several
    /// threads.
    pub fn any_order(mut self) -> Self {
        self.any_order = true;
        self
    }

    /// Records or replays whatever `RESTLAX_RECORD` says (for tests of the
    /// cassette itself, or a test that must always replay).
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Starts the local server: the recording proxy, or the replaying server.
    ///
    /// Fails with [`CassetteErrorKind::Missing`] in replay mode when the file
    /// does not exist, [`Unreadable`](CassetteErrorKind::Unreadable) when it
    /// is not a cassette, and [`InvalidTarget`](CassetteErrorKind::InvalidTarget)
    /// for a target that is not an absolute `http`/`https` URL.
    pub fn start(self) -> Result<Cassette, CassetteError> {
        if let Some(why) = &self.bad_ignore {
            return Err(CassetteError::new(
                CassetteErrorKind::InvalidIgnore,
                format!("a field to ignore: {why}"),
            ));
        }
        let target = url::Url::parse(&self.target)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.has_host())
            .ok_or_else(|| {
                CassetteError::new(
                    CassetteErrorKind::InvalidTarget,
                    format!(
                        "cassette target {:?} is not an absolute http(s) URL",
                        self.target
                    ),
                )
            })?;
        let origin = target.origin().ascii_serialization();
        let base_path = target.path().trim_end_matches('/').to_owned();
        let mode = self.mode.unwrap_or_else(Mode::from_env);
        let shown = self.path.display().to_string();
        let state = match mode {
            Mode::Record => State::Record(Recording::default()),
            Mode::Replay => {
                if !self.path.exists() {
                    return Err(CassetteError::new(
                        CassetteErrorKind::Missing,
                        format!(
                            "cassette {shown} does not exist. Record it by running this test once \
                             with {RECORD_VAR}=1 set (it then talks to {}), and commit the file.",
                            self.target
                        ),
                    ));
                }
                let file = CassetteFile::read(&self.path).map_err(|why| {
                    CassetteError::new(
                        CassetteErrorKind::Unreadable,
                        format!("cassette {shown} cannot be replayed: {why}"),
                    )
                })?;
                State::Replay(Box::new(Replaying {
                    scrub: self.scrub.clone(),
                    used: vec![false; file.exchanges.len()],
                    compared: file
                        .exchanges
                        .iter()
                        .map(|e| self.ignore.apply(&e.request))
                        .collect(),
                    exchanges: file.exchanges,
                    mismatches: Vec::new(),
                    received: 0,
                }))
            }
        };
        let state = Arc::new(Mutex::new(state));
        let server = match mode {
            Mode::Record => {
                let proxy = Proxy::new(origin.clone());
                let (state, origin) = (Arc::clone(&state), origin.clone());
                let limit = self.max_body;
                HttpServer::start_with("127.0.0.1", move |local| {
                    let local = local.to_owned();
                    move |request| record(&proxy, &state, &origin, &local, limit, request)
                })
            }
            Mode::Replay => {
                let rules = Rules {
                    match_headers: self.match_headers.clone(),
                    any_order: self.any_order,
                    ignore: self.ignore.clone(),
                };
                let state = Arc::clone(&state);
                HttpServer::start_with("127.0.0.1", move |local| {
                    let local = local.to_owned();
                    move |request| replay(&rules, &state, &local, request)
                })
            }
        };
        Ok(Cassette {
            url: format!("{}{base_path}", server.url()),
            local: server.url().to_owned(),
            server: Some(server),
            path: self.path,
            mode,
            origin,
            scrub: self.scrub,
            state,
            finished: false,
        })
    }
}

/// Records real traffic once, replays it offline: a local server your test's
/// [`Client`] talks to instead of the real API.
///
/// - **Record** ([`Mode::Record`], or `RESTLAX_RECORD=1`): a proxy that forwards
///   each request to the target (the real base URL), returns the real answer,
///   and when the cassette finishes writes every exchange (method, path, query,
///   the headers that matter, body; status, headers, body) to a pretty JSON
///   file, bodies kept as JSON when they are JSON. Scrubbing is deny by
///   default: a header's value is written only when the header is on a short
///   list known to carry no credential (content type, accept, user agent,
///   length, caching, rate limits, `Location`/`Link` with their queries
///   scrubbed); query, form, JSON (at any depth) and `name=value` text fields
///   whose names look like credentials, judged by their words (`apiKey`,
///   `X-Amz-Signature`, `pwd`, `passphrase`, `private_token`, OAuth's `code`
///   in a query or form; not `author`, `primary_key`, `error_code` or a JSON
///   `code`), and the values you name, are replaced. Every value so replaced
///   is also replaced wherever else it appears (a token echoed back, or
///   handed out and then used in a path), as is or percent-encoded, when it
///   has 8 characters or more (a shorter one only where it was found). A
///   value your client sent reads `scrubbed`; one an answer handed out reads
///   `scrubbed-<n>`, numbered in the order first seen. Both are URL-safe and
///   the same in a path, a query and a body, so the requests that send a
///   handed-out token back replay. The target's origin (and the
///   cassette's own URL in a request) reads `{origin}`.
/// - **Replay** (the default): answers from the file in order. A request that
///   differs from the recorded one (method, path, query, body; headers only
///   where [`match_header`](CassetteBuilder::match_header) asks) gets a `500`
///   whose body is the diff, and [`finish`](Cassette::finish) reports every
///   such diff and every recorded exchange never requested. A missing file is
///   an error telling how to record it, and so is a file that is not a
///   cassette: an unknown field, or a header name or value HTTP does not allow
///   (a CR or LF that would add headers to the answer). Fields that change on
///   every run can be left out of the comparison
///   ([`ignore_path_segment`](CassetteBuilder::ignore_path_segment),
///   [`ignore_query`](CassetteBuilder::ignore_query),
///   [`ignore_body_field`](CassetteBuilder::ignore_body_field)).
///
/// Recording, [`finish`](Cassette::finish) fails at once, writing nothing,
/// while an exchange is still waiting for the real server (the client gave up
/// on it), and an answer longer than the client's limit is noted, not kept
/// ([`max_body_size`](CassetteBuilder::max_body_size)).
///
/// The cassette finishes when dropped, panicking with the report if there is
/// one (unless the thread is already panicking: a failed test does not
/// overwrite a recording); call [`finish`](Cassette::finish) to get it as a
/// `Result` instead.
///
/// A test of a real API, replayed from `tests/cassettes/members.json` on every
/// run, recorded again with `RESTLAX_RECORD=1 CLOUDFLARE_API_TOKEN=… cargo test`:
///
/// ```no_run
/// use restlax::testing::Cassette;
///
/// let token = std::env::var("CLOUDFLARE_API_TOKEN").unwrap_or_else(|_| "replayed".into());
/// let cassette = Cassette::builder(
///     concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cassettes/members.json"),
///     "https://api.cloudflare.com/client/v4",
/// )
/// .scrub_value(&token)
/// .start()?;
/// let client = cassette.client_builder().bearer_auth(&token).build()?;
/// let members: serde_json::Value = client.get("/accounts/a1/members").send()?.json()?;
/// cassette.finish()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Replaying a cassette checked in with restlax (the token sent does not
/// matter: `authorization` was scrubbed when it was recorded):
///
/// ```
/// use restlax::{resource, testing::{Cassette, Mode}};
///
/// #[resource(path = "/users", actions(show))]
/// #[derive(Debug, serde::Deserialize)]
/// struct User { id: u64, name: String }
///
/// let cassette = Cassette::builder(
///     concat!(env!("CARGO_MANIFEST_DIR"), "/src/testing/cassette_example.json"),
///     "https://api.example.com/v1",
/// )
/// .mode(Mode::Replay) // even under RESTLAX_RECORD=1: api.example.com is not real
/// .start()?;
/// let client = cassette.client_builder().bearer_auth("any token").build()?;
/// assert_eq!(User::show(&client, 7, ())?.name, "Ada");
/// cassette.finish()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Cassette {
    url: String,
    /// The local server's `http://127.0.0.1:<port>`.
    local: String,
    server: Option<HttpServer>,
    path: PathBuf,
    mode: Mode,
    /// The target's `scheme://host[:port]`.
    origin: String,
    scrub: Scrub,
    state: Arc<Mutex<State>>,
    finished: bool,
}

enum State {
    Record(Recording),
    /// Boxed: the scrubber's learnt values make it the larger by far.
    Replay(Box<Replaying>),
}

#[derive(Default)]
struct Recording {
    /// Unscrubbed until the file is written: a secret header seen late must
    /// also be scrubbed from the exchanges before it.
    exchanges: Vec<(RecordedRequest, Answer)>,
    failures: Vec<String>,
    /// Exchanges forwarded and not yet answered, by number: `METHOD path`.
    in_flight: BTreeMap<u64, String>,
    started: u64,
    /// Set by `finish`: an answer arriving later is not recorded, and a
    /// request arriving later is not forwarded.
    closed: bool,
}

struct Replaying {
    /// The cassette's rules, plus every value learnt from the requests so far.
    scrub: Scrub,
    exchanges: Vec<Exchange>,
    /// Each exchange's request with the ignored fields masked.
    compared: Vec<Request>,
    used: Vec<bool>,
    mismatches: Vec<String>,
    received: usize,
}

/// What replay compares, and how.
struct Rules {
    match_headers: Vec<String>,
    any_order: bool,
    ignore: Ignore,
}

impl Cassette {
    /// A cassette kept in the file at `path` (create the folder it lives in as
    /// you like; record mode creates it), standing in for the API at `target`
    /// (the base URL a client would use, e.g. `https://api.cloudflare.com/client/v4`).
    pub fn builder(path: impl Into<PathBuf>, target: &str) -> CassetteBuilder {
        CassetteBuilder {
            path: path.into(),
            target: target.to_owned(),
            scrub: Scrub::default(),
            match_headers: Vec::new(),
            any_order: false,
            mode: None,
            max_body: DEFAULT_MAX_BODY,
            ignore: Ignore::default(),
            bad_ignore: None,
        }
    }

    /// The requests recorded in the cassette file at `path`, in order, as
    /// [`RecordedRequest`]s (method, raw path and query, headers as kept,
    /// body): what a test hands to
    /// [`openapi::Check::requests`](super::openapi::Check::requests) to
    /// validate recorded bodies against the API's request schemas. Scrubbed
    /// values read as they were written (`scrubbed`, `scrubbed-1`).
    ///
    /// # Errors
    ///
    /// [`CassetteErrorKind::Unreadable`] when the file cannot be read or is
    /// not a cassette.
    pub fn recorded_requests(
        path: impl AsRef<Path>,
    ) -> Result<Vec<RecordedRequest>, CassetteError> {
        let path = path.as_ref();
        let file = CassetteFile::read(path).map_err(|why| {
            CassetteError::new(
                CassetteErrorKind::Unreadable,
                format!("cassette {} cannot be read: {why}", path.display()),
            )
        })?;
        Ok(file
            .exchanges
            .iter()
            .map(|exchange| {
                let request = &exchange.request;
                RecordedRequest {
                    method: request.method.clone(),
                    path: request.path.clone(),
                    query: request.query.clone(),
                    headers: request.headers.pairs(),
                    body: request.body.to_bytes(),
                }
            })
            .collect())
    }

    /// `Cassette::builder(path, target).start()`.
    pub fn start(path: impl Into<PathBuf>, target: &str) -> Result<Cassette, CassetteError> {
        Cassette::builder(path, target).start()
    }

    /// The base URL to give your client in place of the target: the local
    /// server, with the target's path (`http://127.0.0.1:<port>/client/v4`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client builder for [`url`](Self::url) that ignores proxy variables.
    /// With a preset builder (a vendor's), pass it `url()` and call `no_proxy()`.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder(self.url()).no_proxy()
    }

    /// Whether this cassette records or replays.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stops the server, then in record mode writes the file, and in replay
    /// mode reports requests that differed and recorded exchanges never asked
    /// for ([`CassetteErrorKind::Mismatch`], the diffs in its text).
    ///
    /// In record mode, an exchange still waiting for the real server (its
    /// client gave up, say at a deadline shorter than the server's answer) is
    /// [`CassetteErrorKind::InFlight`], naming it, at once and with nothing
    /// written: the file would lack what the test did.
    pub fn finish(mut self) -> Result<(), CassetteError> {
        self.finished = true;
        self.complete()
    }

    fn complete(&mut self) -> Result<(), CassetteError> {
        let shown = self.path.display().to_string();
        if let Some(waiting) = self.close_recording() {
            // The server's stop waits for its handlers, and one is waiting for
            // the real server: let it wait on its own thread, not the test's.
            if let Some(server) = self.server.take() {
                let _ = std::thread::Builder::new()
                    .name("restlax-cassette-stop".into())
                    .spawn(move || drop(server));
            }
            return Err(CassetteError::new(
                CassetteErrorKind::InFlight,
                format!(
                    "cassette {shown} was not written: {} exchange(s) still waited for the real \
                     server when it finished (the client gave up on them; a longer client \
                     timeout records them): {}",
                    waiting.len(),
                    waiting.join(", ")
                ),
            ));
        }
        // No request may arrive while the file is written or the report made.
        drop(self.server.take());
        let mut state = lock(&self.state);
        match &mut *state {
            State::Record(recording) => {
                if !recording.failures.is_empty() {
                    return Err(CassetteError::new(
                        CassetteErrorKind::Forward,
                        format!(
                            "cassette {shown} was not written: {} request(s) could not be forwarded:\n{}",
                            recording.failures.len(),
                            recording.failures.join("\n")
                        ),
                    ));
                }
                let text = self.file_text(&recording.exchanges).map_err(|why| {
                    CassetteError::new(
                        CassetteErrorKind::Write,
                        format!("cassette {shown} could not be written: {why}"),
                    )
                })?;
                let written = match self.path.parent() {
                    Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
                    _ => Ok(()),
                }
                .and_then(|()| std::fs::write(&self.path, text));
                written.map_err(|e| {
                    CassetteError::new(
                        CassetteErrorKind::Write,
                        format!("cassette {shown} could not be written: {e}"),
                    )
                })
            }
            State::Replay(replaying) => {
                let mut problems = std::mem::take(&mut replaying.mismatches);
                for (i, exchange) in replaying.exchanges.iter().enumerate() {
                    if !replaying.used[i] {
                        problems.push(format!(
                            "recorded exchange #{} ({}) was never requested",
                            i + 1,
                            describe(&exchange.request)
                        ));
                    }
                }
                if problems.is_empty() {
                    return Ok(());
                }
                Err(CassetteError::new(
                    CassetteErrorKind::Mismatch,
                    format!(
                        "cassette {shown} did not replay cleanly ({} problem(s)); if the API or the \
                         test changed on purpose, record it again with {RECORD_VAR}=1:\n\n{}",
                        problems.len(),
                        problems.join("\n\n")
                    ),
                ))
            }
        }
    }

    /// Record mode: stops taking requests; the exchanges still waiting for
    /// the real server, if any.
    fn close_recording(&self) -> Option<Vec<String>> {
        let mut state = lock(&self.state);
        let State::Record(recording) = &mut *state else {
            return None;
        };
        recording.closed = true;
        if recording.in_flight.is_empty() {
            return None;
        }
        Some(recording.in_flight.values().cloned().collect())
    }

    /// The recording, scrubbed, as the file's text; `Err` when a recorded
    /// part cannot be kept in a file replay reads.
    fn file_text(&self, recorded: &[(RecordedRequest, Answer)]) -> Result<String, String> {
        let mut scrub = self.scrub.clone();
        // Every value scrubbed anywhere is scrubbed everywhere: a token a
        // response handed out is gone from the later requests that use it.
        for (request, answer) in recorded {
            scrub.learn_message(
                &request.headers,
                request.query.as_deref(),
                &request.body,
                Side::Request,
            );
            scrub.learn_message(&answer.headers, None, &answer.body, Side::Answer);
        }
        let exchanges = recorded
            .iter()
            .map(|(request, answer)| Exchange {
                request: to_request(request, &scrub, &self.local),
                response: to_response(answer, &scrub, &self.origin),
            })
            .collect();
        let mut tree = serde_json::to_value(CassetteFile::new(exchanges))
            .map_err(|e| format!("the recording does not serialize: {e}"))?;
        scrub.file(&mut tree);
        // Parsed again, so what is written is a cassette replay can read.
        let file: CassetteFile = serde_json::from_value(tree)
            .map_err(|e| format!("the recording would not read back: {e}"))?;
        Ok(file.to_text())
    }
}

impl Drop for Cassette {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if std::thread::panicking() {
            // Stop the server, but keep the file as it was.
            drop(self.server.take());
            return;
        }
        if let Err(error) = self.complete() {
            panic!("{error}");
        }
    }
}

impl std::fmt::Debug for Cassette {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cassette")
            .field("path", &self.path)
            .field("mode", &self.mode)
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// `POST /users?x=1`
fn describe(request: &Request) -> String {
    match &request.query {
        Some(query) => format!("{} {}?{query}", request.method, request.path),
        None => format!("{} {}", request.method, request.path),
    }
}

/// A request as the cassette keeps it, scrubbed, the cassette's own local
/// URL (`local`, which changes every run) reading `{origin}`: what is written
/// when recording, what is compared when replaying.
fn to_request(request: &RecordedRequest, scrub: &Scrub, local: &str) -> Request {
    let kept = request.headers.iter().filter(|(name, _)| {
        !UNRECORDED.contains(&name.as_str()) && !HOP_BY_HOP.contains(&name.as_str())
    });
    let localize = |text: &str| {
        if local.is_empty() {
            text.to_owned()
        } else {
            text.replace(local, ORIGIN)
        }
    };
    let mut headers = Headers::from_pairs(kept.cloned());
    // Scrubbed first: a header's value is numbered as it was learnt, raw.
    scrub.headers(&mut headers, Side::Request);
    headers.map_values(|_, value| localize(value));
    let content_type = request.header("content-type");
    let mut body = Body::from_bytes(&request.body, content_type);
    map_body_text(&mut body, localize);
    scrub.body(&mut body, content_type);
    Request {
        method: request.method.clone(),
        path: scrub.text(&request.path),
        query: request.query.as_deref().map(|q| scrub.query(&localize(q))),
        headers,
        body,
    }
}

fn to_response(answer: &Answer, scrub: &Scrub, origin: &str) -> Response {
    let mut headers = Headers::from_pairs(answer.headers.iter().cloned());
    // Scrubbed first, as learnt: a header's value is numbered by its raw
    // text, and a URL is read as one before its origin is a placeholder.
    scrub.headers(&mut headers, Side::Answer);
    headers.map_values(|_, value| value.replace(origin, ORIGIN));
    let content_type = headers.get("content-type");
    let mut body = Body::default();
    if answer.over_limit.is_none() {
        body = Body::from_bytes(&answer.body, content_type.as_deref());
        scrub.body(&mut body, content_type.as_deref());
        map_body_text(&mut body, |text| text.replace(origin, ORIGIN));
    }
    Response {
        status: answer.status,
        headers,
        body,
        body_over_limit: answer.over_limit,
    }
}

/// Applies `f` to every string of a JSON body, or to a text body.
fn map_body_text(body: &mut Body, f: impl Fn(&str) -> String + Copy) {
    fn walk(value: &mut Value, f: impl Fn(&str) -> String + Copy) {
        match value {
            Value::String(text) => *text = f(text),
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, f)),
            Value::Object(map) => map.values_mut().for_each(|item| walk(item, f)),
            _ => {}
        }
    }
    if let Some(value) = &mut body.body {
        walk(value, f);
    }
    if let Some(text) = &mut body.body_text {
        *text = f(text);
    }
}

/// Record mode's handler: forward, keep, answer with the real response (the
/// target's origin in it pointing at the proxy, so links lead back here).
fn record(
    proxy: &Proxy,
    state: &Mutex<State>,
    origin: &str,
    local: &str,
    limit: u64,
    request: RecordedRequest,
) -> MockResponse {
    let number = {
        let mut state = lock(state);
        let State::Record(recording) = &mut *state else {
            return MockResponse::text(500, "cassette: not recording");
        };
        if recording.closed {
            return MockResponse::text(503, "cassette: finished, no longer recording");
        }
        recording.started += 1;
        // The path only: a query may hold what scrubbing has not yet learnt.
        let shown = format!("{} {}", request.method, request.path);
        recording.in_flight.insert(recording.started, shown);
        recording.started
    };
    let forwarded = proxy.forward(&request, limit);
    let mut state = lock(state);
    let State::Record(recording) = &mut *state else {
        return MockResponse::text(500, "cassette: not recording");
    };
    recording.in_flight.remove(&number);
    if recording.closed {
        // `finish` has reported this exchange as in flight.
        return MockResponse::text(503, "cassette: finished before the real server answered");
    }
    match forwarded {
        Ok(mut answer) => {
            // An answer over the limit goes to the client (which refuses it)
            // and is not kept: the file notes its limit instead.
            let body = if answer.over_limit.is_some() {
                std::mem::take(&mut answer.body)
            } else {
                answer.body.clone()
            };
            let mut response = MockResponse::bytes(answer.status, body);
            if let Ok(text) = std::str::from_utf8(&response.body)
                && text.contains(origin)
            {
                response.body = text.replace(origin, local).into_bytes();
            }
            for (name, value) in &answer.headers {
                response = response.header(name.clone(), value.replace(origin, local));
            }
            recording.exchanges.push((request, answer));
            response
        }
        Err(why) => {
            recording.failures.push(why.clone());
            MockResponse::text(
                502,
                format!("cassette: the request could not be forwarded: {why}"),
            )
        }
    }
}

/// Replay mode's handler: the recorded answer, or a 500 with the diff.
fn replay(
    rules: &Rules,
    state: &Mutex<State>,
    local: &str,
    request: RecordedRequest,
) -> MockResponse {
    let mut state = lock(state);
    let State::Replay(replaying) = &mut *state else {
        return MockResponse::text(500, "cassette: not replaying");
    };
    // As recording did: this request's token, echoed in its body, is scrubbed
    // there as it was in the recording, whatever its value now.
    replaying.scrub.learn_message(
        &request.headers,
        request.query.as_deref(),
        &request.body,
        Side::Request,
    );
    let got = to_request(&request, &replaying.scrub, local);
    let compared = rules.ignore.apply(&got);
    replaying.received += 1;
    let number = replaying.received;
    let unused: Vec<usize> = (0..replaying.exchanges.len())
        .filter(|&i| !replaying.used[i])
        .collect();
    let differs = |i: usize| diff(&replaying.compared[i], &compared, &rules.match_headers);
    let (found, nearest) = if rules.any_order {
        let found = unused.iter().copied().find(|&i| differs(i).is_empty());
        let nearest = unused
            .iter()
            .copied()
            .find(|&i| {
                let e = &replaying.compared[i];
                e.method == compared.method && e.path == compared.path
            })
            .or(unused.first().copied());
        (found, nearest)
    } else {
        let next = unused.first().copied();
        (next.filter(|&i| differs(i).is_empty()), next)
    };
    if let Some(i) = found {
        replaying.used[i] = true;
        return served(&replaying.exchanges[i].response, local);
    }
    let report = match nearest {
        Some(i) => format!(
            "request #{number} ({}) differs from recorded exchange #{} ({}):\n{}",
            describe(&got),
            i + 1,
            describe(&replaying.exchanges[i].request),
            differs(i).join("\n")
        ),
        None => format!(
            "request #{number} ({}) came after every one of the {} recorded exchange(s) was used",
            describe(&got),
            replaying.exchanges.len()
        ),
    };
    // In order, the next exchange differing only past its method and path
    // was this request, answered wrong: it is used up, so one difference is
    // one report and the requests after it still meet theirs.
    if let Some(i) = nearest
        && !rules.any_order
        && replaying.compared[i].method == compared.method
        && replaying.compared[i].path == compared.path
    {
        replaying.used[i] = true;
    }
    replaying.mismatches.push(report.clone());
    MockResponse::text(500, format!("cassette mismatch: {report}"))
        .header("x-restlax-cassette", "mismatch")
}

/// The recorded response, `{origin}` made this server's origin.
fn served(response: &Response, local: &str) -> MockResponse {
    let bytes = match response.body_over_limit {
        // One byte past the limit the client had: refused as it was then.
        Some(limit) => vec![b' '; usize::try_from(limit).unwrap_or(usize::MAX - 1) + 1],
        None => {
            let mut body = response.body.clone();
            map_body_text(&mut body, |text| text.replace(ORIGIN, local));
            body.to_bytes()
        }
    };
    let mut served = MockResponse::bytes(response.status, bytes);
    for (name, value) in response.headers.pairs() {
        served = served.header(name, value.replace(ORIGIN, local));
    }
    served
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_var_values() {
        assert_eq!(Mode::from_var(None), Mode::Replay);
        for off in ["", "0", "false", "NO", " "] {
            assert_eq!(Mode::from_var(Some(off)), Mode::Replay, "{off:?}");
        }
        for on in ["1", "true", "yes"] {
            assert_eq!(Mode::from_var(Some(on)), Mode::Record, "{on:?}");
        }
    }
}
