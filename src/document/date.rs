//! Dates as printed in official documents: `2012年7月1日`, `2018 年 7 月 2 日`,
//! `二〇一四年七月十四日`, and the misprint `二0一三年五月九日`; also dates
//! without a year (`8月30日前`), whose year comes from context.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::heading::chinese_number;

/// How a date was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Arabic,
    Chinese,
}

/// A date as written, with its numeric value (the year absent when the text
/// names none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateValue {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub style: Style,
    /// A Chinese-numeral year written with the digit 0 or the letter O
    /// instead of 〇: byte ranges (relative to the searched text).
    pub bad_zeros: Vec<Range<usize>>,
    /// Leading zeros in an Arabic month or day (`07月`).
    pub leading_zero: bool,
    /// Whitespace inside the date.
    pub has_spaces: bool,
}

impl DateValue {
    /// Whether the day exists in the calendar (years without a value are
    /// checked against a leap year, so 2月29日 passes).
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year.unwrap_or(2000), self.month)
    }

    /// `YYYY-MM-DD`, when the date has a year and is valid.
    pub fn iso(&self) -> Option<String> {
        let y = self.year?;
        self.is_valid()
            .then(|| format!("{y:04}-{:02}-{:02}", self.month, self.day))
    }

    /// Sort key (year, month, day), for order constraints.
    pub fn key(&self) -> Option<(i32, u32, u32)> {
        Some((self.year?, self.month, self.day))
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// `YYYY-MM-DD` → (year, month, day), for dates written in configuration.
pub fn parse_iso(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    (it.next().is_none() && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then_some((y, m, d))
}

/// A date found in text, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub span: Range<usize>,
    pub value: DateValue,
}

const CN_YEAR_DIGITS: &str = "〇零○O0Ｏ０o一二三四五六七八九";

static ARABIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?P<y>\d{4})[ \u3000]*年[ \u3000]*)?(?P<m>\d{1,2})[ \u3000]*月[ \u3000]*(?P<d>\d{1,2})[ \u3000]*日")
        .expect("arabic date regex")
});

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<y>[〇零○O0Ｏ０o一二三四五六七八九]{4})[ \u3000]*年[ \u3000]*)?(?P<m>[十一二三四五六七八九]{1,2})[ \u3000]*月[ \u3000]*(?P<d>[十一二三四五六七八九]{1,3})[ \u3000]*日",
    )
    .expect("chinese date regex")
});

/// A date in a notice's text, its year filled from context when not
/// written. The span is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateInText {
    pub span: Range<usize>,
    pub value: DateValue,
    pub year: Option<i32>,
}

/// Every date in the notice's text, with yearless ones given the year of
/// the nearest preceding full date in the notice (or of the 成文日期).
pub(super) fn in_notice(src: &crate::source::SourceFile, n: &super::Notice) -> Vec<DateInText> {
    let text = &src.text[n.range.clone()];
    let fallback = n.written_on().map(|(year, _, _)| year);
    let mut last_year = None;
    find_all(text)
        .into_iter()
        .map(|d| {
            let span = n.range.start + d.span.start..n.range.start + d.span.end;
            let year = d.value.year.or(last_year).or(fallback);
            if d.value.year.is_some() {
                last_year = d.value.year;
            }
            DateInText {
                span,
                value: d.value,
                year,
            }
        })
        .collect()
}

/// Every date in `text`, in order of position.
pub fn find_all(text: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    // A date never spans lines and always names a month: the two patterns
    // (which have no literal to search for) run only on lines with 月, a
    // fraction of the text.
    for (start, line) in super::lines::lines_with(text, "月") {
        let shift = |mut d: FoundDate| {
            d.span = d.span.start + start..d.span.end + start;
            for z in &mut d.value.bad_zeros {
                *z = z.start + start..z.end + start;
            }
            d
        };
        let at = out.len();
        out.extend(
            ARABIC
                .captures_iter(line)
                .filter_map(|c| arabic(line, &c))
                .chain(CHINESE.captures_iter(line).filter_map(|c| chinese(&c)))
                .map(shift),
        );
        out[at..].sort_by_key(|d| d.span.start);
    }
    out
}

/// Parse `text` when it is one full date (year, month and day) and nothing
/// else but surrounding whitespace.
pub fn parse(text: &str) -> Option<FoundDate> {
    let t = text.trim();
    // Both patterns end with 日: a line that does not is no date.
    if !t.ends_with('日') {
        return None;
    }
    let lead = text.len() - text.trim_start().len();
    let d = find_all(t).into_iter().next()?;
    if d.span != (0..t.len()) || d.value.year.is_none() {
        return None;
    }
    Some(FoundDate {
        span: d.span.start + lead..d.span.end + lead,
        value: DateValue {
            bad_zeros: d
                .value
                .bad_zeros
                .iter()
                .map(|r| r.start + lead..r.end + lead)
                .collect(),
            ..d.value
        },
    })
}

fn arabic(text: &str, c: &regex::Captures<'_>) -> Option<FoundDate> {
    let whole = c.get(0)?;
    // `12013年` is not a year: refuse a match glued to a preceding digit.
    if text[..whole.start()].ends_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    let m = c.name("m")?.as_str();
    let d = c.name("d")?.as_str();
    Some(FoundDate {
        span: whole.range(),
        value: DateValue {
            year: c.name("y").and_then(|y| y.as_str().parse().ok()),
            month: m.parse().ok()?,
            day: d.parse().ok()?,
            style: Style::Arabic,
            bad_zeros: Vec::new(),
            leading_zero: (m.len() == 2 && m.starts_with('0'))
                || (d.len() == 2 && d.starts_with('0')),
            has_spaces: whole.as_str().contains([' ', '\u{3000}']),
        },
    })
}

fn chinese(c: &regex::Captures<'_>) -> Option<FoundDate> {
    let whole = c.get(0)?;
    let mut bad_zeros = Vec::new();
    let year = match c.name("y") {
        Some(y) => {
            let mut value = 0i32;
            for (i, ch) in y.as_str().char_indices() {
                let digit = match ch {
                    '〇' | '零' => 0,
                    // Look-alikes of 〇: digit zero, letter O, white circle.
                    'O' | '0' | 'Ｏ' | '０' | 'o' | '○' => {
                        bad_zeros.push(y.start() + i..y.start() + i + ch.len_utf8());
                        0
                    }
                    _ => CN_YEAR_DIGITS
                        .chars()
                        .skip(8)
                        .position(|d| d == ch)
                        .map(|p| p as i32 + 1)?,
                };
                value = value * 10 + digit;
            }
            Some(value)
        }
        None => None,
    };
    // A year of all zeros and letters is not a year (e.g. `OOOO年`).
    if year.is_some_and(|y| y < 1000) {
        return None;
    }
    Some(FoundDate {
        span: whole.range(),
        value: DateValue {
            year,
            month: chinese_number(c.name("m")?.as_str())?,
            day: chinese_number(c.name("d")?.as_str())?,
            style: Style::Chinese,
            bad_zeros,
            leading_zero: false,
            has_spaces: whole.as_str().contains([' ', '\u{3000}']),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse(s).and_then(|d| d.value.iso())
    }

    #[test]
    fn arabic_dates() {
        assert_eq!(iso("2018年7月2日").as_deref(), Some("2018-07-02"));
        assert_eq!(iso("2018 年 7 月 2 日").as_deref(), Some("2018-07-02"));
        assert!(parse("2018 年 7 月 2 日").unwrap().value.has_spaces);
        assert!(parse("2018年07月02日").unwrap().value.leading_zero);
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(iso("二〇一四年七月十四日").as_deref(), Some("2014-07-14"));
        assert_eq!(iso("二〇一三年五月二十一日").as_deref(), Some("2013-05-21"));
        let d = parse("二0一三年五月九日").unwrap();
        assert_eq!(d.value.iso().as_deref(), Some("2013-05-09"));
        assert_eq!(d.value.bad_zeros, vec![3..4]);
        assert_eq!(
            parse("二O一三年十二月三十日")
                .unwrap()
                .value
                .bad_zeros
                .len(),
            1
        );
    }

    #[test]
    fn invalid_and_yearless() {
        let d = parse("2014年2月30日").unwrap();
        assert!(!d.value.is_valid());
        assert_eq!(d.value.iso(), None);
        let all = find_all("请于8月30日前报送，2014年9月1日起施行");
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].value.year, None);
        assert_eq!((all[0].value.month, all[0].value.day), (8, 30));
        assert_eq!(all[1].value.year, Some(2014));
        assert!(parse("8月30日").is_none());
    }
}
