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
            if std::env::var("U").is_ok() {
                let m = vec![
                    regex::Regex::new(r"(?:牵头单位|责任单位|牵头部门|责任部门)[\*]*[：:]")
                        .unwrap(),
                    regex::Regex::new(
                        r"[（(][^（）()]{2,80}(?:牵头|负责|配合|落实)[^（）()]{0,80}[）)]",
                    )
                    .unwrap(),
                ];
                let ex = vec![regex::Regex::new(r"目标|指导思想|总体要求|基本原则|工作原则|意义|背景|保障措施|组织领导|实施步骤|步骤|时间安排|工作要求").unwrap()];
                all.extend(units::lead_unit(&src, n, &m, &ex, 3));
            }
            if std::env::var("UR").is_ok() {
                for f in std::fs::read_dir("rules/units").unwrap() {
                    let reg = units::Registry::from_toml(
                        &std::fs::read_to_string(f.unwrap().path()).unwrap(),
                    )
                    .unwrap();
                    all.extend(units::unknown_units(&src, n, &reg));
                }
            }
            if std::env::var("UN").is_ok() {
                for (_, u) in units::named_units(&src.text[n.range.clone()], 0) {
                    println!("UNIT {p} {u}");
                }
                for s in &n.signers {
                    println!("UNIT {p} {}", s.text);
                }
            }
            if std::env::var("H").is_ok() {
                all.extend(headings::sequence(&src, n));
            }
            if std::env::var("HS").is_ok() {
                all.extend(headings::style(&src, n));
            }
        }
        all.extend(dates::issue_before(&g));
        all.extend(toc::entries(&g));
        all.extend(toc::unlisted(&g));
        all.extend(toc::duplicate_numbers(&g));
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
// (units dump appended below)
