//! `--fix` / `--diff` through the library API, on real files in a temporary
//! directory, with hand-made findings (a toy linter) standing in for the
//! engine.

use std::fs;
use std::ops::Range;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use gwlint::document;
use gwlint::finding::{Category, Finding, Fix, RuleMeta, Severity};
use gwlint::fix::{
    apply_once, fix_file, fix_until_stable, run_fix, unified_diff, write_atomic, FixError,
    DEFAULT_MAX_PASSES,
};
use gwlint::report::FileReport;
use gwlint::source::{Encoding, SourceFile};

fn rule(id: &str) -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: id.into(),
        category: Category::Docno,
        severity: Severity::Error,
        message: "测试规则".into(),
        help: None,
        reference: None,
    })
}

fn finding(id: &str, span: Range<usize>, replacement: &str, safe: bool) -> Finding {
    Finding::new(&rule(id), span.clone(), None).with_fix(Some(Fix {
        span,
        replacement: replacement.into(),
        safe,
    }))
}

/// A stand-in for the engine. Safe fixes: half-width brackets, a space
/// before 号, a typo, a leading zero in a sequence number (visible only once
/// the brackets are right, so it needs a second pass) and a whole-number
/// rule overlapping the bracket fixes. Unsafe: 价格 → 价款. No fix: a
/// finding on every 通知.
fn toy_lint(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let simple = [
        ("[", "〔", "docno-bracket"),
        ("]", "〕", "docno-bracket"),
        (" 号", "号", "docno-space"),
        ("廷长", "延长", "typo"),
    ];
    for (pat, rep, id) in simple {
        for (i, _) in text.match_indices(pat) {
            out.push(finding(id, i..i + pat.len(), rep, true));
        }
    }
    for (i, _) in text.match_indices("〕0") {
        let zero = i + "〕".len();
        out.push(finding("docno-leading-zero", zero..zero + 1, "", true));
    }
    for (i, _) in text.match_indices("[2013]") {
        out.push(finding(
            "docno-whole",
            i..i + "[2013]".len(),
            "〔2013〕",
            true,
        ));
    }
    for (i, _) in text.match_indices("价格") {
        out.push(finding("unsafe-word", i..i + "价格".len(), "价款", false));
    }
    for (i, _) in text.match_indices("通知") {
        out.push(Finding::new(&rule("no-fix"), i..i + 6, None));
    }
    out.sort_by(|a, b| (a.span.start, &a.rule.id).cmp(&(b.span.start, &b.rule.id)));
    out
}

fn relint(src: &SourceFile) -> Vec<Finding> {
    toy_lint(&src.text)
}

fn gb(s: &str) -> Vec<u8> {
    let (b, _, err) = encoding_rs::GB18030.encode(s);
    assert!(!err);
    b.into_owned()
}

/// Read a file from disk and "check" it.
fn report_for(path: &Path) -> FileReport {
    let bytes = fs::read(path).unwrap();
    let src = SourceFile::from_bytes(path.to_str().unwrap(), &bytes).unwrap();
    let findings = toy_lint(&src.text);
    FileReport {
        gazette: Arc::new(document::parse(&src)),
        source: Arc::new(src),
        findings,
    }
}

fn set_old_mtime(path: &Path) -> SystemTime {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_500_000_000);
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
    fs::metadata(path).unwrap().modified().unwrap()
}

/// Identity of a file on disk: bytes, mtime and inode (a rename changes it).
fn stamp(path: &Path) -> (Vec<u8>, SystemTime, u64) {
    let m = fs::metadata(path).unwrap();
    (fs::read(path).unwrap(), m.modified().unwrap(), m.ino())
}

/// A document built from pieces: kept bytes, and fixable bytes with the
/// bytes expected after `--fix`. Kept bytes are given raw, so that they can
/// hold sequences a re-encoder would not reproduce (GB18030 0x80 for €).
enum Seg {
    Keep(Vec<u8>),
    Fixed(Vec<u8>, Vec<u8>),
}

fn build(segs: &[Seg]) -> (Vec<u8>, Vec<u8>) {
    let mut before = Vec::new();
    let mut after = Vec::new();
    for s in segs {
        match s {
            Seg::Keep(b) => {
                before.extend_from_slice(b);
                after.extend_from_slice(b);
            }
            Seg::Fixed(a, b) => {
                before.extend_from_slice(a);
                after.extend_from_slice(b);
            }
        }
    }
    (before, after)
}

/// The same notice in any encoding, CRLF line endings, fixes on lines 2
/// and 4, a raw `keep_extra` kept in the middle.
fn notice(enc: impl Fn(&str) -> Vec<u8>, prefix: &[u8], keep_extra: &[u8]) -> Vec<Seg> {
    use Seg::*;
    vec![
        Keep([prefix, &enc("关于印发实施方案的通知\r\n山府发")].concat()),
        Fixed(enc("[2013]0"), enc("〔2013〕")),
        Keep(enc("27")),
        Fixed(enc(" 号"), enc("号")),
        Keep(enc("\r\n各镇人民政府：\r\n价格")),
        Keep(keep_extra.to_vec()),
        Keep(enc("5元，期限")),
        Fixed(enc("廷长"), enc("延长")),
        Keep(enc("一年。\r\n\r\n二〇一三年五月二日")),
    ]
}

#[test]
fn encodings_bom_and_crlf_are_preserved_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = |s: &str| s.as_bytes().to_vec();
    let cases: Vec<(&str, Vec<Seg>, Encoding)> = vec![
        // GB18030 with the one-byte euro sign 0x80 (a re-encoder writes A2 E3).
        ("gb.txt", notice(gb, b"", &[0x80]), Encoding::Gb18030),
        // GB18030 with its own BOM (84 31 95 33), decoded as U+FEFF.
        (
            "gb-bom.txt",
            notice(gb, &[0x84, 0x31, 0x95, 0x33], &gb("€")),
            Encoding::Gb18030,
        ),
        (
            "bom.txt",
            notice(utf8, b"\xEF\xBB\xBF", "€".as_bytes()),
            Encoding::Utf8Bom,
        ),
        ("plain.txt", notice(utf8, b"", b""), Encoding::Utf8),
    ];
    let mut expected = Vec::new();
    for (name, segs, enc) in &cases {
        let (before, after) = build(segs);
        let path = dir.path().join(name);
        fs::write(&path, &before).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        let r = report_for(&path);
        assert_eq!(r.source.encoding, *enc, "{name}");
        expected.push((path, before, after));
    }
    let reports: Vec<_> = expected.iter().map(|(p, ..)| report_for(p)).collect();
    let result = run_fix(&reports, false, false, relint);
    assert!(!result.has_errors(), "{result}");

    for ((path, before, after), summary) in expected.iter().zip(&result.files) {
        let got = fs::read(path).unwrap();
        assert_ne!(&got, before);
        assert!(
            got == *after,
            "{}: bytes differ from the expected splice\n got: {:02X?}\nwant: {:02X?}",
            path.display(),
            got,
            after
        );
        let mode = fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "permissions kept");
        assert!(summary.written && summary.converged);
        assert_eq!(summary.passes, 2, "the leading zero needs a second pass");
        assert_eq!(summary.fixed_by_rule["docno-bracket"], 2);
        assert_eq!(summary.fixed_by_rule["docno-leading-zero"], 1);
        assert!(!summary.fixed_by_rule.contains_key("docno-whole"));
        // Left: the unsafe fix and the 通知 finding.
        assert_eq!(summary.remaining, 2);
        assert_eq!(summary.after.findings.len(), 2);
        assert!(summary.after.source.text.contains("〔2013〕27号"));
    }
    // No temporary file left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), cases.len());

    // A second --fix changes nothing and touches nothing.
    let stamps: Vec<_> = expected
        .iter()
        .map(|(p, ..)| {
            set_old_mtime(p);
            stamp(p)
        })
        .collect();
    let reports: Vec<_> = expected.iter().map(|(p, ..)| report_for(p)).collect();
    let again = run_fix(&reports, false, false, relint);
    assert_eq!(again.fixed(), 0);
    assert!(again.files.iter().all(|f| !f.written && f.error.is_none()));
    for ((p, ..), s) in expected.iter().zip(stamps) {
        assert_eq!(stamp(p), s, "{} was touched", p.display());
    }
}

#[test]
fn unsafe_fixes_only_with_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "价格廷长\n").unwrap();
    run_fix(&[report_for(&path)], false, false, relint);
    assert_eq!(fs::read_to_string(&path).unwrap(), "价格延长\n");
    let r = run_fix(&[report_for(&path)], true, false, relint);
    assert_eq!(fs::read_to_string(&path).unwrap(), "价款延长\n");
    assert_eq!(r.files[0].fixed_by_rule["unsafe-word"], 1);
}

#[test]
fn file_without_applicable_fix_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clean.txt");
    // Only a finding without fix and an unsafe one.
    fs::write(&path, "关于价格的通知\n").unwrap();
    set_old_mtime(&path);
    let before = stamp(&path);
    let r = run_fix(&[report_for(&path)], false, false, relint);
    assert_eq!(stamp(&path), before);
    assert_eq!(r.files[0].remaining, 2);
    assert!(!r.files[0].written);
    // fix_file refuses to write an outcome without changes, too.
    let src = report_for(&path).source;
    let outcome = fix_until_stable(&src.text, false, DEFAULT_MAX_PASSES, toy_lint);
    assert!(!outcome.changed());
    assert!(!fix_file(&path, &src, &outcome).unwrap());
    assert_eq!(stamp(&path), before);
}

#[test]
fn diff_writes_nothing_and_matches_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notice.txt");
    let text = "关于印发实施方案的通知\n\n山府发[2013]027 号\n\n各镇人民政府：\n\n  现将方案印发给你们。\n  请于本月底前完成，不得廷长。\n\n附件：实施方案\n\n2013年5月2日\n";
    fs::write(&path, text).unwrap();
    set_old_mtime(&path);
    let before = stamp(&path);
    let r = run_fix(&[report_for(&path)], false, true, relint);
    assert_eq!(stamp(&path), before, "--diff must not write");
    assert!(r.diff_only && !r.files[0].written);
    assert_eq!(r.fixed(), 5);
    let dir_name = dir.path().to_str().unwrap().trim_start_matches('/');
    let diff = r.diff().replace(dir_name, "DIR");
    insta::assert_snapshot!("diff_notice", diff);
    insta::assert_snapshot!(
        "diff_summary",
        r.to_string().replace(dir.path().to_str().unwrap(), "DIR")
    );
}

#[test]
fn diff_function_headers() {
    let d = unified_diff("corpus/a.txt", "甲\n[2013]\n乙\n", "甲\n〔2013〕\n乙\n");
    assert_eq!(
        d,
        "--- a/corpus/a.txt\n+++ b/corpus/a.txt\n@@ -1,3 +1,3 @@\n 甲\n-[2013]\n+〔2013〕\n 乙\n"
    );
}

/// Make `dir` unwritable in a way that holds for the current user: chmod
/// (not enough for root), else the immutable attribute. Returns a guard
/// that undoes it, or None if neither works here.
struct Unwritable(PathBuf, bool);

impl Drop for Unwritable {
    fn drop(&mut self) {
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status();
        }
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o755));
    }
}

fn make_unwritable(dir: &Path) -> Option<Unwritable> {
    let probe = |d: &Path| fs::write(d.join(".probe"), b"").is_err();
    fs::set_permissions(dir, fs::Permissions::from_mode(0o555)).unwrap();
    if probe(dir) {
        return Some(Unwritable(dir.to_path_buf(), false));
    }
    // Root ignores permission bits: remove the probe, try chattr +i.
    let _ = fs::remove_file(dir.join(".probe"));
    let ok = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    let guard = Unwritable(dir.to_path_buf(), ok);
    (ok && probe(dir)).then_some(guard)
}

#[test]
fn unwritable_files_are_reported_and_others_still_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let ok_path = dir.path().join("ok.txt");
    let ro_file = dir.path().join("readonly.txt");
    let locked_dir = dir.path().join("locked");
    fs::create_dir(&locked_dir).unwrap();
    let locked_file = locked_dir.join("inside.txt");
    for p in [&ok_path, &ro_file, &locked_file] {
        fs::write(p, "山府发[2013]2号\n").unwrap();
        set_old_mtime(p);
    }
    fs::set_permissions(&ro_file, fs::Permissions::from_mode(0o444)).unwrap();
    let ro_before = stamp(&ro_file);
    let locked_before = stamp(&locked_file);

    let mut reports = vec![
        report_for(&ok_path),
        report_for(&ro_file),
        report_for(&locked_file),
    ];
    // A path whose parent is a regular file: cannot be read or written by
    // anyone, root included.
    let bogus = ok_path.join("child.txt");
    let bogus_src = SourceFile::new(
        bogus.to_str().unwrap(),
        "[2013]".to_string(),
        Encoding::Utf8,
    );
    reports.push(FileReport {
        gazette: Arc::new(document::parse(&bogus_src)),
        findings: toy_lint(&bogus_src.text),
        source: Arc::new(bogus_src),
    });

    let guard = make_unwritable(&locked_dir);
    let was_locked = guard.is_some();
    let result = run_fix(&reports, false, false, relint);
    drop(guard);

    let by_path = |p: &Path| {
        result
            .files
            .iter()
            .find(|f| f.path == p.to_str().unwrap())
            .unwrap()
    };
    assert_eq!(fs::read_to_string(&ok_path).unwrap(), "山府发〔2013〕2号\n");
    assert!(by_path(&ok_path).written);

    let ro = by_path(&ro_file);
    let msg = ro.error.as_deref().expect("read-only file reported");
    assert!(
        msg.contains("无法写入") && msg.contains("权限不足"),
        "{msg}"
    );
    assert_eq!(ro.fixed(), 0, "nothing counted as fixed");
    assert_eq!(stamp(&ro_file), ro_before);

    let bogus_msg = by_path(&bogus).error.as_deref().unwrap();
    assert!(bogus_msg.contains("不是目录"), "{bogus_msg}");

    let locked = by_path(&locked_file);
    if was_locked {
        let msg = locked.error.as_deref().expect("locked directory reported");
        assert!(msg.contains("无法写入"), "{msg}");
        assert_eq!(stamp(&locked_file), locked_before);
    } else {
        eprintln!("note: could not lock a directory here (root without chattr)");
        assert_eq!(
            fs::read_to_string(&locked_file).unwrap(),
            "山府发〔2013〕2号\n"
        );
    }
    assert!(result.has_errors());
    let text = result.to_string();
    assert!(text.contains("个文件未能修复"), "{text}");
    assert!(
        text.contains("readonly.txt，文件保持原样：权限不足（文件为只读）"),
        "{text}"
    );
    // Nothing left behind in the directory (no temporary files).
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["locked", "ok.txt", "readonly.txt"]);
}

#[test]
fn write_atomic_errors_when_the_parent_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("f.txt");
    fs::write(&file, "x").unwrap();
    let err = write_atomic(&file.join("g.txt"), b"y").unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotADirectory);
    assert_eq!(fs::read(&file).unwrap(), b"x");
}

#[test]
fn symlink_target_is_fixed_and_link_kept() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.txt");
    let link = dir.path().join("link.txt");
    fs::write(&target, "山府发[2013]2号\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let r = run_fix(&[report_for(&link)], false, false, relint);
    assert!(r.files[0].written, "{r}");
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "山府发〔2013〕2号\n");
}

#[test]
fn file_changed_after_check_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "[2013]\n").unwrap();
    let r = report_for(&path);
    fs::write(&path, "[2013]\n编辑刚加的一行\n").unwrap();
    let result = run_fix(&[r], false, false, relint);
    let msg = result.files[0].error.as_deref().unwrap();
    assert!(msg.contains("已被修改"), "{msg}");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "[2013]\n编辑刚加的一行\n"
    );
}

#[test]
fn unencodable_replacement_is_refused_in_gb18030() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gb.txt");
    fs::write(&path, gb("关于印发实施方案的通知[1]\r\n")).unwrap();
    let before = stamp(&path);
    let src = report_for(&path).source;
    assert_eq!(src.encoding, Encoding::Gb18030);
    // U+E5E5 has no GB18030 mapping in encoding_rs (GB18030-2022).
    let lint = |t: &str| match t.find('[') {
        Some(i) => vec![finding("pua", i..i + 1, "\u{E5E5}", true)],
        None => vec![],
    };
    let outcome = fix_until_stable(&src.text, false, 10, lint);
    assert!(outcome.changed());
    let err = fix_file(&path, &src, &outcome).unwrap_err();
    assert!(matches!(err, FixError::Unencodable { ch: '\u{E5E5}', .. }));
    assert!(err.to_string().contains("GB18030"), "{err}");
    assert_eq!(stamp(&path), before);
}

#[test]
fn overlapping_fixes_resolve_over_passes_and_second_run_is_noop() {
    let text = "山府发[2013]027 号，廷长";
    let (one, applied) = apply_once(text, &toy_lint(text), false);
    // docno-bracket at '[' beats docno-whole (same start, shorter span).
    assert!(applied.iter().all(|a| a.rule != "docno-whole"));
    assert_eq!(one, "山府发〔2013〕027号，延长");
    let out = fix_until_stable(text, false, DEFAULT_MAX_PASSES, toy_lint);
    assert!(out.converged);
    assert_eq!(out.text, "山府发〔2013〕27号，延长");
    assert_eq!(out.passes, 2);
    let again = fix_until_stable(&out.text, false, DEFAULT_MAX_PASSES, toy_lint);
    assert_eq!((again.passes, again.text.as_str()), (0, out.text.as_str()));
    // Every byte outside the fixed spans is unchanged.
    let changed = out.provenance.changed_ranges(text.len());
    let mut pos = 0;
    let mut kept = String::new();
    for r in &changed {
        kept.push_str(&text[pos..r.start]);
        pos = r.end;
    }
    kept.push_str(&text[pos..]);
    let mut from_out = String::new();
    for p in out.provenance.pieces() {
        if let gwlint::fix::Piece::Kept(r) = p {
            from_out.push_str(&text[r.clone()]);
        }
    }
    assert_eq!(kept, from_out);
    assert_eq!(kept, "山府发201327，");
}

#[test]
fn a_panicking_linter_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    let bad = dir.path().join("bad.txt");
    fs::write(&good, "[2013]\n").unwrap();
    fs::write(&bad, "[2013] 崩溃\n").unwrap();
    let before = stamp(&bad);
    let reports = vec![report_for(&bad), report_for(&good)];
    let r = run_fix(&reports, false, false, |src: &SourceFile| {
        if src.text.contains("崩溃") {
            panic!("linter bug");
        }
        toy_lint(&src.text)
    });
    assert_eq!(fs::read_to_string(&good).unwrap(), "〔2013〕\n");
    assert_eq!(stamp(&bad), before);
    let msg = r.files.iter().find_map(|f| f.error.as_deref()).unwrap();
    assert!(msg.contains("内部错误") && msg.contains("bad.txt"), "{msg}");
}

#[test]
fn run_fix_with_reads_and_writes_the_located_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("real.txt");
    fs::write(&path, "甲[2013]\n").unwrap();
    let bytes = fs::read(&path).unwrap();
    // Shown as a relative name that does not exist from the current directory.
    let src = SourceFile::from_bytes("shown/real.txt", &bytes).unwrap();
    let report = FileReport {
        gazette: Arc::new(document::parse(&src)),
        findings: toy_lint(&src.text),
        source: Arc::new(src),
    };
    let r = gwlint::fix::run_fix_with(&[report], |_| path.clone(), false, false, relint);
    assert!(r.files[0].written, "{r}");
    assert_eq!(r.files[0].path, "shown/real.txt");
    assert_eq!(fs::read_to_string(&path).unwrap(), "甲〔2013〕\n");
}

#[test]
fn findings_created_by_fixes_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    fs::write(&path, "旧办法，旧规定\n").unwrap();
    let lint = |t: &str| -> Vec<Finding> {
        let mut out: Vec<Finding> = t
            .match_indices("旧")
            .map(|(i, _)| finding("old-word", i..i + 3, "新", true))
            .collect();
        out.extend(
            t.match_indices("新")
                .map(|(i, _)| Finding::new(&rule("new-word"), i..i + 3, None)),
        );
        out
    };
    let src = SourceFile::from_bytes(path.to_str().unwrap(), &fs::read(&path).unwrap()).unwrap();
    let report = FileReport {
        gazette: Arc::new(document::parse(&src)),
        findings: lint(&src.text),
        source: Arc::new(src),
    };
    let r = run_fix(&[report], false, false, |s: &SourceFile| lint(&s.text));
    let f = &r.files[0];
    assert_eq!(f.fixed_by_rule["old-word"], 2);
    assert_eq!(f.introduced.get("new-word"), Some(&2));
    assert!(!f.introduced.contains_key("old-word"));
    assert!(
        r.to_string().contains("修复后新出现的问题：new-word 2 处"),
        "{r}"
    );
}
