//! `gwlint parse`: the structure found in each file, as JSON (a contract,
//! DESIGN.md section 3) or as a human-readable outline.

use std::fmt::Write as _;
use std::sync::Arc;

use serde_json::{json, Value};

use crate::document::{DatePart, Gazette, Notice, Part};
use crate::source::SourceFile;

fn part(p: &Part) -> Value {
    json!({"text": p.text, "line": p.line, "span": [p.span.start, p.span.end]})
}

fn opt(p: Option<&Part>) -> Value {
    p.map(part).unwrap_or(Value::Null)
}

fn date(d: Option<&DatePart>) -> Value {
    match d {
        None => Value::Null,
        Some(d) => {
            let mut v = part(&d.part);
            v["iso"] = d
                .value
                .as_ref()
                .and_then(|v| v.iso())
                .map(Value::from)
                .unwrap_or(Value::Null);
            v
        }
    }
}

fn notice(n: &Notice) -> Value {
    json!({
        "index": n.index,
        "start_line": n.start_line,
        "end_line": n.end_line,
        "kind": n.kind,
        "title": opt(n.title.as_ref()),
        "doc_number": opt(n.doc_number.as_ref().map(|d| &d.part)),
        "addressees": opt(n.addressees.as_ref()),
        "signers": n.signers.iter().map(part).collect::<Vec<_>>(),
        "date": date(n.date.as_ref()),
        "disclosure": opt(n.disclosure.as_ref()),
        "attachments": n.attachments.iter().map(|a| part(&a.part)).collect::<Vec<_>>(),
        "attachment_sections": n.attachment_sections.iter().map(|s| {
            let mut v = part(&s.marker);
            v["number"] = json!(s.number);
            v["title"] = opt(s.title.as_ref());
            v
        }).collect::<Vec<_>>(),
        "cc": opt(n.cc.as_ref()),
        "printing": opt(n.printing.as_ref()),
    })
}

/// The JSON document printed by `gwlint parse --format json`.
pub fn to_json(files: &[(Arc<SourceFile>, Arc<Gazette>)]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|(src, g)| {
            json!({
                "path": src.path,
                "encoding": src.encoding.name(),
                "issue_date": date(g.issue_date.as_ref()),
                "toc": g.toc.iter().map(|e| json!({
                    "title": e.title.text,
                    "doc_number": e.doc_number.as_ref().map(|d| d.part.text.clone()),
                    "page": e.page,
                    "line": e.title.line,
                })).collect::<Vec<_>>(),
                "notices": g.notices.iter().map(notice).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"version": 1, "files": files})
}

pub fn render_json(files: &[(Arc<SourceFile>, Arc<Gazette>)]) -> String {
    let mut s = serde_json::to_string_pretty(&to_json(files)).expect("JSON of plain values");
    s.push('\n');
    s
}

/// An outline per file: the table of contents, then each notice's parts.
pub fn render_human(files: &[(Arc<SourceFile>, Arc<Gazette>)]) -> String {
    let mut out = String::new();
    for (src, g) in files {
        let _ = writeln!(
            out,
            "{}（{}，{} 篇公文）",
            src.path,
            src.encoding.name(),
            g.notices.len()
        );
        if let Some(d) = &g.issue_date {
            let _ = writeln!(out, "  出版日期：{}", d.part.text);
        }
        if !g.toc.is_empty() {
            let _ = writeln!(out, "  目录（{} 条）", g.toc.len());
            for e in &g.toc {
                let number = e
                    .doc_number
                    .as_ref()
                    .map(|d| d.part.text.as_str())
                    .unwrap_or("—");
                let _ = writeln!(
                    out,
                    "    {:>4}行  {}  {}",
                    e.title.line, e.title.text, number
                );
            }
        }
        for n in &g.notices {
            let _ = writeln!(
                out,
                "  [{}] 第 {}–{} 行  文种：{}",
                n.index,
                n.start_line,
                n.end_line,
                n.kind.as_deref().unwrap_or("—")
            );
            let mut row = |label: &str, p: Option<&Part>| {
                if let Some(p) = p {
                    let _ = writeln!(out, "      {label}：{}（第 {} 行）", p.text, p.line);
                }
            };
            row("标题", n.title.as_ref());
            row("发文字号", n.doc_number.as_ref().map(|d| &d.part));
            row("主送机关", n.addressees.as_ref());
            for s in &n.signers {
                row("署名", Some(s));
            }
            row("成文日期", n.date.as_ref().map(|d| &d.part));
            row("附件说明", n.attachment_list.as_ref());
            for s in &n.attachment_sections {
                row("附件", Some(&s.marker));
            }
            row("附注", n.disclosure.as_ref());
            row("抄送", n.cc.as_ref());
            row("印发", n.printing.as_ref());
        }
    }
    out
}
