//! `out-of-zone`: records whose owner is outside the origin.

use crate::lint::query::index::ZoneIndex;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::zone::Record;

/// The documentation of `out-of-zone`, in the fixed sections: `zonelint rule
/// out-of-zone` prints it and the README rule table is made from it.
pub const DOC: &str = "\
    ## What it does\n\
    Reports an owner name outside the zone's origin, once per name. The other rules leave its\n\
    records alone.\n\
    ## Why it matters\n\
    A zone can only hold names at or below its origin: name servers drop such records (BIND\n\
    logs \"ignoring out-of-zone data\") or refuse the zone. It usually means a wrong `$ORIGIN`\n\
    or a relative name written where an absolute one was meant.\n\
    ## Example\n\
    `www.example.net. A 192.0.2.1` in the zone example.com.\n\
    ## Fix safety\n\
    No fix: move the records to the zone they belong to.\n\
    ## References\n\
    RFC 1034 §4.2, RFC 1035 §5.2.\n";

/// `out-of-zone`: the records of `owner`, a name outside the origin, as
/// one finding on the first.
pub(crate) fn check(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    owner: &Show<'_>,
    records: &[&Record],
) {
    let first = records[0];
    let origin = Show(index.zone.origin.as_deref().unwrap_or(name::ROOT));
    let count = records.len();
    checker
        .report_record(
            Rule::OutOfZone,
            first,
            format!(
                "{owner} is outside the zone {origin}{}; name servers ignore or refuse it",
                if count == 1 {
                    String::new()
                } else {
                    format!(" ({count} records)")
                }
            ),
        )
        .help(format!(
            "write names inside {origin}, check $ORIGIN, or end an absolute name with a dot"
        ));
}
