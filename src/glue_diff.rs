//! `zonelint glue --diff [REV]`: the registrar's side of a change. The
//! DNS hosts (host objects) a zone needs now are compared with those it
//! needed at a git revision, and the work is put in an order the registry
//! accepts at every step: hosts are created and given their new addresses
//! first, then the delegations are pointed at the new set, and only then
//! are old addresses removed and unused hosts deleted (a registry refuses
//! to delete a host that a delegation still names, and keeps at least one
//! address per host: RFC 5732 §3.2.2, DESIGN §5).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::net::IpAddr;

use serde::Serialize;

use crate::glue;
use crate::lint::query::committed::{Committed, CommittedVersion, VersionError, load_committed};
use crate::lint::query::hosts::host_depth;
use crate::name;
use crate::profile::Profile;
use crate::zone::Zone;

/// The DNS hosts one version of a zone needs, and the NS sets that name
/// them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hosts {
    /// Each host that needs glue (lower case, absolute) and its addresses.
    pub hosts: BTreeMap<String, BTreeSet<IpAddr>>,
    /// Each NS set (its owner, lower case, absolute).
    pub ns_sets: BTreeMap<String, NsSet>,
    /// The owners of the NS sets that name each host.
    pub named_by: BTreeMap<String, Vec<String>>,
}

/// One NS set of a version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NsSet {
    /// Whether it is the zone's apex NS set.
    pub apex: bool,
    /// Every name server of the set, in the zone's order (lower case).
    pub name_servers: Vec<String>,
    /// The ones that need glue (in-domain or sibling).
    pub hosts: BTreeSet<String>,
}

impl Hosts {
    /// The hosts of `zone`, as `zonelint glue` lists them.
    pub fn of(zone: &Zone) -> Hosts {
        let mut hosts = Hosts::default();
        glue::for_each_ns_set(zone, |set| {
            let owner = set.owner.to_ascii_lowercase();
            let entry = hosts.ns_sets.entry(owner.clone()).or_default();
            entry.apex |= set.apex;
            for server in set.name_servers {
                let server = server.to_ascii_lowercase();
                if !entry.name_servers.contains(&server) {
                    entry.name_servers.push(server);
                }
            }
            for host in set.hosts {
                let name = host.host.to_ascii_lowercase();
                if entry.hosts.insert(name.clone()) {
                    hosts
                        .named_by
                        .entry(name.clone())
                        .or_default()
                        .push(owner.clone());
                }
                // A host several NS sets name has one set of addresses.
                hosts.hosts.entry(name).or_default().extend(
                    host.addresses
                        .iter()
                        .filter_map(|address| address.parse::<IpAddr>().ok()),
                );
            }
        });
        hosts
    }

    /// The owners of the NS sets that name `host`.
    fn sets_naming(&self, host: &str) -> Vec<String> {
        self.named_by.get(host).cloned().unwrap_or_default()
    }

    /// The delegation (or apex) a host belongs to at the registry: the
    /// deepest NS-set owner, of this version or `others`, at or above it.
    fn domain_of(&self, host: &str, others: &Hosts) -> Option<String> {
        let mut candidate = host;
        loop {
            if self.ns_sets.contains_key(candidate) || others.ns_sets.contains_key(candidate) {
                return Some(candidate.to_string());
            }
            candidate = parent(candidate)?;
        }
    }
}

/// The parent of an absolute name in presentation form (`.` for a
/// top-level name, `None` for the root): the text after its first label,
/// which ends at the first dot that is not escaped.
fn parent(name: &str) -> Option<&str> {
    if name == "." {
        return None;
    }
    let bytes = name.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            // `\X` is one character, `\DDD` one octet: neither is a dot.
            b'\\' => at += 2,
            b'.' => {
                let rest = &name[at + 1..];
                return Some(if rest.is_empty() { "." } else { rest });
            }
            _ => at += 1,
        }
    }
    None
}

/// What happened to a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// Needed now, not at the revision.
    Added,
    /// Needed in both, with other addresses.
    Changed,
    /// Needed at the revision, not now.
    Removed,
}

/// A host that differs between the two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostChange {
    /// The host name (absolute, lower case).
    pub host: String,
    /// What happened to it.
    pub change: Change,
    /// Addresses it has now and did not have.
    pub addresses_added: Vec<String>,
    /// Addresses it had and no longer has.
    pub addresses_removed: Vec<String>,
    /// The NS sets (owners) that name it: now, or for a removed host at
    /// the revision.
    #[serde(skip)]
    pub ns_sets: Vec<String>,
}

/// One thing to do at the registrar; the JSON form is tagged by `action`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Step {
    /// Create a host object with its addresses.
    CreateHost {
        /// The host.
        host: String,
        /// Its addresses.
        addresses: Vec<String>,
    },
    /// Add addresses to an existing host.
    AddAddress {
        /// The host.
        host: String,
        /// The addresses to add.
        addresses: Vec<String>,
    },
    /// Set the name servers of a delegation (the apex NS set is the
    /// domain's own delegation); none means the delegation is gone.
    UpdateDelegation {
        /// The delegated name.
        delegation: String,
        /// All its name servers now, glue-needing or not.
        name_servers: Vec<String>,
    },
    /// Remove addresses from a host that keeps at least one.
    RemoveAddress {
        /// The host.
        host: String,
        /// The addresses to remove.
        addresses: Vec<String>,
    },
    /// Delete a host no delegation names any more.
    DeleteHost {
        /// The host.
        host: String,
    },
}

impl Step {
    /// The action's name, as in JSON.
    pub fn action(&self) -> &'static str {
        match self {
            Step::CreateHost { .. } => "create-host",
            Step::AddAddress { .. } => "add-address",
            Step::UpdateDelegation { .. } => "update-delegation",
            Step::RemoveAddress { .. } => "remove-address",
            Step::DeleteHost { .. } => "delete-host",
        }
    }

    /// The step as one line of text.
    pub fn describe(&self) -> String {
        match self {
            Step::CreateHost { host, addresses } => {
                format!("create-host {host} with {}", addresses.join(", "))
            }
            Step::AddAddress { host, addresses } => {
                format!("add-address {} to {host}", addresses.join(", "))
            }
            Step::UpdateDelegation {
                delegation,
                name_servers,
            } if name_servers.is_empty() => {
                format!("update-delegation {delegation}: remove it (no NS set any more)")
            }
            Step::UpdateDelegation {
                delegation,
                name_servers,
            } => format!(
                "update-delegation {delegation} to {}",
                name_servers.join(" ")
            ),
            Step::RemoveAddress { host, addresses } => {
                format!("remove-address {} from {host}", addresses.join(", "))
            }
            Step::DeleteHost { host } => format!("delete-host {host}"),
        }
    }
}

/// Why the plan cannot be carried out as it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The host it is about.
    pub host: String,
    /// What is wrong and what to do instead.
    pub message: String,
}

/// The registrar's work for one zone file.
#[derive(Clone, Debug, Serialize)]
pub struct Plan {
    /// The revision compared with.
    pub rev: String,
    /// The hosts that differ, by name.
    pub hosts: Vec<HostChange>,
    /// The steps, in the order to take them.
    pub steps: Vec<Step>,
    /// Changes the registry would refuse, or steps to split: with any,
    /// the plan is not safe to carry out as it stands.
    #[serde(skip)]
    pub problems: Vec<Problem>,
    /// Remarks on how the versions were read.
    #[serde(skip)]
    pub notes: Vec<String>,
}

impl Plan {
    /// Whether the registrar has anything to do (or the plan is refused).
    pub fn has_work(&self) -> bool {
        !self.steps.is_empty() || !self.problems.is_empty()
    }
}

/// Compares `zone` with its version at `revision` and plans the
/// registrar's work under `profile`.
pub fn diff(
    zone: &Zone,
    profile: &Profile,
    committed: &dyn CommittedVersion,
    revision: &str,
) -> Result<Plan, VersionError> {
    let mut notes = Vec::new();
    let path = &zone.files[0].path;
    if path.as_os_str() == "-" {
        return Err(VersionError::NotInWorkTree(path.clone()));
    }
    // The committed version first: an unchanged file (the common case of
    // `glue-changed` in a hook) needs no host collected at all, and the old
    // zone is dropped before the hosts of the new one are collected.
    let before = match committed.read(path, revision)? {
        Committed::Unchanged => {
            return Ok(plan(
                &Hosts::default(),
                &Hosts::default(),
                profile,
                revision,
            ));
        }
        Committed::Absent => {
            notes.push(format!(
                "{revision} has no {}: every host is new",
                path.display()
            ));
            Hosts::default()
        }
        Committed::Text(text) => {
            let old = load_committed(zone, text);
            if old.has_syntax_errors() {
                notes.push(format!(
                    "the version at {revision} has {} syntax error(s): its hosts are read from the rest",
                    old.findings.len()
                ));
            }
            Hosts::of(&old)
        }
    };
    let now = Hosts::of(zone);
    let mut plan = plan(&before, &now, profile, revision);
    plan.notes = notes;
    Ok(plan)
}

/// The registrar's work to go from the hosts `before` to the hosts `now`.
pub fn plan(before: &Hosts, now: &Hosts, profile: &Profile, revision: &str) -> Plan {
    let mut hosts = Vec::new();
    let mut problems = Vec::new();
    let (mut creates, mut adds, mut removes, mut deletes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let names: BTreeSet<&String> = before.hosts.keys().chain(now.hosts.keys()).collect();
    for host in names {
        match (before.hosts.get(host), now.hosts.get(host)) {
            (None, Some(addresses)) => {
                hosts.push(HostChange {
                    host: host.clone(),
                    change: Change::Added,
                    addresses_added: texts(addresses.iter()),
                    addresses_removed: Vec::new(),
                    ns_sets: now.sets_naming(host),
                });
                if addresses.is_empty() {
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "{host} is new but has no address in the zone: the registry creates no host without one; add its A or AAAA record first"
                        ),
                    });
                } else {
                    creates.push(Step::CreateHost {
                        host: host.clone(),
                        addresses: texts(addresses.iter()),
                    });
                }
            }
            (Some(addresses), None) => {
                hosts.push(HostChange {
                    host: host.clone(),
                    change: Change::Removed,
                    addresses_added: Vec::new(),
                    addresses_removed: texts(addresses.iter()),
                    ns_sets: before.sets_naming(host),
                });
                deletes.push(Step::DeleteHost { host: host.clone() });
            }
            (Some(old), Some(new)) if old != new => {
                let added = texts(new.difference(old));
                let removed = texts(old.difference(new));
                hosts.push(HostChange {
                    host: host.clone(),
                    change: Change::Changed,
                    addresses_added: added.clone(),
                    addresses_removed: removed.clone(),
                    ns_sets: now.sets_naming(host),
                });
                if !added.is_empty() {
                    adds.push(Step::AddAddress {
                        host: host.clone(),
                        addresses: added,
                    });
                }
                if new.is_empty() {
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "removing {} from {host} would leave it with no address, which the registry refuses: add the new address to the zone first, and remove the old one once the registry has it",
                            removed.join(", ")
                        ),
                    });
                } else {
                    removes.push(Step::RemoveAddress {
                        host: host.clone(),
                        addresses: removed,
                    });
                }
            }
            _ => {}
        }
    }
    let mut updates = Vec::new();
    let owners: BTreeSet<&String> = before.ns_sets.keys().chain(now.ns_sets.keys()).collect();
    // The apex first: it is the domain's own delegation.
    let mut owners: Vec<&String> = owners.into_iter().collect();
    owners.sort_by_key(|owner| {
        !now.ns_sets
            .get(*owner)
            .or(before.ns_sets.get(*owner))
            .is_some_and(|set| set.apex)
    });
    for owner in owners {
        let old = before.ns_sets.get(owner);
        let new = now.ns_sets.get(owner);
        let old_hosts = old.map(|set| &set.hosts);
        let new_hosts = new.map(|set| &set.hosts);
        let empty = BTreeSet::new();
        // Only a change of the hosts that need glue is the registrar's
        // concern here: other name servers need no host object.
        if old_hosts.unwrap_or(&empty) != new_hosts.unwrap_or(&empty) {
            updates.push(Step::UpdateDelegation {
                delegation: owner.clone(),
                name_servers: new.map(|set| set.name_servers.clone()).unwrap_or_default(),
            });
        }
    }
    let steps: Vec<Step> = creates
        .into_iter()
        .chain(adds)
        .chain(updates)
        .chain(removes)
        .chain(deletes)
        .collect();
    problems.extend(limit_problems(before, now, profile, &steps));
    Plan {
        rev: revision.to_string(),
        hosts,
        steps,
        problems,
        notes: Vec::new(),
    }
}

/// The presentation form of addresses.
fn texts<'a>(addresses: impl Iterator<Item = &'a IpAddr>) -> Vec<String> {
    addresses.map(IpAddr::to_string).collect()
}

/// Walks the steps over the registry's state (the hosts `before`) and
/// reports each step that would take it past a limit of the profile.
fn limit_problems(before: &Hosts, now: &Hosts, profile: &Profile, steps: &[Step]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut state: BTreeMap<String, BTreeSet<IpAddr>> = before.hosts.clone();
    let mut reported_domains = BTreeSet::new();
    // Hosts per domain at the registry, kept as the steps go: a parent
    // zone may have as many domains as hosts.
    let mut per_domain: HashMap<String, usize> = HashMap::new();
    for host in state.keys() {
        if let Some(domain) = now.domain_of(host, before) {
            *per_domain.entry(domain).or_default() += 1;
        }
    }
    let step_of = |wanted: &dyn Fn(&Step) -> bool| steps.iter().position(wanted).map(|i| i + 1);
    for (index, step) in steps.iter().enumerate() {
        let number = index + 1;
        match step {
            Step::CreateHost { host, addresses } => {
                let parsed: BTreeSet<IpAddr> =
                    addresses.iter().filter_map(|a| a.parse().ok()).collect();
                if let Some(problem) = address_limit(profile, host, &parsed) {
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "step {number} (create-host {host}) is refused: {problem}"
                        ),
                    });
                }
                if let Some(max) = profile.max_host_labels {
                    let mut wire = Vec::new();
                    let depth = name::parse(host.as_bytes(), None, &mut wire)
                        .ok()
                        .and_then(|()| host_depth(&wire, &profile.applies_to));
                    if let Some(depth) = depth.filter(|&depth| depth > max) {
                        problems.push(Problem {
                            host: host.clone(),
                            message: format!(
                                "step {number} (create-host {host}) is refused: the host name is at level {depth}, profile {} allows at most level {max} ({}); use a name server closer to the registry suffix",
                                profile.name, profile.source
                            ),
                        });
                    }
                }
                if state.insert(host.clone(), parsed).is_some() {
                    continue;
                }
                let Some(domain) = now.domain_of(host, before) else {
                    continue;
                };
                let count = per_domain.entry(domain.clone()).or_default();
                *count += 1;
                let count = *count;
                if count > profile.ns_max as usize && reported_domains.insert(domain.clone()) {
                    let deleted: Vec<&str> = steps
                        .iter()
                        .filter_map(|step| match step {
                            Step::DeleteHost { host }
                                if now.domain_of(host, before).as_ref() == Some(&domain) =>
                            {
                                Some(host.as_str())
                            }
                            _ => None,
                        })
                        .collect();
                    let split = if deleted.is_empty() {
                        "the zone needs fewer hosts".to_string()
                    } else {
                        format!(
                            "split the change in two commits: first retire {} (update the delegation, then delete), then create the new hosts",
                            deleted.join(", ")
                        )
                    };
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "step {number} (create-host {host}) would give {domain} {count} hosts at the registry at once, before the old ones are deleted; profile {} allows at most {}: {split}",
                            profile.name, profile.ns_max
                        ),
                    });
                }
            }
            Step::AddAddress { host, addresses } => {
                let entry = state.entry(host.clone()).or_default();
                let had = entry.len();
                entry.extend(addresses.iter().filter_map(|a| a.parse::<IpAddr>().ok()));
                if let Some(problem) = address_limit(profile, host, entry) {
                    let removal = step_of(
                        &|step| matches!(step, Step::RemoveAddress { host: other, .. } if other == host),
                    );
                    // How many of its addresses the removal takes away.
                    let removed = steps
                        .iter()
                        .find_map(|step| match step {
                            Step::RemoveAddress {
                                host: other,
                                addresses,
                            } if other == host => Some(addresses.len()),
                            _ => None,
                        })
                        .unwrap_or(0);
                    let split = match removal {
                        // Every address is replaced and the host cannot hold
                        // old and new at once: no order of separate steps
                        // works, one host update that adds and removes does.
                        Some(_) if removed >= had => format!(
                            "every address of {host} is replaced and it may hold only {} at a time: change them in one host update that adds the new and removes the old (EPP's host update does both at once, RFC 5732 §3.2.5), or give the delegation a new host name",
                            profile.addresses_max
                        ),
                        Some(removal) => format!(
                            "split step {number}: add at most {} address(es) now, take step {removal} (keeping at least one address), then add the rest",
                            (profile.addresses_max as usize).saturating_sub(had)
                        ),
                        None => "the zone gives the host too many addresses".to_string(),
                    };
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "step {number} (add-address to {host}) would give it {problem} before the old addresses are removed: {split}"
                        ),
                    });
                }
            }
            Step::RemoveAddress { host, addresses } => {
                let entry = state.entry(host.clone()).or_default();
                for address in addresses.iter().filter_map(|a| a.parse::<IpAddr>().ok()) {
                    entry.remove(&address);
                }
                if (entry.len() as u32) < profile.addresses_min {
                    problems.push(Problem {
                        host: host.clone(),
                        message: format!(
                            "step {number} (remove-address from {host}) would leave it {} address(es); profile {} requires at least {}",
                            entry.len(),
                            profile.name,
                            profile.addresses_min
                        ),
                    });
                }
            }
            Step::DeleteHost { host } => {
                if state.remove(host).is_some() {
                    if let Some(count) = now
                        .domain_of(host, before)
                        .and_then(|domain| per_domain.get_mut(&domain))
                    {
                        *count = count.saturating_sub(1);
                    }
                }
            }
            Step::UpdateDelegation { .. } => {}
        }
    }
    problems
}

/// What of the profile's address limits `addresses` of `host` exceed.
fn address_limit(profile: &Profile, host: &str, addresses: &BTreeSet<IpAddr>) -> Option<String> {
    let total = addresses.len() as u32;
    let ipv6 = addresses.iter().filter(|a| a.is_ipv6()).count() as u32;
    let ipv4 = total - ipv6;
    if total > profile.addresses_max {
        return Some(format!(
            "{total} addresses; profile {} allows at most {} per host",
            profile.name, profile.addresses_max
        ));
    }
    if let Some(max) = profile.ipv4_max.filter(|&max| ipv4 > max) {
        return Some(format!(
            "{ipv4} IPv4 addresses; profile {} allows at most {max} per host",
            profile.name
        ));
    }
    if let Some(max) = profile.ipv6_max.filter(|&max| ipv6 > max) {
        return Some(format!(
            "{ipv6} IPv6 addresses; profile {} allows at most {max} per host",
            profile.name
        ));
    }
    if ipv6 > 0 && !profile.ipv6 {
        return Some(format!(
            "IPv6 addresses for {host}; profile {} accepts no IPv6 glue",
            profile.name
        ));
    }
    None
}

/// The plan as text: the changed hosts, the numbered steps, and what the
/// registry would refuse.
pub fn to_text(plan: &Plan, zone_name: &str, profile: &Profile) -> String {
    let mut out = String::new();
    for note in &plan.notes {
        let _ = writeln!(out, "; note: {note}");
    }
    if !plan.has_work() {
        let _ = writeln!(
            out,
            "; nothing for the registrar: the DNS hosts of {zone_name} are the same as at {}",
            plan.rev
        );
        return out;
    }
    let _ = writeln!(
        out,
        "; DNS hosts of {zone_name} changed since {} (profile {})",
        plan.rev, profile.name
    );
    for host in &plan.hosts {
        let change = match host.change {
            Change::Added => "added",
            Change::Changed => "changed",
            Change::Removed => "removed",
        };
        let mut addresses: Vec<String> = host
            .addresses_added
            .iter()
            .map(|a| format!("+{a}"))
            .collect();
        addresses.extend(host.addresses_removed.iter().map(|a| format!("-{a}")));
        let _ = writeln!(out, ";   {change:<8} {} {}", host.host, addresses.join(" "));
    }
    if !plan.steps.is_empty() {
        let _ = writeln!(out, "\nAt the registrar, in this order:");
    }
    for (index, step) in plan.steps.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", index + 1, step.describe());
    }
    if !plan.steps.is_empty() {
        let _ = writeln!(
            out,
            "\ncreate-host and add-address before this zone is published; update-delegation, remove-address and delete-host after it is served."
        );
    }
    if !plan.problems.is_empty() {
        let _ = writeln!(out, "\nThe registry would refuse this plan:");
        for problem in &plan.problems {
            let _ = writeln!(out, "  - {}", problem.message);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(sets: &[(&str, bool, &[&str])], addresses: &[(&str, &[&str])]) -> Hosts {
        let mut hosts = Hosts::default();
        for (owner, apex, servers) in sets {
            let set = NsSet {
                apex: *apex,
                name_servers: servers.iter().map(|s| (*s).to_string()).collect(),
                hosts: servers
                    .iter()
                    .filter(|s| addresses.iter().any(|(h, _)| h == *s))
                    .map(|s| (*s).to_string())
                    .collect(),
            };
            hosts.ns_sets.insert((*owner).to_string(), set);
        }
        for (host, list) in addresses {
            hosts.hosts.insert(
                (*host).to_string(),
                list.iter().map(|a| a.parse().unwrap()).collect(),
            );
        }
        hosts
    }

    fn generic() -> Profile {
        crate::profile::builtin_profiles().remove(0)
    }

    #[test]
    fn a_parent_starts_after_the_first_unescaped_dot() {
        assert_eq!(parent("ns1.example.com."), Some("example.com."));
        assert_eq!(parent("com."), Some("."));
        assert_eq!(parent("."), None);
        assert_eq!(parent("a\\.b.example."), Some("example."));
        assert_eq!(parent("a\\\\.b.example."), Some("b.example."));
        assert_eq!(parent("a\\046b.example."), Some("example."));
    }

    #[test]
    fn a_host_belongs_to_the_deepest_ns_set_above_it() {
        let hosts = hosts(
            &[
                ("example.", true, &["a.nic.example."]),
                ("shop.example.", false, &["ns1.shop.example."]),
            ],
            &[("ns1.shop.example.", &["192.0.2.1"])],
        );
        let none = Hosts::default();
        assert_eq!(
            hosts.domain_of("ns1.shop.example.", &none).as_deref(),
            Some("shop.example.")
        );
        assert_eq!(
            hosts.domain_of("a.nic.example.", &none).as_deref(),
            Some("example.")
        );
        assert_eq!(hosts.domain_of("ns.example.net.", &none), None);
    }

    #[test]
    fn a_host_replaced_at_the_address_limit_must_be_split() {
        let thirteen: Vec<String> = (1..=13).map(|i| format!("192.0.2.{i}")).collect();
        let old: Vec<&str> = thirteen.iter().map(String::as_str).collect();
        let mut moved = old.clone();
        moved[0] = "198.51.100.1";
        let before = hosts(
            &[("example.com.", true, &["ns1.example.com."])],
            &[("ns1.example.com.", &old)],
        );
        let now = hosts(
            &[("example.com.", true, &["ns1.example.com."])],
            &[("ns1.example.com.", &moved)],
        );
        let plan = plan(&before, &now, &generic(), "HEAD");
        assert_eq!(plan.steps.len(), 2);
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        let message = &plan.problems[0].message;
        assert!(message.contains("step 1"), "{message}");
        assert!(message.contains("14 addresses"), "{message}");
        assert!(message.contains("split step 1: add at most 0"), "{message}");
        assert!(message.contains("take step 2"), "{message}");
    }

    #[test]
    fn a_host_that_holds_one_address_moves_it_in_one_update() {
        // .ca takes one address per host: moving it can be neither add
        // then remove nor remove then add.
        let before = hosts(
            &[("example.ca.", true, &["ns1.example.ca."])],
            &[("ns1.example.ca.", &["192.0.2.1"])],
        );
        let now = hosts(
            &[("example.ca.", true, &["ns1.example.ca."])],
            &[("ns1.example.ca.", &["192.0.2.10"])],
        );
        let mut profile = generic();
        profile.addresses_max = 1;
        let plan = plan(&before, &now, &profile, "HEAD");
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        let message = &plan.problems[0].message;
        assert!(message.contains("one host update"), "{message}");
        assert!(!message.contains("add at most 0"), "{message}");
    }

    #[test]
    fn too_many_hosts_at_once_says_to_split_the_change() {
        let mut profile = generic();
        profile.ns_max = 2;
        let before = hosts(
            &[(
                "example.com.",
                true,
                &["ns1.example.com.", "ns2.example.com."],
            )],
            &[
                ("ns1.example.com.", &["192.0.2.1"]),
                ("ns2.example.com.", &["192.0.2.2"]),
            ],
        );
        let now = hosts(
            &[(
                "example.com.",
                true,
                &["ns1.example.com.", "ns3.example.com."],
            )],
            &[
                ("ns1.example.com.", &["192.0.2.1"]),
                ("ns3.example.com.", &["192.0.2.3"]),
            ],
        );
        let plan = plan(&before, &now, &profile, "HEAD");
        assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
        let message = &plan.problems[0].message;
        assert!(message.contains("3 hosts"), "{message}");
        assert!(
            message.contains("first retire ns2.example.com."),
            "{message}"
        );
    }

    #[test]
    fn a_too_deep_cn_host_cannot_be_created() {
        let profile = crate::profile::builtin_profiles()
            .into_iter()
            .find(|p| p.name == "cn")
            .unwrap();
        let now = hosts(
            &[("example.cn.", true, &["ns1.a.example.cn."])],
            &[("ns1.a.example.cn.", &["192.0.2.1"])],
        );
        let plan = plan(&Hosts::default(), &now, &profile, "HEAD");
        assert!(
            plan.problems.iter().any(|p| p.message.contains("level 4")),
            "{:?}",
            plan.problems
        );
    }
}
