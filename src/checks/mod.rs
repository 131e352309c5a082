//! Check kinds. Each kind is one file with a `compile` (validate the TOML
//! parameters once, build automata/regexes) and a `run` (only matching).
//! The engine — not the check — decides which rules run; scope resolution
//! is shared in `scope.rs`.
//!
//! Adding a kind: a file here, a variant of [`Check`], its parameters in
//! `rules/schema.rs`, and one arm in [`compile`].

pub mod attachments;
pub mod cross;
pub mod dates;
pub mod dictionary;
pub mod headings;
pub mod pairs;
pub mod pattern;
pub mod prefilter;
pub mod required;
pub mod scope;
pub mod structural;
pub mod units;

use crate::document::{Gazette, Notice};
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};
use crate::source::SourceFile;

pub use scope::{Scope, Target};

/// What a check sees of one file: the whole file, and the notices it is to
/// look at (all of them, or one chunk when a large file's notices are
/// checked in parallel). Facts about the file as a whole come from
/// `gazette`; per-notice checks walk `notices`.
pub struct Ctx<'a> {
    pub src: &'a SourceFile,
    pub gazette: &'a Gazette,
    pub notices: &'a [Notice],
}

impl<'a> Ctx<'a> {
    /// The whole file.
    pub fn new(src: &'a SourceFile, gazette: &'a Gazette) -> Self {
        Ctx {
            src,
            gazette,
            notices: &gazette.notices,
        }
    }
}

/// A compiled check, ready to run.
#[derive(Debug)]
pub enum Check {
    Required(required::Required),
    Pattern(pattern::Pattern),
    Dictionary(dictionary::Dictionary),
    Pairs(pairs::Pairs),
    Dates(dates::Dates),
    Attachments(attachments::Attachments),
    Headings(headings::Headings),
    Units(units::Units),
    Cross(cross::Cross),
}

/// The kinds known to the loader, for error messages.
pub const KINDS: &[&str] = &[
    "required",
    "pattern",
    "dictionary",
    "pairs",
    "dates",
    "attachments",
    "headings",
    "units",
    "cross",
];

impl Check {
    pub fn kind(&self) -> &'static str {
        match self {
            Check::Required(_) => "required",
            Check::Pattern(_) => "pattern",
            Check::Dictionary(_) => "dictionary",
            Check::Pairs(_) => "pairs",
            Check::Dates(_) => "dates",
            Check::Attachments(_) => "attachments",
            Check::Headings(_) => "headings",
            Check::Units(_) => "units",
            Check::Cross(_) => "cross",
        }
    }

    /// Whether the check looks at each notice on its own (nothing across
    /// notices, nothing outside them), so that the notices of a file can be
    /// checked in chunks, in parallel.
    pub fn per_notice(&self, scope: Scope) -> bool {
        match self {
            Check::Pattern(_) | Check::Dictionary(_) | Check::Pairs(_) => scope.is_per_notice(),
            Check::Dates(d) => d.per_notice(),
            Check::Required(_) | Check::Attachments(_) | Check::Headings(_) | Check::Units(_) => {
                true
            }
            Check::Cross(_) => false,
        }
    }

    /// Run the check of `rule` on one file, appending findings.
    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        match self {
            Check::Required(c) => c.run(rule, ctx, out),
            Check::Pattern(c) => c.run(rule, ctx, out),
            Check::Dictionary(c) => c.run(rule, ctx, out),
            Check::Pairs(c) => c.run(rule, ctx, out),
            Check::Dates(c) => c.run(rule, ctx, out),
            Check::Attachments(c) => c.run(rule, ctx, out),
            Check::Headings(c) => c.run(rule, ctx, out),
            Check::Units(c) => c.run(rule, ctx, out),
            Check::Cross(c) => c.run(rule, ctx, out),
        }
    }
}

/// Compile the kind-specific part of a raw rule. `scope` is already
/// resolved (each kind may restrict which scopes make sense).
pub fn compile(raw: &RawRule, scope: Scope) -> Result<Check, LoadError> {
    let kind = raw.kind.get_ref().as_str();
    let allowed: &[&str] = match kind {
        "required" => required::PARAMS,
        "pattern" => pattern::PARAMS,
        "dictionary" => dictionary::PARAMS,
        "pairs" => pairs::PARAMS,
        "dates" => dates::PARAMS,
        "attachments" => attachments::PARAMS,
        "headings" => headings::PARAMS,
        "units" => units::PARAMS,
        "cross" => cross::PARAMS,
        _ => {
            return Err(
                LoadError::new(format!("未知的检查类型 `{kind}`"), raw.kind.span())
                    .with_help(format!("可用的类型：{}", KINDS.join("、"))),
            )
        }
    };
    if let Some((name, span)) = raw
        .kind_params()
        .into_iter()
        .find(|(name, _)| !allowed.contains(name))
    {
        return Err(
            LoadError::new(format!("参数 `{name}` 不适用于 kind = \"{kind}\""), span).with_help(
                format!("kind = \"{kind}\" 可用的参数：{}", allowed.join("、")),
            ),
        );
    }
    Ok(match kind {
        "required" => Check::Required(required::Required::compile(raw, scope)?),
        "pattern" => Check::Pattern(pattern::Pattern::compile(raw)?),
        "dictionary" => Check::Dictionary(dictionary::Dictionary::compile(raw)?),
        "pairs" => Check::Pairs(pairs::Pairs::compile(raw)?),
        "dates" => Check::Dates(dates::Dates::compile(raw)?),
        "attachments" => Check::Attachments(attachments::Attachments::compile(raw)?),
        "headings" => Check::Headings(headings::Headings::compile(raw)?),
        "units" => Check::Units(units::Units::compile(raw)?),
        _ => Check::Cross(cross::Cross::compile(raw)?),
    })
}

/// Fill `{match}` and `{fix}` in a message or help template.
pub fn fill(template: &str, matched: &str, fix: Option<&str>) -> String {
    let s = template.replace("{match}", matched);
    match fix {
        Some(f) => s.replace("{fix}", f),
        None => s,
    }
}

/// Shorthand used by the kinds: a finding of `rule` at `span`, with the
/// message and help templates filled.
pub fn finding(
    rule: &Rule,
    src: &SourceFile,
    span: std::ops::Range<usize>,
    notice: Option<usize>,
    fix: Option<String>,
) -> Finding {
    let matched = &src.text[span.clone()];
    let meta = &rule.meta;
    let message = fill(&meta.message, matched, fix.as_deref());
    let help = meta
        .help
        .as_deref()
        .map(|h| fill(h, matched, fix.as_deref()));
    let fix = fix.map(|replacement| crate::finding::Fix {
        span: span.clone(),
        replacement,
        safe: rule.fix_safe,
    });
    Finding::new(meta, span, notice)
        .with_message(message)
        .with_help(help)
        .with_fix(fix)
}
