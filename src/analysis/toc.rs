//! Across notices: the table of contents against the notices it lists, and
//! document numbers used twice.

use std::collections::HashMap;

use super::{edit_distance, normalize, Problem};
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

/// Above this many (entry, notice) pairs, an entry's title is compared only
/// with the notices around its own position in the table, so that a file of
/// thousands of entries and notices costs linear, not quadratic, time.
const ALL_PAIRS: usize = 1 << 16;
const NEARBY: usize = 64;

/// The notices of a gazette prepared once for matching TOC entries.
struct Notices<'g> {
    g: &'g Gazette,
    /// Canonical number → the first notice with it.
    by_number: HashMap<String, usize>,
    /// Normalised title → the last notice with it.
    by_title: HashMap<String, usize>,
    titles: Vec<Vec<char>>,
}

impl<'g> Notices<'g> {
    fn new(g: &'g Gazette) -> Self {
        let mut by_number = HashMap::new();
        let mut by_title = HashMap::new();
        let mut titles = Vec::with_capacity(g.notices.len());
        for (i, n) in g.notices.iter().enumerate() {
            if let Some(d) = &n.doc_number {
                by_number.entry(canonical(d)).or_insert(i);
            }
            let t = title_of(n);
            titles.push(t.chars().collect());
            by_title.insert(t, i);
        }
        Notices {
            g,
            by_number,
            by_title,
            titles,
        }
    }

    /// Which notice entry `pos` of the table lists: the one with its number,
    /// else the one whose title is most alike (the last of equals).
    fn matching(&self, pos: usize, e: &TocEntry) -> Option<&'g Notice> {
        let notices = &self.g.notices;
        if let Some(d) = &e.doc_number {
            if let Some(&i) = self.by_number.get(&canonical(d)) {
                return Some(&notices[i]);
            }
        }
        let t = normalize(&e.title.text);
        if let Some(&i) = self.by_title.get(&t) {
            return Some(&notices[i]);
        }
        let t: Vec<char> = t.chars().collect();
        let range = if self.g.toc.len().saturating_mul(notices.len()) <= ALL_PAIRS {
            0..notices.len()
        } else {
            let at = pos * notices.len() / self.g.toc.len().max(1);
            at.saturating_sub(NEARBY)..(at + NEARBY).min(notices.len())
        };
        range
            .filter_map(|i| Some((i, similar_enough(&t, &self.titles[i])?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| &notices[i])
    }
}

/// The similarity of two titles when it reaches [`SAME_NOTICE`]; the edit
/// distance is not computed when the lengths alone rule it out.
fn similar_enough(a: &[char], b: &[char]) -> Option<f64> {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return Some(1.0);
    }
    let at_most = 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    if at_most < SAME_NOTICE {
        return None;
    }
    let s = 1.0 - edit_distance(a, b) as f64 / longest as f64;
    (s >= SAME_NOTICE).then_some(s)
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
    let notices = Notices::new(g);
    for (pos, e) in g.toc.iter().enumerate() {
        let Some(n) = notices.matching(pos, e) else {
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
    let notices = Notices::new(g);
    let mut listed = vec![false; g.notices.len()];
    for (pos, e) in g.toc.iter().enumerate() {
        if let Some(n) = notices.matching(pos, e) {
            if let Some(l) = listed.get_mut(n.index) {
                *l = true;
            }
        }
    }
    g.notices
        .iter()
        .filter(|n| !listed.get(n.index).copied().unwrap_or(false))
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
