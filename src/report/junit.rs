//! JUnit XML (`--format junit`), for CI systems that show test reports
//! (GitLab, Jenkins, Azure Pipelines …).
//!
//! One `<testsuite>` named gwlint, one `<testcase>` per checked file; a file
//! with findings gets one `<failure>` whose text lists them, one a line, as
//! `path:line:column: 级别 [rule] message` with character columns. Files
//! without findings pass.

use crate::finding::Severity;
use crate::fingerprint::normalize_path;
use crate::report::columns::{position, ColumnUnit};
use crate::report::{FileError, FileReport};

/// Render one JUnit XML document (`--format junit`).
pub fn render(reports: &[FileReport]) -> String {
    render_with_errors(reports, &[])
}

/// [`render`], plus one test case with an `<error>` per file that could not
/// be read.
pub fn render_with_errors(reports: &[FileReport], errors: &[FileError]) -> String {
    let failures = reports.iter().filter(|r| !r.findings.is_empty()).count();
    let tests = reports.len() + errors.len();
    let n_errors = errors.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"gwlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{n_errors}\">\n"
    ));
    out.push_str(&format!(
        "  <testsuite name=\"gwlint\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{n_errors}\" skipped=\"0\">\n"
    ));
    for e in errors {
        let path = escape(&normalize_path(&e.path));
        out.push_str(&format!(
            "    <testcase name=\"{path}\" classname=\"gwlint\" file=\"{path}\">\n      <error message=\"{}\" type=\"read-error\"/>\n    </testcase>\n",
            escape(&format!("无法检查：{}", e.message))
        ));
    }
    for report in reports {
        let shown = normalize_path(&report.source.path);
        let path = escape(&shown);
        out.push_str(&format!(
            "    <testcase name=\"{path}\" classname=\"gwlint\" file=\"{path}\""
        ));
        if report.findings.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
        let summary = format!(
            "{} 处问题（错误 {}，警告 {}，提示 {}）",
            report.findings.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        );
        out.push_str(&format!(
            "      <failure message=\"{}\" type=\"gwlint\">",
            escape(&summary)
        ));
        for finding in &report.findings {
            let (line, col) = position(&report.source, finding.span.start, ColumnUnit::Chars);
            let mut text = format!(
                "{shown}:{line}:{col}: {} [{}] {}",
                finding.severity.label(),
                finding.rule.id,
                finding.message
            );
            if let Some(help) = &finding.help {
                text.push_str("（建议：");
                text.push_str(help);
                text.push('）');
            }
            out.push_str(&escape(&text));
            out.push('\n');
        }
        out.push_str("</failure>\n    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escape text for XML content and attribute values; characters that XML
/// 1.0 cannot hold at all (form feed and other controls) become U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(
            escape("<“a”&'b'>\u{c}"),
            "&lt;“a”&amp;&apos;b&apos;&gt;\u{FFFD}"
        );
    }
}
