//! The first fields of a zone file's record entries, as the formatter
//! lays them out (`crate::format`): where the owner, TTL and type fields
//! are and what they tell. The zone reader keeps them while it reads the
//! file when [`super::LoadOptions::keep_heads`] asks it to, so that the
//! formatter need not read those fields again.

use crate::span::Span;
use crate::syntax::{Field, RawEntry};

/// `Line::flags`: the owner is written and absolute.
pub(crate) const LINE_ABSOLUTE_OWNER: u8 = 1;
/// `Line::flags`: a comment may come before the type field.
pub(crate) const LINE_PREFIX_COMMENT: u8 = 2;
/// `Line::flags`, while the tree is read: the owner is written with no
/// escape and no upper-case letter.
pub(crate) const LINE_PLAIN_OWNER: u8 = 4;
/// `Line::flags`, while the tree is read: the owner field is quoted.
pub(crate) const LINE_QUOTED_OWNER: u8 = 8;
/// `Line::flags`: the owner is spelled otherwise than the zone's name
/// for it (`Tree::other_owner_of`).
pub(crate) const LINE_OTHER_OWNER: u8 = 16;
/// `Line::flags`: the first fields' places do not fit the line's bytes
/// (`Tree::far_fields`).
pub(crate) const LINE_FAR_FIELDS: u8 = 32;
/// `Line::flags`: more empty entries move with it than its byte counts
/// (`Tree::far_leading`).
pub(crate) const LINE_FAR_LEADING: u8 = 64;

/// A record entry, as the formatter needs it, in 16 bytes. Nothing is
/// copied out of the text or the zone: a file of millions of records
/// holds one of these per record, and everything else is read again where
/// it is written. The places of its first fields are counted from the
/// entry's start; the few lines whose places or leading entries do not
/// fit keep them in the tree's side tables instead (`LINE_FAR_FIELDS`,
/// `LINE_FAR_LEADING`, `LINE_OTHER_OWNER`), read through the layout
/// tree's accessors (`owner_text`, `ttl_text`, `type_end`, `leading_of`
/// in `crate::format`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    /// Its entry (index among the file's entries).
    pub(crate) entry: u32,
    /// Its record (index among the zone's records).
    pub(crate) record: u32,
    /// Where its TTL field starts, from the entry's start.
    pub(crate) ttl_at: u16,
    /// Where its type field ends, from the entry's start: its RDATA's
    /// tokens follow.
    pub(crate) type_end_at: u16,
    /// The length of its owner field (which starts the entry), 0 when
    /// the entry has none.
    pub(crate) owner_len: u8,
    /// The length of its TTL field, 0 when it has none.
    pub(crate) ttl_len: u8,
    /// How many empty entries (blank or comment-only lines) just above
    /// it move with it: `entry - leading_count..entry`.
    pub(crate) leading_count: u8,
    /// `LINE_` flags.
    pub(crate) flags: u8,
}

/// The places of a line's first fields, when they do not fit a [`Line`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct FarFields {
    pub(crate) owner_text: MaybeSpan,
    pub(crate) ttl_text: MaybeSpan,
    pub(crate) type_end: u32,
}

impl Line {
    /// The line of record entry `index` (record `record`), read from
    /// `source` by the parser as `entry`: its owner field (if written), TTL
    /// field (if written), where its type field ends, and whether a comment
    /// may come before that; with the places that do not fit the line, to
    /// be kept aside.
    #[inline]
    pub(crate) fn read(
        source: &[u8],
        (index, record): (u32, u32),
        entry: &RawEntry<'_, '_>,
        owner: Option<Field<'_>>,
        ttl: Option<Span>,
        type_end: u32,
    ) -> (Line, Option<FarFields>) {
        let start = entry.span.start;
        // A comment before the type field starts with a semicolon (one
        // inside a quoted field only costs the formatter a closer look);
        // a line the parser read as plain words has none.
        let prefix_comment = !entry.plain
            && source
                .get(start as usize..type_end as usize)
                .is_some_and(|head| memchr::memchr(b';', head).is_some());
        let mut line = Line::of(index, record, owner, prefix_comment);
        let far = line.set_fields(start, owner.map(|f| f.span), ttl, type_end);
        (line, far)
    }

    /// The line of record entry `entry` (record `record`) with its owner
    /// field, if written, and [`LINE_PREFIX_COMMENT`] if a comment may come
    /// before its type field; its fields' places are set apart
    /// ([`Line::set_fields`]).
    #[inline]
    fn of(entry: u32, record: u32, owner: Option<Field<'_>>, prefix_comment: bool) -> Line {
        let mut flags = if prefix_comment {
            LINE_PREFIX_COMMENT
        } else {
            0
        };
        if let Some(field) = owner {
            if lower_and_unescaped(field.text) {
                flags |= LINE_PLAIN_OWNER;
                // Without escapes, absolute is a final dot.
                if field.text.last() == Some(&b'.') {
                    flags |= LINE_ABSOLUTE_OWNER;
                }
            }
            if field.quoted {
                flags |= LINE_QUOTED_OWNER;
            }
        }
        Line {
            entry,
            record,
            ttl_at: 0,
            type_end_at: 0,
            owner_len: 0,
            ttl_len: 0,
            leading_count: 0,
            flags,
        }
    }

    /// Sets the first of the empty entries that move with the line (its
    /// entry set): in the line when it fits, else (`LINE_FAR_LEADING`)
    /// given back to be kept aside.
    pub(crate) fn set_leading(&mut self, leading: u32) -> Option<u32> {
        match u8::try_from(self.entry - leading) {
            Ok(count) => {
                self.leading_count = count;
                self.flags &= !LINE_FAR_LEADING;
                None
            }
            Err(_) => {
                self.flags |= LINE_FAR_LEADING;
                Some(leading)
            }
        }
    }

    /// Sets the places of the line's first fields, for the entry starting
    /// at `start`: in the line when they fit, else (`LINE_FAR_FIELDS`)
    /// given back to be kept aside.
    fn set_fields(
        &mut self,
        start: u32,
        owner_text: Option<Span>,
        ttl_text: Option<Span>,
        type_end: u32,
    ) -> Option<FarFields> {
        let owner_len = match owner_text {
            None => Some(0),
            Some(span) if span.start == start => {
                u8::try_from(span.len()).ok().filter(|&len| len > 0)
            }
            Some(_) => None,
        };
        let ttl = match ttl_text {
            None => Some((0, 0)),
            Some(span) => u16::try_from(span.start - start)
                .ok()
                .zip(u8::try_from(span.len()).ok().filter(|&len| len > 0)),
        };
        let type_end_at = u16::try_from(type_end - start).ok();
        if let (Some(owner_len), Some((ttl_at, ttl_len)), Some(type_end_at)) =
            (owner_len, ttl, type_end_at)
        {
            (self.owner_len, self.ttl_at, self.ttl_len) = (owner_len, ttl_at, ttl_len);
            self.type_end_at = type_end_at;
            return None;
        }
        self.flags |= LINE_FAR_FIELDS;
        Some(FarFields {
            owner_text: owner_text.into(),
            ttl_text: ttl_text.into(),
            type_end,
        })
    }
}

/// An `Option<Span>` in 8 bytes, not 12: a [`Line`] is one of millions.
/// A span of a text never starts at `u32::MAX` (texts are shorter).
#[derive(Clone, Copy, Debug)]
pub(crate) struct MaybeSpan(pub(crate) Span);

impl MaybeSpan {
    pub(crate) const NONE: MaybeSpan = MaybeSpan(Span {
        start: u32::MAX,
        end: u32::MAX,
    });

    pub(crate) fn get(self) -> Option<Span> {
        (self.0.start != u32::MAX).then_some(self.0)
    }
}

impl From<Option<Span>> for MaybeSpan {
    fn from(span: Option<Span>) -> Self {
        span.map_or(MaybeSpan::NONE, MaybeSpan)
    }
}

/// The first fields of every record entry of a zone file (file 0), in
/// order, as the reader found them.
#[derive(Debug, Default)]
pub(crate) struct Heads {
    /// A line for each record entry, its entry and record set.
    pub(crate) lines: Vec<Line>,
    /// The places of the fields that do not fit their line, by entry.
    pub(crate) far: Vec<(u32, FarFields)>,
    /// Whether any record names its class.
    pub(crate) class_column: bool,
}

impl Heads {
    /// Adds the line of a record entry, as [`Line::read`] reads it.
    #[inline]
    pub(crate) fn push(
        &mut self,
        source: &[u8],
        (index, record): (u32, u32),
        entry: &RawEntry<'_, '_>,
        owner: Option<Field<'_>>,
        ttl: Option<Span>,
        type_end: u32,
    ) {
        let (line, far) = Line::read(source, (index, record), entry, owner, ttl, type_end);
        if let Some(fields) = far {
            self.far.push((index, fields));
        }
        self.lines.push(line);
    }

    /// Lets every line go, keeping the memory for the next ones.
    pub(crate) fn clear(&mut self) {
        self.lines.clear();
        self.far.clear();
        self.class_column = false;
    }

    /// Appends `other`, read from a later part of the file: its entries
    /// and records are counted from `entry_base` and `record_base`.
    pub(crate) fn append(&mut self, other: &Heads, entry_base: u32, record_base: u32) {
        self.lines.extend(other.lines.iter().map(|line| Line {
            entry: line.entry + entry_base,
            record: line.record + record_base,
            ..*line
        }));
        self.far.extend(
            other
                .far
                .iter()
                .map(|&(entry, fields)| (entry + entry_base, fields)),
        );
        self.class_column |= other.class_column;
    }
}

/// Whether `text` has no upper-case ASCII letter and no backslash, read 8
/// bytes at a time (a `[`, between them in ASCII, counts as one: that only
/// sends the owner the slower way, [`LINE_PLAIN_OWNER`] unset).
fn lower_and_unescaped(text: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    // Whether a byte of `word` is over 0x40 and under 0x5D (`A` to `\`),
    // for bytes under 0x80 (the others are neither).
    let flagged = |word: u64| {
        let low = word & (ONES * 0x7F);
        (ONES * (0x7F + 0x5D)).wrapping_sub(low)
            & !word
            & (low + ONES * (0x7F - 0x40))
            & (ONES * 0x80)
            != 0
    };
    let word_at = |at: usize| {
        let mut bytes = [0; 8];
        bytes.copy_from_slice(&text[at..at + 8]);
        u64::from_le_bytes(bytes)
    };
    if text.len() < 8 {
        let mut bytes = [0; 8];
        bytes[..text.len()].copy_from_slice(text);
        return !flagged(u64::from_le_bytes(bytes));
    }
    let mut at = 0;
    while at + 8 <= text.len() {
        if flagged(word_at(at)) {
            return false;
        }
        at += 8;
    }
    // The last bytes, in a word that overlaps the one before.
    at == text.len() || !flagged(word_at(text.len() - 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time test gives what a byte at a time gives, on
    /// owners of every length up to 40 made of bytes near the letters,
    /// the backslash and above 0x80.
    #[test]
    fn lower_and_unescaped_reads_every_byte() {
        let alphabet: Vec<u8> = (0x3Au8..=0x62)
            .chain([0x7A, 0x7B, 0x80, 0xC1, 0xDA, 0xFF])
            .collect();
        let mut next = crate::test_random::xorshift(7);
        for _ in 0..20_000 {
            let len = (next() % 41) as usize;
            let mut text: Vec<u8> = (0..len)
                .map(|_| b"abcdefghij0123-."[(next() % 16) as usize])
                .collect();
            // Most texts get one byte from the edges, some none.
            if len > 0 && next() % 4 != 0 {
                let at = (next() % len as u64) as usize;
                text[at] = alphabet[(next() % alphabet.len() as u64) as usize];
            }
            let expected = !text
                .iter()
                .any(|&b| b == b'\\' || b == b'[' || b.is_ascii_uppercase());
            assert_eq!(lower_and_unescaped(&text), expected, "{text:?}");
        }
    }
}
