//! Pagination styles beyond numbered `page=` and the `Link` header, as
//! envelopes a declaration can name (`envelope = NextToken { … }`): each is a
//! constant of public fields, so an API's own names need no new type.
//!
//! Each reads what it pages by from the body with a second, skimming pass
//! over its top level (the data itself is decoded once, straight into the
//! model), so the envelope sees a page's JSON, never the model.

use std::collections::BTreeMap;

use serde_json::value::RawValue;

use super::{Envelope, Response};
use crate::{NextPage, PageInfo};

/// The value at `path` (object keys from the top) of a JSON body, as text:
/// a string as it is, a number or `true`/`false` as written; `None` when
/// absent, `null`, or not a scalar.
fn text_at(body: &[u8], path: &[&str]) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let top: BTreeMap<String, &RawValue> = serde_json::from_slice(body).ok()?;
    let mut raw = *top.get(*first)?;
    for key in rest {
        let object: BTreeMap<String, &RawValue> = serde_json::from_str(raw.get()).ok()?;
        raw = *object.get(*key)?;
    }
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The `field` of the last element of the array at `items`, as text.
fn last_item_field(body: &[u8], items: &[&str], field: &str) -> Option<String> {
    let mut raw: &RawValue = serde_json::from_slice(body).ok()?;
    for key in items {
        let object: BTreeMap<String, &RawValue> = serde_json::from_str(raw.get()).ok()?;
        raw = *object.get(*key)?;
    }
    let list: Vec<&RawValue> = serde_json::from_str(raw.get()).ok()?;
    let last = list.last()?;
    text_at(last.get().as_bytes(), &[field])
}

/// Whether a flag such as `has_more` says there is more: `true` when the
/// envelope names none.
fn more(body: &[u8], flag: &str) -> bool {
    flag.is_empty() || text_at(body, &[flag]).as_deref() == Some("true")
}

/// Items under `items`; the next page's token in the body at `token` (a path
/// of keys), sent back as the query parameter `param`. No token (absent,
/// `null` or `""`) on the last page.
///
/// Matrix's `GET /rooms/{id}/messages` (`{"chunk": […], "end": "t47"}` →
/// `?from=t47`):
///
/// ```
/// # #[cfg(feature = "testing")] {
/// use restlax::envelope::NextToken;
/// use restlax::testing::{MockResponse, MockServer};
/// use restlax::Opts;
/// use serde_json::json;
///
/// #[restlax::resource(path = "/_matrix/client/v3/rooms/<room_id>/messages", actions(index),
///     envelope = NextToken { items: &["chunk"], token: &["end"], param: "from" })]
/// #[derive(serde::Deserialize)]
/// struct Event { event_id: String }
///
/// let server = MockServer::start();
/// server.respond(MockResponse::json(200, &json!({"chunk": [{"event_id": "$1"}], "end": "t2"})));
/// server.respond(MockResponse::json(200, &json!({"chunk": [{"event_id": "$2"}]})));
/// let client = server.client_builder().build()?;
///
/// let events: Vec<Event> = Event::index_all(&client, "!r:x", Opts::new().query("dir", "b"))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(events.len(), 2);
/// assert_eq!(server.requests()[1].query.as_deref(), Some("dir=b&from=t2"));
/// # }
/// # Ok::<(), restlax::Error>(())
/// ```
///
/// Slack is `NextToken { items: &["channels"], token: &["response_metadata",
/// "next_cursor"], param: "cursor" }`; MLflow's experiments `NextToken {
/// items: &["experiments"], token: &["next_page_token"], param: "page_token" }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextToken {
    /// Object keys leading to the list (and to a single value).
    pub items: &'static [&'static str],
    /// Object keys leading to the next page's token.
    pub token: &'static [&'static str],
    /// The query parameter the token is sent back as.
    pub param: &'static str,
}

impl Envelope for NextToken {
    fn data(&self) -> &[&str] {
        self.items
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let next = text_at(response.body(), self.token)
            .filter(|token| !token.is_empty())
            .map(|token| NextPage::Query(vec![(self.param.to_owned(), token)]));
        PageInfo {
            next,
            ..PageInfo::default()
        }
    }
}

/// Items under `items`; while the flag `more` is `true`, the next page starts
/// after the last item: the query parameter `param` set to its `id` field.
///
/// Stripe (`{"data": […], "has_more": true}` → `?starting_after=cus_9`),
/// the next page fetched by hand:
///
/// ```
/// # #[cfg(feature = "testing")] {
/// use restlax::envelope::AfterLast;
/// use restlax::testing::{MockResponse, MockServer};
/// use restlax::Opts;
/// use serde_json::json;
///
/// #[restlax::resource(path = "/v1/customers", actions(index),
///     envelope = AfterLast { items: &["data"], id: "id", param: "starting_after", more: "has_more" })]
/// #[derive(serde::Deserialize)]
/// struct Customer { id: String }
///
/// let server = MockServer::start();
/// server.respond(MockResponse::json(200, &json!({
///     "object": "list", "data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true})));
/// server.respond(MockResponse::json(200, &json!({
///     "object": "list", "data": [{"id": "cus_3"}], "has_more": false})));
/// let client = server.client_builder().build()?;
///
/// let page = Customer::index(&client, Opts::new().query("limit", 2))?;
/// let last = Customer::index(&client, page.next_opts().expect("has_more"))?;
/// assert_eq!(last.items()[0].id, "cus_3");
/// assert!(last.next_opts().is_none());
/// assert_eq!(server.requests()[1].query.as_deref(), Some("limit=2&starting_after=cus_2"));
/// # }
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AfterLast {
    /// Object keys leading to the list.
    pub items: &'static [&'static str],
    /// The field of an item that names it.
    pub id: &'static str,
    /// The query parameter the last item's `id` is sent as.
    pub param: &'static str,
    /// The top-level flag that says more pages follow (`""`: a page that is
    /// not empty always may have more).
    pub more: &'static str,
}

impl Envelope for AfterLast {
    fn data(&self) -> &[&str] {
        self.items
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let body = response.body();
        let next = more(body, self.more)
            .then(|| last_item_field(body, self.items, self.id))
            .flatten()
            .map(|id| NextPage::Query(vec![(self.param.to_owned(), id)]));
        PageInfo {
            next,
            ..PageInfo::default()
        }
    }
}

/// Numbered pages under any names: the page number in the body's `page`
/// field, the number of pages in `pages`, the next page asked for with the
/// query parameter `param`; `first` is the first page's query (for an API
/// that pages only when asked).
///
/// RabbitMQ's management API (`GET /api/queues?page=1&page_size=100` →
/// `{"items": […], "page": 1, "page_count": 3}`; without `?page=` it answers
/// a bare array, hence the first page's query):
///
/// ```
/// # #[cfg(feature = "testing")] {
/// use restlax::envelope::NumberedPages;
/// use restlax::testing::{MockResponse, MockServer};
/// use serde_json::json;
///
/// #[restlax::resource(path = "/api/queues", actions(index),
///     envelope = NumberedPages { items: &["items"], page: "page", pages: "page_count",
///                                param: "page", first: &[("page", "1"), ("page_size", "100")] })]
/// #[derive(serde::Deserialize)]
/// struct Queue { name: String }
///
/// let server = MockServer::start();
/// server.respond(MockResponse::json(200, &json!({"items": [{"name": "a"}], "page": 1, "page_count": 2})));
/// server.respond(MockResponse::json(200, &json!({"items": [{"name": "b"}], "page": 2, "page_count": 2})));
/// let client = server.client_builder().build()?;
///
/// let queues: Vec<Queue> = Queue::index_all(&client, ()).collect::<Result<_, _>>()?;
/// assert_eq!(queues.len(), 2);
/// let asked: Vec<_> = server.requests().into_iter().map(|r| r.query.unwrap()).collect();
/// assert_eq!(asked, ["page=1&page_size=100", "page=2&page_size=100"]);
/// # }
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberedPages {
    /// Object keys leading to the list.
    pub items: &'static [&'static str],
    /// The top-level field holding this page's number.
    pub page: &'static str,
    /// The top-level field holding the number of pages.
    pub pages: &'static str,
    /// The query parameter the next page's number is sent as.
    pub param: &'static str,
    /// The first page's query.
    pub first: &'static [(&'static str, &'static str)],
}

impl Envelope for NumberedPages {
    fn data(&self) -> &[&str] {
        self.items
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let number = |field: &str| text_at(response.body(), &[field])?.parse::<u64>().ok();
        PageInfo::numbered_as(
            self.param,
            number(self.page),
            None,
            number(self.pages),
            None,
        )
    }

    fn first_page(&self) -> &[(&'static str, &'static str)] {
        self.first
    }
}

/// Offset paging under any names (`offset=`/`limit=`, `start=`/`count=`,
/// `startAt=`/`maxResults=`): the query parameter `param` advanced by the
/// number of items each page brings. The walk ends at the body's `total`
/// (when named); without one, at a page shorter than the size the call asked
/// for with the query parameter `limit` (when named: a server may cap the
/// size, so with a total this rule is not used); and always at an empty
/// page. `first` is the first page's query.
///
/// Jira (`?startAt=0&maxResults=50` → `{"issues": […], "total": 120}`), and
/// an API without a total whose last page is short:
///
/// ```
/// # #[cfg(feature = "testing")] {
/// use restlax::envelope::OffsetLimit;
/// use restlax::testing::{MockResponse, MockServer};
/// use serde_json::json;
///
/// #[restlax::resource(path = "/rest/api/2/search", actions(index),
///     envelope = OffsetLimit { items: &["issues"], param: "startAt", limit: "maxResults",
///                              total: "total", first: &[("startAt", "0"), ("maxResults", "2")] })]
/// #[derive(serde::Deserialize)]
/// struct Issue { key: String }
///
/// let server = MockServer::start();
/// server.respond(MockResponse::json(200, &json!({"issues": [{"key": "P-1"}, {"key": "P-2"}], "total": 3})));
/// server.respond(MockResponse::json(200, &json!({"issues": [{"key": "P-3"}], "total": 3})));
/// let client = server.client_builder().build()?;
///
/// let issues: Vec<Issue> = Issue::index_all(&client, ()).collect::<Result<_, _>>()?;
/// assert_eq!(issues.len(), 3);
/// let asked: Vec<_> = server.requests().into_iter().map(|r| r.query.unwrap()).collect();
/// assert_eq!(asked, ["startAt=0&maxResults=2", "startAt=2&maxResults=2"]);
///
/// // No total: `start`/`limit`, ended by the short page (no empty page asked for).
/// const PAGES: OffsetLimit = OffsetLimit { items: &["results"], param: "start", limit: "limit",
///                                          total: "", first: &[("limit", "2")] };
/// server.respond(MockResponse::json(200, &json!({"results": [{"key": "a"}, {"key": "b"}]})));
/// server.respond(MockResponse::json(200, &json!({"results": [{"key": "c"}]})));
/// let pages = client.get("/rest/api/content").opts(restlax::Opts::new().envelope(PAGES)).pages();
/// let keys: Vec<Issue> = pages.collect::<Result<_, _>>()?;
/// assert_eq!((keys.len(), server.request_count()), (3, 4));
/// # }
/// # Ok::<(), restlax::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetLimit {
    /// Object keys leading to the list.
    pub items: &'static [&'static str],
    /// The query parameter holding the offset.
    pub param: &'static str,
    /// The query parameter holding the page size (`""`: none), read back from
    /// the URL that answered: a page shorter than it is the last, unless
    /// `total` is named.
    pub limit: &'static str,
    /// The top-level field holding the number of items in all (`""`: none).
    pub total: &'static str,
    /// The first page's query.
    pub first: &'static [(&'static str, &'static str)],
}

impl Envelope for OffsetLimit {
    fn data(&self) -> &[&str] {
        self.items
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let total_count = if self.total.is_empty() {
            None
        } else {
            text_at(response.body(), &[self.total]).and_then(|t| t.parse().ok())
        };
        let per_page = if self.limit.is_empty() {
            None
        } else {
            response
                .query(self.limit)
                .and_then(|l| l.parse::<u64>().ok())
        };
        // With a total, a short page may be a server's cap on the size, not
        // the end: only the total ends the walk then.
        let short = total_count.is_none()
            && per_page
                .zip(response.item_count())
                .is_some_and(|(limit, count)| (count as u64) < limit);
        PageInfo {
            per_page,
            total_count,
            next: (!short).then(|| NextPage::Advance(self.param.to_owned())),
            ..PageInfo::default()
        }
    }

    fn first_page(&self) -> &[(&'static str, &'static str)] {
        self.first
    }
}

/// A search that pages in its JSON body: items under `items`, the next
/// page's token at `token`, while the flag `more` is `true`; the token is
/// sent back as the top-level body field `field` of the same request.
///
/// Notion (`POST /v1/databases/{id}/query` with `{"start_cursor": …}` →
/// `{"results": […], "next_cursor": "c2", "has_more": true}`), declared as a
/// `list` action that takes a `body` and may `walk`, whose `_all` walk sends
/// the body with every page:
///
/// ```
/// # #[cfg(feature = "testing")] {
/// use restlax::envelope::BodyToken;
/// use restlax::testing::{MockResponse, MockServer};
/// use serde_json::json;
///
/// const NOTION: BodyToken = BodyToken {
///     items: &["results"], token: &["next_cursor"], more: "has_more", field: "start_cursor",
/// };
///
/// #[restlax::resource(path = "/v1/databases/<database_id>", actions(),
///     action(name = query, method = "POST", path = "query", body, list, walk, envelope = NOTION))]
/// #[derive(serde::Deserialize)]
/// struct Row { id: String }
///
/// let server = MockServer::start();
/// server.respond(MockResponse::json(200, &json!({"results": [{"id": "a"}], "next_cursor": "c2", "has_more": true})));
/// server.respond(MockResponse::json(200, &json!({"results": [{"id": "b"}], "next_cursor": null, "has_more": false})));
/// let client = server.client_builder().build()?;
///
/// let rows: Vec<Row> = Row::query_all(&client, "d1", &json!({"page_size": 1}), ())
///     .collect::<Result<_, _>>()?;
/// assert_eq!(rows.len(), 2);
/// assert_eq!(server.requests()[1].body_json(), json!({"page_size": 1, "start_cursor": "c2"}));
/// # }
/// # Ok::<(), restlax::Error>(())
/// ```
///
/// An endpoint nobody declared walks the same with the request API:
/// `client.post("/v1/databases/d1/query").json(&query).opts(Opts::new().envelope(NOTION)).pages::<Row>()`
/// ([`RequestBuilder::pages`](crate::RequestBuilder::pages)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyToken {
    /// Object keys leading to the list.
    pub items: &'static [&'static str],
    /// Object keys leading to the next page's token.
    pub token: &'static [&'static str],
    /// The top-level flag that says more pages follow (`""`: a token alone
    /// says so).
    pub more: &'static str,
    /// The body field the token is sent back in.
    pub field: &'static str,
}

impl Envelope for BodyToken {
    fn data(&self) -> &[&str] {
        self.items
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let body = response.body();
        let next = more(body, self.more)
            .then(|| text_at(body, self.token))
            .flatten()
            .filter(|token| !token.is_empty())
            .map(|token| {
                NextPage::Body(vec![(
                    self.field.to_owned(),
                    serde_json::Value::String(token),
                )])
            });
        PageInfo {
            next,
            ..PageInfo::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_at_paths_and_last_items() {
        let body = br#"{"response_metadata":{"next_cursor":"dXNlcjpV"},"n":3,"z":null,"data":[{"id":"a"},{"id":"b"}]}"#;
        assert_eq!(
            text_at(body, &["response_metadata", "next_cursor"]).as_deref(),
            Some("dXNlcjpV")
        );
        assert_eq!(text_at(body, &["n"]).as_deref(), Some("3"));
        assert_eq!(text_at(body, &["z"]), None);
        assert_eq!(text_at(body, &["missing"]), None);
        assert_eq!(last_item_field(body, &["data"], "id").as_deref(), Some("b"));
        assert_eq!(last_item_field(br#"{"data":[]}"#, &["data"], "id"), None);
    }
}
