//! gwlint (公文 lint): a compliance linter for Chinese official documents.
//!
//! The library holds everything; `main.rs` only calls [`run`].

pub mod analysis;
pub mod baseline;
pub mod check;
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
pub mod input;
pub mod report;
pub mod rules;
pub mod serve;
pub mod settings;
pub mod source;
pub mod suppress;

use std::io::Write;
use std::sync::Arc;

pub use error::Error;

use settings::Settings;

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
        Settings::Check(s) => check::run(s, &mut out),
        Settings::Init(dir) => match init::write_config(&dir) {
            Ok(path) => {
                eprintln!("已生成 {}", path.display());
                Ok(EXIT_OK)
            }
            Err(message) => Err(Error::usage(message)),
        },
        Settings::Audit(s) => report::audit::run(s),
        Settings::Serve(s) => {
            serve::run(s)?;
            Ok(EXIT_OK)
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
            json,
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
            let text = if json {
                report::structure::render_json(&files)
            } else {
                report::structure::render_human(&files)
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
