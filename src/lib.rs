//! gwlint (公文 lint): a compliance linter for Chinese official documents.
//!
//! The library holds everything; `main.rs` only calls [`run`].

pub mod analysis;
pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod document;
pub mod engine;
pub mod error;
pub mod finding;
pub mod fingerprint;
pub mod fix;
pub mod init;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

use std::io::Write;
use std::sync::Arc;

pub use error::Error;

use finding::Severity;
use std::collections::HashMap;

use settings::{FixMode, Format, Settings};

/// Exit codes (DESIGN.md section 3).
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// Run one command; returns the exit code. Errors are configuration, usage
/// or output errors (exit code 2, decided by the caller).
pub fn run(cli: cli::Cli) -> Result<i32, Error> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match Settings::from_cli(cli)? {
        Settings::Check(s) => {
            let mut outcome = engine::run(&s.inputs, &s.rules, s.jobs);
            let mut errors = s.missing;
            errors.extend(outcome.errors);
            errors.sort_by(|a, b| a.path.cmp(&b.path));
            let mut fix_failed = false;
            if let FixMode::Apply { include_unsafe } | FixMode::Diff { include_unsafe } = s.fix {
                let diff_only = matches!(s.fix, FixMode::Diff { .. });
                let on_disk: HashMap<&str, &std::path::Path> = s
                    .inputs
                    .iter()
                    .map(|i| (i.display.as_str(), i.path.as_path()))
                    .collect();
                let relint = |src: &source::SourceFile| {
                    let gazette = document::parse(src);
                    engine::check_parsed(src, &gazette, &s.rules)
                };
                let fixed = fix::run_fix_with(
                    &outcome.reports,
                    |r| on_disk[r.source.path.as_str()].to_path_buf(),
                    include_unsafe,
                    diff_only,
                    relint,
                );
                if diff_only {
                    // Standard output carries the patch only.
                    out.write_all(fixed.diff().as_bytes())?;
                    out.flush()?;
                    eprint!("{fixed}");
                    return Ok(if fixed.has_errors() || !errors.is_empty() {
                        EXIT_ERROR
                    } else {
                        EXIT_OK
                    });
                }
                eprint!("{fixed}");
                fix_failed = fixed.has_errors();
                outcome.reports = fixed.after();
            }
            match s.format {
                Format::Json => {
                    out.write_all(report::json::render(&outcome.reports, &errors).as_bytes())?
                }
                Format::Human => {
                    eprint!("{}", report::human::render_errors(&errors));
                    let style = report::human::Style {
                        color: s.color,
                        width: 100,
                    };
                    out.write_all(
                        report::human::render(&outcome.reports, &errors, style).as_bytes(),
                    )?;
                }
            }
            out.flush()?;
            if fix_failed {
                return Ok(EXIT_ERROR);
            }
            Ok(exit_code(&outcome.reports, &errors, s.fail_on))
        }
        Settings::Rules(rules) => {
            out.write_all(report::rules::table(&rules).as_bytes())?;
            Ok(EXIT_OK)
        }
        Settings::Explain { rules, id } => {
            let rule = rules.get(&id).expect("checked by settings");
            out.write_all(report::rules::explain(rule).as_bytes())?;
            Ok(EXIT_OK)
        }
        Settings::Parse {
            inputs,
            missing,
            format,
            jobs,
        } => {
            let empty = rules::RuleSet::default();
            let outcome = engine::run(&inputs, &empty, jobs);
            let mut errors = missing;
            errors.extend(outcome.errors);
            eprint!("{}", report::human::render_errors(&errors));
            let files: Vec<_> = outcome
                .reports
                .iter()
                .map(|r| (Arc::clone(&r.source), Arc::clone(&r.gazette)))
                .collect();
            let text = match format {
                Format::Json => report::structure::render_json(&files),
                Format::Human => report::structure::render_human(&files),
            };
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(if errors.is_empty() {
                EXIT_OK
            } else {
                EXIT_ERROR
            })
        }
    }
}

/// 2 when some input could not be checked (the result is incomplete);
/// otherwise 1 when a finding is at or above `fail_on`; otherwise 0.
pub fn exit_code(
    reports: &[report::FileReport],
    errors: &[report::FileError],
    fail_on: Option<Severity>,
) -> i32 {
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    let failed = fail_on.is_some_and(|min| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.severity >= min)
    });
    if failed {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
