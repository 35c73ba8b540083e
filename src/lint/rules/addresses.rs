//! The addresses of an NS target: `special-purpose-address`,
//! `shared-ns-address`.

use crate::lint::query::addresses::{FEW_ADDRESSES, same_address};
use crate::lint::query::hosts::{address_text, special_purpose};
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::records::RECORD_OVERHEAD;
use crate::lint::query::targets::{HostFindings, NsSet, Target, TargetKind, note_host_finding};
use crate::lint::{Checker, Rule};
use crate::name;

/// The documentation of `special-purpose-address`, in the fixed sections: `zonelint rule
/// special-purpose-address` prints it and the README rule table is made from it.
pub const SPECIAL_PURPOSE_ADDRESS: &str = "\
    ## What it does\n\
    Reports glue or apex name-server addresses in loopback, private, link-local,\n\
    documentation, multicast, benchmarking or unspecified space.\n\
    ## Why it matters\n\
    Such addresses cannot be reached from the Internet.\n\
    ## Example\n\
    `ns1 A 10.0.0.1` for an apex NS.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 6890, IANA special-purpose address registries, Zonemaster ADDRESS01.\n";

/// The documentation of `shared-ns-address`, in the fixed sections: `zonelint rule
/// shared-ns-address` prints it and the README rule table is made from it.
pub const SHARED_NS_ADDRESS: &str = "\
    ## What it does\n\
    Reports two name servers of one NS set that share an address.\n\
    ## Why it matters\n\
    They are one server: the redundancy of the NS set is less than it looks.\n\
    ## Example\n\
    `ns1 A 192.0.2.1` and `ns2 A 192.0.2.1`, both apex NS.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 2182 §3.1, Zonemaster DELEGATION02.\n";

/// The addresses of the targets of one NS set so far, each with the
/// first target that has it: a list while it is short, then also a hash
/// table.
#[derive(Default)]
pub(crate) struct AddressOwners<'z> {
    list: Vec<(&'z [u8], &'z [u8])>,
    table: rustc_hash::FxHashMap<&'z [u8], &'z [u8]>,
}

impl<'z> AddressOwners<'z> {
    pub(crate) fn clear(&mut self) {
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
pub(crate) fn check_target_addresses<'z>(
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
