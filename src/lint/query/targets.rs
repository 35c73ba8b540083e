//! The NS targets of an NS set, classified (in-domain, sibling, the
//! zone's own data, outside), with one cheap scan of each name for the
//! checks that follow.

use super::hosts::{LEGACY_TLDS, looks_like_missing_dot};
use super::index::{ZoneIndex, types};
use super::lookup::{Answer, Query};
use super::records::record_position;
use super::show::Show;
use crate::lint::Checker;
use crate::name;
use crate::names::NameId;
use crate::rdata;
use crate::zone::Record;

/// Where an NS target lies, seen from the NS set that names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// At or below the delegated name (or, for the apex, in the zone's
    /// own data): its addresses must be in this zone.
    InDomain,
    /// Below another delegation of this zone.
    Sibling(NameId),
    /// In the zone's own data, for a delegation's NS set.
    ZoneData,
    /// Outside the zone.
    OutOfZone,
}

/// One target of an NS set.
pub struct Target<'z> {
    /// The target name (wire form).
    pub name: &'z [u8],
    /// Its id when it owns records in the zone.
    pub id: Option<NameId>,
    /// The NS record naming it.
    pub record: &'z Record,
    /// Where it lies.
    pub kind: TargetKind,
    /// Its A and AAAA records in this zone: its glue when it lies at or
    /// below a delegation, else the answer of the zone's lookup (a
    /// wildcard's records when a wildcard answers for it).
    pub addresses: Vec<&'z Record>,
    /// The alias the zone answers for the target, when it lies in the
    /// zone's own data (a CNAME at it, a DNAME above it): below a zone cut
    /// there is only glue, never an alias.
    pub alias: Option<&'z Record>,
    /// Whether every record the target owns is an A or AAAA (false when
    /// it owns none, or when it is outside the zone).
    pub only_addresses: bool,
    /// What a scan of the name found.
    pub shape: NameShape,
}

/// The NS set at `owner`, its targets classified.
pub fn ns_targets<'z>(index: &ZoneIndex<'z>, owner: NameId) -> Vec<Target<'z>> {
    let mut targets = Vec::new();
    let (count, _) = ns_targets_into(index, owner, &mut targets, None);
    targets.truncate(count);
    targets
}

/// What a target name in the zone but not below the NS set's owner is,
/// whatever NS set names it: found once per name by a worker that reads
/// many NS sets (the name servers of a registry's resellers serve
/// thousands of delegations).
#[derive(Clone, Copy)]
struct KnownTarget {
    shape: NameShape,
    /// The id of the name, when it owns records.
    id: Option<NameId>,
    /// The delegation the name is at or below.
    cut: Option<NameId>,
}

/// Words of a [`TargetCache`] slot's key: the name's octets, zero-padded,
/// and its length in the last octet; longer names are not cached.
const KEY_WORDS: usize = 6;

/// One slot of a [`TargetCache`], one cache line: the name's octets are
/// kept in the slot, so that a lookup reads no memory but the slot's (the
/// first NS record that named a host may lie anywhere in the zone). An
/// empty slot's key is all zero, which no name's is.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct CachedTarget {
    key: [u64; KEY_WORDS],
    /// [`KnownTarget::id`], [`NO_ID`] for none.
    id: NameId,
    /// [`KnownTarget::cut`], [`NO_ID`] for none.
    cut: NameId,
    shape: NameShape,
}

/// [`CachedTarget`]'s `None`.
const NO_ID: NameId = NameId::MAX;

/// A direct-mapped cache of [`KnownTarget`]s, by the bytes of the name. It
/// starts small and grows (emptied) with the lookups, so that the many NS
/// sets of a large zone get a large one and a small zone costs little.
#[derive(Default)]
pub struct TargetCache {
    slots: Vec<CachedTarget>,
    lookups: usize,
}

/// Slots of a [`TargetCache`] at first and at most (powers of two).
const TARGET_CACHE_SLOTS: (usize, usize) = (256, 32768);

impl TargetCache {
    fn get_or_insert(&mut self, name: &[u8], find: impl FnOnce() -> KnownTarget) -> KnownTarget {
        use std::hash::Hasher as _;
        let mut bytes = [0; 8 * KEY_WORDS];
        if name.len() >= bytes.len() {
            return find();
        }
        bytes[..name.len()].copy_from_slice(name);
        bytes[bytes.len() - 1] = name.len() as u8;
        let mut key = [0; KEY_WORDS];
        let mut hasher = rustc_hash::FxHasher::default();
        for (word, chunk) in key.iter_mut().zip(bytes.chunks_exact(8)) {
            *word = u64::from_ne_bytes(chunk.try_into().expect("eight bytes"));
            hasher.write_u64(*word);
        }
        self.lookups += 1;
        let (first, most) = TARGET_CACHE_SLOTS;
        if self.slots.is_empty()
            || (self.lookups > 16 * self.slots.len() && self.slots.len() < most)
        {
            self.slots = vec![CachedTarget::default(); (self.slots.len() * 4).clamp(first, most)];
            self.lookups = 0;
        }
        let bits = self.slots.len().trailing_zeros();
        let slot = &mut self.slots[(hasher.finish() >> (64 - bits)) as usize];
        if slot.key == key {
            let id = |id| (id != NO_ID).then_some(id);
            return KnownTarget {
                shape: slot.shape,
                id: id(slot.id),
                cut: id(slot.cut),
            };
        }
        let known = find();
        *slot = CachedTarget {
            key,
            id: known.id.unwrap_or(NO_ID),
            cut: known.cut.unwrap_or(NO_ID),
            shape: known.shape,
        };
        known
    }
}

/// [`ns_targets`] into the first places of a buffer the caller reuses:
/// the targets there are overwritten and their address lists used again
/// (the places after the last target are left as they were). A `cache`
/// keeps what names in the zone that are not in-domain are, from one call
/// to the next. Returns how many targets there are, and whether `owner`
/// has only NS, DS, NSEC and RRSIG records (all that a delegation point
/// may have).
pub fn ns_targets_into<'z>(
    index: &ZoneIndex<'z>,
    owner: NameId,
    targets: &mut Vec<Target<'z>>,
    mut cache: Option<&mut TargetCache>,
) -> (usize, bool) {
    let zone = index.zone;
    let owner_wire = zone.names.get(owner);
    let origin = zone.origin.as_deref().unwrap_or(name::ROOT);
    let is_apex = Some(owner) == index.apex;
    let has_origin = zone.origin.is_some();
    let mut count = 0;
    let mut delegation_types_only = true;
    let is_delegation = index.is_delegation(owner);
    let owner_in_zone = index.name_in_zone(owner);
    // Where the next in-domain name is likely to be.
    let mut guess = owner + 1;
    for record in index.records_at(owner) {
        if record.record_type != types::NS {
            delegation_types_only &=
                matches!(record.record_type, types::DS | types::NSEC | types::RRSIG);
            continue;
        }
        let data = zone.rdata(record);
        // A plain name is well-formed: it is the whole RDATA.
        let plain = PlainName::of(data);
        let target = match plain {
            Some(_) => data,
            None => match rdata::target_name(types::NS, data) {
                Some(target) => target,
                None => continue,
            },
        };
        if targets[..count].iter().any(|t| {
            t.name.len() == target.len()
                && may_be_same(t.name, target)
                && name::eq_ignore_case(t.name, target)
        }) {
            continue;
        }
        // The id of an in-domain name: any delegation between the target
        // and this one would be occluded by this one, so it is among the
        // few names below the delegation.
        let mut in_domain_id = || {
            if is_delegation {
                let id = index.find_at_or_below(owner, target, guess);
                if let Some(id) = id {
                    guess = id + 1;
                }
                id
            } else {
                zone.names.lookup(target)
            }
        };
        // Plain names (nearly all) answer by bit tests, others by a scan.
        let labels = match plain {
            Some(plain) => Labels::Plain(plain),
            None => Labels::Scanned(LabelScan::of(target), target),
        };
        // Below an owner in the zone is in the zone: the test against the
        // origin is spared for in-domain names.
        let below_owner = !is_apex && labels.is_subdomain(owner_wire);
        // `by_lookup`: the name lies in the zone's own data (no cut at or
        // above it), so the zone's lookup answers for it; else it is glue.
        let (id, kind, shape, by_lookup) =
            if below_owner && (owner_in_zone || has_origin && labels.is_subdomain(origin)) {
                (
                    in_domain_id(),
                    TargetKind::InDomain,
                    labels.shape(origin, true),
                    false,
                )
            } else if !has_origin || !labels.is_subdomain(origin) {
                (
                    None,
                    TargetKind::OutOfZone,
                    labels.shape(origin, false),
                    false,
                )
            } else {
                in_zone_elsewhere(
                    index,
                    (owner, is_apex),
                    target,
                    cache.as_deref_mut(),
                    || labels.shape(origin, true),
                )
            };
        // The place of the target this one replaces is written field by
        // field, its address list emptied and used again.
        if count == targets.len() {
            targets.push(Target {
                name: target,
                id,
                record,
                kind,
                addresses: Vec::new(),
                alias: None,
                only_addresses: false,
                shape,
            });
        }
        let place = &mut targets[count];
        place.name = target;
        place.id = id;
        place.record = record;
        place.kind = kind;
        place.shape = shape;
        place.addresses.clear();
        let mut alias = None;
        let mut only_addresses = false;
        let mut has_cname = false;
        if let Some(id) = id.filter(|_| kind != TargetKind::OutOfZone) {
            only_addresses = true;
            for record in index.records_at(id) {
                match record.record_type {
                    types::A | types::AAAA => place.addresses.push(record),
                    types::CNAME => {
                        has_cname = true;
                        only_addresses = false;
                    }
                    _ => only_addresses = false,
                }
            }
        }
        // The exact owner's addresses are the lookup's answer unless an
        // alias or a wildcard may answer instead: then it is asked.
        if by_lookup && (has_cname || place.addresses.is_empty() || index.has_dname) {
            match index.lookup_known(target, id, None, Query::Address) {
                Answer::Alias { record, .. } => {
                    alias = Some(record);
                    place.addresses.clear();
                }
                Answer::Data {
                    owner,
                    wildcard: true,
                } => {
                    place.addresses.clear();
                    place.addresses.extend(
                        index
                            .records_at(owner)
                            .filter(|r| Query::Address.matches(r.record_type)),
                    );
                }
                Answer::Data { .. } => {}
                _ => place.addresses.clear(),
            }
        }
        place.alias = alias;
        place.only_addresses = only_addresses;
        count += 1;
    }
    (count, delegation_types_only)
}

/// Whether two names of one length may be equal ignoring case: false
/// when their first eight octets differ in more than the case bit, as
/// the names a set's NS records give mostly do (ns1 and ns2 of one host).
/// Kept here, not in [`name::eq_ignore_case`]: most of that function's
/// callers compare names that are equal, where the test is extra work
/// (tried: the rules then cost 4 M instructions more on tld-100k).
#[inline]
fn may_be_same(a: &[u8], b: &[u8]) -> bool {
    match (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        (Some(a), Some(b)) => {
            (u64::from_ne_bytes(*a) ^ u64::from_ne_bytes(*b)) & !0x2020_2020_2020_2020 == 0
        }
        _ => true,
    }
}

/// What `target`, a name in the zone but not below the NS set's owner, is
/// (found once per name when there is a `cache`). Inlined: its result
/// then joins the other branches' in registers, not through the stack.
#[inline(always)]
fn in_zone_elsewhere(
    index: &ZoneIndex<'_>,
    (owner, is_apex): (NameId, bool),
    target: &[u8],
    cache: Option<&mut TargetCache>,
    shape: impl FnOnce() -> NameShape,
) -> (Option<NameId>, TargetKind, NameShape, bool) {
    let find = || {
        let id = index.zone.names.lookup(target);
        let cut = match id {
            Some(id) => index.cut_at_or_above_id(id),
            None => index.cut_above(target),
        };
        KnownTarget {
            shape: shape(),
            id,
            cut,
        }
    };
    let known = match cache {
        Some(cache) => cache.get_or_insert(target, find),
        None => find(),
    };
    // Every apex NS target inside the zone is in-domain for the apex set,
    // below one of the zone's own delegations too (RFC 9471): the
    // registry needs its address as glue.
    let kind = match known.cut {
        Some(cut) if cut == owner => TargetKind::InDomain,
        Some(_) if is_apex => TargetKind::InDomain,
        Some(cut) => TargetKind::Sibling(cut),
        None if is_apex => TargetKind::InDomain,
        None => TargetKind::ZoneData,
    };
    (known.id, kind, known.shape, known.cut.is_none())
}

/// What one pass over a target name tells, so that the costly checks run
/// only for names that may fail them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameShape {
    /// Some byte is not a lower-case letter, digit or inner hyphen, or the
    /// top label is all digits: the host-name check must look closer.
    pub needs_syntax_check: bool,
    /// The first label is all digits or a colon appears: it may be an
    /// address written as a name.
    pub maybe_address: bool,
    /// The name is at or below the origin.
    pub in_zone: bool,
    /// The name looks like a relative name written without its final dot
    /// ([`looks_like_missing_dot`]).
    pub missing_dot: bool,
}

impl NameShape {
    /// The shape of a name from the facts of its labels; `complete` when
    /// they are all of its labels and it is at most 255 octets.
    fn from_facts(
        facts: LabelFacts,
        complete: bool,
        in_zone: bool,
        missing_dot: bool,
    ) -> NameShape {
        NameShape {
            needs_syntax_check: facts.bad_label || facts.last_all_digits || !complete,
            maybe_address: facts.colon || facts.first_all_digits,
            in_zone,
            missing_dot,
        }
    }
}

/// Where the labels of `wire` start, up to [`MAX_SCANNED_LABELS`] of
/// them and none past octet 255 (the octet a [`LabelScan`] keeps a start
/// in; only a name too long to be valid has one).
fn label_starts(wire: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut position = 0;
    std::iter::from_fn(move || {
        let length = *wire.get(position)? as usize;
        if length == 0 || position > usize::from(u8::MAX) {
            return None;
        }
        let start = position;
        position += 1 + length;
        Some(start)
    })
    .take(MAX_SCANNED_LABELS)
}

/// The label of `wire` that starts at `start` (cut at the end of a
/// truncated name).
fn label_at(wire: &[u8], start: usize) -> &[u8] {
    let end = (start + 1 + wire[start] as usize).min(wire.len());
    &wire[start + 1..end]
}

/// The labels of a wire name found in one walk: where each starts.
pub struct LabelScan {
    /// Start offsets of the labels (not the root), while they fit.
    starts: [u8; MAX_SCANNED_LABELS],
    count: usize,
    /// Whether every label was recorded (else the slow paths answer).
    complete: bool,
}

/// Labels a [`LabelScan`] records: every label of a name of at most 255
/// octets.
const MAX_SCANNED_LABELS: usize = 128;

impl LabelScan {
    /// Walks the labels of `wire`.
    pub fn of(wire: &[u8]) -> LabelScan {
        let mut scan = LabelScan {
            starts: [0; MAX_SCANNED_LABELS],
            count: 0,
            // A name of at most 255 octets has at most 127 labels, all
            // starting below octet 255: the walk records every one.
            complete: wire.len() <= 255,
        };
        for start in label_starts(wire) {
            scan.starts[scan.count] = start as u8;
            scan.count += 1;
        }
        scan
    }

    fn labels(&self) -> &[u8] {
        &self.starts[..self.count]
    }

    /// The index of the label that starts `length` octets before the end
    /// of `wire`.
    fn label_at_suffix(&self, wire: &[u8], length: usize) -> Option<usize> {
        let start = wire.len().checked_sub(length)?;
        self.labels().iter().position(|&s| s as usize == start)
    }

    /// [`name::is_subdomain`] of the scanned `wire`.
    pub fn is_subdomain(&self, wire: &[u8], ancestor: &[u8]) -> bool {
        if !self.complete {
            return name::is_subdomain(wire, ancestor);
        }
        if ancestor.len() == wire.len() {
            return name::eq_ignore_case(wire, ancestor);
        }
        // The root label of a wire name is its last octet.
        ancestor.len() == 1 && wire.last() == Some(&0)
            || self.label_at_suffix(wire, ancestor.len()).is_some()
                && name::eq_ignore_case(&wire[wire.len() - ancestor.len()..], ancestor)
    }

    /// The [`NameShape`] of the scanned `wire` in a zone of `origin`
    /// (`has_origin` false: no name is in the zone).
    pub fn shape(&self, wire: &[u8], origin: &[u8], has_origin: bool) -> NameShape {
        let facts = LabelFacts::of(wire, self.labels());
        let in_zone = has_origin && self.is_subdomain(wire, origin);
        self.shape_from(facts, wire, origin, in_zone)
    }

    fn shape_from(
        &self,
        facts: LabelFacts,
        wire: &[u8],
        origin: &[u8],
        in_zone: bool,
    ) -> NameShape {
        let missing_dot = in_zone && self.looks_like_missing_dot(wire, origin);
        NameShape::from_facts(facts, self.complete, in_zone, missing_dot)
    }

    /// [`looks_like_missing_dot`] of the scanned `wire`, known to be in the
    /// zone of `origin`.
    fn looks_like_missing_dot(&self, wire: &[u8], origin: &[u8]) -> bool {
        if !self.complete {
            return looks_like_missing_dot(wire, origin);
        }
        if origin.len() <= 1 || wire.len() <= origin.len() {
            return false;
        }
        // The labels written before the origin.
        let Some(count) = self.label_at_suffix(wire, origin.len()) else {
            return false;
        };
        // They end with the origin's labels after at least one more:
        // `ns1.example.com` in example.com.
        let origin_labels = &origin[..origin.len() - 1];
        let repeated = origin.len() + origin_labels.len();
        if self.label_at_suffix(wire, repeated).is_some_and(|i| i > 0)
            && name::eq_ignore_case(
                &wire[wire.len() - repeated..wire.len() - origin.len()],
                origin_labels,
            )
        {
            return true;
        }
        let last_start = self.starts[count - 1] as usize + 1;
        let last = &wire[last_start..wire.len() - origin.len()];
        // They end in a legacy TLD (`ns1.example.net`), or in a country
        // code after two more labels (`ns1.example.de`).
        (count >= 2 && LEGACY_TLDS.iter().any(|tld| tld.eq_ignore_ascii_case(last)))
            || (count >= 3 && last.len() == 2 && last.iter().all(u8::is_ascii_alphabetic))
    }
}

/// What the bytes of one label are.
struct LabelClass {
    all_digits: bool,
    colon: bool,
    /// A byte other than a lower-case letter, digit, hyphen or colon.
    unusual: bool,
}

impl LabelClass {
    fn of(label: &[u8]) -> LabelClass {
        // Every class bit that all bytes have, and every one that some
        // byte has.
        let (mut all, mut any) = (DIGIT, 0);
        for &byte in label {
            let class = BYTE_CLASSES[byte as usize];
            all &= class;
            any |= class;
        }
        LabelClass {
            all_digits: all & DIGIT != 0,
            colon: any & COLON != 0,
            unusual: any & (OTHER | COLON) != 0,
        }
    }
}

/// What [`NameShape`] needs of some consecutive labels of a name.
#[derive(Clone, Copy, Debug, Default)]
struct LabelFacts {
    /// Some label has an unusual byte or starts or ends with a hyphen.
    bad_label: bool,
    /// Some label has a colon.
    colon: bool,
    /// The first label is all digits.
    first_all_digits: bool,
    /// The last label is all digits.
    last_all_digits: bool,
}

impl LabelFacts {
    /// The facts of the labels of `wire` that start at `starts`.
    fn of(wire: &[u8], starts: &[u8]) -> LabelFacts {
        LabelFacts::of_labels(starts.iter().map(|&start| label_at(wire, start.into())))
    }

    /// The facts of a plain name ([`plain_starts`]).
    const PLAIN: LabelFacts = LabelFacts {
        bad_label: false,
        colon: false,
        first_all_digits: false,
        last_all_digits: false,
    };

    fn of_labels<'a>(labels: impl Iterator<Item = &'a [u8]>) -> LabelFacts {
        let mut facts = LabelFacts::default();
        for (i, label) in labels.enumerate() {
            let class = LabelClass::of(label);
            facts.colon |= class.colon;
            facts.bad_label |=
                class.unusual || label.first() == Some(&b'-') || label.last() == Some(&b'-');
            if i == 0 {
                facts.first_all_digits = class.all_digits;
            }
            facts.last_all_digits = class.all_digits;
        }
        facts
    }
}

/// Where the labels of `wire` start (one bit per octet, the root's too)
/// when it is a well-formed name of at most 64 octets whose labels hold
/// only lower-case letters, digits and inner hyphens, and whose first and
/// last labels do not start with a digit: the usual host name, whose facts
/// are [`LabelFacts::PLAIN`]. The octets are classified in one pass over a
/// fixed-size copy (which the compiler does 16 at a time) instead of label
/// by label; every other name is left to the octet-by-octet way.
fn plain_starts(wire: &[u8]) -> Option<u64> {
    const SIZE: usize = 64;
    let length = wire.len();
    if !(2..=SIZE).contains(&length) {
        return None;
    }
    // The name with its length octets and the room after it made letters.
    let mut octets = [b'a'; SIZE];
    octets[..length].copy_from_slice(wire);
    let (mut position, mut last, mut starts) = (0, 0, 0u64);
    loop {
        let label = usize::from(wire[position]);
        octets[position] = b'a';
        starts |= 1 << position;
        if label == 0 {
            break;
        }
        let end = position + label;
        if end + 1 >= length || wire[position + 1] == b'-' || wire[end] == b'-' {
            return None;
        }
        last = position;
        position = end + 1;
    }
    if position != length - 1 || wire[1].is_ascii_digit() || wire[last + 1].is_ascii_digit() {
        return None;
    }
    let (short, _) = octets.split_first_chunk::<{ SIZE / 2 }>().expect("half");
    let plain = if length <= SIZE / 2 {
        all_plain(short)
    } else {
        all_plain(&octets)
    };
    plain.then_some(starts)
}

/// A plain name ([`plain_starts`]) and where its labels start: what a
/// [`LabelScan`] answers, from one bit test per question.
#[derive(Clone, Copy)]
struct PlainName<'a> {
    wire: &'a [u8],
    starts: u64,
}

impl<'a> PlainName<'a> {
    fn of(wire: &'a [u8]) -> Option<PlainName<'a>> {
        plain_starts(wire).map(|starts| PlainName { wire, starts })
    }

    /// Whether a label (or the root) starts at octet `at`.
    fn starts_at(self, at: usize) -> bool {
        at < 64 && self.starts & (1 << at) != 0
    }

    /// Whether the name is `ancestor` or lies below it (ignoring case).
    fn is_subdomain(self, ancestor: &[u8]) -> bool {
        self.wire
            .len()
            .checked_sub(ancestor.len())
            .is_some_and(|at| {
                self.starts_at(at) && name::eq_ignore_case(&self.wire[at..], ancestor)
            })
    }

    /// The [`NameShape`] of the name in a zone of `origin`, given whether
    /// it is in the zone.
    fn shape(self, origin: &[u8], in_zone: bool) -> NameShape {
        let missing_dot = in_zone && self.looks_like_missing_dot(origin);
        NameShape::from_facts(LabelFacts::PLAIN, true, in_zone, missing_dot)
    }

    /// [`looks_like_missing_dot`] of the name, known to be in the zone of
    /// `origin`.
    fn looks_like_missing_dot(self, origin: &[u8]) -> bool {
        let wire = self.wire;
        if origin.len() <= 1 || wire.len() <= origin.len() {
            return false;
        }
        let at = wire.len() - origin.len();
        if !self.starts_at(at) {
            return false;
        }
        // The labels written before the origin end with the origin's
        // labels after at least one more: `ns1.example.com` in example.com.
        let origin_labels = &origin[..origin.len() - 1];
        if let Some(repeated) = at.checked_sub(origin_labels.len()) {
            if repeated > 0
                && self.starts_at(repeated)
                && name::eq_ignore_case(&wire[repeated..at], origin_labels)
            {
                return true;
            }
        }
        // They end in a legacy TLD (`ns1.example.net`), or in a country
        // code after two more labels (`ns1.example.de`).
        let before = self.starts & ((1 << at) - 1);
        let count = before.count_ones();
        let last_start = 63 - before.leading_zeros() as usize;
        let last = &wire[last_start + 1..at];
        (count >= 2 && LEGACY_TLDS.iter().any(|tld| tld.eq_ignore_ascii_case(last)))
            || (count >= 3 && last.len() == 2 && last.iter().all(u8::is_ascii_alphabetic))
    }
}

/// Where the labels of a target name start, as the cheaper way to find
/// them gave it.
enum Labels<'a> {
    Plain(PlainName<'a>),
    Scanned(LabelScan, &'a [u8]),
}

impl Labels<'_> {
    #[inline]
    fn is_subdomain(&self, ancestor: &[u8]) -> bool {
        match self {
            Labels::Plain(plain) => plain.is_subdomain(ancestor),
            Labels::Scanned(scan, wire) => scan.is_subdomain(wire, ancestor),
        }
    }

    /// The [`NameShape`] of the name in a zone of `origin`, given whether
    /// it is in the zone.
    #[inline]
    fn shape(&self, origin: &[u8], in_zone: bool) -> NameShape {
        match self {
            Labels::Plain(plain) => plain.shape(origin, in_zone),
            Labels::Scanned(scan, wire) => scan.shape(wire, origin, in_zone),
        }
    }
}

/// Whether every octet is a lower-case letter, a digit or a hyphen (no
/// early exit: a loop the compiler turns into a few vector operations).
fn all_plain<const N: usize>(octets: &[u8; N]) -> bool {
    !octets.iter().fold(false, |other, &octet| {
        other | !(octet.is_ascii_lowercase() || octet.is_ascii_digit() || octet == b'-')
    })
}

/// [`NameShape`] classes of a byte: a digit, a lower-case letter or
/// hyphen, a colon, any other byte.
const DIGIT: u8 = 1;
const LOWER_OR_HYPHEN: u8 = 2;
const COLON: u8 = 4;
const OTHER: u8 = 8;

const BYTE_CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = match byte as u8 {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' | b'-' => LOWER_OR_HYPHEN,
            b':' => COLON,
            _ => OTHER,
        };
        byte += 1;
    }
    classes
};

/// The NS set a target is checked for.
pub(crate) struct NsSet<'a> {
    pub(crate) owner: NameId,
    pub(crate) owner_name: &'a Show<'a>,
    pub(crate) is_apex: bool,
}

/// Findings about a glue host's addresses (by index into the findings of
/// a range of NS sets), each with the position of the record it is about:
/// two workers may both report one, and only the record tells them apart
/// (the records of one `$GENERATE` line share its place).
pub(crate) type HostFindings = Vec<(usize, usize)>;

/// Notes that the last finding is about the addresses of a glue host,
/// and which record it is on.
pub(crate) fn note_host_finding(
    checker: &Checker<'_>,
    host_findings: &mut HostFindings,
    record: &Record,
) {
    if let Some(position) = record_position(checker.zone, record) {
        host_findings.push((checker.findings.len() - 1, position));
    }
}

#[cfg(test)]
mod tests {
    use super::super::hosts::{address_like, host_name_problem};
    use super::*;
    use crate::name::test_wire as wire;

    #[test]
    fn an_ns_set_names_each_target_once_and_says_where_it_lies() {
        // One name twice in other case, two names of one length, and a
        // target of each kind; the apex's own hosts are in-domain.
        let zone = crate::zone::test_zone(
            "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
             @ 3600 NS ns1\n\
             @ 3600 NS ns.other.net.\n\
             ns1 3600 A 192.0.2.1\n\
             a 3600 NS ns1.a\n\
             a 3600 NS NS1.A.example.com.\n\
             a 3600 NS ns2.a\n\
             a 3600 NS ns1.b\n\
             a 3600 NS ns1\n\
             a 3600 NS ns1.a.example.net.\n\
             ns1.a 3600 A 192.0.2.2\n\
             b 3600 NS ns1.b\n\
             ns1.b 3600 A 192.0.2.3\n",
            "example.com.",
        );
        let index = ZoneIndex::new(&zone);
        let kinds = |owner: &str| -> Vec<(String, TargetKind, usize)> {
            let id = zone.names.lookup(&wire(owner)).unwrap();
            ns_targets(&index, id)
                .iter()
                .map(|t| (name::to_string(t.name), t.kind, t.addresses.len()))
                .collect()
        };
        let b = zone.names.lookup(&wire("b.example.com.")).unwrap();
        let expected = [
            ("ns1.a.example.com.", TargetKind::InDomain, 1),
            ("ns2.a.example.com.", TargetKind::InDomain, 0),
            ("ns1.b.example.com.", TargetKind::Sibling(b), 1),
            ("ns1.example.com.", TargetKind::ZoneData, 1),
            ("ns1.a.example.net.", TargetKind::OutOfZone, 0),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(n, k, a)| (n.to_string(), k, a))
            .collect();
        assert_eq!(kinds("a.example.com."), expected);
        assert_eq!(
            kinds("example.com."),
            [
                ("ns1.example.com.".to_string(), TargetKind::InDomain, 1),
                ("ns.other.net.".to_string(), TargetKind::OutOfZone, 0),
            ]
        );
        // An owner outside the zone (out-of-zone data): a name below it
        // is in-domain only when it is in the zone too.
        let zone = crate::zone::test_zone(
            "com. 3600 NS ns1.example.com.\n\
             com. 3600 NS ns.other.com.\n",
            "example.com.",
        );
        let index = ZoneIndex::new(&zone);
        let com = zone.names.lookup(&wire("com.")).unwrap();
        let kinds: Vec<TargetKind> = ns_targets(&index, com).iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TargetKind::InDomain, TargetKind::OutOfZone]);
    }

    #[test]
    fn one_scan_agrees_with_the_checks_it_stands_for() {
        // Every name of up to three labels from these, in three zones.
        let labels = [
            "ns1",
            "NS1",
            "a-b",
            "-a",
            "b-",
            "1",
            "192",
            "0",
            "2001:db8::1",
            "x_y",
            "com",
            "de",
            "example",
            "Example",
            "net",
            "co",
        ];
        let origins = [wire("example.com."), wire("com."), wire(".")];
        let mut names = Vec::new();
        for a in labels {
            names.push(a.to_string());
            for b in labels {
                names.push(format!("{a}.{b}"));
                for c in labels {
                    names.push(format!("{a}.{b}.{c}"));
                }
            }
        }
        for origin in &origins {
            let origin_text = name::to_string(origin);
            for text in &names {
                for suffix in [
                    "",
                    ".example.com",
                    ".example.com.example.com",
                    ".net",
                    ".de.example.com",
                    ".c.de.example.com",
                ] {
                    let target = wire(&format!("{text}{suffix}."));
                    let scan = LabelScan::of(&target);
                    let shape = scan.shape(&target, origin, true);
                    let shown = name::to_string(&target);
                    let outside = scan.shape(&target, origin, false);
                    assert!(!outside.in_zone && !outside.missing_dot, "{shown}");
                    assert_eq!(
                        shape.in_zone,
                        name::is_subdomain(&target, origin),
                        "{shown}"
                    );
                    assert_eq!(
                        shape.missing_dot,
                        shape.in_zone && looks_like_missing_dot(&target, origin),
                        "{shown} in {origin_text}"
                    );
                    if host_name_problem(&target).is_some() {
                        assert!(shape.needs_syntax_check, "{shown}");
                    }
                    if address_like(&target, origin).is_some() {
                        assert!(shape.maybe_address, "{shown}");
                    }
                    let plain = PlainName::of(&target);
                    if let Some(plain) = plain {
                        // A plain name: the bit tests answer alike.
                        assert_eq!(plain.shape(origin, shape.in_zone), shape, "{shown}");
                        assert_eq!(plain.shape(origin, false), outside, "{shown}");
                    }
                    for ancestor in [&origins[0], &origins[1], &wire("b-.example.com.")] {
                        let expected = name::is_subdomain(&target, ancestor);
                        assert_eq!(scan.is_subdomain(&target, ancestor), expected, "{shown}");
                        if let Some(plain) = plain {
                            assert_eq!(plain.is_subdomain(ancestor), expected, "{shown}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn plain_names_are_told_apart_as_the_octet_by_octet_way_tells_them() {
        // Names built from octets chosen to hit every class (and every
        // place in a label), of 1 to 90 octets; some malformed.
        let alphabet = b"abcz09-AZ:_.\x80\xff";
        let mut random = crate::test_random::xorshift(0x2545_f491_4f6c_dd1d);
        let mut next = |bound: usize| (random() % bound as u64) as usize;
        let (mut plain, mut total) = (0, 0);
        for _ in 0..200_000 {
            let mut wire = Vec::new();
            for _ in 0..1 + next(6) {
                let longest = if next(4) == 0 { 63 } else { 8 };
                let length = 1 + next(longest);
                wire.push(length as u8);
                for _ in 0..length {
                    // Mostly letters, so that many names are plain.
                    let octet = if next(3) > 0 {
                        b'a' + next(26) as u8
                    } else {
                        alphabet[next(alphabet.len())]
                    };
                    wire.push(octet);
                }
            }
            wire.push(0);
            match next(20) {
                0 => {
                    let keep = next(wire.len());
                    wire.truncate(keep);
                }
                1 => wire.push(b'a'),
                _ => {}
            }
            let labels: Vec<&[u8]> = label_starts(&wire).map(|s| label_at(&wire, s)).collect();
            let facts = LabelFacts::of_labels(labels.iter().copied());
            let well_formed = wire.len() <= 64
                && label_starts(&wire)
                    .last()
                    .map_or(0, |s| s + 1 + usize::from(wire[s]))
                    + 1
                    == wire.len()
                && wire.last() == Some(&0);
            let expected = well_formed
                && !facts.bad_label
                && !facts.colon
                && labels.first().is_some_and(|l| !l[0].is_ascii_digit())
                && labels.last().is_some_and(|l| !l[0].is_ascii_digit());
            assert_eq!(plain_starts(&wire).is_some(), expected, "{wire:?}");
            plain += usize::from(expected);
            total += 1;
        }
        assert!(
            plain > total / 20 && plain < total * 19 / 20,
            "{plain} of {total}"
        );
    }

    #[test]
    fn a_plain_name_ending_in_the_origin_octets_off_a_label_start_is_outside() {
        // The origin's length octet (45) is the octet of '-': the target's
        // last 47 octets are the origin's, but not from a label start.
        let origin = wire(&format!("{}.", "y".repeat(45)));
        let target = wire(&format!("a-{}.", "y".repeat(45)));
        assert_eq!(&target[target.len() - origin.len()..], &origin[..]);
        let plain = PlainName::of(&target).expect("a plain name");
        assert!(!plain.is_subdomain(&origin));
        assert!(!name::is_subdomain(&target, &origin));
        assert!(!plain.shape(&origin, false).in_zone);
    }

    #[test]
    fn names_too_long_to_be_valid_need_the_syntax_check() {
        // Over 255 octets (generic RDATA can hold such a name): whatever
        // the labels that start past octet 255 hold, the name goes to the
        // host-name check.
        let label = |text: &str| {
            let mut wire = vec![text.len() as u8];
            wire.extend_from_slice(text.as_bytes());
            wire
        };
        for tail in ["2001:db8::1", "192", "ok", "-x"] {
            let mut wire = Vec::new();
            for _ in 0..4 {
                wire.extend(label(&"a".repeat(63)));
            }
            wire.extend(label(tail));
            wire.push(0);
            assert!(wire.len() > 255);
            let scan = LabelScan::of(&wire);
            let shape = scan.shape(&wire, name::ROOT, false);
            assert!(shape.needs_syntax_check);
        }
    }
}
