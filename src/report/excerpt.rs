//! Excerpts for the human report. Gazette paragraphs are often single lines
//! of several hundred characters; miette prints whole lines, which buries the
//! underline. An excerpt is a stand-in source with the same line numbers in
//! which only the lines around the labels are kept, each cut to a window
//! around its labels with `…` marking what was left out. The columns in the
//! header stay those of the real file.

use std::collections::HashMap;
use std::ops::Range;

use crate::source::SourceFile;

/// Lines longer than this many characters are cut to a window.
pub const MAX_CHARS: usize = 60;
/// Characters kept before and after the labels on a cut line.
const MARGIN: usize = 20;
const ELLIPSIS: &str = "…";

#[derive(Debug)]
pub struct Excerpt {
    /// The stand-in text: same number of lines as the file, empty except
    /// around the labels.
    pub text: String,
    /// The input spans, mapped into `text`.
    pub spans: Vec<Range<usize>>,
    /// Per 0-based line: what to add to a character column counted in
    /// `text` to get the column in the real file.
    pub column_shift: HashMap<usize, isize>,
}

struct Window {
    /// Character range of the line that is kept.
    chars: Range<usize>,
    /// Byte range of the line in the source.
    bytes: Range<usize>,
    cut_start: bool,
}

/// Build an excerpt of `src` showing `spans` (the first is the primary).
pub fn excerpt(src: &SourceFile, spans: &[Range<usize>]) -> Excerpt {
    let n_lines = src.line_count().max(1);
    let clamp = |o: usize| o.min(src.text.len());
    // Lines to show, and the character ranges labelled on each.
    let mut marks: HashMap<usize, Vec<Range<usize>>> = HashMap::new();
    for span in spans {
        let (a, b) = (
            src.line_index(clamp(span.start)),
            src.line_index(clamp(span.end)),
        );
        for line in a..=b.min(n_lines - 1) {
            let lr = src.line_range(line);
            let s = clamp(span.start).clamp(lr.start, lr.end);
            let e = clamp(span.end).clamp(lr.start, lr.end);
            let cs = src.text[lr.start..s].chars().count();
            let ce = cs + src.text[s..e].chars().count();
            marks.entry(line).or_default().push(cs..ce);
        }
        for ctx in [a.checked_sub(1), Some(b + 1)].into_iter().flatten() {
            if ctx < n_lines {
                marks.entry(ctx).or_default();
            }
        }
    }
    let mut windows: HashMap<usize, Window> = HashMap::new();
    for (&line, ranges) in &marks {
        let bytes = src.line_range(line);
        let len = src.text[bytes.clone()].chars().count();
        let chars = if len <= MAX_CHARS {
            0..len
        } else if ranges.is_empty() {
            0..MAX_CHARS
        } else {
            let lo = ranges.iter().map(|r| r.start).min().unwrap();
            let hi = ranges
                .iter()
                .map(|r| r.end)
                .max()
                .unwrap()
                .min(lo + MAX_CHARS);
            let start = lo.saturating_sub(MARGIN);
            let start = if start <= 1 { 0 } else { start };
            let end = (hi + MARGIN).max(start + MAX_CHARS).min(len);
            let end = if len - end <= 1 { len } else { end };
            start..end
        };
        windows.insert(
            line,
            Window {
                cut_start: chars.start > 0,
                chars,
                bytes,
            },
        );
    }
    // Assemble the text; remember where each kept line starts.
    let mut text = String::new();
    let mut starts = HashMap::new();
    let mut column_shift = HashMap::new();
    for line in 0..n_lines {
        if let Some(w) = windows.get(&line) {
            starts.insert(line, text.len());
            let s = &src.text[w.bytes.clone()];
            let len = s.chars().count();
            if w.cut_start {
                text.push_str(ELLIPSIS);
            }
            text.extend(s.chars().skip(w.chars.start).take(w.chars.len()));
            if w.chars.end < len {
                text.push_str(ELLIPSIS);
            }
            column_shift.insert(line, w.chars.start as isize - w.cut_start as isize);
        }
        text.push('\n');
    }
    // Map a source offset into the text.
    let map = |o: usize| -> usize {
        let o = clamp(o);
        let line = src.line_index(o);
        let (Some(w), Some(&base)) = (windows.get(&line), starts.get(&line)) else {
            return 0;
        };
        let o = o.clamp(w.bytes.start, w.bytes.end);
        let col = src.text[w.bytes.start..o].chars().count();
        let col = col.clamp(w.chars.start, w.chars.end);
        let s = &src.text[w.bytes.clone()];
        let kept: usize = s
            .chars()
            .skip(w.chars.start)
            .take(col - w.chars.start)
            .map(char::len_utf8)
            .sum();
        base + if w.cut_start { ELLIPSIS.len() } else { 0 } + kept
    };
    let spans = spans
        .iter()
        .map(|s| map(s.start)..map(s.end).max(map(s.start)))
        .collect();
    Excerpt {
        text,
        spans,
        column_shift,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    #[test]
    fn long_line_is_cut_around_the_label() {
        let line = format!("{}廷长{}", "甲".repeat(100), "乙".repeat(100));
        let text = format!("标题\n{line}\n");
        let src = SourceFile::new("x", text.clone(), Encoding::Utf8);
        let at = text.find("廷长").unwrap();
        let span = at..at + "廷长".len();
        let ex = excerpt(&src, std::slice::from_ref(&span));
        assert_eq!(&ex.text[ex.spans[0].clone()], "廷长");
        let shown = ex.text.lines().nth(1).unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert!(shown.chars().count() < 70);
        // Column in the excerpt + shift = column in the file (0-based).
        let line_start = ex.text[..ex.spans[0].start].rfind('\n').unwrap() + 1;
        let col = ex.text[line_start..ex.spans[0].start].chars().count() as isize;
        assert_eq!(col + ex.column_shift[&1], 100);
    }

    #[test]
    fn short_lines_are_kept_whole() {
        let text = "标题\n山府发[2013]2号\n\n".to_string();
        let src = SourceFile::new("x", text.clone(), Encoding::Utf8);
        let at = text.find('[').unwrap();
        let span = at..at + 6;
        let ex = excerpt(&src, std::slice::from_ref(&span));
        assert_eq!(&ex.text[ex.spans[0].clone()], "[2013]");
        assert_eq!(ex.text.lines().nth(1), Some("山府发[2013]2号"));
    }
}
