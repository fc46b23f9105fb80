use restlax::PageInfo;

fn main() {
    // Built with a constructor or `default()`, so fields can be added later.
    let _ = PageInfo {
        page: Some(1),
        per_page: None,
        total_pages: None,
        total_count: None,
        next: None,
    };
}
