//! `index.html`: one self-contained page (styles, script and charts inline,
//! nothing fetched) in Chinese. Every piece of document text goes through
//! [`esc`].

use std::fmt::Write;

use super::chart::{self, num, Bar};
use super::context::{self, Context};
use super::model::{self, notice_date, notice_number, notice_title, Model, Office, Row};
use super::summary::{Counts, Summary};
use crate::finding::{Category, Severity};

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// Escape text for HTML content and double- or single-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A rule message template as a label: placeholders become `…`.
fn template_label(message: &str) -> String {
    let mut out = String::new();
    let mut in_placeholder = false;
    for c in message.chars() {
        match c {
            '{' => in_placeholder = true,
            '}' if in_placeholder => {
                in_placeholder = false;
                out.push('…');
            }
            _ if in_placeholder => {}
            c => out.push(c),
        }
    }
    out
}

fn severity_breakdown(c: &Counts) -> String {
    let mut parts = Vec::new();
    for (n, s) in c
        .slots()
        .iter()
        .zip([Severity::Error, Severity::Warning, Severity::Info])
    {
        if *n > 0 {
            parts.push(format!("{} {}", s.label(), num(*n)));
        }
    }
    if parts.is_empty() {
        "无问题".to_string()
    } else {
        parts.join("，")
    }
}

fn per_notice(findings: usize, notices: usize) -> String {
    if notices == 0 {
        "—".to_string()
    } else {
        format!("{:.1}", findings as f64 / notices as f64)
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "0%".to_string()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// The label of an office group on the page.
fn office_label(office: Option<&str>, signers: &[String]) -> String {
    match (office, signers.first()) {
        (None, _) => "不属于单篇公文".to_string(),
        (Some(o), Some(s)) if !o.starts_with("署名：") => format!("{o} · {s}"),
        (Some(o), _) => o.to_string(),
    }
}

/// Anchor of a notice's findings.
fn notice_anchor(file: usize, notice: Option<usize>) -> String {
    match notice {
        Some(n) => format!("n-{file}-{n}"),
        None => format!("n-{file}-x"),
    }
}

pub fn render(m: &Model, s: &Summary, scope: &[String]) -> String {
    let mut h = String::with_capacity(64 * 1024 + m.rows.len() * 700);
    h.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>公文合规审计报告</title>\n");
    let _ = writeln!(h, "<style>\n{STYLE}</style>\n</head>\n<body>");
    header(&mut h, s, scope);
    h.push_str("<main>\n");
    kpis(&mut h, s);
    unreadable(&mut h, s);
    charts(&mut h, s);
    notices(&mut h, m);
    findings(&mut h, m);
    h.push_str("</main>\n");
    let _ = writeln!(
        h,
        "<footer>由 gwlint {} 生成 · 依据 GB/T 9704-2012《党政机关公文格式》、《党政机关公文处理工作条例》等规则 · 详细数据见同目录下的 findings.csv 与 summary.json</footer>",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(h, "<script>\n{SCRIPT}</script>\n</body>\n</html>");
    h
}

fn header(h: &mut String, s: &Summary, scope: &[String]) {
    let t = &s.totals;
    let scope = scope
        .iter()
        .map(|p| format!("<code>{}</code>", esc(p)))
        .collect::<Vec<_>>()
        .join("、");
    let _ = write!(
        h,
        "<header>\n<div class=\"wrap\">\n<p class=\"kicker\">gwlint · 公文合规审计</p>\n<h1>公文合规审计报告</h1>\n\
         <p class=\"meta\">审计范围：{scope} · {} 个文件 · {} 篇公文 · 运行 {} 条规则，其中 {} 条发现问题</p>\n</div>\n</header>\n",
        num(t.files),
        num(t.notices),
        num(t.rules),
        num(t.rules_triggered),
    );
}

fn kpis(h: &mut String, s: &Summary) {
    let t = &s.totals;
    let b = &s.by_severity;
    h.push_str("<section class=\"kpis\">\n");
    let card = |h: &mut String, class: &str, label: &str, value: String, note: String| {
        let _ = writeln!(
            h,
            "<div class=\"kpi {class}\"><div class=\"kpi-label\">{label}</div><div class=\"kpi-value\">{value}</div><div class=\"kpi-note\">{note}</div></div>"
        );
    };
    card(
        h,
        "total",
        "问题总数",
        num(t.findings),
        format!("平均每篇公文 {} 个", per_notice(t.findings, t.notices)),
    );
    card(
        h,
        "error",
        "错误",
        num(b.error),
        percent(b.error, t.findings),
    );
    card(
        h,
        "warning",
        "警告",
        num(b.warning),
        percent(b.warning, t.findings),
    );
    card(h, "info", "提示", num(b.info), percent(b.info, t.findings));
    card(
        h,
        "notices",
        "有问题的公文",
        format!(
            "{}<small> / {}</small>",
            num(t.notices_with_findings),
            num(t.notices)
        ),
        percent(t.notices_with_findings, t.notices),
    );
    card(
        h,
        "fixable",
        "可自动修复",
        num(t.fixable),
        format!("{}，用 gwlint check --fix", percent(t.fixable, t.findings)),
    );
    h.push_str("</section>\n");
}

fn unreadable(h: &mut String, s: &Summary) {
    if s.unreadable.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section class=\"card alert\">\n<h2>{} 个文件无法检查</h2>\n<ul>",
        s.unreadable.len()
    );
    for u in &s.unreadable {
        let _ = writeln!(
            h,
            "<li><code>{}</code>：{}</li>",
            esc(&u.path),
            esc(&u.message)
        );
    }
    h.push_str("</ul>\n</section>\n");
}

fn chart_card(h: &mut String, class: &str, title: &str, note: &str, svg: String) {
    let _ = writeln!(
        h,
        "<section class=\"card chart-card {class}\">\n<h2>{title}</h2>\n<p class=\"note\">{note}</p>\n{svg}\n</section>"
    );
}

fn charts(h: &mut String, s: &Summary) {
    h.push_str("<div class=\"legend\"><span class=\"sw s-error\"></span>错误<span class=\"sw s-warning\"></span>警告<span class=\"sw s-info\"></span>提示<span class=\"hint\">点击图中任一条目，可在下方“问题明细”中只看该项</span></div>\n");
    h.push_str("<div class=\"grid\">\n");
    let bars = s
        .by_category
        .iter()
        .map(|c| Bar {
            label: c.label.to_string(),
            slots: c.counts.slots(),
            tip: format!(
                "{}（{}）：{} 个问题（{}）",
                c.label,
                c.category,
                num(c.counts.findings),
                severity_breakdown(&c.counts)
            ),
            filter: Some(("cat", c.category.to_string())),
            note: None,
        })
        .collect();
    chart_card(
        h,
        "",
        "按问题类别",
        &format!("{} 个类别发现问题", s.by_category.len()),
        chart::hbars(bars, 14, chart::NARROW, "按问题类别统计的问题数"),
    );

    let mut files: Vec<_> = s.by_file.iter().collect();
    files.sort_by_key(|f| std::cmp::Reverse(f.counts.findings));
    let bars = files
        .iter()
        .map(|f| Bar {
            label: chart::fit_start(&f.path, chart::NARROW.label_max),
            slots: f.counts.slots(),
            tip: format!(
                "{}\n{} 篇公文，{} 个问题（{}），平均每篇 {} 个",
                f.path,
                num(f.notices),
                num(f.counts.findings),
                severity_breakdown(&f.counts),
                per_notice(f.counts.findings, f.notices)
            ),
            filter: Some(("path", f.path.clone())),
            note: Some(format!("{} 篇", num(f.notices))),
        })
        .collect();
    chart_card(
        h,
        "",
        "按公报（文件）",
        &format!(
            "共 {} 个文件（最多显示 14 个）；条目后为该文件的公文篇数",
            s.by_file.len()
        ),
        chart::hbars(bars, 14, chart::NARROW, "按公报文件统计的问题数"),
    );

    let bars = s
        .by_rule
        .iter()
        .map(|r| Bar {
            label: template_label(&r.message),
            slots: r.counts.slots(),
            tip: format!(
                "{}：{}\n{} 个问题（{}）",
                r.rule,
                template_label(&r.message),
                num(r.counts.findings),
                severity_breakdown(&r.counts)
            ),
            filter: Some(("rule", r.rule.clone())),
            note: Some(r.rule.clone()),
        })
        .collect();
    chart_card(
        h,
        "wide",
        "按规则",
        &format!(
            "{} 条规则发现问题（最多显示 20 条）；条目后为规则编号",
            s.by_rule.len()
        ),
        chart::hbars(bars, 20, chart::WIDE, "按规则统计的问题数"),
    );

    let bars = s
        .by_office
        .iter()
        .map(|o| Bar {
            label: office_label(o.office.as_deref(), &o.signers),
            slots: o.counts.slots(),
            tip: format!(
                "{}{}\n{} 篇公文，{} 个问题（{}），平均每篇 {} 个",
                o.office
                    .as_deref()
                    .unwrap_or("不属于单篇公文的问题（如目录）"),
                if o.signers.is_empty() {
                    String::new()
                } else {
                    format!("\n署名：{}", o.signers.join("；"))
                },
                num(o.notices),
                num(o.counts.findings),
                severity_breakdown(&o.counts),
                per_notice(o.counts.findings, o.notices)
            ),
            filter: Some(("office", o.office.clone().unwrap_or_default())),
            note: o.office.as_ref().map(|_| {
                format!(
                    "{} 篇，平均每篇 {}",
                    num(o.notices),
                    per_notice(o.counts.findings, o.notices)
                )
            }),
        })
        .collect();
    chart_card(
        h,
        "wide",
        "按发文机关",
        "按发文字号中的机关代字归组，并列出署名机关（最多显示 20 个）；条目后为公文篇数和平均每篇问题数",
        chart::hbars(bars, 20, chart::WIDE, "按发文机关统计的问题数"),
    );

    chart_card(
        h,
        "wide",
        "按成文年份",
        "按每篇公文成文日期的年份；柱下为该年的公文篇数；“未知”为没有可读成文日期的公文及不属于单篇公文的问题",
        chart::columns(year_bars(s), chart::WIDE, "按成文年份统计的问题数"),
    );
    h.push_str("</div>\n");
}

/// One column a year, years without notices in between shown empty so
/// that the axis reads as time (unless the span is implausibly long).
fn year_bars(s: &Summary) -> Vec<Bar> {
    let known: Vec<i32> = s.by_year.iter().filter_map(|y| y.year).collect();
    let fill = match (known.first(), known.last()) {
        (Some(&a), Some(&b)) if b - a <= 30 => Some(a..=b),
        _ => None,
    };
    let mut bars = Vec::new();
    let bar = |y: &super::summary::YearRow| {
        let label = y
            .year
            .map(|y| format!("{y}年"))
            .unwrap_or_else(|| "未知".into());
        Bar {
            tip: format!(
                "{}：{} 篇公文，{} 个问题（{}），平均每篇 {} 个",
                label,
                num(y.notices),
                num(y.counts.findings),
                severity_breakdown(&y.counts),
                per_notice(y.counts.findings, y.notices)
            ),
            label,
            slots: y.counts.slots(),
            filter: Some(("year", y.year.map(|y| y.to_string()).unwrap_or_default())),
            note: Some(format!("{} 篇", num(y.notices))),
        }
    };
    match fill {
        Some(range) => {
            for year in range {
                match s.by_year.iter().find(|y| y.year == Some(year)) {
                    Some(y) => bars.push(bar(y)),
                    None => bars.push(Bar {
                        label: format!("{year}年"),
                        slots: [0; 3],
                        tip: format!("{year}年：没有公文"),
                        filter: None,
                        note: Some("0 篇".into()),
                    }),
                }
            }
            bars.extend(s.by_year.iter().filter(|y| y.year.is_none()).map(bar));
        }
        None => bars.extend(s.by_year.iter().map(bar)),
    }
    bars
}

fn notices(h: &mut String, m: &Model) {
    let per = m.per_notice();
    h.push_str("<section class=\"card\" id=\"notices\">\n<h2>公文一览</h2>\n<p class=\"note\">点击表头排序；点击标题查看该篇公文的问题</p>\n");
    h.push_str("<div class=\"table-wrap\"><table class=\"sortable\">\n<thead><tr>");
    for (label, kind) in [
        ("文件", "text"),
        ("序号", "num"),
        ("标题", "text"),
        ("发文字号", "text"),
        ("成文日期", "text"),
        ("错误", "num"),
        ("警告", "num"),
        ("提示", "num"),
        ("问题数", "num"),
    ] {
        let _ = write!(h, "<th data-kind=\"{kind}\">{label}</th>");
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (fi, r) in m.reports.iter().enumerate() {
        for n in &r.gazette.notices {
            let c = Counts::from_slots(per.get(&(fi, n.index)).copied().unwrap_or_default());
            let title = notice_title(n);
            let _ = writeln!(
                h,
                "<tr><td class=\"path\">{}</td><td class=\"num\">{}</td><td class=\"title\"><a href=\"#{}\">{}</a></td><td class=\"docno\">{}</td><td class=\"date\">{}</td>\
                 <td class=\"num{}\">{}</td><td class=\"num{}\">{}</td><td class=\"num{}\">{}</td><td class=\"num total\">{}</td></tr>",
                esc(&r.source.path),
                n.index + 1,
                notice_anchor(fi, Some(n.index)),
                if title.is_empty() { "（未识别标题）".to_string() } else { esc(title) },
                esc(notice_number(n)),
                esc(&notice_date(n)),
                if c.error > 0 { " e" } else { " zero" },
                c.error,
                if c.warning > 0 { " w" } else { " zero" },
                c.warning,
                if c.info > 0 { " i" } else { " zero" },
                c.info,
                c.findings,
            );
        }
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

fn findings(h: &mut String, m: &Model) {
    let _ = writeln!(
        h,
        "<section class=\"card\" id=\"findings\">\n<h2>问题明细</h2>\n\
         <div class=\"toolbar\"><span id=\"filter\" class=\"chip\" hidden></span>\
         <input id=\"search\" type=\"search\" placeholder=\"在问题中搜索（文字、规则、说明）\">\
         <button type=\"button\" id=\"expand\">全部展开</button><button type=\"button\" id=\"collapse\">全部收起</button>\
         <span id=\"shown\" class=\"note\">共 {} 个问题</span></div>",
        num(m.rows.len())
    );
    let per = m.per_notice();
    let mut i = 0;
    while i < m.rows.len() {
        let file = m.rows[i].file;
        let report = m.rows[i].report;
        let file_end = m.rows[i..]
            .iter()
            .position(|r| r.file != file)
            .map_or(m.rows.len(), |p| i + p);
        let _ = writeln!(
            h,
            "<div class=\"file\"><h3><code>{}</code><span class=\"note\">{} 个问题</span></h3>",
            esc(&report.source.path),
            num(file_end - i)
        );
        // Findings outside notices first, then notice by notice.
        let rows = &m.rows[i..file_end];
        let mut groups: Vec<Option<usize>> = rows.iter().map(|r| r.finding.notice).collect();
        groups.sort_by_key(|g| g.map_or(0, |n| n + 1));
        groups.dedup();
        for g in groups {
            let notice = g.and_then(|n| report.gazette.notices.get(n));
            let (title, meta) = match notice {
                Some(n) => (
                    notice_title(n).to_string(),
                    format!("{} {}", notice_number(n), notice_date(n)),
                ),
                None => (
                    "不属于单篇公文的问题".to_string(),
                    "如目录与正文不符".into(),
                ),
            };
            let count = g
                .and_then(|n| per.get(&(file, n)).copied())
                .map(Counts::from_slots)
                .unwrap_or_else(|| {
                    let mut c = [0; 3];
                    for r in rows.iter().filter(|r| r.finding.notice.is_none()) {
                        c[model::severity_slot(r.finding.severity)] += 1;
                    }
                    Counts::from_slots(c)
                });
            let _ = writeln!(
                h,
                "<details class=\"notice\" id=\"{}\"><summary><span class=\"n-title\">{}</span><span class=\"n-meta\">{}</span><span class=\"n-count\">{}</span></summary>\n<ol class=\"findings\">",
                notice_anchor(file, g),
                esc(if title.is_empty() { "（未识别标题）" } else { &title }),
                esc(meta.trim()),
                severity_pills(&count),
            );
            for row in rows.iter().filter(|r| r.finding.notice == g) {
                finding(h, row);
            }
            h.push_str("</ol></details>\n");
        }
        h.push_str("</div>\n");
        i = file_end;
    }
    if m.rows.is_empty() {
        h.push_str("<p class=\"empty\">没有发现问题。</p>\n");
    }
    h.push_str("</section>\n");
}

fn severity_pills(c: &Counts) -> String {
    let mut s = String::new();
    for (n, class) in c.slots().iter().zip(["e", "w", "i"]) {
        if *n > 0 {
            let _ = write!(s, "<span class=\"pill {class}\">{}</span>", num(*n));
        }
    }
    s
}

fn finding(h: &mut String, row: &Row) {
    let f = row.finding;
    let sev = f.severity.as_str();
    let cat: Category = f.category();
    let _ = write!(
        h,
        "<li class=\"f {sev}\" data-rule=\"{}\" data-cat=\"{}\" data-office=\"{}\" data-path=\"{}\" data-year=\"{}\" data-line=\"{}\" data-col=\"{}\">",
        esc(&f.rule.id),
        cat.as_str(),
        esc(&Office::group(row.notice).unwrap_or_default()),
        esc(row.path()),
        model::year(row.notice).map(|y| y.to_string()).unwrap_or_default(),
        row.line,
        row.column,
    );
    let _ = write!(
        h,
        "<div class=\"f-head\"><span class=\"badge {sev}\">{}</span><span class=\"msg\">{}</span>\
         <span class=\"f-meta\"><span class=\"loc\">第 {} 行第 {} 列</span><span class=\"cat\">{}</span><code class=\"rule\">{}</code></span></div>",
        f.severity.label(),
        esc(&f.message),
        row.line,
        row.column,
        cat.label(),
        esc(&f.rule.id)
    );
    let c = context::around(&row.report.source, f.span.clone());
    snippet(h, &c);
    let mut notes = Vec::new();
    if let Some(fix) = &f.fix {
        notes.push(if fix.replacement.is_empty() {
            "建议：删除标出的文字".to_string()
        } else {
            format!("建议改为：<ins>{}</ins>", esc(&fix.replacement))
        });
    }
    if let Some(help) = &f.help {
        notes.push(esc(help));
    }
    if let Some(r) = &f.rule.reference {
        notes.push(format!("依据：{}", esc(r)));
    }
    if !notes.is_empty() {
        let _ = write!(
            h,
            "<div class=\"f-help\"><span>{}</span></div>",
            notes.join("</span><span>")
        );
    }
    h.push_str("</li>\n");
}

fn snippet(h: &mut String, c: &Context) {
    h.push_str("<div class=\"snippet\">");
    h.push_str(&esc(&c.before));
    if c.marked.is_empty() {
        h.push_str("<mark class=\"at\" title=\"此处缺少内容\"></mark>");
    } else if c.long {
        let (head, tail) = context::cut(c.marked);
        let _ = write!(
            h,
            "<mark>{}</mark><span class=\"elided\">（中间省略）</span><mark>{}</mark>",
            esc(&head),
            esc(&tail)
        );
    } else {
        let _ = write!(h, "<mark>{}</mark>", esc(c.marked));
    }
    h.push_str(&esc(&c.after));
    h.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>alert("x")</script>&'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"
        );
        assert_eq!(esc("各镇人民政府"), "各镇人民政府");
    }

    #[test]
    fn placeholders_become_ellipses() {
        assert_eq!(template_label("日期“{date}”不存在"), "日期“…”不存在");
        assert_eq!(
            template_label("中文之间应使用全角逗号“，”"),
            "中文之间应使用全角逗号“，”"
        );
    }

    #[test]
    fn office_labels() {
        assert_eq!(office_label(None, &[]), "不属于单篇公文");
        assert_eq!(
            office_label(Some("山人社任"), &["连山人社局".into()]),
            "山人社任 · 连山人社局"
        );
        assert_eq!(
            office_label(Some("署名：某局"), &["某局".into()]),
            "署名：某局"
        );
    }
}
