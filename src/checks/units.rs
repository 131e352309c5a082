//! `units`: tasks name a lead unit; named units are known to the
//! jurisdiction's registry (see `analysis::units`).

use regex::Regex;

use super::structural::{emit, notices, sub_check};
use super::Ctx;
use crate::analysis::units::{self as a, Registry};
use crate::finding::Finding;
use crate::rules::schema::RawRule;
use crate::rules::{LoadError, Rule};

pub const PARAMS: &[&str] = &["check", "markers", "exempt", "min_items", "registries"];
pub const CHECKS: &[&str] = &["lead-unit", "unknown-unit"];

/// Registries shipped with gwlint, by the name a pack uses for them.
const BUILTIN_REGISTRIES: &[(&str, &str)] = &[
    (
        "units/lianshan.toml",
        include_str!("../../rules/units/lianshan.toml"),
    ),
    (
        "units/qingxin.toml",
        include_str!("../../rules/units/qingxin.toml"),
    ),
    (
        "units/qingtongxia.toml",
        include_str!("../../rules/units/qingtongxia.toml"),
    ),
    (
        "units/sanmenxia.toml",
        include_str!("../../rules/units/sanmenxia.toml"),
    ),
];

#[derive(Debug)]
pub struct Units {
    check: &'static str,
    markers: Vec<Regex>,
    exempt: Vec<Regex>,
    min_items: usize,
    registries: Vec<Registry>,
}

fn regexes(
    list: Option<&toml::Spanned<Vec<toml::Spanned<String>>>>,
) -> Result<Vec<Regex>, LoadError> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    list.get_ref()
        .iter()
        .map(|p| {
            regex::RegexBuilder::new(p.get_ref())
                .size_limit(1 << 20)
                .build()
                .map_err(|e| LoadError::new(format!("正则表达式无效：{e}"), p.span()))
        })
        .collect()
}

impl Units {
    pub fn compile(raw: &RawRule) -> Result<Self, LoadError> {
        let check = sub_check(raw, CHECKS)?;
        let markers = regexes(raw.markers.as_ref())?;
        if check == "lead-unit" && markers.is_empty() {
            return Err(LoadError::new(
                "check = \"lead-unit\" 需要参数 `markers`（责任单位的写法）",
                raw.kind.span(),
            ));
        }
        let mut registries = Vec::new();
        if let Some(list) = &raw.registries {
            for name in list.get_ref() {
                let text = match BUILTIN_REGISTRIES.iter().find(|(n, _)| n == name.get_ref()) {
                    Some((_, t)) => t.to_string(),
                    None => {
                        crate::source::read_utf8_file(name.get_ref().as_ref()).map_err(|e| {
                            LoadError::new(
                                format!("无法读取单位名录 `{}`：{e}", name.get_ref()),
                                name.span(),
                            )
                        })?
                    }
                };
                let reg = Registry::from_toml(&text).map_err(|e| {
                    LoadError::new(
                        format!("单位名录 `{}` 格式错误：{}", name.get_ref(), e.message()),
                        name.span(),
                    )
                })?;
                registries.push(reg);
            }
        }
        if check == "unknown-unit" && registries.is_empty() {
            return Err(LoadError::new(
                "check = \"unknown-unit\" 需要参数 `registries`（单位名录文件）",
                raw.kind.span(),
            ));
        }
        Ok(Units {
            check,
            markers,
            exempt: regexes(raw.exempt.as_ref())?,
            min_items: raw
                .min_items
                .as_ref()
                .map(|m| *m.get_ref() as usize)
                .unwrap_or(3),
            registries,
        })
    }

    pub fn run(&self, rule: &Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
        for n in notices(rule, ctx) {
            let problems = match self.check {
                "lead-unit" => {
                    a::lead_unit(ctx.src, n, &self.markers, &self.exempt, self.min_items)
                }
                _ => self
                    .registries
                    .iter()
                    .flat_map(|r| a::unknown_units(ctx.src, n, r))
                    .collect(),
            };
            emit(rule, ctx, self.check, problems, out);
        }
    }
}
