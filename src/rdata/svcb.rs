//! SVCB and HTTPS (RFC 9460): `SvcPriority TargetName SvcParam*`, with
//! `key=value` parameters. Values are decoded as a `<character-string>`
//! first; list values (`alpn`, `mandatory`, hints) are then split at
//! commas, where `alpn` items may hold `\,` and `\\` (RFC 9460 Appendix A).
//! The wire form has the parameters sorted by key, each at most once.

use std::fmt::Write as _;

use super::RdataError;
use super::codec;
use super::common::{
    Malformed, Reader, Writer, parse_ipv4, parse_ipv6, parse_number, unescape_into, write_escaped,
};
use crate::syntax::Field;
use crate::syntax::parser::show;

/// The SvcParamKeys with names (IANA "Service Parameter Keys").
const KEYS: &[(&str, u16)] = &[
    ("mandatory", 0),
    ("alpn", 1),
    ("no-default-alpn", 2),
    ("port", 3),
    ("ipv4hint", 4),
    ("ech", 5),
    ("ipv6hint", 6),
    ("dohpath", 7),
    ("ohttp", 8),
];

const MANDATORY: u16 = 0;
const ALPN: u16 = 1;
const NO_DEFAULT_ALPN: u16 = 2;
const PORT: u16 = 3;
const IPV4HINT: u16 = 4;
const ECH: u16 = 5;
const IPV6HINT: u16 = 6;
const DOHPATH: u16 = 7;
const OHTTP: u16 = 8;

/// A key by name (`alpn`, case-sensitive) or as `keyNNNNN`.
fn key_code(text: &[u8]) -> Option<u16> {
    if let Some(&(_, code)) = KEYS.iter().find(|(name, _)| name.as_bytes() == text) {
        return Some(code);
    }
    let digits = text.strip_prefix(b"key")?;
    if digits.len() > 1 && digits[0] == b'0' {
        return None;
    }
    parse_number(digits).and_then(|n| u16::try_from(n).ok())
}

/// Writes the presentation name of a key.
fn write_key(code: u16, out: &mut String) {
    match KEYS.iter().find(|&&(_, c)| c == code) {
        Some((name, _)) => out.push_str(name),
        None => {
            let _ = write!(out, "key{code}");
        }
    }
}

/// One parameter as read: its key, where its bytes are in `out`, and the
/// field it came from.
struct Param {
    key: u16,
    /// Written by name (`mandatory=`), not as `keyNNNNN`.
    named: bool,
    start: usize,
    end: usize,
    field: usize,
}

/// Reads the fields of an SVCB or HTTPS record.
pub fn read(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let priority = r.number("priority", 65_535)?;
    r.out.extend_from_slice(&(priority as u16).to_be_bytes());
    r.name("target name")?;
    let params_start = r.out.len();
    let mut params: Vec<Param> = Vec::new();
    let mut value = Vec::new();
    while r.has_more() {
        let field_index = r.index;
        let field = r.next("SvcParam")?;
        if field.quoted {
            return Err(r.bad(
                "SvcParam",
                &field,
                "is quoted; write key=value or key=\"value\"",
            ));
        }
        let (key_text, value_text) = match field.text.iter().position(|&b| b == b'=') {
            None => (field.text, None),
            Some(equals) => {
                let rest = &field.text[equals + 1..];
                let joined = match r.peek() {
                    Some(next)
                        if rest.is_empty() && next.quoted && next.span.start == field.span.end =>
                    {
                        r.index += 1;
                        next.text
                    }
                    _ => rest,
                };
                (&field.text[..equals], Some(joined))
            }
        };
        let key = key_code(key_text).ok_or_else(|| {
            r.bad(
                "SvcParam key",
                &Field {
                    text: key_text,
                    ..field
                },
                "is not a known key or keyNNNNN (keys are lower case)",
            )
        })?;
        let start = r.out.len();
        r.out.extend_from_slice(&key.to_be_bytes());
        r.out.extend_from_slice(&[0, 0]);
        value.clear();
        if let Some(text) = value_text {
            unescape_into(text, &mut value).map_err(|bad| {
                RdataError::new(
                    field_index,
                    format!(
                        "{} {}: bad escape {}",
                        r.label("SvcParam"),
                        show(field.text),
                        show(&bad)
                    ),
                )
            })?;
        }
        let record_type = r.record_type;
        let problem = |message: &str| {
            let mut name = String::new();
            write_key(key, &mut name);
            RdataError::new(
                field_index,
                format!(
                    "{} SvcParam {name} {message}",
                    crate::rrtype::type_name(record_type)
                ),
            )
        };
        let has_value = value_text.is_some();
        // RFC 9460 §2.1: a value written as keyNNNNN is its wire form,
        // whatever the key.
        let named = !key_text.starts_with(b"key");
        match key {
            _ if !named => r.out.extend_from_slice(&value),
            NO_DEFAULT_ALPN | OHTTP => {
                if has_value {
                    return Err(problem("takes no value"));
                }
            }
            _ if !has_value && key <= DOHPATH => return Err(problem("needs a value")),
            _ if value.is_empty() && key <= DOHPATH => {
                return Err(problem("has an empty value"));
            }
            MANDATORY => {
                let mut keys = Vec::new();
                for item in value.split(|&b| b == b',') {
                    let code = match key_code(item) {
                        Some(code) if !item.is_empty() => code,
                        _ => {
                            return Err(problem(&format!(
                                "lists {}, which is not a key",
                                show(item)
                            )));
                        }
                    };
                    if code == MANDATORY {
                        return Err(problem("cannot list mandatory itself"));
                    }
                    keys.push(code);
                }
                keys.sort_unstable();
                if keys.windows(2).any(|pair| pair[0] == pair[1]) {
                    return Err(problem("lists a key twice"));
                }
                for code in keys {
                    r.out.extend_from_slice(&code.to_be_bytes());
                }
            }
            ALPN => read_alpn(&value, r.out).map_err(&problem)?,
            PORT => {
                let port = parse_number(&value)
                    .filter(|&p| p <= 65_535)
                    .ok_or_else(|| problem(&format!("{} is not a port number", show(&value))))?;
                r.out.extend_from_slice(&(port as u16).to_be_bytes());
            }
            IPV4HINT | IPV6HINT => {
                for item in value.split(|&b| b == b',') {
                    if key == IPV4HINT {
                        let address = parse_ipv4(item).ok_or_else(|| {
                            problem(&format!("{} is not an IPv4 address", show(item)))
                        })?;
                        r.out.extend_from_slice(&address);
                    } else {
                        let address = parse_ipv6(item).ok_or_else(|| {
                            problem(&format!("{} is not an IPv6 address", show(item)))
                        })?;
                        r.out.extend_from_slice(&address);
                    }
                }
            }
            ECH => codec::base64_decode(&value, r.out)
                .map_err(|message| problem(&format!("{} {message}", show(&value))))?,
            _ => r.out.extend_from_slice(&value),
        }
        let length = r.out.len() - start - 4;
        if length > 65_535 {
            return Err(problem("is longer than 65535 octets"));
        }
        r.out[start + 2..start + 4].copy_from_slice(&(length as u16).to_be_bytes());
        params.push(Param {
            key,
            named,
            start,
            end: r.out.len(),
            field: field_index,
        });
    }
    if params.is_empty() {
        return Ok(());
    }
    if priority == 0 {
        return Err(RdataError::new(
            params[0].field,
            format!(
                "{} is 0 (AliasMode), which takes no SvcParams (RFC 9460 §2.4.2)",
                r.label("priority")
            ),
        ));
    }
    params.sort_by_key(|p| (p.key, p.field));
    if let Some(pair) = params.windows(2).find(|pair| pair[0].key == pair[1].key) {
        let mut name = String::new();
        write_key(pair[1].key, &mut name);
        return Err(RdataError::new(
            pair[1].field,
            format!("{} {name} appears twice", r.label("SvcParam")),
        ));
    }
    if let Some(mandatory) = params.iter().find(|p| p.key == MANDATORY && p.named) {
        let listed = &r.out[mandatory.start + 4..mandatory.end];
        for pair in listed.chunks_exact(2) {
            let code = u16::from_be_bytes([pair[0], pair[1]]);
            if params.binary_search_by_key(&code, |p| p.key).is_err() {
                let mut name = String::new();
                write_key(code, &mut name);
                return Err(RdataError::new(
                    mandatory.field,
                    format!(
                        "{} lists {name}, but the record has no such SvcParam",
                        r.label("mandatory")
                    ),
                ));
            }
        }
    }
    let unsorted = r.out[params_start..].to_vec();
    r.out.truncate(params_start);
    for param in &params {
        r.out
            .extend_from_slice(&unsorted[param.start - params_start..param.end - params_start]);
    }
    Ok(())
}

/// Splits a decoded `alpn` value at unescaped commas into length-prefixed
/// protocol IDs.
fn read_alpn(value: &[u8], out: &mut Vec<u8>) -> Result<(), &'static str> {
    let mut length_at = out.len();
    out.push(0);
    let mut i = 0;
    loop {
        let byte = value.get(i).copied();
        match byte {
            None | Some(b',') => {
                let length = out.len() - length_at - 1;
                if length == 0 {
                    return Err("has an empty protocol ID");
                }
                if length > 255 {
                    return Err("has a protocol ID over 255 octets");
                }
                out[length_at] = length as u8;
                if byte.is_none() {
                    return Ok(());
                }
                length_at = out.len();
                out.push(0);
            }
            Some(b'\\') => match value.get(i + 1) {
                Some(&escaped @ (b',' | b'\\')) => {
                    out.push(escaped);
                    i += 1;
                }
                _ => return Err("has a backslash that escapes neither \",\" nor \"\\\""),
            },
            Some(other) => out.push(other),
        }
        i += 1;
    }
}

/// Writes an SVCB or HTTPS RDATA. A value its key's named form cannot
/// hold (an empty `dohpath` read from `key7`, a `mandatory` naming an
/// absent key) is written as `keyNNNNN`, which reads back as raw bytes.
pub fn write(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    let priority = w.u16()?;
    w.name()?;
    // First the keys, to check their order and what mandatory may list.
    let params = w.d.remaining();
    let mut keys = Vec::new();
    let mut d = super::common::Decoder::new(params);
    while d.has_more() {
        let key = d.u16()?;
        if keys.last().is_some_and(|&last| key <= last) {
            return Err(Malformed);
        }
        keys.push(key);
        let length = d.u16()? as usize;
        d.take(length)?;
    }
    if priority == 0 && !keys.is_empty() {
        return Err(Malformed);
    }
    while w.d.has_more() {
        let key = w.d.u16()?;
        let length = w.d.u16()? as usize;
        let value = w.d.take(length)?;
        let out = w.field();
        let start = out.len();
        let listed_present = key != MANDATORY
            || value
                .chunks_exact(2)
                .all(|pair| keys.contains(&u16::from_be_bytes([pair[0], pair[1]])));
        if !listed_present || write_named(key, value, out).is_err() {
            out.truncate(start);
            let _ = write!(out, "key{key}");
            if !value.is_empty() {
                out.push_str("=\"");
                write_escaped(value, out);
                out.push('"');
            }
        }
    }
    Ok(())
}

/// Writes one parameter in its named form; `Err` if the value does not
/// fit that form.
fn write_named(key: u16, value: &[u8], out: &mut String) -> Result<(), Malformed> {
    write_key(key, out);
    match key {
        MANDATORY => {
            if value.is_empty() || value.len() % 2 != 0 {
                return Err(Malformed);
            }
            out.push('=');
            let mut previous = None;
            for (i, pair) in value.chunks(2).enumerate() {
                let code = u16::from_be_bytes([pair[0], pair[1]]);
                if code == MANDATORY || previous.is_some_and(|p| code <= p) {
                    return Err(Malformed);
                }
                previous = Some(code);
                if i > 0 {
                    out.push(',');
                }
                write_key(code, out);
            }
        }
        ALPN => {
            if value.is_empty() {
                return Err(Malformed);
            }
            out.push_str("=\"");
            let mut d = super::common::Decoder::new(value);
            let mut first = true;
            while d.has_more() {
                let id = d.character_string()?;
                if id.is_empty() {
                    return Err(Malformed);
                }
                if !first {
                    out.push(',');
                }
                first = false;
                for &byte in id {
                    match byte {
                        b',' => out.push_str("\\\\,"),
                        b'\\' => out.push_str("\\\\\\\\"),
                        _ => write_escaped(&[byte], out),
                    }
                }
            }
            out.push('"');
        }
        NO_DEFAULT_ALPN | OHTTP => {
            if !value.is_empty() {
                return Err(Malformed);
            }
        }
        PORT => {
            let port: [u8; 2] = value.try_into().map_err(|_| Malformed)?;
            let _ = write!(out, "={}", u16::from_be_bytes(port));
        }
        IPV4HINT => {
            if value.is_empty() || value.len() % 4 != 0 {
                return Err(Malformed);
            }
            for (i, b) in value.chunks(4).enumerate() {
                out.push(if i == 0 { '=' } else { ',' });
                let _ = write!(out, "{}", std::net::Ipv4Addr::new(b[0], b[1], b[2], b[3]));
            }
        }
        ECH => {
            if value.is_empty() {
                return Err(Malformed);
            }
            out.push('=');
            codec::base64_encode(value, out);
        }
        IPV6HINT => {
            if value.is_empty() || value.len() % 16 != 0 {
                return Err(Malformed);
            }
            for (i, b) in value.chunks(16).enumerate() {
                out.push(if i == 0 { '=' } else { ',' });
                let octets: [u8; 16] = b.try_into().map_err(|_| Malformed)?;
                let _ = write!(out, "{}", std::net::Ipv6Addr::from(octets));
            }
        }
        _ => {
            if key == DOHPATH && value.is_empty() {
                return Err(Malformed);
            }
            if !value.is_empty() {
                out.push_str("=\"");
                write_escaped(value, out);
                out.push('"');
            }
        }
    }
    Ok(())
}
