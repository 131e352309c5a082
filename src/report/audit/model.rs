//! What an audit looks at: every finding joined with its file and notice,
//! every notice with its issuing office and year. The summary, the page and
//! the CSV are all rendered from this one model, so they cannot disagree.

use std::collections::BTreeMap;

use crate::document::Notice;
use crate::finding::{Finding, Severity};
use crate::report::json::snippet;
use crate::report::{FileError, FileReport};

/// One finding and where it sits.
pub struct Row<'a> {
    /// Index of `report` in [`Model::reports`].
    pub file: usize,
    pub report: &'a FileReport,
    pub finding: &'a Finding,
    pub notice: Option<&'a Notice>,
    /// 1-based, column in characters.
    pub line: usize,
    pub column: usize,
    /// The offending text (the line, for a missing part).
    pub text: &'a str,
}

impl Row<'_> {
    pub fn path(&self) -> &str {
        &self.report.source.path
    }

    pub fn title(&self) -> &str {
        self.notice.map(notice_title).unwrap_or("")
    }

    pub fn doc_number(&self) -> &str {
        self.notice.map(notice_number).unwrap_or("")
    }
}

/// The issuing office of a notice: the agency code of its document number
/// (机关代字, e.g. `山府办发`) and the signer(s) printed under it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Office {
    pub agency: Option<String>,
    /// The signers joined with `、`; empty when none is printed.
    pub signer: String,
}

impl Office {
    pub fn of(notice: &Notice) -> Office {
        Office {
            agency: notice
                .doc_number
                .as_ref()
                .and_then(|d| d.parsed.as_ref())
                .map(|p| p.agency.clone()),
            signer: notice
                .signers
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        }
    }

    /// Offices are grouped by agency code; a notice without a readable
    /// number is grouped by its signer; findings outside any notice (a
    /// table of contents entry …) form a group of their own (`None`).
    pub fn group(notice: Option<&Notice>) -> Option<String> {
        let o = Office::of(notice?);
        match o.agency {
            Some(a) => Some(a),
            None if !o.signer.is_empty() => Some(format!("署名：{}", o.signer)),
            None => Some("（无发文字号）".to_string()),
        }
    }
}

/// The 成文日期's year of a notice, when it has a readable date.
pub fn year(notice: Option<&Notice>) -> Option<i32> {
    notice?.date.as_ref()?.value.as_ref()?.year
}

pub fn notice_title(n: &Notice) -> &str {
    n.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")
}

pub fn notice_number(n: &Notice) -> &str {
    n.doc_number
        .as_ref()
        .map(|d| d.part.text.as_str())
        .unwrap_or("")
}

/// `YYYY-MM-DD` when valid, else the date as printed, else empty.
pub fn notice_date(n: &Notice) -> String {
    match &n.date {
        Some(d) => d
            .value
            .as_ref()
            .and_then(|v| v.iso())
            .unwrap_or_else(|| d.part.text.clone()),
        None => String::new(),
    }
}

/// Everything the outputs need, in their fixed order (files by path,
/// findings by position and rule id).
pub struct Model<'a> {
    pub reports: &'a [FileReport],
    pub errors: &'a [FileError],
    pub rows: Vec<Row<'a>>,
    /// Number of rules that were run.
    pub rules: usize,
}

impl<'a> Model<'a> {
    pub fn new(reports: &'a [FileReport], errors: &'a [FileError], rules: usize) -> Self {
        let rows = reports
            .iter()
            .enumerate()
            .flat_map(|(file, r)| {
                r.findings.iter().map(move |f| {
                    let (line, column) = r.source.line_col(f.span.start);
                    Row {
                        file,
                        report: r,
                        finding: f,
                        notice: f.notice.and_then(|i| r.gazette.notices.get(i)),
                        line,
                        column,
                        text: snippet(&r.source, f),
                    }
                })
            })
            .collect();
        Model {
            reports,
            errors,
            rows,
            rules,
        }
    }

    pub fn notices(&self) -> impl Iterator<Item = (&'a FileReport, &'a Notice)> + '_ {
        self.reports
            .iter()
            .flat_map(|r| r.gazette.notices.iter().map(move |n| (r, n)))
    }

    /// Findings of every notice, `[error, warning, info]`, keyed by (file
    /// index in `reports`, notice index).
    pub fn per_notice(&self) -> BTreeMap<(usize, usize), [usize; 3]> {
        let mut out = BTreeMap::new();
        for row in &self.rows {
            if let Some(n) = row.finding.notice {
                let c: &mut [usize; 3] = out.entry((row.file, n)).or_default();
                c[severity_slot(row.finding.severity)] += 1;
            }
        }
        out
    }
}

/// Index of a severity in `[error, warning, info]` arrays.
pub fn severity_slot(s: Severity) -> usize {
    match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}
