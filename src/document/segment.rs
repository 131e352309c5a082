//! Gazette → table of contents + notice ranges. (Being written.)

use std::ops::Range;

use super::{DatePart, TocEntry};
use crate::source::SourceFile;

/// What segmentation finds in a file.
#[derive(Debug, Default)]
pub struct Segments {
    pub toc: Vec<TocEntry>,
    pub notices: Vec<Range<usize>>,
    pub issue_date: Option<DatePart>,
}

pub fn segment(src: &SourceFile) -> Segments {
    let _ = src;
    Segments::default()
}
