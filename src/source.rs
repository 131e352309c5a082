//! Decoding of input files and byte ↔ (line, character column) mapping.
//!
//! Every span in gwlint indexes into the *decoded* text held here. Line breaks
//! are kept as they were (LF or CRLF) so that fixes can be written back
//! without touching anything else.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The encoding a file was read in; it is kept so that a fixed file can be
/// written back exactly as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    /// Not a text file: the paragraphs of a Word draft (`src/input/docx.rs`),
    /// one a line. Fixes are never written back into such a file.
    Docx,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
            Encoding::Docx => "docx",
        }
    }

    /// Encode decoded text back into this encoding (BOM included); the text
    /// of a .docx is encoded as UTF-8 (a plain-text copy, not a .docx).
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 | Encoding::Docx => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => {
                let mut out = b"\xEF\xBB\xBF".to_vec();
                out.extend_from_slice(text.as_bytes());
                out
            }
            Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
        }
    }
}

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// A NUL byte or other control bytes typical of binary files.
    Binary { offset: usize },
    /// Neither valid UTF-8 nor valid GB18030.
    Undecodable { offset: usize },
    /// Lines of Chinese in UTF-8 and bytes that are not UTF-8 in one file:
    /// reading it as either encoding would garble part of it.
    Mixed {
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        offset: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary { offset } => {
                write!(f, "不是文本文件（第 {offset} 字节处为二进制内容）")
            }
            DecodeError::Undecodable { offset } => write!(
                f,
                "既不是 UTF-8 也不是 GB18030 编码（第 {offset} 字节处无法解码）"
            ),
            DecodeError::Mixed { line, offset } => write!(
                f,
                "混用了多种编码：有些行是 UTF-8 编码的中文，而第 {line} 行（第 {offset} 字节处）不是 UTF-8（可能是 GBK/GB18030，或文件已损坏）；请将整个文件统一转换为 UTF-8"
            ),
        }
    }
}

/// Decode bytes as UTF-8 (with or without BOM) or, failing that, GB18030.
/// Nothing is ever replaced silently: invalid input is an error.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    if let Some(rest) = bytes.strip_prefix(BOM) {
        return match std::str::from_utf8(rest) {
            Ok(s) => Ok((s.to_owned(), Encoding::Utf8Bom)),
            Err(e) => Err(DecodeError::Undecodable {
                offset: e.valid_up_to() + 3,
            }),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if !looks_like_gb18030(s, bytes) => Ok((s.to_owned(), Encoding::Utf8)),
        Ok(_) => Ok((
            encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .expect("checked by looks_like_gb18030")
                .into_owned(),
            Encoding::Gb18030,
        )),
        Err(utf8_err) => {
            let (text, had_errors) = encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(bytes)
                .map(|t| (t, false))
                .unwrap_or_else(|| (std::borrow::Cow::Borrowed(""), true));
            let offset = utf8_err.valid_up_to();
            if has_utf8_chinese_line(bytes) {
                Err(DecodeError::Mixed {
                    line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
                    offset,
                })
            } else if had_errors {
                Err(DecodeError::Undecodable { offset })
            } else {
                Ok((text.into_owned(), Encoding::Gb18030))
            }
        }
    }
}

/// [`decode`] of bytes the caller gives up: UTF-8, the common case, keeps
/// the buffer as the text instead of copying it (a 100 MB file would be
/// held twice).
pub fn decode_owned(mut bytes: Vec<u8>) -> Result<(String, Encoding), DecodeError> {
    if binary_offset(&bytes).is_some() {
        return decode(&bytes);
    }
    let bom = bytes.starts_with(BOM);
    if bom {
        bytes.drain(..BOM.len());
    }
    let text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: just validated as UTF-8 (by a faster validator than the
        // one `String::from_utf8` would run a second time).
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    match text {
        Ok(s) if bom => Ok((s, Encoding::Utf8Bom)),
        Ok(s) if !looks_like_gb18030(&s, s.as_bytes()) => Ok((s, Encoding::Utf8)),
        Ok(s) => decode(s.as_bytes()),
        Err(e) => {
            let mut bytes = e.into_bytes();
            if bom {
                bytes.splice(0..0, BOM.iter().copied());
            }
            decode(&bytes)
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Short GB18030 text can also be valid UTF-8 (`通知` is `CD A8 D6 AA`,
/// two 2-byte UTF-8 sequences). Chinese in UTF-8 takes 3 bytes a character,
/// so text whose non-ASCII characters are mostly 2-byte sequences
/// (U+0080–U+07FF: Latin, Greek, Cyrillic, combining marks) and that decodes
/// as GB18030 into CJK is GB18030.
fn looks_like_gb18030(utf8: &str, bytes: &[u8]) -> bool {
    let cjk =
        |c: &char| ('\u{4e00}'..='\u{9fff}').contains(c) || ('\u{3000}'..='\u{303f}').contains(c);
    // Latin letters with accents (U+0080–U+024F) are real text; combining
    // marks, Greek, Cyrillic, Hebrew, Arabic … in a file with no Chinese are
    // what GB18030 bytes look like when read as UTF-8.
    let implausible = |c: &char| ('\u{250}'..'\u{800}').contains(c);
    if utf8.chars().any(|c| cjk(&c)) || !utf8.chars().any(|c| implausible(&c)) {
        return false;
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(gb) => {
            gb.chars().filter(cjk).count() * 2 > gb.chars().filter(|c| !c.is_ascii()).count()
        }
        None => false,
    }
}

/// Whether some line is Chinese written in UTF-8: valid UTF-8 with at least
/// two CJK characters (3-byte sequences) and no character outside CJK and
/// its punctuation. GB18030 text almost never reads so: its bytes would have
/// to fall into 3-byte sequences of the CJK block line after line.
fn has_utf8_chinese_line(bytes: &[u8]) -> bool {
    bytes.split(|&b| b == b'\n').any(|line| {
        let Ok(s) = std::str::from_utf8(line) else {
            return false;
        };
        let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let plausible = |c: char| {
            c.is_ascii()
                || cjk(c)
                || ('\u{3000}'..='\u{303f}').contains(&c)
                || ('\u{ff00}'..='\u{ffef}').contains(&c)
                || ('\u{2000}'..='\u{206f}').contains(&c)
        };
        s.chars().filter(|&c| cjk(c)).count() >= 2 && s.chars().all(plausible)
    })
}

/// Offset of the first byte that marks the input as binary: NUL, or control
/// characters other than tab, line feed, form feed and carriage return.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    let binary = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c);
    // Whole blocks first, without an early exit inside a block, which the
    // compiler turns into vector code; then the block that has one.
    const BLOCK: usize = 64;
    let block = bytes
        .chunks(BLOCK)
        .position(|c| c.iter().fold(false, |any, &b| any | binary(b)))?;
    let from = block * BLOCK;
    bytes[from..]
        .iter()
        .position(|&b| binary(b))
        .map(|i| from + i)
}

/// Read a UTF-8 text file given by the user (a rule pack, a configuration,
/// a unit registry). Only regular files are read — reading a FIFO would
/// block forever — and every failure is a Chinese message.
pub fn read_utf8_file(path: &std::path::Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("是目录，不是文件".into());
    }
    if !meta.is_file() {
        return Err("不是普通文件（可能是命名管道或设备），未读取".into());
    }
    let bytes = std::fs::read(path).map_err(|e| io_message(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "不是 UTF-8 编码的文本（第 {} 字节处无法解码）",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error in Chinese.
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
        _ => format!("读取失败（{e}）"),
    }
}

/// A decoded file with its line index, built once.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found, with `/` separators, used in every output.
    pub path: String,
    pub encoding: Encoding,
    pub text: String,
    index: TextIndex,
}

/// Bytes scanned so far by [`TextIndex::chars_before`], summed over the
/// process: the bounded-work tests read it to show that turning offsets into
/// columns costs the same on a 20 MB line as on a short one.
#[doc(hidden)]
pub static COLUMN_SCAN: AtomicUsize = AtomicUsize::new(0);

/// Line starts and character-count checkpoints of a text, built once, so
/// that the (line, column) of any offset costs a binary search and a scan
/// of at most [`TextIndex::BLOCK`] bytes — never a scan from the line start,
/// which on a file with one 20 MB line made every finding cost 20 MB.
#[derive(Debug, Clone, Default)]
pub struct TextIndex {
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// `checkpoints[k]`: characters in `text[..k * BLOCK]`.
    checkpoints: Vec<usize>,
}

/// Whether `b` starts a UTF-8 character (is not a continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

impl TextIndex {
    pub const BLOCK: usize = 256;

    pub fn new(text: &str) -> Self {
        // Two independent passes over the text: side by side on a large file.
        let (line_starts, checkpoints) = rayon::join(
            || {
                let mut line_starts = vec![0];
                line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
                line_starts
            },
            || {
                let mut checkpoints = Vec::with_capacity(text.len() / Self::BLOCK + 1);
                let mut n = 0;
                checkpoints.push(0);
                for block in text.as_bytes().chunks(Self::BLOCK) {
                    n += block.iter().filter(|&&b| starts_char(b)).count();
                    checkpoints.push(n);
                }
                checkpoints
            },
        );
        TextIndex {
            line_starts,
            checkpoints,
        }
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// 0-based line index containing byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Characters that start before byte `offset` (clamped to the text);
    /// `offset` need not be a character boundary.
    pub fn chars_before(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let k = offset / Self::BLOCK;
        let from = k * Self::BLOCK;
        COLUMN_SCAN.fetch_add(offset - from, Ordering::Relaxed);
        self.checkpoints[k]
            + text.as_bytes()[from..offset]
                .iter()
                .filter(|&&b| starts_char(b))
                .count()
    }

    /// 1-based (line, column) of byte `offset`, the column in characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let idx = self.line_index(offset);
        let start = self.line_starts[idx];
        let col = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (idx + 1, col)
    }
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String, encoding: Encoding) -> Self {
        SourceFile {
            path: path.into(),
            encoding,
            index: TextIndex::new(&text),
            text,
        }
    }

    /// Decode `bytes`, keeping the buffer when it is UTF-8, and index them.
    pub fn from_vec(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, DecodeError> {
        let (text, encoding) = decode_owned(bytes)?;
        Ok(Self::new(path, text, encoding))
    }

    /// Decode `bytes` and index them.
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        Self::from_vec(path, bytes.to_vec())
    }

    /// Number of lines (a final line without a newline counts; a trailing
    /// newline does not open a new line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.index.line_starts.len() - 1
        } else {
            self.index.line_starts.len()
        }
    }

    /// 0-based line index containing byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        self.index.line_index(offset)
    }

    /// Byte range of 0-based line `idx`, without its line terminator.
    pub fn line_range(&self, idx: usize) -> Range<usize> {
        let start = self.index.line_starts[idx];
        let mut end = self
            .index
            .line_starts
            .get(idx + 1)
            .map(|&s| s - 1)
            .unwrap_or(self.text.len());
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Text of 0-based line `idx`, without its terminator.
    pub fn line(&self, idx: usize) -> &str {
        &self.text[self.line_range(idx)]
    }

    /// 1-based (line, column) of byte `offset`, the column counted in
    /// characters (not bytes, not display cells).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.index.line_col(&self.text, offset)
    }

    /// Byte offset of 1-based (line, character column); used by tests and
    /// by formats that speak in lines and columns.
    pub fn offset_of(&self, line: usize, col: usize) -> Option<usize> {
        let range = self.line_range(line.checked_sub(1)?);
        let s = &self.text[range.clone()];
        let mut chars = s
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(s.len()));
        chars.nth(col.checked_sub(1)?).map(|i| range.start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_owned_agrees_with_decode() {
        let gb = encoding_rs::GB18030
            .encode("关于印发通知的通知")
            .0
            .into_owned();
        let mut bom_gb = BOM.to_vec();
        bom_gb.extend(&gb);
        let cases: Vec<Vec<u8>> = vec![
            "通知".into(),
            [BOM, "通知".as_bytes()].concat(),
            gb,
            bom_gb,
            b"ab\0cd".to_vec(),
            b"abc\xFF\xFF".to_vec(),
            [BOM, b"\xFF"].concat(),
            Vec::new(),
        ];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("通知".as_bytes()).unwrap().1, Encoding::Utf8);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("通知".as_bytes());
        let (text, enc) = decode(&bom).unwrap();
        assert_eq!((text.as_str(), enc), ("通知", Encoding::Utf8Bom));
    }

    #[test]
    fn gb18030_detected_from_content() {
        let bytes = encoding_rs::GB18030.encode("关于印发实施方案的通知").0;
        let (text, enc) = decode(&bytes).unwrap();
        assert_eq!(text, "关于印发实施方案的通知");
        assert_eq!(enc, Encoding::Gb18030);
        assert_eq!(enc.encode(&text), bytes.into_owned());
    }

    #[test]
    fn short_gb18030_that_is_also_valid_utf8() {
        let bytes = encoding_rs::GB18030.encode("通知").0;
        assert!(std::str::from_utf8(&bytes).is_ok());
        assert_eq!(
            decode(&bytes).unwrap(),
            ("通知".to_string(), Encoding::Gb18030)
        );
        // Real Latin-1 supplement text in UTF-8 stays UTF-8.
        assert_eq!(decode("café résumé".as_bytes()).unwrap().1, Encoding::Utf8);
    }

    #[test]
    fn binary_and_garbage_are_errors() {
        assert!(matches!(
            decode(b"ab\0cd"),
            Err(DecodeError::Binary { offset: 2 })
        ));
        // 0xFF is invalid in both UTF-8 and GB18030.
        assert!(matches!(
            decode(b"abc\xFF\xFF"),
            Err(DecodeError::Undecodable { .. })
        ));
    }

    #[test]
    fn mixed_utf8_and_gb18030_is_an_error() {
        let mut bytes = "关于印发实施方案的通知\n".as_bytes().to_vec();
        bytes.extend_from_slice(&encoding_rs::GB18030.encode("各镇人民政府：\n").0);
        assert_eq!(
            decode(&bytes),
            Err(DecodeError::Mixed {
                line: 2,
                offset: "关于印发实施方案的通知\n".len()
            })
        );
        // GB18030 the other way round too.
        let mut bytes = encoding_rs::GB18030
            .encode("各镇人民政府：\n")
            .0
            .into_owned();
        bytes.extend_from_slice("关于印发实施方案的通知\n".as_bytes());
        assert!(matches!(
            decode(&bytes),
            Err(DecodeError::Mixed { line: 1, .. })
        ));
        // UTF-8 with bytes that are not GB18030 either.
        let mut bytes = "关于印发实施方案的通知\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"\xff\n");
        assert!(matches!(
            decode(&bytes),
            Err(DecodeError::Mixed { line: 2, .. })
        ));
        // Pure GB18030 text of the corpus kind is still GB18030.
        let gb =
            encoding_rs::GB18030.encode("关于印发实施方案的通知\n各镇人民政府：\n现印发给你们。\n");
        assert_eq!(decode(&gb.0).unwrap().1, Encoding::Gb18030);
    }

    #[test]
    fn columns_are_characters_and_crlf_is_stripped() {
        let f = SourceFile::new("x", "标题\r\n山府发[2013]2号\r\n".into(), Encoding::Utf8);
        assert_eq!(f.line_count(), 2);
        assert_eq!(f.line(0), "标题");
        let off = f.text.find('[').unwrap();
        assert_eq!(f.line_col(off), (2, 4));
        assert_eq!(f.offset_of(2, 4), Some(off));
        assert_eq!(f.line(1), "山府发[2013]2号");
    }

    #[test]
    fn columns_on_a_long_line_match_a_plain_count() {
        let text: String = "关于a（〔\n".repeat(3) + &"通知,x〔".repeat(2000);
        let f = SourceFile::new("x", text.clone(), Encoding::Utf8);
        for (off, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
            let want = (
                text[..off].matches('\n').count() + 1,
                text[line_start..off].chars().count() + 1,
            );
            assert_eq!(f.line_col(off), want, "offset {off}");
        }
        // Inside a character: counted as after the characters that start before.
        assert_eq!(f.line_col(1), (1, 2));
    }
}
