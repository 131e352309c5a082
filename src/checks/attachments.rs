//! `attachments`: the attachment list, the sections and the references in
//! the body agree (see `analysis::attachments`).

use super::structural::{emit, notices, sub_check};
use super::Ctx;
use crate::analysis::attachments as a;
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["check", "require_sections"];
pub const CHECKS: &[&str] = &[
    "missing-section",
    "unannounced-section",
    "single-numbered",
    "single-section-numbered",
    "list-gap",
    "list-unnumbered",
    "section-gap",
    "name-mismatch",
    "dangling-reference",
];

#[derive(Debug)]
pub struct Attachments {
    check: &'static str,
    /// Report announced attachments even when the notice prints none, in a
    /// gazette (a reprint that dropped them all). A single draft is not held
    /// to it: its attachments often travel as separate files.
    require_sections: bool,
}

impl Attachments {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        Ok(Attachments {
            check: sub_check(raw, CHECKS)?,
            require_sections: raw.require_sections.as_ref().is_none_or(|b| *b.get_ref()),
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        let gazette = ctx.gazette.notices.len() > 1 || !ctx.gazette.toc.is_empty();
        for n in notices(rule, ctx) {
            let problems = match self.check {
                "missing-section" => a::missing_section(n, self.require_sections && gazette),
                "unannounced-section" => a::unannounced_section(n),
                "name-mismatch" => a::name_mismatch(n),
                "dangling-reference" => a::dangling_reference(ctx.src, n),
                _ => a::numbering(ctx.src, n),
            };
            emit(rule, ctx, self.check, problems, out);
        }
    }
}
