//! Per-file ignores and the allow-list of `gwlint.toml`.

use std::sync::Arc;

use gwlint::document::Gazette;
use gwlint::finding::{Category, Finding, RuleMeta, Severity};
use gwlint::report::FileReport;
use gwlint::source::{Encoding, SourceFile};
use gwlint::suppress::{AllowEntry, PerFileIgnores, Suppressions};

fn rule(id: &str, category: Category) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: id.into(),
        category,
        severity: Severity::Error,
        message: "测试".into(),
        help: None,
        reference: None,
    })
}

const TEXT: &str = "二0一0年三月一日\n期限廷长。\n二0一一年五月六日\n";

/// A date finding on each date line and a typo finding on 廷长.
fn report(path: &str) -> FileReport {
    let date = rule("date-chinese-zero", Category::Date);
    let typo = rule("typo-common", Category::Typo);
    let mut findings = Vec::new();
    for line in ["二0一0年三月一日", "二0一一年五月六日"] {
        let i = TEXT.find(line).unwrap();
        findings.push(Finding::new(&date, i..i + line.len(), Some(0)));
    }
    let i = TEXT.find("廷长").unwrap();
    findings.push(Finding::new(&typo, i..i + "廷长".len(), Some(1)));
    findings.sort_by_key(|f| f.span.start);
    FileReport {
        source: Arc::new(SourceFile::new(path, TEXT.into(), Encoding::Utf8)),
        gazette: Arc::new(Gazette::default()),
        findings,
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    #[serde(default, rename = "per-file-ignores")]
    per_file_ignores: PerFileIgnores,
    #[serde(default)]
    allow: Vec<AllowEntry>,
}

fn compile(toml_text: &str) -> Result<Suppressions, Vec<String>> {
    let c: Config = toml::from_str(toml_text).expect("valid TOML");
    Suppressions::compile(&c.per_file_ignores, &c.allow, |id| {
        ["date-chinese-zero", "typo-common"].contains(&id)
    })
}

fn remaining(s: &Suppressions, paths: &[&str]) -> Vec<(String, String)> {
    let mut reports: Vec<FileReport> = paths.iter().map(|p| report(p)).collect();
    s.apply(&mut reports);
    reports
        .iter()
        .flat_map(|r| {
            r.findings.iter().map(|f| {
                (
                    r.source.path.clone(),
                    format!("{}@{}", f.rule.id, r.source.line_col(f.span.start).0),
                )
            })
        })
        .collect()
}

#[test]
fn per_file_ignores_by_category_glob_and_by_file_name() {
    let s = compile(
        r#"
        [per-file-ignores]
        "archive/**" = ["date"]
        "*.md" = ["typo-common"]
        "#,
    )
    .unwrap();
    let left = remaining(&s, &["archive/2010/通知.txt", "docs/草稿.md", "docs/a.txt"]);
    let left: Vec<String> = left.iter().map(|(p, f)| format!("{p} {f}")).collect();
    assert_eq!(
        left,
        [
            "archive/2010/通知.txt typo-common@2",
            "docs/草稿.md date-chinese-zero@1",
            "docs/草稿.md date-chinese-zero@3",
            "docs/a.txt date-chinese-zero@1",
            "docs/a.txt typo-common@2",
            "docs/a.txt date-chinese-zero@3",
        ]
    );
}

#[test]
fn allow_list_matches_rule_path_text_and_notice() {
    let s = compile(
        r#"
        [[allow]]
        rule = "date-chinese-zero"
        path = "archive/*.txt"
        text = "二0一0年三月一日"
        reason = "历史文件按原貌收录"

        [[allow]]
        rule = "typo"
        notice = 0
        reason = "只放过第一篇中的错字"
        "#,
    )
    .unwrap();
    let mut reports = vec![report("archive/a.txt"), report("archive/sub/b.txt")];
    let stats = s.apply(&mut reports);
    assert_eq!((stats.per_file, stats.allowed), (0, 1));
    // Only the 2010 date in archive/a.txt is accepted; `*` does not cross
    // directories; the typo is in notice 1, not 0.
    assert_eq!(reports[0].findings.len(), 2);
    assert_eq!(reports[1].findings.len(), 3);
    let start = reports[0].findings[1].span.start;
    assert_eq!(reports[0].source.line_col(start).0, 3);
}

#[test]
fn every_configuration_problem_is_reported() {
    let errors = compile(
        r#"
        [per-file-ignores]
        "docs/[" = ["typo"]
        "a.txt" = ["no-such-rule"]

        [[allow]]
        rule = "date-chinese-zero"
        reason = "  "
        "#,
    )
    .unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors
        .iter()
        .any(|e| e.contains("未知的规则或类别“no-such-rule”")));
    assert!(errors.iter().any(|e| e.contains("路径模式“docs/[”无效")));
    assert!(errors
        .iter()
        .any(|e| e.contains("[[allow]] 第 1 条") && e.contains("reason 不能为空")));
    // An unknown key in an allow entry is a TOML error.
    assert!(
        toml::from_str::<Config>("[[allow]]\nrule = \"typo\"\nreason = \"x\"\nline = 3\n").is_err()
    );
}
