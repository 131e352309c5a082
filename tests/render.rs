//! Snapshots of the human output (no colour, unicode, fixed width): a
//! change in what users see shows up in review.

use std::sync::Arc;

use gwlint::engine;
use gwlint::report::human::{render, Style};
use gwlint::rules;
use gwlint::source::SourceFile;

fn human(paths: &[&str]) -> String {
    let set = rules::load(&rules::builtin_packs()).unwrap();
    let reports: Vec<_> = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            let src = SourceFile::from_bytes(*p, &bytes).unwrap();
            engine::check_source(Arc::new(src), &set).unwrap()
        })
        .collect();
    render(
        &reports,
        &[],
        Style {
            color: false,
            width: 100,
        },
    )
}

#[test]
fn docno_brackets() {
    insta::assert_snapshot!(human(&["tests/fixtures/docno-brackets/bad.txt"]));
}

#[test]
fn typo_in_a_long_line() {
    insta::assert_snapshot!(human(&["tests/fixtures/typo-common/bad.txt"]));
}

#[test]
fn missing_part_points_where_it_was_expected() {
    insta::assert_snapshot!(human(&["tests/fixtures/required-addressees/bad.txt"]));
}

#[test]
fn chinese_zero_and_unbalanced_pair() {
    insta::assert_snapshot!(human(&[
        "tests/fixtures/date-chinese-zero/bad.txt",
        "tests/fixtures/pairs-unbalanced/bad.txt",
    ]));
}

#[test]
fn corpus_excerpt_of_a_very_long_paragraph() {
    // The real gazette line 153 is ~300 characters; the excerpt keeps the
    // underline on 廷长 with the real column in the header.
    let out = human(&["corpus/lianshan-2013.txt"]);
    let start = out.find("typo-common").unwrap();
    let end = start + out[start..].find("\n\n").unwrap() + 2;
    let end = end + out[end..].find("\n\n").unwrap();
    insta::assert_snapshot!(&out[start..end]);
}
