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

use rustc_hash::FxHashMap;

use crate::compare;
use crate::name;
use crate::names::NameId;
use crate::rrtype;
use crate::span::Span;
use crate::syntax::parser::{LINE_BYTES, LineByte};
use crate::syntax::{self, Directive, EntryKind, Parser, TokenKind};
use crate::zone::heads::{
    FarFields, Heads, LINE_ABSOLUTE_OWNER, LINE_FAR_FIELDS, LINE_FAR_LEADING, LINE_OTHER_OWNER,
    LINE_PLAIN_OWNER, LINE_PREFIX_COMMENT, LINE_QUOTED_OWNER, Line,
};
use crate::zone::{self, FLAG_GENERATED, FLAG_IMPLICIT_TTL, LoadOptions, Text, Zone, queries};

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
    /// The file could not be written (it names the file); it is left as
    /// it was.
    #[error("{0}")]
    Write(String),
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
    format_zone_in_pieces(zone, options, format, 0)
}

/// [`format_zone`], laying the file out in `pieces` pieces at once
/// whatever its size and the number of cores, for the tests that hold
/// every way of cutting it to the same text.
#[doc(hidden)]
pub fn format_zone_in_pieces(
    zone: &Zone,
    options: &LoadOptions,
    format: &FormatOptions,
    pieces: usize,
) -> Result<Vec<u8>, FormatError> {
    let mut check = Check::new(zone, options, format.serial, true, true);
    layout(zone, format, pieces, &mut check)?;
    let (_, text) = check.finish()?;
    Ok(text.unwrap_or_default())
}

/// A file formatted by [`format_file`]: its text was checked as
/// [`format_zone`] says (which is why it cannot be changed from outside).
#[derive(Debug)]
pub struct Formatted {
    /// The formatted text (the text its check read back: not a copy).
    text: Text,
    /// Whether it differs from the file's text.
    pub changed: bool,
    /// The new SOA serial written, with `--bump-serial`.
    pub serial: Option<u32>,
}

impl Formatted {
    /// The formatted text.
    pub fn text(&self) -> &[u8] {
        &self.text
    }
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
    format_file_keeping(zone, options, format, bump_serial_today, true)
}

/// [`format_file`]; without `keep_text` (`--check`, which needs only
/// whether the file changes) the text is compared and read back a piece
/// at a time as it is laid out, and never held whole.
pub fn format_file_keeping(
    zone: &Zone,
    options: &LoadOptions,
    format: &FormatOptions,
    bump_serial_today: Option<u32>,
    keep_text: bool,
) -> Result<Formatted, FormatError> {
    let Some((format, serial)) = with_serial(zone, options, format, bump_serial_today)? else {
        // Laid out, the text is the file's own.
        return Ok(Formatted {
            text: if keep_text {
                Text::from(zone.files[0].text.to_vec())
            } else {
                Text::default()
            },
            changed: false,
            serial: None,
        });
    };
    let mut check = Check::new(zone, options, serial, true, keep_text);
    layout(zone, &format, 0, &mut check)?;
    let (changed, text) = check.finish()?;
    Ok(Formatted {
        text: Text::from(text.unwrap_or_default()),
        changed,
        serial: serial.filter(|_| changed),
    })
}

/// How to lay the zone file of `zone` out, and the new SOA serial it
/// writes: with `bump_serial_today` (today as `YYYYMMDD`), a file whose
/// text changes gets one ([`bump_serial`]; an SOA in the generic form
/// `\# length hex` keeps its serial). Whether the text changes is found
/// by laying it out once (not read back); `None` when it does not, and
/// so neither does the serial.
fn with_serial(
    zone: &Zone,
    options: &LoadOptions,
    format: &FormatOptions,
    bump_serial_today: Option<u32>,
) -> Result<Option<(FormatOptions, Option<u32>)>, FormatError> {
    let serial = soa_serial(zone).filter(|_| !apex_soa_is_generic(zone));
    let Some((today, serial)) = bump_serial_today.zip(serial) else {
        return Ok(Some((format.clone(), None)));
    };
    let mut check = Check::new(zone, options, None, false, false);
    layout(zone, format, 0, &mut check)?;
    if !check.finish()?.0 {
        return Ok(None);
    }
    let serial = bump_serial(serial, today);
    let bumped = FormatOptions {
        serial: Some(serial),
        ..format.clone()
    };
    Ok(Some((bumped, Some(serial))))
}

/// Formats the zone file of `zone` as [`format_file`] does and writes the
/// text over the file as [`write_formatted`] does, a piece at a time as it
/// is laid out: from the first piece that differs from the file's text,
/// into a temporary file beside it. The text is checked as it is laid out
/// (every record read back and compared), the temporary file must read
/// back with the BLAKE3 digest and length of what was written, and the
/// file must still hold the text it was read from; only then is it
/// replaced. The text is never held whole (the returned one is empty); a
/// file that does not change is not written.
pub fn format_file_in_place(
    zone: &mut Zone,
    options: &LoadOptions,
    format: &FormatOptions,
    bump_serial_today: Option<u32>,
) -> Result<Formatted, FormatError> {
    let Some((format, serial)) = with_serial(zone, options, format, bump_serial_today)? else {
        return Ok(Formatted {
            text: Text::default(),
            changed: false,
            serial: None,
        });
    };
    let path = &zone.files[0].path;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    // The text is written and its digest taken on a thread of its own
    // while this one reads it back: reading back is the slower of the two.
    let (check, written) = std::thread::scope(|scope| {
        // Two pieces may wait: the reading back never waits for the
        // writing, and at most a few pieces are held at once.
        let (to_writer, parts) = std::sync::mpsc::sync_channel::<Outgoing<'_>>(2);
        let (give_back, written_pieces) = std::sync::mpsc::channel();
        let writer = scope.spawn(move || {
            let mut written = Written {
                target,
                out: None,
                failed: None,
                digest: blake3::Hasher::new(),
                length: 0,
            };
            for part in parts {
                match part {
                    Outgoing::File(text) => written.write(text),
                    Outgoing::Laid(text) => {
                        written.write(&text);
                        // The receiver goes with the layout.
                        let _ = give_back.send(text);
                    }
                }
            }
            written
        });
        let mut sink = InPlace {
            check: Check::new(zone, options, serial, true, false),
            to_writer,
            written_pieces,
        };
        let laid = layout(zone, &format, 0, &mut sink);
        let InPlace {
            check, to_writer, ..
        } = sink;
        // The writer ends once it has what was sent.
        drop(to_writer);
        let written = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        laid.map(|()| (check, written))
    })?;
    let Written {
        out,
        failed,
        digest,
        length,
        ..
    } = written;
    let laid_out = check.written as u64;
    let (changed, _) = check.finish()?;
    if let Some(error) = failed {
        return Err(FormatError::Write(error.to_string()));
    }
    if changed && length != laid_out {
        // What was written is not all the text laid out and read back.
        return Err(FormatError::Unverified("was not written whole".into()));
    }
    if let (true, Some(out)) = (changed, out) {
        let written = digest.finalize();
        // The records, names and entries are needed no more: a large zone's
        // hundreds of megabytes go back to the system on another core while
        // the new text is synced and read back.
        let model = zone.take_model();
        // A mapped file is compared by the digest taken before it was read.
        let text = &zone.files[0].text;
        let original = match text.digest_as_mapped() {
            Some(digest) => crate::write::Original::Digest(digest, text.len() as u64),
            None => crate::write::Original::Text(text),
        };
        std::thread::scope(|scope| {
            scope.spawn(move || drop(model));
            out.finish(original, |back| {
                Ok(crate::write::digest_of(back)? == (written, length))
            })
        })
        .map_err(|error| FormatError::Write(error.to_string()))?;
    }
    Ok(Formatted {
        text: Text::default(),
        changed,
        serial: serial.filter(|_| changed),
    })
}

/// A text laid out into its file as it comes ([`format_file_in_place`]):
/// checked as [`Check`] does, and written from the first piece that
/// differs from the file's text (the file's text before it first) by the
/// writer, in order.
struct InPlace<'z> {
    check: Check<'z>,
    /// The writer's queue.
    to_writer: std::sync::mpsc::SyncSender<Outgoing<'z>>,
    /// The laid-out pieces the writer is done with, to be laid out into
    /// again.
    written_pieces: std::sync::mpsc::Receiver<Vec<u8>>,
}

/// A part of the new text, for the writer.
enum Outgoing<'z> {
    /// The file's own text.
    File(&'z [u8]),
    /// A laid-out piece.
    Laid(Vec<u8>),
}

/// What the writer of a text in place wrote ([`format_file_in_place`]):
/// the BLAKE3 digest and length of what it wrote.
struct Written {
    /// The file written (a symbolic link's target).
    target: std::path::PathBuf,
    /// The new text, once it differs.
    out: Option<crate::write::Replacement>,
    /// Why the new text could not be written, if it could not.
    failed: Option<crate::write::WriteError>,
    digest: blake3::Hasher,
    length: u64,
}

impl Written {
    /// Appends `part` to the new text, making it first.
    fn write(&mut self, part: &[u8]) {
        if self.failed.is_some() {
            return;
        }
        let written = match &mut self.out {
            Some(out) => out.write(part),
            None => crate::write::Replacement::begin(&self.target).and_then(|mut out| {
                out.write(part)?;
                self.out = Some(out);
                Ok(())
            }),
        };
        match written {
            Ok(()) => {
                self.digest.update(part);
                self.length += part.len() as u64;
            }
            Err(error) => {
                // The temporary file goes; the file stays as it was.
                self.out = None;
                self.failed = Some(error);
            }
        }
    }
}

impl<'z> InPlace<'z> {
    /// Hands `part` to the writer. The writer only stops once the queue
    /// is dropped, so the send cannot fail while it runs.
    fn write(&mut self, part: Outgoing<'z>) {
        let _ = self.to_writer.send(part);
    }
}

impl LayoutSink for InPlace<'_> {
    fn read_back_with(&self) -> Option<(LoadOptions, Option<NewSoa>)> {
        self.check.read_back_with()
    }

    fn reads_refused(&self) -> usize {
        self.check.reads_refused()
    }

    fn piece(
        &mut self,
        text: Vec<u8>,
        read: Option<PieceRead>,
        expected: &dyn Expected,
    ) -> Option<Vec<u8>> {
        let (before, differed) = (self.check.written, self.check.differs);
        let text = self.check.piece(text, read, expected)?;
        if !self.check.differs {
            return Some(text);
        }
        if !differed {
            // What came before this piece is the file's own text.
            let file = self.check.file;
            self.write(Outgoing::File(&file[..before]));
        }
        self.write(Outgoing::Laid(text));
        // A piece the writer is done with, if there is one yet.
        self.written_pieces.try_recv().ok()
    }

    fn end(&mut self, expected: &dyn Expected) {
        self.check.end(expected);
        let (file, written) = (self.check.file, self.check.written);
        if !self.check.differs && written != file.len() {
            // The text is the start of the file's.
            self.write(Outgoing::File(&file[..written]));
        }
    }
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
        verify(zone, options, back.to_vec(), serial, false).is_ok()
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

/// Where the layout hands its output, in order: the text, a piece at a
/// time, each piece ending where a line ends, with which record of the
/// zone each record of the text is.
trait LayoutSink {
    /// The next piece of the text, with what the worker that laid it out
    /// read of it on its own (see [`PieceReader`]), if it read it; gives
    /// the text back if it was not kept, for the next piece to be laid out
    /// into.
    fn piece(
        &mut self,
        text: Vec<u8>,
        read: Option<PieceRead>,
        expected: &dyn Expected,
    ) -> Option<Vec<u8>>;

    /// What the workers read the pieces they lay out back with, if the
    /// sink reads the text back: the options the zone was read with, and
    /// the apex SOA's index and RDATA with the new serial, if any.
    fn read_back_with(&self) -> Option<(LoadOptions, Option<NewSoa>)> {
        None
    }

    /// How many pieces read by their workers were not taken (and read
    /// again by the sink).
    fn reads_refused(&self) -> usize {
        0
    }

    /// The text is whole.
    fn end(&mut self, expected: &dyn Expected);
}

/// The apex SOA's index among the zone's records, and its RDATA with the
/// new serial.
type NewSoa = (usize, Vec<u8>);

/// What a worker needs to read a piece it laid out back on its own, from
/// a state guessed for it, and compare its records with those expected
/// ([`Check`] then holds the guess against the state the text before the
/// piece leaves).
struct PieceReader<'z> {
    zone: &'z Zone,
    options: LoadOptions,
    /// The apex SOA with the new serial, if any.
    soa: Option<NewSoa>,
}

/// A piece read back on its own by the worker that laid it out.
struct PieceRead {
    /// The state it was read from: `None` for the text's first piece, read
    /// as the text's start is.
    from: Option<zone::StreamState>,
    /// The index among the text's records of its first record.
    first: usize,
    /// How many records it held.
    records: usize,
    /// Whether each was the one expected.
    same: bool,
    /// Whether it was read whole on its own ([`zone::RecordStream::read_alone`]).
    alone: bool,
    /// The state it ended in.
    end: Option<zone::StreamState>,
    /// The origin read, for the first piece.
    origin: Option<Vec<u8>>,
    findings: Vec<crate::finding::Finding>,
}

impl PieceReader<'_> {
    /// Reads `text`, the piece of the laid-out text whose first record is
    /// the `first`th, from `from` (`None`: as the text's start), and
    /// compares its records with `expected`.
    fn read(
        &self,
        text: &[u8],
        from: Option<zone::StreamState>,
        first: usize,
        expected: &dyn Expected,
        cursor: usize,
    ) -> PieceRead {
        let (zone, path) = (self.zone, self.zone.files[0].path.clone());
        let mut stream = match &from {
            Some(state) => zone::RecordStream::resume(path, &self.options, state, true),
            None => zone::RecordStream::new(path, text, &self.options),
        };
        let (mut next, mut cursor) = (first, cursor);
        let same = read_compared(
            &mut stream,
            text,
            (zone, self.soa.as_ref()),
            expected,
            &mut next,
            &mut cursor,
        );
        let (alone, end) = (stream.read_alone(), stream.state());
        let finished = stream.finish();
        PieceRead {
            from,
            first,
            records: next - first,
            same,
            alone,
            end,
            origin: finished.origin,
            findings: finished.findings,
        }
    }
}

/// Reads `part` with `stream` and compares each record read with the
/// expected record of `zone` (the apex SOA with its new serial, if `soa`
/// says so) that comes next, from the `next`th on (`cursor` is
/// [`Expected::record`]'s); whether every one was, and none came past the
/// last expected.
fn read_compared(
    stream: &mut zone::RecordStream<'_>,
    part: &[u8],
    (zone, soa): (&Zone, Option<&NewSoa>),
    expected: &dyn Expected,
    next: &mut usize,
    cursor: &mut usize,
) -> bool {
    let mut same = true;
    stream.read(part, |read, record| {
        if *next >= expected.len() {
            same = false;
            return;
        }
        let index = expected.record(*next, cursor) as usize;
        *next += 1;
        let rdata = match soa {
            Some((at, rdata)) if *at == index => rdata.as_slice(),
            _ => zone.rdata(&zone.records[index]),
        };
        same &= compare::same_record(zone, &zone.records[index], rdata, read, record);
    });
    same
}

/// For each record a laid-out text holds, in order, the index of the
/// record of the zone it is: the zone's records with each section's
/// records in the order they are written (`$INCLUDE` and `$GENERATE` lines
/// stay where they are, and what they read or make comes in the same
/// order).
trait Expected {
    /// How many records the text holds.
    fn len(&self) -> usize;

    /// The record of the zone the `index`th record of the text is.
    /// `cursor` (0 at first) is kept by the caller between look-ups: asked
    /// in order, each is found where the last one was.
    fn record(&self, index: usize, cursor: &mut usize) -> u32;
}

/// The records listed, for the tests.
#[cfg(test)]
impl Expected for &[u32] {
    fn len(&self) -> usize {
        <[u32]>::len(self)
    }

    fn record(&self, index: usize, _: &mut usize) -> u32 {
        self[index]
    }
}

/// The records a tree laid out holds (its lines in the order written).
struct LaidOut<'a, 'z>(&'a Tree<'z>);

impl Expected for LaidOut<'_, '_> {
    fn len(&self) -> usize {
        self.0.zone.records.len()
    }

    fn record(&self, index: usize, cursor: &mut usize) -> u32 {
        let sections = &self.0.sections;
        let end = |s: &Section| s.first_record as usize + s.lines.len();
        // The first section that ends after the record (from the cursor
        // on, asked in order).
        if sections
            .get(*cursor)
            .is_some_and(|s| (s.first_record as usize) > index)
        {
            *cursor = sections.partition_point(|s| end(s) <= index);
        }
        while sections.get(*cursor).is_some_and(|s| end(s) <= index) {
            *cursor += 1;
        }
        match sections.get(*cursor) {
            Some(s) if s.first_record as usize <= index => {
                let line = s.lines.start as usize + index - s.first_record as usize;
                self.0.lines[line].record
            }
            // A record no section holds: an included or generated one.
            _ => index as u32,
        }
    }
}

/// Checks a text as it is laid out, a piece at a time (see [`format_zone`]):
/// compares it with the file's own text and, from the first piece that
/// differs (from the start, with a new serial), reads it back as a fresh
/// run would (with `options`, how `zone` was read) and checks that it has
/// no syntax error, the same origin and the same records: the `i`th record
/// read must be the `i`th expected record of `zone` (owner without case,
/// TTL, class, type and RDATA; the apex SOA with the new serial), and
/// there must be as many. The records read are compared and let go a
/// stretch at a time: no second zone is held beside `zone`, nothing is
/// sorted, and a piece goes once it is read unless the text is kept.
struct Check<'z> {
    zone: &'z Zone,
    options: &'z LoadOptions,
    /// The file's text.
    file: &'z Text,
    /// How much text was laid out so far.
    written: usize,
    /// Whether the text laid out so far differs from the file's.
    differs: bool,
    /// Whether to read the text back when it differs.
    read_back: bool,
    /// The new serial, if any.
    serial: Option<u32>,
    /// The index of the apex SOA and its RDATA with the new serial.
    soa: Option<NewSoa>,
    /// How many records the text holds.
    expected_len: usize,
    /// Where the last look-up of an expected record ended.
    cursor: usize,
    /// How far the text was read back.
    reading: Reading<'z>,
    /// The origin the text's start tells, once read.
    origin: Option<Option<Vec<u8>>>,
    /// The syntax findings of the parts read back, in the order read.
    findings: Vec<crate::finding::Finding>,
    /// How many records were read back.
    next: usize,
    /// Whether each record read back so far was the one expected.
    same: bool,
    /// How many pieces read by their workers were not taken.
    refused: usize,
    /// The text, when it is kept.
    kept: Option<Vec<u8>>,
}

/// Where reading a laid-out text back stands.
enum Reading<'z> {
    /// Nothing read back (the text is the file's so far).
    NotStarted,
    /// Read by this reader, which goes on.
    Stream(Box<zone::RecordStream<'z>>),
    /// The last piece was read on its own by its worker: the state it
    /// left, for the next piece to start from.
    Between(zone::StreamState),
}

impl<'z> Check<'z> {
    fn new(
        zone: &'z Zone,
        options: &'z LoadOptions,
        serial: Option<u32>,
        read_back: bool,
        keep_text: bool,
    ) -> Self {
        // With a new serial, the apex SOA is compared with that serial.
        let soa = serial.and_then(|serial| {
            let record = apex_soa(zone)?;
            let index = zone.records.iter().position(|r| std::ptr::eq(r, record))?;
            let mut rdata = zone.rdata(record).to_vec();
            let at = soa_serial_offset(&rdata)?;
            rdata[at..at + 4].copy_from_slice(&serial.to_be_bytes());
            Some((index, rdata))
        });
        Check {
            zone,
            options,
            file: &zone.files[0].text,
            written: 0,
            differs: false,
            read_back,
            serial,
            soa,
            expected_len: 0,
            cursor: 0,
            reading: Reading::NotStarted,
            origin: None,
            findings: Vec::new(),
            next: 0,
            same: true,
            refused: 0,
            kept: keep_text.then(Vec::new),
        }
    }

    /// Starts reading back with `first`, the text's first part.
    fn start(&mut self, first: &[u8]) {
        self.reading = Reading::Stream(Box::new(zone::RecordStream::new(
            self.zone.files[0].path.clone(),
            first,
            self.options,
        )));
    }

    /// Starts reading back with the text laid out so far, which is the
    /// file's own.
    fn read_own_text(&mut self, expected: &dyn Expected) {
        let before = &self.file[..self.written];
        self.start(before);
        self.feed(before, expected);
    }

    /// Ends this reader's reading, keeping what it found.
    fn end_stream(&mut self, stream: Box<zone::RecordStream<'_>>) {
        let end = stream.finish();
        self.origin.get_or_insert(end.origin);
        self.findings.extend(end.findings);
    }

    /// Reads `part` back and compares its records with those expected,
    /// with this reader (from the state the last piece read on its own
    /// left, if it was).
    fn feed(&mut self, part: &[u8], expected: &dyn Expected) {
        let mut stream = match std::mem::replace(&mut self.reading, Reading::NotStarted) {
            Reading::Stream(stream) => stream,
            Reading::Between(state) => Box::new(zone::RecordStream::resume(
                self.zone.files[0].path.clone(),
                self.options,
                &state,
                false,
            )),
            Reading::NotStarted => return,
        };
        self.same &= read_compared(
            &mut stream,
            part,
            (self.zone, self.soa.as_ref()),
            expected,
            &mut self.next,
            &mut self.cursor,
        );
        self.reading = Reading::Stream(stream);
    }

    /// Takes `read`, a piece read on its own, if it reads as this reader
    /// would have read it: it starts at the record this reader is at, from
    /// the state this reader is in (or at the text's start), and was read
    /// whole on its own. Whether it was taken.
    fn take_read(&mut self, read: PieceRead) -> bool {
        if read.first != self.next || !read.alone {
            return false;
        }
        let Some(end) = read.end else {
            return false;
        };
        let end = match (&read.from, &self.reading) {
            (None, Reading::NotStarted) => end,
            (Some(from), Reading::Between(actual)) if from.starts_alike(actual) => {
                zone::StreamState::following(actual, end)
            }
            (Some(from), Reading::Stream(stream)) => match stream.state() {
                Some(actual) if from.starts_alike(&actual) => {
                    let end = zone::StreamState::following(&actual, end);
                    if let Reading::Stream(stream) =
                        std::mem::replace(&mut self.reading, Reading::NotStarted)
                    {
                        self.end_stream(stream);
                    }
                    end
                }
                _ => return false,
            },
            _ => return false,
        };
        if read.from.is_none() {
            self.origin = Some(read.origin);
        }
        self.findings.extend(read.findings);
        self.next += read.records;
        self.same &= read.same;
        self.reading = Reading::Between(end);
        true
    }

    /// Whether the text differs from the file's, and the text if kept; an
    /// error if it was read back and did not hold what it must.
    fn finish(mut self) -> Result<(bool, Option<Vec<u8>>), FormatError> {
        let changed = self.differs || self.written != self.file.len();
        match std::mem::replace(&mut self.reading, Reading::NotStarted) {
            Reading::NotStarted => return Ok((changed, self.kept)),
            Reading::Stream(stream) => self.end_stream(stream),
            Reading::Between(_) => {}
        }
        // In the order a whole read sorts them.
        self.findings
            .sort_by_key(|finding| (finding.file, finding.span.start));
        if let Some(finding) = self.findings.first() {
            return Err(FormatError::Unverified(format!(
                "has a syntax error ({})",
                finding.message
            )));
        }
        if self.origin.flatten() != self.zone.origin {
            return Err(FormatError::Unverified(
                "would give the zone another origin".into(),
            ));
        }
        if !self.same
            || self.next != self.expected_len
            || self.expected_len != self.zone.records.len()
        {
            return Err(FormatError::Unverified(
                "would not hold the same records".into(),
            ));
        }
        Ok((changed, self.kept))
    }
}

impl LayoutSink for Check<'_> {
    fn piece(
        &mut self,
        text: Vec<u8>,
        read: Option<PieceRead>,
        expected: &dyn Expected,
    ) -> Option<Vec<u8>> {
        self.expected_len = expected.len();
        let file = self.file;
        if !self.differs {
            let own = self.serial.is_none()
                && file
                    .get(self.written..)
                    .is_some_and(|rest| rest.starts_with(&text));
            if !own {
                self.differs = true;
                if self.read_back && self.written > 0 {
                    // What came before this piece is the file's own text.
                    self.read_own_text(expected);
                }
            }
        }
        if self.differs && self.read_back {
            // The piece as its worker read it, if that holds; else read
            // here, from where the text before it left the reader.
            let offered = read.is_some();
            if !read.is_some_and(|read| self.take_read(read)) {
                self.refused += usize::from(offered);
                if matches!(self.reading, Reading::NotStarted) {
                    self.start(&text);
                }
                self.feed(&text, expected);
            }
        }
        self.written += text.len();
        match &mut self.kept {
            Some(kept) if kept.capacity() == 0 => {
                *kept = text;
                // Aligned columns make a text up to about twice as long.
                kept.reserve(2 * file.len());
                None
            }
            Some(kept) => {
                kept.extend_from_slice(&text);
                Some(text)
            }
            None => Some(text),
        }
    }

    fn read_back_with(&self) -> Option<(LoadOptions, Option<NewSoa>)> {
        self.read_back
            .then(|| (self.options.clone(), self.soa.clone()))
    }

    fn reads_refused(&self) -> usize {
        self.refused
    }

    fn end(&mut self, expected: &dyn Expected) {
        self.expected_len = expected.len();
        let file = self.file;
        if self.read_back
            && matches!(self.reading, Reading::NotStarted)
            && self.written != file.len()
        {
            // The text is the start of the file's: read back all the same.
            self.read_own_text(expected);
        }
    }
}

/// Reads `text`, laid out from `zone` with the records `expected` (see
/// [`Expected`]), back as [`Check`] does, even if it is the
/// file's own text.
#[cfg(test)]
fn read_back(
    zone: &Zone,
    options: &LoadOptions,
    text: &[u8],
    expected: &[u32],
    serial: Option<u32>,
) -> Result<(), FormatError> {
    let mut check = Check::new(zone, options, serial, true, false);
    check.differs = true;
    check.start(text);
    check.piece(text.to_vec(), None, &expected);
    check.end(&expected);
    check.finish().map(drop)
}

/// Reads `text` back as a fresh run would and compares it with `zone`;
/// gives the text back when they match (as the read-back held it), or an
/// empty one without `keep_text`.
fn verify(
    zone: &Zone,
    options: &LoadOptions,
    text: Vec<u8>,
    serial: Option<u32>,
    keep_text: bool,
) -> Result<Text, FormatError> {
    let path = zone.files[0].path.clone();
    // Records are all the comparison needs.
    let options = LoadOptions {
        keep_heads: false,
        ..options.clone()
    };
    let mut after = zone::load_source(path, text, &options);
    // The comparison needs the records alone: the text goes back to the
    // caller (if it wants it) and the syntax tree goes before the records
    // are sorted.
    let text = if keep_text {
        std::mem::take(&mut after.files[0].text)
    } else {
        Text::default()
    };
    after.files.clear();
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
    Ok(text)
}

/// The first SOA record at the apex that the zone file itself holds.
fn apex_soa(zone: &Zone) -> Option<&zone::Record> {
    let origin = zone.origin.as_deref()?;
    zone.records.iter().find(|r| {
        r.record_type == TYPE_SOA
            && zone.file_of(r) == 0
            && zone.flags(r) & FLAG_GENERATED == 0
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
/// The class IN.
const CLASS_IN: u16 = 1;

/// Types whose RDATA is a list of `<character-string>`s that reads a
/// string over 255 octets as several (TXT, SPF, NINFO, AVC, RESINFO,
/// WALLET): splitting it in the text gives the same RDATA.
const STRING_LIST_TYPES: &[u16] = &[16, 99, 56, 258, 261, 262];

/// The longest owner that widens the owner column.
const MAX_OWNER_WIDTH: usize = 40;

/// Timer names of the SOA, in RDATA order after the two names.
const SOA_TIMERS: [&str; 5] = ["serial", "refresh", "retry", "expire", "minimum"];

/// `last_alt` while the tree is read: the owner is spelled as the
/// zone's name.
const SAME_OWNER: u32 = u32::MAX;

/// A directive entry.
#[derive(Debug)]
struct DirectiveLine {
    /// The first of the empty entries above it: `leading..entry`.
    leading: u32,
    /// Its entry.
    entry: u32,
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
    /// Its lines (they are consecutive): in the author's order as the tree
    /// is read, in the order they are written once it is laid out.
    lines: std::ops::Range<u32>,
    /// The record of its first line in the author's order: its records
    /// are the zone's records from this one on, one a line, in that order.
    first_record: u32,
    /// Where its block starts: the first of the empty entries that move
    /// with its first line in the author's order.
    leading: u32,
    /// The origin in force (wire).
    origin: Vec<u8>,
    /// How TTLs are written.
    ttl_mode: TtlMode,
}

/// What the formatted file is made of, in order.
#[derive(Debug)]
enum Block {
    /// Empty entries not attached to an item (the file's header, its end).
    Lines(std::ops::Range<u32>),
    /// A directive (index into the directives).
    Directive(usize),
    /// A section (index into the sections).
    Section(usize),
}

/// The zone file read into lines, directives and sections.
struct Tree<'z> {
    zone: &'z Zone,
    text: &'z [u8],
    entries: &'z zone::Entries,
    lines: Vec<Line>,
    directives: Vec<DirectiveLine>,
    sections: Vec<Section>,
    blocks: Vec<Block>,
    /// Owners spelled otherwise than the zone's name for them (a name
    /// written in another case further down): wire names, one after
    /// the other, and where each ends.
    other_owners: Vec<u8>,
    other_owner_ends: Vec<u32>,
    /// For the lines with `LINE_OTHER_OWNER`, by entry: the index of their
    /// owner in `other_owners`.
    other_owner_of: FxHashMap<u32, u32>,
    /// For the lines with `LINE_FAR_FIELDS`, by entry: their fields' places.
    far_fields: FxHashMap<u32, FarFields>,
    /// For the lines with `LINE_FAR_LEADING`, by entry: the first of the
    /// empty entries that move with it.
    far_leading: FxHashMap<u32, u32>,
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

/// Reads file 0 of `zone` into a [`Tree`]: one pass over the zone's
/// entries, reading each record entry's first fields only.
fn read_tree(zone: &Zone, pieces: usize) -> Result<Tree<'_>, FormatError> {
    let file = &zone.files[0];
    let text = file.text.as_slice();
    let origin = zone.origin.clone().ok_or(FormatError::Syntax)?;
    let mut tree = Tree {
        zone,
        text,
        entries: &file.entries,
        lines: Vec::new(),
        directives: Vec::new(),
        sections: Vec::new(),
        blocks: Vec::new(),
        other_owners: Vec::new(),
        other_owner_ends: Vec::new(),
        other_owner_of: FxHashMap::default(),
        far_fields: FxHashMap::default(),
        far_leading: FxHashMap::default(),
        origin_from_text: false,
        class_column: false,
    };
    // The first fields of every record entry: as the reader kept them,
    // else read again on every core.
    let heads = match zone.take_heads() {
        Some(heads) => heads,
        None => read_heads(zone, pieces)?,
    };
    tree.lines = heads.lines;
    tree.far_fields = heads.far.into_iter().collect();
    tree.class_column = heads.class_column;
    // The entries are read in parts, one a core, each from the state the
    // entries before it leave (found looking back from its start).
    let entries = &file.entries;
    let parts = match pieces {
        0 if tree.lines.len() >= 2 * PIECE_LINES => cores(),
        0 => 1,
        pieces => pieces,
    };
    let reader = PartReader {
        zone,
        text: &file.text,
        entries,
        far_fields: &tree.far_fields,
    };
    let bounds = reader.bounds(&tree.lines, parts);
    let mut starts = Vec::with_capacity(bounds.len() - 1);
    let mut line_bounds = Vec::with_capacity(bounds.len());
    for &at in &bounds {
        line_bounds.push(tree.lines.partition_point(|l| (l.entry as usize) < at));
    }
    for (&at, &line) in bounds.iter().zip(&line_bounds).take(bounds.len() - 1) {
        starts.push(reader.start_at(at, line > 0, &origin)?);
    }
    let mut lines = std::mem::take(&mut tree.lines);
    let mut slices = Vec::with_capacity(starts.len());
    let mut rest = lines.as_mut_slice();
    for pair in line_bounds.windows(2) {
        let (slice, after) = rest.split_at_mut(pair[1] - pair[0]);
        slices.push(slice);
        rest = after;
    }
    let jobs: Vec<_> = bounds
        .windows(2)
        .zip(line_bounds.iter())
        .zip(slices)
        .zip(starts)
        .map(|(((range, &line), slice), start)| (range[0]..range[1], line as u32, slice, start))
        .collect();
    let read = on_threads(jobs, |(range, line, slice, start)| {
        reader.read(range, line, slice, start)
    });
    tree.lines = lines;
    // The last $INCLUDE or $GENERATE, which pins the TTLs before it.
    let mut last_consumer = None;
    for part in read.iter().flatten() {
        last_consumer = part.last_consumer.or(last_consumer);
    }
    // The parts joined in order: the section a part ends in goes on in
    // the next part when that starts with a record.
    let mut open: Option<Drafted> = None;
    let mut pending = None;
    for part in read {
        let part = part?;
        let directive_base = tree.directives.len();
        let alt_base = tree.other_owner_ends.len() as u32;
        let owners_base = tree.other_owners.len() as u32;
        tree.other_owners.extend_from_slice(&part.other_owners);
        tree.other_owner_ends
            .extend(part.other_owner_ends.iter().map(|end| end + owners_base));
        tree.other_owner_of.extend(
            part.other_owner_of
                .iter()
                .map(|&(entry, alt)| (entry, alt + alt_base)),
        );
        tree.far_leading.extend(part.far_leading.iter().copied());
        tree.origin_from_text |= part.origin_from_text;
        tree.directives.extend(part.directives);
        let mut sections = part.sections.into_iter();
        for (position, block) in part.blocks.into_iter().enumerate() {
            match block {
                Block::Directive(index) => {
                    if let Some(done) = open.take() {
                        tree.push_section(done, last_consumer);
                    }
                    tree.blocks.push(Block::Directive(index + directive_base));
                }
                Block::Section(_) => {
                    let Some(drafted) = sections.next() else {
                        continue;
                    };
                    match open.as_mut() {
                        Some(before) if position == 0 => before.absorb(drafted),
                        _ => {
                            if let Some(done) = open.replace(drafted) {
                                tree.push_section(done, last_consumer);
                            }
                        }
                    }
                }
                Block::Lines(_) => {}
            }
        }
        pending = part.pending;
    }
    if let Some(done) = open.take() {
        tree.push_section(done, last_consumer);
    }
    if let Some(start) = pending {
        tree.blocks
            .push(Block::Lines(start..file.entries.len() as u32));
    }
    tree.split_header();
    tree.hoist_leading_directives();
    for index in 0..tree.sections.len() {
        let first = &tree.lines[tree.sections[index].lines.start as usize];
        tree.sections[index].leading = tree.leading_of(first);
    }
    Ok(tree)
}

/// A section read, its TTL mode not yet decided: the entries after it
/// may still add to it ([`read_tree`] joins the parts).
struct Drafted {
    section: Section,
    /// The default TTL in force where it starts.
    default: DefaultTtl,
    /// The entry of its last record.
    last: usize,
    /// Whether a record's TTL comes from nothing written.
    any_implicit: bool,
    /// The TTL of its first record with no TTL field.
    inherited: Option<u32>,
}

impl Drafted {
    /// Adds `after`, read from the entries that follow it with no
    /// directive between.
    fn absorb(&mut self, after: Drafted) {
        self.section.lines.end = after.section.lines.end;
        self.last = after.last;
        self.any_implicit |= after.any_implicit;
        self.inherited = self.inherited.or(after.inherited);
    }
}

/// The state where a part of the entries starts: what the entries before
/// it set.
struct PartStart {
    origin: Vec<u8>,
    default_ttl: DefaultTtl,
    seen_record: bool,
}

/// What a part of the entries gives the tree, counted from the part's
/// start where the tree counts otherwise (directives, sections and
/// spellings: [`read_tree`] counts them on).
#[derive(Default)]
struct Part {
    directives: Vec<DirectiveLine>,
    /// Directives and sections (one `Block::Section` a drafted section,
    /// in order).
    blocks: Vec<Block>,
    sections: Vec<Drafted>,
    other_owners: Vec<u8>,
    other_owner_ends: Vec<u32>,
    other_owner_of: Vec<(u32, u32)>,
    far_leading: Vec<(u32, u32)>,
    origin_from_text: bool,
    /// The first empty entry after the last item.
    pending: Option<u32>,
    /// Its last `$INCLUDE` or `$GENERATE` entry.
    last_consumer: Option<usize>,
}

/// Reads parts of a zone file's entries for the tree ([`read_tree`]).
struct PartReader<'z> {
    zone: &'z Zone,
    text: &'z Text,
    entries: &'z zone::Entries,
    far_fields: &'z FxHashMap<u32, FarFields>,
}

/// How far past the even split a part's start is looked for.
const PART_SEARCH: usize = 1 << 12;

impl PartReader<'_> {
    /// Where the `parts` parts start, and the end: each just after an item
    /// (its empty entries above go with what follows), at a directive or a
    /// record with an owner of its own, so that nothing but the state
    /// [`PartReader::start_at`] finds carries over from the part before.
    fn bounds(&self, lines: &[Line], parts: usize) -> Vec<usize> {
        let entries = self.entries;
        let count = entries.len();
        let mut bounds = vec![0];
        for part in 1..parts {
            let target = count * part / parts;
            let mut line = lines.partition_point(|l| (l.entry as usize) < target);
            let found = (target..count.min(target + PART_SEARCH)).find(|&index| {
                match entries.kind(index) {
                    EntryKind::Directive(_) => true,
                    EntryKind::Record => {
                        let own = lines.get(line).is_some_and(|l| {
                            l.entry as usize == index
                                && head_field_of(entries, self.far_fields, l, HeadField::Owner)
                                    .is_some()
                        });
                        line += 1;
                        own
                    }
                    EntryKind::Empty | EntryKind::Invalid => false,
                }
            });
            let Some(mut at) = found else {
                continue;
            };
            while at > 0 && entries.kind(at - 1) == EntryKind::Empty {
                at -= 1;
            }
            if at > *bounds.last().unwrap_or(&0) && at < count {
                bounds.push(at);
            }
        }
        bounds.push(count);
        bounds
    }

    /// The state at entry `at`: the origin (from `origin`, the zone's, and
    /// the `$ORIGIN`s before `at` back to an absolute one), the default TTL
    /// (the last `$TTL` or `$INCLUDE` before it), and whether a record
    /// came before it.
    fn start_at(
        &self,
        at: usize,
        seen_record: bool,
        origin: &[u8],
    ) -> Result<PartStart, FormatError> {
        let (entries, text) = (self.entries, self.text.as_slice());
        let mut buffer = Vec::new();
        // The directives that set the state, the last first: the `$ORIGIN`s
        // back to an absolute one (it does not depend on those before) and
        // the last `$TTL` or `$INCLUDE`.
        let mut followed = Vec::new();
        let (mut origin_found, mut ttl_found) = (false, false);
        for index in (0..at).rev() {
            if origin_found && ttl_found {
                break;
            }
            let EntryKind::Directive(directive) = entries.kind(index) else {
                continue;
            };
            match directive {
                Directive::Origin if !origin_found => {
                    let (fields, _) = entries.at(index).fields(text);
                    let field = fields.get(1).ok_or(FormatError::Syntax)?;
                    origin_found = name::parse(field.text, None, &mut buffer).is_ok();
                    followed.push((index, directive));
                }
                Directive::Ttl | Directive::Include if !ttl_found => {
                    ttl_found = true;
                    followed.push((index, directive));
                }
                _ => {}
            }
        }
        let (mut current, mut default_ttl) = (origin.to_vec(), DefaultTtl::None);
        for &(index, directive) in followed.iter().rev() {
            let (fields, _) = entries.at(index).fields(text);
            follow(
                directive,
                &fields,
                &mut current,
                &mut default_ttl,
                &mut buffer,
            )?;
        }
        Ok(PartStart {
            origin: current,
            default_ttl,
            seen_record,
        })
    }

    /// Reads the entries in `range` (their record lines are `lines`, the
    /// first being line `line_base` of the tree), from the state `start`.
    fn read(
        &self,
        range: std::ops::Range<usize>,
        line_base: u32,
        lines: &mut [Line],
        start: PartStart,
    ) -> Result<Part, FormatError> {
        let (zone, entries, file) = (self.zone, self.entries, self.text);
        let text = file.as_slice();
        let mut part = Part::default();
        let PartStart {
            origin: mut current_origin,
            mut default_ttl,
            mut seen_record,
        } = start;
        // The first empty entry since the last item.
        let mut pending: Option<u32> = None;
        // Whether the origin in force has no upper-case letter.
        let mut origin_lower = !current_origin.iter().any(u8::is_ascii_uppercase);
        // The last owner; whether the author spelled it as the zone does,
        // else that spelling and its entry in `other_owners` once it has
        // one.
        let mut last_id: Option<NameId> = None;
        let mut spelled_as_zone = true;
        let mut last_owner: Vec<u8> = Vec::new();
        let mut last_alt = SAME_OWNER;
        // The section being filled.
        let mut section: Option<Drafted> = None;
        let mut buffer = Vec::new();
        // The next of the lines.
        let mut next_line = 0;
        // A mapped file's pages read (directives, comments) go as it is read.
        let mut released = range
            .clone()
            .next()
            .map_or(0, |index| entries.start(index) as usize);
        for index in range {
            let entry = entries.at(index);
            if index % 4096 == 4095 {
                file.release(released..entry.span.start as usize);
                released = entry.span.start as usize;
            }
            let leading = pending.take().unwrap_or(index as u32);
            match entry.kind {
                EntryKind::Invalid => return Err(FormatError::Syntax),
                EntryKind::Empty => pending = Some(leading),
                EntryKind::Directive(directive) => {
                    if let Some(done) = section.take() {
                        part.sections.push(self.close(done, lines, line_base));
                        part.blocks.push(Block::Section(part.sections.len() - 1));
                    }
                    let (all, _) = entry.fields(text);
                    let arguments: Vec<Span> = all.iter().skip(1).map(|f| f.span).collect();
                    follow(
                        directive,
                        &all,
                        &mut current_origin,
                        &mut default_ttl,
                        &mut buffer,
                    )?;
                    match directive {
                        Directive::Origin => {
                            part.origin_from_text |= !seen_record;
                            origin_lower = !current_origin.iter().any(u8::is_ascii_uppercase);
                        }
                        Directive::Include | Directive::Generate => {
                            part.last_consumer = Some(index);
                        }
                        Directive::Ttl | Directive::Date => {}
                    }
                    let comments = entry
                        .tokens(text)
                        .filter(|t| t.kind == TokenKind::Comment)
                        .map(|t| t.span)
                        .collect();
                    part.directives.push(DirectiveLine {
                        leading,
                        entry: index as u32,
                        directive,
                        span: entry.span,
                        arguments,
                        comments,
                    });
                    part.blocks
                        .push(Block::Directive(part.directives.len() - 1));
                }
                EntryKind::Record => {
                    seen_record = true;
                    let line = next_line;
                    next_line += 1;
                    let head = *lines.get(line).ok_or(FormatError::Syntax)?;
                    // Read for this entry, or the zone is not the one read.
                    if head.entry != index as u32 {
                        return Err(FormatError::Unverified(
                            "was changed since it was read".into(),
                        ));
                    }
                    let record_index = head.record;
                    let record = zone
                        .records
                        .get(record_index as usize)
                        .ok_or(FormatError::Syntax)?;
                    let mut flags =
                        head.flags & (LINE_PREFIX_COMMENT | LINE_ABSOLUTE_OWNER | LINE_FAR_FIELDS);
                    if let Some(span) =
                        head_field_of(entries, self.far_fields, &head, HeadField::Owner)
                    {
                        let resolved = zone.owner(record);
                        let plain = head.flags & LINE_PLAIN_OWNER != 0;
                        let absolute = plain && head.flags & LINE_ABSOLUTE_OWNER != 0;
                        if plain
                            && (absolute || origin_lower)
                            && !resolved.iter().any(u8::is_ascii_uppercase)
                        {
                            // Written in lower case, as the zone holds it:
                            // the zone's name is the author's (most owners).
                            spelled_as_zone = true;
                        } else {
                            let written = &text[span.range()];
                            let field = if head.flags & LINE_QUOTED_OWNER != 0 {
                                &written[1..written.len() - 1]
                            } else {
                                written
                            };
                            name::parse(field, Some(&current_origin), &mut buffer)
                                .map_err(|_| FormatError::Syntax)?;
                            spelled_as_zone =
                                buffer == resolved || !name::eq_ignore_case(&buffer, resolved);
                            if !spelled_as_zone {
                                last_owner.clone_from(&buffer);
                            }
                            flags &= !LINE_ABSOLUTE_OWNER;
                            if name::parse(field, None, &mut buffer).is_ok() {
                                flags |= LINE_ABSOLUTE_OWNER;
                            }
                        }
                        last_id = Some(record.owner);
                        last_alt = SAME_OWNER;
                    }
                    // After a $GENERATE the inherited owner is the last one
                    // it made, which only the zone knows (equal ids: equal
                    // names but for case).
                    if last_id != Some(record.owner) {
                        last_id = Some(record.owner);
                        spelled_as_zone = true;
                        last_alt = SAME_OWNER;
                    }
                    if !spelled_as_zone {
                        if last_alt == SAME_OWNER {
                            part.other_owners.extend_from_slice(&last_owner);
                            part.other_owner_ends.push(part.other_owners.len() as u32);
                            last_alt = part.other_owner_ends.len() as u32 - 1;
                        }
                        part.other_owner_of.push((index as u32, last_alt));
                        flags |= LINE_OTHER_OWNER;
                    }
                    let mut laid = Line {
                        entry: index as u32,
                        record: record_index,
                        flags,
                        ..head
                    };
                    if let Some(far) = laid.set_leading(leading) {
                        part.far_leading.push((index as u32, far));
                    }
                    lines[line] = laid;
                    let line = line_base + line as u32;
                    match &mut section {
                        Some(open) => {
                            open.section.lines.end = line + 1;
                            open.last = index;
                        }
                        None => {
                            section = Some(Drafted {
                                section: Section {
                                    lines: line..line + 1,
                                    first_record: record_index,
                                    leading: 0,
                                    origin: current_origin.clone(),
                                    ttl_mode: TtlMode::Explicit,
                                },
                                default: default_ttl,
                                last: index,
                                any_implicit: false,
                                inherited: None,
                            });
                        }
                    }
                }
            }
        }
        if let Some(done) = section.take() {
            part.sections.push(self.close(done, lines, line_base));
            part.blocks.push(Block::Section(part.sections.len() - 1));
        }
        part.pending = pending;
        Ok(part)
    }

    /// A section whose last line was read: what its lines (among `lines`,
    /// the first being line `line_base`) tell of its TTLs.
    fn close(&self, mut drafted: Drafted, lines: &[Line], line_base: u32) -> Drafted {
        let zone = self.zone;
        let range = &drafted.section.lines;
        let lines = &lines[(range.start - line_base) as usize..(range.end - line_base) as usize];
        let record = |line: &Line| &zone.records[line.record as usize];
        drafted.any_implicit = lines
            .iter()
            .any(|l| zone.flags(record(l)) & FLAG_IMPLICIT_TTL != 0);
        drafted.inherited = lines
            .iter()
            .find(|l| head_field_of(self.entries, self.far_fields, l, HeadField::Ttl).is_none())
            .map(|l| zone.ttl(record(l)));
        drafted
    }
}

/// Follows a directive as the zone reader does: `$ORIGIN` (relative to
/// `origin`, the one in force), `$TTL`, and `$INCLUDE`, after which the
/// default TTL is unknown (the included file may set one). `fields` are
/// the directive entry's.
fn follow(
    directive: Directive,
    fields: &[syntax::Field<'_>],
    origin: &mut Vec<u8>,
    default_ttl: &mut DefaultTtl,
    buffer: &mut Vec<u8>,
) -> Result<(), FormatError> {
    match directive {
        Directive::Origin => {
            let field = fields.get(1).ok_or(FormatError::Syntax)?;
            name::parse(field.text, Some(origin), buffer).map_err(|_| FormatError::Syntax)?;
            origin.clone_from(buffer);
        }
        Directive::Ttl => {
            let field = fields.get(1).ok_or(FormatError::Syntax)?;
            let value = syntax::parse_ttl(field.text).map_err(|_| FormatError::Syntax)?;
            *default_ttl = DefaultTtl::Known(value);
        }
        Directive::Include => *default_ttl = DefaultTtl::Unknown,
        Directive::Generate | Directive::Date => {}
    }
    Ok(())
}

/// One of the first fields of a line kept as places.
#[derive(Clone, Copy)]
enum HeadField {
    Owner,
    Ttl,
}

/// The owner or TTL field of a line as written, when the entry has one
/// (the places that do not fit the line are in `far_fields`).
fn head_field_of(
    entries: &zone::Entries,
    far_fields: &FxHashMap<u32, FarFields>,
    line: &Line,
    field: HeadField,
) -> Option<Span> {
    if line.flags & LINE_FAR_FIELDS != 0 {
        let far = far_fields.get(&line.entry)?;
        return match field {
            HeadField::Owner => far.owner_text,
            HeadField::Ttl => far.ttl_text,
        }
        .get();
    }
    let (at, length) = match field {
        HeadField::Owner => (0, line.owner_len),
        HeadField::Ttl => (line.ttl_at, line.ttl_len),
    };
    let start = entries.start(line.entry as usize) as usize + usize::from(at);
    (length > 0).then(|| Span::new(start, start + usize::from(length)))
}

/// The entries from which reading the record entries' first fields is
/// worth a core of its own.
const PIECE_ENTRIES: usize = 1 << 16;

/// What the reader keeps with [`LoadOptions::keep_heads`], read again
/// from the zone file of `zone` when it was read without: a [`Line`] for
/// each record entry with its record and what its first fields tell (the
/// spans of its owner and TTL fields, where its type ends, `LINE_` flags),
/// and whether any record names its class. The entries are read in one
/// piece per core (in `pieces` pieces, if not 0).
fn read_heads(zone: &Zone, pieces: usize) -> Result<Heads, FormatError> {
    let (file, entries) = (&zone.files[0].text, &zone.files[0].entries);
    let count = match pieces {
        0 => cores().min(entries.len() / PIECE_ENTRIES).max(1),
        pieces => pieces,
    };
    let bounds: Vec<usize> = (0..=count).map(|i| entries.len() * i / count).collect();
    let records: Vec<usize> = bounds
        .windows(2)
        .map(|w| {
            (w[0]..w[1])
                .filter(|&i| entries.kind(i) == EntryKind::Record)
                .count()
        })
        .collect();
    let blank = Line {
        entry: 0,
        record: 0,
        ttl_at: 0,
        type_end_at: 0,
        owner_len: 0,
        ttl_len: 0,
        leading_count: 0,
        flags: 0,
    };
    let mut lines = vec![blank; records.iter().sum()];
    let mut rest = lines.as_mut_slice();
    let mut pieces = Vec::with_capacity(count);
    for (i, &n) in records.iter().enumerate() {
        let (piece, after) = rest.split_at_mut(n);
        rest = after;
        pieces.push((bounds[i]..bounds[i + 1], piece));
    }
    let results = on_threads(pieces, |(range, lines)| {
        read_piece_heads(file, entries, range, lines)
    });
    let mut heads = Heads {
        lines,
        ..Heads::default()
    };
    for result in results {
        let (far, class) = result?;
        heads.class_column |= class;
        heads.far.extend(far);
    }
    // The record of each line, as the reader gives it: records and lines
    // are both in entry order (a generated record belongs to its $GENERATE
    // line and is not laid out; a line left without one is an error).
    let mut lines = heads.lines.iter_mut().peekable();
    for (index, record) in zone.records.iter().enumerate() {
        if zone.file_of(record) != 0 || zone.flags(record) & FLAG_GENERATED != 0 {
            continue;
        }
        while lines.next_if(|line| line.entry < record.entry).is_some() {}
        if let Some(line) = lines.next_if(|line| line.entry == record.entry) {
            line.record = index as u32;
        }
    }
    Ok(heads)
}

/// [`read_heads`] for one piece: fills `lines` from the record entries of
/// `entries` in `range`, in order, read again by the parser as the reader
/// read them.
fn read_piece_heads(
    file: &Text,
    entries: &zone::Entries,
    range: std::ops::Range<usize>,
    lines: &mut [Line],
) -> Result<(Vec<(u32, FarFields)>, bool), FormatError> {
    let text: &[u8] = file;
    let start = entries
        .get(range.start)
        .map_or(0, |e| e.span.start as usize);
    // A mapped file's pages read go as the piece is read.
    let mut released = start;
    let mut class_column = false;
    let mut far = Vec::new();
    let mut parser = Parser::at(text, start);
    let mut lines = lines.iter_mut();
    for index in range {
        let entry = parser.next_entry().ok_or(FormatError::Syntax)?;
        if entry.span.start != entries.start(index) {
            return Err(FormatError::Syntax);
        }
        if entries.kind(index) != EntryKind::Record {
            continue;
        }
        let line = lines.next().ok_or(FormatError::Syntax)?;
        if index % 4096 == 4095 {
            file.release(released..entry.span.start as usize);
            released = entry.span.start as usize;
        }
        let syntax = entry.record(true).map_err(|_| FormatError::Syntax)?;
        class_column |= syntax.class.is_some();
        let (head, fields) = Line::read(
            text,
            (index as u32, u32::MAX),
            &entry,
            syntax.owner,
            syntax.ttl.map(|(f, _)| f.span),
            syntax.record_type.0.span.end,
        );
        *line = head;
        if let Some(fields) = fields {
            far.push((index as u32, fields));
        }
    }
    Ok((far, class_column))
}

/// The words of `text[start..end]` (a record's RDATA: from its type to
/// the end of its entry) into `fields`, when that is plain words on one
/// line (nearly every record): what reading its tokens gives (words of the
/// lexer, separated by spaces and tabs), found without the lexer. False
/// when anything else comes (a quote, parenthesis, comment, escape or
/// carriage return, a second line, or a word running on past `end`): then
/// the tokens must be read.
fn plain_rdata(text: &[u8], start: u32, end: u32, fields: &mut Vec<Span>) -> bool {
    let (start, end) = (start as usize, (end as usize).min(text.len()));
    let stretch = &text[start..end];
    let mut i = 0;
    while i < stretch.len() {
        match LINE_BYTES[stretch[i] as usize] {
            LineByte::Blank => i += 1,
            // The entry's line ending, and nothing after it.
            LineByte::Newline => return start + i + 1 == end,
            LineByte::CarriageReturn | LineByte::Other => return false,
            LineByte::Word => {
                let from = i;
                i = syntax::lexer::inside_run_end(stretch, i);
                // A word running past the stretch's end is not the entry's.
                if i == stretch.len()
                    && text.get(end).is_some_and(|&b| {
                        !matches!(LINE_BYTES[b as usize], LineByte::Blank | LineByte::Newline)
                    })
                {
                    return false;
                }
                fields.push(Span::new(start + from, start + i));
            }
        }
    }
    true
}

/// One line of output: a blank line, a comment-only line, or an item.
#[derive(Clone, Copy, Debug)]
enum Leading {
    /// An empty line.
    Blank,
    /// A comment-only line (the comment's span).
    Comment(Span),
}

impl Tree<'_> {
    /// Where block `block` starts in the file (its end for the end).
    fn block_start(&self, block: usize) -> usize {
        let entry = match self.blocks.get(block) {
            None => return self.text.len(),
            Some(Block::Lines(range)) => range.start,
            Some(Block::Directive(d)) => self.directives[*d].leading,
            Some(Block::Section(s)) => self.sections[*s].leading,
        };
        self.entries
            .get(entry as usize)
            .map_or(self.text.len(), |e| e.span.start as usize)
    }

    /// The blank and comment-only lines that empty entries `range` hold.
    fn leading_lines(&self, range: std::ops::Range<u32>) -> impl Iterator<Item = Leading> + '_ {
        (range.start as usize..range.end as usize)
            .map(|index| self.entries.at(index))
            .flat_map(|entry| {
                let end = entry.span.end;
                let mut comments = syntax::Lexer::at(self.text, entry.span.start as usize)
                    .take_while(move |t| t.span.end <= end)
                    .filter(|t| t.kind == TokenKind::Comment)
                    .map(|t| Leading::Comment(t.span))
                    .peekable();
                let blank = comments.peek().is_none();
                blank.then_some(Leading::Blank).into_iter().chain(comments)
            })
    }

    /// The owner field of a line as written, when the entry has one.
    fn owner_text(&self, line: &Line) -> Option<Span> {
        head_field_of(self.entries, &self.far_fields, line, HeadField::Owner)
    }

    /// The TTL field of a line as written, when the entry has one.
    fn ttl_text(&self, line: &Line) -> Option<Span> {
        head_field_of(self.entries, &self.far_fields, line, HeadField::Ttl)
    }

    /// Where the type field of a line ends.
    fn type_end(&self, line: &Line) -> u32 {
        if line.flags & LINE_FAR_FIELDS != 0 {
            return self
                .far_fields
                .get(&line.entry)
                .map_or(0, |far| far.type_end);
        }
        self.entries.start(line.entry as usize) + u32::from(line.type_end_at)
    }

    /// The first of the empty entries just above a line that move with
    /// it: `leading_of(line)..line.entry`.
    fn leading_of(&self, line: &Line) -> u32 {
        if line.flags & LINE_FAR_LEADING != 0 {
            return self
                .far_leading
                .get(&line.entry)
                .copied()
                .unwrap_or(line.entry);
        }
        line.entry - u32::from(line.leading_count)
    }

    /// Sets the first of the empty entries that move with line `index`
    /// (its entry already set).
    fn set_leading(&mut self, index: usize, leading: u32) {
        let line = &mut self.lines[index];
        if let Some(far) = line.set_leading(leading) {
            self.far_leading.insert(line.entry, far);
        }
    }

    /// The owner of a line in wire form, in the author's case.
    fn owner(&self, line: &Line) -> &[u8] {
        let alt = match line.flags & LINE_OTHER_OWNER {
            0 => None,
            _ => self.other_owner_of.get(&line.entry),
        };
        let Some(&index) = alt else {
            return self.zone.owner(self.record(line));
        };
        let index = index as usize;
        let start = match index {
            0 => 0,
            _ => self.other_owner_ends[index - 1] as usize,
        };
        &self.other_owners[start..self.other_owner_ends[index] as usize]
    }

    /// The record of a line.
    fn record(&self, line: &Line) -> &zone::Record {
        &self.zone.records[line.record as usize]
    }

    /// The owner of a line as a name id: equal ids, equal names ignoring case.
    fn owner_id(&self, line: &Line) -> NameId {
        self.record(line).owner
    }

    /// Widens `widths` to the cells of `lines`, a section's lines in the
    /// order they are written: what the walk writes of them. The owner is
    /// written on a section's first line, where it changes, and after a
    /// blank line (which the walk writes from an empty entry above the
    /// line with no comment); the TTL, class and type on every line.
    fn measure(
        &self,
        section: &Section,
        lines: &[Line],
        names: &mut TypeNames,
        cell: &mut Vec<u8>,
        widths: &mut Widths,
    ) {
        let mut previous = None;
        for line in lines {
            let owner = self.owner_id(line);
            let shown = previous != Some(owner)
                || self
                    .leading_lines(self.leading_of(line)..line.entry)
                    .any(|item| matches!(item, Leading::Blank));
            previous = Some(owner);
            if shown {
                cell.clear();
                self.write_owner(line, &section.origin, cell);
                if cell.len() <= MAX_OWNER_WIDTH {
                    widths.owner = widths.owner.max(cell.len());
                }
            }
            cell.clear();
            self.write_ttl(line, section, cell);
            widths.ttl = widths.ttl.max(cell.len());
            let record = self.record(line);
            if self.class_column {
                widths.class = widths
                    .class
                    .max(names.class(self.zone.record_class(record)).len());
            }
            widths.record_type = widths
                .record_type
                .max(names.record_type(record.record_type).len());
        }
    }

    /// Closes a section: decides its TTL mode and adds it to the blocks.
    fn push_section(&mut self, drafted: Drafted, last_consumer: Option<usize>) {
        let Drafted {
            mut section,
            default,
            last,
            any_implicit,
            inherited,
        } = drafted;
        let mode = match default {
            _ if any_implicit => TtlMode::Explicit,
            DefaultTtl::Known(value) => TtlMode::Default(value),
            DefaultTtl::None => TtlMode::Explicit,
            DefaultTtl::Unknown => inherited.map_or(TtlMode::Explicit, TtlMode::Default),
        };
        section.ttl_mode = match mode {
            TtlMode::Explicit if last_consumer.is_some_and(|c| c > last) => TtlMode::Pinned,
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
        let (range, is_directive) = match self.blocks.first() {
            Some(Block::Directive(d)) => {
                let directive = &self.directives[*d];
                (directive.leading..directive.entry, true)
            }
            Some(Block::Section(s)) => {
                // The first line in the author's order is the first entry.
                let first = &self.lines[self.sections[*s].lines.start as usize];
                (self.leading_of(first)..first.entry, false)
            }
            _ => return,
        };
        // Down to the last blank line (a blank line is an entry of its own).
        let cut = if is_directive {
            range.end
        } else {
            (range.start..range.end)
                .rev()
                .find(|&e| {
                    !self
                        .entries
                        .at(e as usize)
                        .tokens(self.text)
                        .any(|t| t.kind == TokenKind::Comment)
                })
                .map_or(range.start, |e| e + 1)
        };
        if cut == range.start {
            return;
        }
        match self.blocks.first() {
            Some(Block::Directive(d)) => self.directives[*d].leading = cut,
            Some(Block::Section(s)) => {
                let first = self.sections[*s].lines.start as usize;
                self.set_leading(first, cut);
            }
            _ => return,
        }
        self.blocks.insert(0, Block::Lines(range.start..cut));
    }
}

//------------ Order ---------------------------------------------------------

/// Per-name tables for ordering sections, indexed by name id; each
/// section puts back what it set.
///
/// A section with few lines for the zone's names (a TLD zone's hundred
/// thousand sections of a delegation each) keeps them in a map instead:
/// a table for every name on every core would outweigh the lines.
struct OrderScratch<'z> {
    /// How many names the zone has.
    names: usize,
    /// Whether the section being ordered uses the table (else the map).
    dense: bool,
    /// The notes of every name, by id (made for the first large section).
    table: Vec<NameNote>,
    /// The notes of the names a small section met.
    sparse: FxHashMap<NameId, NameNote>,
    /// The owners of the section's address records, by name as the zone
    /// holds it: an NS target is looked up here before among all the
    /// zone's names (a small table, where a glue record's owner nearly
    /// always is).
    addresses: FxHashMap<&'z [u8], NameId>,
    /// The lists a section is ordered with, kept from one section to the
    /// next (a TLD zone has many small sections).
    lists: OrderLists,
}

/// The lists [`Tree::order`] fills for a section (see there).
#[derive(Default)]
struct OrderLists {
    touched: Vec<NameId>,
    units: Vec<NameId>,
    unit_of_line: Vec<u32>,
    glue_unit: Vec<u32>,
    unit_starts: Vec<u32>,
    unit_lines: Vec<u32>,
    glue_starts: Vec<u32>,
    glue_lines: Vec<u32>,
    next: Vec<u32>,
    unit_order: Vec<u32>,
    run: Vec<u32>,
    first: FxHashMap<NameId, usize>,
}

/// What ordering a section notes of a name.
#[derive(Clone, Copy)]
struct NameNote {
    /// Its unit (owner group) in the section, or `u32::MAX`.
    unit: u32,
    /// The deepest delegation of the section whose NS records name it
    /// and that it lies at or below, or `NameId::MAX`.
    glue_parent: NameId,
    /// Whether the name owns NS records of a delegation in the section.
    delegation: bool,
}

/// The note of a name the section has not met.
const NOT_MET: NameNote = NameNote {
    unit: u32::MAX,
    glue_parent: NameId::MAX,
    delegation: false,
};

impl OrderScratch<'_> {
    fn new(names: usize) -> Self {
        OrderScratch {
            names,
            dense: false,
            table: Vec::new(),
            sparse: FxHashMap::default(),
            addresses: FxHashMap::default(),
            lists: OrderLists::default(),
        }
    }

    /// Makes ready for a section of `lines` lines.
    fn begin(&mut self, lines: usize) {
        self.sparse.clear();
        self.dense = lines.saturating_mul(16) >= self.names;
        if self.dense && self.table.is_empty() {
            self.table = vec![NOT_MET; self.names];
        }
    }

    fn note(&self, id: NameId) -> NameNote {
        if self.dense {
            self.table[id as usize]
        } else {
            self.sparse.get(&id).copied().unwrap_or(NOT_MET)
        }
    }

    fn note_mut(&mut self, id: NameId) -> &mut NameNote {
        if self.dense {
            &mut self.table[id as usize]
        } else {
            self.sparse.entry(id).or_insert(NOT_MET)
        }
    }
}

/// Sorts the positions of `keys` whose key is not `u32::MAX` by key,
/// stably, for keys below `count`: `items` gets the positions, and
/// `starts` where each key's run of them starts (and, last, their end).
fn bucket(
    keys: &[u32],
    count: usize,
    starts: &mut Vec<u32>,
    items: &mut Vec<u32>,
    next: &mut Vec<u32>,
) {
    starts.clear();
    starts.resize(count + 1, 0);
    for &key in keys.iter().filter(|&&k| k != u32::MAX) {
        starts[key as usize + 1] += 1;
    }
    for key in 0..count {
        starts[key + 1] += starts[key];
    }
    next.clear();
    next.extend_from_slice(starts);
    items.clear();
    items.resize(starts[count] as usize, 0);
    for (position, &key) in keys.iter().enumerate() {
        if key != u32::MAX {
            items[next[key as usize] as usize] = position as u32;
            next[key as usize] += 1;
        }
    }
}

impl<'z> Tree<'z> {
    /// Appends the positions in `lines` (the section's) of the section's
    /// lines, in the order they are written, to `order`.
    fn order(
        &self,
        section: &Section,
        lines: &[Line],
        sort: bool,
        scratch: &mut OrderScratch<'z>,
        order: &mut Vec<u32>,
    ) {
        if section.ttl_mode == TtlMode::Pinned {
            order.extend(0..lines.len() as u32);
            return;
        }
        let zone = self.zone;
        scratch.begin(lines.len());
        let mut lists = std::mem::take(&mut scratch.lists);
        let OrderLists {
            touched,
            units,
            unit_of_line,
            glue_unit,
            unit_starts,
            unit_lines,
            glue_starts,
            glue_lines,
            next,
            unit_order,
            run,
            first,
        } = &mut lists;
        touched.clear();
        units.clear();
        let apex_name = zone.origin.as_deref().unwrap_or_default();
        let apex = zone.names.lookup(apex_name);
        // The delegations of this section, and for each name their NS
        // records name, the deepest of them it lies at or below: a glue
        // record goes to the deepest delegation that names it (the first
        // met walking up from its owner).
        let mut addresses_noted = false;
        // The last NS owner met, and whether it is a delegation.
        let mut last_ns: Option<(NameId, bool)> = None;
        for line in lines {
            let record = self.record(line);
            if record.record_type != TYPE_NS || Some(record.owner) == apex {
                continue;
            }
            let delegation = zone.owner(record);
            let below = match last_ns {
                Some((owner, below)) if owner == record.owner => below,
                _ => {
                    let below = name::is_subdomain(delegation, apex_name);
                    if below {
                        scratch.note_mut(record.owner).delegation = true;
                        touched.push(record.owner);
                    }
                    below
                }
            };
            last_ns = Some((record.owner, below));
            if !below {
                continue;
            }
            let target = zone.rdata(record);
            if !name::is_subdomain(target, delegation) {
                continue;
            }
            if !addresses_noted {
                addresses_noted = true;
                scratch.addresses.clear();
                let mut last = NameId::MAX;
                for line in lines {
                    let record = self.record(line);
                    if matches!(record.record_type, TYPE_A | TYPE_AAAA) && record.owner != last {
                        last = record.owner;
                        scratch.addresses.insert(zone.owner(record), record.owner);
                    }
                }
            }
            // Equal bytes are the same name; a target spelled otherwise
            // (in another case) is looked up among all the names.
            let found = scratch.addresses.get(target).copied();
            if let Some(target) = found.or_else(|| zone.names.lookup(target)) {
                let parent = scratch.note(target).glue_parent;
                if parent == NameId::MAX || zone.names.get(parent).len() < delegation.len() {
                    scratch.note_mut(target).glue_parent = record.owner;
                }
                touched.push(target);
            }
        }
        // Owners in order of first use (units), each with its records; an
        // address record of a name a delegation's NS records name is that
        // delegation's glue (noted by the delegation's name for now). The
        // note of the last owner is kept: records of one owner come
        // together.
        unit_of_line.clear();
        unit_of_line.resize(lines.len(), u32::MAX);
        glue_unit.clear();
        glue_unit.resize(lines.len(), u32::MAX);
        let mut any_glue = false;
        let mut last: Option<(NameId, NameNote)> = None;
        for (position, line) in lines.iter().enumerate() {
            let record = self.record(line);
            let id = record.owner;
            let mut note = match last {
                Some((owner, note)) if owner == id => note,
                _ => scratch.note(id),
            };
            if note.glue_parent != NameId::MAX && matches!(record.record_type, TYPE_A | TYPE_AAAA) {
                glue_unit[position] = note.glue_parent;
                any_glue = true;
            } else {
                if note.unit == u32::MAX {
                    note.unit = units.len() as u32;
                    scratch.note_mut(id).unit = note.unit;
                    units.push(id);
                }
                unit_of_line[position] = note.unit;
            }
            last = Some((id, note));
        }
        if any_glue {
            // The delegation has a unit: its NS records are no glue.
            for unit in glue_unit.iter_mut().filter(|u| **u != u32::MAX) {
                *unit = scratch.note(*unit).unit;
            }
        }
        for &id in units.iter() {
            scratch.note_mut(id).unit = u32::MAX;
        }
        for &id in touched.iter() {
            scratch.note_mut(id).glue_parent = NameId::MAX;
        }
        // Each unit's records, then each delegation's glue, as runs of
        // one array (a stable bucket sort by unit).
        bucket(unit_of_line, units.len(), unit_starts, unit_lines, next);
        bucket(glue_unit, units.len(), glue_starts, glue_lines, next);
        // The apex first, then the others (sorted with --sort).
        unit_order.clear();
        unit_order.extend(0..units.len() as u32);
        if let Some(position) = unit_order
            .iter()
            .position(|&u| Some(units[u as usize]) == apex)
        {
            let unit = unit_order.remove(position);
            unit_order.insert(0, unit);
        }
        if sort {
            let skip = usize::from(
                unit_order
                    .first()
                    .is_some_and(|&u| Some(units[u as usize]) == apex),
            );
            unit_order[skip..].sort_by(|&a, &b| {
                canonical_order(
                    zone.names.get(units[a as usize]),
                    zone.names.get(units[b as usize]),
                )
            });
        }
        order.reserve(lines.len());
        let record_type = |position: u32| self.record(&lines[position as usize]).record_type;
        let owner = |position: u32| self.owner_id(&lines[position as usize]);
        for &unit in unit_order.iter() {
            let id = units[unit as usize];
            let unit = unit as usize;
            let own = &unit_lines[unit_starts[unit] as usize..unit_starts[unit + 1] as usize];
            let glue = &glue_lines[glue_starts[unit] as usize..glue_starts[unit + 1] as usize];
            let at_apex = Some(id) == apex;
            if !at_apex && !scratch.note(id).delegation {
                // Neither the apex nor a delegation: its records as they are.
                order.extend_from_slice(own);
                continue;
            }
            run.clear();
            run.extend_from_slice(own);
            if at_apex {
                run.sort_by_key(|&p| match record_type(p) {
                    TYPE_SOA => 0,
                    TYPE_NS => 1,
                    _ => 2,
                });
            } else {
                run.sort_by_key(|&p| match record_type(p) {
                    TYPE_NS => 0,
                    TYPE_DS => 1,
                    _ => 2,
                });
                // Its glue, grouped by owner in order of first use.
                let start = run.len();
                run.extend_from_slice(glue);
                let grouped =
                    glue.windows(2).all(|w| owner(w[0]) == owner(w[1])) || glue.len() == 2;
                if !grouped {
                    first.clear();
                    for (position, &p) in glue.iter().enumerate() {
                        first.entry(owner(p)).or_insert(position);
                    }
                    run[start..].sort_by_key(|&p| first[&owner(p)]);
                }
            }
            order.extend_from_slice(run);
        }
        for &id in touched.iter() {
            scratch.note_mut(id).delegation = false;
        }
        scratch.lists = lists;
    }
}

//------------ Writing -------------------------------------------------------

/// One line of output.
#[derive(Clone, Copy)]
enum Out<'t> {
    /// An empty line.
    Blank,
    /// A comment-only line.
    Comment(Span),
    /// A directive.
    Directive(&'t DirectiveLine),
    /// A record: its line, its section, and whether its owner is written.
    Record {
        line: &'t Line,
        section: &'t Section,
        show_owner: bool,
    },
}

/// The widths of the owner, TTL, class and type columns.
#[derive(Clone, Copy, Default)]
struct Widths {
    owner: usize,
    ttl: usize,
    class: usize,
    record_type: usize,
}

/// Runs `work` on each job, each on a thread of its own (a single job on
/// this thread), and gives the results in the jobs' order; a panic in one
/// is passed on.
fn on_threads<J: Send, R: Send>(jobs: Vec<J>, work: impl Fn(J) -> R + Sync) -> Vec<R> {
    if jobs.len() <= 1 {
        return jobs.into_iter().map(work).collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|job| scope.spawn(move || work(job)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The cores to lay a large file out on.
fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Lays the zone file of `zone` out into `sink` (which may check it), in
/// `pieces` pieces (0: as many as its size is worth), laid out on every
/// core and handed over in order as they are done.
fn layout(
    zone: &Zone,
    format: &FormatOptions,
    pieces: usize,
    sink: &mut dyn LayoutSink,
) -> Result<(), FormatError> {
    if !zone.findings.is_empty() {
        return Err(FormatError::Syntax);
    }
    let mut tree = read_tree(zone, pieces)?;
    // A mapped file's pages can go until a pass reads them again (a
    // piece at a time, each letting go of what is behind it).
    let file = &zone.files[0].text;
    file.release(0..file.len());
    let newline: &[u8] = match syntax::Lexer::new(tree.text).find(|t| t.kind == TokenKind::Newline)
    {
        Some(token) if token.span.len() == 2 => b"\r\n",
        _ => b"\n",
    };
    let serial_entry = format
        .serial
        .and_then(|_| apex_soa(zone))
        .map(|record| record.entry);

    // Each section's lines are put in the order they are written, in
    // place; many sections (a TLD zone's) are ordered in runs, on every
    // core, each run with the lines of its sections.
    let runs = match pieces {
        0 if tree.lines.len() >= 2 * PIECE_LINES => cores(),
        0 => 1,
        pieces => pieces,
    }
    .clamp(1, tree.sections.len().max(1));
    let mut lines = std::mem::take(&mut tree.lines);
    let measured = {
        let (tree, sections) = (&tree, &tree.sections);
        // Where each run of sections starts: about as many lines in each.
        let mut bounds = vec![0];
        for run in 1..runs {
            let line = (lines.len() * run / runs) as u32;
            let at = sections.partition_point(|s| s.lines.start < line);
            if at > *bounds.last().unwrap_or(&0) && at < sections.len() {
                bounds.push(at);
            }
        }
        bounds.push(sections.len());
        let mut chunks = Vec::with_capacity(bounds.len() - 1);
        let mut rest = lines.as_mut_slice();
        let mut at = 0;
        for run in bounds.windows(2) {
            let end = sections[..run[1]]
                .last()
                .map_or(at, |s| s.lines.end as usize);
            let (chunk, after) = rest.split_at_mut(end - at);
            chunks.push((&sections[run[0]..run[1]], chunk));
            rest = after;
            at = end;
        }
        // Once ordered, a section's lines are measured for the column
        // widths, as they will be written.
        let order_run = |run: &[Section], chunk: &mut [Line]| -> Widths {
            let mut scratch = OrderScratch::new(zone.names.len());
            let (mut order, mut written) = (Vec::new(), Vec::new());
            let (mut names, mut cell) = (TypeNames::default(), Vec::new());
            let mut widths = Widths::default();
            let base = run.first().map_or(0, |s| s.lines.start);
            // A mapped file's pages read (owners, TTLs) go as the run goes.
            let mut released = run
                .first()
                .map_or(0, |s| tree.entries.start(s.leading as usize));
            for section in run {
                let range =
                    (section.lines.start - base) as usize..(section.lines.end - base) as usize;
                if range.start / PIECE_LINES != range.end / PIECE_LINES {
                    let at = tree.entries.start(section.leading as usize);
                    file.release(released as usize..at as usize);
                    released = at;
                }
                let lines = &mut chunk[range];
                order.clear();
                tree.order(section, lines, format.sort, &mut scratch, &mut order);
                written.clear();
                written.extend(order.iter().map(|&p| lines[p as usize]));
                lines.copy_from_slice(&written);
                tree.measure(section, lines, &mut names, &mut cell, &mut widths);
            }
            widths
        };
        let measured = on_threads(chunks, |(run, chunk)| order_run(run, chunk));
        file.release(0..file.len());
        measured
    };
    tree.lines = lines;
    let tree = tree;
    let walk = Walk { tree: &tree };
    let pieces = walk.pieces(pieces);
    // Each piece is read back by the worker that lays it out, from the
    // state the text before it is guessed to leave (the sink holds the
    // guess against what that text left): a zone without `$INCLUDE` and
    // `$GENERATE`, whose records are its lines, one for one.
    let reader = sink
        .read_back_with()
        .filter(|_| {
            pieces.len() > 1
                && zone.files.len() == 1
                && !tree
                    .directives
                    .iter()
                    .any(|d| matches!(d.directive, Directive::Include | Directive::Generate))
        })
        .map(|(options, soa)| PieceReader { zone, options, soa });
    // Whether the workers still read their pieces back (see MAX_REFUSED).
    let guessing = std::sync::atomic::AtomicBool::new(true);
    let plans: Vec<Option<ReadPlan>> = pieces
        .iter()
        .map(|(from, _, _)| reader.as_ref().and_then(|_| tree.read_plan(*from)))
        .collect();
    // Where in the file the block each piece ends before starts: once a
    // piece is done, the file's pages before it can go (the blocks keep
    // the file's order; records move inside a section only).
    let released: Vec<usize> = pieces
        .iter()
        .map(|(_, to, _)| tree.block_start(to.block))
        .collect();
    let mut done = 0;

    let widths = measured
        .iter()
        .fold(Widths::default(), |all, piece| Widths {
            owner: all.owner.max(piece.owner),
            ttl: all.ttl.max(piece.ttl),
            class: all.class.max(piece.class),
            record_type: all.record_type.max(piece.record_type),
        });
    let column = |width: usize| if width == 0 { 0 } else { width + 1 };
    let widths = Widths {
        owner: if widths.owner == 0 {
            8
        } else {
            (widths.owner + 1).div_ceil(8) * 8
        },
        ttl: column(widths.ttl),
        class: column(widths.class),
        record_type: column(widths.record_type),
    };

    // Pass 2: the text, the pieces on every core, each handed to the sink
    // in order as soon as it and those before it are done.
    // Aligned columns make a text up to about twice as long as a dense one.
    let capacity = 2 * tree.text.len() / pieces.len();
    // The pieces' texts the sink gave back, laid out into again: fresh
    // memory for each would cost a page fault every 4 KiB of the text.
    let spare = std::sync::Mutex::new(Vec::<Vec<u8>>::new());
    let mut failed = false;
    let jobs: Vec<_> = pieces.iter().zip(&plans).collect();
    in_order(
        &jobs,
        |((from, to, state), plan)| {
            let mut names = TypeNames::default();
            let reused = spare.lock().unwrap_or_else(|e| e.into_inner()).pop();
            let mut text = reused.unwrap_or_else(|| Vec::with_capacity(capacity));
            text.clear();
            let mut rows = Rows::default();
            let mut failed = false;
            walk.walk(*from, *to, &mut state.clone(), |out| match out {
                Out::Blank => text.extend_from_slice(newline),
                Out::Comment(span) => {
                    text.extend_from_slice(comment_text(tree.text, span));
                    text.extend_from_slice(newline);
                }
                Out::Directive(directive) => {
                    tree.write_directive(directive, &mut text);
                    text.extend_from_slice(newline);
                }
                Out::Record {
                    line,
                    section,
                    show_owner,
                } => {
                    let start = text.len();
                    let record = tree.record(line);
                    if show_owner {
                        tree.write_owner(line, &section.origin, &mut text);
                    }
                    pad_to(&mut text, start, widths.owner);
                    let at = text.len();
                    tree.write_ttl(line, section, &mut text);
                    pad_to(&mut text, at, widths.ttl);
                    if tree.class_column {
                        pad(
                            &mut text,
                            names.class(zone.record_class(record)),
                            widths.class,
                        );
                    } else {
                        pad(&mut text, b"", widths.class);
                    }
                    pad(
                        &mut text,
                        names.record_type(record.record_type),
                        widths.record_type,
                    );
                    let indent = text.len() - start;
                    let serial = format.serial.filter(|_| serial_entry == Some(line.entry));
                    if !tree.write_rdata(line, indent, serial, newline, &mut rows, &mut text) {
                        failed = true;
                    }
                    text.extend_from_slice(newline);
                }
            });
            if failed {
                return None;
            }
            // Read back here unless the file holds this text where it
            // comes from already (then it is read back only if a piece
            // before it changed); with a new serial, all of it is.
            let read = reader
                .as_ref()
                .zip(plan.as_ref())
                .filter(|_| guessing.load(std::sync::atomic::Ordering::Relaxed))
                .and_then(|(reader, plan)| {
                    let end = plan.file_start + text.len();
                    if reader.soa.is_none()
                        && file.get(plan.file_start..end) == Some(text.as_slice())
                    {
                        return None;
                    }
                    let expected = LaidOut(&tree);
                    Some(reader.read(&text, plan.from.clone(), plan.first, &expected, plan.cursor))
                });
            Some((text, read))
        },
        |laid| match laid {
            Some((text, read)) => {
                if let Some(text) = sink.piece(text, read, &LaidOut(&tree)) {
                    spare.lock().unwrap_or_else(|e| e.into_inner()).push(text);
                }
                if sink.reads_refused() > MAX_REFUSED {
                    // The guesses do not hold for this zone: the sink
                    // reads the rest itself, and the workers no more.
                    guessing.store(false, std::sync::atomic::Ordering::Relaxed);
                }
                file.release(0..released[done]);
                done += 1;
                true
            }
            None => {
                failed = true;
                false
            }
        },
    );
    if failed {
        return Err(FormatError::Syntax);
    }
    sink.end(&LaidOut(&tree));
    Ok(())
}

/// Runs `work` on each piece, on every core, and gives the results to
/// `take` on this thread in order, each as soon as it and those before it
/// are done, until `take` says to stop. No piece is started more than
/// twice the cores ahead of the one `take` waits for: a slower `take`
/// holds back the work rather than piling up its results.
fn in_order<P: Sync, R: Send>(
    pieces: &[P],
    work: impl Fn(&P) -> R + Sync,
    mut take: impl FnMut(R) -> bool,
) {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    if pieces.len() == 1 {
        take(work(&pieces[0]));
        return;
    }
    let workers = cores().min(pieces.len());
    let ahead = 2 * workers;
    let next = AtomicUsize::new(0);
    // How many pieces were taken, or `usize::MAX` once `take` stopped.
    let taken = (std::sync::Mutex::new(0usize), std::sync::Condvar::new());
    let set_taken = |value: usize| {
        let (count, moved) = &taken;
        // Only up: once stopped (`usize::MAX`), it stays stopped.
        let mut count = count.lock().unwrap_or_else(|e| e.into_inner());
        *count = (*count).max(value);
        moved.notify_all();
    };
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel();
        for _ in 0..workers {
            let (sender, work, next, taken) = (sender.clone(), &work, &next, &taken);
            let set_taken = &set_taken;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Relaxed);
                    if i >= pieces.len() {
                        break;
                    }
                    let (count, moved) = taken;
                    let mut count = count.lock().unwrap_or_else(|e| e.into_inner());
                    while *count != usize::MAX && i >= *count + ahead {
                        count = moved.wait(count).unwrap_or_else(|e| e.into_inner());
                    }
                    let stopped = *count == usize::MAX;
                    drop(count);
                    if stopped {
                        break;
                    }
                    // A panic stops the others before it is passed on, so
                    // that none waits for a piece that never comes.
                    let done =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&pieces[i])));
                    let result = done.unwrap_or_else(|panic| {
                        set_taken(usize::MAX);
                        std::panic::resume_unwind(panic)
                    });
                    if sender.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting: Vec<Option<R>> = (0..pieces.len()).map(|_| None).collect();
        for i in 0..pieces.len() {
            while waiting[i].is_none() {
                // Every worker gone with piece i not sent: one panicked,
                // which the scope passes on.
                let Ok((j, result)) = receiver.recv() else {
                    set_taken(usize::MAX);
                    return;
                };
                waiting[j] = Some(result);
            }
            if let Some(result) = waiting[i].take() {
                // A panic here stops the workers first: the scope waits
                // for them before it passes the panic on.
                let more = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| take(result)))
                    .unwrap_or_else(|panic| {
                        set_taken(usize::MAX);
                        std::panic::resume_unwind(panic)
                    });
                if !more {
                    set_taken(usize::MAX);
                    return;
                }
            }
            set_taken(i + 1);
        }
    });
}

/// The mnemonics of the types and classes met, looked up once each.
#[derive(Default)]
struct TypeNames {
    types: FxHashMap<u16, std::borrow::Cow<'static, str>>,
    classes: FxHashMap<u16, std::borrow::Cow<'static, str>>,
}

impl TypeNames {
    fn record_type(&mut self, code: u16) -> &[u8] {
        // The types nearly every record has, without a look-up.
        match code {
            TYPE_A => b"A",
            TYPE_NS => b"NS",
            TYPE_AAAA => b"AAAA",
            TYPE_DS => b"DS",
            _ => self
                .types
                .entry(code)
                .or_insert_with(|| rrtype::type_name(code))
                .as_bytes(),
        }
    }

    fn class(&mut self, code: u16) -> &[u8] {
        match code {
            CLASS_IN => b"IN",
            _ => self
                .classes
                .entry(code)
                .or_insert_with(|| rrtype::class_name(code))
                .as_bytes(),
        }
    }
}

/// The record lines from which a piece of the output is worth laying out
/// on a core of its own: about 5 MB of text.
const PIECE_LINES: usize = 1 << 14;

/// The most pieces the output is cut in (without a number asked for).
const MAX_PIECES: usize = 1024;

/// The output in order: the blocks, each section's lines in their order.
struct Walk<'a, 'z> {
    tree: &'a Tree<'z>,
}

/// A point of the output: before line `line` (in output order) of block
/// `block` (0 for a block that is not a section).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Point {
    block: usize,
    line: usize,
}

/// What the output so far decides about the next line.
#[derive(Clone, Copy, Debug, Default)]
struct WalkState {
    /// Whether anything was written (no blank line goes first).
    written: bool,
    /// Whether a blank line waits for the next line.
    pending_blank: bool,
    /// The owner of the record just written, if the line before is one.
    previous_owner: Option<NameId>,
}

/// How many pieces read back by their workers the sink may refuse before
/// the workers stop reading them back: a zone whose guessed states do not
/// hold would otherwise be read back twice.
const MAX_REFUSED: usize = 4;

/// How the worker that lays a piece out reads it back ([`PieceReader`]).
struct ReadPlan {
    /// The state guessed for its start (`None`: the text's start).
    from: Option<zone::StreamState>,
    /// The index among the text's records of its first record, and the
    /// section [`LaidOut::record`] finds it in.
    first: usize,
    cursor: usize,
    /// Where in the file the text of its first line comes from: a piece
    /// the file holds there already is not read back on its own.
    file_start: usize,
}

impl Tree<'_> {
    /// How the piece that starts at `at` is read back on its own: at the
    /// text's start, or at a line of a section (see [`Walk::pieces`]) with
    /// a `$TTL` in force; `None` otherwise.
    fn read_plan(&self, at: Point) -> Option<ReadPlan> {
        if at == (Point { block: 0, line: 0 }) {
            return Some(ReadPlan {
                from: None,
                first: 0,
                cursor: 0,
                file_start: 0,
            });
        }
        let Block::Section(index) = self.blocks.get(at.block)? else {
            return None;
        };
        let section = &self.sections[*index];
        let TtlMode::Default(ttl) = section.ttl_mode else {
            return None;
        };
        let line = self.lines.get(section.lines.start as usize + at.line)?;
        let first = section.first_record as usize + at.line;
        Some(ReadPlan {
            from: Some(zone::StreamState::guess(
                section.origin.clone(),
                ttl,
                self.zone.class,
            )),
            first,
            cursor: *index,
            file_start: self.entries.start(self.leading_of(line) as usize) as usize,
        })
    }
}

impl<'a> Walk<'a, '_> {
    /// The output cut into one piece per core (`count`, if not 0) at
    /// record lines of sections, where the state before a line is known
    /// (the line before is a record of the same section), each piece from,
    /// to and the state it starts in. The cuts fall anywhere in the file,
    /// not in one section: a TLD zone that sets `$ORIGIN` before each
    /// delegation's glue is a hundred thousand small sections.
    fn pieces(&self, count: usize) -> Vec<(Point, Point, WalkState)> {
        let end = Point {
            block: self.tree.blocks.len(),
            line: 0,
        };
        let start = Point { block: 0, line: 0 };
        let total = self.tree.lines.len();
        let count = match count {
            // Pieces small enough to be checked as they come (and let go)
            // while the next ones are laid out, on every core.
            0 if total >= PIECE_LINES => (total / PIECE_LINES).clamp(cores(), MAX_PIECES),
            0 => 1,
            // A piece holds one line at least.
            count => count.min(total),
        };
        if count <= 1 {
            return vec![(start, end, WalkState::default())];
        }
        let mut pieces = Vec::with_capacity(count);
        let mut from = start;
        let mut state = WalkState::default();
        // The lines of the sections before `block`, in output order.
        let mut before = 0;
        let mut piece = 1;
        for (block, b) in self.tree.blocks.iter().enumerate() {
            let Block::Section(s) = b else { continue };
            let range = self.tree.sections[*s].lines.clone();
            let lines = range.len();
            // The cuts that fall in this section, at its second line or later.
            while piece < count {
                let target = total * piece / count;
                if target >= before + lines {
                    break;
                }
                piece += 1;
                // A piece starts with a record whose owner is written, so
                // that it reads back on its own.
                let owner = |line: usize| {
                    self.tree
                        .owner_id(&self.tree.lines[range.start as usize + line])
                };
                let mut line = target.saturating_sub(before).max(1);
                while line < lines && owner(line) == owner(line - 1) {
                    line += 1;
                }
                if line >= lines {
                    break;
                }
                let to = Point { block, line };
                if to == from || (from.block == block && line < from.line) {
                    continue;
                }
                pieces.push((from, to, state));
                from = to;
                let previous = &self.tree.lines[range.start as usize + line - 1];
                state = WalkState {
                    written: true,
                    pending_blank: false,
                    previous_owner: Some(self.tree.owner_id(previous)),
                };
            }
            before += lines;
        }
        pieces.push((from, end, state));
        pieces
    }

    /// Calls `emit` with each output line from `from` to `to` in order,
    /// blank lines merged, owners decided, starting in `state`.
    fn walk(&self, from: Point, to: Point, state: &mut WalkState, mut emit: impl FnMut(Out<'a>)) {
        let tree = self.tree;
        let last = to.block.min(tree.blocks.len().saturating_sub(1));
        for block in from.block..=last {
            if block == to.block && to.line == 0 {
                break;
            }
            match &tree.blocks[block] {
                Block::Lines(range) => tree.leading(range.clone(), &mut emit, state, false),
                Block::Directive(d) => {
                    let directive = &tree.directives[*d];
                    tree.leading(directive.leading..directive.entry, &mut emit, state, true);
                    emit(Out::Directive(directive));
                    state.written = true;
                    state.previous_owner = None;
                }
                Block::Section(s) => {
                    let section = &tree.sections[*s];
                    let written =
                        &tree.lines[section.lines.start as usize..section.lines.end as usize];
                    let first = if block == from.block { from.line } else { 0 };
                    let end = if block == to.block {
                        to.line
                    } else {
                        written.len()
                    };
                    if first == 0 {
                        state.previous_owner = None;
                    }
                    for line in &written[first..end] {
                        tree.leading(tree.leading_of(line)..line.entry, &mut emit, state, true);
                        let owner = tree.owner_id(line);
                        let show_owner = state.previous_owner != Some(owner);
                        state.previous_owner = Some(owner);
                        emit(Out::Record {
                            line,
                            section,
                            show_owner,
                        });
                        state.written = true;
                    }
                }
            }
        }
    }
}

impl<'t> Tree<'t> {
    /// Emits the comment lines of empty entries `range` (blank lines
    /// wait for the next line); with `flush`, then a waiting blank line.
    fn leading<'a>(
        &'a self,
        range: std::ops::Range<u32>,
        emit: &mut dyn FnMut(Out<'a>),
        state: &mut WalkState,
        flush: bool,
    ) {
        for item in self.leading_lines(range) {
            match item {
                Leading::Blank => state.pending_blank = true,
                Leading::Comment(span) => {
                    flush_blank(emit, state);
                    emit(Out::Comment(span));
                    state.written = true;
                }
            }
        }
        if flush {
            flush_blank(emit, state);
        }
    }
}

/// Writes a waiting blank line before the next line (never at the top).
fn flush_blank<'a>(emit: &mut dyn FnMut(Out<'a>), state: &mut WalkState) {
    if state.pending_blank && state.written {
        emit(Out::Blank);
        state.previous_owner = None;
    }
    state.pending_blank = false;
}

/// Appends `cell` and pads it with spaces to `width`; a cell as wide or
/// wider gets one space. A column of width 0 is left out.
fn pad(text: &mut Vec<u8>, cell: &[u8], width: usize) {
    if width == 0 {
        return;
    }
    let start = text.len();
    text.extend_from_slice(cell);
    pad_to(text, start, width);
}

/// Pads the cell written from `start` to the end of `text` as [`pad`]
/// does; a column of width 0 is left out (and must hold nothing).
fn pad_to(text: &mut Vec<u8>, start: usize, width: usize) {
    if width == 0 {
        return;
    }
    let spaces = width.saturating_sub(text.len() - start).max(1);
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

/// A record's RDATA as lines of fields, each with its comments: buffers
/// kept from one record to the next.
#[derive(Default)]
struct Rows {
    /// Every field, in order.
    fields: Vec<Span>,
    /// Every comment, in order.
    comments: Vec<Span>,
    /// Per row: where its fields and its comments end.
    ends: Vec<(usize, usize)>,
}

impl Rows {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn fields(&self, row: usize) -> &[Span] {
        let start = if row == 0 { 0 } else { self.ends[row - 1].0 };
        &self.fields[start..self.ends[row].0]
    }

    fn comments(&self, row: usize) -> &[Span] {
        let start = if row == 0 { 0 } else { self.ends[row - 1].1 };
        &self.comments[start..self.ends[row].1]
    }
}

impl Tree<'_> {
    /// Writes the TTL cell of a line.
    fn write_ttl(&self, line: &Line, section: &Section, text: &mut Vec<u8>) {
        let written = || self.ttl_text(line).map(|span| &self.text[span.range()]);
        let ttl = match section.ttl_mode {
            TtlMode::Pinned => {
                text.extend_from_slice(written().unwrap_or_default());
                return;
            }
            TtlMode::Default(value) => match self.zone.ttl(self.record(line)) {
                ttl if ttl == value => return,
                ttl => ttl,
            },
            TtlMode::Explicit => self.zone.ttl(self.record(line)),
        };
        match written() {
            Some(written) => text.extend_from_slice(written),
            None => {
                use std::io::Write as _;
                write!(text, "{ttl}").expect("writing to a vector");
            }
        }
    }

    /// Writes the owner as written in the output: `@`, relative to
    /// `origin`, or absolute.
    fn write_owner(&self, line: &Line, origin: &[u8], out: &mut Vec<u8>) {
        let written = self.owner_text(line).map(|span| &self.text[span.range()]);
        let absolute = line.flags & LINE_ABSOLUTE_OWNER != 0;
        if let Some(text) = written.filter(|&text| !absolute && text != b"@") {
            // Relative to the same origin (a section has one): the
            // author's spelling, of a name below the origin, never it.
            out.extend_from_slice(text);
            return;
        }
        let owner = self.owner(line);
        if name::eq_ignore_case(owner, origin) {
            if self.record(line).record_type == TYPE_SOA && !self.origin_from_text && absolute {
                // It may be what tells the origin (DESIGN §2): keep it.
                out.extend_from_slice(written.unwrap_or_default());
                return;
            }
            out.push(b'@');
            return;
        }
        if let Some(text) = written {
            if absolute && !name::is_subdomain(owner, origin) {
                out.extend_from_slice(text);
                return;
            }
        }
        let mut spelled = String::new();
        if name::is_subdomain(owner, origin) {
            let keep = name::label_count(owner) - name::label_count(origin);
            for (i, label) in name::labels(owner).take(keep).enumerate() {
                if i > 0 {
                    spelled.push('.');
                }
                name::write_label(label, &mut spelled);
            }
        } else {
            name::write(owner, &mut spelled);
        }
        out.extend_from_slice(spelled.as_bytes());
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

    /// Reads a line's RDATA into `rows`: its fields and comments line by
    /// line, the comments written before the type first; false when the
    /// RDATA has an unterminated quote.
    fn read_rows(&self, line: &Line, rows: &mut Rows) -> bool {
        rows.fields.clear();
        rows.comments.clear();
        rows.ends.clear();
        let entry = self.entries.at(line.entry as usize);
        let end = entry.span.end;
        let type_end = self.type_end(line);
        let start = if line.flags & LINE_PREFIX_COMMENT != 0 {
            entry.span.start
        } else {
            type_end
        };
        if start == type_end && plain_rdata(self.text, type_end, end, &mut rows.fields) {
            rows.ends.push((rows.fields.len(), 0));
            return true;
        }
        rows.fields.clear();
        let mut newline_at_end = false;
        for token in
            syntax::Lexer::at(self.text, start as usize).take_while(move |t| t.span.end <= end)
        {
            if token.span.start < type_end {
                if token.kind == TokenKind::Comment {
                    rows.comments.push(token.span);
                }
                continue;
            }
            match token.kind {
                TokenKind::Word | TokenKind::Quoted => {
                    rows.fields.push(token.span);
                    newline_at_end = false;
                }
                TokenKind::Comment => {
                    rows.comments.push(token.span);
                    newline_at_end = false;
                }
                TokenKind::Newline => {
                    rows.ends.push((rows.fields.len(), rows.comments.len()));
                    newline_at_end = true;
                }
                TokenKind::UnterminatedQuote => return false,
                TokenKind::LeftParen | TokenKind::RightParen | TokenKind::Blank => {}
            }
        }
        // The entry's own line ending is not a line break of its RDATA.
        if !newline_at_end {
            rows.ends.push((rows.fields.len(), rows.comments.len()));
        }
        true
    }

    /// Writes the RDATA of a line (and its comments) after the columns;
    /// `indent` is the RDATA column, for continuation lines. False when
    /// it cannot be read.
    fn write_rdata(
        &self,
        line: &Line,
        indent: usize,
        serial: Option<u32>,
        newline: &[u8],
        rows: &mut Rows,
        text: &mut Vec<u8>,
    ) -> bool {
        if !self.read_rows(line, rows) {
            return false;
        }
        let record_type = self.record(line).record_type;
        let generic = rows
            .fields
            .first()
            .is_some_and(|f| &self.text[f.range()] == b"\\#");
        if record_type == TYPE_SOA && !generic && rows.fields.len() == 7 {
            self.write_soa(rows, indent, serial, newline, text);
            return true;
        }
        let split = STRING_LIST_TYPES.contains(&record_type) && !generic;
        // Lines after the first with neither fields nor comments go.
        let kept = (0..rows.len())
            .filter(|&r| r == 0 || !rows.fields(r).is_empty() || !rows.comments(r).is_empty());
        let last = kept.clone().next_back().unwrap_or(0);
        let several = last > 0;
        for r in kept {
            let fields = rows.fields(r);
            if r > 0 {
                text.extend_from_slice(newline);
                text.resize(text.len() + indent, b' ');
            }
            self.write_fields(fields, split, text);
            if several && r == 0 {
                text.extend_from_slice(if fields.is_empty() { b"(" } else { b" (" });
            }
            if several && r == last {
                text.extend_from_slice(if fields.is_empty() { b")" } else { b" )" });
            }
            for comment in rows.comments(r) {
                if text.last() != Some(&b' ') {
                    text.push(b' ');
                }
                text.extend_from_slice(comment_text(self.text, *comment));
            }
        }
        true
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
            if !split || written.len() <= 255 {
                // No string of 255 octets or fewer is split.
                text.extend_from_slice(written);
                continue;
            }
            let inside = if written.first() == Some(&b'"') && written.len() >= 2 {
                &written[1..written.len() - 1]
            } else {
                written
            };
            match queries::split_character_string(inside, queries::Cut::AsRead)
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
        rows: &Rows,
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
        for row in 0..rows.len() {
            let (row_fields, comments) = (rows.fields(row), rows.comments(row));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// 3000 random texts of up to 40 pieces, each a byte or word that
    /// matters to the lexer or `word`, from `seed`.
    fn random_texts(seed: u64, word: &'static [u8]) -> impl Iterator<Item = Vec<u8>> {
        let mut next = crate::test_random::xorshift(seed);
        let alphabet: [&[u8]; 20] = [
            b"a", b"B", b"1", b".", b" ", b"\t", b"\n", b"\r\n", b"\r", b"(", b")", b"\"", b";c",
            b"\\", b"\\ ", word, b"IN", b"NS", b"www", b"\0",
        ];
        (0..3000).map(move |_| {
            let mut text = Vec::new();
            for _ in 0..(next() % 40) {
                text.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            text
        })
    }

    /// The mnemonics written without a look-up are those of the tables.
    #[test]
    fn common_type_names_are_the_tables() {
        let mut names = TypeNames::default();
        for code in [TYPE_A, TYPE_NS, TYPE_AAAA, TYPE_DS, TYPE_SOA, 65280] {
            assert_eq!(names.record_type(code), rrtype::type_name(code).as_bytes());
        }
        for code in [CLASS_IN, 3, 255] {
            assert_eq!(names.class(code), rrtype::class_name(code).as_bytes());
        }
    }

    /// The RDATA words the fast reader gives, from the end of any word of
    /// an entry, are those read token by token, with no comment, quote,
    /// parenthesis or line break among the tokens.
    #[test]
    fn plain_rdata_is_the_tokens_rdata() {
        let (mut fast, mut read) = (0, 0);
        for text in random_texts(0x0dd_ba11_cafe_f00d, b"192.0.2.1") {
            for entry in &syntax::parse(&text).entries {
                let end = entry.span.end;
                for word in entry.tokens(&text).filter(|t| t.kind == TokenKind::Word) {
                    let start = word.span.end;
                    let mut plain = Vec::new();
                    if !plain_rdata(&text, start, end, &mut plain) {
                        read += 1;
                        continue;
                    }
                    fast += 1;
                    let tokens: Vec<_> = syntax::Lexer::at(&text, start as usize)
                        .take_while(|t| t.span.end <= end)
                        .collect();
                    let words: Vec<Span> = tokens
                        .iter()
                        .filter(|t| t.kind == TokenKind::Word)
                        .map(|t| t.span)
                        .collect();
                    assert_eq!(plain, words, "{:?}", String::from_utf8_lossy(&text));
                    // Nothing but words and blanks, then maybe the line end.
                    let last = tokens.len().saturating_sub(1);
                    for (i, token) in tokens.iter().enumerate() {
                        let newline = token.kind == TokenKind::Newline && i == last;
                        assert!(
                            matches!(token.kind, TokenKind::Word | TokenKind::Blank) || newline,
                            "{:?}",
                            String::from_utf8_lossy(&text)
                        );
                    }
                }
            }
        }
        assert!(fast > 1000 && read > 1000, "{fast} {read}");
    }

    #[test]
    fn pieces_are_taken_in_order_and_a_panic_ends_the_run() {
        let pieces: Vec<usize> = (0..200).collect();
        let mut taken = Vec::new();
        in_order(
            &pieces,
            |&i| i * 2,
            |r| {
                taken.push(r);
                true
            },
        );
        assert_eq!(taken, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        // Stopped by `take`: nothing more is taken.
        let mut count = 0;
        in_order(
            &pieces,
            |&i| i,
            |_| {
                count += 1;
                count < 10
            },
        );
        assert_eq!(count, 10);
        // A panic in a piece's work or in `take` comes back out; no worker
        // is left waiting for a piece that never comes.
        for (work_panics, take_panics) in [(Some(37), None), (None, Some(50)), (Some(0), None)] {
            let run = std::panic::catch_unwind(|| {
                in_order(
                    &pieces,
                    |&i| {
                        assert_ne!(Some(i), work_panics, "work");
                        i
                    },
                    |i| {
                        assert_ne!(Some(i), take_panics, "take");
                        true
                    },
                );
            });
            assert!(run.is_err());
        }
    }

    /// A zone of millions of records has as many lines in memory while it
    /// is laid out.
    #[test]
    fn a_line_takes_16_bytes() {
        assert_eq!(std::mem::size_of::<Line>(), 16);
        let span = Span::new(3, 9);
        assert_eq!(crate::zone::heads::MaybeSpan::from(None).get(), None);
        assert_eq!(
            crate::zone::heads::MaybeSpan::from(Some(span)).get(),
            Some(span)
        );
    }

    /// Each piece a layout hands over, with what its worker read of it;
    /// with `refuse_all`, every piece read counts as refused.
    struct Recorded {
        options: LoadOptions,
        refuse_all: bool,
        pieces: Vec<(Vec<u8>, Option<PieceRead>)>,
        expected: Vec<u32>,
    }

    impl Recorded {
        /// `zone` laid out in `pieces` pieces into a recording sink, read
        /// back with the options given by its origin.
        fn layout(zone: &Zone, pieces: usize, refuse_all: bool) -> Self {
            let mut recorded = Recorded {
                options: LoadOptions {
                    origin: zone.origin.clone(),
                    ..LoadOptions::default()
                },
                refuse_all,
                pieces: Vec::new(),
                expected: Vec::new(),
            };
            layout(zone, &FormatOptions::default(), pieces, &mut recorded).unwrap();
            recorded
        }
    }

    impl LayoutSink for Recorded {
        fn piece(
            &mut self,
            text: Vec<u8>,
            read: Option<PieceRead>,
            _: &dyn Expected,
        ) -> Option<Vec<u8>> {
            self.pieces.push((text, read));
            None
        }
        fn read_back_with(&self) -> Option<(LoadOptions, Option<NewSoa>)> {
            Some((self.options.clone(), None))
        }
        fn reads_refused(&self) -> usize {
            if self.refuse_all {
                self.pieces
                    .iter()
                    .filter(|(_, read)| read.is_some())
                    .count()
            } else {
                0
            }
        }
        fn end(&mut self, expected: &dyn Expected) {
            let mut cursor = 0;
            self.expected = (0..expected.len())
                .map(|i| expected.record(i, &mut cursor))
                .collect();
        }
    }

    /// The pieces a layout reads back on its workers are taken only where
    /// the text before them leaves the state they were read from: a piece
    /// read from a guess that does not hold is read again from the state
    /// the text left, and a text whose pieces read right from their guess
    /// but not after what came before them is refused.
    #[test]
    fn pieces_read_back_on_their_own_hold_only_after_the_text_before_them() {
        let mut text = String::from(
            "$TTL 60\n@ SOA ns1 host 7 7200 3600 1209600 3600\n@ NS ns1\nns1 A 192.0.2.1\n",
        );
        for i in 0..40 {
            text.push_str(&format!("h{i} A 192.0.2.{i}\nh{i} TXT \"t{i}\"\n"));
        }
        text.push_str("$ORIGIN sub.example.com.\n");
        for i in 0..40 {
            text.push_str(&format!("s{i} AAAA 2001:db8::{i:x}\n"));
        }
        let zone = zone::test_zone(&text, "example.com.");
        let Recorded {
            options,
            pieces,
            expected,
            ..
        } = Recorded::layout(&zone, 6, false);
        let expected = expected.as_slice();
        assert!(pieces.len() >= 4, "{} pieces", pieces.len());
        // Every piece after the first was read from a guess.
        assert!(
            pieces[1..]
                .iter()
                .all(|(_, read)| read.as_ref().is_some_and(|r| r.from.is_some())),
        );
        let replay = |pieces: Vec<(Vec<u8>, Option<PieceRead>)>| {
            let mut check = Check::new(&zone, &options, None, true, false);
            for (text, read) in pieces {
                check.piece(text, read, &expected);
            }
            check.end(&expected);
            check.finish().map(|(changed, _)| changed)
        };
        let reader = PieceReader {
            zone: &zone,
            options: options.clone(),
            soa: None,
        };
        let again = |text: &[u8], read: &PieceRead, from: Option<zone::StreamState>| {
            reader.read(text, from, read.first, &expected, 0)
        };
        let copy = |pieces: &[(Vec<u8>, Option<PieceRead>)]| -> Vec<(Vec<u8>, Option<PieceRead>)> {
            pieces
                .iter()
                .map(|(text, read)| {
                    let read = read.as_ref().map(|r| again(text, r, r.from.clone()));
                    (text.clone(), read)
                })
                .collect()
        };
        assert!(matches!(replay(copy(&pieces)), Ok(true)));
        // A guess that does not hold (another $TTL): the piece is read
        // again after the text before it, and the text holds.
        let mut wrong_guess = copy(&pieces);
        for (text, read) in wrong_guess.iter_mut().skip(1) {
            let first = read.as_ref().unwrap();
            let origin = first.from.as_ref().unwrap().origin().to_vec();
            *read = Some(again(
                text,
                first,
                Some(zone::StreamState::guess(origin, 61, 1)),
            ));
        }
        assert!(matches!(replay(wrong_guess), Ok(true)));
        // A `$TTL 61` at the end of a piece: the next piece reads right
        // from its own guess (60), but not after it.
        let middle = pieces.len() / 2;
        let mut changed = copy(&pieces);
        let (text, read) = &mut changed[middle - 1];
        text.extend_from_slice(b"$TTL 61\n");
        *read = read.as_ref().map(|r| again(text, r, r.from.clone()));
        assert!(changed[middle].1.as_ref().is_some_and(|r| r.same));
        assert!(replay(changed).is_err());
        // A piece that starts with a record taking the owner of the one
        // before it (its first line moved to the piece before): it cannot
        // be read on its own, and is read after the text before it.
        let mut moved = copy(&pieces);
        let k = (1..moved.len())
            .find(|&k| {
                let text = &moved[k].0;
                let second = text.iter().position(|&b| b == b'\n').unwrap() + 1;
                text.get(second).is_some_and(u8::is_ascii_whitespace)
            })
            .expect("a piece whose second line has no owner");
        let line = moved[k].0.iter().position(|&b| b == b'\n').unwrap() + 1;
        let first_line: Vec<u8> = moved[k].0.drain(..line).collect();
        moved[k - 1].0.extend_from_slice(&first_line);
        for (index, shift) in [(k - 1, 0), (k, 1)] {
            let (text, read) = &mut moved[index];
            *read = read
                .as_ref()
                .map(|r| reader.read(text, r.from.clone(), r.first + shift, &expected, 0));
        }
        assert!(moved[k].1.as_ref().is_some_and(|r| !r.alone));
        assert!(matches!(replay(moved), Ok(true)));
    }

    /// A sink that refuses what the workers read makes them stop reading
    /// back after a few pieces: a zone whose guesses do not hold is not
    /// read back twice.
    #[test]
    fn workers_stop_reading_back_once_their_pieces_are_refused() {
        let mut text = String::from("$TTL 60\n@ SOA ns1 host 7 7200 3600 1209600 3600\n@ NS ns1\n");
        for i in 0..400 {
            text.push_str(&format!("h{i} A 192.0.2.{}\n", i % 250));
        }
        let zone = zone::test_zone(&text, "example.com.");
        let sink = Recorded::layout(&zone, 100, true);
        let reads: Vec<bool> = sink.pieces.iter().map(|(_, read)| read.is_some()).collect();
        assert!(reads.len() >= 50, "{} pieces", reads.len());
        // The first pieces are read; once more than MAX_REFUSED were
        // refused, only those a worker had already laid out are.
        assert!(reads[..MAX_REFUSED].iter().all(|&read| read));
        let read = reads.iter().filter(|&&read| read).count();
        assert!(
            read <= MAX_REFUSED + 1 + 2 * cores(),
            "{read} of {} read",
            reads.len()
        );
        assert!(!reads[reads.len() - 1]);
    }

    /// A text laid out from a zone, changed by hand before it is read back:
    /// only a change of owner case passes; any other change of a record,
    /// a record moved, missing or added, is refused.
    #[test]
    fn a_text_read_back_with_another_record_is_refused() {
        let text = "$TTL 60\n@ SOA ns1 host 7 7200 3600 1209600 3600\n@ NS ns1\n\
                    ns1 A 192.0.2.1\nwww A 192.0.2.2\nwww TXT \"a\"\n\
                    $GENERATE 1-2 g$ A 192.0.2.$\nz 120 A 192.0.2.3\n";
        let zone = zone::test_zone(text, "example.com.");
        let options = LoadOptions {
            origin: zone.origin.clone(),
            ..LoadOptions::default()
        };
        /// The layout's output, whole.
        #[derive(Default)]
        struct Laid {
            text: Vec<u8>,
            expected: Vec<u32>,
        }
        impl LayoutSink for Laid {
            fn piece(
                &mut self,
                text: Vec<u8>,
                _: Option<PieceRead>,
                _: &dyn Expected,
            ) -> Option<Vec<u8>> {
                self.text.extend_from_slice(&text);
                Some(text)
            }
            fn end(&mut self, expected: &dyn Expected) {
                let mut cursor = 0;
                self.expected = (0..expected.len())
                    .map(|i| expected.record(i, &mut cursor))
                    .collect();
            }
        }
        let mut laid = Laid::default();
        layout(&zone, &FormatOptions::default(), 0, &mut laid).unwrap();
        let written = String::from_utf8(laid.text.clone()).unwrap();
        let check = |text: &str| read_back(&zone, &options, text.as_bytes(), &laid.expected, None);
        check(&written).unwrap();
        check(&written.replace("www", "WWW")).unwrap();
        let changed = [
            written.replace("192.0.2.2", "192.0.2.9"),
            written.replace("z       120", "z       121"),
            written.replace("TXT", "SPF"),
            written.replace("www", "ww2"),
            written.replace("1-2", "1-3"),
            written.replace("ns1         A", "ns1 CH A"),
            written.replace("ns1         A   192.0.2.1\n", ""),
            written.replace(
                "ns1         A   192.0.2.1\n",
                "ns1 A 192.0.2.1\nns1 A 192.0.2.1\n",
            ),
            // The same records in another order: not the order laid out.
            written.replace(
                "www         A   192.0.2.2\n            TXT \"a\"\n",
                "www TXT \"a\"\n A 192.0.2.2\n",
            ),
            written.replace("$TTL 60", "$TTL 61"),
            written.replace("$TTL 60", "$ORIGIN example.org.\n$TTL 60"),
            written.replace("192.0.2.3", "192.0.2.300"),
        ];
        for text in &changed {
            assert_ne!(text, &written);
            assert!(check(text).is_err(), "accepted:\n{text}");
        }
        // A new serial is compared as the serial the SOA is to have.
        let bumped = written.replace("7       ; serial", "8       ; serial");
        assert_ne!(bumped, written);
        let serial = |text: &str, serial| {
            read_back(
                &zone,
                &options,
                text.as_bytes(),
                &laid.expected,
                Some(serial),
            )
        };
        serial(&bumped, 8).unwrap();
        assert!(serial(&written, 8).is_err());
        assert!(serial(&bumped, 9).is_err());
        assert!(check(&bumped).is_err());
    }

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
