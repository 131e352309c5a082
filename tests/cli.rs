//! The real binary, run in temporary directories.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const BAD: &str = "tests/fixtures/docno-brackets/bad.txt";
const GOOD: &str = "tests/fixtures/docno-brackets/good.txt";

fn gwlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("gwlint runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A temporary directory holding a copy of `files` (name → source path).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, from) in files {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(from), to).unwrap();
    }
    dir
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tree(&[("bad.txt", BAD), ("good.txt", GOOD)]);
    assert_eq!(code(&gwlint(dir.path(), &["check", "good.txt"])), 0);
    assert_eq!(code(&gwlint(dir.path(), &["check", "bad.txt"])), 1);
    assert_eq!(
        code(&gwlint(
            dir.path(),
            &["check", "--fail-on", "never", "bad.txt"]
        )),
        0
    );
    // halfwidth-comma is a warning: fails only from --fail-on warning down.
    let w = tree(&[("w.txt", "tests/fixtures/halfwidth-comma/bad.txt")]);
    assert_eq!(code(&gwlint(w.path(), &["check", "w.txt"])), 0);
    assert_eq!(
        code(&gwlint(
            w.path(),
            &["check", "--fail-on", "warning", "w.txt"]
        )),
        1
    );
    assert_eq!(
        code(&gwlint(w.path(), &["check", "--fail-on", "info", "w.txt"])),
        1
    );
    // Usage error.
    assert_eq!(
        code(&gwlint(
            dir.path(),
            &["check", "--select", "no-such-rule", "bad.txt"]
        )),
        2
    );
    assert_eq!(
        code(&gwlint(dir.path(), &["check", "--jobs", "0", "bad.txt"])),
        2
    );
}

#[test]
fn json_follows_the_contract() {
    let dir = tree(&[("bad.txt", BAD)]);
    let o = gwlint(dir.path(), &["check", "--format", "json", "bad.txt"]);
    assert_eq!(code(&o), 1);
    let v = json(&o);
    assert_eq!(v["version"], 1);
    let f = &v["files"][0];
    assert_eq!(f["path"], "bad.txt");
    assert_eq!(f["encoding"], "UTF-8");
    assert_eq!(f["notices"], 1);
    let d = &f["diagnostics"][0];
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    for k in [
        "rule",
        "category",
        "severity",
        "message",
        "help",
        "reference",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "span",
        "notice",
        "snippet",
        "fix",
    ] {
        assert!(keys.contains(&k), "missing {k} in {d}");
    }
    assert_eq!(d["rule"], "docno-brackets");
    assert_eq!(d["category"], "docno");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(3), Some(10))
    );
    assert_eq!(d["snippet"], "[2013]");
    assert_eq!(d["notice"], 0);
    assert_eq!(d["reference"], "GB/T 9704-2012 7.2.4");
    // The span is in bytes of the decoded text.
    let text = std::fs::read_to_string(root().join(BAD)).unwrap();
    let start = text.find('[').unwrap() as u64;
    assert_eq!(d["span"], serde_json::json!([start, start + 6]));
    assert_eq!(d["fix"]["replacement"], "〔2013〕");
    assert_eq!(d["fix"]["span"], d["span"]);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["files"], 1);
}

#[test]
fn directories_are_walked_globs_expanded_and_bad_files_skipped() {
    let dir = tree(&[
        ("docs/a.txt", BAD),
        ("docs/sub/b.md", "tests/fixtures/typo-common/bad.txt"),
        ("docs/c.doc", BAD),
        ("docs/.hidden/d.txt", BAD),
    ]);
    std::fs::write(dir.path().join("docs/binary.txt"), b"\x00\x01\x02abc").unwrap();
    let o = gwlint(dir.path(), &["check", "--format", "json", "docs"]);
    // A file that cannot be read makes the result incomplete: exit 2, yet
    // the others are checked.
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let v = json(&o);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/a.txt", "docs/binary.txt", "docs/sub/b.md"]);
    assert!(v["files"][1]["error"].as_str().unwrap().contains("二进制"));
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "docno-brackets");
    assert_eq!(v["files"][2]["diagnostics"][0]["rule"], "typo-common");
    assert_eq!(v["summary"]["unreadable"], 1);

    let o = gwlint(dir.path(), &["check", "--format", "json", "docs/**/*.md"]);
    assert_eq!(code(&o), 1);
    assert_eq!(json(&o)["files"][0]["path"], "docs/sub/b.md");

    // Human output: the error on stderr, the others still reported.
    let o = gwlint(dir.path(), &["check", "docs"]);
    assert!(stderr(&o).contains("docs/binary.txt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("typo-common"));

    let o = gwlint(dir.path(), &["check", "nowhere.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nowhere.txt"));
}

#[test]
fn select_and_ignore_by_id_and_category() {
    let dir = tree(&[
        ("t.txt", "tests/fixtures/typo-common/bad.txt"),
        ("d.txt", BAD),
    ]);
    let rules_of = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json", "t.txt", "d.txt"];
        a.extend_from_slice(args);
        let v = json(&gwlint(dir.path(), &a));
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules_of(&[]), ["docno-brackets", "typo-common"]);
    assert_eq!(rules_of(&["--select", "typo"]), ["typo-common"]);
    assert_eq!(rules_of(&["--ignore", "typo-common"]), ["docno-brackets"]);
    assert_eq!(
        rules_of(&["--select", "docno,typo", "--ignore", "docno"]),
        ["typo-common"]
    );
}

#[test]
fn config_in_a_parent_directory_just_works() {
    let dir = tree(&[
        ("docs/a.txt", BAD),
        ("docs/b.txt", "tests/fixtures/typo-common/bad.txt"),
    ]);
    std::fs::write(
        dir.path().join("gwlint.toml"),
        "paths = [\"docs\"]\nignore = [\"typo\"]\n[severity]\ndocno-brackets = \"warning\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("docs/sub")).unwrap();
    // No arguments, run from a subdirectory: the config is found upwards.
    let o = gwlint(&dir.path().join("docs/sub"), &["check", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["summary"]["files"], 2);
    let d = &v["files"][0]["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["rule"], "docno-brackets");
    assert_eq!(d[0]["severity"], "warning");
    assert_eq!(v["files"][1]["diagnostics"].as_array().unwrap().len(), 0);
}

#[test]
fn packs_layer_office_over_national() {
    let dir = tree(&[("a.txt", BAD)]);
    std::fs::write(
        dir.path().join("office.toml"),
        r#"
[[override]]
id = "docno-brackets"
severity = "info"

[[rule]]
id = "office-no-shanfu"
kind = "pattern"
category = "other"
severity = "warning"
scope = "doc_number"
pattern = "山府"
message = "本办公室的文号不用“{match}”"
"#,
    )
    .unwrap();
    let o = gwlint(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--rules",
            "office.toml",
            "a.txt",
        ],
    );
    let v = json(&o);
    let d = v["files"][0]["diagnostics"].as_array().unwrap();
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d["rule"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [("office-no-shanfu", "warning"), ("docno-brackets", "info")]
    );
    assert_eq!(d[0]["message"], "本办公室的文号不用“山府”");
    assert_eq!(code(&o), 0);
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let o = gwlint(dir.path(), &["rules"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for id in [
        "docno-brackets",
        "typo-common",
        "required-date",
        "pairs-unbalanced",
    ] {
        assert!(out.contains(id), "{out}");
    }
    let o = gwlint(dir.path(), &["explain", "docno-brackets"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(
        out.contains("错误示例") && out.contains("山府发[2013]2号"),
        "{out}"
    );
    assert!(
        out.contains("正确示例") && out.contains("山府发〔2013〕2号"),
        "{out}"
    );
    assert!(out.contains("GB/T 9704-2012 7.2.4"));
    assert_eq!(code(&gwlint(dir.path(), &["explain", "no-such-rule"])), 2);
}

#[test]
fn jobs_do_not_change_the_output() {
    let one = gwlint(
        root(),
        &["check", "--format", "json", "--jobs", "1", "corpus"],
    );
    let eight = gwlint(
        root(),
        &["check", "--format", "json", "--jobs", "8", "corpus"],
    );
    assert_eq!(code(&one), code(&eight));
    assert!(!one.stdout.is_empty());
    assert_eq!(stdout(&one), stdout(&eight));
    let human1 = gwlint(root(), &["check", "--jobs", "1", "corpus"]);
    let human8 = gwlint(root(), &["check", "--jobs", "8", "corpus"]);
    assert_eq!(stdout(&human1), stdout(&human8));
}

#[test]
fn human_header_columns_are_characters() {
    let dir = tree(&[("bad.txt", "tests/fixtures/typo-common/bad.txt")]);
    let o = gwlint(dir.path(), &["check", "bad.txt"]);
    let out = stdout(&o);
    // 健立健全 starts at the 23rd character of line 9 (the 67th byte).
    assert!(out.contains("[bad.txt:9:23]"), "{out}");
}

#[test]
fn parse_subcommand_prints_structure() {
    let dir = tree(&[("a.txt", BAD)]);
    let o = gwlint(dir.path(), &["parse", "--format", "json", "a.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        v["files"][0]["notices"][0]["doc_number"]["text"],
        "山府发[2013]2号"
    );
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(["check", "--format", "json", "corpus"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before gwlint has written anything.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(err, "");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn diff_writes_nothing_and_fix_rewrites_then_settles() {
    let dir = tree(&[
        ("a.txt", BAD),
        ("t.txt", "tests/fixtures/typo-common/bad.txt"),
    ]);
    let before = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    let o = gwlint(dir.path(), &["check", "--diff", "a.txt", "t.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let diff = stdout(&o);
    assert!(
        diff.contains("-山府发[2013]2号") && diff.contains("+山府发〔2013〕2号"),
        "{diff}"
    );
    assert!(
        diff.contains("+一、提高认识。各单位要高度重视安全生产工作，建立健全工作机制。"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        before
    );

    let o = gwlint(
        dir.path(),
        &["check", "--fix", "--format", "json", "a.txt", "t.txt"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["summary"]["diagnostics"], 0);
    let after = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert_eq!(after, before.replace("[2013]", "〔2013〕"));
    let o = gwlint(dir.path(), &["check", "--fix", "a.txt", "t.txt"]);
    assert_eq!(code(&o), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        after
    );
    assert_eq!(
        code(&gwlint(dir.path(), &["check", "--unsafe-fixes", "a.txt"])),
        2
    );
}

fn gwlint_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn standard_input_with_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(root().join(BAD)).unwrap();
    let args = [
        "check",
        "--format",
        "json",
        "-",
        "--stdin-filename",
        "docs/通知.txt",
    ];
    let o = gwlint_stdin(dir.path(), &args, &text);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"][0]["path"], "docs/通知.txt");
    assert_eq!(v["files"][0]["diagnostics"][0]["rule"], "docno-brackets");
    let o = gwlint_stdin(dir.path(), &["check", "--fix", "-"], &text);
    assert_eq!(code(&o), 2);
}

#[test]
fn ci_formats_max_warnings_and_init() {
    let dir = tree(&[("w.txt", "tests/fixtures/halfwidth-comma/bad.txt")]);
    let o = gwlint(dir.path(), &["check", "--format", "sarif", "w.txt"]);
    let v = json(&o);
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "halfwidth-comma");
    let o = gwlint(dir.path(), &["check", "--format", "github", "w.txt"]);
    assert!(
        stdout(&o).starts_with("::warning file=w.txt,line=11,"),
        "{}",
        stdout(&o)
    );
    for f in ["junit", "rdjsonl"] {
        let o = gwlint(dir.path(), &["check", "--format", f, "w.txt"]);
        assert!(
            stdout(&o).contains("halfwidth-comma"),
            "{f}: {}",
            stdout(&o)
        );
    }
    assert_eq!(
        code(&gwlint(
            dir.path(),
            &["check", "--max-warnings", "1", "w.txt"]
        )),
        0
    );
    assert_eq!(
        code(&gwlint(
            dir.path(),
            &["check", "--max-warnings", "0", "w.txt"]
        )),
        1
    );

    assert_eq!(code(&gwlint(dir.path(), &["init"])), 0);
    let cfg = std::fs::read_to_string(dir.path().join("gwlint.toml")).unwrap();
    assert!(cfg.contains("builtin = true"));
    // The template is a valid configuration, and init never overwrites.
    assert_eq!(code(&gwlint(dir.path(), &["check", "w.txt"])), 0);
    assert_eq!(code(&gwlint(dir.path(), &["init"])), 2);
}

#[test]
fn baseline_reports_only_new_findings() {
    let dir = tree(&[("a.txt", "tests/fixtures/typo-common/bad.txt")]);
    let o = gwlint(dir.path(), &["check", "--write-baseline", "base.json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = gwlint(dir.path(), &["check", "--baseline", "base.json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // Lines inserted above the old typo, and a new typo below.
    let path = dir.path().join("a.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = format!("\n\n{}", text.replace("狠抓落实", "狠抓落实，不得廷长"));
    std::fs::write(&path, text).unwrap();
    let o = gwlint(
        dir.path(),
        &["check", "--format", "json", "--baseline", "base.json"],
    );
    assert_eq!(code(&o), 1);
    let v = json(&o);
    let d = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["snippet"], "廷长");
}

#[test]
fn per_file_ignores_and_allow_in_config() {
    let dir = tree(&[
        (
            "archive/old.txt",
            "tests/fixtures/date-chinese-zero/bad.txt",
        ),
        ("new/a.txt", "tests/fixtures/date-chinese-zero/bad.txt"),
        ("new/b.txt", BAD),
    ]);
    std::fs::write(
        dir.path().join("gwlint.toml"),
        "[per-file-ignores]\n\"archive/**\" = [\"date\"]\n\n[[allow]]\nrule = \"docno-brackets\"\ntext = \"[2013]\"\nreason = \"原件如此\"\n",
    )
    .unwrap();
    let o = gwlint(dir.path(), &["check", "--format", "json"]);
    let v = json(&o);
    let got: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"].as_array().unwrap().iter().map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["rule"].as_str().unwrap().to_string(),
                )
            })
        })
        .collect();
    assert_eq!(
        got,
        [("new/a.txt".to_string(), "date-chinese-zero".to_string())]
    );

    std::fs::write(
        dir.path().join("gwlint.toml"),
        "[[allow]]\nrule = \"no-such-rule\"\nreason = \"x\"\n",
    )
    .unwrap();
    let o = gwlint(dir.path(), &["check"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no-such-rule") && stderr(&o).contains("gwlint.toml:1:1]"),
        "{}",
        stderr(&o)
    );
}
