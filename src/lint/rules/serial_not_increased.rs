//! `serial-not-increased`: the zone file compared with its version at git
//! `HEAD` (read through [`CommittedVersion`]). Silent outside a git
//! work tree, for a file git does not track, and when git says the file is
//! unchanged, so that the common case costs one `git diff --quiet`, one
//! `git ls-files` and no copy of the old text.

use std::hash::{Hash, Hasher};

pub use crate::lint::query::committed::{
    Committed, CommittedVersion, Git, InMemory, VersionError, committed_zone, load_committed,
};
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::records::soa_serial;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Zone;

/// The documentation of `serial-not-increased`, in the fixed sections: `zonelint rule
/// serial-not-increased` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports a zone file whose records differ from the version committed at git `HEAD` while\n\
    its SOA serial did not increase (RFC 1982 arithmetic). Silent outside a git work tree,\n\
    for untracked files, and when only comments, layout or order changed.\n\
    ## Why it matters\n\
    Secondaries transfer a zone only when the serial grows: the change would never reach\n\
    them.\n\
    ## Example\n\
    Adding `www A 192.0.2.1` and committing with the serial still `2024010101`.\n\
    ## Fix safety\n\
    No fix: raise the serial (`zonelint format --bump-serial`).\n\
    ## References\n\
    RFC 1982 §3, RFC 1035 §3.3.13, RFC 1996 §4.\n";

/// Reports the apex SOA when the records changed since `HEAD` but the
/// serial did not increase.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, committed: &dyn CommittedVersion) {
    let zone = index.zone;
    let Some(soa) = index.apex_soa() else {
        return;
    };
    let Some(serial) = soa_serial(zone.rdata(soa)) else {
        return;
    };
    let Ok(Some(old)) = committed_zone(zone, committed, "HEAD") else {
        return;
    };
    // A version that does not read cleanly cannot be compared fairly.
    if old.has_syntax_errors() {
        return;
    }
    let Some(old_serial) = apex_serial(&old) else {
        return;
    };
    if increased(old_serial, serial) || content(&old) == content(zone) {
        return;
    }
    let change = if old_serial == serial {
        format!("still {serial}")
    } else {
        format!("{old_serial} before, {serial} now")
    };
    checker
        .report_field(
            Rule::SerialNotIncreased,
            soa,
            2,
            format!("the records changed since the last commit, but the SOA serial did not increase ({change})"),
        )
        .help(format!(
            "raise the serial, e.g. to {}: secondaries transfer the zone only when it grows (RFC 1982), or run `zonelint format --bump-serial`",
            old_serial.wrapping_add(1)
        ));
}

/// Whether `new` is greater than `old` in serial-number arithmetic.
pub use crate::zone::queries::serial_increased as increased;

/// The serial of the first SOA at the origin.
fn apex_serial(zone: &Zone) -> Option<u32> {
    let origin = zone.origin.as_deref()?;
    zone.records
        .iter()
        .find(|r| r.record_type == types::SOA && name::eq_ignore_case(zone.owner(r), origin))
        .and_then(|r| soa_serial(zone.rdata(r)))
}

/// The zone's content as a set: one hash per distinct record inside the
/// zone (owner without case, class, type, TTL, RDATA; the SOA without its
/// serial), sorted. Order, layout, comments and repeats do not count.
fn content(zone: &Zone) -> Vec<u64> {
    let mut hashes = Vec::with_capacity(zone.records.len());
    let mut owner = Vec::new();
    let mut data = Vec::new();
    for record in zone.records.iter().filter(|r| zone.in_zone(r)) {
        owner.clear();
        owner.extend_from_slice(zone.owner(record));
        name::to_lowercase(&mut owner);
        data.clear();
        data.extend_from_slice(zone.rdata(record));
        if record.record_type == types::SOA {
            if let Some(at) = data.len().checked_sub(20) {
                data[at..at + 4].fill(0);
            }
        }
        let mut hasher = std::hash::DefaultHasher::new();
        (
            &owner,
            zone.record_class(record),
            record.record_type,
            zone.ttl(record),
            &data,
        )
            .hash(&mut hasher);
        hashes.push(hasher.finish());
    }
    hashes.sort_unstable();
    hashes.dedup();
    hashes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_arithmetic_wraps() {
        assert!(increased(1, 2));
        assert!(increased(4_294_967_295, 0));
        assert!(increased(4_294_967_295, 5));
        assert!(!increased(5, 5));
        assert!(!increased(5, 4));
        assert!(!increased(0, 1 << 31));
        assert!(increased(0, (1 << 31) - 1));
        assert!(!increased(10, 5 + (1 << 31) + 10));
    }
}
