//! `--select` / `--ignore`: by rule id, by category, or `all`.

use crate::finding::{Category, RuleMeta};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    Category(Category),
    Id(String),
}

impl Selector {
    /// Parse one selector; ids are checked against `known_ids`.
    pub fn parse(s: &str, known_ids: &[&str]) -> Result<Selector, String> {
        let s = s.trim();
        if s == "all" || s == "ALL" {
            return Ok(Selector::All);
        }
        if let Some(c) = Category::parse(s) {
            return Ok(Selector::Category(c));
        }
        if known_ids.contains(&s) {
            return Ok(Selector::Id(s.to_string()));
        }
        Err(format!("`{s}` 既不是已加载的规则 id，也不是规则类别"))
    }

    pub fn matches(&self, rule: &RuleMeta) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(c) => rule.category == *c,
            Selector::Id(id) => rule.id == *id,
        }
    }
}

/// Which rules run: those matched by `select` (all when empty) and not by
/// `ignore`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
}

impl Selection {
    pub fn selects(&self, rule: &RuleMeta) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s.matches(rule)))
            && !self.ignore.iter().any(|s| s.matches(rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn meta(id: &str, category: Category) -> RuleMeta {
        RuleMeta {
            id: id.into(),
            category,
            severity: Severity::Error,
            message: String::new(),
            help: None,
            reference: None,
        }
    }

    #[test]
    fn select_by_category_ignore_by_id() {
        let ids = ["docno-brackets", "typo-common"];
        let sel = Selection {
            select: vec![Selector::parse("docno", &ids).unwrap()],
            ignore: vec![Selector::parse("typo-common", &ids).unwrap()],
        };
        assert!(sel.selects(&meta("docno-brackets", Category::Docno)));
        assert!(!sel.selects(&meta("typo-common", Category::Typo)));
        assert!(!sel.selects(&meta("x", Category::Date)));
        assert!(Selector::parse("no-such-rule", &ids).is_err());
    }
}
