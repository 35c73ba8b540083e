//! Suppression comments: `; zonelint: ignore RULE, RULE` at the end of a
//! record's line (or anywhere inside a multi-line record) or alone on the
//! line above it, and `; zonelint: ignore-file RULE, …` anywhere in a file.
//! A suppression that suppresses nothing is itself a finding,
//! `unused-suppression`. Text after a further `;` is a free reason:
//! `; zonelint: ignore orphan-glue ; kept for the migration`.

use crate::finding::{Finding, Severity};
use crate::span::Span;
use crate::syntax::{EntryKind, TokenKind};
use crate::zone::Zone;

use super::Rule;

/// The documentation of `unused-suppression`, in the fixed sections: `zonelint rule
/// unused-suppression` prints it and the README rule table is made from it.
pub const UNUSED_SUPPRESSION: &str = "\
    ## What it does\n\
    Reports a rule named in a `; zonelint: ignore …` or `ignore-file` comment that\n\
    suppressed nothing, or that is not a rule.\n\
    ## Why it matters\n\
    A stale suppression hides the next real finding of that rule on the record.\n\
    ## Example\n\
    `www A 192.0.2.1 ; zonelint: ignore missing-glue` (an A record has no glue to miss).\n\
    ## Fix safety\n\
    No fix: remove the rule from the comment.\n\
    ## References\n\
    DESIGN §4 (suppression).\n";

/// One suppression comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The file it is in.
    pub file: usize,
    /// The comment's bytes, for the `unused-suppression` finding.
    pub span: Span,
    /// The bytes it covers: one entry, or the whole file.
    pub covers: Span,
    /// Whether it is `ignore-file`.
    pub whole_file: bool,
    /// The rule names it lists, with whether each suppressed something.
    pub rules: Vec<(String, bool)>,
}

/// Finds the suppression comments of every file of a zone.
pub fn find(zone: &Zone) -> Vec<Suppression> {
    let mut found = Vec::new();
    for (file_index, file) in zone.files.iter().enumerate() {
        let text = &file.text;
        // The parser noted the comments that speak to zonelint.
        for &position in &file.directive_comments {
            let position = position as usize;
            // The entry holding the match; the match must be inside one of
            // its comments.
            let entry_index = file.entries.holding(position);
            let Some(entry) = file.entries.get(entry_index) else {
                continue;
            };
            let Some(comment) = entry
                .tokens(text)
                .find(|t| t.kind == TokenKind::Comment && t.span.range().contains(&position))
            else {
                continue;
            };
            let body = String::from_utf8_lossy(&text[comment.span.range()]);
            let body = body.trim_start_matches(';').trim();
            let Some(directive) = body.strip_prefix("zonelint:") else {
                continue;
            };
            let directive = directive.trim();
            let (whole_file, list) = if let Some(list) = directive.strip_prefix("ignore-file") {
                (true, list)
            } else if let Some(list) = directive.strip_prefix("ignore") {
                (false, list)
            } else {
                continue;
            };
            // Text after a further `;` is the author's reason, not rules.
            let list = list.split(';').next().unwrap_or_default();
            let rules: Vec<(String, bool)> = list
                .split([',', ' ', '\t'])
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| (r.to_string(), false))
                .collect();
            let covers = if whole_file {
                Span::new(0, text.len())
            } else if entry.kind == EntryKind::Empty {
                // Alone on its line: it covers the next entry that is not
                // empty.
                file.entries
                    .iter_from(entry_index + 1)
                    .find(|e| e.kind != EntryKind::Empty)
                    .map_or(Span::new(0, 0), |e| e.span)
            } else {
                entry.span
            };
            found.push(Suppression {
                file: file_index,
                span: comment.span,
                covers,
                whole_file,
                rules,
            });
        }
    }
    found
}

/// Drops the findings that a suppression covers, then reports each listed
/// rule that suppressed nothing as `unused-suppression`. `active` tells
/// whether a rule ran at all (a rule that did not run cannot have been
/// needed or not, so its suppressions are left alone).
pub fn apply(zone: &Zone, findings: &mut Vec<Finding>, active: impl Fn(&str) -> bool) {
    let mut suppressions = find(zone);
    if suppressions.is_empty() {
        return;
    }
    findings.retain(|finding| {
        if finding.rule == Rule::Syntax {
            return true;
        }
        let mut suppressed = false;
        for suppression in &mut suppressions {
            if suppression.file != finding.file
                || !(suppression.covers.start
                    ..suppression.covers.end.max(suppression.covers.start + 1))
                    .contains(&finding.span.start)
            {
                continue;
            }
            for (rule, used) in &mut suppression.rules {
                if rule == finding.rule.name() {
                    *used = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    if !active(Rule::UnusedSuppression.name()) {
        return;
    }
    for suppression in &suppressions {
        for (rule, used) in &suppression.rules {
            if *used {
                continue;
            }
            let message = match Rule::from_name(rule) {
                None => format!("suppression names the unknown rule {rule}"),
                Some(Rule::Syntax) => "syntax errors cannot be suppressed".to_string(),
                Some(_) if !active(rule) => continue,
                Some(_) => format!(
                    "suppression of {rule} is not needed: {} has no {rule} finding",
                    if suppression.whole_file {
                        "the file"
                    } else {
                        "the record"
                    }
                ),
            };
            findings.push(Finding {
                rule: Rule::UnusedSuppression,
                severity: Severity::Warning,
                file: suppression.file,
                span: suppression.span,
                message,
                help: Some(format!("remove {rule} from the comment")),
                labels: Vec::new(),
                fix: None,
            });
        }
    }
}
