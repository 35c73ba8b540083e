//! Sets of addresses: how many distinct ones, whether two are the same.

use crate::lint::query::index::ZoneIndex;
use crate::zone::Record;

/// Whether two A or AAAA RDATA are the same address: compared as one
/// number (a call to compare four or sixteen octets costs more).
pub(crate) fn same_address(a: &[u8], b: &[u8]) -> bool {
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
pub(crate) const FEW_ADDRESSES: usize = 16;

/// How many different addresses `records` (A and AAAA) hold.
pub(crate) fn distinct_addresses(index: &ZoneIndex<'_>, records: &[&Record]) -> u32 {
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
