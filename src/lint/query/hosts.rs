//! What a host name or an address says by itself: a forgotten final dot,
//! an address written as a name, host-name syntax, special-purpose
//! addresses.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::name;
use crate::zone::Record;

/// Top-level domains that are never also the name of a subdomain in
/// practice, so `ns1.example.net` before the origin means a forgotten dot.
pub(crate) const LEGACY_TLDS: &[&[u8]] = &[
    b"com", b"net", b"org", b"edu", b"gov", b"mil", b"int", b"info", b"biz", b"arpa",
];

/// Whether `target`, a name inside the zone of `origin`, looks like a
/// relative name written without its final dot: the labels before the
/// origin repeat the origin or end in a known top-level domain.
pub(crate) fn looks_like_missing_dot(target: &[u8], origin: &[u8]) -> bool {
    if origin.len() <= 1 || target.len() <= origin.len() || !name::is_subdomain(target, origin) {
        return false;
    }
    // The labels written before the origin, and the origin without its
    // root label, as wire bytes.
    let prefix = &target[..target.len() - origin.len()];
    let origin_labels = &origin[..origin.len() - 1];
    let mut count = 0;
    let mut last: &[u8] = &[];
    let mut repeats_origin = false;
    let mut position = 0;
    while position < prefix.len() {
        let rest = &prefix[position..];
        // The prefix ends with the origin's labels after at least one
        // more: `ns1.example.com` in example.com.
        if count > 0 && name::eq_ignore_case(rest, origin_labels) {
            repeats_origin = true;
        }
        let end = (position + 1 + prefix[position] as usize).min(prefix.len());
        last = &prefix[position + 1..end];
        count += 1;
        position = end;
    }
    // The prefix ends in a legacy TLD (`ns1.example.net`), or in a
    // country code after two more labels (`ns1.example.de`): a relative
    // `www.de` may well be a subdomain, so it does not count.
    repeats_origin
        || (count >= 2 && LEGACY_TLDS.iter().any(|tld| tld.eq_ignore_ascii_case(last)))
        || (count >= 3 && last.len() == 2 && last.iter().all(u8::is_ascii_alphabetic))
}

/// The address an NS or MX target is, as it was written: a relative name
/// that reads as an address (`192.0.2.1`, which the origin follows), or
/// an absolute name that is nothing but an address (`192.0.2.1.`). A fully
/// qualified name with numeric labels before others
/// (`10.1.2.3.pool.example.com.`) is a host name (RFC 1123 §2.1).
/// `field`: the RDATA field of `record` that holds the target.
pub fn written_address(
    zone: &crate::zone::Zone,
    record: &Record,
    field: usize,
    target: &[u8],
    origin: &[u8],
) -> Option<String> {
    let address = address_like(target, origin)?;
    if address.split('.').count() == name::label_count(target) {
        return Some(address);
    }
    // The address and the origin: an address only when written relative
    // (a `$GENERATE` record has no field of its own: taken as written).
    let relative = crate::lint::rdata_fields(zone, record)
        .and_then(|(_, fields)| fields.get(field).map(|f| !f.text.ends_with(b".")))
        .unwrap_or(true);
    relative.then_some(address)
}

/// The address a name spells, when it is a dotted quad (alone or followed
/// by the origin) or has a label with a colon.
pub fn address_like(target: &[u8], origin: &[u8]) -> Option<String> {
    // Fast path: a name whose first label is not all digits and that has
    // no colon anywhere is not an address.
    let first = name::labels(target).next()?;
    if !first.iter().all(u8::is_ascii_digit) && !target.contains(&b':') {
        return None;
    }
    let labels: Vec<&[u8]> = name::labels(target).collect();
    if labels.iter().any(|l| l.contains(&b':')) {
        // An IPv6 address (possibly with an IPv4 tail) written as a name,
        // alone or followed by the origin.
        let rest = name::label_count(origin);
        let own = if labels.len() > rest && name::is_subdomain(target, origin) {
            &labels[..labels.len() - rest]
        } else {
            &labels[..]
        };
        for candidate in [own, &labels[..]] {
            let text = candidate
                .iter()
                .map(|l| String::from_utf8_lossy(l))
                .collect::<Vec<_>>()
                .join(".");
            if text.parse::<std::net::Ipv6Addr>().is_ok() {
                return Some(text);
            }
        }
        return None;
    }
    if labels.len() < 4 {
        return None;
    }
    let quad = &labels[..4];
    if !quad.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 3
            && l.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(l)
                .ok()
                .and_then(|t| t.parse::<u16>().ok())
                .is_some_and(|n| n <= 255)
    }) {
        return None;
    }
    let rest = name::labels(origin).count();
    if labels.len() != 4 && !(labels.len() == 4 + rest && name::is_subdomain(target, origin)) {
        return None;
    }
    Some(
        quad.iter()
            .map(|l| String::from_utf8_lossy(l))
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Why a host name is not a valid LDH host name, if it is not.
pub fn host_name_problem(wire: &[u8]) -> Option<String> {
    let mut top: &[u8] = &[];
    for label in name::labels(wire) {
        if !label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            return Some(format!(
                "has the label \"{}\" with characters other than letters, digits and hyphens",
                String::from_utf8_lossy(label)
            ));
        }
        if label.starts_with(b"-") || label.ends_with(b"-") {
            return Some(format!(
                "has the label \"{}\" that starts or ends with a hyphen",
                String::from_utf8_lossy(label)
            ));
        }
        top = label;
    }
    if !top.is_empty() && top.iter().all(u8::is_ascii_digit) {
        return Some(format!(
            "has the all-numeric top label \"{}\"",
            String::from_utf8_lossy(top)
        ));
    }
    None
}

/// The level of a host name counted from the longest registry suffix it
/// lies under (the suffix counts as one level); `None` when it is under
/// none of them. With no suffixes, the plain label count.
pub fn host_depth(wire: &[u8], suffixes: &[String]) -> Option<u32> {
    let text = name::to_string(wire).to_ascii_lowercase();
    let text = text.trim_end_matches('.');
    let total = name::label_count(wire) as u32;
    if suffixes.is_empty() {
        return Some(total);
    }
    let suffix = suffixes
        .iter()
        .filter(|s| text == s.as_str() || text.ends_with(&format!(".{s}")))
        .max_by_key(|s| s.len())?;
    let suffix_labels = suffix.split('.').count() as u32;
    Some(total - suffix_labels + 1)
}

/// The special-purpose space an address is in, if any.
pub fn special_purpose(data: &[u8]) -> Option<&'static str> {
    if !may_be_special(data) {
        return None;
    }
    special_space(data)
}

/// Whether the first octet of an IPv4 or IPv6 address is one that some
/// space of [`special_space`] starts with: most name-server addresses are
/// told apart by it alone.
fn may_be_special(data: &[u8]) -> bool {
    match (data.len(), data.first()) {
        (4, Some(first)) => matches!(
            first,
            0 | 10 | 100 | 127 | 169 | 172 | 192 | 198 | 203 | 224..=255
        ),
        (16, Some(first)) => matches!(first, 0x00 | 0x20 | 0xfc..=0xff),
        _ => false,
    }
}

/// The special-purpose space an address lies in, if any.
fn special_space(data: &[u8]) -> Option<&'static str> {
    match data.len() {
        4 => {
            let address = Ipv4Addr::new(data[0], data[1], data[2], data[3]);
            let o = address.octets();
            if address.is_unspecified() || o[0] == 0 {
                Some("unspecified (0.0.0.0/8)")
            } else if address.is_loopback() {
                Some("loopback (127.0.0.0/8)")
            } else if address.is_private() {
                Some("private (RFC 1918)")
            } else if address.is_link_local() {
                Some("link-local (169.254.0.0/16)")
            } else if address.is_documentation() {
                Some("documentation (RFC 5737)")
            } else if address.is_multicast() {
                Some("multicast (224.0.0.0/4)")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("shared (100.64.0.0/10)")
            } else if o[0] == 198 && (o[1] == 18 || o[1] == 19) {
                Some("benchmarking (198.18.0.0/15)")
            } else if o[0] >= 240 {
                Some("reserved (240.0.0.0/4)")
            } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
                Some("IETF protocol assignments (192.0.0.0/24)")
            } else {
                None
            }
        }
        16 => {
            let bytes: [u8; 16] = data.try_into().ok()?;
            let address = Ipv6Addr::from(bytes);
            let s = address.segments();
            if address.is_unspecified() {
                Some("unspecified (::)")
            } else if address.is_loopback() {
                Some("loopback (::1)")
            } else if s[0] & 0xffc0 == 0xfe80 {
                Some("link-local (fe80::/10)")
            } else if s[0] & 0xfe00 == 0xfc00 {
                Some("unique local (fc00::/7)")
            } else if s[0] == 0x2001 && s[1] == 0x0db8 {
                Some("documentation (2001:db8::/32)")
            } else if s[0] & 0xff00 == 0xff00 {
                Some("multicast (ff00::/8)")
            } else if address.to_ipv4_mapped().is_some() {
                Some("IPv4-mapped (::ffff:0:0/96)")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The presentation form of A or AAAA RDATA.
pub fn address_text(data: &[u8]) -> String {
    match data.len() {
        4 => Ipv4Addr::new(data[0], data[1], data[2], data[3]).to_string(),
        16 => <[u8; 16]>::try_from(data)
            .map_or_else(|_| String::new(), |b| Ipv6Addr::from(b).to_string()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn addresses_written_as_names_are_recognised() {
        let origin = wire("example.com.");
        assert_eq!(
            address_like(&wire("192.0.2.1."), &origin).as_deref(),
            Some("192.0.2.1")
        );
        assert_eq!(
            address_like(&wire("192.0.2.1.example.com."), &origin).as_deref(),
            Some("192.0.2.1")
        );
        assert_eq!(address_like(&wire("1.2.3.4.in-addr.arpa."), &origin), None);
        assert_eq!(address_like(&wire("ns1.example.com."), &origin), None);
        assert_eq!(
            address_like(&wire("2001:db8::1."), &origin).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            address_like(&wire("2001:db8::1.example.com."), &origin).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(address_like(&wire("23456789:\\;.records."), &origin), None);
    }

    #[test]
    fn forgotten_dots_are_recognised() {
        let origin = wire("example.com.");
        assert!(looks_like_missing_dot(
            &wire("ns1.example.net.example.com."),
            &origin
        ));
        assert!(looks_like_missing_dot(
            &wire("ns1.example.com.example.com."),
            &origin
        ));
        assert!(!looks_like_missing_dot(&wire("ns1.example.com."), &origin));
        assert!(!looks_like_missing_dot(
            &wire("ns1.shop.example.com."),
            &origin
        ));
        assert!(looks_like_missing_dot(
            &wire("ns1.example.de.example.com."),
            &origin
        ));
        assert!(!looks_like_missing_dot(
            &wire("www.de.example.com."),
            &origin
        ));
    }

    #[test]
    fn host_depth_counts_from_the_registry_suffix() {
        let suffixes = vec!["cn".to_string(), "com.cn".to_string()];
        assert_eq!(host_depth(&wire("ns1.example.cn."), &suffixes), Some(3));
        assert_eq!(host_depth(&wire("ns1.example.com.cn."), &suffixes), Some(3));
        assert_eq!(host_depth(&wire("ns1.a.example.cn."), &suffixes), Some(4));
        assert_eq!(host_depth(&wire("ns1.example.net."), &suffixes), None);
    }

    #[test]
    fn host_name_syntax() {
        assert!(host_name_problem(&wire("ns1.example.com.")).is_none());
        assert!(host_name_problem(&wire("ns_1.example.com.")).is_some());
        assert!(host_name_problem(&wire("ns1.-x.com.")).is_some());
        assert!(host_name_problem(&wire("ns1.example.123.")).is_some());
    }

    #[test]
    fn special_purpose_space() {
        assert!(special_purpose(&[10, 0, 0, 1]).is_some());
        assert!(special_purpose(&[192, 0, 2, 1]).is_some());
        assert!(special_purpose(&[8, 8, 8, 8]).is_none());
        let v6: [u8; 16] = "2001:db8::1".parse::<Ipv6Addr>().unwrap().octets();
        assert!(special_purpose(&v6).is_some());
        let v6: [u8; 16] = "2001:500::1".parse::<Ipv6Addr>().unwrap().octets();
        assert!(special_purpose(&v6).is_none());
    }

    #[test]
    fn no_special_space_starts_with_a_first_octet_the_quick_test_passes_over() {
        // Every space of `special_space` begins with a first octet that
        // `may_be_special` lets through: a space added to one only would
        // make the quick test hide it.
        let fills = [0x00, 0x01, 0x02, 0x0d, 0x64, 0x71, 0xb8, 0xff];
        for first in (0..=255u8).filter(|&f| !may_be_special(&[f, 0, 0, 0])) {
            for second in 0..=255u8 {
                for &rest in &fills {
                    let v4 = [first, second, rest, rest.wrapping_add(1)];
                    assert_eq!(special_space(&v4), None, "{v4:?}");
                }
            }
        }
        let mut tested = 0;
        for first in (0..=255u8).filter(|&f| !may_be_special(&[f; 16])) {
            for second in 0..=255u8 {
                for &rest in &fills {
                    let mut v6 = [rest; 16];
                    v6[0] = first;
                    v6[1] = second;
                    assert_eq!(special_space(&v6), None, "{v6:?}");
                    // The second group of 2001:db8::/32.
                    v6[2..4].copy_from_slice(&[0x0d, 0xb8]);
                    assert_eq!(special_space(&v6), None, "{v6:?}");
                    tested += 1;
                }
            }
        }
        assert!(tested > 0);
        // And the spaces are still found behind it.
        for address in [
            "0.1.2.3",
            "100.64.0.1",
            "198.19.0.1",
            "203.0.113.9",
            "240.0.0.1",
            "::",
            "::1",
            "::ffff:192.0.2.1",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            let data = match address.parse::<std::net::IpAddr>().unwrap() {
                std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
                std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
            };
            assert!(special_purpose(&data).is_some(), "{address}");
        }
    }
}
