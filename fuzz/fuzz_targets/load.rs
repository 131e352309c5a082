//! Arbitrary bytes as a `.docx` (an untrusted zip archive) and as a `.txt`,
//! then parsed. `input::docx::read` is called directly, bypassing the
//! `catch_unwind` of `input::load`, so that a panic reaches the fuzzer; an
//! error is fine, a panic, a hang or an allocation over the RSS limit is not.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = gwlint::input::docx::read("fuzz.docx", data) {
        let _ = gwlint::document::parse(&src);
    }
    if let Ok(src) = gwlint::input::load("fuzz.txt", data.to_vec()) {
        let _ = gwlint::document::parse(&src);
    }
});
