//! `missing-trailing-dot`: a name in RDATA written relative that looks
//! like a fully qualified name with its final dot forgotten.

use crate::finding::Severity;
use crate::lint::query::hosts::looks_like_missing_dot;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::lookup::{Answer, Query};
use crate::lint::query::show::Show;
use crate::lint::query::targets::Target;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Record;

/// The documentation of `missing-trailing-dot`, in the fixed sections: `zonelint rule
/// missing-trailing-dot` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports a relative domain name in any RDATA field (NS, MX, SRV, CNAME, DNAME, PTR, SOA, …)\n\
    whose expansion repeats the origin or ends in a known TLD followed by the origin, such as\n\
    `ns1.example.net` in example.com. An error when the name as expanded does not exist in\n\
    the zone (for an NS target: gets no address), a warning when it does and for the names\n\
    of an SOA, which no query follows. The other target rules do not report the same name\n\
    again.\n\
    ## Why it matters\n\
    Without the final dot the origin is appended: `ns1.example.net.example.com.`. A record\n\
    pointing at a name that does not exist is broken as written; BIND and Knot refuse such NS\n\
    targets.\n\
    ## Example\n\
    `@ NS ns1.example.net`, `www CNAME web.example.net`.\n\
    ## Fix safety\n\
    Unsafe: adding the dot changes the data the zone serves.\n\
    ## References\n\
    RFC 1035 §5.1.\n";

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

/// What the name in `field` of a record of `record_type` is, for messages.
fn what(record_type: u16, field: usize) -> String {
    match (record_type, field) {
        (6, 0) => "SOA MNAME".to_owned(),
        (6, _) => "SOA RNAME".to_owned(),
        (14 | 17, 0) => format!("{} mailbox", crate::rrtype::type_name(record_type)),
        (14 | 17, _) => format!("{} name", crate::rrtype::type_name(record_type)),
        _ => format!("{} target", crate::rrtype::type_name(record_type)),
    }
}

/// `missing-trailing-dot` for one name of a record's RDATA other than an
/// NS target.
pub(crate) fn check_rdata_name(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    record: &Record,
    field: usize,
    target: &[u8],
    origin: &[u8],
) {
    if !looks_like_missing_dot(target, origin) {
        return;
    }
    let what = what(record.record_type, field);
    if !report_forgotten_dot(checker, record, target, field, &what) {
        return;
    }
    let finding = checker.findings.last_mut().expect("just reported");
    // The names of an SOA are never looked up to serve the zone (the
    // primary's name and a mailbox): a forgotten dot there breaks nothing.
    if record.record_type != types::SOA && index.lookup(target, Query::Any) == Answer::NxDomain {
        finding
            .message
            .push_str(", a name that does not exist in this zone");
    } else {
        finding.severity = Severity::Warning;
    }
}
