//! The corpus of `../shared/corpus`: 1,757 master files from the test
//! suites of BIND, Knot, NSD, PowerDNS, ldns, validns and others, with
//! the verdicts of five peer checkers (`corpus/README.md`).
//!
//! The tests run only when `ZONELINT_CORPUS` names the corpus folder; they
//! print a note and pass otherwise. `cargo test -- --nocapture` shows the
//! counts. Four properties are checked:
//!
//! 1. [`round_trip`]: on every file, the entry spans of the parser tile
//!    the bytes and the lexer's tokens put end to end give the bytes back.
//! 2. [`accepted_zones_load`]: every `zone` that named-checkzone accepts
//!    loads without a `syntax` finding (origin = `origin_guess`, working
//!    directory = `run_dir`, as the peers were run).
//! 3. [`dump_matches_named_compilezone`]: on those zones, the records of
//!    `zonelint dump` are the records named-compilezone writes, compared as
//!    canonical records (owner lower-cased, TTL, class, type, wire RDATA).
//!    BIND's side is read from its `raw` output format, which holds the
//!    RDATA as wire bytes, so it does not go through zonelint's own RDATA
//!    reader: an encoding mistake cannot cancel out.
//! 4. [`unanimously_rejected_zones_fail`]: every zone that BIND, Knot, ldns
//!    and NSD all reject and whose own test expects a rejection makes
//!    `zonelint check` exit 1.
//!
//! Where zonelint differs on purpose, or cannot yet do better, the file is
//! in one of the lists below with the reason. An entry that is no longer
//! needed is reported (not failed) so that the lists only shrink.

mod common;

use zonelint::engine::parallel_map;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::process::{Command, Output};

use zonelint::zone::{LoadOptions, load_source};

//------------ The lists ----------------------------------------------------

/// Zones that named-checkzone accepts but zonelint reports a `syntax`
/// finding for (file, reason): zonelint is right and BIND 9.18 is too old
/// or too lax. (An RDATA reader that refuses what BIND reads would go here
/// as "gap in src/rdata: ..." until it is fixed.)
const LOAD_DIFFERENCES: &[(&str, &str)] = &[
    (
        "bind9/bin/tests/system/checkzone/zones/bad-eui48-no-leading-zero.db",
        EUI_STRICTER,
    ),
    (
        "bind9/bin/tests/system/checkzone/zones/bad-eui48-trailing-garbage.db",
        EUI_STRICTER,
    ),
    (
        "bind9/bin/tests/system/checkzone/zones/bad-eui64-no-leading-zero.db",
        EUI_STRICTER,
    ),
    (
        "bind9/bin/tests/system/checkzone/zones/bad-eui64-trailing-garbage.db",
        EUI_STRICTER,
    ),
    (
        "validns/t/zones/example.sec.signed.with-errors",
        "stricter: a GOST DS digest must be 32 octets (RFC 5933); validns's own test \
         expects this error, BIND 9.18 does not check the length",
    ),
];

const EUI_STRICTER: &str = "stricter: BIND HEAD rejects it (checkzone/tests.sh expects \
    failure); BIND 9.18 is older and reads it";
/// Zones whose `dump` differs from named-compilezone's records, on
/// purpose (file, reason).
const DUMP_DIFFERENCES: &[(&str, &str)] = &[];

/// Zones all four peers reject that `zonelint check` does not reject yet,
/// with the rule that will catch them (file, rule). An exit 1 caused only
/// by an RDATA type without a reader does not count as caught.
const NOT_YET_REJECTED: &[(&str, &str)] = &[];

/// The message of the RDATA reader for a type it cannot read yet. A zone
/// whose only syntax findings say this is counted as pending, not failed:
/// every type of DESIGN §3 is being added, and when a type lands the
/// message goes away and the zone is checked in full.
const PENDING_TYPE_MESSAGE: &str = "is not supported in presentation form";

/// Types whose RDATA holds domain names that DNSSEC's canonical form and
/// BIND's duplicate check compare without case (RFC 4034 §6.2, RFC 3597
/// §7): NS MD MF CNAME SOA MB MG MR PTR MINFO MX RP AFSDB RT NSAP-PTR SIG
/// PX NXT SRV NAPTR KX A6 DNAME RRSIG NSEC.
const NAME_RDATA_TYPES: &[u16] = &[
    2, 3, 4, 5, 6, 7, 8, 9, 12, 14, 15, 17, 18, 21, 23, 24, 26, 30, 33, 35, 36, 38, 39, 46, 47,
];

//------------ The corpus ---------------------------------------------------

/// One row of MANIFEST.tsv joined with its row of VERDICTS.tsv.
#[derive(Clone, Debug)]
struct Row {
    /// Path relative to the corpus folder.
    file: String,
    /// `origin_guess`, without the final dot (`.` for the root).
    origin: String,
    /// `peer_expectation`.
    expectation: String,
    /// `zone`, `fragment` or `include-target`.
    role: String,
    /// Working directory of the peers, relative to the corpus folder.
    run_dir: String,
    /// VERDICTS.tsv by column name.
    verdicts: HashMap<String, String>,
}

impl Row {
    /// The file's path relative to its `run_dir`.
    fn relative_path(&self) -> &str {
        self.file
            .strip_prefix(&self.run_dir)
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(&self.file)
    }

    /// The exit code a peer gave, by VERDICTS column.
    fn verdict(&self, column: &str) -> &str {
        self.verdicts.get(column).map_or("", String::as_str)
    }
}

/// The corpus folder and its rows.
struct Corpus {
    folder: PathBuf,
    rows: Vec<Row>,
}

impl Corpus {
    /// Reads the corpus named by `ZONELINT_CORPUS`, or `None` (with a note)
    /// when the variable is not set.
    fn open(test: &str) -> Option<Corpus> {
        let Some(folder) = std::env::var_os("ZONELINT_CORPUS") else {
            println!("{test}: skipped, set ZONELINT_CORPUS to the corpus folder to run it");
            return None;
        };
        let folder = PathBuf::from(folder);
        let manifest = common::read_tsv(&folder.join("MANIFEST.tsv"));
        let verdicts = common::verdicts_by_file(&folder);
        let rows: Vec<Row> = manifest
            .into_iter()
            .map(|row| Row {
                verdicts: verdicts
                    .get(&row["file"])
                    .cloned()
                    .unwrap_or_else(|| panic!("{} has no row in VERDICTS.tsv", row["file"])),
                file: row["file"].clone(),
                origin: row["origin_guess"].clone(),
                expectation: row["peer_expectation"].clone(),
                role: row["role"].clone(),
                run_dir: row["run_dir"].clone(),
            })
            .collect();
        assert_eq!(rows.len(), 1757, "MANIFEST.tsv should list 1,757 files");
        Some(Corpus { folder, rows })
    }

    /// The zones named-checkzone accepts: the set of checks 2 and 3.
    fn accepted_zones(&self) -> Vec<&Row> {
        self.rows
            .iter()
            .filter(|row| row.role == "zone" && row.verdict("named_checkzone") == "0")
            .collect()
    }

    /// The working directory of a row's peers.
    fn run_dir(&self, row: &Row) -> PathBuf {
        self.folder.join(&row.run_dir)
    }
}

/// Runs the zonelint binary in the row's `run_dir`.
fn zonelint(corpus: &Corpus, row: &Row, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(arguments)
        .args(["--origin", &row.origin, row.relative_path()])
        .current_dir(corpus.run_dir(row))
        .output()
        .expect("the zonelint binary runs")
}

/// Whether an allow-list names `file`, and why.
fn listed<'l>(list: &'l [(&str, &str)], file: &str) -> Option<&'l str> {
    list.iter()
        .find(|(listed, _)| *listed == file)
        .map(|(_, reason)| *reason)
}

/// Fails the test with every problem, one per line, when there are any.
fn report_failures(test: &str, failures: &[String]) {
    if !failures.is_empty() {
        panic!(
            "{test}: {} file(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// Warns about allow-list entries that no longer apply.
fn report_stale(test: &str, stale: &[String]) {
    for file in stale {
        println!("{test}: note: {file} passes now; remove it from the list");
    }
}

//------------ 1. Lossless round trip ---------------------------------------

#[test]
fn round_trip() {
    let Some(corpus) = Corpus::open("round_trip") else {
        return;
    };
    let failures: Vec<String> = parallel_map(&corpus.rows, |row| {
        let text = std::fs::read(corpus.folder.join(&row.file))
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", row.file));
        let mut problems = Vec::new();
        let mut position = 0;
        for token in zonelint::syntax::Lexer::new(&text) {
            if token.span.start as usize != position || token.span.is_empty() {
                problems.push(format!(
                    "{}: token {:?} at {}..{} does not follow byte {position}",
                    row.file, token.kind, token.span.start, token.span.end
                ));
                break;
            }
            position = token.span.end as usize;
        }
        if problems.is_empty() && position != text.len() {
            problems.push(format!(
                "{}: tokens end at byte {position} of {}",
                row.file,
                text.len()
            ));
        }
        let parsed = zonelint::syntax::parse(&text);
        let mut position = 0;
        for entry in &parsed.entries {
            if entry.span.start as usize != position || entry.span.is_empty() {
                problems.push(format!(
                    "{}: entry at {}..{} does not follow byte {position}",
                    row.file, entry.span.start, entry.span.end
                ));
                break;
            }
            position = entry.span.end as usize;
        }
        if position != text.len() {
            problems.push(format!(
                "{}: entries end at byte {position} of {}",
                row.file,
                text.len()
            ));
        }
        problems
    })
    .into_iter()
    .flatten()
    .collect();
    println!(
        "round_trip: {} of {} files tile losslessly (tokens and entries)",
        corpus.rows.len() - failures.len(),
        corpus.rows.len()
    );
    report_failures("round_trip", &failures);
}

//------------ 2. Accepted zones load ---------------------------------------

/// How a zone fared in `zonelint check`.
enum Load {
    /// No `syntax` finding.
    Clean,
    /// Only findings for RDATA types not read yet.
    PendingTypes(Vec<String>),
    /// Other syntax findings, or exit code 2.
    Failed(String),
}

/// Loads one zone with `zonelint check` and sorts its syntax findings.
fn load(corpus: &Corpus, row: &Row) -> Load {
    let output = zonelint(corpus, row, &["check", "--output-format", "concise", "-q"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let syntax: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("[syntax]"))
        .collect();
    if output.status.code() == Some(2) {
        return Load::Failed(format!(
            "exit 2: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    if syntax.is_empty() {
        return Load::Clean;
    }
    if syntax
        .iter()
        .all(|line| line.contains(PENDING_TYPE_MESSAGE))
    {
        let mut types: Vec<String> = syntax
            .iter()
            .filter_map(|line| {
                let after = line.split("RDATA of type ").nth(1)?;
                Some(after.split(' ').next()?.to_owned())
            })
            .collect();
        types.sort();
        types.dedup();
        return Load::PendingTypes(types);
    }
    let shown: Vec<&str> = syntax
        .iter()
        .filter(|line| !line.contains(PENDING_TYPE_MESSAGE))
        .take(3)
        .copied()
        .collect();
    Load::Failed(shown.join(" | "))
}

#[test]
fn accepted_zones_load() {
    let Some(corpus) = Corpus::open("accepted_zones_load") else {
        return;
    };
    let zones = corpus.accepted_zones();
    let results = parallel_map(&zones, |row| load(&corpus, row));
    let (mut clean, mut allowed) = (0, 0);
    let mut pending: BTreeMap<String, usize> = BTreeMap::new();
    let mut pending_files = 0;
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    for (row, result) in zones.iter().zip(results) {
        let allowance = listed(LOAD_DIFFERENCES, &row.file);
        match result {
            Load::Clean => {
                clean += 1;
                if allowance.is_some() {
                    stale.push(row.file.clone());
                }
            }
            Load::PendingTypes(types) => {
                pending_files += 1;
                for rrtype in types {
                    *pending.entry(rrtype).or_default() += 1;
                }
            }
            Load::Failed(_) if allowance.is_some() => allowed += 1,
            Load::Failed(message) => failures.push(format!("{}: {message}", row.file)),
        }
    }
    println!(
        "accepted_zones_load: {} zones named-checkzone accepts: {clean} load cleanly, \
         {allowed} listed in LOAD_DIFFERENCES, {pending_files} wait for RDATA types, {} fail",
        zones.len(),
        failures.len()
    );
    if !pending.is_empty() {
        let types: Vec<String> = pending.iter().map(|(t, n)| format!("{t} {n}")).collect();
        println!(
            "accepted_zones_load: RDATA types not read yet (zones): {}",
            types.join(", ")
        );
    }
    report_stale("accepted_zones_load", &stale);
    report_failures("accepted_zones_load", &failures);
}

//------------ 3. dump against named-compilezone ----------------------------

/// A record in canonical form: owner lower-cased, TTL, class, type, RDATA.
type Canonical = (Vec<u8>, u32, u16, u16, Vec<u8>);

/// A record without its TTL: owner, class, type, RDATA.
type RecordKey = (Vec<u8>, u16, u16, Vec<u8>);

/// Reads BIND's `raw` master format (`lib/dns/masterdump.c`): a header,
/// then per RRset its total length, class, type, covered type, TTL, record
/// count and owner, then each record's length and wire RDATA; all numbers
/// in network order.
fn read_bind_raw(data: &[u8]) -> Result<Vec<Canonical>, String> {
    fn take<'d>(data: &'d [u8], at: &mut usize, n: usize) -> Result<&'d [u8], String> {
        let bytes = data
            .get(*at..*at + n)
            .ok_or_else(|| format!("raw format truncated at byte {at}"))?;
        *at += n;
        Ok(bytes)
    }
    fn u16_at(data: &[u8], at: &mut usize) -> Result<u16, String> {
        take(data, at, 2).map(|b| u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32_at(data: &[u8], at: &mut usize) -> Result<u32, String> {
        take(data, at, 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    let mut at = 0;
    let format = u32_at(data, &mut at)?;
    let version = u32_at(data, &mut at)?;
    if format != 2 || version > 1 {
        return Err(format!("not BIND raw format 2 v0/v1 ({format}, {version})"));
    }
    // dump time; version 1 adds flags, source serial and last transfer.
    at += if version == 1 { 16 } else { 4 };
    let mut records = Vec::new();
    while at < data.len() {
        let start = at;
        let total = u32_at(data, &mut at)? as usize;
        let class = u16_at(data, &mut at)?;
        let rrtype = u16_at(data, &mut at)?;
        let _covers = u16_at(data, &mut at)?;
        let ttl = u32_at(data, &mut at)?;
        let count = u32_at(data, &mut at)?;
        let name_length = u16_at(data, &mut at)? as usize;
        let mut owner = take(data, &mut at, name_length)?.to_vec();
        owner.make_ascii_lowercase();
        for _ in 0..count {
            let length = u16_at(data, &mut at)? as usize;
            let rdata = take(data, &mut at, length)?.to_vec();
            records.push((owner.clone(), ttl, class, rrtype, rdata));
        }
        if at != start + total {
            return Err(format!("RRset at byte {start} is not {total} bytes long"));
        }
    }
    Ok(records)
}

/// The outcome of comparing one zone.
enum Dump {
    /// The same records: how many, and whether repeated records (RFC 2181
    /// §5) or TTLs within an RRset (§5.2) had to be evened out first.
    Same(usize, bool, bool),
    /// zonelint cannot read the zone cleanly (counted by check 2).
    NotLoaded,
    /// named-compilezone does not write the zone.
    BindFailed(String),
    /// The records differ.
    Differs(String),
}

/// Dumps one zone with zonelint and named-compilezone and compares.
fn compare_dump(corpus: &Corpus, row: &Row) -> Dump {
    let ours = zonelint(corpus, row, &["dump"]);
    if !ours.status.success() {
        return Dump::NotLoaded;
    }
    let theirs = Command::new("named-compilezone")
        // -k and -n: the defaults of named-checkzone, whose verdict chose
        // these zones (named-compilezone fails on them by default).
        .args([
            "-i", "none", "-k", "warn", "-n", "warn", "-F", "raw", "-o", "-",
        ])
        .args([&row.origin, row.relative_path()])
        .current_dir(corpus.run_dir(row))
        .output();
    let theirs = match theirs {
        Ok(output) if output.status.success() => output.stdout,
        Ok(output) => {
            let text = String::from_utf8_lossy(&output.stdout).into_owned()
                + &String::from_utf8_lossy(&output.stderr);
            let reason = text
                .lines()
                .find(|line| line.contains("failed") || line.contains("error"))
                .unwrap_or("no message")
                .to_owned();
            return Dump::BindFailed(reason);
        }
        Err(error) => return Dump::BindFailed(format!("cannot run named-compilezone: {error}")),
    };
    let mut expected = match read_bind_raw(&theirs) {
        Ok(records) => records,
        Err(message) => return Dump::BindFailed(message),
    };
    let options = LoadOptions {
        origin: Some(vec![0]),
        ..LoadOptions::default()
    };
    let zone = load_source(PathBuf::from("<zonelint dump>"), ours.stdout, &options);
    if let Some(finding) = zone.findings.first() {
        return Dump::Differs(format!("the dump does not read back: {}", finding.message));
    }
    // RFC 2181 §5: an RRset holds each record once. BIND drops a repeat,
    // comparing the names inside RDATA without case (RFC 4034 §6.2); which
    // spelling it keeps is its own affair, so an RRset that had such
    // repeats is compared without case on both sides.
    let mut seen: HashMap<RecordKey, Vec<u8>> = HashMap::new();
    let mut folded: HashSet<(Vec<u8>, u16, u16)> = HashSet::new();
    let mut actual: Vec<Canonical> = Vec::with_capacity(zone.records.len());
    for record in &zone.records {
        let mut owner = zone.owner(record).to_vec();
        owner.make_ascii_lowercase();
        let rdata = zone.rdata(record).to_vec();
        let mut key = rdata.clone();
        if NAME_RDATA_TYPES.contains(&record.record_type) {
            key.make_ascii_lowercase();
        }
        match seen.entry((
            owner.clone(),
            zone.record_class(record),
            record.record_type,
            key,
        )) {
            std::collections::hash_map::Entry::Occupied(first) => {
                if *first.get() != rdata {
                    folded.insert((owner, zone.record_class(record), record.record_type));
                }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(rdata.clone());
                actual.push((
                    owner,
                    zone.ttl(record),
                    zone.record_class(record),
                    record.record_type,
                    rdata,
                ));
            }
        }
    }
    for (owner, _, class, rrtype, rdata) in actual.iter_mut().chain(expected.iter_mut()) {
        if folded.contains(&(owner.clone(), *class, *rrtype)) {
            rdata.make_ascii_lowercase();
        }
    }
    // RFC 2181 §5.2: the records of an RRset share one TTL. Where the file
    // gives them different TTLs, BIND keeps one of them (the first of a
    // run, the last of separate runs); take BIND's when it is one of ours.
    // Signatures form one set per covered type (the first two octets).
    fn rrset(record: &Canonical) -> (Vec<u8>, u16, u16, Vec<u8>) {
        let (owner, _, class, rrtype, rdata) = record;
        let covered = match rrtype {
            24 | 46 => rdata.get(..2).unwrap_or_default().to_vec(),
            _ => Vec::new(),
        };
        (owner.clone(), *class, *rrtype, covered)
    }
    let bind_ttls: HashMap<_, u32> = expected.iter().map(|r| (rrset(r), r.1)).collect();
    let mut our_ttls: HashMap<_, Vec<u32>> = HashMap::new();
    for record in &actual {
        our_ttls.entry(rrset(record)).or_default().push(record.1);
    }
    let mut ttl_evened = false;
    for record in &mut actual {
        let key = rrset(record);
        let ours = &our_ttls[&key];
        if let Some(&theirs) = bind_ttls.get(&key) {
            if ours.iter().any(|&t| t != ours[0]) && ours.contains(&theirs) {
                record.1 = theirs;
                ttl_evened = true;
            }
        }
    }
    expected.sort();
    actual.sort();
    if expected == actual {
        return Dump::Same(actual.len(), actual.len() < zone.records.len(), ttl_evened);
    }
    Dump::Differs(describe_difference(&expected, &actual))
}

/// The first few records only one side has.
fn describe_difference(expected: &[Canonical], actual: &[Canonical]) -> String {
    let show = |record: &Canonical| {
        let (owner, ttl, class, rrtype, rdata) = record;
        let hex: String = rdata.iter().take(24).map(|b| format!("{b:02x}")).collect();
        format!(
            "{} {ttl} {class} {rrtype} {hex}{}",
            zonelint::name::to_string(owner),
            if rdata.len() > 24 { "…" } else { "" }
        )
    };
    let missing: Vec<String> = expected
        .iter()
        .filter(|r| actual.binary_search(r).is_err())
        .take(2)
        .map(show)
        .collect();
    let extra: Vec<String> = actual
        .iter()
        .filter(|r| expected.binary_search(r).is_err())
        .take(2)
        .map(show)
        .collect();
    format!(
        "BIND {} records, zonelint {}; only BIND: [{}]; only zonelint: [{}]",
        expected.len(),
        actual.len(),
        missing.join("; "),
        extra.join("; ")
    )
}

#[test]
fn dump_matches_named_compilezone() {
    let Some(corpus) = Corpus::open("dump_matches_named_compilezone") else {
        return;
    };
    if Command::new("named-compilezone")
        .arg("-v")
        .output()
        .is_err()
    {
        panic!("named-compilezone is not installed (apt-get install bind9-utils)");
    }
    let zones = corpus.accepted_zones();
    let results = parallel_map(&zones, |row| compare_dump(&corpus, row));
    let (mut same, mut records, mut not_loaded, mut allowed) = (0, 0, 0, 0);
    let (mut with_repeats, mut with_ttls) = (0, 0);
    let mut bind_failed = Vec::new();
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    for (row, result) in zones.iter().zip(results) {
        let allowance = listed(DUMP_DIFFERENCES, &row.file);
        match result {
            Dump::Same(count, repeats, ttls) => {
                same += 1;
                records += count;
                with_repeats += usize::from(repeats);
                with_ttls += usize::from(ttls);
                if allowance.is_some() {
                    stale.push(row.file.clone());
                }
            }
            Dump::NotLoaded => not_loaded += 1,
            Dump::BindFailed(message) => bind_failed.push(format!("{}: {message}", row.file)),
            Dump::Differs(_) if allowance.is_some() => allowed += 1,
            Dump::Differs(message) => failures.push(format!("{}: {message}", row.file)),
        }
    }
    println!(
        "dump_matches_named_compilezone: of {} zones, {same} hold the same records as \
         named-compilezone ({records} records), {allowed} differ on purpose, {} differ, \
         {not_loaded} not compared (zonelint reports syntax findings: see \
         accepted_zones_load), {} not compared (named-compilezone fails)",
        zones.len(),
        failures.len(),
        bind_failed.len()
    );
    println!(
        "dump_matches_named_compilezone: of the {same} that match, {with_repeats} have repeated \
         records (BIND keeps one) and {with_ttls} have RRsets with differing TTLs (BIND \
         keeps one TTL)"
    );
    for line in &bind_failed {
        println!("dump_matches_named_compilezone: named-compilezone fails on {line}");
    }
    report_stale("dump_matches_named_compilezone", &stale);
    report_failures("dump_matches_named_compilezone", &failures);
}

//------------ 4. Unanimously rejected zones fail ---------------------------

#[test]
fn unanimously_rejected_zones_fail() {
    let Some(corpus) = Corpus::open("unanimously_rejected_zones_fail") else {
        return;
    };
    let peers = [
        "named_checkzone",
        "kzonecheck",
        "ldns_read_zone",
        "nsd_checkzone",
    ];
    let zones: Vec<&Row> = corpus
        .rows
        .iter()
        .filter(|row| {
            row.role == "zone"
                && row.expectation == "reject"
                && peers.iter().all(|peer| row.verdict(peer) != "0")
        })
        .collect();
    let results = parallel_map(&zones, |row| {
        let output = zonelint(&corpus, row, &["check", "--output-format", "concise", "-q"]);
        // An error other than "this RDATA type has no reader yet".
        let reason = String::from_utf8_lossy(&output.stdout)
            .lines()
            .find(|line| line.contains(" error[") && !line.contains(PENDING_TYPE_MESSAGE))
            .map(str::to_owned);
        (output.status.code(), reason)
    });
    let (mut rejected, mut later) = (0, 0);
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    for (row, (code, reason)) in zones.iter().zip(results) {
        let caught = code == Some(1) && reason.is_some();
        match (caught, listed(NOT_YET_REJECTED, &row.file)) {
            (true, None) => rejected += 1,
            (true, Some(_)) => {
                rejected += 1;
                stale.push(row.file.clone());
            }
            (false, Some(rule)) => {
                later += 1;
                *waiting.entry(rule).or_default() += 1;
            }
            (false, None) => failures.push(format!(
                "{}: exit {code:?}, expected 1 with an error finding",
                row.file
            )),
        }
    }
    println!(
        "unanimously_rejected_zones_fail: {} zones all four peers reject: {rejected} exit 1, \
         {later} wait for a rule, {} fail",
        zones.len(),
        failures.len()
    );
    for (rule, count) in waiting {
        println!("unanimously_rejected_zones_fail: waiting for {rule}: {count}");
    }
    report_stale("unanimously_rejected_zones_fail", &stale);
    report_failures("unanimously_rejected_zones_fail", &failures);
}
