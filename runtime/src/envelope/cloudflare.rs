use serde::Deserialize;

use super::{Envelope, Response};
use crate::{ApiMessages, PageInfo};

/// Cloudflare API v4: `{"success": true, "result": …, "result_info": {…}}`.
///
/// A body with `"success": false` is a failure even with HTTP 200; its `errors[]`
/// become [`Error::api_messages`](crate::Error::api_messages). Lists page with
/// `result_info.page` / `total_pages`. A body that repeats `success`, `result`,
/// `errors` or `result_info` is an [`ErrorKind::Decode`](crate::ErrorKind::Decode)
/// error rather than a guess at which copy counts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cloudflare;

#[derive(Deserialize)]
struct ResultInfo {
    page: Option<u64>,
    per_page: Option<u64>,
    total_pages: Option<u64>,
    total_count: Option<u64>,
    count: Option<u64>,
}

impl Envelope for Cloudflare {
    fn data(&self) -> &[&str] {
        &["result"]
    }

    fn fields(&self) -> &[&str] {
        &["success", "errors", "result_info"]
    }

    fn failure(&self, response: &Response<'_>) -> Option<ApiMessages> {
        if response.field_as::<bool>("success") == Some(false) {
            Some(self.messages(response))
        } else {
            None
        }
    }

    fn page_info(&self, response: &Response<'_>) -> PageInfo {
        let Some(info) = response.field_as::<ResultInfo>("result_info") else {
            return PageInfo::default();
        };
        let mut page =
            PageInfo::numbered(info.page, info.per_page, info.total_pages, info.total_count);
        // Some endpoints omit total_pages; a short page is then the last one.
        if info.total_pages.is_none()
            && let (Some(count), Some(per_page)) = (info.count, info.per_page)
            && count < per_page
        {
            page.next = None;
        }
        page
    }
}
