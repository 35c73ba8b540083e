//! Whether two zones hold the same records, compared as a fresh read would
//! give them: owner (without case), TTL, class, type and RDATA, as a
//! multiset, in any order.
//!
//! The formatter and the fix compare the zone they were given with the text
//! they wrote, read back. Copying every record into an owned tuple and
//! sorting those cost more than both reads together on a large zone (two
//! allocations a record, and memcmp on every comparison of the sort); here
//! each record is one 64-bit word, a 32-bit key above its index, sorted by
//! key, and records are compared byte for byte only where keys are equal —
//! which makes the answer exact whatever the keys collide on.

use std::cmp::Ordering;
use std::hash::Hasher as _;

use crate::zone::{Record, Zone};

/// One side of a comparison: a zone, with the RDATA of one record replaced
/// (the SOA whose serial a formatter raises).
#[derive(Clone, Copy)]
pub struct Side<'z> {
    /// The zone.
    pub zone: &'z Zone,
    /// The index of a record in `zone.records` and the RDATA it is to be
    /// compared with instead of its own.
    pub replaced: Option<(usize, &'z [u8])>,
}

impl<'z> Side<'z> {
    /// The zone's records as they are.
    pub fn of(zone: &'z Zone) -> Self {
        Side {
            zone,
            replaced: None,
        }
    }

    fn rdata(&self, index: usize) -> &'z [u8] {
        match self.replaced {
            Some((at, rdata)) if at == index => rdata,
            _ => self.zone.rdata(&self.zone.records[index]),
        }
    }

    fn record(&self, index: usize) -> &'z Record {
        &self.zone.records[index]
    }

    /// The key of record `index`: a hash of its owner's hash (see
    /// [`owner_hashes`]), TTL, class, type and RDATA.
    fn key(&self, index: usize, owners: &[u64]) -> u64 {
        let record = self.record(index);
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write_u64(owners[record.owner as usize]);
        hasher.write_u32(self.zone.ttl(record));
        hasher.write_u16(self.zone.record_class(record));
        hasher.write_u16(record.record_type);
        hasher.write(self.rdata(index));
        mix(hasher.finish())
    }

    /// The full order of two records, owners compared without case.
    fn compare(&self, a: usize, other: &Side<'_>, b: usize) -> Ordering {
        let (left, right) = (self.record(a), other.record(b));
        let owners = self
            .zone
            .owner(left)
            .iter()
            .map(u8::to_ascii_lowercase)
            .cmp(other.zone.owner(right).iter().map(u8::to_ascii_lowercase));
        let (left_shape, right_shape) = (self.zone.shape(left), other.zone.shape(right));
        owners
            .then(left_shape.ttl.cmp(&right_shape.ttl))
            .then(left_shape.class.cmp(&right_shape.class))
            .then(left.record_type.cmp(&right.record_type))
            .then_with(|| self.rdata(a).cmp(other.rdata(b)))
    }

    /// Every record as its key (the high 32 bits of [`Side::key`]) above
    /// its index, sorted by key and, among equal keys, by the records
    /// themselves. (Records are fewer than 2^32: a zone's text is.)
    fn sorted(&self) -> Vec<u64> {
        let owners = owner_hashes(self.zone);
        let mut keys: Vec<u64> = (0..self.zone.records.len())
            .map(|i| self.key(i, &owners) & KEY_BITS | i as u64)
            .collect();
        drop(owners);
        keys.sort_unstable_by(|&a, &b| {
            (a & KEY_BITS)
                .cmp(&(b & KEY_BITS))
                .then_with(|| self.compare(index(a), self, index(b)))
        });
        keys
    }
}

/// The key's part of a sorted word.
const KEY_BITS: u64 = !0xffff_ffff;

/// The record index of a sorted word.
fn index(word: u64) -> usize {
    (word & 0xffff_ffff) as usize
}

/// FxHash's last step leaves the low bits weak; a final mix spreads them
/// so that the sort's comparisons rarely tie.
fn mix(mut key: u64) -> u64 {
    key ^= key >> 33;
    key = key.wrapping_mul(0xff51_afd7_ed55_8ccd);
    key ^ (key >> 33)
}

/// The hash of each owner name of a zone, in lower case: a name is hashed
/// once, not once per record it owns.
fn owner_hashes(zone: &Zone) -> Vec<u64> {
    let mut lower = [0u8; 256];
    (0..zone.names.len() as u32)
        .map(|id| {
            let name = zone.names.get(id);
            let lower = &mut lower[..name.len()];
            lower.copy_from_slice(name);
            lower.make_ascii_lowercase();
            let mut hasher = rustc_hash::FxHasher::default();
            hasher.write(lower);
            hasher.finish()
        })
        .collect()
}

/// Whether record `a` of `a_zone`, with RDATA `a_rdata` (its own, or one
/// that replaces it), and record `b` of `b_zone` are the same record:
/// owner (without case), TTL, class, type and RDATA, byte for byte.
pub fn same_record(a_zone: &Zone, a: &Record, a_rdata: &[u8], b_zone: &Zone, b: &Record) -> bool {
    let (a_shape, b_shape) = (a_zone.shape(a), b_zone.shape(b));
    a_shape.ttl == b_shape.ttl
        && a_shape.class == b_shape.class
        && a.record_type == b.record_type
        && a_rdata == b_zone.rdata(b)
        && crate::name::eq_ignore_case(a_zone.owner(a), b_zone.owner(b))
}

/// Whether `a` and `b` hold the same records (as multisets).
pub fn same_records(a: Side<'_>, b: Side<'_>) -> bool {
    if a.zone.records.len() != b.zone.records.len() {
        return false;
    }
    // The two sides are sorted at once, on two cores.
    let (left, right) = std::thread::scope(|scope| {
        let left = scope.spawn(|| a.sorted());
        let right = b.sorted();
        (left.join().expect("sorting does not panic"), right)
    });
    if left
        .iter()
        .zip(&right)
        .any(|(ka, kb)| ka & KEY_BITS != kb & KEY_BITS)
    {
        return false;
    }
    // The records paired by the sort are compared in `a`'s file order: a
    // formatter or a fix keeps most records in place, so both sides are
    // read nearly in order instead of at random.
    let mut partner = vec![0u32; left.len()];
    for (&l, &r) in left.iter().zip(&right) {
        partner[index(l)] = index(r) as u32;
    }
    drop((left, right));
    partner
        .iter()
        .enumerate()
        .all(|(ia, &ib)| a.compare(ia, &b, ib as usize) == Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::{LoadOptions, load_source};

    fn zone(text: &str) -> Zone {
        let options = LoadOptions {
            origin: Some(b"\x07example\x03com\x00".to_vec()),
            ..LoadOptions::default()
        };
        load_source("t.zone".into(), text.as_bytes().to_vec(), &options)
    }

    #[test]
    fn order_and_owner_case_do_not_matter_but_data_does() {
        let a = zone("$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.3\n");
        let b = zone("$TTL 60\nMAIL A 192.0.2.2\nwww A 192.0.2.3\nWWW A 192.0.2.1\n");
        assert!(same_records(Side::of(&a), Side::of(&b)));
        for other in [
            "$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.4\n",
            "$TTL 61\nwww A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.3\n",
            "$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\n",
            "$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\nwww A 192.0.2.1\n",
        ] {
            assert!(
                !same_records(Side::of(&a), Side::of(&zone(other))),
                "{other}"
            );
        }
    }

    #[test]
    fn a_repeated_record_counts_as_often_as_it_is_written() {
        let a = zone("$TTL 60\nwww A 192.0.2.1\nwww A 192.0.2.1\nmail A 192.0.2.2\n");
        let b = zone("$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\nmail A 192.0.2.2\n");
        assert!(!same_records(Side::of(&a), Side::of(&b)));
    }

    #[test]
    fn a_replaced_rdata_is_compared_instead_of_the_record_s_own() {
        let a = zone("$TTL 60\nwww A 192.0.2.1\nmail A 192.0.2.2\n");
        let b = zone("$TTL 60\nwww A 192.0.2.9\nmail A 192.0.2.2\n");
        let nine = [192, 0, 2, 9];
        let replaced = Side {
            zone: &a,
            replaced: Some((0, &nine)),
        };
        assert!(same_records(replaced, Side::of(&b)));
        assert!(!same_records(Side::of(&a), Side::of(&b)));
    }
}
