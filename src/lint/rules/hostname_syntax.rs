//! `hostname-syntax`: owners of addresses and MX records, and the names
//! NS and MX records point at, that are not host names (RFC 952, RFC 1123).

use std::collections::HashSet;

use crate::lint::query::hosts::host_name_problem;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::{Place, Places};
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::rdata;
use crate::zone::Record;

/// The documentation of `hostname-syntax`, in the fixed sections: `zonelint rule
/// hostname-syntax` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports owners of A, AAAA and MX records that are not host names: letters, digits and\n\
    hyphens, no hyphen at either end of a label. A leftmost `*` (wildcard) is accepted; a\n\
    label with `_` is not, except where BIND's check-names accepts it for addresses too:\n\
    `gc._msdcs.FOREST` (Active Directory) and SPF `exists:` targets below a `_spf`,\n\
    `_spf_verify` or `_spf_rate` label. Names that an NS record points at are\n\
    `ns-name-syntax`'s.\n\
    ## Why it matters\n\
    Hosts and mail domains must have host names; BIND's check-names refuses such zones, and\n\
    browsers, mail servers and certificates reject names with `_`.\n\
    ## Example\n\
    `my_server A 192.0.2.1`.\n\
    ## Fix safety\n\
    No fix: renaming a host changes the data.\n\
    ## References\n\
    RFC 952, RFC 1123 §2.1, RFC 8552 §1.1 (underscore names are for service data), RFC 7208\n\
    §5.7.\n";

/// `hostname-syntax` for the owner of `host` (an A, AAAA or MX record).
pub(crate) fn check_host_name(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    places: &Places,
    host: &Record,
    bad_ns_targets: &mut Option<HashSet<Vec<u8>>>,
) {
    let zone = index.zone;
    let owner = zone.owner(host);
    // A wildcard stands for host names: check what it stands in for.
    let checked = match name::labels(owner).next() {
        Some(b"*") => name::parent(owner).unwrap_or(name::ROOT),
        _ => owner,
    };
    if is_host_name(checked) || (host.record_type != types::MX && is_address_exception(owner)) {
        return;
    }
    let Some(problem) = host_name_problem(checked) else {
        return;
    };
    // A name an NS record points at is ns-name-syntax's (one finding per
    // cause). The set is made the first time a bad owner is met.
    let targets = bad_ns_targets.get_or_insert_with(|| bad_name_server_names(index, places));
    let mut lower = owner.to_vec();
    name::to_lowercase(&mut lower);
    if targets.contains(&lower) {
        return;
    }
    let what = match host.record_type {
        types::MX => "a mail domain (it owns MX records)",
        _ => "a host (it owns address records)",
    };
    checker
        .report_record(
            Rule::HostnameSyntax,
            host,
            format!(
                "{} is {what}, but not a valid host name: it {problem}",
                Show(owner)
            ),
        )
        .help("host names are letters, digits and hyphens (RFC 952, RFC 1123 §2.1); rename it");
}

/// Whether a wire name is a host name: every label letters, digits and
/// hyphens, not starting or ending with a hyphen, and a top label that is
/// not all digits (the test of `host_name_problem`, without allocating).
pub fn is_host_name(wire: &[u8]) -> bool {
    let mut top: &[u8] = &[];
    for label in name::labels(wire) {
        if label.is_empty()
            || label[0] == b'-'
            || label[label.len() - 1] == b'-'
            || !label
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            return false;
        }
        top = label;
    }
    top.is_empty() || !top.iter().all(u8::is_ascii_digit)
}

/// Address owners that are not host names but that BIND's check-names
/// accepts on purpose, and so does this rule: the Active Directory global
/// catalog `gc._msdcs.FOREST`, and the targets of SPF `exists:` lookups,
/// which have a label `_spf`, `_spf_verify` or `_spf_rate` (RFC 7208 §5.7,
/// Appendix D.1) below the top label.
pub(crate) fn is_address_exception(wire: &[u8]) -> bool {
    let labels: Vec<&[u8]> = name::labels(wire).collect();
    if labels.len() < 2 {
        return false;
    }
    if labels[0].eq_ignore_ascii_case(b"gc")
        && labels[1].eq_ignore_ascii_case(b"_msdcs")
        && labels.len() > 2
        && is_host_name(
            name::parent(name::parent(wire).unwrap_or(name::ROOT)).unwrap_or(name::ROOT),
        )
    {
        return true;
    }
    labels[..labels.len() - 1].iter().any(|label| {
        [&b"_spf"[..], b"_spf_verify", b"_spf_rate"]
            .iter()
            .any(|spf| label.eq_ignore_ascii_case(spf))
    })
}

/// The NS targets of the apex and of the delegations that are not host
/// names, lower-cased.
pub(crate) fn bad_name_server_names(index: &ZoneIndex<'_>, places: &Places) -> HashSet<Vec<u8>> {
    let zone = index.zone;
    let mut names = HashSet::new();
    for record in zone.records.iter().filter(|r| {
        r.record_type == types::NS && matches!(places.get(r.owner), Place::Apex | Place::Cut)
    }) {
        if let Some(target) = rdata::target_name(types::NS, zone.rdata(record)) {
            if !is_host_name(target) {
                let mut lower = target.to_vec();
                name::to_lowercase(&mut lower);
                names.insert(lower);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn host_names() {
        assert!(is_host_name(&wire("www.example.com.")));
        assert!(is_host_name(&wire("3com.example.com.")));
        assert!(is_host_name(&wire("WWW-1.Example.com.")));
        assert!(!is_host_name(&wire("my_host.example.com.")));
        assert!(!is_host_name(&wire("-a.example.com.")));
        assert!(!is_host_name(&wire("a-.example.com.")));
        assert!(!is_host_name(&wire("*.example.com.")));
        assert!(!is_host_name(&wire("a.b.123.")));
        assert!(is_host_name(name::ROOT));
    }

    #[test]
    fn address_owners_bind_accepts() {
        assert!(is_address_exception(&wire("gc._msdcs.example.com.")));
        assert!(!is_address_exception(&wire("gc._msdcs.ex_ample.com.")));
        assert!(is_address_exception(&wire("1.2.3.4._spf.example.com.")));
        assert!(is_address_exception(&wire("a._SPF_Rate.example.com.")));
        assert!(!is_address_exception(&wire("a._spf_other.example.com.")));
        assert!(!is_address_exception(&wire("my_host.example.com.")));
    }
}
