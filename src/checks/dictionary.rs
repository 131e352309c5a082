//! `dictionary`: wrong → right strings (typos, misused terms), matched with
//! one Aho-Corasick automaton per rule over the scope; each hit points at
//! the wrong string and proposes the right one.

use aho_corasick::{AhoCorasick, MatchKind};

use super::{Ctx, Target};
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["words"];

#[derive(Debug)]
pub struct Dictionary {
    pub automaton: AhoCorasick,
    /// `(wrong, right)`, indexed like the automaton's patterns.
    pub words: Vec<(String, String)>,
    pub fix: bool,
}

impl Dictionary {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        let Some(words) = &raw.words else {
            return Err(LoadError::new(
                "kind = \"dictionary\" 需要参数 `words`（[错误, 正确] 的列表）",
                raw.kind.span(),
            ));
        };
        if words.get_ref().is_empty() {
            return Err(LoadError::new("词表为空", words.span()));
        }
        let mut seen = std::collections::HashMap::new();
        for entry in words.get_ref() {
            let (wrong, right) = entry.get_ref();
            if wrong.trim().is_empty() {
                return Err(LoadError::new("错误写法为空", entry.span()));
            }
            if wrong == right {
                return Err(LoadError::new("错误写法与正确写法相同", entry.span()));
            }
            if let Some(prev) = seen.insert(wrong.as_str(), entry.span()) {
                return Err(LoadError::new(format!("词条 `{wrong}` 重复"), entry.span())
                    .with_label(prev, "第一次出现在这里"));
            }
        }
        let fix = match &raw.fix {
            Some(f) if f.get_ref().replacement.is_some() || f.get_ref().map.is_some() => {
                return Err(LoadError::new(
                    "kind = \"dictionary\" 的 fix 不能带 `replacement`（修正即正确写法）",
                    f.span(),
                ))
            }
            Some(_) => true,
            None => false,
        };
        let words: Vec<(String, String)> = words
            .get_ref()
            .iter()
            .map(|e| e.get_ref().clone())
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(words.iter().map(|(w, _)| w))
            .map_err(|e| {
                LoadError::new("词表无法编译", raw.kind.span()).with_help(e.to_string())
            })?;
        Ok(Dictionary {
            automaton,
            words,
            fix,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for Target { span, notice } in
            super::scope::targets(ctx, rule.scope, rule.applies_to.as_deref())
        {
            let hay = &ctx.src.text[span.clone()];
            for m in self.automaton.find_iter(hay) {
                let (_, right) = &self.words[m.pattern().as_usize()];
                let at = span.start + m.start()..span.start + m.end();
                let mut f = super::finding(rule, ctx.src, at, notice, Some(right.clone()));
                if !self.fix {
                    f.fix = None;
                }
                out.push(f);
            }
        }
    }
}
