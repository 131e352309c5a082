//! Command-line definitions: what was typed, nothing more. `settings.rs`
//! turns it into validated settings.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "gwlint",
    version,
    about = "公文 lint：按 GB/T 9704-2012 检查党政机关公文"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Use this configuration file instead of looking for gwlint.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any gwlint.toml.
    #[arg(long, global = true)]
    pub no_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents (directories are walked for .txt, .md and .docx files).
    Check(CheckArgs),
    /// List the loaded rules.
    Rules(RuleArgs),
    /// Explain one rule, with an example of a violation and its fix.
    Explain {
        /// The rule id.
        id: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
    /// Write a commented gwlint.toml with the defaults (never overwrites).
    Init {
        /// Directory to write it in (default: the current directory).
        dir: Option<PathBuf>,
    },
    /// Audit a collection: write index.html, findings.csv and summary.json into --out.
    Audit(AuditArgs),
    /// Show the structure gwlint finds in documents (notices and their parts).
    Parse {
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
        format: ParseFormat,
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
    },
    /// Serve a local web page where a draft is pasted or dropped and checked.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 7700)]
    pub port: u16,
    /// Address to listen on; anything but 127.0.0.1 or localhost opens the page to other computers.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Largest upload accepted, e.g. 5MB, 512KB or a number of bytes.
    #[arg(long, default_value = "5MB", value_name = "SIZE")]
    pub max_request_size: String,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// Add a rule pack (a .toml file, or a directory of them); repeatable.
    #[arg(long = "rules", value_name = "FILE_OR_DIR")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in packs.
    #[arg(long)]
    pub no_builtin: bool,
    /// Only run these rules (ids or categories, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE_OR_CATEGORY")]
    pub select: Vec<String>,
    /// Do not run these rules (ids or categories, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE_OR_CATEGORY")]
    pub ignore: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files, directories or glob patterns (`-`: standard input); default:
    /// `paths` in gwlint.toml, or `.`.
    pub paths: Vec<String>,
    /// The name shown for standard input (and matched by baseline and
    /// per-file ignores).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Also fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// With --baseline: drop entries that no longer occur.
    #[arg(long, requires = "baseline")]
    pub prune_baseline: bool,
    /// Apply the safe fixes to the files, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff: apply the unsafe fixes too.
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change; write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Files, directories or glob patterns; default: `paths` in gwlint.toml, or `.`.
    pub paths: Vec<String>,
    /// Directory to write the report into (created if needed).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: PathBuf,
    /// Number of threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// No progress bar and no closing summary on standard error.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Rdjsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Never,
    Always,
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}
