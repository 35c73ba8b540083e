//! The addresses of an NS target: `special-purpose-address`,
//! `shared-ns-address`.

use crate::lint::query::addresses::{FEW_ADDRESSES, same_address};
use crate::lint::query::hosts::{address_text, special_purpose};
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::records::RECORD_OVERHEAD;
use crate::lint::query::targets::{HostFindings, NsSet, Target, TargetKind, note_host_finding};
use crate::lint::{Checker, Rule};
use crate::name;

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
