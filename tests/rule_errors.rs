//! Broken rule packs, through the real binary: each is a diagnostic in
//! Chinese pointing at the place in the TOML file (`[pack.toml:line:col]`),
//! exit code 2, and nothing is checked.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const HEAD: &str = "[[rule]]\nid = \"x-rule\"\nkind = \"pattern\"\ncategory = \"docno\"\nseverity = \"error\"\nmessage = \"m\"\n";

fn gwlint(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("gwlint runs")
}

/// Load `packs` (name, text) with the built-in packs and check a document:
/// exit code 2, no report on stdout, and stderr holding every `expect`.
fn broken(packs: &[(&str, &str)], expect: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "关于开展检查的通知\n县府发[2013]2号\n",
    )
    .unwrap();
    let mut args = vec!["check".to_string()];
    for (name, text) in packs {
        std::fs::write(dir.path().join(name), text).unwrap();
        args.extend(["--rules".to_string(), name.to_string()]);
    }
    args.push("doc.txt".into());
    let args: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    let out = gwlint(dir.path(), &args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "something was checked");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{e:?} not in:\n{stderr}");
    }
    stderr
}

#[test]
fn invalid_toml() {
    broken(
        &[("p.toml", "[[rule]\nid = \"x\"\n")],
        &["TOML 语法错误", "[p.toml:1:"],
    );
    broken(
        &[("p.toml", "id = \"unterminated\n")],
        &["TOML 语法错误", "[p.toml:1:"],
    );
}

#[test]
fn unknown_key() {
    broken(
        &[(
            "p.toml",
            &format!("{HEAD}pattern = \"x\"\ncolour = \"red\"\n"),
        )],
        &["未知的字段", "[p.toml:8:1]"],
    );
    broken(
        &[("p.toml", "[pack]\nname = \"p\"\nauthor = \"me\"\n")],
        &["未知的字段", "[p.toml:3:1]"],
    );
}

#[test]
fn wrong_types() {
    broken(
        &[("p.toml", &format!("{HEAD}pattern = 5\n"))],
        &["类型错误", "[p.toml:7:11]"],
    );
    let dict =
        HEAD.replace("kind = \"pattern\"", "kind = \"dictionary\"") + "words = [\"a\", \"b\"]\n";
    broken(&[("p.toml", &dict)], &["类型错误", "[p.toml:7:"]);
}

#[test]
fn empty_pattern() {
    broken(
        &[("p.toml", &format!("{HEAD}pattern = \"\"\n"))],
        &["正则表达式为空", "[p.toml:7:11]"],
    );
}

#[test]
fn pattern_matching_the_empty_string() {
    broken(
        &[("p.toml", &format!("{HEAD}pattern = \"(号)?\"\n"))],
        &["能匹配空字符串", "[p.toml:7:11]"],
    );
}

#[test]
fn regex_too_large() {
    broken(
        &[(
            "p.toml",
            &format!("{HEAD}pattern = \"(a|b|c|d|e|f|g|h){{2000}}{{50}}\"\n"),
        )],
        &["正则表达式过大", "[p.toml:7:11]", "KB 的上限"],
    );
}

#[test]
fn invalid_regex() {
    broken(
        &[("p.toml", &format!("{HEAD}pattern = \"〔(\\\\d{{4}}\"\n"))],
        &["正则表达式无效", "[p.toml:7:11]"],
    );
}

#[test]
fn dictionary_with_duplicates() {
    let pack = HEAD.replace("kind = \"pattern\"", "kind = \"dictionary\"")
        + "words = [[\"廷长\", \"延长\"], [\"健立\", \"建立\"], [\"廷长\", \"延长\"]]\n";
    let err = broken(
        &[("p.toml", &pack)],
        &["词条 `廷长` 重复", "第一次出现在这里"],
    );
    assert!(err.contains("[p.toml:7:"), "{err}");
}

#[test]
fn the_same_rule_id_twice_in_one_pack() {
    let pack = format!("{HEAD}pattern = \"x\"\n\n{HEAD}pattern = \"y\"\n");
    broken(
        &[("p.toml", &pack)],
        &[
            "规则 id `x-rule` 在同一个规则包中重复",
            "[p.toml:10:6]",
            "第一次定义在这里",
        ],
    );
}

#[test]
fn two_packs_with_the_same_name() {
    let a = format!("[pack]\nname = \"office\"\n\n{HEAD}pattern = \"x\"\n");
    let b = a.replace("pattern = \"x\"", "pattern = \"y\"");
    broken(
        &[("a.toml", &a), ("b.toml", &b)],
        &["规则包名 `office` 与 a.toml 重复", "[b.toml:2:8]"],
    );
    // The same pack given twice is the same mistake.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), &a).unwrap();
    std::fs::write(dir.path().join("d.txt"), "通知\n").unwrap();
    let out = gwlint(
        dir.path(),
        &["check", "--rules", "a.toml", "--rules", "a.toml", "d.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    // Overriding a built-in pack's name is a clash too.
    let c = a.replace("name = \"office\"", "name = \"gbt9704\"");
    broken(
        &[("c.toml", &c)],
        &["规则包名 `gbt9704` 与 builtin:gbt9704.toml 重复"],
    );
}

/// Two packs defining the same rule id is layering (DESIGN.md section 2):
/// the later one replaces the earlier, and that is not an error.
#[test]
fn a_later_pack_replaces_a_rule_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("{HEAD}pattern = \"检查\"\n");
    let b = a.replace("message = \"m\"", "message = \"第二个包\"");
    std::fs::write(dir.path().join("a.toml"), &a).unwrap();
    std::fs::write(dir.path().join("b.toml"), &b).unwrap();
    std::fs::write(dir.path().join("d.txt"), "关于开展检查的通知\n").unwrap();
    let out = gwlint(
        dir.path(),
        &[
            "check",
            "--no-builtin",
            "--rules",
            "a.toml",
            "--rules",
            "b.toml",
            "--format",
            "json",
            "d.txt",
        ],
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("第二个包"), "{stdout}");
}

#[test]
fn every_error_of_every_pack_is_reported_at_once() {
    let a = format!("{HEAD}pattern = \"\"\n");
    let b = format!("{HEAD}pattern = \"x\"\nseverity2 = 1\n");
    broken(
        &[("a.toml", &a), ("b.toml", &b)],
        &[
            "规则文件有 2 处错误（a.toml、b.toml）",
            "[a.toml:7:11]",
            "[b.toml:8:1]",
        ],
    );
}

#[test]
fn unreadable_rule_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.txt"), "通知\n").unwrap();
    std::fs::write(
        dir.path().join("gbk.toml"),
        b"message = \"\xb9\xd8\xd3\xda\"\n",
    )
    .unwrap();
    let cases: &[(&str, &str)] = &[
        ("gbk.toml", "无法读取 gbk.toml：不是 UTF-8 编码的文本"),
        ("missing.toml", "规则文件 `missing.toml` 不存在"),
    ];
    #[cfg(unix)]
    let cases = {
        let ok = Command::new("mkfifo")
            .arg(dir.path().join("fifo.toml"))
            .status()
            .unwrap();
        assert!(ok.success());
        let mut v = cases.to_vec();
        // Reading a FIFO would block forever.
        v.push(("fifo.toml", "无法读取 fifo.toml：不是普通文件"));
        v
    };
    for (name, expect) in cases.iter() {
        let out = gwlint(dir.path(), &["check", "--rules", name, "d.txt"]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expect), "{expect:?} not in {stderr}");
    }
}
