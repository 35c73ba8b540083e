//! CNAME and DNAME and what may sit beside them: `cname-at-apex`,
//! `cname-and-other-data`, `multiple-cnames`, `dname-conflict`, and an
//! alias beside the NS records of a cut.

use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::Place;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::rrtype;
use crate::zone::Record;

/// SIG, the DNSSEC signature of RFC 2535.
pub(crate) const SIG: u16 = 24;
/// KEY, the RFC 2535 key that RFC 2181 §10.1 allows beside a CNAME.
pub(crate) const KEY: u16 = 25;
/// NXT, the RFC 2535 predecessor of NSEC.
pub(crate) const NXT: u16 = 30;
/// CNAME and DNAME at one owner: `cname-at-apex`, `cname-and-other-data`,
/// `multiple-cnames`, several DNAMEs.
pub(crate) fn check_aliases(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    place: Place,
    owner: &Show<'_>,
    records: &[&Record],
) {
    let zone = index.zone;
    if let Some(cname) = records.iter().find(|r| r.record_type == types::CNAME) {
        if place == Place::Apex {
            checker
                .report_record(
                    Rule::CnameAtApex,
                    cname,
                    format!("CNAME record at the apex {owner}, which must hold the SOA and NS records"),
                )
                .help("use A/AAAA records at the apex (or your provider's ALIAS/ANAME), or make the alias below the apex");
        } else {
            let others: Vec<&&Record> = records
                .iter()
                .filter(|r| !may_sit_beside_cname(r.record_type))
                .collect();
            if let Some(other) = others.first() {
                let mut type_names: Vec<String> = Vec::new();
                for record in &others {
                    let type_name = rrtype::type_name(record.record_type).into_owned();
                    if !type_names.contains(&type_name) {
                        type_names.push(type_name);
                    }
                }
                checker
                    .report_record(
                        Rule::CnameAndOtherData,
                        cname,
                        format!(
                            "{owner} has a CNAME and other data ({})",
                            type_names.join(", ")
                        ),
                    )
                    .help("an alias has no data of its own: keep the CNAME or the other records, not both")
                    .label(zone, other, "other data at the alias");
            }
        }
    }
    // A CNAME at the apex is cname-at-apex's, however many there are.
    check_alias_targets(checker, index, owner, records, place != Place::Apex);
}

/// `multiple-cnames` (when `cnames`) and several DNAMEs at one owner: an
/// alias has one target.
pub(crate) fn check_alias_targets(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    owner: &Show<'_>,
    records: &[&Record],
    cnames: bool,
) {
    let zone = index.zone;
    for (alias_type, rule, type_name) in [
        (types::CNAME, Rule::MultipleCnames, "CNAME"),
        (types::DNAME, Rule::DnameConflict, "DNAME"),
    ] {
        if alias_type == types::CNAME && !cnames {
            continue;
        }
        let mut aliases = records.iter().filter(|r| r.record_type == alias_type);
        let Some(first) = aliases.next() else {
            continue;
        };
        let target = zone.rdata(first);
        if let Some(second) = aliases.find(|r| !zone.rdata(r).eq_ignore_ascii_case(target)) {
            checker
                .report_record(
                    rule,
                    second,
                    format!(
                        "{owner} has more than one {type_name} ({} and {})",
                        Show(target),
                        Show(zone.rdata(second))
                    ),
                )
                .help(format!("an alias has one target: keep one {type_name}"))
                .label(zone, first, format!("the first {type_name}"));
        }
    }
}

/// A CNAME (`cname-and-other-data`) or a DNAME (`dname-conflict`) beside
/// the NS records of a delegation point (RFC 2181 §10.1, RFC 6672 §2.3).
pub(crate) fn check_alias_at_cut(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    owner: &Show<'_>,
    records: &[&Record],
) {
    let zone = index.zone;
    let Some(ns) = records.iter().find(|r| r.record_type == types::NS) else {
        return;
    };
    if let Some(cname) = records.iter().find(|r| r.record_type == types::CNAME) {
        checker
            .report_record(
                Rule::CnameAndOtherData,
                cname,
                format!("{owner} has a CNAME and other data (NS): it is a delegation point"),
            )
            .help("a delegated name cannot be an alias: keep the delegation or the CNAME, not both")
            .label(zone, ns, "the delegation");
    }
    if let Some(dname) = records.iter().find(|r| r.record_type == types::DNAME) {
        checker
            .report_record(
                Rule::DnameConflict,
                dname,
                format!("{owner} has a DNAME beside NS records: only the apex may hold both"),
            )
            .help("a delegated name cannot redirect its subtree: keep the delegation or the DNAME, not both")
            .label(zone, ns, "the delegation");
    }
    check_alias_targets(checker, index, owner, records, true);
}

/// DNSSEC types that may share an owner with a CNAME (RFC 2181 §10.1,
/// RFC 4035 §2.5), and the CNAME itself.
pub(crate) fn may_sit_beside_cname(record_type: u16) -> bool {
    matches!(
        record_type,
        types::CNAME | types::RRSIG | types::NSEC | SIG | NXT | KEY
    )
}
