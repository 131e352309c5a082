//! Word drafts (`.docx`): the paragraphs of the main document part
//! (`word/document.xml`) become the text the rules see, one paragraph per
//! line, so that a diagnostic's line is the paragraph's number in the draft
//! and its column the character within the paragraph.
//!
//! What counts as text: `w:t` runs (inserted revisions included, deleted
//! ones — `w:delText` — not), tabs inside runs as `\t`, paragraphs inside
//! tables in reading order (row by row, cell by cell), and paragraphs of
//! text boxes right after the paragraph that anchors them. Field codes
//! (`w:instrText`), the fallback copies of drawings (`mc:Fallback`) and
//! line breaks inside a paragraph (`w:br`, often used to wrap a title) are
//! left out, so a paragraph always stays one line.
//!
//! The archive is untrusted: the decompressed size of the document part is
//! capped ([`MAX_DOCUMENT_XML`]) whatever its header claims.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::source::{Encoding, SourceFile};

/// The largest `word/document.xml` read, decompressed (a 300-page draft is
/// a few MB; anything far beyond is a zip bomb or not a draft).
pub const MAX_DOCUMENT_XML: u64 = 64 * 1024 * 1024;

/// Name of the main document part in every .docx Word, WPS and LibreOffice write.
pub const DOCUMENT_PART: &str = "word/document.xml";

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    /// Not a zip archive at all (or a truncated one).
    NotZip(String),
    /// A zip, but with no `word/document.xml` (a .xlsx, .pptx, .odt …).
    NoDocument,
    /// Encrypted, or compressed with a method gwlint does not read.
    Unsupported(String),
    /// `word/document.xml` is larger than [`MAX_DOCUMENT_XML`] decompressed.
    TooLarge,
    /// The XML is malformed or not UTF-8.
    BadXml(String),
    /// The reader panicked on this file.
    Internal,
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotZip(why) => write!(
                f,
                "不是有效的 .docx 文件：无法作为 zip 压缩包打开（{why}），文件可能已损坏或并非 Word 文档（{}）",
                super::SUPPORTED
            ),
            DocxError::NoDocument => write!(
                f,
                "压缩包中没有 {DOCUMENT_PART}，不是 Word 文档（{}）",
                super::SUPPORTED
            ),
            DocxError::Unsupported(why) => write!(
                f,
                "无法读取此 .docx 文件：{why}（加密或使用了不支持的压缩方式）；请在 Word 或 WPS 中取消加密并重新保存"
            ),
            DocxError::TooLarge => write!(
                f,
                "{DOCUMENT_PART} 解压后超过 {} MB 的上限，拒绝读取（文件异常，可能是压缩炸弹）",
                MAX_DOCUMENT_XML / 1024 / 1024
            ),
            DocxError::BadXml(why) => write!(
                f,
                "{DOCUMENT_PART} 不是有效的 XML（{why}），文件可能已损坏；请在 Word 或 WPS 中打开并重新保存"
            ),
            DocxError::Internal => {
                write!(f, "内部错误：读取此 .docx 文件时程序崩溃，其他文件不受影响")
            }
        }
    }
}

impl std::error::Error for DocxError {}

/// Read a .docx into a [`SourceFile`] whose lines are its paragraphs
/// (each ended by `\n`), marked [`Encoding::Docx`] so that nothing tries to
/// write text back into it.
pub fn read(name: &str, bytes: &[u8]) -> Result<SourceFile, DocxError> {
    let paragraphs = paragraphs(bytes)?;
    let mut text = String::new();
    for p in &paragraphs {
        text.push_str(p);
        text.push('\n');
    }
    Ok(SourceFile::new(name, text, Encoding::Docx))
}

/// The text of every paragraph of the main document, in reading order.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>, DocxError> {
    let xml = document_xml(bytes)?;
    paragraphs_of_xml(&xml)
}

/// The decompressed main document part, capped at [`MAX_DOCUMENT_XML`].
fn document_xml(bytes: &[u8]) -> Result<String, DocxError> {
    use zip::result::ZipError;
    let zip_error = |e: ZipError| match e {
        ZipError::FileNotFound => DocxError::NoDocument,
        ZipError::UnsupportedArchive(why) => DocxError::Unsupported(why.to_string()),
        ZipError::CompressionMethodNotSupported(m) => {
            DocxError::Unsupported(format!("压缩方式 {m}"))
        }
        ZipError::InvalidPassword => DocxError::Unsupported("需要密码".into()),
        other => DocxError::NotZip(other.to_string()),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let part = archive.by_name(DOCUMENT_PART).map_err(zip_error)?;
    if part.size() > MAX_DOCUMENT_XML {
        return Err(DocxError::TooLarge);
    }
    // The header's size can lie: read at most one byte past the cap.
    let mut data = Vec::new();
    part.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut data)
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    if data.len() as u64 > MAX_DOCUMENT_XML {
        return Err(DocxError::TooLarge);
    }
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    String::from_utf8(data.to_vec()).map_err(|e| {
        DocxError::BadXml(format!(
            "不是 UTF-8 编码，第 {} 字节处无法解码",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// A paragraph being read, with the paragraphs of text boxes anchored in it.
#[derive(Default)]
struct OpenParagraph {
    text: String,
    nested: Vec<String>,
}

/// Walk the WordprocessingML of the main document part.
fn paragraphs_of_xml(xml: &str) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut open: Vec<OpenParagraph> = Vec::new();
    // Depth inside a subtree left out (`mc:Fallback`): 0 when reading.
    let mut skip = 0usize;
    let mut in_text = false;
    let mut runs = 0usize;

    let bad = |reader: &Reader<&[u8]>, e: &dyn std::fmt::Display| {
        DocxError::BadXml(format!("第 {} 字节附近：{e}", reader.buffer_position()))
    };

    loop {
        let event = reader.read_event().map_err(|e| bad(&reader, &e))?;
        match event {
            Event::Eof => break,
            _ if skip > 0 => match event {
                Event::Start(_) => skip += 1,
                Event::End(_) => skip -= 1,
                _ => {}
            },
            Event::Start(e) => match e.name().as_ref() {
                "mc:Fallback" => skip = 1,
                "w:p" => open.push(OpenParagraph::default()),
                "w:r" => runs += 1,
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:p" => close(OpenParagraph::default(), &mut open, &mut out),
                "w:tab" if runs > 0 => push(&mut open, "\t"),
                "w:noBreakHyphen" if runs > 0 => push(&mut open, "-"),
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "w:p" => {
                    let p = open.pop().ok_or_else(|| bad(&reader, &"多余的 </w:p>"))?;
                    close(p, &mut open, &mut out);
                }
                "w:r" => runs = runs.saturating_sub(1),
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => push(&mut open, &t.xml10_content()),
            Event::CData(t) if in_text => push(&mut open, &t.into_inner()),
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref().map_err(|e| bad(&reader, &e))? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| bad(&reader, &format!("未知的实体 &{};", &*r)))?
                        .to_string(),
                };
                push(&mut open, &resolved);
            }
            _ => {}
        }
    }
    if !open.is_empty() {
        return Err(DocxError::BadXml("文档在段落中途结束".into()));
    }
    Ok(out)
}

/// Append text to the innermost open paragraph (text outside any
/// paragraph is not part of the document's flow and is dropped).
fn push(open: &mut [OpenParagraph], s: &str) {
    if let Some(p) = open.last_mut() {
        // A paragraph is one line: stray line breaks inside text become spaces.
        p.text.extend(
            s.chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
        );
    }
}

/// A paragraph ended: it goes to the output, or, inside a text box, after
/// the paragraph that anchors the box.
fn close(p: OpenParagraph, open: &mut [OpenParagraph], out: &mut Vec<String>) {
    let target = match open.last_mut() {
        Some(parent) => &mut parent.nested,
        None => out,
    };
    target.push(p.text);
    target.extend(p.nested);
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn doc(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    #[test]
    fn runs_join_and_paragraphs_are_lines() {
        let xml = doc(concat!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
            r#"<w:r><w:t>关于印发</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">实施方案 </w:t></w:r>"#,
            r#"<w:r><w:br/><w:t>的通知</w:t></w:r></w:p>"#,
            r#"<w:p/>"#,
            r#"<w:p><w:r><w:t>A&amp;B&#x4E00;</w:t><w:tab/><w:t>x</w:t></w:r></w:p>"#,
        ));
        assert_eq!(
            paragraphs_of_xml(&xml).unwrap(),
            vec!["关于印发实施方案 的通知", "", "A&B一\tx"]
        );
    }

    #[test]
    fn tables_in_reading_order_and_revisions() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t>前</w:t></w:r></w:p>"#,
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p><w:p><w:r><w:t>乙2</w:t></w:r></w:p></w:tc></w:tr>"#,
            r#"<w:tr><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            r#"<w:p><w:ins><w:r><w:t>新</w:t></w:r></w:ins><w:del><w:r><w:delText>旧</w:delText></w:r></w:del>"#,
            r#"<w:r><w:instrText> PAGE </w:instrText></w:r></w:p>"#,
        ));
        assert_eq!(
            paragraphs_of_xml(&xml).unwrap(),
            vec!["前", "甲", "乙", "乙2", "丙", "新"]
        );
    }

    #[test]
    fn text_boxes_follow_their_anchor_and_fallbacks_are_skipped() {
        let xml = doc(concat!(
            r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps">"#,
            r#"<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></mc:Choice>"#,
            r#"<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"#,
            r#"</mc:AlternateContent></w:r><w:r><w:t>续</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>下一段</w:t></w:r></w:p>"#,
        ));
        assert_eq!(
            paragraphs_of_xml(&xml).unwrap(),
            vec!["正文续", "框内", "下一段"]
        );
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let xml = doc("<w:p><w:r><w:t>断</w:r></w:p>");
        assert!(matches!(paragraphs_of_xml(&xml), Err(DocxError::BadXml(_))));
        let xml = doc("<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p>");
        assert!(matches!(paragraphs_of_xml(&xml), Err(DocxError::BadXml(_))));
    }

    #[test]
    fn not_a_zip_and_zip_without_document() {
        assert!(matches!(paragraphs(b"hello"), Err(DocxError::NotZip(_))));
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, b"<x/>").unwrap();
        let bytes = w.finish().unwrap().into_inner();
        assert_eq!(paragraphs(&bytes), Err(DocxError::NoDocument));
    }

    #[test]
    fn zip_bomb_is_refused() {
        // 65 MB of spaces compress to well under 100 KB.
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(DOCUMENT_PART, opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..=(MAX_DOCUMENT_XML >> 20) {
            std::io::Write::write_all(&mut w, &chunk).unwrap();
        }
        let bytes = w.finish().unwrap().into_inner();
        assert!(bytes.len() < 1 << 20, "{}", bytes.len());
        assert_eq!(paragraphs(&bytes), Err(DocxError::TooLarge));
    }
}
