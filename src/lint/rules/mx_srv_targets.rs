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
