//! The body's outline: the heading markers (`一、`, `（一）`, `1.`, `（1）`)
//! of a notice, one list per document in it. Several checks read it
//! (numbering, marker style, lead units), so a notice computes it once
//! (`Notice::outline`).

use super::heading::{self, Level};
use super::{lines, Notice};
use crate::source::SourceFile;

/// A heading of the outline as found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: Level,
    pub number: u32,
    /// Line index (0-based).
    pub line: usize,
    /// Byte span of the marker.
    pub span: std::ops::Range<usize>,
    pub half_width: bool,
}

/// The outline of a notice: one list per document in it (the notice, then
/// each enclosed document or attachment, which number afresh).
pub(super) fn outline(src: &SourceFile, n: &Notice) -> Vec<Vec<Heading>> {
    let first = src.line_index(n.body.start);
    let last = src.line_index(n.range.end);
    // Enclosures and attachment sections start new outlines.
    let mut breaks: Vec<usize> = n
        .enclosures
        .iter()
        .map(|e| src.line_index(e.span.start))
        .chain(
            n.attachment_sections
                .iter()
                .map(|s| src.line_index(s.marker.span.start)),
        )
        .collect();
    breaks.sort_unstable();
    let mut outlines = vec![Vec::new()];
    let mut next_break = breaks.into_iter().peekable();
    for idx in first..=last {
        while next_break.peek().is_some_and(|&b| b <= idx) {
            next_break.next();
            outlines.push(Vec::new());
        }
        let range = src.line_range(idx);
        let raw = &src.text[range.clone()];
        // Table cells (tab-led) and list entries of the attachment list are
        // not headings.
        if raw.starts_with('\t')
            || raw.starts_with('|')
            || lines::starts_with_label(raw.trim_start(), "附件")
            || in_list(n, &range)
            || near_table(src, idx, first, last)
        {
            continue;
        }
        // `（二）、（三）` lists items; a heading is followed by its words.
        let followed_by_punct =
            |m: &heading::Marker| raw[m.offset + m.len..].starts_with(['、', '，', '。', ',']);
        if let Some(m) = heading::marker(raw).filter(|m| !followed_by_punct(m)) {
            let start = range.start + m.offset;
            outlines.last_mut().expect("one outline").push(Heading {
                level: m.level,
                number: m.number,
                line: idx,
                span: start..start + m.len,
                half_width: m.half_width,
            });
        }
    }
    outlines.retain(|o| !o.is_empty());
    outlines
}

/// Whether a line lies in the attachment list.
fn in_list(n: &Notice, range: &std::ops::Range<usize>) -> bool {
    n.attachment_list
        .as_ref()
        .is_some_and(|l| l.span.start <= range.start && range.start < l.span.end)
}

/// Whether a line sits among table cells (tab-led lines within two lines):
/// numbers in converted tables are not headings.
fn near_table(src: &SourceFile, idx: usize, first: usize, last: usize) -> bool {
    (idx.saturating_sub(2).max(first)..=(idx + 2).min(last))
        .any(|i| i != idx && src.line(i).starts_with('\t'))
}
