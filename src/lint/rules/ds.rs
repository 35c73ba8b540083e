//! Where DS records may be: `ds-at-apex`, `ds-not-at-delegation`.

use crate::lint::query::index::types;
use crate::lint::query::places::Place;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::zone::Record;

/// The documentation of `ds-at-apex`, in the fixed sections: `zonelint rule
/// ds-at-apex` prints it and the README rule table is made from it.
pub const DS_AT_APEX: &str = "\
    ## What it does\n\
    Reports a DS record at the zone apex.\n\
    ## Why it matters\n\
    A DS record belongs to the parent side of a delegation: at the apex of the child it is\n\
    never used to validate the zone, and signers and servers refuse it.\n\
    ## Example\n\
    `@ DS 12345 13 2 …` in example.com.\n\
    ## Fix safety\n\
    No fix: give the DS to the parent zone (the registrar) instead.\n\
    ## References\n\
    RFC 4035 §2.4, RFC 4034 §5.\n";

/// The documentation of `ds-not-at-delegation`, in the fixed sections: `zonelint rule
/// ds-not-at-delegation` prints it and the README rule table is made from it.
pub const DS_NOT_AT_DELEGATION: &str = "\
    ## What it does\n\
    Reports a DS record at a name below the apex that is not a delegation point (has no NS).\n\
    ## Why it matters\n\
    DS records only make sense where a child zone is delegated; elsewhere the name is\n\
    authoritative data and a DS there is refused by signers and servers.\n\
    ## Example\n\
    `www DS 12345 13 2 …` with no `www NS …`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 4035 §2.4, RFC 3658 §2.2.\n";

/// Where DS records may be: a DS at `owner` (at `place`, neither a cut nor
/// below one) is `ds-at-apex` at the apex, else `ds-not-at-delegation`.
pub(crate) fn check(
    checker: &mut Checker<'_>,
    place: Place,
    owner: &Show<'_>,
    records: &[&Record],
) {
    if let Some(ds) = records.iter().find(|r| r.record_type == types::DS) {
        if place == Place::Apex {
            checker
                .report_record(
                    Rule::DsAtApex,
                    ds,
                    format!("DS record at the apex {owner}"),
                )
                .help("a DS record belongs in the parent zone: give it to the parent (the registrar) and remove it here");
        } else {
            checker
                .report_record(
                    Rule::DsNotAtDelegation,
                    ds,
                    format!("DS record at {owner}, which is not a delegation point (it has no NS records)"),
                )
                .help("add the delegation's NS records, or remove the DS");
        }
    }
}
