//! The rules of one NS target on its own: `ns-target-is-address`,
//! `ns-target-alias`, `apex-ns-missing-address`, `missing-glue`,
//! `missing-sibling-glue` (and its cycles), `ns-target-no-address`.

use std::collections::{BTreeSet, HashMap};

use crate::finding::Severity;
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::show::{Show, owner_text};
use crate::lint::query::targets::{NsSet, Target, TargetKind, ns_targets};
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;

/// `ns-target-is-address`: an NS target that is an address written as a
/// name (`address`, as the NS-set pass read it). Returns whether it
/// reported; the target's other rules are then skipped (one finding per
/// cause).
pub(crate) fn check_target_is_address(
    checker: &mut Checker<'_>,
    set: &NsSet<'_>,
    target: &Target<'_>,
    address: Option<&str>,
) -> bool {
    let owner_name = set.owner_name;
    let target_name = Show(target.name);
    if let Some(address) = address {
        checker
            .report_field(
                Rule::NsTargetIsAddress,
                target.record,
                0,
                format!("NS target {target_name} of {owner_name} is the address {address} written as a name"),
            )
            .help("name the server (ns1.example.com.) and give that name an A or AAAA record");
        return true;
    }
    false
}

/// The rules of one NS target on its own, once it is neither an address
/// written as a name nor a forgotten final dot: an alias, no address where
/// the zone must have one.
pub(crate) fn check_target(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    set: &NsSet<'_>,
    target: &Target<'_>,
    sibling_edges: &mut Vec<(NameId, NameId, usize)>,
) {
    let zone = index.zone;
    let &NsSet {
        owner,
        owner_name,
        is_apex,
    } = set;
    let target_name = Show(target.name);
    {
        if let Some(alias) = target.alias {
            let alias_type = crate::rrtype::type_name(alias.record_type);
            checker
                .report_field(
                    Rule::NsTargetAlias,
                    target.record,
                    0,
                    format!(
                        "NS target {target_name} of {owner_name} is an alias ({alias_type} at {})",
                        name::to_string(zone.owner(alias))
                    ),
                )
                .help("point the NS record at the canonical name of the server")
                .label(zone, alias, "the alias");
            return;
        }
    }
    if !target.addresses.is_empty() {
        return;
    }
    match target.kind {
        TargetKind::InDomain if is_apex => {
            checker
                .report_field(
                    Rule::ApexNsMissingAddress,
                    target.record,
                    0,
                    format!("apex name server {target_name} lies inside the zone, but the zone has no A or AAAA for it"),
                )
                .help(format!("add an A or AAAA record for {target_name}; the registry needs it as glue"));
        }
        TargetKind::InDomain => {
            checker
                .report_field(
                    Rule::MissingGlue,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}, which lies inside the delegation, but the zone has no A or AAAA for it"),
                )
                .help(format!("add glue (A/AAAA for {target_name}) below the NS records, or run `zonelint check --fix --glue {target_name}=ADDRESS`"));
        }
        TargetKind::Sibling(other) => {
            let other_name = owner_text(index, other);
            checker
                .report_field(
                    Rule::MissingSiblingGlue,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}, which lies below the delegation {other_name}, but the zone has no A or AAAA for it"),
                )
                .help(format!("add sibling glue (A/AAAA for {target_name}), or run `zonelint check --fix --glue {target_name}=ADDRESS`"));
            sibling_edges.push((owner, other, checker.findings.len() - 1));
        }
        TargetKind::ZoneData => {
            checker
                .report_field(
                    Rule::NsTargetNoAddress,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}; this zone is authoritative for that name but has no A or AAAA for it"),
                )
                .help(format!("add an A or AAAA record for {target_name}"));
        }
        TargetKind::OutOfZone => {}
    }
}

/// Sibling dependencies can make a delegation unreachable: a delegation
/// is reachable when one of its name servers has glue, lies outside the
/// zone or in its own data, or lies below a reachable delegation. The
/// missing-sibling-glue findings of the delegations that are not (their
/// dependencies close a cycle) become errors.
pub(crate) fn escalate_cycles(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    edges: &[(NameId, NameId, usize)],
) {
    if edges.is_empty() {
        return;
    }
    let mut graph: HashMap<NameId, Vec<NameId>> = HashMap::new();
    for &(from, to, _) in edges {
        graph.entry(from).or_default().push(to);
    }
    // Only a delegation whose every name server is a sibling without glue
    // can be stuck.
    graph.retain(|&from, targets| ns_targets(index, from).len() == targets.len());
    let mut stuck: BTreeSet<NameId> = graph.keys().copied().collect();
    loop {
        let reachable: Vec<NameId> = stuck
            .iter()
            .copied()
            .filter(|from| graph[from].iter().any(|to| !stuck.contains(to)))
            .collect();
        if reachable.is_empty() {
            break;
        }
        for from in reachable {
            stuck.remove(&from);
        }
    }
    for &(from, _, finding) in edges {
        if stuck.contains(&from) {
            let f = &mut checker.findings[finding];
            f.severity = Severity::Error;
            f.message.push_str(
                "; the delegations depend on each other in a cycle, so none of them can be resolved",
            );
        }
    }
}
