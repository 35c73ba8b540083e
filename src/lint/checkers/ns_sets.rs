//! The NS-set pass (DESIGN §4, first two tables): every NS set of the
//! zone — the apex and each delegation — with its targets classified
//! ([`crate::lint::query::targets`]), each target handed in turn to the
//! rules of `lint::rules` (`ns_wildcard_owner`, `ns_targets`, `trailing_dot`,
//! `registry_limits`, `addresses`, `referral_size`), then the data at and
//! below the cuts (`cut_data`). Split over the cores for large zones.

use crate::lint::query::hosts::written_address;
use crate::lint::query::index::{NameSet, ZoneIndex, types};
use crate::lint::query::records::{RECORD_OVERHEAD, REFERRAL_HEADER};
use crate::lint::query::show::Show;
use crate::lint::query::targets::{
    HostFindings, NsSet, Target, TargetCache, TargetKind, ns_targets_into,
};
use crate::lint::rules::addresses::{AddressOwners, check_target_addresses};
use crate::lint::rules::cut_data::check_cut_data;
use crate::lint::rules::ns_targets::{check_target, check_target_is_address, escalate_cycles};
use crate::lint::rules::referral_size::check_referral_size;
use crate::lint::rules::registry_limits::{check_host_limits, check_ns_count};
use crate::lint::rules::{ns_wildcard_owner, trailing_dot};
use crate::lint::{Checker, Settings};
use crate::name;
use crate::names::NameId;

/// NS sets (or names) per worker below which splitting them over threads
/// costs more than it saves.
const PARALLEL_MINIMUM: usize = 20_000;

/// What the NS sets of one worker tell the cut rules.
struct SeenNames {
    /// The names some NS set names.
    named: NameSet,
    /// Names whose every record the cut rules would pass: hosts some NS
    /// set names that own only addresses (glue in use), delegations that
    /// own only NS, DS, NSEC and RRSIG. [`check_cut_data`] skips them, so
    /// a new rule there about such records must narrow this set too.
    clear: NameSet,
    /// Glue hosts whose addresses this worker has checked: a host that
    /// several NS sets name gets its address findings once.
    checked: NameSet,
}

impl SeenNames {
    fn new(names: usize) -> Self {
        SeenNames {
            named: NameSet::new(names),
            clear: NameSet::new(names),
            checked: NameSet::new(names),
        }
    }
}

/// Buffers one worker reuses from one NS set to the next, and the names
/// its NS sets saw.
struct Scratch<'z> {
    targets: Vec<Target<'z>>,
    owners_of: AddressOwners<'z>,
    names: Vec<&'z [u8]>,
    glue: Vec<&'z [u8]>,
    cache: TargetCache,
    seen: SeenNames,
    /// The findings of the current range about a host's addresses, with
    /// the record each is about (see [`HostFindings`]).
    host_findings: HostFindings,
}

impl Scratch<'_> {
    fn new(names: usize) -> Self {
        Scratch {
            targets: Vec::new(),
            owners_of: AddressOwners::default(),
            names: Vec::new(),
            glue: Vec::new(),
            cache: TargetCache::default(),
            seen: SeenNames::new(names),
            host_findings: Vec::new(),
        }
    }
}

/// Runs the rules on every NS set and on the data around cuts. The NS
/// sets of a large zone are split over the available cores.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, settings: &Settings<'_>) {
    let zone = index.zone;
    // The apex (when it has NS), then the delegations, read from the
    // index in place: by position in its list of them, or, when they are
    // in the order of their ids (it holds no list then), by id.
    // An NS set below a DNAME is never served (the DNAME redirects its
    // name): dname-conflict reports it, its targets are no question.
    let served = |owner: NameId| {
        !index.has_dname || index.topmost_dname_above(zone.names.get(owner)).is_none()
    };
    let apex = index
        .apex
        .filter(|&apex| index.has_type(apex, types::NS) && served(apex));
    let listed = index.delegation_list();
    let first = usize::from(apex.is_some());
    let positions = first + listed.map_or(zone.names.len(), <[NameId]>::len);
    let owners_at = |range: std::ops::Range<usize>| {
        range.filter_map(move |at| {
            if at < first {
                return apex;
            }
            let owner = match listed {
                Some(list) => list[at - first],
                None => Some((at - first) as NameId).filter(|&id| index.is_delegation(id))?,
            };
            served(owner).then_some(owner)
        })
    };
    // Each worker keeps its own sets of the names its NS sets named and
    // found clear of the cut rules (see [`check_cut_data`]), joined after:
    // no atomic operation per target.
    let (parts, workers) = crate::lint::in_chunks_with(
        positions,
        PARALLEL_MINIMUM,
        || Scratch::new(zone.names.len()),
        |scratch, range| {
            let mut part = Checker::new(zone);
            let mut sibling_edges = Vec::new();
            for owner in owners_at(range) {
                check_ns_set(
                    &mut part,
                    index,
                    settings,
                    owner,
                    &mut sibling_edges,
                    scratch,
                );
            }
            let hosts = std::mem::take(&mut scratch.host_findings);
            (part.findings, sibling_edges, hosts)
        },
    );
    let mut seen = workers.into_iter().map(|scratch| scratch.seen);
    let mut all = seen
        .next()
        .unwrap_or_else(|| SeenNames::new(zone.names.len()));
    for other in seen {
        all.named.union(&other.named);
        all.clear.union(&other.clear);
    }
    let mut sibling_edges = Vec::new();
    let mut host_findings = Vec::new();
    for (findings, edges, hosts) in parts {
        let offset = checker.findings.len();
        checker.findings.extend(findings);
        sibling_edges.extend(
            edges
                .into_iter()
                .map(|(from, to, finding)| (from, to, finding + offset)),
        );
        host_findings.extend(
            hosts
                .into_iter()
                .map(|(finding, record)| (finding + offset, record)),
        );
    }
    escalate_cycles(checker, index, &sibling_edges);
    // Two workers may each have checked the addresses of a host that NS
    // sets of both name: of the findings about one record, the first (in
    // the order of the NS sets) stays.
    let mut reported = std::collections::HashSet::new();
    let mut repeated = vec![false; checker.findings.len()];
    for (finding, record) in host_findings {
        repeated[finding] = !reported.insert((checker.findings[finding].rule, record));
    }
    let mut at = 0;
    checker.findings.retain(|_| {
        at += 1;
        !repeated[at - 1]
    });
    let parts = crate::lint::in_chunks(zone.names.len(), PARALLEL_MINIMUM, |range| {
        let mut part = Checker::new(zone);
        check_cut_data(&mut part, index, (&all.named, &all.clear), range);
        part.findings
    });
    checker.findings.extend(parts.into_iter().flatten());
}

#[allow(clippy::too_many_lines)]
fn check_ns_set<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    settings: &Settings<'_>,
    owner: NameId,
    sibling_edges: &mut Vec<(NameId, NameId, usize)>,
    scratch: &mut Scratch<'z>,
) {
    let zone = index.zone;
    let is_apex = Some(owner) == index.apex;
    let owner_wire = zone.names.get(owner);
    let owner_name = Show(owner_wire);
    let (count, delegation_types_only) =
        ns_targets_into(index, owner, &mut scratch.targets, Some(&mut scratch.cache));
    let targets = &scratch.targets[..count];
    let Some(first) = targets.first().map(|t| t.record) else {
        return;
    };
    ns_wildcard_owner::check(checker, owner_wire, &owner_name, first);
    if delegation_types_only && index.is_delegation(owner) {
        scratch.seen.clear.insert(owner);
    }
    let origin = zone.origin.as_deref().unwrap_or(name::ROOT);
    let profile = settings.profile;
    check_ns_count(checker, profile, &owner_name, targets);
    scratch.owners_of.clear();
    let set = NsSet {
        owner,
        owner_name: &owner_name,
        is_apex,
    };
    // Without compression a referral is never smaller: the size of one
    // with every name written out, found on the way, spares counting
    // most referrals.
    let mut referral_bound = REFERRAL_HEADER;
    // A host name outside the zone (most targets of a TLD's delegations)
    // that looks like neither an address nor anything but a plain host
    // name gives the rules below nothing to report, unless the profile
    // limits the depth of host names: it only counts in the referral.
    let plain_outside = |target: &Target<'_>| {
        target.kind == TargetKind::OutOfZone
            && !target.shape.maybe_address
            && !target.shape.needs_syntax_check
            && profile.max_host_labels.is_none()
    };
    // One pass over the targets, each checked by every rule in turn.
    for target in targets {
        referral_bound += RECORD_OVERHEAD + target.name.len();
        if plain_outside(target) {
            continue;
        }
        // The addresses of a glue host are checked for the first NS set
        // (of this worker) that names it.
        let mut first_look = true;
        if let Some(id) = target.id {
            scratch.seen.named.insert(id);
            if target.only_addresses {
                scratch.seen.clear.insert(id);
            }
            if matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_)) {
                first_look = !scratch.seen.checked.contains(id);
                scratch.seen.checked.insert(id);
            }
        }
        let address = target
            .shape
            .maybe_address
            .then(|| written_address(zone, target.record, 0, target.name, origin))
            .flatten();
        if !check_target_is_address(checker, &set, target, address.as_deref())
            && !trailing_dot::check_ns_target(checker, target)
        {
            check_target(checker, index, &set, target, sibling_edges);
        }
        check_host_limits(
            checker,
            index,
            profile,
            target,
            (address.is_some(), first_look),
            &mut scratch.host_findings,
        );
        let glue_octets = check_target_addresses(
            checker,
            index,
            &set,
            (target, first_look),
            &mut scratch.owners_of,
            &mut scratch.host_findings,
        );
        if target.kind == TargetKind::InDomain {
            referral_bound += glue_octets;
        }
    }
    if !is_apex {
        check_referral_size(
            checker,
            index,
            (owner, &owner_name, referral_bound),
            targets,
            (&mut scratch.names, &mut scratch.glue),
        );
    }
}
