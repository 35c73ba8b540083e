//! `zonelint glue`: the hosts that need glue for the zone's apex NS set
//! and for each of its delegations, with their addresses — the list a
//! domain owner enters as "DNS hosts" at a registrar.

use std::fmt::Write as _;

use serde::Serialize;

use crate::lint::Rule;

use crate::lint::query::hosts::address_text;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::targets::{TargetKind, ns_targets};
use crate::name;
use crate::profile::Profile;
use crate::zone::Zone;

/// The rules whose findings `zonelint glue` shows.
pub const RELEVANT_RULES: &[Rule] = &[
    Rule::Syntax,
    Rule::MissingGlue,
    Rule::MissingSiblingGlue,
    Rule::ApexNsMissingAddress,
    Rule::NsTargetNoAddress,
    Rule::NsTargetAlias,
    Rule::NsTargetIsAddress,
    Rule::MissingTrailingDot,
    Rule::NsCount,
    Rule::HostAddressCount,
    Rule::HostNameDepth,
    Rule::NsNameSyntax,
    Rule::Ipv6GlueDisallowed,
    Rule::SpecialPurposeAddress,
    Rule::SharedNsAddress,
];

/// The glue of a zone.
#[derive(Debug, Serialize)]
pub struct GlueReport {
    /// The zone's origin.
    pub zone: String,
    /// The profile checked against.
    pub profile: String,
    /// One entry for the apex and one per delegation.
    pub ns_sets: Vec<NsSet>,
}

/// One NS set and the hosts of it that need glue.
#[derive(Debug, Serialize)]
pub struct NsSet {
    /// The owner of the NS set.
    pub owner: String,
    /// Whether it is the zone's apex.
    pub apex: bool,
    /// Every name server of the set.
    pub name_servers: Vec<String>,
    /// The ones that need glue.
    pub hosts: Vec<Host>,
}

/// A host that needs glue.
#[derive(Debug, Serialize)]
pub struct Host {
    /// Its name.
    pub host: String,
    /// `in-domain` or `sibling`.
    pub kind: &'static str,
    /// Its addresses in this zone (none when glue is missing).
    pub addresses: Vec<String>,
}

/// Collects the glue of a zone.
pub fn collect(zone: &Zone, profile: &Profile) -> GlueReport {
    let index = ZoneIndex::new(zone);
    let mut ns_sets = Vec::new();
    let owners = index
        .apex
        .filter(|&apex| index.has_type(apex, types::NS))
        .into_iter()
        .chain(index.delegations());
    for owner in owners {
        let targets = ns_targets(&index, owner);
        let hosts = targets
            .iter()
            .filter_map(|target| {
                let kind = match target.kind {
                    TargetKind::InDomain => "in-domain",
                    TargetKind::Sibling(_) => "sibling",
                    TargetKind::ZoneData | TargetKind::OutOfZone => return None,
                };
                Some(Host {
                    host: name::to_string(target.name),
                    kind,
                    addresses: target
                        .addresses
                        .iter()
                        .map(|r| address_text(zone.rdata(r)))
                        .collect(),
                })
            })
            .collect();
        ns_sets.push(NsSet {
            owner: name::to_string(zone.names.get(owner)),
            apex: Some(owner) == index.apex,
            name_servers: targets.iter().map(|t| name::to_string(t.name)).collect(),
            hosts,
        });
    }
    GlueReport {
        zone: zone
            .origin
            .as_deref()
            .map_or_else(String::new, name::to_string),
        profile: profile.name.clone(),
        ns_sets,
    }
}

/// The report as zone-file lines with comments.
pub fn to_text(report: &GlueReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "; glue of {} (profile {})",
        report.zone, report.profile
    );
    for set in &report.ns_sets {
        let _ = writeln!(
            out,
            "\n; {}{}: {}",
            set.owner,
            if set.apex { " (apex)" } else { "" },
            set.name_servers.join(" ")
        );
        if set.hosts.is_empty() {
            let _ = writeln!(out, "; no name server needs glue");
        }
        for host in &set.hosts {
            if host.addresses.is_empty() {
                let _ = writeln!(
                    out,
                    "; {} ({}) has no address in the zone",
                    host.host, host.kind
                );
            }
            for address in &host.addresses {
                let record_type = if address.contains(':') { "AAAA" } else { "A" };
                let _ = writeln!(out, "{}\tIN\t{record_type}\t{address}", host.host);
            }
        }
    }
    out
}
