//! A finding: one rule violated at one place.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// The fixed list of rule categories (DESIGN.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Required,
    Docno,
    Citation,
    Date,
    Attachment,
    Unit,
    Toc,
    Heading,
    Punctuation,
    Typo,
    Title,
    Addressee,
    Duplicate,
    Other,
}

impl Category {
    pub const ALL: [Category; 14] = [
        Category::Required,
        Category::Docno,
        Category::Citation,
        Category::Date,
        Category::Attachment,
        Category::Unit,
        Category::Toc,
        Category::Heading,
        Category::Punctuation,
        Category::Typo,
        Category::Title,
        Category::Addressee,
        Category::Duplicate,
        Category::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Required => "required",
            Category::Docno => "docno",
            Category::Citation => "citation",
            Category::Date => "date",
            Category::Attachment => "attachment",
            Category::Unit => "unit",
            Category::Toc => "toc",
            Category::Heading => "heading",
            Category::Punctuation => "punctuation",
            Category::Typo => "typo",
            Category::Title => "title",
            Category::Addressee => "addressee",
            Category::Duplicate => "duplicate",
            Category::Other => "other",
        }
    }

    /// Chinese label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Category::Required => "要素缺失",
            Category::Docno => "发文字号",
            Category::Citation => "引文",
            Category::Date => "日期",
            Category::Attachment => "附件",
            Category::Unit => "责任单位",
            Category::Toc => "目录",
            Category::Heading => "层次序数",
            Category::Punctuation => "标点",
            Category::Typo => "错别字",
            Category::Title => "标题",
            Category::Addressee => "主送机关",
            Category::Duplicate => "重复",
            Category::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Severity, ordered so that `Error` is the highest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A replacement of `span` by `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Range<usize>,
    pub replacement: String,
    /// Safe fixes are applied by `--fix`; unsafe ones need `--unsafe-fixes`.
    pub safe: bool,
}

/// A secondary location shown with a finding (the attachment list entry of
/// a missing section, the TOC entry of a notice …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub span: Range<usize>,
    pub label: String,
}

/// What a rule says about itself; shared by all its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleMeta {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub reference: Option<String>,
}

/// One violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    /// Severity after overrides (may differ from the rule's default).
    pub severity: Severity,
    /// The message, with placeholders filled (defaults to the rule's).
    pub message: String,
    pub help: Option<String>,
    pub span: Range<usize>,
    pub notice: Option<usize>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(rule: &Arc<RuleMeta>, span: Range<usize>, notice: Option<usize>) -> Self {
        Finding {
            rule: Arc::clone(rule),
            severity: rule.severity,
            message: rule.message.clone(),
            help: rule.help.clone(),
            span,
            notice,
            fix: None,
            related: Vec::new(),
        }
    }

    pub fn with_message(mut self, message: String) -> Self {
        self.message = message;
        self
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            label: label.into(),
        });
        self
    }

    pub fn category(&self) -> Category {
        self.rule.category
    }
}
