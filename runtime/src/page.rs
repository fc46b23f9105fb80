//! Pages of a list: what an API says about paging ([`PageInfo`], [`NextPage`]),
//! one page of items ([`Page`]) and where the next one is (`Cursor`). The walk
//! over every page is `walk.rs`.

use std::ops::Deref;

use crate::Opts;

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
    /// Add the number of items on this page to this query parameter (0 when
    /// the call did not send it): offset paging, `offset=40` after a page of
    /// 20 at `offset=20`, under any name (`startAt`, `skip`, `start`).
    Advance(String),
    /// Set these top-level fields of the call's JSON body and send it again:
    /// a search that pages in its body (Notion's `start_cursor`, MLflow's
    /// `page_token` on `runs/search`). The body must be a JSON object.
    Body(Vec<(String, serde_json::Value)>),
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
        PageInfo::numbered_as("page", page, per_page, total_pages, total_count)
    }

    /// [`numbered`](Self::numbered), with the page number sent as `param`
    /// (`pageNumber`, `p`).
    ///
    /// ```
    /// use restlax::{NextPage, PageInfo};
    ///
    /// let info = PageInfo::numbered_as("pageNumber", Some(1), Some(50), Some(3), None);
    /// assert_eq!(info.next, Some(NextPage::Query(vec![("pageNumber".into(), "2".into())])));
    /// ```
    pub fn numbered_as(
        param: &str,
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
        let next = following.map(|n| NextPage::Query(vec![(param.into(), n.to_string())]));
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
    pub(crate) fn key(&self) -> String {
        match self {
            Cursor::Opts(opts) => {
                let mut key = String::from("?");
                crate::url::push_query(&mut key, opts.query_pairs());
                // A search that pages in its body asks for a page by its body.
                for (field, value) in &opts.body_fields {
                    key.push_str(&format!(" {field}={value}"));
                }
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
            Some(NextPage::Advance(param)) => {
                let at = request
                    .query_value(param)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0);
                let following = at.saturating_add(items.len() as u64);
                // An empty page advances nothing, and past the total there is
                // nothing: either is the last.
                let done = items.is_empty() || info.total_count.is_some_and(|t| following >= t);
                (!done).then(|| Cursor::Opts(request.clone().set_query(param.clone(), following)))
            }
            Some(NextPage::Body(fields)) => {
                let mut opts = request.clone();
                for (key, value) in fields.iter() {
                    opts = opts.set_body_field(key.clone(), value.clone());
                }
                Some(Cursor::Opts(opts))
            }
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

    /// The options that fetch the next page when passed back to the same call
    /// (the generated `index`, or the request API's same request), whatever
    /// the paging: this call's options with the page, offset or cursor
    /// changed (in place, so the query keeps its order), with the next
    /// `Link` target (fetched in place of the call's path, and refused if it
    /// is not on the client's origin), or with the body's cursor field set.
    /// `None` on the last page.
    pub fn next_opts(&self) -> Option<Opts> {
        match &self.next {
            Some(Cursor::Opts(opts)) => Some(opts.clone()),
            Some(Cursor::Url(Ok(url), opts)) => {
                let mut opts = opts.clone();
                opts.next_url = Some(url.clone());
                Some(opts)
            }
            Some(Cursor::Url(Err(_), _)) | None => None,
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
        assert_eq!(
            page.next_opts().and_then(|o| o.next_url).as_deref(),
            Some("http://h:1/repos/o/issues?page=2")
        );
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
