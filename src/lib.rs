//! gwlint (公文 lint): a compliance linter for Chinese official documents.
//!
//! The library holds everything; `main.rs` only calls [`run`].

pub mod baseline;
pub mod document;
pub mod finding;
pub mod fingerprint;
pub mod init;
pub mod report;
pub mod source;
pub mod suppress;
