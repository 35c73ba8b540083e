//! The remaining types with structure of their own: WKS, APL, A6, NSAP,
//! ATMA, EUI48/EUI64, the ILNP node identifiers, IPSECKEY, HIP, AMTRELAY,
//! DSYNC, CAA, URI, GPOS, X25, ISDN, DOA and SINK.

use std::fmt::Write as _;

use super::RdataError;
use super::codec;
use super::common::{
    Malformed, Reader, Writer, parse_ipv4, parse_ipv6, parse_number, write_escaped,
};
use crate::syntax::parser::show;

/// Protocol names WKS accepts (the numbers are always accepted).
const PROTOCOLS: &[(&str, u16)] = &[("icmp", 1), ("tcp", 6), ("udp", 17)];

/// Service names WKS accepts (IANA "Service Name and Transport Protocol
/// Port Number Registry"; numbers are always accepted).
const SERVICES: &[(&str, u16)] = &[
    ("tcpmux", 1),
    ("rje", 5),
    ("echo", 7),
    ("discard", 9),
    ("systat", 11),
    ("daytime", 13),
    ("netstat", 15),
    ("qotd", 17),
    ("chargen", 19),
    ("ftp-data", 20),
    ("ftp", 21),
    ("ssh", 22),
    ("telnet", 23),
    ("smtp", 25),
    ("time", 37),
    ("rlp", 39),
    ("nameserver", 42),
    ("nicname", 43),
    ("whois", 43),
    ("domain", 53),
    ("bootps", 67),
    ("bootpc", 68),
    ("tftp", 69),
    ("gopher", 70),
    ("finger", 79),
    ("http", 80),
    ("www", 80),
    ("kerberos", 88),
    ("pop2", 109),
    ("pop3", 110),
    ("sunrpc", 111),
    ("auth", 113),
    ("nntp", 119),
    ("ntp", 123),
    ("netbios-ns", 137),
    ("netbios-dgm", 138),
    ("netbios-ssn", 139),
    ("imap", 143),
    ("imap2", 143),
    ("snmp", 161),
    ("snmp-trap", 162),
    ("bgp", 179),
    ("irc", 194),
    ("ldap", 389),
    ("https", 443),
    ("submission", 587),
    ("ldaps", 636),
    ("exec", 512),
    ("biff", 512),
    ("login", 513),
    ("who", 513),
    ("shell", 514),
    ("syslog", 514),
    ("printer", 515),
    ("talk", 517),
    ("ntalk", 518),
    ("route", 520),
    ("uucp", 540),
    ("rsync", 873),
    ("imaps", 993),
    ("pop3s", 995),
];

/// `address protocol service*` (RFC 1035 §3.4.2).
pub fn read_wks(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.ipv4("address")?;
    let protocol = r.mnemonic("protocol", PROTOCOLS, 255)?;
    r.out.push(protocol as u8);
    let bitmap_start = r.out.len();
    while r.has_more() {
        let port = r.mnemonic("service", SERVICES, 65_535)? as usize;
        let needed = bitmap_start + port / 8 + 1;
        if r.out.len() < needed {
            r.out.resize(needed, 0);
        }
        r.out[bitmap_start + port / 8] |= 0x80 >> (port % 8);
    }
    Ok(())
}

/// Writes WKS with the protocol and ports as numbers, as BIND does.
pub fn write_wks(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.ipv4()?;
    w.u8()?;
    let bitmap = w.d.rest();
    if bitmap.last() == Some(&0) {
        return Err(Malformed);
    }
    for (octet, &byte) in bitmap.iter().enumerate() {
        for bit in 0..8 {
            if byte & (0x80 >> bit) != 0 {
                w.number(octet * 8 + bit);
            }
        }
    }
    Ok(())
}

/// `[!]family:address/prefix*` (RFC 3123 §4).
pub fn read_apl(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    while r.has_more() {
        let field = r.next("item")?;
        let bad = |problem: &str| r.bad("item", &field, problem);
        let (negated, text) = match field.text.strip_prefix(b"!") {
            Some(rest) => (true, rest),
            None => (false, field.text),
        };
        let colon = text
            .iter()
            .position(|&b| b == b':')
            .ok_or_else(|| bad("is not [!]family:address/prefix"))?;
        let slash = text
            .iter()
            .rposition(|&b| b == b'/')
            .filter(|&s| s > colon)
            .ok_or_else(|| bad("is not [!]family:address/prefix"))?;
        let family =
            parse_number(&text[..colon]).ok_or_else(|| bad("has a family that is not 1 or 2"))?;
        let address_text = &text[colon + 1..slash];
        let prefix = parse_number(&text[slash + 1..])
            .ok_or_else(|| bad("has a prefix length that is not a number"))?;
        let mut address = [0u8; 16];
        let (size, max_prefix) = match family {
            1 => {
                let a = parse_ipv4(address_text)
                    .ok_or_else(|| bad("has an address that is not IPv4"))?;
                address[..4].copy_from_slice(&a);
                (4, 32)
            }
            2 => {
                let a = parse_ipv6(address_text)
                    .ok_or_else(|| bad("has an address that is not IPv6"))?;
                address = a;
                (16, 128)
            }
            _ => return Err(bad("has a family that is not 1 (IPv4) or 2 (IPv6)")),
        };
        if prefix > max_prefix {
            return Err(bad(&format!("has a prefix length over {max_prefix}")));
        }
        let used = address[..size]
            .iter()
            .rposition(|&b| b != 0)
            .map_or(0, |i| i + 1);
        r.out.extend_from_slice(&(family as u16).to_be_bytes());
        r.out.push(prefix as u8);
        r.out.push(u8::from(negated) << 7 | used as u8);
        r.out.extend_from_slice(&address[..used]);
    }
    Ok(())
}

/// Writes APL.
pub fn write_apl(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    while w.d.has_more() {
        let family = w.d.u16()?;
        let prefix = w.d.u8()?;
        let length_byte = w.d.u8()?;
        let length = (length_byte & 0x7f) as usize;
        let part = w.d.take(length)?;
        if part.last() == Some(&0) {
            return Err(Malformed);
        }
        let out = w.field();
        if length_byte & 0x80 != 0 {
            out.push('!');
        }
        match family {
            1 if length <= 4 && prefix <= 32 => {
                let mut a = [0u8; 4];
                a[..length].copy_from_slice(part);
                let _ = write!(out, "1:{}/{prefix}", std::net::Ipv4Addr::from(a));
            }
            2 if length <= 16 && prefix <= 128 => {
                let mut a = [0u8; 16];
                a[..length].copy_from_slice(part);
                let _ = write!(out, "2:{}/{prefix}", std::net::Ipv6Addr::from(a));
            }
            _ => return Err(Malformed),
        }
    }
    Ok(())
}

/// `prefix-length [address-suffix] [prefix-name]` (RFC 2874 §3.1): no
/// suffix when the prefix is 128 bits, no name when it is 0.
pub fn read_a6(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let prefix = r.number("prefix length", 128)? as usize;
    r.out.push(prefix as u8);
    if prefix == 128 {
        // No suffix at all (as BIND writes it).
        return r.name("prefix name");
    }
    let field = r.next("address suffix")?;
    let mut address = parse_ipv6(field.text)
        .ok_or_else(|| r.bad("address suffix", &field, "is not an IPv6 address"))?;
    // The prefix bits are not sent; zero them.
    for (i, byte) in address.iter_mut().enumerate() {
        let bits_before = i * 8;
        if bits_before + 8 <= prefix {
            *byte = 0;
        } else if bits_before < prefix {
            *byte &= 0xff >> (prefix - bits_before);
        }
    }
    let octets = (128 - prefix).div_ceil(8);
    r.out.extend_from_slice(&address[16 - octets..]);
    if prefix > 0 {
        r.name("prefix name")?;
    }
    Ok(())
}

/// Writes A6.
pub fn write_a6(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let prefix = w.u8()? as usize;
    if prefix > 128 {
        return Err(Malformed);
    }
    if prefix == 128 {
        return w.name();
    }
    let octets = (128 - prefix).div_ceil(8);
    let mut address = [0u8; 16];
    address[16 - octets..].copy_from_slice(w.d.take(octets)?);
    if octets > 0 && prefix % 8 != 0 && address[16 - octets] & !(0xff >> (prefix % 8)) != 0 {
        return Err(Malformed);
    }
    let _ = write!(w.field(), "{}", std::net::Ipv6Addr::from(address));
    if prefix > 0 {
        w.name()?;
    }
    Ok(())
}

/// `0x` and hexadecimal digits with optional dots (RFC 1706 §5).
pub fn read_nsap(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let field = r.next("address")?;
    let digits = field
        .text
        .strip_prefix(b"0x")
        .or_else(|| field.text.strip_prefix(b"0X"))
        .ok_or_else(|| r.bad("address", &field, "does not start with 0x"))?;
    read_dotted_hex(r, &field, digits, "address")
}

fn read_dotted_hex(
    r: &mut Reader<'_, '_, '_>,
    field: &crate::syntax::Field<'_>,
    digits: &[u8],
    what: &str,
) -> Result<(), RdataError> {
    let mut half: Option<u8> = None;
    let mut any = false;
    for &byte in digits {
        if byte == b'.' {
            continue;
        }
        let value =
            codec::hex_value(byte).ok_or_else(|| r.bad(what, field, "is not hexadecimal"))?;
        any = true;
        match half.take() {
            Some(high) => r.out.push(high << 4 | value),
            None => half = Some(value),
        }
    }
    if half.is_some() || !any {
        return Err(r.bad(
            what,
            field,
            "does not hold an even number of hexadecimal digits",
        ));
    }
    Ok(())
}

fn write_lower_hex(bytes: &[u8], out: &mut String) {
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
}

/// Writes NSAP.
pub fn write_nsap(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let bytes = w.d.rest();
    if bytes.is_empty() {
        return Err(Malformed);
    }
    let out = w.field();
    out.push_str("0x");
    write_lower_hex(bytes, out);
    Ok(())
}

/// ATM address: `+` and E.164 digits (format 1), or hexadecimal AESA
/// digits with optional dots (format 0) (ATM Forum af-dans-0152.000).
pub fn read_atma(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let field = r.next("address")?;
    if let Some(digits) = field.text.strip_prefix(b"+") {
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Err(r.bad("address", &field, "is not + and E.164 digits"));
        }
        r.out.push(1);
        r.out.extend_from_slice(digits);
        Ok(())
    } else {
        r.out.push(0);
        read_dotted_hex(r, &field, field.text, "address")
    }
}

/// Writes ATMA.
pub fn write_atma(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let format = w.d.u8()?;
    let bytes = w.d.rest();
    if bytes.is_empty() {
        return Err(Malformed);
    }
    let out = w.field();
    match format {
        0 => write_lower_hex(bytes, out),
        1 if bytes.iter().all(u8::is_ascii_digit) => {
            out.push('+');
            out.extend(bytes.iter().map(|&b| b as char));
        }
        _ => return Err(Malformed),
    }
    Ok(())
}

/// `xx-xx-xx-xx-xx-xx` (EUI48, `size` 6) or eight pairs (EUI64) (RFC 7043).
pub fn read_eui(r: &mut Reader<'_, '_, '_>, size: usize) -> Result<(), RdataError> {
    let field = r.next("address")?;
    let text = field.text;
    let valid = text.len() == size * 3 - 1
        && text.chunks(3).all(|chunk| {
            chunk[0].is_ascii_hexdigit()
                && chunk[1].is_ascii_hexdigit()
                && (chunk.len() == 2 || chunk[2] == b'-')
        });
    if !valid {
        let example = if size == 6 {
            "00-00-5e-00-53-2a"
        } else {
            "00-00-5e-ef-10-00-00-2a"
        };
        return Err(r.bad(
            "address",
            &field,
            &format!("is not {size} hexadecimal pairs joined by dashes ({example})"),
        ));
    }
    for chunk in text.chunks(3) {
        let high = codec::hex_value(chunk[0]).unwrap_or(0);
        let low = codec::hex_value(chunk[1]).unwrap_or(0);
        r.out.push(high << 4 | low);
    }
    Ok(())
}

/// Writes EUI48 or EUI64.
pub fn write_eui(w: &mut Writer<'_, '_>, size: usize) -> Result<(), Malformed> {
    let bytes = w.d.take(size)?;
    let out = w.field();
    for (i, byte) in bytes.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
    Ok(())
}

/// Four groups of one to four hexadecimal digits joined by colons, the
/// form of the low 64 bits of an IPv6 address (RFC 6742 §2.3: NID and L64).
pub fn read_ilnp64(r: &mut Reader<'_, '_, '_>, what: &str) -> Result<(), RdataError> {
    let field = r.next(what)?;
    let mut value = [0u8; 8];
    let mut groups = 0;
    for group in field.text.split(|&b| b == b':') {
        if groups == 4 || group.is_empty() || group.len() > 4 {
            groups = 5;
            break;
        }
        let mut number: u16 = 0;
        for &digit in group {
            match codec::hex_value(digit) {
                Some(v) => number = number << 4 | u16::from(v),
                None => groups = 5,
            }
        }
        if groups == 5 {
            break;
        }
        value[groups * 2..groups * 2 + 2].copy_from_slice(&number.to_be_bytes());
        groups += 1;
    }
    if groups != 4 {
        return Err(r.bad(
            what,
            &field,
            "is not four groups of hexadecimal digits joined by colons (0:0:0:1)",
        ));
    }
    r.out.extend_from_slice(&value);
    Ok(())
}

/// Writes an ILNP 64-bit identifier.
pub fn write_ilnp64(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let bytes = w.d.take(8)?;
    let out = w.field();
    for (i, pair) in bytes.chunks(2).enumerate() {
        if i > 0 {
            out.push(':');
        }
        let _ = write!(out, "{:x}", u16::from_be_bytes([pair[0], pair[1]]));
    }
    Ok(())
}

/// The relay or gateway field of IPSECKEY and AMTRELAY, by its type: 0
/// none (`.`), 1 IPv4, 2 IPv6, 3 a name.
fn read_gateway(r: &mut Reader<'_, '_, '_>, kind: u8, what: &str) -> Result<(), RdataError> {
    match kind {
        0 => {
            let field = r.next(what)?;
            if field.text != b"." {
                return Err(r.bad(what, &field, "must be \".\" when its type is 0 (none)"));
            }
            Ok(())
        }
        1 => r.ipv4(what),
        2 => r.ipv6(what),
        _ => r.name(what),
    }
}

fn write_gateway(w: &mut Writer<'_, '_>, kind: u8) -> Result<(), Malformed> {
    match kind {
        0 => {
            w.field().push('.');
            Ok(())
        }
        1 => w.ipv4(),
        2 => w.ipv6(),
        3 => w.name(),
        _ => Err(Malformed),
    }
}

/// `precedence gateway-type algorithm gateway [public-key]` (RFC 4025 §3.1).
pub fn read_ipseckey(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("precedence")?;
    let kind = r.number("gateway type", 3)? as u8;
    r.out.push(kind);
    let algorithm = r.number("algorithm", 255)? as u8;
    r.out.push(algorithm);
    read_gateway(r, kind, "gateway")?;
    if algorithm == 0 && r.has_more() {
        return Err(RdataError::new(
            r.index,
            format!(
                "{} is given but the algorithm is 0 (no key)",
                r.label("public key")
            ),
        ));
    }
    r.base64_rest("public key", false)
}

/// Writes IPSECKEY.
pub fn write_ipseckey(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    let kind = w.u8()?;
    let algorithm = w.u8()?;
    write_gateway(w, kind)?;
    if algorithm == 0 && w.d.has_more() {
        return Err(Malformed);
    }
    w.base64_rest(true)
}

/// `precedence discovery-optional type relay` (RFC 8777 §4.3).
pub fn read_amtrelay(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("precedence")?;
    let discovery = r.number("discovery optional flag", 1)? as u8;
    let kind = r.number("relay type", 127)? as u8;
    if kind > 3 {
        return Err(r.error(format!(
            "{} {kind} is not 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name)",
            r.label("relay type")
        )));
    }
    r.out.push(discovery << 7 | kind);
    read_gateway(r, kind, "relay")
}

/// Writes AMTRELAY.
pub fn write_amtrelay(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    let byte = w.d.u8()?;
    let kind = byte & 0x7f;
    w.number(byte >> 7);
    w.number(kind);
    write_gateway(w, kind)
}

/// `pk-algorithm hit public-key rendezvous-server*` (RFC 8005 §3).
pub fn read_hip(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let algorithm = r.number("public key algorithm", 255)? as u8;
    let header = r.out.len();
    r.out.extend_from_slice(&[0, algorithm, 0, 0]);
    r.hex_field("HIT")?;
    let hit_length = r.out.len() - header - 4;
    if hit_length > 255 {
        return Err(r.error(format!(
            "{} is {hit_length} octets, the limit is 255",
            r.label("HIT")
        )));
    }
    let key_start = r.out.len();
    r.base64_field("public key")?;
    let key_length = r.out.len() - key_start;
    if key_length > 65_535 {
        return Err(r.error(format!("{} is too long", r.label("public key"))));
    }
    r.out[header] = hit_length as u8;
    r.out[header + 2..header + 4].copy_from_slice(&(key_length as u16).to_be_bytes());
    while r.has_more() {
        r.name("rendezvous server")?;
    }
    Ok(())
}

/// Writes HIP.
pub fn write_hip(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let hit_length = w.d.u8()? as usize;
    w.u8()?;
    let key_length = w.d.u16()? as usize;
    let hit = w.d.take(hit_length)?;
    let key = w.d.take(key_length)?;
    if hit.is_empty() || key.is_empty() {
        return Err(Malformed);
    }
    codec::hex_encode(hit, w.field());
    codec::base64_encode(key, w.field());
    while w.d.has_more() {
        w.name()?;
    }
    Ok(())
}

/// DSYNC scheme mnemonics (RFC 9859 §2).
const DSYNC_SCHEMES: &[(&str, u16)] = &[("NOTIFY", 1)];

/// `rrtype scheme port target` (RFC 9859 §2.1).
pub fn read_dsync(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let code = r.record_type("type")?;
    r.out.extend_from_slice(&code.to_be_bytes());
    let scheme = r.mnemonic("scheme", DSYNC_SCHEMES, 255)?;
    r.out.push(scheme as u8);
    r.u16("port")?;
    r.name("target")
}

/// Writes DSYNC.
pub fn write_dsync(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.record_type()?;
    let scheme = w.d.u8()?;
    match DSYNC_SCHEMES.iter().find(|&&(_, c)| c == u16::from(scheme)) {
        Some((name, _)) => w.field().push_str(name),
        None => w.number(scheme),
    }
    w.u16()?;
    w.name()
}

/// `flags tag value` (RFC 8659 §4.1.1): the tag is letters and digits, the
/// value the rest of the RDATA (not a `<character-string>`).
pub fn read_caa(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("flags")?;
    let field = r.next("tag")?;
    let length_at = r.out.len();
    r.out.push(0);
    r.unescape("tag", &field)?;
    let tag = &r.out[length_at + 1..];
    if tag.is_empty() || tag.len() > 255 || !tag.iter().all(u8::is_ascii_alphanumeric) {
        return Err(r.bad(
            "tag",
            &field,
            "is not 1 to 255 letters and digits (RFC 8659 §4.1)",
        ));
    }
    r.out[length_at] = tag.len() as u8;
    let value = r.next("value")?;
    r.unescape("value", &value)
}

/// Writes CAA.
pub fn write_caa(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    let tag = w.d.character_string()?;
    if tag.is_empty() || !tag.iter().all(u8::is_ascii_alphanumeric) {
        return Err(Malformed);
    }
    w.field().extend(tag.iter().map(|&b| b as char));
    let value = w.d.rest();
    let out = w.field();
    out.push('"');
    write_escaped(value, out);
    out.push('"');
    Ok(())
}

/// `priority weight target` (RFC 7553 §4.5): the target is the rest of the
/// RDATA, not a `<character-string>`.
pub fn read_uri(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u16("priority")?;
    r.u16("weight")?;
    let field = r.next("target")?;
    r.unescape("target", &field)
}

/// Writes URI.
pub fn write_uri(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u16()?;
    w.u16()?;
    let target = w.d.rest();
    let out = w.field();
    out.push('"');
    write_escaped(target, out);
    out.push('"');
    Ok(())
}

/// Whether a GPOS coordinate is `[-]digits[.digits]` (or empty, as BIND
/// allows).
fn is_real(text: &[u8]) -> bool {
    if text.is_empty() {
        return true;
    }
    let text = text.strip_prefix(b"-").unwrap_or(text);
    let mut parts = text.splitn(2, |&b| b == b'.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
        && whole.iter().all(u8::is_ascii_digit)
        && fraction.is_none_or(|f| !f.is_empty() && f.iter().all(u8::is_ascii_digit))
}

/// `longitude latitude altitude` as decimal strings (RFC 1712 §3).
pub fn read_gpos(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    for what in ["longitude", "latitude", "altitude"] {
        let start = r.out.len();
        r.character_string(what)?;
        if !is_real(&r.out[start + 1..]) {
            let text = r.out[start + 1..].to_vec();
            return Err(r.error(format!(
                "{} {} is not a decimal number",
                r.label(what),
                show(&text)
            )));
        }
    }
    Ok(())
}

/// Writes GPOS.
pub fn write_gpos(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    for _ in 0..3 {
        let text = w.d.character_string()?;
        if !is_real(text) {
            return Err(Malformed);
        }
        let out = w.field();
        out.push('"');
        write_escaped(text, out);
        out.push('"');
    }
    Ok(())
}

/// `psdn-address` of decimal digits (RFC 1183 §3.1).
pub fn read_x25(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let start = r.out.len();
    r.character_string("PSDN address")?;
    let digits = &r.out[start + 1..];
    if digits.len() < 4 || !digits.iter().all(u8::is_ascii_digit) {
        let text = digits.to_vec();
        return Err(r.error(format!(
            "{} {} is not at least 4 decimal digits",
            r.label("PSDN address"),
            show(&text)
        )));
    }
    Ok(())
}

/// Writes X25.
pub fn write_x25(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let digits = w.d.character_string()?;
    if digits.len() < 4 || !digits.iter().all(u8::is_ascii_digit) {
        return Err(Malformed);
    }
    super::common::write_character_string(digits, w.field());
    Ok(())
}

/// `isdn-address [subaddress]` (RFC 1183 §3.2).
pub fn read_isdn(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.character_string("ISDN address")?;
    if r.has_more() {
        r.character_string("subaddress")?;
    }
    Ok(())
}

/// Writes ISDN.
pub fn write_isdn(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.character_string()?;
    if w.d.has_more() {
        w.character_string()?;
    }
    Ok(())
}

/// `enterprise type location media-type data` with `-` for no data
/// (draft-durand-doa-over-dns §3).
pub fn read_doa(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u32("enterprise")?;
    r.u32("type")?;
    r.u8("location")?;
    r.character_string("media type")?;
    match r.peek() {
        Some(field) if field.text == b"-" && !field.quoted => {
            r.index += 1;
            Ok(())
        }
        _ => r.base64_rest("data", true),
    }
}

/// Writes DOA.
pub fn write_doa(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u32()?;
    w.u32()?;
    w.u8()?;
    w.character_string()?;
    if w.d.has_more() {
        w.base64_rest(false)
    } else {
        w.field().push('-');
        Ok(())
    }
}

/// `meaning coding subcoding data` (draft-eastlake-kitchen-sink).
pub fn read_sink(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    r.u8("meaning")?;
    r.u8("coding")?;
    r.u8("subcoding")?;
    r.base64_rest("data", false)
}

/// Writes SINK.
pub fn write_sink(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    w.u8()?;
    w.u8()?;
    w.u8()?;
    w.base64_rest(true)
}
