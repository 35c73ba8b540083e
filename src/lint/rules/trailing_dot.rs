//! `missing-trailing-dot`: a name in RDATA written relative that looks
//! like a fully qualified name with its final dot forgotten.

use crate::finding::Severity;
use crate::lint::query::show::Show;
use crate::lint::query::targets::Target;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Record;

/// Reports `missing-trailing-dot` for a target that looks like a
/// forgotten dot, when the field was written relative. Returns whether it
/// did.
pub(crate) fn report_forgotten_dot(
    checker: &mut Checker<'_>,
    record: &Record,
    target: &[u8],
    field: usize,
    what: &str,
) -> bool {
    let zone = checker.zone;
    let Some((file, fields)) = crate::lint::rdata_fields(zone, record) else {
        return false;
    };
    let Some(written) = fields.get(field) else {
        return false;
    };
    if written.text.ends_with(b".") || written.text == b"@" {
        return false;
    }
    let written_text = String::from_utf8_lossy(written.text).into_owned();
    let span = written.span;
    let owner = Show(zone.owner(record));
    let finding = checker.report(
        Rule::MissingTrailingDot,
        file,
        span,
        format!(
            "{what} `{written_text}` of {owner} has no final dot, so it means {}",
            name::to_string(target)
        ),
    );
    finding.help(format!(
        "write `{written_text}.` if the name is meant as it stands"
    ));
    finding.fix = Some(crate::finding::Fix {
        title: format!("Add the trailing dot: `{written_text}.`"),
        applicability: crate::finding::Applicability::Unsafe,
        edits: vec![crate::finding::Edit {
            file,
            span: crate::span::Span {
                start: span.end,
                end: span.end,
            },
            replacement: ".".into(),
        }],
    });
    true
}

/// `missing-trailing-dot` on an NS target. One finding per cause: it
/// carries the error when the name as written gets no address (the
/// delegation is broken), and is a warning when it does. Returns whether
/// it reported.
pub(crate) fn check_ns_target(checker: &mut Checker<'_>, target: &Target<'_>) -> bool {
    if !(target.shape.missing_dot
        && report_forgotten_dot(checker, target.record, target.name, 0, "NS target"))
    {
        return false;
    }
    let finding = checker.findings.last_mut().expect("just reported");
    if target.addresses.is_empty() {
        finding
            .message
            .push_str(", which has no address in this zone");
    } else {
        finding.severity = Severity::Warning;
    }
    true
}
