//! `gwlint.toml`: found in the working directory or a parent. It says which
//! packs to load, which rules to select or ignore, per-rule severity
//! overrides, and which paths `gwlint check` looks at by default.
//!
//! ```toml
//! builtin = true                 # load the built-in packs (default)
//! packs = ["rules/province.toml", "rules/office.toml"]
//! paths = ["docs"]               # default PATHs of `gwlint check`
//! select = ["docno", "typo"]
//! ignore = ["pairs-balanced"]
//! [severity]
//! typo-common = "warning"        # or "off"
//! [per-file-ignores]             # see suppress.rs
//! "archive/**" = ["date"]
//! [[allow]]
//! rule = "date-chinese-zero"
//! reason = "历史文件按原貌收录"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, TomlFileError};
use crate::rules::LoadError;
use crate::suppress::{AllowEntry, PerFileIgnores};

pub const FILE_NAME: &str = "gwlint.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub builtin: Option<bool>,
    #[serde(default)]
    pub packs: Vec<Spanned<String>>,
    #[serde(default)]
    pub paths: Vec<String>,
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Rule ignores per file or glob (see `suppress.rs`).
    #[serde(default, rename = "per-file-ignores")]
    pub per_file_ignores: PerFileIgnores,
    /// Accepted exceptions (see `suppress.rs`).
    #[serde(default)]
    pub allow: Vec<AllowEntry>,
}

/// A loaded configuration file, with its text kept for error reports.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub text: String,
    pub raw: RawConfig,
}

impl Config {
    /// Directory the file is in; relative paths in it are relative to it.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    pub fn error(&self, errors: Vec<LoadError>) -> Error {
        Error::Config(TomlFileError::new(
            &self.path.display().to_string(),
            &self.text,
            errors,
        ))
    }

    pub fn read(path: &Path) -> Result<Config, Error> {
        let text = crate::source::read_utf8_file(path).map_err(|message| Error::Io {
            path: path.display().to_string(),
            message,
        })?;
        let mut config = Config {
            path: path.to_path_buf(),
            text,
            raw: RawConfig::default(),
        };
        match toml::from_str::<RawConfig>(&config.text) {
            Ok(raw) => config.raw = raw,
            Err(e) => {
                let err = LoadError::from_toml(&e, config.text.len());
                return Err(config.error(vec![err]));
            }
        }
        Ok(config)
    }

    /// A best-effort span for a message about `needle` (the `nth` time it
    /// occurs, 0-based), for errors that come without one.
    pub fn locate(&self, needle: &str, nth: usize) -> std::ops::Range<usize> {
        self.text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, m)| i..i + m.len())
            .unwrap_or(0..0)
    }

    /// `gwlint.toml` in `start` or its nearest parent that has one.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }
}
