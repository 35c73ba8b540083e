//! The delegation and glue rules (DESIGN §4, first two tables): every NS
//! set of the zone — the apex and each delegation — with its targets
//! classified as in-domain, sibling, in the zone's own data or outside,
//! the registry limits of the active profile, and the data around cuts.

use std::collections::{BTreeSet, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};

use super::index::{NameSet, ZoneIndex, types};
use super::lookup::{Answer, Query};
use super::{Checker, Rule, Settings};
use crate::finding::{Finding, Severity};
use crate::name;
use crate::names::NameId;
use crate::profile::Profile;
use crate::rdata;
use crate::zone::Record;

/// A wire name shown in presentation form only when a message is made.
#[derive(Clone, Copy)]
pub struct Show<'a>(pub &'a [u8]);

impl std::fmt::Display for Show<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        name::write(self.0, &mut text);
        f.write_str(&text)
    }
}

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

/// NS sets (or names) per worker below which splitting them over threads
/// costs more than it saves.
const PARALLEL_MINIMUM: usize = 20_000;

/// What the NS sets of one worker tell the cut rules.
struct SeenNames {
    /// The names some NS set names.
    named: NameSet,
    /// Names whose every record the cut rules would pass: hosts some NS
    /// set names that own only addresses (glue in use), delegations that
    /// own only NS, DS, NSEC and RRSIG. [`check_cut_data`] skips them, so
    /// a new rule there about such records must narrow this set too.
    clear: NameSet,
    /// Glue hosts whose addresses this worker has checked: a host that
    /// several NS sets name gets its address findings once.
    checked: NameSet,
}

impl SeenNames {
    fn new(names: usize) -> Self {
        SeenNames {
            named: NameSet::new(names),
            clear: NameSet::new(names),
            checked: NameSet::new(names),
        }
    }
}

/// Buffers one worker reuses from one NS set to the next, and the names
/// its NS sets saw.
struct Scratch<'z> {
    targets: Vec<Target<'z>>,
    owners_of: AddressOwners<'z>,
    names: Vec<&'z [u8]>,
    glue: Vec<&'z [u8]>,
    cache: TargetCache,
    seen: SeenNames,
    /// The findings of the current range about a host's addresses, with
    /// the record each is about (see [`HostFindings`]).
    host_findings: HostFindings,
}

/// Findings about a glue host's addresses (by index into the findings of
/// a range of NS sets), each with the position of the record it is about:
/// two workers may both report one, and only the record tells them apart
/// (the records of one `$GENERATE` line share its place).
type HostFindings = Vec<(usize, usize)>;

impl Scratch<'_> {
    fn new(names: usize) -> Self {
        Scratch {
            targets: Vec::new(),
            owners_of: AddressOwners::default(),
            names: Vec::new(),
            glue: Vec::new(),
            cache: TargetCache::default(),
            seen: SeenNames::new(names),
            host_findings: Vec::new(),
        }
    }
}

/// Runs the rules on every NS set and on the data around cuts. The NS
/// sets of a large zone are split over the available cores.
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, settings: &Settings<'_>) {
    let zone = index.zone;
    let mut owners: Vec<NameId> = Vec::with_capacity(index.delegations.len() + 1);
    if let Some(apex) = index.apex.filter(|&apex| index.has_type(apex, types::NS)) {
        owners.push(apex);
    }
    owners.extend_from_slice(&index.delegations);
    // An NS set below a DNAME is never served (the DNAME redirects its
    // name): dname-conflict reports it, its targets are no question.
    if index.has_dname {
        owners.retain(|&owner| index.topmost_dname_above(zone.names.get(owner)).is_none());
    }
    // Each worker keeps its own sets of the names its NS sets named and
    // found clear of the cut rules (see [`check_cut_data`]), joined after:
    // no atomic operation per target.
    let (parts, workers) = super::in_chunks_with(
        owners.len(),
        PARALLEL_MINIMUM,
        || Scratch::new(zone.names.len()),
        |scratch, range| {
            let mut part = Checker::new(zone);
            let mut sibling_edges = Vec::new();
            for &owner in &owners[range] {
                check_ns_set(
                    &mut part,
                    index,
                    settings,
                    owner,
                    &mut sibling_edges,
                    scratch,
                );
            }
            let hosts = std::mem::take(&mut scratch.host_findings);
            (part.findings, sibling_edges, hosts)
        },
    );
    let mut seen = workers.into_iter().map(|scratch| scratch.seen);
    let mut all = seen
        .next()
        .unwrap_or_else(|| SeenNames::new(zone.names.len()));
    for other in seen {
        all.named.union(&other.named);
        all.clear.union(&other.clear);
    }
    let mut sibling_edges = Vec::new();
    let mut host_findings = Vec::new();
    for (findings, edges, hosts) in parts {
        let offset = checker.findings.len();
        checker.findings.extend(findings);
        sibling_edges.extend(
            edges
                .into_iter()
                .map(|(from, to, finding)| (from, to, finding + offset)),
        );
        host_findings.extend(
            hosts
                .into_iter()
                .map(|(finding, record)| (finding + offset, record)),
        );
    }
    escalate_cycles(checker, index, &sibling_edges);
    // Two workers may each have checked the addresses of a host that NS
    // sets of both name: of the findings about one record, the first (in
    // the order of the NS sets) stays.
    let mut reported = std::collections::HashSet::new();
    let mut repeated = vec![false; checker.findings.len()];
    for (finding, record) in host_findings {
        repeated[finding] = !reported.insert((checker.findings[finding].rule, record));
    }
    let mut at = 0;
    checker.findings.retain(|_| {
        at += 1;
        !repeated[at - 1]
    });
    let parts = super::in_chunks(zone.names.len(), PARALLEL_MINIMUM, |range| {
        let mut part = Checker::new(zone);
        check_cut_data(&mut part, index, (&all.named, &all.clear), range);
        part.findings
    });
    checker.findings.extend(parts.into_iter().flatten());
}

fn owner_text(index: &ZoneIndex<'_>, id: NameId) -> String {
    name::to_string(index.zone.names.get(id))
}

#[allow(clippy::too_many_lines)]
fn check_ns_set<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    settings: &Settings<'_>,
    owner: NameId,
    sibling_edges: &mut Vec<(NameId, NameId, usize)>,
    scratch: &mut Scratch<'z>,
) {
    let zone = index.zone;
    let is_apex = Some(owner) == index.apex;
    let owner_wire = zone.names.get(owner);
    let owner_name = Show(owner_wire);
    let (count, delegation_types_only) =
        ns_targets_into(index, owner, &mut scratch.targets, Some(&mut scratch.cache));
    let targets = &scratch.targets[..count];
    let Some(first) = targets.first().map(|t| t.record) else {
        return;
    };
    if name::labels(owner_wire).next() == Some(b"*") {
        checker
            .report_record(
                Rule::NsWildcardOwner,
                first,
                format!("NS records are owned by the wildcard {owner_name}"),
            )
            .help("delegate an explicit name; a wildcard NS set does not act as a delegation (RFC 4592 §4.2)");
    }
    if delegation_types_only && index.is_delegation(owner) {
        scratch.seen.clear.insert(owner);
    }
    let origin = zone.origin.as_deref().unwrap_or(name::ROOT);
    let profile = settings.profile;
    check_ns_count(checker, profile, &owner_name, targets);
    scratch.owners_of.clear();
    let set = NsSet {
        owner,
        owner_name: &owner_name,
        is_apex,
    };
    // Without compression a referral is never smaller: the size of one
    // with every name written out, found on the way, spares counting
    // most referrals.
    let mut referral_bound = REFERRAL_HEADER;
    // A host name outside the zone (most targets of a TLD's delegations)
    // that looks like neither an address nor anything but a plain host
    // name gives the rules below nothing to report, unless the profile
    // limits the depth of host names: it only counts in the referral.
    let plain_outside = |target: &Target<'_>| {
        target.kind == TargetKind::OutOfZone
            && !target.shape.maybe_address
            && !target.shape.needs_syntax_check
            && profile.max_host_labels.is_none()
    };
    // One pass over the targets, each checked by every rule in turn.
    for target in targets {
        referral_bound += RECORD_OVERHEAD + target.name.len();
        if plain_outside(target) {
            continue;
        }
        // The addresses of a glue host are checked for the first NS set
        // (of this worker) that names it.
        let mut first_look = true;
        if let Some(id) = target.id {
            scratch.seen.named.insert(id);
            if target.only_addresses {
                scratch.seen.clear.insert(id);
            }
            if matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_)) {
                first_look = !scratch.seen.checked.contains(id);
                scratch.seen.checked.insert(id);
            }
        }
        let address = target
            .shape
            .maybe_address
            .then(|| written_address(zone, target.record, 0, target.name, origin))
            .flatten();
        check_target(
            checker,
            index,
            &set,
            target,
            address.as_deref(),
            sibling_edges,
        );
        check_host_limits(
            checker,
            index,
            profile,
            target,
            (address.is_some(), first_look),
            &mut scratch.host_findings,
        );
        let glue_octets = check_target_addresses(
            checker,
            index,
            &set,
            (target, first_look),
            &mut scratch.owners_of,
            &mut scratch.host_findings,
        );
        if target.kind == TargetKind::InDomain {
            referral_bound += glue_octets;
        }
    }
    if !is_apex {
        check_referral_size(
            checker,
            index,
            (owner, &owner_name, referral_bound),
            targets,
            (&mut scratch.names, &mut scratch.glue),
        );
    }
}

/// The NS set a target is checked for.
struct NsSet<'a> {
    owner: NameId,
    owner_name: &'a Show<'a>,
    is_apex: bool,
}

/// The rules of one NS target on its own: written as an address, a
/// forgotten final dot, an alias, no address where the zone must have one.
fn check_target(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    set: &NsSet<'_>,
    target: &Target<'_>,
    address: Option<&str>,
    sibling_edges: &mut Vec<(NameId, NameId, usize)>,
) {
    let zone = index.zone;
    let &NsSet {
        owner,
        owner_name,
        is_apex,
    } = set;
    let target_name = Show(target.name);
    if let Some(address) = address {
        checker
            .report_field(
                Rule::NsTargetIsAddress,
                target.record,
                0,
                format!("NS target {target_name} of {owner_name} is the address {address} written as a name"),
            )
            .help("name the server (ns1.example.com.) and give that name an A or AAAA record");
        return;
    }
    if target.shape.missing_dot
        && report_forgotten_dot(checker, target.record, target.name, 0, "NS target")
    {
        // One finding per cause: the forgotten dot carries the error when
        // the name as written gets no address (the delegation is broken),
        // and is a warning when it does.
        let finding = checker.findings.last_mut().expect("just reported");
        if target.addresses.is_empty() {
            finding
                .message
                .push_str(", which has no address in this zone");
        } else {
            finding.severity = Severity::Warning;
        }
        return;
    }
    {
        if let Some(alias) = target.alias {
            let alias_type = crate::rrtype::type_name(alias.record_type);
            checker
                .report_field(
                    Rule::NsTargetAlias,
                    target.record,
                    0,
                    format!(
                        "NS target {target_name} of {owner_name} is an alias ({alias_type} at {})",
                        name::to_string(zone.owner(alias))
                    ),
                )
                .help("point the NS record at the canonical name of the server")
                .label(zone, alias, "the alias");
            return;
        }
    }
    if !target.addresses.is_empty() {
        return;
    }
    match target.kind {
        TargetKind::InDomain if is_apex => {
            checker
                .report_field(
                    Rule::ApexNsMissingAddress,
                    target.record,
                    0,
                    format!("apex name server {target_name} lies inside the zone, but the zone has no A or AAAA for it"),
                )
                .help(format!("add an A or AAAA record for {target_name}; the registry needs it as glue"));
        }
        TargetKind::InDomain => {
            checker
                .report_field(
                    Rule::MissingGlue,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}, which lies inside the delegation, but the zone has no A or AAAA for it"),
                )
                .help(format!("add glue (A/AAAA for {target_name}) below the NS records, or run `zonelint check --fix --glue {target_name}=ADDRESS`"));
        }
        TargetKind::Sibling(other) => {
            let other_name = owner_text(index, other);
            checker
                .report_field(
                    Rule::MissingSiblingGlue,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}, which lies below the delegation {other_name}, but the zone has no A or AAAA for it"),
                )
                .help(format!("add sibling glue (A/AAAA for {target_name}), or run `zonelint check --fix --glue {target_name}=ADDRESS`"));
            sibling_edges.push((owner, other, checker.findings.len() - 1));
        }
        TargetKind::ZoneData => {
            checker
                .report_field(
                    Rule::NsTargetNoAddress,
                    target.record,
                    0,
                    format!("{owner_name} is delegated to {target_name}; this zone is authoritative for that name but has no A or AAAA for it"),
                )
                .help(format!("add an A or AAAA record for {target_name}"));
        }
        TargetKind::OutOfZone => {}
    }
}

/// The registry's limit on the number of name servers of an NS set.
fn check_ns_count(
    checker: &mut Checker<'_>,
    profile: &Profile,
    owner_name: &Show<'_>,
    targets: &[Target<'_>],
) {
    let first = targets[0].record;
    let count = targets.len() as u32;
    if count > profile.ns_max {
        checker
            .report_record(
                Rule::NsCount,
                first,
                format!(
                    "{owner_name} has {count} name servers; profile {} allows at most {} ({})",
                    profile.name, profile.ns_max, profile.source
                ),
            )
            .help(format!(
                "remove {} of the NS records",
                count - profile.ns_max
            ));
    } else if count < profile.ns_min {
        checker
            .report_record(
                Rule::NsCount,
                first,
                format!(
                    "{owner_name} has {count} name server{}; profile {} asks for at least {} ({})",
                    if count == 1 { "" } else { "s" },
                    profile.name,
                    profile.ns_min,
                    profile.source
                ),
            )
            .severity(Severity::Warning)
            .help("add a second name server on another network (RFC 1034 §4.1, RFC 2182)");
    }
}

/// The registry's limits on one name-server host: its name's syntax and
/// depth, and for a glue host its addresses. `is_address`: the name is an
/// address written as a name, which `ns-target-is-address` reports (one
/// finding per cause); `first_look`: no NS set before this one had the
/// host's addresses checked.
fn check_host_limits(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    profile: &Profile,
    target: &Target<'_>,
    (is_address, first_look): (bool, bool),
    host_findings: &mut HostFindings,
) {
    let zone = index.zone;
    let target_name = Show(target.name);
    let problem = if target.shape.needs_syntax_check {
        host_name_problem(target.name)
    } else {
        None
    };
    if let Some(problem) = problem.filter(|_| !is_address) {
        checker
            .report_field(
                Rule::NsNameSyntax,
                target.record,
                0,
                format!("name-server host name {target_name} {problem}"),
            )
            .help("use a host name of letters, digits and hyphens (RFC 1123 §2.1)");
    }
    if let Some(max) = profile.max_host_labels {
        if let Some(depth) = host_depth(target.name, &profile.applies_to) {
            if depth > max {
                checker
                    .report_field(
                        Rule::HostNameDepth,
                        target.record,
                        0,
                        format!(
                            "name-server host name {target_name} is at level {depth}; profile {} allows at most level {max} ({})",
                            profile.name, profile.source
                        ),
                    )
                    .help("use a name server whose name is closer to the registry suffix");
            }
        }
    }
    let needs_glue = matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_));
    if !needs_glue || !first_look || target.addresses.is_empty() {
        return;
    }
    let ipv4 = target
        .addresses
        .iter()
        .filter(|r| r.record_type == types::A)
        .count() as u32;
    let records = target.addresses.len() as u32;
    let ipv6 = records - ipv4;
    // A host has at least one address and at most one per record: the
    // different ones need counting only when a limit lies in between.
    let total = if records <= profile.addresses_max && profile.addresses_min <= 1 {
        records
    } else {
        distinct_addresses(index, &target.addresses)
    };
    let mut limit_problem = None;
    if total > profile.addresses_max {
        limit_problem = Some(format!(
            "{total} addresses; profile {} allows at most {}",
            profile.name, profile.addresses_max
        ));
    } else if total < profile.addresses_min {
        limit_problem = Some(format!(
            "{total} addresses; profile {} asks for at least {}",
            profile.name, profile.addresses_min
        ));
    } else if profile.ipv4_max.is_some_and(|max| ipv4 > max) {
        limit_problem = Some(format!(
            "{ipv4} IPv4 addresses; profile {} allows at most {}",
            profile.name,
            profile.ipv4_max.unwrap_or(0)
        ));
    } else if profile.ipv6_max.is_some_and(|max| ipv6 > max) {
        limit_problem = Some(format!(
            "{ipv6} IPv6 addresses; profile {} allows at most {}",
            profile.name,
            profile.ipv6_max.unwrap_or(0)
        ));
    }
    if let Some(problem) = limit_problem {
        let finding = checker.report_record(
            Rule::HostAddressCount,
            target.addresses[0],
            format!("glue host {target_name} has {problem} ({})", profile.source),
        );
        finding.help("list only the addresses the registry accepts for one host");
        finding.label(zone, target.record, "the NS record naming it");
        note_host_finding(checker, host_findings, target.addresses[0]);
    }
    if !profile.ipv6 {
        for record in target
            .addresses
            .iter()
            .filter(|r| r.record_type == types::AAAA)
        {
            checker
                .report_record(
                    Rule::Ipv6GlueDisallowed,
                    record,
                    format!(
                        "IPv6 glue for {target_name}, but profile {} accepts no IPv6 glue ({})",
                        profile.name, profile.source
                    ),
                )
                .help("remove the AAAA glue, or choose a profile that accepts IPv6");
            note_host_finding(checker, host_findings, record);
        }
    }
}

/// Notes that the last finding is about the addresses of a glue host,
/// and which record it is on.
fn note_host_finding(checker: &Checker<'_>, host_findings: &mut HostFindings, record: &Record) {
    if let Some(position) = super::records::record_position(checker.zone, record) {
        host_findings.push((checker.findings.len() - 1, position));
    }
}

/// Whether two A or AAAA RDATA are the same address: compared as one
/// number (a call to compare four or sixteen octets costs more).
fn same_address(a: &[u8], b: &[u8]) -> bool {
    match (<[u8; 4]>::try_from(a), <[u8; 4]>::try_from(b)) {
        (Ok(a), Ok(b)) => u32::from_ne_bytes(a) == u32::from_ne_bytes(b),
        _ => match (<[u8; 16]>::try_from(a), <[u8; 16]>::try_from(b)) {
            (Ok(a), Ok(b)) => u128::from_ne_bytes(a) == u128::from_ne_bytes(b),
            _ => a == b,
        },
    }
}

/// Addresses up to which the address checks compare each with every
/// other; above it they sort or hash (a host may have thousands).
const FEW_ADDRESSES: usize = 16;

/// How many different addresses `records` (A and AAAA) hold.
fn distinct_addresses(index: &ZoneIndex<'_>, records: &[&Record]) -> u32 {
    let zone = index.zone;
    if records.len() > FEW_ADDRESSES {
        let mut data: Vec<&[u8]> = records.iter().map(|r| zone.rdata(r)).collect();
        data.sort_unstable();
        data.dedup();
        return data.len() as u32;
    }
    records
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            let data = zone.rdata(r);
            !records[..*i]
                .iter()
                .any(|o| same_address(zone.rdata(o), data))
        })
        .count() as u32
}

/// The addresses of the targets of one NS set so far, each with the
/// first target that has it: a list while it is short, then also a hash
/// table.
#[derive(Default)]
struct AddressOwners<'z> {
    list: Vec<(&'z [u8], &'z [u8])>,
    table: rustc_hash::FxHashMap<&'z [u8], &'z [u8]>,
}

impl<'z> AddressOwners<'z> {
    fn clear(&mut self) {
        self.list.clear();
        self.table.clear();
    }

    /// The first target that has the address `data`.
    fn owner(&self, data: &[u8]) -> Option<&'z [u8]> {
        if self.list.len() > FEW_ADDRESSES {
            return self.table.get(data).copied();
        }
        self.list
            .iter()
            .find(|(d, _)| same_address(d, data))
            .map(|(_, o)| *o)
    }

    /// Records that `target` has `data`, an address no target had.
    fn insert(&mut self, data: &'z [u8], target: &'z [u8]) {
        self.list.push((data, target));
        if self.list.len() > FEW_ADDRESSES {
            if self.table.is_empty() {
                self.table.extend(self.list.iter().copied());
            } else {
                self.table.insert(data, target);
            }
        }
    }
}

/// The addresses of one NS target: special-purpose space for glue or
/// apex hosts, and an address another name server of the set also has
/// (`owners_of`: the addresses of the set's targets so far). The first is
/// a fact of the host, checked at its `first_look`; the second, of the set.
/// Returns the octets the addresses take in a referral.
fn check_target_addresses<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    set: &NsSet<'_>,
    (target, first_look): (&Target<'z>, bool),
    owners_of: &mut AddressOwners<'z>,
    host_findings: &mut HostFindings,
) -> usize {
    let zone = index.zone;
    let &NsSet {
        owner_name,
        is_apex,
        ..
    } = set;
    let glue_or_apex =
        is_apex || matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_));
    let check_space = glue_or_apex && first_look;
    let mut octets = 0;
    for record in &target.addresses {
        let data = zone.rdata(record);
        octets += RECORD_OVERHEAD + data.len();
        if check_space {
            if let Some(space) = special_purpose(data) {
                checker
                    .report_record(
                        Rule::SpecialPurposeAddress,
                        record,
                        format!(
                            "{} of name server {} is in {space} space",
                            address_text(data),
                            name::to_string(target.name)
                        ),
                    )
                    .help("name servers need addresses reachable from the Internet");
                note_host_finding(checker, host_findings, record);
            }
        }
        match owners_of.owner(data) {
            Some(other) if !name::eq_ignore_case(other, target.name) => {
                checker
                    .report_record(
                        Rule::SharedNsAddress,
                        record,
                        format!(
                            "name servers {} and {} of {owner_name} share the address {}",
                            name::to_string(other),
                            name::to_string(target.name),
                            address_text(data)
                        ),
                    )
                    .help("give each name server its own address, ideally on another network");
            }
            Some(_) => {}
            None => {
                owners_of.insert(data, target.name);
            }
        }
    }
    octets
}

/// Octets of a referral before its records: the header (12), a maximal
/// query name (255), its type and class (4).
const REFERRAL_HEADER: usize = 12 + 255 + 4;

/// Octets of a record besides its owner and RDATA when the owner is a
/// compression pointer: the pointer (2), type, class, TTL and RDATA
/// length (10).
const RECORD_OVERHEAD: usize = 2 + 10;

/// The size of the referral for a delegation: a maximal query name below
/// it, the NS set and the in-domain glue, with name compression.
pub fn referral_size(owner: &[u8], targets: &[&[u8]], glue: &[&[u8]], edns: bool) -> usize {
    let mut size = REFERRAL_HEADER;
    for (i, target) in targets.iter().enumerate() {
        // The owner and the targets before this one can be pointed to.
        let known = std::iter::once(owner).chain(targets[..i].iter().copied());
        size += RECORD_OVERHEAD + compressed_length(target, known);
    }
    for data in glue {
        size += RECORD_OVERHEAD + data.len();
    }
    if edns {
        size += 11;
    }
    size
}

fn compressed_length<'a>(name_wire: &[u8], known: impl Iterator<Item = &'a [u8]> + Clone) -> usize {
    let mut offset = 0;
    let mut suffix = name_wire;
    loop {
        if suffix.len() <= 1 {
            return name_wire.len();
        }
        if known.clone().any(|k| name::is_subdomain(k, suffix)) {
            return offset + 2;
        }
        let label = suffix[0] as usize + 1;
        offset += label;
        suffix = &suffix[label..];
    }
}

fn check_referral_size<'z>(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'z>,
    (owner, owner_name, upper_bound): (NameId, &Show<'_>, usize),
    targets: &[Target<'z>],
    (names, glue): (&mut Vec<&'z [u8]>, &mut Vec<&'z [u8]>),
) {
    let zone = index.zone;
    // `upper_bound`: the size without compression, never smaller.
    if upper_bound <= 512 {
        return;
    }
    names.clear();
    names.extend(targets.iter().map(|t| t.name));
    // Each RRset counts as the set it is: a record written twice is sent
    // once.
    glue.clear();
    for target in targets.iter().filter(|t| t.kind == TargetKind::InDomain) {
        let start = glue.len();
        if target.addresses.len() > FEW_ADDRESSES {
            glue.extend(target.addresses.iter().map(|r| zone.rdata(r)));
            glue[start..].sort_unstable();
            let mut kept = start;
            for at in start..glue.len() {
                if kept == start || glue[kept - 1] != glue[at] {
                    glue[kept] = glue[at];
                    kept += 1;
                }
            }
            glue.truncate(kept);
            continue;
        }
        for record in &target.addresses {
            let data = zone.rdata(record);
            if !glue[start..].iter().any(|d| same_address(d, data)) {
                glue.push(data);
            }
        }
    }
    let owner_wire = zone.names.get(owner);
    let plain = referral_size(owner_wire, names, glue, false);
    if plain <= 512 {
        return;
    }
    let with_edns = referral_size(owner_wire, names, glue, true);
    let finding = checker.report_record(
        Rule::ReferralTooLarge,
        targets[0].record,
        format!(
            "the referral for {owner_name} ({} name servers, {} in-domain glue records) takes {plain} octets with a maximal query name, over 512",
            targets.len(),
            glue.len()
        ),
    );
    if with_edns > 1232 {
        finding.severity = Severity::Error;
        finding
            .message
            .push_str(&format!(", and {with_edns} octets with EDNS, over 1232"));
    }
    finding.help(
        "use fewer name servers, fewer glue addresses, or name servers outside the delegation",
    );
}

/// Sibling dependencies can make a delegation unreachable: a delegation
/// is reachable when one of its name servers has glue, lies outside the
/// zone or in its own data, or lies below a reachable delegation. The
/// missing-sibling-glue findings of the delegations that are not (their
/// dependencies close a cycle) become errors.
fn escalate_cycles(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    edges: &[(NameId, NameId, usize)],
) {
    if edges.is_empty() {
        return;
    }
    let mut graph: HashMap<NameId, Vec<NameId>> = HashMap::new();
    for &(from, to, _) in edges {
        graph.entry(from).or_default().push(to);
    }
    // Only a delegation whose every name server is a sibling without glue
    // can be stuck.
    graph.retain(|&from, targets| ns_targets(index, from).len() == targets.len());
    let mut stuck: BTreeSet<NameId> = graph.keys().copied().collect();
    loop {
        let reachable: Vec<NameId> = stuck
            .iter()
            .copied()
            .filter(|from| graph[from].iter().any(|to| !stuck.contains(to)))
            .collect();
        if reachable.is_empty() {
            break;
        }
        for from in reachable {
            stuck.remove(&from);
        }
    }
    for &(from, _, finding) in edges {
        if stuck.contains(&from) {
            let f = &mut checker.findings[finding];
            f.severity = Severity::Error;
            f.message.push_str(
                "; the delegations depend on each other in a cycle, so none of them can be resolved",
            );
        }
    }
}

/// Reports `missing-trailing-dot` for a target that looks like a
/// forgotten dot, when the field was written relative. Returns whether it
/// did.
pub(crate) fn report_forgotten_dot(
    checker: &mut Checker<'_>,
    record: &Record,
    target: &[u8],
    field: usize,
    what: &str,
) -> bool {
    let zone = checker.zone;
    let Some((file, fields)) = super::rdata_fields(zone, record) else {
        return false;
    };
    let Some(written) = fields.get(field) else {
        return false;
    };
    if written.text.ends_with(b".") || written.text == b"@" {
        return false;
    }
    let written_text = String::from_utf8_lossy(written.text).into_owned();
    let span = written.span;
    let owner = Show(zone.owner(record));
    let finding = checker.report(
        Rule::MissingTrailingDot,
        file,
        span,
        format!(
            "{what} `{written_text}` of {owner} has no final dot, so it means {}",
            name::to_string(target)
        ),
    );
    finding.help(format!(
        "write `{written_text}.` if the name is meant as it stands"
    ));
    finding.fix = Some(crate::finding::Fix {
        title: format!("Add the trailing dot: `{written_text}.`"),
        applicability: crate::finding::Applicability::Unsafe,
        edits: vec![crate::finding::Edit {
            file,
            span: crate::span::Span {
                start: span.end,
                end: span.end,
            },
            replacement: ".".into(),
        }],
    });
    true
}

/// Top-level domains that are never also the name of a subdomain in
/// practice, so `ns1.example.net` before the origin means a forgotten dot.
const LEGACY_TLDS: &[&[u8]] = &[
    b"com", b"net", b"org", b"edu", b"gov", b"mil", b"int", b"info", b"biz", b"arpa",
];

/// Whether `target`, a name inside the zone of `origin`, looks like a
/// relative name written without its final dot: the labels before the
/// origin repeat the origin or end in a known top-level domain.
pub(crate) fn looks_like_missing_dot(target: &[u8], origin: &[u8]) -> bool {
    if origin.len() <= 1 || target.len() <= origin.len() || !name::is_subdomain(target, origin) {
        return false;
    }
    // The labels written before the origin, and the origin without its
    // root label, as wire bytes.
    let prefix = &target[..target.len() - origin.len()];
    let origin_labels = &origin[..origin.len() - 1];
    let mut count = 0;
    let mut last: &[u8] = &[];
    let mut repeats_origin = false;
    let mut position = 0;
    while position < prefix.len() {
        let rest = &prefix[position..];
        // The prefix ends with the origin's labels after at least one
        // more: `ns1.example.com` in example.com.
        if count > 0 && name::eq_ignore_case(rest, origin_labels) {
            repeats_origin = true;
        }
        let end = (position + 1 + prefix[position] as usize).min(prefix.len());
        last = &prefix[position + 1..end];
        count += 1;
        position = end;
    }
    // The prefix ends in a legacy TLD (`ns1.example.net`), or in a
    // country code after two more labels (`ns1.example.de`): a relative
    // `www.de` may well be a subdomain, so it does not count.
    repeats_origin
        || (count >= 2 && LEGACY_TLDS.iter().any(|tld| tld.eq_ignore_ascii_case(last)))
        || (count >= 3 && last.len() == 2 && last.iter().all(u8::is_ascii_alphabetic))
}

/// The address an NS or MX target is, as it was written: a relative name
/// that reads as an address (`192.0.2.1`, which the origin follows), or
/// an absolute name that is nothing but an address (`192.0.2.1.`). A fully
/// qualified name with numeric labels before others
/// (`10.1.2.3.pool.example.com.`) is a host name (RFC 1123 §2.1).
/// `field`: the RDATA field of `record` that holds the target.
pub fn written_address(
    zone: &crate::zone::Zone,
    record: &Record,
    field: usize,
    target: &[u8],
    origin: &[u8],
) -> Option<String> {
    let address = address_like(target, origin)?;
    if address.split('.').count() == name::label_count(target) {
        return Some(address);
    }
    // The address and the origin: an address only when written relative
    // (a `$GENERATE` record has no field of its own: taken as written).
    let relative = super::rdata_fields(zone, record)
        .and_then(|(_, fields)| fields.get(field).map(|f| !f.text.ends_with(b".")))
        .unwrap_or(true);
    relative.then_some(address)
}

/// The address a name spells, when it is a dotted quad (alone or followed
/// by the origin) or has a label with a colon.
pub fn address_like(target: &[u8], origin: &[u8]) -> Option<String> {
    // Fast path: a name whose first label is not all digits and that has
    // no colon anywhere is not an address.
    let first = name::labels(target).next()?;
    if !first.iter().all(u8::is_ascii_digit) && !target.contains(&b':') {
        return None;
    }
    let labels: Vec<&[u8]> = name::labels(target).collect();
    if labels.iter().any(|l| l.contains(&b':')) {
        // An IPv6 address (possibly with an IPv4 tail) written as a name,
        // alone or followed by the origin.
        let rest = name::label_count(origin);
        let own = if labels.len() > rest && name::is_subdomain(target, origin) {
            &labels[..labels.len() - rest]
        } else {
            &labels[..]
        };
        for candidate in [own, &labels[..]] {
            let text = candidate
                .iter()
                .map(|l| String::from_utf8_lossy(l))
                .collect::<Vec<_>>()
                .join(".");
            if text.parse::<std::net::Ipv6Addr>().is_ok() {
                return Some(text);
            }
        }
        return None;
    }
    if labels.len() < 4 {
        return None;
    }
    let quad = &labels[..4];
    if !quad.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 3
            && l.iter().all(u8::is_ascii_digit)
            && std::str::from_utf8(l)
                .ok()
                .and_then(|t| t.parse::<u16>().ok())
                .is_some_and(|n| n <= 255)
    }) {
        return None;
    }
    let rest = name::labels(origin).count();
    if labels.len() != 4 && !(labels.len() == 4 + rest && name::is_subdomain(target, origin)) {
        return None;
    }
    Some(
        quad.iter()
            .map(|l| String::from_utf8_lossy(l))
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// Why a host name is not a valid LDH host name, if it is not.
pub fn host_name_problem(wire: &[u8]) -> Option<String> {
    let mut top: &[u8] = &[];
    for label in name::labels(wire) {
        if !label
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            return Some(format!(
                "has the label \"{}\" with characters other than letters, digits and hyphens",
                String::from_utf8_lossy(label)
            ));
        }
        if label.starts_with(b"-") || label.ends_with(b"-") {
            return Some(format!(
                "has the label \"{}\" that starts or ends with a hyphen",
                String::from_utf8_lossy(label)
            ));
        }
        top = label;
    }
    if !top.is_empty() && top.iter().all(u8::is_ascii_digit) {
        return Some(format!(
            "has the all-numeric top label \"{}\"",
            String::from_utf8_lossy(top)
        ));
    }
    None
}

/// The level of a host name counted from the longest registry suffix it
/// lies under (the suffix counts as one level); `None` when it is under
/// none of them. With no suffixes, the plain label count.
pub fn host_depth(wire: &[u8], suffixes: &[String]) -> Option<u32> {
    let text = name::to_string(wire).to_ascii_lowercase();
    let text = text.trim_end_matches('.');
    let total = name::label_count(wire) as u32;
    if suffixes.is_empty() {
        return Some(total);
    }
    let suffix = suffixes
        .iter()
        .filter(|s| text == s.as_str() || text.ends_with(&format!(".{s}")))
        .max_by_key(|s| s.len())?;
    let suffix_labels = suffix.split('.').count() as u32;
    Some(total - suffix_labels + 1)
}

/// The special-purpose space an address is in, if any.
pub fn special_purpose(data: &[u8]) -> Option<&'static str> {
    if !may_be_special(data) {
        return None;
    }
    special_space(data)
}

/// Whether the first octet of an IPv4 or IPv6 address is one that some
/// space of [`special_space`] starts with: most name-server addresses are
/// told apart by it alone.
fn may_be_special(data: &[u8]) -> bool {
    match (data.len(), data.first()) {
        (4, Some(first)) => matches!(
            first,
            0 | 10 | 100 | 127 | 169 | 172 | 192 | 198 | 203 | 224..=255
        ),
        (16, Some(first)) => matches!(first, 0x00 | 0x20 | 0xfc..=0xff),
        _ => false,
    }
}

/// The special-purpose space an address lies in, if any.
fn special_space(data: &[u8]) -> Option<&'static str> {
    match data.len() {
        4 => {
            let address = Ipv4Addr::new(data[0], data[1], data[2], data[3]);
            let o = address.octets();
            if address.is_unspecified() || o[0] == 0 {
                Some("unspecified (0.0.0.0/8)")
            } else if address.is_loopback() {
                Some("loopback (127.0.0.0/8)")
            } else if address.is_private() {
                Some("private (RFC 1918)")
            } else if address.is_link_local() {
                Some("link-local (169.254.0.0/16)")
            } else if address.is_documentation() {
                Some("documentation (RFC 5737)")
            } else if address.is_multicast() {
                Some("multicast (224.0.0.0/4)")
            } else if o[0] == 100 && (64..128).contains(&o[1]) {
                Some("shared (100.64.0.0/10)")
            } else if o[0] == 198 && (o[1] == 18 || o[1] == 19) {
                Some("benchmarking (198.18.0.0/15)")
            } else if o[0] >= 240 {
                Some("reserved (240.0.0.0/4)")
            } else if o[0] == 192 && o[1] == 0 && o[2] == 0 {
                Some("IETF protocol assignments (192.0.0.0/24)")
            } else {
                None
            }
        }
        16 => {
            let bytes: [u8; 16] = data.try_into().ok()?;
            let address = Ipv6Addr::from(bytes);
            let s = address.segments();
            if address.is_unspecified() {
                Some("unspecified (::)")
            } else if address.is_loopback() {
                Some("loopback (::1)")
            } else if s[0] & 0xffc0 == 0xfe80 {
                Some("link-local (fe80::/10)")
            } else if s[0] & 0xfe00 == 0xfc00 {
                Some("unique local (fc00::/7)")
            } else if s[0] == 0x2001 && s[1] == 0x0db8 {
                Some("documentation (2001:db8::/32)")
            } else if s[0] & 0xff00 == 0xff00 {
                Some("multicast (ff00::/8)")
            } else if address.to_ipv4_mapped().is_some() {
                Some("IPv4-mapped (::ffff:0:0/96)")
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The presentation form of A or AAAA RDATA.
pub fn address_text(data: &[u8]) -> String {
    match data.len() {
        4 => Ipv4Addr::new(data[0], data[1], data[2], data[3]).to_string(),
        16 => <[u8; 16]>::try_from(data)
            .map_or_else(|_| String::new(), |b| Ipv6Addr::from(b).to_string()),
        _ => String::new(),
    }
}

/// Orphan glue and occluded data: records at and below delegation points.
fn check_cut_data(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    (named, clear): (&NameSet, &NameSet),
    owners: std::ops::Range<usize>,
) {
    let zone = index.zone;
    if index.delegations.is_empty() {
        return;
    }
    for owner in owners.start as NameId..owners.end as NameId {
        let cut = index.cut_of(owner);
        // Names the NS sets found clear need no second look at their
        // records (most names of a large zone).
        if cut.is_none() && !index.is_delegation(owner) || clear.contains(owner) {
            continue;
        }
        for record in index.records_at(owner) {
            let is_address = record.record_type == types::A || record.record_type == types::AAAA;
            let owner_name = || name::to_string(zone.owner(record));
            let type_name = || crate::rrtype::type_name(record.record_type);
            if let Some(cut) = cut {
                if is_address {
                    if !named.contains(owner) {
                        report_orphan(checker, record, &owner_name(), &owner_text(index, cut));
                    }
                } else {
                    checker
                        .report_record(
                            Rule::OccludedData,
                            record,
                            format!(
                                "{} record at {} lies below the delegation {} and is never served",
                                type_name(),
                                owner_name(),
                                owner_text(index, cut)
                            ),
                        )
                        .help("move it into the child zone, or remove it");
                }
            } else if index.is_delegation(owner) {
                match record.record_type {
                    // An alias beside NS is cname-and-other-data's or
                    // dname-conflict's, not occluded data.
                    types::NS
                    | types::DS
                    | types::NSEC
                    | types::RRSIG
                    | types::CNAME
                    | types::DNAME => {}
                    types::A | types::AAAA => {
                        if !named.contains(owner) {
                            report_orphan(checker, record, &owner_name(), &owner_name());
                        }
                    }
                    _ => {
                        checker
                        .report_record(
                            Rule::OccludedData,
                            record,
                            format!(
                                "{} record at the delegation point {} is never served (only NS, DS, NSEC and RRSIG are)",
                                type_name(),
                                owner_name()
                            ),
                        )
                        .help("move it into the child zone, or remove it");
                    }
                }
            }
        }
    }
}

fn report_orphan(checker: &mut Checker<'_>, record: &Record, owner: &str, cut: &str) {
    let zone = checker.zone;
    let data = zone.rdata(record);
    let (file, span) = zone.record_span(record);
    let deletable = deletion_is_safe(zone, record);
    let finding = checker.report_record(
        Rule::OrphanGlue,
        record,
        format!(
            "{} for {owner} is glue below the delegation {cut}, but no NS record names {owner}",
            address_text(data)
        ),
    );
    finding.help("remove it, or add the NS record that should use it");
    if deletable {
        finding.fix = Some(crate::finding::Fix {
            title: format!("Delete the orphan glue for {owner}"),
            applicability: crate::finding::Applicability::Unsafe,
            edits: vec![crate::finding::Edit {
                file,
                span,
                replacement: String::new(),
            }],
        });
    }
}

/// Deleting a record's line is safe when the line is its own entry and
/// the next record does not inherit its owner.
fn deletion_is_safe(zone: &crate::zone::Zone, record: &Record) -> bool {
    if record.flags & crate::zone::FLAG_GENERATED != 0 {
        return false;
    }
    let file = &zone.files[record.file as usize];
    let entry = record.entry as usize;
    let starts_with_owner = |index: usize| {
        let span = file.entries[index].span;
        !matches!(file.text.get(span.start as usize), Some(b' ' | b'\t'))
    };
    if !starts_with_owner(entry) {
        return true;
    }
    match file.entries[entry + 1..]
        .iter()
        .position(|e| e.kind != crate::syntax::EntryKind::Empty)
    {
        Some(offset) => {
            let next = entry + 1 + offset;
            file.entries[next].kind != crate::syntax::EntryKind::Record || starts_with_owner(next)
        }
        None => true,
    }
}

/// `glue-mismatch` and `delegation-ns-mismatch` across the zones of a run.
pub fn check_across(indexes: &[ZoneIndex<'_>]) -> Vec<(usize, Finding)> {
    let mut findings = Vec::new();
    if indexes.len() < 2 {
        return findings;
    }
    let origins: Vec<Option<Vec<u8>>> = indexes
        .iter()
        .map(|i| {
            i.zone.origin.clone().map(|mut o| {
                name::to_lowercase(&mut o);
                o
            })
        })
        .collect();
    let mut by_origin: HashMap<&[u8], Vec<usize>> = HashMap::new();
    for (index, origin) in origins.iter().enumerate() {
        if let Some(origin) = origin {
            by_origin.entry(origin.as_slice()).or_default().push(index);
        }
    }
    let find_zone = |wire: &[u8]| -> Option<usize> {
        let mut lower = wire.to_vec();
        name::to_lowercase(&mut lower);
        by_origin
            .get(lower.as_slice())
            .and_then(|z| z.first().copied())
    };
    for (parent_index, parent) in indexes.iter().enumerate() {
        let zone = parent.zone;
        let mut checker = Checker::new(zone);
        for &delegation in &parent.delegations {
            let delegation_wire = zone.names.get(delegation);
            let targets = ns_targets(parent, delegation);
            // delegation-ns-mismatch
            if let Some(child_index) = find_zone(delegation_wire).filter(|&c| c != parent_index) {
                let child = &indexes[child_index];
                if let Some(apex) = child.apex {
                    let child_targets = ns_targets(child, apex);
                    let lower = |names: Vec<&[u8]>| -> BTreeSet<String> {
                        names
                            .into_iter()
                            .map(|n| name::to_string(n).to_ascii_lowercase())
                            .collect()
                    };
                    let parent_set = lower(targets.iter().map(|t| t.name).collect());
                    let child_set = lower(child_targets.iter().map(|t| t.name).collect());
                    if parent_set != child_set && !child_targets.is_empty() {
                        checker
                            .report_record(
                                Rule::DelegationNsMismatch,
                                targets[0].record,
                                format!(
                                    "{} delegates {} to {}, but the child zone {} lists {}",
                                    name::to_string(zone.origin.as_deref().unwrap_or(name::ROOT)),
                                    name::to_string(delegation_wire),
                                    parent_set.iter().cloned().collect::<Vec<_>>().join(", "),
                                    child.zone.files[0].path.display(),
                                    child_set.iter().cloned().collect::<Vec<_>>().join(", ")
                                ),
                            )
                            .help("make the parent's NS set and the child's apex NS set the same");
                    }
                }
            }
            // glue-mismatch
            for target in &targets {
                if !matches!(target.kind, TargetKind::InDomain | TargetKind::Sibling(_))
                    || target.addresses.is_empty()
                {
                    continue;
                }
                let Some(authority) =
                    authoritative_zone(indexes, &by_origin, target.name, parent_index)
                else {
                    continue;
                };
                let other = &indexes[authority];
                let ours: BTreeSet<&[u8]> =
                    target.addresses.iter().map(|r| zone.rdata(r)).collect();
                // The child zone's answer, a wildcard's included.
                let other_records: Vec<&Record> = other
                    .lookup(target.name, Query::Address)
                    .records(other, Query::Address)
                    .collect();
                let theirs: BTreeSet<&[u8]> =
                    other_records.iter().map(|r| other.zone.rdata(r)).collect();
                if ours != theirs {
                    let show = |set: &BTreeSet<&[u8]>| {
                        if set.is_empty() {
                            "no address".to_string()
                        } else {
                            set.iter()
                                .map(|d| address_text(d))
                                .collect::<Vec<_>>()
                                .join(", ")
                        }
                    };
                    checker
                        .report_record(
                            Rule::GlueMismatch,
                            target.addresses[0],
                            format!(
                                "glue for {} says {}, but its zone {} ({}) says {}",
                                name::to_string(target.name),
                                show(&ours),
                                name::to_string(other.zone.origin.as_deref().unwrap_or(name::ROOT)),
                                other.zone.files[0].path.display(),
                                show(&theirs)
                            ),
                        )
                        .help("update the glue to the addresses of the authoritative zone");
                }
            }
        }
        findings.extend(checker.findings.into_iter().map(|f| (parent_index, f)));
    }
    findings
}

/// The zone of the run, other than `exclude`, that is authoritative for
/// `host`: the one with the longest origin above it, where it is not below
/// a delegation.
fn authoritative_zone(
    indexes: &[ZoneIndex<'_>],
    by_origin: &HashMap<&[u8], Vec<usize>>,
    host: &[u8],
    exclude: usize,
) -> Option<usize> {
    let mut lower = host.to_vec();
    name::to_lowercase(&mut lower);
    let mut suffix: Option<&[u8]> = Some(&lower);
    while let Some(candidate) = suffix {
        if let Some(&best) = by_origin
            .get(candidate)
            .and_then(|zones| zones.iter().find(|&&z| z != exclude))
        {
            return indexes[best]
                .cut_at_or_above(host)
                .is_none()
                .then_some(best);
        }
        suffix = name::parent(candidate);
    }
    None
}

#[cfg(test)]
mod tests {
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
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
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

    #[test]
    fn addresses_written_as_names_are_recognised() {
        let origin = wire("example.com.");
        assert_eq!(
            address_like(&wire("192.0.2.1."), &origin).as_deref(),
            Some("192.0.2.1")
        );
        assert_eq!(
            address_like(&wire("192.0.2.1.example.com."), &origin).as_deref(),
            Some("192.0.2.1")
        );
        assert_eq!(address_like(&wire("1.2.3.4.in-addr.arpa."), &origin), None);
        assert_eq!(address_like(&wire("ns1.example.com."), &origin), None);
        assert_eq!(
            address_like(&wire("2001:db8::1."), &origin).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(
            address_like(&wire("2001:db8::1.example.com."), &origin).as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(address_like(&wire("23456789:\\;.records."), &origin), None);
    }

    #[test]
    fn forgotten_dots_are_recognised() {
        let origin = wire("example.com.");
        assert!(looks_like_missing_dot(
            &wire("ns1.example.net.example.com."),
            &origin
        ));
        assert!(looks_like_missing_dot(
            &wire("ns1.example.com.example.com."),
            &origin
        ));
        assert!(!looks_like_missing_dot(&wire("ns1.example.com."), &origin));
        assert!(!looks_like_missing_dot(
            &wire("ns1.shop.example.com."),
            &origin
        ));
        assert!(looks_like_missing_dot(
            &wire("ns1.example.de.example.com."),
            &origin
        ));
        assert!(!looks_like_missing_dot(
            &wire("www.de.example.com."),
            &origin
        ));
    }

    #[test]
    fn host_depth_counts_from_the_registry_suffix() {
        let suffixes = vec!["cn".to_string(), "com.cn".to_string()];
        assert_eq!(host_depth(&wire("ns1.example.cn."), &suffixes), Some(3));
        assert_eq!(host_depth(&wire("ns1.example.com.cn."), &suffixes), Some(3));
        assert_eq!(host_depth(&wire("ns1.a.example.cn."), &suffixes), Some(4));
        assert_eq!(host_depth(&wire("ns1.example.net."), &suffixes), None);
    }

    #[test]
    fn host_name_syntax() {
        assert!(host_name_problem(&wire("ns1.example.com.")).is_none());
        assert!(host_name_problem(&wire("ns_1.example.com.")).is_some());
        assert!(host_name_problem(&wire("ns1.-x.com.")).is_some());
        assert!(host_name_problem(&wire("ns1.example.123.")).is_some());
    }

    #[test]
    fn special_purpose_space() {
        assert!(special_purpose(&[10, 0, 0, 1]).is_some());
        assert!(special_purpose(&[192, 0, 2, 1]).is_some());
        assert!(special_purpose(&[8, 8, 8, 8]).is_none());
        let v6: [u8; 16] = "2001:db8::1".parse::<Ipv6Addr>().unwrap().octets();
        assert!(special_purpose(&v6).is_some());
        let v6: [u8; 16] = "2001:500::1".parse::<Ipv6Addr>().unwrap().octets();
        assert!(special_purpose(&v6).is_none());
    }

    #[test]
    fn no_special_space_starts_with_a_first_octet_the_quick_test_passes_over() {
        // Every space of `special_space` begins with a first octet that
        // `may_be_special` lets through: a space added to one only would
        // make the quick test hide it.
        let fills = [0x00, 0x01, 0x02, 0x0d, 0x64, 0x71, 0xb8, 0xff];
        for first in (0..=255u8).filter(|&f| !may_be_special(&[f, 0, 0, 0])) {
            for second in 0..=255u8 {
                for &rest in &fills {
                    let v4 = [first, second, rest, rest.wrapping_add(1)];
                    assert_eq!(special_space(&v4), None, "{v4:?}");
                }
            }
        }
        let mut tested = 0;
        for first in (0..=255u8).filter(|&f| !may_be_special(&[f; 16])) {
            for second in 0..=255u8 {
                for &rest in &fills {
                    let mut v6 = [rest; 16];
                    v6[0] = first;
                    v6[1] = second;
                    assert_eq!(special_space(&v6), None, "{v6:?}");
                    // The second group of 2001:db8::/32.
                    v6[2..4].copy_from_slice(&[0x0d, 0xb8]);
                    assert_eq!(special_space(&v6), None, "{v6:?}");
                    tested += 1;
                }
            }
        }
        assert!(tested > 0);
        // And the spaces are still found behind it.
        for address in [
            "0.1.2.3",
            "100.64.0.1",
            "198.19.0.1",
            "203.0.113.9",
            "240.0.0.1",
            "::",
            "::1",
            "::ffff:192.0.2.1",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            let data = match address.parse::<std::net::IpAddr>().unwrap() {
                std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
                std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
            };
            assert!(special_purpose(&data).is_some(), "{address}");
        }
    }

    #[test]
    fn referral_size_uses_compression() {
        let owner = wire("shop.example.com.");
        let ns1 = wire("ns1.shop.example.com.");
        // 12 + 259 question; NS: 2 + 10 + ("ns1" label 4 + pointer 2); glue: 2 + 10 + 4.
        assert_eq!(
            referral_size(&owner, &[&ns1], &[&[192, 0, 2, 1]], false),
            12 + 259 + 18 + 16
        );
    }
}
