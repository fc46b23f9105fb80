//! Memory of one `index_all` walk over 20,000 pages whose `Link` next URLs are
//! ~30 KB each (issue 17, case 7): resident memory (`VmRSS`) and live heap (a
//! counting global allocator, all threads) grown since the first page, at
//! 1,000, 5,000 and 20,000 pages.
//!
//! ```text
//! cargo bench -p restlax-tests --bench page_walk
//! target/release/deps/page_walk-<hash> 5000 8000   # pages, link length
//! ```
//!
//! The ratio printed is the heap held at the end over the bytes of all the links
//! the walk followed, both from this run: remembering every link puts it at ~1,
//! a walk in flat memory near 0.

use std::hint::black_box;
use std::time::Instant;

use restlax::{Client, Retry};
use restlax_tests::Member;
use restlax_tests::bench::{BenchServer, Counting, live_bytes};

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The resident set of this process in KiB, from `/proc/self/status`.
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A page of one member, and for every page but the last a `Link` to the next
/// whose URL is `pad` bytes longer than it needs to be.
fn page(target: &str, pages: u64, pad: &str) -> Vec<u8> {
    let number: u64 = target
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("page="))
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let body = format!(r#"[{{"id":"{number}","email":"user{number}@example.com"}}]"#);
    let link = if number < pages {
        format!(
            "link: </accounts/a/members?page={}&pad={pad}>; rel=\"next\"\r\n",
            number + 1
        )
    } else {
        String::new()
    };
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{link}\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn main() {
    // `cargo test --benches` runs bench targets with `--bench`-less args; keep it quick there.
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let pages = numbers.first().copied().unwrap_or(20_000);
    let pad_len = numbers.get(1).copied().unwrap_or(30_000) as usize;
    let pad = "x".repeat(pad_len);
    let server = BenchServer::start(move |request| page(request.target, pages, &pad));
    let client = Client::builder(server.url())
        .no_proxy()
        .retry(Retry::none())
        .build()
        .unwrap();

    let checkpoints: Vec<u64> = [1_000, 5_000, 20_000]
        .into_iter()
        .filter(|&c| c < pages)
        .chain([pages])
        .collect();
    let mut walk = Member::index_all(&client, "a", ());
    // The baseline is taken once the first page is in: the connection and its
    // buffers exist by then, and every later byte is the walk's own.
    black_box(walk.next().expect("a first page").unwrap());
    let (heap0, rss0, start) = (live_bytes(), rss_kib().unwrap_or(0), Instant::now());
    println!(
        "{pages} pages, next links of {} KB each\n",
        (pad_len + 40) / 1000
    );
    println!(
        "{:>7}  {:>14}  {:>14}  {:>10}",
        "pages", "RSS growth", "heap growth", "µs/page"
    );
    let mut items = 1u64;
    let mut heap_end = 0isize;
    for &checkpoint in &checkpoints {
        while walk.pages_fetched() < checkpoint {
            match walk.next() {
                Some(member) => {
                    black_box(member.unwrap());
                    items += 1;
                }
                None => break,
            }
        }
        let heap = live_bytes() as isize - heap0 as isize;
        let rss = rss_kib().unwrap_or(0) as i64 - rss0 as i64;
        println!(
            "{:>7}  {:>10.1} MiB  {:>10.1} MiB  {:>10.0}",
            walk.pages_fetched(),
            rss as f64 / 1024.0,
            heap as f64 / (1024.0 * 1024.0),
            start.elapsed().as_secs_f64() * 1e6 / walk.pages_fetched() as f64,
        );
        heap_end = heap;
    }
    for member in walk {
        black_box(member.unwrap());
        items += 1;
    }
    assert_eq!(items, pages, "every page's member came out once");
    let links = (pages - 1) as f64 * pad_len as f64;
    let ratio = heap_end as f64 / links;
    let target = 0.01;
    println!(
        "\nheap held after {pages} pages / bytes of the links followed: {ratio:.4}  (target ≤ {target} {})",
        if ratio <= target { "ok" } else { "MISS" }
    );
    println!("{} requests served", server.requests());
}
