//! The one page: `assets/serve/index.html` with its stylesheet and script
//! inlined, so that it works with no network and no other request.

const HTML: &str = include_str!("../../assets/serve/index.html");
const CSS: &str = include_str!("../../assets/serve/app.css");
const JS: &str = include_str!("../../assets/serve/app.js");

/// The page, with the request limit the server enforces (so that the page
/// can refuse an oversized file before sending it).
pub fn html(max_request: usize) -> String {
    HTML.replace("/*{{CSS}}*/", CSS)
        .replace("/*{{JS}}*/", JS)
        .replace("{{MAX_REQUEST}}", &max_request.to_string())
        .replace("{{VERSION}}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn assembled_page_is_self_contained() {
        let page = super::html(1234);
        assert!(page.contains("data-max-request=\"1234\""));
        assert!(!page.contains("{{") && !page.contains("/*{{"));
        // No resource from anywhere else: no external script, style, font or image.
        for needle in ["src=\"http", "href=\"http", "url(http", "@import", "//cdn"] {
            assert!(!page.contains(needle), "{needle}");
        }
    }
}
