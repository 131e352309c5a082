//! Decoding of input files and byte ↔ (line, character column) mapping.
//!
//! Every span in gwlint indexes into the *decoded* text held here. Line breaks
//! are kept as they were (LF or CRLF) so that fixes can be written back
//! without touching anything else.

use std::ops::Range;

/// The encoding a file was read in; it is kept so that a fixed file can be
/// written back exactly as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Gb18030 => "GB18030",
        }
    }

    /// Encode decoded text back into this encoding (BOM included).
    pub fn encode(self, text: &str) -> Vec<u8> {
        match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
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
        }
    }
}

/// Decode bytes as UTF-8 (with or without BOM) or, failing that, GB18030.
/// Nothing is ever replaced silently: invalid input is an error.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if let Some(offset) = binary_offset(bytes) {
        return Err(DecodeError::Binary { offset });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
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
            if had_errors {
                Err(DecodeError::Undecodable {
                    offset: utf8_err.valid_up_to(),
                })
            } else {
                Ok((text.into_owned(), Encoding::Gb18030))
            }
        }
    }
}

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

/// Offset of the first byte that marks the input as binary: NUL, or control
/// characters other than tab, line feed, form feed and carriage return.
fn binary_offset(bytes: &[u8]) -> Option<usize> {
    bytes
        .iter()
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
}

/// A decoded file with its line index, built once.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found, with `/` separators, used in every output.
    pub path: String,
    pub encoding: Encoding,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String, encoding: Encoding) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        SourceFile {
            path: path.into(),
            encoding,
            text,
            line_starts,
        }
    }

    /// Decode `bytes` and index them.
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Result<Self, DecodeError> {
        let (text, encoding) = decode(bytes)?;
        Ok(Self::new(path, text, encoding))
    }

    /// Number of lines (a final line without a newline counts; a trailing
    /// newline does not open a new line).
    pub fn line_count(&self) -> usize {
        if self.text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// 0-based line index containing byte `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based line `idx`, without its line terminator.
    pub fn line_range(&self, idx: usize) -> Range<usize> {
        let start = self.line_starts[idx];
        let mut end = self
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
        let offset = offset.min(self.text.len());
        let idx = self.line_index(offset);
        let start = self.line_starts[idx];
        let col = self.text[start..offset].chars().count() + 1;
        (idx + 1, col)
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

    /// Iterate over (0-based index, byte range without terminator) of every line.
    pub fn lines(&self) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        (0..self.line_count()).map(move |i| (i, self.line_range(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn columns_are_characters_and_crlf_is_stripped() {
        let f = SourceFile::new("x", "标题\r\n山府发[2013]2号\r\n".into(), Encoding::Utf8);
        assert_eq!(f.line_count(), 2);
        assert_eq!(f.line(0), "标题");
        let off = f.text.find('[').unwrap();
        assert_eq!(f.line_col(off), (2, 4));
        assert_eq!(f.offset_of(2, 4), Some(off));
        assert_eq!(f.line(1), "山府发[2013]2号");
    }
}
