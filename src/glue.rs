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

/// One NS set and the hosts of it that need glue. (Fields in the order
/// the JSON output has always had them: by name.)
#[derive(Debug, Serialize)]
pub struct NsSet {
    /// Whether it is the zone's apex.
    pub apex: bool,
    /// The ones that need glue.
    pub hosts: Vec<Host>,
    /// Every name server of the set.
    pub name_servers: Vec<String>,
    /// The owner of the NS set.
    pub owner: String,
}

/// A host that needs glue.
#[derive(Debug, Serialize)]
pub struct Host {
    /// Its addresses in this zone (none when glue is missing).
    pub addresses: Vec<String>,
    /// Its name.
    pub host: String,
    /// `in-domain` or `sibling`.
    pub kind: &'static str,
}

/// The zone's origin as text.
fn zone_name(zone: &Zone) -> String {
    zone.origin
        .as_deref()
        .map_or_else(String::new, name::to_string)
}

/// Calls `each` with the apex's NS set (when it has one), then each
/// delegation's, in the zone's order, one at a time: a TLD zone's million
/// sets are never held at once.
pub fn for_each_ns_set(zone: &Zone, mut each: impl FnMut(NsSet)) {
    let index = ZoneIndex::new(zone);
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
        each(NsSet {
            owner: name::to_string(zone.names.get(owner)),
            apex: Some(owner) == index.apex,
            name_servers: targets.iter().map(|t| name::to_string(t.name)).collect(),
            hosts,
        });
    }
}

/// The glue of a zone as zone-file lines with comments, written to `out`
/// a set at a time.
pub fn write_text(
    zone: &Zone,
    profile: &Profile,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let header = format!("; glue of {} (profile {})\n", zone_name(zone), profile.name);
    out.write_all(header.as_bytes())?;
    let mut text = String::new();
    let mut result = Ok(());
    for_each_ns_set(zone, |set| {
        if result.is_ok() {
            text.clear();
            set_text(&set, &mut text);
            result = out.write_all(text.as_bytes());
        }
    });
    result
}

/// The glue of a zone as JSON: `{"findings": …, "ns_sets": […], "profile":
/// …, "zone": …}` (keys by name), pretty-printed to `out` a set at a time.
pub fn write_json(
    zone: &Zone,
    profile: &Profile,
    findings: Vec<serde_json::Value>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// The NS sets, made as they are written.
    struct Sets<'z>(&'z Zone);
    impl Serialize for Sets<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq as _;
            let mut seq = serializer.serialize_seq(None)?;
            let mut result = Ok(());
            for_each_ns_set(self.0, |set| {
                if result.is_ok() {
                    result = seq.serialize_element(&set);
                }
            });
            result?;
            seq.end()
        }
    }
    #[derive(Serialize)]
    struct Json<'z> {
        findings: Vec<serde_json::Value>,
        ns_sets: Sets<'z>,
        profile: &'z str,
        zone: String,
    }
    let json = Json {
        findings,
        ns_sets: Sets(zone),
        profile: &profile.name,
        zone: zone_name(zone),
    };
    serde_json::to_writer_pretty(&mut *out, &json).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}

/// One NS set's lines, appended to `out`.
fn set_text(set: &NsSet, out: &mut String) {
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
