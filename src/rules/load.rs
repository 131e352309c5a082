//! Validate and compile rule packs into a [`RuleSet`].
//!
//! Packs are layered in order (national → province → office): a later pack
//! can replace a rule by defining the same id, and re-grade or disable one
//! with `[[override]]`. Within one pack an id may appear once.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::schema::{RawPack, RawRule};
use super::{LoadError, Rule, RuleSet, DOCUMENT_KINDS};
use crate::checks::{self, Scope};
use crate::error::{Error, TomlFileError};
use crate::finding::{Category, RuleMeta, Severity};

/// A pack's name (a path, or `builtin:…`) and its text.
#[derive(Debug, Clone)]
pub struct PackSource {
    pub name: String,
    pub text: String,
}

/// The packs compiled into the binary, so that it works anywhere.
pub fn builtin_packs() -> Vec<PackSource> {
    [
        ("gbt9704.toml", include_str!("../../rules/gbt9704.toml")),
        ("typos.toml", include_str!("../../rules/typos.toml")),
        ("structure.toml", include_str!("../../rules/structure.toml")),
        ("citation.toml", include_str!("../../rules/citation.toml")),
    ]
    .into_iter()
    .map(|(name, text)| PackSource {
        name: format!("builtin:{name}"),
        text: text.to_string(),
    })
    .collect()
}

static KEBAB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").unwrap());

/// Load `packs` in order. Every error of every pack is collected; if there
/// is any, nothing is returned (and nothing will be checked).
pub fn load(packs: &[PackSource]) -> Result<RuleSet, Error> {
    let mut set = RuleSet::default();
    let mut failures = Vec::new();
    // `[pack] name` → the pack file that declared it.
    let mut names: HashMap<String, String> = HashMap::new();
    for pack in packs {
        let mut errors = load_pack(pack, &mut set);
        errors.extend(check_pack_name(pack, &mut names));
        if !errors.is_empty() {
            failures.push(TomlFileError::new(&pack.name, &pack.text, errors));
        }
    }
    if failures.is_empty() {
        Ok(set)
    } else {
        Err(Error::RuleFiles(failures))
    }
}

/// Two packs loaded together may not share a `[pack] name`: it is the same
/// pack loaded twice, or two packs that cannot be told apart in reports.
fn check_pack_name(pack: &PackSource, names: &mut HashMap<String, String>) -> Option<LoadError> {
    let raw: RawPack = toml::from_str(&pack.text).ok()?;
    let name = raw.pack?.name?;
    match names.get(name.get_ref()) {
        Some(first) => Some(
            LoadError::new(
                format!("规则包名 `{}` 与 {first} 重复", name.get_ref()),
                name.span(),
            )
            .with_help("同一个规则包被加载了两次，或两个规则包用了同一个名字；请删去重复的 --rules / packs，或改用不同的 name"),
        ),
        None => {
            names.insert(name.get_ref().clone(), pack.name.clone());
            None
        }
    }
}

fn load_pack(pack: &PackSource, set: &mut RuleSet) -> Vec<LoadError> {
    let raw: RawPack = match toml::from_str(&pack.text) {
        Ok(r) => r,
        Err(e) => return vec![LoadError::from_toml(&e, pack.text.len())],
    };
    let mut errors = Vec::new();
    let mut ids_here: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for r in &raw.rule {
        let id = r.id.get_ref();
        if let Some(first) = ids_here.get(id) {
            errors.push(
                LoadError::new(format!("规则 id `{id}` 在同一个规则包中重复"), r.id.span())
                    .with_label(first.clone(), "第一次定义在这里")
                    .with_help("要替换前一个规则包中的规则，请在后加载的规则包中使用相同的 id"),
            );
            continue;
        }
        ids_here.insert(id.clone(), r.id.span());
        match compile_rule(r, &pack.name) {
            Ok(rule) => match set.rules.iter_mut().find(|x| x.meta.id == rule.meta.id) {
                // A later pack replaces the rule in place.
                Some(slot) => *slot = rule,
                None => set.rules.push(rule),
            },
            Err(e) => errors.push(e),
        }
    }
    for o in &raw.overrides {
        let id = o.id.get_ref();
        let Some(pos) = set.rules.iter().position(|r| &r.meta.id == id) else {
            errors.push(LoadError::new(
                format!("`[[override]]` 引用了未加载的规则 `{id}`"),
                o.id.span(),
            ));
            continue;
        };
        if o.disabled {
            set.rules.remove(pos);
            continue;
        }
        match &o.severity {
            Some(s) => match Severity::parse(s.get_ref()) {
                Some(sev) => set.rules[pos].set_severity(sev),
                None => errors.push(severity_error(s.get_ref(), s.span())),
            },
            None => errors.push(LoadError::new(
                "`[[override]]` 需要 `severity` 或 `disabled = true`",
                o.id.span(),
            )),
        }
    }
    errors
}

pub(crate) fn severity_error(s: &str, span: std::ops::Range<usize>) -> LoadError {
    LoadError::new(format!("未知的严重级别 `{s}`"), span)
        .with_help("可用的级别：error、warning、info")
}

fn compile_rule(r: &RawRule, origin: &str) -> Result<Rule, LoadError> {
    let id = r.id.get_ref();
    if !KEBAB.is_match(id) {
        return Err(
            LoadError::new(format!("规则 id `{id}` 不是 kebab-case"), r.id.span())
                .with_help("id 只能由小写字母、数字和连字符组成，例如 `docno-brackets`"),
        );
    }
    let category = Category::parse(r.category.get_ref()).ok_or_else(|| {
        LoadError::new(
            format!("未知的规则类别 `{}`", r.category.get_ref()),
            r.category.span(),
        )
        .with_help(format!(
            "可用的类别：{}",
            Category::ALL.map(|c| c.as_str()).join("、")
        ))
    })?;
    let severity = Severity::parse(r.severity.get_ref())
        .ok_or_else(|| severity_error(r.severity.get_ref(), r.severity.span()))?;
    if r.message.get_ref().trim().is_empty() {
        return Err(LoadError::new("message 不能为空", r.message.span()));
    }
    let applies_to = match &r.applies_to {
        None => None,
        Some(kinds) => {
            if kinds.get_ref().is_empty() {
                return Err(LoadError::new(
                    "applies_to 为空：规则永远不会运行",
                    kinds.span(),
                ));
            }
            if let Some(bad) = kinds
                .get_ref()
                .iter()
                .find(|k| !DOCUMENT_KINDS.contains(&k.as_str()))
            {
                return Err(LoadError::new(format!("未知的文种 `{bad}`"), kinds.span())
                    .with_help(format!("可用的文种：{}", DOCUMENT_KINDS.join("、"))));
            }
            Some(kinds.get_ref().clone())
        }
    };
    let scope = match &r.scope {
        None => Scope::Notice,
        Some(s) => Scope::parse(s.get_ref()).ok_or_else(|| {
            LoadError::new(format!("未知的 scope `{}`", s.get_ref()), s.span()).with_help(format!(
                "可用的 scope：{}",
                Scope::NAMES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join("、")
            ))
        })?,
    };
    if applies_to.is_some() && !scope.is_per_notice() {
        return Err(LoadError::new(
            format!(
                "scope = \"{}\" 不属于某个公文，不能与 applies_to 同用",
                scope.name()
            ),
            r.scope.as_ref().unwrap().span(),
        ));
    }
    let check = checks::compile(r, scope)?;
    Ok(Rule {
        meta: Arc::new(RuleMeta {
            id: id.clone(),
            category,
            severity,
            message: r.message.get_ref().clone(),
            help: r.help.clone(),
            reference: r.reference.clone(),
        }),
        applies_to,
        scope,
        check,
        fix_safe: r.fix.as_ref().is_some_and(|f| f.get_ref().safe),
        rationale: r.rationale.clone(),
        example_bad: r.example_bad.clone(),
        example_good: r.example_good.clone(),
        origin: origin.to_string(),
    })
}

impl Rule {
    pub fn set_severity(&mut self, severity: Severity) {
        let mut meta = (*self.meta).clone();
        meta.severity = severity;
        self.meta = Arc::new(meta);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_one(text: &str) -> Result<RuleSet, Vec<LoadError>> {
        let mut set = RuleSet::default();
        let errs = load_pack(
            &PackSource {
                name: "t.toml".into(),
                text: text.into(),
            },
            &mut set,
        );
        if errs.is_empty() {
            Ok(set)
        } else {
            Err(errs)
        }
    }

    const OK: &str = r#"
[[rule]]
id = "x-rule"
kind = "pattern"
category = "docno"
severity = "error"
message = "m"
pattern = "\\[\\d{4}\\]"
"#;

    #[test]
    fn builtin_packs_load() {
        let set = load(&builtin_packs()).unwrap();
        assert!(set.len() > 10);
    }

    #[test]
    fn minimal_rule_loads() {
        let set = load_one(OK).unwrap();
        assert_eq!(set.rules[0].meta.id, "x-rule");
        assert_eq!(set.rules[0].scope, Scope::Notice);
    }

    fn first_error(text: &str) -> LoadError {
        load_one(text).unwrap_err().remove(0)
    }

    #[test]
    fn errors_point_into_the_file() {
        let e = first_error(&OK.replace("category = \"docno\"", "category = \"spelling\""));
        assert!(e.message.contains("spelling"));
        let text = OK.replace("category = \"docno\"", "category = \"spelling\"");
        assert_eq!(&text[e.span.clone()], "\"spelling\"");

        let text = OK.replace(r#"pattern = "\\[\\d{4}\\]""#, r#"pattern = "([0-9]""#);
        let e = first_error(&text);
        assert_eq!(&text[e.span.clone()], r#""([0-9]""#);

        let text = OK.replace(r#"pattern = "\\[\\d{4}\\]""#, r#"pattern = "a*""#);
        assert!(first_error(&text).message.contains("空字符串"));

        let text = format!("{OK}colour = 1\n");
        let e = first_error(&text);
        assert!(e.message.contains("未知的字段"), "{}", e.message);
        assert_eq!(&text[e.span.clone()], "colour");

        let text = format!("{OK}{OK}");
        let e = first_error(&text);
        assert!(e.message.contains("重复"));
        assert_eq!(e.labels.len(), 1);

        let text = OK.replace("\"x-rule\"", "\"X_Rule\"");
        assert!(first_error(&text).message.contains("kebab-case"));

        let text = format!("{OK}words = [[\"a\", \"b\"]]\n");
        assert!(first_error(&text).message.contains("words"));
    }

    #[test]
    fn later_pack_replaces_regrades_disables() {
        let mut set = load_one(OK).unwrap();
        let later = PackSource {
            name: "office.toml".into(),
            text: OK.replace("severity = \"error\"", "severity = \"info\"")
                + "\n[[override]]\nid = \"x-rule\"\nseverity = \"warning\"\n",
        };
        assert!(load_pack(&later, &mut set).is_empty());
        assert_eq!(set.len(), 1);
        assert_eq!(set.rules[0].meta.severity, Severity::Warning);
        assert_eq!(set.rules[0].origin, "office.toml");
        let off = PackSource {
            name: "off.toml".into(),
            text: "[[override]]\nid = \"x-rule\"\ndisabled = true\n".into(),
        };
        assert!(load_pack(&off, &mut set).is_empty());
        assert!(set.is_empty());
    }
}
