//! The CI formats and the baseline on the real gazettes in corpus/, checked
//! by the real engine with the built-in rule packs.

use std::sync::Arc;

use gwlint::baseline::Baseline;
use gwlint::engine::{self, Input};
use gwlint::finding::RuleMeta;
use gwlint::report::ci::CiFormat;
use gwlint::report::FileReport;
use gwlint::rules::{builtin_packs, load, RuleSet};
use gwlint::source::SourceFile;
use serde_json::Value;

/// Checked once, shared by the tests of this file.
fn corpus() -> &'static (RuleSet, Vec<FileReport>) {
    static CORPUS: std::sync::OnceLock<(RuleSet, Vec<FileReport>)> = std::sync::OnceLock::new();
    CORPUS.get_or_init(check_corpus)
}

fn check_corpus() -> (RuleSet, Vec<FileReport>) {
    let rules = load(&builtin_packs()).expect("built-in packs load");
    let mut inputs: Vec<Input> = std::fs::read_dir("corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| Input {
            display: p.display().to_string(),
            path: p,
        })
        .collect();
    inputs.sort();
    let outcome = engine::run(&inputs, &rules, 2);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert!(outcome.reports.len() >= 5);
    (rules, outcome.reports)
}

fn metas(rules: &RuleSet) -> Vec<Arc<RuleMeta>> {
    rules.rules.iter().map(|r| r.meta.clone()).collect()
}

fn total(reports: &[FileReport]) -> usize {
    reports.iter().map(|r| r.findings.len()).sum()
}

#[test]
fn sarif_of_the_corpus_is_valid_and_every_region_is_inside_its_file() {
    let (rules, reports) = corpus();
    let reports = reports.as_slice();
    assert!(total(reports) > 0, "the corpus has known defects");
    let out = CiFormat::Sarif.render(reports, &[], &metas(rules));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .take(5)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());

    let run = &doc["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        rules.len()
    );
    let placeholder = regex::Regex::new(r"\{[a-z_]+\}").unwrap();
    for d in run["tool"]["driver"]["rules"].as_array().unwrap() {
        let text = d["shortDescription"]["text"].as_str().unwrap();
        assert!(!placeholder.is_match(text), "{text}");
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), total(reports));
    for res in results {
        let loc = &res["locations"][0]["physicalLocation"];
        let index = loc["artifactLocation"]["index"].as_u64().unwrap() as usize;
        let src = &reports[index].source;
        let region = &loc["region"];
        let line = |k: &str| region[k].as_u64().unwrap() as usize;
        assert!(line("startLine") >= 1 && line("endLine") <= src.line_count());
        // The start column, in characters, lands on the snippet.
        let at = src
            .offset_of(line("startLine"), line("startColumn"))
            .expect("start inside its line");
        let snippet = region["snippet"]["text"].as_str().unwrap();
        assert!(src.text[at..].starts_with(snippet), "{res}");
    }
}

#[test]
fn every_format_renders_the_corpus() {
    let (rules, reports) = corpus();
    let reports = reports.as_slice();
    let n = total(reports);
    let gh = CiFormat::Github.render(reports, &[], &metas(rules));
    let syntax = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\r\n]+,line=\d+(,col=\d+)?,endLine=\d+(,endColumn=\d+)?,title=[^,:\r\n]+::[^\r\n]+$",
    )
    .unwrap();
    assert_eq!(gh.lines().count(), n);
    for l in gh.lines() {
        assert!(syntax.is_match(l), "{l}");
    }

    let xml = CiFormat::Junit.render(reports, &[], &metas(rules));
    roxmltree::Document::parse(&xml).expect("well-formed JUnit XML");

    let rd = CiFormat::Rdjsonl.render(reports, &[], &metas(rules));
    assert_eq!(rd.lines().count(), n);
    let by_path: std::collections::HashMap<String, &SourceFile> = reports
        .iter()
        .map(|r| (r.source.path.clone(), &*r.source))
        .collect();
    for l in rd.lines() {
        let d: Value = serde_json::from_str(l).unwrap();
        let src = by_path[d["location"]["path"].as_str().unwrap()];
        let start = &d["location"]["range"]["start"];
        let line = start["line"].as_u64().unwrap() as usize;
        let col = start["column"].as_u64().unwrap() as usize;
        // UTF-8 byte column: always on a character boundary of its line.
        let text = src.line(line - 1);
        assert!(
            col - 1 <= text.len() && text.is_char_boundary(col - 1),
            "{l}"
        );
    }
}

#[test]
fn baseline_of_the_corpus_survives_a_line_inserted_at_the_top() {
    let (rules, reports) = corpus();
    let reports = reports.as_slice();
    let baseline = Baseline::from_reports(reports);
    assert_eq!(baseline.len(), total(reports));
    assert_eq!(total(&baseline.filter(reports)), 0);

    // The same files with a blank line inserted above everything, checked
    // again by the engine: every finding moves down a line and none is new.
    let shifted: Vec<FileReport> = reports
        .iter()
        .map(|r| {
            let src = SourceFile::new(
                r.source.path.clone(),
                format!("\n{}", r.source.text),
                r.source.encoding,
            );
            engine::check_source(Arc::new(src), rules).unwrap()
        })
        .collect();
    assert_eq!(total(&shifted), total(reports));
    assert_eq!(total(&baseline.filter(&shifted)), 0);

    // A new defect after the baseline: a typo appended to the first file
    // (which also gets a line inserted at the top) is the only new finding.
    let first = &reports[0].source;
    let src = SourceFile::new(
        first.path.clone(),
        format!("\n{}\n期限廷长。\n", first.text.trim_end()),
        first.encoding,
    );
    let edited = vec![engine::check_source(Arc::new(src), rules).unwrap()];
    let new = baseline.filter(&edited);
    let texts: Vec<&str> = new[0]
        .findings
        .iter()
        .map(|f| &new[0].source.text[f.span.clone()])
        .collect();
    assert_eq!(texts, ["廷长"]);
}
