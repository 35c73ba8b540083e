//! CNAME chains: `cname-loop`, `dangling-cname`.

use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::lookup::{Answer, Query};
use crate::lint::query::places::{Place, Places};
use crate::lint::query::reported::ReportedTargets;
use crate::lint::query::show::Show;
use crate::lint::{Checker, Rule};
use crate::name;
use crate::names::NameId;
use crate::zone::Record;

/// The documentation of `cname-loop`, in the fixed sections: `zonelint rule
/// cname-loop` prints it and the README rule table is made from it.
pub const CNAME_LOOP: &str = "\
    ## What it does\n\
    Reports a chain of CNAME records inside the zone that comes back to a name it already\n\
    passed, once per loop.\n\
    ## Why it matters\n\
    Resolvers follow the chain until they give up: every name on it fails to resolve.\n\
    ## Example\n\
    `a CNAME b` and `b CNAME a`.\n\
    ## Fix safety\n\
    No fix.\n\
    ## References\n\
    RFC 1034 §3.6.2, RFC 1912 §2.4.\n";

/// The documentation of `dangling-cname`, in the fixed sections: `zonelint rule
/// dangling-cname` prints it and the README rule table is made from it.
pub const DANGLING_CNAME: &str = "\
    ## What it does\n\
    Reports a CNAME (or the last CNAME of a chain) whose target lies in the zone's own data\n\
    but has no records there, directly or through a wildcard or a DNAME: a name that does not\n\
    exist, or an empty non-terminal (which no wildcard answers for).\n\
    ## Why it matters\n\
    The zone is authoritative for the target and has nothing for it: the alias answers with\n\
    no data or NXDOMAIN.\n\
    ## Example\n\
    `www CNAME web` with no records at `web`.\n\
    ## Fix safety\n\
    No fix: add the target's records or remove the alias.\n\
    ## References\n\
    RFC 1034 §3.6.2, RFC 1912 §2.4.\n";

/// `cname-loop` and `dangling-cname`: every CNAME chain inside the zone's
/// own data is followed once (each name is visited once, so a zone of
/// long chains stays linear).
pub(crate) fn check_chains(checker: &mut Checker<'_>, index: &ZoneIndex<'_>, places: &Places) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let zone = index.zone;
    let mut state = vec![UNSEEN; zone.names.len()];
    let mut path: Vec<(NameId, &Record)> = Vec::new();
    let reported = ReportedTargets::new(checker);
    for start in zone
        .records
        .iter()
        .filter(|r| r.record_type == types::CNAME)
    {
        if state[start.owner as usize] != UNSEEN
            || !matches!(places.get(start.owner), Place::Data | Place::Apex)
        {
            continue;
        }
        path.clear();
        let mut current = start.owner;
        loop {
            match state[current as usize] {
                DONE => break,
                ON_PATH => {
                    let at = path
                        .iter()
                        .position(|&(id, _)| id == current)
                        .expect("a name on the path is in it");
                    report_loop(checker, index, &path[at..]);
                    break;
                }
                _ => {}
            }
            let Some(cname) = index.rrset(current, types::CNAME).next() else {
                break;
            };
            state[current as usize] = ON_PATH;
            path.push((current, cname));
            let target = zone.rdata(cname);
            // The zone's answer for the target: a CNAME there (or at the
            // wildcard that answers) goes on; a name with no data ends
            // the chain dangling; a referral, a DNAME, data or a name
            // outside the zone end it well.
            match index.lookup(target, Query::Any) {
                Answer::Alias { record, .. } if record.record_type == types::CNAME => {
                    current = record.owner;
                    continue;
                }
                Answer::NxDomain | Answer::NoData { owner: None, .. } => {
                    if !reported.contains(zone, cname) {
                        report_dangling(checker, index, cname, target);
                    }
                    break;
                }
                _ => break,
            }
        }
        for &(id, _) in &path {
            state[id as usize] = DONE;
        }
    }
}

pub(crate) fn report_loop(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    cycle: &[(NameId, &Record)],
) {
    let zone = index.zone;
    // Report at the loop's first record in the file, whichever name the
    // walk started from.
    let &(_, first) = cycle
        .iter()
        .min_by_key(|(_, r)| (zone.file_of(r), r.entry))
        .expect("a loop has a name");
    let names: Vec<String> = cycle
        .iter()
        .map(|&(id, _)| name::to_string(zone.names.get(id)))
        .chain(std::iter::once(name::to_string(zone.names.get(cycle[0].0))))
        .collect();
    let finding = checker.report_record(
        Rule::CnameLoop,
        first,
        format!("CNAME loop: {}", names.join(" → ")),
    );
    finding.help("point one of the aliases at a name with data");
    for &(_, record) in cycle {
        if !std::ptr::eq(record, first) {
            finding.label(zone, record, "part of the loop");
        }
    }
}

pub(crate) fn report_dangling(
    checker: &mut Checker<'_>,
    index: &ZoneIndex<'_>,
    cname: &Record,
    target: &[u8],
) {
    let zone = index.zone;
    checker
        .report_field(
            Rule::DanglingCname,
            cname,
            0,
            format!(
                "CNAME {} → {} ends at a name this zone has no records for",
                Show(zone.owner(cname)),
                Show(target)
            ),
        )
        .help(format!(
            "add records for {}, or point the alias at a name that has them",
            Show(target)
        ));
}
