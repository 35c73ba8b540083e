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
