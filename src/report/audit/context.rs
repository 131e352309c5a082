//! The text shown around a finding on the audit page: a little of its line
//! before and after the span, and the span itself (highlighted by the page).

use std::ops::Range;

use crate::source::SourceFile;

/// Characters of context kept on each side of the span.
const CONTEXT: usize = 36;
/// Longest span shown in full; longer ones are cut in the middle.
const MAX_SPAN: usize = 240;

#[derive(Debug, PartialEq, Eq)]
pub struct Context<'a> {
    /// The line's text before the span (cut at the front with `…`).
    pub before: String,
    /// The span's text (a missing part has an empty span).
    pub marked: &'a str,
    /// Whether `marked` is too long and must be shown cut.
    pub long: bool,
    pub after: String,
}

pub fn around<'a>(src: &'a SourceFile, span: Range<usize>) -> Context<'a> {
    let start = span.start.min(src.text.len());
    let end = span.end.clamp(start, src.text.len());
    let first = src.line_range(src.line_index(start));
    let last = src.line_range(src.line_index(end));
    let before = &src.text[first.start..start.max(first.start)];
    let after = &src.text[end.min(last.end)..last.end];
    let skip = before.chars().count().saturating_sub(CONTEXT);
    let before = if skip > 0 {
        format!("…{}", before.chars().skip(skip).collect::<String>())
    } else {
        before.to_string()
    };
    let after = if after.chars().count() > CONTEXT {
        format!("{}…", after.chars().take(CONTEXT).collect::<String>())
    } else {
        after.to_string()
    };
    let marked = &src.text[start..end];
    Context {
        before,
        marked,
        long: marked.chars().count() > MAX_SPAN,
        after,
    }
}

/// The head and tail of a long span, for display.
pub fn cut(s: &str) -> (String, String) {
    let n = s.chars().count();
    let half = MAX_SPAN / 2;
    (
        s.chars().take(half).collect(),
        s.chars().skip(n.saturating_sub(half)).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    fn src(text: &str) -> SourceFile {
        SourceFile::new("t.txt", text.to_string(), Encoding::Utf8)
    }

    #[test]
    fn span_within_a_line() {
        let s = src("第一行\n各镇人民政府,县政府各部门\r\n末行");
        let at = s.text.find(',').unwrap();
        let c = around(&s, at..at + 1);
        assert_eq!(c.before, "各镇人民政府");
        assert_eq!(c.marked, ",");
        assert_eq!(c.after, "县政府各部门");
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let line = format!("{}错{}", "甲".repeat(50), "乙".repeat(50));
        let s = src(&line);
        let at = line.find('错').unwrap();
        let c = around(&s, at..at + '错'.len_utf8());
        assert_eq!(c.before, format!("…{}", "甲".repeat(CONTEXT)));
        assert_eq!(c.after, format!("{}…", "乙".repeat(CONTEXT)));
    }

    #[test]
    fn empty_span_shows_its_line() {
        let s = src("标题\n正文");
        let c = around(&s, 7..7);
        assert_eq!((c.before.as_str(), c.marked), ("", ""));
        assert_eq!(c.after, "正文");
    }

    #[test]
    fn span_over_lines() {
        let s = src("前文（一\n二）后文");
        let start = s.text.find('（').unwrap();
        let end = s.text.find('）').unwrap() + '）'.len_utf8();
        let c = around(&s, start..end);
        assert_eq!(c.before, "前文");
        assert_eq!(c.marked, "（一\n二）");
        assert_eq!(c.after, "后文");
    }
}
