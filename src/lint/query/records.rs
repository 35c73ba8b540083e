//! Small facts about single records: the SOA serial, TTL limit, text
//! types, where a record sits in the zone.

use crate::zone::queries::MAX_STRING;
use crate::zone::{Record, Zone};

/// TTLs from here up are read as zero (RFC 2181 §8).
pub const TTL_LIMIT: u32 = 1 << 31;
/// The serial of SOA RDATA.
pub fn soa_serial(rdata: &[u8]) -> Option<u32> {
    let at = rdata.len().checked_sub(20)?;
    Some(u32::from_be_bytes(rdata[at..at + 4].try_into().ok()?))
}

/// The index of `record` in `zone.records`, when it is one of them.
pub(crate) fn record_position(zone: &Zone, record: &Record) -> Option<usize> {
    let size = std::mem::size_of::<Record>();
    let start = zone.records.as_ptr() as usize;
    let offset = (record as *const Record as usize).checked_sub(start)?;
    let position = offset / size;
    (offset % size == 0 && position < zone.records.len()).then_some(position)
}

/// Types whose RDATA is a list of `<character-string>`s that the reader
/// splits when one is written too long: TXT, SPF, NINFO, AVC, RESINFO,
/// WALLET.
pub fn is_text_type(record_type: u16) -> bool {
    matches!(record_type, 16 | 99 | 56 | 258 | 261 | 262)
}

/// Whether RDATA made of character-strings has one of exactly 255 octets:
/// the reader makes those when it splits a longer one, so only such
/// records need their source read again.
pub fn has_full_string(data: &[u8]) -> bool {
    let mut at = 0;
    while let Some(&length) = data.get(at) {
        if length as usize == MAX_STRING {
            return true;
        }
        at += 1 + length as usize;
    }
    false
}

/// Octets of a referral before its records: the header (12), a maximal
/// query name (255), its type and class (4).
pub(crate) const REFERRAL_HEADER: usize = 12 + 255 + 4;

/// Octets of a record besides its owner and RDATA when the owner is a
/// compression pointer: the pointer (2), type, class, TTL and RDATA
/// length (10).
pub(crate) const RECORD_OVERHEAD: usize = 2 + 10;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn serial_is_read_from_the_end() {
        let mut data = wire("ns.");
        data.extend_from_slice(&wire("h."));
        for value in [7u32, 1, 2, 3, 4] {
            data.extend_from_slice(&value.to_be_bytes());
        }
        assert_eq!(soa_serial(&data), Some(7));
        assert_eq!(soa_serial(&[0; 3]), None);
    }
}
