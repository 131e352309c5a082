//! Turning the bytes of an input file into a [`SourceFile`]: plain text
//! (`.txt`, `.md`: UTF-8 or GB18030, see [`crate::source::decode`]) or a
//! Word draft (`.docx`, see [`docx`]). The command line, the audit and
//! `gwlint serve` all read their inputs through [`load`].

pub mod docx;

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::source::SourceFile;

/// What gwlint reads, said in every "unsupported" message.
pub const SUPPORTED: &str = "gwlint 支持 .txt、.md（UTF-8 或 GB18030 编码）和 .docx 文件";

/// Extensions that directory walking picks up.
pub const EXTENSIONS: &[&str] = &["txt", "md", "docx"];

/// The kind of input, decided from the name and, failing that, the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Docx,
    /// A format gwlint does not read; the message says which and what to do.
    Unsupported(&'static str),
}

/// Zip local file header: a .docx (or any other zip) container.
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// OLE2 compound file: Word 97-2003 .doc, WPS .wps, .xls …
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Rich Text Format.
const RTF_MAGIC: &[u8] = b"{\\rtf";
/// PDF.
const PDF_MAGIC: &[u8] = b"%PDF-";

/// Whether `name` has one of the extensions directory walking picks up.
pub fn is_supported_name(name: &str) -> bool {
    extension(name).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

fn extension(name: &str) -> Option<String> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    (!stem.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// Decide the kind of an input from its name, then its first bytes: a
/// `.docx` is read as Word, a `.doc` or `.wps` is refused by name, and a
/// file whose content is a zip, an OLE2 compound file, RTF or PDF is
/// recognised whatever it is called.
pub fn kind(name: &str, bytes: &[u8]) -> Kind {
    match extension(name).as_deref() {
        Some("docx") => return Kind::Docx,
        Some("doc" | "dot") => {
            return Kind::Unsupported(
                "不支持 Word 97-2003 文档（.doc）：请在 Word 或 WPS 中“另存为” .docx 或纯文本 .txt 后再检查",
            )
        }
        Some("wps" | "wpt") => {
            return Kind::Unsupported(
                "不支持 WPS 文字文档（.wps）：请在 WPS 中“另存为” .docx 或纯文本 .txt 后再检查",
            )
        }
        _ => {}
    }
    if bytes.starts_with(ZIP_MAGIC) {
        Kind::Docx
    } else if bytes.starts_with(OLE_MAGIC) {
        Kind::Unsupported(
            "这是 Word 97-2003（.doc）或 WPS（.wps）格式的文档，不能直接检查：请另存为 .docx 或纯文本 .txt 后再检查",
        )
    } else if bytes.starts_with(RTF_MAGIC) {
        Kind::Unsupported("不支持 RTF 文档：请另存为 .docx 或纯文本 .txt 后再检查")
    } else if bytes.starts_with(PDF_MAGIC) {
        Kind::Unsupported("不支持 PDF 文件：请先转换为纯文本 .txt 或 .docx 后再检查")
    } else {
        Kind::Text
    }
}

/// Read one input: `name` is the path shown in reports (its extension and,
/// failing that, the content decide how the bytes are read). The error is a
/// Chinese message for the user, naming what is supported where it helps.
pub fn load(name: &str, bytes: Vec<u8>) -> Result<SourceFile, String> {
    match kind(name, &bytes) {
        Kind::Unsupported(why) => Err(format!("{why}（{SUPPORTED}）")),
        Kind::Text => SourceFile::from_vec(name, bytes).map_err(|e| format!("{e}（{SUPPORTED}）")),
        // The zip and XML parsers run on untrusted input: a panic in them
        // is this file's error, not the end of the run.
        Kind::Docx => catch_unwind(AssertUnwindSafe(|| docx::read(name, &bytes)))
            .unwrap_or(Err(docx::DocxError::Internal))
            .map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name_and_content() {
        assert_eq!(kind("a/通知.DOCX", b""), Kind::Docx);
        assert_eq!(kind("a.txt", b"PK\x03\x04rest"), Kind::Docx);
        assert_eq!(kind("a.txt", "通知".as_bytes()), Kind::Text);
        assert!(matches!(kind("a.doc", b"x"), Kind::Unsupported(m) if m.contains(".doc")));
        assert!(matches!(kind("a.wps", b"x"), Kind::Unsupported(m) if m.contains(".wps")));
        assert!(matches!(kind("a.txt", OLE_MAGIC), Kind::Unsupported(_)));
        assert!(matches!(kind("a", b"%PDF-1.4"), Kind::Unsupported(m) if m.contains("PDF")));
    }

    #[test]
    fn supported_names() {
        assert!(is_supported_name("x/草稿.docx"));
        assert!(is_supported_name("a.TXT"));
        assert!(!is_supported_name("a.doc"));
        assert!(!is_supported_name(".docx"));
        assert!(!is_supported_name("docx"));
    }

    #[test]
    fn unsupported_and_undecodable_messages_name_what_is_supported() {
        let e = load("旧稿.doc", b"whatever".to_vec()).unwrap_err();
        assert!(e.contains(".doc") && e.contains(SUPPORTED), "{e}");
        let e = load("a.txt", b"abc\xFF\xFF".to_vec()).unwrap_err();
        assert!(e.contains("GB18030") && e.contains(SUPPORTED), "{e}");
        let e = load("坏.docx", b"PK\x03\x04 not really a zip".to_vec()).unwrap_err();
        assert!(e.contains(".docx"), "{e}");
    }
}
