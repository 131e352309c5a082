//! Broken rule files and configuration: exit code 2, a message pointing into
//! the TOML (file:line:column of the fault), and nothing checked.

use std::path::Path;
use std::process::{Command, Output};

const RULE: &str = r#"[[rule]]
id = "my-rule"
kind = "pattern"
category = "docno"
severity = "error"
message = "测试"
pattern = '\[\d{4}\]'
"#;

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Write `pack` as rules.toml next to a document with a finding, check, and
/// return stderr after asserting exit 2 and an empty stdout.
fn broken(pack: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("rules.toml"), pack).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docno-brackets/bad.txt"),
        dir.path().join("doc.txt"),
    )
    .unwrap();
    let o = run(dir.path(), &["check", "--rules", "rules.toml", "doc.txt"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(o.stdout.is_empty(), "something was checked");
    err
}

fn assert_points(err: &str, message: &str, location: &str) {
    assert!(err.contains(message), "expected {message:?} in\n{err}");
    assert!(
        err.contains(&format!("[rules.toml:{location}]")),
        "expected {location} in\n{err}"
    );
}

#[test]
fn toml_syntax_error() {
    let err = broken(&RULE.replace("[[rule]]", "[[rule]"));
    assert_points(&err, "TOML 语法错误", "1:7");
}

#[test]
fn unknown_key() {
    let err = broken(&format!("{RULE}colour = \"red\"\n"));
    assert_points(&err, "未知的字段", "8:1");
}

#[test]
fn wrong_type() {
    let err = broken(&RULE.replace("message = \"测试\"", "message = 3"));
    assert_points(&err, "类型错误", "6:11");
}

#[test]
fn bad_regex() {
    let err = broken(&RULE.replace(r"'\[\d{4}\]'", "'([0-9]'"));
    assert_points(&err, "正则表达式无效", "7:11");
}

#[test]
fn huge_regex_is_refused() {
    let err = broken(&RULE.replace(r"'\[\d{4}\]'", r"'(\w{100}){100}'"));
    assert_points(&err, "正则表达式过大", "7:11");
}

#[test]
fn empty_pattern_and_empty_match() {
    let err = broken(&RULE.replace(r"'\[\d{4}\]'", "''"));
    assert_points(&err, "正则表达式为空", "7:11");
    let err = broken(&RULE.replace(r"'\[\d{4}\]'", "'x*'"));
    assert_points(&err, "能匹配空字符串", "7:11");
}

#[test]
fn duplicate_id() {
    let err = broken(&format!("{RULE}\n{RULE}"));
    assert_points(&err, "重复", "10:6");
    assert!(err.contains("第一次定义在这里"), "{err}");
}

#[test]
fn unknown_category_severity_kind_scope() {
    assert_points(
        &broken(&RULE.replace("\"docno\"", "\"spelling\"")),
        "未知的规则类别 `spelling`",
        "4:12",
    );
    assert_points(
        &broken(&RULE.replace("\"error\"", "\"fatal\"")),
        "未知的严重级别 `fatal`",
        "5:12",
    );
    assert_points(
        &broken(&RULE.replace("\"pattern\"\n", "\"regex\"\n")),
        "未知的检查类型 `regex`",
        "3:8",
    );
    assert_points(
        &broken(&format!("{RULE}scope = \"preamble\"\n")),
        "未知的 scope `preamble`",
        "8:9",
    );
}

#[test]
fn parameter_of_another_kind_and_bad_group() {
    assert_points(
        &broken(&format!("{RULE}words = [[\"a\", \"b\"]]\n")),
        "参数 `words` 不适用于",
        "8:9",
    );
    assert_points(
        &broken(&format!("{RULE}group = \"year\"\n")),
        "没有名为 `year` 的捕获组",
        "8:9",
    );
    assert_points(
        &broken(&format!("{RULE}fix = {{ replacement = \"$nope\" }}\n")),
        "不存在的捕获组 `nope`",
        "8:23",
    );
}

#[test]
fn bad_dictionary_and_id() {
    let dict = r#"[[rule]]
id = "d"
kind = "dictionary"
category = "typo"
severity = "error"
message = "m"
words = [["廷长", "延长"], ["廷长", "延长"]]
"#;
    assert_points(&broken(dict), "词条 `廷长` 重复", "7:24");
    assert_points(
        &broken(&RULE.replace("\"my-rule\"", "\"My_Rule\"")),
        "不是 kebab-case",
        "2:6",
    );
}

#[test]
fn override_of_unknown_rule() {
    let err = broken("[[override]]\nid = \"no-such-rule\"\nseverity = \"info\"\n");
    assert_points(&err, "未加载的规则 `no-such-rule`", "2:6");
}

#[test]
fn config_file_errors_point_into_gwlint_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gwlint.toml"),
        "[severity]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    let o = run(dir.path(), &["check"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("没有 id 为 `no-such-rule` 的规则"), "{err}");
    assert!(err.contains("gwlint.toml:2:1]"), "{err}");

    std::fs::write(dir.path().join("gwlint.toml"), "selct = [\"typo\"]\n").unwrap();
    let o = run(dir.path(), &["check"]);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("未知的字段") && err.contains("gwlint.toml:1:1]"),
        "{err}"
    );
}
