//! Rules as data: the TOML schema, the loader that validates and compiles
//! packs into a [`RuleSet`], and rule selection.

pub mod load;
pub mod schema;
pub mod select;

use std::ops::Range;
use std::sync::Arc;

use crate::checks::{Check, Scope};
use crate::finding::RuleMeta;

pub use load::{builtin_packs, load, PackSource};
pub use select::{Selection, Selector};

/// The 15 document kinds of 条例 第八条 (命令 also written 令).
pub const DOCUMENT_KINDS: &[&str] = &[
    "决议", "决定", "命令", "令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
    "批复", "议案", "函", "纪要",
];

/// A compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub meta: Arc<RuleMeta>,
    /// Document kinds the rule applies to; all when `None`.
    pub applies_to: Option<Vec<String>>,
    pub scope: Scope,
    pub check: Check,
    /// Whether the rule's fix may be applied without review.
    pub fix_safe: bool,
    pub rationale: Option<String>,
    pub example_bad: Option<String>,
    pub example_good: Option<String>,
    /// The pack the rule comes from (`builtin:gbt9704.toml` or a path).
    pub origin: String,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.meta.id
    }
}

/// The rules in force, in pack order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.meta.id == id)
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Keep only the rules `selection` selects.
    pub fn select(mut self, selection: &Selection) -> Self {
        self.rules.retain(|r| selection.selects(&r.meta));
        self
    }
}

/// One problem in a rule or configuration file, at a span of that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    pub span: Range<usize>,
    pub help: Option<String>,
    /// Secondary locations (e.g. the first definition of a duplicate id).
    pub labels: Vec<(Range<usize>, String)>,
}

impl LoadError {
    pub fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        LoadError {
            message: message.into(),
            span,
            help: None,
            labels: Vec::new(),
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.labels.push((span, label.into()));
        self
    }

    /// From a serde/TOML error, which knows its span when the input is TOML.
    pub fn from_toml(e: &toml::de::Error, len: usize) -> Self {
        let span = e.span().unwrap_or(0..0);
        let span = span.start.min(len)..span.end.min(len);
        LoadError::new(translate_toml_message(e.message()), span)
    }
}

/// The TOML/serde messages are English; give the common ones in Chinese and
/// keep the original wording as detail.
fn translate_toml_message(msg: &str) -> String {
    let msg = msg.trim();
    let zh = if msg.starts_with("unknown field") {
        "未知的字段"
    } else if msg.starts_with("missing field") {
        "缺少必填字段"
    } else if msg.starts_with("invalid type") {
        "类型错误"
    } else if msg.starts_with("duplicate key") {
        "重复的键"
    } else if msg.starts_with("invalid length") {
        "长度错误"
    } else {
        "TOML 语法错误"
    };
    format!("{zh}：{msg}")
}
