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

/// A related span more than this many lines away from the finding is not
/// shown in its excerpt (the message names its line): the lines between are
/// built for every finding (and printed when miette joins the two snippets),
/// so without a bound 100 000 notices sharing a number with the first cost
/// quadratic time. Gazettes run to a few thousand lines: a table of contents
/// and the notice it lists are shown together.
pub const MAX_DISTANCE: usize = 3000;

#[derive(Debug)]
pub struct Excerpt {
    /// The stand-in text, from line `first_line` of the file on: same line
    /// breaks as the file, lines empty except around the labels.
    pub text: String,
    /// 0-based line of the file where `text` starts.
    pub first_line: usize,
    /// The input spans, mapped into `text`.
    pub spans: Vec<Range<usize>>,
    /// Per input span: whether it is shown (see [`MAX_DISTANCE`]).
    pub shown: Vec<bool>,
    /// Per 0-based line of the file: what to add to a character column
    /// counted in `text` to get the column in the real file.
    pub column_shift: HashMap<usize, isize>,
}

struct Window {
    /// Character range of the line that is kept.
    chars: Range<usize>,
    /// Byte range of that character range in the source.
    kept: Range<usize>,
    /// Byte range of the line in the source.
    bytes: Range<usize>,
    cut_start: bool,
}

/// Byte offset `n` characters after `from` (at most `limit`).
fn forward(text: &str, from: usize, n: usize, limit: usize) -> usize {
    text[from..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| from + i)
}

/// Byte offset `n` characters before `from` (at least `limit`).
fn backward(text: &str, from: usize, n: usize, limit: usize) -> usize {
    if n == 0 {
        return from;
    }
    text[limit..from]
        .char_indices()
        .rev()
        .nth(n - 1)
        .map_or(limit, |(i, _)| limit + i)
}

/// Build an excerpt of `src` showing `spans` (the first is the primary).
///
/// The work is bounded by the lines the spans cover and the width of the
/// windows, not by the size of the file or the length of its lines: a file
/// of 100 000 notices or of one 20 MB line costs the same per finding as a
/// one-page draft.
pub fn excerpt(src: &SourceFile, spans: &[Range<usize>]) -> Excerpt {
    let n_lines = src.line_count().max(1);
    let clamp = |o: usize| o.min(src.text.len());
    // Character column of `o` in its line (0-based), from the line index.
    let col = |o: usize| src.line_col(o).1 - 1;
    let lines_of = |span: &Range<usize>| {
        (
            src.line_index(clamp(span.start)),
            src.line_index(clamp(span.end)),
        )
    };
    let primary = spans.first().map(lines_of).unwrap_or((0, 0));
    let shown: Vec<bool> = spans
        .iter()
        .enumerate()
        .map(|(i, span)| {
            let (a, b) = lines_of(span);
            i == 0 || (a <= primary.1 + MAX_DISTANCE && b + MAX_DISTANCE >= primary.0)
        })
        .collect();
    // Lines to show, and the labelled (byte range, character range) on each.
    let mut marks: HashMap<usize, Vec<(Range<usize>, Range<usize>)>> = HashMap::new();
    for (span, _) in spans.iter().zip(&shown).filter(|(_, &s)| s) {
        let (a, b) = lines_of(span);
        for line in a..=b.min(n_lines - 1) {
            let lr = src.line_range(line);
            let s = clamp(span.start).clamp(lr.start, lr.end);
            let e = clamp(span.end).clamp(lr.start, lr.end);
            marks
                .entry(line)
                .or_default()
                .push((s..e, col(s)..col(s) + (col(e) - col(s))));
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
        let len = col(bytes.end);
        let (chars, kept) = if len <= MAX_CHARS {
            (0..len, bytes.clone())
        } else if ranges.is_empty() {
            let end = forward(&src.text, bytes.start, MAX_CHARS, bytes.end);
            (0..MAX_CHARS, bytes.start..end)
        } else {
            let (lo_byte, lo) = ranges
                .iter()
                .map(|(b, c)| (b.start, c.start))
                .min_by_key(|&(_, c)| c)
                .unwrap();
            let hi = ranges
                .iter()
                .map(|(_, c)| c.end)
                .max()
                .unwrap()
                .min(lo + MAX_CHARS);
            let start = lo.saturating_sub(MARGIN);
            let start = if start <= 1 { 0 } else { start };
            let end = (hi + MARGIN).max(start + MAX_CHARS).min(len);
            let end = if len - end <= 1 { len } else { end };
            let from = backward(&src.text, lo_byte, lo - start, bytes.start);
            let to = forward(&src.text, from, end - start, bytes.end);
            (start..end, from..to)
        };
        windows.insert(
            line,
            Window {
                cut_start: chars.start > 0,
                chars,
                kept,
                bytes,
            },
        );
    }
    // Assemble the text from the first kept line to the last; remember
    // where each kept line starts.
    let first_line = windows.keys().copied().min().unwrap_or(0);
    let last_line = windows.keys().copied().max().unwrap_or(0);
    let mut text = String::new();
    let mut starts = HashMap::new();
    let mut column_shift = HashMap::new();
    for line in first_line..=last_line.min(n_lines - 1) {
        if let Some(w) = windows.get(&line) {
            starts.insert(line, text.len());
            if w.cut_start {
                text.push_str(ELLIPSIS);
            }
            text.push_str(&src.text[w.kept.clone()]);
            if w.kept.end < w.bytes.end {
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
        let o = o.clamp(w.kept.start, w.kept.end);
        base + if w.cut_start { ELLIPSIS.len() } else { 0 } + (o - w.kept.start)
    };
    let spans = spans
        .iter()
        .map(|s| map(s.start)..map(s.end).max(map(s.start)))
        .collect();
    Excerpt {
        text,
        first_line,
        spans,
        shown,
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
