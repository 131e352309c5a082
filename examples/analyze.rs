use gwlint::analysis::*;
fn main() {
    for p in std::env::args().skip(1) {
        let bytes = std::fs::read(&p).unwrap();
        let src = gwlint::source::SourceFile::from_bytes(p.clone(), &bytes).unwrap();
        let g = gwlint::document::parse(&src);
        let mut all = Vec::new();
        for n in &g.notices {
            all.extend(dates::invalid(&src, n));
            all.extend(dates::docno_year(&src, n));
            all.extend(dates::meeting_after(&src, n));
            all.extend(dates::deadline_before(&src, n));
            all.extend(dates::printing_before(&src, n));
            all.extend(attachments::missing_section(n, true));
            all.extend(attachments::unannounced_section(n));
            all.extend(attachments::numbering(&src, n));
            all.extend(attachments::name_mismatch(n));
            all.extend(attachments::dangling_reference(&src, n));
            if std::env::var("H").is_ok() {
                all.extend(headings::sequence(&src, n));
            }
            if std::env::var("HS").is_ok() {
                all.extend(headings::style(&src, n));
            }
        }
        all.extend(dates::issue_before(&g));
        for pr in all {
            let (l, c) = src.line_col(pr.span.start);
            println!(
                "{p}:{l}:{c} {} `{}` {:?}",
                pr.code,
                &src.text[pr.span.clone()],
                pr.args
            );
        }
    }
}
