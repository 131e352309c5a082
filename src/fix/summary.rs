//! What `--fix` / `--diff` did, for the CLI to print.

use std::collections::BTreeMap;
use std::fmt;

use crate::report::FileReport;

/// The result of `--fix` (or `--diff`) for one file.
#[derive(Debug, Clone)]
pub struct FileFixSummary {
    pub path: String,
    /// Fixes applied (with `--diff`: that would be applied), by rule id.
    pub fixed_by_rule: BTreeMap<String, usize>,
    /// Findings left after the fixes (with `--diff`: that would be left).
    pub remaining: usize,
    /// Number of passes that changed the text.
    pub passes: usize,
    /// False when the fixes did not settle within the bound on passes.
    pub converged: bool,
    /// Rules with more findings after the fixes than before, and how many
    /// more: a fix that creates new problems is a bug in a rule pack.
    pub introduced: BTreeMap<String, usize>,
    /// Whether the file was rewritten on disk.
    pub written: bool,
    /// The unified diff (only with `--diff`; empty otherwise).
    pub diff: String,
    /// Why the file was left as it was (a Chinese message), if it failed.
    pub error: Option<String>,
    /// The file as it now is on disk, with its findings: the fixed text and
    /// the findings of the last re-lint after `--fix`, the original report
    /// otherwise. Feed these to the usual output to list what remains.
    pub after: FileReport,
}

impl FileFixSummary {
    /// Total number of fixes applied (or, with `--diff`, that would be).
    pub fn fixed(&self) -> usize {
        self.fixed_by_rule.values().sum()
    }
}

/// The result of `--fix` / `--diff` over all files, in path order.
/// `Display` prints the Chinese summary (`已修复 3 处，剩余 5 处`).
#[derive(Debug, Clone)]
pub struct FixReport {
    pub files: Vec<FileFixSummary>,
    /// True for `--diff` (nothing was written).
    pub diff_only: bool,
}

impl FixReport {
    pub fn fixed(&self) -> usize {
        self.files.iter().map(FileFixSummary::fixed).sum()
    }

    pub fn remaining(&self) -> usize {
        self.files.iter().map(|f| f.remaining).sum()
    }

    /// Files that could not be fixed (the CLI should exit 2 if any).
    pub fn errors(&self) -> impl Iterator<Item = &FileFixSummary> {
        self.files.iter().filter(|f| f.error.is_some())
    }

    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// The diffs of every file, in path order (what `--diff` prints).
    pub fn diff(&self) -> String {
        self.files.iter().map(|f| f.diff.as_str()).collect()
    }

    /// The files as they now are, with their remaining findings, for the
    /// usual output formats.
    pub fn after(&self) -> Vec<FileReport> {
        self.files.iter().map(|f| f.after.clone()).collect()
    }
}

impl fmt::Display for FileFixSummary {
    /// One file: `a.txt：已修复 3 处，剩余 5 处` then one line per rule.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(e) = &self.error {
            // The message names the file already.
            return writeln!(f, "{e}");
        }
        let verb = if self.written {
            "已修复"
        } else {
            "可修复"
        };
        writeln!(
            f,
            "{}：{verb} {} 处，剩余 {} 处",
            self.path,
            self.fixed(),
            self.remaining
        )?;
        for (rule, n) in &self.fixed_by_rule {
            writeln!(f, "  {rule}：{n} 处")?;
        }
        if !self.introduced.is_empty() {
            let list: Vec<String> = self
                .introduced
                .iter()
                .map(|(rule, n)| format!("{rule} {n} 处"))
                .collect();
            writeln!(
                f,
                "  注意：修复后新出现的问题：{}；请检查这些规则的修复",
                list.join("，")
            )?;
        }
        if !self.converged {
            writeln!(
                f,
                "  注意：{} 轮修复后仍有可修复的问题，规则的修复可能互相冲突，请人工检查",
                self.passes
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for FixReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            if file.fixed() > 0
                || file.error.is_some()
                || !file.converged
                || !file.introduced.is_empty()
            {
                write!(f, "{file}")?;
            }
        }
        let touched = self.files.iter().filter(|x| x.fixed() > 0).count();
        let verb = if self.diff_only {
            "可修复"
        } else {
            "已修复"
        };
        write!(
            f,
            "共 {} 个文件：{verb} {touched} 个文件中的 {} 处问题，剩余 {} 处",
            self.files.len(),
            self.fixed(),
            self.remaining()
        )?;
        let failed = self.errors().count();
        if failed > 0 {
            write!(f, "；{failed} 个文件未能修复")?;
        }
        writeln!(f)
    }
}
