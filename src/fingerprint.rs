//! The identity of a finding that survives edits elsewhere in its file.
//!
//! A finding is identified by its rule, its file, the notice it belongs to
//! and the text it points at — never by line or column — plus an occurrence
//! index that tells apart identical findings (the same typo twice in the
//! same notice). Inserting or deleting lines above a finding therefore does
//! not change its identity. Both the SARIF `partialFingerprints` and the
//! baseline file are built on it.

use crate::finding::Finding;
use crate::report::columns::span_text;
use crate::report::FileReport;

/// Everything that identifies a finding except its occurrence index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FindingKey {
    pub rule: String,
    /// Normalised path (`/` separators, no leading `./`).
    pub path: String,
    pub notice: Option<usize>,
    /// The offending text, line breaks normalised to `\n`.
    pub text: String,
}

impl FindingKey {
    pub fn new(report: &FileReport, finding: &Finding) -> Self {
        FindingKey {
            rule: finding.rule.id.clone(),
            path: normalize_path(&report.source.path),
            notice: finding.notice,
            text: span_text(&report.source, &finding.span).replace("\r\n", "\n"),
        }
    }

    /// A stable 128-bit hash (hex) of the key and an occurrence index;
    /// independent of the Rust version and of the platform.
    pub fn hash(&self, occurrence: usize) -> String {
        let notice = self.notice.map(|n| n.to_string()).unwrap_or_default();
        let occurrence = occurrence.to_string();
        let mut h = Fnv128::new();
        for field in [
            self.rule.as_str(),
            self.path.as_str(),
            notice.as_str(),
            self.text.as_str(),
            occurrence.as_str(),
        ] {
            h.write(field.as_bytes());
            // A separator that cannot occur in UTF-8 text keeps fields apart.
            h.write(&[0xff]);
        }
        format!("{:032x}", h.finish())
    }
}

/// The key of every finding of a report with its occurrence index (0 for
/// the first finding with that key in the file, 1 for the second, …), in
/// the order of `report.findings`.
pub fn keyed(report: &FileReport) -> Vec<(FindingKey, usize)> {
    let mut seen: std::collections::HashMap<FindingKey, usize> = Default::default();
    report
        .findings
        .iter()
        .map(|f| {
            let key = FindingKey::new(report, f);
            let n = seen.entry(key.clone()).or_insert(0);
            let occurrence = *n;
            *n += 1;
            (key, occurrence)
        })
        .collect()
}

/// Paths as given on the command line may be `./a.txt`, `a\\b.txt` or an
/// absolute path inside the working directory; the baseline, fingerprints
/// and SARIF URIs use the normalised form: `/` separators, no leading `./`,
/// relative to the working directory when the path is inside it. Run gwlint
/// from the repository root so that these paths are the same on every
/// machine.
pub fn normalize_path(path: &str) -> String {
    static CWD: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let cwd = CWD.get_or_init(|| {
        std::env::current_dir()
            .ok()
            .map(|d| d.to_string_lossy().replace('\\', "/"))
    });
    normalize_path_in(path, cwd.as_deref())
}

fn normalize_path_in(path: &str, cwd: Option<&str>) -> String {
    let mut p = path.replace('\\', "/");
    if let Some(cwd) = cwd {
        let cwd = cwd.trim_end_matches('/');
        if let Some(rest) = p.strip_prefix(cwd).and_then(|r| r.strip_prefix('/')) {
            p = rest.to_owned();
        }
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_owned();
    }
    p
}

/// FNV-1a, 128-bit.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Gazette;
    use crate::finding::{Category, RuleMeta, Severity};
    use crate::source::{Encoding, SourceFile};
    use std::sync::Arc;

    fn rule() -> Arc<RuleMeta> {
        Arc::new(RuleMeta {
            id: "typo".into(),
            category: Category::Typo,
            severity: Severity::Warning,
            message: "错别字".into(),
            help: None,
            reference: None,
        })
    }

    fn report(text: &str, word: &str) -> FileReport {
        let source = Arc::new(SourceFile::new("./docs/a.txt", text.into(), Encoding::Utf8));
        let r = rule();
        let findings = text
            .match_indices(word)
            .map(|(i, w)| Finding::new(&r, i..i + w.len(), Some(0)))
            .collect();
        FileReport {
            source,
            gazette: Arc::new(Gazette::default()),
            findings,
        }
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normalize_path_in(".\\公报\\a.txt", None), "公报/a.txt");
        assert_eq!(normalize_path_in("././a.txt", None), "a.txt");
        assert_eq!(
            normalize_path_in("/repo/docs/a.txt", Some("/repo")),
            "docs/a.txt"
        );
        assert_eq!(
            normalize_path_in("/repo2/a.txt", Some("/repo")),
            "/repo2/a.txt"
        );
        assert_eq!(
            normalize_path_in("/srv/a.txt", Some("/repo/")),
            "/srv/a.txt"
        );
    }

    #[test]
    fn fnv128_reference_value() {
        // Published FNV-1a 128 test vector for "a".
        let mut h = Fnv128::new();
        h.write(b"a");
        assert_eq!(h.finish(), 0xd228cb696f1a8caf78912b704e4a8964);
    }

    #[test]
    fn identical_findings_get_occurrence_indexes_and_lines_do_not_matter() {
        let before = report("期限廷长。\n再次廷长。\n", "廷长");
        let after = report("新增一行。\n期限廷长。\n\n再次廷长。\n", "廷长");
        let kb = keyed(&before);
        let ka = keyed(&after);
        assert_eq!(kb, ka);
        assert_eq!(kb[0].0.path, "docs/a.txt");
        assert_eq!(kb[0].0.text, "廷长");
        assert_eq!((kb[0].1, kb[1].1), (0, 1));
        assert_ne!(kb[0].0.hash(0), kb[1].0.hash(1));
        assert_eq!(kb[1].0.hash(1), ka[1].0.hash(1));
        assert_eq!(kb[0].0.hash(0).len(), 32);
    }
}
