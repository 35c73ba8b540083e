//! How zonelint answers a name (DESIGN §4): the answer an authoritative
//! server gives from this zone, by one lookup, RFC 1034 §4.3.2 with RFC
//! 4592 wildcards and RFC 6672 DNAME. Every rule that asks what the zone
//! says for a name asks [`ZoneIndex::lookup`]; glue below a zone cut is
//! asked of [`ZoneIndex::glue`], which knows no wildcard and no alias.
//!
//! The walk down from the apex, as a server takes it: a zone cut at or
//! above the name (not the apex) gives a referral, and nothing below it is
//! this zone's data; a DNAME strictly above the name (the topmost one, and
//! only when no cut is above it) redirects it; an exact match gives its
//! data, its CNAME (an alias, unless the CNAME itself is asked for) or no
//! data; a name that exists without records (an empty non-terminal) gives
//! no data; a name that does not exist is answered by the wildcard `*`
//! below its closest encloser (its nearest existing ancestor), if that
//! exists, as the wildcard's own node would be; else there is no such
//! name.

use super::index::{ZoneIndex, types};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

/// The types a lookup asks for: `A` and `AAAA` together (the address of
/// a host), one type, or any data at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Query {
    /// A and AAAA.
    Address,
    /// One type.
    Type(u16),
    /// Every type but CNAME: whether the name has data of its own.
    Any,
}

impl Query {
    /// Whether a record of `record_type` answers the query.
    pub fn matches(self, record_type: u16) -> bool {
        match self {
            Query::Address => record_type == types::A || record_type == types::AAAA,
            Query::Type(wanted) => record_type == wanted,
            Query::Any => record_type != types::CNAME,
        }
    }

    fn asks_for_cname(self) -> bool {
        self == Query::Type(types::CNAME)
    }
}

/// What the zone answers for a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer<'z> {
    /// The name is outside the zone.
    OutOfZone,
    /// A zone cut at or above the name: a referral to the delegation
    /// `cut` (a name below it is only glue, asked of [`ZoneIndex::glue`]).
    Referral(NameId),
    /// An alias: a CNAME at the name (or at the wildcard that answers for
    /// it), or a DNAME above it.
    Alias {
        /// The CNAME or DNAME record.
        record: &'z Record,
        /// Whether a wildcard's CNAME answers.
        wildcard: bool,
    },
    /// Records of the type asked for, owned by `owner`: the name itself,
    /// or the wildcard that answers for it.
    Data {
        /// The name that owns the records.
        owner: NameId,
        /// Whether `owner` is a wildcard that answers for the name.
        wildcard: bool,
    },
    /// The name exists (or a wildcard answers) but has no record of the
    /// type: `owner` is `None` for an empty non-terminal.
    NoData {
        /// The name (or wildcard) that owns the other records.
        owner: Option<NameId>,
        /// Whether a wildcard answers.
        wildcard: bool,
    },
    /// No such name, and no wildcard answers for it.
    NxDomain,
}

impl<'z> Answer<'z> {
    /// The records of the answer that `query` asks for (none unless it is
    /// [`Answer::Data`]).
    pub fn records<'i>(
        self,
        index: &'i ZoneIndex<'z>,
        query: Query,
    ) -> impl Iterator<Item = &'z Record> + 'i {
        let owner = match self {
            Answer::Data { owner, .. } => Some(owner),
            _ => None,
        };
        owner
            .into_iter()
            .flat_map(move |owner| index.records_at(owner))
            .filter(move |r| query.matches(r.record_type))
    }

    /// Whether the name has no records of the type asked, in this zone's
    /// authoritative data: no data or no such name.
    pub fn is_negative(self) -> bool {
        matches!(self, Answer::NoData { .. } | Answer::NxDomain)
    }
}

impl<'z> ZoneIndex<'z> {
    /// What the zone answers for `wire` and `query` (see the module
    /// documentation).
    pub fn lookup(&self, wire: &[u8], query: Query) -> Answer<'z> {
        if !self.in_zone(wire) {
            return Answer::OutOfZone;
        }
        let id = self.zone.names.lookup(wire);
        let cut = match id {
            Some(id) => self.cut_at_or_above_id(id),
            None => self.cut_above(wire),
        };
        self.lookup_known(wire, id, cut, query)
    }

    /// [`ZoneIndex::lookup`] of a name inside the zone whose id (when it
    /// owns records) and delegation at or above it the caller found.
    pub fn lookup_known(
        &self,
        wire: &[u8],
        id: Option<NameId>,
        cut: Option<NameId>,
        query: Query,
    ) -> Answer<'z> {
        // The parent side answers DS at a delegation point.
        let cut = cut.filter(|&cut| !(Some(cut) == id && query == Query::Type(types::DS)));
        if self.has_dname {
            if let Some(dname) = self.topmost_dname_above(wire) {
                let below_cut = cut.is_some_and(|cut| {
                    self.zone.names.get(cut).len() > self.zone.owner(dname).len()
                });
                if cut.is_none() || below_cut {
                    return Answer::Alias {
                        record: dname,
                        wildcard: false,
                    };
                }
            }
        }
        if let Some(cut) = cut {
            return Answer::Referral(cut);
        }
        if let Some(id) = id {
            return self.answer_at(id, query, false);
        }
        // An empty non-terminal, or the apex owning nothing.
        if self.exists(wire) {
            return Answer::NoData {
                owner: None,
                wildcard: false,
            };
        }
        // The closest encloser: the nearest ancestor that exists; only the
        // wildcard right below it answers (RFC 4592 §3.3.1).
        let mut candidate = Vec::with_capacity(wire.len() + 2);
        let mut current = name::parent(wire);
        while let Some(ancestor) = current {
            if !self.in_zone(ancestor) {
                break;
            }
            if self.exists(ancestor) {
                candidate.extend_from_slice(b"\x01*");
                candidate.extend_from_slice(ancestor);
                return match self.zone.names.lookup(&candidate) {
                    Some(wildcard) if self.is_delegation(wildcard) => Answer::Referral(wildcard),
                    Some(wildcard) => self.answer_at(wildcard, query, true),
                    None if self.is_empty_non_terminal(&candidate) => Answer::NoData {
                        owner: None,
                        wildcard: true,
                    },
                    None => Answer::NxDomain,
                };
            }
            current = name::parent(ancestor);
        }
        Answer::NxDomain
    }

    /// The answer of the node `id` (the name, or the wildcard that answers
    /// for it).
    fn answer_at(&self, id: NameId, query: Query, wildcard: bool) -> Answer<'z> {
        let mut has_data = false;
        let mut cname = None;
        for record in self.records_at(id) {
            if record.record_type == types::CNAME && cname.is_none() {
                cname = Some(record);
            }
            has_data |= query.matches(record.record_type);
        }
        match cname {
            Some(record) if !query.asks_for_cname() => Answer::Alias { record, wildcard },
            _ if has_data => Answer::Data {
                owner: id,
                wildcard,
            },
            _ => Answer::NoData {
                owner: Some(id),
                wildcard,
            },
        }
    }

    /// The DNAME of the highest ancestor of `wire` (strictly above it, at
    /// most the apex) that owns one: the one a server meets first on its
    /// way down.
    pub fn topmost_dname_above(&self, wire: &[u8]) -> Option<&'z Record> {
        let mut found = None;
        let mut current = name::parent(wire);
        while let Some(ancestor) = current {
            if !self.in_zone(ancestor) {
                break;
            }
            if let Some(id) = self.zone.names.lookup(ancestor) {
                if let Some(record) = self.rrset(id, types::DNAME).next() {
                    found = Some(record);
                }
            }
            current = name::parent(ancestor);
        }
        found
    }

    /// The glue for `wire` below the delegation `cut`: the address records
    /// the name itself owns (exact owners only: no wildcard, no alias).
    pub fn glue(&self, cut: NameId, wire: &[u8]) -> Vec<&'z Record> {
        self.addresses_of(self.find_at_or_below(cut, wire, cut + 1))
    }

    /// The addresses a name server `wire` named by an NS set gets from
    /// this zone: its glue when it lies at or below a delegation, else the
    /// answer of [`ZoneIndex::lookup`] (wildcard synthesis included).
    /// Empty when the name is outside the zone or an alias.
    pub fn host_addresses(&self, wire: &[u8]) -> Vec<&'z Record> {
        match self.lookup(wire, Query::Address) {
            Answer::Referral(cut) => self.glue(cut, wire),
            answer => answer.records(self, Query::Address).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::test_wire as wire;
    use crate::zone::Zone;

    fn zone(text: &str) -> Zone {
        crate::zone::test_zone(text, "example.com.")
    }

    /// The answer for `name` in a short form: the kind and the owner.
    fn answer(index: &ZoneIndex<'_>, name: &str, query: Query) -> String {
        let show = |id: NameId| name::to_string(index.zone.names.get(id));
        match index.lookup(&wire(name), query) {
            Answer::OutOfZone => "out-of-zone".into(),
            Answer::Referral(cut) => format!("referral {}", show(cut)),
            Answer::Alias { record, wildcard } => format!(
                "alias {} {}{}",
                crate::rrtype::type_name(record.record_type),
                show(record.owner),
                if wildcard { " (wildcard)" } else { "" }
            ),
            Answer::Data { owner, wildcard } => {
                format!(
                    "data {}{}",
                    show(owner),
                    if wildcard { " (wildcard)" } else { "" }
                )
            }
            Answer::NoData { owner, wildcard } => format!(
                "nodata {}{}",
                owner.map_or_else(|| "(empty non-terminal)".into(), show),
                if wildcard { " (wildcard)" } else { "" }
            ),
            Answer::NxDomain => "nxdomain".into(),
        }
    }

    const ZONE: &str = "@ 3600 SOA ns1 hostmaster 1 7200 3600 1209600 3600\n\
         @ 3600 NS ns1\n\
         ns1 3600 A 192.0.2.1\n\
         * 3600 A 192.0.2.9\n\
         *.w 3600 TXT wild\n\
         text 3600 TXT only\n\
         a.ent 3600 A 192.0.2.2\n\
         alias 3600 CNAME ns1\n\
         *.star 3600 CNAME ns1\n\
         old 3600 DNAME example.net.\n\
         sub.old 3600 DNAME example.org.\n\
         shop 3600 NS ns1.shop\n\
         shop 3600 DS 1 8 2 0000000000000000000000000000000000000000000000000000000000000000\n\
         ns1.shop 3600 A 192.0.2.3\n\
         www.shop 3600 CNAME elsewhere.example.net.\n\
         d 3600 NS ns.d\n\
         d 3600 DNAME example.net.\n\
         x.d 3600 A 192.0.2.4\n";

    #[test]
    fn names_are_answered_as_an_authoritative_server_answers_them() {
        let zone = zone(ZONE);
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let index = ZoneIndex::new(&zone);
        let a = Query::Address;
        for (name, query, expected) in [
            ("ns1.example.com.", a, "data ns1.example.com."),
            ("example.com.", a, "nodata example.com."),
            ("example.net.", a, "out-of-zone"),
            // Wildcards answer names that do not exist, nothing else.
            ("nothing.example.com.", a, "data *.example.com. (wildcard)"),
            (
                "deep.nothing.example.com.",
                a,
                "data *.example.com. (wildcard)",
            ),
            ("text.example.com.", a, "nodata text.example.com."),
            ("ent.example.com.", a, "nodata (empty non-terminal)"),
            ("b.ent.example.com.", a, "nxdomain"),
            ("x.w.example.com.", a, "nodata *.w.example.com. (wildcard)"),
            (
                "x.w.example.com.",
                Query::Type(16),
                "data *.w.example.com. (wildcard)",
            ),
            (
                "x.star.example.com.",
                a,
                "alias CNAME *.star.example.com. (wildcard)",
            ),
            // Aliases: a CNAME at the name, a DNAME (the topmost) above it.
            ("alias.example.com.", a, "alias CNAME alias.example.com."),
            (
                "alias.example.com.",
                Query::Type(5),
                "data alias.example.com.",
            ),
            ("old.example.com.", a, "nodata old.example.com."),
            ("x.old.example.com.", a, "alias DNAME old.example.com."),
            ("x.sub.old.example.com.", a, "alias DNAME old.example.com."),
            // A cut: a referral, whatever lies below it; DS at the cut is
            // the parent's; a DNAME beside the NS does not redirect.
            ("shop.example.com.", a, "referral shop.example.com."),
            (
                "shop.example.com.",
                Query::Type(43),
                "data shop.example.com.",
            ),
            ("ns1.shop.example.com.", a, "referral shop.example.com."),
            ("www.shop.example.com.", a, "referral shop.example.com."),
            ("none.shop.example.com.", a, "referral shop.example.com."),
            ("x.d.example.com.", a, "referral d.example.com."),
        ] {
            assert_eq!(answer(&index, name, query), expected, "{name} {query:?}");
        }
        // Glue: exact owners below the cut, no alias, no wildcard.
        let shop = zone.names.lookup(&wire("shop.example.com.")).unwrap();
        assert_eq!(index.glue(shop, &wire("ns1.shop.example.com.")).len(), 1);
        assert!(index.glue(shop, &wire("www.shop.example.com.")).is_empty());
        assert!(index.glue(shop, &wire("ns9.shop.example.com.")).is_empty());
        assert_eq!(
            index.host_addresses(&wire("ns1.shop.example.com.")).len(),
            1
        );
        assert_eq!(index.host_addresses(&wire("new.example.com.")).len(), 1);
        assert!(index.host_addresses(&wire("alias.example.com.")).is_empty());
    }

    #[test]
    fn a_wildcard_below_an_empty_non_terminal_answers_only_below_it() {
        // `*.b.a` makes b.a exist: `x.a` is answered by `*.a`, not `*.b.a`;
        // `y.b.a` by `*.b.a`; an empty non-terminal is its own answer.
        let zone = zone(
            "*.a 3600 A 192.0.2.1\n\
             *.b.a 3600 A 192.0.2.2\n\
             c.d.e 3600 A 192.0.2.3\n\
             * 3600 A 192.0.2.4\n",
        );
        let index = ZoneIndex::new(&zone);
        let a = Query::Address;
        assert_eq!(
            answer(&index, "x.a.example.com.", a),
            "data *.a.example.com. (wildcard)"
        );
        assert_eq!(
            answer(&index, "y.b.a.example.com.", a),
            "data *.b.a.example.com. (wildcard)"
        );
        assert_eq!(
            answer(&index, "b.a.example.com.", a),
            "nodata (empty non-terminal)"
        );
        assert_eq!(
            answer(&index, "d.e.example.com.", a),
            "nodata (empty non-terminal)"
        );
        assert_eq!(
            answer(&index, "e.example.com.", a),
            "nodata (empty non-terminal)"
        );
        assert_eq!(answer(&index, "x.e.example.com.", a), "nxdomain");
        assert_eq!(
            answer(&index, "a.example.com.", a),
            "nodata (empty non-terminal)"
        );
        assert_eq!(
            answer(&index, "q.example.com.", a),
            "data *.example.com. (wildcard)"
        );
    }

    /// The answer the long way, as RFC 1034 §4.3.2 walks it: down from the
    /// apex node by node, over the list of records (names as label lists,
    /// nearest the root first; the apex is the empty list).
    fn walked_answer(records: &[(Vec<&str>, u16)], qname: &[&str], query: Query) -> String {
        let owns = |node: &[&str], wanted: u16| {
            records
                .iter()
                .any(|(owner, t)| owner.as_slice() == node && *t == wanted)
        };
        let has_records = |node: &[&str]| records.iter().any(|(owner, _)| owner.as_slice() == node);
        let exists = |node: &[&str]| records.iter().any(|(owner, _)| owner.starts_with(node));
        let show = |node: &[&str]| {
            node.iter()
                .rev()
                .map(|l| format!("{l}."))
                .collect::<String>()
                + "example.com."
        };
        for depth in 0..=qname.len() {
            let node = &qname[..depth];
            if depth > 0 && owns(node, types::NS) {
                return format!("referral {}", show(node));
            }
            if depth < qname.len() && owns(node, types::DNAME) {
                return format!("alias DNAME {}", show(node));
            }
        }
        let at = |node: &[&str], wildcard: bool| {
            let suffix = if wildcard { " (wildcard)" } else { "" };
            if wildcard && owns(node, types::NS) {
                return format!("referral {}", show(node));
            }
            let cname = owns(node, types::CNAME);
            if cname && query != Query::Type(types::CNAME) {
                return format!("alias CNAME {}{suffix}", show(node));
            }
            let data = records
                .iter()
                .any(|(owner, t)| owner.as_slice() == node && query.matches(*t));
            let kind = if data { "data" } else { "nodata" };
            format!("{kind} {}{suffix}", show(node))
        };
        if has_records(qname) {
            return at(qname, false);
        }
        if exists(qname) {
            return "nodata (empty non-terminal)".into();
        }
        let encloser = (0..qname.len())
            .rev()
            .map(|depth| &qname[..depth])
            .find(|node| exists(node))
            .unwrap_or(&[]);
        let mut wildcard = encloser.to_vec();
        wildcard.push("*");
        if has_records(&wildcard) {
            at(&wildcard, true)
        } else if exists(&wildcard) {
            "nodata (empty non-terminal) (wildcard)".into()
        } else {
            "nxdomain".into()
        }
    }

    #[test]
    fn the_lookup_answers_as_the_walk_down_the_tree_does() {
        // Random zones over a few labels and types, every name of up to
        // four labels asked for each kind of query.
        let labels = ["a", "b", "*"];
        let kinds = [
            (types::A, "A 192.0.2.1"),
            (16, "TXT x"),
            (types::CNAME, "CNAME t.example.net."),
            (types::DNAME, "DNAME t.example.net."),
            (types::NS, "NS t.example.net."),
        ];
        let mut random = crate::test_random::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut next = |bound: usize| (random() % bound as u64) as usize;
        let mut queries: Vec<Vec<&str>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<&str>> = queries
                .iter()
                .filter(|q| q.len() == queries.last().map_or(0, Vec::len))
                .flat_map(|q| {
                    ["a", "b", "c", "*"].map(|l| {
                        let mut q = q.clone();
                        q.push(l);
                        q
                    })
                })
                .collect();
            queries.extend(longer);
        }
        let mut compared = 0;
        for _ in 0..300 {
            let mut records = Vec::new();
            let mut text = String::new();
            for _ in 0..3 + next(6) {
                let owner: Vec<&str> = (0..next(4)).map(|_| labels[next(labels.len())]).collect();
                let (record_type, data) = kinds[next(kinds.len())];
                let shown: String = owner.iter().rev().map(|l| format!("{l}.")).collect();
                text.push_str(&format!("{shown}example.com. 3600 {data}\n"));
                records.push((owner, record_type));
            }
            let zone = zone(&text);
            assert!(zone.findings.is_empty(), "{text}: {:?}", zone.findings);
            let index = ZoneIndex::new(&zone);
            for qname in &queries {
                let name: String = qname.iter().rev().map(|l| format!("{l}.")).collect();
                let name = format!("{name}example.com.");
                for query in [
                    Query::Address,
                    Query::Type(16),
                    Query::Type(types::CNAME),
                    Query::Any,
                ] {
                    assert_eq!(
                        answer(&index, &name, query),
                        walked_answer(&records, qname, query),
                        "{name} {query:?} in\n{text}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 100_000);
    }
}
