//! Suppressions an editor writes in `gwlint.toml`: rule ignores per file or
//! glob, and an allow-list of accepted exceptions.
//!
//! ```toml
//! [per-file-ignores]
//! "archive/**" = ["date"]                 # a category …
//! "附件模板.md" = ["required-signer"]      # … or rule ids
//!
//! [[allow]]
//! rule = "date-chinese-zero"
//! path = "archive/2010/*.txt"             # optional glob
//! text = "二0一0年三月一日"                 # optional: the offending text, exactly
//! reason = "历史文件按原貌收录"              # required
//! ```
//!
//! A glob without `/` matches the file name in any directory (as in
//! `.gitignore`); a glob with `/` matches the whole path relative to the
//! directory of `gwlint.toml`, given by [`Suppressions::with_root`] (`*`
//! stays within one directory, `**` crosses them). The engine's config reads the two tables into
//! [`PerFileIgnores`] and `Vec<`[`AllowEntry`]`>`; [`Suppressions::compile`]
//! validates them and [`Suppressions::apply`] drops the findings they cover,
//! before the baseline is applied.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::finding::{Category, Finding};
use crate::fingerprint::normalize_path;
use crate::report::columns::span_text;
use crate::report::FileReport;

/// `[per-file-ignores]`: glob → rule ids or categories.
pub type PerFileIgnores = BTreeMap<String, Vec<String>>;

/// One `[[allow]]` entry: an accepted exception.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowEntry {
    /// Rule id or category.
    pub rule: String,
    /// Glob of the files it applies to; all files when absent.
    pub path: Option<String>,
    /// The offending text, exactly; any text when absent.
    pub text: Option<String>,
    /// 0-based notice index; any notice when absent.
    pub notice: Option<usize>,
    /// Why the exception is accepted; shown in reviews, required.
    pub reason: String,
}

/// Rule id or category.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selector {
    Rule(String),
    Category(Category),
}

impl Selector {
    fn parse(s: &str) -> Selector {
        match Category::parse(s) {
            Some(c) => Selector::Category(c),
            None => Selector::Rule(s.to_owned()),
        }
    }

    fn matches(&self, f: &Finding) -> bool {
        match self {
            Selector::Rule(id) => f.rule.id == *id,
            Selector::Category(c) => f.rule.category == *c,
        }
    }
}

#[derive(Debug, Clone)]
struct PathGlob {
    pattern: glob::Pattern,
    file_name_only: bool,
}

impl PathGlob {
    fn new(glob_text: &str) -> Result<Self, String> {
        let normalized = normalize_path(glob_text);
        let pattern = glob::Pattern::new(&normalized)
            .map_err(|e| format!("路径模式“{glob_text}”无效：{}", e.msg))?;
        Ok(PathGlob {
            pattern,
            file_name_only: !normalized.contains('/'),
        })
    }

    /// `path` is already relative to the configuration's directory.
    fn matches(&self, path: &str) -> bool {
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        let subject = if self.file_name_only {
            path.rsplit('/').next().unwrap_or(path)
        } else {
            path
        };
        self.pattern.matches_with(subject, options)
    }
}

#[derive(Debug, Clone)]
struct Allow {
    selector: Selector,
    path: Option<PathGlob>,
    text: Option<String>,
    notice: Option<usize>,
}

/// Compiled suppressions.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    per_file: Vec<(PathGlob, Vec<Selector>)>,
    allow: Vec<Allow>,
    /// Directory of `gwlint.toml`, absolute; globs are relative to it.
    root: Option<PathBuf>,
}

/// What [`Suppressions::apply`] dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuppressStats {
    pub per_file: usize,
    pub allowed: usize,
}

impl Suppressions {
    /// Validate and compile. `is_rule` says whether an id names a loaded
    /// rule (categories are always known). Every problem is returned, each
    /// as a Chinese message naming the offending key.
    pub fn compile(
        per_file_ignores: &PerFileIgnores,
        allow: &[AllowEntry],
        is_rule: impl Fn(&str) -> bool,
    ) -> Result<Suppressions, Vec<String>> {
        let mut errors = Vec::new();
        let mut selector = |s: &str, place: &str| {
            let sel = Selector::parse(s);
            if let Selector::Rule(id) = &sel {
                if !is_rule(id) {
                    errors.push(format!("{place}：未知的规则或类别“{s}”"));
                }
            }
            sel
        };
        let mut per_file = Vec::new();
        let mut glob_errors = Vec::new();
        for (glob_text, rules) in per_file_ignores {
            let place = format!("[per-file-ignores] \"{glob_text}\"");
            let selectors: Vec<Selector> = rules.iter().map(|r| selector(r, &place)).collect();
            match PathGlob::new(glob_text) {
                Ok(g) => per_file.push((g, selectors)),
                Err(e) => glob_errors.push(format!("{place}：{e}")),
            }
        }
        let mut compiled = Vec::new();
        for (i, entry) in allow.iter().enumerate() {
            let place = format!("[[allow]] 第 {} 条", i + 1);
            let sel = selector(&entry.rule, &place);
            if entry.reason.trim().is_empty() {
                glob_errors.push(format!("{place}：reason 不能为空，请写明接受该例外的理由"));
            }
            let path = match entry.path.as_deref().map(PathGlob::new).transpose() {
                Ok(p) => p,
                Err(e) => {
                    glob_errors.push(format!("{place}：{e}"));
                    None
                }
            };
            compiled.push(Allow {
                selector: sel,
                path,
                text: entry.text.clone(),
                notice: entry.notice,
            });
        }
        errors.extend(glob_errors);
        if errors.is_empty() {
            Ok(Suppressions {
                per_file,
                allow: compiled,
                root: None,
            })
        } else {
            Err(errors)
        }
    }

    /// Match globs relative to `dir`, the directory of `gwlint.toml` (a
    /// relative `dir` is taken from the working directory). Without it,
    /// paths are matched as reported, relative to the working directory.
    pub fn with_root(mut self, dir: &Path) -> Self {
        let abs = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(dir)
        };
        self.root = Some(clean(&abs));
        self
    }

    /// The path a glob is matched against.
    fn relative(&self, path: &str) -> String {
        if let Some(root) = &self.root {
            let p = Path::new(path);
            let abs = if p.is_absolute() {
                p.to_path_buf()
            } else {
                std::env::current_dir().unwrap_or_default().join(p)
            };
            if let Ok(rel) = clean(&abs).strip_prefix(root) {
                return normalize_path(&rel.to_string_lossy());
            }
        }
        normalize_path(path)
    }

    pub fn is_empty(&self) -> bool {
        self.per_file.is_empty() && self.allow.is_empty()
    }

    /// Drop the findings covered by a per-file ignore or an allow entry.
    pub fn apply(&self, reports: &mut [FileReport]) -> SuppressStats {
        let mut stats = SuppressStats::default();
        if self.is_empty() {
            return stats;
        }
        for report in reports {
            let path = self.relative(&report.source.path);
            let ignored: Vec<&Selector> = self
                .per_file
                .iter()
                .filter(|(g, _)| g.matches(&path))
                .flat_map(|(_, s)| s)
                .collect();
            let allows: Vec<&Allow> = self
                .allow
                .iter()
                .filter(|a| a.path.as_ref().is_none_or(|g| g.matches(&path)))
                .collect();
            let source = report.source.clone();
            report.findings.retain(|f| {
                if ignored.iter().any(|s| s.matches(f)) {
                    stats.per_file += 1;
                    return false;
                }
                let allowed = allows.iter().any(|a| {
                    a.selector.matches(f)
                        && a.notice.is_none_or(|n| f.notice == Some(n))
                        && a.text
                            .as_deref()
                            .is_none_or(|t| span_text(&source, &f.span) == t)
                });
                if allowed {
                    stats.allowed += 1;
                }
                !allowed
            });
        }
        stats
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_taken_relative_to_the_configuration_directory() {
        let s = Suppressions::default().with_root(Path::new("/repo/docs/../"));
        assert_eq!(
            s.relative("/repo/archive/./2010/a.txt"),
            "archive/2010/a.txt"
        );
        assert_eq!(s.relative("/elsewhere/a.txt"), "/elsewhere/a.txt");
        let cwd = std::env::current_dir().unwrap();
        let s = Suppressions::default().with_root(&cwd.join("tests"));
        assert_eq!(s.relative("tests/data/x.json"), "data/x.json");
        assert_eq!(Suppressions::default().relative("./a/b.txt"), "a/b.txt");
    }
}
