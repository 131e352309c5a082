//! Hostile input, run through the real binary: every case sits next to a
//! good file, and each run checks that
//! - the binary neither panics nor hangs (it is killed after [`DEADLINE`],
//!   which fails the test instead of blocking CI),
//! - the bad input gets a Chinese message naming the file, and exit code 2
//!   when it could not be checked (DESIGN.md section 3),
//! - the good file is still checked and its finding reported.
//!
//! Big inputs are generated in a temporary directory at test time.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Generous: the suite runs the debug binary on 2 shared cores.
const DEADLINE: Duration = Duration::from_secs(180);

/// A notice with one known error (`[2013]` instead of `〔2013〕`).
const GOOD: &str = "关于开展安全检查的通知\n县府发[2013]2号\n各镇人民政府：\n现将有关事项通知如下。\n县人民政府\n2013年7月1日\n";
const GOOD_RULE: &str = "docno-brackets";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Run gwlint in `dir`, killing it after [`DEADLINE`].
fn gwlint(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gwlint starts");
    // Drain both pipes in threads so that a big report cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).ok();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            child.kill().ok();
            child.wait().ok();
            panic!("gwlint {args:?} hung: killed after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let run = Run {
        code: status
            .code()
            .expect("gwlint exited, not killed by a signal"),
        stdout: String::from_utf8(out.join().unwrap()).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err.join().unwrap()).expect("stderr is UTF-8"),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("内部错误"),
        "gwlint {args:?} panicked:\n{}",
        run.stderr
    );
    run
}

/// A directory holding `good.txt`.
fn dir_with_good() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    dir
}

/// The JSON entry of `path`.
fn file<'a>(doc: &'a Value, path: &str) -> &'a Value {
    doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} missing from {doc:#}"))
}

fn good_was_checked(doc: &Value) {
    let good = file(doc, "good.txt");
    assert!(
        good["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == GOOD_RULE),
        "good.txt not checked: {good:#}"
    );
}

/// Check `bad` next to `good.txt`, in JSON and in human form: exit code 2,
/// a message containing `expect` for `bad` (JSON `error`, and a stderr line
/// naming the file), and good.txt checked.
fn rejected(dir: &Path, bad: &str, expect: &str) {
    let run = gwlint(dir, &["check", "--format", "json", bad, "good.txt"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let msg = file(&doc, bad)["error"].as_str().unwrap_or_default();
    assert!(msg.contains(expect), "{bad}: {msg:?} lacks {expect:?}");
    good_was_checked(&doc);

    let run = gwlint(dir, &["check", bad, "good.txt"]);
    assert_eq!(run.code, 2);
    let line = format!("gwlint: {bad}: ");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with(&line) && l.contains(expect)),
        "stderr does not name {bad}:\n{}",
        run.stderr
    );
    assert!(run.stdout.contains(GOOD_RULE), "{}", run.stdout);
    assert!(
        run.stdout.contains("另有 1 个文件无法检查"),
        "{}",
        run.stdout
    );
}

/// Check `name` next to `good.txt` by walking the directory: the file is
/// read as text (no error entry), exit code 1 (good.txt's error); returns
/// the JSON entry of the file. With `human`, the human report too (the
/// debug binary takes half a minute on the biggest inputs: done once).
fn accepted(dir: &Path, name: &str, human: bool) -> Value {
    let run = gwlint(dir, &["check", "--format", "json", "."]);
    assert_eq!(
        run.code,
        1,
        "{}\n{}",
        run.stderr,
        &run.stdout[..run.stdout.len().min(2000)]
    );
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    good_was_checked(&doc);
    let f = file(&doc, name).clone();
    assert!(f.get("error").is_none(), "{f:#}");
    if !human {
        return f;
    }
    // The human report renders too, and the same findings count.
    let human = gwlint(dir, &["check", "."]);
    assert_eq!(human.code, 1);
    let n = doc["summary"]["diagnostics"].as_u64().unwrap();
    let errors = doc["summary"]["errors"].as_u64().unwrap();
    assert!(
        human.stdout.contains(&format!("{errors} 个错误")),
        "{n} findings, human summary: {}",
        human.stdout.lines().last().unwrap_or_default()
    );
    f
}

#[test]
fn empty_and_whitespace_files_are_checked_and_empty() {
    let dir = dir_with_good();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("blank.txt"),
        " \n\t\r\n\u{3000}\n\u{feff}\n\n",
    )
    .unwrap();
    for name in ["empty.txt", "blank.txt"] {
        let f = accepted(dir.path(), name, true);
        assert_eq!(f["notices"], 0, "{f:#}");
        assert_eq!(f["diagnostics"].as_array().unwrap().len(), 0, "{f:#}");
    }
    // Alone, an empty file is a clean run.
    let run = gwlint(dir.path(), &["check", "empty.txt", "blank.txt"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn binary_file() {
    let dir = dir_with_good();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".repeat(100);
    std::fs::write(dir.path().join("scan.txt"), png).unwrap();
    rejected(dir.path(), "scan.txt", "不是文本文件");
}

#[test]
fn nul_byte_in_text() {
    let dir = dir_with_good();
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.insert(30, 0);
    std::fs::write(dir.path().join("nul.txt"), bytes).unwrap();
    rejected(dir.path(), "nul.txt", "第 30 字节处为二进制内容");
}

#[test]
fn neither_utf8_nor_gb18030() {
    let dir = dir_with_good();
    // 0xFF never occurs in UTF-8 or GB18030; 0x80 alone is not GB18030.
    std::fs::write(dir.path().join("garbage.txt"), b"\xd6\xaa\xff\xfe\x80 abc").unwrap();
    rejected(dir.path(), "garbage.txt", "既不是 UTF-8 也不是 GB18030");
    // Truncated GBK: a lead byte at the very end.
    let mut gbk = encoding_rs::GB18030.encode(GOOD).0.into_owned();
    gbk.push(0xB9);
    std::fs::write(dir.path().join("truncated.txt"), gbk).unwrap();
    rejected(dir.path(), "truncated.txt", "既不是 UTF-8 也不是 GB18030");
}

#[test]
fn mixed_encodings() {
    let dir = dir_with_good();
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(&encoding_rs::GB18030.encode("抄送：县委办公室。\n").0);
    std::fs::write(dir.path().join("mixed.txt"), bytes).unwrap();
    rejected(dir.path(), "mixed.txt", "混用了多种编码");
    assert!(gwlint(dir.path(), &["check", "mixed.txt"])
        .stderr
        .contains("第 7 行"));
}

#[test]
fn path_that_does_not_exist() {
    let dir = dir_with_good();
    rejected(dir.path(), "no-such-file.txt", "不存在");
    rejected(dir.path(), "no-such-dir/*.txt", "没有与此模式匹配的文件");
}

#[cfg(unix)]
#[test]
fn dangling_symlink() {
    let dir = dir_with_good();
    std::os::unix::fs::symlink("gone.txt", dir.path().join("link.txt")).unwrap();
    rejected(dir.path(), "link.txt", "不存在");
    // Walking a directory, links are not followed (as ripgrep): no error.
    let run = gwlint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1);
}

/// Tests run as root, which reads any file whatever its mode, so
/// "unreadable" is made real with a FIFO: reading one blocks until a writer
/// comes, which would hang gwlint forever. A device file given by path
/// (`/dev/zero` would never end) is refused the same way.
#[cfg(unix)]
#[test]
fn fifo_and_device_are_refused_not_read() {
    let dir = dir_with_good();
    let fifo = dir.path().join("pipe.txt");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    rejected(dir.path(), "pipe.txt", "命名管道");
    let run = gwlint(dir.path(), &["check", "/dev/zero", "good.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("gwlint: /dev/zero: 是设备文件"),
        "{}",
        run.stderr
    );
    // In a walked directory a FIFO is not a document file: skipped, no hang.
    let run = gwlint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1);
}

#[cfg(unix)]
#[test]
fn directory_loop_through_a_symlink() {
    let dir = dir_with_good();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("inner.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink("../..", sub.join("up")).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    let run = gwlint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a/b/inner.txt", "good.txt"]);
    // A link given explicitly is followed once, still no loop.
    let run = gwlint(dir.path(), &["check", "--format", "json", "self"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn a_directory_where_a_file_is_expected() {
    let dir = dir_with_good();
    // `x.txt` is a directory: walked, not read as a file, and empty.
    std::fs::create_dir(dir.path().join("x.txt")).unwrap();
    let run = gwlint(
        dir.path(),
        &["check", "--format", "json", "x.txt", "good.txt"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
}

#[test]
fn twenty_megabytes_without_a_newline() {
    let dir = dir_with_good();
    // A notice whose last line is 20 MB of text, with something for the
    // rules every 64 KB: half-width commas between Chinese, unbalanced
    // brackets, 二0一三年.
    let filler = "现将有关事项通知如下请认真贯彻执行".repeat(1300);
    let unit = filler + "关于,（的通知二0一三年";
    let text = GOOD.to_string() + &unit.repeat(20_000_000 / unit.len());
    assert!(text.len() > 19_900_000);
    std::fs::write(dir.path().join("long.txt"), &text).unwrap();
    let f = accepted(dir.path(), "long.txt", true);
    let diags = f["diagnostics"].as_array().unwrap();
    // Every unbalanced bracket and every 二0一三 is reported; the commas,
    // half-width throughout the notice, are one systematic finding.
    let count = |rule: &str| diags.iter().filter(|d| d["rule"] == rule).count();
    assert!(count("pairs-unbalanced") >= 300, "{}", diags.len());
    assert!(count("date-chinese-zero") >= 300, "{}", diags.len());
    assert_eq!(count("halfwidth-comma"), 1);
    // Columns are characters, even far into the line.
    let last = diags.last().unwrap();
    let span = last["span"].as_array().unwrap()[0].as_u64().unwrap() as usize;
    let line_start = text[..span].rfind('\n').unwrap() + 1;
    assert_eq!(last["line"], 7);
    assert_eq!(
        last["column"].as_u64().unwrap() as usize,
        text[line_start..span].chars().count() + 1
    );
    // The human report shows a window of the line, not 20 MB per finding.
    let human = gwlint(dir.path(), &["check", "long.txt"]);
    assert!(
        human.stdout.len() < diags.len() * 4_000,
        "{} bytes",
        human.stdout.len()
    );
}

#[test]
fn a_hundred_thousand_tiny_notices() {
    let dir = dir_with_good();
    let text: String = (1..=100_000)
        .map(|i| {
            format!("关于开展工作的通知\n县府发〔2013〕{i}号\n各镇人民政府：\n请遵照执行。\n县人民政府\n2013年1月1日\n")
        })
        .collect();
    std::fs::write(dir.path().join("many.txt"), text).unwrap();
    let f = accepted(dir.path(), "many.txt", false);
    assert_eq!(f["notices"], 100_000);
}

#[test]
fn unbalanced_brackets_everywhere() {
    let dir = dir_with_good();
    // 100 000 unmatched brackets: 50 000 closers on one line, 50 000
    // openers on the next (【】 is not among the pairs checked).
    let opener = "（《“〔【".repeat(10_000);
    let closer = "）》”〕】".repeat(10_000);
    let text = format!(
        "关于开展工作的通知\n县府发〔2013〕1号\n各镇人民政府：\n{closer}\n{opener}\n县人民政府\n2013年1月1日\n"
    );
    std::fs::write(dir.path().join("brackets.txt"), text).unwrap();
    let f = accepted(dir.path(), "brackets.txt", true);
    assert!(f["diagnostics"].as_array().unwrap().len() >= 80_000);
}

#[test]
fn every_line_a_title() {
    let dir = dir_with_good();
    let text = "关于印发某某实施方案的通知\n".repeat(50_000);
    std::fs::write(dir.path().join("titles.txt"), text).unwrap();
    accepted(dir.path(), "titles.txt", true);
}

#[test]
fn every_line_a_document_number() {
    let dir = dir_with_good();
    let text: String = (1..=50_000)
        .map(|i| format!("县府发〔2013〕{i}号\n"))
        .collect();
    std::fs::write(dir.path().join("numbers.txt"), text).unwrap();
    accepted(dir.path(), "numbers.txt", true);
}
