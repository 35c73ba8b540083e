//! The pass over the domain names in the RDATA of records other than NS
//! (whose targets the NS-set pass checks): each is handed to
//! `missing-trailing-dot` ([`crate::lint::rules::trailing_dot`]), an MX
//! target first to `ns-target-is-address`.

use crate::lint::Checker;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::rules::{ns_targets, trailing_dot};
use crate::rdata::wire_name_length;

/// Up to two domain names in one RDATA, each with the index of the
/// written field that holds it.
pub type RdataNames<'a> = [Option<(usize, &'a [u8])>; 2];

/// The domain names in the RDATA of a record of `record_type` (other than
/// NS) and the fields that hold them; see
/// [`crate::lint::query::index::has_rdata_names`] for the types.
pub fn rdata_names(record_type: u16, data: &[u8]) -> RdataNames<'_> {
    let name_at = |at: usize| -> Option<&[u8]> {
        let rest = data.get(at..)?;
        let length = wire_name_length(rest)?;
        Some(&rest[..length])
    };
    let one = |field: usize, at: usize| [name_at(at).map(|n| (field, n)), None];
    match record_type {
        // CNAME, MB, MG, MR, PTR, DNAME: the name is the RDATA.
        5 | 7 | 8 | 9 | 12 | types::DNAME => one(0, 0),
        // SOA, MINFO, RP: two names first.
        6 | 14 | 17 => {
            let first = name_at(0);
            let second = first.and_then(|first| name_at(first.len()));
            [first.map(|n| (0, n)), second.map(|n| (1, n))]
        }
        // MX, AFSDB, RT, KX: a 16-bit number, then the name.
        15 | 18 | 21 | 36 => one(1, 2),
        // SRV: priority, weight, port, target.
        33 => one(3, 6),
        // NAPTR: order, preference, three strings, the replacement.
        35 => {
            let mut at = 4;
            for _ in 0..3 {
                let Some(&length) = data.get(at) else {
                    return [None, None];
                };
                at += 1 + usize::from(length);
            }
            one(5, at)
        }
        _ => [None, None],
    }
}

/// `missing-trailing-dot` on every name in the RDATA of the zone's
/// records other than NS, and `ns-target-is-address` on MX targets.
///
/// A forgotten dot is an error when the name as written does not exist in
/// the zone (no record, no empty non-terminal, no wildcard answers, no
/// alias above it and no delegation it lies under): the record is broken
/// as it stands. Otherwise it is a warning, and so it is in an SOA, whose
/// names no query follows.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>) {
    let zone = index.zone;
    let Some(origin) = zone.origin.as_deref() else {
        return;
    };
    for record in index
        .name_records
        .iter()
        .map(|&i| &zone.records[i as usize])
    {
        // Records the zone does not serve are out-of-zone's.
        if !index.in_zone(zone.owner(record)) {
            continue;
        }
        let data = zone.rdata(record);
        for (field, target) in rdata_names(record.record_type, data).into_iter().flatten() {
            if record.record_type == types::MX
                && ns_targets::check_mx_target_is_address(checker, record, field, target, origin)
            {
                continue;
            }
            trailing_dot::check_rdata_name(checker, index, record, field, target, origin);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn the_names_of_each_type_are_found_in_their_fields() {
        let a = wire("a.example.");
        let b = wire("b.example.");
        let both = [a.clone(), b.clone()].concat();
        assert_eq!(rdata_names(5, &a), [Some((0, &a[..])), None]);
        assert_eq!(
            rdata_names(6, &[&both[..], &[0; 20]].concat())[1],
            Some((1, &b[..]))
        );
        assert_eq!(
            rdata_names(15, &[&[0, 10][..], &a].concat()),
            [Some((1, &a[..])), None]
        );
        assert_eq!(
            rdata_names(33, &[&[0; 6][..], &a].concat())[0],
            Some((3, &a[..]))
        );
        let naptr = [&[0, 1, 0, 2, 1, b'U', 3, b'E', b'2', b'U', 0][..], &a].concat();
        assert_eq!(rdata_names(35, &naptr)[0], Some((5, &a[..])));
        assert_eq!(rdata_names(35, &[0, 1, 0, 2, 9]), [None, None]);
        assert_eq!(rdata_names(16, &a), [None, None]);
    }
}
