//! The name interner: every distinct owner name of a zone stored once, in
//! one byte arena, found case-insensitively. A record holds a `NameId`
//! (four bytes) instead of a heap-allocated name.
//!
//! The table is open addressing with linear probing over 4-byte slots that
//! hold the id and, in the bits the id does not need, a tag from the hash,
//! so a probe reads one cache line and touches the arena only when the tag
//! matches, and an insertion writes the line it just read.
//!
//! On a zone of millions of names nearly every new name costs a cache miss
//! in the table. Looked up one at a time, each miss waits for the last;
//! so the zone reader adds owners *provisionally* ([`Names::add_provisional`]:
//! appended, no lookup) and [`Names::settle`] then resolves them in
//! batches, prefetching the slots of the next batch while it settles one,
//! so that the misses overlap each other and the work. Settling drops the repeats in place and
//! returns how the provisional ids map to the final, dense ones.

use std::hash::{BuildHasher, Hasher};

use rustc_hash::FxBuildHasher;

/// The index of an interned name.
pub type NameId = u32;

/// Interned wire names; the first spelling seen is kept.
#[derive(Default)]
pub struct Names {
    arena: Vec<u8>,
    /// Start offset of each name in `arena`; the name ends at the next start.
    starts: Vec<u32>,
    /// `tag | (id + 1)`, 0 for an empty slot. The length is a power of two,
    /// 2^b (or 0); `id + 1` takes the low b bits (the table is never more
    /// than 7/8 full, so it fits), the tag the high 32 - b bits. A hash's
    /// first slot is its top b bits, its tag its low 32 - b bits.
    slots: Vec<u32>,
    /// Names `0..settled` are in the table; the rest are provisional.
    settled: usize,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Names({} names)", self.len())
    }
}

/// How many provisional names [`Names::settle`] hashes, and whose slots it
/// prefetches, at once.
const BATCH: usize = 16;

/// Asks for the cache line of `slot` to be loaded, without waiting for it.
#[inline(always)]
fn prefetch(slot: &u32) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it reads nothing into the program
    // and cannot fault; SSE is part of the x86_64 baseline. (Safe to call
    // since Rust 1.87; the crate still builds with 1.85.)
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// The hash of a name that [`Names`] uses, ignoring ASCII case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameHash(u32);

impl NameHash {
    /// Hashes a wire name.
    pub fn of(name: &[u8]) -> Self {
        let hash = hash_ignore_case(name);
        // Fold the high half in: the slot comes from the tag's top bits.
        let mixed = (hash ^ (hash >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        NameHash((mixed >> 32) as u32)
    }
}

fn hash_ignore_case(name: &[u8]) -> u64 {
    let mut hasher = FxBuildHasher.build_hasher();
    let mut chunks = name.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        hasher.write_u64(lowercase_word(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hasher.write_u64(lowercase_word(u64::from_le_bytes(word)));
    }
    hasher.finish()
}

/// Lower-cases the ASCII letters among eight bytes at once: a byte gets
/// 0x20 added when it lies in `A..=Z` (other bytes, 0x80 and up included,
/// are left alone).
fn lowercase_word(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = word & !HIGH;
    // High bit set where the byte's low 7 bits are >= 'A' (0x41), and
    // where they are > 'Z' (0x5A).
    let at_least_a = low7 + ONES * (0x80 - 0x41);
    let above_z = low7 + ONES * (0x80 - 0x5B);
    let upper = at_least_a & !above_z & !word & HIGH;
    word | (upper >> 2)
}

impl Names {
    /// An interner with room for about `names` names, so that a large zone
    /// does not grow its table while it is read (growing holds the old and
    /// the new table at once).
    pub fn with_capacity(names: usize, arena_bytes: usize) -> Self {
        Names {
            arena: Vec::with_capacity(arena_bytes),
            starts: Vec::with_capacity(names),
            slots: vec![0; slot_count(names)],
            settled: 0,
        }
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether no name is interned.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The wire bytes of name `id`.
    pub fn get(&self, id: NameId) -> &[u8] {
        let start = self.starts[id as usize] as usize;
        let end = self
            .starts
            .get(id as usize + 1)
            .map_or(self.arena.len(), |&e| e as usize);
        &self.arena[start..end]
    }

    /// The id of `name`, interning it if new.
    pub fn intern(&mut self, name: &[u8]) -> NameId {
        self.intern_hashed(name, NameHash::of(name))
    }

    /// [`Names::intern`] with the hash already computed by [`NameHash::of`].
    pub fn intern_hashed(&mut self, name: &[u8], hash: NameHash) -> NameId {
        assert_eq!(
            self.settled,
            self.starts.len(),
            "intern with provisional names pending: call settle first"
        );
        if let Some(id) = self.find(name, hash) {
            return id;
        }
        // Grow at 7/8 full: linear probing stays short below that.
        if (self.starts.len() + 1) * 8 > self.slots.len() * 7 {
            self.grow();
        }
        let id = self.starts.len() as NameId;
        self.starts.push(self.arena.len() as u32);
        self.arena.extend_from_slice(name);
        self.place(hash, id);
        self.settled += 1;
        id
    }

    /// Appends `name` without looking it up and returns its provisional
    /// id, which may repeat an earlier name. Until [`Names::settle`] is
    /// called, only [`Names::get`] and more provisional names are allowed.
    pub fn add_provisional(&mut self, name: &[u8]) -> NameId {
        let id = self.starts.len() as NameId;
        self.starts.push(self.arena.len() as u32);
        self.arena.extend_from_slice(name);
        id
    }

    /// [`Names::add_provisional`] for a name that `write` appends to the
    /// names' bytes itself, rather than copied from a buffer; `write`
    /// returns false, having appended nothing, when it cannot give the
    /// name, and so does this (`None`).
    pub fn add_provisional_with(
        &mut self,
        write: impl FnOnce(&mut Vec<u8>) -> bool,
    ) -> Option<NameId> {
        let start = self.arena.len();
        if !write(&mut self.arena) {
            self.arena.truncate(start);
            return None;
        }
        let id = self.starts.len() as NameId;
        self.starts.push(start as u32);
        Some(id)
    }

    /// A table-less list of provisional names, for a part of a file read
    /// on another core: its names are appended to the zone's with
    /// [`Names::append_provisional`].
    pub fn provisional_only(names: usize, arena_bytes: usize) -> Self {
        Names {
            arena: Vec::with_capacity(arena_bytes),
            starts: Vec::with_capacity(names),
            slots: Vec::new(),
            settled: 0,
        }
    }

    /// Lets every name go, keeping the memory for the next ones (a reader
    /// that hands its names over a stretch at a time).
    pub fn clear(&mut self) {
        self.arena.clear();
        self.starts.clear();
        self.slots.clear();
        self.settled = 0;
    }

    /// Appends `other`'s names (all provisional) as provisional names of
    /// this one, in order; returns the id the first of them gets (the ids
    /// of `other` are shifted by it).
    pub fn append_provisional(&mut self, other: &Names) -> NameId {
        assert_eq!(other.settled, 0, "only provisional names are appended");
        let first = self.starts.len() as NameId;
        let base = self.arena.len() as u32;
        self.starts.extend(other.starts.iter().map(|&s| s + base));
        self.arena.extend_from_slice(&other.arena);
        first
    }

    /// Interns every provisional name: a repeat of an earlier name takes
    /// that name's id and its bytes are dropped, the others get the next
    /// dense ids, in order. Returns the map from provisional to final ids.
    pub fn settle(&mut self) -> Settled {
        let first = self.settled;
        let end = self.starts.len();
        if self.slots.len() * 7 < end * 8 {
            self.regrow(end);
        }
        let mut duplicates = Vec::new();
        // The next final id, and where its bytes go: names only move left,
        // so a name not yet settled is never overwritten.
        let mut next = first;
        let mut write = self
            .starts
            .get(first)
            .map_or(self.arena.len(), |&s| s as usize);
        // The hashes of this batch and the next: the next batch's are
        // computed and their slots prefetched before this one is looked
        // up, so that its misses are in flight while this one is settled.
        // Hashing reads the names where they were added: settling this
        // batch only moves names that come before the next one's.
        let mut hashes = [[NameHash(0); BATCH]; 2];
        if first < end {
            self.hash_and_prefetch(first, end, &mut hashes[0]);
        }
        for (round, batch) in (first..end).step_by(BATCH).enumerate() {
            let batch_end = (batch + BATCH).min(end);
            let [current, upcoming] = &mut hashes;
            let (current, upcoming) = if round % 2 == 0 {
                (current, upcoming)
            } else {
                (upcoming, current)
            };
            if batch_end < end {
                self.hash_and_prefetch(batch_end, end, upcoming);
            }
            for (index, &hash) in (batch..batch_end).zip(current.iter()) {
                let (start, stop) = self.provisional_range(index, end);
                if let Some(id) = self.find(&self.arena[start..stop], hash) {
                    duplicates.push((index as NameId, id));
                    continue;
                }
                let length = stop - start;
                if write != start {
                    self.arena.copy_within(start..stop, write);
                }
                self.starts[next] = write as u32;
                write += length;
                // `get(next)` must end here while later names are settled;
                // the slot after `next` belongs to a name already read.
                if next + 1 < end {
                    self.starts[next + 1] = write as u32;
                }
                self.place(hash, next as NameId);
                next += 1;
            }
        }
        self.starts.truncate(next);
        self.arena.truncate(write);
        self.settled = next;
        Settled {
            first: first as NameId,
            duplicates,
        }
    }

    /// Hashes the provisional names of the batch that starts at `batch`
    /// (of those up to `end`) into `hashes`, and asks for the first slot
    /// of each to be brought into the cache.
    fn hash_and_prefetch(&self, batch: usize, end: usize, hashes: &mut [NameHash; BATCH]) {
        let batch_end = (batch + hashes.len()).min(end);
        for (index, hash) in (batch..batch_end).zip(hashes.iter_mut()) {
            *hash = NameHash::of(self.provisional(index, end));
            prefetch(&self.slots[self.first_slot(*hash)]);
        }
    }

    /// The byte range of provisional name `index` (of `end`), before it
    /// is moved.
    fn provisional_range(&self, index: usize, end: usize) -> (usize, usize) {
        let start = self.starts[index] as usize;
        let stop = if index + 1 < end {
            self.starts[index + 1] as usize
        } else {
            self.arena.len()
        };
        (start, stop)
    }

    fn provisional(&self, index: usize, end: usize) -> &[u8] {
        let (start, stop) = self.provisional_range(index, end);
        &self.arena[start..stop]
    }

    /// The id of `name` if it is interned.
    pub fn lookup(&self, name: &[u8]) -> Option<NameId> {
        self.find(name, NameHash::of(name))
    }

    /// log2 of the table length: the bits `id + 1` may use.
    fn id_bits(&self) -> u32 {
        self.slots.len().trailing_zeros()
    }

    fn first_slot(&self, hash: NameHash) -> usize {
        (hash.0 >> (32 - self.id_bits())) as usize
    }

    /// The hash's low 32 - b bits, moved to the top of a slot.
    fn tag(&self, hash: NameHash) -> u32 {
        hash.0 << self.id_bits()
    }

    fn find(&self, name: &[u8], hash: NameHash) -> Option<NameId> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let id_mask = mask as u32;
        let tag = self.tag(hash);
        let mut index = self.first_slot(hash);
        loop {
            let slot = self.slots[index];
            if slot == 0 {
                return None;
            }
            if slot & !id_mask == tag {
                let id = (slot & id_mask) - 1;
                if crate::name::eq_ignore_case(self.get(id), name) {
                    return Some(id);
                }
            }
            index = (index + 1) & mask;
        }
    }

    /// Puts `id` in the first empty slot of its probe sequence.
    fn place(&mut self, hash: NameHash, id: NameId) {
        let mask = self.slots.len() - 1;
        let slot = self.tag(hash) | (id + 1);
        let mut index = self.first_slot(hash);
        while self.slots[index] != 0 {
            index = (index + 1) & mask;
        }
        self.slots[index] = slot;
    }

    /// Doubles the table (or makes the first one).
    fn grow(&mut self) {
        self.regrow((self.starts.len() + 1) * 2);
    }

    /// Makes the table big enough for `names` names and puts the settled
    /// names back in it (hashed again: a slot keeps too few hash bits to
    /// find its place in a bigger table).
    fn regrow(&mut self, names: usize) {
        self.slots = vec![0; slot_count(names)];
        for id in 0..self.settled {
            let hash = NameHash::of(self.get(id as NameId));
            self.place(hash, id as NameId);
        }
    }
}

/// How [`Names::settle`] renumbered the provisional names. Only the
/// repeats are stored: every other name moved down by the number of
/// repeats before it. (A large zone has few repeats left once the zone
/// reader has skipped the same owner written again in a row, so this
/// costs next to no memory.)
#[derive(Debug)]
pub struct Settled {
    first: NameId,
    /// (provisional id, final id) of each repeat, in provisional order.
    duplicates: Vec<(NameId, NameId)>,
}

impl Settled {
    /// Whether every provisional name kept its id (there were no repeats).
    pub fn is_identity(&self) -> bool {
        self.duplicates.is_empty()
    }

    /// A mapper for many ids in a row, fast when they mostly increase (as
    /// the owners of a zone's records do).
    pub fn mapper(&self) -> Mapper<'_> {
        Mapper {
            settled: self,
            last: 0,
            before: 0,
        }
    }

    /// The final id of `id` (ids settled before are unchanged).
    pub fn map(&self, id: NameId) -> NameId {
        if id < self.first {
            return id;
        }
        match self
            .duplicates
            .binary_search_by_key(&id, |&(provisional, _)| provisional)
        {
            Ok(index) => self.duplicates[index].1,
            Err(before) => id - before as NameId,
        }
    }
}

/// Maps ids like [`Settled::map`], remembering where the last id fell
/// among the repeats, so that an increasing run of ids costs a step each
/// instead of a binary search.
pub struct Mapper<'s> {
    settled: &'s Settled,
    last: NameId,
    /// The number of repeats with a provisional id below `last`.
    before: usize,
}

impl Mapper<'_> {
    /// The final id of `id`.
    pub fn map(&mut self, id: NameId) -> NameId {
        let settled = self.settled;
        if id < settled.first {
            return id;
        }
        let duplicates = &settled.duplicates;
        if id >= self.last {
            while duplicates.get(self.before).is_some_and(|&(p, _)| p < id) {
                self.before += 1;
            }
        } else {
            self.before = duplicates.partition_point(|&(p, _)| p < id);
        }
        self.last = id;
        match duplicates.get(self.before) {
            Some(&(p, final_id)) if p == id => final_id,
            _ => id - self.before as NameId,
        }
    }
}

/// A power of two of slots that holds `names` names below 7/8 full.
fn slot_count(names: usize) -> usize {
    (names * 8 / 7 + 1).next_power_of_two().clamp(16, 1 << 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lowercasing_matches_bytewise() {
        for start in (0u16..256).step_by(8) {
            let bytes: Vec<u8> = (start..start + 8).map(|b| b as u8).collect();
            let word = u64::from_le_bytes(bytes.clone().try_into().unwrap());
            let expected: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
            assert_eq!(lowercase_word(word).to_le_bytes().to_vec(), expected);
        }
        assert_eq!(
            hash_ignore_case(b"\x0bNS1-Example\x03COM\x00"),
            hash_ignore_case(b"\x0bns1-example\x03com\x00")
        );
    }

    #[test]
    fn the_table_grows_and_finds_every_name() {
        let mut names = Names::default();
        let wire = |i: u32| format!("\x01x\x05n{i:04}\x00").into_bytes();
        let ids: Vec<NameId> = (0..5000).map(|i| names.intern(&wire(i))).collect();
        assert_eq!(ids, (0..5000).collect::<Vec<_>>());
        for i in 0..5000 {
            assert_eq!(names.lookup(&wire(i).to_ascii_uppercase()), Some(i));
        }
        assert_eq!(names.lookup(b"\x01y\x00"), None);
        assert_eq!(names.len(), 5000);
    }

    #[test]
    fn settling_drops_repeats_in_place() {
        let mut names = Names::default();
        let a = names.intern(b"\x01a\x00");
        let p: Vec<NameId> = [
            &b"\x01b\x00"[..],
            b"\x01A\x00",
            b"\x03ccc\x00",
            b"\x01B\x00",
            b"\x01d\x00",
        ]
        .iter()
        .map(|name| names.add_provisional(name))
        .collect();
        let settled = names.settle();
        let finals: Vec<NameId> = p.iter().map(|&id| settled.map(id)).collect();
        assert_eq!(finals, [1, a, 2, 1, 3]);
        let mut mapper = settled.mapper();
        let order = [p[4], p[0], p[1], p[3], p[2], p[4], a, p[3]];
        let mapped: Vec<NameId> = order.iter().map(|&id| mapper.map(id)).collect();
        let expected: Vec<NameId> = order.iter().map(|&id| settled.map(id)).collect();
        assert_eq!(mapped, expected);
        assert_eq!(settled.map(a), a);
        assert_eq!(names.len(), 4);
        assert_eq!(names.get(1), b"\x01b\x00");
        assert_eq!(names.get(2), b"\x03ccc\x00");
        assert_eq!(names.get(3), b"\x01d\x00");
        assert_eq!(names.lookup(b"\x03CCC\x00"), Some(2));
        // Interning works as before afterwards.
        assert_eq!(names.intern(b"\x01D\x00"), 3);
        assert_eq!(names.intern(b"\x01e\x00"), 4);
    }

    #[test]
    fn settling_many_names_matches_interning_them() {
        let wire = |i: u32| format!("\x01x\x05n{:04}\x00", i % 3000).into_bytes();
        let mut direct = Names::default();
        let want: Vec<NameId> = (0..7000).map(|i| direct.intern(&wire(i))).collect();
        let mut deferred = Names::with_capacity(10, 10);
        // Some written straight to the names, after a write that failed
        // half-way, which leaves nothing behind.
        let provisional: Vec<NameId> = (0..7000)
            .map(|i| match i % 3 {
                0 => deferred.add_provisional(&wire(i)),
                _ => {
                    let failed = deferred.add_provisional_with(|out| {
                        out.extend_from_slice(b"\x05junk");
                        false
                    });
                    assert_eq!(failed, None);
                    deferred
                        .add_provisional_with(|out| {
                            out.extend_from_slice(&wire(i));
                            true
                        })
                        .expect("written")
                }
            })
            .collect();
        let settled = deferred.settle();
        let got: Vec<NameId> = provisional.iter().map(|&id| settled.map(id)).collect();
        assert_eq!(got, want);
        assert_eq!(deferred.len(), 3000);
        for id in 0..3000 {
            assert_eq!(deferred.get(id), direct.get(id));
        }
    }

    #[test]
    fn interning_ignores_case_and_keeps_the_first_spelling() {
        let mut names = Names::default();
        let a = names.intern(b"\x03WWW\x07example\x00");
        let b = names.intern(b"\x03www\x07EXAMPLE\x00");
        let c = names.intern(b"\x03ftp\x07example\x00");
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_eq!(names.get(a), b"\x03WWW\x07example\x00");
        assert_eq!(names.lookup(b"\x03FTP\x07example\x00"), Some(c));
        assert_eq!(names.lookup(b"\x03xyz\x00"), None);
    }
}
