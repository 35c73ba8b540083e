//! Tokens to entries (`grammar/zonefile.ebnf`). An entry is one line, or
//! several joined by parentheses; it is a record, a `$` directive, or empty
//! (blank or comment only). Each function implementing a production is
//! named after it and quotes it.

use nom::Parser as _;
use nom::bytes::complete::take_while1;
use nom::character::complete::one_of;
use nom::combinator::opt;

use super::lexer::{Lexer, TokenKind};
use crate::rrtype::{self, ClassLookup, TypeLookup};
use crate::span::Span;

/// A syntax error: where, and what is wrong, naming the field and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The bytes the error is about.
    pub span: Span,
    /// What is wrong, e.g. `MX preference "ten" is not a number`.
    pub message: String,
}

impl SyntaxError {
    /// An error at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        SyntaxError {
            span,
            message: message.into(),
        }
    }
}

/// One field of an entry: a word or a quoted string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field<'a> {
    /// The text: a word as written, or the inside of a quoted string
    /// without its quotes. Escapes are not decoded.
    pub text: &'a [u8],
    /// Whether the field was quoted.
    pub quoted: bool,
    /// Where it is (quotes included).
    pub span: Span,
}

impl<'a> Field<'a> {
    /// The field a word or quoted-string token of `source` is; `None` for
    /// other tokens.
    pub fn from_token(source: &'a [u8], token: super::Token) -> Option<Field<'a>> {
        let text = &source[token.span.range()];
        match token.kind {
            TokenKind::Word => Some(Field {
                text,
                quoted: false,
                span: token.span,
            }),
            TokenKind::Quoted => Some(Field {
                text: &text[1..text.len() - 1],
                quoted: true,
                span: token.span,
            }),
            _ => None,
        }
    }
}

/// The `$` directives of RFC 1035 §5.1, RFC 2308 §4 and BIND.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Directive {
    /// `$ORIGIN name`
    Origin,
    /// `$TTL ttl`
    Ttl,
    /// `$INCLUDE file [origin]`
    Include,
    /// `$GENERATE range lhs [ttl] [class] type rhs`
    Generate,
    /// `$DATE YYYYMMDDHHMMSS`: BIND writes it into cache dumps to age the
    /// TTLs on reload; in a zone it changes nothing.
    Date,
}

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// Only blanks and comments.
    Empty,
    /// A resource record.
    Record,
    /// A `$` directive.
    Directive(Directive),
    /// An entry with a syntax error that could not be read as either.
    Invalid,
}

/// One entry of the syntax tree: its kind and the bytes it covers, line
/// ending included. Its tokens are [`Entry::tokens`]: the lexer is
/// deterministic, so they are produced again on demand rather than stored
/// (a 162 MB zone would need gigabytes to keep them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What the entry is.
    pub kind: EntryKind,
    /// The bytes of the entry, from its first byte to its line ending.
    pub span: Span,
}

impl Entry {
    /// The words and quoted strings of the entry, and whether it starts
    /// with a blank (so inherits its owner).
    pub fn fields<'a>(&self, source: &'a [u8]) -> (Vec<Field<'a>>, bool) {
        let mut starts_with_blank = false;
        let mut fields = Vec::new();
        for (position, token) in self.tokens(source).enumerate() {
            if position == 0 {
                starts_with_blank = token.kind == TokenKind::Blank;
            }
            fields.extend(Field::from_token(source, token));
        }
        (fields, starts_with_blank)
    }

    /// The tokens of the entry.
    pub fn tokens<'a>(&self, source: &'a [u8]) -> impl Iterator<Item = super::Token> + 'a {
        let end = self.span.end;
        Lexer::at(source, self.span.start as usize).take_while(move |t| t.span.end <= end)
    }
}

/// The syntax tree of one file.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Every entry, in order; their spans tile the file.
    pub entries: Vec<Entry>,
    /// Every syntax error found.
    pub errors: Vec<SyntaxError>,
}

/// Parses a whole file into entries and errors. Never fails.
pub fn parse(source: &[u8]) -> Parsed {
    let mut parsed = Parsed::default();
    let mut parser = Parser::new(source);
    while let Some(raw) = parser.next_entry() {
        let mut kind = raw.kind;
        parsed.errors.extend_from_slice(raw.errors);
        if raw.kind == EntryKind::Record {
            if let Err(error) = raw.record(true) {
                parsed.errors.push(error);
                kind = EntryKind::Invalid;
            }
        }
        parsed.entries.push(Entry {
            kind,
            span: raw.span,
        });
    }
    parsed
}

/// An entry as the parser hands it out: the fields are borrowed from a
/// buffer that the next call reuses.
#[derive(Debug)]
pub struct RawEntry<'p, 'a> {
    /// What the entry is.
    pub kind: EntryKind,
    /// The bytes of the entry.
    pub span: Span,
    /// Whether the entry starts with a blank (its owner is inherited).
    pub starts_with_blank: bool,
    /// Whether the entry is bare words and blanks on one line (no quote,
    /// parenthesis, comment or escape); false when that is not known.
    pub plain: bool,
    /// The words and quoted strings, in order.
    pub fields: &'p [Field<'a>],
    /// The syntax errors found while reading the entry's tokens.
    pub errors: &'p [SyntaxError],
}

/// The parts of a record entry (`resource_record`).
#[derive(Clone, Copy, Debug)]
pub struct RecordSyntax<'a> {
    /// The owner field; `None` when inherited from the previous record.
    pub owner: Option<Field<'a>>,
    /// The TTL field and its value in seconds.
    pub ttl: Option<(Field<'a>, u32)>,
    /// The class field and its code.
    pub class: Option<(Field<'a>, u16)>,
    /// The type field and its code.
    pub record_type: (Field<'a>, u16),
    /// Index of the first RDATA field in the entry's fields.
    pub rdata_start: usize,
}

/// [`RecordSyntax`] with each field given by its index in the entry's
/// fields.
#[derive(Clone, Copy, Debug)]
pub struct RecordParts {
    /// Whether the first field is the owner.
    pub owner: bool,
    /// The TTL field and its value in seconds.
    pub ttl: Option<(usize, u32)>,
    /// The class field and its code.
    pub class: Option<(usize, u16)>,
    /// The type field and its code.
    pub record_type: (usize, u16),
    /// Index of the first RDATA field.
    pub rdata_start: usize,
}

impl<'a> RawEntry<'_, 'a> {
    /// `resource_record := owner? blank (ttl class? | class ttl?)? type rdata`
    ///
    /// Splits a record entry into its parts (RFC 1035 §5.1: TTL and class
    /// in either order, both optional). `own_owner` is false for an entry
    /// that starts with a blank.
    #[inline(always)]
    pub fn record(&self, own_owner: bool) -> Result<RecordSyntax<'a>, SyntaxError> {
        let parts = self.record_parts(own_owner)?;
        let fields = self.fields;
        Ok(RecordSyntax {
            owner: parts.owner.then(|| fields[0]),
            ttl: parts.ttl.map(|(index, ttl)| (fields[index], ttl)),
            class: parts.class.map(|(index, class)| (fields[index], class)),
            record_type: (fields[parts.record_type.0], parts.record_type.1),
            rdata_start: parts.rdata_start,
        })
    }

    /// [`RawEntry::record`] with the fields given by their index in the
    /// entry's fields: small enough for the zone reader to keep in
    /// registers.
    #[inline(always)]
    pub fn record_parts(&self, own_owner: bool) -> Result<RecordParts, SyntaxError> {
        let fields = self.fields;
        let owner = own_owner && !self.starts_with_blank;
        let mut index = usize::from(owner);
        let mut ttl = None;
        let mut class = None;
        loop {
            let Some(field) = fields.get(index) else {
                // On the owner when it stands alone, else just after the
                // last field: never past the line end (which would be the
                // start of the next line).
                let span = match (owner, fields.last()) {
                    (true, _) if index == 1 => fields[0].span,
                    (_, Some(last)) => Span::new(last.span.end as usize, last.span.end as usize),
                    (_, None) => Span::new(self.span.start as usize, self.span.start as usize),
                };
                return Err(SyntaxError::new(
                    span,
                    match (owner, index) {
                        (true, 1) => "record has an owner but no type",
                        _ => "record has no type",
                    },
                ));
            };
            if field.quoted {
                return Err(SyntaxError::new(
                    field.span,
                    format!(
                        "expected a record type, found the quoted string {}",
                        show(field.text)
                    ),
                ));
            }
            if ttl.is_none() && field.text.first().is_some_and(u8::is_ascii_digit) {
                let value = parse_ttl(field.text).map_err(|message| {
                    if index + 1 == fields.len() {
                        // Nothing follows, so this is where the type was
                        // due (`c IN 192.0.2.4`), as BIND reads it.
                        SyntaxError::new(
                            field.span,
                            format!(
                                "{} is not a record type (the type is missing)",
                                show(field.text)
                            ),
                        )
                    } else {
                        SyntaxError::new(field.span, format!("TTL {} {message}", show(field.text)))
                    }
                })?;
                ttl = Some((index, value));
                index += 1;
                continue;
            }
            // The common types and class as a zone writes them: what the
            // lookups below give them, without their tables (a type
            // mnemonic is never a class).
            if let Some(code) = common_type(field.text) {
                return Ok(RecordParts {
                    owner,
                    ttl,
                    class,
                    record_type: (index, code),
                    rdata_start: index + 1,
                });
            }
            if class.is_none() && field.text == b"IN" {
                class = Some((index, 1));
                index += 1;
                continue;
            }
            if class.is_none() {
                match rrtype::class_from_text(field.text) {
                    ClassLookup::Data(code) => {
                        class = Some((index, code));
                        index += 1;
                        continue;
                    }
                    ClassLookup::QueryOnly(_) => {
                        return Err(SyntaxError::new(
                            field.span,
                            format!(
                                "class {} is for queries only, not for zone data",
                                show(field.text)
                            ),
                        ));
                    }
                    ClassLookup::Unknown => {}
                }
            }
            return match rrtype::type_from_text(field.text) {
                TypeLookup::Data(code) => Ok(RecordParts {
                    owner,
                    ttl,
                    class,
                    record_type: (index, code),
                    rdata_start: index + 1,
                }),
                TypeLookup::QueryOnly(_) => Err(SyntaxError::new(
                    field.span,
                    format!(
                        "type {} is for queries only, not for zone data",
                        show(field.text)
                    ),
                )),
                TypeLookup::Unknown => Err(SyntaxError::new(
                    field.span,
                    if ttl.is_some() || class.is_some() || !owner {
                        format!("{} is not a record type", show(field.text))
                    } else {
                        format!("{} is not a record type, class or TTL", show(field.text))
                    },
                )),
            };
        }
    }
}

/// The code of a type that most records of a zone have, written in
/// capitals as it usually is; `None` for any other text, which
/// `rrtype::type_from_text` reads.
fn common_type(text: &[u8]) -> Option<u16> {
    match *text {
        [b'A'] => Some(1),
        [b'N', b'S'] => Some(2),
        [b'D', b'S'] => Some(43),
        [b'A', b'A', b'A', b'A'] => Some(28),
        [b'M', b'X'] => Some(15),
        [b'T', b'X', b'T'] => Some(16),
        [b'C', b'N', b'A', b'M', b'E'] => Some(5),
        _ => None,
    }
}

/// Quotes a field's text for a message, lossily decoded and shortened.
pub fn show(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut shown: String = text.chars().take(64).collect();
    if shown.len() < text.len() {
        shown.push('…');
    }
    format!("\"{}\"", shown.escape_debug())
}

/// Reads entries one at a time, reusing its field buffer.
pub struct Parser<'a> {
    source: &'a [u8],
    lexer: Lexer<'a>,
    fields: Vec<Field<'a>>,
    errors: Vec<SyntaxError>,
    directive_finder: memchr::memmem::Finder<'static>,
    directive_comments: Vec<u32>,
}

/// What a comment holds when it speaks to zonelint (`; zonelint: ignore …`).
pub const DIRECTIVE_MARK: &[u8] = b"zonelint:";

impl<'a> Parser<'a> {
    /// The start offsets of the comments read so far that hold
    /// [`DIRECTIVE_MARK`], so that suppressions are found without reading
    /// the whole text again.
    pub fn directive_comments(&self) -> &[u32] {
        &self.directive_comments
    }

    /// A parser over `source`.
    pub fn new(source: &'a [u8]) -> Self {
        Self::at(source, 0)
    }

    /// A parser over `source` whose first entry starts at byte `position`
    /// (which must be where an entry starts for the entries to be those
    /// of the whole text).
    pub fn at(source: &'a [u8], position: usize) -> Self {
        Parser {
            source,
            lexer: Lexer::at(source, position),
            fields: Vec::with_capacity(16),
            errors: Vec::new(),
            directive_finder: memchr::memmem::Finder::new(DIRECTIVE_MARK),
            directive_comments: Vec::new(),
        }
    }

    /// The text read.
    pub fn source(&self) -> &'a [u8] {
        self.source
    }

    /// Where the next entry starts.
    pub fn position(&self) -> usize {
        self.lexer.position()
    }

    /// `entry := (blank? (directive | resource_record))? blank? comment? newline`
    ///
    /// Reads the next entry: fields up to a line ending outside
    /// parentheses. A `(` never closed is reported, and parsing resumes on
    /// the line after it, so the rest of the file is still read.
    #[inline(always)]
    pub fn next_entry(&mut self) -> Option<RawEntry<'_, 'a>> {
        self.errors.clear();
        self.fields.clear();
        let start = self.lexer.position();
        if start >= self.source.len() {
            return None;
        }
        // Inlined into the caller for the common plain line; the rest is
        // a call away.
        let (span, starts_with_blank, invalid, plain) = match self.short_plain_line(start) {
            LineScan::Plain(end) => (
                Span::new(start, end),
                LINE_BYTES[self.source[start] as usize] == LineByte::Blank,
                false,
                true,
            ),
            LineScan::Other => {
                let (span, starts_with_blank, invalid) = self.tokens_of_entry(start);
                (span, starts_with_blank, invalid, false)
            }
            LineScan::Long => self.long_line(start),
        };
        let kind = if invalid {
            EntryKind::Invalid
        } else if self.fields.is_empty() {
            EntryKind::Empty
        } else if !starts_with_blank
            && self.fields[0].text.first() == Some(&b'$')
            && !self.fields[0].quoted
        {
            self.directive_kind()
        } else {
            EntryKind::Record
        };
        Some(RawEntry {
            kind,
            span,
            starts_with_blank,
            plain,
            fields: &self.fields,
            errors: &self.errors,
        })
    }

    /// The kind of an entry whose first field starts with `$`.
    #[cold]
    fn directive_kind(&mut self) -> EntryKind {
        match directive_name(self.fields[0].text) {
            Some(directive) => EntryKind::Directive(directive),
            None => {
                self.errors.push(SyntaxError::new(
                    self.fields[0].span,
                    format!(
                        "unknown directive {}: expected $ORIGIN, $TTL, $INCLUDE, $GENERATE or $DATE",
                        show(self.fields[0].text)
                    ),
                ));
                EntryKind::Invalid
            }
        }
    }

    /// [`Parser::next_entry`] for a line longer than the 64 bytes
    /// [`Parser::short_plain_line`] looks at: its blocks one after another
    /// ([`Parser::plain_line`]), else the tokens.
    #[inline(never)]
    fn long_line(&mut self, start: usize) -> (Span, bool, bool, bool) {
        match self.plain_line(start) {
            Some(end) => (
                Span::new(start, end),
                LINE_BYTES[self.source[start] as usize] == LineByte::Blank,
                false,
                true,
            ),
            None => {
                self.fields.clear();
                let (span, starts_with_blank, invalid) = self.tokens_of_entry(start);
                (span, starts_with_blank, invalid, false)
            }
        }
    }

    /// The fast path of [`Parser::next_entry`] for the common line of bare
    /// words and blanks ending in `\n`, `\r\n` or the end of the file: it
    /// reads the fields straight from the bytes, giving the same fields
    /// the tokens would. Returns the end of the line, or `None` (fields
    /// partly filled) when the line holds anything else, a quote, a
    /// parenthesis, a comment, an escape, a control byte or a lone CR
    /// (or a CR that ends a block of 64 with its LF in the next), for the
    /// general path.
    ///
    /// 64 bytes at a time, as [`Parser::short_plain_line`] reads its one
    /// block ([`classify_block`]): a long run of blanks, such as those that
    /// align columns, costs no more than a short one. A word that reaches
    /// the end of a block is carried into the next.
    fn plain_line(&mut self, start: usize) -> Option<usize> {
        let source = self.source;
        let mut base = start;
        // Where the word that runs on past the block before started.
        let mut open_word: Option<usize> = None;
        loop {
            let mut padded = [b'\n'; BLOCK];
            let block = block_at(source, base, &mut padded);
            let masks = classify_block(block);
            let newline = (masks.newline != 0).then(|| masks.newline.trailing_zeros() as usize);
            let before = newline.map_or(u64::MAX, |newline| (1u64 << newline) - 1);
            let other = masks.other & before;
            if other != 0 {
                // The one other byte a plain line may hold: the CR of a CRLF.
                match newline {
                    Some(newline)
                        if newline > 0
                            && other == 1 << (newline - 1)
                            && base + newline < source.len()
                            && block[newline - 1] == b'\r' => {}
                    _ => return None,
                }
            }
            let mut words = !(masks.blank | masks.newline | masks.other) & before;
            if let Some(from) = open_word.take() {
                // The run of word bytes at bit 0 ends it; with none, it
                // ended with the block before.
                let carried = words.wrapping_add(words & 1);
                let to = if words & 1 == 0 {
                    0
                } else {
                    carried.trailing_zeros() as usize
                };
                if to == BLOCK {
                    // The whole block is word bytes: it runs on.
                    open_word = Some(from);
                    words = 0;
                } else {
                    self.push_word(from, base + to);
                    words &= carried;
                }
            }
            while words != 0 {
                let from = words.trailing_zeros() as usize;
                // Adding the lowest set bit carries through the run of word
                // bytes it starts: the first bit set after it is its end,
                // none when the run reaches the end of the block.
                let carried = words.wrapping_add(words & words.wrapping_neg());
                let to = carried.trailing_zeros() as usize;
                if to == BLOCK {
                    open_word = Some(base + from);
                    break;
                }
                self.push_word(base + from, base + to);
                words &= carried;
            }
            if let Some(newline) = newline {
                let end = if base + newline >= source.len() {
                    source.len()
                } else {
                    base + newline + 1
                };
                self.lexer = Lexer::at(source, end);
                return Some(end);
            }
            base += BLOCK;
        }
    }

    /// Adds the bare word `from..to` as a field.
    fn push_word(&mut self, from: usize, to: usize) {
        self.fields.push(Field {
            text: &self.source[from..to],
            quoted: false,
            span: Span::new(from, to),
        });
    }

    /// [`Parser::plain_line`] for a line whose end is among the 64 bytes
    /// from `start`, as most are: the 64 bytes are classified at once
    /// ([`classify_block`]) and the fields are the runs of word bytes
    /// before the line end, found with bit operations instead of a loop
    /// per byte. A control byte other than tab, LF and CR (a word byte, but
    /// rare) is left to the general path with the other bytes it takes.
    #[inline]
    fn short_plain_line(&mut self, start: usize) -> LineScan {
        let source = self.source;
        let mut padded = [b'\n'; BLOCK];
        let block = block_at(source, start, &mut padded);
        let masks = classify_block(block);
        if masks.newline == 0 {
            return self.two_block_line(start, masks);
        }
        let newline = masks.newline.trailing_zeros() as usize;
        self.read_plain_line(start, newline, masks.blank, masks.newline, masks.other)
    }

    /// [`Parser::short_plain_line`] for a line whose end is among the 64
    /// bytes after the first 64 (`first` are their masks): a line of 65 to
    /// 128 bytes, as aligned columns make many. The two blocks' masks are
    /// read as one of 128 bits, in the same steps.
    #[inline(never)]
    fn two_block_line(&mut self, start: usize, first: BlockMasks) -> LineScan {
        let source = self.source;
        // The first block held no line end, so it was not padded: the
        // second starts at or before the end of the text.
        let mut padded = [b'\n'; BLOCK];
        let second = classify_block(block_at(source, start + BLOCK, &mut padded));
        if second.newline == 0 {
            return LineScan::Long;
        }
        let wide = |low: u64, high: u64| u128::from(low) | u128::from(high) << BLOCK;
        let newline = BLOCK + second.newline.trailing_zeros() as usize;
        self.read_plain_line(
            start,
            newline,
            wide(first.blank, second.blank),
            wide(0, second.newline),
            wide(first.other, second.other),
        )
    }

    /// What the block fast paths end with, once the masks of the bytes
    /// from `start` (bit `i` for byte `start + i`: blanks, line ends and
    /// other bytes, [`BlockMasks`]) put the line end at bit `newline`: the
    /// line, if it is plain, read into its fields.
    #[inline(always)]
    fn read_plain_line<M: LineMask>(
        &mut self,
        start: usize,
        newline: usize,
        blank: M,
        newlines: M,
        other: M,
    ) -> LineScan {
        let source = self.source;
        let before = M::below(newline);
        let at_end = start + newline >= source.len();
        let other = other & before;
        // The one other byte a plain line may hold: the CR of a CRLF.
        if other != M::ZERO
            && (other != M::bit(newline - 1) || at_end || source[start + newline - 1] != b'\r')
        {
            return LineScan::Other;
        }
        let words = !(blank | newlines | other) & before;
        // A bit where a run of word bytes starts, and one on the byte just
        // after each run (a run never reaches the top bit, which is at or
        // past the line end): the n-th of each bound the n-th field. Each
        // is stepped through on its own, so that the loop carries only a
        // clear-lowest-bit from one field to the next.
        let mut starts = words & !(words << 1);
        let mut ends = !words & (words << 1);
        while starts != M::ZERO {
            let from = start + starts.lowest();
            let to = start + ends.lowest();
            starts = starts.without_lowest();
            ends = ends.without_lowest();
            self.fields.push(Field {
                text: &source[from..to],
                quoted: false,
                span: Span::new(from, to),
            });
        }
        let end = if at_end {
            source.len()
        } else {
            start + newline + 1
        };
        self.lexer = Lexer::at(source, end);
        LineScan::Plain(end)
    }

    /// The general path of [`Parser::next_entry`]: reads the entry token by
    /// token. Returns its span, whether it starts with a blank and whether
    /// it is invalid.
    #[inline(never)]
    fn tokens_of_entry(&mut self, start: usize) -> (Span, bool, bool) {
        let mut depth = 0usize;
        let mut first_open = None;
        // The first quoted string that runs over a line end: allowed, but
        // when the entry then fails, a missing closing quote there is the
        // likely cause, far from where the error shows.
        let mut long_quote = None;
        let mut invalid = false;
        let mut starts_with_blank = false;
        let mut first = true;
        let mut end = self.source.len();
        for token in self.lexer.by_ref() {
            if first {
                starts_with_blank = token.kind == TokenKind::Blank;
                first = false;
            }
            match token.kind {
                TokenKind::Word | TokenKind::Quoted => {
                    let text = &self.source[token.span.range()];
                    let (text, quoted) = if token.kind == TokenKind::Quoted {
                        if long_quote.is_none() && memchr::memchr(b'\n', text).is_some() {
                            long_quote = Some(token.span.start as usize);
                        }
                        (&text[1..text.len() - 1], true)
                    } else {
                        (text, false)
                    };
                    self.fields.push(Field {
                        text,
                        quoted,
                        span: token.span,
                    });
                }
                TokenKind::UnterminatedQuote => {
                    self.errors.push(SyntaxError::new(
                        token.span,
                        "quoted string is never closed on this line or after it",
                    ));
                    invalid = true;
                }
                TokenKind::LeftParen => {
                    if depth == 0 {
                        first_open = Some(token.span);
                    } else {
                        self.errors
                            .push(SyntaxError::new(token.span, "parentheses cannot be nested"));
                        invalid = true;
                    }
                    depth += 1;
                }
                TokenKind::RightParen => {
                    if depth == 0 {
                        self.errors.push(SyntaxError::new(
                            token.span,
                            "\")\" without a matching \"(\"",
                        ));
                        invalid = true;
                    } else {
                        depth -= 1;
                    }
                }
                TokenKind::Blank => {
                    let text = &self.source[token.span.range()];
                    if let Some(at) = memchr::memchr(b'\r', text) {
                        // BIND takes a lone CR for a line end, Knot and NSD
                        // refuse it; read as a blank it would hide that.
                        let at = token.span.start as usize + at;
                        self.errors.push(SyntaxError::new(
                            Span::new(at, at + 1),
                            "carriage return without a line feed inside a line",
                        ));
                        invalid = true;
                    }
                }
                TokenKind::Comment => {
                    if self
                        .directive_finder
                        .find(&self.source[token.span.range()])
                        .is_some()
                    {
                        self.directive_comments.push(token.span.start);
                    }
                }
                TokenKind::Newline => {
                    if depth == 0 {
                        end = token.span.end as usize;
                        break;
                    }
                }
            }
        }
        if depth > 0 {
            let open = first_open.expect("an open parenthesis was seen");
            self.errors
                .push(SyntaxError::new(open, "\"(\" is never closed"));
            invalid = true;
            // Resume on the line after the "(": the records below it are
            // most likely meant as entries of their own.
            end = memchr::memchr(b'\n', &self.source[open.end as usize..])
                .map_or(self.source.len(), |i| open.end as usize + i + 1);
            self.lexer = Lexer::at(self.source, end);
            // `end` is at most the length of the text, which fits.
            let end32 = u32::try_from(end).unwrap_or(u32::MAX);
            self.fields.retain(|f| f.span.end <= end32);
            // Errors past the resume point are found again when the lines
            // after it are read as entries of their own.
            self.errors
                .retain(|e| e.span.start < end32 || e.span.start == open.start);
        }
        if invalid {
            if let Some(at) = long_quote {
                self.errors.push(SyntaxError::new(
                    Span::new(at, at + 1),
                    "this quoted string runs on past the end of its line; \
                     is its closing quote missing?",
                ));
            }
        }
        (Span::new(start, end), starts_with_blank, invalid)
    }
}

/// The [`BLOCK`] bytes of `source` from `at`; near its end, the rest
/// copied into `padded` (line feeds), so that the bytes past the text read
/// as a line end, which is where the last line ends too.
#[inline]
fn block_at<'a>(source: &'a [u8], at: usize, padded: &'a mut [u8; BLOCK]) -> &'a [u8; BLOCK] {
    match source.get(at..at + BLOCK) {
        Some(block) => block.try_into().expect("64 bytes"),
        None => {
            let rest = &source[at..];
            padded[..rest.len()].copy_from_slice(rest);
            padded
        }
    }
}

/// How [`Parser::plain_line`] sees a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineByte {
    /// Part of a bare word.
    Word,
    /// A space or a tab.
    Blank,
    /// `\n`.
    Newline,
    /// `\r`: a line end when `\n` follows.
    CarriageReturn,
    /// `(`, `)`, `"`, `;` or `\`: the line needs the general path.
    Other,
}

/// One bit a byte of a stretch of text, as the block fast paths step
/// through it: `u64` for one block, `u128` for two.
trait LineMask:
    Copy
    + Eq
    + std::ops::BitAnd<Output = Self>
    + std::ops::BitOr<Output = Self>
    + std::ops::Not<Output = Self>
    + std::ops::Shl<u32, Output = Self>
{
    const ZERO: Self;
    /// The bits below bit `n`.
    fn below(n: usize) -> Self;
    /// Bit `n` alone.
    fn bit(n: usize) -> Self;
    /// The lowest bit set.
    fn lowest(self) -> usize;
    /// The mask without its lowest bit.
    fn without_lowest(self) -> Self;
}

macro_rules! line_mask {
    ($type:ty) => {
        impl LineMask for $type {
            const ZERO: Self = 0;
            #[inline(always)]
            fn below(n: usize) -> Self {
                (1 << n) - 1
            }
            #[inline(always)]
            fn bit(n: usize) -> Self {
                1 << n
            }
            #[inline(always)]
            fn lowest(self) -> usize {
                self.trailing_zeros() as usize
            }
            #[inline(always)]
            fn without_lowest(self) -> Self {
                self & (self - 1)
            }
        }
    };
}

line_mask!(u64);
line_mask!(u128);

/// What [`Parser::short_plain_line`] found.
enum LineScan {
    /// A plain line, read; it ends at this offset.
    Plain(usize),
    /// A line for the general path.
    Other,
    /// No line end among the 128 bytes: a long line, for [`Parser::plain_line`].
    Long,
}

/// The bytes [`classify_block`] classifies at once.
const BLOCK: usize = 64;

/// One bit per byte of a 64-byte block (bit `i` for byte `i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BlockMasks {
    /// Spaces and tabs.
    blank: u64,
    /// `\n`.
    newline: u64,
    /// `\r`, `(`, `)`, `"`, `;`, `\` and the control bytes other than tab
    /// and LF: the bytes a plain line may not hold (but for the CR of a
    /// CRLF).
    other: u64,
}

/// [`BlockMasks`] of `block`, sixteen bytes per vector instruction.
#[cfg(target_arch = "x86_64")]
fn classify_block(block: &[u8; BLOCK]) -> BlockMasks {
    // SAFETY: SSE2 is part of the x86_64 baseline, so every CPU that runs
    // this build has it; the function only reads `block`.
    unsafe { classify_block_sse2(block) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classify_block_sse2(block: &[u8; BLOCK]) -> BlockMasks {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x,
        _mm_set1_epi8,
    };
    let equal = |vector: __m128i, byte: u8| _mm_cmpeq_epi8(vector, _mm_set1_epi8(byte as i8));
    let bits = |vector: __m128i| u64::from(_mm_movemask_epi8(vector) as u16);
    let mut masks = BlockMasks {
        blank: 0,
        newline: 0,
        other: 0,
    };
    for (index, chunk) in block.chunks_exact(16).enumerate() {
        let low = u64::from_le_bytes(chunk[..8].try_into().expect("8 bytes"));
        let high = u64::from_le_bytes(chunk[8..].try_into().expect("8 bytes"));
        let vector = _mm_set_epi64x(high as i64, low as i64);
        let blank = _mm_or_si128(equal(vector, b' '), equal(vector, b'\t'));
        let newline = equal(vector, b'\n');
        // Bytes up to 0x20: blanks, line ends and control bytes.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(vector, _mm_set1_epi8(0x20)), vector);
        let special = _mm_or_si128(
            _mm_or_si128(
                _mm_or_si128(equal(vector, b'('), equal(vector, b')')),
                _mm_or_si128(equal(vector, b'"'), equal(vector, b';')),
            ),
            equal(vector, b'\\'),
        );
        let shift = 16 * index;
        let blank = bits(blank);
        let newline = bits(newline);
        masks.blank |= blank << shift;
        masks.newline |= newline << shift;
        masks.other |= ((bits(control) & !blank & !newline) | bits(special)) << shift;
    }
    masks
}

/// [`BlockMasks`] of `block`, a byte at a time.
#[cfg(not(target_arch = "x86_64"))]
fn classify_block(block: &[u8; BLOCK]) -> BlockMasks {
    classify_block_bytes(block)
}

/// [`BlockMasks`] of `block` from [`LINE_BYTES`], a byte at a time: the
/// definition the vector version is tested against.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_block_bytes(block: &[u8; BLOCK]) -> BlockMasks {
    let mut masks = BlockMasks {
        blank: 0,
        newline: 0,
        other: 0,
    };
    for (i, &byte) in block.iter().enumerate() {
        let bit = 1u64 << i;
        match LINE_BYTES[byte as usize] {
            LineByte::Blank => masks.blank |= bit,
            LineByte::Newline => masks.newline |= bit,
            LineByte::CarriageReturn | LineByte::Other => masks.other |= bit,
            LineByte::Word if byte < 0x20 => masks.other |= bit,
            LineByte::Word => {}
        }
    }
    masks
}

/// [`LineByte`] for every byte value.
pub(crate) static LINE_BYTES: [LineByte; 256] = {
    let mut table = [LineByte::Word; 256];
    table[b' ' as usize] = LineByte::Blank;
    table[b'\t' as usize] = LineByte::Blank;
    table[b'\n' as usize] = LineByte::Newline;
    table[b'\r' as usize] = LineByte::CarriageReturn;
    let others = b"()\";\\";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = LineByte::Other;
        i += 1;
    }
    table
};

/// `directive_name := "$ORIGIN" | "$TTL" | "$INCLUDE" | "$GENERATE" | "$DATE"`
/// (any case)
fn directive_name(text: &[u8]) -> Option<Directive> {
    [
        (&b"$ORIGIN"[..], Directive::Origin),
        (b"$TTL", Directive::Ttl),
        (b"$INCLUDE", Directive::Include),
        (b"$GENERATE", Directive::Generate),
        (b"$DATE", Directive::Date),
    ]
    .into_iter()
    .find(|(name, _)| name.eq_ignore_ascii_case(text))
    .map(|(_, directive)| directive)
}

/// `ttl := digits | (digits unit)+`, `unit := [wWdDhHmMsS]`
///
/// Reads a TTL in seconds: a plain number, or BIND's unit form such as
/// `1h30m` or `1W`. A value over 2^32 - 1 is refused.
pub fn parse_ttl(text: &[u8]) -> Result<u32, &'static str> {
    // Nine digits or fewer: a number of seconds that fits, read at once.
    if (1..=9).contains(&text.len()) && text.iter().all(u8::is_ascii_digit) {
        return Ok(text
            .iter()
            .fold(0, |total, &digit| total * 10 + u32::from(digit - b'0')));
    }
    fn digits(input: &[u8]) -> nom::IResult<&[u8], &[u8]> {
        take_while1(|b: u8| b.is_ascii_digit()).parse(input)
    }
    let mut rest = text;
    let mut total: u64 = 0;
    let mut saw_unit = false;
    let mut saw_plain = false;
    while !rest.is_empty() {
        let Ok((after, number)) = digits(rest) else {
            return Err("is not a number of seconds or a duration such as 1h30m");
        };
        let (after, unit) = opt(one_of::<_, _, nom::error::Error<&[u8]>>("wWdDhHmMsS"))
            .parse(after)
            .map_err(|_| "has an unknown unit")?;
        let value: u64 = std::str::from_utf8(number)
            .ok()
            .and_then(|n| n.parse().ok())
            .ok_or("is larger than 4294967295")?;
        let multiplier = match unit.map(|u| u.to_ascii_lowercase()) {
            None => {
                if saw_unit || saw_plain {
                    return Err("has a number without a unit after a unit");
                }
                saw_plain = true;
                1
            }
            Some(unit) => {
                if saw_plain {
                    return Err("has a unit after a number without one");
                }
                saw_unit = true;
                match unit {
                    'w' => 604_800,
                    'd' => 86_400,
                    'h' => 3_600,
                    'm' => 60,
                    _ => 1,
                }
            }
        };
        total = total
            .checked_add(
                value
                    .checked_mul(multiplier)
                    .ok_or("is larger than 4294967295")?,
            )
            .ok_or("is larger than 4294967295")?;
        if total > u64::from(u32::MAX) {
            return Err("is larger than 4294967295");
        }
        rest = after;
        if !rest.is_empty() && !rest[0].is_ascii_digit() {
            return Err("is not a number of seconds or a duration such as 1h30m");
        }
    }
    Ok(total as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_units_and_limits() {
        assert_eq!(parse_ttl(b"3600"), Ok(3600));
        assert_eq!(parse_ttl(b"1h30m"), Ok(5400));
        assert_eq!(parse_ttl(b"1W"), Ok(604_800));
        assert_eq!(parse_ttl(b"4294967295"), Ok(u32::MAX));
        assert!(parse_ttl(b"4294967296").is_err());
        assert!(parse_ttl(b"1x").is_err());
        assert!(parse_ttl(b"1h5").is_err());
    }

    #[test]
    fn entries_tile_the_file_and_errors_do_not_stop_it() {
        let text = b"@ IN SOA a. b. ( 1 2 ; c\n 3 4 5 )\n) y\nbad ( x\nwww A 192.0.2.1\n";
        let parsed = parse(text);
        let joined: Vec<u8> = parsed
            .entries
            .iter()
            .flat_map(|e| text[e.span.range()].to_vec())
            .collect();
        assert_eq!(joined, text);
        let kinds: Vec<_> = parsed.entries.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EntryKind::Record,
                EntryKind::Invalid,
                EntryKind::Invalid,
                EntryKind::Record
            ]
        );
        assert_eq!(parsed.errors.len(), 2, "{:?}", parsed.errors);
    }

    #[test]
    fn the_fast_path_reads_what_the_tokens_read() {
        let lines: &[&[u8]] = &[
            b"www A 192.0.2.1\n",
            b"  \tNS ns1.example.\r\n",
            b"\n",
            b"   \n",
            b"last 300 IN TXT word",
            b"$ORIGIN example.\n",
            b"a\rb A 1.2.3.4\n",
            b"a \"q\" ; c\n",
        ];
        for line in lines {
            let mut fast = Parser::new(line);
            let fast_end = fast.plain_line(0);
            let mut slow = Parser::new(line);
            let (span, starts_with_blank, invalid) = slow.tokens_of_entry(0);
            // Only the lone CR is an error.
            assert_eq!(invalid, line.starts_with(b"a\r"), "{line:?}");
            match fast_end {
                Some(end) => {
                    assert_eq!(end, span.end as usize, "{line:?}");
                    assert_eq!(fast.fields, slow.fields, "{line:?}");
                    let blank = matches!(line.first(), Some(b' ' | b'\t'));
                    assert_eq!(blank, starts_with_blank);
                }
                // Only lines with a lone CR, a quote or a comment leave it.
                None => assert!(line.contains(&b'"') || line.starts_with(b"a\r")),
            }
        }
        // Through next_entry, both paths give the same entries.
        let text = b"a A 1.2.3.4\n b TXT \"x y\" ; c\n( c ) A 1.2.3.5\r\n\n";
        let spans: Vec<_> = parse(text).entries.iter().map(|e| e.span).collect();
        assert_eq!(
            spans,
            [
                Span::new(0, 12),
                Span::new(12, 29),
                Span::new(29, 46),
                Span::new(46, 47)
            ]
        );
    }

    /// Lines of every length from 0 to 300 bytes, so ending in the first,
    /// second and later blocks of 64 and at their edges, each ending in
    /// LF, CRLF, a lone CR or the end of the text: mostly words and blanks,
    /// now and then a byte that leaves the fast paths. Each is read as the
    /// tokens read it, and the fast paths are taken for lines ending in
    /// each of the first three blocks. (`every_path_reads_what_the_tokens_read`
    /// rarely puts a CR before a line end or the end of the text.)
    #[test]
    fn lines_ending_in_lf_crlf_or_nothing_read_as_the_tokens_read_them() {
        let mut random = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d);
        let rare = b"\r\"();\\\x01";
        let mut plain_lines = [0usize; 3];
        for round in 0..20_000 {
            let length = (random() % 301) as usize;
            let mut line = Vec::with_capacity(length + 2);
            while line.len() < length {
                line.push(match random() % 100 {
                    0..=1 if round % 3 != 0 => rare[(random() % rare.len() as u64) as usize],
                    0..=24 => b' ',
                    25..=29 => b'\t',
                    _ => b"abcXYZ019.-_*"[(random() % 13) as usize],
                });
            }
            let ending: &[u8] = match random() % 5 {
                0 => b"\r\n",
                1 => b"",
                2 => b"\r",
                _ => b"\n",
            };
            line.extend_from_slice(ending);
            if line.is_empty() {
                continue;
            }
            // A line that does not end the text ends before another.
            let mut text = line.clone();
            if ending != b"" && ending != b"\r" {
                text.extend_from_slice(b"next A 192.0.2.1\n");
            }
            let mut tokens = Parser::new(&text);
            let (span, starts_with_blank, invalid) = tokens.tokens_of_entry(0);
            let mut parser = Parser::new(&text);
            let entry = parser.next_entry().expect("an entry");
            assert_eq!(entry.span, span, "{line:?}");
            assert_eq!(entry.fields, &tokens.fields[..], "{line:?}");
            assert_eq!(entry.kind == EntryKind::Invalid, invalid, "{line:?}");
            if !entry.fields.is_empty() {
                assert_eq!(entry.starts_with_blank, starts_with_blank, "{line:?}");
            }
            if entry.plain {
                plain_lines[(span.end as usize).saturating_sub(1).min(191) / 64] += 1;
            }
        }
        assert!(plain_lines.iter().all(|&n| n > 1000), "{plain_lines:?}");
    }

    #[test]
    fn the_block_classes_agree_with_the_byte_table() {
        // Every byte value, at every position of the block.
        for byte in 0..=255u8 {
            for at in 0..BLOCK {
                let mut block = [b'a'; BLOCK];
                block[at] = byte;
                block[(at + 17) % BLOCK] = b' ';
                assert_eq!(
                    classify_block(&block),
                    classify_block_bytes(&block),
                    "byte {byte:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn every_path_reads_what_the_tokens_read() {
        // Lines of random bytes from those that decide the path, of every
        // length around the 64-byte block and the 8-byte word, with and
        // without a last line end: each entry as next_entry reads it (by
        // the one block, the blocks of a long line or the tokens) is the
        // entry the tokens alone give. Every fourth text has few line ends
        // and long runs of blanks and of word bytes, so that its lines run
        // over several blocks, as the formatter's aligned columns do.
        let alphabet = b"aaaaaa.   \t\n\n\r();\"\\\x01\x7f\xc3";
        let long_lines = b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.                              \t\n\r\x01";
        let mut next = crate::test_random::xorshift(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let (alphabet, length): (&[u8], _) = if round % 4 == 3 {
                (long_lines, (next() % 600) as usize)
            } else {
                (alphabet, (next() % 160) as usize)
            };
            let mut text: Vec<u8> = Vec::with_capacity(length);
            while text.len() < length {
                let byte = alphabet[(next() % alphabet.len() as u64) as usize];
                // Runs of a byte, up to past a block, in the long lines.
                let run = if round % 4 == 3 { 1 + next() % 80 } else { 1 };
                text.extend((0..run).map(|_| byte));
            }
            if round % 3 == 0 {
                // Plain lines only, mostly.
                text.retain(|b| !b"();\"\\\r\x01".contains(b));
            }
            let mut parser = Parser::new(&text);
            loop {
                let start = parser.position();
                let Some(entry) = parser.next_entry() else {
                    break;
                };
                let (span, starts_with_blank, fields) =
                    (entry.span, entry.starts_with_blank, entry.fields.to_vec());
                let invalid = entry.kind == EntryKind::Invalid;
                let mut tokens = Parser::at(&text, start);
                let (token_span, token_blank, token_invalid) = tokens.tokens_of_entry(start);
                assert_eq!(span, token_span, "{text:?} at {start}");
                assert_eq!(fields, tokens.fields, "{text:?} at {start}");
                assert_eq!(invalid, token_invalid, "{text:?} at {start}");
                if !fields.is_empty() {
                    assert_eq!(starts_with_blank, token_blank, "{text:?} at {start}");
                }
            }
        }
    }

    #[test]
    fn an_unclosed_quote_is_pointed_at_where_it_opens() {
        // grammar/NOTES.md bug 6: the error shows on line 2; the cause is
        // the quote opened on line 1.
        let parsed = parse(b"a TXT \"unclosed\nb TXT \"x\"\nc A 192.0.2.1\n");
        let spans: Vec<Span> = parsed.errors.iter().map(|e| e.span).collect();
        assert!(spans.contains(&Span::new(6, 7)), "{:?}", parsed.errors);
        // A multi-line string in an entry without error is fine.
        let parsed = parse(b"a TXT \"one\ntwo\"\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    }

    #[test]
    fn a_lone_carriage_return_is_an_error() {
        let parsed = parse(b"www\rA 192.0.2.1\nok A 192.0.2.2\r\n");
        assert_eq!(parsed.errors.len(), 1, "{:?}", parsed.errors);
        assert_eq!(parsed.errors[0].span, Span::new(3, 4));
        assert_eq!(parsed.entries[0].kind, EntryKind::Invalid);
        assert_eq!(parsed.entries[1].kind, EntryKind::Record);
    }

    #[test]
    fn missing_type_is_reported_on_its_own_line() {
        // grammar/NOTES.md bug 1: the error used to point at the next line.
        let text = b"lonely\nwww A 192.0.2.1\n";
        let parsed = parse(text);
        assert_eq!(parsed.errors[0].message, "record has an owner but no type");
        assert_eq!(parsed.errors[0].span, Span::new(0, 6));
        // A digit where the type is due is not called a bad TTL.
        let parsed = parse(b"c IN 192.0.2.4\n");
        assert_eq!(
            parsed.errors[0].message,
            "\"192.0.2.4\" is not a record type (the type is missing)"
        );
        let parsed = parse(b"c 1x A 192.0.2.4\n");
        assert!(parsed.errors[0].message.starts_with("TTL \"1x\" is not"));
    }

    #[test]
    fn the_common_types_are_read_as_the_type_table_reads_them() {
        let common = [&b"A"[..], b"NS", b"DS", b"AAAA", b"MX", b"TXT", b"CNAME"];
        for text in common
            .iter()
            .chain(&[&b"a"[..], b"Ns", b"AAA", b"IN", b"SOA", b""])
        {
            match common_type(text) {
                Some(code) => {
                    assert!(common.contains(text), "{text:?}");
                    assert_eq!(rrtype::type_from_text(text), TypeLookup::Data(code));
                    // A type is never a class, so it may be read first.
                    assert_eq!(rrtype::class_from_text(text), ClassLookup::Unknown);
                }
                None => assert!(!common.contains(text), "{text:?}"),
            }
        }
        // Plain numbers of seconds, read at once, as the unit form reads them.
        assert_eq!(parse_ttl(b"0"), Ok(0));
        assert_eq!(parse_ttl(b"000000300"), Ok(300));
        assert_eq!(parse_ttl(b"999999999"), Ok(999_999_999));
        assert_eq!(parse_ttl(b"0004294967295"), Ok(u32::MAX));
        assert!(parse_ttl(b"").is_ok_and(|ttl| ttl == 0));
    }

    #[test]
    fn ttl_and_class_in_either_order() {
        for text in [&b"a 300 IN A 1.2.3.4\n"[..], b"a IN 300 A 1.2.3.4\n"] {
            let mut parser = Parser::new(text);
            let entry = parser.next_entry().unwrap();
            let record = entry.record(true).unwrap();
            assert_eq!(record.ttl.map(|t| t.1), Some(300));
            assert_eq!(record.class.map(|c| c.1), Some(1));
            assert_eq!(record.record_type.1, 1);
            assert_eq!(record.rdata_start, 4);
        }
    }
}
