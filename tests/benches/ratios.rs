//! restlax against hand-written baselines measured in the same process, printed
//! as ratios next to their targets. `cargo bench -p restlax-tests --bench ratios`.
//!
//! Timings are medians over interleaved rounds (restlax and baseline alternate,
//! so drift on a shared machine hits both alike). Memory is the peak of live
//! heap bytes above the starting point, from a counting global allocator.

use std::hint::black_box;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use restlax::envelope::Cloudflare;
use restlax::testing::{HttpServer, MockResponse};
use restlax::{Client, Opts, Retry};
use restlax_tests::Member;
use restlax_tests::bench::{
    BenchServer, Counting, RawClient, Rotation, cloudflare_page, json_response, median,
    member_array, peak_during,
};

mod peers;
use peers::{Clients, Peer, ureq_create, ureq_show};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

type CfMember = restlax_resources::cloudflare::Member;

struct Row {
    name: String,
    value: f64,
    target: Option<(f64, bool)>, // (limit, lower is better)
    note: String,
}

fn row(
    rows: &mut Vec<Row>,
    name: impl Into<String>,
    value: f64,
    target: Option<(f64, bool)>,
    note: impl Into<String>,
) {
    rows.push(Row {
        name: name.into(),
        value,
        target,
        note: note.into(),
    });
}

/// Per-call medians (µs) of two closures over interleaved rounds.
fn interleaved(
    rounds: usize,
    calls: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (f64, f64) {
    for _ in 0..calls {
        a();
        b();
    }
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let time = |f: &mut dyn FnMut()| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / calls as f64
        };
        if round % 2 == 0 {
            sa.push(time(&mut a));
            sb.push(time(&mut b));
        } else {
            sb.push(time(&mut b));
            sa.push(time(&mut a));
        }
    }
    (median(&mut sa), median(&mut sb))
}

/// Per-call times (µs) of several closures over rounds in rotating order
/// (see [`Rotation`]), after `calls` untimed calls of each.
fn rotate_calls(rounds: usize, calls: usize, fs: &mut [&mut dyn FnMut()]) -> Rotation {
    for f in fs.iter_mut() {
        for _ in 0..calls {
            f();
        }
    }
    Rotation::sample(rounds, fs.len(), |i| {
        let start = Instant::now();
        for _ in 0..calls {
            fs[i]();
        }
        start.elapsed().as_secs_f64() * 1e6 / calls as f64
    })
}

/// Rounds and calls a round for the per-call figures (each peer, each call).
const ROUNDS: usize = 150;
const CALLS: usize = 120;

/// What the server saw of one request: method, target and body.
type Seen = (String, String, Vec<u8>);

/// Each peer's `show` and `create` once, as the server saw them: all must match
/// restlax's before anything is timed.
fn check_requests(clients: &Clients, seen: &Mutex<Vec<Seen>>, new: &serde_json::Value) {
    for (call, expected) in [("show", "GET"), ("create", "POST")] {
        let mut first: Option<Seen> = None;
        for peer in Peer::ALL {
            seen.lock().unwrap().clear();
            let member = if call == "show" {
                clients.show(peer)
            } else {
                clients.create(peer, new)
            };
            assert_eq!(member.email, "user@example.com", "{}", peer.name());
            let got = seen
                .lock()
                .unwrap()
                .pop()
                .expect("the server saw the request");
            assert_eq!(got.0, expected, "{} {call}", peer.name());
            match &first {
                None => first = Some(got),
                Some(first) => {
                    assert_eq!(&got, first, "{} {call} differs from restlax's", peer.name())
                }
            }
        }
    }
}

/// restlax, raw ureq (on restlax's own agent, so the same pooled connection) and
/// reqwest (blocking, and async with `block_on`) against one keep-alive server.
fn per_call(rows: &mut Vec<Row>) {
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let response = json_response(body);
    let seen = Arc::new(Mutex::new(Vec::<Seen>::new()));
    let server = {
        let seen = seen.clone();
        BenchServer::start(move |request| {
            let mut seen = seen.lock().unwrap();
            if seen.is_empty() {
                let (method, target) = (request.method.to_owned(), request.target.to_owned());
                seen.push((method, target, request.body.to_vec()));
            }
            response.clone()
        })
    };
    let url = server.url();

    let mut floor = RawClient::connect(server.addr(), "/accounts/a/members/m");
    let mut samples: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..500 {
                black_box(floor.call());
            }
            start.elapsed().as_secs_f64() * 1e6 / 500.0
        })
        .collect();
    let floor = median(&mut samples);

    let clients = Clients::new(&url);
    let new = peers::new_member();
    check_requests(&clients, &seen, &new);
    // Capture nothing while timing: the server's mutex sees one push at most.
    seen.lock().unwrap().push(Default::default());

    for call in ["show", "create"] {
        let mut fs: Vec<Box<dyn FnMut()>> = Peer::ALL
            .into_iter()
            .map(|peer| -> Box<dyn FnMut()> {
                let (clients, new) = (&clients, &new);
                if call == "show" {
                    Box::new(move || drop(black_box(clients.show(peer))))
                } else {
                    Box::new(move || drop(black_box(clients.create(peer, new))))
                }
            })
            .collect();
        let mut refs: Vec<&mut dyn FnMut()> = fs.iter_mut().map(|f| &mut **f as _).collect();
        let r = rotate_calls(ROUNDS, CALLS, &mut refs);
        let t: Vec<f64> = (0..Peer::ALL.len()).map(|i| r.median(i)).collect();
        let times = Peer::ALL
            .iter()
            .zip(&t)
            .map(|(p, t)| format!("{} {t:.1}", p.name()))
            .collect::<Vec<_>>()
            .join(", ");
        let floor_note = if call == "show" {
            format!("; server floor {floor:.1} µs (raw TCP, no HTTP library)")
        } else {
            String::new()
        };
        row(
            rows,
            format!("{call}: restlax / raw ureq (same agent)"),
            r.ratio(0, 1),
            Some((1.05, true)),
            format!("µs per call: {times}{floor_note}"),
        );
        // Issue 21: below ureq itself (its own transport: two liveness probes
        // of three system calls each, a lookup per request, two writes for a
        // body). restlax time over the plain agent's, so below 1 is faster.
        let below = if call == "show" { 0.90 } else { 0.70 };
        row(
            rows,
            format!("{call}: restlax / ureq plain agent"),
            r.ratio(0, 2),
            Some((below, true)),
            format!(
                "{:.1} µs vs {:.1} µs: ureq's own transport, two writes for a body",
                t[0], t[2]
            ),
        );
        for (i, peer) in [(3, Peer::ReqwestBlocking), (4, Peer::ReqwestAsync)] {
            row(
                rows,
                format!("{call}: {} / restlax", peer.name()),
                r.ratio(i, 0),
                Some((1.10, false)),
                format!("{:.1} µs vs {:.1} µs per call", t[i], t[0]),
            );
        }
    }
    // The same `show` with the host given by name (`localhost`): ureq looks a
    // name up before every request, pooled connection or not; restlax only
    // when it connects.
    let by_name = Clients::new(&url.replace("127.0.0.1", "localhost"));
    let mut fs: Vec<Box<dyn FnMut()>> = [Peer::Restlax, Peer::UreqPlain]
        .into_iter()
        .map(|peer| -> Box<dyn FnMut()> {
            let by_name = &by_name;
            Box::new(move || drop(black_box(by_name.show(peer))))
        })
        .collect();
    let mut refs: Vec<&mut dyn FnMut()> = fs.iter_mut().map(|f| &mut **f as _).collect();
    let r = rotate_calls(ROUNDS / 3, CALLS, &mut refs);
    row(
        rows,
        "  reference: show by name (localhost), restlax / ureq plain agent",
        r.ratio(0, 1),
        None,
        format!(
            "{:.1} µs vs {:.1} µs: a lookup before every request",
            r.median(0),
            r.median(1)
        ),
    );
    assert!(
        server.connections() <= 10,
        "connections are reused ({} opened)",
        server.connections()
    );
}

/// The same pairs over HTTPS: one `HttpServer::start_https` answering a prebuilt
/// response, a client trusting its authority, and the raw calls on that
/// client's own agent (so the same TLS config and the same pooled connection).
/// Connections are counted on the server: a new one would be a new handshake.
fn per_call_tls(rows: &mut Vec<Row>) {
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let response =
        MockResponse::bytes(200, body.to_vec()).header("content-type", "application/json");
    let server = HttpServer::start_https("127.0.0.1", move |_| response.clone());
    let url = server.url().to_owned();
    let client = Client::builder(&url)
        .no_proxy()
        .retry(Retry::none())
        .root_certificate(server.certificate_pem().unwrap())
        .https_only(true)
        .build()
        .unwrap();
    let agent = restlax::__bench::agent(&client).clone();
    let new = serde_json::json!({"email": "user@example.com", "roles": ["3536bcfad5faccb999b47003c79917fb"]});

    // The handshake happens here, before anything is measured.
    black_box(Member::show(&client, "a", "m", ()).unwrap());
    black_box(ureq_show(&agent, &url, "a", "m"));
    let connections = server.connection_count();

    let (ours, theirs) = interleaved(
        31,
        300,
        || {
            black_box(Member::show(&client, "a", "m", ()).unwrap());
        },
        || {
            black_box(ureq_show(&agent, &url, "a", "m"));
        },
    );
    row(
        rows,
        "TLS show: restlax / raw ureq",
        ours / theirs,
        Some((1.05, true)),
        format!("{ours:.1} µs vs {theirs:.1} µs per call"),
    );
    let (ours, theirs) = interleaved(
        31,
        300,
        || {
            black_box(Member::create(&client, "a", &new, ()).unwrap());
        },
        || {
            black_box(ureq_create(&agent, &url, "a", &new));
        },
    );
    row(
        rows,
        "TLS create: restlax / raw ureq",
        ours / theirs,
        Some((1.05, true)),
        format!("{ours:.1} µs vs {theirs:.1} µs per call"),
    );
    let calls = 2 * 2 * (31 + 1) * 300;
    let opened = server.connection_count() - connections;
    row(
        rows,
        "TLS new connections (handshakes) while measured",
        opened as f64,
        Some((0.0, true)),
        format!("{opened} over {calls} calls; {connections} before (the warm-up handshake)"),
    );
}

fn envelope_decode(rows: &mut Vec<Row>) {
    let enveloped = cloudflare_page(0, 10_000, 1, 1).into_bytes();
    let bare = member_array(10_000).into_bytes();
    let mb = enveloped.len() as f64 / 1e6;
    let server = BenchServer::fixed(json_response(&enveloped));
    let client = Client::builder(server.url())
        .envelope(Cloudflare)
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();

    // Decoding alone: the runtime's decode path versus serde_json on the bare array.
    let decode_ours = || restlax::__bench::decode_list::<CfMember>(&Cloudflare, &enveloped);
    let decode_bare = || serde_json::from_slice::<Vec<CfMember>>(&bare).unwrap();
    let decode_naive = || {
        let value: serde_json::Value = serde_json::from_slice(&enveloped).unwrap();
        serde_json::from_value::<Vec<CfMember>>(value["result"].clone()).unwrap()
    };
    assert_eq!(decode_ours().len(), 10_000);
    let (ours, bare_t) = interleaved(
        15,
        3,
        || drop(black_box(decode_ours())),
        || drop(black_box(decode_bare())),
    );
    let (naive, bare_t2) = interleaved(
        9,
        2,
        || drop(black_box(decode_naive())),
        || drop(black_box(decode_bare())),
    );
    row(
        rows,
        "decode 10k Cloudflare members: time vs bare Vec",
        ours / bare_t,
        Some((1.10, true)),
        format!(
            "{:.1} ms vs {:.1} ms for {mb:.1} MB",
            ours / 1e3,
            bare_t / 1e3
        ),
    );
    row(
        rows,
        "  reference: naive Value-then-convert vs bare Vec",
        naive / bare_t2,
        None,
        format!("{:.1} ms", naive / 1e3),
    );

    let (_, peak_ours) = peak_during(|| black_box(decode_ours()));
    let (_, peak_bare) = peak_during(|| black_box(decode_bare()));
    let (_, peak_naive) = peak_during(|| black_box(decode_naive()));
    row(
        rows,
        "decode 10k Cloudflare members: peak heap vs bare Vec",
        peak_ours as f64 / peak_bare as f64,
        Some((1.2, true)),
        format!(
            "{:.1} MB vs {:.1} MB (input buffer excluded from both)",
            peak_ours as f64 / 1e6,
            peak_bare as f64 / 1e6
        ),
    );
    row(
        rows,
        "  reference: naive Value-then-convert peak heap",
        peak_naive as f64 / peak_bare as f64,
        None,
        format!("{:.1} MB", peak_naive as f64 / 1e6),
    );

    // End to end over loopback, body read included on both sides.
    let agent = peers::plain_agent();
    let url = format!("{}/accounts/a/members", server.url());
    let (ours, theirs) = interleaved(
        9,
        2,
        || {
            drop(black_box(
                restlax_resources::cloudflare::Member::index(&client, "a", ()).unwrap(),
            ))
        },
        || {
            let mut response = agent.get(&url).call().unwrap();
            let bytes = response
                .body_mut()
                .with_config()
                .limit(64 << 20)
                .read_to_vec()
                .unwrap();
            #[derive(serde::Deserialize)]
            struct Envelope {
                result: Vec<CfMember>,
            }
            drop(black_box(
                serde_json::from_slice::<Envelope>(&bytes).unwrap().result,
            ));
        },
    );
    row(
        rows,
        "index 10k members over loopback vs hand-written",
        ours / theirs,
        None,
        format!(
            "{:.1} ms vs {:.1} ms (hand-written: typed envelope struct, no result_info)",
            ours / 1e3,
            theirs / 1e3
        ),
    );
}

fn pagination_memory(rows: &mut Vec<Row>) {
    let server = BenchServer::start(|request| {
        let param = |name: &str| -> usize {
            request
                .target
                .split(['?', '&'])
                .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
        };
        let (page, pages) = (param("page"), param("pages"));
        json_response(cloudflare_page((page - 1) * 50, 50, page, pages).as_bytes())
    });
    let client = Client::builder(server.url())
        .envelope(Cloudflare)
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();
    let walk = |pages: usize| {
        let start = Instant::now();
        let (count, peak) = peak_during(|| {
            let mut count = 0;
            let opts = Opts::new().query("per_page", 50).query("pages", pages);
            for member in CfMember::index_all(&client, "a", opts) {
                black_box(member.unwrap());
                count += 1;
            }
            count
        });
        assert_eq!(count, pages * 50);
        (peak, start.elapsed())
    };
    walk(3);
    let (small, t_small) = walk(10);
    let (large, t_large) = walk(1000);
    row(
        rows,
        "index_all peak heap: 1,000 pages / 10 pages",
        large as f64 / small as f64,
        Some((1.10, true)),
        format!(
            "{:.0} KB vs {:.0} KB; 1,000 pages of 50 in {:.2} s ({:.0} µs/page; 10 pages {:.1} ms)",
            large as f64 / 1e3,
            small as f64 / 1e3,
            t_large.as_secs_f64(),
            t_large.as_secs_f64() * 1e6 / 1000.0,
            t_small.as_secs_f64() * 1e3
        ),
    );
}

fn concurrency(rows: &mut Vec<Row>) {
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let total = 12_000;
    for threads in [1usize, 2, 4, 8] {
        let server = BenchServer::fixed(json_response(body));
        let clients = Clients::new(&server.url());
        // reqwest's blocking client joins at 8 threads, the peer's own best case.
        let peers: &[Peer] = if threads == 8 {
            &[
                Peer::Restlax,
                Peer::Ureq,
                Peer::ReqwestBlocking,
                Peer::UreqPlain,
            ]
        } else {
            &[Peer::Restlax, Peer::Ureq]
        };
        let run = |peer: Peer| -> f64 {
            let start = Instant::now();
            std::thread::scope(|scope| {
                for _ in 0..threads {
                    let clients = &clients;
                    scope.spawn(move || {
                        for _ in 0..total / threads {
                            black_box(clients.show(peer));
                        }
                    });
                }
            });
            total as f64 / start.elapsed().as_secs_f64()
        };
        for &peer in peers {
            run(peer);
        }
        let connections_before = server.connections();
        let rounds = 9;
        let samples = Rotation::sample(rounds, peers.len(), |i| run(peers[i]));
        // Ratios are medians of each round's pair (run back to back), rates are medians.
        let (vs_ureq, vs_reqwest) = (
            samples.ratio(0, 1),
            (threads == 8).then(|| samples.ratio(0, 2)),
        );
        let rates: Vec<f64> = (0..peers.len()).map(|i| samples.median(i)).collect();
        let opened = server.connections() - connections_before;
        row(
            rows,
            format!("throughput, {threads} thread(s): restlax / raw ureq"),
            vs_ureq,
            Some((0.95, false)),
            format!(
                "{:.0} vs {:.0} req/s; {opened} new connections over {} requests",
                rates[0],
                rates[1],
                rounds * peers.len() * total
            ),
        );
        if let Some(vs_reqwest) = vs_reqwest {
            row(
                rows,
                "throughput, 8 threads: restlax / reqwest blocking",
                vs_reqwest,
                Some((1.0, false)),
                format!("{:.0} vs {:.0} req/s", rates[0], rates[2]),
            );
            row(
                rows,
                "throughput, 8 threads: restlax / ureq plain agent",
                samples.ratio(0, 3),
                Some((1.05, false)),
                format!("{:.0} vs {:.0} req/s", rates[0], rates[3]),
            );
        }
    }
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less args; keep it quick there.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `ratios tls per_call` runs only those sections; no names runs them all.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    type Section = fn(&mut Vec<Row>);
    let sections: [(&str, Section); 5] = [
        ("per_call", per_call),
        ("tls", per_call_tls),
        ("envelope", envelope_decode),
        ("pagination", pagination_memory),
        ("concurrency", concurrency),
    ];
    let mut rows = Vec::new();
    for (name, section) in sections {
        if only.is_empty() || only.iter().any(|o| o == name) {
            section(&mut rows);
        }
    }

    println!("\n{:<58} {:>8}  {:<10} note", "figure", "ratio", "target");
    println!("{}", "-".repeat(140));
    let mut missed = 0;
    for r in &rows {
        let target = match r.target {
            Some((limit, true)) => {
                let ok = r.value <= limit;
                missed += usize::from(!ok);
                format!("≤ {limit:.2} {}", if ok { "ok" } else { "MISS" })
            }
            Some((limit, false)) => {
                let ok = r.value >= limit;
                missed += usize::from(!ok);
                format!("≥ {limit:.2} {}", if ok { "ok" } else { "MISS" })
            }
            None => String::new(),
        };
        println!("{:<58} {:>8.3}  {:<10} {}", r.name, r.value, target, r.note);
    }
    println!("\n{missed} target(s) missed");
    let _ = Duration::ZERO;
}
