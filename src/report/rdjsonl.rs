//! reviewdog's Diagnostic Format as JSON Lines (`--format rdjsonl`), for
//! `reviewdog -f=rdjsonl`: one `Diagnostic` object per line.
//!
//! Columns follow reviewdog.proto: 1-based, counted in **bytes of UTF-8**
//! (a Chinese character is 3 bytes), end exclusive. For a GB18030 file the
//! bytes are those of the decoded text in UTF-8, not of the file on disk.

use serde_json::{json, Value};

use crate::finding::{Finding, Severity};
use crate::fingerprint::normalize_path;
use crate::report::columns::{span_positions, ColumnUnit};
use crate::report::sarif::INFORMATION_URI;
use crate::report::{FileError, FileReport};
use crate::source::SourceFile;

/// Render all findings as rdjsonl (`--format rdjsonl`), in report order.
pub fn render(reports: &[FileReport]) -> String {
    render_with_errors(reports, &[])
}

/// [`render`], preceded by one ERROR diagnostic without a range (code
/// `read-error`) per file that could not be read.
pub fn render_with_errors(reports: &[FileReport], errors: &[FileError]) -> String {
    let mut out = String::new();
    for e in errors {
        let d = json!({
            "message": format!("无法检查：{}", e.message),
            "location": { "path": normalize_path(&e.path) },
            "severity": "ERROR",
            "source": { "name": "gwlint", "url": INFORMATION_URI },
            "code": { "value": "read-error" },
        });
        out.push_str(&d.to_string());
        out.push('\n');
    }
    for report in reports {
        for finding in &report.findings {
            out.push_str(&diagnostic(report, finding).to_string());
            out.push('\n');
        }
    }
    out
}

/// reviewdog severity name.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

fn diagnostic(report: &FileReport, finding: &Finding) -> Value {
    let src = &report.source;
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\n建议：");
        message.push_str(help);
    }
    let mut d = json!({
        "message": message,
        "location": { "path": normalize_path(&src.path), "range": range(src, &finding.span) },
        "severity": severity(finding.severity),
        "source": { "name": "gwlint", "url": INFORMATION_URI },
        "code": { "value": finding.rule.id },
    });
    if let Some(fix) = &finding.fix {
        d["suggestions"] = json!([{ "range": range(src, &fix.span), "text": fix.replacement }]);
    }
    d
}

fn range(src: &SourceFile, span: &std::ops::Range<usize>) -> Value {
    let ((line, column), (end_line, end_column)) = span_positions(src, span, ColumnUnit::Utf8Bytes);
    json!({
        "start": { "line": line, "column": column },
        "end": { "line": end_line, "column": end_column },
    })
}
