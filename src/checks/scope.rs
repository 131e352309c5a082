//! Which text a rule looks at: the whole file, a notice, or one of its
//! parts. A scope resolves to byte ranges of the source, each with the index
//! of the notice it belongs to.

use std::ops::Range;

use super::Ctx;
use crate::document::Notice;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole file, masthead and table of contents included.
    File,
    /// Each notice, from its title to its last line.
    Notice,
    Title,
    DocNumber,
    Addressees,
    Body,
    /// The attachment list (附件说明) as a whole.
    AttachmentList,
    /// Each entry of the attachment list.
    Attachments,
    /// The title of each attachment section.
    AttachmentTitles,
    Signers,
    Date,
    Disclosure,
    Cc,
    Printing,
    /// The titles of the table of contents.
    Toc,
    /// The document numbers printed in the table of contents.
    TocDocNumbers,
}

impl Scope {
    pub const NAMES: &'static [(&'static str, Scope)] = &[
        ("file", Scope::File),
        ("notice", Scope::Notice),
        ("title", Scope::Title),
        ("doc_number", Scope::DocNumber),
        ("addressees", Scope::Addressees),
        ("body", Scope::Body),
        ("attachment_list", Scope::AttachmentList),
        ("attachments", Scope::Attachments),
        ("attachment_titles", Scope::AttachmentTitles),
        ("signers", Scope::Signers),
        ("date", Scope::Date),
        ("disclosure", Scope::Disclosure),
        ("cc", Scope::Cc),
        ("printing", Scope::Printing),
        ("toc", Scope::Toc),
        ("toc_doc_numbers", Scope::TocDocNumbers),
    ];

    pub fn parse(s: &str) -> Option<Scope> {
        Self::NAMES.iter().find(|(n, _)| *n == s).map(|&(_, v)| v)
    }

    pub fn name(self) -> &'static str {
        Self::NAMES.iter().find(|(_, v)| *v == self).unwrap().0
    }

    /// Whether the scope is found inside notices (and so `applies_to` can
    /// filter it by document kind).
    pub fn is_per_notice(self) -> bool {
        !matches!(self, Scope::File | Scope::Toc | Scope::TocDocNumbers)
    }

    /// The ranges of this scope in one notice.
    pub fn in_notice(self, n: &Notice) -> Vec<Range<usize>> {
        let opt = |p: &Option<crate::document::Part>| p.iter().map(|p| p.span.clone()).collect();
        match self {
            Scope::File | Scope::Toc | Scope::TocDocNumbers => Vec::new(),
            Scope::Notice => vec![n.range.clone()],
            Scope::Title => opt(&n.title),
            Scope::DocNumber => n.doc_number.iter().map(|d| d.part.span.clone()).collect(),
            Scope::Addressees => opt(&n.addressees),
            Scope::Body => {
                if n.body.is_empty() {
                    Vec::new()
                } else {
                    vec![n.body.clone()]
                }
            }
            Scope::AttachmentList => opt(&n.attachment_list),
            Scope::Attachments => n.attachments.iter().map(|a| a.part.span.clone()).collect(),
            Scope::AttachmentTitles => n
                .attachment_sections
                .iter()
                .filter_map(|s| s.title.as_ref().map(|t| t.span.clone()))
                .collect(),
            Scope::Signers => n.signers.iter().map(|p| p.span.clone()).collect(),
            Scope::Date => n.date.iter().map(|d| d.part.span.clone()).collect(),
            Scope::Disclosure => opt(&n.disclosure),
            Scope::Cc => opt(&n.cc),
            Scope::Printing => opt(&n.printing),
        }
    }
}

/// One range to check, and the notice it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub span: Range<usize>,
    pub notice: Option<usize>,
}

/// Whether a notice of kind `kind` is covered by `applies_to`.
pub fn applies(applies_to: Option<&[String]>, kind: Option<&str>) -> bool {
    match (applies_to, kind) {
        (None, _) => true,
        (Some(kinds), Some(k)) => kinds.iter().any(|x| x == k),
        (Some(_), None) => false,
    }
}

/// Resolve `scope` in a file, keeping only notices `applies_to` covers.
pub fn targets(ctx: &Ctx, scope: Scope, applies_to: Option<&[String]>) -> Vec<Target> {
    match scope {
        Scope::File => vec![Target {
            span: 0..ctx.src.text.len(),
            notice: None,
        }],
        Scope::Toc => ctx
            .gazette
            .toc
            .iter()
            .map(|e| Target {
                span: e.title.span.clone(),
                notice: None,
            })
            .collect(),
        Scope::TocDocNumbers => ctx
            .gazette
            .toc
            .iter()
            .filter_map(|e| e.doc_number.as_ref())
            .map(|d| Target {
                span: d.part.span.clone(),
                notice: None,
            })
            .collect(),
        _ => ctx
            .notices
            .iter()
            .filter(|n| applies(applies_to, n.kind.as_deref()))
            .flat_map(|n| {
                scope.in_notice(n).into_iter().map(|span| Target {
                    span,
                    notice: Some(n.index),
                })
            })
            .collect(),
    }
}
