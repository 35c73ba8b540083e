//! The entries of one file's syntax tree, stored compactly: the entries
//! tile the file, so an entry's end is the next one's start and only the
//! starts and kinds are kept. An entry is two bytes: its kind (3 bits) and
//! its start less the start of its block of [`BLOCK`] entries (13 bits); a
//! block spanning [`NARROW_SPAN`] bytes or more (long records) keeps
//! 32-bit starts beside. About 2.25 bytes an entry where an [`Entry`]
//! takes 12 (38 MB less on a zone of 3.9 M entries).

use crate::span::Span;
use crate::syntax::{Directive, Entry, EntryKind};

/// Entries in a block: one 32-bit base each.
const BLOCK: usize = 32;

/// The bytes a block with 13-bit offsets can span.
const NARROW_SPAN: u32 = 1 << 13;

/// [`Entries::wide_at`] of a block whose starts fit 13 bits above its base.
const NARROW: u32 = u32::MAX;

/// The 3-bit code of a kind.
fn code(kind: EntryKind) -> u16 {
    match kind {
        EntryKind::Empty => 0,
        EntryKind::Record => 1,
        EntryKind::Invalid => 2,
        EntryKind::Directive(Directive::Origin) => 3,
        EntryKind::Directive(Directive::Ttl) => 4,
        EntryKind::Directive(Directive::Include) => 5,
        EntryKind::Directive(Directive::Generate) => 6,
        EntryKind::Directive(Directive::Date) => 7,
    }
}

/// The kind of a 3-bit code.
fn kind_of(code: u16) -> EntryKind {
    match code & 7 {
        0 => EntryKind::Empty,
        1 => EntryKind::Record,
        2 => EntryKind::Invalid,
        3 => EntryKind::Directive(Directive::Origin),
        4 => EntryKind::Directive(Directive::Ttl),
        5 => EntryKind::Directive(Directive::Include),
        6 => EntryKind::Directive(Directive::Generate),
        _ => EntryKind::Directive(Directive::Date),
    }
}

/// The entries of a file, in order; their spans tile it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entries {
    /// The start of each block's first entry.
    bases: Vec<u32>,
    /// For each block, [`NARROW`], or where its starts are in `wide`.
    wide_at: Vec<u32>,
    /// Each entry's start less its block's base, shifted left 3 bits (0
    /// in a wide block), and its kind's code in the low 3 bits.
    packed: Vec<u16>,
    /// The starts of the entries of wide blocks, a block after another.
    wide: Vec<u32>,
    /// The end of the last entry.
    end: u32,
    /// The last block's base, and whether it is narrow (so far).
    last_base: u32,
    last_narrow: bool,
}

impl Entries {
    /// Room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Entries {
            bases: Vec::with_capacity(capacity.div_ceil(BLOCK)),
            wide_at: Vec::with_capacity(capacity.div_ceil(BLOCK)),
            packed: Vec::with_capacity(capacity),
            wide: Vec::new(),
            end: 0,
            last_base: 0,
            last_narrow: false,
        }
    }

    /// No entry, with room for `capacity` in the memory these had.
    pub fn emptied(mut self, capacity: usize) -> Self {
        for list in [&mut self.bases, &mut self.wide_at, &mut self.wide] {
            list.clear();
        }
        self.packed.clear();
        self.bases.reserve(capacity.div_ceil(BLOCK));
        self.wide_at.reserve(capacity.div_ceil(BLOCK));
        self.packed.reserve(capacity);
        (self.end, self.last_base, self.last_narrow) = (0, 0, false);
        self
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The start of entry `index` (where its span starts); panics past
    /// the last.
    pub fn start(&self, index: usize) -> u32 {
        let block = index / BLOCK;
        match self.wide_at[block] {
            NARROW => self.bases[block] + u32::from(self.packed[index] >> 3),
            at => self.wide[at as usize + index % BLOCK],
        }
    }

    /// Adds an entry starting after the last one.
    fn push_start(&mut self, start: u32, kind: EntryKind) {
        let index = self.len();
        if index % BLOCK == 0 {
            self.bases.push(start);
            self.wide_at.push(NARROW);
            (self.last_base, self.last_narrow) = (start, true);
        }
        let kind = code(kind);
        if self.last_narrow {
            let offset = start - self.last_base;
            if offset < NARROW_SPAN {
                self.packed.push((offset as u16) << 3 | kind);
                return;
            }
            // The block becomes wide: its starts so far move over.
            let block = index / BLOCK;
            self.wide_at[block] = self.wide.len() as u32;
            for i in block * BLOCK..index {
                self.wide
                    .push(self.last_base + u32::from(self.packed[i] >> 3));
                self.packed[i] &= 7;
            }
            self.last_narrow = false;
        }
        self.wide.push(start);
        self.packed.push(kind);
    }

    /// Adds the entry after the last one (it starts where that one ends).
    pub fn push(&mut self, entry: Entry) {
        debug_assert!(
            self.is_empty() || entry.span.start == self.end,
            "entries tile the file"
        );
        self.push_start(entry.span.start, entry.kind);
        self.end = entry.span.end;
    }

    /// Adds all of `other`'s entries, which start where these end.
    pub fn append(&mut self, other: &Entries) {
        debug_assert!(
            self.is_empty() || other.is_empty() || other.start(0) == self.end,
            "entries tile the file"
        );
        self.packed.reserve(other.len());
        for index in 0..other.len() {
            self.push_start(other.start(index), other.kind(index));
        }
        if !other.is_empty() {
            self.end = other.end;
        }
    }

    /// Entry `index`; panics past the last, as indexing does.
    pub fn at(&self, index: usize) -> Entry {
        Entry {
            kind: self.kind(index),
            span: Span {
                start: self.start(index),
                end: if index + 1 < self.len() {
                    self.start(index + 1)
                } else {
                    self.end
                },
            },
        }
    }

    /// Entry `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<Entry> {
        (index < self.len()).then(|| self.at(index))
    }

    /// The kind of entry `index`; panics past the last.
    pub fn kind(&self, index: usize) -> EntryKind {
        kind_of(self.packed[index])
    }

    /// The entries from `index` on, in order.
    pub fn iter_from(
        &self,
        index: usize,
    ) -> impl DoubleEndedIterator<Item = Entry> + ExactSizeIterator + '_ {
        (index.min(self.len())..self.len()).map(|i| self.at(i))
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Entry> + ExactSizeIterator + '_ {
        self.iter_from(0)
    }

    /// The number of entries that start at or before `offset`.
    fn starting_by(&self, offset: usize) -> usize {
        // The blocks whose first entry starts at or before it; the entries
        // of the blocks before the last of them all do, those after it none.
        let blocks = self.bases.partition_point(|&base| base as usize <= offset);
        let Some(block) = blocks.checked_sub(1) else {
            return 0;
        };
        let first = block * BLOCK;
        let last = (first + BLOCK).min(self.len());
        first
            + (first..last)
                .take_while(|&i| self.start(i) as usize <= offset)
                .count()
    }

    /// The index of the entry that holds byte `offset` (the number of
    /// entries when it lies past them all).
    pub fn holding(&self, offset: usize) -> usize {
        // The entries that end at or before `offset` come first.
        let after = self.starting_by(offset);
        if after == self.len() && offset >= self.end as usize {
            return self.len();
        }
        after.saturating_sub(1)
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = Entry;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        Iter {
            entries: self,
            range: 0..self.len(),
        }
    }
}

/// The entries of an [`Entries`], in order.
pub struct Iter<'a> {
    entries: &'a Entries,
    range: std::ops::Range<usize>,
}

impl Iterator for Iter<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        self.range.next().map(|i| self.entries.at(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: EntryKind, start: u32, end: u32) -> Entry {
        Entry {
            kind,
            span: Span { start, end },
        }
    }

    #[test]
    fn entries_give_back_what_was_pushed() {
        let pushed = [
            entry(EntryKind::Empty, 0, 3),
            entry(EntryKind::Record, 3, 10),
            entry(EntryKind::Invalid, 10, 11),
        ];
        let mut entries = Entries::default();
        for e in pushed {
            entries.push(e);
        }
        assert_eq!(entries.iter().collect::<Vec<_>>(), pushed);
        assert_eq!(entries.get(3), None);
        assert_eq!(entries.kind(1), EntryKind::Record);
        let mut joined = Entries::default();
        let (mut first, mut second) = (Entries::default(), Entries::default());
        first.push(pushed[0]);
        second.push(pushed[1]);
        second.push(pushed[2]);
        joined.append(&first);
        joined.append(&second);
        assert_eq!(joined, entries);
        assert_eq!(
            (0..12).map(|o| entries.holding(o)).collect::<Vec<_>>(),
            [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 3]
        );
    }

    /// `holding` is the number of entries that end at or before the
    /// offset, as the search over whole entries it replaced: with empty
    /// entries, a piece's entries that start past 0, and no entry at all.
    #[test]
    fn holding_counts_the_entries_ending_at_or_before_an_offset() {
        let cases: [&[(u32, u32)]; 4] = [
            &[],
            &[(5, 5), (5, 9), (9, 9), (9, 12)],
            &[(100, 140), (140, 141), (141, 141)],
            &[(0, 0)],
        ];
        for spans in cases {
            let mut entries = Entries::default();
            for &(start, end) in spans {
                entries.push(entry(EntryKind::Record, start, end));
            }
            for offset in 0..160 {
                let expected = spans.partition_point(|&(_, end)| end as usize <= offset);
                assert_eq!(entries.holding(offset), expected, "{spans:?} at {offset}");
            }
        }
    }

    /// Entries across many blocks, some spanning 8 KiB or more (kept wide),
    /// some empty: every entry, `holding` at every start and end and
    /// around them, and any split into appended parts give what a plain
    /// list of entries gives.
    #[test]
    fn blocks_narrow_and_wide_keep_every_start() {
        let kinds = [
            EntryKind::Record,
            EntryKind::Empty,
            EntryKind::Invalid,
            EntryKind::Directive(Directive::Origin),
            EntryKind::Directive(Directive::Ttl),
            EntryKind::Directive(Directive::Include),
            EntryKind::Directive(Directive::Generate),
            EntryKind::Directive(Directive::Date),
        ];
        let mut spans = Vec::new();
        let mut start = 7u32;
        let mut next = crate::test_random::xorshift(12_345);
        for i in 0..1_000u32 {
            let (class, size) = {
                let random = next();
                ((random >> 32) % 100, (random & 0xffff_ffff) as u32)
            };
            let length = match class {
                0..10 => 0,
                10 => 70_000 + size % 5_000,
                12 => NARROW_SPAN - 2 + size % 4,
                11 if i > 500 => 1 << 20,
                _ => 1 + size % 300,
            };
            spans.push((kinds[i as usize % kinds.len()], start, start + length));
            start += length;
        }
        let plain: Vec<Entry> = spans.iter().map(|&(k, s, e)| entry(k, s, e)).collect();
        let mut entries = Entries::with_capacity(4);
        for &e in &plain {
            entries.push(e);
        }
        assert!(!entries.wide.is_empty(), "some blocks are wide");
        assert!(entries.wide_at.contains(&NARROW), "some blocks are narrow");
        assert_eq!(entries.iter().collect::<Vec<_>>(), plain);
        let mut offsets: Vec<usize> = plain
            .iter()
            .flat_map(|e| [e.span.start as usize, e.span.end as usize])
            .flat_map(|o| [o.saturating_sub(1), o, o + 1])
            .collect();
        offsets.extend([0, start as usize + 5]);
        for offset in offsets {
            let expected = plain.partition_point(|e| e.span.end as usize <= offset);
            assert_eq!(entries.holding(offset), expected, "at {offset}");
        }
        for cut in [1, 63, 64, 65, 500, 999] {
            let (mut first, mut second) = (Entries::default(), Entries::default());
            plain[..cut].iter().for_each(|&e| first.push(e));
            plain[cut..].iter().for_each(|&e| second.push(e));
            first.append(&second);
            assert_eq!(first, entries, "split at {cut}");
        }
    }
}
