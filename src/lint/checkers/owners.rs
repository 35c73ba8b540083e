//! The owner pass (DESIGN §4, third table): one walk over the owner names
//! that hands each owner and its RRsets to the zone-structure rules
//! (`aliases`, `hostname_syntax`, `records`), then the rules that need the
//! whole zone (`soa`, `mx_srv_targets`, `cname_chains`, the survey's
//! records), with the place of each owner deciding which apply. The
//! rules that read the committed version (`serial-not-increased`,
//! `glue-changed`) run from [`crate::lint::check_zone_with`].
//!
//! Every rule here looks only at data the zone serves: names outside the
//! origin are `out-of-zone`'s, data below a delegation (and other than
//! NS, DS, NSEC, RRSIG and glue at one) is `occluded-data`'s, and names
//! below a DNAME are `dname-conflict`'s; the other rules skip them, so that
//! each cause gets one finding.

use std::collections::HashSet;

use crate::lint::Checker;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::{Place, Places};
use crate::lint::query::show::Show;
use crate::lint::query::survey::Survey;
use crate::lint::rules::aliases::{self, check_alias_at_cut, check_aliases};
use crate::lint::rules::cname_chains::check_chains;
use crate::lint::rules::hostname_syntax::check_host_name;
use crate::lint::rules::mx_srv_targets::check_targets;
use crate::lint::rules::records;
use crate::lint::rules::soa::{self, check_apex};
use crate::lint::rules::{ds, out_of_zone};
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
    let _first = records[0];
    let place = places.get(id);
    match place {
        Place::Outside => {
            out_of_zone::check(checker, index, &owner, records);
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
            aliases::check_below_dname(checker, index, id, &owner, records[0]);
            return;
        }
        Place::Data | Place::Apex | Place::Cut => {}
    }
    if place == Place::Data {
        soa::check_not_at_apex(checker, index, &owner, records);
    }
    // At a delegation point everything but NS, DS, NSEC, RRSIG and glue
    // is occluded-data's, but an alias beside the NS records breaks the
    // zone: name servers refuse to load it.
    if place == Place::Cut {
        check_alias_at_cut(checker, index, &owner, records);
        return;
    }
    check_aliases(checker, index, place, &owner, records);
    ds::check(checker, place, &owner, records);
    if let Some(host) = records
        .iter()
        .find(|r| matches!(r.record_type, types::A | types::AAAA | types::MX))
    {
        check_host_name(checker, index, places, host, bad_ns_targets);
    }
}
