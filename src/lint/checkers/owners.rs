//! The owner pass (DESIGN §4, third table): one walk over the owner names
//! that hands each owner and its RRsets to the zone-structure rules
//! (`aliases`, `hostname_syntax`, `records`), then the rules that need the
//! whole zone (`soa`, `mx_srv_targets`, `cname_chains`, the survey's
//! records). `out-of-zone`, `soa-not-at-apex`, `ds-at-apex`,
//! `ds-not-at-delegation` and `dname-conflict` below a DNAME are one
//! report each on what the walk already knows, and stay here. The rules
//! that read the committed version (`serial-not-increased`,
//! `glue-changed`) run from [`crate::lint::check_zone_with`].
//!
//! Every rule here looks only at data the zone serves: names outside the
//! origin are `out-of-zone`'s, data below a delegation (and other than
//! NS, DS, NSEC, RRSIG and glue at one) is `occluded-data`'s, and names
//! below a DNAME are `dname-conflict`'s; the other rules skip them, so that
//! each cause gets one finding.

use std::collections::HashSet;

use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::{Place, Places, dname_above};
use crate::lint::query::show::Show;
use crate::lint::query::survey::Survey;
use crate::lint::rules::aliases::{check_alias_at_cut, check_aliases};
use crate::lint::rules::cname_chains::check_chains;
use crate::lint::rules::hostname_syntax::check_host_name;
use crate::lint::rules::mx_srv_targets::check_targets;
use crate::lint::rules::records;
use crate::lint::rules::soa::check_apex;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

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
