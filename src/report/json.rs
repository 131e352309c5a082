//! JSON output: the contract of DESIGN.md section 3. Lines and columns are
//! 1-based, columns in characters, spans in bytes of the decoded text.

use std::io::Write as _;

use serde::Serialize;

use super::{FileError, FileReport};
use crate::finding::{Finding, Severity};
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
    let mut files: Vec<File> = reports
        .iter()
        .map(|r| File {
            path: &r.source.path,
            encoding: Some(r.source.encoding.name()),
            notices: r.gazette.notices.len(),
            diagnostics: r.findings.iter().map(|f| diag(&r.source, f)).collect(),
            error: None,
        })
        .chain(errors.iter().map(|e| File {
            path: &e.path,
            encoding: None,
            notices: 0,
            diagnostics: Vec::new(),
            error: Some(&e.message),
        }))
        .collect();
    files.sort_by(|a, b| a.path.cmp(b.path));
    let all = || reports.iter().flat_map(|r| &r.findings);
    let count = |s: Severity| all().filter(|f| f.severity == s).count();
    let doc = Doc {
        version: 1,
        files,
        summary: Summary {
            files: reports.len(),
            notices: reports.iter().map(|r| r.gazette.notices.len()).sum(),
            diagnostics: all().count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            fixable: all().filter(|f| f.fix.is_some()).count(),
            unreadable: errors.len(),
        },
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &doc)?;
    out.write_all(b"\n")?;
    out.flush()
}
