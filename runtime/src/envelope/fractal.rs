use serde::Deserialize;

use super::{Envelope, Response};
use crate::PageInfo;

/// Fractal transformers (the Pterodactyl panel, other Laravel APIs):
/// `{"object": "user", "attributes": {…}}` for one item and
/// `{"object": "list", "data": [{"attributes": …}], "meta": {"pagination": {…}}}` for lists.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fractal;

#[derive(Deserialize)]
struct Meta {
    pagination: Pagination,
}

#[derive(Deserialize)]
struct Pagination {
    total: Option<u64>,
    per_page: Option<u64>,
    current_page: Option<u64>,
    total_pages: Option<u64>,
}

impl Envelope for Fractal {
    fn data(&self) -> &[&str] {
        &["attributes"]
    }

    fn items(&self) -> &[&str] {
        &["data"]
    }

    fn item(&self) -> &[&str] {
        &["attributes"]
    }

    fn fields(&self) -> &[&str] {
        &["meta"]
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        match response.field_as::<Meta>("meta") {
            Some(Meta { pagination: p }) => {
                PageInfo::numbered(p.current_page, p.per_page, p.total_pages, p.total)
            }
            None => PageInfo::from_link_header(response.header("link")),
        }
    }
}
