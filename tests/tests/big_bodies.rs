//! Big bodies (issue 20) over loopback: compressed answers decoded (gzip,
//! brotli, deflate; an encoding restlax cannot decode is named), a
//! decompression bomb refused in bounded memory, streamed downloads within
//! the deadline and the body limit, and uploads from a reader never re-sent.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use restlax::testing::{HttpServer, MockResponse, MockServer};
use restlax::{Client, ErrorKind, Opts, Retry};
use restlax_tests::thread_heap::{ThreadCounting, measured};
use serde_json::{Value, json};

#[global_allocator]
static HEAP: ThreadCounting = ThreadCounting;

fn client(url: &str) -> Client {
    Client::builder(url).no_proxy().build().unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn raw_deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer.write_all(bytes).unwrap();
    }
    out
}

/// Each encoding an HTTP test service (httpbin's `/gzip`, `/brotli`,
/// `/deflate`) answers with, decoded into the same JSON.
#[test]
fn gzip_brotli_and_deflate_answers_decode() {
    let body = serde_json::to_vec(&json!({"encoded": true, "text": "é".repeat(500)})).unwrap();
    let encodings: [(&str, Vec<u8>); 4] = [
        ("gzip", gzip(&body)),
        ("br", brotli(&body)),
        ("deflate", zlib(&body)),
        ("deflate", raw_deflate(&body)),
    ];
    for (name, encoded) in encodings {
        let api = MockServer::start();
        api.respond(
            MockResponse::bytes(200, encoded)
                .header("content-type", "application/json")
                .header("content-encoding", name),
        );
        let client = client(api.url());
        let value: Value = client.get("/anything").send().unwrap().json().unwrap();
        assert_eq!(value["encoded"], true, "{name}");
        let asked = api.last_request().unwrap();
        assert_eq!(asked.header("accept-encoding"), Some("gzip, br, deflate"));
    }
}

#[test]
fn an_encoding_restlax_cannot_decode_is_an_error_that_names_it() {
    let api = MockServer::start();
    api.respond(
        MockResponse::bytes(200, vec![0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])
            .header("content-type", "application/json")
            .header("content-encoding", "zstd"),
    );
    let error = client(api.url()).get("/zstd").send().unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("`zstd`"), "{error}");
}

/// A gzip body that decodes to 1 GiB of zeros, made by the system's `gzip`
/// (the test's own encoder is far slower in a debug build).
fn gigabyte_bomb() -> Vec<u8> {
    let mut child = Command::new("sh")
        .args(["-c", "head -c 1073741824 /dev/zero | gzip -1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("sh, head and gzip");
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    assert!(child.wait().unwrap().success());
    out
}

#[test]
fn a_decompression_bomb_is_body_too_large_in_bounded_memory() {
    let bomb = gigabyte_bomb();
    assert!(bomb.len() < 8 << 20, "{} bytes", bomb.len());
    let deflate_bomb = zlib(&vec![0u8; 64 << 20]);
    let brotli_bomb = brotli(&vec![0u8; 64 << 20]);
    for (name, encoded, limit) in [
        ("gzip", bomb, restlax::DEFAULT_MAX_BODY),
        ("deflate", deflate_bomb, 1 << 20),
        ("br", brotli_bomb, 1 << 20),
    ] {
        let api = MockServer::start();
        api.respond(
            MockResponse::bytes(200, encoded)
                .header("content-type", "application/json")
                .header("content-encoding", name),
        );
        let client = Client::builder(api.url())
            .max_body_size(limit)
            .no_proxy()
            .build()
            .unwrap();
        let (result, peak, _) = measured(|| client.get("/bomb").send());
        let error = result.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::BodyTooLarge, "{name}: {error}");
        // The limit, its buffer's doubling and the decoder's window: far
        // from the gigabyte.
        let bound = 2 * limit as usize + (8 << 20);
        assert!(peak < bound, "{name}: {peak} bytes at peak");
    }
}

// ---- Streaming downloads ----------------------------------------------------

#[test]
fn a_download_streams_in_its_decoded_bytes_with_the_limit_raised_for_one_call() {
    let body: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let api = MockServer::start();
    api.respond_always(
        MockResponse::bytes(200, gzip(&body))
            .header("content-type", "application/octet-stream")
            .header("content-encoding", "gzip"),
    );
    let client = Client::builder(api.url())
        .max_body_size(1 << 20)
        .no_proxy()
        .build()
        .unwrap();
    // Over the client's limit: refused while reading, as a wrapped error.
    let mut download = client.get("/export").send_streaming().unwrap();
    assert_eq!(download.status(), 200);
    let mut sink = Vec::new();
    let error = download.read_to_end(&mut sink).unwrap_err();
    let error = restlax::streaming::restlax_error(error);
    assert_eq!(error.kind(), ErrorKind::BodyTooLarge);
    // Raised for this call: every byte, read a piece at a time.
    let mut download = client
        .get("/export")
        .opts(Opts::new().max_body_size(8 << 20))
        .send_streaming()
        .unwrap();
    let (copied, peak, _) = measured(|| {
        let mut hasher = 0u64;
        let mut buf = [0u8; 16 * 1024];
        let mut n = 0;
        loop {
            let read = download.read(&mut buf).unwrap();
            if read == 0 {
                break;
            }
            hasher = buf[..read].iter().fold(hasher, |h, b| {
                h.wrapping_mul(31).wrapping_add(u64::from(*b))
            });
            n += read;
        }
        (n, hasher)
    });
    let expected = body
        .iter()
        .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(*b)));
    assert_eq!(copied, (body.len(), expected));
    assert!(peak < 1 << 20, "{peak} bytes at peak while streaming 3 MB");
}

#[test]
fn a_failure_status_is_a_typed_error_before_any_body_is_handed_out() {
    let api = MockServer::start();
    api.respond(MockResponse::json(
        404,
        &json!({"errcode": "M_NOT_FOUND", "error": "No such export"}),
    ));
    let error = client(api.url())
        .get("/export")
        .send_streaming()
        .unwrap_err();
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.api_messages()[0].code(), Some("M_NOT_FOUND"));
}

/// A server that sends its head and a little of the body, then stalls.
fn stalling_server() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut head = [0u8; 4096];
        let _ = stream.read(&mut head);
        let _ = stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: 1000000\r\n\r\nfirst bytes",
        );
        std::thread::sleep(Duration::from_secs(4));
    });
    (url, handle)
}

#[test]
fn a_stream_that_stalls_ends_within_the_deadline_with_a_wrapped_timeout() {
    let (url, server) = stalling_server();
    let client = client(&url);
    let start = Instant::now();
    let mut download = client
        .get("/stall")
        .opts(Opts::new().timeout(Duration::from_millis(800)))
        .send_streaming()
        .unwrap();
    let mut sink = Vec::new();
    let error = download.read_to_end(&mut sink).unwrap_err();
    let took = start.elapsed();
    assert!(took < Duration::from_secs(3), "took {took:?}");
    assert!(sink.starts_with(b"first bytes"));
    let error = restlax::streaming::restlax_error(error);
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    server.join().unwrap();
}

// ---- Uploads from a reader --------------------------------------------------

#[test]
fn a_503_to_a_reader_upload_is_not_sent_again() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let server = HttpServer::start("127.0.0.1", move |request| {
        seen.fetch_add(1, Ordering::SeqCst);
        assert_eq!(request.body.len(), 300_000);
        MockResponse::text(503, "busy").header("retry-after", "0")
    });
    let client = Client::builder(server.url())
        .retry(Retry::new(3).base_delay(Duration::from_millis(1)))
        .no_proxy()
        .build()
        .unwrap();
    let data = vec![7u8; 300_000];
    let error = client
        .put("/upload")
        .body_reader(
            "application/octet-stream",
            std::io::Cursor::new(data),
            Some(300_000),
        )
        .opts(Opts::new().idempotent())
        .send()
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "a reader is never sent twice"
    );
}

// ---- multipart/form-data, parsed back by an independent parser --------------

/// Python's standard `email` parser reading a `multipart/form-data` body:
/// each part's name, file name, media type and content (base64).
const PARSE: &str = r#"
import base64, email, json, sys
from email import policy
data = open(sys.argv[1], 'rb').read()
message = email.message_from_bytes(data, policy=policy.HTTP)
parts = []
for part in message.iter_parts():
    parts.append({
        "name": part.get_param("name", header="content-disposition"),
        "filename": part.get_filename(),
        "type": part.get_content_type() if part["content-type"] else None,
        "body": base64.b64encode(part.get_payload(decode=True)).decode(),
    })
print(json.dumps(parts))
"#;

fn parsed_by_python(content_type: &str, body: &[u8]) -> Value {
    let path = std::env::temp_dir().join(format!("restlax-multipart-{}.eml", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    write!(
        file,
        "Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n"
    )
    .unwrap();
    file.write_all(body).unwrap();
    drop(file);
    let out = Command::new("python3")
        .arg("-c")
        .arg(PARSE)
        .arg(&path)
        .output()
        .expect("python3");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    // The standard alphabet, with padding, as Python's base64 writes it.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn a_multipart_body_is_parsed_back_exactly_by_an_independent_parser() {
    let api = MockServer::start();
    api.respond_always(MockResponse::json(201, &json!({"ok": true})));
    let client = client(api.url());
    let tricky: Vec<u8> = [
        b"line one\r\nline two\r\n".as_slice(),
        b"--restlax-0000000000000000\r\n",
        b"Content-Disposition: form-data; name=\"fake\"\r\n\r\n",
        &[0, 1, 2, 255, 254, b'\r', b'\n', b'-', b'-'],
    ]
    .concat();
    let from_reader: Vec<u8> = (0..100_000u32).map(|i| (i % 256) as u8).collect();
    let form = restlax::multipart::Form::new()
        .text("title", "A \"quoted\" title")
        .file("notes", "notes.txt", "text/plain", tricky.clone())
        .file_reader(
            "data",
            "data.bin",
            "application/octet-stream",
            std::io::Cursor::new(from_reader.clone()),
            Some(from_reader.len() as u64),
        );
    client.post("/upload").multipart(form).send().unwrap();
    let sent = api.last_request().unwrap();
    let content_type = sent.header("content-type").unwrap().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    assert_eq!(
        sent.header("content-length")
            .map(|l| l.parse::<usize>().unwrap()),
        Some(sent.body.len()),
        "every length was known"
    );
    let parts = parsed_by_python(&content_type, &sent.body);
    assert_eq!(
        parts,
        json!([
            {"name": "title", "filename": null, "type": null, "body": b64(b"A \"quoted\" title")},
            {"name": "notes", "filename": "notes.txt", "type": "text/plain", "body": b64(&tricky)},
            {"name": "data", "filename": "data.bin", "type": "application/octet-stream", "body": b64(&from_reader)},
        ])
    );
}

// ---- Cassettes record every encoding decoded, and scrub it --------------------

#[test]
fn cassettes_record_gzip_brotli_and_deflate_answers_scrubbed() {
    use restlax::testing::{Cassette, Mode};
    let secrets = [
        "GZ-secret-token-0001",
        "BR-secret-token-0002",
        "DF-secret-token-0003",
    ];
    let api = MockServer::start();
    for (encoding, secret) in ["gzip", "br", "deflate"].into_iter().zip(secrets) {
        let body = serde_json::to_vec(&json!({"access_token": secret, "kind": encoding})).unwrap();
        let encoded = match encoding {
            "gzip" => gzip(&body),
            "br" => brotli(&body),
            _ => zlib(&body),
        };
        api.respond(
            MockResponse::bytes(200, encoded)
                .header("content-type", "application/json")
                .header("content-encoding", encoding),
        );
    }
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("encoded_cassette.json");
    let _ = std::fs::remove_file(&path);
    let run = |mode: Mode| -> Vec<Value> {
        let cassette = Cassette::builder(&path, api.url())
            .mode(mode)
            .start()
            .unwrap();
        let client = cassette.client_builder().build().unwrap();
        let seen = (0..3)
            .map(|i| {
                client
                    .get(&format!("/token/{i}"))
                    .send()
                    .unwrap()
                    .json()
                    .unwrap()
            })
            .collect();
        cassette.finish().unwrap();
        seen
    };
    let recorded = run(Mode::Record);
    for (value, secret) in recorded.iter().zip(secrets) {
        assert_eq!(
            value["access_token"], secret,
            "the client got the real answer"
        );
    }
    let text = std::fs::read_to_string(&path).unwrap();
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "{secret} is in the cassette:\n{text}"
        );
    }
    assert!(
        text.contains("\"kind\": \"br\"") && text.contains("\"kind\": \"deflate\""),
        "{text}"
    );
    let replayed = run(Mode::Replay);
    assert_eq!(api.request_count(), 3, "replay never reaches the API");
    for value in &replayed {
        assert!(
            value["access_token"]
                .as_str()
                .unwrap()
                .starts_with("scrubbed")
        );
    }
}
