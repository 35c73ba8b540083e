//! Output formats. Spans become line and column only here.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Component, Path};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use crate::finding::{Finding, Severity};
use crate::lint::Rule;
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
    /// One SARIF 2.1.0 log for the whole run, for code-scanning upload.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::message`).
    Github,
}

impl OutputFormat {
    /// Whether the format is read by people; the summary line of every
    /// other format goes to standard error, away from the data.
    pub fn is_human_readable(self) -> bool {
        self == OutputFormat::Full
    }
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

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule.name()))
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
        let contents = self.source.read_span(span, before, after)?;
        // miette shows whole lines: a line of a gigabyte would be copied
        // into the report (several times over). Such a line is shown as a
        // window of a few hundred bytes around the span instead.
        if contents.data().len() > MAX_SNIPPET {
            return Ok(Box::new(self.window(span)));
        }
        // miette counts the column in bytes; every other format counts
        // characters (span.rs), and so must the `file:line:col` header.
        let start = contents.span().offset();
        let line_start = self
            .source
            .get(..start)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1);
        let column = self
            .source
            .get(line_start..start)
            .map_or(contents.column(), |before| before.chars().count());
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

impl Report<'_> {
    /// The bytes around `span` (at most [`WINDOW`] either side, within its
    /// lines), for a snippet whose lines are too long to show whole.
    fn window(&self, span: &miette::SourceSpan) -> miette::MietteSpanContents<'_> {
        let source = self.source;
        let floor = |mut i: usize| {
            while !source.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let span_start = span.offset().min(source.len());
        let span_end = (span_start + span.len()).min(source.len());
        let line_start = source[..span_start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[span_end..]
            .find('\n')
            .map_or(source.len(), |i| span_end + i);
        let start = floor(line_start.max(span_start.saturating_sub(WINDOW)));
        let end = floor(line_end.min(span_end + WINDOW));
        let data = &source.as_bytes()[start..end];
        let line = source.as_bytes()[..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        let column = source[line_start..start].chars().count();
        let line_count = data.iter().filter(|&&b| b == b'\n').count() + 1;
        miette::MietteSpanContents::new_named(
            self.name.to_string(),
            data,
            (start, end - start).into(),
            line,
            column,
            line_count,
        )
    }
}

/// The longest snippet shown whole in the `full` format.
const MAX_SNIPPET: usize = 16 * 1024;

/// The bytes shown either side of a span in a snippet too long to show
/// whole.
const WINDOW: usize = 200;

/// A span clamped to the text; one over [`MAX_SNIPPET`] bytes (a huge
/// word) is underlined for its first [`WINDOW`] bytes only.
fn clamp(range: std::ops::Range<usize>, length: usize) -> (usize, usize) {
    let start = range.start.min(length);
    let end = range.end.min(length).max(start);
    let span_length = end - start;
    (
        start,
        if span_length > MAX_SNIPPET {
            WINDOW
        } else {
            span_length
        },
    )
}

/// Renders the findings of one zone in `format` into `out`. `json` and
/// `sarif` written this way are one document per zone; a run over many
/// zones gathers [`json_values`] or [`sarif_results`] instead.
pub fn render(
    zone: &Zone,
    findings: &[Finding],
    format: OutputFormat,
    color: bool,
    out: &mut String,
) {
    // JSON and SARIF are one document each: a run gathers `json_values`
    // or `sarif_results` from every zone and writes the document once;
    // alone, a zone gets a document of its own.
    let document = match format {
        OutputFormat::Json => Some(serde_json::Value::Array(json_values(zone, findings))),
        OutputFormat::Sarif => Some(sarif_log(sarif_results(zone, findings))),
        _ => None,
    };
    if let Some(document) = document {
        let _ = writeln!(out, "{document:#}");
        return;
    }
    if findings.is_empty() {
        return;
    }
    let mut texts: Vec<Option<Cow<'_, str>>> = vec![None; zone.files.len()];
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
                file.text.scattered_read();
                let index = file.line_index();
                let (line, column) = index.line_col(&file.text, finding.span.start as usize);
                let _ = writeln!(
                    out,
                    "{path}:{line}:{column}: {}[{}] {}",
                    finding.severity.as_str(),
                    finding.rule.name(),
                    finding.message
                );
            }
            // Written whole before the loop.
            OutputFormat::Json | OutputFormat::Sarif => {}
            OutputFormat::Github => {
                file.text.scattered_read();
                let index = file.line_index();
                let start = index.line_col(&file.text, finding.span.start as usize);
                let end = index.line_col(&file.text, finding.span.end as usize);
                github_command(&file.path, start, end, finding, out);
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
    let position = |file: usize, offset: u32| {
        let text = &zone.files[file].text;
        text.scattered_read();
        let index = zone.files[file].line_index();
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
                "rule": finding.rule.name(),
                "message": finding.message,
                "help": finding.help,
                "fix": fix,
            })
        })
        .collect()
}

/// The path of a file as CI tools want it: relative to the current
/// directory when it lies below it, `.` components dropped, `/` between
/// components. A path outside the current directory stays absolute.
pub fn portable_path(path: &Path) -> String {
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|current| path.strip_prefix(current).ok())
            .unwrap_or(path)
    } else {
        path
    };
    let mut text = String::new();
    for component in relative.components() {
        match component {
            Component::CurDir => continue,
            Component::RootDir => {
                text.push('/');
                continue;
            }
            Component::Prefix(prefix) => text.push_str(&prefix.as_os_str().to_string_lossy()),
            Component::ParentDir => text.push_str(".."),
            Component::Normal(part) => text.push_str(&part.to_string_lossy()),
        }
        text.push('/');
    }
    text.pop();
    if text.is_empty() {
        return ".".into();
    }
    text
}

/// Writes one GitHub Actions workflow command for `finding`, from its 1-based
/// start and (exclusive) end positions.
fn github_command(
    path: &Path,
    (line, column): (usize, usize),
    (end_line, end_column): (usize, usize),
    finding: &Finding,
    out: &mut String,
) {
    let _ = write!(
        out,
        "::{} file={},line={line},",
        finding.severity.as_str(),
        github_property(&portable_path(path))
    );
    // GitHub annotates a column range only within one line; with columns
    // on a span across lines it rejects or misplaces the annotation.
    if line == end_line {
        let _ = write!(
            out,
            "col={column},endLine={end_line},endColumn={end_column},"
        );
    } else {
        let _ = write!(out, "endLine={end_line},");
    }
    let title = format!("zonelint ({})", finding.rule);
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let _ = writeln!(
        out,
        "title={}::{}",
        github_property(&title),
        github_data(&message)
    );
}

/// Escapes the message of a workflow command: `%`, CR and LF.
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command: as the message, and
/// also `:` and `,`, which end a value.
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The SARIF version written.
const SARIF_VERSION: &str = "2.1.0";

/// The schema of that version, as its `$schema`.
const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The SARIF log of a whole run: one run of the tool `zonelint` with the
/// `results` of all files, gathered with [`sarif_results`], and the rules
/// they name, described by their documentation.
pub fn sarif_log(mut results: Vec<serde_json::Value>) -> serde_json::Value {
    // Only the rules with results are described, in the registry's order;
    // each result then points at its rule by index.
    let used: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|rule| results.iter().any(|result| result["ruleId"] == rule.name()))
        .collect();
    for result in &mut results {
        if let Some(index) = used.iter().position(|rule| result["ruleId"] == rule.name()) {
            result["ruleIndex"] = index.into();
        }
    }
    let rules: Vec<serde_json::Value> = used
        .iter()
        .map(|rule| {
            let documentation = rule_markdown(*rule);
            serde_json::json!({
                "id": rule.name(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": documentation },
                "help": { "text": documentation, "markdown": documentation },
                "defaultConfiguration": { "level": rule.default_severity().as_str() },
            })
        })
        .collect();
    let mut driver = serde_json::json!({
        "name": "zonelint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let home = option_env!("CARGO_PKG_HOMEPAGE")
        .filter(|uri| !uri.is_empty())
        .or(option_env!("CARGO_PKG_REPOSITORY").filter(|uri| !uri.is_empty()));
    if let Some(uri) = home {
        driver["informationUri"] = uri.into();
    }
    serde_json::json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": { "driver": driver },
            // Columns count characters (span.rs), not the UTF-16 code
            // units SARIF assumes by default.
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A rule's documentation as Markdown, each line ended by a newline.
pub fn rule_markdown(rule: Rule) -> String {
    let mut text = String::new();
    for line in rule.documentation().lines() {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// The SARIF `result` objects for the findings of one zone; [`sarif_log`]
/// sets their `ruleIndex`.
pub fn sarif_results(zone: &Zone, findings: &[Finding]) -> Vec<serde_json::Value> {
    let region = |file: usize, span: crate::span::Span| {
        let text = &zone.files[file].text;
        text.scattered_read();
        let index = zone.files[file].line_index();
        let (start_line, start_column) = index.line_col(text, span.start as usize);
        let (end_line, end_column) = index.line_col(text, span.end as usize);
        serde_json::json!({
            "startLine": start_line,
            "startColumn": start_column,
            "endLine": end_line,
            "endColumn": end_column,
        })
    };
    findings
        .iter()
        .map(|finding| {
            let mut text = finding.message.clone();
            if let Some(help) = &finding.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let location = serde_json::json!({
                "physicalLocation": {
                    "artifactLocation": sarif_artifact(&zone.files[finding.file].path),
                    "region": region(finding.file, finding.span),
                },
            });
            let mut result = serde_json::json!({
                "ruleId": finding.rule.name(),
                "level": finding.severity.as_str(),
                "message": { "text": text },
                "locations": [location],
            });
            if !finding.labels.is_empty() {
                let related: Vec<serde_json::Value> = finding
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(id, label)| {
                        serde_json::json!({
                            "id": id,
                            "message": { "text": label.message },
                            "physicalLocation": {
                                "artifactLocation": sarif_artifact(&zone.files[label.file].path),
                                "region": region(label.file, label.span),
                            },
                        })
                    })
                    .collect();
                result["relatedLocations"] = related.into();
            }
            // SARIF wants at least one change in a fix; a fix that still
            // needs input (no edits) is left out.
            if let Some(fix) = finding.fix.as_ref().filter(|fix| !fix.edits.is_empty()) {
                let mut changes: Vec<(usize, Vec<serde_json::Value>)> = Vec::new();
                for edit in &fix.edits {
                    let mut replacement = serde_json::json!({
                        "deletedRegion": region(edit.file, edit.span),
                    });
                    if !edit.replacement.is_empty() {
                        replacement["insertedContent"] =
                            serde_json::json!({ "text": edit.replacement });
                    }
                    match changes.iter_mut().find(|(file, _)| *file == edit.file) {
                        Some((_, replacements)) => replacements.push(replacement),
                        None => changes.push((edit.file, vec![replacement])),
                    }
                }
                let changes: Vec<serde_json::Value> = changes
                    .into_iter()
                    .map(|(file, replacements)| {
                        serde_json::json!({
                            "artifactLocation": sarif_artifact(&zone.files[file].path),
                            "replacements": replacements,
                        })
                    })
                    .collect();
                result["fixes"] = serde_json::json!([{
                    "description": { "text": fix.title },
                    "artifactChanges": changes,
                    "properties": { "applicability": fix.applicability },
                }]);
            }
            result
        })
        .collect()
}

/// A SARIF `artifactLocation`: a relative reference against `%SRCROOT%`
/// (the directory zonelint ran in) for a file below it, a `file:` URI for
/// any other.
fn sarif_artifact(path: &Path) -> serde_json::Value {
    let portable = portable_path(path);
    if portable.starts_with('/') {
        serde_json::json!({ "uri": format!("file://{}", uri_escape(&portable)) })
    } else {
        serde_json::json!({ "uri": uri_escape(&portable), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes the bytes of a path that may not stand bare in a URI
/// path (RFC 3986 §3.3); `/` separates segments. `:` is encoded too, since
/// in a first segment it would read as a scheme.
fn uri_escape(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            escaped.push(byte as char);
        } else {
            let _ = write!(escaped, "%{byte:02X}");
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_data_and_properties() {
        assert_eq!(github_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(github_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }

    #[test]
    fn portable_paths_are_relative_with_slashes() {
        assert_eq!(portable_path(Path::new("./zones/./a.zone")), "zones/a.zone");
        assert_eq!(portable_path(Path::new("../a.zone")), "../a.zone");
        let current = std::env::current_dir().unwrap();
        assert_eq!(portable_path(&current.join("x").join("a.zone")), "x/a.zone");
        assert_eq!(
            portable_path(Path::new("/elsewhere/a.zone")),
            "/elsewhere/a.zone"
        );
    }

    #[test]
    fn uris_escape_what_a_path_segment_cannot_hold() {
        assert_eq!(
            uri_escape("zones/a b#c:d é.zone"),
            "zones/a%20b%23c%3Ad%20%C3%A9.zone"
        );
    }
}
