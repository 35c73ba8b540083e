//! The DNSSEC rules: `cds-mismatch` (the CDS and CDNSKEY records at the
//! apex against the apex DNSKEYs and each other, RFC 7344 and RFC 8078) and
//! `dnssec-algorithm` (algorithms and digest types that RFC 8624, as
//! updated, rules out or advises against, and numbers IANA never
//! assigned).
//!
//! Both read only the records themselves, in one walk over the zone; they
//! need no name lookup.

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384};

use crate::finding::Severity;
use crate::lint::{Checker, Rule, RuleSet};
use crate::name;
use crate::zone::{Record, Zone};

/// The documentation of `cds-mismatch`, in the fixed sections: `zonelint rule
/// cds-mismatch` prints it and the README rule table is made from it.
pub const CDS_MISMATCH: &str = "\
    ## What it does\n\
    Reports CDS and CDNSKEY records at the apex that match no DNSKEY of the apex, CDS and\n\
    CDNSKEY sets that name different keys, and a delete request (`CDS 0 0 0 00`,\n\
    `CDNSKEY 0 3 0 AA==`) beside other records of its type.\n\
    ## Why it matters\n\
    The parent copies CDS and CDNSKEY into its DS set: one that names no key of the zone\n\
    breaks the chain of trust once it is acted on, and sets that disagree or mix a delete\n\
    request with keys leave the parent to guess. BIND and Knot refuse such zones.\n\
    ## Example\n\
    `@ CDS 14364 10 2 FD03…0B` whose digest is not the SHA-256 digest of any apex DNSKEY.\n\
    ## Fix safety\n\
    No fix: make the CDS and CDNSKEY records again from the DNSKEYs the zone publishes.\n\
    ## References\n\
    RFC 7344 §3 and §4, RFC 8078 §2 and §4, RFC 4034 §5.1.4 and Appendix B.\n";

/// The documentation of `dnssec-algorithm`, in the fixed sections: `zonelint rule
/// dnssec-algorithm` prints it and the README rule table is made from it.
pub const DNSSEC_ALGORITHM: &str = "\
    ## What it does\n\
    Reports DS, CDS, DNSKEY, CDNSKEY and RRSIG records with an algorithm or digest type\n\
    that RFC 8624 (as updated) rules out or advises against, or that IANA never assigned.\n\
    MUST NOT (RSAMD5, DSA, DSA-NSEC3-SHA1, ECC-GOST, digest GOST R 34.11-94) and unassigned\n\
    numbers, DH and INDIRECT are errors; NOT RECOMMENDED (RSASHA1, RSASHA1-NSEC3-SHA1,\n\
    digest SHA-1) are warnings. A zone's RRSIGs get one finding per algorithm, and none\n\
    when an apex DNSKEY of that algorithm has it.\n\
    ## Why it matters\n\
    Validators drop algorithms they do not implement: a zone signed only with them is\n\
    treated as unsigned, and a DS with them protects nothing. An unassigned number is\n\
    usually a typo, and Knot refuses a DS with one.\n\
    ## Example\n\
    `shop DS 12345 5 1 …` (RSASHA1 and a SHA-1 digest: two warnings).\n\
    ## Fix safety\n\
    No fix: roll the keys to ECDSAP256SHA256 (13) or ED25519 (15) and publish SHA-256 DS\n\
    records.\n\
    ## References\n\
    RFC 8624 §3.1 and §3.3, RFC 9157, RFC 9904, IANA \"DNS Security Algorithm Numbers\" and\n\
    \"Digest Algorithms\", RFC 8078 §4 (algorithm 0 of the delete request).\n";

/// The type codes these rules read.
mod types {
    pub const DS: u16 = 43;
    pub const RRSIG: u16 = 46;
    pub const DNSKEY: u16 = 48;
    pub const CDS: u16 = 59;
    pub const CDNSKEY: u16 = 60;
}

/// The CDS that asks the parent to remove the DS set: `CDS 0 0 0 00`
/// (RFC 8078 §4), in wire form.
const CDS_DELETE: &[u8] = &[0, 0, 0, 0, 0];
/// The CDNSKEY that asks the same: `CDNSKEY 0 3 0 AA==` (RFC 8078 §4).
const CDNSKEY_DELETE: &[u8] = &[0, 0, 3, 0, 0];

/// Runs the rules of this module that `rules` holds.
pub fn check(checker: &mut Checker<'_>, rules: RuleSet) {
    let check_algorithms = rules.contains(Rule::DnssecAlgorithm);
    let check_cds = rules.contains(Rule::CdsMismatch);
    if !check_algorithms && !check_cds {
        return;
    }
    let zone = checker.zone;
    let Some(origin) = zone.origin.as_deref() else {
        return;
    };
    let apex = zone.names.lookup(origin);
    let mut apex_keys = ApexKeys::default();
    let mut signatures = Signatures::default();
    for record in &zone.records {
        let record_type = record.record_type;
        if !matches!(
            record_type,
            types::DS | types::RRSIG | types::DNSKEY | types::CDS | types::CDNSKEY
        ) {
            continue;
        }
        if check_algorithms {
            if record_type == types::RRSIG {
                signatures.add(zone, record);
            } else {
                check_record_algorithms(checker, record);
            }
        }
        if Some(record.owner) == apex {
            apex_keys.add(record);
        }
    }
    if check_algorithms {
        signatures.report(checker, &apex_keys);
    }
    if check_cds {
        check_cds_records(checker, origin, &apex_keys);
    }
}

//------------ dnssec-algorithm ------------------------------------------------

/// What RFC 8624 (as updated) and the IANA registries say of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standing {
    /// MUST NOT be used to sign or to make DS records.
    MustNot(&'static str),
    /// NOT RECOMMENDED for signing or DS records.
    NotRecommended(&'static str),
    /// Assigned, but not for signing zones (IANA: "Zone Signing: N").
    NotForZones(&'static str),
    /// Not assigned (unassigned or reserved).
    Unassigned,
}

impl Standing {
    fn severity(self) -> Severity {
        match self {
            Standing::NotRecommended(_) => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// `8 (RSASHA256)`-style text and the verdict, for a message.
    fn describe(self, number: u8) -> String {
        match self {
            Standing::MustNot(name) => format!(
                "{number} ({name}), which RFC 8624 says MUST NOT be used: validators drop it"
            ),
            Standing::NotRecommended(name) => {
                format!("{number} ({name}), which RFC 8624 says is NOT RECOMMENDED")
            }
            Standing::NotForZones(name) => {
                format!("{number} ({name}), which IANA does not assign for signing zones")
            }
            Standing::Unassigned => {
                format!("{number}, which IANA has not assigned: no validator knows it")
            }
        }
    }
}

/// The standing of a DNSSEC algorithm number (IANA "DNS Security Algorithm
/// Numbers"; RFC 8624 §3.1, as RFC 9904 carries it into the registry).
/// `None` for an algorithm that may be used.
fn algorithm_standing(algorithm: u8) -> Option<Standing> {
    Some(match algorithm {
        1 => Standing::MustNot("RSAMD5"),
        3 => Standing::MustNot("DSA"),
        6 => Standing::MustNot("DSA-NSEC3-SHA1"),
        12 => Standing::MustNot("ECC-GOST"),
        5 => Standing::NotRecommended("RSASHA1"),
        7 => Standing::NotRecommended("RSASHA1-NSEC3-SHA1"),
        2 => Standing::NotForZones("DH"),
        252 => Standing::NotForZones("INDIRECT"),
        // RSASHA256, RSASHA512, ECDSA P-256 and P-384, Ed25519, Ed448,
        // SM2SM3 (RFC 9563), ECC-GOST12 (RFC 9558), private algorithms.
        8 | 10 | 13..=17 | 23 | 253 | 254 => return None,
        _ => Standing::Unassigned,
    })
}

/// The standing of a DS digest type (IANA "Digest Algorithms"; RFC 8624
/// §3.3). `None` for a digest type that may be used.
fn digest_standing(digest_type: u8) -> Option<Standing> {
    Some(match digest_type {
        3 => Standing::MustNot("GOST R 34.11-94"),
        1 => Standing::NotRecommended("SHA-1"),
        // SHA-256, SHA-384, GOST R 34.11-2012 (RFC 9558), SM3 (RFC 9563).
        2 | 4..=6 => return None,
        _ => Standing::Unassigned,
    })
}

/// Where the algorithm (and the digest type) of a type sit, as (RDATA
/// offset, field index).
fn algorithm_place(record_type: u16) -> (usize, usize) {
    match record_type {
        types::DNSKEY | types::CDNSKEY => (3, 2),
        _ => (2, 1),
    }
}

/// `dnssec-algorithm` on a DS, CDS, DNSKEY or CDNSKEY record.
fn check_record_algorithms(checker: &mut Checker<'_>, record: &Record) {
    let zone = checker.zone;
    let rdata = zone.rdata(record);
    let record_type = record.record_type;
    let (offset, field) = algorithm_place(record_type);
    let algorithm = rdata
        .get(offset)
        .and_then(|&a| Some((a, algorithm_standing(a)?)));
    let digest = match record_type {
        types::DS | types::CDS => rdata.get(3).and_then(|&d| Some((d, digest_standing(d)?))),
        _ => None,
    };
    // Most records pass: nothing is formatted for them. Records outside
    // the zone are `out-of-zone`'s.
    if (algorithm.is_none() && digest.is_none()) || !zone.in_zone(record) {
        return;
    }
    // The delete request of RFC 8078 §4 uses algorithm 0 on purpose; a CDS
    // or CDNSKEY with algorithm 0 that is not exactly the delete request is
    // a malformed one, which `cds-mismatch` reports.
    if matches!(record_type, types::CDS | types::CDNSKEY) && rdata.get(offset) == Some(&0) {
        return;
    }
    let type_name = crate::rrtype::type_name(record_type);
    let owner = name::to_string(zone.owner(record));
    if let Some((algorithm, standing)) = algorithm {
        report_field(
            checker,
            record,
            field,
            standing.severity(),
            format!(
                "{type_name} of {owner} uses algorithm {}",
                standing.describe(algorithm)
            ),
        )
        .help(ALGORITHM_HELP);
    }
    if let Some((digest_type, standing)) = digest {
        report_field(
            checker,
            record,
            2,
            standing.severity(),
            format!(
                "{type_name} of {owner} uses digest type {}",
                standing.describe(digest_type)
            ),
        )
        .help(DIGEST_HELP);
    }
}

const ALGORITHM_HELP: &str = "roll the key to ECDSAP256SHA256 (13) or ED25519 (15), \
    which every validator implements (RFC 8624 §3.1)";
const DIGEST_HELP: &str = "publish the DS with digest type 2 (SHA-256) instead (RFC 8624 §3.3)";

/// Reports on RDATA field `field` of a record, or on the whole record when
/// it is written in the generic form (`\# length hex`), whose fields are
/// not the type's.
fn report_field<'c>(
    checker: &'c mut Checker<'_>,
    record: &Record,
    field: usize,
    severity: Severity,
    message: String,
) -> &'c mut crate::finding::Finding {
    let generic = crate::lint::rdata_fields(checker.zone, record)
        .is_some_and(|(_, fields)| fields.first().is_some_and(|f| f.text == b"\\#"));
    let finding = if generic {
        checker.report_record(Rule::DnssecAlgorithm, record, message)
    } else {
        checker.report_field(Rule::DnssecAlgorithm, record, field, message)
    };
    finding.severity(severity)
}

/// The RRSIG records by algorithm: a zone signed with a bad algorithm has
/// one RRSIG per RRset, and the cause is one key, so the signatures get
/// one finding per algorithm, and none when an apex DNSKEY of that
/// algorithm already got it.
#[derive(Default)]
struct Signatures<'z> {
    /// (algorithm, first RRSIG, count), in order of first appearance.
    by_algorithm: Vec<(u8, &'z Record, usize)>,
}

impl<'z> Signatures<'z> {
    fn add(&mut self, zone: &Zone, record: &'z Record) {
        let Some(&algorithm) = zone.rdata(record).get(2) else {
            return;
        };
        if algorithm_standing(algorithm).is_none() || !zone.in_zone(record) {
            return;
        }
        match self
            .by_algorithm
            .iter_mut()
            .find(|(a, _, _)| *a == algorithm)
        {
            Some((_, _, count)) => *count += 1,
            None => self.by_algorithm.push((algorithm, record, 1)),
        }
    }

    fn report(&self, checker: &mut Checker<'_>, keys: &ApexKeys<'_>) {
        let zone = checker.zone;
        for &(algorithm, record, count) in &self.by_algorithm {
            let has_key = keys
                .dnskeys
                .iter()
                .any(|key| zone.rdata(key).get(3) == Some(&algorithm));
            if has_key {
                continue;
            }
            let Some(standing) = algorithm_standing(algorithm) else {
                continue;
            };
            let others = match count {
                1 => String::new(),
                2 => " (and 1 more RRSIG)".to_string(),
                _ => format!(" (and {} more RRSIGs)", count - 1),
            };
            report_field(
                checker,
                record,
                1,
                standing.severity(),
                format!(
                    "RRSIG of {} uses algorithm {}{others}",
                    name::to_string(zone.owner(record)),
                    standing.describe(algorithm)
                ),
            )
            .help(ALGORITHM_HELP);
        }
    }
}

//------------ cds-mismatch ----------------------------------------------------

/// The DNSKEY, CDS and CDNSKEY records at the apex.
#[derive(Default)]
struct ApexKeys<'z> {
    dnskeys: Vec<&'z Record>,
    cds: Vec<&'z Record>,
    cdnskeys: Vec<&'z Record>,
}

impl<'z> ApexKeys<'z> {
    fn add(&mut self, record: &'z Record) {
        match record.record_type {
            types::DNSKEY => self.dnskeys.push(record),
            types::CDS => self.cds.push(record),
            types::CDNSKEY => self.cdnskeys.push(record),
            _ => {}
        }
    }
}

/// The key tag of DNSKEY RDATA (RFC 4034 Appendix B; B.1 for RSAMD5).
pub fn key_tag(dnskey: &[u8]) -> u16 {
    if dnskey.get(3) == Some(&1) {
        // RSAMD5: the most significant 16 of the least significant 24
        // bits of the modulus, which ends the key.
        return match dnskey.len() {
            length if length >= 7 => u16::from_be_bytes([dnskey[length - 3], dnskey[length - 2]]),
            _ => 0,
        };
    }
    let mut sum: u32 = 0;
    for (index, &byte) in dnskey.iter().enumerate() {
        sum += if index % 2 == 0 {
            u32::from(byte) << 8
        } else {
            u32::from(byte)
        };
    }
    sum += (sum >> 16) & 0xffff;
    (sum & 0xffff) as u16
}

/// The digest of a DS record of digest type `digest_type` for the DNSKEY
/// RDATA `dnskey` owned by `owner` (RFC 4034 §5.1.4: the owner in
/// canonical form, lower case, then the RDATA). `None` for a digest type
/// zonelint does not compute (the GOST and SM3 ones).
pub fn ds_digest(owner: &[u8], dnskey: &[u8], digest_type: u8) -> Option<Vec<u8>> {
    let mut canonical = owner.to_vec();
    name::to_lowercase(&mut canonical);
    fn digest<D: Digest>(owner: &[u8], dnskey: &[u8]) -> Vec<u8> {
        let mut hasher = D::new();
        hasher.update(owner);
        hasher.update(dnskey);
        hasher.finalize().to_vec()
    }
    match digest_type {
        1 => Some(digest::<Sha1>(&canonical, dnskey)),
        2 => Some(digest::<Sha256>(&canonical, dnskey)),
        4 => Some(digest::<Sha384>(&canonical, dnskey)),
        _ => None,
    }
}

/// How a CDS (or DS) RDATA relates to a DNSKEY RDATA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Match {
    /// The key tag, the algorithm and the digest agree.
    Yes,
    /// The key tag and the algorithm agree, the digest does not.
    DigestDiffers,
    /// The key tag or the algorithm differ.
    No,
}

/// Whether the CDS RDATA `cds` names the DNSKEY RDATA `dnskey` of `owner`.
/// A digest type zonelint does not compute is taken on the key tag and
/// the algorithm alone.
fn cds_matches(owner: &[u8], cds: &[u8], dnskey: &[u8]) -> Match {
    if cds.len() < 4 || dnskey.len() < 4 {
        return Match::No;
    }
    let tag = u16::from_be_bytes([cds[0], cds[1]]);
    if tag != key_tag(dnskey) || cds[2] != dnskey[3] {
        return Match::No;
    }
    match ds_digest(owner, dnskey, cds[3]) {
        Some(digest) if digest != cds[4..] => Match::DigestDiffers,
        _ => Match::Yes,
    }
}

/// `tag algorithm digest-type` of a CDS, for messages.
fn show_cds(cds: &[u8]) -> String {
    match cds {
        [t0, t1, algorithm, digest_type, ..] => format!(
            "{} {algorithm} {digest_type}",
            u16::from_be_bytes([*t0, *t1])
        ),
        _ => "(short RDATA)".to_string(),
    }
}

/// `flags protocol algorithm` and the key tag of a CDNSKEY, for messages.
fn show_cdnskey(key: &[u8]) -> String {
    match key {
        [f0, f1, protocol, algorithm, ..] => format!(
            "{} {protocol} {algorithm} (key tag {})",
            u16::from_be_bytes([*f0, *f1]),
            key_tag(key)
        ),
        _ => "(short RDATA)".to_string(),
    }
}

/// `cds-mismatch` on the apex records.
fn check_cds_records(checker: &mut Checker<'_>, origin: &[u8], keys: &ApexKeys<'_>) {
    let zone = checker.zone;
    let apex = name::to_string(origin);
    let dnskeys: Vec<&[u8]> = keys.dnskeys.iter().map(|r| zone.rdata(r)).collect();
    let is_delete = |record: &Record| match record.record_type {
        types::CDS => zone.rdata(record) == CDS_DELETE,
        _ => zone.rdata(record) == CDNSKEY_DELETE,
    };
    let mut reported = false;
    // A delete request mixed with other records of its type.
    for (set, form) in [
        (&keys.cds, "CDS 0 0 0 00"),
        (&keys.cdnskeys, "CDNSKEY 0 3 0 AA=="),
    ] {
        let deletes = set.iter().filter(|r| is_delete(r)).count();
        if deletes > 0 && deletes < set.len() {
            let first = set.iter().find(|r| is_delete(r)).expect("counted one");
            let others = set.len() - deletes;
            checker
                .report_record(
                    Rule::CdsMismatch,
                    first,
                    format!(
                        "the delete request `{form}` at {apex} stands beside {others} other \
                         {} record{}: the parent cannot tell whether to remove the DS set or \
                         replace it",
                        crate::rrtype::type_name(first.record_type),
                        if others == 1 { "" } else { "s" }
                    ),
                )
                .help("keep either the delete request alone (RFC 8078 §4) or only the keys");
            reported = true;
        }
    }
    // Every CDS names an apex DNSKEY.
    for record in keys.cds.iter().filter(|r| !is_delete(r)) {
        let cds = zone.rdata(record);
        let best = dnskeys
            .iter()
            .map(|key| cds_matches(origin, cds, key))
            .min_by_key(|m| match m {
                Match::Yes => 0,
                Match::DigestDiffers => 1,
                Match::No => 2,
            });
        let why = match best {
            Some(Match::Yes) => continue,
            _ if cds.get(2) == Some(&0) => {
                "algorithm 0 is for the delete request only, written exactly `CDS 0 0 0 00` \
                 (RFC 8078 §4)"
                    .to_string()
            }
            Some(Match::DigestDiffers) => {
                "its digest is not the digest of the DNSKEY with that key tag and algorithm \
                 (RFC 4034 §5.1.4)"
                    .to_string()
            }
            Some(Match::No) => "no DNSKEY there has its key tag and algorithm".to_string(),
            None => "the apex has no DNSKEY".to_string(),
        };
        checker
            .report_record(
                Rule::CdsMismatch,
                record,
                format!(
                    "CDS {} at {apex} matches no DNSKEY of the apex: {why}",
                    show_cds(cds)
                ),
            )
            .help(CDS_HELP);
        reported = true;
    }
    // Every CDNSKEY is an apex DNSKEY.
    for record in keys.cdnskeys.iter().filter(|r| !is_delete(r)) {
        let key = zone.rdata(record);
        if dnskeys.contains(&key) {
            continue;
        }
        checker
            .report_record(
                Rule::CdsMismatch,
                record,
                format!(
                    "CDNSKEY {} at {apex} matches no DNSKEY of the apex{}",
                    show_cdnskey(key),
                    if key.get(3) == Some(&0) {
                        ": algorithm 0 is for the delete request only, written exactly \
                         `CDNSKEY 0 3 0 AA==` (RFC 8078 §4)"
                    } else {
                        ""
                    }
                ),
            )
            .help(CDS_HELP);
        reported = true;
    }
    // Where both are published they must name the same keys (RFC 7344
    // §4, RFC 8078 §2). One finding per cause: a record already reported
    // above explains the disagreement it makes.
    if reported || keys.cds.is_empty() || keys.cdnskeys.is_empty() {
        return;
    }
    let cds_deletes = keys.cds.iter().all(|r| is_delete(r));
    let cdnskey_deletes = keys.cdnskeys.iter().all(|r| is_delete(r));
    if cds_deletes != cdnskey_deletes {
        let (asks, other) = if cds_deletes {
            (keys.cds[0], "CDNSKEY")
        } else {
            (keys.cdnskeys[0], "CDS")
        };
        checker
            .report_record(
                Rule::CdsMismatch,
                asks,
                format!(
                    "{} at {apex} asks the parent to remove the DS set, but {other} lists keys: \
                     CDS and CDNSKEY disagree",
                    crate::rrtype::type_name(asks.record_type)
                ),
            )
            .help(CDS_HELP);
        return;
    }
    if cds_deletes {
        return;
    }
    for record in &keys.cds {
        let cds = zone.rdata(record);
        let named = keys
            .cdnskeys
            .iter()
            .any(|key| cds_matches(origin, cds, zone.rdata(key)) == Match::Yes);
        if !named {
            checker
                .report_record(
                    Rule::CdsMismatch,
                    record,
                    format!(
                        "CDS {} at {apex} names a key that no CDNSKEY lists: CDS and CDNSKEY \
                         disagree",
                        show_cds(cds)
                    ),
                )
                .help(CDS_HELP);
        }
    }
    for record in &keys.cdnskeys {
        let key = zone.rdata(record);
        let named = keys
            .cds
            .iter()
            .any(|cds| cds_matches(origin, zone.rdata(cds), key) == Match::Yes);
        if !named {
            checker
                .report_record(
                    Rule::CdsMismatch,
                    record,
                    format!(
                        "CDNSKEY {} at {apex} has no CDS: CDS and CDNSKEY disagree",
                        show_cdnskey(key)
                    ),
                )
                .help(CDS_HELP);
        }
    }
}

const CDS_HELP: &str = "make CDS and CDNSKEY again from the DNSKEYs the zone publishes \
    (RFC 7344 §4: the parent copies them into its DS set)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rdata::codec;

    fn hex(text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        crate::rdata::common::hex_into(text.as_bytes(), &mut out).unwrap();
        out
    }

    /// The DNSKEY and DS of RFC 4034 §5.4 (dskey.example.com.).
    const KEY_BASE64: &str = "AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxe\
        YCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+\
        EPbtG9DMBmADjFDc2w/rljwvFw==";

    fn dnskey() -> Vec<u8> {
        let mut key = vec![0x01, 0x00, 3, 5];
        let mut decoder = codec::Base64Decoder::default();
        decoder.push(KEY_BASE64.as_bytes(), &mut key).unwrap();
        key
    }

    #[test]
    fn key_tag_and_digest_are_those_of_rfc_4034() {
        let owner = name::test_wire("DSKEY.example.com.");
        let key = dnskey();
        assert_eq!(key_tag(&key), 60485);
        assert_eq!(
            ds_digest(&owner, &key, 1),
            Some(hex("2BB183AF5F22588179A53B0A98631FAD1A292118"))
        );
        let cds = [
            &[0xec, 0x45, 5, 1][..],
            &hex("2BB183AF5F22588179A53B0A98631FAD1A292118"),
        ]
        .concat();
        assert_eq!(cds_matches(&owner, &cds, &key), Match::Yes);
        let mut wrong = cds.clone();
        *wrong.last_mut().unwrap() ^= 1;
        assert_eq!(cds_matches(&owner, &wrong, &key), Match::DigestDiffers);
        wrong[2] = 8;
        assert_eq!(cds_matches(&owner, &wrong, &key), Match::No);
        // A digest type zonelint does not compute goes by tag and algorithm.
        assert_eq!(ds_digest(&owner, &key, 3), None);
    }

    #[test]
    fn rsamd5_key_tag_comes_from_the_modulus() {
        let key = [1, 0, 3, 1, 0xaa, 0xbb, 0x12, 0x34, 0x56];
        assert_eq!(key_tag(&key), 0x1234);
    }

    #[test]
    fn standings_follow_rfc_8624() {
        assert_eq!(algorithm_standing(13), None);
        assert_eq!(algorithm_standing(253), None);
        assert_eq!(algorithm_standing(1), Some(Standing::MustNot("RSAMD5")));
        assert_eq!(
            algorithm_standing(5).map(Standing::severity),
            Some(Severity::Warning)
        );
        assert_eq!(algorithm_standing(0), Some(Standing::Unassigned));
        assert_eq!(algorithm_standing(133), Some(Standing::Unassigned));
        assert_eq!(digest_standing(2), None);
        assert_eq!(
            digest_standing(3),
            Some(Standing::MustNot("GOST R 34.11-94"))
        );
        assert_eq!(
            digest_standing(1).map(Standing::severity),
            Some(Severity::Warning)
        );
        assert_eq!(digest_standing(255), Some(Standing::Unassigned));
    }

    const KSK: &str = "DNSKEY 257 3 13 zcpVf817HS7T2paE4/295OHvayDhQir4DaRsFYakCR+KbUzqnzpXB+0x9fE6\
        XKzuZi0amwiAX7tLPBLxs1ICNw==";
    const ZSK: &str = "DNSKEY 256 3 13 ujblSHRORX3D9WjDdsfjZQwrP9ZNBU7xb4GreWm4/Zs+R5yd8UNtu3Pk0b/3\
        wq0SGVXgD301aTiLljKra42HVQ==";
    /// The SHA-256 CDS of KSK at example.com. (dnssec-dsfromkey agrees).
    const KSK_CDS: &str = "CDS 5584 13 2 \
        8FE6881A3820F755E154FE9065360CF8AF0A1E9B7CC77A1A79631DA380835913";

    /// The (rule, message) of the findings of `rules` on an example.com.
    /// zone with SOA, NS and the apex `records`.
    fn findings(records: &[&str], rules: RuleSet) -> Vec<(&'static str, String)> {
        let mut text = String::from(
            "$TTL 3600\n@ SOA ns1.example.net. h 1 7200 900 1209600 3600\n@ NS ns1.example.net.\n",
        );
        for record in records {
            text.push_str("@ ");
            text.push_str(record);
            text.push('\n');
        }
        let zone = crate::zone::test_zone(&text, "example.com.");
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let mut checker = Checker::new(&zone);
        check(&mut checker, rules);
        checker
            .findings
            .into_iter()
            .map(|f| (f.rule.name(), f.message))
            .collect()
    }

    /// A DNSKEY record's text as a CDNSKEY.
    fn cdnskey(key: &str) -> String {
        key.replacen("DNSKEY", "CDNSKEY", 1)
    }

    #[test]
    fn matching_cds_and_cdnskey_pass() {
        let records = [KSK, ZSK, KSK_CDS, &cdnskey(KSK)];
        assert_eq!(findings(&records, RuleSet::ALL), []);
        // Either set alone passes, as in BIND (checkzone good-cds.db, good-cdnskey.db);
        // kzonecheck alone asks for both.
        assert_eq!(findings(&[KSK, KSK_CDS], RuleSet::ALL), []);
        assert_eq!(findings(&[KSK, &cdnskey(KSK)], RuleSet::ALL), []);
    }

    #[test]
    fn a_cdnskey_without_its_cds_is_a_disagreement() {
        let found = findings(
            &[KSK, ZSK, KSK_CDS, &cdnskey(KSK), &cdnskey(ZSK)],
            RuleSet::ALL,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "cds-mismatch");
        assert!(
            found[0].1.contains("CDNSKEY 256 3 13 (key tag 988)"),
            "{found:?}"
        );
        assert!(found[0].1.contains("has no CDS"), "{found:?}");
    }

    #[test]
    fn delete_requests_must_agree_and_stand_alone() {
        let both = ["CDS 0 0 0 00", "CDNSKEY 0 3 0 AA=="];
        assert_eq!(findings(&both, RuleSet::ALL), []);
        // Also with the keys still published: the parent removes the DS set.
        assert_eq!(findings(&[KSK, both[0], both[1]], RuleSet::ALL), []);
        let found = findings(&[KSK, "CDS 0 0 0 00", &cdnskey(KSK)], RuleSet::ALL);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("asks the parent to remove the DS set"),
            "{found:?}"
        );
        let found = findings(&[KSK, "CDNSKEY 0 3 0 AA==", &cdnskey(KSK)], RuleSet::ALL);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("stands beside 1 other CDNSKEY"),
            "{found:?}"
        );
    }

    #[test]
    fn a_digest_zonelint_cannot_compute_goes_by_tag_and_algorithm() {
        let gost = "CDS 5584 13 3 \
            8FE6881A3820F755E154FE9065360CF8AF0A1E9B7CC77A1A79631DA380835913";
        let found = findings(&[KSK, gost], RuleSet::ALL);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "dnssec-algorithm");
        let wrong_tag = gost.replace("5584", "5585");
        let found = findings(&[KSK, &wrong_tag], RuleSet::of(|r| r == Rule::CdsMismatch));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.contains("no DNSKEY there has its key tag"),
            "{found:?}"
        );
    }

    #[test]
    fn signatures_get_one_finding_per_algorithm_unless_the_key_has_it() {
        let sig = |algorithm: u8, covered: &str| {
            format!(
                "RRSIG {covered} {algorithm} 2 3600 20300101000000 20250101000000 7 example.com. \
                 AAAA"
            )
        };
        let (a, b) = (sig(3, "SOA"), sig(3, "NS"));
        let found = findings(&[&a, &b], RuleSet::ALL);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.ends_with("(and 1 more RRSIG)"), "{found:?}");
        let dsa_key = KSK.replace(" 13 ", " 3 ");
        let found = findings(&[&dsa_key, &a, &b], RuleSet::ALL);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with("DNSKEY of example.com."),
            "{found:?}"
        );
        // Each rule runs only when selected.
        assert_eq!(
            findings(&[&dsa_key, &a], RuleSet::of(|r| r == Rule::CdsMismatch)),
            []
        );
    }
}
