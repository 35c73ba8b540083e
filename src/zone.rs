//! The zone model: every record of a zone file and its `$INCLUDE`s with
//! `$ORIGIN`, `$TTL`, `$GENERATE`, owner, TTL and class inheritance
//! resolved, and the syntax findings met on the way.
//!
//! Memory is planned for a 162 MB zone of 3.8 M records: a record is a
//! fixed 24-byte struct, owners are interned ([`crate::names`]), RDATA is
//! wire bytes in one arena, and the syntax tree keeps one small [`Entry`]
//! per entry.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::finding::Finding;
use crate::name;
use crate::names::{NameId, Names};
use crate::rdata;
use crate::span::{self, LineIndex, Span};
use crate::syntax::{self, Directive, Entry, EntryKind, Field, Parser, RawEntry};

mod entries;
mod generate;
pub(crate) mod heads;
pub mod queries;
mod stream;
mod text;

pub use entries::Entries;
pub use stream::{RecordStream, StreamEnd, StreamState};
pub use text::Text;

/// One file read for the zone: the zone file or an included one.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given (or as resolved for an include).
    pub path: PathBuf,
    /// The bytes of the file: read, or mapped for a large zone file that
    /// is only checked ([`LoadOptions::map_large_files`]).
    pub text: Text,
    /// The syntax tree: the entries, tiling the text.
    pub entries: Entries,
    /// Where the comments that hold `zonelint:` start.
    pub directive_comments: Vec<u32>,
    /// The line index of the text, made when first needed (or while the
    /// file is parsed, for a large one).
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    /// The line index of the text.
    pub fn line_index(&self) -> &LineIndex {
        // Counted a stretch at a time: a mapped text's pages leave again.
        self.lines
            .get_or_init(|| LineIndex::new_releasing(&self.text, |range| self.text.release(range)))
    }
}

/// One resolved record: 16 bytes. What records mostly share (TTL,
/// class, file, flags) is a [`Shape`] in a table of the zone, read through
/// [`Zone::shape`], [`Zone::ttl`], [`Zone::record_class`],
/// [`Zone::file_of`] and [`Zone::flags`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// The absolute owner name.
    pub owner: NameId,
    /// Where the RDATA starts in the arena. Its length is stored just
    /// before it: one octet for 0 to 254, else the octet 255 preceded by
    /// the length in two octets (big-endian). Strictly increasing in the
    /// order records are added, so it also tells one record from another.
    rdata_start: u32,
    /// The entry it came from (index into its file's entries).
    pub entry: u32,
    /// The type code.
    pub record_type: u16,
    /// Index into [`Zone`]'s shapes; [`OVERFLOW_SHAPE`] when the table was
    /// full and the shape is kept by `rdata_start` in a side list.
    shape: u16,
}

/// The TTL, class, file and flags of a record: few distinct ones in a
/// zone, so each is stored once and records point at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    /// The TTL in seconds after inheritance.
    pub ttl: u32,
    /// The class code.
    pub class: u16,
    /// The file it came from (index into [`Zone::files`]).
    pub file: u16,
    /// What was written explicitly; see the `FLAG_` constants.
    pub flags: u8,
}

/// [`Record::shape`] of a record whose shape did not fit the table (a zone
/// with more than 65 535 combinations of TTL, class, file and flags).
const OVERFLOW_SHAPE: u16 = u16::MAX;

/// The shapes of a zone's records.
#[derive(Debug, Default)]
struct Shapes {
    /// Up to [`OVERFLOW_SHAPE`] shapes, indexed by [`Record::shape`].
    table: Vec<Shape>,
    /// Where each shape of `table` is.
    ids: rustc_hash::FxHashMap<Shape, u16>,
    /// The last shape looked up and its id: records in a row mostly share
    /// one.
    last: Option<(Shape, u16)>,
    /// The shapes of the records past the table, by `rdata_start`
    /// (ascending: records are added in that order).
    overflow: Vec<(u32, Shape)>,
}

impl Shapes {
    /// The id of `shape` for a record whose RDATA starts at `rdata_start`.
    #[inline]
    fn id(&mut self, shape: Shape, rdata_start: u32) -> u16 {
        if let Some((last, id)) = self.last {
            if last == shape {
                if id == OVERFLOW_SHAPE {
                    self.overflow.push((rdata_start, shape));
                }
                return id;
            }
        }
        let id = match self.ids.get(&shape) {
            Some(&id) => id,
            None if self.table.len() < usize::from(OVERFLOW_SHAPE) => {
                let id = self.table.len() as u16;
                self.table.push(shape);
                self.ids.insert(shape, id);
                id
            }
            None => OVERFLOW_SHAPE,
        };
        if id == OVERFLOW_SHAPE {
            self.overflow.push((rdata_start, shape));
        }
        self.last = Some((shape, id));
        id
    }

    fn get(&self, record: &Record) -> Shape {
        match self.table.get(usize::from(record.shape)) {
            Some(shape) if record.shape != OVERFLOW_SHAPE => *shape,
            _ => {
                let at = self
                    .overflow
                    .binary_search_by_key(&record.rdata_start, |&(start, _)| start)
                    .expect("a record past the shape table has its shape in the overflow list");
                self.overflow[at].1
            }
        }
    }
}

/// The length octet before RDATA of 255 octets or more (see
/// `Record::rdata_start`).
const LONG_RDATA: u8 = 255;

/// The record had an explicit TTL field.
pub const FLAG_EXPLICIT_TTL: u8 = 1;
/// The record was made by `$GENERATE`.
pub const FLAG_GENERATED: u8 = 2;
/// The record's TTL came from nothing written in the file (the SOA
/// minimum, or the last TTL with no `$TTL`).
pub const FLAG_IMPLICIT_TTL: u8 = 4;

/// A zone as read from its files.
#[derive(Debug)]
pub struct Zone {
    /// The origin in wire form; `None` when it could not be determined.
    pub origin: Option<Vec<u8>>,
    /// The class of the zone (of its first record; IN when none says).
    pub class: u16,
    /// The files read: index 0 is the zone file, then includes in order.
    pub files: Vec<SourceFile>,
    /// The owner names.
    pub names: Names,
    /// The records, in file order.
    pub records: Vec<Record>,
    rdata: Vec<u8>,
    shapes: Shapes,
    /// Syntax findings, in file order.
    pub findings: Vec<Finding>,
    /// Whether a `$TTL` directive was seen.
    pub has_default_ttl: bool,
    /// The first fields of the zone file's record entries, when
    /// [`LoadOptions::keep_heads`] asked for them (until taken).
    heads: std::sync::Mutex<Option<heads::Heads>>,
}

impl Zone {
    /// A zone of that origin with nothing read yet.
    fn empty(origin: Option<Vec<u8>>) -> Self {
        Zone {
            origin,
            class: 1,
            files: Vec::new(),
            names: Names::default(),
            records: Vec::new(),
            rdata: Vec::new(),
            shapes: Shapes::default(),
            findings: Vec::new(),
            has_default_ttl: false,
            heads: std::sync::Mutex::new(None),
        }
    }

    /// The first fields of the zone file's record entries, if the zone
    /// was read with [`LoadOptions::keep_heads`] and they were not taken
    /// before.
    pub(crate) fn take_heads(&self) -> Option<heads::Heads> {
        self.heads.lock().unwrap_or_else(|e| e.into_inner()).take()
    }

    /// The TTL, class, file and flags of a record.
    pub fn shape(&self, record: &Record) -> Shape {
        self.shapes.get(record)
    }

    /// The TTL of a record in seconds, after inheritance.
    pub fn ttl(&self, record: &Record) -> u32 {
        self.shape(record).ttl
    }

    /// The class code of a record.
    pub fn record_class(&self, record: &Record) -> u16 {
        self.shape(record).class
    }

    /// The index in [`Zone::files`] of the file a record came from.
    pub fn file_of(&self, record: &Record) -> usize {
        usize::from(self.shape(record).file)
    }

    /// What a record wrote explicitly; see the `FLAG_` constants.
    pub fn flags(&self, record: &Record) -> u8 {
        self.shape(record).flags
    }

    /// The wire RDATA of a record.
    pub fn rdata(&self, record: &Record) -> &[u8] {
        let start = record.rdata_start as usize;
        let length = match self.rdata[start - 1] {
            LONG_RDATA => usize::from(u16::from_be_bytes([
                self.rdata[start - 3],
                self.rdata[start - 2],
            ])),
            short => usize::from(short),
        };
        &self.rdata[start..start + length]
    }

    /// Takes the records, names and RDATA out of the zone, and each file's
    /// entries, leaving its files' paths and texts: all that is needed once
    /// a zone is formatted, to compare its file with the text written. The
    /// memory taken out can then be let go on another core.
    pub(crate) fn take_model(&mut self) -> Model {
        Model {
            _buffers: self.take_buffers(),
            _entries: self
                .files
                .iter_mut()
                .map(|file| std::mem::take(&mut file.entries))
                .collect(),
        }
    }

    /// Takes the records, RDATA and names out of the zone (left empty).
    fn take_buffers(&mut self) -> Buffers {
        Buffers {
            records: std::mem::take(&mut self.records),
            rdata: std::mem::take(&mut self.rdata),
            names: std::mem::take(&mut self.names),
        }
    }

    /// The bytes every record's RDATA takes together, with their length
    /// prefixes: what a read of the zone in pieces must hold no more of
    /// than a read in one.
    #[doc(hidden)]
    pub fn rdata_bytes(&self) -> usize {
        self.rdata.len()
    }

    /// The owner name of a record, in wire form.
    pub fn owner(&self, record: &Record) -> &[u8] {
        self.names.get(record.owner)
    }

    /// The file and span of the entry a record came from.
    pub fn record_span(&self, record: &Record) -> (usize, Span) {
        let file = &self.files[self.file_of(record)];
        (
            self.file_of(record),
            file.entries.at(record.entry as usize).span,
        )
    }

    /// The span of a record's entry without the trailing line ending and
    /// comment, for labels.
    pub fn record_label_span(&self, record: &Record) -> (usize, Span) {
        let (file, span) = self.record_span(record);
        let text = &self.files[file].text;
        text.scattered_read();
        (file, trim_entry(text, span))
    }

    /// Whether a record lies at or below the origin.
    pub fn in_zone(&self, record: &Record) -> bool {
        self.origin
            .as_deref()
            .is_some_and(|origin| name::is_subdomain(self.owner(record), origin))
    }

    /// Whether any finding is an error.
    pub fn has_syntax_errors(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// The span of an entry from its first field to its last field or `)`,
/// leaving out leading blanks, comments and the line ending.
pub fn trim_entry(text: &[u8], span: Span) -> Span {
    let entry = Entry {
        kind: EntryKind::Record,
        span,
    };
    let mut first = None;
    let mut last = span.start;
    for token in entry.tokens(text) {
        use syntax::TokenKind::*;
        if matches!(
            token.kind,
            Word | Quoted | UnterminatedQuote | LeftParen | RightParen
        ) {
            first.get_or_insert(token.span.start);
            last = token.span.end;
        }
    }
    let start = first.unwrap_or(span.start);
    Span {
        start,
        end: last.max(start),
    }
}

/// How to read a zone.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// The origin, when the user or the configuration gave it (wire form).
    pub origin: Option<Vec<u8>>,
    /// Directories an `$INCLUDE` may read from (canonical paths). Empty:
    /// no restriction.
    pub include_roots: Vec<PathBuf>,
    /// Allow includes outside `include_roots`.
    pub allow_include_outside: bool,
    /// Map a large zone file instead of reading it, and let the parts
    /// already parsed leave memory: for commands that only read the zone,
    /// and for one that writes it back with `digest_mapped`.
    pub map_large_files: bool,
    /// Take the digest of a mapped file before it is read
    /// ([`Text::take_digest`]): for a command that writes the file back
    /// (`format`), which must see a change made to the file meanwhile.
    /// `check --fix` reads the file instead.
    pub digest_mapped: bool,
    /// Keep the first fields of each record entry of the zone file as
    /// the formatter lays them out (`heads::Heads`): for a command
    /// that formats the zone, which then need not read them again.
    pub keep_heads: bool,
}

/// Why a file could not be read at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is too large for 32-bit offsets.
    #[error("{path}: the input is over 4 GiB ({size} bytes read), the limit for one file")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
}

/// Most nested `$INCLUDE` levels.
pub const MAX_INCLUDE_DEPTH: usize = 16;

/// Reads the zone file at `path`.
pub fn load_path(path: &Path, options: &LoadOptions) -> Result<Zone, LoadError> {
    let mut text = read_file(path, options.map_large_files)?;
    if options.digest_mapped {
        text.take_digest();
    }
    Ok(load_text(path.to_path_buf(), text, options))
}

/// The text of the file at `path`: mapped when `map` allows it and the
/// file is large enough to be read in pieces, else read.
fn read_file(path: &Path, map: bool) -> Result<Text, LoadError> {
    let file = std::fs::File::open(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let size = file.metadata().map_or(0, |m| m.len());
    if map
        && size >= PARALLEL_PARSE as u64
        && let Some(text) = Text::map(&file)
    {
        text::test_hook::shrink_after_map(path);
        // The same bound as a read: offsets are 32-bit.
        if text.len() as u64 > MAX_INPUT {
            return Err(LoadError::TooLarge {
                path: path.to_path_buf(),
                size: text.len() as u64,
            });
        }
        return Ok(text);
    }
    read_bounded(file, path).map(Text::from)
}

/// The largest input read: offsets into a text are `u32`.
pub const MAX_INPUT: u64 = u32::MAX as u64 - 1;

/// Reads all of `reader` (a file, or standard input named `-`), refusing
/// more than [`MAX_INPUT`] bytes without reading past the limit.
pub fn read_bounded(reader: impl std::io::Read, path: &Path) -> Result<Vec<u8>, LoadError> {
    read_at_most(reader, path, MAX_INPUT)
}

/// [`read_bounded`] with the limit as a parameter, for the tests.
fn read_at_most(reader: impl std::io::Read, path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let mut text = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut text)
        .map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    if text.len() as u64 > limit {
        return Err(LoadError::TooLarge {
            path: path.to_path_buf(),
            size: text.len() as u64,
        });
    }
    Ok(text)
}

/// Reads a zone from text already in memory; `path` names it in findings
/// and is the base for relative `$INCLUDE`s and the origin guess. A large
/// zone file is read on every core.
pub fn load_source(path: PathBuf, text: Vec<u8>, options: &LoadOptions) -> Zone {
    load_text(path, Text::from(text), options)
}

/// [`load_source`] for a text read or mapped.
fn load_text(path: PathBuf, text: Text, options: &LoadOptions) -> Zone {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pieces = if text.len() >= PARALLEL_PARSE && cores > 1 {
        // More pieces than cores: the pieces are joined one at a time, each
        // freed once copied, so the memory held twice while joining is one
        // piece's, not half the zone's.
        cores.max(text.len().div_ceil(PIECE_BYTES))
    } else {
        1
    };
    let (zone, pieces_read) = load_source_in_pieces(path, text, options, pieces);
    if pieces_read > 1 {
        trim_freed_memory();
    }
    zone
}

/// Gives back to the system the memory the pieces of a large file left
/// free inside the allocator (their smaller buffers are not mapped on
/// their own, and a worker's free space stays its own until reused).
fn trim_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free memory; any thread may call it.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// [`load_source`], reading the zone file in `pieces` pieces at once
/// whatever its size (1: in one), for the tests that hold both ways to the
/// same zone; also returns how many pieces the file was read in (1 when
/// the split did not hold and it was read in one).
#[doc(hidden)]
pub fn load_source_in_pieces(
    path: PathBuf,
    text: impl Into<Text>,
    options: &LoadOptions,
    pieces: usize,
) -> (Zone, usize) {
    let text = text.into();
    let origin = options
        .origin
        .clone()
        .or_else(|| infer_origin(&text, &path));
    let mut builder = Builder::new(
        Zone {
            // About one owner name per 96 bytes of a large zone, 24 bytes each.
            names: Names::with_capacity(text.len() / 96, text.len() / 4),
            records: Vec::with_capacity(text.len() / 48),
            rdata: Vec::with_capacity(text.len() / 5),
            ..Zone::empty(origin)
        },
        options,
    );
    builder.pieces = pieces.max(1);
    if let Some(heads) = builder.heads.as_mut() {
        heads.lines.reserve(text.len() / 48);
    }
    if builder.origin.is_none() {
        builder.zone.findings.push(
            Finding::syntax(
                0,
                Span::new(0, 0),
                format!("cannot tell the origin of {}", path.display()),
            )
            .with_help(
                "give --origin NAME, start the file with $ORIGIN, make the SOA owner absolute, \
                 or name the file after the zone (example.com.zone)",
            ),
        );
    }
    builder.read_file(path, text);
    // Owners were added provisionally; look them all up now, in batches.
    let settled = builder.zone.names.settle();
    if !settled.is_identity() {
        let mut mapper = settled.mapper();
        for record in &mut builder.zone.records {
            record.owner = mapper.map(record.owner);
        }
    }
    builder
        .zone
        .findings
        .sort_by_key(|finding| (finding.file, finding.span.start));
    builder.zone.heads = std::sync::Mutex::new(builder.heads);
    (builder.zone, builder.pieces_read)
}

/// Guesses the origin (DESIGN §2): a `$ORIGIN` before the first record,
/// else the owner of the first record when it is an SOA with an absolute
/// owner, else the file name.
pub fn infer_origin(text: &[u8], path: &Path) -> Option<Vec<u8>> {
    let mut parser = Parser::new(text);
    let mut buffer = Vec::new();
    while let Some(entry) = parser.next_entry() {
        match entry.kind {
            EntryKind::Directive(Directive::Origin) => {
                let field = entry.fields.get(1)?;
                return name::parse(field.text, None, &mut buffer)
                    .ok()
                    .map(|()| buffer);
            }
            EntryKind::Record => {
                let record = entry.record(true).ok()?;
                if record.record_type.1 == 6 {
                    if let Some(owner) = record.owner {
                        if owner.text.ends_with(b".") {
                            return name::parse(owner.text, None, &mut buffer)
                                .ok()
                                .map(|()| buffer);
                        }
                    }
                }
                break;
            }
            _ => {}
        }
    }
    origin_from_file_name(path)
}

/// `example.com.zone`, `example.com.db`, `db.example.com`, `example.com`.
pub fn origin_from_file_name(path: &Path) -> Option<Vec<u8>> {
    let file_name = path.file_name()?.to_str()?;
    let base = file_name
        .strip_suffix(".zone")
        .or_else(|| file_name.strip_suffix(".db"))
        .or_else(|| file_name.strip_prefix("db."))
        .unwrap_or(file_name);
    let base = base.trim_end_matches('.');
    if base.is_empty() || !base.contains('.') && file_name == base {
        // A bare word with no zone-like suffix ("zone", "README") says
        // nothing about the origin.
        if base.is_empty() || !base.contains('.') {
            return None;
        }
    }
    if !base
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
    {
        return None;
    }
    let mut buffer = Vec::new();
    name::parse(format!("{base}.").as_bytes(), None, &mut buffer).ok()?;
    Some(buffer)
}

struct Builder<'o> {
    zone: Zone,
    options: &'o LoadOptions,
    origin: Option<Vec<u8>>,
    default_ttl: Option<u32>,
    /// The default TTL is the SOA minimum, taken because the SOA had no
    /// TTL and none was known (BIND), not a `$TTL`.
    default_ttl_from_soa: bool,
    last_ttl: Option<u32>,
    last_owner: Option<NameId>,
    class: Option<u16>,
    include_stack: Vec<PathBuf>,
    name_buffer: Vec<u8>,
    /// The owner field text of the last record with its own owner, and the
    /// name it gave: records of one owner usually come in a row, and the
    /// same text under the same origin is the same name, so it is neither
    /// parsed nor looked up again. Emptied whenever the origin changes.
    owner_cache: Option<(Vec<u8>, NameId)>,
    /// A record with a blank owner came before any record with an owner.
    owner_missing: bool,
    /// How many pieces the zone file is read in at once (1: in one).
    pieces: usize,
    /// How many it was read in.
    pieces_read: usize,
    /// Records made by `$GENERATE` so far, against
    /// [`generate::MAX_GENERATED_RECORDS`].
    generated: u64,
    /// The first fields of the zone file's record entries read so far,
    /// when [`LoadOptions::keep_heads`] asks for them.
    heads: Option<heads::Heads>,
}

impl<'o> Builder<'o> {
    /// A builder adding to `zone`, its origin the zone's, nothing else read.
    fn new(zone: Zone, options: &'o LoadOptions) -> Self {
        Builder {
            origin: zone.origin.clone(),
            zone,
            options,
            default_ttl: None,
            default_ttl_from_soa: false,
            last_ttl: None,
            last_owner: None,
            class: None,
            include_stack: Vec::new(),
            name_buffer: Vec::with_capacity(256),
            owner_cache: None,
            owner_missing: false,
            pieces: 1,
            pieces_read: 1,
            generated: 0,
            heads: options.keep_heads.then(heads::Heads::default),
        }
    }

    fn read_file(&mut self, path: PathBuf, text: Text) {
        let file = self.zone.files.len();
        if let Ok(canonical) = path.canonicalize() {
            self.include_stack.push(canonical);
        } else {
            self.include_stack.push(path.clone());
        }
        self.zone.files.push(SourceFile {
            path,
            text: Text::default(),
            entries: Entries::default(),
            directive_comments: Vec::new(),
            lines: OnceLock::new(),
        });
        // The lines of a large file are counted on another core while it
        // is parsed: its findings need them, and the parse leaves that
        // core idle. With one core they are counted when a finding first
        // needs them, if one does.
        let (entries, directive_comments, lines) = if text.len() >= span::PARALLEL_TEXT
            && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
        {
            let ((entries, comments), lines) = rayon::join(
                || self.parse_entries(file, &text),
                || LineIndex::new_releasing(&text, |range| text.release(range)),
            );
            (entries, comments, Some(lines))
        } else {
            let (entries, comments) = self.parse_entries(file, &text);
            (entries, comments, None)
        };
        // What the parse or the rules read again comes back on demand.
        text.release(0..text.len());
        let source = &mut self.zone.files[file];
        source.text = text;
        source.entries = entries;
        source.directive_comments = directive_comments;
        if let Some(lines) = lines {
            source.lines = OnceLock::from(lines);
        }
        self.include_stack.pop();
    }

    /// The entries of `text`, the records and directives of file `file`
    /// added to the zone, and where the `zonelint:` comments start. A large
    /// zone file is read on every core ([`Builder::parse_in_pieces`]).
    fn parse_entries(&mut self, file: usize, text: &Text) -> (Entries, Vec<u32>) {
        let mut entries = Entries::with_capacity(text.len() / 40);
        let mut parser = Parser::new(text);
        let mut directive_comments = Vec::new();
        if file == 0 && self.pieces > 1 {
            // The header ($ORIGIN, $TTL, the SOA...) alone first: the
            // pieces start from the state it leaves.
            let header = HEADER_BYTES.min(text.len() / self.pieces);
            self.parse_until(file, &mut parser, &mut entries, header, false);
            self.parse_in_pieces(
                file,
                text,
                &mut parser,
                &mut entries,
                &mut directive_comments,
            );
        }
        self.parse_releasing(file, text, &mut parser, &mut entries, text.len(), false);
        directive_comments.extend_from_slice(parser.directive_comments());
        (entries, directive_comments)
    }

    /// [`Builder::parse_until`] `end`, a stretch of [`RELEASE_BYTES`] at a
    /// time, each let go once read (for a mapped text).
    fn parse_releasing(
        &mut self,
        file: usize,
        text: &Text,
        parser: &mut Parser<'_>,
        entries: &mut Entries,
        end: usize,
        piece: bool,
    ) -> bool {
        let mut read = true;
        let mut released = parser.position();
        while read && parser.position() < end {
            let stretch = (parser.position() + RELEASE_BYTES).min(end);
            read = self.parse_until(file, parser, entries, stretch, piece);
            let position = parser.position();
            if position == released {
                break;
            }
            text.release(released..position);
            released = position;
        }
        read
    }

    /// Reads entries until the parser reaches `end` (an entry that starts
    /// before it is read whole). With `piece`, stops at a directive other
    /// than `$ORIGIN` and `$TTL` and returns false: a piece read on its own
    /// cannot take one.
    fn parse_until(
        &mut self,
        file: usize,
        parser: &mut Parser<'_>,
        entries: &mut Entries,
        end: usize,
        piece: bool,
    ) -> bool {
        let source = parser.source();
        while parser.position() < end {
            let Some(entry) = parser.next_entry() else {
                break;
            };
            let kind = entry.kind;
            if piece
                && matches!(kind, EntryKind::Directive(d) if !matches!(d, Directive::Origin | Directive::Ttl))
            {
                return false;
            }
            let entry_index = entries.len() as u32;
            let span = entry.span;
            for error in entry.errors {
                self.zone
                    .findings
                    .push(Finding::syntax(file, error.span, error.message.clone()));
            }
            let ok = match kind {
                EntryKind::Record => self.record(file, entry_index, &entry, source),
                EntryKind::Directive(directive) => {
                    self.directive(file, entry_index, directive, &entry)
                }
                EntryKind::Empty | EntryKind::Invalid => true,
            };
            let kind = if ok { kind } else { EntryKind::Invalid };
            entries.push(Entry { kind, span });
        }
        true
    }

    /// What a piece of the file is read with, and must leave as it found.
    fn piece_state(&self) -> PieceState {
        PieceState {
            origin: self.origin.clone(),
            default_ttl: self.default_ttl,
            default_ttl_from_soa: self.default_ttl_from_soa,
            class: self.class,
            has_default_ttl: self.zone.has_default_ttl,
        }
    }

    /// Reads the rest of `text` in `cores` pieces at once, split at line
    /// starts that look like a record with its own owner. The split is a
    /// guess: it holds when the entries before each split end exactly at
    /// it (so no parenthesis or quote spans it), no piece after the first
    /// meets a directive but `$ORIGIN` and `$TTL`, and each piece leaves
    /// the state ($ORIGIN, $TTL, class) as the others began with (a TLD
    /// zone that sets `$ORIGIN` for a delegation's glue and back keeps it
    /// at nearly every split). The pieces' records, names, RDATA and
    /// findings are appended in order, as one read would have made them,
    /// each as soon as it and those before it are read. From the first
    /// piece that does not hold, the pieces are dropped and the parser goes
    /// on from where the last one that held stopped, one entry after
    /// another.
    fn parse_in_pieces<'t>(
        &mut self,
        file: usize,
        text: &'t Text,
        parser: &mut Parser<'t>,
        entries: &mut Entries,
        directive_comments: &mut Vec<u32>,
    ) {
        let state = self.piece_state();
        if state.origin.is_none()
            || state.default_ttl.is_none()
            || state.class.is_none()
            || self.include_stack.len() != 1
        {
            return;
        }
        let start = parser.position();
        let bounds = split_points(text, start, self.pieces.min(MAX_PIECES));
        if bounds.len() < 3 {
            return;
        }
        let options = self.options;
        // The state each piece starts in: the last `$ORIGIN` and `$TTL`
        // before it, else the header's. Checked below against the state the
        // piece before it ends in.
        let starts: Vec<PieceState> = bounds[1..bounds.len() - 1]
            .iter()
            .map(|&at| guess_state(text, at, &state))
            .collect();
        // The pieces after the first are tasks of the one worker pool, so
        // that files read at once and their pieces never ask for more
        // threads than there are cores; this thread reads the first, then
        // joins the others in order as they come, while the later ones are
        // still being read.
        let count = starts.len();
        let abandoned = std::sync::atomic::AtomicBool::new(false);
        // Who reads a piece claims it first: a task, or this thread when it
        // is a worker of the pool and needs the piece before any task took
        // it up (it cannot count on the pool then: the other workers may
        // all be joining pieces of other files). Off the pool, it only
        // joins, while the workers read.
        let on_worker = rayon::current_thread_index().is_some();
        let claimed: Vec<std::sync::atomic::AtomicBool> = (0..count)
            .map(|_| std::sync::atomic::AtomicBool::new(false))
            .collect();
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Option<Piece>)>();
        // The memory of pieces joined, while pieces are left to read: a
        // piece's memory is then used again, not given back and faulted in
        // anew (the pages of a large file's pieces add up to its model's).
        let spares = std::sync::Mutex::new(Vec::<PieceMemory>::new());
        let all_claimed = || {
            claimed
                .iter()
                .all(|claimed| claimed.load(std::sync::atomic::Ordering::Acquire))
        };
        // A piece just claimed takes one; once the last is, none is kept.
        let spare = || {
            let mut spares = spares.lock().ok()?;
            let spare = spares.pop();
            if all_claimed() {
                spares.clear();
            }
            spare
        };
        // Where the pieces joined end (none joined: `None`).
        let mut joined_to = None;
        rayon::in_place_scope(|scope| {
            for (i, (range, state)) in bounds[1..].windows(2).zip(&starts).enumerate() {
                let (from, to) = (range[0], range[1]);
                let (sender, abandoned, claimed) = (sender.clone(), &abandoned, &claimed);
                let spare = &spare;
                scope.spawn(move |_| {
                    if claimed[i].swap(true, std::sync::atomic::Ordering::AcqRel) {
                        return;
                    }
                    let piece = if abandoned.load(std::sync::atomic::Ordering::Relaxed) {
                        None
                    } else {
                        read_piece(options, state, file, text, from, to, spare())
                    };
                    // The receiver is gone only once the join gave up.
                    let _ = sender.send((i, piece));
                });
            }
            // Once every task is done (or has panicked), the channel says so.
            drop(sender);
            let first_ok = self.parse_until(file, parser, entries, bounds[1], false)
                && parser.position() == bounds[1];
            text.release(start..parser.position());
            let mut waiting: Vec<Option<Option<Piece>>> = (0..count).map(|_| None).collect();
            for i in 0..count {
                // A piece joins when it was read whole and began in the state
                // the text before it leaves, and its RDATA offsets fit a
                // record's 32 bits.
                let piece = if !first_ok || self.piece_state() != starts[i] {
                    None
                } else {
                    // A worker reads the first piece from `i` on that no
                    // task took up, rather than wait idle for piece i.
                    let read = |waiting: &mut [Option<Option<Piece>>]| {
                        let j = (i..count).find(|&j| {
                            !claimed[j].swap(true, std::sync::atomic::Ordering::AcqRel)
                        })?;
                        let (from, to) = (bounds[j + 1], bounds[j + 2]);
                        waiting[j] = Some(read_piece(
                            options,
                            &starts[j],
                            file,
                            text,
                            from,
                            to,
                            spare(),
                        ));
                        Some(())
                    };
                    next_piece(&receiver, &mut waiting, i, on_worker.then_some(read))
                };
                let Some(piece) = piece.filter(|piece| {
                    u32::try_from(self.zone.rdata.len() + piece.zone.rdata.len()).is_ok()
                }) else {
                    abandoned.store(true, std::sync::atomic::Ordering::Relaxed);
                    break;
                };
                if joined_to.is_none() {
                    directive_comments.extend_from_slice(parser.directive_comments());
                }
                let memory = self.join_piece(piece, entries, directive_comments);
                joined_to = Some((i, bounds[i + 2]));
                // Kept only while a piece is left to take it up.
                if let Ok(mut spares) = spares.lock() {
                    if all_claimed() {
                        spares.clear();
                    } else {
                        spares.push(memory);
                    }
                }
            }
        });
        if let Some((last, end)) = joined_to {
            self.pieces_read = last + 2;
            // What is left after the last piece joined (nothing when all
            // did) is read one entry after another.
            *parser = Parser::at(text, end);
        }
    }

    /// Appends a piece read on its own after what was read before it.
    fn join_piece(
        &mut self,
        mut piece: Piece,
        entries: &mut Entries,
        directive_comments: &mut Vec<u32>,
    ) -> PieceMemory {
        let first_name = self.zone.names.append_provisional(&piece.zone.names);
        // Fits: checked by the caller.
        let rdata_base = u32::try_from(self.zone.rdata.len()).unwrap_or(u32::MAX);
        self.zone.rdata.extend_from_slice(&piece.zone.rdata);
        let entry_base = entries.len() as u32;
        if let (Some(heads), Some(more)) = (self.heads.as_mut(), piece.heads.as_ref()) {
            heads.append(more, entry_base, self.zone.records.len() as u32);
        }
        let (records, shapes) = (&mut self.zone.records, &mut self.zone.shapes);
        records.extend(piece.zone.records.iter().map(|record| {
            let rdata_start = record.rdata_start + rdata_base;
            Record {
                owner: record.owner + first_name,
                rdata_start,
                entry: record.entry + entry_base,
                record_type: record.record_type,
                shape: shapes.id(piece.zone.shapes.get(record), rdata_start),
            }
        }));
        entries.append(&piece.entries);
        self.zone.findings.append(&mut piece.zone.findings);
        (self.origin, self.default_ttl, self.default_ttl_from_soa) = (
            piece.end.origin,
            piece.end.default_ttl,
            piece.end.default_ttl_from_soa,
        );
        self.zone.has_default_ttl = piece.end.has_default_ttl;
        if let Some(owner) = piece.last_owner {
            self.last_owner = Some(owner + first_name);
        }
        self.owner_cache = None;
        directive_comments.extend_from_slice(&piece.directive_comments);
        PieceMemory {
            buffers: piece.zone.take_buffers(),
            entries: piece.entries,
            heads: piece.heads,
        }
    }

    fn error(&mut self, file: usize, span: Span, message: impl Into<String>) -> bool {
        self.zone
            .findings
            .push(Finding::syntax(file, span, message));
        false
    }

    fn record(
        &mut self,
        file: usize,
        entry_index: u32,
        entry: &RawEntry<'_, '_>,
        source: &[u8],
    ) -> bool {
        let syntax = match entry.record_parts(true) {
            Ok(syntax) => syntax,
            Err(error) => return self.error(file, error.span, error.message),
        };
        let fields = entry.fields;
        let owner_field = syntax.owner.then(|| fields[0]);
        let owner = match owner_field {
            Some(field) => {
                if field.quoted {
                    return self.error(file, field.span, "owner name cannot be a quoted string");
                }
                match &self.owner_cache {
                    Some((text, id)) if text.as_slice() == field.text => *id,
                    _ => {
                        // Looked up later, in batches (Names::settle). A
                        // plain name is written straight to the names.
                        let origin = self.origin.as_deref();
                        let names = &mut self.zone.names;
                        let parsed = match names.add_provisional_with(|out| {
                            name::append_plain(field.text, origin, out, false)
                        }) {
                            Some(id) => Ok(id),
                            None => name::parse(field.text, origin, &mut self.name_buffer)
                                .map(|()| names.add_provisional(&self.name_buffer)),
                        };
                        match parsed {
                            Ok(id) => {
                                let cache =
                                    self.owner_cache.get_or_insert_with(|| (Vec::new(), id));
                                cache.0.clear();
                                name::extend_words(&mut cache.0, field.text);
                                cache.1 = id;
                                id
                            }
                            Err(error) => {
                                return self.error(
                                    file,
                                    field.span,
                                    format!("owner {}: {error}", syntax::parser::show(field.text)),
                                );
                            }
                        }
                    }
                }
            }
            None => match self.last_owner {
                Some(owner) => owner,
                None => {
                    self.owner_missing = true;
                    return self.error(
                        file,
                        trim_entry_start(entry),
                        "record starts with a blank but no earlier record gives an owner to inherit",
                    );
                }
            },
        };
        self.last_owner = Some(owner);
        let rdata_fields = &entry.fields[syntax.rdata_start..];
        let ttl = syntax.ttl.map(|(index, ttl)| (fields[index].span, ttl));
        let class = syntax
            .class
            .map(|(index, class)| (fields[index].span, class));
        let owner_span = owner_field.map_or_else(|| trim_entry_start(entry), |f| f.span);
        let type_field = fields[syntax.record_type.0];
        let added = self.add_record(
            file,
            entry_index,
            (owner, owner_span),
            ttl,
            class,
            (type_field, syntax.record_type.1),
            rdata_fields,
            0,
        );
        if let Some(heads) = self.heads.as_mut().filter(|_| added && file == 0) {
            heads.class_column |= class.is_some();
            let record = self.zone.records.len() as u32 - 1;
            heads.push(
                source,
                (entry_index, record),
                entry,
                owner_field,
                ttl.map(|(span, _)| span),
                type_field.span.end,
            );
        }
        added
    }

    /// Resolves TTL and class, reads the RDATA and stores the record.
    #[allow(clippy::too_many_arguments)]
    fn add_record(
        &mut self,
        file: usize,
        entry_index: u32,
        (owner, owner_span): (NameId, Span),
        ttl: Option<(Span, u32)>,
        class: Option<(Span, u16)>,
        record_type: (Field<'_>, u16),
        rdata_fields: &[Field<'_>],
        flags: u8,
    ) -> bool {
        let (type_field, type_code) = record_type;
        if let Some((span, code)) = class {
            match self.class {
                Some(zone_class) if zone_class != code => {
                    return self.error(
                        file,
                        span,
                        format!(
                            "class {} differs from the zone's class {}",
                            crate::rrtype::class_name(code),
                            crate::rrtype::class_name(zone_class)
                        ),
                    );
                }
                _ => self.class = Some(code),
            }
        }
        let class_code = *self.class.get_or_insert(1);
        self.zone.class = class_code;
        // An octet for the length, then the RDATA (see Record::rdata_start).
        let prefix = self.zone.rdata.len();
        self.zone.rdata.push(0);
        let mut rdata_start = prefix + 1;
        if let Err(error) = rdata::encode(
            type_code,
            rdata_fields,
            self.origin.as_deref(),
            &mut self.zone.rdata,
        ) {
            let span = rdata_fields
                .get(error.field)
                .map(|f| f.span)
                .unwrap_or_else(|| {
                    let end = rdata_fields
                        .last()
                        .map_or(type_field.span.end, |f| f.span.end);
                    Span { start: end, end }
                });
            self.zone.rdata.truncate(prefix);
            return self.error(file, span, error.message);
        }
        let owner_name = self.zone.names.get(owner);
        if let Err(message) =
            rdata::check_owner(type_code, owner_name, &self.zone.rdata[rdata_start..])
        {
            self.zone.rdata.truncate(prefix);
            return self.error(file, owner_span, message);
        }
        let rdata_length = self.zone.rdata.len() - rdata_start;
        if rdata_length < usize::from(LONG_RDATA) {
            self.zone.rdata[prefix] = rdata_length as u8;
        } else {
            // Rare (keys, signatures, long TXT): two more octets in front.
            // rdata::encode refuses more than 65 535 octets.
            let [high, low] = (rdata_length as u16).to_be_bytes();
            self.zone.rdata[prefix] = LONG_RDATA;
            self.zone.rdata.splice(prefix..prefix, [high, low]);
            rdata_start += 2;
        }
        let mut flags = flags;
        let ttl = match ttl {
            Some((_, ttl)) => {
                flags |= FLAG_EXPLICIT_TTL;
                if self.default_ttl.is_none() {
                    self.last_ttl = Some(ttl);
                }
                ttl
            }
            None => match self.default_ttl.or(self.last_ttl) {
                Some(ttl) => {
                    if self.default_ttl.is_none() || self.default_ttl_from_soa {
                        flags |= FLAG_IMPLICIT_TTL;
                    }
                    ttl
                }
                None if type_code == 6 && rdata_length >= 4 => {
                    // RFC 1035 leaves it open. BIND takes the SOA minimum,
                    // and keeps it as the default for every later record
                    // without a TTL, as if it were a $TTL.
                    let minimum = &self.zone.rdata[self.zone.rdata.len() - 4..];
                    let ttl = u32::from_be_bytes([minimum[0], minimum[1], minimum[2], minimum[3]]);
                    self.default_ttl = Some(ttl);
                    self.default_ttl_from_soa = true;
                    flags |= FLAG_IMPLICIT_TTL;
                    ttl
                }
                None => {
                    self.zone.rdata.truncate(prefix);
                    return self.error(
                        file,
                        type_field.span,
                        "record has no TTL: there is no $TTL and no earlier record with one",
                    );
                }
            },
        };
        // A zone's RDATA is addressed with 32 bits and its files with 16:
        // a zone past either (through $INCLUDE and $GENERATE) is refused
        // here rather than wrapped around.
        let (Ok(rdata_start), Ok(file_index)) = (u32::try_from(rdata_start), u16::try_from(file))
        else {
            self.zone.rdata.truncate(prefix);
            return self.error(
                file,
                type_field.span,
                "the zone is too large: its RDATA passes 4 GiB or it reads more than 65 535 files",
            );
        };
        let shape = Shape {
            ttl,
            class: class_code,
            file: file_index,
            flags,
        };
        let shape = self.zone.shapes.id(shape, rdata_start);
        self.zone.records.push(Record {
            owner,
            rdata_start,
            entry: entry_index,
            record_type: type_code,
            shape,
        });
        true
    }

    fn directive(
        &mut self,
        file: usize,
        entry_index: u32,
        directive: Directive,
        entry: &RawEntry<'_, '_>,
    ) -> bool {
        let fields = entry.fields;
        let keyword = fields[0];
        let missing = |what: &str| {
            Finding::syntax(
                file,
                keyword.span,
                format!(
                    "{} needs {what}",
                    String::from_utf8_lossy(keyword.text).to_uppercase()
                ),
            )
        };
        match directive {
            Directive::Origin => {
                let Some(field) = fields.get(1) else {
                    self.zone.findings.push(missing("a domain name"));
                    return false;
                };
                if let Some(extra) = fields.get(2) {
                    return self.error(file, extra.span, "$ORIGIN takes one name");
                }
                match name::parse(field.text, self.origin.as_deref(), &mut self.name_buffer) {
                    Ok(()) => {
                        self.origin = Some(self.name_buffer.clone());
                        self.owner_cache = None;
                        if self.zone.origin.is_none() && self.zone.records.is_empty() {
                            self.zone.origin = self.origin.clone();
                        }
                        true
                    }
                    Err(error) => self.error(
                        file,
                        field.span,
                        format!("$ORIGIN {}: {error}", syntax::parser::show(field.text)),
                    ),
                }
            }
            Directive::Ttl => {
                let Some(field) = fields.get(1) else {
                    self.zone.findings.push(missing("a TTL"));
                    return false;
                };
                if let Some(extra) = fields.get(2) {
                    return self.error(file, extra.span, "$TTL takes one TTL");
                }
                match syntax::parse_ttl(field.text) {
                    Ok(ttl) => {
                        self.default_ttl = Some(ttl);
                        self.default_ttl_from_soa = false;
                        self.zone.has_default_ttl = true;
                        true
                    }
                    Err(message) => self.error(
                        file,
                        field.span,
                        format!("$TTL {} {message}", syntax::parser::show(field.text)),
                    ),
                }
            }
            Directive::Include => {
                let Some(path_field) = fields.get(1) else {
                    self.zone.findings.push(missing("a file name"));
                    return false;
                };
                self.include(file, path_field, fields.get(2), fields.get(3))
            }
            Directive::Generate => self.generate(file, entry_index, entry),
            Directive::Date => {
                let Some(field) = fields.get(1) else {
                    self.zone.findings.push(missing("a time (YYYYMMDDHHMMSS)"));
                    return false;
                };
                if let Some(extra) = fields.get(2) {
                    return self.error(file, extra.span, "$DATE takes one time");
                }
                if !is_date_time(field.text) {
                    return self.error(
                        file,
                        field.span,
                        format!(
                            "$DATE {} is not a time of the form YYYYMMDDHHMMSS",
                            syntax::parser::show(field.text)
                        ),
                    );
                }
                true
            }
        }
    }

    fn include(
        &mut self,
        file: usize,
        path_field: &Field<'_>,
        origin_field: Option<&Field<'_>>,
        extra: Option<&Field<'_>>,
    ) -> bool {
        if let Some(extra) = extra {
            return self.error(
                file,
                extra.span,
                "$INCLUDE takes a file name and an optional origin",
            );
        }
        let mut decoded = Vec::new();
        if rdata::common::unescape_into(path_field.text, &mut decoded).is_err() {
            return self.error(file, path_field.span, "$INCLUDE file name has a bad escape");
        }
        let requested = PathBuf::from(String::from_utf8_lossy(&decoded).into_owned());
        if self.include_stack.len() > MAX_INCLUDE_DEPTH {
            return self.error(
                file,
                path_field.span,
                format!("$INCLUDE nested more than {MAX_INCLUDE_DEPTH} levels deep"),
            );
        }
        let including = self.zone.files[file].path.clone();
        let Some(resolved) = resolve_include(&including, &requested) else {
            return self.error(
                file,
                path_field.span,
                format!(
                    "$INCLUDE {}: no such file beside {} or in the current directory",
                    requested.display(),
                    including.display()
                ),
            );
        };
        let canonical = resolved.canonicalize().unwrap_or_else(|_| resolved.clone());
        if self.include_stack.contains(&canonical) {
            return self.error(
                file,
                path_field.span,
                format!("$INCLUDE {} includes itself (a cycle)", requested.display()),
            );
        }
        if !self.options.allow_include_outside
            && !self.options.include_roots.is_empty()
            && !self
                .options
                .include_roots
                .iter()
                .any(|root| canonical.starts_with(root))
        {
            return self.error(
                file,
                path_field.span,
                format!(
                    "$INCLUDE {} leaves the checked directory and the current directory \
                     (allow it with --allow-include-outside)",
                    requested.display()
                ),
            );
        }
        let text = match read_file(&resolved, false) {
            Ok(text) => text,
            Err(error) => return self.error(file, path_field.span, format!("$INCLUDE: {error}")),
        };
        let saved_origin = self.origin.clone();
        if let Some(origin_field) = origin_field {
            match name::parse(
                origin_field.text,
                self.origin.as_deref(),
                &mut self.name_buffer,
            ) {
                Ok(()) => {
                    self.origin = Some(self.name_buffer.clone());
                    self.owner_cache = None;
                }
                Err(error) => {
                    return self.error(
                        file,
                        origin_field.span,
                        format!(
                            "$INCLUDE origin {}: {error}",
                            syntax::parser::show(origin_field.text)
                        ),
                    );
                }
            }
        }
        let saved_owner = self.last_owner;
        self.read_file(resolved, text);
        // RFC 1035 §5.1: the origin of the including file is unchanged by
        // the included one. BIND restores the current owner too, so a
        // record after the $INCLUDE that starts with a blank belongs to
        // the owner before it. ($TTL is not restored, as in BIND.)
        self.origin = saved_origin;
        self.owner_cache = None;
        self.last_owner = saved_owner;
        true
    }
}

/// A zone file from this size on is read on every core.
const PARALLEL_PARSE: usize = 4 << 20;

/// How much of a large file is read alone first, for the state ($ORIGIN,
/// $TTL, class) the pieces start from.
const HEADER_BYTES: usize = 64 << 10;

/// About how large a piece of a large file is (see [`load_source`]).
const PIECE_BYTES: usize = 16 << 20;

/// How much of a mapped text is read before that part is let go.
const RELEASE_BYTES: usize = 2 << 20;

/// The most pieces one file is read in.
const MAX_PIECES: usize = 64;

/// The state a piece of a file is read with (see
/// [`Builder::parse_in_pieces`]).
#[derive(Clone, Debug, PartialEq, Eq)]
struct PieceState {
    origin: Option<Vec<u8>>,
    default_ttl: Option<u32>,
    default_ttl_from_soa: bool,
    class: Option<u16>,
    has_default_ttl: bool,
}

/// The memory a piece joined leaves, for a piece read after it to use
/// rather than ask the system for fresh pages (and give them back).
struct PieceMemory {
    buffers: Buffers,
    entries: Entries,
    heads: Option<heads::Heads>,
}

/// A zone's records, RDATA and names, taken out of it
/// ([`Zone::take_buffers`]): for another reader to use their memory again
/// ([`Buffers::give_to`]), or to be dropped.
pub(crate) struct Buffers {
    records: Vec<Record>,
    rdata: Vec<u8>,
    names: Names,
}

impl Buffers {
    /// Gives `zone` these buffers in place of its own, emptied: their
    /// memory, none of their records or names.
    pub(crate) fn give_to(mut self, zone: &mut Zone) {
        self.records.clear();
        self.rdata.clear();
        self.names.clear();
        (zone.records, zone.rdata, zone.names) = (self.records, self.rdata, self.names);
    }
}

/// What one piece of a file holds, read on its own.
struct Piece {
    zone: Zone,
    entries: Entries,
    directive_comments: Vec<u32>,
    /// The state it ends in.
    end: PieceState,
    /// The owner of its last record (an id among its own names).
    last_owner: Option<NameId>,
    /// Its records' first fields, if kept (entries and records counted
    /// from the piece's start).
    heads: Option<heads::Heads>,
}

/// A zone's records, names, RDATA and entries, taken out of it
/// ([`Zone::take_model`]) to be dropped.
pub(crate) struct Model {
    _buffers: Buffers,
    _entries: Vec<Entries>,
}

/// The state at byte `at` of `text` (a line start), guessed without
/// reading what comes before: the argument of the last `$ORIGIN` line
/// before it when that is absolute, and of the last `$TTL` line; `header`'s
/// where there is none.
fn guess_state(text: &[u8], at: usize, header: &PieceState) -> PieceState {
    let mut state = header.clone();
    let (mut origin_seen, mut ttl_seen) = (false, false);
    let mut end = at;
    while !(origin_seen && ttl_seen) {
        let Some(dollar) = memchr::memrchr(b'$', &text[..end]) else {
            break;
        };
        end = dollar;
        if dollar > 0 && text[dollar - 1] != b'\n' {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &text[dollar..]).map_or(at, |n| dollar + n);
        let line = &text[dollar..line_end.min(at)];
        let mut words = line
            .split(|b| b.is_ascii_whitespace())
            .filter(|word| !word.is_empty());
        let (Some(keyword), Some(argument)) = (words.next(), words.next()) else {
            continue;
        };
        if !origin_seen && keyword.eq_ignore_ascii_case(b"$ORIGIN") {
            origin_seen = true;
            let mut wire = Vec::new();
            if argument.ends_with(b".") && name::parse(argument, None, &mut wire).is_ok() {
                state.origin = Some(wire);
            }
        } else if !ttl_seen && keyword.eq_ignore_ascii_case(b"$TTL") {
            ttl_seen = true;
            if let Ok(ttl) = syntax::parse_ttl(argument) {
                state.default_ttl = Some(ttl);
                state.default_ttl_from_soa = false;
                state.has_default_ttl = true;
            }
        }
    }
    state
}

/// Where `text[start..]` is split into about `pieces` pieces: `start`, the
/// line starts chosen, and the end. A split goes at the first line after
/// the even share that starts with a byte an owner name can start with (no
/// blank, comment, directive, parenthesis or quote).
fn split_points(text: &[u8], start: usize, pieces: usize) -> Vec<usize> {
    let mut bounds = vec![start];
    let length = text.len() - start;
    for k in 1..pieces {
        let mut at = (start + length / pieces * k).max(*bounds.last().unwrap_or(&start));
        let found = loop {
            let Some(newline) = memchr::memchr(b'\n', &text[at..]) else {
                break None;
            };
            let next = at + newline + 1;
            match text.get(next) {
                None => break None,
                Some(b' ' | b'\t' | b'\r' | b'\n' | b';' | b'$' | b'(' | b')' | b'"') => at = next,
                Some(_) => break Some(next),
            }
        };
        match found {
            Some(bound) if bound > *bounds.last().unwrap_or(&start) => bounds.push(bound),
            _ => break,
        }
    }
    bounds.push(text.len());
    bounds
}

/// Piece `i` as the thread that claimed it hands it over (`None`: it
/// could not be read on its own), keeping those that come before their
/// turn in `waiting`. With `read` (on a worker of the pool), the caller
/// reads a piece no task took up yet, piece i first, while it waits; it
/// blocks only when every piece is taken up, so the wait never depends on
/// this thread running a task, nor runs another file's work while the
/// pieces read pile up. Off the pool the workers read every piece.
fn next_piece(
    receiver: &std::sync::mpsc::Receiver<(usize, Option<Piece>)>,
    waiting: &mut [Option<Option<Piece>>],
    i: usize,
    mut read: Option<impl FnMut(&mut [Option<Option<Piece>>]) -> Option<()>>,
) -> Option<Piece> {
    loop {
        while let Ok((j, piece)) = receiver.try_recv() {
            waiting[j] = Some(piece);
        }
        if let Some(piece) = waiting[i].take() {
            return piece;
        }
        if read.as_mut().and_then(|read| read(waiting)).is_some() {
            continue;
        }
        match receiver.recv() {
            Ok((j, piece)) => waiting[j] = Some(piece),
            // Every task is done (or panicked, the scope then says so)
            // without piece i: nothing to join.
            Err(_) => return None,
        }
    }
}

/// Reads `text[from..to]` as a piece of file `file` starting in `state`;
/// `None` when the guess of [`Builder::parse_in_pieces`] does not hold for it.
fn read_piece(
    options: &LoadOptions,
    state: &PieceState,
    file: usize,
    text: &Text,
    from: usize,
    to: usize,
    spare: Option<PieceMemory>,
) -> Option<Piece> {
    let length = to - from;
    let mut zone = Zone {
        class: state.class.unwrap_or(1),
        has_default_ttl: state.has_default_ttl,
        ..Zone::empty(state.origin.clone())
    };
    let (entries, heads) = match spare {
        Some(PieceMemory {
            buffers,
            entries,
            heads,
        }) => {
            buffers.give_to(&mut zone);
            (entries, heads)
        }
        None => {
            zone.names = Names::provisional_only(length / 96, length / 4);
            (Entries::default(), None)
        }
    };
    zone.records.reserve(length / 48);
    zone.rdata.reserve(length / 5);
    let mut builder = Builder::new(zone, options);
    if let (Some(kept), Some(mut spare)) = (builder.heads.as_mut(), heads) {
        spare.clear();
        *kept = spare;
    }
    if let Some(heads) = builder.heads.as_mut() {
        heads.lines.reserve(length / 48);
    }
    builder.default_ttl = state.default_ttl;
    builder.default_ttl_from_soa = state.default_ttl_from_soa;
    builder.class = state.class;
    // A piece never holds a `$GENERATE` (it is then read in one go).
    let mut parser = Parser::at(text, from);
    let mut entries = entries.emptied(length / 40);
    let read = builder.parse_releasing(file, text, &mut parser, &mut entries, to, true);
    // A record with no owner of its own before any with one would have
    // taken the owner from before the split.
    (read && parser.position() == to && !builder.owner_missing).then(|| Piece {
        directive_comments: parser.directive_comments().to_vec(),
        end: builder.piece_state(),
        last_owner: builder.last_owner,
        heads: builder.heads,
        zone: builder.zone,
        entries,
    })
}

/// A relative `$INCLUDE` path is looked up beside the including file
/// first, then in the current directory (as BIND and NSD do).
fn resolve_include(including: &Path, requested: &Path) -> Option<PathBuf> {
    if requested.is_absolute() {
        return requested.is_file().then(|| requested.to_path_buf());
    }
    let beside = including
        .parent()
        .map_or_else(|| requested.to_path_buf(), |dir| dir.join(requested));
    if beside.is_file() {
        return Some(beside);
    }
    requested.is_file().then(|| requested.to_path_buf())
}

/// `date_time := YYYYMMDDHHMMSS` (14 digits, each part in range).
fn is_date_time(text: &[u8]) -> bool {
    if text.len() != 14 || !text.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let part = |range: std::ops::Range<usize>| {
        text[range]
            .iter()
            .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
    };
    (1..=12).contains(&part(4..6))
        && (1..=31).contains(&part(6..8))
        && part(8..10) <= 23
        && part(10..12) <= 59
        && part(12..14) <= 60
}

fn trim_entry_start(entry: &RawEntry<'_, '_>) -> Span {
    entry.fields.first().map_or(entry.span, |f| f.span)
}

/// The zone `text` of `origin` (presentation form), read as `test.zone`
/// (for tests).
#[cfg(test)]
pub fn test_zone(text: &str, origin: &str) -> Zone {
    let options = LoadOptions {
        origin: Some(name::test_wire(origin)),
        ..LoadOptions::default()
    };
    load_source(
        PathBuf::from("test.zone"),
        text.as_bytes().to_vec(),
        &options,
    )
}

#[cfg(test)]
mod tests {

    /// An endless input (a stream that never ends, or a file over the
    /// limit) is refused after reading one byte past the limit, never read
    /// whole.
    #[test]
    fn input_is_read_up_to_its_bound() {
        let endless = std::io::repeat(b'a');
        let error = read_at_most(endless, Path::new("-"), 1000).unwrap_err();
        assert!(
            matches!(error, LoadError::TooLarge { size: 1001, .. }),
            "{error}"
        );
        assert!(error.to_string().starts_with("-: the input is over 4 GiB"));
        let text = read_at_most(&b"exactly"[..], Path::new("x"), 7).unwrap();
        assert_eq!(text, b"exactly");
    }
    use super::*;

    fn load(text: &str) -> Zone {
        test_zone(text, "example.")
    }

    #[test]
    fn a_large_file_gets_its_lines_counted_while_it_is_parsed() {
        // Over the size from which the lines are counted on another core:
        // a syntax error on the last line is placed on that line.
        let mut text = String::from("$TTL 3600\n@ SOA ns hostmaster 1 2 3 4 5\n");
        let mut lines = 2;
        while text.len() <= span::PARALLEL_TEXT {
            text.push_str(&format!("host{lines} A 192.0.2.{}\n", lines % 250));
            lines += 1;
        }
        text.push_str("bad A 192.0.2.300\n");
        let zone = load(&text);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(
            zone.files[0].lines.get().is_some(),
            cores > 1,
            "counted during the parse when there is another core"
        );
        assert_eq!(zone.findings.len(), 1);
        let file = &zone.files[0];
        let (line, _) = file
            .line_index()
            .line_col(&file.text, zone.findings[0].span.start as usize);
        assert_eq!(line, lines + 1);
        let fresh = LineIndex::new(&file.text);
        assert_eq!(
            fresh.line_col(&file.text, zone.findings[0].span.start as usize),
            file.line_index()
                .line_col(&file.text, zone.findings[0].span.start as usize)
        );
    }

    fn ttls(zone: &Zone) -> Vec<(String, u32)> {
        zone.records
            .iter()
            .map(|r| (name::to_string(zone.owner(r)), zone.ttl(r)))
            .collect()
    }

    #[test]
    fn records_are_16_bytes_and_keep_their_rdata() {
        assert_eq!(std::mem::size_of::<Record>(), 16);
        let zone = load(
            "$TTL 300\n@ SOA ns hm 1 2 3 4 5\nbad A 1.2.3\na A 192.0.2.1\n\
             t TXT \"\"\nbad2 MX x y\nb AAAA ::1\n",
        );
        assert_eq!(zone.findings.len(), 2, "{:?}", zone.findings);
        let rdata: Vec<&[u8]> = zone.records.iter().map(|r| zone.rdata(r)).collect();
        assert_eq!(rdata[1], [192, 0, 2, 1]);
        assert_eq!(rdata[2], [0]);
        assert_eq!(rdata[3].len(), 16);
        assert_eq!(rdata.len(), 4);
        // Lengths around the one-octet limit, and the largest.
        for length in [253usize, 254, 255, 256, 65_535] {
            let hex = "ab".repeat(length);
            let zone = load(&format!(
                "$TTL 300\nx TYPE999 \\# {length} {hex}\ny TYPE999 \\# 1 cd\n"
            ));
            assert!(zone.findings.is_empty(), "{:?}", zone.findings);
            assert_eq!(zone.rdata(&zone.records[0]), vec![0xab; length]);
            assert_eq!(zone.rdata(&zone.records[1]), [0xcd]);
        }
    }

    #[test]
    fn every_record_keeps_its_ttl_class_file_and_flags_past_the_shape_table() {
        // More distinct TTLs than the table of shapes holds: the records
        // past it keep theirs too, read in one piece or in several joined.
        let count = usize::from(OVERFLOW_SHAPE) + 5_000;
        let mut text = String::from("$ORIGIN example.\n$TTL 3\n@ 1 IN SOA ns hm 1 2 3 4 5\n");
        for i in 0..count {
            let ttl = 100 + i;
            if i % 3 == 0 {
                text.push_str(&format!("r{i} {ttl} IN TXT x\n"));
            } else {
                text.push_str(&format!("r{i} IN {ttl} TXT x\n"));
            }
        }
        text.push_str("$TTL 7\nlast TXT y\n");
        for pieces in [1, 4] {
            let (zone, read_in) = load_source_in_pieces(
                PathBuf::from("example.zone"),
                text.as_bytes().to_vec(),
                &LoadOptions::default(),
                pieces,
            );
            assert_eq!(read_in, pieces);
            assert!(zone.findings.is_empty(), "{:?}", zone.findings);
            assert_eq!(zone.records.len(), count + 2);
            for (i, record) in zone.records[1..=count].iter().enumerate() {
                let shape = zone.shape(record);
                assert_eq!(shape.ttl as usize, 100 + i, "record {i} in {pieces} pieces");
                assert_eq!((shape.class, shape.file), (1, 0));
                assert_eq!(shape.flags, FLAG_EXPLICIT_TTL);
            }
            let last = zone.records.last().unwrap();
            assert_eq!(zone.ttl(last), 7);
            assert_eq!(zone.flags(last), 0);
            assert_eq!(zone.rdata(last), b"\x01y");
        }
    }

    #[test]
    fn soa_minimum_becomes_the_default_ttl() {
        // bind9 masterfile/ns1/ttl1.db: no $TTL and an SOA without a TTL.
        let zone = load(
            "@ SOA ns hm 1 2 3 4 7\n  NS ns\nns 5 A 192.0.2.1\na TXT x\nb 9 TXT y\nc TXT z\n\
             $TTL 1\nd TXT w\n",
        );
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let got = ttls(&zone);
        let want = [7, 7, 5, 7, 9, 7, 1];
        assert_eq!(got.iter().map(|(_, t)| *t).collect::<Vec<_>>(), want);
        assert!(zone.flags(&zone.records[3]) & FLAG_IMPLICIT_TTL != 0);
        assert!(zone.flags(&zone.records[6]) & FLAG_IMPLICIT_TTL == 0);
    }

    #[test]
    fn explicit_soa_ttl_keeps_rfc_1035_inheritance() {
        // bind9 masterfile/ns1/ttl2.db: the last TTL is inherited.
        let zone = load("@ 1 SOA ns hm 1 2 3 4 3\n  NS ns\nb 2 TXT y\nc TXT z\n");
        assert_eq!(
            ttls(&zone).iter().map(|(_, t)| *t).collect::<Vec<_>>(),
            [1, 1, 2, 2]
        );
    }

    #[test]
    fn include_restores_the_current_owner() {
        // bind9 masterfile/ns1/include.db: a blank owner after $INCLUDE is
        // the owner before it, not the last one of the included file.
        let folder = std::env::temp_dir().join(format!("zonelint-include-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("sub.db"),
            "a A 10.0.1.1\n$ORIGIN foo\nb A 10.0.2.2\n",
        )
        .unwrap();
        let text = "$TTL 300\n@ SOA ns hm 1 2 3 4 5\n NS ns\na A 10.0.0.1\n$INCLUDE sub.db a\n A 10.0.0.99\n";
        let options = LoadOptions {
            origin: Some(b"\x07include\x00".to_vec()),
            ..LoadOptions::default()
        };
        let zone = load_source(
            folder.join("include.db"),
            text.as_bytes().to_vec(),
            &options,
        );
        std::fs::remove_dir_all(&folder).unwrap();
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let owners: Vec<String> = ttls(&zone).into_iter().map(|(o, _)| o).collect();
        assert_eq!(
            owners,
            [
                "include.",
                "include.",
                "a.include.",
                "a.a.include.",
                "b.foo.a.include.",
                "a.include."
            ]
        );
    }

    #[test]
    fn owner_text_is_read_again_under_a_new_origin() {
        // The same owner text in a row is one name only while the origin
        // stays the same.
        let zone = load(
            "$TTL 300\n@ SOA ns hm 1 2 3 4 5\nwww A 192.0.2.1\nwww A 192.0.2.2\n\
             $ORIGIN sub.example.\nwww A 192.0.2.3\n",
        );
        let owners: Vec<String> = ttls(&zone).into_iter().map(|(o, _)| o).collect();
        assert_eq!(
            owners,
            [
                "example.",
                "www.example.",
                "www.example.",
                "www.sub.example."
            ]
        );
    }

    #[test]
    fn date_directive_is_read_and_checked() {
        // bind9 fuzz/dns_master_load.in/date.db
        let zone = load("$TTL 300\n@ SOA ns hm 1 2 3 4 5\n$DATE 20210101000000\n");
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        assert_eq!(zone.records.len(), 1);
        let zone = load("$TTL 300\n$DATE 2021-01-01\n$date 20211301000000\n");
        assert_eq!(zone.findings.len(), 2, "{:?}", zone.findings);
    }
}
