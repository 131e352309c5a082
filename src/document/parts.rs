//! Notice → title, number, addressees, signers, date, attachments … (Being written.)

use std::ops::Range;

use super::Notice;
use crate::source::SourceFile;

pub fn parse_notice(src: &SourceFile, index: usize, range: Range<usize>) -> Notice {
    let _ = src;
    Notice {
        index,
        body: range.clone(),
        range,
        ..Notice::default()
    }
}
