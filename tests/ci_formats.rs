//! The CI output formats and the baseline, on hand-built reports with
//! Chinese text (so that character, UTF-16 and byte columns really differ).

use std::sync::Arc;

use gwlint::baseline::{self, Baseline};
use gwlint::document::Gazette;
use gwlint::finding::{Category, Finding, Fix, RuleMeta, Severity};
use gwlint::report::{github, junit, rdjsonl, sarif, FileReport};
use gwlint::source::{Encoding, SourceFile};
use serde_json::Value;

fn rule(id: &str, category: Category, severity: Severity, message: &str) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: id.into(),
        category,
        severity,
        message: message.into(),
        help: Some(format!("{message}，请改正")),
        reference: Some("GB/T 9704-2012 7.2.4".into()),
    })
}

struct Rules {
    docno: Arc<RuleMeta>,
    typo: Arc<RuleMeta>,
    addressee: Arc<RuleMeta>,
    required: Arc<RuleMeta>,
    unused: Arc<RuleMeta>,
}

fn rules() -> Rules {
    Rules {
        docno: rule(
            "docno-brackets",
            Category::Docno,
            Severity::Error,
            "发文字号年份应使用六角括号〔〕",
        ),
        typo: rule("typo", Category::Typo, Severity::Warning, "疑似错别字"),
        addressee: rule(
            "addressee-colon",
            Category::Addressee,
            Severity::Info,
            "主送机关 <含标记> & 换行",
        ),
        required: rule(
            "required-signer",
            Category::Required,
            Severity::Error,
            "缺少发文机关署名",
        ),
        unused: rule(
            "title-punctuation",
            Category::Title,
            Severity::Warning,
            "标题末尾不应有标点",
        ),
    }
}

impl Rules {
    fn all(&self) -> Vec<Arc<RuleMeta>> {
        vec![
            self.docno.clone(),
            self.typo.clone(),
            self.addressee.clone(),
            self.required.clone(),
            self.unused.clone(),
        ]
    }
}

/// The defective document. Line 4 holds 𠮷 (outside the BMP) before the
/// second 廷长, so its UTF-16 column is one more than its character column.
const BAD: &str = "关于印发实施方案的通知\n\
山府发[2013]2号\n\
各镇人民政府，县政府各部门\n\
期限廷长至年底。𠮷地廷长。\n";

fn nth(text: &str, needle: &str, n: usize) -> std::ops::Range<usize> {
    let (i, _) = text.match_indices(needle).nth(n).expect("needle present");
    i..i + needle.len()
}

/// The findings a checker would report on `text` (which may have lines
/// inserted or typos added relative to [`BAD`]).
fn bad_report(path: &str, text: &str, r: &Rules) -> FileReport {
    let mut findings = Vec::new();
    if text.contains("[2013]") {
        let bracket = nth(text, "[2013]", 0);
        findings.push(
            Finding::new(&r.docno, bracket.clone(), Some(0)).with_fix(Some(Fix {
                span: bracket,
                replacement: "〔2013〕".into(),
                safe: true,
            })),
        );
    }
    // The addressee line and the start of the next line: a multi-line span.
    let a = text.find("各镇").unwrap();
    let b = text.find("期限").unwrap() + "期限".len();
    findings.push(
        Finding::new(&r.addressee, a..b, Some(0)).with_related(nth(text, "关于", 0), "标题在此"),
    );
    for (i, _) in text.match_indices("廷长") {
        findings.push(
            Finding::new(&r.typo, i..i + "廷长".len(), Some(0)).with_fix(Some(Fix {
                span: i..i + "廷长".len(),
                replacement: "延长".into(),
                safe: true,
            })),
        );
    }
    let end = text.len();
    findings.push(Finding::new(&r.required, end..end, Some(0)));
    findings.sort_by(|x, y| (x.span.start, &x.rule.id).cmp(&(y.span.start, &y.rule.id)));
    FileReport {
        source: Arc::new(SourceFile::new(path, text.into(), Encoding::Utf8)),
        gazette: Arc::new(Gazette::default()),
        findings,
    }
}

fn clean_report(path: &str) -> FileReport {
    FileReport {
        source: Arc::new(SourceFile::new(
            path,
            "关于做好春节假期安全工作的通知\n".into(),
            Encoding::Gb18030,
        )),
        gazette: Arc::new(Gazette::default()),
        findings: vec![],
    }
}

fn reports(r: &Rules) -> Vec<FileReport> {
    vec![
        bad_report("./公报,2013/第1期 a:b.txt", BAD, r),
        clean_report("docs/clean.txt"),
    ]
}

// ---------------------------------------------------------------- SARIF

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let r = rules();
    let out = sarif::render(&reports(&r), &r.all());
    let doc: Value = serde_json::from_str(&out).unwrap();
    let v = sarif_validator();
    assert_eq!(errors(&v, &doc), Vec::<String>::new());

    // The validator does reject what the schema forbids.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!errors(&v, &broken).is_empty());
    let mut broken = doc.clone();
    broken["runs"][0]["columnKind"] = "bytes".into();
    assert!(!errors(&v, &broken).is_empty());
    let mut broken = doc;
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!errors(&v, &broken).is_empty());

    // Empty input is a valid log too.
    let empty: Value = serde_json::from_str(&sarif::render(&[], &[])).unwrap();
    assert_eq!(errors(&v, &empty), Vec::<String>::new());
}

#[test]
fn sarif_describes_every_rule_and_locates_in_characters() {
    let r = rules();
    let doc: Value = serde_json::from_str(&sarif::render(&reports(&r), &r.all())).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "gwlint");
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "docno-brackets",
            "typo",
            "addressee-colon",
            "required-signer",
            "title-punctuation"
        ]
    );
    let docno = &driver["rules"][0];
    assert_eq!(docno["properties"]["category"], "docno");
    assert_eq!(docno["defaultConfiguration"]["level"], "error");
    assert_eq!(driver["rules"][2]["defaultConfiguration"]["level"], "note");
    let help = docno["help"]["text"].as_str().unwrap();
    assert!(
        help.contains("请改正") && help.contains("GB/T 9704-2012 7.2.4"),
        "{help}"
    );

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver["rules"][idx]["id"], res["ruleId"]);
    }
    let loc = |i: usize| &results[i]["locations"][0]["physicalLocation"];
    // Results keep report order: [2013] first.
    assert_eq!(results[0]["ruleId"], "docno-brackets");
    assert_eq!(results[0]["level"], "error");
    let region = &loc(0)["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&2.into(), &4.into(), &2.into(), &10.into())
    );
    assert_eq!(region["snippet"]["text"], "[2013]");
    assert_eq!(
        loc(0)["contextRegion"]["snippet"]["text"],
        "山府发[2013]2号"
    );
    assert_eq!(
        loc(0)["artifactLocation"]["uri"],
        "%E5%85%AC%E6%8A%A5,2013/%E7%AC%AC1%E6%9C%9F%20a%3Ab.txt"
    );
    // The fix replaces exactly the bracketed year.
    let rep = &results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(rep["deletedRegion"]["startColumn"], 4);
    assert_eq!(rep["deletedRegion"]["endColumn"], 10);
    assert_eq!(rep["insertedContent"]["text"], "〔2013〕");

    // Multi-line finding: line 3 col 1 to line 4 col 3; level note.
    assert_eq!(results[1]["ruleId"], "addressee-colon");
    assert_eq!(results[1]["level"], "note");
    let region = &loc(1)["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&3.into(), &1.into(), &4.into(), &3.into())
    );
    assert_eq!(
        results[1]["relatedLocations"][0]["message"]["text"],
        "标题在此"
    );
    assert!(results[1].get("fixes").is_none());

    // Second 廷长, after 𠮷: character column 11 (UTF-16 would say 12).
    assert_eq!(results[3]["ruleId"], "typo");
    assert_eq!(loc(3)["region"]["startColumn"], 11);
    assert_eq!(loc(3)["region"]["endColumn"], 13);

    // The empty span at the end of the file (after its last newline) sits
    // at the end of the last line, zero width: 13 characters, column 14.
    assert_eq!(results[4]["ruleId"], "required-signer");
    assert_eq!(loc(4)["region"]["startLine"], 4);
    assert_eq!(loc(4)["region"]["startColumn"], 14);
    assert_eq!(loc(4)["region"]["endColumn"], 14);

    assert_eq!(run["artifacts"][1]["encoding"], "GB18030");
}

fn fingerprints(out: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(out).unwrap();
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn sarif_fingerprints_ignore_line_numbers_but_tell_occurrences_apart() {
    let r = rules();
    let before = fingerprints(&sarif::render(&[bad_report("a.txt", BAD, &r)], &r.all()));
    let shifted = format!("广东省人民政府公报\n\n{BAD}");
    let after = fingerprints(&sarif::render(
        &[bad_report("a.txt", &shifted, &r)],
        &r.all(),
    ));
    assert_eq!(before, after);
    let unique: std::collections::HashSet<_> = before.iter().collect();
    assert_eq!(unique.len(), before.len(), "two 廷长 must differ");
    let other_file = fingerprints(&sarif::render(&[bad_report("b.txt", BAD, &r)], &r.all()));
    assert_ne!(before[0], other_file[0]);
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_lines_follow_the_workflow_command_syntax() {
    let r = rules();
    let out = github::render(&reports(&r));
    // Property values: no raw ':' ',' or line breaks; col/endColumn only on
    // single-line annotations.
    let syntax = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:\r\n]+,line=[1-9]\d*(,col=[1-9]\d*)?,endLine=[1-9]\d*(,endColumn=[1-9]\d*)?,title=[^,:\r\n]+::[^\r\n]+$",
    )
    .unwrap();
    // Every '%' starts a known escape.
    let esc = regex::Regex::new(r"%(?:25|0D|0A|3A|2C)").unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert!(syntax.is_match(line), "bad workflow command: {line}");
        assert!(!esc.replace_all(line, "").contains('%'), "{line}");
    }
    // Errors first, then warnings, then notices; report order within each.
    let kinds: Vec<&str> = lines
        .iter()
        .map(|l| l[2..].split(' ').next().unwrap())
        .collect();
    assert_eq!(kinds, ["error", "error", "warning", "warning", "notice"]);
    assert!(lines[0].starts_with(
        "::error file=公报%2C2013/第1期 a%3Ab.txt,line=2,col=4,endLine=2,endColumn=10,title=docno-brackets::"
    ), "{}", lines[0]);
    // End of file: end of line 4, after 13 characters (14 UTF-16 units).
    assert!(lines[1].contains(",line=4,col=15,endLine=4,endColumn=15,title=required-signer::"));
    // Second 廷长 after 𠮷: UTF-16 column 12, end 14 (characters: 11, 13).
    assert!(
        lines[3].contains(",line=4,col=12,endLine=4,endColumn=14,title=typo::"),
        "{}",
        lines[3]
    );
    // Multi-line: no columns at all.
    assert!(
        lines[4].contains(",line=3,endLine=4,title=addressee-colon::"),
        "{}",
        lines[4]
    );
    // The message is escaped, multi-line help kept as %0A.
    assert!(lines[0].ends_with(
        "::错误：发文字号年份应使用六角括号〔〕%0A建议：发文字号年份应使用六角括号〔〕，请改正%0A依据：GB/T 9704-2012 7.2.4"
    ), "{}", lines[0]);
}

// ---------------------------------------------------------------- JUnit

#[test]
fn junit_is_xml_with_one_case_per_file() {
    let r = rules();
    let out = junit::render(&reports(&r));
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    let suite = suites[0];
    assert_eq!(suite.attribute("tests"), Some("2"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let cases: Vec<_> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 2);
    assert_eq!(cases[0].attribute("name"), Some("公报,2013/第1期 a:b.txt"));
    let failure = cases[0]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failing file has a failure");
    assert_eq!(
        failure.attribute("message"),
        Some("5 处问题（错误 2，警告 2，提示 1）")
    );
    let text = failure.text().unwrap();
    assert_eq!(text.lines().count(), 5);
    assert!(text.contains(
        "公报,2013/第1期 a:b.txt:2:4: 错误 [docno-brackets] 发文字号年份应使用六角括号〔〕"
    ));
    assert!(
        text.contains("[addressee-colon] 主送机关 <含标记> & 换行"),
        "{text}"
    );
    assert!(text.contains(":4:11: 警告 [typo]"), "{text}");
    assert!(cases[1].children().all(|n| !n.has_tag_name("failure")));
    assert_eq!(cases[1].attribute("name"), Some("docs/clean.txt"));
}

// ---------------------------------------------------------------- rdjsonl

#[test]
fn rdjsonl_lines_are_json_with_utf8_byte_columns() {
    let r = rules();
    let out = rdjsonl::render(&reports(&r));
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 5);
    let d = &lines[0];
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["source"]["name"], "gwlint");
    assert_eq!(d["code"]["value"], "docno-brackets");
    assert_eq!(d["location"]["path"], "公报,2013/第1期 a:b.txt");
    // "山府发" is 9 bytes: '[' at byte column 10, end after ']' at 16.
    let range = &d["location"]["range"];
    assert_eq!(range["start"], serde_json::json!({"line": 2, "column": 10}));
    assert_eq!(range["end"], serde_json::json!({"line": 2, "column": 16}));
    assert_eq!(d["suggestions"][0]["range"], *range);
    assert_eq!(d["suggestions"][0]["text"], "〔2013〕");
    assert_eq!(lines[1]["severity"], "INFO");
    assert!(lines[1].get("suggestions").is_none());
    // Second 廷长 after 𠮷 (4 bytes): 期限廷长至年底。 = 24 bytes, + 4 + 地 3.
    assert_eq!(lines[3]["severity"], "WARNING");
    assert_eq!(
        lines[3]["location"]["range"]["start"],
        serde_json::json!({"line": 4, "column": 32})
    );
    assert_eq!(
        lines[3]["location"]["range"]["end"],
        serde_json::json!({"line": 4, "column": 38})
    );
    assert_eq!(rdjsonl::render(&[clean_report("x.txt")]), "");
}

// ---------------------------------------------------------------- baseline

#[test]
fn baseline_survives_lines_inserted_above_and_catches_new_findings() {
    let r = rules();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gwlint-baseline.json");
    let written = baseline::write(&path, &reports(&r)).unwrap();
    assert_eq!(written.len(), 5);
    // Only the baseline file: no temporary file left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["gwlint-baseline.json"]);

    let b = baseline::load(&path).unwrap();
    assert_eq!(b, written);
    let count = |rs: &[FileReport]| rs.iter().map(|r| r.findings.len()).sum::<usize>();
    assert_eq!(count(&b.filter(&reports(&r))), 0);

    // Lines inserted above every finding: still nothing new.
    let shifted = format!("广东省人民政府公报\n第3期\n\n{BAD}");
    let edited = vec![bad_report("公报,2013/第1期 a:b.txt", &shifted, &r)];
    assert_eq!(count(&b.filter(&edited)), 0);

    // A third 廷长 is new; the two old ones are not.
    let more = shifted.replace("至年底", "至年底，再廷长");
    let edited = vec![bad_report("公报,2013/第1期 a:b.txt", &more, &r)];
    let new = b.filter(&edited);
    assert_eq!(count(&new), 1);
    assert_eq!(new[0].findings[0].rule.id, "typo");
    // The same defect in another file is new.
    assert_eq!(count(&b.filter(&[bad_report("other.txt", BAD, &r)])), 5);
}

#[test]
fn prune_drops_fixed_findings_and_deleted_files_only() {
    let r = rules();
    let mut b = Baseline::from_reports(&[
        bad_report("a.txt", BAD, &r),
        bad_report("gone.txt", BAD, &r),
        bad_report("unchecked.txt", BAD, &r),
    ]);
    assert_eq!(b.len(), 15);
    // In a.txt one 廷长 and the bracket were fixed.
    let fixed = BAD
        .replacen("廷长", "延长", 1)
        .replace("[2013]", "〔2013〕");
    let stats = b.prune(&[bad_report("a.txt", &fixed, &r)], |p| p != "gone.txt");
    assert_eq!(stats.removed, 2 + 5);
    assert_eq!(stats.kept, 3 + 5);
    assert_eq!(b.len(), 8);
    let json = b.to_json();
    assert!(!json.contains("gone.txt"));
    assert!(json.contains("unchecked.txt"));
    let parsed: Value = serde_json::from_str(&json).unwrap();
    let a_rules: Vec<&str> = parsed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["path"] == "a.txt")
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(a_rules, ["addressee-colon", "required-signer", "typo"]);
    // Reload round trip, and the remaining 廷长 in a.txt is accepted once.
    let back = Baseline::from_json(&json).unwrap();
    assert_eq!(back, b);
    let again = vec![bad_report("a.txt", &fixed, &r)];
    assert_eq!(back.filter(&again)[0].findings.len(), 0);
    let reintroduced = vec![bad_report("a.txt", BAD, &r)];
    let new: Vec<_> = back.filter(&reintroduced)[0]
        .findings
        .iter()
        .map(|f| f.rule.id.clone())
        .collect();
    assert_eq!(new, ["docno-brackets", "typo"]);
}

#[test]
fn broken_baselines_are_errors_with_chinese_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.json");
    std::fs::write(&path, "{\"version\": 1, \"entries\": [").unwrap();
    let e = baseline::load(&path).unwrap_err().to_string();
    assert!(e.contains("基线文件") && e.contains("格式不正确"), "{e}");
    std::fs::write(&path, "{\"version\": 9, \"entries\": []}").unwrap();
    assert!(baseline::load(&path)
        .unwrap_err()
        .to_string()
        .contains("不支持的版本 9"));
    let e = baseline::load(&dir.path().join("missing.json")).unwrap_err();
    assert!(e.to_string().contains("无法读写基线文件"));
}

// ---------------------------------------------------------------- unreadable files

#[test]
fn unreadable_files_are_reported_in_every_format() {
    use gwlint::report::ci::CiFormat;
    use gwlint::report::FileError;
    let r = rules();
    let errors = [FileError {
        path: "./坏文件.txt".into(),
        message: "既不是 UTF-8 也不是 GB18030 编码（第 3 字节处无法解码）".into(),
    }];
    let rs = reports(&r);
    let render = |f: CiFormat| f.render(&rs, &errors, &r.all());

    let doc: Value = serde_json::from_str(&render(CiFormat::Sarif)).unwrap();
    assert_eq!(errors_of(&doc), Vec::<String>::new());
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let note = &inv["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"]
        .as_str()
        .unwrap()
        .contains("GB18030"));
    // Without errors the run is successful.
    let ok: Value = serde_json::from_str(&CiFormat::Sarif.render(&rs, &[], &r.all())).unwrap();
    assert_eq!(ok["runs"][0]["invocations"][0]["executionSuccessful"], true);

    let gh = render(CiFormat::Github);
    assert!(
        gh.lines().next().unwrap().starts_with(
            "::error file=坏文件.txt,title=gwlint::无法检查：既不是 UTF-8 也不是 GB18030"
        ),
        "{gh}"
    );
    assert_eq!(gh.lines().count(), 6);

    let xml = render(CiFormat::Junit);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("errors"), Some("1"));
    let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
    assert_eq!(
        error.parent().unwrap().attribute("name"),
        Some("坏文件.txt")
    );

    let first: Value =
        serde_json::from_str(render(CiFormat::Rdjsonl).lines().next().unwrap()).unwrap();
    assert_eq!(first["code"]["value"], "read-error");
    assert_eq!(first["location"]["path"], "坏文件.txt");
    assert!(first["location"].get("range").is_none());

    for f in CiFormat::ALL {
        assert_eq!(CiFormat::parse(f.name()), Some(f));
    }
}

fn errors_of(doc: &Value) -> Vec<String> {
    errors(&sarif_validator(), doc)
}
