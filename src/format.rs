//! `zonelint format`: the canonical layout of a zone file (DESIGN §6),
//! written from the syntax tree (the entries and their tokens), so that
//! every comment and every word the author wrote is kept.
//!
//! The layout, in the order the decisions are made:
//!
//! - **Sections.** `$ORIGIN`, `$TTL`, `$INCLUDE`, `$GENERATE` and `$DATE`
//!   lines stay where they are and no record moves past one: they change
//!   what the records after them mean (an `$INCLUDE`d file may set `$TTL`,
//!   a `$GENERATE` line may inherit the last TTL). The run of `$ORIGIN` and
//!   `$TTL` lines before the first record is the exception: it is written
//!   first, `$ORIGIN` before `$TTL`. Each run of records between two
//!   directives is a *section*, laid out on its own.
//! - **Order inside a section.** Records are grouped by owner, owners in
//!   the order the author first used them (`--sort`: RFC 4034 §6.1
//!   canonical order). The apex comes first: SOA, then NS, then the rest.
//!   A delegation is one block: its NS, its DS, its other records, then its
//!   glue, the A/AAAA records at or below it whose owner one of its NS
//!   records names, wherever they were in the section.
//! - **Comments.** A comment at the end of a record's line stays at the
//!   end of that record's line; comment-only lines move with the record
//!   below them. Comments at the top of the file, down to the last blank
//!   line before the first record (all of them when the file starts with a
//!   directive), stay at the top. A blank-line group becomes one blank line.
//! - **Columns.** Owner, TTL, class, type, RDATA, aligned with widths
//!   computed per file. The owner column is rounded up to a multiple of 8 so
//!   that a slightly longer new name rarely moves every line; an owner over
//!   40 characters does not widen it (one space follows it). A column that
//!   no record uses is left out.
//! - **Owners** are written relative to the origin in force, `@` for the
//!   origin itself, blank when the line before (with no blank line between)
//!   has the same owner. An absolute SOA owner is kept as written when no
//!   `$ORIGIN` comes before the first record: it may be what tells the origin.
//! - **TTL** is written only where it differs from the `$TTL` in force.
//!   Where no `$TTL` is in force, every record gets its TTL written: without
//!   `$TTL` a record inherits the TTL of the record above it (or BIND's SOA
//!   minimum), so a record that moves would change TTL. A section without
//!   `$TTL` that an `$INCLUDE` or `$GENERATE` line follows keeps its order
//!   and TTLs exactly: what those lines inherit depends on both.
//! - **Class** is written on every record when the file names it on any,
//!   else on none. Type and class are upper case, in their canonical
//!   mnemonic (`TYPE65280` for a type without one).
//! - **RDATA** keeps the author's words. A record written on one line stays
//!   on one line (parentheses dropped); one written across lines keeps its
//!   line breaks, each line indented to the RDATA column. The SOA is always
//!   written across lines, one timer a line with a comment naming it
//!   (the author's comment on a timer's line is kept instead). A TXT string
//!   over 255 octets is split into strings of 255 octets, which is how it
//!   reads anyway. `$INCLUDE` and `$GENERATE` lines are kept as written.
//! - **Line endings** follow the file's first line ending (CRLF stays CRLF);
//!   the text always ends with a line ending.
//!
//! [`format_zone`] checks its own output before returning it: the text
//! must read back with no syntax error and the same records.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::compare;
use crate::name;
use crate::rrtype;
use crate::span::Span;
use crate::syntax::{self, Directive, EntryKind, Parser, TokenKind};
use crate::zone::{self, FLAG_GENERATED, FLAG_IMPLICIT_TTL, LoadOptions, Zone, queries};

//------------ Public interface ---------------------------------------------

/// How to format.
#[derive(Clone, Debug, Default)]
pub struct FormatOptions {
    /// Order owners canonically (RFC 4034 §6.1) instead of the author's order.
    pub sort: bool,
    /// A new SOA serial to write (see [`bump_serial`]).
    pub serial: Option<u32>,
}

/// Why a zone was not formatted.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The zone has syntax findings; a file with syntax errors is never
    /// rewritten.
    #[error("the file has syntax errors; it is left as it is")]
    Syntax,
    /// The formatted text would not read back as the same records: a bug
    /// in the formatter, caught before anything is written.
    #[error("internal error: the formatted text {0}; the file is left as it is")]
    Unverified(String),
}

/// Formats the zone file of `zone` (its file 0) and checks the result: it
/// must read back, with `options` (how `zone` was read), with no syntax
/// error, the same origin and the same records (with the new serial, if
/// `format.serial` is set).
pub fn format_zone(
    zone: &Zone,
    options: &LoadOptions,
    format: &FormatOptions,
) -> Result<Vec<u8>, FormatError> {
    let text = layout(zone, format)?;
    verify(zone, options, &text, format.serial)?;
    Ok(text)
}

/// A file formatted by [`format_file`].
#[derive(Clone, Debug)]
pub struct Formatted {
    /// The formatted text.
    pub text: Vec<u8>,
    /// Whether it differs from the file's text.
    pub changed: bool,
    /// The new SOA serial written, with `--bump-serial`.
    pub serial: Option<u32>,
}

/// Formats the zone file of `zone` as [`format_zone`] does; with
/// `bump_serial_today` (today's date as `YYYYMMDD`), a file whose text
/// changes also gets a new SOA serial ([`bump_serial`]). An SOA written in
/// the generic form `\# length hex` keeps its serial.
pub fn format_file(
    zone: &Zone,
    options: &LoadOptions,
    format: &FormatOptions,
    bump_serial_today: Option<u32>,
) -> Result<Formatted, FormatError> {
    let text = format_zone(zone, options, format)?;
    let changed = text != zone.files[0].text;
    let serial = soa_serial(zone).filter(|_| !apex_soa_is_generic(zone));
    if let (true, Some(today), Some(serial)) = (changed, bump_serial_today, serial) {
        let serial = bump_serial(serial, today);
        let bumped = FormatOptions {
            serial: Some(serial),
            ..format.clone()
        };
        return Ok(Formatted {
            text: format_zone(zone, options, &bumped)?,
            changed,
            serial: Some(serial),
        });
    }
    Ok(Formatted {
        text,
        changed,
        serial: None,
    })
}

/// Writes the formatted text of `zone`'s file over it (DESIGN §7): into a
/// temporary file beside it, read back and checked to hold the records of
/// `zone` (with `serial`, if set), then renamed over the file, keeping its
/// permissions. A symbolic link is followed: the file it points at gets
/// the text. On any failure the file is left byte for byte as it was.
pub fn write_formatted(
    zone: &Zone,
    options: &LoadOptions,
    text: &[u8],
    serial: Option<u32>,
) -> Result<(), String> {
    let path = &zone.files[0].path;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    crate::write::write_checked(&target, &zone.files[0].text, text, |back| {
        verify(zone, options, back, serial).is_ok()
    })
    .map_err(|error| error.to_string())
}

/// The new serial for `--bump-serial`: a `YYYYMMDDnn` serial moves to
/// `today` (a `YYYYMMDD` number) with `nn` = 00, or to `nn` + 1 when it is
/// already today's (or later); any other serial grows by one. The result
/// is always greater than `serial` in RFC 1982 arithmetic; when the date
/// form cannot be, the serial grows by one.
pub fn bump_serial(serial: u32, today: u32) -> u32 {
    let plus_one = serial.wrapping_add(1);
    if !is_date_serial(serial) {
        return plus_one;
    }
    let candidate = u64::from(today) * 100;
    let next = if u64::from(serial / 100) < u64::from(today) && candidate <= u64::from(u32::MAX) {
        candidate as u32
    } else {
        plus_one
    };
    if queries::serial_increased(serial, next) {
        next
    } else {
        plus_one
    }
}

/// Today's date in UTC as `YYYYMMDD`.
pub fn today() -> u32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_date((seconds / 86_400) as i64);
    (year as u32) * 10_000 + month * 100 + day
}

/// The serial of the zone's SOA (the first SOA at the apex written in the
/// zone file itself), if there is one.
pub fn soa_serial(zone: &Zone) -> Option<u32> {
    let record = apex_soa(zone)?;
    soa_serial_offset(zone.rdata(record)).map(|at| {
        let data = zone.rdata(record);
        u32::from_be_bytes([data[at], data[at + 1], data[at + 2], data[at + 3]])
    })
}

/// RFC 4034 §6.1 canonical order of two wire names: label by label from
/// the right, each compared as lower-case octets, a missing label first.
pub fn canonical_order(a: &[u8], b: &[u8]) -> Ordering {
    let left: Vec<&[u8]> = name::labels(a).collect();
    let right: Vec<&[u8]> = name::labels(b).collect();
    for (x, y) in left.iter().rev().zip(right.iter().rev()) {
        let order = x
            .iter()
            .map(u8::to_ascii_lowercase)
            .cmp(y.iter().map(u8::to_ascii_lowercase));
        if order != Ordering::Equal {
            return order;
        }
    }
    left.len().cmp(&right.len())
}

/// A unified diff of a file's text before and after, for `--diff`;
/// coloured (removed red, added green, hunk headers cyan) when `color`.
pub fn unified_diff(name: &str, old: &[u8], new: &[u8], color: bool) -> String {
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    // Patience with a deadline: Myers is quadratic on a large zone with
    // thousands of scattered changes.
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Patience)
        .timeout(std::time::Duration::from_secs(5))
        .diff_lines(old.as_ref(), new.as_ref());
    let text = diff.unified_diff().header(name, name).to_string();
    if !color {
        return text;
    }
    let mut painted = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let code = if line.starts_with("+++") || line.starts_with("---") {
            "1"
        } else if line.starts_with("@@") {
            "36"
        } else if line.starts_with('+') {
            "32"
        } else if line.starts_with('-') {
            "31"
        } else {
            ""
        };
        if code.is_empty() {
            painted.push_str(line);
        } else {
            let body = line.trim_end_matches(['\n', '\r']);
            painted.push_str(&format!("\x1b[{code}m{body}\x1b[0m"));
            painted.push_str(&line[body.len()..]);
        }
    }
    painted
}

/// The line that ends a `format` run: what changed (or would, with
/// `--check` and `--diff`), what was already formatted, what could not be.
pub fn summary(changed: usize, unchanged: usize, not_formatted: usize, dry_run: bool) -> String {
    let files = |n: usize| {
        if n == 1 {
            "1 file".to_string()
        } else {
            format!("{n} files")
        }
    };
    let mut parts = vec![format!(
        "{} {}",
        files(changed),
        if dry_run {
            "would be reformatted"
        } else {
            "reformatted"
        }
    )];
    parts.push(format!("{} already formatted", files(unchanged)));
    if not_formatted > 0 {
        parts.push(format!(
            "{} not formatted (syntax errors)",
            files(not_formatted)
        ));
    }
    parts.join(", ")
}

//------------ Checking the result ------------------------------------------

/// Reads `text` back as a fresh run would and compares it with `zone`.
fn verify(
    zone: &Zone,
    options: &LoadOptions,
    text: &[u8],
    serial: Option<u32>,
) -> Result<(), FormatError> {
    let path = zone.files[0].path.clone();
    let after = zone::load_source(path, text.to_vec(), options);
    if let Some(finding) = after.findings.first() {
        return Err(FormatError::Unverified(format!(
            "has a syntax error ({})",
            finding.message
        )));
    }
    if after.origin != zone.origin {
        return Err(FormatError::Unverified(
            "would give the zone another origin".into(),
        ));
    }
    // With a new serial, the apex SOA is compared with that serial.
    let mut soa = Vec::new();
    let mut before = compare::Side::of(zone);
    if let Some(serial) = serial {
        let found = apex_soa(zone).and_then(|record| {
            let index = zone.records.iter().position(|r| std::ptr::eq(r, record))?;
            soa = zone.rdata(record).to_vec();
            let at = soa_serial_offset(&soa)?;
            soa[at..at + 4].copy_from_slice(&serial.to_be_bytes());
            Some(index)
        });
        if let Some(index) = found {
            before.replaced = Some((index, &soa));
        }
    }
    if !compare::same_records(before, compare::Side::of(&after)) {
        return Err(FormatError::Unverified(
            "would not hold the same records".into(),
        ));
    }
    Ok(())
}

/// The first SOA record at the apex that the zone file itself holds.
fn apex_soa(zone: &Zone) -> Option<&zone::Record> {
    let origin = zone.origin.as_deref()?;
    zone.records.iter().find(|r| {
        r.record_type == TYPE_SOA
            && r.file == 0
            && r.flags & FLAG_GENERATED == 0
            && name::eq_ignore_case(zone.owner(r), origin)
    })
}

/// Whether the zone's SOA is written in the generic form `\# length hex`.
fn apex_soa_is_generic(zone: &Zone) -> bool {
    let Some(record) = apex_soa(zone) else {
        return false;
    };
    let file = &zone.files[0];
    let entry = file.entries.at(record.entry as usize);
    // An entry reads the same on its own.
    let mut parser = Parser::new(&file.text[entry.span.range()]);
    parser.next_entry().is_some_and(|raw| {
        raw.record(true).is_ok_and(|syntax| {
            raw.fields
                .get(syntax.rdata_start)
                .is_some_and(|f| !f.quoted && f.text == b"\\#")
        })
    })
}

/// Where the serial is in SOA RDATA: after the two names.
fn soa_serial_offset(rdata: &[u8]) -> Option<usize> {
    let first = crate::rdata::wire_name_length(rdata)?;
    let second = crate::rdata::wire_name_length(rdata.get(first..)?)?;
    let at = first + second;
    (rdata.len() >= at + 20).then_some(at)
}

//------------ Serials and dates --------------------------------------------

/// Whether `serial` reads as `YYYYMMDDnn` with a plausible date.
fn is_date_serial(serial: u32) -> bool {
    let date = serial / 100;
    let (year, month, day) = (date / 10_000, date / 100 % 100, date % 100);
    (1970..=2399).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_date(days: i64) -> (i64, u32, u32) {
    // H. Hinnant's days-to-civil algorithm, in 400-year eras.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

//------------ The syntax tree, read for layout ------------------------------

const TYPE_NS: u16 = 2;
const TYPE_SOA: u16 = 6;
const TYPE_A: u16 = 1;
const TYPE_AAAA: u16 = 28;
const TYPE_DS: u16 = 43;

/// Types whose RDATA is a list of `<character-string>`s that reads a
/// string over 255 octets as several (TXT, SPF, NINFO, AVC, RESINFO,
/// WALLET): splitting it in the text gives the same RDATA.
const STRING_LIST_TYPES: &[u16] = &[16, 99, 56, 258, 261, 262];

/// The longest owner that widens the owner column.
const MAX_OWNER_WIDTH: usize = 40;

/// Timer names of the SOA, in RDATA order after the two names.
const SOA_TIMERS: [&str; 5] = ["serial", "refresh", "retry", "expire", "minimum"];

/// A line that is not an entry of its own: kept above the item it precedes.
#[derive(Clone, Copy, Debug)]
enum Leading {
    /// An empty line.
    Blank,
    /// A comment-only line (the comment's span).
    Comment(Span),
}

/// One piece of a record's RDATA as written.
#[derive(Clone, Copy, Debug)]
enum Piece {
    /// A word or quoted string (quotes included).
    Field(Span),
    /// A comment.
    Comment(Span),
    /// A line end inside parentheses.
    Newline,
}

/// A record entry, as the formatter needs it.
#[derive(Debug)]
struct Line {
    /// Its entry (index among the file's entries).
    entry: usize,
    /// Comment-only and blank lines above it.
    leading: Vec<Leading>,
    /// Its owner in wire form, in the author's case.
    owner: Vec<u8>,
    /// Its owner in lower case, to group and compare.
    owner_key: Vec<u8>,
    /// The owner field as written, when the entry has one.
    owner_text: Option<Span>,
    /// The TTL field as written.
    ttl_text: Option<Span>,
    /// The TTL the record has.
    ttl: u32,
    /// Its TTL comes from nothing written in the file (see `FLAG_IMPLICIT_TTL`).
    implicit_ttl: bool,
    /// Its class code.
    class: u16,
    /// Its type code.
    record_type: u16,
    /// NS: the target (lower case).
    target: Option<Vec<u8>>,
    /// Comments written before the type field (inside parentheses).
    prefix_comments: Vec<Span>,
    /// Everything after the type field.
    rdata: Vec<Piece>,
}

/// A directive entry.
#[derive(Debug)]
struct DirectiveLine {
    /// Comment-only and blank lines above it.
    leading: Vec<Leading>,
    /// Which directive.
    directive: Directive,
    /// The entry's bytes.
    span: Span,
    /// The fields after the keyword.
    arguments: Vec<Span>,
    /// Its comments.
    comments: Vec<Span>,
}

/// How the TTL column of a section is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TtlMode {
    /// A `$TTL` of this value is in force: write only the TTLs that differ.
    Default(u32),
    /// No `$TTL` is in force: write every TTL.
    Explicit,
    /// No `$TTL`, and an `$INCLUDE` or `$GENERATE` follows: keep the
    /// author's order and TTL fields as they are.
    Pinned,
}

/// A run of records between two directives.
#[derive(Debug)]
struct Section {
    /// Indices into the lines, in the author's order.
    lines: Vec<usize>,
    /// The origin in force (wire).
    origin: Vec<u8>,
    /// How TTLs are written.
    ttl_mode: TtlMode,
}

/// What the formatted file is made of, in order.
#[derive(Debug)]
enum Block {
    /// Leading lines not attached to an item (the file's header, its end).
    Lines(Vec<Leading>),
    /// A directive (index into the directives).
    Directive(usize),
    /// A section (index into the sections).
    Section(usize),
}

/// The zone file read into lines, directives and sections.
struct Tree<'z> {
    zone: &'z Zone,
    text: &'z [u8],
    lines: Vec<Line>,
    directives: Vec<DirectiveLine>,
    sections: Vec<Section>,
    blocks: Vec<Block>,
    /// Whether a `$ORIGIN` comes before the first record.
    origin_from_text: bool,
    /// Whether any record names its class.
    class_column: bool,
}

/// What the TTL default is at a point of the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DefaultTtl {
    /// No `$TTL` seen.
    None,
    /// The last `$TTL` set this.
    Known(u32),
    /// An `$INCLUDE` came after the last `$TTL`: it may have set one.
    Unknown,
}

/// Reads file 0 of `zone` into a [`Tree`].
fn read_tree(zone: &Zone) -> Result<Tree<'_>, FormatError> {
    let file = &zone.files[0];
    let text = file.text.as_slice();
    let origin = zone.origin.clone().ok_or(FormatError::Syntax)?;
    // The record each entry holds (generated records belong to their
    // $GENERATE line and are not laid out).
    let mut record_of_entry = vec![u32::MAX; file.entries.len()];
    for (index, record) in zone.records.iter().enumerate() {
        if record.file == 0 && record.flags & FLAG_GENERATED == 0 {
            record_of_entry[record.entry as usize] = index as u32;
        }
    }
    let last_consumer = file.entries.iter().rposition(|e| {
        matches!(
            e.kind,
            EntryKind::Directive(Directive::Include | Directive::Generate)
        )
    });
    let mut tree = Tree {
        zone,
        text,
        lines: Vec::new(),
        directives: Vec::new(),
        sections: Vec::new(),
        blocks: Vec::new(),
        origin_from_text: false,
        class_column: false,
    };
    let mut parser = Parser::new(text);
    let mut pending: Vec<Leading> = Vec::new();
    let mut current_origin = origin;
    let mut default_ttl = DefaultTtl::None;
    let mut last_owner: Option<Vec<u8>> = None;
    let mut seen_record = false;
    // The section being filled, with the entry index of its last record.
    let mut section: Option<(Section, usize)> = None;
    let mut section_default = default_ttl;
    let mut index = 0;
    let mut buffer = Vec::new();
    while let Some(raw) = parser.next_entry() {
        let entry = file.entries.get(index).ok_or_else(|| {
            FormatError::Unverified("does not match the entries of the zone".into())
        })?;
        if entry.span != raw.span {
            return Err(FormatError::Unverified(
                "does not match the entries of the zone".into(),
            ));
        }
        match entry.kind {
            EntryKind::Invalid => return Err(FormatError::Syntax),
            EntryKind::Empty => {
                let mut any = false;
                for token in entry.tokens(text) {
                    if token.kind == TokenKind::Comment {
                        pending.push(Leading::Comment(token.span));
                        any = true;
                    }
                }
                if !any {
                    pending.push(Leading::Blank);
                }
            }
            EntryKind::Directive(directive) => {
                if let Some((done, last)) = section.take() {
                    tree.push_section(done, section_default, last, last_consumer);
                }
                let arguments: Vec<Span> = raw.fields[1..].iter().map(|f| f.span).collect();
                match directive {
                    Directive::Origin => {
                        if !seen_record {
                            tree.origin_from_text = true;
                        }
                        let field = raw.fields.get(1).ok_or(FormatError::Syntax)?;
                        name::parse(field.text, Some(&current_origin), &mut buffer)
                            .map_err(|_| FormatError::Syntax)?;
                        current_origin = buffer.clone();
                    }
                    Directive::Ttl => {
                        let field = raw.fields.get(1).ok_or(FormatError::Syntax)?;
                        let value =
                            syntax::parse_ttl(field.text).map_err(|_| FormatError::Syntax)?;
                        default_ttl = DefaultTtl::Known(value);
                    }
                    Directive::Include => default_ttl = DefaultTtl::Unknown,
                    Directive::Generate | Directive::Date => {}
                }
                let comments = entry
                    .tokens(text)
                    .filter(|t| t.kind == TokenKind::Comment)
                    .map(|t| t.span)
                    .collect();
                tree.directives.push(DirectiveLine {
                    leading: std::mem::take(&mut pending),
                    directive,
                    span: entry.span,
                    arguments,
                    comments,
                });
                tree.blocks
                    .push(Block::Directive(tree.directives.len() - 1));
            }
            EntryKind::Record => {
                seen_record = true;
                let syntax = raw.record(true).map_err(|_| FormatError::Syntax)?;
                let record_index = record_of_entry[index];
                let record = zone
                    .records
                    .get(record_index as usize)
                    .ok_or(FormatError::Syntax)?;
                let resolved = zone.owner(record);
                let owner = match syntax.owner {
                    Some(field) => {
                        name::parse(field.text, Some(&current_origin), &mut buffer)
                            .map_err(|_| FormatError::Syntax)?;
                        buffer.clone()
                    }
                    None => last_owner.clone().unwrap_or_default(),
                };
                // After a $GENERATE the inherited owner is the last one it
                // made, which only the zone knows.
                let owner = if name::eq_ignore_case(&owner, resolved) {
                    owner
                } else {
                    resolved.to_vec()
                };
                last_owner = Some(owner.clone());
                let mut owner_key = owner.clone();
                name::to_lowercase(&mut owner_key);
                let type_end = syntax.record_type.0.span.end;
                let mut prefix_comments = Vec::new();
                let mut rdata = Vec::new();
                for token in entry.tokens(text) {
                    if token.span.start < type_end {
                        if token.kind == TokenKind::Comment {
                            prefix_comments.push(token.span);
                        }
                        continue;
                    }
                    match token.kind {
                        TokenKind::Word | TokenKind::Quoted => {
                            rdata.push(Piece::Field(token.span));
                        }
                        TokenKind::Comment => rdata.push(Piece::Comment(token.span)),
                        TokenKind::Newline => rdata.push(Piece::Newline),
                        TokenKind::UnterminatedQuote => return Err(FormatError::Syntax),
                        TokenKind::LeftParen | TokenKind::RightParen | TokenKind::Blank => {}
                    }
                }
                // The entry's own line ending is not a line break of its RDATA.
                if matches!(rdata.last(), Some(Piece::Newline)) {
                    rdata.pop();
                }
                if syntax.class.is_some() {
                    tree.class_column = true;
                }
                let target = (record.record_type == TYPE_NS).then(|| {
                    let mut target = zone.rdata(record).to_vec();
                    name::to_lowercase(&mut target);
                    target
                });
                tree.lines.push(Line {
                    entry: index,
                    leading: std::mem::take(&mut pending),
                    owner,
                    owner_key,
                    owner_text: syntax.owner.map(|f| f.span),
                    ttl_text: syntax.ttl.map(|(f, _)| f.span),
                    ttl: record.ttl,
                    implicit_ttl: record.flags & FLAG_IMPLICIT_TTL != 0,
                    class: record.class,
                    record_type: record.record_type,
                    target,
                    prefix_comments,
                    rdata,
                });
                let line = tree.lines.len() - 1;
                match &mut section {
                    Some((open, last)) => {
                        open.lines.push(line);
                        *last = index;
                    }
                    None => {
                        section_default = default_ttl;
                        section = Some((
                            Section {
                                lines: vec![line],
                                origin: current_origin.clone(),
                                ttl_mode: TtlMode::Explicit,
                            },
                            index,
                        ));
                    }
                }
            }
        }
        index += 1;
    }
    if let Some((done, last)) = section.take() {
        tree.push_section(done, section_default, last, last_consumer);
    }
    if !pending.is_empty() {
        tree.blocks.push(Block::Lines(pending));
    }
    tree.split_header();
    tree.hoist_leading_directives();
    Ok(tree)
}

impl Tree<'_> {
    /// Closes a section: decides its TTL mode and adds it to the blocks.
    fn push_section(
        &mut self,
        mut section: Section,
        default: DefaultTtl,
        last_entry: usize,
        last_consumer: Option<usize>,
    ) {
        let lines = &self.lines;
        let any_implicit = section.lines.iter().any(|&l| lines[l].implicit_ttl);
        let inherited = section
            .lines
            .iter()
            .find(|&&l| lines[l].ttl_text.is_none())
            .map(|&l| lines[l].ttl);
        let mode = match default {
            _ if any_implicit => TtlMode::Explicit,
            DefaultTtl::Known(value) => TtlMode::Default(value),
            DefaultTtl::None => TtlMode::Explicit,
            DefaultTtl::Unknown => inherited.map_or(TtlMode::Explicit, TtlMode::Default),
        };
        section.ttl_mode = match mode {
            TtlMode::Explicit if last_consumer.is_some_and(|c| c > last_entry) => TtlMode::Pinned,
            mode => mode,
        };
        self.sections.push(section);
        self.blocks.push(Block::Section(self.sections.len() - 1));
    }

    /// Writes the `$ORIGIN` and `$TTL` lines that come before everything
    /// else with `$ORIGIN` first (each kind keeps its order).
    fn hoist_leading_directives(&mut self) {
        let start = usize::from(matches!(self.blocks.first(), Some(Block::Lines(_))));
        let run = self.blocks[start..]
            .iter()
            .take_while(|b| match b {
                Block::Directive(d) => matches!(
                    self.directives[*d].directive,
                    Directive::Origin | Directive::Ttl
                ),
                _ => false,
            })
            .count();
        let directives = &self.directives;
        self.blocks[start..start + run].sort_by_key(|b| match b {
            Block::Directive(d) => directives[*d].directive != Directive::Origin,
            _ => true,
        });
    }

    /// Detaches the file's header comments from the first item, so that
    /// they stay at the top whatever moves.
    fn split_header(&mut self) {
        let (leading, is_directive) = match self.blocks.first() {
            Some(Block::Directive(d)) => (&mut self.directives[*d].leading, true),
            Some(Block::Section(s)) => {
                // The first line in the author's order is the first entry.
                let first = self.sections[*s].lines[0];
                (&mut self.lines[first].leading, false)
            }
            _ => return,
        };
        let cut = if is_directive {
            leading.len()
        } else {
            leading
                .iter()
                .rposition(|l| matches!(l, Leading::Blank))
                .map_or(0, |i| i + 1)
        };
        if cut == 0 {
            return;
        }
        let header: Vec<Leading> = leading.drain(..cut).collect();
        self.blocks.insert(0, Block::Lines(header));
    }
}

//------------ Order ---------------------------------------------------------

impl Tree<'_> {
    /// The lines of a section in the order they are written.
    fn order(&self, section: &Section, sort: bool) -> Vec<usize> {
        if section.ttl_mode == TtlMode::Pinned {
            return section.lines.clone();
        }
        let lines = &self.lines;
        let mut apex = self.zone.origin.clone().unwrap_or_default();
        name::to_lowercase(&mut apex);
        // The delegations of this section and the names their NS records name.
        let mut delegations: HashMap<&[u8], Vec<&[u8]>> = HashMap::new();
        for &l in &section.lines {
            let line = &lines[l];
            if line.record_type == TYPE_NS
                && line.owner_key != apex
                && name::is_subdomain(&line.owner_key, &apex)
            {
                let targets = delegations.entry(line.owner_key.as_slice()).or_default();
                if let Some(target) = &line.target {
                    targets.push(target.as_slice());
                }
            }
        }
        // Each glue record goes to the deepest delegation that names it:
        // the first met walking up from its owner.
        let mut glue: HashMap<&[u8], Vec<usize>> = HashMap::new();
        let mut is_glue = vec![false; section.lines.len()];
        for (position, &l) in section.lines.iter().enumerate() {
            let line = &lines[l];
            if line.record_type != TYPE_A && line.record_type != TYPE_AAAA {
                continue;
            }
            let owner = line.owner_key.as_slice();
            let mut candidate = Some(owner);
            while let Some(name) = candidate.filter(|n| n.len() > apex.len()) {
                if delegations.get(name).is_some_and(|t| t.contains(&owner)) {
                    glue.entry(name).or_default().push(l);
                    is_glue[position] = true;
                    break;
                }
                candidate = name::parent(name);
            }
        }
        // Owners in order of first use, each with its records.
        let mut units: Vec<(&[u8], Vec<usize>)> = Vec::new();
        let mut unit_of: HashMap<&[u8], usize> = HashMap::new();
        for (position, &l) in section.lines.iter().enumerate() {
            if is_glue[position] {
                continue;
            }
            let key = lines[l].owner_key.as_slice();
            let unit = *unit_of.entry(key).or_insert_with(|| {
                units.push((key, Vec::new()));
                units.len() - 1
            });
            units[unit].1.push(l);
        }
        // The apex first, then the others (sorted with --sort).
        if let Some(position) = units.iter().position(|(key, _)| *key == apex.as_slice()) {
            let unit = units.remove(position);
            units.insert(0, unit);
        }
        if sort {
            let skip = usize::from(units.first().is_some_and(|(k, _)| *k == apex.as_slice()));
            units[skip..].sort_by(|a, b| canonical_order(a.0, b.0));
        }
        let mut order = Vec::with_capacity(section.lines.len());
        for (key, mut records) in units {
            if key == apex.as_slice() {
                records.sort_by_key(|&l| match lines[l].record_type {
                    TYPE_SOA => 0,
                    TYPE_NS => 1,
                    _ => 2,
                });
                order.extend(records);
            } else if delegations.contains_key(key) {
                records.sort_by_key(|&l| match lines[l].record_type {
                    TYPE_NS => 0,
                    TYPE_DS => 1,
                    _ => 2,
                });
                order.extend(records);
                // Its glue, grouped by owner in order of first use.
                // (Taken, not removed: removals leave tombstones that make
                // every later miss probe the whole table.)
                if let Some(mut glue) = glue.get_mut(key).map(std::mem::take) {
                    let mut first: HashMap<&[u8], usize> = HashMap::new();
                    for (position, &l) in glue.iter().enumerate() {
                        first
                            .entry(lines[l].owner_key.as_slice())
                            .or_insert(position);
                    }
                    glue.sort_by_key(|&l| first[lines[l].owner_key.as_slice()]);
                    order.extend(glue);
                }
            } else {
                order.extend(records);
            }
        }
        order
    }
}

//------------ Writing -------------------------------------------------------

/// One line of output before columns are known.
enum Out {
    /// An empty line.
    Blank,
    /// A comment-only line.
    Comment(Span),
    /// A directive.
    Directive(usize),
    /// A record: its line, the section, and whether its owner is written.
    Record {
        line: usize,
        section: usize,
        show_owner: bool,
    },
}

/// The cells of a record row.
struct Cells {
    owner: Vec<u8>,
    ttl: Vec<u8>,
    class: std::borrow::Cow<'static, str>,
    record_type: std::borrow::Cow<'static, str>,
}

/// Lays the zone file of `zone` out (no checking).
fn layout(zone: &Zone, format: &FormatOptions) -> Result<Vec<u8>, FormatError> {
    if !zone.findings.is_empty() {
        return Err(FormatError::Syntax);
    }
    let tree = read_tree(zone)?;
    let newline: &[u8] = match syntax::Lexer::new(tree.text).find(|t| t.kind == TokenKind::Newline)
    {
        Some(token) if token.span.len() == 2 => b"\r\n",
        _ => b"\n",
    };
    let serial_line = format
        .serial
        .and_then(|_| apex_soa(zone))
        .map(|record| record.entry as usize);

    // Pass 1: the sequence of output lines, blank lines merged, owners
    // decided.
    let mut outs: Vec<Out> = Vec::new();
    let mut pending_blank = false;
    let mut previous_owner: Option<&[u8]> = None;
    let push_leading = |leading: &[Leading],
                        outs: &mut Vec<Out>,
                        pending_blank: &mut bool,
                        previous_owner: &mut Option<&[u8]>| {
        for item in leading {
            match item {
                Leading::Blank => *pending_blank = true,
                Leading::Comment(span) => {
                    flush_blank(outs, pending_blank, previous_owner);
                    outs.push(Out::Comment(*span));
                }
            }
        }
        flush_blank(outs, pending_blank, previous_owner);
    };
    for block in &tree.blocks {
        match block {
            Block::Lines(lines) => {
                for item in lines {
                    match item {
                        Leading::Blank => pending_blank = true,
                        Leading::Comment(span) => {
                            flush_blank(&mut outs, &mut pending_blank, &mut previous_owner);
                            outs.push(Out::Comment(*span));
                        }
                    }
                }
            }
            Block::Directive(d) => {
                push_leading(
                    &tree.directives[*d].leading,
                    &mut outs,
                    &mut pending_blank,
                    &mut previous_owner,
                );
                outs.push(Out::Directive(*d));
                previous_owner = None;
            }
            Block::Section(s) => {
                previous_owner = None;
                for l in tree.order(&tree.sections[*s], format.sort) {
                    let line = &tree.lines[l];
                    push_leading(
                        &line.leading,
                        &mut outs,
                        &mut pending_blank,
                        &mut previous_owner,
                    );
                    let show_owner = previous_owner != Some(line.owner_key.as_slice());
                    previous_owner = Some(&line.owner_key);
                    outs.push(Out::Record {
                        line: l,
                        section: *s,
                        show_owner,
                    });
                }
            }
        }
    }

    // Pass 2: the cells (in output order) and the column widths.
    let cells: Vec<Cells> = outs
        .iter()
        .filter_map(|out| match *out {
            Out::Record {
                line,
                section,
                show_owner,
            } => Some(tree.cells(line, &tree.sections[section], show_owner)),
            _ => None,
        })
        .collect();
    let owner_width = cells
        .iter()
        .map(|c| c.owner.len())
        .filter(|&w| w <= MAX_OWNER_WIDTH)
        .max()
        .map_or(8, |w| (w + 1).div_ceil(8) * 8);
    let column = |width: usize| if width == 0 { 0 } else { width + 1 };
    let ttl_width = column(cells.iter().map(|c| c.ttl.len()).max().unwrap_or(0));
    let class_width = column(cells.iter().map(|c| c.class.len()).max().unwrap_or(0));
    let type_width = column(cells.iter().map(|c| c.record_type.len()).max().unwrap_or(0));

    // Pass 3: the text.
    let mut text = Vec::with_capacity(tree.text.len() + tree.text.len() / 4);
    let mut next_cells = cells.iter();
    for out in &outs {
        match out {
            Out::Blank => text.extend_from_slice(newline),
            Out::Comment(span) => {
                text.extend_from_slice(comment_text(tree.text, *span));
                text.extend_from_slice(newline);
            }
            Out::Directive(d) => {
                tree.write_directive(&tree.directives[*d], &mut text);
                text.extend_from_slice(newline);
            }
            Out::Record { line, .. } => {
                let cell = next_cells.next().expect("one cell row per record");
                let start = text.len();
                pad(&mut text, &cell.owner, owner_width);
                pad(&mut text, &cell.ttl, ttl_width);
                pad(&mut text, cell.class.as_bytes(), class_width);
                pad(&mut text, cell.record_type.as_bytes(), type_width);
                let indent = text.len() - start;
                let serial = format
                    .serial
                    .filter(|_| serial_line == Some(tree.lines[*line].entry));
                tree.write_rdata(&tree.lines[*line], indent, serial, newline, &mut text);
                text.extend_from_slice(newline);
            }
        }
    }
    Ok(text)
}

/// Writes a waiting blank line before the next line (never at the top).
fn flush_blank(outs: &mut Vec<Out>, pending_blank: &mut bool, previous_owner: &mut Option<&[u8]>) {
    if *pending_blank && !outs.is_empty() {
        outs.push(Out::Blank);
        *previous_owner = None;
    }
    *pending_blank = false;
}

/// Appends `cell` and pads it with spaces to `width`; a cell as wide or
/// wider gets one space. A column of width 0 is left out.
fn pad(text: &mut Vec<u8>, cell: &[u8], width: usize) {
    if width == 0 {
        return;
    }
    text.extend_from_slice(cell);
    let spaces = width.saturating_sub(cell.len()).max(1);
    text.resize(text.len() + spaces, b' ');
}

/// A comment's text without trailing blanks.
fn comment_text(text: &[u8], span: Span) -> &[u8] {
    let comment = &text[span.range()];
    let end = comment
        .iter()
        .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .map_or(0, |i| i + 1);
    &comment[..end]
}

impl Tree<'_> {
    /// The owner, TTL, class and type cells of a line.
    fn cells(&self, l: usize, section: &Section, show_owner: bool) -> Cells {
        let line = &self.lines[l];
        let owner = if show_owner {
            self.owner_cell(line, &section.origin)
        } else {
            Vec::new()
        };
        let written = line.ttl_text.map(|span| self.text[span.range()].to_vec());
        let ttl = match section.ttl_mode {
            TtlMode::Pinned => written.unwrap_or_default(),
            TtlMode::Explicit => written.unwrap_or_else(|| line.ttl.to_string().into_bytes()),
            TtlMode::Default(value) if line.ttl == value => Vec::new(),
            TtlMode::Default(_) => written.unwrap_or_else(|| line.ttl.to_string().into_bytes()),
        };
        let class = if self.class_column {
            rrtype::class_name(line.class)
        } else {
            "".into()
        };
        Cells {
            owner,
            ttl,
            class,
            record_type: rrtype::type_name(line.record_type),
        }
    }

    /// The owner as written in the output: `@`, relative to `origin`, or
    /// absolute.
    fn owner_cell(&self, line: &Line, origin: &[u8]) -> Vec<u8> {
        let written = line.owner_text.map(|span| &self.text[span.range()]);
        let absolute = written.is_some_and(is_absolute);
        if name::eq_ignore_case(&line.owner, origin) {
            if line.record_type == TYPE_SOA && !self.origin_from_text && absolute {
                // It may be what tells the origin (DESIGN §2): keep it.
                return written.unwrap_or_default().to_vec();
            }
            return b"@".to_vec();
        }
        if let Some(text) = written {
            if !absolute && text != b"@" {
                // Relative to the same origin: the author's spelling.
                return text.to_vec();
            }
            if absolute && !name::is_subdomain(&line.owner, origin) {
                return text.to_vec();
            }
        }
        let mut out = String::new();
        if name::is_subdomain(&line.owner, origin) {
            let keep = name::label_count(&line.owner) - name::label_count(origin);
            for (i, label) in name::labels(&line.owner).take(keep).enumerate() {
                if i > 0 {
                    out.push('.');
                }
                name::write_label(label, &mut out);
            }
        } else {
            name::write(&line.owner, &mut out);
        }
        out.into_bytes()
    }

    /// Writes a directive line (without its line ending).
    fn write_directive(&self, directive: &DirectiveLine, text: &mut Vec<u8>) {
        match directive.directive {
            Directive::Origin | Directive::Ttl => {
                text.extend_from_slice(match directive.directive {
                    Directive::Origin => b"$ORIGIN",
                    _ => b"$TTL",
                });
                for argument in &directive.arguments {
                    text.push(b' ');
                    text.extend_from_slice(&self.text[argument.range()]);
                }
                for comment in &directive.comments {
                    text.push(b' ');
                    text.extend_from_slice(comment_text(self.text, *comment));
                }
            }
            _ => {
                // Kept as written, without its line ending and trailing blanks.
                let written = &self.text[directive.span.range()];
                let end = written
                    .iter()
                    .rposition(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                    .map_or(0, |i| i + 1);
                text.extend_from_slice(&written[..end]);
            }
        }
    }

    /// Writes the RDATA of a line (and its comments) after the columns;
    /// `indent` is the RDATA column, for continuation lines.
    fn write_rdata(
        &self,
        line: &Line,
        indent: usize,
        serial: Option<u32>,
        newline: &[u8],
        text: &mut Vec<u8>,
    ) {
        // The RDATA as lines of fields, each with its comment.
        let mut rows: Vec<(Vec<Span>, Vec<Span>)> = vec![(Vec::new(), Vec::new())];
        for piece in &line.rdata {
            let row = rows.last_mut().expect("one row at least");
            match *piece {
                Piece::Field(span) => row.0.push(span),
                Piece::Comment(span) => row.1.push(span),
                Piece::Newline => rows.push((Vec::new(), Vec::new())),
            }
        }
        let mut first_comments = line.prefix_comments.clone();
        first_comments.append(&mut rows[0].1);
        rows[0].1 = first_comments;
        let generic = rows
            .iter()
            .flat_map(|r| r.0.first())
            .next()
            .is_some_and(|f| &self.text[f.range()] == b"\\#");
        if line.record_type == TYPE_SOA
            && !generic
            && rows.iter().map(|r| r.0.len()).sum::<usize>() == 7
        {
            self.write_soa(&rows, indent, serial, newline, text);
            return;
        }
        let split = STRING_LIST_TYPES.contains(&line.record_type) && !generic;
        // Lines after the first with neither fields nor comments go.
        let mut kept = vec![rows.remove(0)];
        kept.extend(
            rows.into_iter()
                .filter(|r| !r.0.is_empty() || !r.1.is_empty()),
        );
        let last = kept.len() - 1;
        for (i, (fields, comments)) in kept.iter().enumerate() {
            if i > 0 {
                text.extend_from_slice(newline);
                text.resize(text.len() + indent, b' ');
            }
            self.write_fields(fields, split, text);
            if last > 0 && i == 0 {
                text.extend_from_slice(if fields.is_empty() { b"(" } else { b" (" });
            }
            if last > 0 && i == last {
                text.extend_from_slice(if fields.is_empty() { b")" } else { b" )" });
            }
            for comment in comments {
                if text.last() != Some(&b' ') {
                    text.push(b' ');
                }
                text.extend_from_slice(comment_text(self.text, *comment));
            }
        }
    }

    /// Writes fields separated by one space, splitting long strings.
    /// Fields written side by side stay so: `key="value"` is a word and a
    /// quoted string that SVCB reads as one parameter.
    fn write_fields(&self, fields: &[Span], split: bool, text: &mut Vec<u8>) {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 && fields[i - 1].end != field.start {
                text.push(b' ');
            }
            let written = &self.text[field.range()];
            let inside = if written.first() == Some(&b'"') && written.len() >= 2 {
                &written[1..written.len() - 1]
            } else {
                written
            };
            match split
                .then(|| queries::split_character_string(inside, queries::Cut::AsRead))
                .flatten()
                .filter(|pieces| pieces.len() > 1)
            {
                Some(pieces) => {
                    for (j, piece) in pieces.iter().enumerate() {
                        if j > 0 {
                            text.push(b' ');
                        }
                        text.push(b'"');
                        text.extend_from_slice(piece);
                        text.push(b'"');
                    }
                }
                None => text.extend_from_slice(written),
            }
        }
    }

    /// Writes an SOA's RDATA across lines, one timer a line with its
    /// comment. `rows` are the RDATA's lines as written (fields, comments).
    fn write_soa(
        &self,
        rows: &[(Vec<Span>, Vec<Span>)],
        indent: usize,
        serial: Option<u32>,
        newline: &[u8],
        text: &mut Vec<u8>,
    ) {
        // Each field's text, and where each comment goes.
        let mut fields: Vec<Vec<u8>> = Vec::new();
        let mut first_line: Vec<Span> = Vec::new();
        let mut before: [Vec<Span>; 5] = Default::default();
        let mut timer_comment: [Option<Span>; 5] = [None; 5];
        let mut trailing: Vec<Span> = Vec::new();
        let mut field_index = 0;
        // Comment-only lines wait for the next field.
        let mut waiting: Vec<Span> = Vec::new();
        for (row, (row_fields, comments)) in rows.iter().enumerate() {
            let first_field = field_index;
            for field in row_fields {
                fields.push(self.text[field.range()].to_vec());
                field_index += 1;
            }
            let on_row = first_field..field_index;
            if !row_fields.is_empty() {
                // Comments waiting for this row's first field.
                let waited = std::mem::take(&mut waiting);
                if first_field < 2 {
                    first_line.extend(waited);
                } else {
                    before[first_field - 2].extend(waited);
                }
            }
            if comments.is_empty() {
                continue;
            }
            // A comment on a line with one timer is that timer's; on the
            // first line, or a line with the names, it is the record's; on
            // a line of its own it goes above the next field; on a line of
            // several timers, above the first of them.
            let timers = on_row.start.max(2)..on_row.end.max(2);
            if timers.len() == 1 && timer_comment[timers.start - 2].is_none() {
                timer_comment[timers.start - 2] = Some(comments[0]);
                before[timers.start - 2].extend(&comments[1..]);
            } else if row == 0 || on_row.start < 2 {
                first_line.extend(comments);
            } else if on_row.is_empty() {
                waiting.extend(comments);
            } else {
                before[on_row.start - 2].extend(comments);
            }
        }
        trailing.extend(waiting);
        if let Some(serial) = serial {
            fields[2] = serial.to_string().into_bytes();
        }
        text.extend_from_slice(&fields[0]);
        text.push(b' ');
        text.extend_from_slice(&fields[1]);
        text.extend_from_slice(b" (");
        for comment in &first_line {
            text.push(b' ');
            text.extend_from_slice(comment_text(self.text, *comment));
        }
        let width = fields[2..].iter().map(Vec::len).max().unwrap_or(0);
        let new_line = |text: &mut Vec<u8>| {
            text.extend_from_slice(newline);
            text.resize(text.len() + indent, b' ');
        };
        for timer in 0..5 {
            for comment in &before[timer] {
                new_line(text);
                text.extend_from_slice(comment_text(self.text, *comment));
            }
            new_line(text);
            let value = &fields[timer + 2];
            text.extend_from_slice(value);
            text.resize(text.len() + width - value.len() + 1, b' ');
            match timer_comment[timer] {
                Some(comment) => text.extend_from_slice(comment_text(self.text, comment)),
                None => {
                    text.extend_from_slice(b"; ");
                    text.extend_from_slice(SOA_TIMERS[timer].as_bytes());
                }
            }
        }
        for comment in &trailing {
            new_line(text);
            text.extend_from_slice(comment_text(self.text, *comment));
        }
        new_line(text);
        text.push(b')');
    }
}

/// Whether a name as written is absolute (ends in an unescaped dot).
fn is_absolute(text: &[u8]) -> bool {
    let mut buffer = Vec::new();
    name::parse(text, None, &mut buffer).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_string_is_split_where_the_reader_splits_it() {
        // A two-octet character across the 255th octet: the reader cuts
        // inside it, so the formatter must too, or the RDATA changes and
        // the file is refused.
        for middle in ["é", "\\195\\169"] {
            let text = format!(
                "$TTL 60\n@ SOA ns1 host 1 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\nt TXT \"{}{middle}{}\"\n",
                "a".repeat(254),
                "b".repeat(10)
            );
            let zone = zone::test_zone(&text, "example.com.");
            let options = LoadOptions {
                origin: zone.origin.clone(),
                ..LoadOptions::default()
            };
            let formatted = format_zone(&zone, &options, &FormatOptions::default())
                .unwrap_or_else(|error| panic!("{middle}: {error}"));
            let formatted = String::from_utf8_lossy(&formatted);
            assert!(
                formatted.contains("\" \""),
                "{middle}: not split:\n{formatted}"
            );
        }
    }

    #[test]
    fn serials_move_to_today_or_grow_by_one() {
        assert_eq!(bump_serial(2024010101, 20240315), 2024031500);
        assert_eq!(bump_serial(2024031500, 20240315), 2024031501);
        assert_eq!(bump_serial(2024031599, 20240315), 2024031600);
        // Ahead of today: one more.
        assert_eq!(bump_serial(2030010100, 20240315), 2030010101);
        // Not a date.
        assert_eq!(bump_serial(41, 20240315), 42);
        assert_eq!(bump_serial(u32::MAX, 20240315), 0);
        // 4294967295 is no date; 1999123199 + one day is.
        assert_eq!(bump_serial(1999123199, 20000101), 2000010100);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(19_723), (2024, 1, 1));
        assert_eq!(civil_date(19_782), (2024, 2, 29));
    }

    #[test]
    fn canonical_order_of_rfc_4034() {
        let wire = name::test_wire;
        // RFC 4034 §6.1's example, in order.
        let names = [
            "example.",
            "a.example.",
            "yljkjljk.a.example.",
            "Z.a.example.",
            "zABC.a.EXAMPLE.",
            "z.example.",
            "\\001.z.example.",
            "*.z.example.",
            "\\200.z.example.",
        ];
        for pair in names.windows(2) {
            assert_eq!(
                canonical_order(&wire(pair[0]), &wire(pair[1])),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
    }
}
