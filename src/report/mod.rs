//! Output formats. Each format is one file; all of them render the same
//! `FileReport`s, already sorted by path, position and rule id.

pub mod audit;
pub mod ci;
pub mod columns;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjsonl;
pub mod rules;
pub mod sarif;
pub mod source_code;
pub mod streamed;
pub mod structure;

use std::sync::Arc;

use crate::document::Gazette;
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// Everything known about one checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    pub gazette: Arc<Gazette>,
    /// Findings sorted by (offset, rule id).
    pub findings: Vec<Finding>,
}

/// A file that could not be read or decoded; reported and skipped.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}

/// The path of a checked file or of one that could not be checked.
pub fn path_of<'a>(r: Result<&'a FileReport, &'a FileError>) -> &'a str {
    match r {
        Ok(rep) => &rep.source.path,
        Err(e) => &e.path,
    }
}

/// Where a streamed check writes, file by file in path order: JSON
/// (`json::JsonWriter`) or the human report (`human::HumanWriter`).
pub trait ReportWriter {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()>;
    fn error(&mut self, e: &FileError) -> std::io::Result<()>;
    /// Close the output with the summary; the counts of the run.
    fn finish(self) -> std::io::Result<Tally>;
}

/// Counts over a run, kept as the reports go by (a streamed run no longer
/// holds them when it writes its summary).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Files checked.
    pub files: usize,
    pub notices: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    /// Files that could not be checked.
    pub unreadable: usize,
}

impl Tally {
    pub fn of(reports: &[FileReport], errors: &[FileError]) -> Self {
        let mut t = Tally::default();
        reports.iter().for_each(|r| t.add(r));
        errors.iter().for_each(|_| t.add_error());
        t
    }

    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        self.notices += r.gazette.notices.len();
        for f in &r.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
            self.fixable += usize::from(f.fix.is_some());
        }
    }

    pub fn add_error(&mut self) {
        self.unreadable += 1;
    }

    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Whether some finding is at `min` or above.
    pub fn any_at_least(&self, min: Severity) -> bool {
        match min {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.diagnostics() > 0,
        }
    }
}
