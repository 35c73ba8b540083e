//! Field readers shared by the RDATA types ([`Reader`]), and the wire
//! walker that writes presentation text back ([`Decoder`], [`Writer`]).

use std::cell::RefCell;
use std::fmt::Write as _;

use super::RdataError;
use super::codec;
use crate::name;
use crate::rrtype::{self, TypeLookup};
use crate::syntax::Field;
use crate::syntax::parser::show;

thread_local! {
    /// Scratch space for one name: `name::parse` clears its output, so
    /// names are read here and copied into the RDATA. Kept per thread so
    /// that reading a record allocates nothing.
    static NAME_BUFFER: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(256));
    /// The type bitmap being built, reused from record to record.
    static BITMAP: RefCell<Box<TypeBitmap>> = RefCell::new(TypeBitmap::new());
}

/// Reads RDATA fields in order, appending wire bytes to `out`.
pub struct Reader<'f, 'a, 'o> {
    fields: &'f [Field<'a>],
    /// Index of the next field to read.
    pub index: usize,
    origin: Option<&'o [u8]>,
    /// Where the wire bytes go.
    pub out: &'f mut Vec<u8>,
    /// The type being read, named in messages (`MX preference ...`); 0
    /// names none.
    pub record_type: u16,
}

impl<'f, 'a, 'o> Reader<'f, 'a, 'o> {
    /// A reader over `fields`.
    pub fn new(fields: &'f [Field<'a>], origin: Option<&'o [u8]>, out: &'f mut Vec<u8>) -> Self {
        Reader {
            fields,
            index: 0,
            origin,
            out,
            record_type: 0,
        }
    }

    /// `what` with the type in front, for a message: `MX preference`.
    pub fn label(&self, what: &str) -> String {
        if self.record_type == 0 {
            what.to_string()
        } else {
            format!("{} {what}", rrtype::type_name(self.record_type))
        }
    }

    /// The next field, or an error naming what is missing.
    pub fn next(&mut self, what: &str) -> Result<Field<'a>, RdataError> {
        let field = self.fields.get(self.index).copied().ok_or_else(|| {
            RdataError::new(self.index, format!("{} is missing", self.label(what)))
        })?;
        self.index += 1;
        Ok(field)
    }

    /// The next field without taking it.
    pub fn peek(&self) -> Option<Field<'a>> {
        self.fields.get(self.index).copied()
    }

    /// The texts of fields `from..to`, joined by spaces and quoted for a
    /// message.
    pub fn shown_fields(&self, from: usize, to: usize) -> String {
        let texts: Vec<&[u8]> = self.fields[from..to.min(self.fields.len())]
            .iter()
            .map(|f| f.text)
            .collect();
        show(&texts.join(&b' '))
    }

    /// Whether fields are left.
    pub fn has_more(&self) -> bool {
        self.index < self.fields.len()
    }

    /// An error about the field just read.
    pub fn error(&self, message: String) -> RdataError {
        RdataError::new(self.index.saturating_sub(1), message)
    }

    /// An error about the field just read, `{what} "{text}" {problem}`.
    pub fn bad(&self, what: &str, field: &Field<'_>, problem: &str) -> RdataError {
        self.error(format!(
            "{} {} {problem}",
            self.label(what),
            show(field.text)
        ))
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
        self.number_in(what, &field, max)
    }

    /// Checks that `field` (just read) is a number no larger than `max`.
    fn number_in(&self, what: &str, field: &Field<'_>, max: u64) -> Result<u64, RdataError> {
        match parse_number(field.text) {
            Some(n) if n <= max => Ok(n),
            Some(_) => Err(self.bad(what, field, &format!("is larger than {max}"))),
            None => Err(self.bad(what, field, "is not a number")),
        }
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

    /// Reads a number or one of the mnemonics of `table` (any case).
    pub fn mnemonic(
        &mut self,
        what: &str,
        table: &[(&str, u16)],
        max: u64,
    ) -> Result<u64, RdataError> {
        let field = self.next(what)?;
        if field.text.first().is_some_and(u8::is_ascii_digit) {
            return self.number_in(what, &field, max);
        }
        if let Some(&(_, code)) = table
            .iter()
            .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(field.text))
        {
            return Ok(u64::from(code));
        }
        Err(self.bad(what, &field, "is not a number or a known mnemonic"))
    }

    /// Reads a DNSSEC algorithm: a number or a mnemonic such as `RSASHA256`.
    pub fn algorithm(&mut self, what: &str) -> Result<(), RdataError> {
        let value = self.mnemonic(what, ALGORITHMS, 255)?;
        self.out.push(value as u8);
        Ok(())
    }

    /// Reads a record type mnemonic or `TYPEnnn` and returns its code.
    pub fn record_type(&mut self, what: &str) -> Result<u16, RdataError> {
        let field = self.next(what)?;
        record_type_code(&field).map_err(|problem| self.bad(what, &field, problem))
    }

    /// Reads a 32-bit duration: seconds or BIND's `1h30m` form.
    pub fn ttl(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        if let Some(seconds) = parse_number(field.text).filter(|&n| n <= u64::from(u32::MAX)) {
            self.out.extend_from_slice(&(seconds as u32).to_be_bytes());
            return Ok(());
        }
        let value = crate::syntax::parse_ttl(field.text)
            .map_err(|message| self.bad(what, &field, message))?;
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    /// Reads an RRSIG time: `YYYYMMDDHHmmSS` (UTC) or seconds since 1970.
    pub fn time(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let value = parse_time(field.text)
            .ok_or_else(|| self.bad(what, &field, "is not a time (YYYYMMDDHHmmSS or seconds)"))?;
        self.out.extend_from_slice(&value.to_be_bytes());
        Ok(())
    }

    /// Reads a domain name; relative names get the origin. The case is
    /// kept as written.
    pub fn name(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        self.name_from(what, &field)
    }

    /// Reads `field` (just taken) as a domain name.
    pub fn name_from(&mut self, what: &str, field: &Field<'_>) -> Result<(), RdataError> {
        if field.quoted {
            return Err(self.bad(what, field, "is quoted; a name is not"));
        }
        if plain_name(field.text, self.origin, self.out) {
            return Ok(());
        }
        NAME_BUFFER.with(|buffer| {
            let mut buffer = buffer.borrow_mut();
            match name::parse(field.text, self.origin, &mut buffer) {
                Ok(()) => {
                    self.out.extend_from_slice(&buffer);
                    Ok(())
                }
                Err(error) => Err(self.error(format!(
                    "{} {}: {error}",
                    self.label(what),
                    show(field.text)
                ))),
            }
        })
    }

    /// Reads a dotted-quad IPv4 address.
    pub fn ipv4(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let address = parse_ipv4(field.text)
            .ok_or_else(|| self.bad(what, &field, "is not an IPv4 address"))?;
        self.out.extend_from_slice(&address);
        Ok(())
    }

    /// Reads an IPv6 address.
    pub fn ipv6(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let address = parse_ipv6(field.text)
            .ok_or_else(|| self.bad(what, &field, "is not an IPv6 address"))?;
        self.out.extend_from_slice(&address);
        Ok(())
    }

    /// Reads one `<character-string>`: a length octet and up to 255 octets.
    pub fn character_string(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        let length_at = self.out.len();
        self.out.push(0);
        self.unescape(what, &field)?;
        let length = self.out.len() - length_at - 1;
        if length > 255 {
            return Err(self.error(format!(
                "{} is {length} octets, the limit is 255",
                self.label(what)
            )));
        }
        self.out[length_at] = length as u8;
        Ok(())
    }

    /// Decodes the escapes of `field` (just read) into `out`.
    pub fn unescape(&mut self, what: &str, field: &Field<'_>) -> Result<(), RdataError> {
        unescape_into(field.text, self.out).map_err(|bad| {
            self.error(format!(
                "{} {}: bad escape {}",
                self.label(what),
                show(field.text),
                show(&bad)
            ))
        })
    }

    /// Reads every remaining field as a `<character-string>`, at least one
    /// when `need_one`. A string over 255 octets is split into several
    /// (the rule `txt-too-long` reports it from the source text).
    pub fn character_strings(&mut self, what: &str, need_one: bool) -> Result<(), RdataError> {
        if need_one && !self.has_more() {
            return Err(RdataError::new(
                self.index,
                format!("{} is missing", self.label(what)),
            ));
        }
        while self.has_more() {
            let field = self.next(what)?;
            let length_at = self.out.len();
            self.out.push(0);
            self.unescape(what, &field)?;
            let length = self.out.len() - length_at - 1;
            if length > 255 {
                split_character_string(self.out, length_at);
            } else {
                self.out[length_at] = length as u8;
            }
        }
        Ok(())
    }

    /// Reads the remaining fields as one hexadecimal text (blanks between
    /// fields allowed); at least one octet when `need_one`.
    pub fn hex_rest(&mut self, what: &str, need_one: bool) -> Result<(), RdataError> {
        if need_one && !self.has_more() {
            return Err(RdataError::new(
                self.index,
                format!("{} is missing", self.label(what)),
            ));
        }
        let mut half: Option<u8> = None;
        while self.has_more() {
            let field = self.next(what)?;
            let mut text = field.text;
            if let Some(high) = half.take() {
                if let Some((&first, rest)) = text.split_first() {
                    let low = codec::hex_value(first)
                        .ok_or_else(|| self.bad(what, &field, "is not hexadecimal"))?;
                    self.out.push(high << 4 | low);
                    text = rest;
                }
            }
            let pairs = text.chunks_exact(2);
            let odd = pairs.remainder();
            self.out.reserve(text.len() / 2);
            for pair in pairs {
                match (codec::hex_value(pair[0]), codec::hex_value(pair[1])) {
                    (Some(high), Some(low)) => self.out.push(high << 4 | low),
                    _ => return Err(self.bad(what, &field, "is not hexadecimal")),
                }
            }
            if let [last] = odd {
                half = Some(
                    codec::hex_value(*last)
                        .ok_or_else(|| self.bad(what, &field, "is not hexadecimal"))?,
                );
            }
            if field.text.is_empty() {
                return Err(self.bad(what, &field, "is not hexadecimal"));
            }
            if half.is_some() && !self.has_more() {
                return Err(self.bad(what, &field, "has an odd number of hexadecimal digits"));
            }
        }
        Ok(())
    }

    /// Reads one field of hexadecimal digits (an even number, at least two).
    pub fn hex_field(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        self.hex_from(what, &field)
    }

    /// Decodes `field` (just read) as hexadecimal.
    pub fn hex_from(&mut self, what: &str, field: &Field<'_>) -> Result<(), RdataError> {
        if field.text.is_empty() {
            return Err(self.bad(what, field, "is not hexadecimal"));
        }
        hex_into(field.text, self.out).map_err(|()| {
            if field.text.len() % 2 == 1 && field.text.iter().all(u8::is_ascii_hexdigit) {
                self.bad(what, field, "has an odd number of hexadecimal digits")
            } else {
                self.bad(what, field, "is not hexadecimal")
            }
        })
    }

    /// Reads the remaining fields as one base64 text (blanks between fields
    /// allowed); at least one field when `need_one`.
    pub fn base64_rest(&mut self, what: &str, need_one: bool) -> Result<(), RdataError> {
        if need_one && !self.has_more() {
            return Err(RdataError::new(
                self.index,
                format!("{} is missing", self.label(what)),
            ));
        }
        let mut decoder = codec::Base64Decoder::default();
        while self.has_more() {
            let field = self.next(what)?;
            decoder
                .push(field.text, self.out)
                .map_err(|problem| self.bad(what, &field, problem))?;
            if !self.has_more() {
                decoder
                    .finish()
                    .map_err(|problem| self.bad(what, &field, problem))?;
            }
        }
        Ok(())
    }

    /// Reads one field of base64.
    pub fn base64_field(&mut self, what: &str) -> Result<(), RdataError> {
        let field = self.next(what)?;
        codec::base64_decode(field.text, self.out)
            .map_err(|problem| self.bad(what, &field, problem))
    }

    /// Reads the remaining fields as type mnemonics into an RFC 4034 §4.1.2
    /// type bitmap (any order, duplicates allowed).
    pub fn type_bitmap(&mut self, what: &str) -> Result<(), RdataError> {
        if !self.has_more() {
            return Ok(());
        }
        BITMAP.with(|bitmap| {
            let mut bitmap = bitmap.borrow_mut();
            bitmap.clear();
            while self.has_more() {
                let code = self.record_type(what)?;
                bitmap.insert(code);
            }
            bitmap.write(self.out);
            Ok(())
        })
    }

    /// A type whose RDATA has no presentation format: refused, naming the
    /// generic form that always works.
    pub fn unsupported(&mut self, record_type: u16) -> Result<(), RdataError> {
        Err(RdataError::new(
            0,
            format!(
                "RDATA of type {} has no presentation format; write it as \\# length hex",
                rrtype::type_name(record_type)
            ),
        ))
    }
}

/// Appends the wire form of a name with no escapes and no problem, as
/// `name::parse` would write it ([`name::append_plain`]). Returns false,
/// having appended nothing, for anything else (escapes, empty or long
/// labels, no origin), which `name::parse` then reads or reports. A raw
/// control byte is taken as written here, though `name::parse` refuses it.
pub(super) fn plain_name(text: &[u8], origin: Option<&[u8]>, out: &mut Vec<u8>) -> bool {
    name::append_plain(text, origin, out, true)
}

/// Replaces the over-long string whose length octet is at `length_at` by
/// strings of 255 octets and a shorter last one.
fn split_character_string(out: &mut Vec<u8>, length_at: usize) {
    let text_start = length_at + 1;
    let length = out.len() - text_start;
    let pieces = length.div_ceil(255);
    // Make room for one more length octet per extra piece, then move the
    // text into place from the back.
    out.resize(out.len() + pieces - 1, 0);
    for piece in (0..pieces).rev() {
        let from = text_start + piece * 255;
        let size = (length - piece * 255).min(255);
        let to = length_at + piece * 256 + 1;
        out.copy_within(from..from + size, to);
        out[to - 1] = size as u8;
    }
}

/// The DNSSEC algorithm mnemonics (IANA "DNS Security Algorithm Numbers").
pub const ALGORITHMS: &[(&str, u16)] = &[
    ("RSAMD5", 1),
    ("DH", 2),
    ("DSA", 3),
    ("RSASHA1", 5),
    ("DSA-NSEC3-SHA1", 6),
    ("RSASHA1-NSEC3-SHA1", 7),
    ("RSASHA256", 8),
    ("RSASHA512", 10),
    ("ECC-GOST", 12),
    ("ECDSAP256SHA256", 13),
    ("ECDSAP384SHA384", 14),
    ("ED25519", 15),
    ("ED448", 16),
    ("SM2SM3", 17),
    ("ECC-GOST12", 23),
    ("INDIRECT", 252),
    ("PRIVATEDNS", 253),
    ("PRIVATEOID", 254),
];

/// Looks a type field up: a mnemonic or `TYPEnnn`. Inside RDATA any type
/// code can be named, query-only ones too (`OPT` in a bitmap is for the
/// rules to judge, and must survive being written back).
pub fn record_type_code(field: &Field<'_>) -> Result<u16, &'static str> {
    if field.quoted {
        return Err("is quoted; a type is not");
    }
    match rrtype::type_from_text(field.text) {
        TypeLookup::Data(code) | TypeLookup::QueryOnly(code) => Ok(code),
        TypeLookup::Unknown => Err("is not a record type"),
    }
}

/// A set of type codes, written as an RFC 4034 §4.1.2 bitmap. Windows are
/// cleared only when first used, so building one is cheap.
pub struct TypeBitmap {
    /// Octets used per window (0: window unused).
    lengths: [u8; 256],
    bits: [[u8; 32]; 256],
    /// The windows used lie in `first..=last` (none when first > last).
    first: usize,
    last: usize,
}

impl TypeBitmap {
    /// An empty set.
    #[allow(clippy::large_stack_arrays)]
    pub fn new() -> Box<Self> {
        // Boxed: 8 KB is a lot for the stack; one per thread is kept and
        // reused (see BITMAP).
        Box::new(TypeBitmap {
            lengths: [0; 256],
            bits: [[0; 32]; 256],
            first: 256,
            last: 0,
        })
    }

    /// Empties the set.
    pub fn clear(&mut self) {
        if self.first <= self.last {
            self.lengths[self.first..=self.last].fill(0);
        }
        self.first = 256;
        self.last = 0;
    }

    /// Adds a type.
    pub fn insert(&mut self, code: u16) {
        let window = (code >> 8) as usize;
        let low = (code & 0xff) as usize;
        if self.lengths[window] == 0 {
            self.bits[window] = [0; 32];
            self.first = self.first.min(window);
            self.last = self.last.max(window);
        }
        self.bits[window][low / 8] |= 0x80 >> (low % 8);
        let needed = (low / 8 + 1) as u8;
        if self.lengths[window] < needed {
            self.lengths[window] = needed;
        }
    }

    /// Appends the wire form.
    pub fn write(&self, out: &mut Vec<u8>) {
        if self.first > self.last {
            return;
        }
        for (window, &length) in self
            .lengths
            .iter()
            .enumerate()
            .take(self.last + 1)
            .skip(self.first)
        {
            if length > 0 {
                out.push(window as u8);
                out.push(length);
                out.extend_from_slice(&self.bits[window][..length as usize]);
            }
        }
    }
}

/// Parses a decimal number (digits only).
pub fn parse_number(text: &[u8]) -> Option<u64> {
    if text.is_empty() || text.len() > 19 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut value: u64 = 0;
    for &digit in text {
        value = value * 10 + u64::from(digit - b'0');
    }
    Some(value)
}

/// Parses a dotted-quad IPv4 address (no leading zeros, as inet_pton).
pub fn parse_ipv4(text: &[u8]) -> Option<[u8; 4]> {
    let mut address = [0u8; 4];
    let mut part = 0;
    let mut value: u32 = 0;
    let mut digits = 0;
    for &byte in text {
        match byte {
            b'0'..=b'9' => {
                if digits == 1 && value == 0 {
                    return None;
                }
                value = value * 10 + u32::from(byte - b'0');
                digits += 1;
                if value > 255 {
                    return None;
                }
            }
            b'.' if digits > 0 && part < 3 => {
                address[part] = value as u8;
                part += 1;
                value = 0;
                digits = 0;
            }
            _ => return None,
        }
    }
    if digits == 0 || part != 3 {
        return None;
    }
    address[3] = value as u8;
    Some(address)
}

/// Parses an IPv6 address (RFC 4291 §2.2: groups of one to four hex
/// digits, at most one `::`, an optional dotted-quad tail).
pub fn parse_ipv6(text: &[u8]) -> Option<[u8; 16]> {
    if text.len() < 2 || text.len() > 45 {
        return None;
    }
    // Groups before the "::" (or all of them) and after it.
    let mut groups = [0u16; 8];
    let mut count = 0;
    let mut gap: Option<usize> = None;
    let mut i = 0;
    if text.starts_with(b"::") {
        gap = Some(0);
        i = 2;
    } else if text[0] == b':' {
        return None;
    }
    while i < text.len() {
        let group_start = i;
        let mut value: u32 = 0;
        while i < text.len() && i - group_start < 5 {
            match codec::hex_value(text[i]) {
                Some(digit) => value = value << 4 | u32::from(digit),
                None => break,
            }
            i += 1;
        }
        if text.get(i) == Some(&b'.') {
            // A dotted quad: the last 32 bits.
            let quad = parse_ipv4(&text[group_start..])?;
            if count > 6 {
                return None;
            }
            groups[count] = u16::from_be_bytes([quad[0], quad[1]]);
            groups[count + 1] = u16::from_be_bytes([quad[2], quad[3]]);
            count += 2;
            break;
        }
        let digits = i - group_start;
        if digits == 0 || digits > 4 || count == 8 {
            return None;
        }
        groups[count] = value as u16;
        count += 1;
        if i == text.len() {
            break;
        }
        if text[i] != b':' {
            return None;
        }
        i += 1;
        if text.get(i) == Some(&b':') {
            if gap.is_some() {
                return None;
            }
            gap = Some(count);
            i += 1;
        } else if i == text.len() {
            return None;
        }
    }
    let mut address = [0u8; 16];
    match gap {
        None if count == 8 => {
            for (k, group) in groups.iter().enumerate() {
                address[2 * k..2 * k + 2].copy_from_slice(&group.to_be_bytes());
            }
        }
        Some(at) if count <= 7 => {
            let tail = count - at;
            for k in 0..at {
                address[2 * k..2 * k + 2].copy_from_slice(&groups[k].to_be_bytes());
            }
            for k in 0..tail {
                let to = 8 - tail + k;
                address[2 * to..2 * to + 2].copy_from_slice(&groups[at + k].to_be_bytes());
            }
        }
        _ => return None,
    }
    Some(address)
}

/// Parses an RRSIG time: 14 digits `YYYYMMDDHHmmSS` (UTC, any year to
/// 9999, reduced modulo 2^32 as RFC 4034 §3.1.5 and BIND do), or at most
/// 10 digits of seconds up to 2^32 - 1.
pub fn parse_time(text: &[u8]) -> Option<u32> {
    if !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if text.len() == 14 {
        let part = |from: usize, to: usize| parse_number(&text[from..to]);
        let year = part(0, 4)?;
        let month = part(4, 6)?;
        let day = part(6, 8)?;
        let hour = part(8, 10)?;
        let minute = part(10, 12)?;
        let second = part(12, 14)?;
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let days = days_from_civil(year as i64, month as u32, day as u32);
        let seconds = days * 86_400 + (hour * 3_600 + minute * 60 + second) as i64;
        return Some(seconds.rem_euclid(1 << 32) as u32);
    }
    if text.is_empty() || text.len() > 10 {
        return None;
    }
    parse_number(text).and_then(|n| u32::try_from(n).ok())
}

fn is_leap(year: u64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to the given date (proleptic Gregorian calendar).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Writes seconds since 1970 as `YYYYMMDDHHmmSS`.
pub fn write_time(seconds: u32, out: &mut String) {
    let days = i64::from(seconds / 86_400);
    let rest = seconds % 86_400;
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let _ = write!(
        out,
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    );
}

/// Decodes `\X` and `\DDD` escapes of `text` into `out`. On a bad escape,
/// returns it.
pub fn unescape_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), Vec<u8>> {
    let mut i = 0;
    while i < text.len() {
        match memchr::memchr(b'\\', &text[i..]) {
            None => {
                out.extend_from_slice(&text[i..]);
                break;
            }
            Some(offset) => {
                out.extend_from_slice(&text[i..i + offset]);
                i += offset;
                let (value, used) = name::unescape(&text[i..])
                    .map_err(|_| text[i..(i + 4).min(text.len())].to_vec())?;
                out.push(value);
                i += used;
            }
        }
    }
    Ok(())
}

/// Appends the bytes of hexadecimal `text` (even number of digits).
#[allow(clippy::result_unit_err)]
pub fn hex_into(text: &[u8], out: &mut Vec<u8>) -> Result<(), ()> {
    if text.len() % 2 != 0 {
        return Err(());
    }
    for pair in text.chunks(2) {
        let high = codec::hex_value(pair[0]).ok_or(())?;
        let low = codec::hex_value(pair[1]).ok_or(())?;
        out.push(high << 4 | low);
    }
    Ok(())
}

/// Wire RDATA that does not decode as its type (or would not read back
/// the same from presentation text); it is written in the generic form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Malformed;

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
    pub fn take(&mut self, n: usize) -> Result<&'d [u8], Malformed> {
        let bytes = self
            .data
            .get(self.position..self.position.checked_add(n).ok_or(Malformed)?)
            .ok_or(Malformed)?;
        self.position += n;
        Ok(bytes)
    }

    /// Takes every byte left.
    pub fn rest(&mut self) -> &'d [u8] {
        let bytes = &self.data[self.position..];
        self.position = self.data.len();
        bytes
    }

    /// The bytes left, without taking them.
    pub fn remaining(&self) -> &'d [u8] {
        &self.data[self.position..]
    }

    /// Takes an 8-bit number.
    pub fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.take(1)?[0])
    }

    /// Takes a 16-bit number.
    pub fn u16(&mut self) -> Result<u16, Malformed> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    /// Takes a 32-bit number.
    pub fn u32(&mut self) -> Result<u32, Malformed> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Takes an uncompressed wire name.
    pub fn name(&mut self) -> Result<&'d [u8], Malformed> {
        let length = super::wire_name_length(&self.data[self.position..]).ok_or(Malformed)?;
        if length > 255 {
            return Err(Malformed);
        }
        self.take(length)
    }

    /// Takes a `<character-string>`.
    pub fn character_string(&mut self) -> Result<&'d [u8], Malformed> {
        let length = self.u8()? as usize;
        self.take(length)
    }

    /// Whether bytes are left.
    pub fn has_more(&self) -> bool {
        self.position < self.data.len()
    }

    /// Fails unless every byte was used.
    pub fn finish(&self) -> Result<(), Malformed> {
        if self.has_more() {
            Err(Malformed)
        } else {
            Ok(())
        }
    }
}

/// Writes presentation fields separated by single spaces while a
/// [`Decoder`] walks the wire bytes.
pub struct Writer<'d, 's> {
    /// The wire bytes being walked.
    pub d: Decoder<'d>,
    /// Where the text goes.
    pub out: &'s mut String,
    first: bool,
}

impl<'d, 's> Writer<'d, 's> {
    /// A writer of `data` into `out`.
    pub fn new(data: &'d [u8], out: &'s mut String) -> Self {
        Writer {
            d: Decoder::new(data),
            out,
            first: true,
        }
    }

    /// Starts a field: a space unless it is the first.
    pub fn field(&mut self) -> &mut String {
        if !self.first {
            self.out.push(' ');
        }
        self.first = false;
        self.out
    }

    /// Writes a number field.
    pub fn number(&mut self, value: impl std::fmt::Display) {
        let _ = write!(self.field(), "{value}");
    }

    /// An 8-bit number.
    pub fn u8(&mut self) -> Result<u8, Malformed> {
        let value = self.d.u8()?;
        self.number(value);
        Ok(value)
    }

    /// A 16-bit number.
    pub fn u16(&mut self) -> Result<u16, Malformed> {
        let value = self.d.u16()?;
        self.number(value);
        Ok(value)
    }

    /// A 32-bit number.
    pub fn u32(&mut self) -> Result<u32, Malformed> {
        let value = self.d.u32()?;
        self.number(value);
        Ok(value)
    }

    /// A domain name.
    pub fn name(&mut self) -> Result<(), Malformed> {
        let name_bytes = self.d.name()?;
        name::write(name_bytes, self.field());
        Ok(())
    }

    /// A quoted `<character-string>`.
    pub fn character_string(&mut self) -> Result<(), Malformed> {
        let bytes = self.d.character_string()?;
        write_character_string(bytes, self.field());
        Ok(())
    }

    /// An IPv4 address.
    pub fn ipv4(&mut self) -> Result<(), Malformed> {
        let b = self.d.take(4)?;
        let _ = write!(
            self.field(),
            "{}",
            std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3])
        );
        Ok(())
    }

    /// An IPv6 address.
    pub fn ipv6(&mut self) -> Result<(), Malformed> {
        let b: [u8; 16] = self.d.take(16)?.try_into().map_err(|_| Malformed)?;
        let _ = write!(self.field(), "{}", std::net::Ipv6Addr::from(b));
        Ok(())
    }

    /// A type mnemonic (or `TYPEnnn`).
    pub fn record_type(&mut self) -> Result<(), Malformed> {
        let code = self.d.u16()?;
        self.field().push_str(&rrtype::type_name(code));
        Ok(())
    }

    /// An RRSIG time as `YYYYMMDDHHmmSS`.
    pub fn time(&mut self) -> Result<(), Malformed> {
        let value = self.d.u32()?;
        write_time(value, self.field());
        Ok(())
    }

    /// The rest as hexadecimal (at least one octet unless `allow_empty`).
    pub fn hex_rest(&mut self, allow_empty: bool) -> Result<(), Malformed> {
        let bytes = self.d.rest();
        if bytes.is_empty() && !allow_empty {
            return Err(Malformed);
        }
        if !bytes.is_empty() {
            codec::hex_encode(bytes, self.field());
        }
        Ok(())
    }

    /// The rest as base64 (at least one octet unless `allow_empty`).
    pub fn base64_rest(&mut self, allow_empty: bool) -> Result<(), Malformed> {
        let bytes = self.d.rest();
        if bytes.is_empty() && !allow_empty {
            return Err(Malformed);
        }
        if !bytes.is_empty() {
            codec::base64_encode(bytes, self.field());
        }
        Ok(())
    }

    /// The rest as a type bitmap, as mnemonics.
    pub fn type_bitmap(&mut self) -> Result<(), Malformed> {
        let mut last_window: Option<u8> = None;
        while self.d.has_more() {
            let window = self.d.u8()?;
            let length = self.d.u8()? as usize;
            if last_window.is_some_and(|last| window <= last) || !(1..=32).contains(&length) {
                return Err(Malformed);
            }
            last_window = Some(window);
            let bits = self.d.take(length)?;
            if bits[length - 1] == 0 {
                return Err(Malformed);
            }
            for (octet, &byte) in bits.iter().enumerate() {
                for bit in 0..8 {
                    if byte & (0x80 >> bit) != 0 {
                        let code = u16::from(window) << 8 | (octet * 8 + bit) as u16;
                        self.field().push_str(&rrtype::type_name(code));
                    }
                }
            }
        }
        Ok(())
    }

    /// Fails unless every byte was used.
    pub fn finish(&self) -> Result<(), Malformed> {
        self.d.finish()
    }
}

/// Appends a quoted `<character-string>` with escapes.
pub fn write_character_string(bytes: &[u8], out: &mut String) {
    out.push('"');
    write_escaped(bytes, out);
    out.push('"');
}

/// Appends the inside of a quoted string: `"` and `\` escaped, bytes
/// outside printable ASCII as `\DDD`.
pub fn write_escaped(bytes: &[u8], out: &mut String) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_convert_both_ways() {
        assert_eq!(parse_time(b"19700101000000"), Some(0));
        assert_eq!(parse_time(b"20240229120000"), Some(1_709_208_000));
        assert_eq!(parse_time(b"4294967295"), Some(u32::MAX));
        assert_eq!(parse_time(b"4294967296"), None);
        assert_eq!(parse_time(b"20230229000000"), None);
        assert_eq!(parse_time(b"2024"), Some(2024));
        assert_eq!(parse_time(b"202401011200"), None);
        for value in [0, 1, 951_782_400, 1_709_208_000, u32::MAX] {
            let mut text = String::new();
            write_time(value, &mut text);
            assert_eq!(parse_time(text.as_bytes()), Some(value), "{text}");
        }
    }

    #[test]
    fn ipv6_matches_the_standard_library() {
        let cases = [
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7:8::",
            "::1:2:3:4:5:6:7:8",
            "1::2::3",
            ":1::",
            "1::2:",
            "1:::2",
            "12345::",
            "::ffff:192.0.2.1",
            "::192.0.2.1",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3",
            "::1.2.3.4.5",
            "2001:DB8::8:800:200C:417a",
            "fe80::1%eth0",
            "",
            ":",
            "1",
            "1:2",
            "g::",
            "::ffff:01.2.3.4",
            "1:2:3:4:5::1.2.3.4",
            "0:0:0:0:0:0:0:0",
            "1::1.2.3.4:5",
        ];
        for case in cases {
            let expected = case.parse::<std::net::Ipv6Addr>().ok().map(|a| a.octets());
            assert_eq!(parse_ipv6(case.as_bytes()), expected, "{case}");
        }
        for case in [
            "1.2.3.4",
            "0.0.0.0",
            "255.255.255.255",
            "256.1.1.1",
            "1.2.3",
            "01.2.3.4",
            "1..2.3",
            "1.2.3.4.",
        ] {
            let expected = case.parse::<std::net::Ipv4Addr>().ok().map(|a| a.octets());
            assert_eq!(parse_ipv4(case.as_bytes()), expected, "{case}");
        }
    }

    #[test]
    fn long_strings_are_split_at_255_octets() {
        let mut out = vec![7, 0];
        out.extend(std::iter::repeat_n(b'a', 600));
        split_character_string(&mut out, 1);
        assert_eq!(out.len(), 1 + 3 + 600);
        assert_eq!(out[1], 255);
        assert_eq!(out[257], 255);
        assert_eq!(out[513], 90);
        assert!(out[2..257].iter().all(|&b| b == b'a'));
    }
}
