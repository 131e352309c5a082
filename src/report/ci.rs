//! The machine formats for CI, behind one switch, so that the CLI maps
//! `--format sarif|github|junit|rdjsonl` to a single call.

use std::sync::Arc;

use crate::finding::RuleMeta;
use crate::report::columns::ColumnUnit;
use crate::report::{github, junit, rdjsonl, sarif, FileError, FileReport};

/// A CI output format (`--format NAME`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CiFormat {
    Sarif,
    Github,
    Junit,
    Rdjsonl,
}

impl CiFormat {
    pub const ALL: [CiFormat; 4] = [
        CiFormat::Sarif,
        CiFormat::Github,
        CiFormat::Junit,
        CiFormat::Rdjsonl,
    ];

    /// The `--format` value.
    pub fn name(self) -> &'static str {
        match self {
            CiFormat::Sarif => "sarif",
            CiFormat::Github => "github",
            CiFormat::Junit => "junit",
            CiFormat::Rdjsonl => "rdjsonl",
        }
    }

    pub fn parse(name: &str) -> Option<CiFormat> {
        CiFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What a column counts in this format (see [`crate::report::columns`]).
    pub fn column_unit(self) -> ColumnUnit {
        match self {
            CiFormat::Sarif | CiFormat::Junit => ColumnUnit::Chars,
            CiFormat::Github => ColumnUnit::Utf16,
            CiFormat::Rdjsonl => ColumnUnit::Utf8Bytes,
        }
    }

    /// Render `reports` (already filtered by suppressions and baseline) and
    /// the files that could not be read. `rules` are all loaded rules; only
    /// SARIF lists them.
    pub fn render(
        self,
        reports: &[FileReport],
        errors: &[FileError],
        rules: &[Arc<RuleMeta>],
    ) -> String {
        match self {
            CiFormat::Sarif => sarif::render_with_errors(reports, errors, rules),
            CiFormat::Github => github::render_with_errors(reports, errors),
            CiFormat::Junit => junit::render_with_errors(reports, errors),
            CiFormat::Rdjsonl => rdjsonl::render_with_errors(reports, errors),
        }
    }
}
