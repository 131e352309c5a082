//! The document model: a gazette is a table of contents plus notices; a
//! notice is a byte range of its file with the parts found in it.

pub mod date;
pub mod docno;
pub mod heading;
pub mod lines;
pub mod outline;
pub mod parts;
pub mod segment;

use std::ops::Range;
use std::sync::OnceLock;

use crate::source::SourceFile;

pub use date::{DateInText, DateValue};
pub use docno::DocNumber;
pub use outline::Heading;

/// One located piece of text. `text` is the part as it reads (a wrapped
/// title joined into one line); `span` covers it in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub span: Range<usize>,
    /// 1-based line of the span's start.
    pub line: usize,
}

impl Part {
    pub fn new(src: &SourceFile, span: Range<usize>, text: impl Into<String>) -> Self {
        Part {
            text: text.into(),
            line: src.line_col(span.start).0,
            span,
        }
    }

    /// A part whose text is exactly the source text under `span`.
    pub fn verbatim(src: &SourceFile, span: Range<usize>) -> Self {
        let text = src.text[span.clone()].to_string();
        Self::new(src, span, text)
    }
}

/// A 成文日期 (or any date) with its parsed value, when it parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePart {
    pub part: Part,
    pub value: Option<DateValue>,
}

/// A document number with its parsed fields, when it parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberPart {
    pub part: Part,
    pub parsed: Option<DocNumber>,
}

/// One entry of the attachment list (附件说明).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentEntry {
    pub part: Part,
    /// The number written before the name (`1.`), if any.
    pub number: Option<u32>,
    /// The name without number and trailing punctuation.
    pub name: String,
}

/// An attachment section (`附件1` / `附件` and the title that follows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentSection {
    /// The `附件1` marker line.
    pub marker: Part,
    pub number: Option<u32>,
    /// The attachment's title, when one follows the marker.
    pub title: Option<Part>,
}

/// An entry of the gazette's table of contents (目录).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub title: Part,
    pub doc_number: Option<DocNumberPart>,
    pub page: Option<String>,
}

/// One notice (通知, 意见, 决定 …) with its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notice {
    /// 0-based index within its file.
    pub index: usize,
    /// Byte range from the first line of the title to the end of the
    /// notice's last line.
    pub range: Range<usize>,
    pub start_line: usize,
    pub end_line: usize,
    /// The document kind (文种) named by the title, e.g. `通知`.
    pub kind: Option<String>,
    pub title: Option<Part>,
    pub doc_number: Option<DocNumberPart>,
    pub addressees: Option<Part>,
    /// Byte range of the body (正文): after the addressees (or number, or
    /// title) up to the attachment list, signers or date.
    pub body: Range<usize>,
    pub attachments: Vec<AttachmentEntry>,
    /// The `附件：` line(s) as a whole, when present.
    pub attachment_list: Option<Part>,
    pub signers: Vec<Part>,
    pub date: Option<DatePart>,
    pub disclosure: Option<Part>,
    pub attachment_sections: Vec<AttachmentSection>,
    pub cc: Option<Part>,
    pub printing: Option<Part>,
    /// Enclosed documents (an implementation plan issued by the notice):
    /// title and byte range.
    pub enclosures: Vec<Part>,
    derived: Derived,
}

/// Facts read from a notice's text that several checks need: computed on
/// first use, once, whichever check asks first.
#[derive(Debug, Clone, Default)]
struct Derived {
    outline: OnceLock<Vec<Vec<Heading>>>,
    dates: OnceLock<Vec<DateInText>>,
}

/// Derived facts follow from the rest of the notice: two notices are equal
/// whether or not a check has asked for them yet.
impl PartialEq for Derived {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Derived {}

impl Notice {
    /// The body's outline, one list of headings per document in the notice
    /// (the notice, then each enclosure or attachment). `src` is the file
    /// the notice was parsed from.
    pub fn outline(&self, src: &SourceFile) -> &[Vec<Heading>] {
        self.derived
            .outline
            .get_or_init(|| outline::outline(src, self))
    }

    /// Every date in the notice's text, in order, yearless ones given the
    /// year of context. `src` is the file the notice was parsed from.
    pub fn dates(&self, src: &SourceFile) -> &[DateInText] {
        self.derived
            .dates
            .get_or_init(|| date::in_notice(src, self))
    }

    /// (year, month, day) of the 成文日期, when it parses and is valid.
    pub fn written_on(&self) -> Option<(i32, u32, u32)> {
        let v = self.date.as_ref()?.value.as_ref()?;
        v.is_valid().then(|| v.key()).flatten()
    }

    /// Byte offset where a missing part of `name` would be expected, so that
    /// a `required` diagnostic points somewhere useful.
    pub fn expected_offset(&self, name: &str) -> usize {
        let after = |p: &Option<Part>| p.as_ref().map(|p| p.span.end);
        let title_end = after(&self.title).unwrap_or(self.range.start);
        let number_end = self
            .doc_number
            .as_ref()
            .map(|d| d.part.span.end)
            .unwrap_or(title_end);
        match name {
            "title" => self.range.start,
            "doc_number" => title_end,
            "addressees" => number_end,
            "signers" | "date" | "attachments" => self.body.end,
            _ => self
                .date
                .as_ref()
                .map(|d| d.part.span.end)
                .unwrap_or(self.body.end),
        }
    }
}

/// A whole file: table of contents, notices, and the issue date printed in
/// the masthead (出版日期), if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazette {
    pub toc: Vec<TocEntry>,
    pub notices: Vec<Notice>,
    pub issue_date: Option<DatePart>,
}

/// Segment a file and find the parts of every notice.
/// The lines are classified once; the notices' parts are found in parallel
/// (on the current rayon pool), each notice on its own.
pub fn parse(src: &SourceFile) -> Gazette {
    use rayon::prelude::*;
    let lines = lines::lines(src);
    let seg = segment::segment_lines(src, &lines);
    let notices = seg
        .notices
        .par_iter()
        .with_min_len(8)
        .enumerate()
        .map(|(i, seed)| parts::parse_notice(src, &lines, i, seed))
        .collect();
    Gazette {
        toc: seg.toc,
        notices,
        issue_date: seg.issue_date,
    }
}
