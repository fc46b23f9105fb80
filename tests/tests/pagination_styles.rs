//! Every pagination style of issue 19, each walked over loopback against a
//! server shaped like the public API it comes from, and fetched by hand with
//! one call: `page.next_opts()` passed back to the same call.

use restlax::envelope::{AfterLast, BodyToken, NextToken, NumberedPages, OffsetLimit};
use restlax::testing::{HttpServer, MockResponse, RecordedRequest};
use restlax::{Client, ErrorKind, Opts, resource};
use serde::Deserialize;
use serde_json::{Value, json};

fn client(url: &str) -> Client {
    Client::builder(url).no_proxy().build().unwrap()
}

/// The value of `key` in a request's query.
fn query(request: &RecordedRequest, key: &str) -> Option<String> {
    request.query.as_deref()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| v.to_owned())
    })
}

/// Ten items, `i0` … `i9`.
fn all_ids() -> Vec<String> {
    (0..10).map(|i| format!("i{i}")).collect()
}

#[derive(Debug, Deserialize)]
struct Item {
    id: String,
}

fn ids(items: impl IntoIterator<Item = Result<Item, restlax::Error>>) -> Vec<String> {
    items.into_iter().map(|item| item.unwrap().id).collect()
}

// ---- Matrix: a token in a body field, sent back as a query parameter ------

/// Matrix's `GET /rooms/{id}/messages`: `{"chunk": […], "end": "t<n>"}`, no
/// `end` on the last page; the next page is `?from=t<n>`.
#[resource(path = "/_matrix/client/v3/rooms/<room_id>/messages", actions(index),
           envelope = NextToken { items: &["chunk"], token: &["end"], param: "from" })]
#[derive(Debug, Deserialize)]
struct MatrixEvent {
    event_id: String,
}

#[test]
fn matrix_token_pages() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let from: usize = query(&request, "from")
            .and_then(|t| t.trim_start_matches('t').parse().ok())
            .unwrap_or(0);
        let chunk: Vec<Value> = (from..(from + 3).min(10))
            .map(|i| json!({"event_id": format!("$e{i}")}))
            .collect();
        let mut body = json!({"chunk": chunk, "start": format!("t{from}")});
        if from + 3 < 10 {
            body["end"] = json!(format!("t{}", from + 3));
        }
        MockResponse::json(200, &body)
    });
    let client = client(server.url());
    let events: Vec<String> =
        MatrixEvent::index_all(&client, "!r:x", Opts::new().query("dir", "f"))
            .map(|e| e.unwrap().event_id)
            .collect();
    assert_eq!(events.len(), 10);
    assert_eq!(events[9], "$e9");
    // By hand: one call for the next page.
    let first = MatrixEvent::index(&client, "!r:x", Opts::new().query("dir", "f")).unwrap();
    let next = first.next_opts().unwrap();
    assert_eq!(
        next.query_pairs().collect::<Vec<_>>(),
        [("dir", "f"), ("from", "t3")]
    );
    let second = MatrixEvent::index(&client, "!r:x", next).unwrap();
    assert_eq!(second.items()[0].event_id, "$e3");
}

// ---- Slack: a nested cursor, `""` on the last page -------------------------

#[test]
fn slack_nested_cursor_pages_with_the_request_api() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let at: usize = query(&request, "cursor")
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let end = (at + 4).min(10);
        let items: Vec<Value> = (at..end).map(|i| json!({"id": format!("i{i}")})).collect();
        let next = if end < 10 {
            end.to_string()
        } else {
            String::new()
        };
        MockResponse::json(
            200,
            &json!({"ok": true, "channels": items, "response_metadata": {"next_cursor": next}}),
        )
    });
    let slack = NextToken {
        items: &["channels"],
        token: &["response_metadata", "next_cursor"],
        param: "cursor",
    };
    let items = client(server.url())
        .get("/api/conversations.list")
        .query("limit", 4)
        .opts(Opts::new().envelope(slack))
        .pages::<Item>();
    assert_eq!(ids(items), all_ids());
}

// ---- Stripe: the cursor is the last item's id ------------------------------

/// Stripe's `GET /v1/customers`: `{"data": […], "has_more": true}`, the next
/// page `?starting_after=<last id>`.
#[resource(path = "/v1/customers", actions(index),
           envelope = AfterLast { items: &["data"], id: "id", param: "starting_after", more: "has_more" })]
#[derive(Debug, Deserialize)]
struct Customer {
    id: String,
}

#[test]
fn stripe_starting_after_the_last_item() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let after = query(&request, "starting_after");
        let start = after.map_or(0, |id| {
            id.trim_start_matches('i').parse::<usize>().unwrap() + 1
        });
        let limit: usize = query(&request, "limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(10);
        let end = (start + limit).min(10);
        let data: Vec<Value> = (start..end)
            .map(|i| json!({"id": format!("i{i}")}))
            .collect();
        MockResponse::json(
            200,
            &json!({"object": "list", "data": data, "has_more": end < 10}),
        )
    });
    let client = client(server.url());
    let customers: Vec<String> = Customer::index_all(&client, Opts::new().query("limit", 3))
        .map(|c| c.unwrap().id)
        .collect();
    assert_eq!(customers, all_ids());
    let first = Customer::index(&client, Opts::new().query("limit", 3)).unwrap();
    let next = first.next_opts().unwrap();
    assert_eq!(next.query_value("starting_after"), Some("i2"));
}

// ---- RabbitMQ: numbered pages under its names, asked for on the first page --

/// RabbitMQ's `GET /api/queues`: a bare array without `?page=`, a paged
/// object with it (`page`, `page_count`, `page_size`).
#[resource(path = "/api/queues", actions(index),
           envelope = NumberedPages { items: &["items"], page: "page", pages: "page_count",
                                      param: "page", first: &[("page", "1"), ("page_size", "4")] })]
#[derive(Debug, Deserialize)]
struct Queue {
    name: String,
}

#[test]
fn rabbitmq_first_page_query_and_later_pages_keep_the_query_order() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let Some(page) = query(&request, "page").and_then(|p| p.parse::<usize>().ok()) else {
            let all: Vec<Value> = (0..10).map(|i| json!({"name": format!("q{i}")})).collect();
            return MockResponse::json(200, &all);
        };
        let size: usize = query(&request, "page_size")
            .and_then(|s| s.parse().ok())
            .unwrap_or(100);
        let items: Vec<Value> = ((page - 1) * size..(page * size).min(10))
            .map(|i| json!({"name": format!("q{i}")}))
            .collect();
        MockResponse::json(
            200,
            &json!({"items": items, "page": page, "page_count": 10_usize.div_ceil(size),
                    "page_size": size, "total_count": 10}),
        )
    });
    let client = client(server.url());
    let names: Vec<String> = Queue::index_all(&client, Opts::new().query("name", "q"))
        .map(|q| q.unwrap().name)
        .collect();
    assert_eq!(names.len(), 10);
    let first = Queue::index(&client, Opts::new().query("page_size", 2)).unwrap();
    assert_eq!(
        first.items().len(),
        2,
        "the caller's page_size wins over the envelope's"
    );
    let next = first.next_opts().unwrap();
    assert_eq!(
        next.query_pairs().collect::<Vec<_>>(),
        [("page_size", "2"), ("page", "2")],
        "the page changes in place"
    );
    let opts = Opts::new().query("page", 1).query("page_size", 2);
    let next = Queue::index(&client, opts).unwrap().next_opts().unwrap();
    assert_eq!(
        next.query_pairs().collect::<Vec<_>>(),
        [("page", "2"), ("page_size", "2")]
    );
}

// ---- Jira: offset and limit under their names -------------------------------

/// Jira's `GET /rest/api/2/search?startAt=0&maxResults=50`:
/// `{"issues": […], "startAt": 0, "total": 10}`.
#[resource(path = "/rest/api/2/search", actions(index),
           envelope = OffsetLimit { items: &["issues"], param: "startAt", limit: "maxResults", total: "total",
                                    first: &[("startAt", "0"), ("maxResults", "3")] })]
#[derive(Debug, Deserialize)]
struct Issue {
    key: String,
}

#[test]
fn jira_offset_pages_stop_at_the_total() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let start: usize = query(&request, "startAt")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let max: usize = query(&request, "maxResults")
            .and_then(|s| s.parse().ok())
            .unwrap_or(50);
        let issues: Vec<Value> = (start..(start + max).min(10))
            .map(|i| json!({"key": format!("P-{i}")}))
            .collect();
        MockResponse::json(
            200,
            &json!({"issues": issues, "startAt": start, "total": 10}),
        )
    });
    let client = client(server.url());
    let keys: Vec<String> = Issue::index_all(&client, ())
        .map(|i| i.unwrap().key)
        .collect();
    assert_eq!(keys.len(), 10);
    assert_eq!(keys[9], "P-9");
    let last = Issue::index(&client, Opts::new().query("startAt", 9)).unwrap();
    assert!(last.next_opts().is_none(), "9 + 1 reaches the total");
}

// ---- Notion and MLflow: a search that pages in its JSON body ----------------

#[test]
fn notion_and_mlflow_searches_page_in_their_body() {
    let server = HttpServer::start("127.0.0.1", |request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let (cursor_field, items_key, next_key) = if request.path.contains("mlflow") {
            ("page_token", "runs", "next_page_token")
        } else {
            ("start_cursor", "results", "next_cursor")
        };
        assert_eq!(
            body["filter"],
            json!({"status": "done"}),
            "the query is sent again"
        );
        let at: usize = body[cursor_field]
            .as_str()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let end = (at + 4).min(10);
        let items: Vec<Value> = (at..end).map(|i| json!({"id": format!("i{i}")})).collect();
        let mut answer = json!({items_key: items, "has_more": end < 10});
        if end < 10 {
            answer[next_key] = json!(end.to_string());
        }
        MockResponse::json(200, &answer)
    });
    let client = client(server.url());
    let search = json!({"filter": {"status": "done"}, "page_size": 4});
    let notion = BodyToken {
        items: &["results"],
        token: &["next_cursor"],
        more: "has_more",
        field: "start_cursor",
    };
    let pages = client
        .post("/v1/databases/d1/query")
        .json(&search)
        .opts(Opts::new().envelope(notion))
        .pages::<Item>();
    assert_eq!(ids(pages), all_ids());
    let mlflow = BodyToken {
        items: &["runs"],
        token: &["next_page_token"],
        more: "",
        field: "page_token",
    };
    let pages = client
        .post("/api/2.0/mlflow/runs/search")
        .json(&search)
        .opts(Opts::new().envelope(mlflow))
        .pages::<Item>();
    assert_eq!(ids(pages), all_ids());
    // By hand: the next page's options set the body's cursor.
    let first = client
        .post("/v1/databases/d1/query")
        .json(&search)
        .opts(Opts::new().envelope(notion))
        .send()
        .unwrap()
        .page::<Item>()
        .unwrap();
    let second = client
        .post("/v1/databases/d1/query")
        .json(&search)
        .opts(first.next_opts().unwrap())
        .send()
        .unwrap()
        .page::<Item>()
        .unwrap();
    assert_eq!(second.items()[0].id, "i4");
    // A body that cannot carry a cursor is refused before anything is sent.
    let error = client
        .post("/v1/databases/d1/query")
        .body("text/plain", "x")
        .opts(first.next_opts().unwrap())
        .send()
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest);
}

// ---- GitHub: a `Link` next page fetched by hand with next_opts -------------

/// GitHub's issues, paged by `Link: <…?page=2>; rel="next"`.
#[resource(path = "/repos/<owner>/<repo>/issues", actions(index))]
#[derive(Debug, Deserialize)]
struct GithubIssue {
    number: u64,
}

#[test]
fn github_link_pages_by_hand_with_next_opts() {
    let server = HttpServer::start_with("127.0.0.1", |url| {
        let url = url.to_owned();
        move |request: RecordedRequest| {
            let page: u64 = query(&request, "page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let mut answer = MockResponse::json(200, &json!([{"number": page * 10}]));
            if page < 3 {
                let next = format!(
                    "<{url}/repos/o/r/issues?page={}&per_page=1>; rel=\"next\"",
                    page + 1
                );
                answer = answer.header("link", next);
            } else {
                // A link off the client's origin is refused when followed.
                answer =
                    answer.header("link", "<http://elsewhere.test/steal?page=4>; rel=\"next\"");
            }
            answer
        }
    });
    let client = client(server.url());
    let mut numbers = Vec::new();
    let mut opts = Opts::new().query("per_page", 1);
    for _ in 0..3 {
        let page = GithubIssue::index(&client, "o", "r", opts.clone()).unwrap();
        numbers.push(page.items()[0].number);
        match page.next_opts() {
            Some(next) => opts = next,
            None => break,
        }
    }
    assert_eq!(numbers, [10, 20, 30]);
    let error = GithubIssue::index(&client, "o", "r", opts).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
}

// ---- Offsets without a total: a short page is the last -----------------------

/// A server answering with `answer` that logs every request line (`GET /x?y`).
fn logged(
    answer: impl Fn(&RecordedRequest) -> MockResponse + Send + Sync + 'static,
) -> (HttpServer, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = std::sync::Arc::clone(&log);
    let server = HttpServer::start("127.0.0.1", move |request| {
        let response = answer(&request);
        kept.lock().unwrap().push(request.line());
        response
    });
    (server, log)
}

/// Confluence's `GET /rest/api/space/{key}/content/page?start=0&limit=4`:
/// `{"results": […], "start": 0, "limit": 4, "size": 4}`, no total.
#[resource(path = "/rest/api/space/<key>/content/page", actions(index(returns = Item)),
           envelope = OffsetLimit { items: &["results"], param: "start", limit: "limit", total: "",
                                    first: &[("limit", "4")] })]
struct ConfluencePage;

/// Redmine's `GET /issues.json?offset=0&limit=100`: `{"issues": […],
/// "total_count": 10, "offset": 0, "limit": 100}`, the limit capped by the
/// server (at 100; here at 3).
#[resource(path = "/issues.json", actions(index(returns = Item)),
           envelope = OffsetLimit { items: &["issues"], param: "offset", limit: "limit",
                                    total: "total_count", first: &[] })]
struct RedmineIssue;

#[test]
fn offsets_end_at_a_short_page_unless_a_total_says_more() {
    let (server, log) = logged(|request| {
        let start: usize = query(request, "start")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let limit: usize = query(request, "limit")
            .and_then(|s| s.parse().ok())
            .unwrap_or(25);
        let results: Vec<Value> = (start.min(10)..(start + limit).min(10))
            .map(|i| json!({"id": format!("i{i}")}))
            .collect();
        MockResponse::json(
            200,
            &json!({"size": results.len(), "results": results, "start": start, "limit": limit}),
        )
    });
    let client = client(server.url());
    assert_eq!(
        ids(ConfluencePage::index_all(&client, "DOC", ())),
        all_ids()
    );
    // 4 + 4 + 2: the short third page ends the walk; no empty page is asked for.
    let path = "GET /rest/api/space/DOC/content/page";
    assert_eq!(
        *log.lock().unwrap(),
        [
            format!("{path}?limit=4"),
            format!("{path}?limit=4&start=4"),
            format!("{path}?limit=4&start=8"),
        ]
    );
    let last = ConfluencePage::index(&client, "DOC", Opts::new().query("start", 8)).unwrap();
    assert_eq!((last.items().len(), last.info().per_page), (2, Some(4)));
    assert!(last.next_opts().is_none());
    // With a total, a page shorter than asked for is a server's cap, not the
    // end (Redmine's limit is capped).
    let server = HttpServer::start("127.0.0.1", |request| {
        let offset: usize = query(&request, "offset")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let limit = query(&request, "limit")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(25)
            .min(3);
        let issues: Vec<Value> = (offset.min(10)..(offset + limit).min(10))
            .map(|i| json!({"id": format!("i{i}")}))
            .collect();
        MockResponse::json(
            200,
            &json!({"issues": issues, "total_count": 10, "offset": offset, "limit": limit}),
        )
    });
    let redmine = Client::builder(server.url()).no_proxy().build().unwrap();
    let walked = ids(RedmineIssue::index_all(
        &redmine,
        Opts::new().query("limit", 100),
    ));
    assert_eq!(walked, all_ids());
}

// ---- A search declared as a list action with a body walks with `_all` -------

const NOTION: BodyToken = BodyToken {
    items: &["results"],
    token: &["next_cursor"],
    more: "has_more",
    field: "start_cursor",
};

/// Notion's `POST /v1/databases/{id}/query`: the body `{"filter": …,
/// "page_size": 4, "start_cursor": "…"}`, the answer `{"results": […],
/// "next_cursor": "…" | null, "has_more": …}`, declared as an action.
#[resource(path = "/v1/databases/<database_id>", actions(),
           action(name = query, method = "POST", path = "query", body, list, walk, returns = Item,
                  envelope = NOTION),
           action(name = update, method = "PATCH", body, returns = ()))]
struct Database;

fn notion(log: &std::sync::Arc<std::sync::Mutex<Vec<Value>>>) -> HttpServer {
    let log = std::sync::Arc::clone(log);
    HttpServer::start("127.0.0.1", move |request| {
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        log.lock().unwrap().push(body.clone());
        let size = body["page_size"].as_u64().unwrap_or(100) as usize;
        let at: usize = body["start_cursor"]
            .as_str()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let end = (at + size).min(10);
        let results: Vec<Value> = (at..end).map(|i| json!({"id": format!("i{i}")})).collect();
        let next = (end < 10).then(|| end.to_string());
        MockResponse::json(
            200,
            &json!({"object": "list", "results": results, "next_cursor": next, "has_more": end < 10}),
        )
    })
}

#[test]
fn a_declared_search_walks_its_pages_with_its_body() {
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = notion(&bodies);
    let client = client(server.url());
    let search =
        json!({"filter": {"property": "Done", "checkbox": {"equals": true}}, "page_size": 4});
    assert_eq!(
        ids(Database::query_all(&client, "d1", &search, ())),
        all_ids()
    );
    let sent = bodies.lock().unwrap().clone();
    let mut expected = vec![search.clone(); 3];
    expected[1]["start_cursor"] = json!("4");
    expected[2]["start_cursor"] = json!("8");
    assert_eq!(sent, expected);
    // By hand: the same action, the same body, the page's next options.
    let first = Database::query(&client, "d1", &search, ()).unwrap();
    let second = Database::query(&client, "d1", &search, first.next_opts().unwrap()).unwrap();
    assert_eq!(second.items()[0].id, "i4");
}

#[test]
fn next_page_options_are_refused_by_a_call_that_reads_no_page() {
    let bodies = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let server = notion(&bodies);
    let client = client(server.url());
    let first = Database::query(&client, "d1", &json!({"page_size": 4}), ()).unwrap();
    // A cursor merged into an update's body would change what it writes.
    let error = Database::update(
        &client,
        "d1",
        &json!({"title": "x"}),
        first.next_opts().unwrap(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert!(error.to_string().contains("Page::next_opts"), "{error}");
    assert_eq!(bodies.lock().unwrap().len(), 1, "nothing more was sent");
}

/// GitHub's `GET /repos/{owner}/{repo}/issues` paged by `Link`, and one issue
/// at `/repos/{owner}/{repo}/issues/{number}`.
#[resource(
    path = "/repos/<owner>/<repo>/issues",
    id = "number",
    actions(index, show)
)]
#[derive(Debug, Deserialize)]
struct RepoIssue {
    number: u64,
}

#[test]
fn a_next_page_link_is_not_fetched_by_show() {
    let (server, log) = logged(|request| {
        if request.path.ends_with("/issues") {
            MockResponse::json(200, &json!([{"number": 1}]))
                .header("link", "</repos/o/r/issues?page=2>; rel=\"next\"")
        } else {
            MockResponse::json(200, &json!({"number": 7}))
        }
    });
    let client = client(server.url());
    let page = RepoIssue::index(&client, "o", "r", ()).unwrap();
    let error = RepoIssue::show(&client, "o", "r", 7, page.next_opts().unwrap()).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error}");
    assert_eq!(log.lock().unwrap().len(), 1, "nothing more was sent");
    assert_eq!(RepoIssue::show(&client, "o", "r", 7, ()).unwrap().number, 7);
}
