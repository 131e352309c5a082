//! Every input that once crashed or stalled gwlint (found by fuzzing or by
//! hand), kept in `tests/hostile/regressions/`, run through what the fuzz
//! targets run: decode, parse, every built-in rule without the engine's
//! `catch_unwind`, and both reports. A panic fails the test.

use std::sync::Arc;

use gwlint::report::{human, json, structure, FileReport};
use gwlint::rules::{builtin_packs, load};
use gwlint::source::SourceFile;

#[test]
fn regressions_stay_fixed() {
    let rules = load(&builtin_packs()).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Ok(src) = SourceFile::from_bytes(name.clone(), &bytes) else {
            continue;
        };
        let gazette = gwlint::document::parse(&src);
        let findings = gwlint::engine::check_parsed(&src, &gazette, &rules);
        let reports = vec![FileReport {
            source: Arc::new(src),
            gazette: Arc::new(gazette),
            findings,
        }];
        json::render(&reports, &[]);
        let style = human::Style {
            color: false,
            width: 100,
        };
        human::render(&reports, &[], style);
        let r = &reports[0];
        structure::render_json(&[(Arc::clone(&r.source), Arc::clone(&r.gazette))]);
        structure::render_human(&[(Arc::clone(&r.source), Arc::clone(&r.gazette))]);
    }
}
