//! The counts behind the audit page, written as `summary.json`. Groups are
//! ordered by number of findings (descending), then by key, except files
//! (by path) and years (ascending), so that the output is deterministic.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{self, severity_slot, Model, Office};
use crate::finding::Category;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub findings: usize,
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn from_slots(c: [usize; 3]) -> Counts {
        Counts {
            findings: c.iter().sum(),
            error: c[0],
            warning: c[1],
            info: c[2],
        }
    }

    pub fn slots(&self) -> [usize; 3] {
        [self.error, self.warning, self.info]
    }

    fn add(&mut self, slot: usize) {
        self.findings += 1;
        match slot {
            0 => self.error += 1,
            1 => self.warning += 1,
            _ => self.info += 1,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub version: u32,
    pub totals: Totals,
    pub by_severity: BySeverity,
    pub by_category: Vec<CategoryRow>,
    pub by_rule: Vec<RuleRow>,
    pub by_office: Vec<OfficeRow>,
    pub by_file: Vec<FileRow>,
    pub by_year: Vec<YearRow>,
    pub unreadable: Vec<Unreadable>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub files: usize,
    pub notices: usize,
    pub findings: usize,
    pub fixable: usize,
    /// Notices with at least one finding.
    pub notices_with_findings: usize,
    /// Rules that were run.
    pub rules: usize,
    /// Rules that found something.
    pub rules_triggered: usize,
    pub unreadable: usize,
}

#[derive(Debug, Serialize)]
pub struct BySeverity {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

#[derive(Debug, Serialize)]
pub struct CategoryRow {
    pub category: &'static str,
    pub label: &'static str,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct RuleRow {
    pub rule: String,
    pub category: &'static str,
    /// The rule's own message (findings may word it more precisely).
    pub message: String,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct OfficeRow {
    /// The group: the agency code (`山府办发`), `署名：…` for notices
    /// without a readable number, or null for findings outside notices.
    pub office: Option<String>,
    /// Signers printed on the group's notices, most frequent first.
    pub signers: Vec<String>,
    pub notices: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct FileRow {
    pub path: String,
    pub notices: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct YearRow {
    /// The 成文日期's year; null for notices without a readable date and
    /// for findings outside notices.
    pub year: Option<i32>,
    pub notices: usize,
    #[serde(flatten)]
    pub counts: Counts,
}

#[derive(Debug, Serialize)]
pub struct Unreadable {
    pub path: String,
    pub message: String,
}

/// Per office group: notices, signers with their frequency, findings.
type OfficeAcc = (usize, BTreeMap<String, usize>, Counts);

pub fn build(m: &Model) -> Summary {
    let mut sev = [0usize; 3];
    let mut categories: BTreeMap<Category, Counts> = BTreeMap::new();
    let mut rules: BTreeMap<&str, (Category, &str, Counts)> = BTreeMap::new();
    let mut offices: BTreeMap<Option<String>, OfficeAcc> = BTreeMap::new();
    let mut files: Vec<Counts> = vec![Counts::default(); m.reports.len()];
    let mut years: BTreeMap<Option<i32>, (usize, Counts)> = BTreeMap::new();

    for (_, n) in m.notices() {
        let office = offices.entry(Office::group(Some(n))).or_default();
        office.0 += 1;
        let signer = Office::of(n).signer;
        if !signer.is_empty() {
            *office.1.entry(signer).or_default() += 1;
        }
        years.entry(model::year(Some(n))).or_default().0 += 1;
    }
    for row in &m.rows {
        let f = row.finding;
        let slot = severity_slot(f.severity);
        sev[slot] += 1;
        categories.entry(f.category()).or_default().add(slot);
        rules
            .entry(&f.rule.id)
            .or_insert((f.category(), &f.rule.message, Counts::default()))
            .2
            .add(slot);
        offices
            .entry(Office::group(row.notice))
            .or_default()
            .2
            .add(slot);
        files[row.file].add(slot);
        years
            .entry(model::year(row.notice))
            .or_default()
            .1
            .add(slot);
    }

    let mut by_category: Vec<CategoryRow> = categories
        .into_iter()
        .map(|(c, counts)| CategoryRow {
            category: c.as_str(),
            label: c.label(),
            counts,
        })
        .collect();
    by_category.sort_by_key(|c| Reverse(c.counts.findings));
    let mut by_rule: Vec<RuleRow> = rules
        .into_iter()
        .map(|(id, (c, message, counts))| RuleRow {
            rule: id.to_string(),
            category: c.as_str(),
            message: message.to_string(),
            counts,
        })
        .collect();
    by_rule.sort_by_key(|r| Reverse(r.counts.findings));
    let mut by_office: Vec<OfficeRow> = offices
        .into_iter()
        .map(|(office, (notices, signers, counts))| {
            let mut signers: Vec<(String, usize)> = signers.into_iter().collect();
            signers.sort_by_key(|s| Reverse(s.1));
            OfficeRow {
                office,
                signers: signers.into_iter().map(|(s, _)| s).collect(),
                notices,
                counts,
            }
        })
        .collect();
    // Stable sorts on key-ordered input: ties stay in key order; the group
    // outside notices (null) comes last.
    by_office.sort_by_key(|o| (o.office.is_none(), Reverse(o.counts.findings)));
    let by_file = m
        .reports
        .iter()
        .zip(files)
        .map(|(r, counts)| FileRow {
            path: r.source.path.clone(),
            notices: r.gazette.notices.len(),
            counts,
        })
        .collect();
    let mut by_year: Vec<YearRow> = years
        .into_iter()
        .map(|(year, (notices, counts))| YearRow {
            year,
            notices,
            counts,
        })
        .collect();
    by_year.sort_by_key(|y| (y.year.is_none(), y.year));

    let findings = m.rows.len();
    Summary {
        version: 1,
        totals: Totals {
            files: m.reports.len(),
            notices: m.notices().count(),
            findings,
            fixable: m.rows.iter().filter(|r| r.finding.fix.is_some()).count(),
            notices_with_findings: m.per_notice().len(),
            rules: m.rules,
            rules_triggered: by_rule.len(),
            unreadable: m.errors.len(),
        },
        by_severity: BySeverity {
            error: sev[0],
            warning: sev[1],
            info: sev[2],
        },
        by_category,
        by_rule,
        by_office,
        by_file,
        by_year,
        unreadable: m
            .errors
            .iter()
            .map(|e| Unreadable {
                path: e.path.clone(),
                message: e.message.clone(),
            })
            .collect(),
    }
}

pub fn to_json(s: &Summary) -> String {
    let mut out = serde_json::to_string_pretty(s).expect("summary serializes");
    out.push('\n');
    out
}
