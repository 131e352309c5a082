//! A pretty-printed JSON document whose one large array (`files`) is written
//! item by item, as the files are checked, so that a run over thousands of
//! files never holds all their reports. The bytes are those `serde_json`'s
//! pretty printer gives for the whole document.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `{ …, "<key>": [ item, item, … ], … }`: the fields around the
/// array come from documents serialised with that array empty.
pub struct StreamedArray<W: Write> {
    out: W,
    key: &'static str,
    /// Indentation of the array's key; items sit two spaces deeper.
    indent: String,
    items: usize,
}

impl<W: Write> StreamedArray<W> {
    /// Write the document up to the array's opening bracket. `head` is the
    /// document with the array empty; only what precedes the array is used.
    pub fn begin(mut out: W, key: &'static str, head: &impl Serialize) -> io::Result<Self> {
        let text = serde_json::to_string_pretty(head)?;
        let (before, _) = split(&text, key);
        out.write_all(before.as_bytes())?;
        out.write_all(b"[")?;
        Ok(StreamedArray {
            out,
            key,
            indent: key_indent(before).to_string(),
            items: 0,
        })
    }

    /// Write the separator before the next item; the item's indentation.
    fn open_item(&mut self) -> io::Result<String> {
        self.out
            .write_all(if self.items == 0 { b"\n" } else { b",\n" })?;
        self.items += 1;
        let indent = format!("{}  ", self.indent);
        self.out.write_all(indent.as_bytes())?;
        Ok(indent)
    }

    /// Append one item to the array.
    pub fn item(&mut self, item: &impl Serialize) -> io::Result<()> {
        let indent = self.open_item()?;
        let mut indented = Indented {
            out: &mut self.out,
            indent: indent.as_bytes(),
        };
        serde_json::to_writer_pretty(&mut indented, item)?;
        Ok(())
    }

    /// Append an item that holds a long array of its own (the findings of a
    /// large file): `shell` is the item with that array (`key`) empty. The
    /// array's `len` elements are made by `element` and serialised a batch at a
    /// time — in parallel on `pool`, when given — so that neither the time
    /// nor the memory of one large file's output is spent in one piece.
    pub fn item_with_array<T: Serialize>(
        &mut self,
        shell: &impl Serialize,
        key: &str,
        len: usize,
        element: impl Fn(usize) -> T + Sync,
        pool: Option<&rayon::ThreadPool>,
    ) -> io::Result<()> {
        use rayon::prelude::*;
        const BATCH: usize = 4096;
        const PER_TASK: usize = 256;
        let text = serde_json::to_string_pretty(shell)?;
        let (before, after) = split(&text, key);
        let indent = self.open_item()?;
        // Where the array's key stands within the item, and its elements.
        let key_at = format!("{indent}{}", key_indent(before));
        let inner = format!("{key_at}  ");
        let mut indented = Indented {
            out: &mut self.out,
            indent: indent.as_bytes(),
        };
        indented.write_all(before.as_bytes())?;
        indented.write_all(b"[")?;
        let piece = |range: std::ops::Range<usize>| -> io::Result<Vec<u8>> {
            let mut buf = Vec::new();
            for i in range {
                buf.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
                buf.extend_from_slice(inner.as_bytes());
                let mut w = Indented {
                    out: &mut buf,
                    indent: inner.as_bytes(),
                };
                serde_json::to_writer_pretty(&mut w, &element(i))?;
            }
            Ok(buf)
        };
        for batch in (0..len).step_by(BATCH) {
            let end = (batch + BATCH).min(len);
            // A short array is written on this thread: the files around it
            // are being checked on the pool meanwhile.
            let pieces: Vec<io::Result<Vec<u8>>> = match pool.filter(|_| len > BATCH) {
                Some(pool) => pool.install(|| {
                    (batch..end)
                        .into_par_iter()
                        .step_by(PER_TASK)
                        .map(|t| piece(t..(t + PER_TASK).min(end)))
                        .collect()
                }),
                None => vec![piece(batch..end)],
            };
            for piece in pieces {
                indented.out.write_all(&piece?)?;
            }
        }
        if len > 0 {
            indented.out.write_all(b"\n")?;
            indented.out.write_all(key_at.as_bytes())?;
        }
        indented.write_all(b"]")?;
        indented.write_all(after.as_bytes())?;
        Ok(())
    }

    /// Close the array and write the rest of the document. `tail` is the
    /// document with the array empty; only what follows the array is used.
    pub fn finish(mut self, tail: &impl Serialize) -> io::Result<W> {
        let text = serde_json::to_string_pretty(tail)?;
        let (_, after) = split(&text, self.key);
        if self.items > 0 {
            self.out.write_all(b"\n")?;
            self.out.write_all(self.indent.as_bytes())?;
        }
        self.out.write_all(b"]")?;
        self.out.write_all(after.as_bytes())?;
        self.out.write_all(b"\n")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The spaces that open the last line of `text` (where a key stands).
fn key_indent(text: &str) -> &str {
    let line = &text[text.rfind('\n').map_or(0, |i| i + 1)..];
    &line[..line.len() - line.trim_start_matches(' ').len()]
}

/// The text before the empty array's `[` and after its `]`.
fn split<'a>(text: &'a str, key: &str) -> (&'a str, &'a str) {
    let marker = format!("\"{key}\": []");
    let at = text
        .find(&marker)
        .expect("the document holds the streamed array, empty");
    let open = at + marker.len() - 2;
    (&text[..open], &text[open + 2..])
}

/// Indents every line after the first as it passes through: the item is
/// written straight into the output, never held whole (one file's findings
/// can be larger than the file). A string in JSON never holds a raw
/// newline, so every newline is one of the layout's.
struct Indented<'a, W: Write> {
    out: &'a mut W,
    indent: &'a [u8],
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut lines = buf.split(|b| *b == b'\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first)?;
        }
        for line in lines {
            self.out.write_all(b"\n")?;
            self.out.write_all(self.indent)?;
            self.out.write_all(line)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn streamed(items: &[serde_json::Value]) -> String {
        let head = json!({"version": 1, "files": [], "summary": {"n": 0}});
        let tail = json!({"version": 1, "files": [], "summary": {"n": items.len()}});
        let mut s = StreamedArray::begin(Vec::new(), "files", &head).unwrap();
        for i in items {
            s.item(i).unwrap();
        }
        String::from_utf8(s.finish(&tail).unwrap()).unwrap()
    }

    #[test]
    fn an_item_with_its_own_array() {
        for n in [0, 1, 2, 10_000] {
            let diags: Vec<u32> = (0..n).collect();
            let whole = json!({"files": [
                {"path": "a", "diagnostics": [], "notices": 1},
                {"path": "b", "diagnostics": diags.iter().map(|d| json!({"n": d, "s": "第一"})).collect::<Vec<_>>(), "notices": 2},
            ], "version": 1});
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            let head = json!({"files": [], "version": 1});
            let shell = json!({"path": "b", "diagnostics": [], "notices": 2});
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            for pool in [None, Some(&pool)] {
                let mut s = StreamedArray::begin(Vec::new(), "files", &head).unwrap();
                s.item(&whole["files"][0]).unwrap();
                let element = |i: usize| json!({"n": diags[i], "s": "第一"});
                s.item_with_array(&shell, "diagnostics", diags.len(), element, pool)
                    .unwrap();
                let got = String::from_utf8(s.finish(&head).unwrap()).unwrap();
                assert_eq!(got, expected, "{n} elements");
            }
        }
    }

    #[test]
    fn same_bytes_as_the_whole_document() {
        for items in [
            vec![],
            vec![json!({"path": "a.txt", "d": [{"m": "第一行\n第二行"}], "e": []})],
            vec![json!({"path": "a"}), json!([1, 2]), json!("x"), json!(null)],
        ] {
            let whole = json!({"version": 1, "files": items, "summary": {"n": items.len()}});
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(streamed(&items), expected);
        }
    }
}
