//! The apex: `missing-soa`, `multiple-soa`, `missing-apex-ns`.

use crate::finding::Finding;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::records::soa_serial;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::span::Span;
use crate::zone::Record;

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
