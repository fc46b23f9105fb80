//! Peak memory of recording an answer larger than the client's limit (issue
//! 18, point 4): a 100 MiB answer, streamed by a server in another process
//! (this program run again with `--serve`), recorded through a cassette with
//! the client's default 16 MiB limit. The client refuses it with
//! `BodyTooLarge`; the cassette keeps the limit's worth, not the answer.
//!
//! ```text
//! cargo bench -p restlax-tests --bench cassette_memory
//! ```
//!
//! It prints the growth of this process's peak RSS (`VmHWM`) over the
//! recording and its ratio to the answer's size, both from this run. Before
//! issue 18 the recorder read the whole answer and wrote it to the file:
//! 341 MB of peak RSS for a 100 MiB answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use restlax::testing::{Cassette, Mode};

const ANSWER: usize = 100 << 20;

/// The `--serve` side: one answer of `ANSWER` bytes to every request,
/// written from a fixed buffer, so this process holds none of it.
fn serve() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    println!("{}", listener.local_addr().expect("an address").port());
    std::io::stdout().flush().ok();
    let chunk = vec![b'x'; 64 << 10];
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head);
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {ANSWER}\r\nconnection: close\r\n\r\n"
        );
        let mut left = ANSWER;
        while left > 0 {
            let n = left.min(chunk.len());
            if stream.write_all(&chunk[..n]).is_err() {
                break;
            }
            left -= n;
        }
    }
}

/// This process's peak resident set, in KiB (`VmHWM`).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|arg| arg == "--serve") {
        serve();
        return;
    }
    let mut server = Command::new(std::env::current_exe().expect("this program"))
        .arg("--serve")
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server process");
    let mut port = String::new();
    BufReader::new(server.stdout.take().expect("its output"))
        .read_line(&mut port)
        .expect("its port");
    let target = format!("http://127.0.0.1:{}", port.trim());
    let path = std::env::temp_dir().join(format!(
        "restlax-cassette-memory-{}.json",
        std::process::id()
    ));

    let before = peak_kib();
    let cassette = Cassette::builder(&path, &target)
        .mode(Mode::Record)
        .start()
        .expect("the cassette starts");
    let client = cassette.client_builder().build().expect("a client");
    let refused = client
        .get("/export")
        .send()
        .expect_err("over the client's limit");
    cassette.finish().expect("the file is written");
    let after = peak_kib();
    let file = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&path);
    let _ = server.kill();
    let _ = server.wait();

    let growth = after.saturating_sub(before) as f64 / 1024.0;
    let answer = ANSWER as f64 / (1 << 20) as f64;
    println!("cassette_memory: the client got {:?}", refused.kind());
    println!(
        "cassette_memory: {answer:.0} MiB answer, peak RSS grew {growth:.1} MiB \
         ({:.2} of the answer), cassette file {file} bytes",
        growth / answer
    );
}
