//! BIND's `$GENERATE range lhs [ttl] [class] type rhs`: one record per
//! value of the range, with `$` and `${offset,width,base}` in `lhs` and
//! `rhs` replaced by the value.

use std::fmt::Write as _;

use super::{Builder, FLAG_GENERATED};
use crate::name;
use crate::span::Span;
use crate::syntax::lexer::Lexer;
use crate::syntax::parser::show;
use crate::syntax::{Field, RawEntry};

/// The most records one `$GENERATE` may make.
pub const MAX_GENERATE: u64 = 65_536;

/// The most bytes of RDATA text one `$GENERATE` may expand to (its
/// template's length times its count): a template of a few kilobytes over
/// a full range would otherwise make gigabytes from one short line.
pub const MAX_GENERATE_TEXT: u64 = 16 << 20;

/// The most records all the `$GENERATE` lines of one zone may make
/// together, so that memory stays bounded by a multiple of the input.
pub const MAX_GENERATED_RECORDS: u64 = 1 << 24;

/// The largest value a range, an offset or a value plus its offset may
/// take: BIND computes them in a C `int`.
pub const MAX_VALUE: i64 = i32::MAX as i64;

/// A parsed `start-stop[/step]` range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// First value.
    pub start: u64,
    /// Last value (inclusive).
    pub stop: u64,
    /// Increment.
    pub step: u64,
}

/// `generate_range := number "-" number ("/" number)?`
pub fn generate_range(text: &[u8]) -> Result<Range, String> {
    use nom::Parser as _;
    use nom::bytes::complete::tag;
    use nom::character::complete::u64 as number;
    use nom::combinator::{all_consuming, opt};
    use nom::sequence::preceded;
    let parsed: nom::IResult<&[u8], (u64, u64, Option<u64>)> = all_consuming((
        number,
        preceded(tag(&b"-"[..]), number),
        opt(preceded(tag(&b"/"[..]), number)),
    ))
    .parse(text);
    let Ok((_, (start, stop, step))) = parsed else {
        return Err(format!(
            "$GENERATE range {} is not start-stop or start-stop/step",
            show(text)
        ));
    };
    let step = step.unwrap_or(1);
    if step == 0 {
        return Err("$GENERATE step is 0".into());
    }
    if stop < start {
        return Err(format!(
            "$GENERATE range {} ends before it starts",
            show(text)
        ));
    }
    let count = (stop - start) / step + 1;
    if count > MAX_GENERATE {
        return Err(format!(
            "$GENERATE range {} makes {count} records, the limit is {MAX_GENERATE}",
            show(text)
        ));
    }
    // BIND counts in a C int: neither end may pass 2^31 - 1.
    if stop > MAX_VALUE as u64 {
        return Err(format!(
            "$GENERATE range {} goes past {MAX_VALUE}",
            show(text)
        ));
    }
    Ok(Range { start, stop, step })
}

/// Replaces `$`, `$$` and `${offset[,width[,base]]}` in `template` with
/// `value`; `\` escapes pass through with the byte after them.
pub fn substitute(template: &[u8], value: u64, out: &mut Vec<u8>) -> Result<(), String> {
    out.clear();
    let mut i = 0;
    while i < template.len() {
        match template[i] {
            b'\\' => {
                out.push(b'\\');
                if let Some(&next) = template.get(i + 1) {
                    out.push(next);
                }
                i += 2;
            }
            b'$' if template.get(i + 1) == Some(&b'$') => {
                out.push(b'$');
                i += 2;
            }
            b'$' if template.get(i + 1) == Some(&b'{') => {
                let close = template[i..]
                    .iter()
                    .position(|&b| b == b'}')
                    .ok_or_else(|| format!("modifier in {} has no closing }}", show(template)))?;
                let inside = &template[i + 2..i + close];
                let modifier = generate_modifier(inside).ok_or_else(|| {
                    format!(
                        "modifier ${{{}}} is not offset,width,base",
                        String::from_utf8_lossy(inside)
                    )
                })?;
                modifier.write(value, out)?;
                i += close + 1;
            }
            b'$' => {
                out.extend_from_slice(value.to_string().as_bytes());
                i += 1;
            }
            other => {
                out.push(other);
                i += 1;
            }
        }
    }
    Ok(())
}

/// `generate_modifier := offset ("," width ("," base)?)?`, base one of
/// `d o x X n N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Modifier {
    offset: i64,
    width: usize,
    base: u8,
}

fn generate_modifier(text: &[u8]) -> Option<Modifier> {
    let text = std::str::from_utf8(text).ok()?;
    let mut parts = text.split(',');
    let offset: i64 = parts.next()?.trim().parse::<i32>().ok()?.into();
    let width: usize = match parts.next() {
        Some(w) => w.trim().parse().ok().filter(|&w| w <= 255)?,
        None => 0,
    };
    let base = match parts.next() {
        Some(b) if b.len() == 1 && "doxXnN".contains(b) => b.as_bytes()[0],
        Some(_) => return None,
        None => b'd',
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Modifier {
        offset,
        width,
        base,
    })
}

impl Modifier {
    fn write(self, value: u64, out: &mut Vec<u8>) -> Result<(), String> {
        let shifted = value as i64 + self.offset;
        if !(i64::from(i32::MIN)..=MAX_VALUE).contains(&shifted) {
            return Err(format!(
                "$GENERATE value {value} with offset {} is {shifted}, outside -2147483648..{MAX_VALUE}",
                self.offset
            ));
        }
        let width = self.width;
        let mut text = String::new();
        match self.base {
            b'o' => {
                let _ = write!(text, "{:0width$o}", shifted as u32);
            }
            b'x' => {
                let _ = write!(text, "{:0width$x}", shifted as u32);
            }
            b'X' => {
                let _ = write!(text, "{:0width$X}", shifted as u32);
            }
            b'n' | b'N' => nibbles(shifted as u32, width, self.base == b'N', &mut text),
            _ => {
                let _ = write!(text, "{shifted:0width$}");
            }
        }
        out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// The reverse-nibble form used for ip6.arpa names: least significant
/// nibble first, dot-separated; `width` counts characters, dots included.
fn nibbles(mut value: u32, mut width: usize, upper: bool, out: &mut String) {
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    loop {
        out.push(digits[(value & 0xf) as usize] as char);
        value >>= 4;
        width = width.saturating_sub(1);
        if width > 0 || value != 0 {
            out.push('.');
            width = width.saturating_sub(1);
        }
        if value == 0 && width == 0 {
            break;
        }
    }
}

impl Builder<'_> {
    /// Expands a `$GENERATE` entry into records.
    pub(super) fn generate(
        &mut self,
        file: usize,
        entry_index: u32,
        entry: &RawEntry<'_, '_>,
    ) -> bool {
        let fields = entry.fields;
        let Some(range_field) = fields.get(1) else {
            return self.error(
                file,
                fields[0].span,
                "$GENERATE needs a range, an owner, a type and RDATA",
            );
        };
        let range = match generate_range(range_field.text) {
            Ok(range) => range,
            Err(message) => return self.error(file, range_field.span, message),
        };
        if fields.len() < 3 {
            return self.error(
                file,
                range_field.span,
                "$GENERATE needs an owner, a type and RDATA after the range",
            );
        }
        // lhs [ttl] [class] type rhs reads like a record whose owner is lhs.
        let template = RawEntry {
            kind: entry.kind,
            span: entry.span,
            starts_with_blank: false,
            plain: false,
            fields: &fields[2..],
            errors: &[],
        };
        let syntax = match template.record(true) {
            Ok(syntax) => syntax,
            Err(error) => return self.error(file, error.span, error.message),
        };
        let lhs = syntax.owner.expect("a record with its own owner");
        let rhs_fields = &fields[2 + syntax.rdata_start..];
        let Some(rhs) = rhs_fields.first() else {
            return self.error(
                file,
                syntax.record_type.0.span,
                "$GENERATE has no RDATA template after the type",
            );
        };
        if let Some(extra) = rhs_fields.get(1) {
            return self.error(
                file,
                extra.span,
                "$GENERATE takes one RDATA template; quote it if it has blanks",
            );
        }
        let ttl = syntax.ttl.map(|(f, t)| (f.span, t));
        let class = syntax.class.map(|(f, c)| (f.span, c));
        // A quoted rhs is read as BIND's lexer reads a quoted string: `\"`
        // becomes `"`, every other escape stays for the RDATA reader.
        let rhs_text = if rhs.quoted {
            unescape_quotes(rhs.text)
        } else {
            rhs.text.to_vec()
        };
        let count = (range.stop - range.start) / range.step + 1;
        let text_size = count.saturating_mul(rhs_text.len() as u64 + lhs.text.len() as u64);
        if text_size > MAX_GENERATE_TEXT {
            return self.error(
                file,
                rhs.span,
                format!(
                    "$GENERATE would expand to {text_size} bytes of text ({count} records), \
                     the limit is {MAX_GENERATE_TEXT}"
                ),
            );
        }
        self.generated += count;
        if self.generated > MAX_GENERATED_RECORDS {
            return self.error(
                file,
                range_field.span,
                format!(
                    "the $GENERATE lines of this zone make more than {MAX_GENERATED_RECORDS} records"
                ),
            );
        }
        let mut owner_text = Vec::new();
        let mut rdata_text = Vec::new();
        let mut value = range.start;
        loop {
            if let Err(message) = substitute(lhs.text, value, &mut owner_text) {
                return self.error(file, lhs.span, message);
            }
            if let Err(message) = substitute(&rhs_text, value, &mut rdata_text) {
                return self.error(file, rhs.span, message);
            }
            let owner =
                match name::parse(&owner_text, self.origin.as_deref(), &mut self.name_buffer) {
                    Ok(()) => self.zone.names.add_provisional(&self.name_buffer),
                    Err(error) => {
                        return self.error(
                            file,
                            lhs.span,
                            format!("$GENERATE owner {} for {value}: {error}", show(&owner_text)),
                        );
                    }
                };
            let generated = lex_fields(&rdata_text, rhs.span);
            if !self.add_record(
                file,
                entry_index,
                (owner, lhs.span),
                ttl,
                class,
                syntax.record_type,
                &generated,
                FLAG_GENERATED,
            ) {
                return false;
            }
            self.last_owner = Some(owner);
            value += range.step;
            if value > range.stop {
                break;
            }
        }
        true
    }
}

/// `\"` to `"` in the inside of a quoted string; other `\X` pairs are kept
/// as they are (so `\\"` stays a backslash pair and a quote).
fn unescape_quotes(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match (text[i], text.get(i + 1)) {
            (b'\\', Some(b'"')) => {
                out.push(b'"');
                i += 2;
            }
            (b'\\', Some(&next)) => {
                out.extend_from_slice(&[b'\\', next]);
                i += 2;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Splits generated RDATA text into fields; every field points at the
/// template's span for error reporting.
fn lex_fields(text: &[u8], span: Span) -> Vec<Field<'_>> {
    Lexer::new(text)
        .filter_map(|token| Field::from_token(text, token))
        .map(|field| Field { span, ..field })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(template: &str, value: u64) -> String {
        let mut out = Vec::new();
        substitute(template.as_bytes(), value, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn modifiers_follow_bind() {
        assert_eq!(expand("host-$", 7), "host-7");
        assert_eq!(expand("${10,4,d}", 7), "0017");
        assert_eq!(expand("${0,2,x}", 255), "ff");
        assert_eq!(expand("${0,0,X}", 255), "FF");
        assert_eq!(expand("${0,3,o}", 8), "010");
        assert_eq!(expand("${-1}", 7), "6");
        assert_eq!(expand("$$\\$", 7), "$\\$");
        assert_eq!(expand("${0,0,n}", 0x12), "2.1");
        assert_eq!(expand("${0,7,n}", 0x12), "2.1.0.0");
        assert_eq!(expand("${0,0,N}", 0xab), "B.A");
    }

    #[test]
    fn a_quoted_rhs_loses_the_backslash_before_a_quote() {
        // BIND: `$GENERATE 1-1 q$ TXT "\"x y\""` makes q1 TXT "x y".
        assert_eq!(unescape_quotes(b"\\\"x y\\\""), b"\"x y\"");
        assert_eq!(unescape_quotes(b"a\\\\b \\$"), b"a\\\\b \\$");
        let fields = lex_fields(b"\"x y\"", Span::default());
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].text, b"x y");
    }

    #[test]
    fn ranges_are_capped() {
        assert_eq!(generate_range(b"1-10/2").unwrap().step, 2);
        assert!(
            generate_range(b"1-4000000000")
                .unwrap_err()
                .contains("limit is 65536")
        );
        assert!(generate_range(b"5-1").is_err());
        assert!(generate_range(b"1-x").is_err());
        assert!(generate_range(b"0-65535").is_ok());
        // BIND's C int: 2^31 - 1 is the last value a range may reach.
        assert!(generate_range(b"2147483647-2147483647").is_ok());
        assert!(generate_range(b"2147483648-2147483648").is_err());
    }

    #[test]
    fn offsets_stay_in_a_c_int() {
        // bind9 checkzone/zones/bad-generate-range.db: 1 + (2^31 - 1).
        let mut out = Vec::new();
        assert!(substitute(b"foo${2147483647}", 1, &mut out).is_err());
        assert_eq!(expand("foo${2147483647}", 0), "foo2147483647");
        assert_eq!(expand("${-2147483648}", 1), "-2147483647");
        assert!(substitute(b"${-2147483649}", 1, &mut out).is_err());
        // A negative value in hex is its 32-bit two's complement, as in BIND.
        assert_eq!(expand("${-10,0,x}", 5), "fffffffb");
    }
}
