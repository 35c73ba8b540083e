//! Field readers shared by the RDATA types, and the presentation writer.

use std::fmt::Write as _;

use super::RdataError;
use crate::name;
use crate::syntax::Field;
use crate::syntax::parser::show;

/// Reads RDATA fields in order, appending wire bytes to `out`.
pub struct Reader<'f, 'a, 'o> {
    fields: &'f [Field<'a>],
    /// Index of the next field to read.
    pub index: usize,
    origin: Option<&'o [u8]>,
    /// Where the wire bytes go.
    pub out: &'f mut Vec<u8>,
    name_buffer: Vec<u8>,
}

impl<'f, 'a, 'o> Reader<'f, 'a, 'o> {
    /// A reader over `fields`.
    pub fn new(fields: &'f [Field<'a>], origin: Option<&'o [u8]>, out: &'f mut Vec<u8>) -> Self {
        Reader {
            fields,
            index: 0,
            origin,
            out,
            name_buffer: Vec::new(),
        }
    }

    /// The next field, or an error naming what is missing.
    pub fn next(&mut self, what: &str) -> Result<Field<'a>, RdataError> {
        let field = self
            .fields
            .get(self.index)
            .copied()
            .ok_or_else(|| RdataError::new(self.index, format!("{what} is missing")))?;
        self.index += 1;
        Ok(field)
    }

    /// Whether fields are left.
    pub fn has_more(&self) -> bool {
        self.index < self.fields.len()
    }

    /// An error about the field just read.
    pub fn error(&self, message: String) -> RdataError {
        RdataError::new(self.index.saturating_sub(1), message)
    }

    /// Fails if fields are left over.
    pub fn finish(&self) -> Result<(), RdataError> {
        match self.fields.get(self.index) {
            None => Ok(()),
            Some(field) => Err(RdataError::new(
                self.index,
                format!(
                    "unexpected field {} after the end of the RDATA",
                    show(field.text)
                ),
            )),
        }
    }

    /// Reads an unsigned number no larger than `max`.
    pub fn number(&mut self, what: &str, max: u64) -> Result<u64, RdataError> {
        let field = self.next(what)?;
        parse_number(field.text)
            .filter(|&n| n <= max)
            .ok_or_else(|| {
                if parse_number(field.text).is_some() {
                    self.error(format!("{what} {} is larger than {max}", show(field.text)))
                } else {
                    self.error(format!("{what} {} is not a number", show(field.text)))
                }
            })
    }

    /// Reads an 8-bit number.
    pub fn u8(&mut self, what: &str) -> Result<(), RdataError> {
        let value = self.number(what, 255)?;
        self.out.push(value as u8);
        Ok(())
    }

    /// Reads a 16-bit number.
    pub fn u16(&mut self, what: &str) -> Result<(), RdataError> {
        let value = self.number(what, 65_535)?;
        self.out.extend_from_slice(&(value as u16).to_be_bytes());
        Ok(())
    }

    /// Reads a 32-bit number.
    pub fn u32(&mut self, what: &str) -> Result<(), RdataError> {
        let value = self.number(what, u64::from(u32::MAX))?;
        self.out.extend_from_slice(&(value as u32).to_be_bytes());
        Ok(())
    }

    /// Reads a 32-bit duration: seconds or BIND's `1h30m` form.
    pub fn ttl(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let value = crate::syntax::parse_ttl(field.text)
            .map_err(|message| self.error(format!("{what} {} {message}", show(field.text))))?;
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    /// Reads a domain name; relative names get the origin.
    pub fn name(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        if field.quoted {
            return Err(self.error(format!(
                "{what} {} is quoted; a name is not",
                show(field.text)
            )));
        }
        name::parse(field.text, self.origin, &mut self.name_buffer)
            .map_err(|error| self.error(format!("{what} {}: {error}", show(field.text))))?;
        self.out.extend_from_slice(&self.name_buffer);
        Ok(())
    }

    /// Reads a dotted-quad IPv4 address.
    pub fn ipv4(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let address: std::net::Ipv4Addr = std::str::from_utf8(field.text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| {
                self.error(format!(
                    "{what} {} is not an IPv4 address",
                    show(field.text)
                ))
            })?;
        self.out.extend_from_slice(&address.octets());
        Ok(())
    }

    /// Reads an IPv6 address.
    pub fn ipv6(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let address: std::net::Ipv6Addr = std::str::from_utf8(field.text)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| {
                self.error(format!(
                    "{what} {} is not an IPv6 address",
                    show(field.text)
                ))
            })?;
        self.out.extend_from_slice(&address.octets());
        Ok(())
    }

    /// Reads one `<character-string>`: a length octet and up to 255 octets.
    pub fn character_string(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let length_at = self.out.len();
        self.out.push(0);
        unescape_into(field.text, self.out).map_err(|bad| {
            self.error(format!(
                "{what} {}: bad escape {}",
                show(field.text),
                show(&bad)
            ))
        })?;
        let length = self.out.len() - length_at - 1;
        if length > 255 {
            return Err(self.error(format!("{what} is {length} octets, the limit is 255")));
        }
        self.out[length_at] = length as u8;
        Ok(())
    }

    /// Reads every remaining field as a `<character-string>`; at least one
    /// unless `allow_none`... (TXT needs one).
    pub fn character_strings(&mut self, what: &str, need_one: bool) -> Result<(), RdataError> {
        if need_one && !self.has_more() {
            return Err(RdataError::new(self.index, format!("{what} is missing")));
        }
        while self.has_more() {
            self.character_string(what)?;
        }
        Ok(())
    }

    /// A type whose fields zonelint cannot check: refused, naming the
    /// generic form that always works.
    pub fn unsupported(&mut self, record_type: u16) -> Result<(), RdataError> {
        Err(RdataError::new(
            0,
            format!(
                "RDATA of type {} is not supported in presentation form; write it as \\# length hex",
                crate::rrtype::type_name(record_type)
            ),
        ))
    }
}

/// Parses a decimal number (digits only).
pub fn parse_number(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 20 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(text).ok()?.parse().ok()
}

/// Decodes `\X` and `\DDD` escapes of `text` into `out`. On a bad escape,
/// returns it.
pub fn unescape_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), Vec<u8>> {
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'\\' {
            let (value, used) = name::unescape(&text[i..])
                .map_err(|_| text[i..(i + 4).min(text.len())].to_vec())?;
            out.push(value);
            i += used;
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    Ok(())
}

/// Appends the bytes of hexadecimal `text` (even number of digits).
pub fn hex_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), ()> {
    if text.len() % 2 != 0 {
        return Err(());
    }
    for pair in text.chunks(2) {
        let high = (pair[0] as char).to_digit(16).ok_or(())?;
        let low = (pair[1] as char).to_digit(16).ok_or(())?;
        out.push((high * 16 + low) as u8);
    }
    Ok(())
}

/// Walks wire RDATA for the presentation writer.
pub struct Decoder<'d> {
    data: &'d [u8],
    position: usize,
}

impl<'d> Decoder<'d> {
    /// A decoder over `data`.
    pub fn new(data: &'d [u8]) -> Self {
        Decoder { data, position: 0 }
    }

    /// Takes `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'d [u8], ()> {
        let bytes = self.data.get(self.position..self.position + n).ok_or(())?;
        self.position += n;
        Ok(bytes)
    }

    /// Takes an 8-bit number.
    pub fn u8(&mut self) -> Result<u8, ()> {
        Ok(self.take(1)?[0])
    }

    /// Takes a 16-bit number.
    pub fn u16(&mut self) -> Result<u16, ()> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// Takes a 32-bit number.
    pub fn u32(&mut self) -> Result<u32, ()> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Takes an uncompressed wire name.
    pub fn name(&mut self) -> Result<&'d [u8], ()> {
        let length = super::wire_name_length(&self.data[self.position..]).ok_or(())?;
        self.take(length)
    }

    /// Takes a `<character-string>`.
    pub fn character_string(&mut self) -> Result<&'d [u8], ()> {
        let length = self.u8()? as usize;
        self.take(length)
    }

    /// Whether bytes are left.
    pub fn has_more(&self) -> bool {
        self.position < self.data.len()
    }

    /// Fails unless every byte was used.
    pub fn finish(&self) -> Result<(), ()> {
        if self.has_more() { Err(()) } else { Ok(()) }
    }
}

/// Appends a quoted `<character-string>` with escapes.
pub fn write_character_string(bytes: &[u8], out: &mut String) {
    out.push('"');
    for &byte in bytes {
        match byte {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(byte as char);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\{byte:03}");
            }
        }
    }
    out.push('"');
}

/// Writes the presentation form of a known type; `Err` when the type has
/// no writer or the bytes do not decode.
pub fn decode_typed(record_type: u16, rdata: &[u8], out: &mut String) -> Result<(), ()> {
    let mut d = Decoder::new(rdata);
    match record_type {
        1 => {
            let b = d.take(4)?;
            let _ = write!(out, "{}", std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]));
        }
        28 => {
            let b: [u8; 16] = d.take(16)?.try_into().map_err(|_| ())?;
            let _ = write!(out, "{}", std::net::Ipv6Addr::from(b));
        }
        2 | 5 | 39 | 12 => name::write(d.name()?, out),
        15 => {
            let _ = write!(out, "{} ", d.u16()?);
            name::write(d.name()?, out);
        }
        6 => {
            name::write(d.name()?, out);
            out.push(' ');
            name::write(d.name()?, out);
            for _ in 0..5 {
                let _ = write!(out, " {}", d.u32()?);
            }
        }
        16 | 99 => {
            let mut first = true;
            while d.has_more() {
                if !first {
                    out.push(' ');
                }
                first = false;
                write_character_string(d.character_string()?, out);
            }
        }
        _ => return Err(()),
    }
    d.finish()
}
