//! `dates`: dates valid and consistent with the 成文日期 (see
//! `analysis::dates`).

use super::structural::{emit, notices, sub_check};
use super::Ctx;
use crate::analysis::dates as a;
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["check", "arabic_since"];
pub const CHECKS: &[&str] = &[
    "invalid",
    "style",
    "docno-year",
    "meeting-after",
    "deadline-before",
    "printing-before",
    "issue-before",
];

#[derive(Debug)]
pub struct Dates {
    check: &'static str,
    /// For `style`: the day from which Arabic numerals are required.
    arabic_since: (i32, u32, u32),
}

impl Dates {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        let check = sub_check(raw, CHECKS)?;
        let arabic_since = match &raw.arabic_since {
            None => (2012, 7, 1),
            Some(d) => crate::document::date::parse_iso(d.get_ref()).ok_or_else(|| {
                LoadError::new(
                    format!(
                        "`arabic_since` 应为 YYYY-MM-DD 格式的日期，而不是 `{}`",
                        d.get_ref()
                    ),
                    d.span(),
                )
            })?,
        };
        Ok(Dates {
            check,
            arabic_since,
        })
    }

    /// All sub-checks but `issue-before` (the gazette's issue date against
    /// every notice) look at one notice at a time.
    pub fn per_notice(&self) -> bool {
        self.check != "issue-before"
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        if self.check == "issue-before" {
            return emit(rule, ctx, self.check, a::issue_before(ctx.gazette), out);
        }
        for n in notices(rule, ctx) {
            let src = ctx.src;
            let problems = match self.check {
                "invalid" => a::invalid(src, n),
                "style" => a::style(src, n, self.arabic_since),
                "docno-year" => a::docno_year(src, n),
                "meeting-after" => a::meeting_after(src, n),
                "deadline-before" => a::deadline_before(src, n),
                _ => a::printing_before(src, n),
            };
            emit(rule, ctx, self.check, problems, out);
        }
    }
}
