//! The rule-file schema as written in TOML: flat serde structs, unknown keys
//! rejected, every value that can be wrong kept with its span so that an error
//! points into the file. `load.rs` compiles these into typed checks.
//!
//! `toml::Spanned` does not work inside tagged enums or under `flatten`, so a
//! rule is one flat struct holding the parameters of every check kind; the
//! loader rejects parameters that do not belong to the rule's `kind`.

use serde::Deserialize;
use toml::Spanned;

/// A list of `[a, b]` string pairs, each with its span.
pub type SpannedPairs = Spanned<Vec<Spanned<(String, String)>>>;

/// One pack file (`rules/*.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    /// Optional description of the pack.
    #[serde(default)]
    pub pack: Option<RawPackMeta>,
    /// New rules, or replacements of earlier rules with the same id.
    #[serde(default)]
    pub rule: Vec<RawRule>,
    /// Changes to rules of earlier packs: severity, disabling.
    #[serde(default, rename = "override")]
    pub overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackMeta {
    /// Unique among the packs loaded together.
    pub name: Option<Spanned<String>>,
    /// national, province, office … (informative).
    pub level: Option<String>,
    pub description: Option<String>,
}

/// `[[override]] id = "…" severity = "warning"` or `disabled = true`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    pub id: Spanned<String>,
    pub severity: Option<Spanned<String>>,
    #[serde(default)]
    pub disabled: bool,
}

/// The fix a rule proposes. For `pattern` the replacement is a template
/// (`$name` / `${name}` refer to capture groups); for `dictionary` it is
/// always the right word and must be omitted.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFix {
    pub replacement: Option<Spanned<String>>,
    /// For `pattern`: instead of a template, the reported text with these
    /// single characters mapped (`[["0", "〇"]]`; `""` deletes).
    pub map: Option<Spanned<Vec<(char, String)>>>,
    #[serde(default)]
    pub safe: bool,
}

/// One `[[rule]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub category: Spanned<String>,
    pub severity: Spanned<String>,
    pub message: Spanned<String>,
    pub help: Option<String>,
    pub reference: Option<String>,
    /// Document kinds (文种) the rule applies to; all when absent.
    pub applies_to: Option<Spanned<Vec<String>>>,
    /// Which text the rule looks at (`title`, `body`, `notice`, `file` …).
    pub scope: Option<Spanned<String>>,
    /// For `gwlint explain`.
    pub rationale: Option<String>,
    pub example_bad: Option<String>,
    pub example_good: Option<String>,
    pub fix: Option<Spanned<RawFix>>,

    // --- required ---
    /// The part that must be present.
    pub part: Option<Spanned<String>>,

    // --- pattern ---
    pub pattern: Option<Spanned<String>>,
    /// `forbid` (default: every match is a finding) or `require` (the
    /// scope must contain a match).
    pub mode: Option<Spanned<String>>,
    /// Named capture group whose span is reported (and replaced by the fix).
    pub group: Option<Spanned<String>>,
    /// The preferred form (`，`): when the forbidden form outnumbers it in a
    /// scope, the scope is reported once with `systematic_message`.
    pub prefer: Option<Spanned<String>>,
    /// Message for that case; `{count}` is the number of hits.
    pub systematic_message: Option<Spanned<String>>,

    // --- dictionary ---
    /// `[wrong, right]` pairs.
    pub words: Option<SpannedPairs>,

    // --- pairs ---
    /// `[opener, closer]` pairs, each a single character.
    pub pairs: Option<SpannedPairs>,
    /// `line` (default: pairs must close on the line they open) or `scope`.
    pub within: Option<Spanned<String>>,

    // --- dates, attachments, headings, units, cross ---
    /// Which sub-check of the kind the rule runs.
    pub check: Option<Spanned<String>>,
    /// dates/style: the day (YYYY-MM-DD) from which Arabic numerals are required.
    pub arabic_since: Option<Spanned<String>>,
    /// attachments/missing-section: report even when no section is printed.
    pub require_sections: Option<Spanned<bool>>,
    /// units/lead-unit: regexes recognising a responsibility statement.
    pub markers: Option<Spanned<Vec<Spanned<String>>>>,
    /// units/lead-unit: regexes of headings that are not tasks.
    pub exempt: Option<Spanned<Vec<Spanned<String>>>>,
    /// units/lead-unit: the smallest series checked.
    pub min_items: Option<Spanned<i64>>,
    /// units/unknown-unit: registry files (`units/<name>.toml`).
    pub registries: Option<Spanned<Vec<Spanned<String>>>>,
}

impl RawRule {
    /// Names of the kind-specific parameters that are set, with their spans,
    /// so the loader can reject those that do not belong to the kind.
    pub fn kind_params(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        let mut v = Vec::new();
        if let Some(p) = &self.part {
            v.push(("part", p.span()));
        }
        if let Some(p) = &self.pattern {
            v.push(("pattern", p.span()));
        }
        if let Some(p) = &self.mode {
            v.push(("mode", p.span()));
        }
        if let Some(p) = &self.group {
            v.push(("group", p.span()));
        }
        if let Some(p) = &self.prefer {
            v.push(("prefer", p.span()));
        }
        if let Some(p) = &self.systematic_message {
            v.push(("systematic_message", p.span()));
        }
        if let Some(p) = &self.words {
            v.push(("words", p.span()));
        }
        if let Some(p) = &self.pairs {
            v.push(("pairs", p.span()));
        }
        if let Some(p) = &self.within {
            v.push(("within", p.span()));
        }
        let structural: [(&'static str, Option<std::ops::Range<usize>>); 7] = [
            ("check", self.check.as_ref().map(|p| p.span())),
            ("arabic_since", self.arabic_since.as_ref().map(|p| p.span())),
            (
                "require_sections",
                self.require_sections.as_ref().map(|p| p.span()),
            ),
            ("markers", self.markers.as_ref().map(|p| p.span())),
            ("exempt", self.exempt.as_ref().map(|p| p.span())),
            ("min_items", self.min_items.as_ref().map(|p| p.span())),
            ("registries", self.registries.as_ref().map(|p| p.span())),
        ];
        v.extend(structural.into_iter().filter_map(|(n, s)| Some((n, s?))));
        v
    }
}
