//! Across notices: the table of contents against the notices it lists, and
//! document numbers used twice.

use super::{normalize, similarity, Problem};
use crate::document::{DocNumberPart, Gazette, Notice, TocEntry};

/// A number in canonical form, for comparison (`[2019]` = `〔2019〕`).
fn canonical(d: &DocNumberPart) -> String {
    d.parsed
        .as_ref()
        .map(|p| p.canonical())
        .unwrap_or_else(|| normalize(&d.part.text))
}

fn title_of(n: &Notice) -> String {
    n.title
        .as_ref()
        .map(|t| normalize(&t.text))
        .unwrap_or_default()
}

/// How similar a title must be for an entry to be taken as listing a notice.
const SAME_NOTICE: f64 = 0.6;

/// Which notice a TOC entry lists: the one with its number, else the one
/// whose title is most alike.
fn match_entry<'g>(g: &'g Gazette, e: &TocEntry) -> Option<&'g Notice> {
    if let Some(d) = &e.doc_number {
        let c = canonical(d);
        if let Some(n) = g
            .notices
            .iter()
            .find(|n| n.doc_number.as_ref().is_some_and(|nd| canonical(nd) == c))
        {
            return Some(n);
        }
    }
    let t = normalize(&e.title.text);
    g.notices
        .iter()
        .map(|n| (n, similarity(&t, &title_of(n))))
        .filter(|&(_, s)| s >= SAME_NOTICE)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n)
}

/// Titles that read the same; a table of contents grouped by office may
/// leave out the office that opens the title (`青铜峡市人民政府关于…` listed as
/// `关于…`).
fn same_title(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long
        || (long.ends_with(short)
            && short.chars().count() >= 8
            && ["关于", "印发", "转发", "批转"]
                .iter()
                .any(|o| short.starts_with(o)))
}

/// TOC entries whose title or number differs from the notice they list, and
/// entries that list no notice.
pub fn entries(g: &Gazette) -> Vec<Problem> {
    let mut out = Vec::new();
    for e in &g.toc {
        let Some(n) = match_entry(g, e) else {
            out.push(
                Problem::new("toc-orphan", e.title.span.clone(), None)
                    .arg("title", e.title.text.clone()),
            );
            continue;
        };
        if let Some(t) = &n.title {
            if !same_title(&normalize(&e.title.text), &normalize(&t.text)) {
                out.push(
                    Problem::new("toc-title", e.title.span.clone(), Some(n.index))
                        .arg("toc", e.title.text.clone())
                        .arg("title", t.text.clone())
                        .related(t.span.clone(), "正文中的标题"),
                );
            }
        }
        if let (Some(ed), Some(nd)) = (&e.doc_number, &n.doc_number) {
            if canonical(ed) != canonical(nd) {
                out.push(
                    Problem::new("toc-number", ed.part.span.clone(), Some(n.index))
                        .arg("toc", ed.part.text.clone())
                        .arg("number", nd.part.text.clone())
                        .related(nd.part.span.clone(), "正文中的发文字号"),
                );
            }
        }
    }
    out
}

/// Notices that the table of contents does not list (when it has one).
pub fn unlisted(g: &Gazette) -> Vec<Problem> {
    if g.toc.is_empty() {
        return Vec::new();
    }
    let listed: Vec<usize> = g
        .toc
        .iter()
        .filter_map(|e| match_entry(g, e))
        .map(|n| n.index)
        .collect();
    g.notices
        .iter()
        .filter(|n| !listed.contains(&n.index))
        .filter_map(|n| {
            let t = n.title.as_ref()?;
            Some(
                Problem::new("toc-unlisted", t.span.clone(), Some(n.index))
                    .arg("title", t.text.clone()),
            )
        })
        .collect()
}

/// The same document number on two different notices of one gazette.
///
/// Linear: for each number, the first notice that carries it and the first
/// whose title differs from that one's are remembered; the first earlier
/// notice with the same number and another title is one of the two.
pub fn duplicate_numbers(g: &Gazette) -> Vec<Problem> {
    use std::collections::HashMap;
    // number → (first notice and its title, first notice with another title)
    type Seen<'a> = ((&'a Notice, String), Option<&'a Notice>);
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut out = Vec::new();
    for n in &g.notices {
        let Some(d) = &n.doc_number else { continue };
        let title = title_of(n);
        let first = match seen.get_mut(&canonical(d)) {
            None => {
                seen.insert(canonical(d), ((n, title), None));
                continue;
            }
            Some(((first, first_title), other)) => {
                if *first_title != title {
                    other.get_or_insert(n);
                    Some(*first)
                } else {
                    *other
                }
            }
        };
        if let Some(first) = first {
            let fd = first.doc_number.as_ref().expect("matched on its number");
            out.push(
                Problem::new("duplicate-number", d.part.span.clone(), Some(n.index))
                    .arg("number", d.part.text.clone())
                    .arg("line", fd.part.line.to_string())
                    .related(fd.part.span.clone(), "首次使用该发文字号的公文"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::source::{Encoding, SourceFile};

    #[test]
    fn toc_against_notices() {
        let text = "目 录\n\n关于加强耕地保护工作的通知\n\n青政办发[2019]28号\n\n..... (3)\n\n关于印发奖励办法的通知\n\n青政办发〔2019〕34号\n\n..... (5)\n\n关于不存在的通知\n\n青政办发〔2019〕99号\n\n..... (9)\n\n关于加强耕地保护工作的通知\n\n青政办发〔2019〕28号\n\n各镇：\n\n正文。\n\n2019年4月9日\n\n关于印发引客奖励办法的通知\n\n青政办发〔2019〕35号\n\n各镇：\n\n正文。\n\n2019年4月30日\n\n关于另一件事的通知\n\n青政办发〔2019〕28号\n\n各镇：\n\n正文。\n\n2019年5月9日\n";
        let src = SourceFile::new("t.txt", text.into(), Encoding::Utf8);
        let g = document::parse(&src);
        assert_eq!((g.toc.len(), g.notices.len()), (3, 3));
        let p = entries(&g);
        let codes: Vec<_> = p
            .iter()
            .map(|p| (p.code, &src.text[p.span.clone()]))
            .collect();
        assert_eq!(
            codes,
            [
                ("toc-title", "关于印发奖励办法的通知"),
                ("toc-number", "青政办发〔2019〕34号"),
                ("toc-orphan", "关于不存在的通知"),
            ]
        );
        let u = unlisted(&g);
        assert_eq!(&src.text[u[0].span.clone()], "关于另一件事的通知");
        let d = duplicate_numbers(&g);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].notice, Some(2));
    }
}
