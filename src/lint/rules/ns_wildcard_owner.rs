//! `ns-wildcard-owner`: an NS set owned by a wildcard.

use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Record;

/// The documentation of `ns-wildcard-owner`, in the fixed sections: `zonelint rule
/// ns-wildcard-owner` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports NS records owned by a wildcard name.\n\
    ## Why it matters\n\
    A wildcard delegation does not behave like a delegation; resolvers and servers differ.\n\
    ## Example\n\
    `* NS ns1.example.net.`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 4592 §4.2.\n";

/// `ns-wildcard-owner`: the NS set at `owner_wire` (whose first record is
/// `first`) when its owner is a wildcard.
pub(crate) fn check(
    checker: &mut Checker<'_>,
    owner_wire: &[u8],
    owner_name: &Show<'_>,
    first: &Record,
) {
    if name::labels(owner_wire).next() == Some(b"*") {
        checker
            .report_record(
                Rule::NsWildcardOwner,
                first,
                format!("NS records are owned by the wildcard {owner_name}"),
            )
            .help("delegate an explicit name; a wildcard NS set does not act as a delegation (RFC 4592 §4.2)");
    }
}
