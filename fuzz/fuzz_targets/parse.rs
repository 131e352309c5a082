//! Arbitrary bytes → decode → segmentation and parts → structure report.
//! Whatever the bytes, decoding either fails cleanly or yields text whose
//! every notice range is in bounds and on character boundaries.
//!
//! (Re-encoding the text need not give the input back: GBK's one-byte euro
//! sign 0x80 decodes to `€`, which GB18030 writes A2 E3. `--fix` keeps the
//! original bytes of everything it does not change; see `src/fix/`.)
#![no_main]

use std::sync::Arc;

use gwlint::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = SourceFile::from_bytes("fuzz.txt", data) else {
        return;
    };
    let gazette = gwlint::document::parse(&src);
    let src = Arc::new(src);
    let files = vec![(Arc::clone(&src), Arc::new(gazette))];
    let json = gwlint::report::structure::render_json(&files);
    assert!(serde_json_ok(&json));
    let _ = gwlint::report::structure::render_human(&files);
    for n in &files[0].1.notices {
        assert!(n.range.start <= n.range.end && n.range.end <= src.text.len());
        assert!(src.text.is_char_boundary(n.range.start));
        assert!(src.text.is_char_boundary(n.range.end));
    }
});

fn serde_json_ok(s: &str) -> bool {
    s.starts_with('{') && s.trim_end().ends_with('}')
}
