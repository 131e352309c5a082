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
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, TomlFileError};
use crate::rules::LoadError;

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
        let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
            path: path.display().to_string(),
            message: e.to_string(),
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

    /// `gwlint.toml` in `start` or its nearest parent that has one.
    pub fn find(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }
}
