//! Applying fixes: `gwlint check --fix`, `--unsafe-fixes` and `--diff`.
//!
//! The pipeline, one file at a time:
//!
//! 1. [`apply_once`] applies every non-overlapping fix of one lint pass;
//! 2. [`fix_until_stable`] re-lints and repeats until nothing changes (or a
//!    bound on the number of passes is reached), remembering which bytes of
//!    the original text were kept untouched ([`Provenance`]);
//! 3. [`fix_file`] re-encodes the result in the file's own encoding by
//!    splicing: bytes outside the fixed spans are copied from the file as it
//!    is on disk, only replacements are encoded; then [`write_atomic`]
//!    replaces the file (temporary file in the same directory, fsync, rename);
//! 4. [`unified_diff`] shows what `--fix` would change (`--diff`);
//! 5. [`run_fix`] does all of this for the reports of `gwlint check` and
//!    returns a [`FixReport`] to print (`已修复 3 处，剩余 5 处`).

mod cli_glue;
mod diff;
mod summary;
mod write;

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use crate::finding::{Finding, Fix};

pub use cli_glue::{run_fix, run_fix_with};
pub use diff::unified_diff;
pub use summary::{FileFixSummary, FixReport};
pub use write::{fix_file, prepare_fix, write_atomic, FixError};

/// The bound on fix passes used by `gwlint check --fix`.
pub const DEFAULT_MAX_PASSES: usize = 10;

/// One fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    /// Id of the rule whose finding carried the fix.
    pub rule: String,
    /// The replaced span, in bytes of the text of the pass that applied it
    /// (for pass 1, the original text).
    pub span: Range<usize>,
    /// The text that was replaced.
    pub original: String,
    pub replacement: String,
    pub safe: bool,
    /// 1-based pass number (always 1 from [`apply_once`]).
    pub pass: usize,
}

/// Whether `fix` may be applied to `text`: allowed by the safety level,
/// within bounds, on character boundaries, and not a no-op.
pub fn fix_is_applicable(text: &str, fix: &Fix, include_unsafe: bool) -> bool {
    (fix.safe || include_unsafe)
        && fix.span.start <= fix.span.end
        && fix.span.end <= text.len()
        && text.is_char_boundary(fix.span.start)
        && text.is_char_boundary(fix.span.end)
        && text[fix.span.clone()] != *fix.replacement
}

/// Whether any finding in `findings` carries a fix that [`apply_once`]
/// would apply to `text`.
pub fn has_applicable_fix(text: &str, findings: &[Finding], include_unsafe: bool) -> bool {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .any(|fix| fix_is_applicable(text, fix, include_unsafe))
}

/// One pass of `--fix`: apply the fixes of `findings` that do not overlap.
///
/// Safe fixes only, unless `include_unsafe` (`--unsafe-fixes`). Fixes are
/// taken in the order (span start, span end, rule id, replacement); a fix is
/// applied unless it overlaps one already taken (two insertions at the same
/// point also count as overlapping), so the earlier span wins and the others
/// wait for the next pass. Fixes whose span is out of bounds or not on a
/// character boundary are ignored, as are fixes that would change nothing.
///
/// Returns the new text and the applied fixes in text order; their spans
/// refer to `text`.
pub fn apply_once(
    text: &str,
    findings: &[Finding],
    include_unsafe: bool,
) -> (String, Vec<AppliedFix>) {
    let mut candidates: Vec<(&Fix, &str)> = findings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|fix| (fix, f.rule.id.as_str())))
        .filter(|(fix, _)| fix_is_applicable(text, fix, include_unsafe))
        .collect();
    candidates.sort_by(|(a, ra), (b, rb)| {
        (a.span.start, a.span.end, *ra, &a.replacement).cmp(&(
            b.span.start,
            b.span.end,
            *rb,
            &b.replacement,
        ))
    });

    let mut taken: Vec<AppliedFix> = Vec::new();
    for (fix, rule) in candidates {
        if let Some(last) = taken.last() {
            let overlaps = fix.span.start < last.span.end;
            let same_insertion_point =
                fix.span.is_empty() && last.span.is_empty() && fix.span.start == last.span.start;
            if overlaps || same_insertion_point {
                continue;
            }
        }
        taken.push(AppliedFix {
            rule: rule.to_owned(),
            span: fix.span.clone(),
            original: text[fix.span.clone()].to_owned(),
            replacement: fix.replacement.clone(),
            safe: fix.safe,
            pass: 1,
        });
    }

    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for a in &taken {
        out.push_str(&text[pos..a.span.start]);
        out.push_str(&a.replacement);
        pos = a.span.end;
    }
    out.push_str(&text[pos..]);
    (out, taken)
}

/// A piece of the fixed text: either a range of the original text kept as
/// it was, or text inserted by fixes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Kept(Range<usize>),
    Inserted(String),
}

impl Piece {
    fn len(&self) -> usize {
        match self {
            Piece::Kept(r) => r.len(),
            Piece::Inserted(s) => s.len(),
        }
    }
}

/// Where every byte of the fixed text comes from. This is what lets
/// [`fix_file`] copy every byte outside the fixed spans from the file
/// itself instead of re-encoding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pieces: Vec<Piece>,
}

impl Provenance {
    /// The provenance of an unchanged text of `len` bytes.
    pub fn identity(len: usize) -> Self {
        let mut p = Provenance { pieces: Vec::new() };
        p.push(Piece::Kept(0..len));
        p
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Total length of the text described.
    pub fn len(&self) -> usize {
        self.pieces.iter().map(Piece::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Rebuild the text from the original it describes (`None` if a kept
    /// range does not fit `original`).
    pub fn render(&self, original: &str) -> Option<String> {
        let mut out = String::with_capacity(self.len());
        for p in &self.pieces {
            match p {
                Piece::Kept(r) => out.push_str(original.get(r.clone())?),
                Piece::Inserted(s) => out.push_str(s),
            }
        }
        Some(out)
    }

    /// Ranges of the original text that were replaced (possibly empty
    /// ranges, for pure insertions), in order.
    pub fn changed_ranges(&self, original_len: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut pos = 0;
        let mut pending_insert = false;
        for p in &self.pieces {
            match p {
                Piece::Kept(r) => {
                    if r.start != pos || pending_insert {
                        out.push(pos..r.start);
                    }
                    pos = r.end;
                    pending_insert = false;
                }
                Piece::Inserted(_) => pending_insert = true,
            }
        }
        if pos != original_len || pending_insert {
            out.push(pos..original_len);
        }
        out
    }

    fn push(&mut self, piece: Piece) {
        if piece.len() == 0 {
            return;
        }
        match (self.pieces.last_mut(), piece) {
            (Some(Piece::Kept(last)), Piece::Kept(r)) if last.end == r.start => last.end = r.end,
            (Some(Piece::Inserted(last)), Piece::Inserted(s)) => last.push_str(&s),
            (_, piece) => self.pieces.push(piece),
        }
    }

    /// Pieces covering `range` of the described text; `starts` holds the
    /// offset of every piece (so that the first one is found by bisection).
    fn slice_into(&self, starts: &[usize], range: Range<usize>, out: &mut Provenance) {
        let first = starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        for (p, &pos) in self.pieces[first..].iter().zip(&starts[first..]) {
            if pos >= range.end {
                break;
            }
            let (start, end) = (range.start.max(pos), range.end.min(pos + p.len()));
            if start < end {
                let (a, b) = (start - pos, end - pos);
                out.push(match p {
                    Piece::Kept(r) => Piece::Kept(r.start + a..r.start + b),
                    Piece::Inserted(s) => Piece::Inserted(s[a..b].to_owned()),
                });
            }
        }
    }

    /// Record one pass of fixes (spans in the text this provenance describes,
    /// sorted and non-overlapping, as returned by [`apply_once`]).
    pub fn apply(&mut self, fixes: &[AppliedFix]) {
        let starts: Vec<usize> = self
            .pieces
            .iter()
            .scan(0, |pos, p| {
                let start = *pos;
                *pos += p.len();
                Some(start)
            })
            .collect();
        let len = self.len();
        let mut next = Provenance { pieces: Vec::new() };
        let mut pos = 0;
        for f in fixes {
            self.slice_into(&starts, pos..f.span.start, &mut next);
            next.push(Piece::Inserted(f.replacement.clone()));
            pos = f.span.end;
        }
        self.slice_into(&starts, pos..len, &mut next);
        *self = next;
    }
}

/// The result of fixing one text until it is stable.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// Every applied fix, pass after pass; spans refer to the text of the
    /// pass that applied them.
    pub applied: Vec<AppliedFix>,
    /// Number of passes that changed the text.
    pub passes: usize,
    /// False when applicable fixes remained after `max_passes` passes, or
    /// when the fixes cycle (a text came back): the rules disagree.
    pub converged: bool,
    /// The findings of the last lint, on `text`.
    pub remaining: Vec<Finding>,
    /// Which bytes of the original text were kept.
    pub provenance: Provenance,
}

impl FixOutcome {
    /// Whether any fix was applied.
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// `--fix` on one text: lint, apply one pass ([`apply_once`]), lint again,
/// and so on until no applicable fix remains or `max_passes` passes were
/// made ([`DEFAULT_MAX_PASSES`] for the CLI). Non-convergence is reported
/// in [`FixOutcome::converged`], never hidden.
pub fn fix_until_stable(
    text: &str,
    include_unsafe: bool,
    max_passes: usize,
    lint: impl Fn(&str) -> Vec<Finding>,
) -> FixOutcome {
    let first = lint(text);
    fix_until_stable_from(text, first, include_unsafe, max_passes, lint)
}

/// [`fix_until_stable`] when the findings on `text` are already known (the
/// findings `gwlint check` has just reported), saving one lint.
pub fn fix_until_stable_from(
    text: &str,
    findings: Vec<Finding>,
    include_unsafe: bool,
    max_passes: usize,
    lint: impl Fn(&str) -> Vec<Finding>,
) -> FixOutcome {
    let mut current = text.to_owned();
    let mut findings = findings;
    let mut provenance = Provenance::identity(text.len());
    let mut applied = Vec::new();
    let mut passes = 0;
    let mut seen = HashSet::new();
    seen.insert(hash_text(&current));

    let converged = loop {
        if !has_applicable_fix(&current, &findings, include_unsafe) {
            break true;
        }
        if passes >= max_passes {
            break false;
        }
        let (next, mut fixes) = apply_once(&current, &findings, include_unsafe);
        passes += 1;
        provenance.apply(&fixes);
        for f in &mut fixes {
            f.pass = passes;
        }
        applied.extend(fixes);
        current = next;
        findings = lint(&current);
        if !seen.insert(hash_text(&current)) {
            // A text seen before: the fixes cycle and will never settle.
            break !has_applicable_fix(&current, &findings, include_unsafe);
        }
    };

    FixOutcome {
        text: current,
        applied,
        passes,
        converged,
        remaining: findings,
        provenance,
    }
}

fn hash_text(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Category, RuleMeta, Severity};
    use std::sync::Arc;

    fn rule(id: &str) -> Arc<RuleMeta> {
        Arc::new(RuleMeta {
            id: id.into(),
            category: Category::Other,
            severity: Severity::Error,
            message: "测试".into(),
            help: None,
            reference: None,
        })
    }

    fn finding(id: &str, span: Range<usize>, rep: &str, safe: bool) -> Finding {
        Finding::new(&rule(id), span.clone(), None).with_fix(Some(Fix {
            span,
            replacement: rep.into(),
            safe,
        }))
    }

    #[test]
    fn applies_non_overlapping_fixes_in_one_pass() {
        let text = "山府发[2013]2号";
        let open = text.find('[').unwrap();
        let close = text.find(']').unwrap();
        let fs = vec![
            finding("b", close..close + 1, "〕", true),
            finding("a", open..open + 1, "〔", true),
        ];
        let (out, applied) = apply_once(text, &fs, false);
        assert_eq!(out, "山府发〔2013〕2号");
        assert_eq!(
            applied.iter().map(|a| a.rule.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(applied[0].original, "[");
    }

    #[test]
    fn overlap_earlier_span_wins_then_rule_id() {
        let text = "abcdef";
        let fs = vec![
            finding("z", 2..4, "X", true),
            finding("y", 1..3, "Y", true),
            finding("b", 4..6, "B", true),
            finding("a", 4..6, "A", true),
        ];
        let (out, applied) = apply_once(text, &fs, false);
        // y (1..3) starts first; z (2..4) overlaps it and waits; a beats b.
        assert_eq!(out, "aYdA");
        let rules: Vec<_> = applied.iter().map(|a| a.rule.as_str()).collect();
        assert_eq!(rules, ["y", "a"]);
    }

    #[test]
    fn two_insertions_at_one_point_conflict_but_adjacent_edits_do_not() {
        let text = "ab";
        let fs = vec![
            finding("p", 1..1, "，", true),
            finding("q", 1..1, "。", true),
            finding("r", 1..2, "B", true),
            finding("s", 0..1, "A", true),
        ];
        let (out, applied) = apply_once(text, &fs, false);
        assert_eq!(out, "A，B");
        assert_eq!(applied.len(), 3);
    }

    #[test]
    fn unsafe_fixes_need_the_flag() {
        let fs = vec![finding("u", 0..1, "X", false)];
        assert_eq!(apply_once("abc", &fs, false).0, "abc");
        assert_eq!(apply_once("abc", &fs, true).0, "Xbc");
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)] // on purpose: a reversed span
    fn bad_spans_are_rejected_without_touching_the_text() {
        let text = "通知"; // 6 bytes, boundaries at 0, 3, 6
        let fs = vec![
            finding("oob", 5..9, "x", true),
            finding("mid", 1..3, "x", true),
            finding("rev", 3..1, "x", true),
            finding("noop", 0..3, "通", true),
        ];
        let (out, applied) = apply_once(text, &fs, true);
        assert_eq!(out, text);
        assert!(applied.is_empty());
        assert!(!has_applicable_fix(text, &fs, true));
    }

    /// A toy linter: `[` → `〔` and `]` → `〕`, plus a rule that sees the
    /// whole `〔2013〕` only once both brackets are right and wants
    /// `〔2013〕` → `〔2014〕` (so it needs a second pass), plus a rule
    /// whose fix overlaps the bracket fix.
    fn toy_lint(text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            match c {
                '[' => out.push(finding("bracket-open", i..i + 1, "〔", true)),
                ']' => out.push(finding("bracket-close", i..i + 1, "〕", true)),
                _ => {}
            }
        }
        if let Some(i) = text.find("[2013") {
            out.push(finding("year-wide", i..i + 5, "[2014", true));
        }
        if let Some(i) = text.find("〔2013〕") {
            let end = i + "〔2013〕".len();
            out.push(finding("year", i..end, "〔2014〕", true));
        }
        out
    }

    #[test]
    fn multi_pass_converges_and_tracks_provenance() {
        let text = "甲[2013]1号，乙[2013]2号";
        let outcome = fix_until_stable(text, false, DEFAULT_MAX_PASSES, toy_lint);
        assert!(outcome.converged);
        // Pass 1: brackets (year-wide overlaps them and waits, then is gone);
        // passes 2 and 3: one year each.
        assert_eq!(outcome.text, "甲〔2014〕1号，乙〔2014〕2号");
        assert_eq!(outcome.passes, 3);
        assert!(outcome.remaining.is_empty());
        assert!(!outcome.applied.iter().any(|a| a.rule == "year-wide"));
        assert_eq!(
            outcome.provenance.render(text).as_deref(),
            Some(outcome.text.as_str())
        );
        // Second run: nothing to do.
        let again = fix_until_stable(&outcome.text, false, DEFAULT_MAX_PASSES, toy_lint);
        assert!(again.applied.is_empty() && again.converged);
        assert_eq!(again.text, outcome.text);
    }

    #[test]
    fn oscillating_fixes_are_reported_as_not_converged() {
        let flip = |t: &str| -> Vec<Finding> {
            match t.find('A').or_else(|| t.find('B')) {
                Some(i) => {
                    let rep = if &t[i..i + 1] == "A" { "B" } else { "A" };
                    vec![finding("flip", i..i + 1, rep, true)]
                }
                None => vec![],
            }
        };
        let outcome = fix_until_stable("xAx", false, 10, flip);
        assert!(!outcome.converged);
        assert!(outcome.passes < 10, "a cycle is detected early");
        let bounded = fix_until_stable("xAx", false, 1, flip);
        assert!(!bounded.converged);
        assert_eq!(bounded.passes, 1);
        assert_eq!(bounded.text, "xBx");
    }

    #[test]
    fn provenance_composes_across_passes() {
        let original = "0123456789";
        let mut prov = Provenance::identity(original.len());
        let (t1, a1) = apply_once(original, &[finding("r", 2..4, "ab", true)], false);
        prov.apply(&a1);
        // Replace across the inserted text and a kept byte, insert at the end.
        let (t2, a2) = apply_once(
            &t1,
            &[
                finding("r", 3..5, "Z", true),
                finding("s", 10..10, "!", true),
            ],
            false,
        );
        prov.apply(&a2);
        assert_eq!(t2, "01aZ56789!");
        assert_eq!(prov.render(original).as_deref(), Some(t2.as_str()));
        assert_eq!(
            prov.pieces(),
            [
                Piece::Kept(0..2),
                Piece::Inserted("aZ".into()),
                Piece::Kept(5..10),
                Piece::Inserted("!".into()),
            ]
        );
        assert_eq!(prov.changed_ranges(original.len()), vec![2..5, 10..10]);
    }

    /// Random edits over several passes (a fixed-seed generator): the
    /// provenance always rebuilds the text, and its kept pieces are exactly
    /// the bytes no fix touched.
    #[test]
    fn provenance_matches_random_multi_pass_edits() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % n.max(1)
        };
        let alphabet = ["a", "通", "〔", "\r\n", "𠀀", ","];
        for _ in 0..300 {
            let original: String = (0..next(30)).map(|_| alphabet[next(6)]).collect();
            let mut text = original.clone();
            let mut prov = Provenance::identity(text.len());
            for _pass in 0..1 + next(4) {
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                let findings: Vec<Finding> = (0..next(5))
                    .map(|_| {
                        let a = bounds[next(bounds.len())];
                        let b = bounds[next(bounds.len())];
                        let rep: String = (0..next(3)).map(|_| alphabet[next(6)]).collect();
                        finding("r", a.min(b)..a.max(b), &rep, true)
                    })
                    .collect();
                let (t, applied) = apply_once(&text, &findings, false);
                prov.apply(&applied);
                text = t;
                assert_eq!(prov.render(&original).as_deref(), Some(text.as_str()));
            }
            // Kept pieces are increasing, disjoint ranges of the original.
            let mut last = 0;
            for p in prov.pieces() {
                if let Piece::Kept(r) = p {
                    assert!(r.start >= last && r.start < r.end);
                    last = r.end;
                }
            }
        }
    }
}
