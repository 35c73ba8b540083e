//! LOC (RFC 1876): location as latitude, longitude, altitude, size and
//! precisions.
//!
//! `d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [size[m] [hp[m] [vp[m]]]]`,
//! with size 1 m, horizontal precision 10 000 m and vertical precision
//! 10 m by default.

use std::fmt::Write as _;

use super::RdataError;
use super::common::{Malformed, Reader, Writer, parse_number};

/// 2^31: the equator and the prime meridian in the wire form.
const EQUATOR: i64 = 1 << 31;
/// Altitudes are counted from 100 000 m below the WGS 84 spheroid, in cm.
const ALTITUDE_BASE: i64 = 10_000_000;
/// Thousandths of an arc second in a degree.
const DEGREE: i64 = 3_600_000;

/// Reads the fields of a LOC record.
pub fn read(r: &mut Reader<'_, '_, '_>) -> Result<(), RdataError> {
    let latitude = coordinate(r, "latitude", 90, [b'N', b'S'])?;
    let longitude = coordinate(r, "longitude", 180, [b'E', b'W'])?;
    let altitude_field = r.next("altitude")?;
    let altitude = decimal(strip_meters(altitude_field.text), 2, true)
        .filter(|&cm| (-ALTITUDE_BASE..=i64::from(u32::MAX) - ALTITUDE_BASE).contains(&cm))
        .ok_or_else(|| {
            r.bad(
                "altitude",
                &altitude_field,
                "is not a height in meters from -100000.00 to 42849672.95",
            )
        })?;
    let mut precisions = [0x12u8, 0x16, 0x13];
    for (slot, what) in
        precisions
            .iter_mut()
            .zip(["size", "horizontal precision", "vertical precision"])
    {
        if !r.has_more() {
            break;
        }
        let field = r.next(what)?;
        let cm = decimal(strip_meters(field.text), 2, false)
            .filter(|&cm| cm <= 9_000_000_000)
            .ok_or_else(|| {
                r.bad(
                    what,
                    &field,
                    "is not a length in meters from 0 to 90000000.00",
                )
            })?;
        *slot = precision_byte(cm as u64);
    }
    r.out.push(0);
    r.out.extend_from_slice(&precisions);
    r.out
        .extend_from_slice(&((EQUATOR + latitude) as u32).to_be_bytes());
    r.out
        .extend_from_slice(&((EQUATOR + longitude) as u32).to_be_bytes());
    r.out
        .extend_from_slice(&((altitude + ALTITUDE_BASE) as u32).to_be_bytes());
    Ok(())
}

/// Reads `d [m [s]] H` and returns thousandths of an arc second, negative
/// for the second hemisphere letter.
fn coordinate(
    r: &mut Reader<'_, '_, '_>,
    what: &str,
    max_degrees: i64,
    hemispheres: [u8; 2],
) -> Result<i64, RdataError> {
    let first_field = r.index;
    let degrees_what = format!("{what} degrees");
    let degrees = r.number(&degrees_what, max_degrees as u64)? as i64;
    let mut value = degrees * DEGREE;
    let hemisphere_text = format!(
        "is not {} or {}",
        hemispheres[0] as char, hemispheres[1] as char
    );
    for step in 0..3 {
        let label = match step {
            0 => format!("{what} minutes or hemisphere"),
            1 => format!("{what} seconds or hemisphere"),
            _ => format!("{what} hemisphere"),
        };
        let field = r.next(&label)?;
        if let [letter] = field.text {
            let letter = letter.to_ascii_uppercase();
            if letter == hemispheres[0] || letter == hemispheres[1] {
                if value > max_degrees * DEGREE {
                    return Err(r.error(format!(
                        "{} {} is more than {max_degrees} degrees",
                        r.label(what),
                        r.shown_fields(first_field, r.index)
                    )));
                }
                return Ok(if letter == hemispheres[0] {
                    value
                } else {
                    -value
                });
            }
        }
        match step {
            0 => {
                let minutes = parse_number(field.text)
                    .filter(|&m| m <= 59)
                    .ok_or_else(|| r.bad(&label, &field, "is not minutes (0-59) or N/S/E/W"))?;
                value += minutes as i64 * 60_000;
            }
            1 => {
                let seconds = decimal(field.text, 3, false)
                    .filter(|&s| s <= 59_999)
                    .ok_or_else(|| r.bad(&label, &field, "is not seconds (0-59.999) or N/S/E/W"))?;
                value += seconds;
            }
            _ => return Err(r.bad(&label, &field, &hemisphere_text)),
        }
    }
    unreachable!("the third step returns")
}

fn strip_meters(text: &[u8]) -> &[u8] {
    text.strip_suffix(b"m").unwrap_or(text)
}

/// Parses `[-]digits[.digits]` with at most `scale` decimals, scaled by
/// 10^scale.
fn decimal(text: &[u8], scale: u32, allow_negative: bool) -> Option<i64> {
    let (negative, text) = match text.strip_prefix(b"-") {
        Some(rest) if allow_negative => (true, rest),
        Some(_) => return None,
        None => (false, text),
    };
    let (whole, fraction) = match text.iter().position(|&b| b == b'.') {
        Some(dot) => (&text[..dot], &text[dot + 1..]),
        None => (text, &b""[..]),
    };
    if fraction.len() > scale as usize
        || (fraction.is_empty() && text.ends_with(b"."))
        || whole.len() > 12
    {
        return None;
    }
    let whole = parse_number(whole)? as i64;
    let mut value = whole * 10_i64.pow(scale);
    if !fraction.is_empty() {
        let digits = parse_number(fraction)? as i64;
        value += digits * 10_i64.pow(scale - fraction.len() as u32);
    }
    Some(if negative { -value } else { value })
}

/// The RFC 1876 mantissa/exponent octet of a length in cm (the mantissa is
/// the leading digit: 12 m is stored as 10 m, as RFC 1876's code does).
fn precision_byte(cm: u64) -> u8 {
    let mut exponent = 0;
    let mut mantissa = cm;
    while mantissa > 9 {
        mantissa /= 10;
        exponent += 1;
    }
    (mantissa as u8) << 4 | exponent
}

/// Writes a LOC RDATA; `Err` for versions other than 0 and values the
/// text form cannot give back.
pub fn write(w: &mut Writer<'_, '_>) -> Result<(), Malformed> {
    if w.d.u8()? != 0 {
        return Err(Malformed);
    }
    let mut precisions = [0u64; 3];
    for slot in &mut precisions {
        let byte = w.d.u8()?;
        let (mantissa, exponent) = (byte >> 4, byte & 15);
        if mantissa > 9 || exponent > 9 || (mantissa == 0 && exponent != 0) {
            return Err(Malformed);
        }
        *slot = u64::from(mantissa) * 10u64.pow(u32::from(exponent));
    }
    let latitude = i64::from(w.d.u32()?) - EQUATOR;
    let longitude = i64::from(w.d.u32()?) - EQUATOR;
    let altitude = i64::from(w.d.u32()?) - ALTITUDE_BASE;
    if latitude.abs() > 90 * DEGREE || longitude.abs() > 180 * DEGREE {
        return Err(Malformed);
    }
    write_coordinate(latitude, [b'N', b'S'], w.field());
    write_coordinate(longitude, [b'E', b'W'], w.field());
    write_centimeters(altitude, w.field());
    for cm in precisions {
        // Whole meters without decimals, as BIND writes them.
        if cm % 100 == 0 {
            let _ = write!(w.field(), "{}m", cm / 100);
        } else {
            write_centimeters(cm as i64, w.field());
        }
    }
    Ok(())
}

fn write_coordinate(value: i64, hemispheres: [u8; 2], out: &mut String) {
    let hemisphere = if value < 0 {
        hemispheres[1]
    } else {
        hemispheres[0]
    };
    let value = value.abs();
    let _ = write!(
        out,
        "{} {} {}.{:03} {}",
        value / DEGREE,
        value / 60_000 % 60,
        value / 1000 % 60,
        value % 1000,
        hemisphere as char
    );
}

fn write_centimeters(cm: i64, out: &mut String) {
    let sign = if cm < 0 { "-" } else { "" };
    let cm = cm.abs();
    let _ = write!(out, "{sign}{}.{:02}m", cm / 100, cm % 100);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_precisions() {
        assert_eq!(decimal(b"59.999", 3, false), Some(59_999));
        assert_eq!(decimal(b"0.1", 3, false), Some(100));
        assert_eq!(decimal(b"-100000.00", 2, true), Some(-10_000_000));
        assert_eq!(decimal(b"1.", 2, false), None);
        assert_eq!(decimal(b"1.234", 2, false), None);
        assert_eq!(precision_byte(100), 0x12);
        assert_eq!(precision_byte(1_000_000), 0x16);
        assert_eq!(precision_byte(0), 0);
        assert_eq!(precision_byte(9_000_000_000), 0x99);
        assert_eq!(precision_byte(1200), 0x13);
    }
}
