//! Structural analyses of a parsed gazette: the facts behind the checks an
//! editor makes by hand (dates that contradict each other, attachments
//! announced and never printed, tasks without a lead unit, outline numbering,
//! table of contents against notices). Each analysis returns [`Problem`]s;
//! the check kinds in `checks/` turn them into findings with the wording,
//! severity and reference that the rule packs give.

pub mod attachments;
pub mod dates;
pub mod headings;
pub mod toc;
pub mod units;

use std::ops::Range;

/// One fact an analysis found wrong. `code` names the sub-check (a rule's
/// `check` parameter selects it); `args` fill the rule's message template
/// (`{expected}`, `{found}` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub span: Range<usize>,
    pub notice: Option<usize>,
    pub args: Vec<(&'static str, String)>,
    pub related: Vec<(Range<usize>, String)>,
    pub fix: Option<String>,
}

impl Problem {
    pub fn new(code: &'static str, span: Range<usize>, notice: Option<usize>) -> Self {
        Problem {
            code,
            span,
            notice,
            args: Vec::new(),
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    pub fn related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn fix(mut self, replacement: impl Into<String>) -> Self {
        self.fix = Some(replacement.into());
        self
    }

    /// Fill `{name}` placeholders of a template with this problem's args.
    pub fn fill(&self, template: &str) -> String {
        self.args.iter().fold(template.to_string(), |s, (k, v)| {
            s.replace(&format!("{{{k}}}"), v)
        })
    }
}

/// Normalise a title or name for comparison: no whitespace, no quotation
/// marks or book-title marks, full-width brackets.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !"《》〈〉“”‘’\"'「」".contains(*c))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ',' => '，',
            _ => c,
        })
        .collect::<String>()
        .trim_end_matches(['。', '；', '，', '.', '、', '：'])
        .to_string()
}

/// Similarity of two strings in [0, 1]: 1 − edit distance / longer length,
/// over characters.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(&a, &b) as f64 / longest as f64
}

/// Levenshtein distance over characters, O(len(a)·len(b)) time, O(len(b))
/// memory. Callers bound the lengths (titles, unit names).
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let subst = prev[j] + usize::from(ca != cb);
            cur[j + 1] = subst.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&c("县财政局"), &c("县财政局")), 0);
        assert_eq!(edit_distance(&c("县财政政局"), &c("县财政局")), 1);
        assert_eq!(edit_distance(&c("县教育局"), &c("县卫生局")), 2);
        assert!(similarity("引客入青", "引客人青") > 0.7);
    }

    #[test]
    fn normalized() {
        assert_eq!(
            normalize("关于印发《实施方案》的通知"),
            "关于印发实施方案的通知"
        );
        assert_eq!(normalize("规划(2017-2020年) "), "规划（2017-2020年）");
    }
}
