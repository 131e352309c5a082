//! Line and column numbers in the unit each output format's consumers expect.
//!
//! Spans are byte ranges into the decoded text; every format turns them into
//! 1-based lines and 1-based columns, but the consumers disagree on what a
//! column counts:
//!
//! | format    | column unit                         | why                                              |
//! |-----------|-------------------------------------|--------------------------------------------------|
//! | human/json| characters (Unicode scalar values)  | DESIGN.md contract                               |
//! | sarif     | characters (`unicodeCodePoints`)    | declared in `run.columnKind`                     |
//! | github    | UTF-16 code units                   | github.com renders annotations in JavaScript     |
//! | junit     | characters                          | read by people, like the human format            |
//! | rdjsonl   | UTF-8 bytes                         | reviewdog.proto: "byte count in UTF-8"           |
//!
//! For every character of the Basic Multilingual Plane (all common Chinese
//! characters and punctuation) characters and UTF-16 code units agree; they
//! differ only for supplementary characters such as CJK Extension B
//! ideographs (𠮷), which count 2 in UTF-16. Bytes differ for every Chinese
//! character (3 bytes in UTF-8).
//!
//! End positions are exclusive everywhere: the column of the first character
//! after the span, as SARIF and reviewdog define them.

use crate::source::SourceFile;

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnUnit {
    /// Unicode scalar values (Rust `char`s).
    Chars,
    /// UTF-16 code units.
    Utf16,
    /// Bytes of the UTF-8 form of the decoded text.
    Utf8Bytes,
}

/// 1-based (line, column) of byte `offset` in `src`, the column in `unit`.
///
/// The end of a file that ends with a line break is placed at the end of
/// its last line, not on a line after it that consumers do not have (GitHub
/// and SARIF viewers drop or misplace such locations).
pub fn position(src: &SourceFile, offset: usize, unit: ColumnUnit) -> (usize, usize) {
    let offset = floor_char_boundary(&src.text, offset.min(src.text.len()));
    let idx = src.line_index(offset);
    if idx >= src.line_count() && idx > 0 {
        let last = src.line_range(idx - 1);
        return (idx, width(&src.text[last], unit) + 1);
    }
    let start = src.line_range(idx).start;
    let before = &src.text[start..offset];
    (idx + 1, width(before, unit) + 1)
}

/// Length of `s` in `unit`.
pub fn width(s: &str, unit: ColumnUnit) -> usize {
    match unit {
        ColumnUnit::Chars => s.chars().count(),
        ColumnUnit::Utf16 => s.encode_utf16().count(),
        ColumnUnit::Utf8Bytes => s.len(),
    }
}

/// Start and (exclusive) end positions of a byte span.
pub fn span_positions(
    src: &SourceFile,
    span: &std::ops::Range<usize>,
    unit: ColumnUnit,
) -> ((usize, usize), (usize, usize)) {
    (
        position(src, span.start, unit),
        position(src, span.end.max(span.start), unit),
    )
}

/// The text a span covers (empty for an empty or out-of-range span).
pub fn span_text<'a>(src: &'a SourceFile, span: &std::ops::Range<usize>) -> &'a str {
    let end = floor_char_boundary(&src.text, span.end.min(src.text.len()));
    let start = floor_char_boundary(&src.text, span.start.min(end));
    &src.text[start..end]
}

/// Byte range of the whole lines a span touches (without the final line
/// terminator), used as context around a snippet.
pub fn context_range(src: &SourceFile, span: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = floor_char_boundary(&src.text, span.start.min(src.text.len()));
    let end = floor_char_boundary(&src.text, span.end.min(src.text.len()).max(start));
    let first = src.line_index(start);
    // An end right after a newline belongs to the previous line.
    let last_offset = if end > start { end - 1 } else { end };
    let last = src.line_index(last_offset).max(first);
    src.line_range(first).start..src.line_range(last).end.max(src.line_range(first).start)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    #[test]
    fn the_three_units_on_chinese_text() {
        // "𠮷" is outside the BMP: 1 char, 2 UTF-16 units, 4 UTF-8 bytes.
        let src = SourceFile::new("a.txt", "标题\n𠮷山府发[2013]2号\n".into(), Encoding::Utf8);
        let off = src.text.find('[').unwrap();
        assert_eq!(position(&src, off, ColumnUnit::Chars), (2, 5));
        assert_eq!(position(&src, off, ColumnUnit::Utf16), (2, 6));
        assert_eq!(position(&src, off, ColumnUnit::Utf8Bytes), (2, 14));
    }

    #[test]
    fn end_of_file_after_a_newline_stays_on_the_last_line() {
        let src = SourceFile::new("a.txt", "一\r\n二三\r\n".into(), Encoding::Utf8);
        let end = src.text.len();
        assert_eq!(position(&src, end, ColumnUnit::Chars), (2, 3));
        assert_eq!(position(&src, end, ColumnUnit::Utf8Bytes), (2, 7));
        let no_newline = SourceFile::new("a.txt", "一二".into(), Encoding::Utf8);
        assert_eq!(position(&no_newline, 6, ColumnUnit::Chars), (1, 3));
        let empty = SourceFile::new("a.txt", String::new(), Encoding::Utf8);
        assert_eq!(position(&empty, 0, ColumnUnit::Chars), (1, 1));
    }

    #[test]
    fn end_of_line_and_context() {
        let src = SourceFile::new("a.txt", "一二三\r\n四五\r\n".into(), Encoding::Utf8);
        let span = 3..9; // "二三"
        assert_eq!(span_text(&src, &span), "二三");
        assert_eq!(
            span_positions(&src, &span, ColumnUnit::Chars),
            ((1, 2), (1, 4))
        );
        assert_eq!(&src.text[context_range(&src, &span)], "一二三");
        // A span ending after the newline stays on its own line for context.
        let whole = 0..src.text.find('四').unwrap();
        assert_eq!(&src.text[context_range(&src, &whole)], "一二三");
    }
}
