//! `required`: a part of a notice must be present. The finding points where
//! the part was expected (e.g. right after the title for a missing number).

use super::{Ctx, Scope};
use crate::document::Notice;
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["part"];

/// The parts a notice can be required to have.
pub const PARTS: &[&str] = &[
    "title",
    "doc_number",
    "addressees",
    "body",
    "attachment_list",
    "signers",
    "date",
    "disclosure",
    "cc",
    "printing",
];

#[derive(Debug)]
pub struct Required {
    pub part: &'static str,
}

impl Required {
    pub fn compile(raw: &RawRule, scope: Scope) -> Result<Self, LoadError> {
        if scope != Scope::Notice {
            let span = raw
                .scope
                .as_ref()
                .map(|s| s.span())
                .unwrap_or(raw.kind.span());
            return Err(LoadError::new(
                "kind = \"required\" 只能用于 scope = \"notice\"",
                span,
            ));
        }
        let Some(part) = &raw.part else {
            return Err(
                LoadError::new("kind = \"required\" 需要参数 `part`", raw.kind.span())
                    .with_help(format!("可用的要素：{}", PARTS.join("、"))),
            );
        };
        let Some(&name) = PARTS.iter().find(|p| **p == part.get_ref()) else {
            return Err(LoadError::new(
                format!("未知的公文要素 `{}`", part.get_ref()),
                part.span(),
            )
            .with_help(format!("可用的要素：{}", PARTS.join("、"))));
        };
        Ok(Required { part: name })
    }

    pub fn present(&self, n: &Notice) -> bool {
        match self.part {
            "title" => n.title.is_some(),
            "doc_number" => n.doc_number.is_some(),
            "addressees" => n.addressees.is_some(),
            "body" => !n.body.is_empty(),
            "attachment_list" => n.attachment_list.is_some() || !n.attachments.is_empty(),
            "signers" => !n.signers.is_empty(),
            "date" => n.date.is_some(),
            "disclosure" => n.disclosure.is_some(),
            "cc" => n.cc.is_some(),
            "printing" => n.printing.is_some(),
            _ => true,
        }
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for n in ctx.notices {
            if !super::scope::applies(rule.applies_to.as_deref(), n.kind.as_deref()) {
                continue;
            }
            if self.present(n) {
                continue;
            }
            let at = n.expected_offset(self.part).min(ctx.src.text.len());
            out.push(super::finding(rule, ctx.src, at..at, Some(n.index), None));
        }
    }
}
