//! Gazette → table of contents + notices.
//!
//! A notice is found from an anchor: a document-number line with its title
//! above (gazette reprints) or below (drafts, after the 版头), or — for
//! notices printed without a number — a title ending in a document kind
//! followed by addressees. A notice runs from the first line of its title to
//! the line before the next notice's title, so an enclosed plan, a forwarded
//! document and the attachments stay with the notice that issues them.

use std::ops::Range;

use super::lines::{self, Line};
use super::{date, DatePart, DocNumberPart, Part, TocEntry};
use crate::source::SourceFile;

/// Where a notice starts and what segmentation already knows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeSeed {
    /// Byte range of the whole notice.
    pub range: Range<usize>,
    /// Line indices of the title (may be empty).
    pub title_lines: Vec<usize>,
    /// Line index of the document number, if any.
    pub docno_line: Option<usize>,
}

/// What segmentation finds in a file.
#[derive(Debug, Default)]
pub struct Segments {
    pub toc: Vec<TocEntry>,
    pub notices: Vec<NoticeSeed>,
    pub issue_date: Option<DatePart>,
}

/// How many non-blank lines a title may span.
const MAX_TITLE_LINES: usize = 5;

/// A notice start found in the text.
#[derive(Debug, Clone)]
struct Anchor {
    start_line: usize,
    title_lines: Vec<usize>,
    docno_line: Option<usize>,
}

pub fn segment(src: &SourceFile) -> Segments {
    segment_lines(src, &lines::lines(src))
}

/// [`segment`] with the lines of `src` already classified.
pub fn segment_lines(src: &SourceFile, lines: &[Line<'_>]) -> Segments {
    let toc_start = lines.iter().position(|l| lines::is_toc_heading(l.text));
    let mut anchors = find_anchors(lines);
    drop_forwarded(lines, &mut anchors);
    if anchors.is_empty() {
        anchors.extend(single_draft(lines));
    }
    // The table of contents runs from its heading to the first notice.
    let first_notice = anchors.first().map(|a| a.start_line).unwrap_or(lines.len());
    let toc = match toc_start {
        Some(t) if t < first_notice => parse_toc(src, &lines[t + 1..first_notice]),
        _ => Vec::new(),
    };
    let issue_date = find_issue_date(src, &lines[..first_notice]);
    let notices = anchors
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let end_line = anchors
                .get(i + 1)
                .map(|n| n.start_line)
                .unwrap_or(lines.len());
            let last = (a.start_line..end_line)
                .rev()
                .find(|&l| !lines[l].is_blank())
                .unwrap_or(a.start_line);
            let start = src.line_range(a.start_line).start;
            NoticeSeed {
                range: start..src.line_range(last).end,
                title_lines: a.title_lines.clone(),
                docno_line: a.docno_line,
            }
        })
        .collect();
    Segments {
        toc,
        notices,
        issue_date,
    }
}

/// Indices of the non-blank lines before `idx`, nearest first.
fn non_blank_before<'a>(lines: &'a [Line<'a>], idx: usize) -> impl Iterator<Item = usize> + 'a {
    (0..idx).rev().filter(|&i| !lines[i].is_blank())
}

fn non_blank_after<'a>(lines: &'a [Line<'a>], idx: usize) -> impl Iterator<Item = usize> + 'a {
    (idx + 1..lines.len()).filter(|&i| !lines[i].is_blank())
}

/// The title block that ends just above line `idx`: consecutive title
/// fragments (blank lines skipped), trimmed to where the title opens.
fn title_above(lines: &[Line<'_>], idx: usize) -> Vec<usize> {
    let mut block: Vec<usize> = non_blank_before(lines, idx)
        .take(MAX_TITLE_LINES)
        .take_while(|&i| lines::is_title_fragment(&lines[i]))
        .collect();
    block.reverse();
    trim_to_opening(lines, block)
}

/// Drop lines above the one that opens the title (`关于…`, `印发…`), keeping
/// an office name written on its own line just before it.
fn trim_to_opening(lines: &[Line<'_>], block: Vec<usize>) -> Vec<usize> {
    match block
        .iter()
        .position(|&i| lines::opens_title(lines[i].text))
    {
        Some(0) | None => {
            if block.len() > 3 && !lines::opens_title(lines[block[0]].text) {
                block[block.len() - 3..].to_vec()
            } else {
                block
            }
        }
        Some(p) => {
            let office_before = lines::is_org_line(lines[block[p - 1]].text)
                && !lines[block[p - 1]].text.ends_with("文件");
            let from = if office_before { p - 1 } else { p };
            block[from..].to_vec()
        }
    }
}

/// A title block read downward from `idx` (exclusive), ending before
/// addressees or body text.
fn title_below(lines: &[Line<'_>], idx: usize) -> Vec<usize> {
    let block: Vec<usize> = non_blank_after(lines, idx)
        .take(MAX_TITLE_LINES)
        .take_while(|&i| lines::is_title_fragment(&lines[i]))
        .collect();
    let next = block.last().copied().unwrap_or(idx);
    let followed_by_body = non_blank_after(lines, next)
        .next()
        .is_some_and(|i| !lines::is_title_fragment(&lines[i]));
    if block.is_empty() || !followed_by_body {
        return Vec::new();
    }
    block
}

fn joined(lines: &[Line<'_>], idx: &[usize]) -> String {
    lines::join_title(idx.iter().map(|&i| lines[i].text))
}

/// A masthead line such as `清远市人民政府文件`.
fn is_masthead(text: &str) -> bool {
    text.ends_with("文件") && text.chars().count() <= 30
}

fn find_anchors(lines: &[Line<'_>]) -> Vec<Anchor> {
    use rayon::prelude::*;
    // What each line would anchor depends on the lines alone: found for all
    // lines in parallel (a large file is mostly this), then claimed in order.
    let candidates: Vec<(usize, Anchor)> = lines
        .par_iter()
        .enumerate()
        .with_min_len(4096)
        .filter(|(_, line)| !line.is_blank())
        .filter_map(|(i, _)| {
            docno_anchor(lines, i)
                .or_else(|| addressee_anchor(lines, i))
                .or_else(|| order_anchor(lines, i))
                .map(|a| (i, a))
        })
        .collect();
    let mut anchors: Vec<Anchor> = Vec::new();
    let mut covered_until = 0usize;
    for (i, anchor) in candidates {
        // A later anchor may not reuse lines an earlier one claimed (the
        // title under a draft's number is not a second notice).
        let claimed = anchor.start_line < covered_until && anchor.docno_line != Some(i);
        if i < covered_until || claimed {
            continue;
        }
        covered_until = anchor
            .title_lines
            .iter()
            .copied()
            .chain(anchor.docno_line)
            .max()
            .unwrap_or(i)
            .max(i)
            + 1;
        anchors.push(anchor);
    }
    anchors
}

/// A document-number line that heads a notice (not a TOC entry, which has
/// a page number on it or on the next line).
fn docno_anchor(lines: &[Line<'_>], i: usize) -> Option<Anchor> {
    lines::docno_line(lines[i].text)?;
    let next = non_blank_after(lines, i).next();
    if next.is_some_and(|n| lines::is_page_only(lines[n].text)) {
        return None;
    }
    let above = title_above(lines, i);
    let below = title_below(lines, i);
    let reads_as_title = |block: &[usize]| {
        let text = joined(lines, block);
        lines::title_kind(&text).is_some() || lines::opens_title(&text)
    };
    // Gazette reprints put the title above the number, drafts below it (under
    // the 版头). Above wins unless it is a masthead, or only the tail of the
    // previous notice (a table cell) while a real title follows below.
    let above_ok = !above.is_empty()
        && !is_masthead(lines[*above.last()?].text)
        && (reads_as_title(&above) || below.is_empty() || !reads_as_title(&below));
    if above_ok {
        return Some(Anchor {
            start_line: above[0],
            title_lines: above,
            docno_line: Some(i),
        });
    }
    let masthead = non_blank_before(lines, i)
        .next()
        .filter(|&m| is_masthead(lines[m].text));
    if !below.is_empty() {
        return Some(Anchor {
            start_line: masthead.unwrap_or(i),
            title_lines: below,
            docno_line: Some(i),
        });
    }
    // A number with neither title nor addressees nearby is a citation or a
    // TOC line, not a notice.
    next.filter(|&n| lines::is_addressee(lines[n].text))?;
    Some(Anchor {
        start_line: masthead.unwrap_or(i),
        title_lines: Vec::new(),
        docno_line: Some(i),
    })
}

/// Addressees directly under a title that names a document kind: a notice
/// printed without a number.
fn addressee_anchor(lines: &[Line<'_>], i: usize) -> Option<Anchor> {
    if !lines::is_addressee(lines[i].text) {
        return None;
    }
    let title = title_above(lines, i);
    let text = joined(lines, &title);
    lines::title_kind(&text)?;
    Some(Anchor {
        start_line: title[0],
        title_lines: title,
        docno_line: None,
    })
}

/// An order (令) is numbered in its own series, `第150号`, under a title
/// ending in 令 (`三门峡市人民政府令`), and has no addressees.
fn order_anchor(lines: &[Line<'_>], i: usize) -> Option<Anchor> {
    let trimmed = lines[i].text.trim();
    if !(trimmed.starts_with('第') && trimmed.ends_with('号')) {
        return None;
    }
    let squeezed: String = lines[i]
        .text
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let number = squeezed.strip_prefix('第')?.strip_suffix('号')?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let title = title_above(lines, i);
    let text = joined(lines, &title);
    (text.ends_with('令') && !title.is_empty()).then(|| Anchor {
        start_line: title[0],
        title_lines: title,
        docno_line: None,
    })
}

/// A document printed in full after a notice that forwards it (`关于转发…的
/// 通知` followed by the forwarded document with its own number) belongs to
/// the forwarding notice.
fn drop_forwarded(lines: &[Line<'_>], anchors: &mut Vec<Anchor>) {
    let squeeze = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !"《》〈〉“”\"".contains(*c))
            .collect()
    };
    let mut kept: Vec<Anchor> = Vec::with_capacity(anchors.len());
    for a in anchors.drain(..) {
        let forwarded = kept.last().is_some_and(|prev| {
            let prev_title = squeeze(&joined(lines, &prev.title_lines));
            let Some(pos) = prev_title.find("转发") else {
                return false;
            };
            let object = prev_title[pos + "转发".len()..]
                .trim_end_matches("的通知")
                .to_string();
            let title = squeeze(&joined(lines, &a.title_lines));
            object.chars().count() >= 4 && title.contains(&object)
        });
        if !forwarded {
            kept.push(a);
        }
    }
    *anchors = kept;
}

/// A file with no numbered or addressed notice, such as a draft of a 通告:
/// one notice from the first line that reads as a title naming a kind.
fn single_draft(lines: &[Line<'_>]) -> Option<Anchor> {
    let first_lines: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_blank())
        .take(8)
        .map(|l| l.idx)
        .collect();
    for (n, &i) in first_lines.iter().enumerate() {
        if !lines::is_title_fragment(&lines[i]) {
            continue;
        }
        let block: Vec<usize> = first_lines[n..]
            .iter()
            .copied()
            .take(3)
            .take_while(|&j| lines::is_title_fragment(&lines[j]))
            .collect();
        for len in (1..=block.len()).rev() {
            if lines::title_kind(&joined(lines, &block[..len])).is_some() {
                return Some(Anchor {
                    start_line: block[0],
                    title_lines: block[..len].to_vec(),
                    docno_line: None,
                });
            }
        }
    }
    None
}

/// The date the gazette was issued: `2018年10月15日出版`, `出版日期:2017 年 6 月 15 日`.
fn find_issue_date(src: &SourceFile, masthead: &[Line<'_>]) -> Option<DatePart> {
    masthead
        .iter()
        .filter(|l| l.text.contains("出版"))
        .find_map(|l| {
            let found = date::find_all(l.text)
                .into_iter()
                .find(|d| d.value.year.is_some())?;
            let span = l.span.start + found.span.start..l.span.start + found.span.end;
            Some(DatePart {
                part: Part::verbatim(src, span),
                value: Some(found.value),
            })
        })
}

/// Entries of the table of contents: title lines, then an optional document
/// number, then a page number (on the last line or a line of its own);
/// markdown table rows `| title | page |` too.
fn parse_toc(src: &SourceFile, region: &[Line<'_>]) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    let mut pending: Vec<Range<usize>> = Vec::new();
    for line in region {
        let text = line.text;
        if text.is_empty() {
            continue;
        }
        if let Some(cells) = table_row(text) {
            pending.clear();
            if let Some((title, page)) = cells {
                let start = line.span.start + (title.as_ptr() as usize - text.as_ptr() as usize);
                entries.push(toc_entry(src, &[start..start + title.len()], Some(page)));
            }
            continue;
        }
        let is_header = text.starts_with('【') || lines::is_toc_heading(text);
        let is_label = text.contains([':', '：']);
        let is_aside = text.starts_with(['(', '（']) && text.ends_with([')', '）']);
        if is_header || is_label || is_aside {
            pending.clear();
            continue;
        }
        match lines::toc_page_tail(text) {
            Some((cut, page)) => {
                if cut > 0 {
                    pending.push(line.span.start..line.span.start + cut);
                }
                // Masthead lines may precede an entry: it opens where its
                // title does.
                if let Some(open) = pending
                    .iter()
                    .position(|s| lines::opens_title(src.text[s.clone()].trim()))
                {
                    pending.drain(..open);
                }
                if !pending.is_empty() {
                    entries.push(toc_entry(src, &pending, Some(page)));
                }
                pending.clear();
            }
            None => pending.push(line.span.clone()),
        }
    }
    entries
}

/// `| title | page |` → Some(Some((title, page))); a separator row or an
/// empty header row → Some(None); not a table row → None.
fn table_row(text: &str) -> Option<Option<(&str, String)>> {
    if !text.starts_with('|') {
        return None;
    }
    let cells: Vec<&str> = text
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim())
        .collect();
    let title = cells.first().copied().unwrap_or("");
    if title.is_empty() || title.chars().all(|c| c == '-' || c == ':') {
        return Some(None);
    }
    let page = cells.get(1).map(|p| p.to_string()).unwrap_or_default();
    Some(Some((title, page)))
}

/// Build an entry from the spans of its lines: the document number, when
/// one is among them, is split off the title.
fn toc_entry(src: &SourceFile, spans: &[Range<usize>], page: Option<String>) -> TocEntry {
    let mut title_spans = Vec::new();
    let mut doc_number = None;
    for span in spans {
        let text = &src.text[span.clone()];
        let found = super::docno::find_all(text).into_iter().last();
        match found {
            Some(d) if doc_number.is_none() => {
                let abs = span.start + d.span.start..span.start + d.span.end;
                let before = text[..d.span.start].trim_end();
                if !before.is_empty() {
                    title_spans.push(span.start..span.start + before.len());
                }
                let parsed = super::docno::parse(&src.text[abs.clone()]);
                doc_number = Some(DocNumberPart {
                    part: Part::verbatim(src, abs),
                    parsed,
                });
            }
            _ => title_spans.push(span.clone()),
        }
    }
    let text = lines::join_title(title_spans.iter().map(|s| src.text[s.clone()].trim()));
    let span = match (title_spans.first(), title_spans.last()) {
        (Some(a), Some(b)) => a.start..b.end,
        _ => spans[0].clone(),
    };
    TocEntry {
        title: Part::new(src, span, text),
        doc_number,
        page: page.filter(|p| !p.is_empty()),
    }
}
