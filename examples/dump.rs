use std::sync::Arc;
fn main() {
    let files: Vec<_> = std::env::args()
        .skip(1)
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let src = gwlint::source::SourceFile::from_bytes(p, &bytes).unwrap();
            let g = gwlint::document::parse(&src);
            (Arc::new(src), Arc::new(g))
        })
        .collect();
    let json = std::env::var("JSON").is_ok();
    print!(
        "{}",
        if json {
            gwlint::report::structure::render_json(&files)
        } else {
            gwlint::report::structure::render_human(&files)
        }
    );
}
