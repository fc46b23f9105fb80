//! Streaming big bodies (issue 20): a 1 GiB download through
//! `send_streaming()` into a file, and an 8 MiB upload from a reader, against
//! a server in another process (this program run again with `--serve`), so
//! the peak resident memory printed is the client's alone.
//!
//! ```text
//! cargo bench -p restlax-tests --bench big_bodies
//! ```
//!
//! It prints the client process's peak RSS (`VmHWM`) before and after, and
//! its growth as a ratio of the download's size (the target: under 32 MiB of
//! peak RSS in all, 1/32 of the download).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use restlax::{Client, Opts};

const DOWNLOAD: u64 = 1 << 30;
const UPLOAD: usize = 8 << 20;

/// A checksum both sides compute the same way.
fn fold(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        h.wrapping_mul(1_099_511_628_211)
            .wrapping_add(u64::from(*b))
    })
}

/// The byte at `offset` of the download.
fn pattern(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// The `--serve` side: `GET /download` streams `DOWNLOAD` bytes of a
/// pattern; `PUT /upload` answers the length and checksum of what it read.
fn serve() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    println!("{}", listener.local_addr().expect("an address").port());
    std::io::stdout().flush().ok();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        std::thread::spawn(move || answer(stream));
    }
}

fn answer(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().expect("a clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header == "\r\n" || header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut stream = stream;
    if line.starts_with("PUT /upload") {
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let text = format!("{{\"len\":{},\"hash\":{}}}", body.len(), fold(0, &body));
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
            text.len()
        );
        return;
    }
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {DOWNLOAD}\r\nconnection: close\r\n\r\n"
    );
    let mut chunk = vec![0u8; 64 << 10];
    let mut offset = 0u64;
    while offset < DOWNLOAD {
        let n = chunk.len().min((DOWNLOAD - offset) as usize);
        for (i, b) in chunk[..n].iter_mut().enumerate() {
            *b = pattern(offset + i as u64);
        }
        if stream.write_all(&chunk[..n]).is_err() {
            return;
        }
        offset += n as u64;
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
    let client = Client::builder(format!("http://127.0.0.1:{}", port.trim()))
        .no_proxy()
        .build()
        .expect("a client");
    let before = peak_kib();

    let path = std::env::temp_dir().join(format!("restlax-download-{}.bin", std::process::id()));
    let start = Instant::now();
    let mut download = client
        .get("/download")
        .opts(
            Opts::new()
                .max_body_size(DOWNLOAD)
                .timeout(Duration::from_secs(600)),
        )
        .send_streaming()
        .expect("the download starts");
    let mut file = std::fs::File::create(&path).expect("a file");
    let copied = std::io::copy(&mut download, &mut file).expect("the download");
    file.sync_all().ok();
    let took = start.elapsed();
    drop(file);
    // Checked from the file: every byte is the server's.
    let mut check = std::fs::File::open(&path).expect("the file");
    let mut buf = vec![0u8; 1 << 20];
    let mut offset = 0u64;
    let mut wrong = 0u64;
    loop {
        let n = check.read(&mut buf).expect("a read");
        if n == 0 {
            break;
        }
        wrong += buf[..n]
            .iter()
            .enumerate()
            .filter(|(i, b)| **b != pattern(offset + *i as u64))
            .count() as u64;
        offset += n as u64;
    }
    let _ = std::fs::remove_file(&path);
    let after_download = peak_kib();

    let upload: Vec<u8> = (0..UPLOAD).map(|i| (i * 7 % 253) as u8).collect();
    let expected = fold(0, &upload);
    let answer: serde_json::Value = client
        .put("/upload")
        .body_reader(
            "application/octet-stream",
            std::io::Cursor::new(upload),
            Some(UPLOAD as u64),
        )
        .send()
        .expect("the upload")
        .json()
        .expect("its JSON");
    let _ = server.kill();
    let _ = server.wait();

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "big_bodies: download {copied} bytes in {:.1} s ({:.0} MiB/s), {wrong} bytes wrong",
        took.as_secs_f64(),
        copied as f64 / (1 << 20) as f64 / took.as_secs_f64()
    );
    println!(
        "big_bodies: peak RSS {:.1} MiB before, {:.1} MiB after the download (grew {:.1} MiB, \
         {:.4} of the download; target: under 32 MiB in all)",
        mib(before),
        mib(after_download),
        mib(after_download.saturating_sub(before)),
        (after_download.saturating_sub(before) * 1024) as f64 / DOWNLOAD as f64
    );
    println!(
        "big_bodies: upload of {UPLOAD} bytes from a reader: the server read {} bytes, checksum {}",
        answer["len"],
        if answer["hash"].as_u64() == Some(expected) {
            "equal"
        } else {
            "DIFFERENT"
        }
    );
}
