//! `pattern`: a regular expression that must not match (every match is a
//! finding, pointing at the match or at a named group) or must match (the
//! scope without a match is a finding). An optional replacement template
//! gives the fix.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

use super::prefilter::LinePrefilter;
use super::{Ctx, Target};
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["pattern", "mode", "group", "prefer", "systematic_message"];

/// Compiled-size bounds: a rule file cannot make gwlint allocate without end.
const SIZE_LIMIT: usize = 1 << 20;
const DFA_SIZE_LIMIT: usize = 1 << 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Forbid,
    Require,
}

#[derive(Debug)]
pub struct Pattern {
    pub regex: Regex,
    pub mode: Mode,
    /// Index of the reported capture group (0 = whole match).
    pub group: usize,
    pub replacement: Option<Replacement>,
    pub systematic: Option<Systematic>,
    /// Lines to search when the pattern has no literal prefix of its own.
    prefilter: Option<LinePrefilter>,
}

/// When the forbidden form outnumbers the preferred one in a scope, the
/// scope is reported once instead of hit by hit.
#[derive(Debug)]
pub struct Systematic {
    pub prefer: String,
    pub message: String,
    /// Fewer hits than this are always reported one by one.
    pub min_count: usize,
}

/// How the fix of a match is written.
#[derive(Debug)]
pub enum Replacement {
    /// A template with `$name` / `${name}` references to capture groups.
    Template(String),
    /// The reported text with single characters mapped.
    Map(Vec<(char, String)>),
}

impl Pattern {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        let Some(pat) = &raw.pattern else {
            return Err(LoadError::new(
                "kind = \"pattern\" 需要参数 `pattern`",
                raw.kind.span(),
            ));
        };
        if pat.get_ref().is_empty() {
            return Err(LoadError::new("正则表达式为空", pat.span()));
        }
        let regex = RegexBuilder::new(pat.get_ref())
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .build()
            .map_err(|e| match e {
                regex::Error::CompiledTooBig(limit) => LoadError::new("正则表达式过大", pat.span())
                    .with_help(format!(
                        "编译后超过 {} KB 的上限；请缩小重复次数（如 {{1000}}）或拆成几条规则",
                        limit / 1024
                    )),
                e => LoadError::new("正则表达式无效", pat.span()).with_help(e.to_string()),
            })?;
        if regex.is_match("") {
            return Err(LoadError::new("正则表达式能匹配空字符串", pat.span())
                .with_help("空匹配会在每个位置报告；请让模式至少匹配一个字符"));
        }
        let mode = match raw.mode.as_ref().map(|m| m.get_ref().as_str()) {
            None | Some("forbid") => Mode::Forbid,
            Some("require") => Mode::Require,
            Some(other) => {
                return Err(LoadError::new(
                    format!("未知的 mode `{other}`"),
                    raw.mode.as_ref().unwrap().span(),
                )
                .with_help("可用的 mode：forbid（不得出现）、require（必须出现）"))
            }
        };
        let group = match &raw.group {
            None => 0,
            Some(g) => regex
                .capture_names()
                .position(|n| n == Some(g.get_ref().as_str()))
                .ok_or_else(|| {
                    LoadError::new(
                        format!("正则表达式中没有名为 `{}` 的捕获组", g.get_ref()),
                        g.span(),
                    )
                })?,
        };
        let fix = raw.fix.as_ref();
        let replacement = match fix {
            None => None,
            Some(f) => {
                if mode == Mode::Require {
                    return Err(LoadError::new(
                        "mode = \"require\" 的规则不能带 fix",
                        f.span(),
                    ));
                }
                match (&f.get_ref().replacement, &f.get_ref().map) {
                    (Some(r), None) => {
                        check_template(&regex, r.get_ref())
                            .map_err(|m| LoadError::new(m, r.span()))?;
                        Some(Replacement::Template(r.get_ref().clone()))
                    }
                    (None, Some(m)) => {
                        if m.get_ref().is_empty() {
                            return Err(LoadError::new("fix.map 为空", m.span()));
                        }
                        Some(Replacement::Map(m.get_ref().clone()))
                    }
                    _ => {
                        return Err(LoadError::new(
                            "kind = \"pattern\" 的 fix 需要 `replacement` 或 `map` 之一",
                            f.span(),
                        ))
                    }
                }
            }
        };
        let systematic = match (&raw.prefer, &raw.systematic_message) {
            (None, None) => None,
            (Some(p), Some(m)) => {
                if p.get_ref().is_empty() {
                    return Err(LoadError::new("prefer 不能为空", p.span()));
                }
                Some(Systematic {
                    prefer: p.get_ref().clone(),
                    message: m.get_ref().clone(),
                    min_count: 3,
                })
            }
            (Some(p), None) => {
                return Err(LoadError::new(
                    "`prefer` 需要同时给出 `systematic_message`",
                    p.span(),
                ))
            }
            (None, Some(m)) => {
                return Err(LoadError::new(
                    "`systematic_message` 需要同时给出 `prefer`",
                    m.span(),
                ))
            }
        };
        if systematic.is_some() && mode == Mode::Require {
            return Err(LoadError::new(
                "mode = \"require\" 不能与 prefer 同用",
                raw.mode.as_ref().unwrap().span(),
            ));
        }
        Ok(Pattern {
            prefilter: LinePrefilter::new(pat.get_ref()),
            regex,
            mode,
            group,
            replacement,
            systematic,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for Target { span, notice } in
            super::scope::targets(ctx, rule.scope, rule.applies_to.as_deref())
        {
            let hay = &ctx.src.text[span.clone()];
            match self.mode {
                Mode::Require => {
                    if !self.regex.is_match(hay) {
                        out.push(super::finding(rule, ctx.src, span.clone(), notice, None));
                    }
                }
                Mode::Forbid => self.forbid(rule, ctx, span.start, hay, notice, out),
            }
        }
    }

    fn forbid(
        &self,
        rule: &Rule,
        ctx: &Ctx,
        base: usize,
        hay: &str,
        notice: Option<usize>,
        out: &mut Vec<Finding>,
    ) {
        let hits = self.hits(hay);
        if let Some(sys) = &self.systematic {
            // Counting the preferred form costs a pass over the scope: only
            // when the hits are enough, and only as far as their number.
            let systematic = hits.len() >= sys.min_count
                && hay.matches(sys.prefer.as_str()).take(hits.len()).count() < hits.len();
            if systematic {
                out.push(self.systematic_finding(rule, base, hay, notice, &hits, sys));
                return;
            }
        }
        for (span, fix) in hits {
            out.push(super::finding(
                rule,
                ctx.src,
                base + span.start..base + span.end,
                notice,
                fix,
            ));
        }
    }

    /// Every reported span in `hay` with its fix, in order.
    fn hits(&self, hay: &str) -> Vec<(Range<usize>, Option<String>)> {
        let mut hits = Vec::new();
        let mut at = 0;
        match &self.prefilter {
            None => self.scan(hay, &mut at, &mut hits),
            Some(lines) => {
                for line in lines.lines(hay) {
                    at = at.max(line.start);
                    self.scan(&hay[..line.end], &mut at, &mut hits);
                }
            }
        }
        hits
    }

    /// The hits in `hay` from `at` on, appended to `hits`; `at` is left
    /// where the search stopped.
    fn scan(&self, hay: &str, at: &mut usize, hits: &mut Vec<(Range<usize>, Option<String>)>) {
        while *at <= hay.len() {
            let Some(caps) = self.regex.captures_at(hay, *at) else {
                break;
            };
            let m = caps.get(0).expect("group 0 takes part in every match");
            if m.start() == m.end() {
                *at = next_char(hay, m.start());
                continue;
            }
            let Some((gs, ge)) = caps.get(self.group).map(|g| (g.start(), g.end())) else {
                // The reported group did not take part in this match.
                *at = next_char(hay, m.start());
                continue;
            };
            let fix = self.replacement.as_ref().map(|r| match r {
                Replacement::Template(tpl) => {
                    let mut s = String::new();
                    caps.expand(tpl, &mut s);
                    s
                }
                Replacement::Map(map) => {
                    let mut s = String::new();
                    for c in hay[gs..ge].chars() {
                        match map.iter().find(|(a, _)| *a == c) {
                            Some((_, b)) => s.push_str(b),
                            None => s.push(c),
                        }
                    }
                    s
                }
            });
            hits.push((gs..ge, fix));
            // Resume right after the reported group, so that context the
            // pattern needs around it (a Chinese character before and after
            // a comma) can be shared by the next match.
            *at = if ge > m.start() {
                ge
            } else {
                next_char(hay, m.start())
            };
        }
    }

    /// One finding for a scope that uses the forbidden form throughout (a
    /// converted file with half-width punctuation everywhere): it points at
    /// the first hit, and its fix rewrites every hit at once.
    #[allow(clippy::too_many_arguments)]
    fn systematic_finding(
        &self,
        rule: &Rule,
        base: usize,
        hay: &str,
        notice: Option<usize>,
        hits: &[(Range<usize>, Option<String>)],
        sys: &Systematic,
    ) -> Finding {
        let first = hits[0].0.clone();
        let last = hits[hits.len() - 1].0.clone();
        let fix = if hits.iter().all(|(_, f)| f.is_some()) {
            let mut text = String::new();
            let mut pos = first.start;
            for (span, fix) in hits {
                text.push_str(&hay[pos..span.start]);
                text.push_str(fix.as_deref().unwrap_or_default());
                pos = span.end;
            }
            text.push_str(&hay[pos..last.end]);
            Some(crate::finding::Fix {
                span: base + first.start..base + last.end,
                replacement: text,
                safe: rule.fix_safe,
            })
        } else {
            None
        };
        let matched = &hay[first.clone()];
        let message =
            super::fill(&sys.message, matched, None).replace("{count}", &hits.len().to_string());
        let help = rule
            .meta
            .help
            .as_deref()
            .map(|h| super::fill(h, matched, None).replace("{count}", &hits.len().to_string()));
        Finding::new(&rule.meta, base + first.start..base + first.end, notice)
            .with_message(message)
            .with_help(help)
            .with_fix(fix)
    }
}

fn next_char(s: &str, i: usize) -> usize {
    s[i..]
        .chars()
        .next()
        .map(|c| i + c.len_utf8())
        .unwrap_or(s.len() + 1)
}

/// Every `$name` / `${name}` / `$1` in a template names a group of `regex`.
fn check_template(regex: &Regex, tpl: &str) -> Result<(), String> {
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    let count = regex.captures_len();
    let mut rest = tpl;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('$') {
            rest = r;
            continue;
        }
        let name: &str = if let Some(r) = rest.strip_prefix('{') {
            let end = r.find('}').ok_or("替换模板中的 `${` 没有闭合")?;
            let n = &r[..end];
            rest = &r[end + 1..];
            n
        } else {
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let n = &rest[..end];
            rest = &rest[end..];
            n
        };
        if name.is_empty() {
            return Err("替换模板中的 `$` 后缺少捕获组名（字面的 $ 写作 $$）".into());
        }
        let ok = match name.parse::<usize>() {
            Ok(k) => k < count,
            Err(_) => names.contains(&name),
        };
        if !ok {
            return Err(format!("替换模板引用了不存在的捕获组 `{name}`"));
        }
    }
    Ok(())
}
