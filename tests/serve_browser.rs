//! End to end in a real browser: `gwlint serve` is started as typed,
//! Debian's headless chromium is driven by `tests/e2e/serve.mjs`
//! (playwright-core, no browser download) to paste a real notice with known
//! defects, hover a highlight, apply the safe fixes, download the result and
//! drop a .docx draft; this test then checks that every finding is
//! highlighted on exactly its characters.
//!
//! Needs `/usr/bin/chromium` (or `GWLINT_CHROMIUM`), `node`, and
//! `npm ci --prefix tests/e2e`; `.ci/run` installs all three. Skipped with a
//! message when they are missing, except under CI (`CI=true`), where a
//! missing piece fails the test.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

const DOCX_FIXTURE: &str = "tests/fixtures/docx/lianshan-2013-notice3.docx";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What is missing to run the browser test, if anything.
fn prerequisites() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("GWLINT_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !chromium.exists() {
        return Err(format!("no chromium at {}", chromium.display()));
    }
    if Command::new("node").arg("--version").output().is_err() {
        return Err("no node on PATH".into());
    }
    let e2e = root().join("tests/e2e");
    if !e2e.join("node_modules/playwright-core").exists() {
        return Err("playwright-core is not installed: run `npm ci --prefix tests/e2e`".into());
    }
    Ok((chromium, e2e))
}

struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve() -> (Served, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(["serve", "--port", "0", "--no-config"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let start = line
        .find("http://")
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let url: String = line[start..]
        .chars()
        .take_while(|c| c.is_ascii() && !c.is_whitespace())
        .collect();
    (Served(child), url)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// What the library finds in `src`: (rule, UTF-16 range, snippet).
fn expected(src: gwlint::source::SourceFile) -> Vec<(String, usize, usize, String)> {
    let rules = gwlint::rules::load(&gwlint::rules::builtin_packs()).unwrap();
    let report = gwlint::engine::check_source(Arc::new(src), &rules).unwrap();
    let text = &report.source.text;
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.id.clone(),
                utf16_len(&text[..f.span.start]),
                utf16_len(&text[..f.span.end]),
                text[f.span.clone()].to_string(),
            )
        })
        .collect()
}

/// Every finding `expect` lists is in the page's list, in the same order,
/// and its highlights cover exactly its characters: the marks carrying it
/// are contiguous, start and end where its span does, and read its text.
fn assert_highlighted(seen: &Value, expect: &[(String, usize, usize, String)], what: &str) {
    let items = seen["items"].as_array().unwrap();
    let listed: Vec<(u64, &str)> = items
        .iter()
        .map(|i| (i["index"].as_u64().unwrap(), i["rule"].as_str().unwrap()))
        .collect();
    let mut by_index = listed.clone();
    by_index.sort();
    let rules: Vec<&str> = by_index.iter().map(|(_, r)| *r).collect();
    let want: Vec<&str> = expect.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(rules, want, "{what}: the list of findings");

    let marks = seen["marks"].as_array().unwrap();
    for (i, (rule, from, to, snippet)) in expect.iter().enumerate() {
        let mine: Vec<&Value> = marks
            .iter()
            .filter(|m| m["diags"].as_array().unwrap().iter().any(|d| d == i))
            .collect();
        assert!(
            !mine.is_empty(),
            "{what}: {rule} ({snippet}) is not highlighted"
        );
        let start = mine[0]["start"].as_u64().unwrap() as usize;
        let end = mine.last().unwrap()["end"].as_u64().unwrap() as usize;
        for pair in mine.windows(2) {
            assert_eq!(
                pair[0]["end"], pair[1]["start"],
                "{what}: {rule} has a hole"
            );
        }
        let text: String = mine.iter().map(|m| m["text"].as_str().unwrap()).collect();
        assert_eq!(
            (start, end, text.as_str()),
            (*from, *to, snippet.as_str()),
            "{what}: {rule} is highlighted on the wrong characters"
        );
        if from == to {
            assert_eq!(mine[0]["kind"], "gap", "{what}: {rule} has no marker");
        }
    }
}

/// The highlight of `rule` reads `text` and starts at character `at` of `doc`.
fn assert_mark(seen: &Value, rule: &str, text: &str, doc: &str) {
    let at = utf16_len(&doc[..doc.find(text).unwrap()]);
    let index = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["rule"] == rule)
        .map(|i| i["index"].as_u64().unwrap())
        .collect::<Vec<_>>();
    let found = seen["marks"].as_array().unwrap().iter().any(|m| {
        m["start"].as_u64() == Some(at as u64)
            && m["diags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| index.contains(&d.as_u64().unwrap()))
    });
    assert!(found, "no highlight of {rule} on “{text}” at {at}");
}

#[test]
fn an_editor_pastes_fixes_downloads_and_drops_a_docx() {
    let (chromium, e2e) = match prerequisites() {
        Ok(p) => p,
        Err(why) if std::env::var("CI").as_deref() != Ok("true") => {
            eprintln!("SKIPPED the browser test: {why} (it is required when CI=true)");
            return;
        }
        Err(why) => panic!("the browser test is required in CI: {why}"),
    };
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve-browser");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let notice = support::lianshan_notice1();
    let notice_path = out.join("notice.txt");
    std::fs::write(&notice_path, &notice).unwrap();

    let (_server, url) = serve();
    let mut node = Command::new("node")
        .arg(e2e.join("serve.mjs"))
        .arg(&url)
        .arg(&notice_path)
        .arg(root().join(DOCX_FIXTURE))
        .arg(&out)
        .arg(&chromium)
        .current_dir(&e2e)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while node.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(180) {
            let _ = node.kill();
            panic!("the browser script did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = node.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the browser script failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap();
    eprintln!("screenshots: {}", out.display());

    assert_eq!(seen["title"], "公文检查 · gwlint");
    assert_eq!(
        seen["foreignRequests"],
        serde_json::json!([]),
        "only the local server is asked"
    );
    assert_eq!(seen["consoleErrors"], serde_json::json!([]));

    // 1. The pasted notice: every finding on its characters.
    let paste = &seen["paste"];
    assert_eq!(paste["docText"], notice.as_str());
    assert!(
        paste["status"].as_str().unwrap().contains("发现 3 个问题"),
        "{}",
        paste["status"]
    );
    let src = gwlint::input::load("粘贴的文本.txt", notice.as_bytes().to_vec()).unwrap();
    assert_highlighted(paste, &expected(src), "pasted notice");
    assert_mark(paste, "docno-brackets", "[2013]", &notice);
    assert_mark(paste, "date-chinese-zero", "二0一三", &notice);
    assert_mark(paste, "date-arabic-numerals", "二0一三年五月九日", &notice);
    let groups: Vec<&str> = paste["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    assert_eq!(groups, ["发文字号 （1）", "日期 （2）"]);

    // 2. Hovering the document number explains it.
    let tip = seen["tip"].as_str().unwrap();
    assert!(
        tip.contains("六角括号") && tip.contains("建议改为：“〔2013〕”"),
        "{tip}"
    );

    // 3. The safe fixes, and the download of their result.
    let fixed_text = notice
        .replace("[2013]", "〔2013〕")
        .replace("二0一三", "二〇一三");
    let fixed = &seen["fixed"];
    assert_eq!(fixed["input"], fixed_text.as_str());
    assert_eq!(fixed["docText"], fixed_text.as_str());
    assert!(fixed["status"]
        .as_str()
        .unwrap()
        .contains("已应用 2 处安全修复"));
    let src = gwlint::input::load("粘贴的文本.txt", fixed_text.as_bytes().to_vec()).unwrap();
    assert_highlighted(fixed, &expected(src), "after the fixes");
    assert_mark(
        fixed,
        "date-arabic-numerals",
        "二〇一三年五月九日",
        &fixed_text,
    );
    assert_eq!(seen["downloadName"], "粘贴的文本（已修正）.txt");
    assert_eq!(seen["download"], format!("\u{feff}{fixed_text}").as_str());

    // 4. The dropped Word draft: its paragraphs, highlighted.
    let bytes = std::fs::read(root().join(DOCX_FIXTURE)).unwrap();
    let src = gwlint::input::load("lianshan-2013-notice3.docx", bytes.clone()).unwrap();
    let docx = &seen["docx"];
    assert_eq!(docx["docText"], src.text.as_str());
    assert_eq!(docx["input"], src.text.as_str());
    assert!(docx["status"].as_str().unwrap().contains("Word 文档"));
    let doc_text = src.text.clone();
    assert_highlighted(docx, &expected(src), "dropped .docx");
    assert_mark(docx, "typo-common", "廷长", &doc_text);
    assert_mark(docx, "typo-common", "健立健全", &doc_text);
}
