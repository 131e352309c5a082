//! One call for the CLI: `--fix`, `--unsafe-fixes` and `--diff` over the
//! reports `gwlint check` produced. The wiring, once the engine is in:
//!
//! ```ignore
//! if s.fix || s.diff {
//!     let relint = |src: &SourceFile| {
//!         let gazette = document::parse(src);
//!         engine::check_parsed(src, &gazette, &s.rules)
//!     };
//!     let fixed = fix::run_fix(&outcome.reports, s.unsafe_fixes, s.diff, relint);
//!     if s.diff {
//!         out.write_all(fixed.diff().as_bytes())?; // stdout: the patch only
//!     }
//!     eprint!("{fixed}"); // 已修复 N 处，剩余 M 处 (per file and in total)
//!     reports = fixed.after(); // what remains, for the usual output
//!     // exit 2 if fixed.has_errors()
//! }
//! ```

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{
    fix_file, fix_until_stable_from, has_applicable_fix, prepare_fix, unified_diff, FileFixSummary,
    FixReport, DEFAULT_MAX_PASSES,
};
use crate::document;
use crate::finding::Finding;
use crate::report::FileReport;
use crate::source::SourceFile;

/// `gwlint check --fix` (`diff_only = false`) or `--diff` (`diff_only =
/// true`, nothing written), with `--unsafe-fixes` as `include_unsafe`.
///
/// Files are fixed in parallel, each independently: a file that cannot be
/// written is reported in its [`FileFixSummary::error`] and the others are
/// still fixed. `relint` lints one text (the engine on a single file);
/// cross-file findings it cannot see are simply not re-reported. Files
/// without an applicable fix are neither re-linted nor touched.
///
/// Each file is read and written at `source.path` (the engine's display
/// path, relative to the current directory); use [`run_fix_with`] when the
/// path shown differs from the path on disk.
pub fn run_fix(
    reports: &[FileReport],
    include_unsafe: bool,
    diff_only: bool,
    relint: impl Fn(&SourceFile) -> Vec<Finding> + Sync,
) -> FixReport {
    run_fix_with(
        reports,
        |r| PathBuf::from(&r.source.path),
        include_unsafe,
        diff_only,
        relint,
    )
}

/// [`run_fix`] with the on-disk path of each report given by `locate`.
pub fn run_fix_with(
    reports: &[FileReport],
    locate: impl Fn(&FileReport) -> PathBuf + Sync,
    include_unsafe: bool,
    diff_only: bool,
    relint: impl Fn(&SourceFile) -> Vec<Finding> + Sync,
) -> FixReport {
    let mut files: Vec<FileFixSummary> = reports
        .par_iter()
        .map(|r| {
            catch_unwind(AssertUnwindSafe(|| {
                fix_one(r, &locate(r), include_unsafe, diff_only, &relint)
            }))
            .unwrap_or_else(|_| {
                let mut s = unchanged(r);
                s.error = Some(format!(
                    "内部错误：修复 {} 时程序异常中止，文件未改动",
                    r.source.path
                ));
                s
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    FixReport { files, diff_only }
}

fn unchanged(r: &FileReport) -> FileFixSummary {
    FileFixSummary {
        path: r.source.path.clone(),
        fixed_by_rule: BTreeMap::new(),
        remaining: r.findings.len(),
        passes: 0,
        converged: true,
        introduced: BTreeMap::new(),
        written: false,
        diff: String::new(),
        error: None,
        after: r.clone(),
    }
}

fn fix_one(
    r: &FileReport,
    path: &Path,
    include_unsafe: bool,
    diff_only: bool,
    relint: &(impl Fn(&SourceFile) -> Vec<Finding> + Sync),
) -> FileFixSummary {
    let src = &r.source;
    if !has_applicable_fix(&src.text, &r.findings, include_unsafe) {
        return unchanged(r);
    }
    let outcome = fix_until_stable_from(
        &src.text,
        r.findings.clone(),
        include_unsafe,
        DEFAULT_MAX_PASSES,
        |t| {
            relint(&SourceFile::new(
                src.path.clone(),
                t.to_owned(),
                src.encoding,
            ))
        },
    );
    let result = if diff_only {
        prepare_fix(path, src, &outcome).map(|_| false)
    } else {
        fix_file(path, src, &outcome)
    };

    let mut summary = unchanged(r);
    summary.passes = outcome.passes;
    summary.converged = outcome.converged;
    match result {
        Err(e) => summary.error = Some(e.to_string()),
        Ok(written) => {
            for a in &outcome.applied {
                *summary.fixed_by_rule.entry(a.rule.clone()).or_default() += 1;
            }
            summary.remaining = outcome.remaining.len();
            summary.introduced = introduced(&r.findings, &outcome.remaining);
            summary.written = written;
            if diff_only {
                summary.diff = unified_diff(&src.path, &src.text, &outcome.text);
            } else if written {
                let fixed = SourceFile::new(src.path.clone(), outcome.text, src.encoding);
                summary.after = FileReport {
                    gazette: Arc::new(document::parse(&fixed)),
                    source: Arc::new(fixed),
                    findings: outcome.remaining,
                };
            }
        }
    }
    summary
}

/// Rules that have more findings in `after` than in `before`.
fn introduced(before: &[Finding], after: &[Finding]) -> BTreeMap<String, usize> {
    fn count(fs: &[Finding]) -> BTreeMap<&str, usize> {
        let mut m = BTreeMap::new();
        for f in fs {
            *m.entry(f.rule.id.as_str()).or_default() += 1;
        }
        m
    }
    let (b, a) = (count(before), count(after));
    a.into_iter()
        .filter_map(|(rule, n)| {
            let old = b.get(rule).copied().unwrap_or(0);
            (n > old).then(|| (rule.to_owned(), n - old))
        })
        .collect()
}
