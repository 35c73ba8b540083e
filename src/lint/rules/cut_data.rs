//! The data at and below zone cuts: `occluded-data`, `orphan-glue`.

use crate::lint::query::hosts::address_text;
use crate::lint::query::index::{NameSet, ZoneIndex, types};
use crate::lint::query::show::owner_text;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

/// The documentation of `orphan-glue`, in the fixed sections: `zonelint rule
/// orphan-glue` prints it and the README rule table is made from it.
pub const ORPHAN_GLUE: &str = "\
    ## What it does\n\
    Reports address records at or below a delegation that no NS record of the zone names.\n\
    ## Why it matters\n\
    Such glue is never used; it is usually left over from a name server change and may\n\
    point at an address that is no longer yours.\n\
    ## Example\n\
    `ns9.shop A 192.0.2.9` where no NS names `ns9.shop`.\n\
    ## Fix safety\n\
    Unsafe: deletes the records.\n\
    ## References\n\
    RFC 9499 §7 (glue), RFC 5732 §3.2.2.\n";

/// The documentation of `occluded-data`, in the fixed sections: `zonelint rule
/// occluded-data` prints it and the README rule table is made from it.
pub const OCCLUDED_DATA: &str = "\
    ## What it does\n\
    Reports records below a delegation (other than glue), and data other than NS, DS, NSEC\n\
    and RRSIG at a delegation point. A CNAME or a DNAME beside NS at a delegation point is\n\
    not occluded data but `cname-and-other-data` / `dname-conflict`.\n\
    ## Why it matters\n\
    Authoritative servers answer with a referral there: the data is never served.\n\
    ## Example\n\
    `www.shop A 192.0.2.1` below `shop NS …`.\n\
    ## Fix safety\n\
    No fix: move the data into the child zone.\n\
    ## References\n\
    RFC 1034 §4.2.1, RFC 2181 §6.\n";

/// Orphan glue and occluded data: records at and below delegation points.
pub(crate) fn check_cut_data(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    (named, clear): (&NameSet, &NameSet),
    owners: std::ops::Range<usize>,
) {
    let zone = index.zone;
    if index.delegation_count() == 0 {
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

pub(crate) fn report_orphan(checker: &mut Checker<'_>, record: &Record, owner: &str, cut: &str) {
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
pub(crate) fn deletion_is_safe(zone: &crate::zone::Zone, record: &Record) -> bool {
    if zone.flags(record) & crate::zone::FLAG_GENERATED != 0 {
        return false;
    }
    let file = &zone.files[zone.file_of(record)];
    let entry = record.entry as usize;
    let starts_with_owner = |index: usize| {
        let span = file.entries.at(index).span;
        !matches!(file.text.get(span.start as usize), Some(b' ' | b'\t'))
    };
    if !starts_with_owner(entry) {
        return true;
    }
    match file
        .entries
        .iter_from(entry + 1)
        .position(|e| e.kind != crate::syntax::EntryKind::Empty)
    {
        Some(offset) => {
            let next = entry + 1 + offset;
            file.entries.kind(next) != crate::syntax::EntryKind::Record || starts_with_owner(next)
        }
        None => true,
    }
}
