//! The name interner: every distinct owner name of a zone stored once, in
//! one byte arena, found case-insensitively. A record holds a `NameId`
//! (four bytes) instead of a heap-allocated name.

use std::hash::{BuildHasher, Hasher};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// The index of an interned name.
pub type NameId = u32;

/// Interned wire names; the first spelling seen is kept.
#[derive(Default)]
pub struct Names {
    arena: Vec<u8>,
    /// Start offset of each name in `arena`; the name ends at the next start.
    starts: Vec<u32>,
    table: HashTable<NameId>,
}

impl std::fmt::Debug for Names {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Names({} names)", self.len())
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
    /// does not rehash its table while it is read (a rehash holds the old
    /// and the new table at once).
    pub fn with_capacity(names: usize, arena_bytes: usize) -> Self {
        Names {
            arena: Vec::with_capacity(arena_bytes),
            starts: Vec::with_capacity(names),
            table: HashTable::with_capacity(names),
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
        let hash = hash_ignore_case(name);
        let Names {
            arena,
            starts,
            table,
        } = self;
        let found = table.find(hash, |&id| {
            let start = starts[id as usize] as usize;
            let end = starts
                .get(id as usize + 1)
                .map_or(arena.len(), |&e| e as usize);
            arena[start..end].eq_ignore_ascii_case(name)
        });
        if let Some(&id) = found {
            return id;
        }
        let id = starts.len() as NameId;
        starts.push(arena.len() as u32);
        arena.extend_from_slice(name);
        table.insert_unique(hash, id, |&other| {
            let start = starts[other as usize] as usize;
            let end = starts
                .get(other as usize + 1)
                .map_or(arena.len(), |&e| e as usize);
            hash_ignore_case(&arena[start..end])
        });
        id
    }

    /// The id of `name` if it is interned.
    pub fn lookup(&self, name: &[u8]) -> Option<NameId> {
        let hash = hash_ignore_case(name);
        self.table
            .find(hash, |&id| self.get(id).eq_ignore_ascii_case(name))
            .copied()
    }
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
