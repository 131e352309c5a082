//! The baseline: findings accepted as they are, so that a CI gate fails only
//! on new ones (`--write-baseline FILE`, `--baseline FILE`,
//! `--prune-baseline`).
//!
//! The file is JSON, sorted, one entry per distinct finding key with a count:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     { "rule": "typo-dictionary", "path": "docs/a.txt", "notice": 0, "text": "廷长", "count": 2 }
//!   ]
//! }
//! ```
//!
//! Findings are matched by rule, path, notice and offending text (see
//! [`crate::fingerprint`]), never by line, so editing above a finding does
//! not make it new. With `count: 2`, the first two identical findings in
//! the file are baselined and a third one is new.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::fingerprint::{keyed, FindingKey};
use crate::report::FileReport;

/// Version of the file format written by this build.
pub const FORMAT_VERSION: u32 = 1;

/// A loaded or freshly computed baseline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// How many findings with each key are accepted.
    counts: BTreeMap<FindingKey, usize>,
}

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    rule: String,
    path: String,
    notice: Option<usize>,
    text: String,
    count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    entries: Vec<Entry>,
}

/// Why a baseline file could not be read or written.
#[derive(Debug)]
pub enum BaselineError {
    Io {
        path: String,
        source: std::io::Error,
    },
    Format {
        path: String,
        message: String,
    },
}

impl std::fmt::Display for BaselineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BaselineError::Io { path, source } => write!(f, "无法读写基线文件 {path}：{source}"),
            BaselineError::Format { path, message } => {
                write!(f, "基线文件 {path} 格式不正确：{message}")
            }
        }
    }
}

impl std::error::Error for BaselineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BaselineError::Io { source, .. } => Some(source),
            BaselineError::Format { .. } => None,
        }
    }
}

/// What [`Baseline::prune`] removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneStats {
    /// Accepted findings that no longer occur (an entry of count 3 of which
    /// one is left counts 2).
    pub removed: usize,
    /// Accepted findings still present.
    pub kept: usize,
}

impl Baseline {
    /// Every finding of `reports` accepted.
    pub fn from_reports(reports: &[FileReport]) -> Self {
        let mut counts = BTreeMap::new();
        for report in reports {
            for (key, _) in keyed(report) {
                *counts.entry(key).or_insert(0) += 1;
            }
        }
        Baseline { counts }
    }

    /// Number of accepted findings.
    pub fn len(&self) -> usize {
        self.counts.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// `--baseline FILE`: the reports with only the findings that the
    /// baseline does not accept (order kept).
    pub fn filter(&self, reports: &[FileReport]) -> Vec<FileReport> {
        reports
            .iter()
            .map(|report| {
                let keys = keyed(report);
                let findings = report
                    .findings
                    .iter()
                    .zip(keys)
                    .filter(|(_, (key, occurrence))| {
                        *occurrence >= self.counts.get(key).copied().unwrap_or(0)
                    })
                    .map(|(f, _)| f.clone())
                    .collect();
                FileReport {
                    source: report.source.clone(),
                    gazette: report.gazette.clone(),
                    findings,
                }
            })
            .collect()
    }

    /// `--prune-baseline`: drop accepted findings that no longer occur.
    ///
    /// Entries of files that were checked (in `reports`) are reduced to what
    /// still occurs. Entries of files that were not checked are kept unless
    /// `exists(path)` says the file is gone, so that checking a subset of
    /// the repository does not forget the rest.
    pub fn prune(&mut self, reports: &[FileReport], exists: impl Fn(&str) -> bool) -> PruneStats {
        let current = Baseline::from_reports(reports);
        let checked: std::collections::HashSet<String> = reports
            .iter()
            .map(|r| crate::fingerprint::normalize_path(&r.source.path))
            .collect();
        let mut stats = PruneStats::default();
        self.counts.retain(|key, count| {
            let keep = if checked.contains(&key.path) {
                (*count).min(current.counts.get(key).copied().unwrap_or(0))
            } else if exists(&key.path) {
                *count
            } else {
                0
            };
            stats.removed += *count - keep;
            stats.kept += keep;
            *count = keep;
            keep > 0
        });
        stats
    }

    /// Read a baseline file.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::from_json(&text).map_err(|message| BaselineError::Format {
            path: shown,
            message,
        })
    }

    /// Parse the JSON form.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if file.version != FORMAT_VERSION {
            return Err(format!(
                "不支持的版本 {}（本程序读写版本 {FORMAT_VERSION}）",
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.entries {
            let key = FindingKey {
                rule: e.rule,
                path: crate::fingerprint::normalize_path(&e.path),
                notice: e.notice,
                text: e.text,
            };
            *counts.entry(key).or_insert(0) += e.count;
        }
        counts.retain(|_, c| *c > 0);
        Ok(Baseline { counts })
    }

    /// The JSON form: sorted by path, rule, notice and text, so that a
    /// rewritten baseline gives a small diff in review.
    pub fn to_json(&self) -> String {
        let mut entries: Vec<Entry> = self
            .counts
            .iter()
            .map(|(k, &count)| Entry {
                rule: k.rule.clone(),
                path: k.path.clone(),
                notice: k.notice,
                text: k.text.clone(),
                count,
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.path, &a.rule, a.notice, &a.text).cmp(&(&b.path, &b.rule, b.notice, &b.text))
        });
        let file = BaselineFile {
            version: FORMAT_VERSION,
            entries,
        };
        let mut out = serde_json::to_string_pretty(&file).expect("baseline is serialisable");
        out.push('\n');
        out
    }

    /// Write the baseline atomically: a temporary file in the same
    /// directory, flushed to disk, then renamed over `path`. A reader never
    /// sees a half-written baseline.
    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        let io = |source| BaselineError::Io {
            path: path.display().to_string(),
            source,
        };
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "baseline".into());
        let mut attempt = 0u32;
        let (tmp, mut file) = loop {
            let tmp = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(f) => break (tmp, f),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1
                }
                Err(e) => return Err(io(e)),
            }
        };
        let written = file
            .write_all(self.to_json().as_bytes())
            .and_then(|_| file.sync_all());
        drop(file);
        if let Err(e) = written.and_then(|_| std::fs::rename(&tmp, path)) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(e));
        }
        Ok(())
    }
}

/// `--write-baseline FILE`: record every finding of `reports` as accepted.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<Baseline, BaselineError> {
    let baseline = Baseline::from_reports(reports);
    baseline.save(path)?;
    Ok(baseline)
}

/// `--baseline FILE`: read a baseline written by [`write`].
pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
    Baseline::load(path)
}
