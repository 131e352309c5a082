//! What the structural kinds (`dates`, `attachments`, `headings`, `units`,
//! `cross`) share: a rule names one sub-check with `check = "…"`; the
//! analysis in `crate::analysis` finds the problems; this turns them into
//! findings with the rule's wording.

use std::ops::Range;

use super::Ctx;
use crate::analysis::Problem;
use crate::document::Notice;
use crate::finding::{Finding, Fix};
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

/// Read and validate the `check` parameter against the sub-checks a kind
/// offers.
pub fn sub_check(
    raw: &RawRule,
    offered: &'static [&'static str],
) -> Result<&'static str, LoadError> {
    let kind = raw.kind.get_ref();
    let Some(check) = &raw.check else {
        return Err(LoadError::new(
            format!("kind = \"{kind}\" 需要参数 `check`"),
            raw.kind.span(),
        )
        .with_help(format!("可用的检查：{}", offered.join("、"))));
    };
    offered
        .iter()
        .copied()
        .find(|c| *c == check.get_ref())
        .ok_or_else(|| {
            LoadError::new(
                format!("kind = \"{kind}\" 没有名为 `{}` 的检查", check.get_ref()),
                check.span(),
            )
            .with_help(format!("可用的检查：{}", offered.join("、")))
        })
}

/// Findings of `rule` for the problems with code `code`.
pub fn emit(rule: &Rule, ctx: &Ctx, code: &str, problems: Vec<Problem>, out: &mut Vec<Finding>) {
    for p in problems.into_iter().filter(|p| p.code == code) {
        out.push(to_finding(rule, ctx, p));
    }
}

fn to_finding(rule: &Rule, ctx: &Ctx, p: Problem) -> Finding {
    let matched = ctx.src.text.get(p.span.clone()).unwrap_or("");
    let fill = |t: &str| p.fill(t).replace("{match}", matched);
    let message = fill(&rule.meta.message);
    let help = rule.meta.help.as_deref().map(fill);
    let fix = p.fix.clone().map(|replacement| Fix {
        span: p.span.clone(),
        replacement,
        safe: rule.fix_safe,
    });
    let mut f = Finding::new(&rule.meta, p.span.clone(), p.notice)
        .with_message(message)
        .with_help(help)
        .with_fix(fix);
    for (span, label) in p.related {
        if !is_empty(&span) {
            f = f.with_related(span, label);
        }
    }
    f
}

fn is_empty(r: &Range<usize>) -> bool {
    r.start >= r.end
}

/// The notices of the file that the rule applies to (`applies_to`).
pub fn notices<'a>(rule: &'a Rule, ctx: &'a Ctx) -> impl Iterator<Item = &'a Notice> + 'a {
    ctx.notices
        .iter()
        .filter(|n| super::scope::applies(rule.applies_to.as_deref(), n.kind.as_deref()))
}
