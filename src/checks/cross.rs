//! `cross`: checks across the notices of a gazette — the table of contents
//! against the notices, document numbers used twice (see `analysis::toc`).

use super::structural::{emit, sub_check};
use super::Ctx;
use crate::analysis::toc as a;
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["check"];
pub const CHECKS: &[&str] = &[
    "toc-title",
    "toc-number",
    "toc-orphan",
    "toc-unlisted",
    "duplicate-number",
];

#[derive(Debug)]
pub struct Cross {
    check: &'static str,
}

impl Cross {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        Ok(Cross {
            check: sub_check(raw, CHECKS)?,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        let g = ctx.gazette;
        let problems = match self.check {
            "toc-unlisted" => a::unlisted(g),
            "duplicate-number" => a::duplicate_numbers(g),
            _ => a::entries(g),
        };
        emit(rule, ctx, self.check, problems, out);
    }
}
