//! Record type and class mnemonics: the IANA registry entries a zone file
//! may name, `TYPEnnn` / `CLASSnnn` (RFC 3597 §5), and the query-only
//! mnemonics that must be refused.

/// Every data type with a mnemonic zonelint reads, with its code.
/// Query-only types (`ANY`, `AXFR`, `IXFR`, `MAILA`, `MAILB`, `OPT`, `TKEY`,
/// `TSIG`) are not here: a zone file cannot hold them.
pub const TYPES: &[(&str, u16)] = &[
    ("A", 1),
    ("NS", 2),
    ("MD", 3),
    ("MF", 4),
    ("CNAME", 5),
    ("SOA", 6),
    ("MB", 7),
    ("MG", 8),
    ("MR", 9),
    ("NULL", 10),
    ("WKS", 11),
    ("PTR", 12),
    ("HINFO", 13),
    ("MINFO", 14),
    ("MX", 15),
    ("TXT", 16),
    ("RP", 17),
    ("AFSDB", 18),
    ("X25", 19),
    ("ISDN", 20),
    ("RT", 21),
    ("NSAP", 22),
    ("NSAP-PTR", 23),
    ("SIG", 24),
    ("KEY", 25),
    ("PX", 26),
    ("GPOS", 27),
    ("AAAA", 28),
    ("LOC", 29),
    ("NXT", 30),
    ("EID", 31),
    ("NIMLOC", 32),
    ("SRV", 33),
    ("ATMA", 34),
    ("NAPTR", 35),
    ("KX", 36),
    ("CERT", 37),
    ("A6", 38),
    ("DNAME", 39),
    ("SINK", 40),
    ("APL", 42),
    ("DS", 43),
    ("SSHFP", 44),
    ("IPSECKEY", 45),
    ("RRSIG", 46),
    ("NSEC", 47),
    ("DNSKEY", 48),
    ("DHCID", 49),
    ("NSEC3", 50),
    ("NSEC3PARAM", 51),
    ("TLSA", 52),
    ("SMIMEA", 53),
    ("HIP", 55),
    ("NINFO", 56),
    ("RKEY", 57),
    ("TALINK", 58),
    ("CDS", 59),
    ("CDNSKEY", 60),
    ("OPENPGPKEY", 61),
    ("CSYNC", 62),
    ("ZONEMD", 63),
    ("SVCB", 64),
    ("HTTPS", 65),
    ("DSYNC", 66),
    ("HHIT", 67),
    ("BRID", 68),
    ("SPF", 99),
    ("UINFO", 100),
    ("UID", 101),
    ("GID", 102),
    ("UNSPEC", 103),
    ("NID", 104),
    ("L32", 105),
    ("L64", 106),
    ("LP", 107),
    ("EUI48", 108),
    ("EUI64", 109),
    ("URI", 256),
    ("CAA", 257),
    ("AVC", 258),
    ("DOA", 259),
    ("AMTRELAY", 260),
    ("RESINFO", 261),
    ("WALLET", 262),
    ("CLA", 263),
    ("IPN", 264),
    ("TA", 32768),
    ("DLV", 32769),
];

/// Mnemonics that only make sense in a query; a zone file naming one of
/// them as a type is refused.
pub const QUERY_ONLY_TYPES: &[(&str, u16)] = &[
    ("TKEY", 249),
    ("TSIG", 250),
    ("IXFR", 251),
    ("AXFR", 252),
    ("MAILB", 253),
    ("MAILA", 254),
    ("ANY", 255),
    ("OPT", 41),
    ("NXNAME", 128),
];

/// Whether a type code cannot be zone data: 0, OPT, and the meta and
/// query range 128-255 (RFC 6895 §3.1).
pub fn is_meta_or_query(code: u16) -> bool {
    code == 0 || code == 41 || (128..=255).contains(&code)
}

/// What a field that may be a type mnemonic turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeLookup {
    /// A data type with this code.
    Data(u16),
    /// A query-only mnemonic such as `ANY`.
    QueryOnly(u16),
    /// Not a type mnemonic at all.
    Unknown,
}

/// The most common types as usually written (upper case), found without
/// a search.
fn common_type(text: &[u8]) -> Option<u16> {
    Some(match text {
        b"A" => 1,
        b"NS" => 2,
        b"CNAME" => 5,
        b"SOA" => 6,
        b"PTR" => 12,
        b"MX" => 15,
        b"TXT" => 16,
        b"AAAA" => 28,
        b"SRV" => 33,
        b"DS" => 43,
        b"RRSIG" => 46,
        b"NSEC" => 47,
        b"DNSKEY" => 48,
        b"NSEC3" => 50,
        b"HTTPS" => 65,
        b"CAA" => 257,
        _ => return None,
    })
}

/// Looks a type up by mnemonic or `TYPEnnn`, ignoring case.
pub fn type_from_text(text: &[u8]) -> TypeLookup {
    if let Some(code) = common_type(text) {
        return TypeLookup::Data(code);
    }
    if let Some(code) = generic_number(text, b"TYPE") {
        return match code {
            Some(code) if is_meta_or_query(code) => TypeLookup::QueryOnly(code),
            Some(code) => TypeLookup::Data(code),
            None => TypeLookup::Unknown,
        };
    }
    if let Some(&(_, code)) = TYPES
        .iter()
        .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(text))
    {
        return TypeLookup::Data(code);
    }
    if let Some(&(_, code)) = QUERY_ONLY_TYPES
        .iter()
        .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(text))
    {
        return TypeLookup::QueryOnly(code);
    }
    TypeLookup::Unknown
}

/// The mnemonic of a type code, or `TYPEnnn`.
pub fn type_name(code: u16) -> std::borrow::Cow<'static, str> {
    TYPES
        .iter()
        .chain(QUERY_ONLY_TYPES)
        .find(|&&(_, c)| c == code)
        .map_or_else(|| format!("TYPE{code}").into(), |&(name, _)| name.into())
}

/// The classes a zone file may name: `IN`, `CH`/`CHAOS`, `HS`/`HESIOD`,
/// `CS`, and `CLASSnnn`.
pub const CLASSES: &[(&str, u16)] = &[
    ("IN", 1),
    ("CS", 2),
    ("CH", 3),
    ("CHAOS", 3),
    ("HS", 4),
    ("HESIOD", 4),
];

/// What a field that may be a class mnemonic turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassLookup {
    /// A data class with this code.
    Data(u16),
    /// `NONE` or `ANY`, query-only classes.
    QueryOnly(u16),
    /// Not a class.
    Unknown,
}

/// Looks a class up by mnemonic or `CLASSnnn`, ignoring case.
pub fn class_from_text(text: &[u8]) -> ClassLookup {
    if text == b"IN" {
        return ClassLookup::Data(1);
    }
    if common_type(text).is_some() {
        // A type mnemonic is never a class.
        return ClassLookup::Unknown;
    }
    if let Some(code) = generic_number(text, b"CLASS") {
        return match code {
            Some(254 | 255) => ClassLookup::QueryOnly(code.unwrap_or(0)),
            Some(code) => ClassLookup::Data(code),
            None => ClassLookup::Unknown,
        };
    }
    if let Some(&(_, code)) = CLASSES
        .iter()
        .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(text))
    {
        return ClassLookup::Data(code);
    }
    if text.eq_ignore_ascii_case(b"NONE") {
        return ClassLookup::QueryOnly(254);
    }
    if text.eq_ignore_ascii_case(b"ANY") {
        return ClassLookup::QueryOnly(255);
    }
    ClassLookup::Unknown
}

/// The mnemonic of a class code, or `CLASSnnn`.
pub fn class_name(code: u16) -> std::borrow::Cow<'static, str> {
    CLASSES
        .iter()
        .find(|&&(_, c)| c == code)
        .map_or_else(|| format!("CLASS{code}").into(), |&(name, _)| name.into())
}

/// For `PREFIXnnn` text: `Some(Some(n))` when nnn is a number up to 65535,
/// `Some(None)` when the prefix matches but the number is bad, `None` when
/// the prefix does not match.
fn generic_number(text: &[u8], prefix: &[u8]) -> Option<Option<u16>> {
    if text.len() <= prefix.len() || !text[..prefix.len()].eq_ignore_ascii_case(prefix) {
        return None;
    }
    let digits = &text[prefix.len()..];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse().ok()),
    )
}

/// The hickory-proto record type for a code, for the library's edges.
pub fn to_hickory_type(code: u16) -> hickory_proto::rr::RecordType {
    hickory_proto::rr::RecordType::from(code)
}

/// The hickory-proto class for a code, for the library's edges.
pub fn to_hickory_class(code: u16) -> hickory_proto::rr::DNSClass {
    hickory_proto::rr::DNSClass::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_found_by_mnemonic_and_number() {
        assert_eq!(type_from_text(b"mx"), TypeLookup::Data(15));
        assert_eq!(type_from_text(b"TYPE65280"), TypeLookup::Data(65280));
        assert_eq!(type_from_text(b"TYPE65536"), TypeLookup::Unknown);
        assert_eq!(type_from_text(b"AXFR"), TypeLookup::QueryOnly(252));
        assert_eq!(type_from_text(b"TYPE255"), TypeLookup::QueryOnly(255));
        assert_eq!(type_from_text(b"TYPE0"), TypeLookup::QueryOnly(0));
        assert_eq!(type_from_text(b"TYPE130"), TypeLookup::QueryOnly(130));
        assert_eq!(type_from_text(b"NXNAME"), TypeLookup::QueryOnly(128));
        assert_eq!(type_from_text(b"TYPE256"), TypeLookup::Data(256));
        assert_eq!(type_from_text(b"example"), TypeLookup::Unknown);
        assert_eq!(type_name(65280), "TYPE65280");
        assert_eq!(type_name(2), "NS");
    }

    #[test]
    fn classes_are_found_and_query_classes_refused() {
        assert_eq!(class_from_text(b"in"), ClassLookup::Data(1));
        assert_eq!(class_from_text(b"CLASS10"), ClassLookup::Data(10));
        assert_eq!(class_from_text(b"NONE"), ClassLookup::QueryOnly(254));
        assert_eq!(class_from_text(b"ns1"), ClassLookup::Unknown);
    }
}
