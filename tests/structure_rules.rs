//! The structural and citation rules (rules/structure.toml, rules/citation.toml): each one's `bad.txt` fixture
//! triggers exactly that rule at the exact place, its `good.txt` nothing.

use std::sync::Arc;

use gwlint::engine;
use gwlint::rules;
use gwlint::source::{Encoding, SourceFile};

type Expected = &'static [(usize, usize, usize, usize, &'static str)];

const EXPECTED: &[(&str, Expected)] = &[
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

fn findings(path: &str) -> Vec<(String, (usize, usize, usize, usize, String))> {
    static SET: std::sync::OnceLock<rules::RuleSet> = std::sync::OnceLock::new();
    let set =
        SET.get_or_init(|| rules::load(&rules::builtin_packs()).expect("built-in packs load"));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let src = Arc::new(SourceFile::new(path, text, Encoding::Utf8));
    let rep = engine::check_source(Arc::clone(&src), set).expect("no panic");
    rep.findings
        .iter()
        .map(|f| {
            let (l, c) = src.line_col(f.span.start);
            let (el, ec) = src.line_col(f.span.end);
            (
                f.rule.id.clone(),
                (l, c, el, ec, src.text[f.span.clone()].to_string()),
            )
        })
        .collect()
}

#[test]
fn every_structural_rule_is_covered() {
    let text = std::fs::read_to_string("rules/structure.toml").unwrap()
        + &std::fs::read_to_string("rules/citation.toml").unwrap();
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("id = \"")?.strip_suffix('"'))
        .collect();
    assert_eq!(ids.len(), EXPECTED.len());
    for id in ids {
        assert!(
            EXPECTED.iter().any(|(x, _)| *x == id),
            "{id} has no fixture expectation"
        );
    }
}

#[test]
fn bad_fixtures_trigger_their_rule_exactly() {
    for (id, expected) in EXPECTED {
        let got = findings(&format!("tests/fixtures/{id}/bad.txt"));
        let want: Vec<_> = expected
            .iter()
            .map(|&(l, c, el, ec, t)| (id.to_string(), (l, c, el, ec, t.to_string())))
            .collect();
        assert_eq!(got, want, "tests/fixtures/{id}/bad.txt");
    }
}

#[test]
fn good_fixtures_trigger_nothing() {
    for (id, _) in EXPECTED {
        let got = findings(&format!("tests/fixtures/{id}/good.txt"));
        assert!(got.is_empty(), "tests/fixtures/{id}/good.txt: {got:?}");
    }
}
