//! One page of a list ([`Page`]) and where the next one is (`Cursor`). What
//! the API said about paging is `page_info.rs`; the walk over every page is
//! `walk.rs`.

use std::ops::Deref;

use crate::Opts;
use crate::page_info::{NextPage, PageInfo};

// `Cursor` is the walk's own state: the next page's URL never travels through
// the public `Opts`.

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
}
