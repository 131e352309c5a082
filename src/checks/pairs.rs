//! `pairs`: balanced brackets and quotes (“” 《》 （） 〔〕). One stack per
//! line (or per scope), one pass: linear time. The finding points at the
//! unmatched opener or closer.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;

use super::{Ctx, Target};
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["pairs", "within"];

#[derive(Debug)]
pub struct Pairs {
    /// opener → pair index; closer → pair index.
    openers: HashMap<char, usize>,
    closers: HashMap<char, usize>,
    per_line: bool,
    /// Every opener and closer (and the line feed, when pairs close within
    /// a line): the scan jumps from one to the next instead of looking up
    /// every character.
    stops: AhoCorasick,
}

impl Pairs {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        let Some(pairs) = &raw.pairs else {
            return Err(LoadError::new(
                "kind = \"pairs\" 需要参数 `pairs`（[开, 闭] 的列表）",
                raw.kind.span(),
            ));
        };
        if pairs.get_ref().is_empty() {
            return Err(LoadError::new("pairs 为空", pairs.span()));
        }
        let mut openers = HashMap::new();
        let mut closers = HashMap::new();
        for (i, entry) in pairs.get_ref().iter().enumerate() {
            let (o, c) = entry.get_ref();
            let one = |s: &str| {
                let mut it = s.chars();
                match (it.next(), it.next()) {
                    (Some(ch), None) => Some(ch),
                    _ => None,
                }
            };
            let (Some(o), Some(c)) = (one(o), one(c)) else {
                return Err(LoadError::new("每个符号必须恰好是一个字符", entry.span()));
            };
            if o == c
                || openers.contains_key(&o)
                || closers.contains_key(&c)
                || openers.contains_key(&c)
                || closers.contains_key(&o)
            {
                return Err(LoadError::new(
                    "开闭符号必须互不相同，且不能与其他对重复",
                    entry.span(),
                ));
            }
            openers.insert(o, i);
            closers.insert(c, i);
        }
        let per_line = match raw.within.as_ref().map(|w| w.get_ref().as_str()) {
            None | Some("line") => true,
            Some("scope") => false,
            Some(other) => {
                return Err(LoadError::new(
                    format!("未知的 within `{other}`"),
                    raw.within.as_ref().unwrap().span(),
                )
                .with_help("可用的值：line（同一行内配对）、scope（整个范围内配对）"))
            }
        };
        let mut stops: Vec<String> = openers
            .keys()
            .chain(closers.keys())
            .map(|c| c.to_string())
            .collect();
        if per_line {
            stops.push("\n".into());
        }
        let stops = AhoCorasick::new(&stops)
            .map_err(|e| LoadError::new("pairs 无法编译", pairs.span()).with_help(e.to_string()))?;
        Ok(Pairs {
            openers,
            closers,
            per_line,
            stops,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for Target { span, notice } in
            super::scope::targets(ctx, rule.scope, rule.applies_to.as_deref())
        {
            let text = &ctx.src.text[span.clone()];
            // (offset, pair, char); `open[p]` counts openers of pair p on the
            // stack, so an unmatched closer is known without a scan and the
            // whole pass stays linear.
            let mut stack: Vec<(usize, usize, char)> = Vec::new();
            let mut open = vec![0usize; self.openers.len()];
            let mut report = |off: usize, ch: char| {
                let at = span.start + off..span.start + off + ch.len_utf8();
                out.push(super::finding(rule, ctx.src, at, notice, None));
            };
            let stops = self.stops.find_iter(text).map(|m| {
                let ch = text[m.start()..]
                    .chars()
                    .next()
                    .expect("a match is a character");
                (m.start(), ch)
            });
            for (off, ch) in stops {
                if ch == '\n' && self.per_line {
                    for (o, q, c) in stack.drain(..) {
                        open[q] -= 1;
                        report(o, c);
                    }
                } else if let Some(&p) = self.openers.get(&ch) {
                    stack.push((off, p, ch));
                    open[p] += 1;
                } else if let Some(&p) = self.closers.get(&ch) {
                    if open[p] == 0 {
                        report(off, ch);
                        continue;
                    }
                    // Openers above the matching one were never closed.
                    while let Some((o, q, c)) = stack.pop() {
                        open[q] -= 1;
                        if q == p {
                            break;
                        }
                        report(o, c);
                    }
                }
            }
            for (o, _, c) in stack.drain(..) {
                report(o, c);
            }
        }
    }
}
