//! The apex: `missing-soa`, `multiple-soa`, `missing-apex-ns`.

use crate::finding::Finding;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::records::soa_serial;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::span::Span;
use crate::zone::Record;

/// The documentation of `missing-soa`, in the fixed sections: `zonelint rule
/// missing-soa` prints it and the README rule table is made from it.
pub const MISSING_SOA: &str = "\
    ## What it does\n\
    Reports a zone with no SOA record inside it.\n\
    ## Why it matters\n\
    The SOA opens the zone: without one no name server loads it, and there is no serial for\n\
    secondaries to follow.\n\
    ## Example\n\
    A file that starts with `@ NS ns1.example.net.` and never has `@ SOA …`.\n\
    ## Fix safety\n\
    No fix: the SOA's names and timers are the operator's to choose.\n\
    ## References\n\
    RFC 1035 §5.2, RFC 1034 §4.3.5.\n";

/// The documentation of `multiple-soa`, in the fixed sections: `zonelint rule
/// multiple-soa` prints it and the README rule table is made from it.
pub const MULTIPLE_SOA: &str = "\
    ## What it does\n\
    Reports a second, different SOA record at the apex. The same SOA written again (as an\n\
    AXFR dump ends with the SOA it began with) counts as one.\n\
    ## Why it matters\n\
    A zone has exactly one SOA; name servers refuse a zone with two different ones, and which\n\
    serial counts is anyone's guess.\n\
    ## Example\n\
    `@ SOA ns1 hostmaster 1 7200 900 1209600 3600` and later `@ SOA ns1 hostmaster 2 …`.\n\
    ## Fix safety\n\
    No fix: keep the SOA you mean and delete the other.\n\
    ## References\n\
    RFC 1035 §5.2, RFC 2181 §6.1.\n";

/// The documentation of `soa-not-at-apex`, in the fixed sections: `zonelint rule
/// soa-not-at-apex` prints it and the README rule table is made from it.
pub const SOA_NOT_AT_APEX: &str = "\
    ## What it does\n\
    Reports an SOA record whose owner is inside the zone but is not the apex.\n\
    ## Why it matters\n\
    An SOA marks the top of a zone; below the apex it is either a forgotten `$ORIGIN` or the\n\
    start of a child zone pasted into the parent, and name servers refuse it.\n\
    ## Example\n\
    `www SOA ns1 hostmaster 1 7200 900 1209600 3600` in example.com.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1035 §5.2, RFC 2181 §6.1.\n";

/// The documentation of `missing-apex-ns`, in the fixed sections: `zonelint rule
/// missing-apex-ns` prints it and the README rule table is made from it.
pub const MISSING_APEX_NS: &str = "\
    ## What it does\n\
    Reports a zone whose apex has no NS record.\n\
    ## Why it matters\n\
    The apex NS set names the zone's authoritative servers; name servers refuse to load a zone\n\
    without it, and resolvers need it for every answer.\n\
    ## Example\n\
    `@ SOA ns1 hostmaster 1 7200 900 1209600 3600` followed only by A records.\n\
    ## Fix safety\n\
    No fix: add `@ NS` records for the servers that serve the zone.\n\
    ## References\n\
    RFC 1034 §4.2.1, RFC 1035 §5.2.\n";

/// `missing-soa`, `multiple-soa`, `missing-apex-ns`.
pub(crate) fn check_apex(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, soa_seen: bool) {
    let zone = index.zone;
    let origin = Show(zone.origin.as_deref().unwrap_or(name::ROOT));
    let apex_soas: Vec<&Record> = index
        .apex
        .map(|apex| index.rrset(apex, types::SOA).collect())
        .unwrap_or_default();
    if let Some(&first) = apex_soas.first() {
        let mut distinct: Vec<&[u8]> = vec![zone.rdata(first)];
        for &soa in &apex_soas[1..] {
            let data = zone.rdata(soa);
            // The same SOA again (an AXFR dump repeats it at the end) is
            // the same record.
            if distinct.iter().any(|d| d.eq_ignore_ascii_case(data)) {
                continue;
            }
            distinct.push(data);
            checker
                .report_record(
                    Rule::MultipleSoa,
                    soa,
                    format!(
                        "a second SOA record for {origin}, different from the first (serial {} vs {})",
                        soa_serial(data).map_or_else(|| "?".into(), |s| s.to_string()),
                        soa_serial(zone.rdata(first)).map_or_else(|| "?".into(), |s| s.to_string()),
                    ),
                )
                .help("a zone has one SOA: keep the one you mean and delete the other")
                .label(zone, first, "the first SOA");
        }
    } else if !soa_seen {
        report_on_zone(
            checker,
            Rule::MissingSoa,
            format!("the zone {origin} has no SOA record"),
        )
        .help(format!(
            "add an SOA record at the apex: `@ SOA ns1.{origin} hostmaster.{origin} 1 7200 900 1209600 3600`"
        ));
    }
    let has_apex_ns = index
        .apex
        .is_some_and(|apex| index.has_type(apex, types::NS));
    if !has_apex_ns {
        let finding = match apex_soas.first() {
            Some(soa) => checker.report_record(
                Rule::MissingApexNs,
                soa,
                format!("the zone {origin} has no NS records at its apex"),
            ),
            None => report_on_zone(
                checker,
                Rule::MissingApexNs,
                format!("the zone {origin} has no NS records at its apex"),
            ),
        };
        finding.help("add `@ NS` records naming the zone's authoritative servers");
    }
}

/// Reports a finding about the whole zone on its first record inside the
/// zone, or at the start of the file when it has none.
pub(crate) fn report_on_zone<'c>(
    checker: &'c mut Checker<'_>,
    rule: Rule,
    message: String,
) -> &'c mut Finding {
    let zone = checker.zone;
    match zone.records.iter().find(|r| zone.in_zone(r)) {
        Some(record) => checker.report_record(rule, record, message),
        None => checker.report(rule, 0, Span::default(), message),
    }
}

/// `soa-not-at-apex`: SOA records at `owner`, a name of the zone's data
/// below the apex.
pub(crate) fn check_not_at_apex(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    owner: &Show<'_>,
    records: &[&Record],
) {
    for record in records.iter().filter(|r| r.record_type == types::SOA) {
        checker
            .report_record(
                Rule::SoaNotAtApex,
                record,
                format!(
                    "SOA record at {owner}, below the apex {}",
                    Show(index.zone.origin.as_deref().unwrap_or(name::ROOT))
                ),
            )
            .help("an SOA belongs at the apex (`@`); a child zone's SOA belongs in its own file");
    }
}
