//! `gwlint init`: the commented `gwlint.toml` written into a repository.
//!
//! Only `builtin = true` is active; every other setting is shown commented
//! out with an example. Example lines are `# ` followed by a TOML table
//! header or `key =`; explanation lines are `# ` followed by Chinese.
//! Removing `# ` from every example line gives a valid configuration (a
//! test checks it).

/// Name of the file `gwlint init` writes.
pub const FILE_NAME: &str = "gwlint.toml";

/// The template (`gwlint init`).
pub fn default_config_toml() -> &'static str {
    TEMPLATE
}

/// `gwlint init [DIR]`: write the template to `DIR/gwlint.toml`. An
/// existing file is never overwritten (the error says so in Chinese).
pub fn write_config(dir: &std::path::Path) -> Result<std::path::PathBuf, String> {
    use std::io::Write;
    let path = dir.join(FILE_NAME);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{} 已存在，未作改动", path.display())
            }
            _ => format!("无法创建 {}：{e}", path.display()),
        })?;
    file.write_all(TEMPLATE.as_bytes())
        .map_err(|e| format!("无法写入 {}：{e}", path.display()))?;
    Ok(path)
}

const TEMPLATE: &str = r#"# 公文 lint（gwlint）配置文件，由 gwlint init 生成。
# 程序在当前目录及其上级目录中查找 gwlint.toml；文件中的相对路径以本文件所在目录为准。
# 下面以 “# ” 开头的英文行是示例，删去行首的 “# ” 即可启用。

# 是否加载内置规则包（GB/T 9704-2012、《党政机关公文处理工作条例》、常见错别字）。
builtin = true

# 追加的规则包（省级、本单位），按顺序叠加：后加载的包可以按规则编号
# 改变规则的级别、停用或替换先前的规则。
# packs = ["rules/province.toml", "rules/office.toml"]

# 不带路径运行 gwlint check 时检查的目录或文件。
# paths = ["docs", "drafts"]

# 只运行这些规则（规则编号或类别，不写则运行全部）。类别有：
# 要素缺失 required、发文字号 docno、引文 citation、日期 date、附件 attachment、
# 责任单位 unit、目录 toc、层次序数 heading、标点 punctuation、错别字 typo、
# 标题 title、主送机关 addressee、重复 duplicate、其他 other。
# select = ["docno", "date", "typo"]

# 不运行这些规则（规则编号或类别）。
# ignore = ["punctuation"]

# 按规则编号调整级别：error（错误）、warning（警告）、info（提示）或 off（停用）。
# [severity]
# "typo-common" = "warning"
# "heading-sequence" = "off"

# 按文件或路径模式忽略规则（规则编号或类别）。
# 不含 “/” 的模式匹配任意目录中的文件名；含 “/” 的模式匹配相对于本文件所在目录的路径，
# “*” 不跨越目录，“**” 可以跨越目录。
# [per-file-ignores]
# "archive/**" = ["date"]
# "模板*.md" = ["required"]

# 已认可的例外：与 rule（规则编号或类别）以及写出的 path（路径模式）、
# text（被标出的原文，须完全一致）、notice（第几篇公文，从 0 起）都相符的问题不再报告。
# reason 必填，写明认可的理由，便于审核。
# [[allow]]
# rule = "date"
# path = "archive/2010/*.txt"
# text = "二〇一〇年三月一日"
# reason = "2012 年以前的历史文件，按原貌收录"
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::{AllowEntry, PerFileIgnores, Suppressions};
    use std::collections::BTreeMap;

    /// The keys of the engine's `RawConfig` plus the suppression tables.
    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Mirror {
        builtin: Option<bool>,
        #[serde(default)]
        packs: Vec<String>,
        #[serde(default)]
        paths: Vec<String>,
        #[serde(default)]
        select: Vec<String>,
        #[serde(default)]
        ignore: Vec<String>,
        #[serde(default)]
        severity: BTreeMap<String, String>,
        #[serde(default, rename = "per-file-ignores")]
        per_file_ignores: PerFileIgnores,
        #[serde(default)]
        allow: Vec<AllowEntry>,
    }

    fn uncomment_examples(text: &str) -> String {
        let example = regex::Regex::new(r#"^# (\[|"[^"]*" *=|[A-Za-z_-]+ *=)"#).unwrap();
        text.lines()
            .map(|l| if example.is_match(l) { &l[2..] } else { l })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn write_config_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), TEMPLATE);
        std::fs::write(&path, "builtin = false\n").unwrap();
        let e = write_config(dir.path()).unwrap_err();
        assert!(e.contains("已存在"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "builtin = false\n");
    }

    #[test]
    fn template_is_the_defaults() {
        let m: Mirror = toml::from_str(default_config_toml()).unwrap();
        assert_eq!(m.builtin, Some(true));
        assert!(m.packs.is_empty() && m.paths.is_empty());
        assert!(m.select.is_empty() && m.ignore.is_empty() && m.severity.is_empty());
        assert!(m.per_file_ignores.is_empty() && m.allow.is_empty());
    }

    #[test]
    fn every_example_is_valid_configuration() {
        let text = uncomment_examples(default_config_toml());
        let m: Mirror = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(m.packs.len(), 2);
        assert_eq!(m.paths, ["docs", "drafts"]);
        assert_eq!(m.select, ["docno", "date", "typo"]);
        assert_eq!(m.ignore, ["punctuation"]);
        assert_eq!(m.severity["heading-sequence"], "off");
        assert_eq!(m.per_file_ignores["archive/**"], ["date"]);
        assert_eq!(m.allow.len(), 1);
        assert_eq!(m.allow[0].text.as_deref(), Some("二〇一〇年三月一日"));
        for s in m.select.iter().chain(&m.ignore) {
            assert!(crate::finding::Category::parse(s).is_some(), "{s}");
        }
        let known = |_: &str| false; // the examples name categories only
        Suppressions::compile(&m.per_file_ignores, &m.allow, known).unwrap();
    }
}
