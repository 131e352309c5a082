//! Human output: miette's graphical report for every finding — the snippet,
//! the offending characters underlined, the rule id as code, message, help
//! and the clause it enforces — then a one-line summary.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::fmt;

use super::excerpt;
use super::source_code::CharSource;
use super::{FileError, FileReport, ReportWriter, Tally};
use crate::finding::{Finding, Severity};
use crate::source::SourceFile;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// A finding seen as a miette diagnostic (its code comes from TOML, so the
/// trait is implemented by hand).
pub struct FindingDiagnostic<'a> {
    pub finding: &'a Finding,
    /// An excerpt of the file around the finding (see `excerpt.rs`).
    source: CharSource,
    /// The finding's span and its related spans, mapped into the excerpt.
    spans: Vec<std::ops::Range<usize>>,
    /// Per span: whether the excerpt shows it.
    shown: Vec<bool>,
    help: Option<String>,
}

impl<'a> FindingDiagnostic<'a> {
    pub fn new(finding: &'a Finding, src: &SourceFile) -> Self {
        let mut spans = vec![finding.span.clone()];
        spans.extend(finding.related.iter().map(|r| r.span.clone()));
        let ex = excerpt::excerpt(src, &spans);
        let source = CharSource::new(src.path.clone(), ex.text)
            .with_column_shift(ex.column_shift)
            .with_line_offset(ex.first_line);
        let mut help = Vec::new();
        if let Some(h) = &finding.help {
            help.push(h.clone());
        }
        if let Some(fix) = &finding.fix {
            let how = if fix.safe {
                "gwlint check --fix"
            } else {
                "gwlint check --fix --unsafe-fixes，需人工确认"
            };
            if short_fix(&fix.replacement) && fix.span == finding.span {
                help.push(format!("可自动修正（{how}）"));
            } else {
                // A fix wider than the finding (all the half-width commas of
                // a notice at once) is not shown in full.
                help.push(format!("可自动修正，将一并改正本篇中的同类问题（{how}）"));
            }
        }
        if let Some(r) = &finding.rule.reference {
            help.push(format!("依据：{r}"));
        }
        FindingDiagnostic {
            finding,
            source,
            spans: ex.spans,
            shown: ex.shown,
            help: (!help.is_empty()).then(|| help.join("\n")),
        }
    }
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.finding)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.rule.id))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        // Under the characters: what to write instead, when that is short.
        let label = match &f.fix {
            Some(fix) if fix.span == f.span && fix.replacement.is_empty() => "删除".to_string(),
            Some(fix) if fix.span == f.span && short_fix(&fix.replacement) => {
                format!("改为“{}”", fix.replacement)
            }
            _ => f.rule.category.label().to_string(),
        };
        let span = &self.spans[0];
        let primary = LabeledSpan::new_primary_with_span(Some(label), (span.start, span.len()));
        let related = f
            .related
            .iter()
            .zip(&self.spans[1..])
            .zip(&self.shown[1..])
            .filter(|(_, &shown)| shown)
            .map(|((r, s), _)| {
                LabeledSpan::new_with_span(Some(r.label.clone()), (s.start, s.len()))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// A replacement short enough to show under the characters it replaces.
fn short_fix(replacement: &str) -> bool {
    replacement.chars().count() <= 16 && !replacement.contains('\n')
}

pub fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
}

/// Render every finding of every report, then the summary.
pub fn render(reports: &[FileReport], errors: &[FileError], style: Style) -> String {
    let handler = handler(style);
    let mut out = String::new();
    for rep in reports {
        render_file(&handler, rep, &mut out);
    }
    out.push_str(&summary(&Tally::of(reports, errors)));
    out
}

/// Render every finding of one report into `out` (a streamed run renders
/// file by file).
pub fn render_file(handler: &GraphicalReportHandler, rep: &FileReport, out: &mut String) {
    for f in &rep.findings {
        let d = FindingDiagnostic::new(f, &rep.source);
        if handler.render_report(out, &d).is_err() {
            // A span miette cannot show: fall back to one line.
            let (line, col) = rep.source.line_col(f.span.start);
            out.push_str(&format!(
                "{}:{line}:{col}: {} [{}]\n",
                rep.source.path, f.message, f.rule.id
            ));
        }
        out.push('\n');
    }
}

/// The human report written file by file; files that could not be checked
/// go to standard error as they come.
pub struct HumanWriter<W: std::io::Write> {
    handler: GraphicalReportHandler,
    out: W,
    tally: Tally,
}

impl<W: std::io::Write> HumanWriter<W> {
    pub fn new(out: W, style: Style) -> Self {
        HumanWriter {
            handler: handler(style),
            out,
            tally: Tally::default(),
        }
    }
}

impl<W: std::io::Write> ReportWriter for HumanWriter<W> {
    fn file(&mut self, r: &FileReport) -> std::io::Result<()> {
        self.tally.add(r);
        let mut text = String::new();
        render_file(&self.handler, r, &mut text);
        self.out.write_all(text.as_bytes())
    }

    fn error(&mut self, e: &FileError) -> std::io::Result<()> {
        self.tally.add_error();
        eprint!("{}", render_errors(std::slice::from_ref(e)));
        Ok(())
    }

    fn finish(mut self) -> std::io::Result<Tally> {
        self.out.write_all(summary(&self.tally).as_bytes())?;
        self.out.flush()?;
        Ok(self.tally)
    }
}

/// `检查了 3 个文件（12 篇公文）：2 个错误，1 个警告，0 个提示。`
pub fn summary(t: &Tally) -> String {
    let mut s = format!(
        "检查了 {} 个文件（{} 篇公文）：{} 个错误，{} 个警告，{} 个提示。\n",
        t.files, t.notices, t.errors, t.warnings, t.infos
    );
    if t.unreadable > 0 {
        s.push_str(&format!("另有 {} 个文件无法检查。\n", t.unreadable));
    }
    s
}

/// File errors, one per line, for standard error.
pub fn render_errors(errors: &[FileError]) -> String {
    errors
        .iter()
        .map(|e| format!("gwlint: {}: {}\n", e.path, e.message))
        .collect()
}
