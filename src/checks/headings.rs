//! `headings`: the outline `一、` → `（一）` → `1.` → `（1）` (see
//! `analysis::headings`).

use super::structural::{emit, notices, sub_check};
use super::Ctx;
use crate::analysis::headings as a;
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["check"];
pub const CHECKS: &[&str] = &["gap", "repeat", "level-order", "style"];

#[derive(Debug)]
pub struct Headings {
    check: &'static str,
}

impl Headings {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        Ok(Headings {
            check: sub_check(raw, CHECKS)?,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for n in notices(rule, ctx) {
            let problems = match self.check {
                "style" => a::style(ctx.src, n),
                _ => a::sequence(ctx.src, n),
            };
            emit(rule, ctx, self.check, problems, out);
        }
    }
}
