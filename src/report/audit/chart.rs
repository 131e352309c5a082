//! Inline SVG charts for the audit page: horizontal bars and vertical
//! columns, each stacked by severity (error, warning, info).
//!
//! A small module of our own rather than a chart crate: the crates that
//! draw SVG (plotters, charts-rs, eb_bars) measure text with Latin font
//! metrics or embedded fonts, so Chinese labels come out clipped or
//! overlapping, and none gives per-bar tooltips or hooks for the page's
//! click-to-filter. Two chart shapes are all the page needs.

use unicode_width::UnicodeWidthChar;

use super::html::esc;

/// One bar: a label, counts `[error, warning, info]`, a tooltip and an
/// optional filter (`kind`, value) applied when the bar is clicked.
pub struct Bar {
    pub label: String,
    pub slots: [usize; 3],
    pub tip: String,
    pub filter: Option<(&'static str, String)>,
    /// A short note shown after the value (under the label for columns),
    /// e.g. the number of notices.
    pub note: Option<String>,
}

impl Bar {
    fn total(&self) -> usize {
        self.slots.iter().sum()
    }
}

/// The drawing's size in the page: a chart in one column of the two-column
/// grid, or across the page. Text is drawn at [`FONT`] in viewBox units,
/// which the page displays at about its width, so labels stay legible.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    /// Widest label before it is cut with `…`.
    pub label_max: f64,
}

pub const NARROW: Frame = Frame {
    width: 580.0,
    label_max: 250.0,
};
pub const WIDE: Frame = Frame {
    width: 1180.0,
    label_max: 480.0,
};

const FONT: f64 = 14.0;
const SLOT_CLASS: [&str; 3] = ["s-error", "s-warning", "s-info"];

/// Estimated width of `s` in pixels at [`FONT`]: wide (CJK) characters are
/// one em, others a little over half.
fn text_width(s: &str) -> f64 {
    s.chars()
        .map(|c| match c.width() {
            Some(2) => FONT,
            _ => FONT * 0.58,
        })
        .sum()
}

/// `s` cut with `…` to fit `max` pixels.
fn fit(s: &str, max: f64) -> String {
    if text_width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = text_width("…");
    for c in s.chars() {
        w += text_width(c.encode_utf8(&mut [0; 4]));
        if w > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Thousands separators: 4223 → `4,223`.
pub fn num(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the bars beyond the limit add up to: how many, how many findings.
struct Rest {
    bars: usize,
    findings: usize,
}

/// The first `limit` bars; the others are summed up in one line of text,
/// not drawn (a bar for them would dwarf the ones shown).
fn limited(mut bars: Vec<Bar>, limit: usize) -> (Vec<Bar>, Option<Rest>) {
    if bars.len() <= limit {
        return (bars, None);
    }
    let rest = bars.split_off(limit);
    let findings = rest.iter().map(Bar::total).sum();
    let rest = Rest {
        bars: rest.len(),
        findings,
    };
    (bars, Some(rest))
}

/// `s` cut with `…` at the front to fit `max` pixels: for paths, whose
/// end (the file name) matters most.
pub fn fit_start(s: &str, max: f64) -> String {
    let rev: String = s.chars().rev().collect();
    let cut = fit(&rev, max);
    match cut.strip_suffix('…') {
        Some(kept) => format!("…{}", kept.chars().rev().collect::<String>()),
        None => s.to_string(),
    }
}

fn filter_attr(b: &Bar) -> String {
    match &b.filter {
        Some((kind, value)) => format!(
            r#" class="bar-row clickable" data-filter="{}" data-value="{}""#,
            kind,
            esc(value)
        ),
        None => r#" class="bar-row""#.to_string(),
    }
}

/// Horizontal bars, longest first as given, at most `limit` rows.
pub fn hbars(bars: Vec<Bar>, limit: usize, frame: Frame, aria: &str) -> String {
    let Frame { width, label_max } = frame;
    const ROW: f64 = 30.0;
    const BAR: f64 = 18.0;
    const PAD: f64 = 6.0;
    let (bars, rest) = limited(bars, limit);
    if bars.is_empty() {
        return r#"<p class="empty">没有数据</p>"#.to_string();
    }
    let label_w = bars
        .iter()
        .map(|b| text_width(&b.label))
        .fold(0.0, f64::max)
        .clamp(60.0, label_max)
        + 14.0;
    let value_w = bars
        .iter()
        .map(|b| {
            let note = b
                .note
                .as_ref()
                .map_or(0.0, |n| text_width(&format!(" · {n}")));
            text_width(&num(b.total())) + note + 16.0
        })
        .fold(48.0, f64::max);
    let plot_w = width - label_w - value_w;
    let max = bars.iter().map(Bar::total).max().unwrap_or(0).max(1) as f64;
    let rows = bars.len() + usize::from(rest.is_some());
    let height = ROW * rows as f64 + 2.0 * PAD;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(aria)
    );
    s.push_str(&format!(
        r#"<line class="axis" x1="{label_w}" y1="{PAD}" x2="{label_w}" y2="{}"/>"#,
        PAD + ROW * bars.len() as f64
    ));
    for (i, b) in bars.iter().enumerate() {
        let y = PAD + ROW * i as f64;
        s.push_str(&format!("<g{}>", filter_attr(b)));
        s.push_str(&format!("<title>{}</title>", esc(&b.tip)));
        s.push_str(&format!(
            r#"<rect class="hit" x="0" y="{y}" width="{width}" height="{ROW}"/>"#
        ));
        s.push_str(&format!(
            r#"<text class="label" x="{}" y="{}" text-anchor="end" dominant-baseline="central">{}</text>"#,
            label_w - 10.0,
            y + ROW / 2.0,
            esc(&fit(&b.label, label_max))
        ));
        let mut x = label_w;
        for (slot, &v) in b.slots.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let w = (v as f64 / max * plot_w).max(2.0);
            s.push_str(&format!(
                r#"<rect class="{}" x="{x:.1}" y="{:.1}" width="{w:.1}" height="{BAR}" rx="2"/>"#,
                SLOT_CLASS[slot],
                y + (ROW - BAR) / 2.0
            ));
            x += w;
        }
        s.push_str(&format!(
            r#"<text class="value" x="{:.1}" y="{}" dominant-baseline="central">{}</text>"#,
            x + 6.0,
            y + ROW / 2.0,
            num(b.total())
        ));
        if let Some(note) = &b.note {
            s.truncate(s.len() - "</text>".len());
            s.push_str(&format!(
                r#"<tspan class="note"> · {}</tspan></text>"#,
                esc(note)
            ));
        }
        s.push_str("</g>");
    }
    if let Some(rest) = rest {
        s.push_str(&format!(
            r#"<text class="note" x="{}" y="{}" dominant-baseline="central">其余 {} 项，共 {} 个问题（见下方明细）</text>"#,
            label_w,
            PAD + ROW * (bars.len() as f64 + 0.5),
            num(rest.bars),
            num(rest.findings)
        ));
    }
    s.push_str("</svg>");
    s
}

/// Vertical columns in the order given (years, ascending).
pub fn columns(bars: Vec<Bar>, frame: Frame, aria: &str) -> String {
    const HEIGHT: f64 = 270.0;
    const TOP: f64 = 26.0;
    const BOTTOM: f64 = 50.0;
    let width = frame.width;
    if bars.is_empty() {
        return r#"<p class="empty">没有数据</p>"#.to_string();
    }
    let n = bars.len() as f64;
    let step = width / n;
    let col_w = (step * 0.6).min(72.0);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = bars.iter().map(Bar::total).max().unwrap_or(0).max(1) as f64;
    let base = HEIGHT - BOTTOM;
    let mut s = format!(
        r#"<svg class="chart" viewBox="0 0 {width} {HEIGHT}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(aria)
    );
    s.push_str(&format!(
        r#"<line class="axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>"#
    ));
    for (i, b) in bars.iter().enumerate() {
        let cx = step * (i as f64 + 0.5);
        s.push_str(&format!("<g{}>", filter_attr(b)));
        s.push_str(&format!("<title>{}</title>", esc(&b.tip)));
        s.push_str(&format!(
            r#"<rect class="hit" x="{:.1}" y="0" width="{step:.1}" height="{HEIGHT}"/>"#,
            step * i as f64
        ));
        let mut y = base;
        for (slot, &v) in b.slots.iter().enumerate() {
            if v == 0 {
                continue;
            }
            let h = (v as f64 / max * plot_h).max(2.0);
            y -= h;
            s.push_str(&format!(
                r#"<rect class="{}" x="{:.1}" y="{y:.1}" width="{col_w:.1}" height="{h:.1}" rx="2"/>"#,
                SLOT_CLASS[slot],
                cx - col_w / 2.0
            ));
        }
        s.push_str(&format!(
            r#"<text class="value" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            y - 7.0,
            num(b.total())
        ));
        s.push_str(&format!(
            r#"<text class="label" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
            base + 22.0,
            esc(&fit(&b.label, step - 4.0))
        ));
        if let Some(note) = &b.note {
            s.push_str(&format!(
                r#"<text class="note" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                base + 42.0,
                esc(&fit(note, step - 4.0))
            ));
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands() {
        assert_eq!(num(0), "0");
        assert_eq!(num(999), "999");
        assert_eq!(num(4223), "4,223");
        assert_eq!(num(1234567), "1,234,567");
    }

    #[test]
    fn labels_are_cut_by_width() {
        assert_eq!(fit("山府办发", 100.0), "山府办发");
        assert_eq!(fit("连山壮族瑶族自治县人民政府办公室", 80.0), "连山壮族瑶…");
    }

    #[test]
    fn paths_are_cut_at_the_front() {
        assert_eq!(fit_start("a/b.txt", 100.0), "a/b.txt");
        assert_eq!(
            fit_start("公报/二〇一三年/第一期.txt", 100.0),
            "…/第一期.txt"
        );
    }

    #[test]
    fn rest_is_folded() {
        let bars = (0..5)
            .map(|i| Bar {
                label: format!("r{i}"),
                slots: [1, i, 0],
                tip: String::new(),
                filter: None,
                note: None,
            })
            .collect();
        let (shown, rest) = limited(bars, 3);
        assert_eq!(shown.len(), 3);
        let rest = rest.unwrap();
        assert_eq!((rest.bars, rest.findings), (2, 2 + 3 + 4));
        let svg = hbars(
            (0..3)
                .map(|i| Bar {
                    label: format!("r{i}"),
                    slots: [1, 0, 0],
                    tip: String::new(),
                    filter: None,
                    note: None,
                })
                .collect(),
            2,
            NARROW,
            "t",
        );
        assert!(svg.contains("其余 1 项，共 1 个问题"));
    }

    #[test]
    fn labels_are_escaped() {
        let svg = hbars(
            vec![Bar {
                label: "<b>&".into(),
                slots: [0, 1, 0],
                tip: "\"x\"".into(),
                filter: Some(("rule", "a\"b".into())),
                note: Some("<i>".into()),
            }],
            10,
            NARROW,
            "t",
        );
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("&quot;x&quot;"));
        assert!(svg.contains(r#"data-value="a&quot;b""#));
        assert!(svg.contains("&lt;i&gt;"));
        assert!(!svg.contains("<b>") && !svg.contains("<i>"));
    }
}
