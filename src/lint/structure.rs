//! The zone-structure rules (DESIGN §4, third table): the SOA and the apex
//! NS set, names outside the zone, aliases (CNAME, DNAME) and what may sit
//! beside them, where DS records may be, MX and SRV targets, CNAME chains
//! and the host names of address owners. The rules about single records
//! and RRsets (TTLs, duplicates, long TXT strings, SOA timers) are in
//! [`super::records`]; the rules that read the committed version
//! (`serial-not-increased`, `glue-changed`) run from [`super::check_zone_with`].
//!
//! Every rule here looks only at data the zone serves: names outside the
//! origin are `out-of-zone`'s, data below a delegation (and other than
//! NS, DS, NSEC, RRSIG and glue at one) is `occluded-data`'s, and names
//! below a DNAME are `dname-conflict`'s; the other rules skip them, so that
//! each cause gets one finding.

use std::collections::HashSet;

use super::query::hosts::host_name_problem;
use super::query::index::{ZoneIndex, types};
use super::query::lookup::{Answer, Query};
use super::query::places::{Place, Places, dname_above};
use super::query::records::soa_serial;
use super::query::show::Show;
use super::query::survey::Survey;
use super::{Checker, Rule, records};
use crate::finding::Finding;
use crate::name;
use crate::names::NameId;
use crate::rdata;
use crate::rrtype;
use crate::span::Span;
use crate::zone::Record;

/// SIG, the DNSSEC signature of RFC 2535.
const SIG: u16 = 24;
/// KEY, the RFC 2535 key that RFC 2181 §10.1 allows beside a CNAME.
const KEY: u16 = 25;
/// NXT, the RFC 2535 predecessor of NSEC.
const NXT: u16 = 30;
/// NSEC3 (RFC 5155).
const NSEC3: u16 = 50;

/// Runs the zone-structure and record rules.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>) {
    let zone = index.zone;
    let places = Places::new(index);
    let survey = Survey::new(index, &places);
    // One walk over the owners serves the rules of an owner and of its
    // RRsets.
    let mut soa_seen = false;
    let mut owner_records: Vec<&Record> = Vec::new();
    let mut bad_ns_targets = None;
    let mut rrsets = records::RrsetPass::default();
    for id in 0..zone.names.len() as NameId {
        owner_records.clear();
        owner_records.extend(index.records_at(id));
        if owner_records.is_empty() {
            continue;
        }
        soa_seen |= places.get(id) != Place::Outside
            && owner_records.iter().any(|r| r.record_type == types::SOA);
        check_owner(
            checker,
            index,
            &places,
            id,
            &owner_records,
            &mut bad_ns_targets,
        );
        records::check_owner_rrsets(checker, zone, &places, &owner_records, &mut rrsets);
    }
    check_apex(checker, index, soa_seen);
    check_targets(checker, index, &survey.targets);
    if survey.has_cname {
        check_chains(checker, index, &places);
    }
    records::check(checker, index, &survey);
}

/// The rules that look at one owner and its records.
fn check_owner<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    places: &Places,
    id: NameId,
    records: &[&'z Record],
    bad_ns_targets: &mut Option<HashSet<Vec<u8>>>,
) {
    let zone = index.zone;
    let owner = Show(zone.names.get(id));
    let first = records[0];
    let place = places.get(id);
    match place {
        Place::Outside => {
            let origin = Show(zone.origin.as_deref().unwrap_or(name::ROOT));
            let count = records.len();
            checker
                .report_record(
                    Rule::OutOfZone,
                    first,
                    format!(
                        "{owner} is outside the zone {origin}{}; name servers ignore or refuse it",
                        if count == 1 {
                            String::new()
                        } else {
                            format!(" ({count} records)")
                        }
                    ),
                )
                .help(format!(
                    "write names inside {origin}, check $ORIGIN, or end an absolute name with a dot"
                ));
            return;
        }
        // occluded-data and orphan-glue report what is below a cut.
        Place::BelowCut => return,
        Place::BelowDname => {
            // NSEC3 records sit at hashed names below the apex (RFC 5155),
            // also below a DNAME at the apex; no query reaches them there.
            let only_nsec3 = records
                .iter()
                .all(|r| r.record_type == NSEC3 || r.record_type == types::RRSIG);
            if only_nsec3 {
                return;
            }
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
            return;
        }
        Place::Data | Place::Apex | Place::Cut => {}
    }
    for record in records.iter().filter(|r| r.record_type == types::SOA) {
        if place == Place::Data {
            checker
                .report_record(
                    Rule::SoaNotAtApex,
                    record,
                    format!(
                        "SOA record at {owner}, below the apex {}",
                        Show(zone.origin.as_deref().unwrap_or(name::ROOT))
                    ),
                )
                .help(
                    "an SOA belongs at the apex (`@`); a child zone's SOA belongs in its own file",
                );
        }
    }
    // At a delegation point everything but NS, DS, NSEC, RRSIG and glue
    // is occluded-data's, but an alias beside the NS records breaks the
    // zone: name servers refuse to load it.
    if place == Place::Cut {
        check_alias_at_cut(checker, index, &owner, records);
        return;
    }
    check_aliases(checker, index, place, &owner, records);
    if let Some(ds) = records.iter().find(|r| r.record_type == types::DS) {
        if place == Place::Apex {
            checker
                .report_record(
                    Rule::DsAtApex,
                    ds,
                    format!("DS record at the apex {owner}"),
                )
                .help("a DS record belongs in the parent zone: give it to the parent (the registrar) and remove it here");
        } else {
            checker
                .report_record(
                    Rule::DsNotAtDelegation,
                    ds,
                    format!("DS record at {owner}, which is not a delegation point (it has no NS records)"),
                )
                .help("add the delegation's NS records, or remove the DS");
        }
    }
    if let Some(host) = records
        .iter()
        .find(|r| matches!(r.record_type, types::A | types::AAAA | types::MX))
    {
        check_host_name(checker, index, places, host, bad_ns_targets);
    }
}

/// CNAME and DNAME at one owner: `cname-at-apex`, `cname-and-other-data`,
/// `multiple-cnames`, several DNAMEs.
fn check_aliases(
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
fn check_alias_targets(
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
fn check_alias_at_cut(
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
fn may_sit_beside_cname(record_type: u16) -> bool {
    matches!(
        record_type,
        types::CNAME | types::RRSIG | types::NSEC | SIG | NXT | KEY
    )
}

/// `hostname-syntax` for the owner of `host` (an A, AAAA or MX record).
fn check_host_name(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    places: &Places,
    host: &Record,
    bad_ns_targets: &mut Option<HashSet<Vec<u8>>>,
) {
    let zone = index.zone;
    let owner = zone.owner(host);
    // A wildcard stands for host names: check what it stands in for.
    let checked = match name::labels(owner).next() {
        Some(b"*") => name::parent(owner).unwrap_or(name::ROOT),
        _ => owner,
    };
    if is_host_name(checked) || (host.record_type != types::MX && is_address_exception(owner)) {
        return;
    }
    let Some(problem) = host_name_problem(checked) else {
        return;
    };
    // A name an NS record points at is ns-name-syntax's (one finding per
    // cause). The set is made the first time a bad owner is met.
    let targets = bad_ns_targets.get_or_insert_with(|| bad_name_server_names(index, places));
    let mut lower = owner.to_vec();
    name::to_lowercase(&mut lower);
    if targets.contains(&lower) {
        return;
    }
    let what = match host.record_type {
        types::MX => "a mail domain (it owns MX records)",
        _ => "a host (it owns address records)",
    };
    checker
        .report_record(
            Rule::HostnameSyntax,
            host,
            format!(
                "{} is {what}, but not a valid host name: it {problem}",
                Show(owner)
            ),
        )
        .help("host names are letters, digits and hyphens (RFC 952, RFC 1123 §2.1); rename it");
}

/// Whether a wire name is a host name: every label letters, digits and
/// hyphens, not starting or ending with a hyphen, and a top label that is
/// not all digits (the test of `host_name_problem`, without allocating).
pub fn is_host_name(wire: &[u8]) -> bool {
    let mut top: &[u8] = &[];
    for label in name::labels(wire) {
        if label.is_empty()
            || label[0] == b'-'
            || label[label.len() - 1] == b'-'
            || !label
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            return false;
        }
        top = label;
    }
    top.is_empty() || !top.iter().all(u8::is_ascii_digit)
}

/// Address owners that are not host names but that BIND's check-names
/// accepts on purpose, and so does this rule: the Active Directory global
/// catalog `gc._msdcs.FOREST`, and the targets of SPF `exists:` lookups,
/// which have a label `_spf`, `_spf_verify` or `_spf_rate` (RFC 7208 §5.7,
/// Appendix D.1) below the top label.
fn is_address_exception(wire: &[u8]) -> bool {
    let labels: Vec<&[u8]> = name::labels(wire).collect();
    if labels.len() < 2 {
        return false;
    }
    if labels[0].eq_ignore_ascii_case(b"gc")
        && labels[1].eq_ignore_ascii_case(b"_msdcs")
        && labels.len() > 2
        && is_host_name(
            name::parent(name::parent(wire).unwrap_or(name::ROOT)).unwrap_or(name::ROOT),
        )
    {
        return true;
    }
    labels[..labels.len() - 1].iter().any(|label| {
        [&b"_spf"[..], b"_spf_verify", b"_spf_rate"]
            .iter()
            .any(|spf| label.eq_ignore_ascii_case(spf))
    })
}

/// The NS targets of the apex and of the delegations that are not host
/// names, lower-cased.
fn bad_name_server_names(index: &ZoneIndex<'_>, places: &Places) -> HashSet<Vec<u8>> {
    let zone = index.zone;
    let mut names = HashSet::new();
    for record in zone.records.iter().filter(|r| {
        r.record_type == types::NS && matches!(places.get(r.owner), Place::Apex | Place::Cut)
    }) {
        if let Some(target) = rdata::target_name(types::NS, zone.rdata(record)) {
            if !is_host_name(target) {
                let mut lower = target.to_vec();
                name::to_lowercase(&mut lower);
                names.insert(lower);
            }
        }
    }
    names
}

/// `missing-soa`, `multiple-soa`, `missing-apex-ns`.
fn check_apex(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, soa_seen: bool) {
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
fn report_on_zone<'c>(
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

/// Records whose RDATA names were already reported as an address or a
/// forgotten dot (by [`super::rdata_names`]): the other target rules do not
/// report them again (one finding per cause).
struct ReportedTargets {
    places: Vec<(usize, u32)>,
}

impl ReportedTargets {
    fn new(checker: &Checker<'_>) -> Self {
        let mut places: Vec<(usize, u32)> = checker
            .findings
            .iter()
            .filter(|f| f.rule == Rule::MissingTrailingDot || f.rule == Rule::NsTargetIsAddress)
            .map(|f| (f.file, f.span.start))
            .collect();
        places.sort_unstable();
        ReportedTargets { places }
    }

    /// Whether a finding of those rules lies on `record`.
    fn contains(&self, zone: &crate::zone::Zone, record: &Record) -> bool {
        if self.places.is_empty() {
            return false;
        }
        let (file, span) = zone.record_span(record);
        let from = self
            .places
            .partition_point(|&(f, s)| (f, s) < (file, span.start));
        self.places
            .get(from)
            .is_some_and(|&(f, s)| f == file && s < span.end)
    }
}

/// `mx-target-alias`, `srv-target-alias`, `target-no-address`, on the MX
/// and SRV records of the zone's own data.
fn check_targets(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, records: &[&Record]) {
    let zone = index.zone;
    if records.is_empty() {
        return;
    }
    let reported = ReportedTargets::new(checker);
    for &record in records {
        let (field, alias_rule, what) = match record.record_type {
            types::MX => (1, Rule::MxTargetAlias, "MX"),
            _ => (3, Rule::SrvTargetAlias, "SRV"),
        };
        let Some(target) = rdata::target_name(record.record_type, zone.rdata(record)) else {
            continue;
        };
        // `.`: the null MX (RFC 7505) or "no such service" (RFC 2782).
        if target == name::ROOT || !index.in_zone(target) {
            continue;
        }
        if reported.contains(zone, record) {
            continue;
        }
        let owner = Show(zone.owner(record));
        let answer = index.lookup(target, Query::Address);
        if let Answer::Alias { record: alias, .. } = answer {
            let alias_type = rrtype::type_name(alias.record_type);
            checker
                .report_field(
                    alias_rule,
                    record,
                    field,
                    format!(
                        "{what} target {} of {owner} is an alias ({alias_type} at {})",
                        Show(target),
                        Show(zone.owner(alias))
                    ),
                )
                .help(format!(
                    "point the {what} record at the canonical name the alias leads to"
                ))
                .label(zone, alias, "the alias");
            continue;
        }
        // Below a delegation the child zone has the say.
        if answer.is_negative() {
            let has = match answer {
                Answer::NoData {
                    owner: Some(wildcard),
                    wildcard: true,
                } => format!(
                    "no A or AAAA record for it (the wildcard {} answers for it)",
                    Show(zone.names.get(wildcard))
                ),
                Answer::NoData { owner: Some(_), .. } => "no A or AAAA record for it".to_owned(),
                _ => "no records at all for it".to_owned(),
            };
            checker
                .report_field(
                    Rule::TargetNoAddress,
                    record,
                    field,
                    format!(
                        "{what} target {} of {owner} is in this zone, which has {has}",
                        Show(target),
                    ),
                )
                .help(format!(
                    "add an A or AAAA record for {}, or correct the target",
                    Show(target)
                ));
        }
    }
}

/// `cname-loop` and `dangling-cname`: every CNAME chain inside the zone's
/// own data is followed once (each name is visited once, so a zone of
/// long chains stays linear).
fn check_chains(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, places: &Places) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let zone = index.zone;
    let mut state = vec![UNSEEN; zone.names.len()];
    let mut path: Vec<(NameId, &Record)> = Vec::new();
    let reported = ReportedTargets::new(checker);
    for start in zone
        .records
        .iter()
        .filter(|r| r.record_type == types::CNAME)
    {
        if state[start.owner as usize] != UNSEEN
            || !matches!(places.get(start.owner), Place::Data | Place::Apex)
        {
            continue;
        }
        path.clear();
        let mut current = start.owner;
        loop {
            match state[current as usize] {
                DONE => break,
                ON_PATH => {
                    let at = path
                        .iter()
                        .position(|&(id, _)| id == current)
                        .expect("a name on the path is in it");
                    report_loop(checker, index, &path[at..]);
                    break;
                }
                _ => {}
            }
            let Some(cname) = index.rrset(current, types::CNAME).next() else {
                break;
            };
            state[current as usize] = ON_PATH;
            path.push((current, cname));
            let target = zone.rdata(cname);
            // The zone's answer for the target: a CNAME there (or at the
            // wildcard that answers) goes on; a name with no data ends
            // the chain dangling; a referral, a DNAME, data or a name
            // outside the zone end it well.
            match index.lookup(target, Query::Any) {
                Answer::Alias { record, .. } if record.record_type == types::CNAME => {
                    current = record.owner;
                    continue;
                }
                Answer::NxDomain | Answer::NoData { owner: None, .. } => {
                    if !reported.contains(zone, cname) {
                        report_dangling(checker, index, cname, target);
                    }
                    break;
                }
                _ => break,
            }
        }
        for &(id, _) in &path {
            state[id as usize] = DONE;
        }
    }
}

fn report_loop(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, cycle: &[(NameId, &Record)]) {
    let zone = index.zone;
    // Report at the loop's first record in the file, whichever name the
    // walk started from.
    let &(_, first) = cycle
        .iter()
        .min_by_key(|(_, r)| (r.file, r.entry))
        .expect("a loop has a name");
    let names: Vec<String> = cycle
        .iter()
        .map(|&(id, _)| name::to_string(zone.names.get(id)))
        .chain(std::iter::once(name::to_string(zone.names.get(cycle[0].0))))
        .collect();
    let finding = checker.report_record(
        Rule::CnameLoop,
        first,
        format!("CNAME loop: {}", names.join(" → ")),
    );
    finding.help("point one of the aliases at a name with data");
    for &(_, record) in cycle {
        if !std::ptr::eq(record, first) {
            finding.label(zone, record, "part of the loop");
        }
    }
}

fn report_dangling(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    cname: &Record,
    target: &[u8],
) {
    let zone = index.zone;
    checker
        .report_field(
            Rule::DanglingCname,
            cname,
            0,
            format!(
                "CNAME {} → {} ends at a name this zone has no records for",
                Show(zone.owner(cname)),
                Show(target)
            ),
        )
        .help(format!(
            "add records for {}, or point the alias at a name that has them",
            Show(target)
        ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn host_names() {
        assert!(is_host_name(&wire("www.example.com.")));
        assert!(is_host_name(&wire("3com.example.com.")));
        assert!(is_host_name(&wire("WWW-1.Example.com.")));
        assert!(!is_host_name(&wire("my_host.example.com.")));
        assert!(!is_host_name(&wire("-a.example.com.")));
        assert!(!is_host_name(&wire("a-.example.com.")));
        assert!(!is_host_name(&wire("*.example.com.")));
        assert!(!is_host_name(&wire("a.b.123.")));
        assert!(is_host_name(name::ROOT));
    }

    #[test]
    fn address_owners_bind_accepts() {
        assert!(is_address_exception(&wire("gc._msdcs.example.com.")));
        assert!(!is_address_exception(&wire("gc._msdcs.ex_ample.com.")));
        assert!(is_address_exception(&wire("1.2.3.4._spf.example.com.")));
        assert!(is_address_exception(&wire("a._SPF_Rate.example.com.")));
        assert!(!is_address_exception(&wire("a._spf_other.example.com.")));
        assert!(!is_address_exception(&wire("my_host.example.com.")));
    }

    #[test]
    fn serial_is_read_from_the_end() {
        let mut data = wire("ns.");
        data.extend_from_slice(&wire("h."));
        for value in [7u32, 1, 2, 3, 4] {
            data.extend_from_slice(&value.to_be_bytes());
        }
        assert_eq!(soa_serial(&data), Some(7));
        assert_eq!(soa_serial(&[0; 3]), None);
    }
}
