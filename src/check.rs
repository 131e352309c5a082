//! The `gwlint check` pipeline, in this order: engine → fixes (`--fix`,
//! `--diff`) → suppressions from gwlint.toml → baseline → output → exit code.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::baseline::{self, Baseline};
use crate::finding::Severity;
use crate::report::{ReportWriter, Tally};
use crate::settings::{BaselineMode, CheckSettings, FixMode, Format};
use crate::{document, engine, fix, report, source, Error, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};

/// Run `gwlint check`; returns the exit code.
pub fn run(s: CheckSettings, out: &mut impl Write) -> Result<i32, Error> {
    let streams = s.fix == FixMode::None
        && matches!(s.baseline, BaselineMode::None)
        && s.stdin.is_none()
        && matches!(s.format, Format::Json | Format::Human);
    if streams {
        return stream(s, out);
    }
    let outcome = engine::run(&s.inputs, &s.rules, s.jobs);
    let mut reports = outcome.reports;
    let mut errors = s.missing.clone();
    errors.extend(outcome.errors);
    if let Some((name, bytes)) = &s.stdin {
        match engine::check_bytes(name, bytes, &s.rules) {
            Ok(r) => reports.push(r),
            Err(e) => errors.push(e),
        }
        reports.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    }
    errors.sort_by(|a, b| a.path.cmp(&b.path));

    let mut failed = false;
    if let FixMode::Apply { include_unsafe } | FixMode::Diff { include_unsafe } = s.fix {
        let diff_only = matches!(s.fix, FixMode::Diff { .. });
        let on_disk: HashMap<&str, &Path> = s
            .inputs
            .iter()
            .map(|i| (i.display.as_str(), i.path.as_path()))
            .collect();
        let relint = |src: &source::SourceFile| {
            let gazette = document::parse(src);
            engine::check_parsed(src, &gazette, &s.rules)
        };
        let fixed = fix::run_fix_with(
            &reports,
            |r| on_disk[r.source.path.as_str()].to_path_buf(),
            include_unsafe,
            diff_only,
            relint,
        );
        eprint!("{fixed}");
        if diff_only {
            // Standard output carries the patch only.
            out.write_all(fixed.diff().as_bytes())?;
            out.flush()?;
            let bad = fixed.has_errors() || !errors.is_empty();
            return Ok(if bad { EXIT_ERROR } else { EXIT_OK });
        }
        failed = fixed.has_errors();
        reports = fixed.after();
    }

    s.suppressions.apply(&mut reports);

    match &s.baseline {
        BaselineMode::None => {}
        BaselineMode::Write(path) => {
            let b = baseline::write(path, &reports).map_err(|e| Error::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            eprintln!("已将 {} 个问题记入基线 {}", b.len(), path.display());
            return Ok(if errors.is_empty() {
                EXIT_OK
            } else {
                EXIT_ERROR
            });
        }
        BaselineMode::Use { path, prune } => {
            let mut b = Baseline::load(path).map_err(|e| Error::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            if *prune {
                let stats = b.prune(&reports, |p| Path::new(p).exists());
                b.save(path).map_err(|e| Error::Io {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?;
                eprintln!(
                    "基线 {}：删去 {} 个已不存在的问题，保留 {} 个",
                    path.display(),
                    stats.removed,
                    stats.kept
                );
            }
            reports = b.filter(&reports);
        }
    }

    let text = match s.format {
        Format::Json => {
            // Streamed: the document can be larger than the inputs.
            report::json::write(&reports, &errors, out)?;
            String::new()
        }
        Format::Human => {
            eprint!("{}", report::human::render_errors(&errors));
            let style = report::human::Style {
                color: s.color,
                width: 100,
            };
            report::human::render(&reports, &errors, style)
        }
        Format::Ci(f) => {
            let metas: Vec<Arc<_>> = s.rules.rules.iter().map(|r| Arc::clone(&r.meta)).collect();
            f.render(&reports, &errors, &metas)
        }
    };
    out.write_all(text.as_bytes())?;
    out.flush()?;
    if failed {
        return Ok(EXIT_ERROR);
    }
    Ok(exit_code(
        &Tally::of(&reports, &errors),
        s.fail_on,
        s.max_warnings,
    ))
}

/// A plain check (no fixes, no baseline, no standard input) in JSON or for
/// people: each file is written as soon as it and those before it are
/// checked, and dropped, so memory stays that of a few files however many
/// there are.
fn stream(s: CheckSettings, out: &mut impl Write) -> Result<i32, Error> {
    let pool = engine::pool(s.jobs);
    let tally = match s.format {
        Format::Json => stream_into(
            &s,
            &pool,
            report::json::JsonWriter::begin(out, Some(&pool))?,
        )?,
        _ => {
            let style = report::human::Style {
                color: s.color,
                width: 100,
            };
            stream_into(&s, &pool, report::human::HumanWriter::new(out, style))?
        }
    };
    Ok(exit_code(&tally, s.fail_on, s.max_warnings))
}

fn stream_into(
    s: &CheckSettings,
    pool: &rayon::ThreadPool,
    mut w: impl ReportWriter,
) -> std::io::Result<Tally> {
    // Paths that do not exist take their place in path order.
    let mut missing = s.missing.clone();
    missing.sort_by(|a, b| a.path.cmp(&b.path));
    let mut missing = missing.into_iter().peekable();
    let mut written = Ok(());
    engine::for_each(pool, &s.inputs, &s.rules, &|_| {}, |r| {
        written = (|| {
            let path = report::path_of(r.as_ref());
            while let Some(m) = missing.next_if(|m| m.path.as_str() < path) {
                w.error(&m)?;
            }
            match r {
                Ok(mut rep) => {
                    s.suppressions.apply(std::slice::from_mut(&mut rep));
                    w.file(&rep)
                }
                Err(e) => w.error(&e),
            }
        })();
        written.is_ok()
    });
    written?;
    for m in missing {
        w.error(&m)?;
    }
    w.finish()
}

/// 2 when some input could not be checked (the result is incomplete);
/// otherwise 1 when a finding is at or above `fail_on`, or there are more
/// warnings than `max_warnings`; otherwise 0.
pub fn exit_code(tally: &Tally, fail_on: Option<Severity>, max_warnings: Option<usize>) -> i32 {
    if tally.unreadable > 0 {
        return EXIT_ERROR;
    }
    let failed = fail_on.is_some_and(|min| tally.any_at_least(min));
    if failed || max_warnings.is_some_and(|max| tally.warnings > max) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
