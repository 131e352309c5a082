//! Literals that every match of a `pattern` rule contains, to search only
//! the lines that hold one. A pattern such as `[\p{Han}”’》）](?P<p>[!?])` or
//! `…(?P<year>…)年` has no literal prefix, so the regex engine walks every
//! byte of every notice; the literals (`!`, `?`; `年`) are found by a
//! multi-literal search many times faster, and the regex runs on the few
//! lines that hold them.
//!
//! Used only for patterns without a literal prefix (the regex engine
//! searches for a prefix itself), and only where it cannot change a result:
//! the pattern matches no line break (so every match lies within one line
//! and contains one of the literals), and its only assertions look backward
//! (`^`), so searching `hay[..line_end]` finds on that line exactly what
//! searching all of `hay` finds there.

use std::ops::Range;

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::document::lines::line_around;

#[derive(Debug)]
pub struct LinePrefilter {
    literals: AhoCorasick,
}

impl LinePrefilter {
    /// The prefilter of `pattern`, when one is safe and useful.
    pub fn new(pattern: &str) -> Option<Self> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        if may_match_newline(&hir) {
            return None;
        }
        let backward_only = hir
            .properties()
            .look_set()
            .iter()
            .all(|l| matches!(l, Look::Start | Look::StartLF | Look::StartCRLF));
        if !backward_only {
            return None;
        }
        // A pattern with a literal prefix is already searched for it by the
        // regex engine, which does that better than a line filter.
        if Extractor::new().extract(&hir).is_finite() {
            return None;
        }
        // Every match ends with one of the suffixes.
        let suffixes = Extractor::new().kind(ExtractKind::Suffix).extract(&hir);
        suffixes.min_literal_len().filter(|&n| n > 0)?;
        let literals = AhoCorasick::new(suffixes.literals()?.iter().map(|l| l.as_bytes())).ok()?;
        Some(LinePrefilter { literals })
    }

    /// The byte ranges (without the line break) of the lines of `hay` that
    /// hold one of the literals, in order, each once.
    pub fn lines<'h>(&'h self, hay: &'h str) -> impl Iterator<Item = Range<usize>> + 'h {
        let bytes = hay.as_bytes();
        let mut from = 0;
        std::iter::from_fn(move || {
            let hit = self.literals.find(&bytes[from.min(bytes.len())..])?;
            let line = line_around(bytes, from + hit.start());
            from = line.end + 1;
            Some(line)
        })
    }
}

/// Whether some match of `hir` can contain a line feed.
fn may_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => may_match_newline(&r.sub),
        HirKind::Capture(c) => may_match_newline(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(may_match_newline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(pattern: &str, hay: &str) -> Option<Vec<String>> {
        let p = LinePrefilter::new(pattern)?;
        Some(p.lines(hay).map(|r| hay[r].to_string()).collect())
    }

    #[test]
    fn lines_holding_a_required_literal() {
        let hay = "第一行!\n没有\n二〇一三年\n问?与!\n";
        assert_eq!(
            lines(r"[\p{Han}”’》）](?P<p>[!?])", hay).unwrap(),
            ["第一行!", "问?与!"]
        );
        assert_eq!(
            lines(r"(?:(?m:^)|[^0-9\n])(?P<y>[〇一二三]{4})年", hay).unwrap(),
            ["二〇一三年"]
        );
    }

    #[test]
    fn refused_where_it_could_change_a_result() {
        // Could match across lines.
        assert!(LinePrefilter::new(r"牵头单位：\s*(\S+)").is_none());
        assert!(LinePrefilter::new(r"[^。]{2}号").is_none());
        assert!(LinePrefilter::new(r"(?:^|[^0-9])[〇一二三]{4}年").is_none());
        // Looks ahead of the match (end of text, word boundary).
        assert!(LinePrefilter::new(r"号$").is_none());
        assert!(LinePrefilter::new(r"\bOK").is_none());
        // No literal every match needs.
        assert!(LinePrefilter::new(r"[\p{Han}](,)[\p{Han}]").is_none());
        // A literal prefix: the regex engine searches for it itself.
        assert!(LinePrefilter::new(r"[年月]0[1-9][月日]").is_none());
    }
}
