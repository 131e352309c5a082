//! GitHub Actions workflow commands (`--format github`): one annotation per
//! finding, shown on the pull request's changed files and in the run summary.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`
//!
//! - warnings use `::warning`, infos `::notice`;
//! - errors come first, then warnings, then notices (each in path and
//!   position order): GitHub shows only the first few annotations of each
//!   level per step, and the errors are the ones that fail the check;
//! - property values escape `%`, CR, LF, `:` and `,`; the message escapes
//!   `%`, CR and LF (the workflow-command escaping of `@actions/core`);
//! - `file` is the path relative to the working directory (run gwlint from
//!   the repository root), without a leading `./`;
//! - columns are 1-based **UTF-16 code units**, ends exclusive. GitHub does
//!   not document the unit; its annotations are displayed by JavaScript,
//!   which indexes strings in UTF-16. For Chinese text in the Basic
//!   Multilingual Plane this is the character column. The check-run API
//!   accepts columns only when the annotation starts and ends on the same
//!   line, so `col`/`endColumn` are left out for multi-line findings.

use crate::finding::{Finding, Severity};
use crate::fingerprint::normalize_path;
use crate::report::columns::{span_positions, ColumnUnit};
use crate::report::{FileError, FileReport};

/// Render all findings as workflow commands (`--format github`), one line
/// each, errors first.
pub fn render(reports: &[FileReport]) -> String {
    render_with_errors(reports, &[])
}

/// [`render`], preceded by one `::error` per file that could not be read.
pub fn render_with_errors(reports: &[FileReport], errors: &[FileError]) -> String {
    let mut out = String::new();
    for e in errors {
        out.push_str(&format!(
            "::error file={},title=gwlint::{}\n",
            escape_property(&normalize_path(&e.path)),
            escape_data(&format!("无法检查：{}", e.message))
        ));
    }
    let mut all: Vec<(&FileReport, &Finding)> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
        .collect();
    // Stable: keeps path/position/rule order within a level.
    all.sort_by_key(|(_, f)| std::cmp::Reverse(f.severity));
    for (report, finding) in all {
        out.push_str(&command(report, finding));
        out.push('\n');
    }
    out
}

/// The workflow command name for a severity.
pub fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

fn command(report: &FileReport, finding: &Finding) -> String {
    let src = &report.source;
    let ((line, col), (end_line, end_col)) = span_positions(src, &finding.span, ColumnUnit::Utf16);
    let mut props = vec![
        ("file", escape_property(&normalize_path(&src.path))),
        ("line", line.to_string()),
    ];
    if line == end_line {
        props.push(("col", col.to_string()));
    }
    props.push(("endLine", end_line.to_string()));
    if line == end_line {
        props.push(("endColumn", end_col.to_string()));
    }
    props.push(("title", escape_property(&finding.rule.id)));
    let props: Vec<String> = props.into_iter().map(|(k, v)| format!("{k}={v}")).collect();

    let mut message = format!("{}：{}", finding.severity.label(), finding.message);
    if let Some(help) = &finding.help {
        message.push_str("\n建议：");
        message.push_str(help);
    }
    if let Some(reference) = &finding.rule.reference {
        message.push_str("\n依据：");
        message.push_str(reference);
    }
    format!(
        "::{} {}::{}",
        command_name(finding.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// Escape the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100%\r\n完成"), "100%25%0D%0A完成");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }
}
