//! Findings: what a check reports, with where and why. Positions are byte
//! spans into one of the zone's files; only the renderers turn them into
//! line and column.

use serde::Serialize;

use crate::lint::Rule;
use crate::span::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; fails the run only with `--strict`.
    Warning,
    /// Fails the run.
    Error,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A secondary place a finding points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The file (index into the zone's files).
    pub file: usize,
    /// The bytes.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule, e.g. `syntax` or `missing-glue`.
    pub rule: Rule,
    /// Its severity.
    pub severity: Severity,
    /// The file (index into the zone's files).
    pub file: usize,
    /// The bytes the finding is about.
    pub span: Span,
    /// What is wrong, naming the actual owner, target, values or counts.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Related places.
    pub labels: Vec<Label>,
    /// The repair, when the rule has one.
    pub fix: Option<Fix>,
}

/// Whether a fix may change what the zone serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes data the zone serves; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Keeps the served answers the same or only adds what is missing.
    Safe,
}

/// One text change: replace the bytes of `span` in `file`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The file (index into the zone's files).
    pub file: usize,
    /// The bytes replaced; empty for an insertion.
    pub span: Span,
    /// The new text; empty for a deletion.
    pub replacement: String,
}

/// A repair attached to a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What it does, e.g. `Add the trailing dot`.
    pub title: String,
    /// Whether it is safe.
    pub applicability: Applicability,
    /// The edits, in order; may be empty when the fix needs input it does
    /// not have (the title then says what would supply it).
    pub edits: Vec<Edit>,
}

impl Finding {
    /// A `syntax` finding (always an error).
    pub fn syntax(file: usize, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: Rule::Syntax,
            severity: Severity::Error,
            file,
            span,
            message: message.into(),
            help: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    /// Sets the help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
