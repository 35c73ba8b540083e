//! The delegation and glue rules (DESIGN §4, first two tables): every NS
//! set of the zone — the apex and each delegation — with its targets
//! classified as in-domain, sibling, in the zone's own data or outside,
//! the registry limits of the active profile, and the data around cuts.

use std::collections::{BTreeSet, HashMap};

use super::query::hosts::{
    address_text, host_depth, host_name_problem, special_purpose, written_address,
};
use super::query::index::{NameSet, ZoneIndex, types};
use super::query::lookup::Query;
use super::query::records::record_position;
use super::query::show::Show;
use super::query::targets::{Target, TargetCache, TargetKind, ns_targets, ns_targets_into};
use super::rules::trailing_dot::report_forgotten_dot;
use super::{Checker, Rule, Settings};
use crate::finding::{Finding, Severity};
use crate::name;
use crate::names::NameId;
use crate::profile::Profile;
use crate::zone::Record;

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

/// Findings about a glue host's addresses (by index into the findings of
/// a range of NS sets), each with the position of the record it is about:
/// two workers may both report one, and only the record tells them apart
/// (the records of one `$GENERATE` line share its place).
type HostFindings = Vec<(usize, usize)>;

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
    let mut owners: Vec<NameId> = Vec::with_capacity(index.delegations.len() + 1);
    if let Some(apex) = index.apex.filter(|&apex| index.has_type(apex, types::NS)) {
        owners.push(apex);
    }
    owners.extend_from_slice(&index.delegations);
    // An NS set below a DNAME is never served (the DNAME redirects its
    // name): dname-conflict reports it, its targets are no question.
    if index.has_dname {
        owners.retain(|&owner| index.topmost_dname_above(zone.names.get(owner)).is_none());
    }
    // Each worker keeps its own sets of the names its NS sets named and
    // found clear of the cut rules (see [`check_cut_data`]), joined after:
    // no atomic operation per target.
    let (parts, workers) = super::in_chunks_with(
        owners.len(),
        PARALLEL_MINIMUM,
        || Scratch::new(zone.names.len()),
        |scratch, range| {
            let mut part = Checker::new(zone);
            let mut sibling_edges = Vec::new();
            for &owner in &owners[range] {
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
    let parts = super::in_chunks(zone.names.len(), PARALLEL_MINIMUM, |range| {
        let mut part = Checker::new(zone);
        check_cut_data(&mut part, index, (&all.named, &all.clear), range);
        part.findings
    });
    checker.findings.extend(parts.into_iter().flatten());
}

fn owner_text(index: &ZoneIndex<'_>, id: NameId) -> String {
    name::to_string(index.zone.names.get(id))
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
    if name::labels(owner_wire).next() == Some(b"*") {
        checker
            .report_record(
                Rule::NsWildcardOwner,
                first,
                format!("NS records are owned by the wildcard {owner_name}"),
            )
            .help("delegate an explicit name; a wildcard NS set does not act as a delegation (RFC 4592 §4.2)");
    }
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
        check_target(
            checker,
            index,
            &set,
            target,
            address.as_deref(),
            sibling_edges,
        );
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

/// The NS set a target is checked for.
struct NsSet<'a> {
    owner: NameId,
    owner_name: &'a Show<'a>,
    is_apex: bool,
}

/// The rules of one NS target on its own: written as an address, a
/// forgotten final dot, an alias, no address where the zone must have one.
fn check_target(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    set: &NsSet<'_>,
    target: &Target<'_>,
    address: Option<&str>,
    sibling_edges: &mut Vec<(NameId, NameId, usize)>,
) {
    let zone = index.zone;
    let &NsSet {
        owner,
        owner_name,
        is_apex,
    } = set;
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
        return;
    }
    if target.shape.missing_dot
        && report_forgotten_dot(checker, target.record, target.name, 0, "NS target")
    {
        // One finding per cause: the forgotten dot carries the error when
        // the name as written gets no address (the delegation is broken),
        // and is a warning when it does.
        let finding = checker.findings.last_mut().expect("just reported");
        if target.addresses.is_empty() {
            finding
                .message
                .push_str(", which has no address in this zone");
        } else {
            finding.severity = Severity::Warning;
        }
        return;
    }
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

/// The registry's limit on the number of name servers of an NS set.
fn check_ns_count(
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
fn check_host_limits(
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

/// Notes that the last finding is about the addresses of a glue host,
/// and which record it is on.
fn note_host_finding(checker: &Checker<'_>, host_findings: &mut HostFindings, record: &Record) {
    if let Some(position) = record_position(checker.zone, record) {
        host_findings.push((checker.findings.len() - 1, position));
    }
}

/// Whether two A or AAAA RDATA are the same address: compared as one
/// number (a call to compare four or sixteen octets costs more).
fn same_address(a: &[u8], b: &[u8]) -> bool {
    match (<[u8; 4]>::try_from(a), <[u8; 4]>::try_from(b)) {
        (Ok(a), Ok(b)) => u32::from_ne_bytes(a) == u32::from_ne_bytes(b),
        _ => match (<[u8; 16]>::try_from(a), <[u8; 16]>::try_from(b)) {
            (Ok(a), Ok(b)) => u128::from_ne_bytes(a) == u128::from_ne_bytes(b),
            _ => a == b,
        },
    }
}

/// Addresses up to which the address checks compare each with every
/// other; above it they sort or hash (a host may have thousands).
const FEW_ADDRESSES: usize = 16;

/// How many different addresses `records` (A and AAAA) hold.
fn distinct_addresses(index: &ZoneIndex<'_>, records: &[&Record]) -> u32 {
    let zone = index.zone;
    if records.len() > FEW_ADDRESSES {
        let mut data: Vec<&[u8]> = records.iter().map(|r| zone.rdata(r)).collect();
        data.sort_unstable();
        data.dedup();
        return data.len() as u32;
    }
    records
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let data = zone.rdata(r);
            !records[..*i]
                .iter()
                .any(|o| same_address(zone.rdata(o), data))
        })
        .count() as u32
}

/// The addresses of the targets of one NS set so far, each with the
/// first target that has it: a list while it is short, then also a hash
/// table.
#[derive(Default)]
struct AddressOwners<'z> {
    list: Vec<(&'z [u8], &'z [u8])>,
    table: rustc_hash::FxHashMap<&'z [u8], &'z [u8]>,
}

impl<'z> AddressOwners<'z> {
    fn clear(&mut self) {
        self.list.clear();
        self.table.clear();
    }

    /// The first target that has the address `data`.
    fn owner(&self, data: &[u8]) -> Option<&'z [u8]> {
        if self.list.len() > FEW_ADDRESSES {
            return self.table.get(data).copied();
        }
        self.list
            .iter()
            .find(|(d, _)| same_address(d, data))
            .map(|(_, o)| *o)
    }

    /// Records that `target` has `data`, an address no target had.
    fn insert(&mut self, data: &'z [u8], target: &'z [u8]) {
        self.list.push((data, target));
        if self.list.len() > FEW_ADDRESSES {
            if self.table.is_empty() {
                self.table.extend(self.list.iter().copied());
            } else {
                self.table.insert(data, target);
            }
        }
    }
}

/// The addresses of one NS target: special-purpose space for glue or
/// apex hosts, and an address another name server of the set also has
/// (`owners_of`: the addresses of the set's targets so far). The first is
/// a fact of the host, checked at its `first_look`; the second, of the set.
/// Returns the octets the addresses take in a referral.
fn check_target_addresses<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    set: &NsSet<'_>,
    (target, first_look): (&Target<'z>, bool),
    owners_of: &mut AddressOwners<'z>,
    host_findings: &mut HostFindings,
) -> usize {
    let zone = index.zone;
    let &NsSet {
        owner_name,
        is_apex,
        ..
    } = set;
    let glue_or_apex =
        is_apex || matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_));
    let check_space = glue_or_apex && first_look;
    let mut octets = 0;
    for record in &target.addresses {
        let data = zone.rdata(record);
        octets += RECORD_OVERHEAD + data.len();
        if check_space {
            if let Some(space) = special_purpose(data) {
                checker
                    .report_record(
                        Rule::SpecialPurposeAddress,
                        record,
                        format!(
                            "{} of name server {} is in {space} space",
                            address_text(data),
                            name::to_string(target.name)
                        ),
                    )
                    .help("name servers need addresses reachable from the Internet");
                note_host_finding(checker, host_findings, record);
            }
        }
        match owners_of.owner(data) {
            Some(other) if !name::eq_ignore_case(other, target.name) => {
                checker
                    .report_record(
                        Rule::SharedNsAddress,
                        record,
                        format!(
                            "name servers {} and {} of {owner_name} share the address {}",
                            name::to_string(other),
                            name::to_string(target.name),
                            address_text(data)
                        ),
                    )
                    .help("give each name server its own address, ideally on another network");
            }
            Some(_) => {}
            None => {
                owners_of.insert(data, target.name);
            }
        }
    }
    octets
}

/// Octets of a referral before its records: the header (12), a maximal
/// query name (255), its type and class (4).
const REFERRAL_HEADER: usize = 12 + 255 + 4;

/// Octets of a record besides its owner and RDATA when the owner is a
/// compression pointer: the pointer (2), type, class, TTL and RDATA
/// length (10).
const RECORD_OVERHEAD: usize = 2 + 10;

/// The size of the referral for a delegation: a maximal query name below
/// it, the NS set and the in-domain glue, with name compression.
pub fn referral_size(owner: &[u8], targets: &[&[u8]], glue: &[&[u8]], edns: bool) -> usize {
    let mut size = REFERRAL_HEADER;
    for (i, target) in targets.iter().enumerate() {
        // The owner and the targets before this one can be pointed to.
        let known = std::iter::once(owner).chain(targets[..i].iter().copied());
        size += RECORD_OVERHEAD + compressed_length(target, known);
    }
    for data in glue {
        size += RECORD_OVERHEAD + data.len();
    }
    if edns {
        size += 11;
    }
    size
}

fn compressed_length<'a>(name_wire: &[u8], known: impl Iterator<Item = &'a [u8]> + Clone) -> usize {
    let mut offset = 0;
    let mut suffix = name_wire;
    loop {
        if suffix.len() <= 1 {
            return name_wire.len();
        }
        if known.clone().any(|k| name::is_subdomain(k, suffix)) {
            return offset + 2;
        }
        let label = suffix[0] as usize + 1;
        offset += label;
        suffix = &suffix[label..];
    }
}

fn check_referral_size<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    (owner, owner_name, upper_bound): (NameId, &Show<'_>, usize),
    targets: &[Target<'z>],
    (names, glue): (&mut Vec<&'z [u8]>, &mut Vec<&'z [u8]>),
) {
    let zone = index.zone;
    // `upper_bound`: the size without compression, never smaller.
    if upper_bound <= 512 {
        return;
    }
    names.clear();
    names.extend(targets.iter().map(|t| t.name));
    // Each RRset counts as the set it is: a record written twice is sent
    // once.
    glue.clear();
    for target in targets.iter().filter(|t| t.kind == TargetKind::InDomain) {
        let start = glue.len();
        if target.addresses.len() > FEW_ADDRESSES {
            glue.extend(target.addresses.iter().map(|r| zone.rdata(r)));
            glue[start..].sort_unstable();
            let mut kept = start;
            for at in start..glue.len() {
                if kept == start || glue[kept - 1] != glue[at] {
                    glue[kept] = glue[at];
                    kept += 1;
                }
            }
            glue.truncate(kept);
            continue;
        }
        for record in &target.addresses {
            let data = zone.rdata(record);
            if !glue[start..].iter().any(|d| same_address(d, data)) {
                glue.push(data);
            }
        }
    }
    let owner_wire = zone.names.get(owner);
    let plain = referral_size(owner_wire, names, glue, false);
    if plain <= 512 {
        return;
    }
    let with_edns = referral_size(owner_wire, names, glue, true);
    let finding = checker.report_record(
        Rule::ReferralTooLarge,
        targets[0].record,
        format!(
            "the referral for {owner_name} ({} name servers, {} in-domain glue records) takes {plain} octets with a maximal query name, over 512",
            targets.len(),
            glue.len()
        ),
    );
    if with_edns > 1232 {
        finding.severity = Severity::Error;
        finding
            .message
            .push_str(&format!(", and {with_edns} octets with EDNS, over 1232"));
    }
    finding.help(
        "use fewer name servers, fewer glue addresses, or name servers outside the delegation",
    );
}

/// Sibling dependencies can make a delegation unreachable: a delegation
/// is reachable when one of its name servers has glue, lies outside the
/// zone or in its own data, or lies below a reachable delegation. The
/// missing-sibling-glue findings of the delegations that are not (their
/// dependencies close a cycle) become errors.
fn escalate_cycles(
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

/// Orphan glue and occluded data: records at and below delegation points.
fn check_cut_data(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    (named, clear): (&NameSet, &NameSet),
    owners: std::ops::Range<usize>,
) {
    let zone = index.zone;
    if index.delegations.is_empty() {
        return;
    }
    for owner in owners.start as NameId..owners.end as NameId {
        let cut = index.cut_of(owner);
        // Names the NS sets found clear need no second look at their
        // records (most names of a large zone).
        if cut.is_none() && !index.is_delegation(owner) || clear.contains(owner) {
            continue;
        }
        for record in index.records_at(owner) {
            let is_address = record.record_type == types::A || record.record_type == types::AAAA;
            let owner_name = || name::to_string(zone.owner(record));
            let type_name = || crate::rrtype::type_name(record.record_type);
            if let Some(cut) = cut {
                if is_address {
                    if !named.contains(owner) {
                        report_orphan(checker, record, &owner_name(), &owner_text(index, cut));
                    }
                } else {
                    checker
                        .report_record(
                            Rule::OccludedData,
                            record,
                            format!(
                                "{} record at {} lies below the delegation {} and is never served",
                                type_name(),
                                owner_name(),
                                owner_text(index, cut)
                            ),
                        )
                        .help("move it into the child zone, or remove it");
                }
            } else if index.is_delegation(owner) {
                match record.record_type {
                    // An alias beside NS is cname-and-other-data's or
                    // dname-conflict's, not occluded data.
                    types::NS
                    | types::DS
                    | types::NSEC
                    | types::RRSIG
                    | types::CNAME
                    | types::DNAME => {}
                    types::A | types::AAAA => {
                        if !named.contains(owner) {
                            report_orphan(checker, record, &owner_name(), &owner_name());
                        }
                    }
                    _ => {
                        checker
                        .report_record(
                            Rule::OccludedData,
                            record,
                            format!(
                                "{} record at the delegation point {} is never served (only NS, DS, NSEC and RRSIG are)",
                                type_name(),
                                owner_name()
                            ),
                        )
                        .help("move it into the child zone, or remove it");
                    }
                }
            }
        }
    }
}

fn report_orphan(checker: &mut Checker<'_>, record: &Record, owner: &str, cut: &str) {
    let zone = checker.zone;
    let data = zone.rdata(record);
    let (file, span) = zone.record_span(record);
    let deletable = deletion_is_safe(zone, record);
    let finding = checker.report_record(
        Rule::OrphanGlue,
        record,
        format!(
            "{} for {owner} is glue below the delegation {cut}, but no NS record names {owner}",
            address_text(data)
        ),
    );
    finding.help("remove it, or add the NS record that should use it");
    if deletable {
        finding.fix = Some(crate::finding::Fix {
            title: format!("Delete the orphan glue for {owner}"),
            applicability: crate::finding::Applicability::Unsafe,
            edits: vec![crate::finding::Edit {
                file,
                span,
                replacement: String::new(),
            }],
        });
    }
}

/// Deleting a record's line is safe when the line is its own entry and
/// the next record does not inherit its owner.
fn deletion_is_safe(zone: &crate::zone::Zone, record: &Record) -> bool {
    if record.flags & crate::zone::FLAG_GENERATED != 0 {
        return false;
    }
    let file = &zone.files[record.file as usize];
    let entry = record.entry as usize;
    let starts_with_owner = |index: usize| {
        let span = file.entries[index].span;
        !matches!(file.text.get(span.start as usize), Some(b' ' | b'\t'))
    };
    if !starts_with_owner(entry) {
        return true;
    }
    match file.entries[entry + 1..]
        .iter()
        .position(|e| e.kind != crate::syntax::EntryKind::Empty)
    {
        Some(offset) => {
            let next = entry + 1 + offset;
            file.entries[next].kind != crate::syntax::EntryKind::Record || starts_with_owner(next)
        }
        None => true,
    }
}

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
        for &delegation in &parent.delegations {
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
fn authoritative_zone(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn referral_size_uses_compression() {
        let owner = wire("shop.example.com.");
        let ns1 = wire("ns1.shop.example.com.");
        // 12 + 259 question; NS: 2 + 10 + ("ns1" label 4 + pointer 2); glue: 2 + 10 + 4.
        assert_eq!(
            referral_size(&owner, &[&ns1], &[&[192, 0, 2, 1]], false),
            12 + 259 + 18 + 16
        );
    }
}
