//! Repair: applying the fixes attached to findings, the glue fix, and
//! writing files so that nothing is lost (DESIGN §7).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::path::Path;

use crate::engine::{Prepared, RuleFilter};
use crate::finding::{Applicability, Edit, Finding, Fix};
use crate::lint::Rule;
use crate::lint::query::index::{ZoneIndex, types};
use crate::lint::query::targets::{TargetKind, ns_targets};
use crate::name;
use crate::names::NameId;
use crate::syntax::EntryKind;
use crate::zone::{self, Record, Zone};

mod layout;

/// The most rounds of fix, re-check, fix.
pub const MAX_ROUNDS: usize = 10;

/// Addresses the glue fix may use, by host name (lower case, absolute).
#[derive(Clone, Debug, Default)]
pub struct GlueSources {
    /// Host → addresses, from `--glue`, `--glue-file` and the configuration.
    pub addresses: BTreeMap<String, Vec<IpAddr>>,
}

impl GlueSources {
    /// Adds `host` = `address`.
    pub fn add(&mut self, host: &str, address: IpAddr) {
        let mut host = host.trim().to_ascii_lowercase();
        if !host.ends_with('.') {
            host.push('.');
        }
        let list = self.addresses.entry(host).or_default();
        if !list.contains(&address) {
            list.push(address);
        }
    }

    /// Reads `--glue HOST=ADDR`.
    pub fn add_argument(&mut self, argument: &str) -> Result<(), String> {
        let (host, address) = argument
            .split_once('=')
            .ok_or_else(|| format!("--glue {argument}: expected HOST=ADDRESS"))?;
        let address: IpAddr = address
            .trim()
            .parse()
            .map_err(|_| format!("--glue {argument}: {address:?} is not an IP address"))?;
        self.add(host, address);
        Ok(())
    }

    /// Reads a hosts file: `ADDRESS HOST [HOST…]` per line, `#` comments.
    pub fn add_hosts_file(&mut self, path: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("--glue-file {}: {error}", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let address = words.next().unwrap_or_default();
            let address: IpAddr = address.parse().map_err(|_| {
                format!(
                    "{}:{}: {address:?} is not an IP address",
                    path.display(),
                    number + 1
                )
            })?;
            let mut any = false;
            for host in words {
                self.add(host, address);
                any = true;
            }
            if !any {
                return Err(format!(
                    "{}:{}: no host name after the address",
                    path.display(),
                    number + 1
                ));
            }
        }
        Ok(())
    }

    fn lookup(&self, host: &[u8]) -> Option<&Vec<IpAddr>> {
        self.addresses
            .get(&name::to_string(host).to_ascii_lowercase())
    }
}

/// The rules whose findings the glue fix repairs.
pub const GLUE_RULES: &[Rule] = &[
    Rule::MissingGlue,
    Rule::ApexNsMissingAddress,
    Rule::MissingSiblingGlue,
];

/// Attaches the glue fix to each glue finding of `zone`: the A/AAAA
/// records, with addresses from `sources` or else from the zone of
/// `others` (the zones of the run; the zone itself is skipped) that is authoritative for the host, inserted in the
/// delegation's glue block. Without an address the fix has no edit and its
/// title says which flag would supply one.
pub fn attach_glue_fixes(
    zone: &Zone,
    findings: &mut [Finding],
    sources: &GlueSources,
    others: &[ZoneIndex<'_>],
) {
    if !findings.iter().any(|f| GLUE_RULES.contains(&f.rule)) || zone.origin.is_none() {
        return;
    }
    let index = ZoneIndex::new(zone);
    let mut owners: Vec<NameId> = index
        .apex
        .filter(|&a| index.has_type(a, types::NS))
        .into_iter()
        .collect();
    owners.extend(index.delegations());
    let newline = if zone.files[0].text.windows(2).any(|w| w == b"\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    // Each glue finding by (rule, file, entry), found without a scan.
    let mut by_entry: HashMap<(Rule, usize, usize), usize> = HashMap::new();
    for (position, finding) in findings.iter().enumerate() {
        if GLUE_RULES.contains(&finding.rule) {
            let entries = &zone.files[finding.file].entries;
            let entry = entries.holding(finding.span.start as usize);
            by_entry
                .entry((finding.rule, finding.file, entry))
                .or_insert(position);
        }
    }
    let blocks = GlueBlocks::new(zone, &index);
    let mut origins = None;
    for owner in owners {
        for target in ns_targets(&index, owner) {
            let rule = match target.kind {
                _ if !target.addresses.is_empty() => continue,
                TargetKind::InDomain if Some(owner) == index.apex => Rule::ApexNsMissingAddress,
                TargetKind::InDomain => Rule::MissingGlue,
                TargetKind::Sibling(_) => Rule::MissingSiblingGlue,
                _ => continue,
            };
            let file = zone.file_of(target.record);
            let Some(&position) = by_entry.get(&(rule, file, target.record.entry as usize)) else {
                continue;
            };
            let finding = &mut findings[position];
            let host = name::to_string(target.name);
            let addresses = sources
                .lookup(target.name)
                .cloned()
                .or_else(|| authoritative_addresses(zone, others, target.name));
            let Some(addresses) = addresses.filter(|a| !a.is_empty()) else {
                finding.fix = Some(Fix {
                    title: format!(
                        "Add glue for {host}: no address is known; give it with --glue {host}=ADDRESS, --glue-file FILE or the configuration's [glue] table"
                    ),
                    applicability: Applicability::Safe,
                    edits: Vec::new(),
                });
                continue;
            };
            if file != 0 {
                continue;
            }
            // Glue goes into the block of the delegation the host lies
            // under: an apex name server's may lie below a delegation.
            let glue_owner = match target.kind {
                TargetKind::Sibling(cut) => cut,
                TargetKind::InDomain if Some(owner) == index.apex => {
                    index.cut_at_or_above(target.name).unwrap_or(owner)
                }
                _ => owner,
            };
            let at = blocks.insertion_point(zone, glue_owner, target.record);
            let text = &zone.files[0].text;
            let mut insertion = String::new();
            if at == text.len() && !text.is_empty() && !text.ends_with(b"\n") {
                insertion.push_str(newline);
            }
            // Written the way the records before it are written.
            let origins = origins.get_or_insert_with(|| layout::FileOrigins::new(zone));
            let layout = layout::Layout::before(zone, at, origins);
            for address in &addresses {
                let record_type = if address.is_ipv4() { "A" } else { "AAAA" };
                insertion.push_str(&layout.line(&host, record_type, &address.to_string()));
                insertion.push_str(newline);
            }
            finding.fix = Some(Fix {
                title: format!(
                    "Add glue for {host}: {}",
                    addresses
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                applicability: Applicability::Safe,
                edits: vec![Edit {
                    file: 0,
                    span: crate::span::Span::new(at, at),
                    replacement: insertion,
                }],
            });
        }
    }
}

/// The addresses of `host` in the zone of `others` authoritative for it.
fn authoritative_addresses(
    zone: &Zone,
    others: &[ZoneIndex<'_>],
    host: &[u8],
) -> Option<Vec<IpAddr>> {
    let index = others
        .iter()
        .filter(|i| i.zone.files[0].path != zone.files[0].path)
        .filter(|i| {
            i.zone
                .origin
                .as_deref()
                .is_some_and(|o| name::is_subdomain(host, o))
        })
        .max_by_key(|i| i.zone.origin.as_ref().map_or(0, Vec::len))?;
    // The zone's answer for the host (a wildcard's addresses included; a
    // referral or an alias gives none).
    let query = crate::lint::Query::Address;
    let addresses: Vec<IpAddr> = index
        .lookup(host, query)
        .records(index, query)
        .filter_map(|r| address_of(index.zone.rdata(r)))
        .collect();
    (!addresses.is_empty()).then_some(addresses)
}

fn address_of(data: &[u8]) -> Option<IpAddr> {
    match data.len() {
        4 => Some(IpAddr::from(<[u8; 4]>::try_from(data).ok()?)),
        16 => Some(IpAddr::from(<[u8; 16]>::try_from(data).ok()?)),
        _ => None,
    }
}

/// For each delegation, the last entry of its NS and DS records and the
/// entries of address records below it, in the zone file itself: where
/// its glue block is. Built in one pass over the records.
struct GlueBlocks {
    last_ns_ds: HashMap<NameId, usize>,
    glue_entries: HashMap<NameId, BTreeSet<usize>>,
}

impl GlueBlocks {
    fn new(zone: &Zone, index: &ZoneIndex<'_>) -> Self {
        let mut blocks = GlueBlocks {
            last_ns_ds: HashMap::new(),
            glue_entries: HashMap::new(),
        };
        for record in &zone.records {
            if zone.file_of(record) != 0 || zone.flags(record) & crate::zone::FLAG_GENERATED != 0 {
                continue;
            }
            let entry = record.entry as usize;
            match record.record_type {
                types::NS | types::DS => {
                    let last = blocks.last_ns_ds.entry(record.owner).or_insert(entry);
                    *last = (*last).max(entry);
                }
                types::A | types::AAAA => {
                    // Addresses below a delegation are its glue; the others
                    // are in the zone's own data, the apex's block.
                    let block = index.cut_at_or_above(zone.owner(record)).or(index.apex);
                    if let Some(block) = block {
                        blocks.glue_entries.entry(block).or_default().insert(entry);
                    }
                }
                _ => {}
            }
        }
        blocks
    }

    /// Where new glue for the delegation `owner` goes: its glue block,
    /// right after its NS and DS records and the address records below it
    /// that follow them, and never between a record and a following line
    /// that inherits its owner (that would change the owner of that line).
    fn insertion_point(&self, zone: &Zone, owner: NameId, ns_record: &Record) -> usize {
        let file = &zone.files[0];
        let last_entry = self
            .last_ns_ds
            .get(&owner)
            .copied()
            .unwrap_or(0)
            .max(ns_record.entry as usize);
        let empty = BTreeSet::new();
        let glue_entries = self.glue_entries.get(&owner).unwrap_or(&empty);
        let starts_with_blank = |index: usize| {
            file.entries.get(index).is_some_and(|entry| {
                entry.kind == EntryKind::Record
                    && matches!(file.text.get(entry.span.start as usize), Some(b' ' | b'\t'))
            })
        };
        // Entries that neither set nor use an owner: comments, blank lines,
        // `$TTL` and `$ORIGIN`.
        let passes_owner_on = |index: usize| {
            file.entries.get(index).is_some_and(|entry| {
                matches!(
                    entry.kind,
                    EntryKind::Empty
                        | EntryKind::Directive(crate::syntax::Directive::Ttl)
                        | EntryKind::Directive(crate::syntax::Directive::Origin)
                )
            })
        };
        let mut next = last_entry + 1;
        loop {
            // Lines that inherit the owner, and the glue that already follows
            // the NS records, stay before the new glue; so do comments and
            // directives between a record and a line that inherits its owner.
            if starts_with_blank(next) || glue_entries.contains(&next) {
                next += 1;
                continue;
            }
            let mut ahead = next;
            while passes_owner_on(ahead) {
                ahead += 1;
            }
            if ahead > next && starts_with_blank(ahead) {
                next = ahead + 1;
                continue;
            }
            break;
        }
        file.entries
            .get(next - 1)
            .map_or(file.text.len(), |e| e.span.end as usize)
    }
}

/// Applies `edits` (all in one file) to `text`; an edit that overlaps one
/// already applied is skipped. Returns the new text and how many applied.
pub fn apply_edits(text: &[u8], edits: &[&Edit]) -> (Vec<u8>, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = Vec::with_capacity(text.len() + 256);
    let mut position = 0usize;
    let mut applied = 0;
    for edit in sorted {
        let (start, end) = (edit.span.start as usize, edit.span.end as usize);
        if start < position || end > text.len() {
            continue;
        }
        out.extend_from_slice(&text[position..start]);
        out.extend_from_slice(edit.replacement.as_bytes());
        position = end;
        applied += 1;
    }
    out.extend_from_slice(&text[position..]);
    (out, applied)
}

/// The edits of `findings` to apply: fixes at or above `required`, with
/// edits only in the zone file itself (file 0).
pub fn applicable_edits(findings: &[Finding], required: Applicability) -> Vec<&Edit> {
    findings
        .iter()
        .filter_map(|f| f.fix.as_ref())
        .filter(|fix| fix.applicability >= required && !fix.edits.is_empty())
        .filter(|fix| fix.edits.iter().all(|e| e.file == 0))
        .flat_map(|fix| fix.edits.iter())
        .collect()
}

/// A record as compared across versions: owner (lower case), TTL, class,
/// type, RDATA.
pub type CanonicalRecord = (Vec<u8>, u32, u16, u16, Vec<u8>);

/// The records of a zone in canonical form, to compare two versions:
/// (owner lower-cased, TTL, class, type, RDATA), sorted.
pub fn canonical_records(zone: &Zone) -> Vec<CanonicalRecord> {
    let mut records: Vec<_> = zone
        .records
        .iter()
        .map(|r| {
            let mut owner = zone.owner(r).to_vec();
            name::to_lowercase(&mut owner);
            (
                owner,
                zone.ttl(r),
                zone.record_class(r),
                r.record_type,
                zone.rdata(r).to_vec(),
            )
        })
        .collect();
    records.sort();
    records
}

/// The RRsets (owner in lower case, type) that a fix may change: those of
/// the records the finding is on, and for the glue fix the addresses of
/// the host it adds.
pub fn fix_subjects<'z>(
    zone: &'z Zone,
    records_by_entry: &HashMap<(usize, usize), Vec<&'z Record>>,
    finding: &Finding,
) -> Vec<(Vec<u8>, u16)> {
    let mut subjects = Vec::new();
    // The records whose entry holds the finding's first byte.
    let entries = &zone.files[finding.file].entries;
    let entry = entries.holding(finding.span.start as usize);
    for record in records_by_entry
        .get(&(finding.file, entry))
        .into_iter()
        .flatten()
    {
        let mut owner = zone.owner(record).to_vec();
        name::to_lowercase(&mut owner);
        subjects.push((owner, record.record_type));
        // A glue fix adds addresses for the NS record's target, whatever
        // form (relative or absolute) its text gives the name.
        if GLUE_RULES.contains(&finding.rule) && record.record_type == types::NS {
            let mut host = zone.rdata(record).to_vec();
            name::to_lowercase(&mut host);
            subjects.push((host.clone(), types::A));
            subjects.push((host, types::AAAA));
        }
    }
    subjects
}

/// The records of each entry written in a file (not `$GENERATE`d), for
/// [`fix_subjects`].
pub fn records_by_entry(zone: &Zone) -> HashMap<(usize, usize), Vec<&Record>> {
    let mut map: HashMap<(usize, usize), Vec<&Record>> = HashMap::new();
    for record in &zone.records {
        if zone.flags(record) & crate::zone::FLAG_GENERATED == 0 {
            map.entry((zone.file_of(record), record.entry as usize))
                .or_default()
                .push(record);
        }
    }
    map
}

/// Whether going from `before` to `after` changed only records of the
/// `subjects` RRsets: no other record gained, lost, moved to another owner
/// or changed its TTL.
pub fn changes_stay_within(
    before: &Zone,
    after: &Zone,
    subjects: &std::collections::HashSet<(Vec<u8>, u16)>,
) -> bool {
    let old = canonical_records(before);
    let new = canonical_records(after);
    let (mut i, mut j) = (0, 0);
    let allowed = |record: &CanonicalRecord| subjects.contains(&(record.0.clone(), record.3));
    while i < old.len() || j < new.len() {
        match (old.get(i), new.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                if !allowed(a) {
                    return false;
                }
                i += 1;
            }
            (Some(_), Some(b)) | (None, Some(b)) => {
                if !allowed(b) {
                    return false;
                }
                j += 1;
            }
            (Some(a), None) => {
                if !allowed(a) {
                    return false;
                }
                i += 1;
            }
            (None, None) => break,
        }
    }
    true
}

/// The glue sources for one zone: `base` (the command line's), then the
/// configuration's `[glue]` table for hosts the command line does not name.
pub fn zone_sources(
    base: &GlueSources,
    config_glue: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<GlueSources, String> {
    let mut sources = base.clone();
    for (host, addresses) in config_glue {
        if base.addresses.contains_key(&host.to_ascii_lowercase()) {
            continue;
        }
        for address in addresses {
            let address = address.parse().map_err(|_| {
                format!("configuration [glue] {host}: {address:?} is not an IP address")
            })?;
            sources.add(host, address);
        }
    }
    Ok(sources)
}

/// Fixes one zone to a fixed point: lint, apply the fixes at or above
/// `required`, read the text again, repeat (at most
/// [`MAX_ROUNDS`]). A round that would add a syntax error is refused,
/// and a file with syntax errors is not fixed. Returns the fixed zone when
/// the text changed, and the messages for the user.
pub fn fix_zone(
    prepared: &Prepared,
    others: &[ZoneIndex<'_>],
    filter: &RuleFilter,
    required: Applicability,
    sources: &GlueSources,
) -> (Option<Zone>, Vec<String>) {
    fix_zone_observed(prepared, others, filter, required, sources, |_| {})
}

/// [`fix_zone`], showing `observe` the zone each round leaves before the
/// next round reads it: a round's fixes are about that round's findings,
/// which the fuzz target's check takes from every round.
#[doc(hidden)]
pub fn fix_zone_observed(
    prepared: &Prepared,
    others: &[ZoneIndex<'_>],
    filter: &RuleFilter,
    required: Applicability,
    sources: &GlueSources,
    mut observe: impl FnMut(&Prepared),
) -> (Option<Zone>, Vec<String>) {
    let mut hints = Vec::new();
    let syntax_errors = |zone: &Zone| {
        zone.findings
            .iter()
            .filter(|f| f.rule == Rule::Syntax)
            .count()
    };
    if syntax_errors(&prepared.zone) > 0 {
        hints.push("not fixed: the file has syntax errors".to_string());
        return (None, hints);
    }
    let path = prepared.zone.files[0].path.clone();
    let mut current: Option<Prepared> = None;
    for round in 0..MAX_ROUNDS {
        let state = current.as_ref().unwrap_or(prepared);
        let mut findings = crate::engine::check(std::slice::from_ref(state), filter).remove(0);
        attach_glue_fixes(&state.zone, &mut findings, sources, others);
        if round == 0 {
            hints.extend(
                findings
                    .iter()
                    .filter_map(|f| f.fix.as_ref())
                    .filter(|fix| fix.edits.is_empty())
                    .map(|fix| fix.title.clone()),
            );
        }
        let load = |text: Vec<u8>| zone::load_source(path.clone(), text, &prepared.options);
        let Some(zone) = fix_round(&state.zone, &findings, required, load, &mut hints) else {
            break;
        };
        let next = Prepared {
            zone,
            profile: prepared.profile.clone(),
            levels: prepared.levels.clone(),
            options: prepared.options.clone(),
            glue: prepared.glue.clone(),
        };
        observe(&next);
        current = Some(next);
    }
    let mut seen = std::collections::HashSet::new();
    hints.retain(|hint| seen.insert(hint.clone()));
    (current.map(|p| p.zone), hints)
}

/// One round of fixes on `zone`: all applicable fixes together when the
/// result changes only the RRsets they are about and adds no syntax
/// error; otherwise one fix at a time, from the end of the file back, each
/// kept only when it passes the same test. Returns the new zone, or `None`
/// when nothing changed.
fn fix_round(
    zone: &Zone,
    findings: &[Finding],
    required: Applicability,
    load: impl Fn(Vec<u8>) -> Zone,
    hints: &mut Vec<String>,
) -> Option<Zone> {
    let fixable: Vec<&Finding> = findings
        .iter()
        .filter(|f| {
            f.fix.as_ref().is_some_and(|fix| {
                fix.applicability >= required
                    && !fix.edits.is_empty()
                    && fix.edits.iter().all(|e| e.file == 0)
            })
        })
        .collect();
    if fixable.is_empty() {
        return None;
    }
    let by_entry = records_by_entry(zone);
    let subjects: Vec<std::collections::HashSet<(Vec<u8>, u16)>> = fixable
        .iter()
        .map(|f| fix_subjects(zone, &by_entry, f).into_iter().collect())
        .collect();
    let acceptable =
        |before: &Zone, after: &Zone, subjects: &std::collections::HashSet<(Vec<u8>, u16)>| {
            !after.findings.iter().any(|f| f.rule == Rule::Syntax)
                && changes_stay_within(before, after, subjects)
        };
    let text = &zone.files[0].text;
    let all_edits: Vec<&Edit> = fixable
        .iter()
        .flat_map(|f| {
            f.fix
                .as_ref()
                .map(|fix| fix.edits.iter())
                .into_iter()
                .flatten()
        })
        .collect();
    let (batch_text, applied) = apply_edits(text, &all_edits);
    if applied == all_edits.len() && batch_text != *text {
        let batch = load(batch_text);
        let union: std::collections::HashSet<(Vec<u8>, u16)> =
            subjects.iter().flatten().cloned().collect();
        if acceptable(zone, &batch, &union) {
            return Some(batch);
        }
    }
    // One at a time, last in the file first, so the spans of the others
    // stay valid.
    let mut order: Vec<usize> = (0..fixable.len()).collect();
    let start_of = |i: usize| {
        fixable[i].fix.as_ref().map_or(0, |fix| {
            fix.edits.iter().map(|e| e.span.start).min().unwrap_or(0)
        })
    };
    order.sort_by_key(|&i| std::cmp::Reverse(start_of(i)));
    let mut current: Option<Zone> = None;
    let mut lowest_applied = u32::MAX;
    for i in order {
        let Some(fix) = &fixable[i].fix else { continue };
        if fix.edits.iter().any(|e| e.span.end > lowest_applied) {
            continue;
        }
        let before = current.as_ref().unwrap_or(zone);
        let edits: Vec<&Edit> = fix.edits.iter().collect();
        let (new_text, applied) = apply_edits(&before.files[0].text, &edits);
        if applied != edits.len() || new_text == before.files[0].text {
            continue;
        }
        let after = load(new_text);
        if acceptable(before, &after, &subjects[i]) {
            lowest_applied = start_of(i);
            current = Some(after);
        } else {
            hints.push(format!(
                "not applied, because it would change other records too: {}",
                fix.title
            ));
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_overlaps_are_skipped() {
        let edit = |start: usize, end: usize, text: &str| Edit {
            file: 0,
            span: crate::span::Span::new(start, end),
            replacement: text.into(),
        };
        let edits = [edit(4, 4, "."), edit(0, 1, "B"), edit(0, 2, "xx")];
        let refs: Vec<&Edit> = edits.iter().collect();
        let (out, applied) = apply_edits(b"abcd efg", &refs);
        assert_eq!(String::from_utf8(out).unwrap(), "Bbcd. efg");
        assert_eq!(applied, 2);
    }

    #[test]
    fn hosts_files_and_arguments() {
        let mut sources = GlueSources::default();
        sources
            .add_argument("ns1.shop.example.com=192.0.2.1")
            .unwrap();
        assert!(sources.add_argument("ns1").is_err());
        assert!(sources.add_argument("ns1=x").is_err());
        let dir = std::env::temp_dir().join(format!("zonelint-hosts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("hosts");
        std::fs::write(
            &path,
            "# glue\n2001:db8::1 NS1.shop.example.com. ns2.shop.example.com\n",
        )
        .unwrap();
        sources.add_hosts_file(&path).unwrap();
        assert_eq!(sources.addresses["ns1.shop.example.com."].len(), 2);
        assert_eq!(sources.addresses["ns2.shop.example.com."].len(), 1);
        std::fs::write(&path, "192.0.2.1\n").unwrap();
        assert!(sources.add_hosts_file(&path).unwrap_err().contains(":1:"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
