//! RDATA: presentation fields to uncompressed wire bytes, checked field by
//! field, and wire bytes back to presentation text for `dump`.
//!
//! Every type of DESIGN §3 is read; any type, known or not, may be written
//! in the RFC 3597 generic form `\# length hex`.

use std::fmt::Write as _;

use crate::rrtype;
use crate::syntax::Field;

/// Why RDATA could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RdataError {
    /// Index of the offending field among the RDATA fields; equal to their
    /// count when a field is missing at the end.
    pub field: usize,
    /// What is wrong, naming the field: `MX preference "ten" is not a number`.
    pub message: String,
}

impl RdataError {
    /// An error about field `field`.
    pub fn new(field: usize, message: impl Into<String>) -> Self {
        RdataError {
            field,
            message: message.into(),
        }
    }
}

/// The largest RDATA a record can hold.
pub const MAX_RDATA: usize = 65_535;

/// Reads the RDATA `fields` of a record of type `record_type` into `out`
/// (appended). Relative names get `origin`.
pub fn encode(
    record_type: u16,
    fields: &[Field<'_>],
    origin: Option<&[u8]>,
    out: &mut Vec<u8>,
) -> Result<(), RdataError> {
    let start = out.len();
    let result = if is_generic(fields) {
        generic_rdata(fields, out).and_then(|()| check_generic(record_type, &out[start..]))
    } else {
        let mut reader = Reader::new(fields, origin, out);
        encode_typed(record_type, &mut reader).and_then(|()| reader.finish())
    };
    if result.is_err() {
        out.truncate(start);
        return result;
    }
    if out.len() - start > MAX_RDATA {
        let length = out.len() - start;
        out.truncate(start);
        return Err(RdataError::new(
            0,
            format!("RDATA is {length} octets, the limit is 65535"),
        ));
    }
    Ok(())
}

/// Whether the fields are the RFC 3597 generic form: an unquoted `\#`
/// first, followed by nothing (an error) or a length. As in BIND, `\#`
/// followed by other text is ordinary RDATA (`TXT \# text` is two
/// strings).
fn is_generic(fields: &[Field<'_>]) -> bool {
    match fields {
        [first, rest @ ..] if !first.quoted && first.text == b"\\#" => rest
            .first()
            .is_none_or(|f| !f.quoted && f.text.first().is_some_and(u8::is_ascii_digit)),
        _ => false,
    }
}

/// RDATA given in the generic form for a type zonelint knows must still be
/// valid RDATA of that type (as BIND checks it).
fn check_generic(record_type: u16, rdata: &[u8]) -> Result<(), RdataError> {
    if !has_presentation(record_type) {
        return Ok(());
    }
    let mut scratch = String::new();
    decode_typed(record_type, rdata, &mut scratch).map_err(|Malformed| {
        RdataError::new(
            0,
            format!(
                "generic RDATA \\# {} is not valid {} RDATA",
                rdata.len(),
                rrtype::type_name(record_type)
            ),
        )
    })
}

/// `generic_rdata := "\#" length hex*` (RFC 3597 §5)
fn generic_rdata(fields: &[Field<'_>], out: &mut Vec<u8>) -> Result<(), RdataError> {
    let Some(length_field) = fields.get(1) else {
        return Err(RdataError::new(1, "generic RDATA \\# has no length"));
    };
    let length: usize = std::str::from_utf8(length_field.text)
        .ok()
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|t| t.parse().ok())
        .filter(|&n| n <= MAX_RDATA)
        .ok_or_else(|| {
            RdataError::new(
                1,
                format!(
                    "generic RDATA length {} is not a number from 0 to 65535",
                    crate::syntax::parser::show(length_field.text)
                ),
            )
        })?;
    let start = out.len();
    for (index, field) in fields.iter().enumerate().skip(2) {
        common::hex_into(field.text, out).map_err(|()| {
            RdataError::new(
                index,
                format!(
                    "generic RDATA {} is not hexadecimal",
                    crate::syntax::parser::show(field.text)
                ),
            )
        })?;
    }
    let written = out.len() - start;
    if written != length {
        return Err(RdataError::new(
            fields.len().min(2),
            format!("generic RDATA says {length} octets but holds {written}"),
        ));
    }
    Ok(())
}

pub mod codec;
pub mod common;
mod dnssec;
mod loc;
mod misc;
mod svcb;
#[cfg(test)]
mod tests;

pub use common::Reader;
use common::{Malformed, Writer};

/// Types whose RDATA has no presentation format of its own; they are
/// read and written only in the RFC 3597 generic form. NULL (RFC 1035
/// §3.3.10) is anything; UINFO, UID, GID and UNSPEC were never specified;
/// NXNAME (RFC 9824) is a meta-type; CLA and IPN have no published
/// presentation format.
const GENERIC_ONLY: &[u16] = &[10, 100, 101, 102, 103, 128, 263, 264];

/// Whether zonelint knows the presentation format of a type.
pub fn has_presentation(record_type: u16) -> bool {
    rrtype::TYPES.iter().any(|&(_, code)| code == record_type)
        && !GENERIC_ONLY.contains(&record_type)
}

/// Reads the fields of one known type.
fn encode_typed(record_type: u16, r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.record_type = record_type;
    match record_type {
        // A (RFC 1035 §3.4.1)
        1 => r.ipv4("address"),
        // AAAA (RFC 3596 §2.4)
        28 => r.ipv6("address"),
        // NS, CNAME, PTR, DNAME, MD, MF, MB, MG, MR, NSAP-PTR
        2 => r.name("name server"),
        5 => r.name("canonical name"),
        12 | 39 => r.name("target"),
        3 | 4 | 7 => r.name("host"),
        8 => r.name("mailbox"),
        9 => r.name("new mailbox"),
        23 => r.name("owner"),
        // MX, AFSDB, RT, KX, LP: a number and a name.
        15 | 18 | 21 | 36 | 107 => {
            r.u16(match record_type {
                18 => "subtype",
                _ => "preference",
            })?;
            r.name(match record_type {
                15 => "exchange",
                18 => "hostname",
                21 => "intermediate host",
                36 => "exchanger",
                _ => "FQDN",
            })
        }
        6 => {
            r.name("primary server")?;
            r.name("responsible mailbox")?;
            r.u32("serial")?;
            r.ttl("refresh")?;
            r.ttl("retry")?;
            r.ttl("expire")?;
            r.ttl("minimum")
        }
        // TXT, SPF, NINFO, AVC, RESINFO, WALLET
        16 | 99 | 56 | 258 | 261 | 262 => r.character_strings("string", true),
        13 => {
            r.character_string("CPU")?;
            r.character_string("OS")
        }
        14 => {
            r.name("responsible mailbox")?;
            r.name("error mailbox")
        }
        17 => {
            r.name("mailbox")?;
            r.name("TXT name")
        }
        58 => {
            r.name("previous name")?;
            r.name("next name")
        }
        26 => {
            r.u16("preference")?;
            r.name("MAP822")?;
            r.name("MAPX400")
        }
        33 => {
            r.u16("priority")?;
            r.u16("weight")?;
            r.u16("port")?;
            r.name("target")
        }
        35 => {
            r.u16("order")?;
            r.u16("preference")?;
            r.character_string("flags")?;
            r.character_string("services")?;
            r.character_string("regexp")?;
            r.name("replacement")
        }
        104 | 106 => {
            r.u16("preference")?;
            misc::read_ilnp64(
                r,
                if record_type == 104 {
                    "node ID"
                } else {
                    "locator"
                },
            )
        }
        105 => {
            r.u16("preference")?;
            r.ipv4("locator")
        }
        108 => misc::read_eui(r, 6),
        109 => misc::read_eui(r, 8),
        11 => misc::read_wks(r),
        19 => misc::read_x25(r),
        20 => misc::read_isdn(r),
        22 => misc::read_nsap(r),
        27 => misc::read_gpos(r),
        29 => loc::read(r),
        31 | 32 => r.hex_rest("locator", true),
        34 => misc::read_atma(r),
        38 => misc::read_a6(r),
        40 => misc::read_sink(r),
        42 => misc::read_apl(r),
        45 => misc::read_ipseckey(r),
        55 => misc::read_hip(r),
        66 => misc::read_dsync(r),
        256 => misc::read_uri(r),
        257 => misc::read_caa(r),
        259 => misc::read_doa(r),
        260 => misc::read_amtrelay(r),
        // DS, CDS, TA, DLV
        43 | 59 | 32768 | 32769 => dnssec::read_ds(r),
        // DNSKEY, CDNSKEY, RKEY; KEY may go without a key.
        48 | 60 | 57 => dnssec::read_dnskey(r, false),
        25 => dnssec::read_dnskey(r, true),
        46 | 24 => dnssec::read_rrsig(r),
        47 => dnssec::read_nsec(r),
        30 => dnssec::read_nxt(r),
        50 => dnssec::read_nsec3(r),
        51 => dnssec::read_nsec3param(r),
        62 => dnssec::read_csync(r),
        63 => dnssec::read_zonemd(r),
        37 => dnssec::read_cert(r),
        44 => dnssec::read_sshfp(r),
        52 | 53 => {
            r.u8("certificate usage")?;
            r.u8("selector")?;
            r.u8("matching type")?;
            r.hex_rest("certificate association data", true)
        }
        // DHCID, OPENPGPKEY, HHIT, BRID: base64 only.
        49 | 61 | 67 | 68 => r.base64_rest("data", true),
        64 | 65 => svcb::read(r),
        10 => Err(RdataError::new(
            0,
            "NULL RDATA can only be written in the generic form \\# length hex",
        )),
        _ => r.unsupported(record_type),
    }
}

/// Writes the presentation form of a known type; `Err` when the type has
/// no writer or the bytes do not decode (or would not read back the same).
fn decode_typed(record_type: u16, rdata: &[u8], out: &mut String) -> Result<(), Malformed> {
    let mut w = Writer::new(rdata, out);
    match record_type {
        1 => w.ipv4()?,
        28 => w.ipv6()?,
        2 | 3 | 4 | 5 | 7 | 8 | 9 | 12 | 23 | 39 => w.name()?,
        15 | 18 | 21 | 36 | 107 => {
            w.u16()?;
            w.name()?;
        }
        6 => {
            w.name()?;
            w.name()?;
            for _ in 0..5 {
                w.u32()?;
            }
        }
        16 | 99 | 56 | 258 | 261 | 262 => {
            if !w.d.has_more() {
                return Err(Malformed);
            }
            while w.d.has_more() {
                w.character_string()?;
            }
        }
        13 => {
            w.character_string()?;
            w.character_string()?;
        }
        14 | 17 | 58 => {
            w.name()?;
            w.name()?;
        }
        26 => {
            w.u16()?;
            w.name()?;
            w.name()?;
        }
        33 => {
            w.u16()?;
            w.u16()?;
            w.u16()?;
            w.name()?;
        }
        35 => {
            w.u16()?;
            w.u16()?;
            w.character_string()?;
            w.character_string()?;
            w.character_string()?;
            w.name()?;
        }
        104 | 106 => {
            w.u16()?;
            misc::write_ilnp64(&mut w)?;
        }
        105 => {
            w.u16()?;
            w.ipv4()?;
        }
        108 => misc::write_eui(&mut w, 6)?,
        109 => misc::write_eui(&mut w, 8)?,
        11 => misc::write_wks(&mut w)?,
        19 => misc::write_x25(&mut w)?,
        20 => misc::write_isdn(&mut w)?,
        22 => misc::write_nsap(&mut w)?,
        27 => misc::write_gpos(&mut w)?,
        29 => loc::write(&mut w)?,
        31 | 32 => w.hex_rest(false)?,
        34 => misc::write_atma(&mut w)?,
        38 => misc::write_a6(&mut w)?,
        40 => misc::write_sink(&mut w)?,
        42 => misc::write_apl(&mut w)?,
        45 => misc::write_ipseckey(&mut w)?,
        55 => misc::write_hip(&mut w)?,
        66 => misc::write_dsync(&mut w)?,
        256 => misc::write_uri(&mut w)?,
        257 => misc::write_caa(&mut w)?,
        259 => misc::write_doa(&mut w)?,
        260 => misc::write_amtrelay(&mut w)?,
        43 | 59 | 32768 | 32769 => dnssec::write_ds(&mut w)?,
        48 | 60 | 57 => dnssec::write_dnskey(&mut w, false)?,
        25 => dnssec::write_dnskey(&mut w, true)?,
        46 | 24 => dnssec::write_rrsig(&mut w)?,
        47 => dnssec::write_nsec(&mut w)?,
        30 => dnssec::write_nxt(&mut w)?,
        50 => dnssec::write_nsec3(&mut w)?,
        51 => dnssec::write_nsec3param(&mut w)?,
        62 => dnssec::write_csync(&mut w)?,
        63 => dnssec::write_zonemd(&mut w)?,
        37 => dnssec::write_cert(&mut w)?,
        44 => dnssec::write_sshfp(&mut w)?,
        52 | 53 => {
            w.u8()?;
            w.u8()?;
            w.u8()?;
            w.hex_rest(false)?;
        }
        49 | 61 | 67 | 68 => w.base64_rest(false)?,
        64 | 65 => svcb::write(&mut w)?,
        _ => return Err(Malformed),
    }
    w.finish()
}

/// Appends the presentation form of `rdata` of type `record_type`. Types
/// without a presentation writer, and RDATA that does not decode, are
/// written in the RFC 3597 generic form.
pub fn write_presentation(record_type: u16, rdata: &[u8], out: &mut String) {
    let start = out.len();
    if decode_typed(record_type, rdata, out).is_err() {
        out.truncate(start);
        write_generic(rdata, out);
    }
}

/// Appends `\# length hex`.
pub fn write_generic(rdata: &[u8], out: &mut String) {
    let _ = write!(out, "\\# {}", rdata.len());
    if !rdata.is_empty() {
        out.push(' ');
        for byte in rdata {
            let _ = write!(out, "{byte:02X}");
        }
    }
}

/// Checks what a type asks of its owner name, given the RDATA just read:
/// the owner of an NSEC3 record is a hashed owner name (RFC 5155 §3).
/// `Err` says what is wrong.
pub fn check_owner(record_type: u16, owner: &[u8], rdata: &[u8]) -> Result<(), String> {
    match record_type {
        50 => dnssec::check_nsec3_owner(owner, rdata),
        _ => Ok(()),
    }
}

/// The names inside RDATA, for the lint rules: NS, CNAME, DNAME, PTR
/// targets, the MX exchange, the SRV target. `None` for other types.
pub fn target_name(record_type: u16, rdata: &[u8]) -> Option<&[u8]> {
    match record_type {
        2 | 5 | 39 | 12 => Some(rdata),
        15 => rdata.get(2..),
        33 => rdata.get(6..),
        _ => None,
    }
    .filter(|n| !n.is_empty())
    .map(|n| &n[..wire_name_length(n).unwrap_or(n.len())])
}

/// The length of the uncompressed wire name at the start of `data`.
pub fn wire_name_length(data: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let length = *data.get(i)? as usize;
        i += 1 + length;
        if length == 0 {
            return Some(i);
        }
        if length > 63 {
            return None;
        }
    }
}
