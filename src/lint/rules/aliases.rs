//! CNAME and DNAME and what may sit beside them: `cname-at-apex`,
//! `cname-and-other-data`, `multiple-cnames`, `dname-conflict`, and an
//! alias beside the NS records of a cut.

use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::{Place, dname_above};
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::names::NameId;
use crate::rrtype;
use crate::zone::Record;

/// The documentation of `cname-and-other-data`, in the fixed sections: `zonelint rule
/// cname-and-other-data` prints it and the README rule table is made from it.
pub const CNAME_AND_OTHER_DATA: &str = "\
    ## What it does\n\
    Reports a name that has a CNAME record and other data, NS at a delegation point included.\n\
    DNSSEC records (RRSIG, NSEC, and the historic SIG, NXT and KEY) may sit beside a CNAME.\n\
    A CNAME at the apex is `cname-at-apex`; below a delegation, `occluded-data`.\n\
    ## Why it matters\n\
    A CNAME says the name is an alias with no data of its own: resolvers follow it and never\n\
    see the other records, and name servers refuse the zone.\n\
    ## Example\n\
    `www CNAME web.example.net.` and `www MX 10 mail`.\n\
    ## Fix safety\n\
    No fix: keep the alias or the data, not both.\n\
    ## References\n\
    RFC 1034 §3.6.2, RFC 2181 §10.1, RFC 4035 §2.5.\n";

/// The documentation of `multiple-cnames`, in the fixed sections: `zonelint rule
/// multiple-cnames` prints it and the README rule table is made from it.
pub const MULTIPLE_CNAMES: &str = "\
    ## What it does\n\
    Reports a name with more than one (different) CNAME record.\n\
    ## Why it matters\n\
    An alias points at one canonical name; with two, servers refuse the zone or answer with\n\
    either one.\n\
    ## Example\n\
    `www CNAME a.example.net.` and `www CNAME b.example.net.`.\n\
    ## Fix safety\n\
    No fix: which target is right is the operator's call.\n\
    ## References\n\
    RFC 2181 §10.1.\n";

/// The documentation of `cname-at-apex`, in the fixed sections: `zonelint rule
/// cname-at-apex` prints it and the README rule table is made from it.
pub const CNAME_AT_APEX: &str = "\
    ## What it does\n\
    Reports a CNAME record at the zone apex.\n\
    ## Why it matters\n\
    The apex must hold the SOA and NS records, which a CNAME forbids: the zone cannot load, or\n\
    the alias hides them.\n\
    ## Example\n\
    `@ CNAME example.net.`.\n\
    ## Fix safety\n\
    No fix: use A/AAAA records (or a provider's ALIAS/ANAME feature) at the apex.\n\
    ## References\n\
    RFC 1034 §3.6.2, RFC 2181 §10.1.\n";

/// The documentation of `dname-conflict`, in the fixed sections: `zonelint rule
/// dname-conflict` prints it and the README rule table is made from it.
pub const DNAME_CONFLICT: &str = "\
    ## What it does\n\
    Reports names below a DNAME (the DNAME redirects all of them, so they are never served),\n\
    names with more than one DNAME, and a DNAME beside NS at a name other than the apex (a\n\
    delegation point).\n\
    ## Why it matters\n\
    A DNAME owner has no descendants and one target; servers refuse zones that break this or\n\
    answer inconsistently.\n\
    ## Example\n\
    `old DNAME new.example.com.` and `www.old A 192.0.2.1`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 6672 §2.3 and §2.4.\n";

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

/// `dname-conflict` for the records of `owner` (name `id`), which lies
/// below a DNAME: one finding on the first, `first`.
pub(crate) fn check_below_dname(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    id: NameId,
    owner: &Show<'_>,
    first: &Record,
) {
    let zone = index.zone;
    if let Some(dname) = dname_above(index, zone.names.get(id)) {
        checker
            .report_record(
                Rule::DnameConflict,
                first,
                format!(
                    "{owner} lies below the DNAME at {}, which redirects every name below it: its records are never served",
                    Show(zone.owner(dname))
                ),
            )
            .help("move the records to the DNAME's target, or remove the DNAME")
            .label(zone, dname, "the DNAME");
    }
}
