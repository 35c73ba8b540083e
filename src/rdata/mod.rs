//! RDATA: presentation fields to uncompressed wire bytes, checked field by
//! field, and wire bytes back to presentation text for `dump`.
//!
//! Every type of DESIGN §3 is read; any type, known or not, may be written
//! in the RFC 3597 generic form `\# length hex`.

use std::fmt::Write as _;

use crate::name;
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
    let result = if fields
        .first()
        .is_some_and(|f| !f.quoted && f.text == b"\\#")
    {
        generic(fields, out)
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

/// `generic_rdata := "\#" length hex*` (RFC 3597 §5)
fn generic(fields: &[Field<'_>], out: &mut Vec<u8>) -> Result<(), RdataError> {
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

pub mod common;
pub use common::Reader;

/// Reads the fields of one known type.
fn encode_typed(record_type: u16, r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    match record_type {
        1 => r.ipv4("address"),
        28 => r.ipv6("address"),
        2 => r.name("name server"),
        5 => r.name("canonical name"),
        39 => r.name("target"),
        12 => r.name("target"),
        15 => {
            r.u16("MX preference")?;
            r.name("MX exchange")
        }
        6 => {
            r.name("SOA primary server")?;
            r.name("SOA responsible mailbox")?;
            r.u32("SOA serial")?;
            r.ttl("SOA refresh")?;
            r.ttl("SOA retry")?;
            r.ttl("SOA expire")?;
            r.ttl("SOA minimum")
        }
        16 | 99 => r.character_strings("TXT string", true),
        _ => r.unsupported(record_type),
    }
}

/// Appends the presentation form of `rdata` of type `record_type`. Types
/// without a presentation writer, and RDATA that does not decode, are
/// written in the RFC 3597 generic form.
pub fn write_presentation(record_type: u16, rdata: &[u8], out: &mut String) {
    let start = out.len();
    if common::decode_typed(record_type, rdata, out).is_err() {
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

#[doc(hidden)]
pub fn _name_module_in_use() -> &'static [u8] {
    name::ROOT
}
