//! The registry profile's limits on an NS set and its hosts: `ns-count`,
//! `ns-name-syntax`, `host-name-depth`, `host-address-count`, `ipv6-glue`.

use crate::finding::Severity;
use crate::lint::query::addresses::distinct_addresses;
use crate::lint::query::hosts::{host_depth, host_name_problem};
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::show::Show;
use crate::lint::query::targets::{HostFindings, Target, TargetKind, note_host_finding};
use crate::lint::{Checker, Rule};
use crate::profile::Profile;

/// The documentation of `ns-count`, in the fixed sections: `zonelint rule
/// ns-count` prints it and the README rule table is made from it.
pub const NS_COUNT: &str = "\
    ## What it does\n\
    Reports an NS set (apex or delegation) with more name servers than the registry profile\n\
    allows (error), or fewer than its minimum (warning).\n\
    ## Why it matters\n\
    The registry refuses the delegation; with one name server there is no redundancy.\n\
    ## Example\n\
    Seven NS records under the `cn` profile (at most 6).\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1034 §4.1, registry policies (registry-rules.md).\n";

/// The documentation of `host-address-count`, in the fixed sections: `zonelint rule
/// host-address-count` prints it and the README rule table is made from it.
pub const HOST_ADDRESS_COUNT: &str = "\
    ## What it does\n\
    Reports a host that needs glue with more addresses than the profile allows, or fewer\n\
    than its minimum while having some.\n\
    ## Why it matters\n\
    The registry refuses the host object (\"DNS host\").\n\
    ## Example\n\
    14 A records for `ns1.example.com.` under the `generic` profile (1–13).\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 5732, registry policies (registry-rules.md).\n";

/// The documentation of `host-name-depth`, in the fixed sections: `zonelint rule
/// host-name-depth` prints it and the README rule table is made from it.
pub const HOST_NAME_DEPTH: &str = "\
    ## What it does\n\
    Reports a name-server host name deeper than the profile allows.\n\
    ## Why it matters\n\
    The registry refuses the host name (the `cn` profile: no fourth-level `.cn` host).\n\
    ## Example\n\
    `ns1.a.example.cn.` under the `cn` profile.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    Registry policies (registry-rules.md).\n";

/// The documentation of `ns-name-syntax`, in the fixed sections: `zonelint rule
/// ns-name-syntax` prints it and the README rule table is made from it.
pub const NS_NAME_SYNTAX: &str = "\
    ## What it does\n\
    Reports a name-server host name that is not letters, digits and hyphens, has an empty or\n\
    over-long label, or an all-numeric top label.\n\
    ## Why it matters\n\
    Registries accept only host names (LDH); a name like `ns1.123` is not one.\n\
    ## Example\n\
    `@ NS ns_1.example.net.`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 952, RFC 1123 §2.1, RFC 3696 §2.\n";

/// The documentation of `ipv6-glue-disallowed`, in the fixed sections: `zonelint rule
/// ipv6-glue-disallowed` prints it and the README rule table is made from it.
pub const IPV6_GLUE_DISALLOWED: &str = "\
    ## What it does\n\
    Reports AAAA glue where the registry profile allows no IPv6.\n\
    ## Why it matters\n\
    The registry refuses the host's IPv6 address.\n\
    ## Example\n\
    `ns1.shop AAAA 2001:db8::1` under a profile with `ipv6 = false`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    Registry policies (registry-rules.md).\n";

/// The registry's limit on the number of name servers of an NS set.
pub(crate) fn check_ns_count(
    checker: &mut Checker<'_>,
    profile: &Profile,
    owner_name: &Show<'_>,
    targets: &[Target<'_>],
) {
    let first = targets[0].record;
    let count = targets.len() as u32;
    if count > profile.ns_max {
        checker
            .report_record(
                Rule::NsCount,
                first,
                format!(
                    "{owner_name} has {count} name servers; profile {} allows at most {} ({})",
                    profile.name, profile.ns_max, profile.source
                ),
            )
            .help(format!(
                "remove {} of the NS records",
                count - profile.ns_max
            ));
    } else if count < profile.ns_min {
        checker
            .report_record(
                Rule::NsCount,
                first,
                format!(
                    "{owner_name} has {count} name server{}; profile {} asks for at least {} ({})",
                    if count == 1 { "" } else { "s" },
                    profile.name,
                    profile.ns_min,
                    profile.source
                ),
            )
            .severity(Severity::Warning)
            .help("add a second name server on another network (RFC 1034 §4.1, RFC 2182)");
    }
}

/// The registry's limits on one name-server host: its name's syntax and
/// depth, and for a glue host its addresses. `is_address`: the name is an
/// address written as a name, which `ns-target-is-address` reports (one
/// finding per cause); `first_look`: no NS set before this one had the
/// host's addresses checked.
pub(crate) fn check_host_limits(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    profile: &Profile,
    target: &Target<'_>,
    (is_address, first_look): (bool, bool),
    host_findings: &mut HostFindings,
) {
    let zone = index.zone;
    let target_name = Show(target.name);
    let problem = if target.shape.needs_syntax_check {
        host_name_problem(target.name)
    } else {
        None
    };
    if let Some(problem) = problem.filter(|_| !is_address) {
        checker
            .report_field(
                Rule::NsNameSyntax,
                target.record,
                0,
                format!("name-server host name {target_name} {problem}"),
            )
            .help("use a host name of letters, digits and hyphens (RFC 1123 §2.1)");
    }
    if let Some(max) = profile.max_host_labels {
        if let Some(depth) = host_depth(target.name, &profile.applies_to) {
            if depth > max {
                checker
                    .report_field(
                        Rule::HostNameDepth,
                        target.record,
                        0,
                        format!(
                            "name-server host name {target_name} is at level {depth}; profile {} allows at most level {max} ({})",
                            profile.name, profile.source
                        ),
                    )
                    .help("use a name server whose name is closer to the registry suffix");
            }
        }
    }
    let needs_glue = matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_));
    if !needs_glue || !first_look || target.addresses.is_empty() {
        return;
    }
    let ipv4 = target
        .addresses
        .iter()
        .filter(|r| r.record_type == types::A)
        .count() as u32;
    let records = target.addresses.len() as u32;
    let ipv6 = records - ipv4;
    // A host has at least one address and at most one per record: the
    // different ones need counting only when a limit lies in between.
    let total = if records <= profile.addresses_max && profile.addresses_min <= 1 {
        records
    } else {
        distinct_addresses(index, &target.addresses)
    };
    let mut limit_problem = None;
    if total > profile.addresses_max {
        limit_problem = Some(format!(
            "{total} addresses; profile {} allows at most {}",
            profile.name, profile.addresses_max
        ));
    } else if total < profile.addresses_min {
        limit_problem = Some(format!(
            "{total} addresses; profile {} asks for at least {}",
            profile.name, profile.addresses_min
        ));
    } else if profile.ipv4_max.is_some_and(|max| ipv4 > max) {
        limit_problem = Some(format!(
            "{ipv4} IPv4 addresses; profile {} allows at most {}",
            profile.name,
            profile.ipv4_max.unwrap_or(0)
        ));
    } else if profile.ipv6_max.is_some_and(|max| ipv6 > max) {
        limit_problem = Some(format!(
            "{ipv6} IPv6 addresses; profile {} allows at most {}",
            profile.name,
            profile.ipv6_max.unwrap_or(0)
        ));
    }
    if let Some(problem) = limit_problem {
        let finding = checker.report_record(
            Rule::HostAddressCount,
            target.addresses[0],
            format!("glue host {target_name} has {problem} ({})", profile.source),
        );
        finding.help("list only the addresses the registry accepts for one host");
        finding.label(zone, target.record, "the NS record naming it");
        note_host_finding(checker, host_findings, target.addresses[0]);
    }
    if !profile.ipv6 {
        for record in target
            .addresses
            .iter()
            .filter(|r| r.record_type == types::AAAA)
        {
            checker
                .report_record(
                    Rule::Ipv6GlueDisallowed,
                    record,
                    format!(
                        "IPv6 glue for {target_name}, but profile {} accepts no IPv6 glue ({})",
                        profile.name, profile.source
                    ),
                )
                .help("remove the AAAA glue, or choose a profile that accepts IPv6");
            note_host_finding(checker, host_findings, record);
        }
    }
}
