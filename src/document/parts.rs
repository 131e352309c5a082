//! Notice → its parts: title, number, addressees, body, attachment list,
//! signers, date, disclosure note, attachment sections, copies, printing.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{self, Line};
use super::segment::NoticeSeed;
use super::{docno, AttachmentEntry, AttachmentSection, DatePart, DocNumberPart, Notice, Part};
use crate::source::SourceFile;

/// How many lines above the date may hold signers.
const MAX_SIGNER_LINES: usize = 4;

pub fn parse_notice(src: &SourceFile, all: &[Line<'_>], index: usize, seed: &NoticeSeed) -> Notice {
    let first = src.line_index(seed.range.start);
    let last = src.line_index(seed.range.end);
    let lines = &all[first..=last];
    let at = |idx: usize| &all[idx];

    let title = title_part(src, all, &seed.title_lines);
    let kind = title
        .as_ref()
        .and_then(|t| lines::title_kind(&t.text))
        .map(str::to_string);
    let doc_number = seed.docno_line.and_then(|i| {
        let l = at(i);
        let d = lines::docno_line(l.text)?;
        let span = l.span.start + d.span.start..l.span.start + d.span.end;
        Some(DocNumberPart {
            parsed: docno::parse(&src.text[span.clone()]),
            part: Part::verbatim(src, span),
        })
    });

    // The head ends with the title or the number, whichever is lower.
    let head_end = seed
        .title_lines
        .iter()
        .copied()
        .chain(seed.docno_line)
        .max()
        .unwrap_or(first);
    let (addressees, after_head) = addressees(src, all, head_end, last);

    let date_idx = lines
        .iter()
        .filter(|l| l.idx > after_head)
        .find(|l| split_signer_date(l.text).is_some())
        .map(|l| l.idx);
    let mut signers = Vec::new();
    let mut date = None;
    if let Some(d) = date_idx {
        let (signer_len, found) = split_signer_date(at(d).text).expect("date line");
        let l = at(d);
        if signer_len > 0 {
            let s = l.text[..signer_len].trim_end();
            signers.push(Part::verbatim(src, l.span.start..l.span.start + s.len()));
        }
        let span = l.span.start + found.span.start..l.span.start + found.span.end;
        date = Some(DatePart {
            part: Part::verbatim(src, span),
            value: Some(found.value),
        });
        let mut above: Vec<Part> = (after_head + 1..d)
            .rev()
            .filter(|&i| !at(i).is_blank())
            .take(MAX_SIGNER_LINES)
            .take_while(|&i| lines::is_org_line(at(i).text))
            .map(|i| Part::verbatim(src, at(i).span.clone()))
            .collect();
        above.reverse();
        above.extend(signers);
        signers = above;
    }

    let closing_start = signers
        .first()
        .map(|s| src.line_index(s.span.start))
        .or(date_idx)
        .unwrap_or(last + 1);
    let body_start_line = after_head + 1;

    // The attachment list: the first `附件：` line after the head.
    let list_idx = lines
        .iter()
        .filter(|l| l.idx > after_head)
        .find(|l| lines::starts_with_label(l.text, "附件") && !is_section_with_title(l.text))
        .map(|l| l.idx);
    let (attachment_list, attachments, list_end) = match list_idx {
        Some(i) => attachment_list(src, all, i, last),
        None => (None, Vec::new(), 0),
    };

    let body_end_line = [Some(closing_start), list_idx.filter(|&i| i < closing_start)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(last + 1);
    let body = body_range(src, all, body_start_line, body_end_line, seed.range.end);

    // Closing parts come after the date (or after the body when undated).
    let tail_from = date_idx.unwrap_or(after_head).max(list_end);
    let tail = lines.iter().filter(|l| l.idx > after_head);
    let disclosure = tail
        .clone()
        .find(|l| lines::is_disclosure(l.text))
        .map(|l| Part::verbatim(src, l.span.clone()));
    let cc = tail
        .clone()
        .find(|l| lines::starts_with_label(l.text, "抄送"))
        .map(|l| Part::verbatim(src, l.span.clone()));
    let printing = tail
        .clone()
        .find(|l| lines::is_printing(l.text))
        .map(|l| Part::verbatim(src, l.span.clone()));
    let attachment_sections = sections(src, all, tail_from.max(after_head) + 1, last);
    let enclosures = enclosure(src, all, date_idx, &attachment_sections, last);

    Notice {
        index,
        range: seed.range.clone(),
        start_line: first + 1,
        end_line: last + 1,
        kind,
        title,
        doc_number,
        addressees,
        body,
        attachments,
        attachment_list,
        signers,
        date,
        disclosure,
        attachment_sections,
        cc,
        printing,
        enclosures,
        derived: Default::default(),
    }
}

fn title_part(src: &SourceFile, all: &[Line<'_>], idx: &[usize]) -> Option<Part> {
    let first = all.get(*idx.first()?)?;
    let last = all.get(*idx.last()?)?;
    let text = lines::join_title(idx.iter().map(|&i| all[i].text));
    Some(Part::new(src, first.span.start..last.span.end, text))
}

/// Addressees on the first line(s) after the head: a line ending with a
/// colon, possibly wrapped onto a second line. Returns the part and the
/// index of the last line of the head (addressees included).
fn addressees(
    src: &SourceFile,
    all: &[Line<'_>],
    head_end: usize,
    last: usize,
) -> (Option<Part>, usize) {
    let mut next = (head_end + 1..=last).filter(|&i| !all[i].is_blank());
    let Some(a) = next.next() else {
        return (None, head_end);
    };
    let plain = |t: &str| !t.contains(['。', '；', ';', '！', '？']) && !t.contains("如下");
    let ends_colon = |t: &str| t.ends_with(['：', ':']);
    let first = &all[a];
    if ends_colon(first.text) && plain(first.text) && first.chars() <= 150 {
        return (Some(Part::verbatim(src, first.span.clone())), a);
    }
    // Addressees whose colon was left out: a short line naming offices,
    // ending with an office word, right after the head.
    const ENDS: [&str; 16] = [
        "单位",
        "部门",
        "机构",
        "机关",
        "政府",
        "委员会",
        "办公室",
        "局",
        "委",
        "厅",
        "处",
        "院",
        "公司",
        "街道",
        "团体",
        "企业",
    ];
    let bare = !ends_colon(first.text)
        && first.chars() <= 80
        && !first.text.contains(['。', '；', '：', ':'])
        && ENDS.iter().any(|e| first.text.ends_with(e))
        && lines::is_addressee(&format!("{}：", first.text));
    if bare {
        return (Some(Part::verbatim(src, first.span.clone())), a);
    }
    if let Some(b) = next.next() {
        let second = &all[b];
        let wrapped = !ends_colon(first.text)
            && ends_colon(second.text)
            && plain(first.text)
            && plain(second.text)
            && first.chars() + second.chars() <= 150
            && lines::is_addressee(&format!("{}{}", first.text, second.text));
        if wrapped {
            let text = format!("{}{}", first.text, second.text);
            return (
                Some(Part::new(src, first.span.start..second.span.end, text)),
                b,
            );
        }
    }
    (None, head_end)
}

/// A line that is a full date, or an office name followed by a date
/// (`青铜峡市人民政府办公室  2019年4月4日`): the byte length of the signer
/// prefix (0 when none) and the date.
fn split_signer_date(text: &str) -> Option<(usize, super::date::FoundDate)> {
    if let Some(d) = lines::date_line(text) {
        return Some((0, d));
    }
    let found = super::date::find_all(text).into_iter().last()?;
    if found.span.end != text.len() || found.value.year.is_none() {
        return None;
    }
    let prefix = text[..found.span.start].trim_end();
    (!prefix.is_empty() && lines::is_org_line(prefix)).then_some((prefix.len(), found))
}

/// The byte range of the body, trimmed of blank lines at both ends.
fn body_range(
    src: &SourceFile,
    all: &[Line<'_>],
    from: usize,
    to: usize,
    fallback: usize,
) -> Range<usize> {
    let content: Vec<&Line<'_>> = (from..to.min(all.len()))
        .map(|i| &all[i])
        .filter(|l| !l.is_blank())
        .collect();
    match (content.first(), content.last()) {
        (Some(a), Some(b)) => src.line_range(a.idx).start..b.span.end,
        _ => {
            let at = all
                .get(from)
                .map(|l| src.line_range(l.idx).start)
                .unwrap_or(fallback);
            at..at
        }
    }
}

static ENTRY_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})[\s\u3000]*[.．、,，]?[\s\u3000]*").expect("entry regex")
});

/// `附件1：名称` on one line is a section with its title, not the list.
fn is_section_with_title(text: &str) -> bool {
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    squeezed
        .strip_prefix("附件")
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// The attachment list from its `附件：` line: entries `1.名称` one per
/// line, unnumbered lines continuing the previous entry. Returns the part,
/// the entries and the last line index of the list.
fn attachment_list(
    src: &SourceFile,
    all: &[Line<'_>],
    start: usize,
    last: usize,
) -> (Option<Part>, Vec<AttachmentEntry>, usize) {
    let first = &all[start];
    let colon = first.text.find(['：', ':']).expect("label has a colon");
    let colon_len = first.text[colon..].chars().next().map_or(1, char::len_utf8);
    let content_start = first.span.start + colon + colon_len;
    let mut pieces: Vec<(Range<usize>, bool)> = Vec::new(); // (span, starts a new entry)
    let first_rest = &src.text[content_start..first.span.end];
    let lead = first_rest.len() - first_rest.trim_start().len();
    if !first_rest.trim().is_empty() {
        pieces.push((content_start + lead..first.span.end, true));
    }
    let mut end_line = start;
    let mut blank_run = 0;
    for l in &all[start + 1..=last] {
        if l.is_blank() {
            blank_run += 1;
            if blank_run >= 2 {
                break;
            }
            continue;
        }
        let numbered = is_numbered_entry(l.text);
        let stop = lines::is_structural(l.text)
            || lines::date_line(l.text).is_some()
            || lines::is_org_line(l.text)
            || l.text.contains('。')
            || l.chars() > 60;
        if stop {
            break;
        }
        // After a blank line only a numbered entry continues the list (or a
        // continuation line sandwiched before one).
        let sandwiched = blank_run > 0 && !numbered && has_numbered_next(all, l.idx, last);
        if blank_run > 0 && !numbered && !sandwiched {
            break;
        }
        pieces.push((l.span.clone(), numbered || pieces.is_empty()));
        end_line = l.idx;
        blank_run = 0;
    }
    // Each entry is the spans of its lines: a numbered line opens one, an
    // unnumbered line continues the last.
    let mut entries: Vec<Vec<Range<usize>>> = Vec::new();
    for (span, new_entry) in pieces {
        match entries.last_mut() {
            Some(e) if !new_entry => e.push(span),
            _ => entries.push(vec![span]),
        }
    }
    let parsed: Vec<AttachmentEntry> = entries
        .into_iter()
        .map(|spans| {
            let text: String = spans.iter().map(|s| src.text[s.clone()].trim()).collect();
            let span = spans[0].start..spans[spans.len() - 1].end;
            let (number, name) = match ENTRY_NUMBER.captures(&text) {
                Some(c) if text.starts_with(|c: char| c.is_ascii_digit()) => (
                    c[1].parse().ok(),
                    text[c.get(0).map_or(0, |m| m.end())..].to_string(),
                ),
                _ => (None, text.clone()),
            };
            let name = name
                .trim()
                .trim_end_matches(['。', '；', ';', '，', ',', '.', '、'])
                .to_string();
            AttachmentEntry {
                part: Part::new(src, span, text),
                number,
                name,
            }
        })
        .collect();
    let end_span = all[end_line].span.end;
    let whole = Part::verbatim(src, first.span.start..end_span.max(first.span.end));
    (Some(whole), parsed, end_line)
}

fn has_numbered_next(all: &[Line<'_>], idx: usize, last: usize) -> bool {
    (idx + 1..=last)
        .map(|i| &all[i])
        .find(|l| !l.is_blank())
        .is_some_and(|l| is_numbered_entry(l.text))
}

/// A list line that opens with its number: `2.名称`.
fn is_numbered_entry(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit()) && ENTRY_NUMBER.is_match(text)
}

static SECTION_WITH_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^附[\s\u3000]*件[\s\u3000]*(\d{1,2})[\s\u3000]*[：:][\s\u3000]*(\S.*)$")
        .expect("section regex")
});

/// Attachment sections: a `附件N` marker alone on its line, its title on the
/// next non-blank line; or `附件N：标题` on one line.
fn sections(
    src: &SourceFile,
    all: &[Line<'_>],
    from: usize,
    last: usize,
) -> Vec<AttachmentSection> {
    let mut out = Vec::new();
    for i in from..=last.min(all.len().saturating_sub(1)) {
        let l = &all[i];
        if let Some(number) = lines::attachment_marker(l.text) {
            let title = (i + 1..=last)
                .map(|j| &all[j])
                .find(|n| !n.is_blank())
                .filter(|n| {
                    lines::is_title_fragment(n) || (n.chars() <= 60 && !n.text.contains('。'))
                })
                .filter(|n| lines::attachment_marker(n.text).is_none())
                .map(|n| Part::new(src, n.span.clone(), lines::join_title([n.text])));
            out.push(AttachmentSection {
                marker: Part::verbatim(src, l.span.clone()),
                number,
                title,
            });
        } else if let Some(c) = SECTION_WITH_TITLE.captures(l.text) {
            let m = c.get(2).expect("title group");
            let span = l.span.start + m.start()..l.span.start + m.end();
            let marker_end = l.text[..m.start()].trim_end().len();
            out.push(AttachmentSection {
                marker: Part::verbatim(src, l.span.start..l.span.start + marker_end),
                number: c[1].parse().ok(),
                title: Some(Part::new(src, span, lines::join_title([m.as_str()]))),
            });
        }
    }
    out
}

/// An enclosed document (the plan a notice issues): a title block after the
/// date, before any attachment section, followed by body text.
fn enclosure(
    src: &SourceFile,
    all: &[Line<'_>],
    date_idx: Option<usize>,
    sections: &[AttachmentSection],
    last: usize,
) -> Vec<Part> {
    let Some(d) = date_idx else {
        return Vec::new();
    };
    let stop = sections
        .first()
        .map(|s| src.line_index(s.marker.span.start))
        .unwrap_or(last + 1);
    let mut block = Vec::new();
    for i in d + 1..stop {
        let l = &all[i];
        if l.is_blank() {
            continue;
        }
        if lines::is_structural(l.text) || lines::is_printing(l.text) {
            if block.is_empty() {
                continue;
            }
            break;
        }
        if lines::is_title_fragment(l) && block.len() < 3 {
            block.push(i);
            continue;
        }
        break;
    }
    title_part(src, all, &block).into_iter().collect()
}
