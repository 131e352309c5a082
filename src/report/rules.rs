//! `gwlint rules` (a table of the loaded rules) and `gwlint explain ID`.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use crate::rules::{Rule, RuleSet};

fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// id, category, severity, message — one rule a line, aligned.
pub fn table(rules: &RuleSet) -> String {
    let id_w = rules
        .rules
        .iter()
        .map(|r| r.id().len())
        .max()
        .unwrap_or(2)
        .max(2);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  {}  说明",
        pad("规则", id_w),
        pad("类别", 12),
        pad("级别", 7)
    );
    for r in &rules.rules {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad(r.id(), id_w),
            pad(r.meta.category.as_str(), 12),
            pad(r.meta.severity.as_str(), 7),
            r.meta.message.replace("{match}", "…").replace("{fix}", "…")
        );
    }
    let _ = writeln!(out, "\n共 {} 条规则。", rules.len());
    out
}

/// Everything known about one rule.
pub fn explain(rule: &Rule) -> String {
    let m = &rule.meta;
    let mut out = String::new();
    let _ = writeln!(out, "{}", m.id);
    let _ = writeln!(
        out,
        "  类别：{}（{}）  级别：{}  检查方式：{}  范围：{}",
        m.category.as_str(),
        m.category.label(),
        m.severity.as_str(),
        rule.check.kind(),
        rule.scope.name()
    );
    if let Some(kinds) = &rule.applies_to {
        let _ = writeln!(out, "  适用文种：{}", kinds.join("、"));
    }
    let _ = writeln!(out, "  来源：{}", rule.origin);
    let _ = writeln!(
        out,
        "\n说明：{}",
        m.message.replace("{match}", "…").replace("{fix}", "…")
    );
    if let Some(h) = &m.help {
        let _ = writeln!(
            out,
            "建议：{}",
            h.replace("{match}", "…").replace("{fix}", "…")
        );
    }
    if let Some(r) = &m.reference {
        let _ = writeln!(out, "依据：{r}");
    }
    if let Some(r) = &rule.rationale {
        let _ = writeln!(out, "\n理由：{}", r.trim());
    }
    if let Some(b) = &rule.example_bad {
        let _ = writeln!(out, "\n错误示例：\n{}", indent(b));
    }
    if let Some(g) = &rule.example_good {
        let _ = writeln!(out, "\n正确示例：\n{}", indent(g));
    }
    let fix = match (&rule.check, rule.fix_safe) {
        (_, true) => "可自动修正（安全，`--fix` 会应用）",
        _ if has_fix(rule) => "可自动修正（需人工确认，`--unsafe-fixes`）",
        _ => "不提供自动修正",
    };
    let _ = writeln!(out, "\n修正：{fix}");
    out
}

fn has_fix(rule: &Rule) -> bool {
    use crate::checks::Check;
    match &rule.check {
        Check::Pattern(p) => p.replacement.is_some(),
        Check::Dictionary(d) => d.fix,
        _ => false,
    }
}

fn indent(s: &str) -> String {
    s.trim_end()
        .lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
