//! The rules about single records and RRsets (DESIGN §4, third table):
//! `ttl-mismatch`, `duplicate-record`, `ttl-out-of-range`,
//! `missing-default-ttl`, `txt-too-long` and `soa-timers`, with their
//! fixes. Only data the zone serves is looked at ([`Places::serves`]).

use std::cmp::Ordering;

use crate::finding::{Applicability, Edit, Fix};
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::places::Places;
use crate::lint::query::records::{TTL_LIMIT, record_position};
use crate::lint::query::show::Show;
use crate::lint::query::survey::Survey;
use crate::lint::{Checker, Rule};
use crate::rdata;
use crate::rrtype;
use crate::span::Span;
use crate::syntax::{Directive, EntryKind, Field, RecordSyntax};
use crate::zone::queries::{self, MAX_STRING};
use crate::zone::{self, Record, Zone};

/// The documentation of `ttl-mismatch`, in the fixed sections: `zonelint rule
/// ttl-mismatch` prints it and the README rule table is made from it.
pub const TTL_MISMATCH: &str = "\
    ## What it does\n\
    Reports an RRset (same owner, class and type; RRSIG records grouped by the type they\n\
    cover) whose records have different TTLs, once per RRset.\n\
    ## Why it matters\n\
    An RRset has one TTL: servers and resolvers that meet several pick one, or refuse the\n\
    data, and signatures assume one.\n\
    ## Example\n\
    `www 300 A 192.0.2.1` and `www 3600 A 192.0.2.2`.\n\
    ## Fix safety\n\
    Safe: sets every TTL of the RRset to the lowest of them, which is what RFC 2181 allows\n\
    servers to do. Offered only where the new TTLs cannot change what later records\n\
    inherit (a `$TTL` comes first, or no record inherits a TTL from the one before it).\n\
    ## References\n\
    RFC 2181 §5.2.\n";

/// The documentation of `ttl-out-of-range`, in the fixed sections: `zonelint rule
/// ttl-out-of-range` prints it and the README rule table is made from it.
pub const TTL_OUT_OF_RANGE: &str = "\
    ## What it does\n\
    Reports a TTL of 2^31 seconds (about 68 years) or more, on a record or a `$TTL`.\n\
    ## Why it matters\n\
    RFC 2181 asks that such TTLs be read as zero, so the data would not be cached at all;\n\
    some servers refuse them.\n\
    ## Example\n\
    `www 4294967295 A 192.0.2.1`.\n\
    ## Fix safety\n\
    No fix: choose the TTL you mean.\n\
    ## References\n\
    RFC 2181 §8.\n";

/// The documentation of `missing-default-ttl`, in the fixed sections: `zonelint rule
/// missing-default-ttl` prints it and the README rule table is made from it.
pub const MISSING_DEFAULT_TTL: &str = "\
    ## What it does\n\
    Reports, once per zone, records that have no TTL of their own while no `$TTL` applies to\n\
    them, so they take the TTL of the record before them or the SOA minimum.\n\
    ## Why it matters\n\
    Tools disagree on that TTL (BIND takes the SOA minimum or the previous TTL, others 3600),\n\
    so the zone means different things to different servers.\n\
    ## Example\n\
    A file without `$TTL` whose `www A 192.0.2.1` has no TTL.\n\
    ## Fix safety\n\
    Safe, when every such record got the same TTL: inserts `$TTL` with that value before\n\
    the first record, which gives them all the TTL they have now.\n\
    ## References\n\
    RFC 2308 §4, RFC 1035 §5.1.\n";

/// The documentation of `duplicate-record`, in the fixed sections: `zonelint rule
/// duplicate-record` prints it and the README rule table is made from it.
pub const DUPLICATE_RECORD: &str = "\
    ## What it does\n\
    Reports a record written twice: same owner, class, type and data (names compared\n\
    without case). The SOA written again at the end of an AXFR dump is not reported.\n\
    ## Why it matters\n\
    The copy adds nothing (an RRset is a set) and is usually a merge or copy-paste mistake,\n\
    sometimes with a different TTL.\n\
    ## Example\n\
    `www A 192.0.2.1` on two lines.\n\
    ## Fix safety\n\
    Safe when both copies have the same TTL: deletes the later copy's line. Unsafe when the\n\
    TTLs differ (the RRset's TTL may change). Not offered when the line gives its owner to\n\
    the next record or a TTL to records after it.\n\
    ## References\n\
    RFC 2181 §5.\n";

/// The documentation of `soa-timers`, in the fixed sections: `zonelint rule
/// soa-timers` prints it and the README rule table is made from it.
pub const SOA_TIMERS: &str = "\
    ## What it does\n\
    Reports SOA timers out of range or inconsistent with each other: refresh under 1200\n\
    seconds, expire under one week, minimum (the negative-caching TTL) over one day, retry\n\
    not below refresh, or expire not above refresh plus retry.\n\
    ## Why it matters\n\
    Timers set too low load the primary; an expire shorter than the refresh cycle makes\n\
    secondaries drop the zone before they can renew it; a long minimum keeps NXDOMAIN\n\
    answers cached for days.\n\
    ## Example\n\
    `@ SOA ns1 hostmaster 1 3600 7200 3600 86400` (retry above refresh, expire too short).\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1912 §2.2 (refresh of 20 minutes and up; expire of weeks), RFC 1537 §1 (expire of\n\
    7 days and up), RFC 2308 §5 (minimum of one day at most).\n";

/// The documentation of `txt-too-long`, in the fixed sections: `zonelint rule
/// txt-too-long` prints it and the README rule table is made from it.
pub const TXT_TOO_LONG: &str = "\
    ## What it does\n\
    Reports a TXT (or SPF) character-string written longer than 255 octets in the file.\n\
    ## Why it matters\n\
    A character-string holds at most 255 octets: BIND, Knot and NSD refuse the record.\n\
    Long DKIM keys and SPF policies must be written as several strings, which receivers\n\
    join together.\n\
    ## Example\n\
    `sel._domainkey TXT \"v=DKIM1; k=rsa; p=…\"` with a 400-character key in one string.\n\
    ## Fix safety\n\
    Safe: splits the string into quoted pieces of 255 octets (never inside an escape or a\n\
    UTF-8 character), which is what the zone means.\n\
    ## References\n\
    RFC 1035 §3.3 and §3.3.14, RFC 7208 §3.3, RFC 6376 §3.6.2.2.\n";

/// RRsets up to this size are searched for copies pair by pair; larger
/// ones are sorted.
const SMALL_RRSET: usize = 8;

/// Runs the rules on the records the survey found: `ttl-out-of-range`,
/// `missing-default-ttl`, `txt-too-long`, `soa-timers`. (The RRset rules
/// run owner by owner, [`check_owner_rrsets`].)
pub fn check(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, survey: &Survey<'_>) {
    check_ttl_range(checker, index, survey);
    check_default_ttl(checker, index, survey);
    check_long_strings(checker, index, survey);
    check_soa_timers(checker, index);
}

/// Whether changing or deleting one record's TTL field leaves every other
/// record's TTL as it is, worked out on first use. It does when a `$TTL`
/// comes before the first record (then an explicit TTL never becomes the
/// default of the records after it), or when no record takes its TTL from
/// the record before it.
#[derive(Default)]
pub struct LocalEdits(Option<bool>);

impl LocalEdits {
    fn get(&mut self, zone: &Zone) -> bool {
        *self.0.get_or_insert_with(|| {
            let ttl_first = zone.files.first().is_some_and(|file| {
                file.entries.iter().map(|e| e.kind).find(|kind| {
                    !matches!(
                        kind,
                        EntryKind::Empty
                            | EntryKind::Directive(Directive::Origin | Directive::Date)
                    )
                }) == Some(EntryKind::Directive(Directive::Ttl))
            });
            ttl_first
                || !zone
                    .records
                    .iter()
                    .any(|r| zone.flags(r) & zone::FLAG_IMPLICIT_TTL != 0)
        })
    }
}

/// What identifies an RRset at one owner: the type, and for RRSIG the
/// type it covers.
fn rrset_key(zone: &Zone, record: &Record) -> (u16, u16) {
    let covered = if record.record_type == types::RRSIG {
        zone.rdata(record)
            .get(..2)
            .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
    } else {
        0
    };
    (record.record_type, covered)
}

/// Buffers and state the RRset rules keep from one owner to the next.
#[derive(Default)]
pub struct RrsetPass<'z> {
    set: Vec<&'z Record>,
    copy_of: Vec<Option<usize>>,
    order: Vec<usize>,
    /// Whether TTL edits stay local (worked out once).
    pub local: LocalEdits,
}

/// `duplicate-record` and `ttl-mismatch` on the RRsets of one owner
/// (`records`, in file order).
pub fn check_owner_rrsets<'z>(
    checker: &mut Checker<'_>,
    zone: &Zone,
    places: &Places,
    records: &[&'z Record],
    pass: &mut RrsetPass<'z>,
) {
    if records.len() < 2 {
        return;
    }
    let mut set = std::mem::take(&mut pass.set);
    set.clear();
    set.extend(records.iter().copied().filter(|r| places.serves(r)));
    // Stable: each RRset keeps file order.
    set.sort_by_key(|r| rrset_key(zone, r));
    for group in set.chunk_by(|a, b| rrset_key(zone, a) == rrset_key(zone, b)) {
        // The SOA: a repeat is the AXFR form and a different one is
        // multiple-soa's.
        if group.len() >= 2 && group[0].record_type != types::SOA {
            check_rrset(checker, zone, group, pass);
        }
    }
    pass.set = set;
}

/// One RRset of two or more records, in file order.
fn check_rrset(
    checker: &mut Checker<'_>,
    zone: &Zone,
    group: &[&Record],
    pass: &mut RrsetPass<'_>,
) {
    let record_type = group[0].record_type;
    let copy_of = &mut pass.copy_of;
    copy_of.clear();
    copy_of.resize(group.len(), None);
    let mut copies = false;
    if group.len() <= SMALL_RRSET {
        for later in 1..group.len() {
            let data = zone.rdata(group[later]);
            if let Some(original) = (0..later).find(|&o| {
                copy_of[o].is_none() && same_rdata(record_type, zone.rdata(group[o]), data)
            }) {
                copy_of[later] = Some(original);
                copies = true;
            }
        }
    } else {
        // Sorting by data puts the copies of a record right after it.
        let order = &mut pass.order;
        order.clear();
        order.extend(0..group.len());
        order.sort_by(|&a, &b| {
            compare_rdata(record_type, zone.rdata(group[a]), zone.rdata(group[b])).then(a.cmp(&b))
        });
        for pair in order.windows(2) {
            let (original, later) = (pair[0], pair[1]);
            if same_rdata(
                record_type,
                zone.rdata(group[original]),
                zone.rdata(group[later]),
            ) {
                copy_of[later] = Some(copy_of[original].unwrap_or(original));
                copies = true;
            }
        }
    }
    let first = group[0];
    if !copies && group.iter().all(|r| zone.ttl(r) == zone.ttl(first)) {
        return;
    }
    let owner = Show(zone.owner(first));
    let type_name = rrset_name(zone, first);
    for (position, original) in copy_of.iter().enumerate() {
        if let Some(original) = *original {
            report_duplicate(
                checker,
                zone,
                group[position],
                group[original],
                &owner,
                &type_name,
                &mut pass.local,
            );
        }
    }
    // TTLs, over the distinct records (a copy is duplicate-record's).
    let distinct = || {
        group
            .iter()
            .zip(copy_of.iter())
            .filter(|(_, copy)| copy.is_none())
            .map(|(r, _)| *r)
    };
    let Some(differing) = distinct().find(|r| zone.ttl(r) != zone.ttl(first)) else {
        return;
    };
    let lowest = distinct().map(|r| zone.ttl(r)).min().unwrap_or(0);
    let mut ttls: Vec<u32> = distinct().map(|r| zone.ttl(r)).collect();
    ttls.sort_unstable();
    ttls.dedup();
    let ttl_list = ttls
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let edits = if pass.local.get(zone) {
        ttl_edits(zone, distinct().filter(|r| zone.ttl(r) != lowest), lowest)
    } else {
        None
    };
    let finding = checker.report_record(
        Rule::TtlMismatch,
        differing,
        format!(
            "TTL {} differs from the rest of the {type_name} RRset at {owner} (TTLs {ttl_list})",
            zone.ttl(differing)
        ),
    );
    finding
        .help(format!(
            "give every {type_name} record at {owner} the same TTL (RFC 2181 §5.2)"
        ))
        .label(zone, first, format!("TTL {}", zone.ttl(first)));
    if let Some(edits) = edits {
        finding.fix = Some(Fix {
            title: format!("Set every TTL of the RRset to {lowest}"),
            applicability: Applicability::Safe,
            edits,
        });
    }
}

/// `A`, or `RRSIG (covering A)`.
fn rrset_name(zone: &Zone, record: &Record) -> String {
    let (record_type, covered) = rrset_key(zone, record);
    if record_type == types::RRSIG {
        format!("RRSIG (covering {})", rrtype::type_name(covered))
    } else {
        rrtype::type_name(record_type).into_owned()
    }
}

fn report_duplicate(
    checker: &mut Checker<'_>,
    zone: &Zone,
    copy: &Record,
    original: &Record,
    owner: &Show<'_>,
    type_name: &str,
    local: &mut LocalEdits,
) {
    let same_ttl = zone.ttl(copy) == zone.ttl(original);
    let deletable = deletion_keeps_other_records(zone, copy)
        && (zone.flags(copy) & zone::FLAG_EXPLICIT_TTL == 0 || local.get(zone));
    let mut message = format!("this {type_name} record at {owner} is written twice");
    if !same_ttl {
        message.push_str(&format!(
            " (TTL {} here, {} the first time)",
            zone.ttl(copy),
            zone.ttl(original)
        ));
    }
    let finding = checker.report_record(Rule::DuplicateRecord, copy, message);
    finding
        .help("delete the later copy")
        .label(zone, original, "the first copy");
    if deletable {
        let (file, span) = zone.record_span(copy);
        finding.fix = Some(Fix {
            title: "Delete the later copy".into(),
            applicability: if same_ttl {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            },
            edits: vec![Edit {
                file,
                span,
                replacement: String::new(),
            }],
        });
    }
}

/// Whether two RDATA of one type are the same record data, with the
/// names of NS, CNAME, DNAME, PTR, MX and SRV compared without case.
fn same_rdata(record_type: u16, a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let fixed = match record_type {
        types::NS | types::CNAME | types::DNAME | 12 => 0,
        types::MX => 2,
        types::SRV => 6,
        _ => return a == b,
    };
    a.len() >= fixed && a[..fixed] == b[..fixed] && a[fixed..].eq_ignore_ascii_case(&b[fixed..])
}

/// Orders RDATA of one type, with the names of NS, CNAME, DNAME, PTR, MX
/// and SRV compared without case (RFC 4343).
fn compare_rdata(record_type: u16, a: &[u8], b: &[u8]) -> Ordering {
    let fixed = match record_type {
        types::NS | types::CNAME | types::DNAME | 12 => 0,
        types::MX => 2,
        types::SRV => 6,
        _ => return a.cmp(b),
    };
    if a.len() < fixed || b.len() < fixed {
        return a.cmp(b);
    }
    a[..fixed].cmp(&b[..fixed]).then_with(|| {
        let lower = |x: &u8| x.to_ascii_lowercase();
        a[fixed..]
            .iter()
            .map(lower)
            .cmp(b[fixed..].iter().map(lower))
    })
}

/// The edits that give `records` the TTL `ttl`: the TTL field replaced,
/// or one inserted before the type when the record has none. `None` when
/// a record cannot be edited (it was made by `$GENERATE`).
fn ttl_edits<'z>(
    zone: &'z Zone,
    records: impl Iterator<Item = &'z Record>,
    ttl: u32,
) -> Option<Vec<Edit>> {
    let mut edits = Vec::new();
    for record in records {
        let (file, syntax) = record_syntax(zone, record)?;
        edits.push(match syntax.ttl {
            Some((field, _)) => Edit {
                file,
                span: field.span,
                replacement: ttl.to_string(),
            },
            // TTL and class may come in either order (RFC 1035 §5.1), so
            // right before the type is always a place for it.
            None => {
                let at = syntax.record_type.0.span.start;
                Edit {
                    file,
                    span: Span { start: at, end: at },
                    replacement: format!("{ttl} "),
                }
            }
        });
    }
    Some(edits)
}

/// The fields of a record's entry, read again: owner, TTL, class, type.
/// `None` for records made by `$GENERATE`.
pub fn record_syntax<'z>(zone: &'z Zone, record: &Record) -> Option<(usize, RecordSyntax<'z>)> {
    crate::lint::record_syntax(zone, record).map(|(file, _, syntax)| (file, syntax))
}

/// The words and quoted strings of an entry, and whether it starts with a
/// blank.
fn entry_fields(text: &[u8], entry: crate::syntax::Entry) -> (Vec<Field<'_>>, bool) {
    entry.fields(text)
}

/// Deleting a record's entry changes no other record when the entry is
/// its own and the owner it sets is not the one a later record inherits
/// (RFC 1035 §5.1: a blank owner is the previous record's).
fn deletion_keeps_other_records(zone: &Zone, record: &Record) -> bool {
    if zone.flags(record) & zone::FLAG_GENERATED != 0 {
        return false;
    }
    let file = &zone.files[zone.file_of(record)];
    let starts_with_blank = |index: usize| {
        matches!(
            file.text.get(file.entries.at(index).span.start as usize),
            Some(b' ' | b'\t')
        )
    };
    let entry = record.entry as usize;
    if starts_with_blank(entry) {
        return true;
    }
    // The record before has the same owner: a later record inherits that
    // owner either way.
    if let Some(position) = record_position(zone, record) {
        if position > 0 && zone.records[position - 1].owner == record.owner {
            return true;
        }
    }
    for (offset, next) in file.entries.iter_from(entry + 1).enumerate() {
        match next.kind {
            EntryKind::Empty
            | EntryKind::Directive(Directive::Origin | Directive::Ttl | Directive::Date) => {}
            EntryKind::Record => return !starts_with_blank(entry + 1 + offset),
            // An included file or a $GENERATE may inherit the owner; an
            // invalid entry may have set one.
            EntryKind::Directive(Directive::Include | Directive::Generate) | EntryKind::Invalid => {
                return false;
            }
        }
    }
    true
}

/// `ttl-out-of-range`: explicit TTLs of records and `$TTL` values of 2^31
/// or more. Records that inherit such a TTL are not reported again.
fn check_ttl_range(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, survey: &Survey<'_>) {
    if !survey.any_huge_ttl {
        return;
    }
    let zone = index.zone;
    let mut generate_entries: Vec<(usize, u32)> = Vec::new();
    for &record in &survey.huge_ttls {
        let message = format!(
            "TTL {} is 2^31 or more; RFC 2181 §8 reads it as 0",
            zone.ttl(record)
        );
        if zone.flags(record) & zone::FLAG_GENERATED != 0 {
            if generate_entries.contains(&(zone.file_of(record), record.entry)) {
                continue;
            }
            generate_entries.push((zone.file_of(record), record.entry));
            checker.report_record(Rule::TtlOutOfRange, record, message)
        } else {
            match record_syntax(zone, record).and_then(|(file, s)| Some((file, s.ttl?.0.span))) {
                Some((file, span)) => checker.report(Rule::TtlOutOfRange, file, span, message),
                None => checker.report_record(Rule::TtlOutOfRange, record, message),
            }
        }
        .help("use a TTL below 2147483648 seconds, such as 86400 (one day)");
    }
    for (file_index, file) in zone.files.iter().enumerate() {
        for entry in file.entries.iter() {
            if entry.kind != EntryKind::Directive(Directive::Ttl) {
                continue;
            }
            let (fields, _) = entry_fields(&file.text, entry);
            let Some(value) = fields.get(1) else {
                continue;
            };
            if let Ok(ttl) = crate::syntax::parse_ttl(value.text) {
                if ttl >= TTL_LIMIT {
                    checker
                        .report(
                            Rule::TtlOutOfRange,
                            file_index,
                            value.span,
                            format!("$TTL {ttl} is 2^31 or more; RFC 2181 §8 reads it as 0"),
                        )
                        .help("use a TTL below 2147483648 seconds, such as 86400 (one day)");
                }
            }
        }
    }
}

/// `missing-default-ttl`: once per zone, on the first record whose TTL
/// comes from nothing written for it.
fn check_default_ttl(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, survey: &Survey<'_>) {
    let zone = index.zone;
    let Some(first) = survey.first_implicit else {
        return;
    };
    let count = survey.implicit_count;
    let same_ttl = survey.implicit_same_ttl;
    let subject = match count - 1 {
        0 => "this record has no TTL and no $TTL applies to it: it gets".to_string(),
        others => format!(
            "this record and {others} other{} have no TTL and no $TTL applies to them: this one gets",
            if others == 1 { "" } else { "s" }
        ),
    };
    let finding = checker.report_record(
        Rule::MissingDefaultTtl,
        first,
        format!(
            "{subject} {} from the record before it or the SOA minimum, but tools disagree on that value",
            zone.ttl(first)
        ),
    );
    finding.help(format!(
        "add `$TTL {}` at the top of the file",
        zone.ttl(first)
    ));
    if same_ttl {
        let file = &zone.files[0];
        let at = file.entries.iter().find(|e| {
            matches!(
                e.kind,
                EntryKind::Record
                    | EntryKind::Invalid
                    | EntryKind::Directive(Directive::Include | Directive::Generate)
            )
        });
        if let Some(entry) = at {
            let line_ending = if memchr::memmem::find(&file.text, b"\r\n").is_some() {
                "\r\n"
            } else {
                "\n"
            };
            let start = entry.span.start;
            finding.fix = Some(Fix {
                title: format!("Add `$TTL {}` before the first record", zone.ttl(first)),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: 0,
                    span: Span { start, end: start },
                    replacement: format!("$TTL {}{line_ending}", zone.ttl(first)),
                }],
            });
        }
    }
}

/// `txt-too-long`: a character-string written longer than 255 octets. The
/// RDATA reader splits it silently, so the written fields are measured.
fn check_long_strings(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, survey: &Survey<'_>) {
    let zone = index.zone;
    let mut decoded = Vec::new();
    for &record in &survey.long_texts {
        let Some((file, fields)) = crate::lint::rdata_fields(zone, record) else {
            continue;
        };
        // RFC 3597 generic form: the length octets are written out.
        if fields
            .first()
            .is_some_and(|f| !f.quoted && f.text == b"\\#")
        {
            continue;
        }
        for field in &fields {
            decoded.clear();
            if rdata::common::unescape_into(field.text, &mut decoded).is_err()
                || decoded.len() <= MAX_STRING
            {
                continue;
            }
            let finding = checker.report(
                Rule::TxtTooLong,
                file,
                field.span,
                format!(
                    "{} string of {} octets; a character-string holds at most 255",
                    rrtype::type_name(record.record_type),
                    decoded.len()
                ),
            );
            finding.help("split it into several quoted strings of at most 255 octets each; receivers join them");
            // An edit is text: a string with raw octets that are no UTF-8
            // gets no fix.
            let pieces =
                queries::split_character_string(field.text, queries::Cut::BetweenCharacters)
                    .and_then(|pieces| {
                        pieces
                            .iter()
                            .map(|piece| std::str::from_utf8(piece).ok())
                            .collect::<Option<Vec<&str>>>()
                    });
            if let Some(pieces) = pieces {
                let replacement = pieces
                    .iter()
                    .map(|piece| format!("\"{piece}\""))
                    .collect::<Vec<_>>()
                    .join(" ");
                finding.fix = Some(Fix {
                    title: format!(
                        "Split the string into {} strings of at most 255 octets",
                        pieces.len()
                    ),
                    applicability: Applicability::Safe,
                    edits: vec![Edit {
                        file,
                        span: field.span,
                        replacement,
                    }],
                });
            }
        }
    }
}

/// `soa-timers` on the apex SOA. The ranges are documented with the rule.
fn check_soa_timers(checker: &mut Checker<'_>, index: &ZoneIndex<'_>) {
    let zone = index.zone;
    let Some(soa) = index.apex_soa() else {
        return;
    };
    let data = zone.rdata(soa);
    let Some(at) = data.len().checked_sub(16) else {
        return;
    };
    let value = |i: usize| {
        u32::from_be_bytes([
            data[at + 4 * i],
            data[at + 4 * i + 1],
            data[at + 4 * i + 2],
            data[at + 4 * i + 3],
        ])
    };
    let (refresh, retry, expire, minimum) = (value(0), value(1), value(2), value(3));
    // RDATA fields: MNAME, RNAME, serial, refresh, retry, expire, minimum.
    let mut problems: Vec<(usize, String, &str)> = Vec::new();
    if refresh < 1200 {
        problems.push((
            3,
            format!("SOA refresh {} is under 20 minutes", duration(refresh)),
            "use a refresh of 20 minutes or more (RFC 1912 §2.2), e.g. 7200; NOTIFY makes changes reach secondaries sooner",
        ));
    }
    if retry >= refresh {
        problems.push((
            4,
            format!(
                "SOA retry {} is not shorter than refresh {}",
                duration(retry),
                duration(refresh)
            ),
            "a retry is a fraction of the refresh interval (RFC 1912 §2.2), e.g. refresh 7200 and retry 900",
        ));
    }
    if u64::from(expire) <= u64::from(refresh) + u64::from(retry) {
        problems.push((
            5,
            format!(
                "SOA expire {} is not longer than refresh plus retry, {}: secondaries may drop the zone before they can renew it",
                duration(expire),
                duration(refresh.saturating_add(retry))
            ),
            "use an expire of weeks (RFC 1912 §2.2), e.g. 1209600",
        ));
    } else if expire < 604_800 {
        problems.push((
            5,
            format!("SOA expire {} is under one week", duration(expire)),
            "use an expire of one to four weeks (RFC 1912 §2.2, RFC 1537), e.g. 1209600",
        ));
    }
    if minimum > 86_400 {
        problems.push((
            6,
            format!(
                "SOA minimum (negative-caching TTL) {} is over one day",
                duration(minimum)
            ),
            "use one to three hours, e.g. 3600 (RFC 2308 §5)",
        ));
    }
    for (field, message, help) in problems {
        checker
            .report_field(Rule::SoaTimers, soa, field, message)
            .help(help);
    }
}

/// Seconds with a readable form: `7200 (2h)`, `90 (1m30s)`.
fn duration(seconds: u32) -> String {
    let units = [
        (604_800, "w"),
        (86_400, "d"),
        (3600, "h"),
        (60, "m"),
        (1, "s"),
    ];
    let mut rest = seconds;
    let mut text = String::new();
    for (size, unit) in units {
        if rest >= size {
            text.push_str(&format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    if seconds < 60 {
        seconds.to_string()
    } else {
        format!("{seconds} ({text})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Settings, ZoneIndex, check_zone};

    /// Checks `text` as the zone example.com. and returns its findings of
    /// `rule`.
    fn findings(text: &str, rule: &str) -> (Zone, Vec<crate::finding::Finding>) {
        let zone = crate::zone::test_zone(text, "example.com.");
        assert!(zone.findings.is_empty(), "{:?}", zone.findings);
        let profiles = crate::profile::builtin_profiles();
        let settings = Settings {
            profile: &profiles[0],
            rules: crate::lint::RuleSet::ALL,
        };
        let index = ZoneIndex::new(&zone);
        let found = check_zone(&zone, &index, &settings)
            .into_iter()
            .filter(|f| f.rule.name() == rule)
            .collect();
        (zone, found)
    }

    /// The text after applying the edits of one fix.
    fn apply(text: &str, fix: &Fix) -> String {
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for edit in edits {
            assert_eq!(edit.file, 0);
            out.replace_range(edit.span.range(), &edit.replacement);
        }
        out
    }

    const HEAD: &str =
        "$TTL 3600\n@ SOA ns1 hostmaster 1 7200 900 1209600 3600\n  NS ns1\nns1 A 192.0.2.1\n";

    #[test]
    fn ttl_mismatch_fix_sets_the_lowest_ttl() {
        let text =
            format!("{HEAD}www 300 A 192.0.2.10\nwww IN A 192.0.2.11\n    86400 A 192.0.2.12\n");
        let (_, found) = findings(&text, "ttl-mismatch");
        assert_eq!(found.len(), 1, "{found:?}");
        let fix = found[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            apply(&text, fix),
            format!("{HEAD}www 300 A 192.0.2.10\nwww IN 300 A 192.0.2.11\n    300 A 192.0.2.12\n")
        );
        let (_, again) = findings(&apply(&text, fix), "ttl-mismatch");
        assert!(again.is_empty());
    }

    #[test]
    fn ttl_mismatch_has_no_fix_when_ttls_are_inherited() {
        // No $TTL: the explicit 300 is inherited by `b`, so changing it
        // would change `b` too.
        let text = "@ 3600 SOA ns1 hostmaster 1 7200 900 1209600 3600\n  NS ns1\nns1 A 192.0.2.1\n\
                    www 300 A 192.0.2.10\nwww 600 A 192.0.2.11\nb A 192.0.2.3\n";
        let (_, found) = findings(text, "ttl-mismatch");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
    }

    #[test]
    fn rrsig_records_are_grouped_by_covered_type() {
        let sig = |covered: &str| {
            format!(
                "RRSIG {covered} 13 2 3600 20300101000000 20200101000000 12345 example.com. AAAA"
            )
        };
        let text = format!("{HEAD}www 300 {}\nwww 600 {}\n", sig("A"), sig("TXT"));
        let (_, found) = findings(&text, "ttl-mismatch");
        assert!(found.is_empty(), "{found:?}");
        let text = format!("{HEAD}www 300 {}\nwww 600 {}\n", sig("A"), sig("A"));
        let (_, found) = findings(
            &text.replace("AAAA\nwww 600", "AAAB\nwww 600"),
            "ttl-mismatch",
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn duplicate_record_fix_deletes_the_later_copy() {
        let text = format!("{HEAD}www A 192.0.2.10\nwww A 192.0.2.10 ; again\nmail A 192.0.2.20\n");
        let (_, found) = findings(&text, "duplicate-record");
        assert_eq!(found.len(), 1);
        let fix = found[0].fix.as_ref().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!(
            apply(&text, fix),
            format!("{HEAD}www A 192.0.2.10\nmail A 192.0.2.20\n")
        );
        // Names are compared without case.
        let text = format!("{HEAD}www CNAME Web.example.net.\nwww CNAME web.EXAMPLE.net.\n");
        assert_eq!(findings(&text, "duplicate-record").1.len(), 1);
    }

    #[test]
    fn duplicate_record_keeps_the_owner_of_the_next_line() {
        // Deleting the copy would give `A 192.0.2.11` the owner `www`.
        let text = format!(
            "{HEAD}mail A 192.0.2.10\nwww A 192.0.2.10\nmail A 192.0.2.10\n  A 192.0.2.11\n"
        );
        let (_, found) = findings(&text, "duplicate-record");
        assert_eq!(found.len(), 1);
        assert!(found[0].fix.is_none());
        // With the owner right before it the same, the copy can go.
        let text = format!("{HEAD}www A 192.0.2.10\nwww A 192.0.2.10\n  A 192.0.2.11\n");
        let (_, found) = findings(&text, "duplicate-record");
        let fix = found[0].fix.as_ref().expect("a fix");
        assert_eq!(
            apply(&text, fix),
            format!("{HEAD}www A 192.0.2.10\n  A 192.0.2.11\n")
        );
    }

    #[test]
    fn txt_too_long_fix_splits_at_255_octets() {
        let long = format!("{}\\0659{}", "a".repeat(250), "b".repeat(300));
        let text = format!("{HEAD}www TXT \"{long}\" \"short\"\n");
        let (_, found) = findings(&text, "txt-too-long");
        assert_eq!(found.len(), 1, "{found:?}");
        let fix = found[0].fix.as_ref().expect("a fix");
        let fixed = apply(&text, fix);
        // 250 a, `\065` (one octet) and `9`, then 3 b: 255 octets; then
        // 255 and 42 b.
        let first = format!("\"{}\\0659{}\"", "a".repeat(250), "b".repeat(3));
        assert_eq!(
            fixed,
            format!(
                "{HEAD}www TXT {first} \"{}\" \"{}\" \"short\"\n",
                "b".repeat(255),
                "b".repeat(42)
            )
        );
        let (zone, again) = findings(&fixed, "txt-too-long");
        assert!(again.is_empty());
        // The same RDATA as the reader made of the long string.
        let (before, _) = findings(&text, "txt-too-long");
        assert_eq!(
            zone.rdata(zone.records.last().unwrap()),
            before.rdata(before.records.last().unwrap())
        );
    }

    #[test]
    fn missing_default_ttl_fix_adds_the_ttl_records_had() {
        let text = "$ORIGIN example.com.\n@ SOA ns1 hostmaster 1 7200 900 1209600 3600\n  NS ns1\nns1 A 192.0.2.1\n";
        let (_, found) = findings(text, "missing-default-ttl");
        assert_eq!(found.len(), 1);
        let fix = found[0].fix.as_ref().expect("a fix");
        let fixed = apply(text, fix);
        assert!(
            fixed.starts_with("$ORIGIN example.com.\n$TTL 3600\n@ SOA"),
            "{fixed}"
        );
        assert!(findings(&fixed, "missing-default-ttl").1.is_empty());
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(duration(7200), "7200 (2h)");
        assert_eq!(duration(90), "90 (1m30s)");
        assert_eq!(duration(20), "20");
    }
}
