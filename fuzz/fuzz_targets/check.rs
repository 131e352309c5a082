//! Arbitrary text → parse → every built-in rule → JSON and human reports.
//! The engine's `catch_unwind` is bypassed (`check_parsed` is called
//! directly) so that a panic in a check reaches the fuzzer.
#![no_main]

use std::sync::{Arc, LazyLock};

use gwlint::report::{human, json, FileReport};
use gwlint::rules::{builtin_packs, load, RuleSet};
use gwlint::source::{Encoding, SourceFile};
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| load(&builtin_packs()).expect("built-in packs load"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile::new("fuzz.txt", text.to_string(), Encoding::Utf8);
    let gazette = gwlint::document::parse(&src);
    let findings = gwlint::engine::check_parsed(&src, &gazette, &RULES);
    for f in &findings {
        assert!(f.span.start <= f.span.end && f.span.end <= src.text.len());
        assert!(src.text.is_char_boundary(f.span.start));
        assert!(src.text.is_char_boundary(f.span.end));
    }
    let reports = vec![FileReport {
        source: Arc::new(src),
        gazette: Arc::new(gazette),
        findings,
    }];
    let _ = json::render(&reports, &[]);
    let style = human::Style {
        color: false,
        width: 100,
    };
    let _ = human::render(&reports, &[], style);
});
