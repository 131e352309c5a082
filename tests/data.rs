//! The rule data stays canonical: the typo dictionary has no duplicates, no
//! wrong = right, no chains or cycles (a right word listed as wrong), and no
//! wrong word inside another entry's right word.

use std::collections::HashMap;

#[derive(serde::Deserialize)]
struct Pack {
    rule: Vec<Rule>,
}

#[derive(serde::Deserialize)]
struct Rule {
    id: String,
    words: Option<Vec<(String, String)>>,
}

fn dictionaries() -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let pack: Pack = toml::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for r in pack.rule {
                if let Some(w) = r.words {
                    out.push((r.id, w));
                }
            }
        }
    }
    out
}

#[test]
fn dictionaries_are_canonical() {
    let dicts = dictionaries();
    assert!(!dicts.is_empty());
    for (id, words) in dicts {
        let mut seen = HashMap::new();
        for (wrong, right) in &words {
            assert_ne!(wrong, right, "{id}: {wrong} → itself");
            assert!(!wrong.trim().is_empty(), "{id}: empty entry");
            assert_eq!(wrong.trim(), wrong, "{id}: whitespace around {wrong:?}");
            assert!(
                seen.insert(wrong.clone(), right.clone()).is_none(),
                "{id}: {wrong} twice"
            );
        }
        for (wrong, right) in &words {
            // No chain a→b→c and no cycle a→b→a.
            assert!(
                !seen.contains_key(right),
                "{id}: {wrong}→{right} but {right} is listed as wrong"
            );
            // A right word must not contain a wrong one, or fixing would
            // create a new finding.
            for other in seen.keys() {
                assert!(
                    !right.contains(other.as_str()),
                    "{id}: {right} (fix of {wrong}) contains {other}"
                );
            }
        }
    }
}

#[test]
fn typo_list_is_substantial() {
    let dicts = dictionaries();
    let typos = dicts
        .iter()
        .find(|(id, _)| id == "typo-common")
        .expect("typo-common");
    assert!(typos.1.len() >= 50, "{} entries", typos.1.len());
}
