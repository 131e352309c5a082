//! JSON output: the contract of DESIGN.md section 3. Lines and columns are
//! 1-based, columns in characters, spans in bytes of the decoded text.

use serde::Serialize;

use super::streamed::StreamedArray;
use super::{path_of, FileError, FileReport, ReportWriter, Tally};
use crate::finding::Finding;
use crate::source::SourceFile;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    encoding: Option<&'static str>,
    notices: usize,
    diagnostics: Vec<Diag<'a>>,
    /// Why the file could not be checked (absent when it was).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Diag<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    reference: Option<&'a str>,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    span: [usize; 2],
    notice: Option<usize>,
    snippet: &'a str,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    replacement: &'a str,
    span: [usize; 2],
    safe: bool,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    notices: usize,
    diagnostics: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    fixable: usize,
    unreadable: usize,
}

/// The text a finding is about: the characters under its span, or, for an
/// empty span (a missing part), the line it points at.
pub fn snippet<'a>(src: &'a SourceFile, f: &Finding) -> &'a str {
    if f.span.is_empty() {
        src.line(src.line_index(f.span.start.min(src.text.len())))
    } else {
        &src.text[f.span.clone()]
    }
}

pub fn diag<'a>(src: &'a SourceFile, f: &'a Finding) -> Diag<'a> {
    let (line, column) = src.line_col(f.span.start);
    let (end_line, end_column) = src.line_col(f.span.end);
    Diag {
        rule: &f.rule.id,
        category: f.rule.category.as_str(),
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        reference: f.rule.reference.as_deref(),
        path: &src.path,
        line,
        column,
        end_line,
        end_column,
        span: [f.span.start, f.span.end],
        notice: f.notice,
        snippet: snippet(src, f),
        fix: f.fix.as_ref().map(|x| JsonFix {
            replacement: &x.replacement,
            span: [x.span.start, x.span.end],
            safe: x.safe,
        }),
    }
}

pub fn render(reports: &[FileReport], errors: &[FileError]) -> String {
    let mut out = Vec::new();
    write(reports, errors, &mut out).expect("writing into memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`render`] written straight into `out`, without holding the whole
/// document in memory (it is larger than the files it reports on).
pub fn write(
    reports: &[FileReport],
    errors: &[FileError],
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut entries: Vec<Result<&FileReport, &FileError>> = reports
        .iter()
        .map(Ok)
        .chain(errors.iter().map(Err))
        .collect();
    entries.sort_by(|a, b| path_of(*a).cmp(path_of(*b)));
    let mut w = JsonWriter::begin(out, None)?;
    for e in entries {
        match e {
            Ok(r) => w.file(r)?,
            Err(e) => w.error(e)?,
        }
    }
    w.finish().map(|_| ())
}

/// The JSON document written file by file, in the order given (by path):
/// `gwlint check` streams its reports through it.
pub struct JsonWriter<'p, W: std::io::Write> {
    stream: StreamedArray<std::io::BufWriter<W>>,
    tally: Tally,
    /// Where a file's diagnostics are serialised in parallel, if anywhere.
    pool: Option<&'p rayon::ThreadPool>,
}

impl<'p, W: std::io::Write> JsonWriter<'p, W> {
    pub fn begin(out: W, pool: Option<&'p rayon::ThreadPool>) -> std::io::Result<Self> {
        let out = std::io::BufWriter::with_capacity(1 << 16, out);
        let stream = StreamedArray::begin(out, "files", &doc(&Tally::default()))?;
        Ok(JsonWriter {
            stream,
            tally: Tally::default(),
            pool,
        })
    }
}

impl<W: std::io::Write> ReportWriter for JsonWriter<'_, W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.tally.add(r);
        let shell = File {
            path: &r.source.path,
            encoding: Some(r.source.encoding.name()),
            notices: r.gazette.notices.len(),
            diagnostics: Vec::new(),
            error: None,
        };
        let diagnostic = |i: usize| diag(&r.source, &r.findings[i]);
        let n = r.findings.len();
        self.stream
            .item_with_array(&shell, "diagnostics", n, diagnostic, self.pool)
    }

    fn error(&mut self, e: &FileError) -> std::io::Result<()> {
        self.tally.add_error();
        self.stream.item(&File {
            path: &e.path,
            encoding: None,
            notices: 0,
            diagnostics: Vec::new(),
            error: Some(&e.message),
        })
    }

    fn finish(self) -> std::io::Result<Tally> {
        self.stream.finish(&doc(&self.tally))?;
        Ok(self.tally)
    }
}

/// The document with no files: what surrounds the streamed array.
fn doc(t: &Tally) -> Doc<'static> {
    Doc {
        version: 1,
        files: Vec::new(),
        summary: Summary {
            files: t.files,
            notices: t.notices,
            diagnostics: t.diagnostics(),
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            fixable: t.fixable,
            unreadable: t.unreadable,
        },
    }
}
