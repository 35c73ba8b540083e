//! Lookups over a zone that the rules share: the records of each owner,
//! the delegation points, and the nearest zone cut above a name.

use crate::name;
use crate::names::NameId;
use crate::zone::{Record, Zone};

/// Type codes the rules look at.
pub mod types {
    /// A
    pub const A: u16 = 1;
    /// NS
    pub const NS: u16 = 2;
    /// CNAME
    pub const CNAME: u16 = 5;
    /// SOA
    pub const SOA: u16 = 6;
    /// MX
    pub const MX: u16 = 15;
    /// AAAA
    pub const AAAA: u16 = 28;
    /// SRV
    pub const SRV: u16 = 33;
    /// DNAME
    pub const DNAME: u16 = 39;
    /// DS
    pub const DS: u16 = 43;
    /// RRSIG
    pub const RRSIG: u16 = 46;
    /// NSEC
    pub const NSEC: u16 = 47;
}

/// The index of one zone.
pub struct ZoneIndex<'z> {
    /// The zone.
    pub zone: &'z Zone,
    /// The apex name id, when the apex owns a record.
    pub apex: Option<NameId>,
    offsets: Vec<u32>,
    order: Vec<u32>,
    /// Delegation points (in-zone names below the apex with NS), in the
    /// order of their first NS record.
    pub delegations: Vec<NameId>,
    is_delegation: Vec<bool>,
    /// Whether any DNAME is in the zone (else alias checks skip the walk).
    pub has_dname: bool,
}

impl<'z> ZoneIndex<'z> {
    /// Builds the index.
    pub fn new(zone: &'z Zone) -> Self {
        let name_count = zone.names.len();
        let mut offsets = vec![0u32; name_count + 1];
        for record in &zone.records {
            offsets[record.owner as usize + 1] += 1;
        }
        for i in 0..name_count {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut order = vec![0u32; zone.records.len()];
        for (index, record) in zone.records.iter().enumerate() {
            let slot = &mut fill[record.owner as usize];
            order[*slot as usize] = index as u32;
            *slot += 1;
        }
        let apex = zone.origin.as_deref().and_then(|o| zone.names.lookup(o));
        let mut is_delegation = vec![false; name_count];
        let mut delegations = Vec::new();
        let mut has_dname = false;
        for record in &zone.records {
            if record.record_type == types::DNAME {
                has_dname = true;
            }
            if record.record_type == types::NS
                && Some(record.owner) != apex
                && !is_delegation[record.owner as usize]
                && zone.in_zone(record)
            {
                is_delegation[record.owner as usize] = true;
                delegations.push(record.owner);
            }
        }
        let mut index = ZoneIndex {
            zone,
            apex,
            offsets,
            order,
            delegations,
            is_delegation,
            has_dname,
        };
        // NS records below another delegation are occluded data, not a
        // delegation of this zone.
        let occluded: Vec<NameId> = index
            .delegations
            .iter()
            .copied()
            .filter(|&id| index.cut_above(zone.names.get(id)).is_some())
            .collect();
        if !occluded.is_empty() {
            for &id in &occluded {
                index.is_delegation[id as usize] = false;
            }
            index.delegations.retain(|id| !occluded.contains(id));
        }
        index
    }

    /// The records owned by `id`, in file order.
    pub fn records_at(&self, id: NameId) -> impl Iterator<Item = &'z Record> + '_ {
        let start = self.offsets[id as usize] as usize;
        let end = self.offsets[id as usize + 1] as usize;
        self.order[start..end]
            .iter()
            .map(|&i| &self.zone.records[i as usize])
    }

    /// The first SOA record at the apex, if any.
    pub fn apex_soa(&self) -> Option<&'z Record> {
        self.apex
            .and_then(|apex| self.rrset(apex, types::SOA).next())
    }

    /// The records of one type owned by `id`.
    pub fn rrset(&self, id: NameId, record_type: u16) -> impl Iterator<Item = &'z Record> + '_ {
        self.records_at(id)
            .filter(move |r| r.record_type == record_type)
    }

    /// Whether `id` owns a record of `record_type`.
    pub fn has_type(&self, id: NameId, record_type: u16) -> bool {
        self.records_at(id).any(|r| r.record_type == record_type)
    }

    /// Whether `id` is a delegation point.
    pub fn is_delegation(&self, id: NameId) -> bool {
        self.is_delegation[id as usize]
    }

    /// The nearest delegation point strictly above `name`, if any, below
    /// the apex.
    pub fn cut_above(&self, wire: &[u8]) -> Option<NameId> {
        if self.delegations.is_empty() {
            return None;
        }
        let origin_length = self.zone.origin.as_ref().map_or(1, Vec::len);
        let mut current = name::parent(wire)?;
        while current.len() > origin_length {
            if let Some(id) = self.zone.names.lookup(current) {
                if self.is_delegation[id as usize] {
                    return Some(id);
                }
            }
            current = name::parent(current)?;
        }
        None
    }

    /// The delegation `wire` is at or below, if any.
    pub fn cut_at_or_above(&self, wire: &[u8]) -> Option<NameId> {
        if let Some(id) = self.zone.names.lookup(wire) {
            if self.is_delegation(id) {
                return Some(id);
            }
        }
        self.cut_above(wire)
    }

    /// Whether `wire` is inside the zone (at or below the origin).
    pub fn in_zone(&self, wire: &[u8]) -> bool {
        self.zone
            .origin
            .as_deref()
            .is_some_and(|origin| name::is_subdomain(wire, origin))
    }

    /// The A and AAAA records at `wire`.
    pub fn addresses(&self, wire: &[u8]) -> Vec<&'z Record> {
        self.addresses_of(self.zone.names.lookup(wire))
    }

    /// Whether a wildcard in the zone's data gives `wire` an address: a
    /// `*.ANCESTOR` with A or AAAA records, for an ancestor between the name
    /// and the origin (RFC 4592 synthesis).
    pub fn has_wildcard_address(&self, wire: &[u8]) -> bool {
        self.covering_wildcard(wire)
            .is_some_and(|id| !self.addresses_of(Some(id)).is_empty())
    }

    /// The wildcard of the zone's data that covers `wire`, if any: `*`
    /// below the closest ancestor of the name that exists (RFC 4592 §3.3).
    pub fn covering_wildcard(&self, wire: &[u8]) -> Option<NameId> {
        let mut candidate = Vec::with_capacity(wire.len() + 2);
        let mut current = name::parent(wire);
        while let Some(ancestor) = current {
            if !self.in_zone(ancestor) {
                break;
            }
            candidate.clear();
            candidate.extend_from_slice(b"\x01*");
            candidate.extend_from_slice(ancestor);
            if let Some(id) = self.zone.names.lookup(&candidate) {
                return Some(id);
            }
            if self.zone.names.lookup(ancestor).is_some() {
                // The closest encloser exists: no wildcard above it applies.
                break;
            }
            current = name::parent(ancestor);
        }
        None
    }

    /// The A and AAAA records of name `id`, if it is one.
    pub fn addresses_of(&self, id: Option<NameId>) -> Vec<&'z Record> {
        match id {
            Some(id) => self
                .records_at(id)
                .filter(|r| r.record_type == types::A || r.record_type == types::AAAA)
                .collect(),
            None => Vec::new(),
        }
    }

    /// Whether `wire` (whose id is `id`, when it owns records) is an alias:
    /// a CNAME or DNAME owner, or below a DNAME inside the zone.
    pub fn is_alias(&self, wire: &[u8], id: Option<NameId>) -> Option<&'z Record> {
        if let Some(id) = id {
            if let Some(record) = self
                .records_at(id)
                .find(|r| r.record_type == types::CNAME || r.record_type == types::DNAME)
            {
                return Some(record);
            }
        }
        if !self.has_dname {
            return None;
        }
        let mut current = name::parent(wire);
        while let Some(ancestor) = current {
            if !self.in_zone(ancestor) {
                break;
            }
            if let Some(id) = self.zone.names.lookup(ancestor) {
                if let Some(record) = self.rrset(id, types::DNAME).next() {
                    return Some(record);
                }
            }
            current = name::parent(ancestor);
        }
        None
    }
}
