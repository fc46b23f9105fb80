//! The clients restlax is measured against, each making the same two calls as
//! `Member::show` and `Member::create`: the same URL, method, `accept` and
//! `content-type` headers and body bytes, the body read whole and decoded with
//! `serde_json::from_slice` into the same struct. Shared by the `ratios` and
//! `coldstart` benchmarks.

#![allow(dead_code)] // each benchmark uses its own part

use restlax::Client;
use restlax_tests::Member;
use serde::Serialize;

/// Who makes the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    /// `Member::show` / `Member::create` through a `restlax::Client`.
    Restlax,
    /// Hand-written calls on raw ureq 3 on the restlax client's own agent: the
    /// same pooled connection and transport (deadline layer, one write per
    /// request), so the difference is restlax's own work.
    Ureq,
    /// The same calls on a plain ureq agent (ureq's own transport).
    UreqPlain,
    /// `reqwest::blocking::Client` (its own runtime thread behind a channel).
    ReqwestBlocking,
    /// `reqwest::Client`, each call driven by `block_on` on a current-thread runtime.
    ReqwestAsync,
}

impl Peer {
    pub const ALL: [Peer; 5] = [
        Peer::Restlax,
        Peer::Ureq,
        Peer::UreqPlain,
        Peer::ReqwestBlocking,
        Peer::ReqwestAsync,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Peer::Restlax => "restlax",
            Peer::Ureq => "raw ureq",
            Peer::UreqPlain => "ureq plain agent",
            Peer::ReqwestBlocking => "reqwest blocking",
            Peer::ReqwestAsync => "reqwest async",
        }
    }

    pub fn parse(name: &str) -> Option<Peer> {
        Peer::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// One client of each kind, all aimed at `base`.
pub struct Clients {
    pub base: String,
    pub restlax: Client,
    pub ureq: ureq::Agent,
    pub plain: ureq::Agent,
    pub blocking: reqwest::blocking::Client,
    pub reqwest: reqwest::Client,
    pub runtime: tokio::runtime::Runtime,
}

/// The body `create` sends.
pub fn new_member() -> serde_json::Value {
    serde_json::json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]})
}

pub fn restlax_client(base: &str) -> Client {
    Client::builder(base)
        .no_proxy()
        .retry(restlax::Retry::none())
        .build()
        .unwrap()
}

/// A ureq agent configured as a user of raw ureq would: statuses as values, no proxy.
pub fn plain_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .max_idle_connections(64)
        .max_idle_connections_per_host(16)
        .build()
        .new_agent()
}

pub fn blocking_client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
}

pub fn async_client() -> (reqwest::Client, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    (client, runtime)
}

impl Clients {
    /// Every client; the raw ureq calls run on the restlax client's own agent.
    pub fn new(base: &str) -> Clients {
        let restlax = restlax_client(base);
        let ureq = restlax::__bench::agent(&restlax).clone();
        let (reqwest, runtime) = async_client();
        Clients {
            base: base.to_owned(),
            restlax,
            ureq,
            plain: plain_agent(),
            blocking: blocking_client(),
            reqwest,
            runtime,
        }
    }

    pub fn show(&self, peer: Peer) -> Member {
        match peer {
            Peer::Restlax => Member::show(&self.restlax, "a", "m", ()).unwrap(),
            Peer::Ureq => ureq_show(&self.ureq, &self.base, "a", "m"),
            Peer::UreqPlain => ureq_show(&self.plain, &self.base, "a", "m"),
            Peer::ReqwestBlocking => blocking_show(&self.blocking, &self.base, "a", "m"),
            Peer::ReqwestAsync => {
                self.runtime
                    .block_on(async_show(&self.reqwest, &self.base, "a", "m"))
            }
        }
    }

    pub fn create(&self, peer: Peer, new: &impl Serialize) -> Member {
        match peer {
            Peer::Restlax => Member::create(&self.restlax, "a", new, ()).unwrap(),
            Peer::Ureq => ureq_create(&self.ureq, &self.base, "a", new),
            Peer::UreqPlain => ureq_create(&self.plain, &self.base, "a", new),
            Peer::ReqwestBlocking => blocking_create(&self.blocking, &self.base, "a", new),
            Peer::ReqwestAsync => {
                self.runtime
                    .block_on(async_create(&self.reqwest, &self.base, "a", new))
            }
        }
    }
}

fn show_url(base: &str, account: &str, id: &str) -> String {
    format!("{base}/accounts/{account}/members/{id}")
}

fn create_url(base: &str, account: &str) -> String {
    format!("{base}/accounts/{account}/members")
}

pub fn ureq_show(agent: &ureq::Agent, base: &str, account: &str, id: &str) -> Member {
    let mut response = agent
        .get(show_url(base, account, id))
        .header("accept", "application/json")
        .call()
        .unwrap();
    serde_json::from_slice(&response.body_mut().read_to_vec().unwrap()).unwrap()
}

pub fn ureq_create(agent: &ureq::Agent, base: &str, account: &str, new: &impl Serialize) -> Member {
    let bytes = serde_json::to_vec(new).unwrap();
    let mut response = agent
        .post(create_url(base, account))
        .header("accept", "application/json")
        .content_type("application/json")
        .send(&bytes[..])
        .unwrap();
    serde_json::from_slice(&response.body_mut().read_to_vec().unwrap()).unwrap()
}

pub fn blocking_show(
    client: &reqwest::blocking::Client,
    base: &str,
    account: &str,
    id: &str,
) -> Member {
    let response = client
        .get(show_url(base, account, id))
        .header("accept", "application/json")
        .send()
        .unwrap();
    serde_json::from_slice(&response.bytes().unwrap()).unwrap()
}

pub fn blocking_create(
    client: &reqwest::blocking::Client,
    base: &str,
    account: &str,
    new: &impl Serialize,
) -> Member {
    let response = client
        .post(create_url(base, account))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(new).unwrap())
        .send()
        .unwrap();
    serde_json::from_slice(&response.bytes().unwrap()).unwrap()
}

pub async fn async_show(client: &reqwest::Client, base: &str, account: &str, id: &str) -> Member {
    let response = client
        .get(show_url(base, account, id))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

pub async fn async_create(
    client: &reqwest::Client,
    base: &str,
    account: &str,
    new: &impl Serialize,
) -> Member {
    let response = client
        .post(create_url(base, account))
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(new).unwrap())
        .send()
        .await
        .unwrap();
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}
