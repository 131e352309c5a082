//! .docx input through the real binary: paragraphs are lines, tables are
//! read in order, unsupported and corrupt files are reported in Chinese and
//! the run goes on; `--fix` never rewrites a .docx.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use serde_json::Value;
use support::{docx, Block};

fn gwlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .arg("--no-config")
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A draft with a table; defects on paragraph 2 (`[2013]`), in a table
/// cell (`廷长`, paragraph 8) and on the date (`二0一三`, paragraph 12).
fn draft() -> Vec<u8> {
    docx(&[
        Block::Para(&["关于做好家庭服务业", "促进就业工作的通知"]),
        Block::Para(&["山府发[2013]7号"]),
        Block::Para(&["各镇人民政府，县府直属有关单位："]),
        Block::Table(&[
            &["序号", "任务", "牵头单位"],
            &["1", "廷长家庭服务网点营业时间", "县人力资源和社会保障局"],
        ]),
        Block::Para(&["特此通知。"]),
        Block::Para(&["连山壮族瑶族自治县人民政府"]),
        Block::Para(&["二0一三年五月九日"]),
    ])
}

fn diagnostics(file: &Value) -> Vec<(String, u64, u64, u64, String)> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
                d["snippet"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn docx_paragraphs_are_lines_and_errors_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("drafts")).unwrap();
    std::fs::write(d.join("drafts/草稿.docx"), draft()).unwrap();
    let mut truncated = draft();
    truncated.truncate(truncated.len() / 2);
    std::fs::write(d.join("drafts/损坏.docx"), truncated).unwrap();
    std::fs::write(d.join("drafts/notice.txt"), support::lianshan_notice1()).unwrap();
    // Not walked (unsupported extension), but refused when named.
    std::fs::write(
        d.join("drafts/旧稿.doc"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest",
    )
    .unwrap();

    let out = gwlint(
        d,
        &["check", "--format", "json", "drafts", "drafts/旧稿.doc"],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable inputs make the run incomplete"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = json["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(
        paths,
        [
            "drafts/notice.txt",
            "drafts/损坏.docx",
            "drafts/旧稿.doc",
            "drafts/草稿.docx"
        ]
    );

    let doc = &files[3];
    assert_eq!(doc["encoding"], "docx");
    assert!(doc.get("error").is_none());
    let diags = diagnostics(doc);
    let expect = |rule: &str, line: u64, col: u64, end: u64, snippet: &str| {
        assert!(
            diags.contains(&(rule.into(), line, col, end, snippet.into())),
            "{rule} at {line}:{col}-{end} `{snippet}` not in {diags:#?}"
        );
    };
    expect("docno-brackets", 2, 4, 10, "[2013]");
    // Table: header row (paragraphs 4–6), then the row with the typo.
    expect("typo-common", 8, 1, 3, "廷长");
    expect("date-chinese-zero", 12, 1, 5, "二0一三");

    let err = |i: usize| files[i]["error"].as_str().unwrap().to_string();
    assert!(
        err(2).contains("Word 97-2003") && err(2).contains(".docx"),
        "{}",
        err(2)
    );
    assert!(err(1).contains("不是有效的 .docx 文件"), "{}", err(1));
    assert!(err(1).contains("gwlint 支持 .txt、.md"), "{}", err(1));
    // The text file next to them was checked as usual.
    assert!(diagnostics(&files[0])
        .iter()
        .any(|d| d.0 == "docno-brackets"));

    // Human output names the files and says why, in Chinese, on stderr.
    let out = gwlint(d, &["check", "drafts/旧稿.doc", "drafts/草稿.docx"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("旧稿.doc") && stderr.contains("另存为"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("草稿.docx:2:4"), "{stdout}");
}

#[test]
fn parse_reads_the_committed_word_fixture() {
    // Made with python-docx from notice 3 of corpus/lianshan-2013.txt: one
    // paragraph per printed line, the two title lines joined by a line break.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = gwlint(
        root,
        &[
            "parse",
            "--format",
            "json",
            "tests/fixtures/docx/lianshan-2013-notice3.docx",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["encoding"], "docx");
    let n = &file["notices"][0];
    assert_eq!(
        n["title"]["text"],
        "印发连山壮族瑶族自治县发展家庭服务业促进就业实施方案的通知"
    );
    assert_eq!(n["title"]["line"], 1);
    assert_eq!(n["doc_number"]["text"], "山府办发〔2013〕31号");
    assert_eq!(n["doc_number"]["line"], 2);
    assert_eq!(n["date"]["text"], "二〇一三年五月二十一日");
    assert_eq!(n["date"]["line"], 5);

    let out = gwlint(
        root,
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/docx/lianshan-2013-notice3.docx",
        ],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diags = diagnostics(&json["files"][0]);
    assert!(
        diags.contains(&("typo-common".into(), 24, 4, 8, "健立健全".into())),
        "{diags:#?}"
    );
}

#[test]
fn fix_refuses_to_rewrite_a_docx() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("草稿.docx");
    let bytes = draft();
    std::fs::write(&path, &bytes).unwrap();
    let src = gwlint::input::load(&path.display().to_string(), bytes.clone()).unwrap();
    assert_eq!(src.encoding, gwlint::source::Encoding::Docx);
    let rules = gwlint::rules::load(&gwlint::rules::builtin_packs()).unwrap();
    let report = gwlint::engine::check_source(Arc::new(src), &rules).unwrap();
    assert!(report
        .findings
        .iter()
        .any(|f| f.fix.as_ref().is_some_and(|x| x.safe)));
    let relint = |s: &gwlint::source::SourceFile| {
        let g = gwlint::document::parse(s);
        gwlint::engine::check_parsed(s, &g, &rules)
    };
    let fixed = gwlint::fix::run_fix(&[report], false, false, relint);
    assert!(fixed.has_errors());
    let err = fixed.files[0].error.as_deref().unwrap();
    assert!(
        err.contains("Word 文档（.docx）") && err.contains("不会改写"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the .docx is untouched"
    );
}
