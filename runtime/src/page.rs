use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::DeserializeOwned;

use crate::header::Header;
use crate::{Action, Client, Error, Opts};

// `Cursor` is the walk's own state: the next page's URL never travels through
// the public `Opts`.

/// How to ask for the page after this one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextPage {
    /// Set these query parameters (replacing earlier values of the same keys) and
    /// keep every other parameter of the call, e.g. `page=3`.
    Query(Vec<(String, String)>),
    /// Fetch this URL: a `Link: rel="next"` target. In a [`Page`]'s info it is
    /// already resolved against the URL that answered (so `</items?page=2>` and
    /// `<?page=2>` work); it must be on the client's origin, or fetching it fails.
    Url(String),
}

/// What an API said about a page of results. Fields the API does not send are `None`.
///
/// Non-exhaustive like its siblings, so a field can be added without a breaking
/// release: build one with [`numbered`](Self::numbered),
/// [`from_link_header`](Self::from_link_header) or `PageInfo::default()` and set
/// fields on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The page number (1-based), when the API numbers pages.
    pub page: Option<u64>,
    /// The page size.
    pub per_page: Option<u64>,
    /// The number of pages.
    pub total_pages: Option<u64>,
    /// The number of items over all pages.
    pub total_count: Option<u64>,
    /// How to get the next page; `None` on the last page.
    pub next: Option<NextPage>,
}

impl PageInfo {
    /// Page info for numbered pages; there is a next page while `page < total_pages`.
    pub fn numbered(
        page: Option<u64>,
        per_page: Option<u64>,
        total_pages: Option<u64>,
        total_count: Option<u64>,
    ) -> Self {
        let following = match (page, total_pages) {
            (Some(page), Some(total)) if page < total => page.checked_add(1),
            (Some(page), None) => page.checked_add(1),
            _ => None,
        };
        let next = following.map(|n| NextPage::Query(vec![("page".into(), n.to_string())]));
        PageInfo {
            page,
            per_page,
            total_pages,
            total_count,
            next,
        }
    }

    /// Page info from a `Link` header value (RFC 8288): its `rel="next"` target.
    ///
    /// ```
    /// let link = r#"<https://api.example.com/items?page=3>; rel="next", <https://api.example.com/items?page=9>; rel="last""#;
    /// let info = restlax::PageInfo::from_link_header(Some(link));
    /// assert_eq!(info.next, Some(restlax::NextPage::Url("https://api.example.com/items?page=3".into())));
    /// ```
    pub fn from_link_header(link: Option<&str>) -> Self {
        let next = link.and_then(next_link).map(NextPage::Url);
        PageInfo {
            next,
            ..PageInfo::default()
        }
    }
}

/// Finds the `rel="next"` target in a `Link` header value.
fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    loop {
        let start = rest.find('<')?;
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        let after = &rest[end + 1..];
        // The link's parameters end at the first comma outside quotes.
        let mut quoted = false;
        let params_end = after
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == ',' && !quoted
            })
            .map_or(after.len(), |(i, _)| i);
        let params = &after[..params_end];
        let is_next = params.split(';').any(|param| {
            let mut kv = param.splitn(2, '=');
            let key = kv.next().unwrap_or("").trim();
            let value = kv.next().unwrap_or("").trim().trim_matches('"');
            key.eq_ignore_ascii_case("rel")
                && value
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.to_owned());
        }
        rest = after.get(params_end + 1..).unwrap_or("");
    }
}

/// One page of a list: the items, what the API said about paging, and how to
/// ask for the next page. Derefs to `[T]`.
///
/// ```no_run
/// # use restlax::{resource, Client, Opts};
/// # #[resource(path = "/items", actions(index))]
/// # #[derive(serde::Deserialize)]
/// # struct Item { id: u64 }
/// # let client = Client::builder("http://127.0.0.1:1").build()?;
/// let page = Item::index(&client, Opts::new().query("per_page", 50))?;
/// println!("{} of {:?} items", page.len(), page.info().total_count);
/// if let Some(next) = page.next_opts() {
///     let _second = Item::index(&client, next)?;
/// }
/// # Ok::<(), restlax::Error>(())
/// ```
///
/// A numbered next page is a change of query ([`next_opts`](Self::next_opts)); a
/// `Link` next page is a URL ([`next_url`](Self::next_url)), which the generated
/// `_all` walks follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    items: Vec<T>,
    info: PageInfo,
    next: Option<Cursor>,
}

/// Where the next page of a walk is.
#[derive(Debug, Clone)]
pub(crate) enum Cursor {
    /// The action's own path with these options (a changed `page` query).
    Opts(Opts),
    /// A `Link` target resolved against the URL that answered (or why it could
    /// not be), fetched with the walk's options but not its query.
    Url(Result<String, String>, Opts),
}

impl Cursor {
    /// What identifies the page this cursor asks for.
    fn key(&self) -> String {
        match self {
            Cursor::Opts(opts) => {
                let mut key = String::from("?");
                crate::url::push_query(&mut key, opts.query_pairs());
                key
            }
            Cursor::Url(Ok(url), _) => url.clone(),
            Cursor::Url(Err(why), _) => why.clone(),
        }
    }
}

impl<T> Page<T> {
    /// `answered`: the URL that sent this page, against which a relative `Link`
    /// target resolves.
    pub(crate) fn new(items: Vec<T>, mut info: PageInfo, request: &Opts, answered: &str) -> Self {
        let next = match &mut info.next {
            None => None,
            Some(NextPage::Query(pairs)) => {
                let mut opts = request.clone();
                for (key, value) in pairs.iter() {
                    opts = opts.set_query(key.clone(), value);
                }
                Some(Cursor::Opts(opts))
            }
            Some(NextPage::Url(target)) => {
                let resolved = crate::url::resolve(answered, target);
                if let Ok(url) = &resolved {
                    target.clone_from(url);
                }
                Some(Cursor::Url(resolved, request.clone()))
            }
        };
        Page { items, info, next }
    }

    /// The items of this page.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, owned.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// What the API said about paging.
    pub fn info(&self) -> &PageInfo {
        &self.info
    }

    /// Whether the API says there is a page after this one.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The options that fetch the next numbered page: this call's options with
    /// the page changed. `None` on the last page, and for `Link` paging (see
    /// [`next_url`](Self::next_url)).
    pub fn next_opts(&self) -> Option<Opts> {
        match &self.next {
            Some(Cursor::Opts(opts)) => Some(opts.clone()),
            _ => None,
        }
    }

    /// The absolute URL of the next page when the API pages by `Link` header,
    /// resolved against the URL that sent this page.
    pub fn next_url(&self) -> Option<&str> {
        match &self.next {
            Some(Cursor::Url(Ok(url), _)) => Some(url),
            _ => None,
        }
    }

    pub(crate) fn into_parts(self) -> (Vec<T>, Option<Cursor>) {
        (self.items, self.next)
    }
}

impl<T> Deref for Page<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// Every item of a list, fetched page after page as the iterator is consumed.
///
/// Returned by the generated `index_all`. Only one page is held at a time, so
/// memory stays flat however many pages there are. It stops after the last page,
/// on an empty page, or on the first error (yielded once, then `None`).
///
/// ```no_run
/// # use restlax::{resource, Client};
/// # #[resource(path = "/items", actions(index))]
/// # #[derive(serde::Deserialize)]
/// # struct Item { id: u64 }
/// # let client = Client::builder("http://127.0.0.1:1").build()?;
/// for item in Item::index_all(&client, ()) {
///     let item = item?;
///     println!("{}", item.id);
/// }
/// # Ok::<(), restlax::Error>(())
/// ```
#[must_use = "iterators are lazy: nothing is fetched until it is consumed"]
pub struct Pages<T> {
    client: Client,
    action: &'static Action,
    /// Base URL and rendered path, without query.
    url: String,
    /// The action's declared headers, sent with every page.
    headers: Vec<Header>,
    buffer: std::vec::IntoIter<T>,
    state: State,
    pages: u64,
    /// Enough of the pages asked for so far (in fixed memory, see `cycle`) that a
    /// server whose next links go round in a circle (A → B → A) ends the walk
    /// instead of feeding it forever.
    visited: crate::cycle::CycleCheck,
    _t: PhantomData<fn() -> T>,
}

enum State {
    Fetch(Cursor),
    Failed(Error),
    Done,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(
        client: &Client,
        action: &'static Action,
        target: Result<(String, Vec<Header>), Error>,
        opts: Opts,
    ) -> Self {
        let (url, headers, state) = match target {
            Ok((url, headers)) => (url, headers, State::Fetch(Cursor::Opts(opts))),
            Err(error) => (String::new(), Vec::new(), State::Failed(error)),
        };
        Pages {
            client: client.clone(),
            action,
            url,
            headers,
            buffer: Vec::new().into_iter(),
            state,
            pages: 0,
            visited: crate::cycle::CycleCheck::new(),
            _t: PhantomData,
        }
    }

    /// How many pages have been fetched so far.
    pub fn pages_fetched(&self) -> u64 {
        self.pages
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                return Some(Ok(item));
            }
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return None,
                State::Failed(error) => return Some(Err(error)),
                State::Fetch(cursor) => {
                    // A server that ignores the page parameter would answer the
                    // same page forever, and next links may go round in a circle:
                    // a page asked for before ends the walk (at once for a short
                    // circle, within the bound `cycle` gives for a long one).
                    if !self.visited.visit(&cursor.key()) {
                        return None;
                    }
                    let page = crate::call::next_page::<T>(
                        &self.client,
                        self.action,
                        &self.headers,
                        &self.url,
                        &cursor,
                    );
                    self.pages += 1;
                    match page {
                        Err(error) => return Some(Err(error)),
                        Ok(page) => {
                            let (items, next) = page.into_parts();
                            if items.is_empty() {
                                return None;
                            }
                            if let Some(next) = next {
                                self.state = State::Fetch(next);
                            }
                            self.buffer = items.into_iter();
                        }
                    }
                }
            }
        }
    }
}

impl<T> std::fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("action", &self.action.name)
            .field("url", &self.url)
            .field("pages_fetched", &self.pages)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_variants() {
        assert_eq!(
            next_link(r#"<a>; rel="prev", <b>; rel="next""#),
            Some("b".into())
        );
        assert_eq!(next_link(r#"<a>; rel=next"#), Some("a".into()));
        assert_eq!(next_link(r#"<a>; rel="last first""#), None);
        assert_eq!(next_link(r#"<a>; title="x"; REL="Next""#), Some("a".into()));
        assert_eq!(next_link(""), None);
        assert_eq!(next_link("<unterminated"), None);
    }

    #[test]
    fn page_numbers_saturate() {
        assert!(
            PageInfo::numbered(Some(u64::MAX), None, None, None)
                .next
                .is_none()
        );
        assert!(
            PageInfo::numbered(Some(u64::MAX - 1), None, Some(u64::MAX), None)
                .next
                .is_some()
        );
    }

    #[test]
    fn link_targets_resolve_against_the_answering_url() {
        let info = PageInfo::from_link_header(Some(r#"<?page=2>; rel="next""#));
        let page = Page::new(
            vec![1],
            info,
            &Opts::new(),
            "http://h:1/repos/o/issues?page=1",
        );
        assert_eq!(page.next_url(), Some("http://h:1/repos/o/issues?page=2"));
        assert_eq!(
            page.info().next,
            Some(NextPage::Url("http://h:1/repos/o/issues?page=2".into()))
        );
        assert!(page.next_opts().is_none());
    }

    #[test]
    fn numbered_pages() {
        assert!(
            PageInfo::numbered(Some(3), None, Some(3), None)
                .next
                .is_none()
        );
        assert_eq!(
            PageInfo::numbered(Some(1), Some(5), Some(3), Some(11)).next,
            Some(NextPage::Query(vec![("page".into(), "2".into())]))
        );
    }
}
