//! The rules of one NS target on its own: `ns-target-is-address`,
//! `ns-target-alias`, `apex-ns-missing-address`, `missing-glue`,
//! `missing-sibling-glue` (and its cycles), `ns-target-no-address`.

use std::collections::{BTreeSet, HashMap};

use crate::finding::Severity;
use crate::lint::query::hosts::written_address;
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::show::{Show, owner_text};
use crate::lint::query::targets::{NsSet, Target, TargetKind, ns_targets};
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

/// The documentation of `missing-glue`, in the fixed sections: `zonelint rule
/// missing-glue` prints it and the README rule table is made from it.
pub const MISSING_GLUE: &str = "\
    ## What it does\n\
    Reports an NS target inside the delegated name (in-domain) with no A or AAAA record in\n\
    the zone.\n\
    ## Why it matters\n\
    Resolvers cannot find the name server's address without glue: the delegation is broken.\n\
    ## Example\n\
    `shop NS ns1.shop` with no `ns1.shop A …`.\n\
    ## Fix safety\n\
    Safe: the glue fix adds the A/AAAA records to the delegation's glue block, with addresses\n\
    from `--glue`, `--glue-file`, the config's `[glue]` table or the child zone in the same run.\n\
    ## References\n\
    RFC 9471 §3 (in-domain glue MUST be included), RFC 9499 §7.\n";

/// The documentation of `missing-sibling-glue`, in the fixed sections: `zonelint rule
/// missing-sibling-glue` prints it and the README rule table is made from it.
pub const MISSING_SIBLING_GLUE: &str = "\
    ## What it does\n\
    Reports an NS target below another delegation of this zone (a sibling) with no A or AAAA\n\
    there. It is an error when delegations depend on each other in a cycle.\n\
    ## Why it matters\n\
    Resolvers must resolve the sibling first; in a cycle they never can.\n\
    ## Example\n\
    `a NS ns.b` and `b NS ns.a`, with no glue for either.\n\
    ## Fix safety\n\
    Safe: the glue fix adds the missing addresses, as for `missing-glue`.\n\
    ## References\n\
    RFC 9471 §3 (sibling glue SHOULD be included), RFC 9499 §7.\n";

/// The documentation of `apex-ns-missing-address`, in the fixed sections: `zonelint rule
/// apex-ns-missing-address` prints it and the README rule table is made from it.
pub const APEX_NS_MISSING_ADDRESS: &str = "\
    ## What it does\n\
    Reports an apex NS target inside the zone with no A or AAAA. Every apex NS target at or\n\
    below the apex is in-domain for the apex NS set, also one below a delegation of the zone\n\
    (its address is then glue there); a wildcard answers for a target that does not exist.\n\
    ## Why it matters\n\
    The registry needs those addresses as glue (\"DNS hosts\") for the zone's own delegation.\n\
    ## Example\n\
    `@ NS ns1` with no `ns1 A …`; `@ NS ns1.sub` and `sub NS ns1.sub` with no glue.\n\
    ## Fix safety\n\
    Safe: the glue fix adds the records when an address source is given.\n\
    ## References\n\
    RFC 1034 §4.2.1, RFC 9471 §3.\n";

/// The documentation of `ns-target-no-address`, in the fixed sections: `zonelint rule
/// ns-target-no-address` prints it and the README rule table is made from it.
pub const NS_TARGET_NO_ADDRESS: &str = "\
    ## What it does\n\
    Reports an NS target of a delegation that lies in the zone's own data (not below any\n\
    delegation) and has no A or AAAA. A wildcard gives an address only to a name that does not\n\
    exist: not to an empty non-terminal or a name with other records (RFC 4592 §2.2.1).\n\
    ## Why it matters\n\
    The zone is authoritative for that name and says it has no address: the name server can\n\
    never be reached.\n\
    ## Example\n\
    `shop NS ns.example.com.` in example.com with no `ns A …`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1034 §4.2.1.\n";

/// The documentation of `ns-target-alias`, in the fixed sections: `zonelint rule
/// ns-target-alias` prints it and the README rule table is made from it.
pub const NS_TARGET_ALIAS: &str = "\
    ## What it does\n\
    Reports an NS target that is an alias in this zone's own data: a CNAME owner (or a name a\n\
    wildcard CNAME answers for) or a name below a DNAME. A CNAME or DNAME below a zone cut is\n\
    not this zone's data: a target there is a glue question (`missing-glue`,\n\
    `missing-sibling-glue`); a DNAME at the target itself redirects only the names below it.\n\
    ## Why it matters\n\
    The value of an NS record must not be an alias; many resolvers and registries refuse it.\n\
    ## Example\n\
    `@ NS ns1` with `ns1 CNAME server.example.net.`.\n\
    ## Fix safety\n\
    No fix: point the NS at the canonical name yourself.\n\
    ## References\n\
    RFC 2181 §10.3.\n";

/// The documentation of `ns-target-is-address`, in the fixed sections: `zonelint rule
/// ns-target-is-address` prints it and the README rule table is made from it.
pub const NS_TARGET_IS_ADDRESS: &str = "\
    ## What it does\n\
    Reports an NS or MX target written as an IP address: a relative name that reads as an\n\
    address, or an absolute name that is nothing but an address. A fully qualified name with\n\
    numeric labels (`10.1.2.3.pool.example.com.`) is a host name and does not fire.\n\
    ## Why it matters\n\
    The target is a domain name; `192.0.2.1` is read as the name `192.0.2.1.example.com.`.\n\
    ## Example\n\
    `@ NS 192.0.2.1`, `@ MX 10 192.0.2.25.`.\n\
    ## Fix safety\n\
    No fix: name the host and give it an A record.\n\
    ## References\n\
    RFC 1035 §3.3.11, RFC 1123 §2.1.\n";

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

/// `ns-target-is-address` on an MX target (field `field` of `record`,
/// `target` in wire form) that is an address written as a name. Returns
/// whether it reported; the RDATA-name pass then skips the name.
pub(crate) fn check_mx_target_is_address(
    checker: &mut Checker<'_>,
    record: &Record,
    field: usize,
    target: &[u8],
    origin: &[u8],
) -> bool {
    let zone = checker.zone;
    let Some(address) = written_address(zone, record, field, target, origin) else {
        return false;
    };
    checker
        .report_field(
            Rule::NsTargetIsAddress,
            record,
            field,
            format!(
                "MX target {} of {} is the address {address} written as a name",
                Show(target),
                Show(zone.owner(record))
            ),
        )
        .help("name the mail server and give that name an A or AAAA record");
    true
}
