//! A miette `SourceCode` that reports columns in characters.
//!
//! miette's `[file:line:col]` header takes the column from the `SpanContents`
//! the source returns, and `str`'s implementation counts it in bytes — three
//! per Chinese character. This wrapper recomputes it in characters, matching
//! every other output of gwlint.

use std::collections::HashMap;
use std::sync::Arc;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

#[derive(Debug, Clone)]
pub struct CharSource {
    name: String,
    text: Arc<str>,
    /// Per 0-based line, added to the character column (for excerpts whose
    /// lines were cut, see `excerpt.rs`).
    column_shift: HashMap<usize, isize>,
}

impl CharSource {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        CharSource {
            name: name.into(),
            text: text.into(),
            column_shift: HashMap::new(),
        }
    }

    pub fn with_column_shift(mut self, shift: HashMap<usize, isize>) -> Self {
        self.column_shift = shift;
        self
    }
}

impl SourceCode for CharSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_ref()
                .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let line_start = self.text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = self.text[line_start..start].chars().count() as isize
            + self.column_shift.get(&inner.line()).copied().unwrap_or(0);
        let column = column.max(0) as usize;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
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
}
