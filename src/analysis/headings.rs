//! The body's outline: `一、` → `（一）` → `1.` → `（1）`, each level
//! numbered from 1 without gaps or repeats within its parent, levels nested
//! in the standard order (a level may be skipped, never reversed).

use crate::document::heading::Level;
use crate::document::outline::Heading;
use crate::document::Notice;
use crate::source::SourceFile;

use super::Problem;

/// Numbering gaps, repeats and reversed nesting.
pub fn sequence(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let mut out = Vec::new();
    for headings in n.outline(src) {
        // The last number seen at each level, cleared when a higher level
        // moves on.
        let mut last: [Option<u32>; 5] = [None; 5];
        // The last number at each level in the whole document: items may be
        // numbered continuously across parents (`（三）` under `二、`).
        let mut running: [Option<u32>; 5] = [None; 5];
        let mut deepest: Option<Level> = None;
        for h in headings {
            let l = h.level as usize;
            if let Some(d) = deepest {
                // `（一）` directly under `1.`: nesting reversed — unless a
                // higher level is running and this is its continuation.
                if h.level < d && last[l].is_none() && (1..l).all(|k| last[k].is_none()) {
                    out.push(
                        Problem::new("level-order", h.span.clone(), Some(n.index))
                            .arg("found", marker_text(src, h))
                            .arg("expected", level_name(h.level)),
                    );
                }
            }
            match last[l] {
                None if h.number != 1 && running[l] == Some(h.number - 1) => {}
                None if h.number != 1 => {
                    // A series under a new parent starts at 1; the first
                    // heading of a document may start anywhere only if it is
                    // a continuation (nothing to compare), so report only
                    // when a parent exists.
                    let has_parent = (1..l).any(|k| last[k].is_some());
                    if has_parent {
                        out.push(gap(src, n, h, 1));
                    }
                }
                Some(prev) if h.number == prev + 1 => {}
                // A restart at 1 begins a new list under a paragraph.
                Some(_) if h.number == 1 => {}
                Some(prev) => out.push(gap(src, n, h, prev + 1)),
                None => {}
            }
            last[l] = Some(h.number);
            running[l] = Some(h.number);
            for deeper in last.iter_mut().skip(l + 1) {
                *deeper = None;
            }
            deepest = Some(h.level);
        }
    }
    out
}

fn marker_text(src: &SourceFile, h: &Heading) -> String {
    src.text[h.span.clone()].to_string()
}

fn level_name(level: Level) -> String {
    match level {
        Level::One => "“一、”",
        Level::Two => "“（一）”",
        Level::Three => "“1.”",
        Level::Four => "“（1）”",
    }
    .to_string()
}

fn gap(src: &SourceFile, n: &Notice, h: &Heading, expected: u32) -> Problem {
    Problem::new(
        if h.number < expected { "repeat" } else { "gap" },
        h.span.clone(),
        Some(n.index),
    )
    .arg("found", marker_text(src, h))
    .arg("expected", standard_marker(h.level, expected))
}

/// The standard marker of `level` with `number`.
pub fn standard_marker(level: Level, number: u32) -> String {
    match level {
        Level::One => format!("{}、", chinese(number)),
        Level::Two => format!("（{}）", chinese(number)),
        Level::Three => format!("{number}."),
        Level::Four => format!("（{number}）"),
    }
}

fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n - 10) as usize]),
        20..=99 => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
        _ => n.to_string(),
    }
}

/// Markers written with the wrong separator: `1、` → `1.`, `一.` → `一、`.
/// (Half-width brackets, `(一)`, are punctuation and left to the
/// punctuation rules, so that one mistake is reported once.)
pub fn style(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    n.outline(src)
        .iter()
        .flatten()
        .filter_map(|h| {
            let text = &src.text[h.span.clone()];
            let sep_start = match h.level {
                Level::One | Level::Three => text.char_indices().last()?.0,
                _ => return None,
            };
            let standard = standard_marker(h.level, h.number);
            let sep = &text[sep_start..];
            let wrong = match h.level {
                Level::One => sep != "、",
                _ => sep == "、",
            };
            wrong.then(|| {
                let span = h.span.start + sep_start..h.span.end;
                let right = if h.level == Level::One { "、" } else { "." };
                Problem::new("style", span, Some(n.index))
                    .arg("found", text.to_string())
                    .arg("fix", standard)
                    .fix(right)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::source::Encoding;

    fn run(body: &str) -> (SourceFile, Vec<Problem>, Vec<Problem>) {
        let text =
            format!("关于加强管理的通知\n\n各镇人民政府：\n\n{body}\n县政府\n2014年7月7日\n");
        let src = SourceFile::new("t.txt", text, Encoding::Utf8);
        let g = document::parse(&src);
        let seq = sequence(&src, &g.notices[0]);
        let sty = style(&src, &g.notices[0]);
        (src, seq, sty)
    }

    #[test]
    fn gaps_and_repeats() {
        let (src, p, _) = run("一、总体要求\n（一）目标\n（三）原则\n二、任务\n二、保障\n");
        let found: Vec<_> = p
            .iter()
            .map(|p| (p.code, &src.text[p.span.clone()]))
            .collect();
        assert_eq!(found, [("gap", "（三）"), ("repeat", "二、")]);
    }

    #[test]
    fn good_outline_and_skipped_level() {
        let (_, p, s) = run("一、总体要求\n（一）目标\n1.第一项\n2.第二项\n（1）细项\n（二）原则\n二、任务\n1.直接使用第三层\n");
        assert!(p.is_empty(), "{p:?}");
        assert!(s.is_empty());
    }

    #[test]
    fn reversed_nesting_and_style() {
        let (src, p, s) = run("1.先用第三层\n（一）再用第二层\n(2)半角括号\n3、顿号\n");
        assert_eq!(p[0].code, "level-order");
        assert_eq!(&src.text[p[0].span.clone()], "（一）");
        let fixes: Vec<_> = s
            .iter()
            .map(|p| (&src.text[p.span.clone()], p.fix.clone().unwrap()))
            .collect();
        assert_eq!(fixes, [("、", ".".to_string())]);
    }
}
