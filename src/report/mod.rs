//! Output formats. Each format is one file; all of them render the same
//! `FileReport`s, already sorted by path, position and rule id.

pub mod audit;
pub mod ci;
pub mod columns;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjsonl;
pub mod rules;
pub mod sarif;
pub mod source_code;
pub mod structure;

use std::sync::Arc;

use crate::document::Gazette;
use crate::finding::Finding;
use crate::source::SourceFile;

/// Everything known about one checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    pub gazette: Arc<Gazette>,
    /// Findings sorted by (offset, rule id).
    pub findings: Vec<Finding>,
}

/// A file that could not be read or decoded; reported and skipped.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: String,
    pub message: String,
}
