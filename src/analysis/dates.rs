//! Dates of a notice against each other: calendar validity, the number's
//! year, the approving meeting, deadlines, the printing date and the
//! gazette's issue date, each measured against the 成文日期.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Problem;
use crate::document::date::{self, days_in_month, Style};
use crate::document::{Gazette, Notice};
use crate::source::SourceFile;

fn show(k: (i32, u32, u32)) -> String {
    format!("{}年{}月{}日", k.0, k.1, k.2)
}

/// `2月30日`, `13月1日`: dates that do not exist.
pub fn invalid(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    n.dates(src)
        .iter()
        .filter(|d| {
            let y = d.year.unwrap_or(2000);
            !(1..=12).contains(&d.value.month)
                || d.value.day == 0
                || d.value.day > days_in_month(y, d.value.month)
        })
        .map(|d| {
            Problem::new("invalid", d.span.clone(), Some(n.index))
                .arg("date", &src.text[d.span.clone()])
        })
        .collect()
}

/// The 成文日期 written in Chinese numerals in a year when GB/T 9704-2012
/// asks for Arabic numerals.
pub fn style(src: &SourceFile, n: &Notice, arabic_since: (i32, u32, u32)) -> Vec<Problem> {
    let Some(d) = &n.date else { return Vec::new() };
    let Some(v) = &d.value else { return Vec::new() };
    if v.style != Style::Chinese || v.key().is_none_or(|k| k < arabic_since) {
        return Vec::new();
    }
    let fix = v
        .iso()
        .map(|_| format!("{}年{}月{}日", v.year.unwrap_or_default(), v.month, v.day));
    let mut p = Problem::new("style", d.part.span.clone(), Some(n.index))
        .arg("date", &src.text[d.part.span.clone()]);
    if let Some(f) = fix {
        p = p.arg("fix", f.clone()).fix(f);
    }
    vec![p]
}

/// The year in the document number differs from the year of the 成文日期.
pub fn docno_year(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let (Some(d), Some(w)) = (&n.doc_number, n.written_on()) else {
        return Vec::new();
    };
    let Some(p) = &d.parsed else {
        return Vec::new();
    };
    if p.year_text.len() != 4 || p.year as i32 == w.0 {
        return Vec::new();
    }
    // The year sits between the brackets.
    let base = d.part.span.start;
    let year_span = base + p.open_span.end..base + p.close_span.start;
    let year_span = trim_span(src, year_span);
    let date_span = n.date.as_ref().map(|d| d.part.span.clone()).unwrap_or(0..0);
    vec![Problem::new("docno-year", year_span, Some(n.index))
        .arg("year", p.year.to_string())
        .arg("date", show(w))
        .related(date_span, "成文日期")]
}

fn trim_span(src: &SourceFile, span: Range<usize>) -> Range<usize> {
    let s = &src.text[span.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    span.start + lead..span.end - trail
}

static MEETING: LazyLock<Regex> = LazyLock::new(|| {
    // The date, then within the same clause a meeting that decided.
    Regex::new(r"^[^。；，,]{0,40}?会议").expect("meeting regex")
});

/// The approving meeting (`经2014年7月3日县政府常务会议研究`) dated after the
/// 成文日期.
pub fn meeting_after(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let Some(w) = n.written_on() else {
        return Vec::new();
    };
    let date_span = n.date.as_ref().map(|d| d.part.span.clone()).unwrap_or(0..0);
    n.dates(src)
        .iter()
        .filter(|d| d.span.start < date_span.start || date_span.is_empty())
        .filter(|d| MEETING.is_match(&src.text[d.span.end..]))
        .filter_map(|d| {
            let k = (d.year?, d.value.month, d.value.day);
            (k > w).then(|| {
                Problem::new("meeting-after", d.span.clone(), Some(n.index))
                    .arg("meeting", show(k))
                    .arg("date", show(w))
                    .related(date_span.clone(), "成文日期")
            })
        })
        .collect()
}

/// `前` then, within the clause, what must be done by then.
static DEADLINE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:前|之前|以前)[^。；，,发]{0,8}?(?:完成|报送|上报|报|提交|送|交|到位|落实|办结|反馈|建成|启动|实现|结束)")
        .expect("deadline regex")
});

/// `于…前`, `在…之前`: the date is a time limit.
static DEADLINE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:于|在|截至|截止|务必|须|请)$").expect("deadline regex"));

fn is_deadline(src: &SourceFile, span: &Range<usize>) -> bool {
    let after = &src.text[span.end..];
    let before = &src.text[..span.start];
    let by_then = after.starts_with('前') || after.starts_with("之前") || after.starts_with("以前");
    by_then
        && (DEADLINE_AFTER.is_match(after) || DEADLINE_BEFORE.is_match(before))
        && !after
            .trim_start_matches(['前', '之', '以'])
            .starts_with("发生")
}

/// Deadlines (`于8月30日前报送`) that fall before the 成文日期. A deadline
/// without a year more than half a year before the 成文日期 is read as next
/// year's.
pub fn deadline_before(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let Some(w) = n.written_on() else {
        return Vec::new();
    };
    let date_span = n.date.as_ref().map(|d| d.part.span.clone()).unwrap_or(0..0);
    n.dates(src)
        .iter()
        .filter(|d| is_deadline(src, &d.span))
        .filter_map(|d| {
            let k = (d.year?, d.value.month, d.value.day);
            let days_before = day_number(w) - day_number(k);
            let in_range = if d.value.year.is_some() {
                days_before > 0
            } else {
                (1..=183).contains(&days_before)
            };
            in_range.then(|| {
                Problem::new("deadline-before", d.span.clone(), Some(n.index))
                    .arg("deadline", show(k))
                    .arg("date", show(w))
                    .related(date_span.clone(), "成文日期")
            })
        })
        .collect()
}

/// Days since an arbitrary epoch, for differences between dates.
fn day_number((y, m, d): (i32, u32, u32)) -> i64 {
    let days_before_year = (1..y)
        .map(|yy| if days_in_month(yy, 2) == 29 { 366 } else { 365 })
        .sum::<i64>();
    let days_before_month = (1..m).map(|mm| days_in_month(y, mm) as i64).sum::<i64>();
    days_before_year + days_before_month + d as i64
}

/// The printing date (`…2014年7月8日印发`) before the 成文日期.
pub fn printing_before(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let (Some(p), Some(w)) = (&n.printing, n.written_on()) else {
        return Vec::new();
    };
    let Some(found) = date::find_all(&p.text).into_iter().last() else {
        return Vec::new();
    };
    let Some(k) = found.value.key().filter(|_| found.value.is_valid()) else {
        return Vec::new();
    };
    if k >= w {
        return Vec::new();
    }
    let span = p.span.start + found.span.start..p.span.start + found.span.end;
    let _ = src;
    vec![Problem::new("printing-before", span, Some(n.index))
        .arg("printing", show(k))
        .arg("date", show(w))
        .related(
            n.date.as_ref().map(|d| d.part.span.clone()).unwrap_or(0..0),
            "成文日期",
        )]
}

/// A notice dated after the gazette's issue date.
pub fn issue_before(g: &Gazette) -> Vec<Problem> {
    let Some(issue) = &g.issue_date else {
        return Vec::new();
    };
    let Some(i) = issue
        .value
        .as_ref()
        .and_then(|v| v.is_valid().then(|| v.key()).flatten())
    else {
        return Vec::new();
    };
    g.notices
        .iter()
        .filter_map(|n| {
            let w = n.written_on().filter(|&w| w > i)?;
            let span = n.date.as_ref()?.part.span.clone();
            Some(
                Problem::new("issue-before", span, Some(n.index))
                    .arg("issue", show(i))
                    .arg("date", show(w))
                    .related(issue.part.span.clone(), "公报出版日期"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::source::Encoding;

    fn notice(text: &str) -> (SourceFile, Gazette) {
        let src = SourceFile::new("t.txt", text.to_string(), Encoding::Utf8);
        let g = document::parse(&src);
        (src, g)
    }

    const HEAD: &str = "关于做好安全生产工作的通知\n\n山府发〔2014〕8号\n\n各镇人民政府：\n\n";

    #[test]
    fn docno_year_and_meeting() {
        let text = format!("{HEAD}经2014年9月3日县政府常务会议研究，决定如下。\n\n2013年7月14日\n");
        let (src, g) = notice(&text);
        let n = &g.notices[0];
        let p = docno_year(&src, n);
        assert_eq!(&src.text[p[0].span.clone()], "2014");
        let p = meeting_after(&src, n);
        assert_eq!(&src.text[p[0].span.clone()], "2014年9月3日");
    }

    #[test]
    fn deadlines_and_invalid_dates() {
        let text =
            format!("{HEAD}请于7月10日前报送，2月30日起施行，9月1日前完成。\n\n2014年7月14日\n");
        let (src, g) = notice(&text);
        let n = &g.notices[0];
        let p = deadline_before(&src, n);
        assert_eq!(p.len(), 1);
        assert_eq!(&src.text[p[0].span.clone()], "7月10日");
        let p = invalid(&src, n);
        assert_eq!(&src.text[p[0].span.clone()], "2月30日");
        assert!(docno_year(&src, n).is_empty());
    }

    #[test]
    fn printing_and_style() {
        let text =
            format!("{HEAD}正文。\n\n二〇一四年七月十四日\n\n县政府办公室  2014年7月10日印发\n");
        let (src, g) = notice(&text);
        let n = &g.notices[0];
        let p = printing_before(&src, n);
        assert_eq!(&src.text[p[0].span.clone()], "2014年7月10日");
        let p = style(&src, n, (2012, 7, 1));
        assert_eq!(p[0].fix.as_deref(), Some("2014年7月14日"));
        assert!(style(&src, n, (2015, 1, 1)).is_empty());
    }
}
