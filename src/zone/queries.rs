//! Questions about zone data that several parts of zonelint ask, answered
//! once: serial-number arithmetic and how a long character-string is split.

use crate::name;

/// The most octets a `<character-string>` holds (RFC 1035 §3.3).
pub const MAX_STRING: usize = 255;

/// Whether `new` is greater than `old` in serial-number arithmetic
/// (RFC 1982 §3.2: a step of 1 to 2^31 - 1, wrapping at 2^32).
pub fn serial_increased(old: u32, new: u32) -> bool {
    let step = new.wrapping_sub(old);
    step != 0 && step < 1 << 31
}

/// How [`split_character_string`] cuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// At every 255th octet, as the zone reader splits a longer string:
    /// the text then reads as the same RDATA (the formatter's need).
    AsRead,
    /// Before no octet that continues a UTF-8 character (unless more than
    /// three in a row do, which is no UTF-8): pieces a person can read,
    /// for a fix that may change the RDATA it is about.
    BetweenCharacters,
}

/// The text of a character-string as written (escapes undecoded, no
/// quotes) cut into pieces of at most [`MAX_STRING`] octets each, never
/// inside an escape, as `cut` says. One piece when the string fits; `None`
/// when an escape is malformed.
pub fn split_character_string(text: &[u8], cut: Cut) -> Option<Vec<&[u8]>> {
    // Where each decoded octet starts in the text, and its value.
    let mut octets: Vec<(usize, u8)> = Vec::with_capacity(text.len());
    let mut at = 0;
    while at < text.len() {
        let (value, length) = if text[at] == b'\\' {
            name::unescape(&text[at..]).ok()?
        } else {
            (text[at], 1)
        };
        octets.push((at, value));
        at += length;
    }
    let continues = |i: usize| octets.get(i).is_some_and(|&(_, v)| v & 0xC0 == 0x80);
    let mut pieces = Vec::new();
    let mut from = 0;
    while from < octets.len() {
        let mut to = (from + MAX_STRING).min(octets.len());
        let mut back = 0;
        while cut == Cut::BetweenCharacters
            && to < octets.len()
            && continues(to)
            && back < 3
            && to > from + 1
        {
            to -= 1;
            back += 1;
        }
        if to < octets.len() && continues(to) {
            // Not UTF-8 after all: cut at the full length.
            to = from + MAX_STRING;
        }
        let end = octets.get(to).map_or(text.len(), |&(start, _)| start);
        pieces.push(&text[octets[from].0..end]);
        from = to;
    }
    if pieces.is_empty() {
        pieces.push(text);
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_arithmetic_wraps_at_2_to_the_32() {
        assert!(serial_increased(1, 2));
        assert!(!serial_increased(2, 2));
        assert!(!serial_increased(2, 1));
        assert!(serial_increased(u32::MAX, 0));
        assert!(serial_increased(0, (1 << 31) - 1));
        assert!(!serial_increased(0, 1 << 31));
    }

    #[test]
    fn a_string_splits_at_255_octets_between_escapes() {
        assert_eq!(
            split_character_string(&[b'a'; 255], Cut::AsRead)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(split_character_string(b"", Cut::AsRead).unwrap(), [b""]);
        let long = [b'a'; 256];
        let pieces = split_character_string(&long, Cut::AsRead).unwrap();
        assert_eq!(pieces.iter().map(|p| p.len()).collect::<Vec<_>>(), [255, 1]);
        let mut escaped = vec![b'a'; 254];
        escaped.extend_from_slice(b"\\065\\;b");
        let pieces = split_character_string(&escaped, Cut::AsRead).unwrap();
        assert_eq!(pieces[0].len(), 258);
        assert_eq!(pieces[1], b"\\;b");
        assert!(split_character_string(b"a\\1x", Cut::AsRead).is_none());
    }

    #[test]
    fn a_string_is_not_cut_inside_a_utf8_character() {
        // 254 ASCII octets, then "é" (two octets): the cut goes before it,
        // whether the octets are written raw or as \DDD escapes.
        let mut raw = vec![b'a'; 254];
        raw.extend_from_slice("éz".as_bytes());
        let pieces = split_character_string(&raw, Cut::BetweenCharacters).unwrap();
        assert_eq!(pieces[0].len(), 254);
        assert_eq!(pieces[1], "éz".as_bytes());
        let mut escaped = vec![b'a'; 254];
        escaped.extend_from_slice(b"\\195\\169z");
        let pieces = split_character_string(&escaped, Cut::BetweenCharacters).unwrap();
        assert_eq!(pieces[0].len(), 254);
        assert_eq!(pieces[1], b"\\195\\169z");
        // As read: at 255 whatever the octets, so the RDATA stays the same.
        let pieces = split_character_string(&escaped, Cut::AsRead).unwrap();
        assert_eq!(pieces[0].len(), 254 + 4);
        assert_eq!(pieces[1], b"\\169z");
        // Not UTF-8: continuation octets alone are cut at 255.
        let binary = [0x80u8; 300];
        let pieces = split_character_string(&binary, Cut::BetweenCharacters).unwrap();
        assert_eq!(
            pieces.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [255, 45]
        );
    }
}
