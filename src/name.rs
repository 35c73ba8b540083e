//! Domain names in wire form: parsing presentation text (RFC 1035 §5.1
//! escapes, `@`, relative names) and writing it back.
//!
//! A name is kept as its uncompressed wire bytes: length-prefixed labels
//! ending in the root label `0`. Comparison is case-insensitive everywhere,
//! through [`eq_ignore_case`] and [`to_lowercase`].

use std::fmt::Write as _;

/// Why a name could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameError {
    /// A label is longer than 63 octets.
    LabelTooLong {
        /// The label as written.
        label: String,
        /// Its length in octets.
        length: usize,
    },
    /// The whole name is longer than 255 octets (after the origin is added).
    NameTooLong {
        /// Its wire length.
        length: usize,
    },
    /// Two dots in a row, or a leading dot on a name other than the root.
    EmptyLabel,
    /// A `\DDD` escape above 255 or with fewer than three digits.
    BadEscape(String),
    /// A backslash at the end of the text.
    TrailingBackslash,
    /// The text is empty.
    Empty,
    /// A relative name where no origin is known.
    NoOrigin,
    /// A raw control byte (below 0x20, or 0x7F) written as such, not as
    /// `\DDD`: BIND and Knot refuse it, ldns and NSD drop or cut at it.
    ControlByte(u8),
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::LabelTooLong { label, length } => {
                write!(f, "label \"{label}\" is {length} octets, the limit is 63")
            }
            NameError::NameTooLong { length } => {
                write!(f, "name is {length} octets long, the limit is 255")
            }
            NameError::EmptyLabel => f.write_str("name has an empty label"),
            NameError::BadEscape(e) => {
                write!(f, "escape \"{e}\" is not \\X or \\DDD with DDD at most 255")
            }
            NameError::TrailingBackslash => f.write_str("name ends in a lone backslash"),
            NameError::Empty => f.write_str("name is empty"),
            NameError::ControlByte(byte) => write!(
                f,
                "name has the control byte {byte:#04x} written raw; write it as \\{byte:03}"
            ),
            NameError::NoOrigin => {
                f.write_str("relative name but no origin is known (give --origin or $ORIGIN)")
            }
        }
    }
}

/// The wire form of the root name.
pub const ROOT: &[u8] = &[0];

/// Reads the presentation name `text` into `out` (cleared first) as wire
/// bytes. `@` is the origin; a name not ending in an unescaped dot is
/// relative and gets `origin` appended. `origin` is `None` where none is
/// known yet.
pub fn parse(text: &[u8], origin: Option<&[u8]>, out: &mut Vec<u8>) -> Result<(), NameError> {
    out.clear();
    if text.is_empty() {
        return Err(NameError::Empty);
    }
    if text == b"@" {
        let origin = origin.ok_or(NameError::NoOrigin)?;
        out.extend_from_slice(origin);
        return Ok(());
    }
    if text == b"." {
        out.push(0);
        return Ok(());
    }
    let mut label_start = out.len();
    out.push(0);
    let mut i = 0;
    let mut absolute = false;
    while i < text.len() {
        // Copy the run of plain bytes up to the next dot or escape at once.
        let run = text[i..]
            .iter()
            .position(|&b| b == b'.' || b == b'\\' || b < 0x20 || b == 0x7f)
            .unwrap_or(text.len() - i);
        // A label over 63 octets is refused before it is copied whole: a
        // 1 GB word must not become a 1 GB name buffer.
        if out.len() - label_start - 1 + run > 63 {
            let keep = (64 + label_start + 1).saturating_sub(out.len()).min(run);
            out.extend_from_slice(&text[i..i + keep]);
            return Err(label_too_long(out, label_start, text, i + keep));
        }
        out.extend_from_slice(&text[i..i + run]);
        i += run;
        let Some(&byte) = text.get(i) else {
            break;
        };
        match byte {
            b'.' | b'\\' => {}
            control => return Err(NameError::ControlByte(control)),
        }
        match byte {
            b'.' => {
                let length = out.len() - label_start - 1;
                if length == 0 {
                    return Err(NameError::EmptyLabel);
                }
                check_label(out, label_start, length)?;
                out[label_start] = length as u8;
                i += 1;
                if i == text.len() {
                    absolute = true;
                    break;
                }
                label_start = out.len();
                out.push(0);
                continue;
            }
            _ => {
                // A backslash: the run above stops only at "." and "\\".
                let (value, used) = unescape(&text[i..])?;
                out.push(value);
                i += used;
                if out.len() - label_start - 1 > 63 {
                    return Err(label_too_long(out, label_start, text, i));
                }
            }
        }
    }
    if !absolute {
        let length = out.len() - label_start - 1;
        if length == 0 {
            return Err(NameError::EmptyLabel);
        }
        check_label(out, label_start, length)?;
        out[label_start] = length as u8;
        let origin = origin.ok_or(NameError::NoOrigin)?;
        out.extend_from_slice(origin);
    } else {
        out.push(0);
    }
    if out.len() > 255 {
        return Err(NameError::NameTooLong { length: out.len() });
    }
    Ok(())
}

/// Appends to `out` the wire form of `text` when it is a plain name, the
/// wire form [`parse`] gives it: no escape, no empty label, no label over
/// 63 octets, at most 255 octets in all, an origin when it is relative,
/// and, unless `control_bytes`, no control byte (0x00 to 0x1F and 0x7F).
/// Returns false, having appended nothing, for anything else, which
/// [`parse`] then reads or reports.
///
/// Eight bytes at a time: each eight are copied whole, then checked and
/// their dots found with bit operations, and each dot becomes the length
/// octet of the label after it.
pub fn append_plain(
    text: &[u8],
    origin: Option<&[u8]>,
    out: &mut Vec<u8>,
    control_bytes: bool,
) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte is below `n` (for n <= 0x80).
    let any_below = |word: u64, n: u64| word.wrapping_sub(ONES * n) & !word & HIGH != 0;
    let any_equal = |word: u64, byte: u8| any_below(word ^ (ONES * u64::from(byte)), 1);
    match text {
        b"@" => {
            return origin.is_some_and(|origin| {
                out.extend_from_slice(origin);
                true
            });
        }
        b"." => {
            out.push(0);
            return true;
        }
        // The wire form of 255 octets of text or more is over 255 octets.
        _ if text.is_empty() || text.len() >= 255 => return false,
        _ => {}
    }
    // A length octet, then the text, whose dots become length octets, and
    // eight bytes more so that the text is read eight bytes at a time.
    let start = out.len();
    out.reserve(1 + text.len() + 8 + origin.map_or(0, <[u8]>::len));
    out.push(0);
    out.extend_from_slice(text);
    out.extend_from_slice(&[0; 8]);
    let wire = &mut out[start..];
    let mut length_at = 0;
    // Where in `text` the current label starts.
    let mut label_start = 0;
    let mut refused = false;
    for at in (0..text.len()).step_by(8) {
        let mut word = u64::from_le_bytes(wire[1 + at..9 + at].try_into().expect("8 bytes"));
        if at + 8 > text.len() {
            // Past the end: letters.
            word |= (ONES * u64::from(b'a')) << (8 * (text.len() - at));
        }
        refused |= any_equal(word, b'\\')
            || !control_bytes && (any_below(word, 0x20) || any_equal(word, 0x7f));
        // The high bit of every byte that is a dot, exactly.
        let other = word ^ (ONES * u64::from(b'.'));
        let mut dots = !(((other & !HIGH) + (ONES * 0x7f)) | other) & HIGH;
        while dots != 0 {
            let dot = at + (dots.trailing_zeros() / 8) as usize;
            let length = dot - label_start;
            refused |= length == 0 || length > 63;
            wire[length_at] = length as u8;
            length_at = 1 + dot;
            label_start = dot + 1;
            dots &= dots - 1;
        }
    }
    let length = text.len() - label_start;
    if length == 0 {
        // Absolute: the final dot becomes the root label.
        wire[length_at] = 0;
    } else {
        wire[length_at] = length as u8;
    }
    out.truncate(start + 1 + text.len());
    match origin {
        _ if refused || length > 63 => {}
        _ if length == 0 && out.len() - start <= 255 => return true,
        Some(origin) if length > 0 && out.len() - start + origin.len() <= 255 => {
            out.extend_from_slice(origin);
            return true;
        }
        _ => {}
    }
    out.truncate(start);
    false
}

/// The bytes of `text` from `at` to its end, fewer than eight, as the low
/// bytes of a little-endian word (the others zero).
fn tail_word(text: &[u8], at: usize) -> u64 {
    let rest = text.len() - at;
    if text.len() >= 8 {
        // The eight bytes that end the text, shifted down.
        let last = u64::from_le_bytes(text[text.len() - 8..].try_into().expect("8 bytes"));
        last >> (8 * (8 - rest))
    } else {
        text[at..]
            .iter()
            .rev()
            .fold(0, |word, &byte| (word << 8) | u64::from(byte))
    }
}

/// `out.extend_from_slice(bytes)` eight bytes at a time, for the short
/// names it is used for (a call to `memcpy` costs more than the copy).
pub(crate) fn extend_words(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let chunk: [u8; 8] = chunk.try_into().expect("8 bytes");
        out.extend_from_slice(&chunk);
    }
    let rest = chunks.remainder().len();
    if rest == 0 {
        return;
    }
    // The bytes written last are written again or cut off.
    let word = match bytes.len().checked_sub(8) {
        // The last eight bytes, over the ones already written.
        Some(last) => {
            out.truncate(out.len() - (8 - rest));
            u64::from_le_bytes(bytes[last..].try_into().expect("8 bytes"))
        }
        None => tail_word(bytes, 0),
    };
    out.extend_from_slice(&word.to_le_bytes());
    if bytes.len() < 8 {
        out.truncate(out.len() - (8 - rest));
    }
}

/// Decodes one escape at the start of `text` (which begins with `\`):
/// returns the byte and how many input bytes it used.
pub fn unescape(text: &[u8]) -> Result<(u8, usize), NameError> {
    debug_assert_eq!(text.first(), Some(&b'\\'));
    match text.get(1) {
        None => Err(NameError::TrailingBackslash),
        Some(d) if d.is_ascii_digit() => {
            let digits = &text[1..text.len().min(4)];
            if digits.len() < 3 || !digits.iter().all(u8::is_ascii_digit) {
                return Err(NameError::BadEscape(
                    String::from_utf8_lossy(&text[..1 + digits.len()]).into_owned(),
                ));
            }
            let value = u32::from(digits[0] - b'0') * 100
                + u32::from(digits[1] - b'0') * 10
                + u32::from(digits[2] - b'0');
            if value > 255 {
                return Err(NameError::BadEscape(
                    String::from_utf8_lossy(&text[..4]).into_owned(),
                ));
            }
            Ok((value as u8, 4))
        }
        Some(&other) => Ok((other, 2)),
    }
}

fn check_label(out: &[u8], label_start: usize, length: usize) -> Result<(), NameError> {
    if length > 63 {
        return Err(label_error(&out[label_start + 1..], length));
    }
    Ok(())
}

/// The error for a label over 63 octets of which `out[label_start + 1..]`
/// is read so far and `text[rest..]` continues it: the length is counted
/// to the label's end without keeping the octets.
fn label_too_long(out: &[u8], label_start: usize, text: &[u8], rest: usize) -> NameError {
    let mut length = out.len() - label_start - 1;
    let mut i = rest;
    while i < text.len() && text[i] != b'.' {
        i += match text[i] {
            b'\\' => unescape(&text[i..]).map_or(1, |(_, used)| used),
            _ => 1,
        };
        length += 1;
    }
    label_error(&out[label_start + 1..], length)
}

/// A [`NameError::LabelTooLong`] showing at most the first 64 octets.
fn label_error(octets: &[u8], length: usize) -> NameError {
    let mut label = String::new();
    write_label(&octets[..octets.len().min(64)], &mut label);
    if length > 64 {
        label.push('…');
    }
    NameError::LabelTooLong { label, length }
}

/// The labels of a wire name, leftmost first, without the root label.
pub fn labels(name: &[u8]) -> Labels<'_> {
    Labels { name, position: 0 }
}

/// Iterator over the labels of a wire name; see [`labels`].
pub struct Labels<'a> {
    name: &'a [u8],
    position: usize,
}

impl<'a> Iterator for Labels<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let length = *self.name.get(self.position)? as usize;
        if length == 0 {
            return None;
        }
        let start = self.position + 1;
        self.position = start + length;
        self.name.get(start..start + length)
    }
}

/// The number of labels, not counting the root.
pub fn label_count(name: &[u8]) -> usize {
    labels(name).count()
}

/// The parent of `name` (the name without its leftmost label), or `None`
/// for the root.
pub fn parent(name: &[u8]) -> Option<&[u8]> {
    let length = *name.first()? as usize;
    if length == 0 {
        None
    } else {
        name.get(1 + length..)
    }
}

/// Whether two wire names are equal, ignoring ASCII case.
pub fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    // Names mostly repeat in the same case: compare eight bytes at a time
    // (inline; names are too short for a call to pay), and fold case from
    // the first word that differs in no more than case bits (letters of
    // other case differ in bit 0x20 alone).
    let mut start = 0;
    while start + 8 <= a.len() {
        let difference = word_at(a, start) ^ word_at(b, start);
        if difference != 0 {
            return difference & !0x2020_2020_2020_2020 == 0
                && a[start..].eq_ignore_ascii_case(&b[start..]);
        }
        start += 8;
    }
    if start > 0 && start < a.len() {
        // The last eight bytes, overlapping the words compared.
        let end = a.len() - 8;
        let difference = word_at(a, end) ^ word_at(b, end);
        return difference == 0
            || difference & !0x2020_2020_2020_2020 == 0
                && a[end..].eq_ignore_ascii_case(&b[end..]);
    }
    a[start..].eq_ignore_ascii_case(&b[start..])
}

/// The eight bytes of `bytes` from `at`, as one word.
fn word_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_ne_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

/// Whether `name` is `ancestor` or lies below it (ignoring case).
pub fn is_subdomain(name: &[u8], ancestor: &[u8]) -> bool {
    let mut current = Some(name);
    while let Some(candidate) = current {
        if candidate.len() < ancestor.len() {
            return false;
        }
        if candidate.len() == ancestor.len() {
            return eq_ignore_case(candidate, ancestor);
        }
        current = parent(candidate);
    }
    false
}

/// Lower-cases the ASCII letters of a wire name in place.
pub fn to_lowercase(name: &mut [u8]) {
    // Length octets are at most 63, below 'A', so lower-casing every byte is safe.
    name.make_ascii_lowercase();
}

/// Appends the presentation form of a wire name, absolute with a final dot.
pub fn write(name: &[u8], out: &mut String) {
    if name.first().copied().unwrap_or(0) == 0 {
        out.push('.');
        return;
    }
    for label in labels(name) {
        write_label(label, out);
        out.push('.');
    }
}

/// The presentation form of a wire name as a new string.
pub fn to_string(name: &[u8]) -> String {
    let mut out = String::new();
    write(name, &mut out);
    out
}

/// Appends one label, escaping what would not read back as the same label.
pub fn write_label(label: &[u8], out: &mut String) {
    for &byte in label {
        match byte {
            b'.' | b'\\' | b'"' | b';' | b'(' | b')' | b'@' | b'$' => {
                out.push('\\');
                out.push(byte as char);
            }
            0x21..=0x7e => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\{byte:03}");
            }
        }
    }
}

/// The wire form of an absolute name in presentation form (for tests).
#[cfg(test)]
pub fn test_wire(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    parse(text.as_bytes(), None, &mut out).unwrap();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(text: &str, origin: Option<&[u8]>) -> Result<Vec<u8>, NameError> {
        let mut out = Vec::new();
        parse(text.as_bytes(), origin, &mut out).map(|()| out)
    }

    #[test]
    fn relative_names_get_the_origin() {
        let origin = wire("example.com.", None).unwrap();
        assert_eq!(
            to_string(&wire("www", Some(&origin)).unwrap()),
            "www.example.com."
        );
        assert_eq!(
            to_string(&wire("@", Some(&origin)).unwrap()),
            "example.com."
        );
        assert_eq!(wire("www", None), Err(NameError::NoOrigin));
    }

    #[test]
    fn escapes_are_decoded_and_written_back() {
        let name = wire("a\\.b\\065\\032.", None).unwrap();
        assert_eq!(name, b"\x05a.bA \x00");
        assert_eq!(to_string(&name), "a\\.bA\\032.");
        assert!(matches!(
            wire("a\\256.", None),
            Err(NameError::BadEscape(_))
        ));
        assert!(matches!(wire("a\\25.", None), Err(NameError::BadEscape(_))));
    }

    #[test]
    fn raw_control_bytes_are_refused_but_escapes_are_not() {
        assert_eq!(wire("c\0d.", None), Err(NameError::ControlByte(0)));
        assert_eq!(wire("a\x7f.", None), Err(NameError::ControlByte(0x7f)));
        assert_eq!(wire("c\\000d.", None).unwrap(), b"\x03c\x00d\x00");
        // Bytes from 0x80 up are data (IDN in raw UTF-8, say).
        assert_eq!(wire("\u{e9}.", None).unwrap(), b"\x02\xc3\xa9\x00");
    }

    #[test]
    fn plain_names_are_what_parse_makes_of_them() {
        // Random texts of the bytes that decide, of every length up to past
        // the 255-octet limit, and labels around 63: append_plain gives
        // parse's wire form or leaves the text to it, and with control
        // bytes allowed, the wire form parse gives them escaped.
        let alphabet = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.....\\@\x01\x1f\x7f\xc3";
        let mut next = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d);
        // Origins shorter than, as long as and longer than the eight bytes
        // append_plain copies at a time.
        let origins = [
            test_wire("example."),
            test_wire("com."),
            test_wire("abcdef."),
            test_wire("ab.cdefghijklmnop."),
        ];
        for round in 0..20_000 {
            let origin = &origins[(round / 4) % origins.len()];
            let length = match round % 4 {
                0 => (next() % 24) as usize,
                1 => (next() % 80) as usize,
                _ => (next() % 300) as usize,
            };
            let mut text: Vec<u8> = (0..length)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            if round % 4 == 3 {
                // Labels of up to 64 octets, to about the 255-octet limit.
                text.clear();
                let total = 236 + (next() % 24) as usize;
                while text.len() < total {
                    let label = 1 + (next() % 64) as usize;
                    text.extend((0..label).map(|i| if i == 1 { 0x7f } else { b'b' }));
                    text.push(b'.');
                }
                text.truncate(total);
            }
            let origin = (round % 5 != 0).then_some(origin.as_slice());
            for control_bytes in [false, true] {
                let mut fast = vec![9];
                let handled = append_plain(&text, origin, &mut fast, control_bytes);
                let mut written = Vec::new();
                for &byte in &text {
                    if control_bytes && (byte < 0x20 || byte == 0x7f) {
                        written.extend_from_slice(format!("\\{byte:03}").as_bytes());
                    } else {
                        written.push(byte);
                    }
                }
                let mut slow = Vec::new();
                let parsed = parse(&written, origin, &mut slow);
                if handled {
                    assert_eq!(parsed, Ok(()), "{text:?}");
                    assert_eq!(fast[1..], slow, "{text:?}");
                } else {
                    assert_eq!(fast, [9], "{text:?}: nothing appended");
                    assert!(
                        parsed.is_err() || text.contains(&b'\\'),
                        "{text:?} is plain but was left to parse"
                    );
                }
            }
        }
    }

    #[test]
    fn words_are_copied_as_the_bytes_are() {
        // Every length around the eight-byte word, after every length of
        // what is already there.
        let bytes: Vec<u8> = (1..=40).collect();
        for before in 0..10 {
            for length in 0..=bytes.len() {
                let mut out = vec![0xee; before];
                extend_words(&mut out, &bytes[..length]);
                assert_eq!(out[..before], vec![0xee; before][..]);
                assert_eq!(out[before..], bytes[..length], "{before} then {length}");
                for at in (0..length).step_by(8).filter(|&at| at + 8 > length) {
                    let mut expected = [0u8; 8];
                    expected[..length - at].copy_from_slice(&bytes[at..length]);
                    assert_eq!(
                        tail_word(&bytes[..length], at),
                        u64::from_le_bytes(expected)
                    );
                }
            }
        }
    }

    #[test]
    fn limits_are_enforced() {
        let long = "a".repeat(64);
        let error = wire(&format!("{long}."), None).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!("label \"{long}\" is 64 octets, the limit is 63")
        );
        assert_eq!(wire("a..b.", None), Err(NameError::EmptyLabel));
        // A long label is counted to its end, escapes as one octet each,
        // and shown cut after 64 octets.
        let error = wire(
            &format!("{}\\065{}.b.", "a".repeat(70), "a".repeat(29)),
            None,
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "label \"{}…\" is 100 octets, the limit is 63",
                "a".repeat(64)
            )
        );
        let error = wire(&format!("{}\\066", "a".repeat(63)), Some(&[0])).unwrap_err();
        assert!(
            error.to_string().ends_with("is 64 octets, the limit is 63"),
            "{error}"
        );
        let origin = wire(&format!("{}.", vec!["b".repeat(63); 3].join(".")), None).unwrap();
        // 3*64 + 1 = 193 octets of origin; 62 more octets of prefix go over 255.
        assert!(matches!(
            wire(&"c".repeat(62), Some(&origin)),
            Err(NameError::NameTooLong { .. })
        ));
    }

    #[test]
    fn subdomains_ignore_case() {
        let child = wire("NS1.Example.COM.", None).unwrap();
        let parent = wire("example.com.", None).unwrap();
        assert!(is_subdomain(&child, &parent));
        assert!(!is_subdomain(&parent, &child));
        assert!(is_subdomain(&parent, ROOT));
    }

    #[test]
    fn equality_ignores_the_case_of_letters_only() {
        // Every length up to three words, a difference at every position:
        // in case, in a bit other than case, and in bit 0x20 of bytes that
        // are not letters ('@' and '`', '[' and '{').
        for length in 0..=24 {
            let base: Vec<u8> = (0..length).map(|i| b"ab1-c@[z"[i % 8]).collect();
            assert!(eq_ignore_case(&base, &base));
            for at in 0..length {
                let mut other = base.clone();
                other[at] ^= 0x20;
                let letter = base[at].is_ascii_alphabetic();
                assert_eq!(eq_ignore_case(&base, &other), letter, "{base:?} {other:?}");
                other[at] = base[at] ^ 0x01;
                assert!(!eq_ignore_case(&base, &other), "{base:?} {other:?}");
                // A case difference before a real one is not equality.
                let mut both = base.clone();
                both[0] = both[0].to_ascii_uppercase();
                both[at] = base[at] ^ 0x04;
                assert!(!eq_ignore_case(&base, &both), "{base:?} {both:?}");
            }
            let upper = base.to_ascii_uppercase();
            assert!(eq_ignore_case(&base, &upper));
            assert!(!eq_ignore_case(&base, &base[..length.saturating_sub(1)]) || length == 0);
        }
    }
}
