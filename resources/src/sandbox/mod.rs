//! A loopback HTTP server that emulates the three APIs with in-memory state
//! (feature `sandbox`): their envelopes, status codes, error bodies, pagination,
//! auth checks, validation and rate limiting. Examples and tests run against it
//! offline.
//!
//! ```
//! use restlax_resources::cloudflare::{self, Auth, Member};
//! use restlax_resources::sandbox::Sandbox;
//!
//! let sandbox = Sandbox::start();
//! let client = cloudflare::builder(&sandbox.cloudflare_url(), Auth::Token(Sandbox::CLOUDFLARE_TOKEN.into()))
//!     .no_proxy()
//!     .build()?;
//! let page = Member::index(&client, Sandbox::CLOUDFLARE_ACCOUNT_ID, restlax::Opts::new().query("per_page", 5))?;
//! assert_eq!(page.len(), 5);
//! assert_eq!(page.info().total_count, Some(12));
//! # Ok::<(), restlax::Error>(())
//! ```
//!
//! | API | base URL | credentials |
//! |---|---|---|
//! | Cloudflare | [`Sandbox::cloudflare_url`] | [`Sandbox::CLOUDFLARE_TOKEN`], or [`Sandbox::CLOUDFLARE_EMAIL`] + [`Sandbox::CLOUDFLARE_KEY`] |
//! | Pterodactyl | [`Sandbox::pterodactyl_url`] (the panel; the API is under `/api/application`) | [`Sandbox::PTERODACTYL_KEY`] |
//! | Flow Retail | [`Sandbox::flow_retail_url`] | [`Sandbox::FLOW_RETAIL_DEVICE_TOKEN`], [`Sandbox::FLOW_RETAIL_AUTH_TOKEN`], user [`Sandbox::FLOW_RETAIL_USER`] / [`Sandbox::FLOW_RETAIL_PASSWORD`] |

mod cloudflare;
mod flow_retail;
mod http;
mod pterodactyl;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::{Reply, Request};
use restlax::testing::{HttpServer, MockResponse, RecordedRequest};

/// A running sandbox: every connection is served on its own thread, so any
/// number of threads sharing one client are answered. Stops when dropped.
pub struct Sandbox {
    server: HttpServer,
    state: Arc<Mutex<State>>,
}

/// How a sandbox behaves; see [`Sandbox::builder`].
#[derive(Debug, Clone, Default)]
pub struct SandboxBuilder {
    rate_limit: Option<(u32, Duration)>,
    latency: Option<Duration>,
}

impl SandboxBuilder {
    /// Answers `429` with `Retry-After` (in the vendor's error shape) once more
    /// than `requests` arrive within `per`. A window opens with the first
    /// request after the last window closed (not when the sandbox starts), so
    /// how long a test takes to set up does not change what it sees.
    pub fn rate_limit(mut self, requests: u32, per: Duration) -> Self {
        self.rate_limit = Some((requests, per));
        self
    }

    /// Waits this long before every answer, like a distant server.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = Some(latency);
        self
    }

    /// Starts the sandbox on `127.0.0.1` with a free port.
    pub fn start(self) -> Sandbox {
        let state = Arc::new(Mutex::new(State {
            cloudflare: cloudflare::Cloudflare::seeded(),
            pterodactyl: pterodactyl::Pterodactyl::seeded(),
            flow_retail: flow_retail::FlowRetail::seeded(),
            window: (Instant::now(), 0),
            requests: 0,
        }));
        // The handler builds links with the server's URL.
        let server = {
            let state = Arc::clone(&state);
            HttpServer::start_with("127.0.0.1", move |url| {
                let url = url.to_owned();
                move |raw| serve(raw, &state, &self, &url)
            })
        };
        Sandbox { server, state }
    }
}

struct State {
    cloudflare: cloudflare::Cloudflare,
    pterodactyl: pterodactyl::Pterodactyl,
    flow_retail: flow_retail::FlowRetail,
    /// Start of the rate-limit window and requests seen in it (0: none open).
    window: (Instant, u32),
    requests: u64,
}

impl Sandbox {
    /// Cloudflare API token accepted by the sandbox.
    pub const CLOUDFLARE_TOKEN: &'static str = "sandbox-cloudflare-token";
    /// Email for Cloudflare key authentication.
    pub const CLOUDFLARE_EMAIL: &'static str = "user@example.com";
    /// Global API key for Cloudflare key authentication.
    pub const CLOUDFLARE_KEY: &'static str = "sandbox-cloudflare-global-key";
    /// The seeded Cloudflare account (12 members).
    pub const CLOUDFLARE_ACCOUNT_ID: &'static str = "023e105f4ecef8ad9ca31a8372d0c353";
    /// The seeded "Account Administrator" role.
    pub const CLOUDFLARE_ADMIN_ROLE: &'static str = "3536bcfad5faccb999b47003c79917fb";
    /// The seeded "Administrator Read Only" role.
    pub const CLOUDFLARE_READ_ONLY_ROLE: &'static str = "05784afa30c1afe1440e79d9351c7430";
    /// Pterodactyl application API key accepted by the sandbox.
    pub const PTERODACTYL_KEY: &'static str = "ptla_sandboxkey0000000000000000000000000000000000";
    /// Flow Retail device token (for login).
    pub const FLOW_RETAIL_DEVICE_TOKEN: &'static str = "sandbox-device-token";
    /// Flow Retail auth token (for token exchange and accepting invitations).
    pub const FLOW_RETAIL_AUTH_TOKEN: &'static str = "sandbox-auth-token";
    /// Flow Retail login name.
    pub const FLOW_RETAIL_USER: &'static str = "karin";
    /// Flow Retail password.
    pub const FLOW_RETAIL_PASSWORD: &'static str = "4821";
    /// Flow Retail invitation token.
    pub const FLOW_RETAIL_INVITE_TOKEN: &'static str = "inv_9QzW4rT7mK2pL8sX";

    /// Starts a sandbox with default behaviour (no rate limit, no latency).
    pub fn start() -> Sandbox {
        SandboxBuilder::default().start()
    }

    /// Configures a sandbox before starting it.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        self.server.url()
    }

    /// The Cloudflare API base URL (like `https://api.cloudflare.com/client/v4`).
    pub fn cloudflare_url(&self) -> String {
        format!("{}/cloudflare/client/v4", self.url())
    }

    /// The Pterodactyl panel URL; its API is under `/api/application`.
    pub fn pterodactyl_url(&self) -> String {
        format!("{}/pterodactyl", self.url())
    }

    /// The Flow Retail API base URL (like `https://api.flowretail.com/v2`).
    pub fn flow_retail_url(&self) -> String {
        format!("{}/flowretail/v2", self.url())
    }

    /// Expires every Flow Retail access token handed out so far: calls with one
    /// get `401 Invalid or expired token`, as the real API answers once a token's
    /// time is up. A new login or token exchange hands out a fresh one.
    pub fn expire_flow_retail_access_tokens(&self) {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .flow_retail
            .expire_access_tokens();
    }

    /// How many requests the sandbox has answered.
    pub fn request_count(&self) -> u64 {
        self.state
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .requests
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("url", &self.url()).finish()
    }
}

fn serve(
    raw: RecordedRequest,
    state: &Mutex<State>,
    config: &SandboxBuilder,
    url: &str,
) -> MockResponse {
    let request = Request::parse(raw);
    if let Some(latency) = config.latency {
        std::thread::sleep(latency);
    }
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.requests += 1;
    route(&mut state, config, url, &request)
}

fn route(state: &mut State, config: &SandboxBuilder, url: &str, request: &Request) -> Reply {
    let vendor = request.segments.first().map(String::as_str);
    let limited = rate_limited(state, config);
    match (vendor, request.segments.get(1..)) {
        (Some("cloudflare"), Some([client, v4, rest @ ..])) if client == "client" && v4 == "v4" => {
            match limited {
                Some(wait) => cloudflare::rate_limited(wait),
                None => state.cloudflare.handle(request, rest),
            }
        }
        (Some("pterodactyl"), Some([api, application, rest @ ..]))
            if api == "api" && application == "application" =>
        {
            match limited {
                Some(wait) => pterodactyl::rate_limited(wait),
                None => state
                    .pterodactyl
                    .handle(request, rest, &format!("{url}/pterodactyl")),
            }
        }
        (Some("flowretail"), Some([v2, rest @ ..])) if v2 == "v2" => match limited {
            Some(wait) => flow_retail::rate_limited(wait),
            None => state.flow_retail.handle(request, rest),
        },
        _ => Reply::json(
            404,
            &serde_json::json!({"message": "the sandbox serves /cloudflare/client/v4, /pterodactyl/api/application and /flowretail/v2"}),
        ),
    }
}

/// The whole seconds to wait when the rate limit is exceeded.
fn rate_limited(state: &mut State, config: &SandboxBuilder) -> Option<u64> {
    let (limit, per) = config.rate_limit?;
    let (start, count) = &mut state.window;
    if *count == 0 || start.elapsed() >= per {
        *start = Instant::now();
        *count = 0;
    }
    *count += 1;
    if *count <= limit {
        return None;
    }
    let left = per.saturating_sub(start.elapsed());
    Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
}
