//! A miette `SourceCode` that reports columns in characters and shows at
//! most a window of text around a span.
//!
//! miette's `[file:line:col]` header takes the column from the `SpanContents`
//! the source returns, and `str`'s implementation counts it in bytes — three
//! per Chinese character. This wrapper recomputes it in characters, matching
//! every other output of gwlint.
//!
//! `str`'s implementation also scans the text from its start to the span
//! for every diagnostic, and returns whole lines: on a file of one 20 MB line
//! every finding cost a scan and printed 20 MB, and miette panicked on an
//! underline wider than 65 535 columns. Here the span is looked up in a line
//! index, and `str`'s implementation is applied to a window of the text: the
//! context lines when they lie within [`LIMIT`] bytes of the span (ordinary
//! files, whose output is unchanged), else [`WINDOW`] bytes either side.

use std::collections::HashMap;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::TextIndex;

/// Context lines are shown whole when they end within this many bytes of
/// the span.
pub const LIMIT: usize = 8 * 1024;

/// Bytes of a longer line shown on each side of a span.
pub const WINDOW: usize = 240;

#[derive(Debug, Clone)]
pub struct CharSource {
    name: String,
    text: Arc<str>,
    index: Arc<TextIndex>,
    /// Per 0-based line, added to the character column (for excerpts whose
    /// lines were cut, see `excerpt.rs`).
    column_shift: HashMap<usize, isize>,
    /// Lines of the file before the text (an excerpt starting at line N).
    line_offset: usize,
}

impl CharSource {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        CharSource {
            name: name.into(),
            index: Arc::new(TextIndex::new(&text)),
            text,
            column_shift: HashMap::new(),
            line_offset: 0,
        }
    }

    /// The text starts at 0-based line `n` of the file it stands for:
    /// reported lines are shifted by `n`.
    pub fn with_line_offset(mut self, n: usize) -> Self {
        self.line_offset = n;
        self
    }

    pub fn with_column_shift(mut self, shift: HashMap<usize, isize>) -> Self {
        self.column_shift = shift;
        self
    }

    fn floor(&self, mut i: usize) -> usize {
        i = i.min(self.text.len());
        while !self.text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    fn ceil(&self, mut i: usize) -> usize {
        i = i.min(self.text.len());
        while !self.text.is_char_boundary(i) {
            i += 1;
        }
        i
    }

    /// Start of line `idx` (clamped).
    fn line_start(&self, idx: usize) -> usize {
        let starts = self.index.line_starts();
        starts[idx.min(starts.len() - 1)]
    }

    /// End of line `idx`, its `\\n` included.
    fn line_end(&self, idx: usize) -> usize {
        self.index
            .line_starts()
            .get(idx + 1)
            .map_or(self.text.len(), |&s| s)
    }
}

impl SourceCode for CharSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let len = self.text.len();
        let start = span.offset();
        let end = start.checked_add(span.len()).filter(|&e| e <= len);
        let Some(end) = end else {
            return Err(MietteError::OutOfBounds);
        };
        // The context lines and one more line each side (so that `str`
        // sees the same surroundings as in the whole text); on lines too long
        // for that, the span's own line; on a line too long for that, WINDOW
        // bytes around the span.
        let first = self.index.line_index(start);
        let last = self.index.line_index(end);
        let from = [first.saturating_sub(context_lines_before + 1), first]
            .map(|l| self.line_start(l))
            .into_iter()
            .find(|&s| s.saturating_add(LIMIT) >= start)
            .unwrap_or_else(|| self.ceil(start - WINDOW));
        let to = [last + context_lines_after + 1, last]
            .map(|l| self.line_end(l))
            .into_iter()
            .find(|&e| e <= end.saturating_add(LIMIT))
            .unwrap_or_else(|| self.floor(end + WINDOW));
        let window = &self.text[from..to];
        let inner = window.read_span(
            &(start - from, end - start).into(),
            context_lines_before,
            context_lines_after,
        )?;
        let offset = from + inner.span().offset();
        // `str` counts lines from the start of the text: so do we, and from
        // the start of the file when the text is an excerpt.
        let lines_before = self.line_offset + self.index.line_index(from);
        let line = lines_before + inner.line();
        // (`str` also breaks lines at a lone `\r`; the column is counted
        // from the last `\n`, like every other output of gwlint.)
        let line_start = self.line_start(self.index.line_index(offset));
        let column = (self.index.chars_before(&self.text, offset)
            - self.index.chars_before(&self.text, line_start)) as isize
            + self.column_shift.get(&line).copied().unwrap_or(0);
        let column = column.max(0) as usize;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            (offset, inner.span().len()).into(),
            line,
            column,
            lines_before + inner.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_counts_characters() {
        let src = CharSource::new("a.txt", "标题\n山府发[2013]2号\n");
        let off = "标题\n山府发".len();
        let c = src.read_span(&(off, 1).into(), 0, 0).unwrap();
        assert_eq!((c.line(), c.column()), (1, 3));
    }

    #[test]
    fn same_contents_as_str_on_short_lines() {
        let text = "标题\n\n山府发[2013]2号\n各镇：\n\n正文一。\n\n正文二。\n\n";
        let src = CharSource::new("a.txt", text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (i, &off) in bounds.iter().enumerate() {
            for &end in &bounds[i..] {
                for ctx in 0..3 {
                    let span = (off, end - off).into();
                    let ours = src.read_span(&span, ctx, ctx).unwrap();
                    let theirs = text.read_span(&span, ctx, ctx).unwrap();
                    let at = format!("{off}..{end} ±{ctx}");
                    assert_eq!(ours.data(), theirs.data(), "{at}");
                    assert_eq!(ours.span(), theirs.span(), "{at}");
                    assert_eq!(ours.line(), theirs.line(), "{at}");
                    assert_eq!(ours.line_count(), theirs.line_count(), "{at}");
                }
            }
        }
    }

    #[test]
    fn lone_carriage_returns_do_not_break_the_index() {
        let text = "a\rb\rc\r\r错字\r";
        let src = CharSource::new("a.txt", text);
        let off = text.find("错字").unwrap();
        let c = src.read_span(&(off, 6).into(), 2, 2).unwrap();
        assert!(std::str::from_utf8(c.data()).unwrap().contains("错字"));
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!(
            "标题\n{}错字{}\n",
            "甲".repeat(100_000),
            "乙".repeat(100_000)
        );
        let src = CharSource::new("a.txt", text.as_str());
        let off = text.find("错字").unwrap();
        let c = src.read_span(&(off, 6).into(), 2, 2).unwrap();
        assert!(c.data().len() <= 2 * WINDOW + 6, "{}", c.data().len());
        assert!(std::str::from_utf8(c.data()).unwrap().contains("错字"));
        let data_at = c.span().offset();
        assert_eq!(c.line(), 1);
        assert_eq!(c.column(), text[7..data_at].chars().count());
    }
}
