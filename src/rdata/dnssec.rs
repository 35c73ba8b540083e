//! DNSSEC and related key types: DS and its kin (CDS, TA, DLV), DNSKEY
//! and its kin (CDNSKEY, KEY, RKEY), RRSIG and SIG, NSEC, NSEC3,
//! NSEC3PARAM, NXT, CSYNC, ZONEMD, CERT, SSHFP.

use super::RdataError;
use super::codec;
use super::common::{ALGORITHMS, Malformed, Reader, Writer};

/// The digest length a DS digest type requires (IANA "Delegation Signer
/// (DS) Resource Record (RR) Type Digest Algorithms").
fn ds_digest_length(digest_type: u8) -> Option<(usize, &'static str)> {
    Some(match digest_type {
        1 => (20, "SHA-1"),
        2 => (32, "SHA-256"),
        3 => (32, "GOST R 34.11-94"),
        4 => (48, "SHA-384"),
        5 => (32, "GOST R 34.11-2012"),
        6 => (32, "SM3"),
        _ => return None,
    })
}

/// Checks the length of a digest just read against what its type needs.
fn check_digest_length(
    r: &Reader<'_, '_, '_>,
    digest_start: usize,
    field: usize,
    expected: Option<(usize, &'static str)>,
    what: &str,
) -> Result<(), RdataError> {
    let length = r.out.len() - digest_start;
    match expected {
        Some((needed, name)) if needed != length => Err(RdataError::new(
            field,
            format!(
                "{} is {length} octets, but {name} needs {needed}",
                r.label(what)
            ),
        )),
        _ => Ok(()),
    }
}

/// `key-tag algorithm digest-type digest` (RFC 4034 §5.3).
pub fn read_ds(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u16("key tag")?;
    r.algorithm("algorithm")?;
    let digest_type = r.number("digest type", 255)? as u8;
    r.out.push(digest_type);
    let start = r.out.len();
    let field = r.index;
    r.hex_rest("digest", true)?;
    check_digest_length(r, start, field, ds_digest_length(digest_type), "digest")
}

/// Writes DS and its kin.
pub fn write_ds(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u16()?;
    w.u8()?;
    let digest_type = w.u8()?;
    if let Some((needed, _)) = ds_digest_length(digest_type) {
        if w.d.remaining().len() != needed {
            return Err(Malformed);
        }
    }
    w.hex_rest(false)
}

/// `flags protocol algorithm public-key` (RFC 4034 §2.2). KEY (RFC 2535
/// §3.1.2) may leave the key out when its flags say "no key".
pub fn read_dnskey(r: &mut Reader<'_, '_, '_>, key_may_be_absent: bool) -> Result<(), RdataError> {
    let flags = r.number("flags", 65_535)? as u16;
    r.out.extend_from_slice(&flags.to_be_bytes());
    r.u8("protocol")?;
    r.algorithm("algorithm")?;
    let no_key = key_may_be_absent && flags & 0xc000 == 0xc000;
    r.base64_rest("public key", !no_key)
}

/// Writes DNSKEY and its kin.
pub fn write_dnskey(w: &mut Writer<'_, '_>, key_may_be_absent: bool) -> Result<(), Malformed> {
    let flags = w.u16()?;
    w.u8()?;
    w.u8()?;
    w.base64_rest(key_may_be_absent && flags & 0xc000 == 0xc000)
}

/// `type-covered algorithm labels original-ttl expiration inception
/// key-tag signer signature` (RFC 4034 §3.2).
pub fn read_rrsig(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let covered = r.record_type("type covered")?;
    r.out.extend_from_slice(&covered.to_be_bytes());
    r.algorithm("algorithm")?;
    r.u8("labels")?;
    r.ttl("original TTL")?;
    r.time("signature expiration")?;
    r.time("signature inception")?;
    r.u16("key tag")?;
    r.name("signer name")?;
    r.base64_rest("signature", true)
}

/// Writes RRSIG and SIG.
pub fn write_rrsig(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.record_type()?;
    w.u8()?;
    w.u8()?;
    w.u32()?;
    w.time()?;
    w.time()?;
    w.u16()?;
    w.name()?;
    w.base64_rest(false)
}

/// `next-domain type*` (RFC 4034 §4.2).
pub fn read_nsec(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.name("next domain name")?;
    r.type_bitmap("type")
}

/// Writes NSEC.
pub fn write_nsec(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.name()?;
    w.type_bitmap()
}

/// A salt: `-` for none, else hexadecimal (RFC 5155 §3.3).
fn read_salt(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let field = r.next("salt")?;
    let length_at = r.out.len();
    r.out.push(0);
    if field.text != b"-" {
        r.hex_from("salt", &field)?;
    }
    let length = r.out.len() - length_at - 1;
    if length > 255 {
        return Err(r.error(format!(
            "{} is {length} octets, the limit is 255",
            r.label("salt")
        )));
    }
    r.out[length_at] = length as u8;
    Ok(())
}

fn write_salt(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let length = w.d.u8()? as usize;
    let salt = w.d.take(length)?;
    let out = w.field();
    if salt.is_empty() {
        out.push('-');
    } else {
        codec::hex_encode(salt, out);
    }
    Ok(())
}

/// The length of the hash an NSEC3 hash algorithm gives (IANA "DNSSEC
/// NSEC3 Hash Algorithms"): the next hashed owner name and the hashed
/// owner label must have it.
fn nsec3_hash_length(algorithm: u8) -> Option<(usize, &'static str)> {
    match algorithm {
        1 => Some((20, "SHA-1")),
        _ => None,
    }
}

/// `algorithm flags iterations salt next-hashed-owner type*` (RFC 5155 §3.3).
pub fn read_nsec3(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let algorithm = r.number("hash algorithm", 255)? as u8;
    r.out.push(algorithm);
    r.u8("flags")?;
    r.u16("iterations")?;
    read_salt(r)?;
    let field = r.next("next hashed owner name")?;
    // RFC 5155 §3.3: "an unpadded sequence of case-insensitive base32
    // digits"; BIND refuses the padded form.
    if field.text.contains(&b'=') {
        return Err(r.bad(
            "next hashed owner name",
            &field,
            "has base32hex padding \"=\", which RFC 5155 §3.3 leaves out",
        ));
    }
    let length_at = r.out.len();
    r.out.push(0);
    codec::base32hex_decode(field.text, r.out)
        .map_err(|problem| r.bad("next hashed owner name", &field, problem))?;
    let length = r.out.len() - length_at - 1;
    if length > 255 {
        return Err(r.error(format!(
            "{} is {length} octets, the limit is 255",
            r.label("next hashed owner name")
        )));
    }
    if let Some((needed, hash)) = nsec3_hash_length(algorithm) {
        if length != needed {
            return Err(r.error(format!(
                "{} is {length} octets, but {hash} (hash algorithm {algorithm}) gives {needed}",
                r.label("next hashed owner name")
            )));
        }
    }
    r.out[length_at] = length as u8;
    r.type_bitmap("type")
}

/// Writes NSEC3.
pub fn write_nsec3(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let algorithm = w.u8()?;
    w.u8()?;
    w.u16()?;
    write_salt(w)?;
    let hash = w.d.character_string()?;
    if hash.is_empty()
        || nsec3_hash_length(algorithm).is_some_and(|(needed, _)| hash.len() != needed)
    {
        return Err(Malformed);
    }
    codec::base32hex_encode(hash, w.field());
    w.type_bitmap()
}

/// Checks the owner of an NSEC3 record (RFC 5155 §3): its first label
/// is a hash in base32hex without padding, as long as the hash algorithm
/// of the RDATA gives. `Err` says what is wrong.
pub fn check_nsec3_owner(owner: &[u8], rdata: &[u8]) -> Result<(), String> {
    let Some(&length) = owner.first() else {
        return Ok(());
    };
    let label = &owner[1..=usize::from(length)];
    let mut shown = String::new();
    crate::name::write_label(label, &mut shown);
    if label.is_empty() {
        return Err("NSEC3 owner is the root; it must be a hashed owner name (RFC 5155 §3)".into());
    }
    if label.contains(&b'=') {
        return Err(format!(
            "NSEC3 owner label \"{shown}\" has base32hex padding \"=\"; a hashed owner name is \
             written without it (RFC 5155 §3)"
        ));
    }
    let mut hash = Vec::with_capacity(label.len());
    if let Err(problem) = codec::base32hex_decode(label, &mut hash) {
        return Err(format!(
            "NSEC3 owner label \"{shown}\" {problem}: it must be a base32hex hash (RFC 5155 §3)"
        ));
    }
    let algorithm = rdata.first().copied().unwrap_or_default();
    match nsec3_hash_length(algorithm) {
        Some((needed, name)) if hash.len() != needed => Err(format!(
            "NSEC3 owner label \"{shown}\" is a hash of {} octets, but {name} (hash algorithm \
             {algorithm}) gives {needed}",
            hash.len()
        )),
        _ => Ok(()),
    }
}

/// `algorithm flags iterations salt` (RFC 5155 §4.3).
pub fn read_nsec3param(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("hash algorithm")?;
    r.u8("flags")?;
    r.u16("iterations")?;
    read_salt(r)
}

/// Writes NSEC3PARAM.
pub fn write_nsec3param(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    w.u8()?;
    w.u16()?;
    write_salt(w)
}

/// `serial flags type*` (RFC 7477 §2.1).
pub fn read_csync(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u32("SOA serial")?;
    r.u16("flags")?;
    r.type_bitmap("type")
}

/// Writes CSYNC.
pub fn write_csync(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u32()?;
    w.u16()?;
    w.type_bitmap()
}

fn zonemd_digest_length(hash: u8) -> Option<(usize, &'static str)> {
    match hash {
        1 => Some((48, "SHA-384")),
        2 => Some((64, "SHA-512")),
        _ => None,
    }
}

/// `serial scheme hash-algorithm digest` (RFC 8976 §2.3).
pub fn read_zonemd(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u32("serial")?;
    r.u8("scheme")?;
    let hash = r.number("hash algorithm", 255)? as u8;
    r.out.push(hash);
    let start = r.out.len();
    let field = r.index;
    r.hex_rest("digest", true)?;
    check_digest_length(r, start, field, zonemd_digest_length(hash), "digest")
}

/// Writes ZONEMD.
pub fn write_zonemd(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u32()?;
    w.u8()?;
    let hash = w.u8()?;
    if let Some((needed, _)) = zonemd_digest_length(hash) {
        if w.d.remaining().len() != needed {
            return Err(Malformed);
        }
    }
    w.hex_rest(false)
}

fn sshfp_length(fp_type: u8) -> Option<(usize, &'static str)> {
    match fp_type {
        1 => Some((20, "SHA-1")),
        2 => Some((32, "SHA-256")),
        _ => None,
    }
}

/// `algorithm fp-type fingerprint` (RFC 4255 §3.2, RFC 6594).
pub fn read_sshfp(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("algorithm")?;
    let fp_type = r.number("fingerprint type", 255)? as u8;
    r.out.push(fp_type);
    let start = r.out.len();
    let field = r.index;
    r.hex_rest("fingerprint", true)?;
    check_digest_length(r, start, field, sshfp_length(fp_type), "fingerprint")
}

/// Writes SSHFP.
pub fn write_sshfp(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    let fp_type = w.u8()?;
    if let Some((needed, _)) = sshfp_length(fp_type) {
        if w.d.remaining().len() != needed {
            return Err(Malformed);
        }
    }
    w.hex_rest(false)
}

/// The CERT type mnemonics (RFC 4398 §2.1).
const CERT_TYPES: &[(&str, u16)] = &[
    ("PKIX", 1),
    ("SPKI", 2),
    ("PGP", 3),
    ("IPKIX", 4),
    ("ISPKI", 5),
    ("IPGP", 6),
    ("ACPKIX", 7),
    ("IACPKIX", 8),
    ("URI", 253),
    ("OID", 254),
];

/// `type key-tag algorithm certificate` (RFC 4398 §2.2).
pub fn read_cert(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let cert_type = r.mnemonic("certificate type", CERT_TYPES, 65_535)? as u16;
    r.out.extend_from_slice(&cert_type.to_be_bytes());
    r.u16("key tag")?;
    r.algorithm("algorithm")?;
    r.base64_rest("certificate", true)
}

fn write_mnemonic(table: &[(&str, u16)], value: u16, out: &mut String) {
    match table.iter().find(|&&(_, code)| code == value) {
        Some((name, _)) => out.push_str(name),
        None => codec::write_number(value, out),
    }
}

/// Writes CERT, with the type and algorithm as mnemonics as BIND does.
pub fn write_cert(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let cert_type = w.d.u16()?;
    write_mnemonic(CERT_TYPES, cert_type, w.field());
    w.u16()?;
    let algorithm = w.d.u8()?;
    write_mnemonic(ALGORITHMS, u16::from(algorithm), w.field());
    w.base64_rest(false)
}

/// `next-domain type*` with the RFC 2535 §5.2 bitmap of types 1 to 127.
pub fn read_nxt(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.name("next domain name")?;
    let mut bitmap = [0u8; 16];
    let mut used = 0;
    while r.has_more() {
        // BIND also takes plain numbers here.
        let code = match r.peek().and_then(|f| super::common::parse_number(f.text)) {
            Some(number) => {
                r.index += 1;
                number.min(65_536) as u32
            }
            None => u32::from(r.record_type("type")?),
        };
        if code == 0 || code > 127 {
            return Err(r.error(format!(
                "{} {code} cannot be in an NXT bitmap (types 1 to 127 only)",
                r.label("type")
            )));
        }
        let code = code as usize;
        bitmap[code / 8] |= 0x80 >> (code % 8);
        used = used.max(code / 8 + 1);
    }
    r.out.extend_from_slice(&bitmap[..used]);
    Ok(())
}

/// Writes NXT.
pub fn write_nxt(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.name()?;
    let bitmap = w.d.rest();
    if bitmap.len() > 16
        || bitmap.last() == Some(&0)
        || bitmap.first().is_some_and(|b| b & 0x80 != 0)
    {
        return Err(Malformed);
    }
    for (octet, &byte) in bitmap.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                let code = (octet * 8 + bit) as u16;
                w.field().push_str(&crate::rrtype::type_name(code));
            }
        }
    }
    Ok(())
}
