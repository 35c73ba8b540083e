//! MX and SRV targets, asked of the zone's lookup: `mx-target-alias`,
//! `srv-target-alias`, `target-no-address`.

use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::lookup::{Answer, Query};
use crate::lint::query::reported::ReportedTargets;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::rdata;
use crate::rrtype;
use crate::zone::Record;

/// The documentation of `mx-target-alias`, in the fixed sections: `zonelint rule
/// mx-target-alias` prints it and the README rule table is made from it.
pub const MX_TARGET_ALIAS: &str = "\
    ## What it does\n\
    Reports an MX record whose mail server name is an alias: a CNAME owner or a name below a\n\
    DNAME in the zone.\n\
    ## Why it matters\n\
    The exchange of an MX must be a canonical name; mail servers may refuse or mishandle\n\
    the alias, and it costs an extra lookup.\n\
    ## Example\n\
    `@ MX 10 mail` with `mail CNAME mx.example.net.`.\n\
    ## Fix safety\n\
    No fix: point the MX at the canonical name.\n\
    ## References\n\
    RFC 2181 §10.3, RFC 5321 §5.1.\n";

/// The documentation of `srv-target-alias`, in the fixed sections: `zonelint rule
/// srv-target-alias` prints it and the README rule table is made from it.
pub const SRV_TARGET_ALIAS: &str = "\
    ## What it does\n\
    Reports an SRV record whose target is an alias: a CNAME owner or a name below a DNAME in\n\
    the zone.\n\
    ## Why it matters\n\
    RFC 2782 requires the target to be a name with address records, not an alias; clients\n\
    may not follow it.\n\
    ## Example\n\
    `_sip._tcp SRV 0 5 5060 sip` with `sip CNAME pbx.example.net.`.\n\
    ## Fix safety\n\
    No fix: point the SRV at the canonical name.\n\
    ## References\n\
    RFC 2782 (\"Target\"), RFC 2181 §10.3.\n";

/// The documentation of `target-no-address`, in the fixed sections: `zonelint rule
/// target-no-address` prints it and the README rule table is made from it.
pub const TARGET_NO_ADDRESS: &str = "\
    ## What it does\n\
    Reports an MX or SRV target that lies in the zone's own data (not below a delegation) and\n\
    has no A or AAAA record, directly or through a wildcard (which answers only for a name\n\
    that does not exist: not for an empty non-terminal or a name with other records). The\n\
    null MX and SRV target `.` are fine.\n\
    ## Why it matters\n\
    The zone is authoritative for the name and says it has no address: mail or the service\n\
    can never be reached there.\n\
    ## Example\n\
    `@ MX 10 mail` with no `mail A …`.\n\
    ## Fix safety\n\
    No fix: add the address, or correct the target.\n\
    ## References\n\
    RFC 5321 §5.1, RFC 2782, RFC 7505.\n";

/// `mx-target-alias`, `srv-target-alias`, `target-no-address`, on the MX
/// and SRV records of the zone's own data.
pub(crate) fn check_targets(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, records: &[&Record]) {
    let zone = index.zone;
    if records.is_empty() {
        return;
    }
    let reported = ReportedTargets::new(checker);
    for &record in records {
        let (field, alias_rule, what) = match record.record_type {
            types::MX => (1, Rule::MxTargetAlias, "MX"),
            _ => (3, Rule::SrvTargetAlias, "SRV"),
        };
        let Some(target) = rdata::target_name(record.record_type, zone.rdata(record)) else {
            continue;
        };
        // `.`: the null MX (RFC 7505) or "no such service" (RFC 2782).
        if target == name::ROOT || !index.in_zone(target) {
            continue;
        }
        if reported.contains(zone, record) {
            continue;
        }
        let owner = Show(zone.owner(record));
        let answer = index.lookup(target, Query::Address);
        if let Answer::Alias { record: alias, .. } = answer {
            let alias_type = rrtype::type_name(alias.record_type);
            checker
                .report_field(
                    alias_rule,
                    record,
                    field,
                    format!(
                        "{what} target {} of {owner} is an alias ({alias_type} at {})",
                        Show(target),
                        Show(zone.owner(alias))
                    ),
                )
                .help(format!(
                    "point the {what} record at the canonical name the alias leads to"
                ))
                .label(zone, alias, "the alias");
            continue;
        }
        // Below a delegation the child zone has the say.
        if answer.is_negative() {
            let has = match answer {
                Answer::NoData {
                    owner: Some(wildcard),
                    wildcard: true,
                } => format!(
                    "no A or AAAA record for it (the wildcard {} answers for it)",
                    Show(zone.names.get(wildcard))
                ),
                Answer::NoData { owner: Some(_), .. } => "no A or AAAA record for it".to_owned(),
                _ => "no records at all for it".to_owned(),
            };
            checker
                .report_field(
                    Rule::TargetNoAddress,
                    record,
                    field,
                    format!(
                        "{what} target {} of {owner} is in this zone, which has {has}",
                        Show(target),
                    ),
                )
                .help(format!(
                    "add an A or AAAA record for {}, or correct the target",
                    Show(target)
                ));
        }
    }
}
