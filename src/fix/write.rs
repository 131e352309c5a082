//! Writing fixed files back: in their own encoding, byte for byte outside
//! the fixed spans, atomically.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{FixOutcome, Piece, Provenance};
use crate::source::{self, Encoding, SourceFile};

/// Why a fixed file was not written. Nothing is written when any of these
/// happens; the file stays exactly as it was.
#[derive(Debug)]
pub enum FixError {
    /// The file could not be read back before writing.
    Read { path: String, source: io::Error },
    /// The file could not be replaced (permissions, read-only directory …).
    Write { path: String, source: io::Error },
    /// The file changed on disk after it was checked.
    Changed { path: String },
    /// The fixed text holds a character the file's encoding cannot represent.
    Unencodable {
        path: String,
        encoding: Encoding,
        ch: char,
    },
    /// The re-encoded file would not decode back to the fixed text.
    RoundTrip { path: String, encoding: Encoding },
    /// The fix outcome does not belong to this file's text (a caller bug).
    Mismatch { path: String },
    /// The file is a Word draft (.docx): gwlint reads it, never rewrites it.
    Docx { path: String },
}

impl FixError {
    pub fn path(&self) -> &str {
        match self {
            FixError::Read { path, .. }
            | FixError::Write { path, .. }
            | FixError::Changed { path }
            | FixError::Unencodable { path, .. }
            | FixError::RoundTrip { path, .. }
            | FixError::Mismatch { path }
            | FixError::Docx { path } => path,
        }
    }
}

/// A Chinese description of an I/O error, with the system's own words after.
fn io_reason(e: &io::Error) -> String {
    let what = match e.kind() {
        io::ErrorKind::PermissionDenied => "权限不足",
        io::ErrorKind::NotFound => "文件或目录不存在",
        io::ErrorKind::NotADirectory => "路径中有一段不是目录",
        io::ErrorKind::ReadOnlyFilesystem => "文件系统为只读",
        io::ErrorKind::StorageFull => "磁盘空间不足",
        io::ErrorKind::IsADirectory => "这是一个目录",
        _ => "输入输出错误",
    };
    format!("{what}（{e}）")
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::Read { path, source } => {
                write!(f, "无法读取 {path}，未写入修复：{}", io_reason(source))
            }
            FixError::Write { path, source } => {
                write!(f, "无法写入 {path}，文件保持原样：{}", io_reason(source))
            }
            FixError::Changed { path } => write!(
                f,
                "{path} 在检查之后已被修改，未写入修复；请重新运行 gwlint"
            ),
            FixError::Unencodable { path, encoding, ch } => write!(
                f,
                "修复后的文本含有 {} 编码无法表示的字符“{ch}”（U+{:04X}），未写入 {path}",
                encoding.name(),
                *ch as u32
            ),
            FixError::RoundTrip { path, encoding } => write!(
                f,
                "修复后的文本无法按原编码 {} 原样写回，未写入 {path}",
                encoding.name()
            ),
            FixError::Mismatch { path } => {
                write!(f, "内部错误：修复结果与 {path} 的内容不符，未写入")
            }
            FixError::Docx { path } => write!(
                f,
                "{path} 是 Word 文档（.docx），gwlint 不会改写它：请按提示在 Word 或 WPS 中修改，或在 `gwlint serve` 页面中修复后下载文本"
            ),
        }
    }
}

impl std::error::Error for FixError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FixError::Read { source, .. } | FixError::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Replace `path` with `bytes` atomically (`--fix`): a temporary file in the
/// same directory, the original file's permissions (and, where allowed, its
/// owner), fsync, then rename over the original, then fsync the directory.
/// A symbolic link is followed: its target is replaced, the link stays.
///
/// Refuses (with `PermissionDenied`) a file that has no write permission or
/// cannot be opened for writing, even though the rename alone would succeed:
/// a read-only file is a decision of its owner.
///
/// Known limit: a file with several hard links is replaced under this name
/// only (the other names keep the old content), as with any atomic rename.
///
/// Callers only call this for a file that changes; [`fix_file`] enforces it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = resolve_link(path)?;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let meta = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &meta {
        if m.permissions().readonly() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "文件为只读",
            ));
        }
        // Opening for writing (without truncating or writing) changes
        // nothing but tells whether we may.
        OpenOptions::new().write(true).open(&target)?;
    }

    let mut tmp = tempfile::Builder::new()
        .prefix(".gwlint-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    if let Some(m) = &meta {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let t = tmp.as_file().metadata()?;
            if (t.uid(), t.gid()) != (m.uid(), m.gid()) {
                // Only root may give a file away; others keep their own.
                let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
            }
        }
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    #[cfg(unix)]
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

fn resolve_link(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Compute the bytes `--fix` would write for `source` (also used by
/// `--diff` to report files that could not be fixed): `Ok(None)` when the
/// file would not change.
///
/// The file is read again and must still hold exactly `source.text`. Bytes
/// outside the fixed spans are copied from it as they are; only the
/// replacements are encoded, in the file's encoding (BOM and line endings
/// are therefore untouched). The result must decode back to the fixed text.
pub fn prepare_fix(
    path: &Path,
    source: &SourceFile,
    outcome: &FixOutcome,
) -> Result<Option<Vec<u8>>, FixError> {
    let name = || source.path.clone();
    if source.encoding == Encoding::Docx {
        return Err(FixError::Docx { path: name() });
    }
    if !outcome.changed() || outcome.text == source.text {
        return Ok(None);
    }
    if outcome.provenance.render(&source.text).as_deref() != Some(outcome.text.as_str()) {
        return Err(FixError::Mismatch { path: name() });
    }
    let disk = fs::read(path).map_err(|e| FixError::Read {
        path: name(),
        source: e,
    })?;
    match source::decode(&disk) {
        Ok((text, enc)) if text == source.text && enc == source.encoding => {}
        _ => return Err(FixError::Changed { path: name() }),
    }
    let bytes = splice(&disk, source, &outcome.provenance)?;
    if decode_as(&bytes, source.encoding).as_deref() != Some(outcome.text.as_str()) {
        return Err(FixError::RoundTrip {
            path: name(),
            encoding: source.encoding,
        });
    }
    Ok((bytes != disk).then_some(bytes))
}

/// `--fix` for one file: write `outcome` to `path` in the encoding of
/// `source` (see [`prepare_fix`]) with [`write_atomic`]. Returns whether the
/// file was written; a file with no change is not touched at all (not even
/// its modification time).
pub fn fix_file(path: &Path, source: &SourceFile, outcome: &FixOutcome) -> Result<bool, FixError> {
    match prepare_fix(path, source, outcome)? {
        None => Ok(false),
        Some(bytes) => {
            write_atomic(path, &bytes).map_err(|e| FixError::Write {
                path: source.path.clone(),
                source: e,
            })?;
            Ok(true)
        }
    }
}

/// Decode `bytes` strictly in `encoding` (no detection, no replacement).
fn decode_as(bytes: &[u8], encoding: Encoding) -> Option<String> {
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).ok(),
        Encoding::Docx => None,
        Encoding::Utf8Bom => String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF")?.to_vec()).ok(),
        Encoding::Gb18030 => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|c| c.into_owned()),
    }
}

/// Encode inserted text (no BOM); an unmappable character is an error.
fn encode_fragment(s: &str, source: &SourceFile) -> Result<Vec<u8>, FixError> {
    match source.encoding {
        Encoding::Utf8 | Encoding::Utf8Bom | Encoding::Docx => Ok(s.as_bytes().to_vec()),
        Encoding::Gb18030 => {
            let (bytes, _, had_errors) = encoding_rs::GB18030.encode(s);
            if !had_errors {
                return Ok(bytes.into_owned());
            }
            let mut buf = [0u8; 4];
            let ch = s
                .chars()
                .find(|c| encoding_rs::GB18030.encode(c.encode_utf8(&mut buf)).2)
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            Err(FixError::Unencodable {
                path: source.path.clone(),
                encoding: source.encoding,
                ch,
            })
        }
    }
}

/// Build the new file: original bytes for kept pieces, encoded inserts.
fn splice(disk: &[u8], source: &SourceFile, prov: &Provenance) -> Result<Vec<u8>, FixError> {
    let mut wanted: Vec<usize> = vec![0, source.text.len()];
    for p in prov.pieces() {
        if let Piece::Kept(r) = p {
            wanted.push(r.start);
            wanted.push(r.end);
        }
    }
    wanted.sort_unstable();
    wanted.dedup();
    let offsets = byte_offsets(disk, &source.text, source.encoding, &wanted).ok_or_else(|| {
        FixError::RoundTrip {
            path: source.path.clone(),
            encoding: source.encoding,
        }
    })?;
    let at = |t: usize| offsets[wanted.binary_search(&t).expect("offset was requested")];

    let mut out = Vec::with_capacity(disk.len() + 64);
    out.extend_from_slice(&disk[..at(0)]);
    for p in prov.pieces() {
        match p {
            Piece::Kept(r) => out.extend_from_slice(&disk[at(r.start)..at(r.end)]),
            Piece::Inserted(s) => out.extend_from_slice(&encode_fragment(s, source)?),
        }
    }
    out.extend_from_slice(&disk[at(source.text.len())..]);
    Ok(out)
}

/// Byte offsets in the file of the text offsets `wanted` (sorted, unique).
fn byte_offsets(disk: &[u8], text: &str, enc: Encoding, wanted: &[usize]) -> Option<Vec<usize>> {
    if wanted
        .iter()
        .any(|&t| t > text.len() || !text.is_char_boundary(t))
    {
        return None;
    }
    match enc {
        Encoding::Utf8 => Some(wanted.to_vec()),
        Encoding::Utf8Bom => Some(wanted.iter().map(|t| t + 3).collect()),
        Encoding::Docx => None,
        Encoding::Gb18030 => gb18030_offsets(disk, text, wanted),
    }
}

/// Walk GB18030 bytes alongside their decoded text. Each character comes
/// from one sequence of 1 (ASCII, 0x80), 2 or 4 bytes (WHATWG gb18030
/// decoder); the caller verifies the final result by decoding it.
fn gb18030_offsets(disk: &[u8], text: &str, wanted: &[usize]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(wanted.len());
    let mut w = 0;
    let mut b = 0;
    for (t, _) in text.char_indices() {
        while w < wanted.len() && wanted[w] == t {
            out.push(b);
            w += 1;
        }
        let lead = *disk.get(b)?;
        b += match lead {
            0x00..=0x80 => 1,
            0x81..=0xFE => match disk.get(b + 1)? {
                0x30..=0x39 => 4,
                _ => 2,
            },
            0xFF => return None,
        };
    }
    while w < wanted.len() && wanted[w] == text.len() {
        out.push(b);
        w += 1;
    }
    (w == wanted.len() && b == disk.len()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_offsets_follow_sequence_lengths() {
        // ASCII, 2-byte 通, 4-byte U+00B7? no: use a supplementary-plane
        // character (4 bytes) and the euro sign as 0x80 (1 byte).
        let text = "a通𠀀€";
        let disk: Vec<u8> = [
            b"a".to_vec(),
            encoding_rs::GB18030.encode("通").0.into_owned(),
            encoding_rs::GB18030.encode("𠀀").0.into_owned(),
            vec![0x80],
        ]
        .concat();
        assert_eq!(decode_as(&disk, Encoding::Gb18030).as_deref(), Some(text));
        let wanted = [0, 1, 4, 8, 11];
        assert_eq!(
            gb18030_offsets(&disk, text, &wanted),
            Some(vec![0, 1, 3, 7, 8])
        );
        // Not a character boundary.
        assert_eq!(byte_offsets(&disk, text, Encoding::Gb18030, &[2]), None);
    }

    #[test]
    fn messages_are_chinese() {
        let e = FixError::Write {
            path: "a.txt".into(),
            source: io::Error::from(io::ErrorKind::PermissionDenied),
        };
        assert!(e
            .to_string()
            .starts_with("无法写入 a.txt，文件保持原样：权限不足"));
        let e = FixError::Unencodable {
            path: "a.txt".into(),
            encoding: Encoding::Gb18030,
            ch: '\u{E5E5}',
        };
        assert!(e.to_string().contains("U+E5E5"), "{e}");
    }
}
