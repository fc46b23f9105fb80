//! Record mode's forwarding: each request the test's client sends to the
//! cassette goes on to the real server as it came, and the real answer comes
//! back as it was (no redirect followed, error statuses passed through).

use std::io::Read as _;
use std::time::Duration;

use ureq::http;

use super::RecordedRequest;

/// Headers of the connection between two peers, not of the message: each hop
/// writes its own (ureq on the way out, the cassette's server on the way back).
/// `accept-encoding` is ureq's to set, so it can decode what it asked for.
pub(super) const HOP_BY_HOP: [&str; 10] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "content-encoding",
    "accept-encoding",
];

/// The longest the real server may take for one exchange.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What the real server answered.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    /// Every byte of the body, or when it was longer than the client's limit
    /// its first `limit + 1` bytes: enough for the client to refuse it as it
    /// would the whole, and no more held.
    pub(super) body: Vec<u8>,
    /// `Some(limit)` when the body was longer than `limit`.
    pub(super) over_limit: Option<u64>,
}

/// Forwards requests to one origin.
pub(super) struct Proxy {
    agent: ureq::Agent,
    /// `scheme://host[:port]`, no trailing slash.
    origin: String,
}

impl Proxy {
    pub(super) fn new(origin: String) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .timeout_global(Some(TIMEOUT))
            .allow_non_standard_methods(true)
            // What the client asks for: a deflate answer is decoded below
            // (gzip and brotli by ureq), so the file holds readable text to
            // scrub, never encoded bytes that would hide a secret.
            .accept_encoding(crate::encoding::ACCEPTED)
            .build()
            .new_agent();
        Proxy { agent, origin }
    }

    /// Sends `request` to the real server and reads at most `limit + 1` bytes
    /// of the answer's body; `Err` says why no answer came.
    pub(super) fn forward(&self, request: &RecordedRequest, limit: u64) -> Result<Answer, String> {
        let target = match &request.query {
            Some(query) => format!("{}{}?{query}", self.origin, request.path),
            None => format!("{}{}", self.origin, request.path),
        };
        let mut builder = http::Request::builder()
            .method(request.method.as_str())
            .uri(&target);
        for (name, value) in &request.headers {
            if name != "host" && !HOP_BY_HOP.contains(&name.as_str()) {
                builder = builder.header(name.as_str(), value.as_str());
            }
        }
        // A request sent without a body goes on without one (no `content-length: 0`).
        let had_body = !request.body.is_empty()
            || request.header("content-length").is_some()
            || request.header("transfer-encoding").is_some();
        let sent = if had_body {
            let built = builder
                .body(request.body.clone())
                .map_err(|e| e.to_string())?;
            self.agent.run(built)
        } else {
            let built = builder.body(()).map_err(|e| e.to_string())?;
            self.agent.run(built)
        };
        let mut response = sent.map_err(|e| format!("{} {target}: {e}", request.method))?;
        let status = response.status().as_u16();
        let encoding = crate::encoding::Encoding::of(response.headers());
        if let Some(why) = encoding.refusal() {
            return Err(format!("{} {target}: {why}", request.method));
        }
        let headers = response
            .headers()
            .iter()
            .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()))
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        let raw = response.body_mut().with_config().limit(u64::MAX).reader();
        crate::encoding::decoder(&encoding, raw)
            .take(limit.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|e| format!("{} {target}: reading the body: {e}", request.method))?;
        // Past the limit the rest is left unread: the connection is dropped
        // rather than drained, and the client refuses the answer anyway.
        let over_limit = (body.len() as u64 > limit).then_some(limit);
        Ok(Answer {
            status,
            headers,
            body,
            over_limit,
        })
    }
}
