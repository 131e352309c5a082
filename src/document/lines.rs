//! Line-level classification shared by segmentation and part finding:
//! what a line of a gazette looks like (title fragment, document number,
//! date, addressees …), independent of where it stands.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{date, docno, heading};
use crate::source::SourceFile;

/// One line with its content trimmed of indentation, markdown heading
/// markers and trailing spaces.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    /// 0-based line index.
    pub idx: usize,
    /// The raw line without terminator.
    pub raw: &'a str,
    /// Trimmed content.
    pub text: &'a str,
    /// Byte span of `text` in the file.
    pub span: Range<usize>,
}

impl<'a> Line<'a> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }
}

fn is_pad(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Split a file into classified lines.
pub fn lines(src: &SourceFile) -> Vec<Line<'_>> {
    use rayon::prelude::*;
    (0..src.line_count())
        .into_par_iter()
        .with_min_len(4096)
        .map(|idx| (idx, src.line_range(idx)))
        .map(|(idx, range)| {
            let raw = &src.text[range.clone()];
            let lead_trimmed = raw.trim_start_matches(is_pad);
            // Markdown headings from PDF conversions: `## 目 录`.
            let no_hash = match lead_trimmed.trim_start_matches('#') {
                rest if rest.len() < lead_trimmed.len()
                    && (rest.is_empty() || rest.starts_with(is_pad)) =>
                {
                    rest.trim_start_matches(is_pad)
                }
                _ => lead_trimmed,
            };
            // Markdown list bullets: `- 附件：…`.
            let no_hash = match no_hash
                .strip_prefix("- ")
                .or_else(|| no_hash.strip_prefix("* "))
            {
                Some(rest) => rest.trim_start_matches(is_pad),
                None => no_hash,
            };
            let mut text = no_hash.trim_end_matches(is_pad);
            // A whole line in markdown bold: `**关于…的通知**`.
            if let Some(inner) = text.strip_prefix("**").and_then(|t| t.strip_suffix("**")) {
                text = inner.trim_matches(is_pad);
            }
            // `text` is a slice of `no_hash`: its offset is where it starts.
            let no_hash = &no_hash[text.as_ptr() as usize - no_hash.as_ptr() as usize..];
            let start = range.start + (raw.len() - no_hash.len());
            Line {
                idx,
                raw,
                text,
                span: start..start + text.len(),
            }
        })
        .collect()
}

/// The 15 document kinds of the 条例 (第八条), longest first so that `命令`
/// wins over `令`.
pub const KINDS: [&str; 16] = [
    "决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复",
    "议案", "纪要", "函", "令",
];

/// The document kind a title ends with, ignoring a trailing bracketed
/// qualifier such as `（试行）` and trailing punctuation.
pub fn title_kind(title: &str) -> Option<&'static str> {
    let mut t = title.trim_end_matches(|c: char| is_pad(c) || "。.，,；;！!？?".contains(c));
    // `…的通知（试行）` / `…意见(征求意见稿)`
    while t.ends_with('）') || t.ends_with(')') {
        match t.rfind(['（', '(']) {
            Some(i) => t = t[..i].trim_end(),
            None => break,
        }
    }
    KINDS.into_iter().find(|k| t.ends_with(k))
}

/// A line that is a document number and nothing else.
/// A line that is a document number, alone or followed by the 签发人 of a
/// report or request (`国办发〔2012〕1号    签发人：张三`). The number's span is
/// relative to `text`.
pub fn docno_line(text: &str) -> Option<docno::DocNumber> {
    docno::parse(text).or_else(|| {
        let d = docno::find_at_start(text)?;
        let rest = text[d.span.end..].trim_start();
        rest.starts_with("签发人").then_some(d)
    })
}

static PAGE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s.…·．]+)[（(]?(\d{1,4})[)）]?\s*$").expect("page tail regex")
});

/// The page number printed at the end of a table-of-contents line
/// (`…的通知 9`, `…35号.....\t1`, `..... (3)`): the byte offset where the
/// page part starts, and the page.
pub fn toc_page_tail(text: &str) -> Option<(usize, String)> {
    let c = PAGE_TAIL.captures(text)?;
    let whole = c.get(0)?;
    // A bare number line is a page only when written with dots or brackets.
    if whole.start() == 0 && !text.contains(['.', '…', '(', '（', '·']) {
        return None;
    }
    // `2016 年` is not a page: the number must end the line.
    Some((whole.start(), c[1].to_string()))
}

/// A line that only carries a page number (`..... (3)`).
pub fn is_page_only(text: &str) -> bool {
    matches!(toc_page_tail(text), Some((0, _)))
}

/// A heading of the table of contents: `目录`, `目 录`, `公 报 目 录`.
pub fn is_toc_heading(text: &str) -> bool {
    let chars = squeezed(text);
    chars.clone().nth(14).is_none()
        && chars.clone().rev().take(2).eq(['录', '目'])
        && !chars.clone().any(|c| c == '。' || c == '，')
}

/// A date line: the 成文日期 alone on its line.
pub fn date_line(text: &str) -> Option<date::FoundDate> {
    date::parse(text)
}

/// Lines that open the closing parts of a notice or an attachment.
pub fn is_structural(text: &str) -> bool {
    starts_with_label(text, "附件")
        || starts_with_label(text, "抄送")
        || starts_with_label(text, "公开方式")
        || is_disclosure(text)
        || attachment_marker(text).is_some()
}

/// `label：…` or `label:…`, with optional spaces inside the label (`附 件：`).
pub fn starts_with_label(text: &str, label: &str) -> bool {
    let mut chars = squeezed(text);
    label.chars().all(|l| chars.next() == Some(l)) && matches!(chars.next(), Some('：' | ':'))
}

/// The characters of `text` without padding (spaces inside a label or a
/// title: `附 件：`), without allocating: this runs on every line.
fn squeezed(text: &str) -> impl DoubleEndedIterator<Item = char> + Clone + '_ {
    text.chars().filter(|c| !is_pad(*c))
}

/// `（此件公开发布）` or `公开方式：主动公开`.
pub fn is_disclosure(text: &str) -> bool {
    let chars = squeezed(text);
    let bracketed = matches!(chars.clone().next(), Some('（' | '('))
        && matches!(chars.clone().next_back(), Some('）' | ')'));
    let mentions_this = || {
        let mut prev = None;
        chars.clone().any(|c| {
            let found = prev == Some('此') && c == '件';
            prev = Some(c);
            found
        })
    };
    (bracketed && mentions_this()) || starts_with_label(text, "公开方式")
}

static ATTACHMENT_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附[\s\u3000]*件[\s\u3000]*(\d{1,2})?[\s\u3000]*[：:]?$").expect("marker regex")
});

/// An attachment section marker line (`附件1`, `附 件`, `附件 2：`), with
/// its number.
pub fn attachment_marker(text: &str) -> Option<Option<u32>> {
    if !text.starts_with('附') {
        return None;
    }
    let c = ATTACHMENT_MARKER.captures(text)?;
    Some(c.get(1).and_then(|m| m.as_str().parse().ok()))
}

static PRINTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d{4}[\s\u3000]*年[\s\u3000]*\d{1,2}[\s\u3000]*月[\s\u3000]*\d{1,2}[\s\u3000]*日[\s\u3000]*印发$")
        .expect("printing regex")
});

/// The printing line: `…办公室  2012年7月1日印发`.
pub fn is_printing(text: &str) -> bool {
    PRINTING.is_match(text)
}

/// Words that open a title's 事由.
const OPENERS: [&str; 6] = ["关于", "印发", "转发", "批转", "公布", "颁布"];

/// Whether a title line begins the title: it starts with an opener, or names
/// the issuing office and then `关于`.
pub fn opens_title(text: &str) -> bool {
    OPENERS.iter().any(|o| text.starts_with(o))
        || text
            .find("关于")
            .is_some_and(|i| text[..i].chars().count() <= 30 && !text[..i].contains(['，', '。']))
}

/// Suffixes of the names of offices and organisations.
const ORG_SUFFIXES: [&str; 32] = [
    "政府",
    "办公室",
    "委员会",
    "局",
    "委",
    "厅",
    "部",
    "院",
    "会",
    "中心",
    "公司",
    "处",
    "队",
    "所",
    "站",
    "室",
    "府",
    "县",
    "市",
    "区",
    "镇",
    "乡",
    "街道",
    "办事处",
    "党委",
    "党组",
    "小组",
    "集团",
    "大学",
    "学校",
    "协会",
    "联合会",
];

/// A line that names an office (a signer): short, no sentence punctuation,
/// ending with an organisation suffix.
pub fn is_org_line(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !text.contains(['。', '，', '；', '：', ':', '、', ',', ';', '“', '《'])
        && heading::marker(text).is_none()
        && !text.starts_with("特此")
        && ORG_SUFFIXES.iter().any(|s| text.ends_with(s))
}

const SENTENCE_PUNCT: [char; 10] = ['。', '；', ';', '！', '!', '？', '?', '：', ':', '|'];

/// A line that can be (part of) a document title.
pub fn is_title_fragment(line: &Line<'_>) -> bool {
    let t = line.text;
    // Counted only as far as the longest title allowed.
    let n = t.chars().take(121).count();
    // Long titles exist, but only a line that ends with a kind may be long.
    let max = if title_kind(t).is_some() { 120 } else { 60 };
    if n < 2 || n > max || line.raw.starts_with('\t') || line.raw.starts_with('|') {
        return false;
    }
    // A title that ends with a kind may carry a stray trailing mark (`…的通知。`):
    // it is still the title, and the mark is a finding of its own.
    let core = match title_kind(t) {
        Some(_) => t.trim_end_matches(|c: char| "。.，,；;：:！!？?".contains(c)),
        None => t,
    };
    if core.contains(SENTENCE_PUNCT) || core.ends_with(['，', '、', ',']) {
        return false;
    }
    if t.contains(['，', ',']) && title_kind(t).is_none() {
        return false;
    }
    // A line of digits, dates and symbols is a table cell, not a title.
    if !t.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return false;
    }
    if heading::marker(t).is_some()
        || docno_line(t).is_some()
        || date_line(t).is_some()
        || is_structural(t)
        || is_printing(t)
        || is_toc_heading(t)
        || toc_page_tail(t).is_some()
        || t.starts_with(['【', '●', '-', '—', '（', '('])
    {
        return false;
    }
    true
}

/// Words that show a line ending with a colon is a sentence, not addressees.
const NOT_ADDRESSEE: [&str; 10] = [
    "如下",
    "以下",
    "下列",
    "为：",
    "是：",
    "包括",
    "具体",
    "通告",
    "批准：",
    "研究：",
];
const ADDRESSEE_WORDS: [&str; 22] = [
    "政府",
    "部门",
    "单位",
    "机构",
    "机关",
    "委员会",
    "办公室",
    "局",
    "委",
    "厅",
    "街道",
    "乡",
    "镇",
    "公司",
    "学校",
    "医院",
    "同志",
    "领导",
    "企业",
    "团体",
    "处",
    "院",
];

/// A line that reads as addressees (主送机关): `各镇人民政府，县政府各部门：`.
pub fn is_addressee(text: &str) -> bool {
    let Some(body) = text.strip_suffix(['：', ':']) else {
        return false;
    };
    let n = text.chars().count();
    (3..=150).contains(&n)
        && !text.contains(['。', '；', ';', '！', '？'])
        && !NOT_ADDRESSEE.iter().any(|w| text.contains(w))
        && (body.starts_with('各') || ADDRESSEE_WORDS.iter().any(|w| body.contains(w)))
        && heading::marker(text).is_none()
}

/// Join title lines into one: stray spaces between Chinese characters are
/// dropped, spaces between Latin words kept.
pub fn join_title<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let joined: String = parts.into_iter().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = joined.chars().collect();
    let mut out = String::with_capacity(joined.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_pad(c) {
            let prev = out.chars().last();
            let next = chars[i + 1..].iter().find(|c| !is_pad(**c)).copied();
            let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            if latin(prev) && latin(next) && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The lines of `text` that contain `needle`, each with its offset, once
/// each and in order: where a pattern that stays within a line has no
/// literal of its own to search for, a literal it needs narrows the search.
pub fn lines_with<'a>(
    text: &'a str,
    needle: &'a str,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let hit = from + text.get(from..)?.find(needle)?;
        let line = line_around(text.as_bytes(), hit);
        from = line.end + 1;
        Some((line.start, &text[line]))
    })
}

/// The byte range of the line that holds byte `at` (any byte, not only a
/// character boundary), without its line feed.
pub fn line_around(text: &[u8], at: usize) -> std::ops::Range<usize> {
    let start = memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Encoding;

    #[test]
    fn lines_with_a_literal() {
        let text = "一月\n无\n二月三月\n\n四月";
        let found: Vec<_> = lines_with(text, "月").collect();
        assert_eq!(found, [(0, "一月"), (11, "二月三月"), (25, "四月")]);
        assert_eq!(lines_with("abc", "月").count(), 0);
    }

    #[test]
    fn kinds() {
        assert_eq!(title_kind("关于聘任张建瑞等同志任职的通知"), Some("通知"));
        assert_eq!(title_kind("关于推进改革的实施意见（试行）"), Some("意见"));
        assert_eq!(title_kind("三门峡市人民政府令"), Some("令"));
        assert_eq!(title_kind("关于加强法治政府建设实施方案"), None);
    }

    #[test]
    fn toc_pages() {
        assert_eq!(
            toc_page_tail("股份有限公司的通知 9")
                .map(|p| p.1)
                .as_deref(),
            Some("9")
        );
        assert!(is_page_only("..... (3)"));
        assert_eq!(
            toc_page_tail("清新府办〔2018〕40号.....\t55")
                .map(|p| p.1)
                .as_deref(),
            Some("55")
        );
        assert!(toc_page_tail("2016 年易地扶贫搬迁").is_none());
        assert!(toc_page_tail("关于印发方案的通知").is_none());
    }

    #[test]
    fn classification() {
        assert!(is_addressee("各镇人民政府，县政府各部门、各直属机构："));
        assert!(is_addressee("区教育局："));
        let l = |t: &'static str| Line {
            idx: 0,
            raw: t,
            text: t,
            span: 0..t.len(),
        };
        assert!(is_title_fragment(&l(
            "关于加快推进市重点项目建设的若干意见。"
        )));
        assert!(!is_title_fragment(&l("现将有关事项通知如下。")));
        assert!(!is_addressee("现将有关事项通知如下："));
        assert!(!is_addressee("主要体现为："));
        assert!(is_org_line("连山壮族瑶族自治县人民政府办公室"));
        assert!(!is_org_line("特此通知"));
        assert!(opens_title("三门峡市人民政府关于成立三门峡崤云信息服务"));
        assert!(is_toc_heading("三门峡市人民政府 公 报 目 录"));
        assert!(is_toc_heading("目 录"));
        assert_eq!(attachment_marker("附 件"), Some(None));
        assert_eq!(attachment_marker("附件 2"), Some(Some(2)));
        assert_eq!(attachment_marker("附件1："), Some(Some(1)));
        assert!(starts_with_label("附 件：1.名单", "附件"));
        assert!(is_disclosure("（此件公开发布）"));
        assert!(is_printing("连山县人民政府办公室  2014年7月15日印发"));
        let d = docno_line("国办发〔2012〕1号    签发人：张三").unwrap();
        assert_eq!(d.span, 0.."国办发〔2012〕1号".len());
        assert!(docno_line("国办发〔2012〕1号文件精神").is_none());
    }

    #[test]
    fn joined_titles() {
        assert_eq!(
            join_title(["关于印发清远市 清新区", "实施 方案"]),
            "关于印发清远市清新区实施方案"
        );
        assert_eq!(join_title(["关于 GB T 标准"]), "关于GB T标准");
    }

    #[test]
    fn markdown_and_indent_trimmed() {
        let src = SourceFile::new(
            "x",
            "## 目 录\n\u{3000}\u{3000}正文\n".into(),
            Encoding::Utf8,
        );
        let ls = lines(&src);
        assert_eq!(ls[0].text, "目 录");
        assert_eq!(&src.text[ls[0].span.clone()], "目 录");
        assert_eq!(ls[1].text, "正文");
    }
}
