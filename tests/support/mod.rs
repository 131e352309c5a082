//! Helpers shared by integration tests (`mod support;`).
#![allow(dead_code)]

use std::io::{Cursor, Write};

/// One block of a hand-built .docx body.
pub enum Block<'a> {
    /// A paragraph; its runs are joined (a run may hold `\t` for a tab).
    Para(&'a [&'a str]),
    /// A table: rows of cells of paragraphs.
    Table(&'a [&'a [&'a str]]),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn para(runs: &[&str]) -> String {
    let mut p = String::from("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>");
    for r in runs {
        p.push_str("<w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr>");
        for (i, piece) in r.split('\t').enumerate() {
            if i > 0 {
                p.push_str("<w:tab/>");
            }
            p.push_str(&format!(
                "<w:t xml:space=\"preserve\">{}</w:t>",
                escape(piece)
            ));
        }
        p.push_str("</w:r>");
    }
    p.push_str("</w:p>");
    p
}

/// A minimal but complete .docx (content types, package relationships,
/// main document), deflate-compressed, as Word writes it.
pub fn docx(blocks: &[Block]) -> Vec<u8> {
    let mut body = String::new();
    for b in blocks {
        match b {
            Block::Para(runs) => body.push_str(&para(runs)),
            Block::Table(rows) => {
                body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
                for row in rows.iter() {
                    body.push_str("<w:tr>");
                    for cell in row.iter() {
                        body.push_str(&format!("<w:tc><w:tcPr/>{}</w:tc>", para(&[cell])));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let files = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
             <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
             <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
             <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
             <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        ("word/document.xml", document),
    ];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in files {
        w.start_file(name, opts).unwrap();
        w.write_all(content.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The first notice of `corpus/lianshan-2013.txt` (lines 1–13), as printed:
/// `[2013]` for 〔2013〕 and `二0一三` with a digit zero.
pub fn lianshan_notice1() -> String {
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/lianshan-2013.txt"
    ))
    .unwrap();
    let lines: Vec<&str> = corpus.lines().take(13).collect();
    lines.join("\n") + "\n"
}
