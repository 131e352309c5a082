//! Fixed errors (usage, I/O, rule and configuration files) as miette
//! diagnostics. Any of them ends the run with exit code 2.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan};

use crate::report::source_code::CharSource;
use crate::rules::LoadError;

#[derive(Debug)]
pub enum Error {
    /// Something typed on the command line makes no sense.
    Usage {
        message: String,
        help: Option<String>,
    },
    /// A path given explicitly (or a rule file) could not be read.
    Io { path: String, message: String },
    /// One or more rule packs are invalid; nothing was checked.
    RuleFiles(Vec<TomlFileError>),
    /// `gwlint.toml` is invalid.
    Config(TomlFileError),
    /// Writing the report failed.
    Output(std::io::Error),
}

impl Error {
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: None,
        }
    }

    pub fn usage_help(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// Whether this is a closed pipe on output (`gwlint check | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Output(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage { message, .. } => write!(f, "{message}"),
            Error::Io { path, message } => write!(f, "无法读取 {path}：{message}"),
            Error::RuleFiles(files) => {
                let n: usize = files.iter().map(|f| f.errors.len()).sum();
                let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
                write!(
                    f,
                    "规则文件有 {n} 处错误（{}），未执行任何检查",
                    names.join("、")
                )
            }
            Error::Config(file) => write!(f, "配置文件 {} 有错误", file.name),
            Error::Output(e) => write!(f, "无法写出结果：{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl Diagnostic for Error {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        let code = match self {
            Error::Usage { .. } => "gwlint::usage",
            Error::Io { .. } => "gwlint::io",
            Error::RuleFiles(_) => "gwlint::rules",
            Error::Config(_) => "gwlint::config",
            Error::Output(_) => "gwlint::output",
        };
        Some(Box::new(code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            Error::Usage { help: Some(h), .. } => Some(Box::new(h)),
            Error::Usage { .. } => Some(Box::new("运行 `gwlint --help` 查看用法")),
            _ => None,
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match self {
            Error::RuleFiles(files) => {
                Some(Box::new(files.iter().flat_map(|f| {
                    f.diagnostics.iter().map(|d| d as &dyn Diagnostic)
                })))
            }
            Error::Config(file) => Some(Box::new(
                file.diagnostics.iter().map(|d| d as &dyn Diagnostic),
            )),
            _ => None,
        }
    }
}

/// The errors found in one TOML file (a rule pack or `gwlint.toml`).
#[derive(Debug)]
pub struct TomlFileError {
    pub name: String,
    pub errors: Vec<LoadError>,
    diagnostics: Vec<LoadDiagnostic>,
}

impl TomlFileError {
    pub fn new(name: &str, text: &str, errors: Vec<LoadError>) -> Self {
        let source = Arc::new(CharSource::new(name, text));
        let diagnostics = errors
            .iter()
            .map(|e| LoadDiagnostic {
                error: e.clone(),
                source: Arc::clone(&source),
            })
            .collect();
        TomlFileError {
            name: name.to_string(),
            errors,
            diagnostics,
        }
    }
}

/// One [`LoadError`] shown with its TOML source.
#[derive(Debug)]
pub struct LoadDiagnostic {
    pub error: LoadError,
    source: Arc<CharSource>,
}

impl fmt::Display for LoadDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error.message)
    }
}

impl std::error::Error for LoadDiagnostic {}

impl Diagnostic for LoadDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("gwlint::rule-file"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source.as_ref())
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let e = &self.error;
        let primary = LabeledSpan::new_primary_with_span(
            Some("这里".to_string()),
            (e.span.start, e.span.len()),
        );
        let rest = e
            .labels
            .iter()
            .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), (s.start, s.len())));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}
