//! `referral-too-large`: the referral a parent sends for a delegation.

use crate::finding::Severity;
use crate::lint::query::addresses::{FEW_ADDRESSES, same_address};
use crate::lint::query::index::ZoneIndex;
use crate::lint::query::records::{RECORD_OVERHEAD, REFERRAL_HEADER};
use crate::lint::query::show::Show;
use crate::lint::query::targets::{Target, TargetKind};
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;

/// The documentation of `referral-too-large`, in the fixed sections: `zonelint rule
/// referral-too-large` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports a delegation whose referral (longest possible query name, the NS set and the\n\
    in-domain glue, each RRset counted as the set it is) is over 512 octets; an error when it\n\
    is over 1232 octets.\n\
    ## Why it matters\n\
    A referral that does not fit a UDP answer is truncated and needs TCP; over 1232 octets\n\
    it does not fit the recommended EDNS buffer either.\n\
    ## Example\n\
    A delegation to 13 in-domain name servers, each with IPv4 and IPv6 glue.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1035 §2.3.4, RFC 9471 §3, Zonemaster DELEGATION03.\n";

/// The size of the referral for a delegation: a maximal query name below
/// it, the NS set and the in-domain glue, with name compression.
pub fn referral_size(owner: &[u8], targets: &[&[u8]], glue: &[&[u8]], edns: bool) -> usize {
    let mut size = REFERRAL_HEADER;
    for (i, target) in targets.iter().enumerate() {
        // The owner and the targets before this one can be pointed to.
        let known = std::iter::once(owner).chain(targets[..i].iter().copied());
        size += RECORD_OVERHEAD + compressed_length(target, known);
    }
    for data in glue {
        size += RECORD_OVERHEAD + data.len();
    }
    if edns {
        size += 11;
    }
    size
}

pub(crate) fn compressed_length<'a>(
    name_wire: &[u8],
    known: impl Iterator<Item = &'a [u8]> + Clone,
) -> usize {
    let mut offset = 0;
    let mut suffix = name_wire;
    loop {
        if suffix.len() <= 1 {
            return name_wire.len();
        }
        if known.clone().any(|k| name::is_subdomain(k, suffix)) {
            return offset + 2;
        }
        let label = suffix[0] as usize + 1;
        offset += label;
        suffix = &suffix[label..];
    }
}

pub(crate) fn check_referral_size<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    (owner, owner_name, upper_bound): (NameId, &Show<'_>, usize),
    targets: &[Target<'z>],
    (names, glue): (&mut Vec<&'z [u8]>, &mut Vec<&'z [u8]>),
) {
    let zone = index.zone;
    // `upper_bound`: the size without compression, never smaller.
    if upper_bound <= 512 {
        return;
    }
    names.clear();
    names.extend(targets.iter().map(|t| t.name));
    // Each RRset counts as the set it is: a record written twice is sent
    // once.
    glue.clear();
    for target in targets.iter().filter(|t| t.kind == TargetKind::InDomain) {
        let start = glue.len();
        if target.addresses.len() > FEW_ADDRESSES {
            glue.extend(target.addresses.iter().map(|r| zone.rdata(r)));
            glue[start..].sort_unstable();
            let mut kept = start;
            for at in start..glue.len() {
                if kept == start || glue[kept - 1] != glue[at] {
                    glue[kept] = glue[at];
                    kept += 1;
                }
            }
            glue.truncate(kept);
            continue;
        }
        for record in &target.addresses {
            let data = zone.rdata(record);
            if !glue[start..].iter().any(|d| same_address(d, data)) {
                glue.push(data);
            }
        }
    }
    let owner_wire = zone.names.get(owner);
    let plain = referral_size(owner_wire, names, glue, false);
    if plain <= 512 {
        return;
    }
    let with_edns = referral_size(owner_wire, names, glue, true);
    let finding = checker.report_record(
        Rule::ReferralTooLarge,
        targets[0].record,
        format!(
            "the referral for {owner_name} ({} name servers, {} in-domain glue records) takes {plain} octets with a maximal query name, over 512",
            targets.len(),
            glue.len()
        ),
    );
    if with_edns > 1232 {
        finding.severity = Severity::Error;
        finding
            .message
            .push_str(&format!(", and {with_edns} octets with EDNS, over 1232"));
    }
    finding.help(
        "use fewer name servers, fewer glue addresses, or name servers outside the delegation",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn referral_size_uses_compression() {
        let owner = wire("shop.example.com.");
        let ns1 = wire("ns1.shop.example.com.");
        // 12 + 259 question; NS: 2 + 10 + ("ns1" label 4 + pointer 2); glue: 2 + 10 + 4.
        assert_eq!(
            referral_size(&owner, &[&ns1], &[&[192, 0, 2, 1]], false),
            12 + 259 + 18 + 16
        );
    }
}
