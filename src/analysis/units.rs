//! Responsible units: every task in a series names a lead unit when the
//! series otherwise does, and the units a notice names are known to the
//! jurisdiction's registry (`rules/units/*.toml`) or close to a known one.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{edit_distance, Problem};
use crate::document::{Heading, Notice};
use crate::source::SourceFile;

/// Tasks in a series that name no lead unit while most of their siblings do.
/// `markers` recognise a responsibility statement (`牵头单位：`, `（…牵头…）`).
/// Items whose heading matches `exempt` (goals, principles, safeguards) are
/// not tasks and need no unit.
pub fn lead_unit(
    src: &SourceFile,
    n: &Notice,
    markers: &[Regex],
    exempt: &[Regex],
    min_items: usize,
) -> Vec<Problem> {
    let outlines = n.outline(src);
    let mut out = Vec::new();
    for (o, headings) in outlines.iter().enumerate() {
        // Where this outline stops: the next outline's first heading, or the
        // end of the notice.
        let outline_end = outlines
            .get(o + 1)
            .and_then(|next| next.first())
            .map(|h| src.line_range(h.line).start)
            .unwrap_or(n.range.end);
        let extent = |i: usize| -> Range<usize> {
            let h = &headings[i];
            let end = headings[i + 1..]
                .iter()
                .find(|x| x.level <= h.level)
                .map(|x| src.line_range(x.line).start)
                .unwrap_or(outline_end);
            src.line_range(h.line).start..end
        };
        let names_unit = |r: Range<usize>| markers.iter().any(|m| m.is_match(&src.text[r.clone()]));
        // Group siblings: same level, same parent (nearest earlier heading of
        // a higher level).
        let parent_of = |i: usize| {
            headings[..i]
                .iter()
                .rposition(|x| x.level < headings[i].level)
        };
        let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
        for i in 0..headings.len() {
            let p = parent_of(i);
            match groups
                .iter_mut()
                .find(|(gp, items)| *gp == p && headings[items[0]].level == headings[i].level)
            {
                Some((_, items)) => items.push(i),
                None => groups.push((p, vec![i])),
            }
        }
        for (parent, items) in groups {
            if items.len() < min_items {
                continue;
            }
            // A parent that names the unit for all its items covers them.
            if let Some(p) = parent {
                let own = src.line_range(headings[p].line).start
                    ..src.line_range(headings[items[0]].line).start;
                if names_unit(own) {
                    continue;
                }
            }
            let named: Vec<bool> = items.iter().map(|&i| names_unit(extent(i))).collect();
            let count = named.iter().filter(|&&b| b).count();
            if count < 2 || count * 2 < items.len() || count == items.len() {
                continue;
            }
            let is_exempt = |i: usize| {
                let line = src.line(headings[i].line);
                exempt.iter().any(|e| e.is_match(line))
            };
            for (&i, _) in items
                .iter()
                .zip(&named)
                .filter(|(&i, &b)| !b && !is_exempt(i))
            {
                out.push(task_problem(src, n, &headings[i], count, items.len()));
            }
        }
    }
    out
}

fn task_problem(src: &SourceFile, n: &Notice, h: &Heading, named: usize, total: usize) -> Problem {
    let line = src.line_range(h.line);
    let text = &src.text[h.span.start..line.end];
    // The task's heading up to its first full stop.
    let end = text
        .find(['。', '；'])
        .map(|i| i + '。'.len_utf8())
        .unwrap_or(text.len());
    let span = h.span.start..h.span.start + end;
    Problem::new("lead-unit", span.clone(), Some(n.index))
        .arg(
            "task",
            src.text[span].trim_end_matches(['。', '；']).to_string(),
        )
        .arg("named", named.to_string())
        .arg("total", total.to_string())
}

/// A jurisdiction's registry of units (`rules/units/<name>.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    /// Full name, e.g. `连山壮族瑶族自治县`.
    pub jurisdiction: String,
    /// Other names of the jurisdiction (`连山县`).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Agency codes of the document numbers issued there (`山府办`): a
    /// notice whose number starts with one of them is checked.
    #[serde(default)]
    pub agencies: Vec<String>,
    #[serde(default, rename = "unit")]
    pub units: Vec<Unit>,
    /// Every known spelling, normalised, as characters: built on first use,
    /// then shared by every notice checked against the registry.
    #[serde(skip)]
    known: std::sync::OnceLock<Vec<(String, Vec<char>)>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Registry {
    pub fn from_toml(text: &str) -> Result<Registry, toml::de::Error> {
        toml::from_str(text)
    }

    /// Whether the registry is the one of the notice's jurisdiction.
    pub fn applies_to(&self, n: &Notice) -> bool {
        let agency = n
            .doc_number
            .as_ref()
            .and_then(|d| d.parsed.as_ref())
            .map(|d| d.agency.as_str());
        let by_number = agency.is_some_and(|a| self.agencies.iter().any(|x| a == x));
        let by_signer = n.signers.iter().any(|s| {
            std::iter::once(&self.jurisdiction)
                .chain(&self.aliases)
                .any(|j| s.text.starts_with(j.as_str()))
        });
        by_number || by_signer
    }

    /// Every known spelling, normalised, with the unit's name.
    fn known(&self) -> &[(String, Vec<char>)] {
        self.known.get_or_init(|| {
            self.units
                .iter()
                .flat_map(|u| {
                    std::iter::once(&u.name)
                        .chain(&u.aliases)
                        .map(|a| (u.name.clone(), self.normalize(a).chars().collect()))
                })
                .collect()
        })
    }

    /// Drop the jurisdiction's name and the level prefix (`县`, `市`, `区`)
    /// so that `连山县财政局`, `县财政局` and `财政局` compare equal.
    pub fn normalize(&self, name: &str) -> String {
        let mut s = name.trim().trim_matches('*').trim();
        for j in std::iter::once(&self.jurisdiction).chain(&self.aliases) {
            if let Some(rest) = s.strip_prefix(j.as_str()) {
                s = rest;
                break;
            }
        }
        s.trim_start_matches(['县', '市', '区']).to_string()
    }
}

static LEAD_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:牵头单位|责任单位|牵头部门|责任部门|配合单位)[\*]*[：:][\*]*\s*([^。；;\n（(]{2,200})",
    )
    .expect("unit list regex")
});
static LEAD_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]([^（）()\n，,]{2,80}?)牵头").expect("unit paren regex"));

/// Unit names in responsibility statements, with their spans.
pub fn named_units(text: &str, base: usize) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    // `（…牵头` stays within a line: only lines with 牵头 are searched (the
    // pattern opens with a bracket, which is everywhere).
    let paren_lines = crate::document::lines::lines_with(text, "牵头").map(|(_, line)| line);
    let captures = LEAD_LIST
        .captures_iter(text)
        .chain(paren_lines.flat_map(|line| LEAD_PAREN.captures_iter(line)))
        .filter_map(|c| c.get(1));
    for m in captures {
        for piece in m.as_str().split(['、', '，', ',']) {
            // `财政局、发改局分别牵头`: the adverb is not part of the name.
            let mut trimmed = piece.trim();
            for tail in ["分别", "共同", "等部门", "等单位", "等"] {
                trimmed = trimmed.strip_suffix(tail).unwrap_or(trimmed);
            }
            if trimmed.chars().count() >= 2 {
                // `trimmed` is a slice of `text`: its offset is its address's.
                let s = trimmed.as_ptr() as usize - text.as_ptr() as usize;
                out.push((base + s..base + s + trimmed.len(), trimmed.to_string()));
            }
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out.dedup_by_key(|(r, _)| r.start);
    out
}

/// Unit names close to, but not the same as, a known unit of the registry:
/// a doubled or dropped character. Names far from every known unit (`各镇`,
/// `有关单位`) are not reported.
pub fn unknown_units(src: &SourceFile, n: &Notice, registry: &Registry) -> Vec<Problem> {
    if !registry.applies_to(n) {
        return Vec::new();
    }
    let known = registry.known();
    let mut named = named_units(&src.text[n.range.clone()], n.range.start);
    named.extend(n.signers.iter().map(|s| (s.span.clone(), s.text.clone())));
    named
        .into_iter()
        .filter_map(|(span, name)| {
            let norm: Vec<char> = registry.normalize(&name).chars().collect();
            if norm.len() < 2 || known.iter().any(|(_, k)| *k == norm) {
                return None;
            }
            // Only names within two characters in length can be within two
            // edits.
            let (best, distance) = known
                .iter()
                .filter(|(_, k)| k.len().abs_diff(norm.len()) <= 2)
                .map(|(name, k)| (name, edit_distance(&norm, k)))
                .min_by_key(|&(_, d)| d)?;
            let close = (distance == 1 && norm.len() >= 4) || (distance == 2 && norm.len() >= 6);
            close.then(|| {
                Problem::new("unknown-unit", span, Some(n.index))
                    .arg("unit", name.clone())
                    .arg("suggestion", best.to_string())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;
    use crate::source::Encoding;

    fn markers() -> Vec<Regex> {
        vec![
            Regex::new(r"(?:牵头单位|责任单位)[：:]").unwrap(),
            Regex::new(r"[（(][^（）()]{2,60}牵头").unwrap(),
        ]
    }

    fn parse(body: &str) -> (SourceFile, document::Gazette) {
        let text = format!("关于印发工作方案的通知\n\n山府办发〔2014〕37号\n\n各镇人民政府：\n\n{body}\n连山壮族瑶族自治县人民政府办公室\n2014年7月7日\n");
        let src = SourceFile::new("t.txt", text, Encoding::Utf8);
        let g = document::parse(&src);
        (src, g)
    }

    #[test]
    fn task_without_lead_unit() {
        let (src, g) = parse(
            "一、主要任务\n（一）建设平台。（县政务办牵头，各镇负责落实）\n（二）完善制度。（县法制局牵头）\n（三）加强宣传。各镇要广泛宣传。\n（四）强化督查。（县监察局牵头）\n",
        );
        let p = lead_unit(&src, &g.notices[0], &markers(), &[], 3);
        assert_eq!(p.len(), 1);
        assert_eq!(&src.text[p[0].span.clone()], "（三）加强宣传。");
    }

    #[test]
    fn series_without_units_is_not_reported() {
        let (src, g) = parse(
            "一、主要任务\n（一）建设平台。\n（二）完善制度。\n（三）加强宣传。（县政务办牵头）\n",
        );
        assert!(lead_unit(&src, &g.notices[0], &markers(), &[], 3).is_empty());
    }

    #[test]
    fn registry_suggests_the_nearest_unit() {
        let reg = Registry::from_toml(
            "jurisdiction = \"连山壮族瑶族自治县\"\nagencies = [\"山府办\"]\n[[unit]]\nname = \"县财政局\"\n[[unit]]\nname = \"县人力资源和社会保障局\"\naliases = [\"县人社局\"]\n",
        )
        .unwrap();
        let (src, g) = parse("（一）落实资金。（县财政政局牵头）\n（二）培训。（县人社局牵头）\n");
        let p = unknown_units(&src, &g.notices[0], &reg);
        assert_eq!(p.len(), 1);
        assert_eq!(&src.text[p[0].span.clone()], "县财政政局");
        assert_eq!(p[0].args[1].1, "县财政局");
    }
}
