//! Every rule of the built-in packs has a fixture that triggers it, with the
//! exact place asserted, and one that does not; fixable rules are fixed by
//! their fix.

use std::sync::Arc;

use gwlint::engine;
use gwlint::finding::Finding;
use gwlint::rules::{self, RuleSet};
use gwlint::source::SourceFile;

/// rule id → expected findings in `bad.txt`:
/// (line, column, end line, end column, text under the span — or the line,
/// for a missing part).
type Expected = &'static [(usize, usize, usize, usize, &'static str)];

const EXPECTED: &[(&str, Expected)] = &[
    ("addressee-halfwidth-colon", &[(5, 16, 5, 17, ":")]),
    ("addressee-missing-colon", &[(5, 15, 5, 16, "位")]),
    ("title-stray-space", &[(1, 5, 1, 6, " ")]),
    ("attachment-name-punct", &[(13, 11, 13, 12, "。")]),
    ("date-chinese-zero", &[(17, 1, 17, 5, "二0一二")]),
    (
        "date-leading-zero",
        &[(17, 6, 17, 7, "0"), (17, 9, 17, 10, "0")],
    ),
    ("date-spaces", &[(17, 1, 17, 15, "2013 年 5 月 9 日")]),
    ("docno-brackets", &[(3, 4, 3, 10, "[2013]")]),
    ("docno-di", &[(3, 10, 3, 11, "第")]),
    ("docno-leading-zero", &[(3, 10, 3, 12, "00")]),
    ("docno-spaces", &[(3, 11, 3, 12, " ")]),
    ("docno-year-short", &[(3, 5, 3, 7, "13")]),
    ("halfwidth-colon", &[(7, 24, 7, 25, ":")]),
    ("halfwidth-comma", &[(11, 16, 11, 17, ",")]),
    ("halfwidth-exclamation", &[(11, 31, 11, 32, "!")]),
    ("halfwidth-parens", &[(9, 11, 9, 18, "(含直属机构)")]),
    ("halfwidth-semicolon", &[(11, 16, 11, 17, ";")]),
    ("pairs-unbalanced", &[(9, 27, 9, 28, "《")]),
    (
        "required-addressees",
        &[(3, 12, 3, 12, "山府发〔2013〕2号")],
    ),
    (
        "required-date",
        &[(
            11,
            32,
            11,
            32,
            "二、落实责任。各单位要明确责任，狠抓落实，确保不发生重大事故。",
        )],
    ),
    ("toc-docno-brackets", &[(4, 4, 4, 10, "[2013]")]),
    (
        "title-kind",
        &[(1, 1, 1, 16, "关于加强安全生产工作的实施办法")],
    ),
    ("title-trailing-punct", &[(1, 14, 1, 15, ".")]),
    ("typo-common", &[(9, 23, 9, 27, "健立健全")]),
    // rules/structure.toml and rules/citation.toml
    ("date-invalid", &[(13, 6, 13, 16, "2013年6月31日")]),
    (
        "date-arabic-numerals",
        &[(15, 1, 15, 10, "二〇一三年五月九日")],
    ),
    ("date-docno-year", &[(3, 5, 3, 9, "2012")]),
    ("date-meeting-after", &[(7, 2, 7, 11, "2013年6月3日")]),
    ("date-deadline-before", &[(13, 6, 13, 11, "4月30日")]),
    ("date-printing-before", &[(17, 21, 17, 30, "2013年5月8日")]),
    ("date-after-issue", &[(21, 1, 21, 10, "2013年5月9日")]),
    ("attachment-missing", &[(13, 4, 13, 11, "安全生产检查表")]),
    ("attachment-unannounced", &[(17, 1, 17, 3, "附件")]),
    ("attachment-single-numbered", &[(13, 4, 13, 6, "1.")]),
    ("attachment-single-section-numbered", &[(19, 3, 19, 4, "1")]),
    ("attachment-list-numbering", &[(14, 7, 14, 9, "3.")]),
    (
        "attachment-list-unnumbered",
        &[(13, 4, 13, 11, "安全生产检查表")],
    ),
    ("attachment-section-numbering", &[(27, 1, 27, 4, "附件3")]),
    (
        "attachment-name-mismatch",
        &[(21, 1, 21, 8, "安全检查统计表")],
    ),
    (
        "attachment-dangling-reference",
        &[(13, 7, 13, 11, "详见附件")],
    ),
    ("heading-gap", &[(13, 1, 13, 3, "四、")]),
    ("heading-repeat", &[(13, 1, 13, 3, "二、")]),
    ("heading-level-order", &[(11, 1, 11, 4, "（一）")]),
    ("heading-marker-style", &[(11, 2, 11, 3, ".")]),
    ("task-lead-unit", &[(15, 1, 15, 11, "（三）强化宣传教育。")]),
    ("unit-unknown", &[(13, 19, 13, 24, "县财政政局")]),
    (
        "toc-title-mismatch",
        &[(5, 1, 5, 14, "关于做好防汛抗旱工作的通知")],
    ),
    (
        "toc-number-mismatch",
        &[(6, 1, 6, 13, "山府办发〔2013〕3号")],
    ),
    ("toc-orphan", &[(7, 1, 7, 14, "关于开展森林防火检查的通知")]),
    (
        "toc-unlisted",
        &[(40, 1, 40, 14, "关于开展森林防火检查的通知")],
    ),
    ("citation-docno-brackets", &[(7, 20, 7, 26, "[2014]")]),
    ("citation-number-first", &[(7, 5, 7, 13, "〔2014〕8号")]),
    ("duplicate-docno", &[(19, 1, 19, 12, "山府发〔2013〕2号")]),
];

fn builtin() -> RuleSet {
    rules::load(&rules::builtin_packs()).expect("built-in packs load")
}

fn check_text(path: &str, text: String, rules: &RuleSet) -> (Arc<SourceFile>, Vec<Finding>) {
    let src = Arc::new(SourceFile::new(path, text, gwlint::source::Encoding::Utf8));
    let rep = engine::check_source(Arc::clone(&src), rules).expect("no panic");
    (src, rep.findings)
}

fn check_fixture(id: &str, name: &str, rules: &RuleSet) -> (Arc<SourceFile>, Vec<Finding>) {
    let path = format!("tests/fixtures/{id}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    check_text(&path, text, rules)
}

fn located(src: &SourceFile, f: &Finding) -> (usize, usize, usize, usize, String) {
    let (l, c) = src.line_col(f.span.start);
    let (el, ec) = src.line_col(f.span.end);
    let text = if f.span.is_empty() {
        src.line(l - 1).to_string()
    } else {
        src.text[f.span.clone()].to_string()
    };
    (l, c, el, ec, text)
}

#[test]
fn every_rule_has_fixtures_and_expectations() {
    let set = builtin();
    for rule in &set.rules {
        let id = rule.id();
        assert!(
            EXPECTED.iter().any(|(x, _)| *x == id),
            "rule {id} has no expectation in tests/rules.rs"
        );
        for name in ["bad.txt", "good.txt"] {
            let p = format!("tests/fixtures/{id}/{name}");
            assert!(std::path::Path::new(&p).is_file(), "missing {p}");
        }
    }
    for (id, _) in EXPECTED {
        assert!(set.get(id).is_some(), "expectation for unknown rule {id}");
    }
}

#[test]
fn bad_fixtures_trigger_exactly_their_rule_at_the_exact_place() {
    let set = builtin();
    for (id, expected) in EXPECTED {
        let (src, findings) = check_fixture(id, "bad.txt", &set);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.rule.id.clone(), located(&src, f)))
            .collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(l, c, el, ec, t)| (id.to_string(), (l, c, el, ec, t.to_string())))
            .collect();
        assert_eq!(got, want, "tests/fixtures/{id}/bad.txt");
    }
}

#[test]
fn good_fixtures_trigger_nothing() {
    let set = builtin();
    for (id, _) in EXPECTED {
        let (src, findings) = check_fixture(id, "good.txt", &set);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.rule.id.clone(), located(&src, f)))
            .collect();
        assert!(got.is_empty(), "tests/fixtures/{id}/good.txt: {got:?}");
    }
}

/// Apply every fix of `findings` (non-overlapping, back to front).
fn apply(text: &str, findings: &[Finding]) -> String {
    let mut fixes: Vec<_> = findings.iter().filter_map(|f| f.fix.clone()).collect();
    fixes.sort_by_key(|f| std::cmp::Reverse(f.span.start));
    let mut out = text.to_string();
    let mut limit = usize::MAX;
    for f in fixes {
        if f.span.end <= limit {
            out.replace_range(f.span.clone(), &f.replacement);
            limit = f.span.start;
        }
    }
    out
}

#[test]
fn fixes_remove_their_finding() {
    let set = builtin();
    for (id, _) in EXPECTED {
        let (src, findings) = check_fixture(id, "bad.txt", &set);
        if findings.iter().all(|f| f.fix.is_none()) {
            continue;
        }
        let fixed = apply(&src.text, &findings);
        let (_, after) = check_text("fixed.txt", fixed.clone(), &set);
        assert!(after.is_empty(), "{id}: after fix still {after:?}\n{fixed}");
    }
}

#[test]
fn fix_texts() {
    let set = builtin();
    let fix_of = |id: &str| {
        let (_, f) = check_fixture(id, "bad.txt", &set);
        f[0].fix.as_ref().map(|x| x.replacement.clone())
    };
    assert_eq!(fix_of("docno-brackets").as_deref(), Some("〔2013〕"));
    assert_eq!(fix_of("date-chinese-zero").as_deref(), Some("二〇一二"));
    assert_eq!(fix_of("date-spaces").as_deref(), Some("2013年5月9日"));
    assert_eq!(
        fix_of("halfwidth-parens").as_deref(),
        Some("（含直属机构）")
    );
    assert_eq!(fix_of("typo-common").as_deref(), Some("建立健全"));
    assert_eq!(fix_of("title-kind"), None);
}

/// A notice that uses half-width commas throughout (a converted file) is
/// reported once, and the one fix rewrites them all.
#[test]
fn systematic_halfwidth_is_one_finding_with_one_fix() {
    let set = builtin();
    let good = std::fs::read_to_string("tests/fixtures/halfwidth-comma/good.txt").unwrap();
    let text = good.replace('，', ",");
    let (src, findings) = check_text("sys.txt", text.clone(), &set);
    let commas: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.id == "halfwidth-comma")
        .collect();
    assert_eq!(commas.len(), 1, "{findings:?}");
    assert!(commas[0].message.contains("通篇"), "{}", commas[0].message);
    assert_eq!(&src.text[commas[0].span.clone()], ",");
    let fixed = apply(&text, &findings);
    let (_, after) = check_text("fixed.txt", fixed, &set);
    assert!(
        after.iter().all(|f| f.rule.id != "halfwidth-comma"),
        "{after:?}"
    );
}

#[test]
fn unbalanced_closer_and_nested_openers() {
    let set = builtin();
    let good = std::fs::read_to_string("tests/fixtures/pairs-unbalanced/good.txt").unwrap();
    // An extra closer, and an opener left open inside a closed pair.
    let text = good.replace("高度重视安全生产工作", "高度重视安全生产工作”（见《通知）");
    let (src, findings) = check_text("p.txt", text, &set);
    let got: Vec<_> = findings
        .iter()
        .filter(|f| f.rule.id == "pairs-unbalanced")
        .map(|f| &src.text[f.span.clone()])
        .collect();
    assert_eq!(got, ["”", "《"]);
}

#[test]
fn title_kind_allows_a_trailing_parenthetical() {
    let set = builtin();
    let good = std::fs::read_to_string("tests/fixtures/title-kind/good.txt").unwrap();
    for title in [
        "关于加强安全生产工作的指导意见（试行）",
        "关于加强安全生产工作的通知（征求意见稿）",
    ] {
        let text = good.replacen("关于加强安全生产工作的通知", title, 1);
        let (_, findings) = check_text("t.txt", text, &set);
        assert!(
            findings.iter().all(|f| f.rule.id != "title-kind"),
            "{title}: {findings:?}"
        );
    }
}
