//! The lint engine: rules over the zone model, registry profiles, and the
//! rules that compare zones of one run.

pub mod checkers;
pub mod query;
pub mod rules;
pub mod suppress;

use checkers::{ns_sets, owners, rdata_names};
/// `serial-not-increased`, under the name the committed-version types
/// were first published at.
pub use rules::serial_not_increased as serial;
use rules::{cross_zone, dnssec, glue_changed};

use crate::finding::{Finding, Label, Severity};
use crate::profile::Profile;
use crate::span::Span;
use crate::syntax::{EntryKind, Field, RawEntry, RecordSyntax};
use crate::zone::{self, Record, Zone};

pub use query::index::ZoneIndex;
pub use query::lookup::{Answer, Query};
pub use rules::{FixAvailability, Group, Rule, RuleSet};

/// What a check run needs besides the zone.
#[derive(Clone, Debug)]
pub struct Settings<'p> {
    /// The registry profile.
    pub profile: &'p Profile,
    /// The rules that run; the work of the others is skipped
    /// (`serial-not-increased`, for one, reads git history).
    pub rules: RuleSet,
}

/// Collects findings for one zone.
pub struct Checker<'z> {
    /// The zone.
    pub zone: &'z Zone,
    /// The findings so far.
    pub findings: Vec<Finding>,
}

impl<'z> Checker<'z> {
    /// A checker with no findings.
    pub fn new(zone: &'z Zone) -> Self {
        Checker {
            zone,
            findings: Vec::new(),
        }
    }

    /// Reports `rule` at `span` of `file`.
    pub fn report(&mut self, rule: Rule, file: usize, span: Span, message: String) -> &mut Finding {
        self.findings.push(Finding {
            rule,
            severity: rule.default_severity(),
            file,
            span,
            message,
            help: None,
            labels: Vec::new(),
            fix: None,
        });
        self.findings.last_mut().expect("just pushed")
    }

    /// Reports `rule` on a whole record.
    pub fn report_record(&mut self, rule: Rule, record: &Record, message: String) -> &mut Finding {
        let (file, span) = self.zone.record_label_span(record);
        self.report(rule, file, span, message)
    }

    /// Reports `rule` on RDATA field `field` of a record (the whole record
    /// when the field cannot be found, as for `$GENERATE` records).
    pub fn report_field(
        &mut self,
        rule: Rule,
        record: &Record,
        field: usize,
        message: String,
    ) -> &mut Finding {
        let (file, span) = rdata_field_span(self.zone, record, field)
            .unwrap_or_else(|| self.zone.record_label_span(record));
        self.report(rule, file, span, message)
    }
}

impl Finding {
    /// Adds a help line.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related label on a record.
    pub fn label(&mut self, zone: &Zone, record: &Record, message: impl Into<String>) -> &mut Self {
        let (file, span) = zone.record_label_span(record);
        self.labels.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Overrides the severity.
    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }
}

/// A record's entry read again: its file, all its fields, and how they
/// split into owner, TTL, class, type and RDATA. `None` for records made
/// by `$GENERATE`, which have no entry of their own.
pub fn record_syntax<'z>(
    zone: &'z Zone,
    record: &Record,
) -> Option<(usize, Vec<Field<'z>>, RecordSyntax<'z>)> {
    if zone.flags(record) & zone::FLAG_GENERATED != 0 {
        return None;
    }
    let file = zone.file_of(record);
    let source = &zone.files[file];
    let entry = source.entries.at(record.entry as usize);
    source.text.scattered_read();
    let (fields, starts_with_blank) = entry.fields(&source.text);
    let raw = RawEntry {
        kind: EntryKind::Record,
        span: entry.span,
        starts_with_blank,
        plain: false,
        fields: &fields,
        errors: &[],
    };
    let syntax = raw.record(true).ok()?;
    Some((file, fields, syntax))
}

/// The written RDATA fields of a record, read again from its entry.
pub fn rdata_fields<'z>(zone: &'z Zone, record: &Record) -> Option<(usize, Vec<Field<'z>>)> {
    let (file, mut fields, syntax) = record_syntax(zone, record)?;
    Some((file, fields.split_off(syntax.rdata_start)))
}

/// The span of RDATA field `index` of a record.
pub fn rdata_field_span(zone: &Zone, record: &Record, index: usize) -> Option<(usize, Span)> {
    let (file, fields) = rdata_fields(zone, record)?;
    fields.get(index).map(|f| (file, f.span))
}

/// Records from which [`check_zone`] runs the delegation rules and the
/// others side by side.
const PARALLEL_RECORDS: usize = 100_000;

/// Runs every per-zone rule, reading committed versions from git.
pub fn check_zone(zone: &Zone, index: &ZoneIndex<'_>, settings: &Settings<'_>) -> Vec<Finding> {
    check_zone_with(zone, index, settings, &serial::Git)
}

/// Runs every per-zone rule; the rules that compare the zone with its
/// committed version (`serial-not-increased`, `glue-changed`) read it from
/// `committed`.
pub fn check_zone_with(
    zone: &Zone,
    index: &ZoneIndex<'_>,
    settings: &Settings<'_>,
    committed: &dyn serial::CommittedVersion,
) -> Vec<Finding> {
    let mut checker = Checker::new(zone);
    if zone.origin.is_none() {
        return checker.findings;
    }
    let rules = settings.rules;
    let delegation = rules.any_of_group(Group::Delegation) || rules.any_of_group(Group::Registry);
    let structure = rules.any_of_group(Group::Structure);
    // The rules of the other tables read the RDATA-name findings of the
    // delegation rules (one finding per cause), and nothing else of them.
    let others = |checker: &mut Checker<'_>| {
        rdata_names::check(checker, index);
        if structure {
            owners::check(checker, index);
            dnssec::check(checker, rules);
        }
        if rules.contains(Rule::SerialNotIncreased) {
            serial::check(checker, index, committed);
        }
        if rules.contains(Rule::GlueChanged) {
            glue_changed::check(checker, index, settings.profile, committed);
        }
    };
    if delegation && structure && zone.records.len() >= PARALLEL_RECORDS {
        let ((), side) = rayon::join(
            || ns_sets::check(&mut checker, index, settings),
            || {
                let mut side = Checker::new(zone);
                others(&mut side);
                side.findings
            },
        );
        checker.findings.extend(side);
    } else {
        if delegation {
            ns_sets::check(&mut checker, index, settings);
        }
        others(&mut checker);
    }
    checker.findings
}

/// Runs `work` on consecutive ranges of `0..count` on every core (when
/// each core gets at least `minimum` items), a worker taking the next
/// range as soon as it is done, so that a core slowed by other jobs does
/// not hold the others up. The results come in the order of the ranges.
pub(crate) fn in_chunks<T: Send>(
    count: usize,
    minimum: usize,
    work: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    in_chunks_with(count, minimum, || (), |(), range| work(range)).0
}

/// [`in_chunks`] with a state each worker makes once (`init`) and passes
/// to `work` for every range it takes (buffers, caches, what it has
/// seen); the states come back after the results, one per worker.
pub(crate) fn in_chunks_with<S: Send, T: Send>(
    count: usize,
    minimum: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, std::ops::Range<usize>) -> T + Sync,
) -> (Vec<T>, Vec<S>) {
    use rayon::prelude::*;
    // The workers are tasks of rayon's one pool, not threads of their
    // own: called from a task that already runs on every core (one file
    // of many), they share those cores instead of adding cores x cores
    // threads.
    let workers = rayon::current_num_threads()
        .min(count / minimum.max(1))
        .max(1);
    if workers == 1 {
        let mut state = init();
        let result = work(&mut state, 0..count);
        return (vec![result], vec![state]);
    }
    let size = count.div_ceil(workers * 16);
    let chunks = count.div_ceil(size);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<(Vec<(usize, T)>, S)> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut state = init();
            let mut done = Vec::new();
            loop {
                let chunk = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if chunk >= chunks {
                    break (done, state);
                }
                let range = chunk * size..((chunk + 1) * size).min(count);
                done.push((chunk, work(&mut state, range)));
            }
        })
        .collect();
    let mut results = Vec::with_capacity(chunks);
    let mut states = Vec::with_capacity(workers);
    for (part, state) in done {
        results.extend(part);
        states.push(state);
    }
    results.sort_unstable_by_key(|(chunk, _)| *chunk);
    (
        results.into_iter().map(|(_, result)| result).collect(),
        states,
    )
}

/// Runs the rules that compare zones of one run (`glue-mismatch`,
/// `delegation-ns-mismatch`); findings go to the zone they are in, as
/// `(zone index, finding)`.
pub fn check_run(indexes: &[ZoneIndex<'_>]) -> Vec<(usize, Finding)> {
    cross_zone::check_across(indexes)
}
