//! SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF
//! consumers.
//!
//! One run. Every rule is described in `tool.driver.rules` (message, help,
//! reference, category, default level). Columns count Unicode code points
//! (`run.columnKind = "unicodeCodePoints"`), 1-based, ends exclusive, as in
//! the JSON output. `partialFingerprints` do not depend on line numbers (see
//! [`crate::fingerprint`]), so a finding keeps its identity when lines are
//! inserted above it.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::finding::{Finding, RuleMeta, Severity};
use crate::fingerprint;
use crate::report::columns::{context_range, span_positions, span_text, ColumnUnit};
use crate::report::{FileError, FileReport};
use crate::source::{Encoding, SourceFile};

/// URL of the project, shown by consumers next to the tool name.
pub const INFORMATION_URI: &str = "https://github.com/gwlint/gwlint";

/// Key under which the line-independent fingerprint is stored.
pub const FINGERPRINT_KEY: &str = "gwlintFindingHash/v1";

const UNIT: ColumnUnit = ColumnUnit::Chars;

/// Render all reports as one SARIF 2.1.0 log (`--format sarif`).
///
/// `rules` are all loaded rules (after selection), described in
/// `tool.driver.rules` whether or not they produced a finding; a finding
/// whose rule is missing from `rules` gets its descriptor appended.
pub fn render(reports: &[FileReport], rules: &[Arc<RuleMeta>]) -> String {
    render_with_errors(reports, &[], rules)
}

/// [`render`], plus the files that could not be read: each becomes an
/// error notification of the run's invocation, whose
/// `executionSuccessful` is then false.
pub fn render_with_errors(
    reports: &[FileReport],
    errors: &[FileError],
    rules: &[Arc<RuleMeta>],
) -> String {
    let mut descriptors: Vec<Arc<RuleMeta>> = Vec::new();
    let mut rule_index: HashMap<String, usize> = HashMap::new();
    let mut add_rule = |rule: &Arc<RuleMeta>, descriptors: &mut Vec<Arc<RuleMeta>>| {
        *rule_index.entry(rule.id.clone()).or_insert_with(|| {
            descriptors.push(Arc::clone(rule));
            descriptors.len() - 1
        })
    };
    for rule in rules {
        add_rule(rule, &mut descriptors);
    }

    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    for (artifact_index, report) in reports.iter().enumerate() {
        let src = &report.source;
        artifacts.push(json!({
            "location": { "uri": path_to_uri(&src.path) },
            "encoding": encoding_name(src.encoding),
        }));
        let keys = fingerprint::keyed(report);
        for (finding, (key, occurrence)) in report.findings.iter().zip(keys) {
            let index = add_rule(&finding.rule, &mut descriptors);
            results.push(result(
                src,
                artifact_index,
                finding,
                index,
                key.hash(occurrence),
            ));
        }
    }

    let log = json!({
        "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "gwlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": descriptors.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": errors.iter().map(|e| json!({
                    "level": "error",
                    "message": { "text": e.message },
                    "locations": [{
                        "physicalLocation": { "artifactLocation": { "uri": path_to_uri(&e.path) } }
                    }],
                })).collect::<Vec<_>>(),
            }],
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).expect("SARIF is always serialisable");
    out.push('\n');
    out
}

/// SARIF level of a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A rule's message and help are templates (`不能写作“{match}”`) filled in
/// per finding; in the rule descriptor the placeholders read as `…`.
pub fn without_placeholders(template: &str) -> String {
    static PLACEHOLDER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\{[A-Za-z_][A-Za-z0-9_]*\}").unwrap());
    PLACEHOLDER.replace_all(template, "…").into_owned()
}

fn descriptor(rule: &RuleMeta) -> Value {
    let message = without_placeholders(&rule.message);
    let rule_help = rule.help.as_deref().map(without_placeholders);
    let mut help = String::new();
    if let Some(h) = &rule_help {
        help.push_str(h);
    }
    if let Some(r) = &rule.reference {
        if !help.is_empty() {
            help.push('\n');
        }
        help.push_str("依据：");
        help.push_str(r);
    }
    let mut full = message.clone();
    if let Some(h) = &rule_help {
        let end = full.trim_end_matches(['。', '；', '，', '：']).len();
        full.truncate(end);
        full.push('。');
        full.push_str(h);
    }
    let mut properties = Map::new();
    properties.insert("category".into(), json!(rule.category.as_str()));
    properties.insert("categoryLabel".into(), json!(rule.category.label()));
    if let Some(r) = &rule.reference {
        properties.insert("reference".into(), json!(r));
    }
    properties.insert("tags".into(), json!([rule.category.as_str()]));
    let mut d = json!({
        "id": rule.id,
        "shortDescription": { "text": message },
        "fullDescription": { "text": full },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": properties,
    });
    if !help.is_empty() {
        d["help"] = json!({ "text": help });
    }
    d
}

fn result(
    src: &SourceFile,
    artifact_index: usize,
    finding: &Finding,
    rule_index: usize,
    fingerprint: String,
) -> Value {
    let artifact = json!({ "uri": path_to_uri(&src.path), "index": artifact_index });
    let mut region = region(src, &finding.span);
    region["snippet"] = json!({ "text": span_text(src, &finding.span) });
    let context = context_range(src, &finding.span);
    let mut context_region = self::region(src, &context);
    context_region["snippet"] = json!({ "text": &src.text[context.clone()] });

    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\n建议：");
        message.push_str(help);
    }
    let mut r = json!({
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": level(finding.severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": region,
                "contextRegion": context_region,
            }
        }],
        "partialFingerprints": { FINGERPRINT_KEY: fingerprint },
        "properties": {
            "category": finding.rule.category.as_str(),
            "notice": finding.notice,
        },
    });
    if !finding.related.is_empty() {
        r["relatedLocations"] = finding
            .related
            .iter()
            .enumerate()
            .map(|(id, rel)| {
                json!({
                    "id": id,
                    "message": { "text": rel.label },
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": self::region(src, &rel.span),
                    }
                })
            })
            .collect();
    }
    if let Some(fix) = &finding.fix {
        let what = span_text(src, &fix.span);
        let description = if fix.replacement.is_empty() {
            format!("删除“{what}”")
        } else if what.is_empty() {
            format!("插入“{}”", fix.replacement)
        } else {
            format!("将“{what}”改为“{}”", fix.replacement)
        };
        r["fixes"] = json!([{
            "description": { "text": description },
            "artifactChanges": [{
                "artifactLocation": artifact,
                "replacements": [{
                    "deletedRegion": self::region(src, &fix.span),
                    "insertedContent": { "text": fix.replacement },
                }]
            }]
        }]);
    }
    r
}

fn region(src: &SourceFile, span: &std::ops::Range<usize>) -> Value {
    let ((start_line, start_col), (end_line, end_col)) = span_positions(src, span, UNIT);
    json!({
        "startLine": start_line,
        "startColumn": start_col,
        "endLine": end_line,
        "endColumn": end_col,
    })
}

fn encoding_name(e: Encoding) -> &'static str {
    match e {
        Encoding::Utf8 | Encoding::Utf8Bom => "UTF-8",
        Encoding::Gb18030 => "GB18030",
        // The paragraphs of a .docx come from its UTF-8 XML part.
        Encoding::Docx => "UTF-8",
    }
}

/// A relative path becomes a relative URI reference (percent-encoded, so
/// that Chinese file names and spaces are valid); an absolute path becomes a
/// `file://` URI.
pub fn path_to_uri(path: &str) -> String {
    let path = fingerprint::normalize_path(path);
    let bytes = path.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    let (mut out, rest) = if path.starts_with('/') {
        ("file://".to_owned(), path.as_str())
    } else if windows_drive {
        (format!("file:///{}", &path[..2]), &path[2..])
    } else {
        (String::new(), path.as_str())
    };
    for &b in rest.as_bytes() {
        // Unreserved characters, sub-delimiters, '@' and '/' need no escape;
        // ':' is escaped so that a first segment is never read as a scheme.
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(
            path_to_uri("./公报/第1期.txt"),
            "%E5%85%AC%E6%8A%A5/%E7%AC%AC1%E6%9C%9F.txt"
        );
        assert_eq!(path_to_uri("a b#c.txt"), "a%20b%23c.txt");
        assert_eq!(path_to_uri("/srv/x.txt"), "file:///srv/x.txt");
        assert_eq!(path_to_uri("C:\\docs\\x.txt"), "file:///C:/docs/x.txt");
        assert_eq!(path_to_uri("a:b.txt"), "a%3Ab.txt");
    }

    #[test]
    fn placeholders_read_as_ellipsis_in_rule_descriptions() {
        assert_eq!(
            without_placeholders("不能写作“{match}”，应为“{expected}”"),
            "不能写作“…”，应为“…”"
        );
        assert_eq!(without_placeholders("{ 不是占位符 }"), "{ 不是占位符 }");
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(level(Severity::Error), "error");
    }
}
