//! Cold start: from launching a process to its first completed call, for
//! restlax and its peers. `cargo bench -p restlax-tests --bench coldstart`.
//!
//! The benchmark launches itself (`coldstart child <peer> <base url>`) 20 times
//! per client, in rotating order, against one loopback server in the parent.
//! Each child builds its client, makes one `show` call, decodes it and prints a
//! line; the time is from just before the launch to reading that line, so it
//! holds process start-up, building the client, connecting and the call. All
//! clients are in the same executable, so they pay the same loading cost.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use restlax_tests::Member;
use restlax_tests::bench::{BenchServer, Rotation, json_response};

mod peers;
use peers::Peer;

/// Raw ureq here is a plain agent, as a user of ureq alone would build it.
const PEERS: [Peer; 4] = [
    Peer::Restlax,
    Peer::UreqPlain,
    Peer::ReqwestBlocking,
    Peer::ReqwestAsync,
];

const LAUNCHES: usize = 20;

fn child(peer: Peer, base: &str) {
    let member: Member = match peer {
        Peer::Restlax => Member::show(&peers::restlax_client(base), "a", "m", ()).unwrap(),
        Peer::Ureq | Peer::UreqPlain => peers::ureq_show(&peers::plain_agent(), base, "a", "m"),
        Peer::ReqwestBlocking => peers::blocking_show(&peers::blocking_client(), base, "a", "m"),
        Peer::ReqwestAsync => {
            let (client, runtime) = peers::async_client();
            runtime.block_on(peers::async_show(&client, base, "a", "m"))
        }
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", member.email).unwrap();
    out.flush().unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    if args.get(1).is_some_and(|a| a == "child") {
        let peer = Peer::parse(&args[2]).expect("a peer name");
        return child(peer, &args[3]);
    }
    let body = br#"{"id":"4536bcfad5faccb111b47003c79917fa","email":"user@example.com","status":"accepted"}"#;
    let server = BenchServer::fixed(json_response(body));
    let exe = std::env::current_exe().unwrap();
    let launch = |peer: Peer| -> f64 {
        let start = Instant::now();
        let mut child = Command::new(&exe)
            .args(["child", peer.name(), &server.url()])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let elapsed = start.elapsed().as_secs_f64() * 1e3;
        assert_eq!(line.trim(), "user@example.com", "{} answered", peer.name());
        assert!(child.wait().unwrap().success());
        elapsed
    };
    // One untimed launch each: the executable's pages are in the page cache.
    for peer in PEERS {
        launch(peer);
    }
    let samples = Rotation::sample(LAUNCHES, PEERS.len(), |i| launch(PEERS[i]));
    let medians: Vec<f64> = (0..PEERS.len()).map(|i| samples.median(i)).collect();
    println!("\ncold start, launch to first completed call ({LAUNCHES} launches each, median)");
    println!("{:<18} {:>9} {:>12}", "client", "ms", "vs restlax");
    for (peer, ms) in PEERS.iter().zip(&medians) {
        println!("{:<18} {:>9.2} {:>12.3}", peer.name(), ms, ms / medians[0]);
    }
}
