//! Document numbers (发文字号): `国办发〔2012〕1号` — agency code, year in
//! 六角括号, sequence number, 号. The parser accepts the common misprints
//! (other brackets, spaces, leading zeros, 第) and records them, so that rules
//! can report each one precisely.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A parsed document number. Offsets are relative to the parsed string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// 机关代字, e.g. `山府办发`.
    pub agency: String,
    /// The year as written (may be 2 digits in misprints).
    pub year: u32,
    pub year_text: String,
    pub open: char,
    pub close: char,
    /// Sequence number as written (may carry leading zeros).
    pub seq_text: String,
    pub seq: u32,
    /// `第` written before the sequence number.
    pub has_di: bool,
    /// Whitespace anywhere inside the number.
    pub has_spaces: bool,
    /// Span of the whole number within the searched text.
    pub span: Range<usize>,
    /// Spans of the brackets within the searched text.
    pub open_span: Range<usize>,
    pub close_span: Range<usize>,
}

impl DocNumber {
    /// The number written the standard way: `山府发〔2013〕2号`.
    pub fn canonical(&self) -> String {
        format!("{}〔{}〕{}号", self.agency, self.year_text, self.seq)
    }

    pub fn uses_standard_brackets(&self) -> bool {
        self.open == '〔' && self.close == '〕'
    }
}

const DOCNO_PATTERN: &str = r"(?x)
        (?P<agency>[\p{Han}A-Za-z]{1,10}?)
        [\x20\u3000]*
        (?P<open>[〔\[［【(（﹝〖{])
        [\x20\u3000]*
        (?P<year>\d{2,4})
        [\x20\u3000]*
        (?P<close>[〕\]］】)）﹞〗}])
        [\x20\u3000]*
        (?P<di>第)?
        [\x20\u3000]*
        (?P<seq>\d{1,6})
        [\x20\u3000]*
        号";

static DOCNO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(DOCNO_PATTERN).expect("document number regex"));

/// The same pattern, tried only at the start of the text: a line that is a
/// number is told from one that merely cites one without searching it all.
static DOCNO_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?x:{DOCNO_PATTERN})")).expect("document number regex"));

/// Every document number in `text`, in order.
pub fn find_all(text: &str) -> Vec<DocNumber> {
    // Most lines hold no number: a literal test is much cheaper than the
    // regex, which has no literal prefix to search for.
    if !text.contains('号') {
        return Vec::new();
    }
    DOCNO
        .captures_iter(text)
        .filter_map(|c| from_captures(text, &c))
        .collect()
}

/// The document number that opens `text`, if any.
pub fn find_at_start(text: &str) -> Option<DocNumber> {
    if !text.contains('号') {
        return None;
    }
    let c = DOCNO_AT_START.captures(text)?;
    from_captures(text, &c)
}

/// Parse `text` when it is a document number and nothing else (surrounding
/// whitespace allowed).
pub fn parse(text: &str) -> Option<DocNumber> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace());
    let lead = text.len() - text.trim_start_matches(|c: char| c.is_whitespace()).len();
    let d = find_at_start(trimmed)?;
    if d.span.start != 0 || d.span.end != trimmed.len() {
        return None;
    }
    Some(shift(d, lead))
}

fn shift(mut d: DocNumber, by: usize) -> DocNumber {
    d.span = d.span.start + by..d.span.end + by;
    d.open_span = d.open_span.start + by..d.open_span.end + by;
    d.close_span = d.close_span.start + by..d.close_span.end + by;
    d
}

fn from_captures(text: &str, c: &regex::Captures<'_>) -> Option<DocNumber> {
    let whole = c.get(0)?;
    let agency_m = c.name("agency")?;
    let agency = agency_m.as_str().trim_end().to_string();
    let open_m = c.name("open")?;
    let close_m = c.name("close")?;
    let open = open_m.as_str().chars().next()?;
    let close = close_m.as_str().chars().next()?;
    let year_text = c.name("year")?.as_str().to_string();
    let seq_text = c.name("seq")?.as_str().to_string();
    // A year must look like one: 4 digits starting 19/20, or 2 digits.
    let year: u32 = year_text.parse().ok()?;
    if year_text.len() == 3 || (year_text.len() == 4 && !(1949..=2100).contains(&year)) {
        return None;
    }
    let has_spaces = text[whole.range()]
        .chars()
        .any(|ch| ch == ' ' || ch == '\u{3000}');
    Some(DocNumber {
        agency,
        year,
        year_text,
        open,
        close,
        seq: seq_text.parse().ok()?,
        seq_text,
        has_di: c.name("di").is_some(),
        has_spaces,
        span: whole.range(),
        open_span: open_m.range(),
        close_span: close_m.range(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_number() {
        let d = parse("国办发〔2012〕1号").unwrap();
        assert_eq!(d.agency, "国办发");
        assert_eq!((d.year, d.seq), (2012, 1));
        assert!(d.uses_standard_brackets());
        assert!(!d.has_spaces && !d.has_di);
        assert_eq!(d.canonical(), "国办发〔2012〕1号");
    }

    #[test]
    fn misprints_are_recorded() {
        let d = parse("山府发[2013]2号").unwrap();
        assert_eq!((d.open, d.close), ('[', ']'));
        assert_eq!(&"山府发[2013]2号"[d.open_span.clone()], "[");
        let d = parse("清新府办〔2018〕35 号").unwrap();
        assert!(d.has_spaces);
        assert_eq!(d.canonical(), "清新府办〔2018〕35号");
        let d = parse("三政〔2017〕第05号").unwrap();
        assert!(d.has_di);
        assert_eq!(d.seq_text, "05");
        assert_eq!(d.canonical(), "三政〔2017〕5号");
    }

    #[test]
    fn found_inside_a_citation() {
        let text = "《通知》（粤民发[2014]27号）";
        let d = find_all(text).remove(0);
        assert_eq!(d.agency, "粤民发");
        assert_eq!(&text[d.span.clone()], "粤民发[2014]27号");
    }

    #[test]
    fn not_a_number() {
        assert!(parse("2014年7月").is_none());
        assert!(parse("山府发〔2013〕6号文件").is_none());
        assert!(find_all("第（2）号").is_empty());
        assert!(find_at_start("（山府发〔2013〕6号）").is_none());
        assert_eq!(find_at_start("山府发〔2013〕6号文件").unwrap().span, 0..23);
    }
}
