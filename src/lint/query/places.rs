//! Where each owner name of a zone lies: its data, the apex, a cut,
//! below a cut or a DNAME, outside.

use super::index::{ZoneIndex, types};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

/// Where an owner name lies, as the rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The zone's own data.
    Data,
    /// The apex.
    Apex,
    /// A delegation point.
    Cut,
    /// Below a delegation point: only glue is served from here.
    BelowCut,
    /// Below a DNAME: never served.
    BelowDname,
    /// Outside the origin.
    Outside,
}

/// The [`Place`] of every owner name of a zone.
pub struct Places {
    place: Vec<Place>,
}

impl Places {
    /// Classifies every owner, once.
    pub fn new(index: &ZoneIndex<'_>) -> Places {
        let zone = index.zone;
        let mut place = Vec::with_capacity(zone.names.len());
        for id in 0..zone.names.len() as NameId {
            let wire = zone.names.get(id);
            let mut here = if !index.name_in_zone(id) {
                Place::Outside
            } else if Some(id) == index.apex {
                Place::Apex
            } else if index.is_delegation(id) {
                Place::Cut
            } else if index.cut_of(id).is_some() {
                Place::BelowCut
            } else {
                Place::Data
            };
            if index.has_dname
                && matches!(here, Place::Data | Place::Cut)
                && dname_above(index, wire).is_some()
            {
                here = Place::BelowDname;
            }
            place.push(here);
        }
        Places { place }
    }

    /// The place of name `id`.
    pub fn get(&self, id: NameId) -> Place {
        self.place[id as usize]
    }

    /// Whether the record is data the zone serves (or glue it hands out),
    /// and so is looked at by the record rules.
    pub fn serves(&self, record: &Record) -> bool {
        let is_address = record.record_type == types::A || record.record_type == types::AAAA;
        match self.get(record.owner) {
            Place::Data | Place::Apex => true,
            Place::Cut => {
                is_address
                    || matches!(
                        record.record_type,
                        types::NS | types::DS | types::NSEC | types::RRSIG
                    )
            }
            Place::BelowCut => is_address,
            Place::BelowDname | Place::Outside => false,
        }
    }
}

/// The DNAME record at the nearest ancestor of `wire` inside the zone
/// (the apex included), if there is one.
pub fn dname_above<'z>(index: &ZoneIndex<'z>, wire: &[u8]) -> Option<&'z Record> {
    let mut current = name::parent(wire);
    while let Some(ancestor) = current {
        if !index.in_zone(ancestor) {
            break;
        }
        if let Some(id) = index.zone.names.lookup(ancestor) {
            if let Some(record) = index.rrset(id, types::DNAME).next() {
                return Some(record);
            }
        }
        current = name::parent(ancestor);
    }
    None
}
