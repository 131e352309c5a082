//! The attachment list (附件说明), the attachment sections and the references
//! in the body (`见附件2`) must agree.

use std::sync::LazyLock;

use regex::Regex;

use super::{normalize, Problem};
use crate::document::{lines, AttachmentEntry, AttachmentSection, Notice};
use crate::source::SourceFile;

/// The number an entry or section stands for: its own, or 1 when it is the
/// only one and unnumbered.
fn entry_number(e: &AttachmentEntry, total: usize) -> Option<u32> {
    e.number.or((total == 1).then_some(1))
}

fn section_number(s: &AttachmentSection, total: usize) -> Option<u32> {
    s.number.or((total == 1).then_some(1))
}

/// An announced attachment with no section printed. Only reported when the
/// notice prints some sections, or `require_sections` is set: gazettes often
/// reprint a notice without its attachments on purpose.
pub fn missing_section(n: &Notice, require_sections: bool) -> Vec<Problem> {
    if n.attachment_sections.is_empty() && !require_sections {
        return Vec::new();
    }
    let total = n.attachments.len();
    let printed: Vec<Option<u32>> = n
        .attachment_sections
        .iter()
        .map(|s| section_number(s, n.attachment_sections.len()))
        .collect();
    n.attachments
        .iter()
        .filter(|e| {
            let num = entry_number(e, total);
            !printed.contains(&num) && !(total == 1 && printed.len() == 1)
        })
        .map(|e| {
            Problem::new("missing-section", e.part.span.clone(), Some(n.index))
                .arg("name", e.name.clone())
                .arg(
                    "number",
                    e.number.map(|n| n.to_string()).unwrap_or_default(),
                )
        })
        .collect()
}

/// A printed attachment section that the attachment list does not announce.
pub fn unannounced_section(n: &Notice) -> Vec<Problem> {
    let total = n.attachments.len();
    let announced: Vec<Option<u32>> = n
        .attachments
        .iter()
        .map(|e| entry_number(e, total))
        .collect();
    let sections = n.attachment_sections.len();
    n.attachment_sections
        .iter()
        .filter(|s| {
            total == 0
                || (!announced.contains(&section_number(s, sections))
                    && !(total == 1 && sections == 1))
        })
        .map(|s| {
            let mut p = Problem::new("unannounced-section", s.marker.span.clone(), Some(n.index))
                .arg("marker", s.marker.text.clone());
            if let Some(l) = &n.attachment_list {
                p = p.related(l.span.clone(), "附件说明");
            }
            p
        })
        .collect()
}

/// Numbering of the list and of the sections: several attachments are
/// numbered 1, 2, 3 … without gaps; a single one is not numbered.
pub fn numbering(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let mut out = Vec::new();
    let entries = &n.attachments;
    if entries.len() == 1 {
        if let Some(num) = entries[0].number {
            let span = number_span(src, &entries[0].part.span, num);
            out.push(
                Problem::new("single-numbered", span, Some(n.index))
                    .arg("number", num.to_string())
                    .fix(""),
            );
        }
    } else {
        for (i, e) in entries.iter().enumerate() {
            let expected = i as u32 + 1;
            match e.number {
                Some(num) if num == expected => {}
                Some(num) => {
                    out.push(
                        Problem::new(
                            "list-gap",
                            number_span(src, &e.part.span, num),
                            Some(n.index),
                        )
                        .arg("expected", expected.to_string())
                        .arg("found", num.to_string()),
                    );
                    break;
                }
                None => {
                    out.push(
                        Problem::new("list-unnumbered", e.part.span.clone(), Some(n.index))
                            .arg("expected", expected.to_string())
                            .arg("found", "无序号"),
                    );
                    break;
                }
            }
        }
    }
    let sections = &n.attachment_sections;
    if let [only] = sections.as_slice() {
        if let Some(num) = only.number {
            let marker = &only.marker;
            let digits = marker.text.rfind(|c: char| c.is_ascii_digit()).map(|end| {
                let start = marker.text[..=end]
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .len();
                let start = marker.text[..start].trim_end().len();
                marker.span.start + start..marker.span.start + end + 1
            });
            out.push(
                Problem::new(
                    "single-section-numbered",
                    digits.unwrap_or(marker.span.clone()),
                    Some(n.index),
                )
                .arg("number", num.to_string())
                .fix(""),
            );
        }
    }
    if sections.len() > 1 {
        for (i, s) in sections.iter().enumerate() {
            let expected = i as u32 + 1;
            if s.number != Some(expected) {
                out.push(
                    Problem::new("section-gap", s.marker.span.clone(), Some(n.index))
                        .arg("expected", expected.to_string())
                        .arg(
                            "found",
                            s.number
                                .map(|n| n.to_string())
                                .unwrap_or_else(|| "无序号".into()),
                        ),
                );
                break;
            }
        }
    }
    out
}

/// The span of the number at the start of an entry (`1.`), falling back to
/// the whole entry.
fn number_span(
    src: &SourceFile,
    entry: &std::ops::Range<usize>,
    num: u32,
) -> std::ops::Range<usize> {
    let text = &src.text[entry.clone()];
    let digits = num.to_string();
    match text.find(&digits) {
        Some(i) if i < 4 => {
            let after = &text[i + digits.len()..];
            let sep = after
                .chars()
                .next()
                .filter(|c| ".．、".contains(*c))
                .map_or(0, char::len_utf8);
            entry.start + i..entry.start + i + digits.len() + sep
        }
        _ => entry.clone(),
    }
}

/// The name in the list differs from the title of its section.
pub fn name_mismatch(n: &Notice) -> Vec<Problem> {
    let total = n.attachments.len();
    let sections = n.attachment_sections.len();
    n.attachments
        .iter()
        .filter_map(|e| {
            let num = entry_number(e, total);
            let s = n
                .attachment_sections
                .iter()
                .find(|s| section_number(s, sections) == num || (total == 1 && sections == 1))?;
            let title = s.title.as_ref()?;
            let (a, b) = (normalize(&e.name), normalize(&title.text));
            // A section title wrapped over lines reads as a prefix of the name.
            let same = a == b
                || (b.chars().count() >= 6 && a.starts_with(&b))
                || (a.chars().count() >= 6 && b.starts_with(&a));
            (!same).then(|| {
                Problem::new("name-mismatch", title.span.clone(), Some(n.index))
                    .arg("listed", e.name.clone())
                    .arg("title", title.text.clone())
                    .related(e.part.span.clone(), "附件说明中的名称")
            })
        })
        .collect()
}

static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:见|详见|参见|填写|按照|附)附件[\s\u3000]*(\d{1,2})?").expect("reference regex")
});

/// References in the body (`见附件2`, `详见附件`) to attachments that the
/// notice does not have.
pub fn dangling_reference(src: &SourceFile, n: &Notice) -> Vec<Problem> {
    let listed: Vec<u32> = n
        .attachments
        .iter()
        .filter_map(|e| entry_number(e, n.attachments.len()))
        .chain(
            n.attachment_sections
                .iter()
                .filter_map(|s| section_number(s, n.attachment_sections.len())),
        )
        .collect();
    let has_any = !n.attachments.is_empty() || !n.attachment_sections.is_empty();
    let body = &src.text[n.body.clone()];
    REFERENCE
        .captures_iter(body)
        .filter_map(|c| {
            let m = c.get(0)?;
            let span = n.body.start + m.start()..n.body.start + m.end();
            // The list line itself (`附件：…`) is not a reference.
            let line = src.line(src.line_index(span.start));
            if lines::starts_with_label(line.trim_start(), "附件") {
                return None;
            }
            let num: Option<u32> = c.get(1).and_then(|d| d.as_str().parse().ok());
            let ok = match num {
                Some(k) => listed.contains(&k) || (k == 1 && has_any && listed.is_empty()),
                None => has_any,
            };
            (!ok).then(|| {
                Problem::new("dangling-reference", span, Some(n.index))
                    .arg("reference", m.as_str().to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::source::Encoding;

    fn parse(text: &str) -> (SourceFile, document::Gazette) {
        let src = SourceFile::new("t.txt", text.to_string(), Encoding::Utf8);
        let g = document::parse(&src);
        (src, g)
    }

    const NOTICE: &str = "关于印发工作方案的通知\n\n山府办发〔2014〕37号\n\n各镇人民政府：\n\n现印发给你们，具体名单详见附件3。\n\n附件：1.工作方案\n      3.任务分解表\n\n县政府办公室\n2014年7月7日\n\n附件1\n\n工作实施方案\n\n正文。\n\n附件4\n\n补充表\n";

    #[test]
    fn list_sections_and_references_disagree() {
        let (src, g) = parse(NOTICE);
        let n = &g.notices[0];
        assert_eq!(n.attachments.len(), 2);
        let missing = missing_section(n, false);
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].args[0].1, "任务分解表");
        let extra = unannounced_section(n);
        assert_eq!(extra.len(), 1);
        assert_eq!(src.text[extra[0].span.clone()].to_string(), "附件4");
        let gaps = numbering(&src, n);
        assert_eq!(&src.text[gaps[0].span.clone()], "3.");
        assert_eq!(gaps[1].code, "section-gap");
        let names = name_mismatch(n);
        assert_eq!(&src.text[names[0].span.clone()], "工作实施方案");
        assert!(dangling_reference(&src, n).is_empty(), "附件3 is listed");
    }

    #[test]
    fn consistent_notice_has_no_problem() {
        let text = "关于印发工作方案的通知\n\n各镇人民政府：\n\n具体见附件。\n\n附件：工作方案\n\n县政府办公室\n2014年7月7日\n\n附件\n\n工作方案\n\n正文。\n";
        let (src, g) = parse(text);
        let n = &g.notices[0];
        assert!(missing_section(n, true).is_empty());
        assert!(unannounced_section(n).is_empty());
        assert!(numbering(&src, n).is_empty());
        assert!(name_mismatch(n).is_empty());
        assert!(dangling_reference(&src, n).is_empty());
    }

    #[test]
    fn single_numbered_and_dangling() {
        let text = "关于印发工作方案的通知\n\n各镇人民政府：\n\n名单见附件2。\n\n附件：1.工作方案\n\n县政府办公室\n2014年7月7日\n";
        let (src, g) = parse(text);
        let n = &g.notices[0];
        let p = numbering(&src, n);
        assert_eq!(p[0].code, "single-numbered");
        assert_eq!(&src.text[p[0].span.clone()], "1.");
        let d = dangling_reference(&src, n);
        assert_eq!(&src.text[d[0].span.clone()], "见附件2");
        assert_eq!(missing_section(n, true).len(), 1);
        assert!(missing_section(n, false).is_empty());
    }
}
