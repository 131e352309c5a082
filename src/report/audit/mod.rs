//! `gwlint audit`: check a collection with the engine, then write an HTML
//! page, a CSV table and a JSON summary of the findings into a directory.
//! Every output is deterministic: no timestamps, no absolute paths that
//! were not typed, fixed order.

pub mod chart;
pub mod context;
pub mod html;
pub mod model;
pub mod progress;
pub mod summary;
pub mod table;

use std::path::Path;

use crate::engine;
use crate::error::Error;
use crate::report::human::render_errors;
use crate::report::{FileError, FileReport};
use crate::settings::AuditSettings;
use crate::{EXIT_ERROR, EXIT_OK};

pub const HTML: &str = "index.html";
pub const CSV: &str = "findings.csv";
pub const SUMMARY: &str = "summary.json";

/// Run an audit; exit code 0 when every input was checked, 2 when some
/// could not be (the report is written all the same and lists them).
pub fn run(s: AuditSettings) -> Result<i32, Error> {
    let bar = progress::bar(s.inputs.len(), s.progress);
    let outcome = engine::run_observed(&s.inputs, &s.rules, s.jobs, &|_| bar.inc(1));
    bar.finish_and_clear();
    let mut errors = s.missing;
    errors.extend(outcome.errors);
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    eprint!("{}", render_errors(&errors));

    let summary = write(
        &s.out,
        &outcome.reports,
        &errors,
        s.rules.rules.len(),
        &s.scope,
    )?;
    if s.progress {
        eprintln!(
            "已写入 {}：{} 个文件，{} 篇公文，{} 个问题",
            s.out.join(HTML).display(),
            summary.totals.files,
            summary.totals.notices,
            summary.totals.findings
        );
    }
    Ok(if errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    })
}

/// Write `index.html`, `findings.csv` and `summary.json` into `dir`.
pub fn write(
    dir: &Path,
    reports: &[FileReport],
    errors: &[FileError],
    rules: usize,
    scope: &[String],
) -> Result<summary::Summary, Error> {
    let m = model::Model::new(reports, errors, rules);
    let s = summary::build(&m);
    let out_err = |path: &Path, e: std::io::Error| {
        Error::Output(std::io::Error::new(
            e.kind(),
            format!("{}：{e}", path.display()),
        ))
    };
    std::fs::create_dir_all(dir).map_err(|e| out_err(dir, e))?;
    let files: [(&str, Vec<u8>); 3] = [
        (SUMMARY, summary::to_json(&s).into_bytes()),
        (CSV, table::render(&m)),
        (HTML, html::render(&m, &s, scope).into_bytes()),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| out_err(&path, e))?;
    }
    Ok(s)
}
