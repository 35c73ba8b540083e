//! Binary-to-text encodings used in presentation RDATA: base64 (RFC 4648
//! §4), base32 with the extended hex alphabet (RFC 4648 §7, no padding as
//! RFC 5155 writes it) and hexadecimal.

use std::fmt::Write as _;

const BASE64_ALPHABET: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 symbol values; 0xff for bytes that are not symbols (`=` too).
const BASE64_VALUES: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64_ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes base64 that may arrive in several pieces (one per field), as
/// BIND reads it: the pieces form one stream, and groups of four may span
/// a field boundary.
#[derive(Default)]
pub struct Base64Decoder {
    group: u32,
    /// Symbols in the current group, padding included.
    count: u8,
    /// Padding symbols seen in the current group.
    padding: u8,
    /// A padded group ended the data; nothing may follow.
    ended: bool,
}

impl Base64Decoder {
    /// Decodes the symbols of `text` into `out`.
    pub fn push(&mut self, text: &[u8], out: &mut Vec<u8>) -> Result<(), &'static str> {
        let mut rest = text;
        // Complete a group begun in an earlier piece.
        while self.count != 0 {
            let Some((&byte, after)) = rest.split_first() else {
                return Ok(());
            };
            self.push_symbol(byte, out)?;
            rest = after;
        }
        // Whole groups of four plain symbols, the common case.
        if !self.ended {
            out.reserve(rest.len() / 4 * 3);
            while let [a, b, c, d, after @ ..] = rest {
                let values = [
                    BASE64_VALUES[*a as usize],
                    BASE64_VALUES[*b as usize],
                    BASE64_VALUES[*c as usize],
                    BASE64_VALUES[*d as usize],
                ];
                if values.contains(&0xff) {
                    break;
                }
                let group = u32::from(values[0]) << 18
                    | u32::from(values[1]) << 12
                    | u32::from(values[2]) << 6
                    | u32::from(values[3]);
                out.extend_from_slice(&group.to_be_bytes()[1..]);
                rest = after;
            }
        }
        // Padding, bad symbols and a group left open: one at a time.
        for &byte in rest {
            self.push_symbol(byte, out)?;
        }
        Ok(())
    }

    fn push_symbol(&mut self, byte: u8, out: &mut Vec<u8>) -> Result<(), &'static str> {
        if self.ended {
            return Err("has data after its padding");
        }
        if byte == b'=' {
            if self.count < 2 {
                return Err("has padding \"=\" too early in a group of four");
            }
            self.padding += 1;
        } else {
            if self.padding > 0 {
                return Err("has data after its padding");
            }
            let value = BASE64_VALUES[byte as usize];
            if value == 0xff {
                return Err("has a character that is not base64");
            }
            self.group |= u32::from(value) << (18 - 6 * u32::from(self.count));
        }
        self.count += 1;
        if self.count == 4 {
            let bytes = self.group.to_be_bytes();
            out.extend_from_slice(&bytes[1..4 - self.padding as usize]);
            if self.padding > 0 {
                self.ended = true;
            }
            self.group = 0;
            self.count = 0;
            self.padding = 0;
        }
        Ok(())
    }

    /// Fails if the last group of four is incomplete.
    pub fn finish(&self) -> Result<(), &'static str> {
        if self.count != 0 {
            return Err("is not base64: its length is not a multiple of 4");
        }
        Ok(())
    }
}

/// Decodes one complete base64 text.
pub fn base64_decode(text: &[u8], out: &mut Vec<u8>) -> Result<(), &'static str> {
    let mut decoder = Base64Decoder::default();
    decoder.push(text, out)?;
    decoder.finish()
}

/// Appends the base64 form of `bytes`, padded, without spaces.
pub fn base64_encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let mut group = [0u8; 3];
        group[..chunk.len()].copy_from_slice(chunk);
        let value = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64_ALPHABET[(value >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

const BASE32HEX_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

/// Decodes base32hex (RFC 4648 §7, case-insensitive), padded or not. The
/// bits left over after the last full octet must be zero.
pub fn base32hex_decode(text: &[u8], out: &mut Vec<u8>) -> Result<(), &'static str> {
    let data_length = text.iter().rposition(|&b| b != b'=').map_or(0, |i| i + 1);
    let (data, padding) = text.split_at(data_length);
    if data.is_empty() {
        return Err("is empty");
    }
    if !padding.is_empty() && text.len() % 8 != 0 {
        return Err("has padding but its length is not a multiple of 8");
    }
    if !matches!(data.len() % 8, 0 | 2 | 4 | 5 | 7) {
        return Err("has a length that no number of octets gives");
    }
    let mut buffer: u64 = 0;
    let mut bits = 0;
    for &byte in data {
        let value = match byte {
            b'0'..=b'9' => byte - b'0',
            b'A'..=b'V' => byte - b'A' + 10,
            b'a'..=b'v' => byte - b'a' + 10,
            b'=' => return Err("has padding \"=\" inside the data"),
            _ => return Err("has a character that is not base32hex (0-9, A-V)"),
        };
        buffer = buffer << 5 | u64::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    if buffer != 0 {
        return Err("has bits set after its last octet");
    }
    Ok(())
}

/// Appends the unpadded base32hex form of `bytes`, upper case.
pub fn base32hex_encode(bytes: &[u8], out: &mut String) {
    let mut buffer: u64 = 0;
    let mut bits = 0;
    for &byte in bytes {
        buffer = buffer << 8 | u64::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32HEX_ALPHABET[(buffer >> bits & 31) as usize] as char);
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(BASE32HEX_ALPHABET[(buffer << (5 - bits) & 31) as usize] as char);
    }
}

/// Hexadecimal digit values; 0xff for bytes that are not digits.
const HEX_VALUES: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// The value of one hexadecimal digit.
#[inline]
pub fn hex_value(byte: u8) -> Option<u8> {
    let value = HEX_VALUES[byte as usize];
    (value != 0xff).then_some(value)
}

/// Appends `bytes` as upper-case hexadecimal.
pub fn hex_encode(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in bytes {
        out.push(DIGITS[(byte >> 4) as usize] as char);
        out.push(DIGITS[(byte & 15) as usize] as char);
    }
}

/// Appends a decimal number (no allocation).
pub fn write_number(value: impl std::fmt::Display, out: &mut String) {
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::new();
        base64_decode(text.as_bytes(), &mut out).map(|()| out)
    }

    fn b32(text: &str) -> Result<Vec<u8>, &'static str> {
        let mut out = Vec::new();
        base32hex_decode(text.as_bytes(), &mut out).map(|()| out)
    }

    #[test]
    fn base64_round_trips_and_rejects_bad_padding() {
        assert_eq!(b64("Zm9vYg==").unwrap(), b"foob");
        assert_eq!(b64("Zm8=").unwrap(), b"fo");
        assert_eq!(b64("Zm9v").unwrap(), b"foo");
        for bad in ["A", "AB", "ABC", "A===", "=", "====", "AA==AA==", "A*=="] {
            assert!(b64(bad).is_err(), "{bad}");
        }
        let mut text = String::new();
        base64_encode(b"foob", &mut text);
        assert_eq!(text, "Zm9vYg==");
        let mut decoder = Base64Decoder::default();
        let mut out = Vec::new();
        decoder.push(b"Zm", &mut out).unwrap();
        decoder.push(b"9v", &mut out).unwrap();
        decoder.finish().unwrap();
        assert_eq!(out, b"foo");
    }

    #[test]
    fn base64_in_pieces_matches_base64_whole() {
        let mut seed: u32 = 12345;
        let mut next = move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 16
        };
        for length in 0..40 {
            let bytes: Vec<u8> = (0..length).map(|_| next() as u8).collect();
            let mut text = String::new();
            base64_encode(&bytes, &mut text);
            let cut = if text.is_empty() {
                0
            } else {
                next() as usize % text.len()
            };
            let mut decoder = Base64Decoder::default();
            let mut out = Vec::new();
            decoder.push(&text.as_bytes()[..cut], &mut out).unwrap();
            decoder.push(&text.as_bytes()[cut..], &mut out).unwrap();
            decoder.finish().unwrap();
            assert_eq!(out, bytes, "{text} cut at {cut}");
        }
    }

    #[test]
    fn base32hex_accepts_padded_and_unpadded() {
        assert_eq!(b32("00======").unwrap(), [0]);
        assert_eq!(b32("00").unwrap(), [0]);
        assert_eq!(b32("CPNMUOJ1").unwrap(), b"fooba");
        assert_eq!(b32("cpnmuoj1e8").unwrap(), b"foobar");
        for bad in [
            "1", "12", "123", "1234", "12345", "123456", "1234567", "========", "1=======",
            "123=====", "123456==", "W0",
        ] {
            assert!(b32(bad).is_err(), "{bad}");
        }
        let mut text = String::new();
        base32hex_encode(b"foobar", &mut text);
        assert_eq!(text, "CPNMUOJ1E8");
    }
}
