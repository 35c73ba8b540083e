//! Lookups over a zone that the rules share: the records of each owner,
//! the delegation points, and the nearest zone cut above a name.

use crate::name;
use crate::names::NameId;
use crate::zone::{Record, Zone};

/// Type codes the rules look at.
pub mod types {
    /// A
    pub const A: u16 = 1;
    /// NS
    pub const NS: u16 = 2;
    /// CNAME
    pub const CNAME: u16 = 5;
    /// SOA
    pub const SOA: u16 = 6;
    /// MX
    pub const MX: u16 = 15;
    /// AAAA
    pub const AAAA: u16 = 28;
    /// SRV
    pub const SRV: u16 = 33;
    /// DNAME
    pub const DNAME: u16 = 39;
    /// DS
    pub const DS: u16 = 43;
    /// RRSIG
    pub const RRSIG: u16 = 46;
    /// NSEC
    pub const NSEC: u16 = 47;
}

/// [`ZoneIndex::cuts`] entry of a name outside the zone.
const OUTSIDE: u32 = u32::MAX;
/// [`ZoneIndex::cuts`] entry of a name inside the zone with no delegation
/// above it.
const NO_CUT: u32 = u32::MAX - 1;

/// The index of one zone.
pub struct ZoneIndex<'z> {
    /// The zone.
    pub zone: &'z Zone,
    /// The apex name id, when the apex owns a record.
    pub apex: Option<NameId>,
    /// Where the records of each name are: see [`Spans`].
    spans: Spans,
    /// Record indexes of the names whose records are not together.
    scattered: Vec<u32>,
    /// Delegation points (in-zone names below the apex with NS), in the
    /// order of their first NS record: `None` when that is the order of
    /// their ids (as nearly always: names are numbered as first met), and
    /// then they are the names of `is_delegation`, with no list held.
    delegation_list: Option<Vec<NameId>>,
    delegation_count: usize,
    is_delegation: NameSet,
    /// For each name: the delegation strictly above it, [`NO_CUT`] or
    /// [`OUTSIDE`].
    cuts: Vec<u32>,
    /// The records of the zone with domain names in their RDATA other than
    /// NS (see [`has_rdata_names`]; indexes into its records), in file
    /// order.
    pub name_records: Vec<u32>,
    /// Whether any DNAME is in the zone (else alias checks skip the walk).
    pub has_dname: bool,
    /// The empty non-terminals of the zone (names inside it that own no
    /// record but have a descendant that does), lower-cased: names that
    /// exist (RFC 4592 §2.2.2) although they are not interned.
    empty_non_terminals: rustc_hash::FxHashSet<Box<[u8]>>,
}

impl<'z> ZoneIndex<'z> {
    /// Builds the index.
    pub fn new(zone: &'z Zone) -> Self {
        let name_count = zone.names.len();
        let apex = zone.origin.as_deref().and_then(|o| zone.names.lookup(o));
        // The walk over the names and the one over the records are
        // independent: on a large zone they run side by side.
        let ((parents, empty_non_terminals), by_owner) = if name_count >= PARALLEL_NAMES {
            rayon::join(|| nearest_ancestors(zone, apex), || owner_order(zone, apex))
        } else {
            (nearest_ancestors(zone, apex), owner_order(zone, apex))
        };
        // Every in-zone owner of NS below the apex, before the ones below
        // another of them (occluded, not delegations) are taken out.
        let OwnerOrder {
            spans,
            scattered,
            ns_owners: mut has_ns,
            mut ns_owner_list,
            name_records,
            has_dname,
        } = by_owner;
        let names_outside: Vec<NameId> = has_ns
            .iter()
            .filter(|&id| parents[id as usize] == OUTSIDE)
            .collect();
        for &id in &names_outside {
            has_ns.remove(id);
        }
        let cuts = topmost_cuts(parents, &has_ns, apex);
        // A delegation below another is occluded data, not a delegation:
        // the cut of every name is the topmost NS owner above it.
        let mut is_delegation = has_ns;
        let occluded: Vec<NameId> = is_delegation
            .iter()
            .filter(|&id| cuts[id as usize] != NO_CUT)
            .collect();
        for &id in &occluded {
            is_delegation.remove(id);
        }
        if let Some(list) = &mut ns_owner_list {
            list.retain(|&id| is_delegation.contains(id));
        }
        let delegation_count = is_delegation.iter().count();
        ZoneIndex {
            zone,
            apex,
            spans,
            scattered,
            delegation_list: ns_owner_list,
            delegation_count,
            is_delegation,
            cuts,
            name_records,
            has_dname,
            empty_non_terminals,
        }
    }

    /// Whether `wire`, a name inside the zone, exists (RFC 4592 §2.2.2):
    /// it owns records, is the apex, or is an empty non-terminal.
    pub fn exists(&self, wire: &[u8]) -> bool {
        if self.zone.names.lookup(wire).is_some() {
            return true;
        }
        if self
            .zone
            .origin
            .as_deref()
            .is_some_and(|origin| name::eq_ignore_case(origin, wire))
        {
            return true;
        }
        self.is_empty_non_terminal(wire)
    }

    /// Whether `wire` is an empty non-terminal of the zone.
    pub fn is_empty_non_terminal(&self, wire: &[u8]) -> bool {
        if self.empty_non_terminals.is_empty() {
            return false;
        }
        let mut lower = wire.to_vec();
        name::to_lowercase(&mut lower);
        self.empty_non_terminals.contains(lower.as_slice())
    }

    /// Whether name `id` is inside the zone (at or below the origin).
    pub fn name_in_zone(&self, id: NameId) -> bool {
        self.cuts[id as usize] != OUTSIDE
    }

    /// The delegation strictly above name `id`, if any.
    pub fn cut_of(&self, id: NameId) -> Option<NameId> {
        let cut = self.cuts[id as usize];
        (cut < NO_CUT).then_some(cut)
    }

    /// The delegation name `id` is at or below, if any.
    pub fn cut_at_or_above_id(&self, id: NameId) -> Option<NameId> {
        if self.is_delegation(id) {
            Some(id)
        } else {
            self.cut_of(id)
        }
    }

    /// The id of `wire`, a name at or below the delegation `cut`, when it
    /// owns records. Names below a delegation mostly first appear right
    /// after it (glue after the NS records), in the order its NS records
    /// name them: `guess` (the id after the last one found) is tried
    /// first, then the ids after the cut's, then the hash table. Names
    /// are interned once, so the id found is the same whichever way.
    pub fn find_at_or_below(&self, cut: NameId, wire: &[u8], guess: NameId) -> Option<NameId> {
        let at = guess as usize;
        if self.cuts.get(at) == Some(&cut) && name::eq_ignore_case(self.zone.names.get(guess), wire)
        {
            return Some(guess);
        }
        self.find_after_cut(cut, wire)
    }

    /// [`ZoneIndex::find_at_or_below`] when the guess was wrong: the cut
    /// itself, the ids after it, then the hash table (out of line: rare).
    #[inline(never)]
    fn find_after_cut(&self, cut: NameId, wire: &[u8]) -> Option<NameId> {
        let names = &self.zone.names;
        if name::eq_ignore_case(names.get(cut), wire) {
            return Some(cut);
        }
        let after = (cut as usize + 1..self.cuts.len())
            .take(NEARBY_NAMES)
            .take_while(|&id| self.cuts[id] == cut)
            .find(|&id| name::eq_ignore_case(names.get(id as NameId), wire));
        match after {
            Some(id) => Some(id as NameId),
            None => names.lookup(wire),
        }
    }

    /// The records owned by `id`, in file order.
    pub fn records_at(&self, id: NameId) -> impl Iterator<Item = &'z Record> + '_ {
        let Span { start, length } = self.spans.get(id as usize);
        let start = start as usize;
        let (direct, indirect): (&'z [Record], &[u32]) = if length & SCATTERED == 0 {
            (&self.zone.records[start..start + length as usize], &[])
        } else {
            let length = (length & !SCATTERED) as usize;
            (&[], &self.scattered[start..start + length])
        };
        direct
            .iter()
            .chain(indirect.iter().map(|&i| &self.zone.records[i as usize]))
    }

    /// The first SOA record at the apex, if any.
    pub fn apex_soa(&self) -> Option<&'z Record> {
        self.apex
            .and_then(|apex| self.rrset(apex, types::SOA).next())
    }

    /// The records of one type owned by `id`.
    pub fn rrset(&self, id: NameId, record_type: u16) -> impl Iterator<Item = &'z Record> + '_ {
        self.records_at(id)
            .filter(move |r| r.record_type == record_type)
    }

    /// Whether `id` owns a record of `record_type`.
    pub fn has_type(&self, id: NameId, record_type: u16) -> bool {
        self.records_at(id).any(|r| r.record_type == record_type)
    }

    /// Whether `id` is a delegation point.
    pub fn is_delegation(&self, id: NameId) -> bool {
        self.is_delegation.contains(id)
    }

    /// The delegation points (in-zone names below the apex with NS), in
    /// the order of their first NS record.
    pub fn delegations(&self) -> impl Iterator<Item = NameId> + '_ {
        let (listed, by_id) = match &self.delegation_list {
            Some(list) => (Some(list.iter().copied()), None),
            None => (None, Some(self.is_delegation.iter())),
        };
        listed
            .into_iter()
            .flatten()
            .chain(by_id.into_iter().flatten())
    }

    /// The delegation points as a list, when they are not simply in the
    /// order of their ids (see [`ZoneIndex::delegations_in_id_order`]).
    pub fn delegation_list(&self) -> Option<&[NameId]> {
        self.delegation_list.as_deref()
    }

    /// Whether the delegation points, in the order of their first NS
    /// record, are in the order of their ids: then
    /// [`ZoneIndex::is_delegation`] over a range of ids gives them a range
    /// at a time.
    pub fn delegations_in_id_order(&self) -> bool {
        self.delegation_list.is_none()
    }

    /// How many delegation points there are.
    pub fn delegation_count(&self) -> usize {
        self.delegation_count
    }

    /// The nearest delegation point strictly above `name`, if any, below
    /// the apex.
    pub fn cut_above(&self, wire: &[u8]) -> Option<NameId> {
        if self.delegation_count == 0 {
            return None;
        }
        // The cut above the nearest ancestor that owns records is the
        // cut above the name.
        let origin_length = self.zone.origin.as_ref().map_or(1, Vec::len);
        let mut current = name::parent(wire)?;
        while current.len() > origin_length {
            if let Some(id) = self.zone.names.lookup(current) {
                return self.cut_at_or_above_id(id);
            }
            current = name::parent(current)?;
        }
        None
    }

    /// The delegation `wire` is at or below, if any.
    pub fn cut_at_or_above(&self, wire: &[u8]) -> Option<NameId> {
        match self.zone.names.lookup(wire) {
            Some(id) => self.cut_at_or_above_id(id),
            None => self.cut_above(wire),
        }
    }

    /// Whether `wire` is inside the zone (at or below the origin).
    pub fn in_zone(&self, wire: &[u8]) -> bool {
        self.zone
            .origin
            .as_deref()
            .is_some_and(|origin| name::is_subdomain(wire, origin))
    }

    /// The A and AAAA records of name `id`, if it is one.
    pub fn addresses_of(&self, id: Option<NameId>) -> Vec<&'z Record> {
        match id {
            Some(id) => self
                .records_at(id)
                .filter(|r| r.record_type == types::A || r.record_type == types::AAAA)
                .collect(),
            None => Vec::new(),
        }
    }
}

/// Whether records of `record_type` other than NS hold domain names in
/// their RDATA: CNAME, SOA, MB, MG, MR, PTR, MINFO, MX, RP, AFSDB, RT, SRV,
/// NAPTR, KX and DNAME.
pub fn has_rdata_names(record_type: u16) -> bool {
    matches!(
        record_type,
        5..=9 | 12 | 14 | 15 | 17 | 18 | 21 | 33 | 35 | 36 | types::DNAME
    )
}

/// Names from which [`ZoneIndex::new`] walks names and records side by
/// side.
const PARALLEL_NAMES: usize = 100_000;

/// How many ids after a delegation's [`ZoneIndex::find_at_or_below`] tries.
const NEARBY_NAMES: usize = 16;

/// The records of one name: `length` records from index `start` of the
/// zone's records, or, with the [`SCATTERED`] bit set in `length`, the
/// record indexes at `start` in [`ZoneIndex::scattered`].
#[derive(Clone, Copy, Default)]
struct Span {
    start: u32,
    length: u32,
}

/// The bit of [`Span::length`] of a name whose records are not together.
const SCATTERED: u32 = 1 << 31;

/// The [`Span`] of every name, 5 bytes a name: most names own a few
/// records in a row, kept as a start and a one-octet length; the others
/// ([`LONG`]) have their span in a side list.
#[derive(Default)]
struct Spans {
    starts: Vec<u32>,
    /// The length of the run at `starts`, or [`LONG`]: then `starts` is
    /// the index of the span in `long`.
    lengths: Vec<u8>,
    long: Vec<Span>,
}

/// [`Spans::lengths`] of a name whose span is in [`Spans::long`].
const LONG: u8 = u8::MAX;

impl Spans {
    fn new(names: usize) -> Self {
        Spans {
            starts: vec![0; names],
            lengths: vec![0; names],
            long: Vec::new(),
        }
    }

    fn get(&self, id: usize) -> Span {
        match self.lengths[id] {
            LONG => self.long[self.starts[id] as usize],
            length => Span {
                start: self.starts[id],
                length: u32::from(length),
            },
        }
    }

    fn set(&mut self, id: usize, span: Span) {
        if self.lengths[id] == LONG {
            self.long[self.starts[id] as usize] = span;
        } else if let Some(length) = u8::try_from(span.length).ok().filter(|&l| l != LONG) {
            self.starts[id] = span.start;
            self.lengths[id] = length;
        } else {
            self.starts[id] = self.long.len() as u32;
            self.lengths[id] = LONG;
            self.long.push(span);
        }
    }
}

/// What [`owner_order`] finds in its pass over the records.
struct OwnerOrder {
    spans: Spans,
    scattered: Vec<u32>,
    /// The owners of NS other than the apex.
    ns_owners: NameSet,
    /// Those in the order of their first NS record, when that is not the
    /// order of their ids.
    ns_owner_list: Option<Vec<NameId>>,
    name_records: Vec<u32>,
    has_dname: bool,
}

/// The records of each owner, the owners of NS other than the apex in
/// the order of their first NS record, the MX records, and whether any
/// DNAME is in the zone.
///
/// Zone files mostly keep an owner's records together, so a span of the
/// records says where they are; the few owners that come back later
/// (the apex after its subdomains, say) get a list of record indexes.
fn owner_order(zone: &Zone, apex: Option<NameId>) -> OwnerOrder {
    let name_count = zone.names.len();
    let mut spans = Spans::new(name_count);
    let mut has_ns = NameSet::new(name_count);
    let mut ns_owner_list: Option<Vec<NameId>> = None;
    let mut last_ns_owner = None;
    let mut name_records = Vec::new();
    let mut has_dname = false;
    // Records of owners met again after other owners', by owner.
    let mut later: Vec<(NameId, u32)> = Vec::new();
    // The span of the owner of the records just read, written back when
    // another owner comes: records of one owner mostly come in a row.
    let mut pending: Option<(usize, Span)> = None;
    for (index, record) in zone.records.iter().enumerate() {
        let owner = record.owner as usize;
        let index = index as u32;
        let mut span = match pending {
            Some((last, span)) if last == owner => span,
            _ => {
                if let Some((last, span)) = pending {
                    spans.set(last, span);
                }
                spans.get(owner)
            }
        };
        if span.length == 0 {
            span = Span {
                start: index,
                length: 1,
            };
        } else if span.length & SCATTERED == 0 && span.start + span.length == index {
            debug_assert!(span.length + 1 < SCATTERED, "2^31 records at one owner");
            span.length += 1;
        } else {
            span.length |= SCATTERED;
            later.push((record.owner, index));
        }
        pending = Some((owner, span));
        match record.record_type {
            types::NS if !has_ns.contains(record.owner) && Some(record.owner) != apex => {
                match &mut ns_owner_list {
                    Some(list) => list.push(record.owner),
                    None if last_ns_owner.is_none_or(|last| last < record.owner) => {
                        last_ns_owner = Some(record.owner);
                    }
                    None => {
                        // The first out of id order: the list so far is
                        // the set in id order.
                        let mut list: Vec<NameId> = has_ns.iter().collect();
                        list.push(record.owner);
                        ns_owner_list = Some(list);
                    }
                }
                has_ns.insert(record.owner);
            }
            types::DNAME => {
                has_dname = true;
                name_records.push(index);
            }
            record_type if has_rdata_names(record_type) => name_records.push(index),
            _ => {}
        }
    }
    if let Some((last, span)) = pending {
        spans.set(last, span);
    }
    // The first run of each scattered owner, then its later records, in
    // file order.
    later.sort_unstable();
    let mut scattered = Vec::with_capacity(later.len());
    for group in later.chunk_by(|a, b| a.0 == b.0) {
        let owner = group[0].0 as usize;
        let span = spans.get(owner);
        let first_run = span.start..span.start + (span.length & !SCATTERED);
        let start = scattered.len() as u32;
        scattered.extend(first_run);
        scattered.extend(group.iter().map(|&(_, index)| index));
        spans.set(
            owner,
            Span {
                start,
                length: (scattered.len() as u32 - start) | SCATTERED,
            },
        );
    }
    OwnerOrder {
        spans,
        scattered,
        ns_owners: has_ns,
        ns_owner_list,
        name_records,
        has_dname,
    }
}

/// The nearest interned ancestor (strictly above, at most the apex) of
/// every name inside the zone: [`NO_CUT`] when there is none, [`OUTSIDE`]
/// for a name outside the zone.
///
/// Names come in file order, where a name mostly follows its parent or a
/// sibling (glue after its delegation); the chain of ancestors of the
/// names just seen usually holds the answer, and the hash table is asked
/// only when it does not.
///
/// The ancestors that walk passes over without finding them interned are
/// the zone's empty non-terminals (a name on the chain or found by the
/// fast path is interned): they come back too, lower-cased.
fn nearest_ancestors(zone: &Zone, apex: Option<NameId>) -> (Vec<u32>, EmptyNonTerminals) {
    let names = &zone.names;
    let mut parents = vec![OUTSIDE; names.len()];
    let mut empty = EmptyNonTerminals::default();
    let Some(origin) = zone.origin.as_deref() else {
        return (parents, empty);
    };
    // Each entry is an in-zone name and an ancestor of the one after it.
    let mut chain: Vec<NameId> = Vec::new();
    let on_chain = |chain: &[NameId], wire: &[u8]| {
        chain.iter().rposition(|&c| {
            let candidate = names.get(c);
            candidate.len() == wire.len() && name::eq_ignore_case(candidate, wire)
        })
    };
    for id in 0..names.len() as NameId {
        let wire = names.get(id);
        // Fast paths: the parent is on the chain (it is then in the zone,
        // and so is the name), or it is the origin with the apex first on
        // the chain.
        let fast = match name::parent(wire) {
            Some(parent) if parent.len() > origin.len() => on_chain(&chain, parent),
            Some(parent)
                if parent.len() == origin.len()
                    && apex.is_some()
                    && chain.first() == apex.as_ref()
                    && name::eq_ignore_case(parent, origin) =>
            {
                Some(0)
            }
            _ => None,
        };
        if let Some(at) = fast {
            parents[id as usize] = chain[at];
            chain.truncate(at + 1);
            chain.push(id);
            continue;
        }
        if !name::is_subdomain(wire, origin) {
            continue;
        }
        let mut found = None;
        let mut current = name::parent(wire);
        while let Some(ancestor) = current {
            if ancestor.len() < origin.len() {
                break;
            }
            if ancestor.len() == origin.len() {
                // The origin itself.
                if let Some(apex) = apex {
                    let at = chain.iter().position(|&c| c == apex);
                    found = Some((apex, at));
                }
                break;
            }
            if let Some(at) = on_chain(&chain, ancestor) {
                found = Some((chain[at], Some(at)));
                break;
            }
            if let Some(ancestor_id) = names.lookup(ancestor) {
                found = Some((ancestor_id, None));
                break;
            }
            if !empty.contains(ancestor) {
                let mut lower: Box<[u8]> = ancestor.into();
                name::to_lowercase(&mut lower);
                empty.insert(lower);
            }
            current = name::parent(ancestor);
        }
        match found {
            Some((ancestor, Some(at))) => {
                parents[id as usize] = ancestor;
                chain.truncate(at + 1);
            }
            Some((ancestor, None)) => {
                parents[id as usize] = ancestor;
                let ancestor_wire = names.get(ancestor);
                let keep = chain
                    .iter()
                    .rposition(|&c| name::is_subdomain(ancestor_wire, names.get(c)))
                    .map_or(0, |at| at + 1);
                chain.truncate(keep);
                chain.push(ancestor);
            }
            None => {
                parents[id as usize] = NO_CUT;
                chain.clear();
            }
        }
        chain.push(id);
    }
    (parents, empty)
}

/// The empty non-terminals [`nearest_ancestors`] finds.
type EmptyNonTerminals = rustc_hash::FxHashSet<Box<[u8]>>;

/// A set of name ids, one bit each.
pub(crate) struct NameSet {
    words: Vec<u64>,
}

impl NameSet {
    pub(crate) fn new(names: usize) -> Self {
        NameSet {
            words: vec![0; names.div_ceil(64)],
        }
    }

    pub(crate) fn insert(&mut self, id: NameId) {
        self.words[id as usize / 64] |= 1 << (id % 64);
    }

    /// The names in the set, in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = NameId> + '_ {
        self.words.iter().enumerate().flat_map(|(at, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros();
                    rest &= rest - 1;
                    (at * 64) as NameId + bit
                })
            })
        })
    }

    pub(crate) fn remove(&mut self, id: NameId) {
        self.words[id as usize / 64] &= !(1 << (id % 64));
    }

    pub(crate) fn contains(&self, id: NameId) -> bool {
        self.words[id as usize / 64] & (1 << (id % 64)) != 0
    }

    /// Adds the names of `other`, a set over as many names.
    pub(crate) fn union(&mut self, other: &NameSet) {
        for (word, other) in self.words.iter_mut().zip(&other.words) {
            *word |= other;
        }
    }
}

/// The topmost owner of NS (below the apex) strictly above every name,
/// from the nearest interned ancestors, written over them: in id order,
/// each name's link turns into its cut, so no second array of a word per
/// name is held. A name's parent mostly comes before it (names are
/// numbered as met, glue after its delegation): its cut is then known and
/// one step decides; otherwise the links are walked up to a name already
/// done or the top (a few steps: a name has at most 127 labels).
fn topmost_cuts(mut links: Vec<u32>, has_ns: &NameSet, apex: Option<NameId>) -> Vec<u32> {
    for id in 0..links.len() {
        links[id] = cut_above(&links, id, has_ns, apex);
    }
    links
}

/// The topmost owner of NS strictly above name `id` ([`NO_CUT`] when
/// none, [`OUTSIDE`] for a name outside the zone), where the entries of
/// `links` before `id` are their names' cuts and the others their
/// nearest interned ancestors.
fn cut_above(links: &[u32], id: usize, has_ns: &NameSet, apex: Option<NameId>) -> u32 {
    // Higher owners of NS replace lower ones: the last one met on the
    // way up is the topmost.
    let mut cut = NO_CUT;
    let mut current = id;
    loop {
        let parent = links[current];
        if parent == OUTSIDE {
            // Only a name outside the zone has no ancestor in it.
            return if current == id { OUTSIDE } else { cut };
        }
        if parent == NO_CUT || Some(parent) == apex {
            return cut;
        }
        if (parent as usize) < id {
            // Done: its entry is the topmost cut above it.
            return match links[parent as usize] {
                NO_CUT | OUTSIDE if has_ns.contains(parent) => parent,
                NO_CUT | OUTSIDE => cut,
                above => above,
            };
        }
        if has_ns.contains(parent) {
            cut = parent;
        }
        current = parent as usize;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(text: &str) -> Zone {
        crate::zone::test_zone(text, "example.com.")
    }

    /// The delegation above `wire`, the slow way: the topmost NS owner
    /// among its ancestors between it and the apex.
    fn topmost_ns_above(zone: &Zone, wire: &[u8]) -> Option<NameId> {
        let origin = zone.origin.as_deref().unwrap();
        if !name::is_subdomain(wire, origin) {
            return None;
        }
        let mut found = None;
        let mut current = name::parent(wire);
        while let Some(ancestor) = current.filter(|a| a.len() > origin.len()) {
            if let Some(id) = zone.names.lookup(ancestor) {
                if zone
                    .records
                    .iter()
                    .any(|r| r.owner == id && r.record_type == types::NS)
                {
                    found = Some(id);
                }
            }
            current = name::parent(ancestor);
        }
        found
    }

    #[test]
    fn every_name_gets_the_topmost_delegation_above_it() {
        // Glue before its delegation, names in no order, an empty
        // non-terminal (b.x), a delegation below a delegation (occluded),
        // a mixed-case repeat, a name outside the zone and the apex last.
        let zone = zone(
            "ns1.a 3600 A 192.0.2.1\n\
             deep.sub.a 3600 NS ns.deep.sub.a.example.com.\n\
             x 3600 TXT x\n\
             c.b.x 3600 NS ns1.c.b.x\n\
             ns1.c.b.x 3600 A 192.0.2.2\n\
             a 3600 NS ns1.a\n\
             ns.deep.sub.a 3600 A 192.0.2.3\n\
             NS1.A 3600 AAAA 2001:db8::1\n\
             out.example.net. 3600 A 192.0.2.4\n\
             w.v.u.c.b.x 3600 TXT below\n\
             @ 3600 SOA ns1.a hostmaster 1 7200 3600 1209600 3600\n\
             @ 3600 NS ns1.a\n",
        );
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let index = ZoneIndex::new(&zone);
        let origin = zone.origin.as_deref().unwrap();
        for id in 0..zone.names.len() as NameId {
            let wire = zone.names.get(id);
            assert_eq!(
                index.cut_of(id),
                topmost_ns_above(&zone, wire),
                "{}",
                name::to_string(wire)
            );
            assert_eq!(index.cut_above(wire), index.cut_of(id));
            assert_eq!(index.name_in_zone(id), name::is_subdomain(wire, origin));
        }
        let a = zone.names.lookup(b"\x01a\x07example\x03com\x00").unwrap();
        let deep = zone
            .names
            .lookup(b"\x04deep\x03sub\x01a\x07example\x03com\x00")
            .unwrap();
        assert!(index.is_delegation(a));
        assert!(!index.is_delegation(deep), "occluded by a");
        assert_eq!(index.delegation_count(), 2);
        assert_eq!(index.delegations().count(), 2);
        // A name that owns nothing gets the cut of its nearest owner.
        assert_eq!(
            index.cut_above(b"\x01q\x03ns1\x01a\x07example\x03com\x00"),
            Some(a)
        );
    }

    #[test]
    fn names_below_a_delegation_are_found_wherever_they_appear() {
        let zone = zone(
            "a 3600 NS ns1.a\n\
             ns1.a 3600 A 192.0.2.1\n\
             b 3600 NS ns1.b\n\
             ns2.a 3600 A 192.0.2.2\n",
        );
        let index = ZoneIndex::new(&zone);
        let a = zone.names.lookup(b"\x01a\x07example\x03com\x00").unwrap();
        for host in [&b"\x03ns1\x01a"[..], b"\x03NS2\x01a", b"\x01a"] {
            let mut wire = host.to_vec();
            wire.extend_from_slice(b"\x07example\x03com\x00");
            assert_eq!(
                index.find_at_or_below(a, &wire, a + 1),
                zone.names.lookup(&wire)
            );
            assert!(index.find_at_or_below(a, &wire, a + 1).is_some());
        }
        assert_eq!(
            index.find_at_or_below(a, b"\x03ns3\x01a\x07example\x03com\x00", a + 1),
            None
        );
    }

    #[test]
    fn a_wrong_guess_still_finds_the_name_below_a_delegation() {
        // The NS records name the hosts in another order than their glue.
        let zone = zone(
            "a 3600 NS ns2.a\n\
             a 3600 NS ns1.a\n\
             a 3600 NS ns3.a\n\
             ns1.a 3600 A 192.0.2.1\n\
             ns2.a 3600 A 192.0.2.2\n\
             b 3600 NS ns1.a\n",
        );
        let index = ZoneIndex::new(&zone);
        let a = zone.names.lookup(b"\x01a\x07example\x03com\x00").unwrap();
        let b = zone.names.lookup(b"\x01b\x07example\x03com\x00").unwrap();
        let host = |label: &[u8]| [label, b"\x01a\x07example\x03com\x00"].concat();
        let (ns1, ns2) = (host(b"\x03ns1"), host(b"\x03ns2"));
        let ids = [ns1.clone(), ns2.clone()].map(|wire| zone.names.lookup(&wire).unwrap());
        // Every guess: the names right after the delegation, the
        // delegation itself, a name of another delegation, past the end.
        for guess in [a, a + 1, a + 2, a + 3, b, NameId::MAX - 1] {
            assert_eq!(index.find_at_or_below(a, &ns1, guess), Some(ids[0]));
            assert_eq!(index.find_at_or_below(a, &ns2, guess), Some(ids[1]));
            assert_eq!(index.find_at_or_below(a, &host(b"\x03ns3"), guess), None);
        }
    }

    #[test]
    fn delegations_come_in_the_order_of_their_first_ns_record() {
        // In id order (the usual case, held without a list), and not: b
        // is met first (by its DS) but delegated after a; an occluded NS
        // owner and one outside the zone are no delegations either way.
        let head = "@ 3600 SOA ns1.a hostmaster 1 7200 3600 1209600 3600\n@ 3600 NS ns1.a\n";
        let cases = [
            (
                "a 3600 NS ns1.a\nb 3600 NS ns1.a\nx.a 3600 NS ns1.a\n",
                ["a", "b"],
                true,
            ),
            (
                "b 3600 DS 1 8 2 00\na 3600 NS ns1.a\nout.example.net. 3600 NS ns1.a\n\
                 x.a 3600 NS ns1.a\nb 3600 NS ns1.a\n",
                ["a", "b"],
                false,
            ),
        ];
        for (body, expected, in_id_order) in cases {
            let zone = zone(&format!("{head}{body}"));
            let index = ZoneIndex::new(&zone);
            let found: Vec<String> = index
                .delegations()
                .map(|id| name::to_string(zone.names.get(id)))
                .collect();
            let expected: Vec<String> = expected
                .iter()
                .map(|n| format!("{n}.example.com."))
                .collect();
            assert_eq!(found, expected, "{body}");
            assert_eq!(index.delegation_count(), 2);
            assert_eq!(index.delegations_in_id_order(), in_id_order, "{body}");
        }
    }

    /// The index of `zone`, once every name's records were found in it as a
    /// scan of all the records finds them.
    fn index_finding_every_record(zone: &Zone) -> ZoneIndex<'_> {
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let index = ZoneIndex::new(zone);
        for id in 0..zone.names.len() as NameId {
            let slow: Vec<&Record> = zone.records.iter().filter(|r| r.owner == id).collect();
            let fast: Vec<&Record> = index.records_at(id).collect();
            assert_eq!(fast, slow, "{}", name::to_string(zone.names.get(id)));
        }
        index
    }

    #[test]
    fn names_with_hundreds_of_records_in_a_row_or_apart_keep_them_all() {
        // Runs of 254, 255 and 300 records (the one-octet length and past
        // it), and a long run that comes back after another name's.
        let mut text = String::from("@ 3600 SOA ns1.a hostmaster 1 7200 3600 1209600 3600\n");
        for (owner, count) in [("a", 254), ("b", 255), ("c", 300), ("d", 1), ("c", 2)] {
            for i in 0..count {
                text.push_str(&format!("{owner} 3600 TXT \"{i}\"\n"));
            }
        }
        let zone = zone(&text);
        index_finding_every_record(&zone);
    }

    #[test]
    fn the_records_of_a_name_are_found_together_or_scattered() {
        // The apex at the top and again at the end, a name whose records
        // are split by another's, one record alone, names together.
        let zone = zone(
            "@ 3600 SOA ns1.a hostmaster 1 7200 3600 1209600 3600\n\
             @ 3600 NS ns1.a\n\
             a 3600 NS ns1.a\n\
             a 3600 DS 1 8 2 0000000000000000000000000000000000000000000000000000000000000000\n\
             ns1.a 3600 A 192.0.2.1\n\
             www 3600 A 192.0.2.2\n\
             mail 3600 A 192.0.2.3\n\
             www 3600 AAAA 2001:db8::1\n\
             WWW 3600 TXT again\n\
             mail 3600 MX 10 mail\n\
             @ 3600 MX 10 mail\n\
             @ 3600 TXT last\n",
        );
        let index = index_finding_every_record(&zone);
        let apex = index.apex.unwrap();
        assert_eq!(index.records_at(apex).count(), 4);
        // The SOA and the two MX records.
        assert_eq!(index.name_records.len(), 3);
    }
}
