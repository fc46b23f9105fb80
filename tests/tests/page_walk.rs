//! `index_all` over `Link` next pages that go round in a circle, on loopback: a
//! short circle ends at its first repeat, a circle longer than the runtime's
//! window of remembered pages (64) ends within the bound `runtime/src/cycle.rs`
//! documents, and a long walk holds the same memory at its end as near its start.
//!
//! The memory test counts the walking thread's heap with a counting global
//! allocator; only that thread counts, so the other tests of this binary and the
//! server's threads do not blur the figure.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use restlax::testing::{HttpServer, MockResponse};
use restlax::{Client, Retry};
use restlax_tests::thread_heap::{ThreadCounting, live, measured};

#[restlax::resource(path = "/items", actions(index))]
#[derive(Debug, serde::Deserialize)]
struct Item {
    id: u64,
}

/// Items on every page: page `p` holds ids `2p` and `2p + 1`.
const PER_PAGE: u64 = 2;

/// A server whose pages 0, 1, … link to the next one until page `tail + cycle − 1`,
/// which links back to page `tail`. `pad` bytes make every link that long. The
/// walk asks for page 0 without a `page` parameter, and the links never lead back
/// to it (tail ≥ 1), so every page but the first is asked for by its link.
struct Circle {
    server: HttpServer,
    requests: Arc<AtomicUsize>,
}

impl Circle {
    fn start(tail: u64, cycle: u64, pad: usize) -> Circle {
        assert!(tail >= 1 && cycle >= 1);
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&requests);
        let pad = "x".repeat(pad);
        let server = HttpServer::start("127.0.0.1", move |request| {
            counted.fetch_add(1, Ordering::SeqCst);
            let page: u64 = request
                .query
                .as_deref()
                .and_then(|q| q.split('&').find_map(|p| p.strip_prefix("page=")))
                .and_then(|p| p.parse().ok())
                .unwrap_or(0);
            let next = if page + 1 < tail + cycle {
                page + 1
            } else {
                tail
            };
            let items: Vec<BTreeMap<&str, u64>> = (0..PER_PAGE)
                .map(|i| BTreeMap::from([("id", page * PER_PAGE + i)]))
                .collect();
            MockResponse::json(200, &items).header(
                "link",
                format!("</items?page={next}&pad={pad}>; rel=\"next\""),
            )
        });
        Circle { server, requests }
    }

    fn client(&self) -> Client {
        Client::builder(self.server.url())
            .no_proxy()
            .retry(Retry::none())
            .build()
            .unwrap()
    }

    fn requests(&self) -> u64 {
        self.requests.load(Ordering::SeqCst) as u64
    }
}

/// Walks until the iterator ends or `cap` items came out; returns the ids, the
/// pages fetched, and whether it ended by itself.
fn walk(client: &Client, cap: usize) -> (Vec<u64>, u64, bool) {
    let mut pages = Item::index_all(client, ());
    let mut ids = Vec::new();
    while ids.len() < cap {
        match pages.next() {
            Some(item) => ids.push(item.unwrap().id),
            None => return (ids, pages.pages_fetched(), true),
        }
    }
    (ids, pages.pages_fetched(), false)
}

fn sorted_distinct(ids: &[u64]) -> Vec<u64> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[test]
fn a_short_circle_ends_at_its_first_repeat() {
    // A page that links to itself (a server ignoring the page parameter), A → B → A,
    // and a circle of 5 after a tail: every page once, no item twice.
    for (tail, cycle) in [(1, 1), (3, 1), (1, 2), (3, 5), (2, 64)] {
        let circle = Circle::start(tail, cycle, 16);
        let (ids, fetched, ended) = walk(&circle.client(), 10_000);
        let pages = tail + cycle;
        assert!(ended, "tail {tail}, cycle {cycle}: the walk did not end");
        assert_eq!(fetched, pages, "tail {tail}, cycle {cycle}");
        assert_eq!(circle.requests(), pages, "tail {tail}, cycle {cycle}");
        let expected: Vec<u64> = (0..pages * PER_PAGE).collect();
        assert_eq!(
            sorted_distinct(&ids),
            expected,
            "tail {tail}, cycle {cycle}"
        );
        assert_eq!(
            ids.len(),
            expected.len(),
            "tail {tail}, cycle {cycle}: repeats"
        );
    }
}

#[test]
fn a_circle_longer_than_the_window_ends_within_the_bound() {
    // Cycles of 65 and 300 pages, beyond the 64 remembered exactly, after a short
    // and a long tail. The bound from cycle.rs: at most max(tail, 2·cycle − 2)
    // pages beyond the tail + cycle distinct ones.
    for (tail, cycle) in [(1, 65), (10, 300), (200, 100)] {
        let circle = Circle::start(tail, cycle, 64);
        let distinct = tail + cycle;
        let bound = distinct + tail.max(2 * cycle - 2);
        // Well past the bound, so a walk that never ends fails instead of hanging.
        let cap = (4 * bound * PER_PAGE) as usize;
        let (ids, fetched, ended) = walk(&circle.client(), cap);
        assert!(
            ended,
            "tail {tail}, cycle {cycle}: still walking after {fetched} pages"
        );
        assert_eq!(circle.requests(), fetched, "tail {tail}, cycle {cycle}");
        assert!(
            (distinct..=bound).contains(&fetched),
            "tail {tail}, cycle {cycle}: {fetched} pages, bound {distinct}..={bound}"
        );
        let expected: Vec<u64> = (0..distinct * PER_PAGE).collect();
        assert_eq!(
            sorted_distinct(&ids),
            expected,
            "tail {tail}, cycle {cycle}"
        );
        assert_eq!(ids.len() as u64, fetched * PER_PAGE);
    }
}

#[global_allocator]
static ALLOCATOR: ThreadCounting = ThreadCounting;

#[test]
fn a_long_walk_with_long_links_holds_flat_memory() {
    // 500 pages in a line (the circle closes only after them), each linking
    // on with an 8 KB URL. Remembering every link held 8 KB more per page.
    let (pages, early, pad) = (500u64, 100u64, 8_000);
    let circle = Circle::start(pages, 1, pad);
    let client = circle.client();
    let ((walk, at_early, at_end), _, _) = measured(|| {
        let mut walk = Item::index_all(&client, ());
        let mut at_early = None;
        while walk.pages_fetched() < pages {
            walk.next().expect("an item").expect("a page");
            if walk.pages_fetched() == early && at_early.is_none() {
                at_early = Some(live());
            }
        }
        let at_end = live();
        (walk, at_early, at_end)
    });
    drop(walk);
    let at_early = at_early.expect("the walk passed page 100");
    let growth = at_end - at_early;
    println!(
        "live heap of the walking thread: {:.1} KiB at page {early}, {:.1} KiB at page {pages} \
         ({:+.1} KiB over {} pages of {} KB links)",
        at_early as f64 / 1024.0,
        at_end as f64 / 1024.0,
        growth as f64 / 1024.0,
        pages - early,
        pad / 1000,
    );
    // Fewer bytes than ten of the links the walk followed: one page in flight
    // and its link, the connection's buffers, nothing per page.
    assert!(
        growth < 10 * pad as isize,
        "the walk grew by {growth} bytes over {} pages",
        pages - early
    );
}
