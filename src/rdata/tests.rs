//! Unit tests of the RDATA readers and writers: for every type a good
//! case with its wire bytes and its presentation form (which must read
//! back into the same bytes), and error messages naming field and value.

use super::*;
use crate::name;
use crate::syntax::Parser;

/// `example.` in wire form, the origin of every case.
const ORIGIN: &[u8] = b"\x07example\x00";

/// Reads `rdata` of `type_name` as a zone file line would give it.
fn encode_text(type_name: &str, rdata: &str) -> Result<Vec<u8>, RdataError> {
    let line = format!("@ {type_name} {rdata}\n");
    let mut parser = Parser::new(line.as_bytes());
    let entry = parser.next_entry().expect("one entry");
    let record = entry.record(true).expect("a record");
    let mut out = vec![0xAA];
    let result = encode(
        record.record_type.1,
        &entry.fields[record.rdata_start..],
        Some(ORIGIN),
        &mut out,
    );
    match result {
        Ok(()) => Ok(out[1..].to_vec()),
        Err(error) => {
            assert_eq!(out, [0xAA], "a failed read leaves the buffer as it was");
            Err(error)
        }
    }
}

fn code(type_name: &str) -> u16 {
    match rrtype::type_from_text(type_name.as_bytes()) {
        rrtype::TypeLookup::Data(code) => code,
        other => panic!("{type_name}: {other:?}"),
    }
}

fn present(type_name: &str, wire: &[u8]) -> String {
    let mut text = String::from("x");
    write_presentation(code(type_name), wire, &mut text);
    text.split_off(1)
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::new();
    codec::hex_encode(bytes, &mut text);
    text
}

/// Reads `input`, checks the wire bytes (upper-case hex) and the written
/// form, and that the written form reads back into the same bytes.
#[track_caller]
fn check(type_name: &str, input: &str, wire_hex: &str, written: &str) {
    let wire_hex: String = wire_hex.split_whitespace().collect();
    let wire = encode_text(type_name, input)
        .unwrap_or_else(|e| panic!("{type_name} {input}: {}", e.message));
    assert_eq!(hex(&wire), wire_hex, "{type_name} {input}");
    let text = present(type_name, &wire);
    assert_eq!(text, written, "{type_name} {input}");
    let again = encode_text(type_name, &text)
        .unwrap_or_else(|e| panic!("{type_name} {text} (written back): {}", e.message));
    assert_eq!(again, wire, "{type_name} {text} reads back differently");
}

/// Reads `input` and checks the error: its message and field index.
#[track_caller]
fn fails(type_name: &str, input: &str, field: usize, message: &str) {
    match encode_text(type_name, input) {
        Ok(wire) => panic!("{type_name} {input} was read as {}", hex(&wire)),
        Err(error) => {
            assert_eq!(error.message, message, "{type_name} {input}");
            assert_eq!(error.field, field, "{type_name} {input}: field index");
        }
    }
}

const EXAMPLE: &str = "076578616D706C6500";

#[test]
fn addresses() {
    check("A", "192.0.2.1", "C0000201", "192.0.2.1");
    fails(
        "A",
        "192.0.2",
        0,
        "A address \"192.0.2\" is not an IPv4 address",
    );
    fails(
        "A",
        "192.0.2.01",
        0,
        "A address \"192.0.2.01\" is not an IPv4 address",
    );
    fails("A", "", 0, "A address is missing");
    check(
        "AAAA",
        "2001:db8::1",
        "20010DB8000000000000000000000001",
        "2001:db8::1",
    );
    check(
        "AAAA",
        "::ffff:192.0.2.1",
        "00000000000000000000FFFFC0000201",
        "::ffff:192.0.2.1",
    );
    fails(
        "AAAA",
        "2001:db8::g",
        0,
        "AAAA address \"2001:db8::g\" is not an IPv6 address",
    );
    fails(
        "A",
        "192.0.2.1 x",
        1,
        "unexpected field \"x\" after the end of the RDATA",
    );
}

#[test]
fn single_names() {
    for type_name in [
        "NS", "CNAME", "DNAME", "PTR", "MD", "MF", "MB", "MG", "MR", "NSAP-PTR",
    ] {
        check(
            type_name,
            "ns1",
            &format!("036E7331{EXAMPLE}"),
            "ns1.example.",
        );
    }
    check("NS", "@", EXAMPLE, "example.");
    check("NS", ".", "00", ".");
    check("NS", "Ns1.Other.", "034E7331054F7468657200", "Ns1.Other.");
    check("NS", "a\\.b.c.", "03612E620163 00", "a\\.b.c.");
    fails(
        "NS",
        "\"ns1\"",
        0,
        "NS name server \"ns1\" is quoted; a name is not",
    );
    fails(
        "NS",
        "a..b",
        0,
        "NS name server \"a..b\": name has an empty label",
    );
    fails("CNAME", "", 0, "CNAME canonical name is missing");
    let long = "a".repeat(64);
    fails(
        "NS",
        &long,
        0,
        &format!("NS name server \"{long}\": label \"{long}\" is 64 octets, the limit is 63"),
    );
}

#[test]
fn plain_names_match_the_name_module() {
    let long_name = format!("{}.", vec!["b".repeat(63); 4].join("."));
    let long_label = "c".repeat(64);
    for origin in [Some(ORIGIN), None] {
        for text in [
            "a",
            "a.b",
            "a.b.",
            "@",
            ".",
            "-",
            "*.x",
            "a\\.b",
            "..",
            ".a",
            "a..",
            "a\\",
            "x\\065",
            "\\@",
            "a.b.c.d.e.f.g.h",
            "",
            &long_name,
            &long_label,
        ] {
            let mut fast = vec![9];
            let handled = common::plain_name(text.as_bytes(), origin, &mut fast);
            let mut slow = Vec::new();
            let parsed = name::parse(text.as_bytes(), origin, &mut slow);
            if handled {
                assert_eq!(parsed, Ok(()), "{text}");
                assert_eq!(fast[1..], slow, "{text}");
            } else {
                assert_eq!(fast, [9], "{text}: nothing appended");
            }
        }
    }
}

#[test]
fn numbers_and_names() {
    check(
        "MX",
        "10 mail",
        &format!("000A046D61696C{EXAMPLE}"),
        "10 mail.example.",
    );
    fails("MX", "ten mail", 0, "MX preference \"ten\" is not a number");
    fails(
        "MX",
        "65536 mail",
        0,
        "MX preference \"65536\" is larger than 65535",
    );
    fails("MX", "10", 1, "MX exchange is missing");
    check("AFSDB", "1 afs.", "000103616673 00", "1 afs.");
    fails("AFSDB", "x afs.", 0, "AFSDB subtype \"x\" is not a number");
    check("RT", "10 relay.", "000A0572656C617900", "10 relay.");
    fails("RT", "10", 1, "RT intermediate host is missing");
    check("KX", "10 kx.", "000A026B7800", "10 kx.");
    fails("KX", "-1 kx.", 0, "KX preference \"-1\" is not a number");
    check("LP", "10 l64.", "000A036C363400", "10 l64.");
    fails(
        "LP",
        "10 \"l64\"",
        1,
        "LP FQDN \"l64\" is quoted; a name is not",
    );
    check("PX", "10 a. b.", "000A0161000162 00", "10 a. b.");
    fails("PX", "10 a.", 2, "PX MAPX400 is missing");
    check(
        "SRV",
        "10 20 5060 sip.",
        "000A001413C403736970 00",
        "10 20 5060 sip.",
    );
    fails("SRV", "1 2 x sip.", 2, "SRV port \"x\" is not a number");
    check("MINFO", "r. e.", "0172000165 00", "r. e.");
    fails("MINFO", "r.", 1, "MINFO error mailbox is missing");
    check("RP", "m. t.", "016D000174 00", "m. t.");
    fails("RP", "", 0, "RP mailbox is missing");
    check("TALINK", "p. n.", "017000016E00", "p. n.");
    fails("TALINK", "p.", 1, "TALINK next name is missing");
}

#[test]
fn soa() {
    check(
        "SOA",
        "ns1 host 2024010101 1h 30m 1w 300",
        &format!(
            "036E7331{EXAMPLE}04686F7374{EXAMPLE}78A3F175 00000E10 00000708 00093A80 0000012C"
        ),
        "ns1.example. host.example. 2024010101 3600 1800 604800 300",
    );
    fails("SOA", "ns1 host 1 2 3 4", 6, "SOA minimum is missing");
    fails(
        "SOA",
        "ns1 host 1 2x 3 4 5",
        3,
        "SOA refresh \"2x\" is not a number of seconds or a duration such as 1h30m",
    );
    fails(
        "SOA",
        "ns1 host 4294967296 2 3 4 5",
        2,
        "SOA serial \"4294967296\" is larger than 4294967295",
    );
}

#[test]
fn text_types() {
    for type_name in ["TXT", "SPF", "NINFO", "AVC", "RESINFO", "WALLET"] {
        check(
            type_name,
            "\"a b\" c \"\\\"\\\\\" \"\\200\"",
            "03612062016302225C01C8",
            "\"a b\" \"c\" \"\\\"\\\\\" \"\\200\"",
        );
        fails(type_name, "", 0, &format!("{type_name} string is missing"));
    }
    check("TXT", "\"\"", "00", "\"\"");
    fails(
        "TXT",
        "\"a\\25\"",
        0,
        "TXT string \"a\\\\25\": bad escape \"\\\\25\"",
    );
    // Over 255 octets: split into strings of 255 (txt-too-long reports it).
    let long = "x".repeat(300);
    let wire = encode_text("TXT", &long).unwrap();
    assert_eq!(wire.len(), 302);
    assert_eq!((wire[0], wire[256]), (255, 45));
    check(
        "HINFO",
        "PC \"Linux 6\"",
        "025043074C696E75782036",
        "\"PC\" \"Linux 6\"",
    );
    fails("HINFO", "PC", 1, "HINFO OS is missing");
    let long = "y".repeat(256);
    fails(
        "HINFO",
        &format!("{long} os"),
        0,
        "HINFO CPU is 256 octets, the limit is 255",
    );
    check(
        "X25",
        "311061700956",
        "0C333131303631373030393536",
        "\"311061700956\"",
    );
    fails(
        "X25",
        "31a1",
        0,
        "X25 PSDN address \"31a1\" is not at least 4 decimal digits",
    );
    check(
        "ISDN",
        "150862028003217 004",
        "0F313530383632303238303033323137033030 34",
        "\"150862028003217\" \"004\"",
    );
    check("ISDN", "1508", "0431353038", "\"1508\"");
    fails("ISDN", "", 0, "ISDN ISDN address is missing");
    check(
        "GPOS",
        "-32.6882 116.8652 10.0",
        "082D33322E36383832083131362E38363532043130 2E30",
        "\"-32.6882\" \"116.8652\" \"10.0\"",
    );
    check("GPOS", "\"\" \"\" \"\"", "000000", "\"\" \"\" \"\"");
    fails(
        "GPOS",
        "1 x 3",
        1,
        "GPOS latitude \"x\" is not a decimal number",
    );
    check(
        "NAPTR",
        "100 50 s \"http+I2L\" \"\" _http._tcp.",
        "0064003201730868747470 2B49324C00055F68747470045F74637000",
        "100 50 \"s\" \"http+I2L\" \"\" _http._tcp.",
    );
    fails("NAPTR", "100 50 s x y", 5, "NAPTR replacement is missing");
}

#[test]
fn generic_form() {
    check("TYPE65280", "\\# 4 0A000001", "0A000001", "\\# 4 0A000001");
    check("TYPE65280", "\\# 0", "", "\\# 0");
    check("A", "\\# 4 C0000201", "C0000201", "192.0.2.1");
    check("NULL", "\\# 3 01 0203", "010203", "\\# 3 010203");
    fails(
        "A",
        "\\# 3 C00002",
        0,
        "generic RDATA \\# 3 is not valid A RDATA",
    );
    fails(
        "MX",
        "\\# 0",
        0,
        "generic RDATA \\# 0 is not valid MX RDATA",
    );
    fails(
        "TYPE65280",
        "\\# 2 0A",
        2,
        "generic RDATA says 2 octets but holds 1",
    );
    fails("TYPE65280", "\\#", 1, "generic RDATA \\# has no length");
    fails(
        "TYPE65280",
        "1 2",
        0,
        "RDATA of type TYPE65280 has no presentation format; write it as \\# length hex",
    );
    fails(
        "NULL",
        "abc",
        0,
        "NULL RDATA can only be written in the generic form \\# length hex",
    );
    // `\#` followed by text is text, as BIND reads it.
    check("TXT", "\\# text", "012304746578 74", "\"#\" \"text\"");
    // Types without a presentation format are written generically.
    // (NXNAME, a meta type of RFC 9824, is refused as a record type.)
    for type_name in ["UINFO", "UID", "GID", "UNSPEC", "CLA", "IPN"] {
        check(type_name, "\\# 1 00", "00", "\\# 1 00");
        assert!(!has_presentation(code(type_name)));
    }
    // Bytes that do not decode are written generically, never wrongly.
    assert_eq!(present("MX", &[0, 1]), "\\# 2 0001");
    assert_eq!(present("NSEC", &[0, 0, 0]), "\\# 3 000000");
}

#[test]
fn ds_family() {
    let digest = "292CC6D753BC47C3F2E890EDAF84EF25B0A10E25FE54F337E3E5112009A3B9D6";
    for type_name in ["DS", "CDS", "TA", "DLV"] {
        check(
            type_name,
            &format!("12345 RSASHA256 2 {} {}", &digest[..20], &digest[20..]),
            &format!("30390802{digest}"),
            &format!("12345 8 2 {digest}"),
        );
        fails(
            type_name,
            "1 8 300 00",
            2,
            &format!("{type_name} digest type \"300\" is larger than 255"),
        );
    }
    check("CDS", "0 0 0 00", "0000000000", "0 0 0 00");
    fails(
        "DS",
        "1 8 2 00",
        3,
        "DS digest is 1 octets, but SHA-256 needs 32",
    );
    fails("DS", "1 8 1", 3, "DS digest is missing");
    fails(
        "DS",
        "1 8 9 0",
        3,
        "DS digest \"0\" has an odd number of hexadecimal digits",
    );
    fails("DS", "1 8 9 XX", 3, "DS digest \"XX\" is not hexadecimal");
    fails(
        "DS",
        "1 FOO 9 00",
        1,
        "DS algorithm \"FOO\" is not a number or a known mnemonic",
    );
    fails(
        "DS",
        "65536 8 9 00",
        0,
        "DS key tag \"65536\" is larger than 65535",
    );
}

#[test]
fn dnskey_family() {
    for type_name in ["DNSKEY", "CDNSKEY", "RKEY", "KEY"] {
        check(
            type_name,
            "257 3 ECDSAP256SHA256 AwEA Aag=",
            "0101030D030100 01A8",
            "257 3 13 AwEAAag=",
        );
        fails(
            type_name,
            "256 3 8",
            3,
            &format!("{type_name} public key is missing"),
        );
        fails(
            type_name,
            "256 3 8 AwE",
            3,
            &format!(
                "{type_name} public key \"AwE\" is not base64: its length is not a multiple of 4"
            ),
        );
    }
    // KEY with the "no key" flags needs no key (RFC 2535 §3.1.2).
    check("KEY", "49152 3 5", "C0000305", "49152 3 5");
    fails(
        "DNSKEY",
        "256 3 8 A===",
        3,
        "DNSKEY public key \"A===\" has padding \"=\" too early in a group of four",
    );
    fails(
        "DNSKEY",
        "256 3 8 AA== AA==",
        4,
        "DNSKEY public key \"AA==\" has data after its padding",
    );
    // A group of four may span a blank, as BIND reads it.
    check("DNSKEY", "256 3 8 AA ==", "0100030800", "256 3 8 AA==");
}

#[test]
fn rrsig_family() {
    for type_name in ["RRSIG", "SIG"] {
        check(
            type_name,
            "A 8 2 1h 20240201000000 1704067200 12345 example. AQID BA==",
            &format!("0001080200000E1065BADF00659200803039{EXAMPLE}01020304"),
            "A 8 2 3600 20240201000000 20240101000000 12345 example. AQIDBA==",
        );
        fails(
            type_name,
            "A 8 2 3600 2024 2024-01-01 1 . AA==",
            5,
            &format!(
                "{type_name} signature inception \"2024-01-01\" is not a time (YYYYMMDDHHmmSS or seconds)"
            ),
        );
    }
    fails(
        "RRSIG",
        "A 8 2 3600 20241301000000 0 1 . AA==",
        4,
        "RRSIG signature expiration \"20241301000000\" is not a time (YYYYMMDDHHmmSS or seconds)",
    );
    fails(
        "RRSIG",
        "BOGUS 8 2 3600 0 0 1 . AA==",
        0,
        "RRSIG type covered \"BOGUS\" is not a record type",
    );
    check(
        "RRSIG",
        "ANY 8 2 3600 0 0 1 . AA==",
        "00FF 08 02 00000E10 00000000 00000000 0001 00 00",
        "ANY 8 2 3600 19700101000000 19700101000000 1 . AA==",
    );
    fails(
        "RRSIG",
        "A 8 2 3600 0 0 1 .",
        8,
        "RRSIG signature is missing",
    );
    check(
        "RRSIG",
        "TYPE65280 8 2 0 0 0 0 . AA==",
        "FF00 08 02 00000000 00000000 00000000 0000 00 00",
        "TYPE65280 8 2 0 19700101000000 19700101000000 0 . AA==",
    );
}

#[test]
fn nsec_family() {
    check(
        "NSEC",
        "next A NS SOA RRSIG NSEC TYPE1234 A",
        &format!(
            "046E657874{EXAMPLE} 00 06 620000000003 04 1B {} 20",
            "00".repeat(26)
        ),
        "next.example. A NS SOA RRSIG NSEC TYPE1234",
    );
    check("NSEC", ".", "00", ".");
    fails(
        "NSEC",
        ". A BOGUS",
        2,
        "NSEC type \"BOGUS\" is not a record type",
    );
    fails("NSEC", "", 0, "NSEC next domain name is missing");
    check(
        "NSEC3",
        "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG",
        "01 01 000C 04 AABBCCDD 14 174EB2409FE28BCB4887A1836F957F0A8425E27B 00 06 400000000002",
        "1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG",
    );
    // A hash algorithm without a known length takes any hash.
    check("NSEC3", "2 0 0 - 00", "0200000000 0100", "2 0 0 - 00");
    fails(
        "NSEC3",
        "1 0 0 - 1",
        4,
        "NSEC3 next hashed owner name \"1\" has a length that no number of octets gives",
    );
    // RFC 5155 §3.3: unpadded, and as long as the hash (SHA-1: 20 octets).
    fails(
        "NSEC3",
        "2 0 0 - 00======",
        4,
        "NSEC3 next hashed owner name \"00======\" has base32hex padding \"=\", which RFC \
         5155 §3.3 leaves out",
    );
    fails(
        "NSEC3",
        "1 0 0 - CPNMUOJ1 A",
        4,
        "NSEC3 next hashed owner name is 5 octets, but SHA-1 (hash algorithm 1) gives 20",
    );
    fails(
        "NSEC3",
        "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR00 A",
        4,
        "NSEC3 next hashed owner name is 21 octets, but SHA-1 (hash algorithm 1) gives 20",
    );
    // The generic form is held to the same length.
    fails(
        "NSEC3",
        "\\# 7 01 00 0000 00 01 00",
        0,
        "generic RDATA \\# 7 is not valid NSEC3 RDATA",
    );
    check(
        "NSEC3",
        "\\# 7 02 00 0000 00 01 00",
        "02000000000100",
        "2 0 0 - 00",
    );
    fails(
        "NSEC3",
        "1 0 0 0 00",
        3,
        "NSEC3 salt \"0\" has an odd number of hexadecimal digits",
    );
    fails(
        "NSEC3",
        "256 0 0 - 00",
        0,
        "NSEC3 hash algorithm \"256\" is larger than 255",
    );
    check("NSEC3PARAM", "1 0 12 aabb", "0100000C02AABB", "1 0 12 AABB");
    check("NSEC3PARAM", "1 0 0 -", "0100000000", "1 0 0 -");
    fails(
        "NSEC3PARAM",
        "1 0 0 00 00",
        4,
        "unexpected field \"00\" after the end of the RDATA",
    );
    fails(
        "NSEC3PARAM",
        "1 0 x -",
        2,
        "NSEC3PARAM iterations \"x\" is not a number",
    );
    check(
        "CSYNC",
        "66 3 A NS AAAA",
        "0000004200030004600000 08",
        "66 3 A NS AAAA",
    );
    fails("CSYNC", "66 x", 1, "CSYNC flags \"x\" is not a number");
    check(
        "NXT",
        "next. A NS SOA MX",
        "046E657874 00 62 01",
        "next. A NS SOA MX",
    );
    check("NXT", "next. 1 2", "046E657874 00 60", "next. A NS");
    fails(
        "NXT",
        "next. AAAA TYPE128",
        2,
        "NXT type 128 cannot be in an NXT bitmap (types 1 to 127 only)",
    );
}

#[test]
fn zonemd_sshfp_tlsa_cert() {
    let digest = "C68090D90A7AED716BC459F9340E3D7C1370D4D24B7E2FC3A1DDC0B9A87153B9A9713B3C9AE5CC27777F98B8E730044C";
    check(
        "ZONEMD",
        &format!("2018031900 1 1 {digest}"),
        &format!("7848B91C0101{digest}"),
        &format!("2018031900 1 1 {digest}"),
    );
    fails(
        "ZONEMD",
        "1 1 1 00",
        3,
        "ZONEMD digest is 1 octets, but SHA-384 needs 48",
    );
    fails(
        "ZONEMD",
        "1 1 256 00",
        2,
        "ZONEMD hash algorithm \"256\" is larger than 255",
    );
    let fingerprint = "7EB8E406E5F38ECA918E8F923D1018221323AD98DB2B4C717EC61FA6E8A4CDA5";
    check(
        "SSHFP",
        &format!("4 2 {}", fingerprint.to_lowercase()),
        &format!("0402{fingerprint}"),
        &format!("4 2 {fingerprint}"),
    );
    check("SSHFP", "4 9 0102", "04090102", "4 9 0102");
    fails(
        "SSHFP",
        "1 1 0102",
        2,
        "SSHFP fingerprint is 2 octets, but SHA-1 needs 20",
    );
    fails(
        "SSHFP",
        "256 1 00",
        0,
        "SSHFP algorithm \"256\" is larger than 255",
    );
    for type_name in ["TLSA", "SMIMEA"] {
        check(type_name, "3 1 1 01 02ff", "03010101 02FF", "3 1 1 0102FF");
        fails(
            type_name,
            "3 1 1",
            3,
            &format!("{type_name} certificate association data is missing"),
        );
    }
    check(
        "CERT",
        "PKIX 12345 RSASHA256 AQID",
        "0001303908010203",
        "PKIX 12345 RSASHA256 AQID",
    );
    check(
        "CERT",
        "65000 1 200 AQID",
        "FDE80001C8010203",
        "65000 1 200 AQID",
    );
    fails(
        "CERT",
        "X 0 0 AA==",
        0,
        "CERT certificate type \"X\" is not a number or a known mnemonic",
    );
    fails(
        "CERT",
        "0 0 256 AA==",
        2,
        "CERT algorithm \"256\" is larger than 255",
    );
}

#[test]
fn base64_types() {
    for type_name in ["DHCID", "OPENPGPKEY", "HHIT", "BRID"] {
        check(type_name, "AQID BA==", "01020304", "AQIDBA==");
        fails(type_name, "", 0, &format!("{type_name} data is missing"));
    }
    check("SINK", "1 2 3 AQID", "010203010203", "1 2 3 AQID");
    check("SINK", "1 2 3", "010203", "1 2 3");
    fails("SINK", "1 2", 2, "SINK subcoding is missing");
    check(
        "DOA",
        "0 1 2 \"\" aHR0cA==",
        "00000000000000010200 68747470",
        "0 1 2 \"\" aHR0cA==",
    );
    check(
        "DOA",
        "1 2 3 \"image/png\" -",
        "0000000100000002030969 6D6167652F706E67",
        "1 2 3 \"image/png\" -",
    );
    fails("DOA", "1 2 3", 3, "DOA media type is missing");
    check("EID", "12 89 AB", "1289AB", "1289AB");
    check("NIMLOC", "3289", "3289", "3289");
    fails(
        "EID",
        "1",
        0,
        "EID locator \"1\" has an odd number of hexadecimal digits",
    );
}

#[test]
fn loc() {
    check(
        "LOC",
        "42 21 54.5 N 71 06 18 W -24m 30m",
        "00 33 16 13 89172FC4 70BE15F0 00988D20",
        "42 21 54.500 N 71 6 18.000 W -24.00m 30m 10000m 10m",
    );
    check(
        "LOC",
        "52 N 4 E 0",
        "00 12 16 13 8B287200 80DBBA00 00989680",
        "52 0 0.000 N 4 0 0.000 E 0.00m 1m 10000m 10m",
    );
    check(
        "LOC",
        "0 0 0.001 S 0 E 1.5m 0.01 0 90000000.00",
        &loc_expected(),
        "0 0 0.001 S 0 0 0.000 E 1.50m 0.01m 0m 90000000m",
    );
    fails(
        "LOC",
        "91 N 0 E 0",
        0,
        "LOC latitude degrees \"91\" is larger than 90",
    );
    fails(
        "LOC",
        "90 1 N 0 E 0",
        2,
        "LOC latitude \"90 1 N\" is more than 90 degrees",
    );
    fails(
        "LOC",
        "1 X 0 E 0",
        1,
        "LOC latitude minutes or hemisphere \"X\" is not minutes (0-59) or N/S/E/W",
    );
    fails(
        "LOC",
        "1 2 3 4 0 E 0",
        3,
        "LOC latitude hemisphere \"4\" is not N or S",
    );
    fails("LOC", "1 N 1 E", 4, "LOC altitude is missing");
    fails(
        "LOC",
        "1 N 1 E 0 90000001",
        5,
        "LOC size \"90000001\" is not a length in meters from 0 to 90000000.00",
    );
    fails(
        "LOC",
        "1 N 1 E -100000.01",
        4,
        "LOC altitude \"-100000.01\" is not a height in meters from -100000.00 to 42849672.95",
    );
    // Version 1 is not known: written generically.
    let mut wire = encode_text("LOC", "52 N 4 E 0").unwrap();
    wire[0] = 1;
    assert!(present("LOC", &wire).starts_with("\\# 16 01"));
}

/// Version 0; size 1 cm, horizontal precision 0, vertical 9e9 cm;
/// 0.001" south, 0 east, 1.5 m up.
fn loc_expected() -> String {
    let mut wire = vec![0, 0x10, 0x00, 0x99];
    wire.extend_from_slice(&((1u32 << 31) - 1).to_be_bytes());
    wire.extend_from_slice(&(1u32 << 31).to_be_bytes());
    wire.extend_from_slice(&(10_000_000u32 + 150).to_be_bytes());
    hex(&wire)
}

#[test]
fn svcb() {
    for type_name in ["SVCB", "HTTPS"] {
        check(
            type_name,
            "1 . port=8443 alpn=h2,h3 mandatory=port,alpn",
            "0001 00 0000 0004 00010003 0001 0006 02683202 6833 0003 0002 20FB",
            "1 . mandatory=alpn,port alpn=\"h2,h3\" port=8443",
        );
        check(type_name, "0 target.", "0000067461726765740 0", "0 target.");
        fails(
            type_name,
            "0 . alpn=h2",
            2,
            &format!(
                "{type_name} priority is 0 (AliasMode), which takes no SvcParams (RFC 9460 §2.4.2)"
            ),
        );
    }
    check(
        "SVCB",
        "1 . ipv4hint=192.0.2.1,192.0.2.2 ech=\"AQID\" ipv6hint=::1 no-default-alpn alpn=x",
        "0001 00 0001 0002 0178 0002 0000 0004 0008 C0000201C0000202 0005 0003 010203 0006 0010 00000000000000000000000000000001",
        "1 . alpn=\"x\" no-default-alpn ipv4hint=192.0.2.1,192.0.2.2 ech=AQID ipv6hint=::1",
    );
    // Commas and backslashes inside alpn IDs (RFC 9460 Appendix A).
    check(
        "SVCB",
        "16 foo.example.org. alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
        "0010 03666F6F076578616D706C65036F726700 0001 000C 08665C6F6F2C626172 026832",
        "16 foo.example.org. alpn=\"f\\\\\\\\oo\\\\,bar,h2\"",
    );
    check(
        "SVCB",
        "1 . key65000=\"a b\" key7",
        "0001 00 0007 0000 FDE8 0003 612062",
        "1 . key7 key65000=\"a b\"",
    );
    check("SVCB", "1 . key3", "0001 00 0003 0000", "1 . key3");
    fails(
        "SVCB",
        "1 . port=1 port=2",
        3,
        "SVCB SvcParam port appears twice",
    );
    fails(
        "SVCB",
        "1 . bogus=1",
        2,
        "SVCB SvcParam key \"bogus\" is not a known key or keyNNNNN (keys are lower case)",
    );
    fails(
        "SVCB",
        "1 . PORT=1",
        2,
        "SVCB SvcParam key \"PORT\" is not a known key or keyNNNNN (keys are lower case)",
    );
    fails(
        "SVCB",
        "1 . mandatory=port",
        2,
        "SVCB mandatory lists port, but the record has no such SvcParam",
    );
    fails(
        "SVCB",
        "1 . mandatory=mandatory",
        2,
        "SVCB SvcParam mandatory cannot list mandatory itself",
    );
    fails(
        "SVCB",
        "1 . alpn=a,,b",
        2,
        "SVCB SvcParam alpn has an empty protocol ID",
    );
    fails("SVCB", "1 . alpn", 2, "SVCB SvcParam alpn needs a value");
    fails(
        "SVCB",
        "1 . alpn=a\\\\b",
        2,
        "SVCB SvcParam alpn has a backslash that escapes neither \",\" nor \"\\\"",
    );
    fails(
        "SVCB",
        "1 . no-default-alpn=x",
        2,
        "SVCB SvcParam no-default-alpn takes no value",
    );
    fails(
        "SVCB",
        "1 . port=65536",
        2,
        "SVCB SvcParam port \"65536\" is not a port number",
    );
    fails(
        "SVCB",
        "1 . ipv4hint=1.2.3",
        2,
        "SVCB SvcParam ipv4hint \"1.2.3\" is not an IPv4 address",
    );
    fails(
        "SVCB",
        "1 . ech=A",
        2,
        "SVCB SvcParam ech \"A\" is not base64: its length is not a multiple of 4",
    );
    fails(
        "HTTPS",
        "65536 .",
        0,
        "HTTPS priority \"65536\" is larger than 65535",
    );
    fails("HTTPS", "1", 1, "HTTPS target name is missing");
}

#[test]
fn addresses_with_structure() {
    check(
        "WKS",
        "192.0.2.1 tcp 21 smtp 22",
        "C0000201 06 00000640",
        "192.0.2.1 6 21 22 25",
    );
    fails(
        "WKS",
        "192.0.2.1 tcp bogus",
        2,
        "WKS service \"bogus\" is not a number or a known mnemonic",
    );
    fails(
        "WKS",
        "192.0.2.1 300",
        1,
        "WKS protocol \"300\" is larger than 255",
    );
    check(
        "APL",
        "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32",
        "00011503C0A820 00011C83C0A826 00022004 20010DB8",
        "1:192.168.32.0/21 !1:192.168.38.0/28 2:2001:db8::/32",
    );
    check("APL", "", "", "");
    check(
        "APL",
        "1:0.0.0.0/0",
        "0001000000".get(..8).unwrap(),
        "1:0.0.0.0/0",
    );
    fails(
        "APL",
        "1:0.0.0.0/33",
        0,
        "APL item \"1:0.0.0.0/33\" has a prefix length over 32",
    );
    fails(
        "APL",
        "3:0.0.0.0/1",
        0,
        "APL item \"3:0.0.0.0/1\" has a family that is not 1 (IPv4) or 2 (IPv6)",
    );
    fails(
        "APL",
        "2:0.0.0.0/1",
        0,
        "APL item \"2:0.0.0.0/1\" has an address that is not IPv6",
    );
    check(
        "A6",
        "0 2001:db8::1",
        "0020010DB8000000000000000000000001",
        "0 2001:db8::1",
    );
    check(
        "A6",
        "64 ::1:2:3:4 prefix.",
        "4000010002000300040670726566697800",
        "64 ::1:2:3:4 prefix.",
    );
    check("A6", "128 prefix.", "800670726566697800", "128 prefix.");
    fails(
        "A6",
        "129 ::",
        0,
        "A6 prefix length \"129\" is larger than 128",
    );
    fails("A6", "64 ::1", 2, "A6 prefix name is missing");
    check(
        "NSAP",
        "0x47.0005.80.005a00",
        "470005 80005A00",
        "0x47000580005a00",
    );
    fails(
        "NSAP",
        "47",
        0,
        "NSAP address \"47\" does not start with 0x",
    );
    fails(
        "NSAP",
        "0x4",
        0,
        "NSAP address \"0x4\" does not hold an even number of hexadecimal digits",
    );
    check("ATMA", "39246f00", "0039246F00", "39246f00");
    check(
        "ATMA",
        "+358400123456",
        "01333538343030313233343536",
        "+358400123456",
    );
    fails(
        "ATMA",
        "+35a",
        0,
        "ATMA address \"+35a\" is not + and E.164 digits",
    );
    check(
        "EUI48",
        "00-00-5E-00-53-2a",
        "00005E00532A",
        "00-00-5e-00-53-2a",
    );
    check(
        "EUI64",
        "00-00-5e-ef-10-00-00-2a",
        "00005EEF1000002A",
        "00-00-5e-ef-10-00-00-2a",
    );
    fails(
        "EUI48",
        "00:00:5e:00:53:2a",
        0,
        "EUI48 address \"00:00:5e:00:53:2a\" is not 6 hexadecimal pairs joined by dashes (00-00-5e-00-53-2a)",
    );
    fails(
        "EUI64",
        "00-00-5e-00-53-2a",
        0,
        "EUI64 address \"00-00-5e-00-53-2a\" is not 8 hexadecimal pairs joined by dashes (00-00-5e-ef-10-00-00-2a)",
    );
    check(
        "NID",
        "10 14:4fff:ff20:ee64",
        "000A0014 4FFFFF20EE64",
        "10 14:4fff:ff20:ee64",
    );
    check(
        "L64",
        "10 2001:0DB8:1140:1000",
        "000A20010DB811401000",
        "10 2001:db8:1140:1000",
    );
    fails(
        "L64",
        "10 2001:db8:1140",
        1,
        "L64 locator \"2001:db8:1140\" is not four groups of hexadecimal digits joined by colons (0:0:0:1)",
    );
    fails(
        "NID",
        "10 0:0:0:12345",
        1,
        "NID node ID \"0:0:0:12345\" is not four groups of hexadecimal digits joined by colons (0:0:0:1)",
    );
    check("L32", "10 10.1.2.0", "000A0A010200", "10 10.1.2.0");
    fails(
        "L32",
        "10 10.1.2",
        1,
        "L32 locator \"10.1.2\" is not an IPv4 address",
    );
}

#[test]
fn keys_with_gateways() {
    check(
        "IPSECKEY",
        "10 1 2 192.0.2.38 AQNR",
        "0A0102C0000226 01 0351",
        "10 1 2 192.0.2.38 AQNR",
    );
    check("IPSECKEY", "10 0 0 .", "0A0000", "10 0 0 .");
    check(
        "IPSECKEY",
        "10 3 2 gw AQNR",
        &format!("0A03020267 77{EXAMPLE}010351"),
        "10 3 2 gw.example. AQNR",
    );
    check(
        "IPSECKEY",
        "10 2 2 2001:db8::1",
        "0A020220010DB8000000000000000000000001",
        "10 2 2 2001:db8::1",
    );
    fails(
        "IPSECKEY",
        "10 4 0 .",
        1,
        "IPSECKEY gateway type \"4\" is larger than 3",
    );
    fails(
        "IPSECKEY",
        "10 0 0 . AA==",
        4,
        "IPSECKEY public key is given but the algorithm is 0 (no key)",
    );
    fails(
        "IPSECKEY",
        "10 0 1 x",
        3,
        "IPSECKEY gateway \"x\" must be \".\" when its type is 0 (none)",
    );
    check(
        "AMTRELAY",
        "10 0 1 203.0.113.15",
        "0A01CB00710F",
        "10 0 1 203.0.113.15",
    );
    check(
        "AMTRELAY",
        "128 1 3 amtrelays.example.com.",
        "80830961 6D7472656C617973076578616D706C6503636F6D00",
        "128 1 3 amtrelays.example.com.",
    );
    check("AMTRELAY", "0 0 0 .", "0000", "0 0 0 .");
    fails(
        "AMTRELAY",
        "0 2 0 .",
        1,
        "AMTRELAY discovery optional flag \"2\" is larger than 1",
    );
    fails(
        "AMTRELAY",
        "0 0 4 .",
        2,
        "AMTRELAY relay type 4 is not 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name)",
    );
    check(
        "HIP",
        "2 200100107B1A74DF365639CC39F1D578 AwEAAQ== rvs.example.",
        "1002 0004 200100107B1A74DF365639CC39F1D578 03010001 03727673076578616D706C6500",
        "2 200100107B1A74DF365639CC39F1D578 AwEAAQ== rvs.example.",
    );
    fails(
        "HIP",
        "2 2001 AwEAAQ== \"AA\"",
        3,
        "HIP rendezvous server \"AA\" is quoted; a name is not",
    );
    fails(
        "HIP",
        "2 20010 AwEAAQ==",
        1,
        "HIP HIT \"20010\" has an odd number of hexadecimal digits",
    );
    check(
        "DSYNC",
        "CDS NOTIFY 5359 target.",
        "003B0114EF06746172676574 00",
        "CDS NOTIFY 5359 target.",
    );
    check("DSYNC", "type59 2 0 .", "003B02000000", "CDS 2 0 .");
    fails(
        "DSYNC",
        "JUNK NOTIFY 53 x.",
        0,
        "DSYNC type \"JUNK\" is not a record type",
    );
    fails(
        "DSYNC",
        "CDS JUNK 53 x.",
        1,
        "DSYNC scheme \"JUNK\" is not a number or a known mnemonic",
    );
}

#[test]
fn caa_and_uri() {
    check(
        "CAA",
        "0 issue \"ca.example.net; account=230123\"",
        "0005697373756563612E6578616D706C652E6E65743B206163636F756E743D323330313233",
        "0 issue \"ca.example.net; account=230123\"",
    );
    check(
        "CAA",
        "128 iodef mailto:a@b",
        "8005696F6465666D61696C746F3A614062",
        "128 iodef \"mailto:a@b\"",
    );
    fails(
        "CAA",
        "0 \"\" x",
        1,
        "CAA tag \"\" is not 1 to 255 letters and digits (RFC 8659 §4.1)",
    );
    fails(
        "CAA",
        "0 is-sue x",
        1,
        "CAA tag \"is-sue\" is not 1 to 255 letters and digits (RFC 8659 §4.1)",
    );
    fails("CAA", "0 issue", 2, "CAA value is missing");
    fails(
        "CAA",
        "0 issue a b",
        3,
        "unexpected field \"b\" after the end of the RDATA",
    );
    check(
        "URI",
        "10 1 \"ftp://a/b c\"",
        "000A0001 6674703A2F2F612F622063",
        "10 1 \"ftp://a/b c\"",
    );
    check("URI", "0 0 \"\"", "00000000", "0 0 \"\"");
    let long = "u".repeat(300);
    assert_eq!(
        encode_text("URI", &format!("1 1 {long}")).unwrap().len(),
        304
    );
    fails(
        "URI",
        "1 65536 x",
        1,
        "URI weight \"65536\" is larger than 65535",
    );
}

#[test]
fn rdata_over_65535_octets_is_refused() {
    let strings = vec![format!("\"{}\"", "x".repeat(255)); 258].join(" ");
    fails(
        "TXT",
        &strings,
        0,
        "RDATA is 66048 octets, the limit is 65535",
    );
}

#[test]
fn every_listed_type_reads_something() {
    // Every type of the list either has a reader (a case above) or is one
    // of the generic-only types; none is left "not supported".
    for &(name, code) in rrtype::TYPES {
        let result = encode_text(name, "0");
        if let Err(error) = result {
            assert!(
                !error.message.contains("no presentation format") || !has_presentation(code),
                "{name}: {}",
                error.message
            );
        }
    }
}

#[test]
fn written_forms_read_back_for_arbitrary_wire_bytes() {
    // Whatever bytes a record holds, its written form is either the
    // generic one or text that reads back into exactly those bytes.
    let mut seed: u32 = 7;
    let mut next = move || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (seed >> 16) as u8
    };
    let mut typed = 0;
    for &(name, code) in rrtype::TYPES {
        for round in 0..400 {
            let length = (round % 48) as usize;
            let mut wire: Vec<u8> = (0..length).map(|_| next()).collect();
            // Small values make more of them decode: names, lengths, keys.
            if round % 2 == 0 {
                for byte in wire.iter_mut() {
                    *byte %= 8;
                }
            }
            let mut text = String::new();
            write_presentation(code, &wire, &mut text);
            if text.starts_with("\\#") {
                continue;
            }
            typed += 1;
            let again = encode_text(name, &text)
                .unwrap_or_else(|e| panic!("{name} {text} ({}): {}", hex(&wire), e.message));
            assert_eq!(again, wire, "{name} {text}");
        }
    }
    assert!(typed > 1000, "only {typed} cases decoded");
}

#[test]
fn nsec3_owner_is_a_hash_of_the_right_length() {
    let sha1 = encode_text("NSEC3", "1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A").unwrap();
    let other = encode_text("NSEC3", "2 0 0 - CPNMU A").unwrap();
    let owner = |text: &str| name::test_wire(text);
    assert_eq!(
        check_owner(
            50,
            &owner("2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."),
            &sha1
        ),
        Ok(())
    );
    assert_eq!(
        check_owner(50, &owner("cpnmu===.example."), &other),
        Err(
            "NSEC3 owner label \"cpnmu===\" has base32hex padding \"=\"; a hashed owner \
             name is written without it (RFC 5155 §3)"
                .to_string()
        )
    );
    assert_eq!(
        check_owner(50, &owner("cpnmuoj1.example."), &sha1),
        Err(
            "NSEC3 owner label \"cpnmuoj1\" is a hash of 5 octets, but SHA-1 (hash algorithm \
             1) gives 20"
                .to_string()
        )
    );
    // An algorithm without a known length takes any unpadded hash.
    assert_eq!(check_owner(50, &owner("cpnmu.example."), &other), Ok(()));
    assert!(
        check_owner(50, &owner("wxyz.example."), &other)
            .unwrap_err()
            .contains("not base32hex")
    );
    assert!(check_owner(50, &owner("."), &sha1).is_err());
    // Other types ask nothing of their owner.
    assert_eq!(
        check_owner(1, &owner("cpnmu===.example."), &[192, 0, 2, 1]),
        Ok(())
    );
}
