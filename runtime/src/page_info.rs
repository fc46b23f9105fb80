//! What an API says about paging ([`PageInfo`], [`NextPage`]), as an
//! envelope reads it from an answer. One page of items and the next page's
//! request are `page.rs`.

/// How to ask for the page after this one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NextPage {
    /// Set these query parameters (replacing earlier values of the same keys) and
    /// keep every other parameter of the call, e.g. `page=3`.
    Query(Vec<(String, String)>),
    /// Fetch this URL: a `Link: rel="next"` target. In a [`Page`](crate::Page)'s info it is
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
