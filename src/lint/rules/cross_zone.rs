//! The rules that compare the zones of one run, in their own pass: each
//! delegation against the child zone of the same run (`glue-mismatch`,
//! `delegation-ns-mismatch`).

use std::collections::{BTreeSet, HashMap};

use crate::finding::Finding;
use crate::lint::query::hosts::address_text;
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::lookup::Query;
use crate::lint::query::targets::{TargetKind, ns_targets};
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Record;

/// The documentation of `glue-mismatch`, in the fixed sections: `zonelint rule
/// glue-mismatch` prints it and the README rule table is made from it.
pub const GLUE_MISMATCH: &str = "\
    ## What it does\n\
    Reports glue whose addresses differ from the addresses in the zone that is authoritative\n\
    for the host, when that zone is checked in the same run: that zone's answer for the host,\n\
    a wildcard's included.\n\
    ## Why it matters\n\
    Resolvers use the parent's glue first: a stale address sends queries to the wrong server.\n\
    ## Example\n\
    Parent `ns1.shop A 192.0.2.1`, child `ns1 A 192.0.2.2`.\n\
    ## Fix safety\n\
    No fix: which address is right is the operator's call.\n\
    ## References\n\
    RFC 9471 §3, Zonemaster CONSISTENCY05.\n";

/// The documentation of `delegation-ns-mismatch`, in the fixed sections: `zonelint rule
/// delegation-ns-mismatch` prints it and the README rule table is made from it.
pub const DELEGATION_NS_MISMATCH: &str = "\
    ## What it does\n\
    Reports a parent's NS set for a child that differs from the child zone's apex NS set,\n\
    when both zones are checked in the same run.\n\
    ## Why it matters\n\
    Resolvers replace the parent's set with the child's; a difference is a lame or hidden\n\
    name server.\n\
    ## Example\n\
    Parent `shop NS ns1.shop`, child `@ NS ns2`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1034 §4.2.2, Zonemaster DELEGATION07.\n";

/// `glue-mismatch` and `delegation-ns-mismatch` across the zones of a run.
pub fn check_across(indexes: &[ZoneIndex<'_>]) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    if indexes.len() < 2 {
        return findings;
    }
    let origins: Vec<Option<Vec<u8>>> = indexes
        .iter()
        .map(|i| {
            i.zone.origin.clone().map(|mut o| {
                name::to_lowercase(&mut o);
                o
            })
        })
        .collect();
    let mut by_origin: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (index, origin) in origins.iter().enumerate() {
        if let Some(origin) = origin {
            by_origin.entry(origin.as_slice()).or_default().push(index);
        }
    }
    let find_zone = |wire: &[u8]| -> Option<usize> {
        let mut lower = wire.to_vec();
        name::to_lowercase(&mut lower);
        by_origin
            .get(lower.as_slice())
            .and_then(|z| z.first().copied())
    };
    for (parent_index, parent) in indexes.iter().enumerate() {
        let zone = parent.zone;
        let mut checker = Checker::new(zone);
        for delegation in parent.delegations() {
            let delegation_wire = zone.names.get(delegation);
            let targets = ns_targets(parent, delegation);
            // delegation-ns-mismatch
            if let Some(child_index) = find_zone(delegation_wire).filter(|&c| c != parent_index) {
                let child = &indexes[child_index];
                if let Some(apex) = child.apex {
                    let child_targets = ns_targets(child, apex);
                    let lower = |names: Vec<&[u8]>| -> BTreeSet<String> {
                        names
                            .into_iter()
                            .map(|n| name::to_string(n).to_ascii_lowercase())
                            .collect()
                    };
                    let parent_set = lower(targets.iter().map(|t| t.name).collect());
                    let child_set = lower(child_targets.iter().map(|t| t.name).collect());
                    if parent_set != child_set && !child_targets.is_empty() {
                        checker
                            .report_record(
                                Rule::DelegationNsMismatch,
                                targets[0].record,
                                format!(
                                    "{} delegates {} to {}, but the child zone {} lists {}",
                                    name::to_string(zone.origin.as_deref().unwrap_or(name::ROOT)),
                                    name::to_string(delegation_wire),
                                    parent_set.iter().cloned().collect::<Vec<_>>().join(", "),
                                    child.zone.files[0].path.display(),
                                    child_set.iter().cloned().collect::<Vec<_>>().join(", ")
                                ),
                            )
                            .help("make the parent's NS set and the child's apex NS set the same");
                    }
                }
            }
            // glue-mismatch
            for target in &targets {
                if !matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_))
                    || target.addresses.is_empty()
                {
                    continue;
                }
                let Some(authority) =
                    authoritative_zone(indexes, &by_origin, target.name, parent_index)
                else {
                    continue;
                };
                let other = &indexes[authority];
                let ours: BTreeSet<&[u8]> =
                    target.addresses.iter().map(|r| zone.rdata(r)).collect();
                // The child zone's answer, a wildcard's included.
                let other_records: Vec<&Record> = other
                    .lookup(target.name, Query::Address)
                    .records(other, Query::Address)
                    .collect();
                let theirs: BTreeSet<&[u8]> =
                    other_records.iter().map(|r| other.zone.rdata(r)).collect();
                if ours != theirs {
                    let show = |set: &BTreeSet<&[u8]>| {
                        if set.is_empty() {
                            "no address".to_string()
                        } else {
                            set.iter()
                                .map(|d| address_text(d))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    };
                    checker
                        .report_record(
                            Rule::GlueMismatch,
                            target.addresses[0],
                            format!(
                                "glue for {} says {}, but its zone {} ({}) says {}",
                                name::to_string(target.name),
                                show(&ours),
                                name::to_string(other.zone.origin.as_deref().unwrap_or(name::ROOT)),
                                other.zone.files[0].path.display(),
                                show(&theirs)
                            ),
                        )
                        .help("update the glue to the addresses of the authoritative zone");
                }
            }
        }
        findings.extend(checker.findings.into_iter().map(|f| (parent_index, f)));
    }
    findings
}

/// The zone of the run, other than `exclude`, that is authoritative for
/// `host`: the one with the longest origin above it, where it is not below
/// a delegation.
pub(crate) fn authoritative_zone(
    indexes: &[ZoneIndex<'_>],
    by_origin: &HashMap<&[u8], Vec<usize>>,
    host: &[u8],
    exclude: usize,
) -> Option<usize> {
    let mut lower = host.to_vec();
    name::to_lowercase(&mut lower);
    let mut suffix: Option<&[u8]> = Some(&lower);
    while let Some(candidate) = suffix {
        if let Some(&best) = by_origin
            .get(candidate)
            .and_then(|zones| zones.iter().find(|&&z| z != exclude))
        {
            return indexes[best]
                .cut_at_or_above(host)
                .is_none()
                .then_some(best);
        }
        suffix = name::parent(candidate);
    }
    None
}
