//! Cli → validated [`Settings`]: paths expanded, configuration read, rule
//! packs loaded and compiled, selection applied. Nothing below this module
//! sees clap.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::{self, Cli};
use crate::config::Config;
use crate::engine::Input;
use crate::error::Error;
use crate::finding::Severity;
use crate::report::ci::CiFormat;
use crate::report::FileError;
use crate::rules::{self, LoadError, PackSource, RuleSet, Selection, Selector};
use crate::suppress::Suppressions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    /// SARIF, GitHub workflow commands, JUnit, rdjsonl.
    Ci(CiFormat),
}

/// What to do with a baseline file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaselineMode {
    None,
    /// Report only findings not in the file; `prune` drops entries that no
    /// longer occur.
    Use {
        path: PathBuf,
        prune: bool,
    },
    /// Record the current findings.
    Write(PathBuf),
}

/// What to do, fully validated.
#[derive(Debug)]
pub enum Settings {
    Check(CheckSettings),
    Audit(AuditSettings),
    Rules(RuleSet),
    Explain {
        rules: RuleSet,
        id: String,
    },
    /// Write a gwlint.toml template in this directory.
    Init(PathBuf),
    Parse {
        inputs: Vec<Input>,
        missing: Vec<FileError>,
        /// JSON (else the human outline).
        json: bool,
        jobs: usize,
    },
    Serve(crate::serve::ServeSettings),
}

#[derive(Debug)]
pub struct CheckSettings {
    pub inputs: Vec<Input>,
    /// `-` among the paths: the name to show and the bytes read.
    pub stdin: Option<(String, Vec<u8>)>,
    /// Paths given that do not exist or match nothing; reported, not fatal.
    pub missing: Vec<FileError>,
    pub rules: RuleSet,
    pub format: Format,
    pub color: bool,
    /// 0 = one thread per core.
    pub jobs: usize,
    /// Lowest severity that fails the run; `None` never fails.
    pub fail_on: Option<Severity>,
    pub fix: FixMode,
    /// Per-file ignores and accepted exceptions from gwlint.toml.
    pub suppressions: Suppressions,
    pub baseline: BaselineMode,
    /// More warnings than this fail the run.
    pub max_warnings: Option<usize>,
}

/// What to do with the fixes findings carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Only report.
    None,
    /// Rewrite the files.
    Apply { include_unsafe: bool },
    /// Print a unified diff, write nothing.
    Diff { include_unsafe: bool },
}

/// `gwlint audit`: what to check, with which rules, and where to write.
#[derive(Debug)]
pub struct AuditSettings {
    pub inputs: Vec<Input>,
    pub missing: Vec<FileError>,
    pub rules: RuleSet,
    /// 0 = one thread per core.
    pub jobs: usize,
    pub out: PathBuf,
    /// The PATH arguments as typed (or taken from gwlint.toml), shown in the report.
    pub scope: Vec<String>,
    /// Draw a progress bar and a closing line on standard error.
    pub progress: bool,
}

impl Settings {
    pub fn from_cli(cli: Cli) -> Result<Settings, Error> {
        let cwd = std::env::current_dir().map_err(|e| Error::Io {
            path: ".".into(),
            message: e.to_string(),
        })?;
        let config = if cli.no_config {
            None
        } else if let Some(p) = &cli.config {
            Some(Config::read(p)?)
        } else {
            Config::find(&cwd).map(|p| Config::read(&p)).transpose()?
        };
        match cli.command {
            cli::Command::Check(args) => {
                let rules = rule_set(&args.rules, config.as_ref(), &cwd)?;
                let suppressions = suppressions(config.as_ref(), &rules)?;
                let stdin_name = args.stdin_filename.clone();
                if stdin_name.is_some() && !args.paths.iter().any(|p| p == "-") {
                    return Err(Error::usage(
                        "--stdin-filename 只能与路径 `-`（标准输入）同用",
                    ));
                }
                if args.paths.iter().any(|p| p == "-") && (args.fix || args.diff) {
                    return Err(Error::usage("标准输入的内容无法用 --fix 或 --diff 改写"));
                }
                let (inputs, missing) = if args.paths.iter().any(|p| p == "-") {
                    // Standard input, plus whatever files were named with it.
                    let files: Vec<String> =
                        args.paths.iter().filter(|p| *p != "-").cloned().collect();
                    expand(&files, &cwd)
                } else {
                    expand(&default_paths(&args.paths, config.as_ref()), &cwd)
                };
                let stdin = if args.paths.iter().any(|p| p == "-") {
                    let mut bytes = Vec::new();
                    std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| {
                        Error::Io {
                            path: "-".into(),
                            message: e.to_string(),
                        }
                    })?;
                    Some((stdin_name.unwrap_or_else(|| "<stdin>".into()), bytes))
                } else {
                    None
                };
                Ok(Settings::Check(CheckSettings {
                    inputs,
                    stdin,
                    missing,
                    rules,
                    format: match args.format {
                        cli::Format::Human => Format::Human,
                        cli::Format::Json => Format::Json,
                        cli::Format::Sarif => Format::Ci(CiFormat::Sarif),
                        cli::Format::Github => Format::Ci(CiFormat::Github),
                        cli::Format::Junit => Format::Ci(CiFormat::Junit),
                        cli::Format::Rdjsonl => Format::Ci(CiFormat::Rdjsonl),
                    },
                    color: match args.color {
                        cli::Color::Always => true,
                        cli::Color::Never => false,
                        cli::Color::Auto => {
                            std::io::stdout().is_terminal()
                                && std::env::var_os("NO_COLOR").is_none()
                        }
                    },
                    jobs: jobs(args.jobs)?,
                    fail_on: match args.fail_on {
                        cli::FailOn::Error => Some(Severity::Error),
                        cli::FailOn::Warning => Some(Severity::Warning),
                        cli::FailOn::Info => Some(Severity::Info),
                        cli::FailOn::Never => None,
                    },
                    fix: match (args.fix, args.diff) {
                        (true, _) => FixMode::Apply {
                            include_unsafe: args.unsafe_fixes,
                        },
                        (_, true) => FixMode::Diff {
                            include_unsafe: args.unsafe_fixes,
                        },
                        _ if args.unsafe_fixes => {
                            return Err(Error::usage("--unsafe-fixes 需要与 --fix 或 --diff 同用"))
                        }
                        _ => FixMode::None,
                    },
                    suppressions,
                    baseline: match (args.baseline, args.write_baseline) {
                        (Some(path), _) => BaselineMode::Use {
                            path,
                            prune: args.prune_baseline,
                        },
                        (None, Some(path)) => BaselineMode::Write(path),
                        (None, None) => BaselineMode::None,
                    },
                    max_warnings: args.max_warnings,
                }))
            }
            cli::Command::Init { dir } => Ok(Settings::Init(dir.unwrap_or(cwd))),
            cli::Command::Audit(args) => {
                let rules = rule_set(&args.rules, config.as_ref(), &cwd)?;
                let scope = default_paths(&args.paths, config.as_ref());
                let (inputs, missing) = expand(&scope, &cwd);
                Ok(Settings::Audit(AuditSettings {
                    inputs,
                    missing,
                    rules,
                    jobs: jobs(args.jobs)?,
                    out: args.out,
                    scope,
                    progress: !args.quiet && std::io::stderr().is_terminal(),
                }))
            }
            cli::Command::Rules(args) => {
                Ok(Settings::Rules(rule_set(&args, config.as_ref(), &cwd)?))
            }
            cli::Command::Explain { id, rules: args } => {
                let rules = rule_set(&args, config.as_ref(), &cwd)?;
                if rules.get(&id).is_none() {
                    return Err(Error::usage_help(
                        format!("没有 id 为 `{id}` 的规则"),
                        "运行 `gwlint rules` 查看所有规则",
                    ));
                }
                Ok(Settings::Explain { rules, id })
            }
            cli::Command::Serve(args) => {
                let max_request =
                    crate::serve::parse_size(&args.max_request_size).ok_or_else(|| {
                        Error::usage_help(
                            format!("无效的大小 `{}`", args.max_request_size),
                            "例如 5MB、512KB，或字节数",
                        )
                    })?;
                Ok(Settings::Serve(crate::serve::ServeSettings {
                    host: args.host,
                    port: args.port,
                    max_request,
                    rules: rule_set(&args.rules, config.as_ref(), &cwd)?,
                }))
            }
            cli::Command::Parse {
                paths,
                format,
                jobs: j,
            } => {
                let (inputs, missing) = expand(&paths, &cwd);
                Ok(Settings::Parse {
                    inputs,
                    missing,
                    json: format == cli::ParseFormat::Json,
                    jobs: jobs(j)?,
                })
            }
        }
    }
}

/// `[per-file-ignores]` and `[[allow]]` of gwlint.toml, compiled; globs
/// are relative to the directory of the file.
fn suppressions(config: Option<&Config>, rules: &RuleSet) -> Result<Suppressions, Error> {
    let Some(c) = config else {
        return Suppressions::compile(&Default::default(), &[], |_| false)
            .map_err(|_| Error::usage("内部错误：空的忽略设置无法编译"));
    };
    let known = |id: &str| rules.get(id).is_some();
    match Suppressions::compile(&c.raw.per_file_ignores, &c.raw.allow, known) {
        Ok(s) => Ok(s.with_root(c.dir())),
        Err(messages) => Err(c.error(
            messages
                .into_iter()
                .map(|m| {
                    // Point at the glob, or at the n-th [[allow]].
                    let span = if let Some(rest) = m.strip_prefix("[[allow]] 第 ") {
                        let n: usize = rest
                            .split(' ')
                            .next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(1);
                        c.locate("[[allow]]", n.saturating_sub(1))
                    } else if let Some(glob) = m.split('"').nth(1) {
                        c.locate(&format!("\"{glob}\""), 0)
                    } else {
                        0..0
                    };
                    LoadError::new(m, span)
                })
                .collect(),
        )),
    }
}

/// The PATH arguments when given; otherwise `paths` of gwlint.toml (relative
/// to its directory); otherwise `.`.
fn default_paths(paths: &[String], config: Option<&Config>) -> Vec<String> {
    match config {
        _ if !paths.is_empty() => paths.to_vec(),
        Some(c) if !c.raw.paths.is_empty() => c
            .raw
            .paths
            .iter()
            .map(|p| c.dir().join(p).display().to_string())
            .collect(),
        _ => vec![".".to_string()],
    }
}

fn jobs(j: Option<usize>) -> Result<usize, Error> {
    match j {
        Some(0) => Err(Error::usage("--jobs 必须至少为 1")),
        Some(n) => Ok(n),
        None => Ok(0),
    }
}

/// Built-in packs, then the configuration's, then `--rules`; then severity
/// overrides from the configuration; then select/ignore.
fn rule_set(args: &cli::RuleArgs, config: Option<&Config>, cwd: &Path) -> Result<RuleSet, Error> {
    let mut packs = Vec::new();
    let builtin = !args.no_builtin && config.and_then(|c| c.raw.builtin).unwrap_or(true);
    if builtin {
        packs.extend(rules::builtin_packs());
    }
    if let Some(c) = config {
        for p in &c.raw.packs {
            let path = c.dir().join(p.get_ref());
            if !path.exists() {
                return Err(c.error(vec![LoadError::new(
                    format!("规则包 `{}` 不存在", path.display()),
                    p.span(),
                )]));
            }
            read_packs(&path, cwd, &mut packs)?;
        }
    }
    for p in &args.rules {
        if !p.exists() {
            return Err(Error::usage(format!("规则文件 `{}` 不存在", p.display())));
        }
        read_packs(p, cwd, &mut packs)?;
    }
    let mut set = rules::load(&packs)?;

    let mut errors = Vec::new();
    if let Some(c) = config {
        for (id, level) in &c.raw.severity {
            let Some(pos) = set.rules.iter().position(|r| r.meta.id == *id.get_ref()) else {
                errors.push(LoadError::new(
                    format!("没有 id 为 `{}` 的规则", id.get_ref()),
                    id.span(),
                ));
                continue;
            };
            match level.get_ref().as_str() {
                "off" => {
                    set.rules.remove(pos);
                }
                s => match Severity::parse(s) {
                    Some(sev) => set.rules[pos].set_severity(sev),
                    None => errors.push(
                        LoadError::new(format!("未知的严重级别 `{s}`"), level.span())
                            .with_help("可用的值：error、warning、info、off"),
                    ),
                },
            }
        }
    }
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id()).collect();
    let mut selection = Selection::default();
    let parse_config = |list: &[toml::Spanned<String>], errors: &mut Vec<LoadError>| {
        list.iter()
            .filter_map(|s| match Selector::parse(s.get_ref(), &ids) {
                Ok(sel) => Some(sel),
                Err(m) => {
                    errors.push(LoadError::new(m, s.span()));
                    None
                }
            })
            .collect::<Vec<_>>()
    };
    if let Some(c) = config {
        selection.select = parse_config(&c.raw.select, &mut errors);
        selection.ignore = parse_config(&c.raw.ignore, &mut errors);
        if !errors.is_empty() {
            return Err(c.error(errors));
        }
    }
    let parse_cli = |list: &[String]| -> Result<Vec<Selector>, Error> {
        list.iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                Selector::parse(s, &ids).map_err(|m| {
                    Error::usage_help(
                        m,
                        format!(
                            "运行 `gwlint rules` 查看规则 id；类别有：{}",
                            crate::finding::Category::ALL.map(|c| c.as_str()).join("、")
                        ),
                    )
                })
            })
            .collect()
    };
    let select = parse_cli(&args.select)?;
    if !select.is_empty() {
        selection.select = select;
    }
    selection.ignore.extend(parse_cli(&args.ignore)?);
    Ok(set.select(&selection))
}

/// A pack file, or every `.toml` of a directory (sorted by name).
fn read_packs(path: &Path, cwd: &Path, out: &mut Vec<PackSource>) -> Result<(), Error> {
    let mut files: Vec<PathBuf> = if path.is_dir() {
        walkdir::WalkDir::new(path)
            .max_depth(1)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .map(|e| e.into_path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    files.dedup();
    for f in files {
        let text = crate::source::read_utf8_file(&f).map_err(|message| Error::Io {
            path: f.display().to_string(),
            message,
        })?;
        out.push(PackSource {
            name: display_path(&f, cwd),
            text,
        });
    }
    Ok(())
}

/// Expand PATH arguments: directories walked for `.txt` / `.md` / `.docx`, files taken
/// as they are, anything else tried as a glob pattern. Sorted, deduplicated.
pub fn expand(paths: &[String], cwd: &Path) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for arg in paths {
        let p = Path::new(arg);
        if p.is_dir() {
            walk(p, cwd, &mut inputs);
        } else if p.exists() {
            inputs.push(input(p, cwd));
        } else if arg.contains(['*', '?', '[']) {
            let mut any = false;
            if let Ok(matches) = glob::glob(arg) {
                for m in matches.filter_map(|m| m.ok()) {
                    any = true;
                    if m.is_dir() {
                        walk(&m, cwd, &mut inputs);
                    } else {
                        inputs.push(input(&m, cwd));
                    }
                }
            }
            if !any {
                missing.push(FileError {
                    path: arg.clone(),
                    message: "没有与此模式匹配的文件".into(),
                });
            }
        } else {
            missing.push(FileError {
                path: arg.clone(),
                message: "文件或目录不存在".into(),
            });
        }
    }
    inputs.sort();
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, missing)
}

fn walk(dir: &Path, cwd: &Path, out: &mut Vec<Input>) {
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if e.file_type().is_file() && crate::input::is_supported_name(&p.to_string_lossy()) {
            out.push(input(p, cwd));
        }
    }
}

fn input(p: &Path, cwd: &Path) -> Input {
    Input {
        display: display_path(p, cwd),
        path: p.to_path_buf(),
    }
}

/// The path as shown in reports: relative to the working directory when it
/// is inside it, `/` separators, no leading `./`.
pub fn display_path(p: &Path, cwd: &Path) -> String {
    let rel = p.strip_prefix(cwd).unwrap_or(p);
    let s = rel.display().to_string().replace('\\', "/");
    let s = s.strip_prefix("./").unwrap_or(&s).to_string();
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}
