//! `glue-changed`: what `zonelint glue --diff` plans, as findings on the
//! records of the change, so that a pre-commit hook or a CI annotation
//! says what the registrar must be told. Off by default (it reads git
//! history); see [`crate::glue_diff`] for the plan itself.

use std::collections::HashMap;
use std::net::IpAddr;

use crate::glue_diff::{self, Change, HostChange, Plan};
use crate::lint::query::committed::CommittedVersion;
use crate::lint::query::hosts::address_text;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::{Checker, Rule};
use crate::name;
use crate::profile::Profile;
use crate::rdata;
use crate::zone::Record;

/// The documentation of `glue-changed`, in the fixed sections: `zonelint rule
/// glue-changed` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports each DNS host (a name server of the apex NS set or of a delegation that needs\n\
    glue) that is new, has other addresses, or is no longer needed since git `HEAD`, and\n\
    what to do at the registrar. It is reported on the NS record that names a new host, on\n\
    a glue record that is new, or on the NS set that no longer names a host. Off by default,\n\
    so that a plain `check` reads no history: it runs when `--select` names it or the\n\
    configuration gives it a level (`[rules] glue-changed = \"warning\"`).\n\
    ## Why it matters\n\
    The registry keeps its own copy of the glue: a commit that adds, moves or retires an\n\
    in-domain name server is only half done until the registrar is told, in an order that\n\
    never leaves a delegation naming a host the registry lacks or a host without an address.\n\
    ## Example\n\
    `@ NS ns3` and `ns3 A 192.0.2.3` added: \"ns3.example.com. is new: create it at the\n\
    registrar with 192.0.2.3 before this zone is published\".\n\
    ## Fix safety\n\
    No fix: the work is at the registrar. `zonelint glue --diff` prints it as ordered steps.\n\
    ## References\n\
    RFC 9471 §3, RFC 5732 (EPP host objects: a host in use cannot be deleted), DESIGN §2\n\
    (`glue --diff`), §5 (profiles).\n";

/// The help line of every finding.
const HELP: &str = "`zonelint glue --diff` prints the registrar's steps in a safe order";

/// Reports each DNS host that differs from git `HEAD`: a new host on the
/// NS record naming it, a new address on its glue record, a removed
/// address or host on the NS record that names (or named) the host.
pub fn check(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    profile: &Profile,
    committed: &dyn CommittedVersion,
) {
    let zone = index.zone;
    if zone.files[0].path.as_os_str() == "-" {
        return;
    }
    // Outside a work tree, for an unknown HEAD or a file that did not
    // change, there is nothing to say; `glue --diff` reports those errors.
    let Ok(plan) = glue_diff::diff(zone, profile, committed, "HEAD") else {
        return;
    };
    if !plan.has_work() {
        return;
    }
    let places = Places::of(index, &plan);
    for host in &plan.hosts {
        report_host(checker, &places, &plan, host);
    }
}

/// The records a finding about a host can stand on.
struct Places<'z> {
    /// The first NS record naming each host (lower case).
    ns_records: HashMap<String, &'z Record>,
    /// The first NS record of each NS set (by owner, lower case).
    ns_sets: HashMap<String, &'z Record>,
    /// The address records of each host, with their addresses.
    addresses: HashMap<String, Vec<(IpAddr, &'z Record)>>,
    /// The apex SOA, for a host nothing else names.
    soa: Option<&'z Record>,
}

impl<'z> Places<'z> {
    /// One pass over the NS and address records of the zone; only the
    /// names of the hosts in `plan` are kept.
    fn of(index: &ZoneIndex<'z>, plan: &Plan) -> Places<'z> {
        let zone = index.zone;
        let wanted: std::collections::HashSet<&str> =
            plan.hosts.iter().map(|h| h.host.as_str()).collect();
        let mut places = Places {
            ns_records: HashMap::new(),
            ns_sets: HashMap::new(),
            addresses: HashMap::new(),
            soa: index.apex_soa(),
        };
        for record in zone.records.iter().filter(|r| zone.in_zone(r)) {
            match record.record_type {
                types::NS => {
                    let owner = name::to_string(zone.owner(record)).to_ascii_lowercase();
                    places.ns_sets.entry(owner).or_insert(record);
                    let Some(target) = rdata::target_name(types::NS, zone.rdata(record)) else {
                        continue;
                    };
                    let target = name::to_string(target).to_ascii_lowercase();
                    if wanted.contains(target.as_str()) {
                        places.ns_records.entry(target).or_insert(record);
                    }
                }
                types::A | types::AAAA => {
                    let owner = name::to_string(zone.owner(record)).to_ascii_lowercase();
                    if !wanted.contains(owner.as_str()) {
                        continue;
                    }
                    let text = address_text(zone.rdata(record));
                    if let Ok(address) = text.parse::<IpAddr>() {
                        places
                            .addresses
                            .entry(owner)
                            .or_default()
                            .push((address, record));
                    }
                }
                _ => {}
            }
        }
        places
    }

    /// The glue record of `host` holding `address`.
    fn address_record(&self, host: &str, address: &str) -> Option<&'z Record> {
        let address: IpAddr = address.parse().ok()?;
        self.addresses
            .get(host)?
            .iter()
            .find(|(a, _)| *a == address)
            .map(|(_, record)| *record)
    }

    /// Where to report on a host that is gone: the first NS set that
    /// named it at `HEAD` and still exists; else the SOA.
    fn for_removed(&self, host: &HostChange) -> Option<&'z Record> {
        host.ns_sets
            .iter()
            .find_map(|owner| self.ns_sets.get(owner).copied())
            .or(self.soa)
    }
}

/// The finding (or findings) for one changed host.
fn report_host(checker: &mut Checker<'_>, places: &Places<'_>, plan: &Plan, host: &HostChange) {
    let name = &host.host;
    let refused = plan
        .problems
        .iter()
        .filter(|p| &p.host == name)
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>();
    let refused = (!refused.is_empty()).then(|| refused.join("; "));
    match host.change {
        Change::Added => {
            let Some(record) = places.ns_records.get(name).copied().or(places.soa) else {
                return;
            };
            let message = refused.unwrap_or_else(|| {
                format!(
                    "{name} is new: create it at the registrar with {} before this zone is published",
                    host.addresses_added.join(", ")
                )
            });
            checker
                .report_field(Rule::GlueChanged, record, 0, message)
                .help(HELP);
        }
        Change::Changed => {
            for address in &host.addresses_added {
                let Some(record) = places
                    .address_record(name, address)
                    .or_else(|| places.ns_records.get(name).copied())
                else {
                    continue;
                };
                checker
                    .report_record(
                        Rule::GlueChanged,
                        record,
                        format!(
                            "{name} has the new address {address}: add it at the registrar before this zone is published"
                        ),
                    )
                    .help(HELP);
            }
            if host.addresses_removed.is_empty() {
                return;
            }
            let Some(record) = places.ns_records.get(name).copied().or(places.soa) else {
                return;
            };
            let message = refused.unwrap_or_else(|| {
                format!(
                    "{name} no longer has {}: remove it at the registrar once this zone is published",
                    host.addresses_removed.join(", ")
                )
            });
            checker
                .report_field(Rule::GlueChanged, record, 0, message)
                .help(HELP);
        }
        Change::Removed => {
            let Some(record) = places.for_removed(host) else {
                return;
            };
            checker
                .report_record(
                    Rule::GlueChanged,
                    record,
                    format!(
                        "{name} is no longer a name server here: once this zone is published and the delegation no longer names it, delete it at the registrar"
                    ),
                )
                .help(HELP);
        }
    }
}
