//! `gwlint audit`, through the real binary: the summary counts what
//! `gwlint check --format json` finds, the page is well-formed HTML that
//! holds every finding (escaped), the CSV opens in a spreadsheet, and the
//! committed `reports/` is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use scraper::{Html, Selector};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_gwlint");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// The command written in README.md that regenerates `reports/`.
const REGENERATE: &str = "cargo run --release -- audit corpus/ --out reports/";

fn gwlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("gwlint runs")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The audit of `corpus/` (run once for all tests), written under the
/// target directory, with what `check` and `parse` say about the same input.
struct Corpus {
    out: PathBuf,
    summary: Value,
    check: Value,
    parse: Value,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("audit-corpus");
        let _ = std::fs::remove_dir_all(&out);
        let root = Path::new(ROOT);
        let run = gwlint(root, &["audit", "corpus/", "--out", out.to_str().unwrap()]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            run.stderr.is_empty(),
            "no progress bar when stderr is not a terminal: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let summary = serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap())
            .expect("summary.json is JSON");
        let check = json(&gwlint(root, &["check", "--format", "json", "corpus/"]));
        let parse = json(&gwlint(root, &["parse", "--format", "json", "corpus/"]));
        Corpus {
            out,
            summary,
            check,
            parse,
        }
    })
}

fn diagnostics(check: &Value) -> Vec<&Value> {
    check["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .collect()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

/// `[findings, error, warning, info]` of every row of a summary group.
fn group(summary: &Value, name: &str, key: &str) -> BTreeMap<String, [u64; 4]> {
    summary[name]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let k = match &row[key] {
                Value::String(s) => s.clone(),
                Value::Null => "null".into(),
                other => other.to_string(),
            };
            let counts = [
                n(&row["findings"]),
                n(&row["error"]),
                n(&row["warning"]),
                n(&row["info"]),
            ];
            (k, counts)
        })
        .collect()
}

/// The same grouping computed from `check --format json` diagnostics.
fn count_by(diags: &[&Value], key: impl Fn(&Value) -> String) -> BTreeMap<String, [u64; 4]> {
    let mut out: BTreeMap<String, [u64; 4]> = BTreeMap::new();
    for d in diags {
        let c = out.entry(key(d)).or_default();
        c[0] += 1;
        match d["severity"].as_str().unwrap() {
            "error" => c[1] += 1,
            "warning" => c[2] += 1,
            _ => c[3] += 1,
        }
    }
    out
}

#[test]
fn summary_counts_equal_the_findings_of_check() {
    let c = corpus();
    let s = &c.summary;
    let diags = diagnostics(&c.check);
    let cs = &c.check["summary"];
    assert!(diags.len() > 100, "the corpus has findings to count");

    let t = &s["totals"];
    assert_eq!(n(&t["findings"]), diags.len() as u64);
    assert_eq!(n(&t["files"]), n(&cs["files"]));
    assert_eq!(n(&t["notices"]), n(&cs["notices"]));
    assert_eq!(n(&t["fixable"]), n(&cs["fixable"]));
    assert_eq!(n(&t["unreadable"]), n(&cs["unreadable"]));
    assert_eq!(n(&s["by_severity"]["error"]), n(&cs["errors"]));
    assert_eq!(n(&s["by_severity"]["warning"]), n(&cs["warnings"]));
    assert_eq!(n(&s["by_severity"]["info"]), n(&cs["infos"]));

    assert_eq!(
        group(s, "by_rule", "rule"),
        count_by(&diags, |d| d["rule"].as_str().unwrap().into())
    );
    assert_eq!(
        n(&t["rules_triggered"]),
        s["by_rule"].as_array().unwrap().len() as u64
    );
    assert_eq!(
        group(s, "by_category", "category"),
        count_by(&diags, |d| d["category"].as_str().unwrap().into())
    );
    // Every file is listed, with or without findings.
    let mut by_file = count_by(&diags, |d| d["path"].as_str().unwrap().into());
    for f in c.check["files"].as_array().unwrap() {
        by_file
            .entry(f["path"].as_str().unwrap().into())
            .or_default();
    }
    assert_eq!(group(s, "by_file", "path"), by_file);
    for (row, f) in s["by_file"]
        .as_array()
        .unwrap()
        .iter()
        .zip(c.check["files"].as_array().unwrap())
    {
        assert_eq!(row["path"], f["path"]);
        assert_eq!(row["notices"], f["notices"]);
    }

    // Years: each finding's notice, its 成文日期 from `parse`.
    let mut years: BTreeMap<(String, u64), String> = BTreeMap::new();
    for f in c.parse["files"].as_array().unwrap() {
        for notice in f["notices"].as_array().unwrap() {
            let year = notice["date"]["iso"]
                .as_str()
                .map(|iso| iso[..4].to_string())
                .unwrap_or_else(|| "null".into());
            years.insert(
                (f["path"].as_str().unwrap().into(), n(&notice["index"])),
                year,
            );
        }
    }
    let expected = count_by(&diags, |d| match d["notice"].as_u64() {
        Some(i) => years[&(d["path"].as_str().unwrap().to_string(), i)].clone(),
        None => "null".into(),
    });
    let mut actual = group(s, "by_year", "year");
    actual.retain(|_, c| c[0] > 0);
    assert_eq!(actual, expected);
    let year_notices: u64 = s["by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| n(&y["notices"]))
        .sum();
    assert_eq!(year_notices, n(&t["notices"]));

    // Offices: every notice and every finding in exactly one group.
    let offices = s["by_office"].as_array().unwrap();
    let sum = |k: &str| offices.iter().map(|o| n(&o[k])).sum::<u64>();
    assert_eq!(sum("findings"), diags.len() as u64);
    assert_eq!(sum("error"), n(&cs["errors"]));
    assert_eq!(sum("notices"), n(&t["notices"]));
    // The notices numbered 山府办发〔2013/2014〕… in the Lianshan gazettes.
    let lianshan = offices
        .iter()
        .find(|o| o["office"] == "山府办发")
        .expect("山府办发 is an office");
    assert_eq!(n(&lianshan["notices"]), 11);
    let hr = offices
        .iter()
        .find(|o| o["office"] == "山人社任")
        .expect("山人社任 is an office");
    assert_eq!(hr["signers"][0], "连山壮族瑶族自治县人力资源和社会保障局");
}

#[test]
fn committed_reports_are_up_to_date() {
    let c = corpus();
    let fresh = std::fs::read_to_string(c.out.join("summary.json")).unwrap();
    let committed = std::fs::read_to_string(Path::new(ROOT).join("reports/summary.json"))
        .unwrap_or_else(|_| panic!("reports/summary.json is missing; run `{REGENERATE}`"));
    assert!(
        fresh == committed,
        "reports/ is stale (the rules or the corpus changed): run `{REGENERATE}` and commit reports/"
    );
}

#[test]
fn html_parser_reports_broken_markup() {
    // The well-formedness test below relies on the parser's error list.
    let broken = Html::parse_document("<!DOCTYPE html><html><body><div><span></div></body></html>");
    assert!(!broken.errors.is_empty());
}

fn text_of(el: scraper::ElementRef) -> String {
    el.text().collect()
}

#[test]
fn html_is_well_formed_self_contained_and_holds_every_finding() {
    let c = corpus();
    let page = std::fs::read_to_string(c.out.join("index.html")).unwrap();
    let doc = Html::parse_document(&page);
    assert!(
        doc.errors.is_empty(),
        "HTML parse errors: {:?}",
        &doc.errors[..doc.errors.len().min(10)]
    );
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("zh-CN")
    );
    // Nothing fetched: no external scripts, styles, images or fonts.
    assert_eq!(doc.select(&sel("[src], link, img, iframe")).count(), 0);
    assert!(!page.contains("url(") && !page.contains("@import"));
    // The charts are inline SVG with bars.
    assert!(doc.select(&sel("svg.chart")).count() >= 5);
    assert!(doc.select(&sel("svg.chart rect.s-warning")).count() >= 5);

    let diags = diagnostics(&c.check);
    let items: Vec<_> = doc.select(&sel("li.f")).collect();
    assert_eq!(items.len(), diags.len());
    // Grouped by notice on the page, so compare as sets of identities.
    let mut on_page: Vec<(String, String, u64, u64, String, String)> = items
        .iter()
        .map(|li| {
            let v = li.value();
            let marked: String = li.select(&sel(".snippet mark")).map(text_of).collect();
            let msg = text_of(li.select(&sel(".msg")).next().unwrap());
            (
                v.attr("data-path").unwrap().to_string(),
                v.attr("data-rule").unwrap().to_string(),
                v.attr("data-line").unwrap().parse().unwrap(),
                v.attr("data-col").unwrap().parse().unwrap(),
                msg,
                marked,
            )
        })
        .collect();
    let mut expected: Vec<_> = diags
        .iter()
        .map(|d| {
            let span = d["span"].as_array().unwrap();
            let marked = if span[0] == span[1] {
                String::new()
            } else {
                d["snippet"].as_str().unwrap().to_string()
            };
            (
                d["path"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                n(&d["line"]),
                n(&d["column"]),
                d["message"].as_str().unwrap().to_string(),
                marked,
            )
        })
        .collect();
    on_page.sort();
    expected.sort();
    assert_eq!(on_page, expected);

    // One row per notice in the sortable table.
    let rows = doc.select(&sel("table.sortable tbody tr")).count() as u64;
    assert_eq!(rows, n(&c.summary["totals"]["notices"]));
}

#[test]
fn csv_has_a_bom_and_one_row_per_finding() {
    let c = corpus();
    let bytes = std::fs::read(c.out.join("findings.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "UTF-8 BOM for Excel/WPS"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "文件",
            "公文标题",
            "发文字号",
            "规则",
            "类别",
            "严重级别",
            "行",
            "列",
            "问题文本",
            "说明"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let diags = diagnostics(&c.check);
    assert_eq!(rows.len(), diags.len());
    for (row, d) in rows.iter().zip(&diags) {
        assert_eq!(&row[0], d["path"].as_str().unwrap());
        assert_eq!(&row[3], d["rule"].as_str().unwrap());
        assert_eq!(row[6].parse::<u64>().unwrap(), n(&d["line"]));
        assert_eq!(row[7].parse::<u64>().unwrap(), n(&d["column"]));
        assert_eq!(&row[8], d["snippet"].as_str().unwrap());
        assert_eq!(&row[9], d["message"].as_str().unwrap());
    }
    // The notice columns are filled from the parsed notices.
    let docno = rows
        .iter()
        .find(|r| &r[3] == "docno-brackets")
        .expect("the corpus has a [2013] number");
    assert_eq!(&docno[2], "山府发[2013]2号");
    assert_eq!(&docno[1], "关于聘任张建瑞等同志任职的通知");
}

/// A notice whose text is markup: everything must come out as text.
const HOSTILE: &str = "关于<b>加强</b>安全生产工作的通知

山府发〔2013〕2号

各镇人民政府，县府直属有关单位：

各单位要认真落实(详见<script>alert\"x\"</script>安排)，确保安全&稳定。

连山壮族瑶族自治县人民政府

2013年5月9日
";

#[test]
fn document_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), HOSTILE).unwrap();
    let out = gwlint(dir.path(), &["audit", "a.txt", "--out", "out"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    let doc = Html::parse_document(&page);
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let sel = |s: &str| Selector::parse(s).unwrap();
    assert_eq!(
        doc.select(&sel("script")).count(),
        1,
        "only the page's own script"
    );
    assert_eq!(doc.select(&sel("b")).count(), 0);
    let marks: Vec<String> = doc.select(&sel("mark")).map(text_of).collect();
    assert!(
        marks
            .iter()
            .any(|m| m == "(详见<script>alert\"x\"</script>安排)"),
        "the half-width parentheses finding shows the markup as text: {marks:?}"
    );
    let titles: Vec<String> = doc.select(&sel("td.title")).map(text_of).collect();
    assert_eq!(titles, ["关于<b>加强</b>安全生产工作的通知"]);
}

fn read_all(dir: &Path) -> [Vec<u8>; 3] {
    ["index.html", "findings.csv", "summary.json"].map(|f| std::fs::read(dir.join(f)).unwrap())
}

#[test]
fn output_is_deterministic_and_follows_rule_selection() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(ROOT).join("tests/fixtures");
    let mut count = 0;
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let bad = e.unwrap().path().join("bad.txt");
        if bad.exists() {
            let name = format!(
                "{}.txt",
                bad.parent().unwrap().file_name().unwrap().to_str().unwrap()
            );
            std::fs::copy(&bad, dir.path().join(name)).unwrap();
            count += 1;
        }
    }
    assert!(count > 10);
    let d = dir.path();
    let a = gwlint(d, &["audit", ".", "--out", "a", "-j", "1"]);
    let b = gwlint(d, &["audit", ".", "--out", "b", "-j", "4"]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(b.status.code(), Some(0));
    let (ra, rb) = (read_all(&d.join("a")), read_all(&d.join("b")));
    assert!(ra == rb, "same input, same bytes, whatever --jobs is");
    let page = String::from_utf8(ra[0].clone()).unwrap();
    assert!(!page.contains(d.to_str().unwrap()), "no absolute paths");

    // --select/--ignore as in `check`.
    let sel = gwlint(
        d,
        &[
            "audit",
            ".",
            "--out",
            "s",
            "--select",
            "heading",
            "--ignore",
            "heading-gap",
        ],
    );
    assert_eq!(sel.status.code(), Some(0));
    let s: Value =
        serde_json::from_slice(&std::fs::read(d.join("s/summary.json")).unwrap()).unwrap();
    let check = json(&gwlint(
        d,
        &[
            "check",
            "--format",
            "json",
            ".",
            "--select",
            "heading",
            "--ignore",
            "heading-gap",
        ],
    ));
    let diags = diagnostics(&check);
    assert!(!diags.is_empty());
    assert_eq!(n(&s["totals"]["findings"]), diags.len() as u64);
    assert_eq!(
        group(&s, "by_rule", "rule"),
        count_by(&diags, |d| d["rule"].as_str().unwrap().into())
    );
    assert!(!group(&s, "by_rule", "rule").contains_key("heading-gap"));
}

#[test]
fn unreadable_inputs_are_listed_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), HOSTILE).unwrap();
    std::fs::write(dir.path().join("bin.txt"), b"\x00\x01\x02binary").unwrap();
    let out = gwlint(
        dir.path(),
        &["audit", ".", "nope.txt", "--out", "out", "--quiet"],
    );
    assert_eq!(out.status.code(), Some(2));
    let s: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    let paths: Vec<&str> = s["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["bin.txt", "nope.txt"]);
    assert_eq!(n(&s["totals"]["files"]), 1);
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(page.contains("2 个文件无法检查"));
}

#[test]
fn out_is_required_and_unwritable_out_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), HOSTILE).unwrap();
    let missing = gwlint(dir.path(), &["audit", "a.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    std::fs::write(dir.path().join("file"), "").unwrap();
    let blocked = gwlint(dir.path(), &["audit", "a.txt", "--out", "file/x"]);
    assert_eq!(blocked.status.code(), Some(2));
    let err = String::from_utf8_lossy(&blocked.stderr);
    assert!(err.contains("file/x"), "names the directory: {err}");
}
