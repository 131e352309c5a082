//! Segmentation and part finding on the real gazettes of `corpus/` and on
//! fixtures for the hard cases (wrapped titles, no number, GBK, CRLF, a
//! single draft with its 版头, a table of contents).

use gwlint::document::{self, Gazette, Notice};
use gwlint::source::{Encoding, SourceFile};

fn load(path: &str) -> (SourceFile, Gazette) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let src = SourceFile::from_bytes(path, &bytes).expect("decodes");
    let g = document::parse(&src);
    (src, g)
}

/// (title, number, ISO date) of a notice.
fn summary(n: &Notice) -> (String, Option<String>, Option<String>) {
    (
        n.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
        n.doc_number.as_ref().map(|d| d.part.text.clone()),
        n.date.as_ref().and_then(|d| d.value.as_ref()?.iso()),
    )
}

fn assert_notice(g: &Gazette, i: usize, title: &str, number: Option<&str>, iso: Option<&str>) {
    let (t, n, d) = summary(&g.notices[i]);
    assert_eq!(
        (t.as_str(), n.as_deref(), d.as_deref()),
        (title, number, iso),
        "notice {i}"
    );
}

#[test]
fn lianshan_2013() {
    let (_, g) = load("corpus/lianshan-2013.txt");
    assert_eq!(g.notices.len(), 5);
    assert!(g.toc.is_empty());
    assert_notice(
        &g,
        0,
        "关于聘任张建瑞等同志任职的通知",
        Some("山府发[2013]2号"),
        Some("2013-05-09"),
    );
    // Title wrapped over two lines, the second blank-separated.
    assert_notice(
        &g,
        3,
        "印发连山壮族瑶族自治县发展家庭服务业促进就业实施方案的通知",
        Some("山府办发〔2013〕31号"),
        Some("2013-05-21"),
    );
    let d = g.notices[0].date.as_ref().unwrap();
    assert_eq!(d.part.text, "二0一三年五月九日");
    assert_eq!(d.value.as_ref().unwrap().bad_zeros.len(), 1);
}

#[test]
fn lianshan_2014() {
    let (src, g) = load("corpus/lianshan-2014.txt");
    assert_eq!(g.notices.len(), 16);
    assert_notice(
        &g,
        4,
        "关于印发2014年连山壮族瑶族自治县企业专属网页和市民个人网页建设工作方案的通知",
        Some("山府办发〔2014〕37号"),
        Some("2014-07-07"),
    );
    // The forwarded 清府〔2014〕85号 stays inside the notice that forwards it.
    assert_notice(
        &g,
        9,
        "关于转发清远市城乡居民基本养老保险实施办法的通知",
        Some("山府办发〔2014〕47号"),
        Some("2014-09-04"),
    );
    assert!(g.notices[9].end_line > 1400);
    assert_notice(
        &g,
        15,
        "关于杨作伦等同志职务任免的通知",
        Some("山人社任〔2014〕25号"),
        Some("2014-09-17"),
    );
    let n = &g.notices[12];
    assert_eq!(n.signers[0].text, "连山壮族瑶族自治县人力资源和社会保障局");
    assert_eq!(
        n.addressees.as_ref().unwrap().text,
        "各镇人民政府,县府直属各单位："
    );
    // Attachment list with three numbered entries and three sections.
    let n = &g.notices[10];
    let names: Vec<_> = n
        .attachments
        .iter()
        .map(|a| (a.number, a.name.as_str()))
        .collect();
    assert_eq!(names[1], (Some(2), "“政银保”合作办公室职责"));
    assert_eq!(n.attachments.len(), 3);
    assert_eq!(n.attachment_sections.len(), 3);
    assert_eq!(n.disclosure.as_ref().unwrap().text, "公开方式：主动公开");
    // Spans index the decoded text.
    let t = n.title.as_ref().unwrap();
    assert!(src.text[t.span.clone()].starts_with("关于印发"));
}

#[test]
fn qingtongxia_with_toc() {
    let (_, g) = load("corpus/qingtongxia-2019-2.txt");
    assert_eq!(g.notices.len(), 9);
    assert_eq!(g.toc.len(), 9);
    assert_eq!(
        g.toc[0].doc_number.as_ref().unwrap().part.text,
        "青党发[2019]65号"
    );
    assert_eq!(
        g.toc[3].title.text,
        "关于进一步加强和改进耕地保护工作的通知"
    );
    assert_notice(
        &g,
        3,
        "青铜峡市人民政府办公室关于进一步加强和改进耕地保护工作的通知",
        Some("青政办发〔2019〕28号"),
        Some("2019-04-09"),
    );
    let n = &g.notices[0];
    let signers: Vec<_> = n.signers.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(signers, ["中共青铜峡市委办公室", "青铜峡市人民政府办公室"]);
    assert_eq!(
        g.notices[2].disclosure.as_ref().unwrap().text,
        "（此件公开发布）"
    );
}

#[test]
fn qingxin_spaced_numbers_and_long_title() {
    let (_, g) = load("corpus/qingxin-2018-3.txt");
    assert_eq!(g.notices.len(), 7);
    assert_eq!(g.toc.len(), 7);
    assert_eq!(
        g.issue_date
            .as_ref()
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .iso()
            .as_deref(),
        Some("2018-10-15")
    );
    let (title, number, date) = summary(&g.notices[0]);
    assert_eq!(
        title,
        "清远市清新区人民政府办公室印发清远市清新区全民科学素质行动计划纲要实施方案（2016-2020年）的通知"
    );
    assert_eq!(number.as_deref(), Some("清新府办〔2018〕35 号"));
    assert_eq!(date.as_deref(), Some("2018-07-02"));
    // An 80-character title on one line.
    assert!(g.notices[4]
        .title
        .as_ref()
        .unwrap()
        .text
        .ends_with("强制送治经费补助实施方案的通知"));
    assert_eq!(g.notices[3].attachment_sections.len(), 3);
}

#[test]
fn sanmenxia_table_toc() {
    let (_, g) = load("corpus/sanmenxia-2017-5.txt");
    assert_eq!(g.notices.len(), 15);
    assert_eq!(g.toc.len(), 15);
    assert_eq!(
        g.toc[0].title.text,
        "三门峡市人民政府关于支持兼并重组煤矿关闭退出的奖励意见"
    );
    assert_eq!(
        g.toc[7].title.text,
        "三门峡市人民政府关于成立三门峡崤云信息服务股份有限公司的通知"
    );
    assert_notice(
        &g,
        0,
        "三门峡市人民政府关于支持兼并重组煤矿关闭退出的奖励意见",
        Some("三政〔2017〕14号"),
        Some("2017-05-12"),
    );
    assert_eq!(g.notices[0].kind.as_deref(), Some("意见"));
    assert_eq!(g.notices[1].kind.as_deref(), Some("决定"));
    let n = &g.notices[13];
    assert_eq!(n.attachments.len(), 2);
    assert_eq!(
        n.attachments[0].name,
        "纳入统筹范围的中央财政及省配套资金目录"
    );
}

#[test]
fn draft_with_masthead_number_above_title() {
    let (_, g) = load("tests/fixtures/parse/draft-with-masthead.txt");
    assert_eq!(g.notices.len(), 1);
    let n = &g.notices[0];
    assert_eq!(n.start_line, 1);
    assert_notice(
        &g,
        0,
        "关于印发连山壮族瑶族自治县企业专属网页建设工作方案的通知",
        Some("山府办发〔2014〕37号"),
        Some("2014-07-07"),
    );
    assert_eq!(n.attachments.len(), 2);
    assert_eq!(n.attachments[1].name, "企业专属网页建设任务分解表");
    let sections: Vec<_> = n.attachment_sections.iter().map(|s| s.number).collect();
    assert_eq!(sections, [Some(1), Some(2)]);
    assert_eq!(
        n.attachment_sections[0].title.as_ref().unwrap().text,
        "连山壮族瑶族自治县企业专属网页建设工作领导小组名单"
    );
    assert!(n.cc.as_ref().unwrap().text.starts_with("抄送："));
    assert!(n
        .printing
        .as_ref()
        .unwrap()
        .text
        .ends_with("2014年7月8日印发"));
}

#[test]
fn notice_without_number() {
    let (_, g) = load("tests/fixtures/parse/no-number.txt");
    assert_eq!(g.notices.len(), 1);
    assert_notice(
        &g,
        0,
        "关于做好2024年春节期间安全生产工作的通知",
        None,
        Some("2024-01-20"),
    );
    assert_eq!(
        g.notices[0].addressees.as_ref().unwrap().text,
        "各镇人民政府，县直各单位："
    );
}

#[test]
fn announcement_without_addressees() {
    let (_, g) = load("tests/fixtures/parse/announcement.txt");
    assert_eq!(g.notices.len(), 1);
    let n = &g.notices[0];
    assert_eq!(n.kind.as_deref(), Some("通告"));
    assert!(n.addressees.is_none());
    assert_eq!(
        n.title.as_ref().unwrap().text,
        "连山壮族瑶族自治县人民政府关于禁止燃放烟花爆竹的通告"
    );
}

#[test]
fn gbk_file_is_detected_and_parsed() {
    let (src, g) = load("tests/fixtures/parse/gbk.txt");
    assert_eq!(src.encoding, Encoding::Gb18030);
    assert_notice(
        &g,
        0,
        "关于做好2024年春节期间安全生产工作的通知",
        None,
        Some("2024-01-20"),
    );
}

#[test]
fn crlf_lines_and_spans() {
    let (src, g) = load("tests/fixtures/parse/crlf.txt");
    assert!(src.text.contains("\r\n"));
    let n = &g.notices[0];
    let number = &n.doc_number.as_ref().unwrap().part;
    assert_eq!(&src.text[number.span.clone()], "清新府办〔2018〕37号");
    assert_eq!(number.line, 3);
    assert_eq!(n.date.as_ref().unwrap().part.text, "2018年7月9日");
}

#[test]
fn text_without_a_notice_has_none() {
    let src = SourceFile::new(
        "readme.md",
        "# 使用说明\n\n这是一个说明文件。\n".into(),
        Encoding::Utf8,
    );
    assert!(document::parse(&src).notices.is_empty());
    let empty = SourceFile::new("empty.txt", String::new(), Encoding::Utf8);
    assert!(document::parse(&empty).notices.is_empty());
}

#[test]
fn order_numbered_in_its_own_series() {
    let (_, g) = load("tests/fixtures/parse/order.txt");
    assert_eq!(g.notices.len(), 2);
    assert_eq!(g.notices[0].kind.as_deref(), Some("令"));
    assert!(g.notices[0].doc_number.is_none());
    assert_eq!(g.notices[0].end_line, 8);
    assert_notice(
        &g,
        1,
        "三门峡市人民政府关于加快发展养老服务业的实施意见",
        Some("三政〔2017〕23号"),
        Some("2017-05-31"),
    );
}

#[test]
fn number_with_signatory_of_a_request() {
    let text = "关于申请专项资金的请示\n\n山府〔2014〕12号    签发人：张三\n\n清远市人民政府：\n\n现将有关情况请示如下。\n\n连山壮族瑶族自治县人民政府\n2014年7月1日\n";
    let src = SourceFile::new("t.txt", text.into(), Encoding::Utf8);
    let g = document::parse(&src);
    let n = &g.notices[0];
    assert_eq!(n.kind.as_deref(), Some("请示"));
    assert_eq!(n.doc_number.as_ref().unwrap().part.text, "山府〔2014〕12号");
    assert_eq!(n.addressees.as_ref().unwrap().text, "清远市人民政府：");
}

/// `gwlint parse --format json` on the whole corpus, through the real
/// binary: the contract of DESIGN.md section 3, and the notices found.
#[test]
fn parse_cli_on_the_corpus_follows_the_contract() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gwlint"))
        .args(["parse", "--format", "json", "corpus/"])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    let counts: Vec<(String, usize, usize)> = files
        .iter()
        .map(|f| {
            (
                f["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("corpus/")
                    .to_string(),
                f["notices"].as_array().unwrap().len(),
                f["toc"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("lianshan-2013.txt".to_string(), 5, 0),
            ("lianshan-2014.txt".to_string(), 16, 0),
            ("qingtongxia-2019-2.txt".to_string(), 9, 9),
            ("qingxin-2018-3.txt".to_string(), 7, 7),
            ("sanmenxia-2017-5.txt".to_string(), 15, 15),
        ]
    );
    let keys = [
        "index",
        "start_line",
        "end_line",
        "kind",
        "title",
        "doc_number",
        "addressees",
        "signers",
        "date",
        "disclosure",
        "attachments",
        "attachment_sections",
        "cc",
        "printing",
    ];
    for f in files {
        for entry in f["toc"].as_array().unwrap() {
            for k in ["title", "doc_number", "line"] {
                assert!(entry.get(k).is_some(), "toc entry without {k}");
            }
        }
        for n in f["notices"].as_array().unwrap() {
            for k in keys {
                assert!(n.get(k).is_some(), "notice without {k}: {n}");
            }
            let t = &n["title"];
            assert!(t["text"].is_string() && t["line"].is_u64() && t["span"].is_array());
            if !n["date"].is_null() {
                assert!(n["date"].get("iso").is_some());
            }
        }
    }
    let n = &files[1]["notices"][9];
    assert_eq!(n["doc_number"]["text"], "山府办发〔2014〕47号");
    assert_eq!(n["date"]["iso"], "2014-09-04");
    assert_eq!(
        n["addressees"]["text"],
        "各镇人民政府，县政府各部门、各直属机构："
    );
}

#[test]
fn number_above_title_after_an_attachment() {
    let (_, g) = load("tests/fixtures/parse/number-above-title.txt");
    assert_eq!(g.notices.len(), 2);
    assert_eq!(g.notices[0].end_line, 16);
    assert_notice(
        &g,
        1,
        "关于做好防汛工作的通知",
        Some("山府发〔2013〕3号"),
        Some("2013-06-09"),
    );
}
