//! Output formats. Spans become line and column only here.

use std::borrow::Cow;
use std::fmt::Write as _;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::finding::{Finding, Severity};
use crate::span::LineIndex;
use crate::zone::Zone;

/// How findings are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// miette's graphical report with the source line and labels.
    Full,
    /// `path:line:col: severity[rule] message`, one line each.
    Concise,
    /// A JSON array of findings.
    Json,
}

/// The text of a file as the renderers show it: invalid UTF-8 bytes become
/// `?`, one for one, so byte offsets stay the same.
pub fn display_text(text: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(text) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let mut shown = String::with_capacity(text.len());
            for chunk in text.utf8_chunks() {
                shown.push_str(chunk.valid());
                shown.extend(std::iter::repeat_n('?', chunk.invalid().len()));
            }
            Cow::Owned(shown)
        }
    }
}

/// A finding with its file's text, for miette.
struct Report<'a> {
    finding: &'a Finding,
    source: &'a str,
    name: &'a str,
}

impl std::fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Report<'_> {}

struct NamedText<'a> {
    text: &'a str,
    name: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let contents = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        // miette wants an owner for the source; a leaked box would grow
        // with every finding, so the text is borrowed through `self`.
        Some(self as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let main = LabeledSpan::new_primary_with_span(
            Some("here".into()),
            clamp(self.finding.span.range(), self.source.len()),
        );
        let related = self
            .finding
            .labels
            .iter()
            .filter(|label| label.file == self.finding.file)
            .map(|label| {
                LabeledSpan::new_with_span(
                    Some(label.message.clone()),
                    clamp(label.span.range(), self.source.len()),
                )
            });
        Some(Box::new(std::iter::once(main).chain(related)))
    }
}

impl SourceCode for Report<'_> {
    fn read_span<'b>(
        &'b self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'b> + 'b>, miette::MietteError> {
        let named = NamedText {
            text: self.source,
            name: self.name,
        };
        let contents = self.source.read_span(span, before, after)?;
        let _ = named;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

fn clamp(range: std::ops::Range<usize>, length: usize) -> (usize, usize) {
    let start = range.start.min(length);
    let end = range.end.min(length).max(start);
    (start, end - start)
}

/// Renders the findings of one zone in `format` into `out`.
pub fn render(
    zone: &Zone,
    findings: &[Finding],
    format: OutputFormat,
    color: bool,
    out: &mut String,
) {
    if findings.is_empty() {
        return;
    }
    let mut texts: Vec<Option<Cow<'_, str>>> = vec![None; zone.files.len()];
    let mut indexes: Vec<Option<LineIndex>> = vec![None; zone.files.len()];
    let handler = if color {
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode())
    } else {
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
    }
    .with_width(100)
    .with_links(false);
    for finding in findings {
        let file = &zone.files[finding.file];
        let path = file.path.display().to_string();
        match format {
            OutputFormat::Concise => {
                let index = indexes[finding.file].get_or_insert_with(|| LineIndex::new(&file.text));
                let (line, column) = index.line_col(&file.text, finding.span.start as usize);
                let _ = writeln!(
                    out,
                    "{path}:{line}:{column}: {}[{}] {}",
                    finding.severity.as_str(),
                    finding.rule,
                    finding.message
                );
            }
            OutputFormat::Json => {
                let values = json_values(zone, std::slice::from_ref(finding));
                let _ = writeln!(out, "{}", serde_json::Value::Array(values));
            }
            OutputFormat::Full => {
                let text = texts[finding.file].get_or_insert_with(|| display_text(&file.text));
                let report = Report {
                    finding,
                    source: text,
                    name: &path,
                };
                let _ = handler.render_report(out, &report);
                out.push('\n');
            }
        }
    }
}

/// `N errors, M warnings in K files`.
pub fn summary(errors: usize, warnings: usize, files: usize) -> String {
    fn plural(n: usize, word: &str) -> String {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    }
    format!(
        "{}, {} in {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}

/// The findings as JSON objects: `{path, line, column, end_line,
/// end_column, severity, rule, message, help, fix}`. Lines and columns are
/// 1-based; the end is exclusive.
pub fn json_values(zone: &Zone, findings: &[Finding]) -> Vec<serde_json::Value> {
    let mut indexes: Vec<Option<LineIndex>> = vec![None; zone.files.len()];
    let mut position = |file: usize, offset: u32| {
        let text = &zone.files[file].text;
        let index = indexes[file].get_or_insert_with(|| LineIndex::new(text));
        index.line_col(text, offset as usize)
    };
    findings
        .iter()
        .map(|finding| {
            let (line, column) = position(finding.file, finding.span.start);
            let (end_line, end_column) = position(finding.file, finding.span.end);
            let fix = finding.fix.as_ref().map(|fix| {
                let edits: Vec<serde_json::Value> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        let (line, column) = position(edit.file, edit.span.start);
                        let (end_line, end_column) = position(edit.file, edit.span.end);
                        serde_json::json!({
                            "path": zone.files[edit.file].path.display().to_string(),
                            "line": line, "column": column,
                            "end_line": end_line, "end_column": end_column,
                            "content": edit.replacement,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "title": fix.title,
                    "applicability": fix.applicability,
                    "edits": edits,
                })
            });
            serde_json::json!({
                "path": zone.files[finding.file].path.display().to_string(),
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "severity": finding.severity,
                "rule": finding.rule,
                "message": finding.message,
                "help": finding.help,
                "fix": fix,
            })
        })
        .collect()
}
