//! The HTTP API of `gwlint serve`, over real TCP on 127.0.0.1: the server
//! in-process on an ephemeral port, requests written by hand so that what
//! is tested is exactly what goes over the wire.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gwlint::serve::{ServeSettings, Server};
use serde_json::Value;
use support::{docx, Block};

fn start(max_request: usize) -> Server {
    let rules = gwlint::rules::load(&gwlint::rules::builtin_packs()).unwrap();
    Server::start(ServeSettings {
        host: "127.0.0.1".into(),
        port: 0,
        max_request,
        rules,
    })
    .unwrap()
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn error(&self) -> String {
        self.json()["error"].as_str().unwrap().to_string()
    }
}

/// Send raw `head` (without the final blank line) and `body`; read the reply.
fn raw(addr: SocketAddr, head: &str, body: &[u8]) -> Reply {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(format!("{head}\r\n\r\n").as_bytes()).unwrap();
    // The server may answer (and stop reading) before the whole body is sent.
    let _ = s.write_all(body);
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = String::from_utf8(out[..split].to_vec()).unwrap();
    let status = head[9..12].parse().unwrap();
    Reply {
        status,
        head,
        body: out[split + 4..].to_vec(),
    }
}

fn post(addr: SocketAddr, path: &str, body: &[u8]) -> Reply {
    raw(
        addr,
        &format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}",
            addr.port(),
            body.len()
        ),
        body,
    )
}

fn get(addr: SocketAddr, path: &str) -> Reply {
    raw(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: localhost:{}", addr.port()),
        b"",
    )
}

/// The UTF-16 slice `[from, to)` of `text`, as the page's JavaScript sees it.
fn js_slice(text: &str, d: &Value) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (from, to) = (
        d["from"].as_u64().unwrap() as usize,
        d["to"].as_u64().unwrap() as usize,
    );
    String::from_utf16(&units[from..to]).unwrap()
}

fn find<'a>(json: &'a Value, rule: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

#[test]
fn page_is_self_contained_and_chinese() {
    let server = start(1 << 20);
    let r = get(server.addr(), "/");
    assert_eq!(r.status, 200);
    assert!(r.head.contains("text/html; charset=utf-8"));
    assert!(r
        .head
        .contains("Content-Security-Policy: default-src 'none'"));
    let page = String::from_utf8(r.body).unwrap();
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("应用安全修复") && page.contains("下载修正后的文本"));
    assert!(page.contains("data-max-request=\"1048576\""));
    assert!(!page.contains("<script src") && !page.contains("<link rel=\"stylesheet\""));

    assert_eq!(get(server.addr(), "/etc/passwd").status, 404);
    assert_eq!(get(server.addr(), "/../Cargo.toml").status, 404);
    assert_eq!(get(server.addr(), "/api/check").status, 405);
}

#[test]
fn check_a_pasted_notice() {
    let server = start(1 << 20);
    // A character outside the BMP first, so that UTF-16 offsets differ
    // from character offsets and from byte offsets.
    let text = format!("𠀀{}", support::lianshan_notice1());
    let r = post(server.addr(), "/api/check", text.as_bytes());
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let json = r.json();
    assert_eq!(json["name"], "粘贴的文本.txt");
    assert_eq!(json["encoding"], "UTF-8");
    assert_eq!(json["text"], text.as_str());

    let docno = find(&json, "docno-brackets");
    assert_eq!(docno.len(), 1);
    let d = docno[0];
    assert_eq!(js_slice(&text, d), "[2013]");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(4))
    );
    assert_eq!(d["category_label"], "发文字号");
    assert_eq!(d["severity_label"], "错误");
    assert_eq!(d["safe_fix"], true);
    assert_eq!(d["fix"]["replacement"], "〔2013〕");

    let zero = find(&json, "date-chinese-zero");
    assert_eq!(zero.len(), 1);
    assert_eq!(js_slice(&text, zero[0]), "二0一三");
    for d in json["diagnostics"].as_array().unwrap() {
        assert_eq!(js_slice(&text, d), d["snippet"].as_str().unwrap());
    }
    // [2013], 二0一三, and the space the prepended 𠀀 leaves inside the title.
    assert_eq!(find(&json, "title-stray-space").len(), 1);
    assert_eq!(json["summary"]["safe_fixes"], 3);
    assert!(json["fixed"].is_null());
}

#[test]
fn check_a_docx_draft_with_a_table() {
    let server = start(1 << 20);
    let bytes = docx(&[
        Block::Para(&["关于做好家庭服务业促进就业工作的通知"]),
        Block::Para(&["山府发〔2013〕7号"]),
        Block::Table(&[&["任务", "牵头单位"], &["廷长服务时间", "县人社局"]]),
        Block::Para(&["2013年5月9日"]),
    ]);
    let r = post(
        server.addr(),
        "/api/check?name=%E8%8D%89%E7%A8%BF.docx",
        &bytes,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let json = r.json();
    assert_eq!(json["name"], "草稿.docx");
    assert_eq!(json["encoding"], "docx");
    let text = json["text"].as_str().unwrap();
    assert_eq!(
        text,
        "关于做好家庭服务业促进就业工作的通知\n山府发〔2013〕7号\n任务\n牵头单位\n廷长服务时间\n县人社局\n2013年5月9日\n"
    );
    let typo = find(&json, "typo-common");
    assert_eq!(typo.len(), 1);
    assert_eq!(js_slice(text, typo[0]), "廷长");
    assert_eq!(
        typo[0]["line"], 5,
        "the paragraph of the second row's first cell"
    );
    assert_eq!(typo[0]["column"], 1);
}

#[test]
fn gb18030_upload_is_read_and_bad_encodings_are_400() {
    let server = start(1 << 20);
    let gbk = encoding_rs::GB18030
        .encode(&support::lianshan_notice1())
        .0
        .into_owned();
    let r = post(server.addr(), "/api/check?name=notice.txt", &gbk);
    assert_eq!(r.status, 200);
    let json = r.json();
    assert_eq!(json["encoding"], "GB18030");
    assert_eq!(find(&json, "docno-brackets").len(), 1);

    let r = post(
        server.addr(),
        "/api/check?name=x.txt",
        b"\xE5\x85\xB3\xFF\xFE\xFF",
    );
    assert_eq!(r.status, 400);
    let e = r.error();
    assert!(
        e.contains("既不是 UTF-8 也不是 GB18030") && e.contains(".docx"),
        "{e}"
    );

    let r = post(
        server.addr(),
        "/api/check?name=old.doc",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("另存为"), "{}", r.error());

    let r = post(
        server.addr(),
        "/api/check?name=bad.docx",
        b"PK\x03\x04 broken",
    );
    assert_eq!(r.status, 400);
    assert!(r.error().contains("不是有效的 .docx 文件"), "{}", r.error());
}

#[test]
fn oversized_bodies_are_413_in_chinese() {
    let server = start(64 * 1024);
    // Just over the limit, sent in full.
    let body = "通".repeat(22 * 1024); // 66 KiB
    let r = post(server.addr(), "/api/check", body.as_bytes());
    assert_eq!(r.status, 413);
    assert!(r.error().contains("超过了 0.1 MB 的上限"), "{}", r.error());

    // A client that claims 10 GB: refused at once, nothing allocated or awaited.
    let t = Instant::now();
    let r = raw(
        server.addr(),
        "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10737418240",
        b"just the start",
    );
    assert_eq!(r.status, 413);
    assert!(r.error().contains("10240.0 MB"), "{}", r.error());
    assert!(t.elapsed() < Duration::from_secs(10));

    // Chunked bodies have no length to check beforehand.
    let r = raw(
        server.addr(),
        "POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked",
        b"5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(r.status, 411);

    // Within the limit, the same server answers.
    assert_eq!(
        post(server.addr(), "/api/check", "通知".as_bytes()).status,
        200
    );
}

#[test]
fn fix_applies_the_safe_fixes_only() {
    let server = start(1 << 20);
    let text = support::lianshan_notice1();
    let r = post(server.addr(), "/api/fix", text.as_bytes());
    assert_eq!(r.status, 200);
    let json = r.json();
    let fixed = json["text"].as_str().unwrap();
    assert_eq!(json["fixed"]["applied"], 2);
    assert_eq!(json["fixed"]["converged"], true);
    assert_eq!(
        fixed,
        text.replace("[2013]", "〔2013〕")
            .replace("二0一三", "二〇一三")
    );
    // The unsafe suggestion (Arabic numerals for the date) is left to the editor.
    let rules: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["date-arabic-numerals"]);
    assert_eq!(
        js_slice(fixed, find(&json, "date-arabic-numerals")[0]),
        "二〇一三年五月九日"
    );
}

#[test]
fn foreign_host_names_are_refused() {
    let server = start(1 << 20);
    let r = raw(
        server.addr(),
        "GET / HTTP/1.1\r\nHost: attacker.example",
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(r.error().contains("不是本机地址"));
    let r = raw(server.addr(), "GET / HTTP/1.1\r\nHost: [::1]:80", b"");
    assert_eq!(r.status, 200);
}

/// `gwlint serve` as typed: a free port, the rules of gwlint.toml.
struct Binary(Child, SocketAddr);

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve_binary(dir: &std::path::Path, args: &[&str]) -> Binary {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .arg("serve")
        .args(["--port", "0"])
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Binary(child, url.parse().unwrap())
}

#[test]
fn the_binary_uses_the_rules_of_gwlint_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("gwlint.toml"), "ignore = [\"docno\"]\n").unwrap();
    let text = support::lianshan_notice1();

    let server = serve_binary(dir.path(), &[]);
    let json = post(server.1, "/api/check", text.as_bytes()).json();
    assert!(find(&json, "docno-brackets").is_empty());
    assert_eq!(find(&json, "date-chinese-zero").len(), 1);

    let server = serve_binary(dir.path(), &["--no-config"]);
    let json = post(server.1, "/api/check", text.as_bytes()).json();
    assert_eq!(find(&json, "docno-brackets").len(), 1);
}

#[test]
fn a_bad_size_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(["serve", "--no-config", "--max-request-size", "lots"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("无效的大小"));
}
