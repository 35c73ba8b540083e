//! Knot DNS's zone scanner cases against zonelint.
//!
//! The cases are `tests/libzscanner/data/*.in` of CZ-NIC/knot (GPL-2.0-or-later;
//! used as test data only, nothing is copied into zonelint), with their
//! expected outputs `*.out`: one block per record, either the record as
//! `OWNER=`/`CLASS=`/`RRTTL=`/`RTYPE=`/`RDATA=` hex, or `WARNG=code` for a
//! record that must be refused, or `ERROR=code` for an error after which
//! the scanner stops. `COMPANIONS.tsv` in the corpus describes them.
//!
//! Each `.in` file is loaded with the library (origin `.`, `@TMPDIR@`
//! replaced by the data directory, as Knot's test driver does when it
//! copies the files there) and every record or refused entry is compared
//! in order with the `.out` blocks (aligned with the fewest edits, so an
//! entry one side splits in two shows as one difference). Every record
//! zonelint reads is also written back in presentation form and read
//! again: its RDATA must not change. The corpus path comes from
//! `ZONELINT_CORPUS`; without it the test only prints a note.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use zonelint::syntax::{Directive, EntryKind};
use zonelint::zone::{LoadOptions, Zone, load_source};

/// Where zonelint deliberately differs from Knot: file, the lines of
/// zonelint's outcomes (for an outcome only Knot has, the line of
/// zonelint's outcome just before it; 0 when zonelint has none), and why.
/// Keep it short.
const ALLOWED: &[(&str, &[usize], &str)] = &[
    // RDATA (src/rdata).
    (
        "29_CERT.in",
        &[52],
        "base64 is one stream across blanks (BIND), so \"AA ==\" is read",
    ),
    ("30_KEY.in", &[25], "base64 across blanks, as above"),
    ("31_DNSKEY.in", &[26], "base64 across blanks, as above"),
    ("36_RRSIG.in", &[40], "base64 across blanks, as above"),
    ("38_DHCID.in", &[21], "base64 across blanks, as above"),
    ("50_CDNSKEY.in", &[26], "base64 across blanks, as above"),
    (
        "36_RRSIG.in",
        &[33],
        "a date after 2106 is reduced modulo 2^32 (RFC 4034 §3.1.5 serial arithmetic, as BIND)",
    ),
    (
        "39_NSEC3.in",
        &[5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 19, 20],
        "a padded next hashed owner name is refused (RFC 5155 §3.3: unpadded; BIND refuses it)",
    ),
    (
        "39_NSEC3.in",
        &[12, 18],
        "an NSEC3 owned by the root has no hashed owner label (RFC 5155 §3); BIND 9.18 and Knot \
         do not check NSEC3 owners this far",
    ),
    (
        "42_LOC.in",
        &[18, 34, 35],
        "a latitude over 90 degrees (90 59 59.999, or the raw 0 of \\# 16 00..) is refused",
    ),
    (
        "47_L64.in",
        &[20],
        "groups of fewer than four hex digits are read, as in IPv6 (BIND, NSD, ldns)",
    ),
    (
        "52_CAA.in",
        &[14],
        "an empty CAA tag is refused (RFC 8659 §4.1: at least one octet)",
    ),
    (
        "62_ALIAS.in",
        &[7, 8, 10, 11],
        "ALIAS (TYPE65401) is a private type of Knot's; zonelint has only \\# for it",
    ),
    (
        "63_DELEG.in",
        &[5, 6, 7, 8, 9, 10, 11],
        "DELEG and DELEGPARAM are drafts on private type numbers; zonelint has only \\#",
    ),
    // Names (src/name.rs): RFC 1035 and BIND take any octet in a label;
    // Knot refuses `&`, `,`, `$`, `%`, `@` inside a name.
    (
        "01_owner.in",
        &[27, 31, 32, 33, 34, 36],
        "any octet in a name; line 34 inherits the owner of 33",
    ),
    ("14_NS.in", &[31, 32, 37, 38, 39], "any octet in a name"),
    ("18_MX.in", &[22], "any octet in a name"),
    ("26_SRV.in", &[20], "any octet in a name"),
    ("36_RRSIG.in", &[36], "any octet in a name"),
    ("04-2_ORIGIN.in", &[0], "any octet in a name ($ORIGIN %)"),
    (
        "include1",
        &[3],
        "includes/include1 read with origin `a` (relative, made absolute) or `%`",
    ),
    (
        "01_owner.in",
        &[19],
        "owner names keep the case written; Knot lower-cases them",
    ),
    // Entries (src/syntax, src/zone.rs).
    (
        "04-1_ORIGIN.in",
        &[0],
        "a relative $ORIGIN is made absolute with the current origin (RFC 1035 §5.1)",
    ),
    ("02_class.in", &[10], "CLASS1 is the RFC 3597 §5 name of IN"),
    (
        "28_TYPE.in",
        &[5],
        "TYPE0 is reserved (RFC 6895 §3.1) and BIND refuses it as zone data; zonelint does too",
    ),
    (
        "00-2_general.in",
        &[0],
        "CRLF line ends are read (DESIGN §3); Knot stops at them",
    ),
    (
        "07-2-rdata.in",
        &[1],
        "a record with no TTL, no $TTL and no earlier TTL is refused; Knot's tool uses 0",
    ),
    ("07-3-rdata.in", &[1], "no TTL at all, as above"),
    ("07-4-rdata.in", &[1], "no TTL at all, as above"),
    (
        "06-0_INCLUDE.in",
        &[11, 14, 17, 20, 23, 26],
        "a $TTL inside an included file stays in force after it; Knot restores the includer's",
    ),
    (
        "include4",
        &[1],
        "Knot also reports the $INCLUDE of a file with an error; zonelint reports the error once",
    ),
    (
        "include5",
        &[1],
        "the error inside an included file is reported once",
    ),
    // A quote ends a word, so `a"` opens a string that runs over the next
    // lines, and `alpn=a\` escapes its line end: zonelint reads one entry
    // where Knot refuses two or three. Knot's refusals are all alike, so
    // the missing ones show at the last line.
    ("01_owner.in", &[44], "lines 28 to 30 are one entry"),
    ("14_NS.in", &[45], "lines 34 to 36 are one entry"),
    (
        "12_TXT.in",
        &[37],
        "`\"\"\"` is an empty string and a string that runs into the comment",
    ),
];

/// One expected or actual outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Record {
        owner: Vec<u8>,
        class: u16,
        ttl: u32,
        record_type: u16,
        rdata: Vec<u8>,
    },
    Refused,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Refused => f.write_str("refused"),
            Outcome::Record {
                owner,
                class,
                ttl,
                record_type,
                rdata,
            } => write!(
                f,
                "OWNER={} CLASS={class:04X} RRTTL={ttl:08X} RTYPE={record_type:04X} RDATA={}",
                hex(owner),
                hex(rdata)
            ),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    let mut text = String::new();
    for byte in bytes {
        let _ = write!(text, "{byte:02X}");
    }
    text
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex in .out"))
        .collect()
}

/// Parses a `.out` file: the outcomes, and whether it ends with a fatal
/// `ERROR=` after which Knot reads no further.
fn parse_expected(text: &str) -> (Vec<Outcome>, bool) {
    let mut outcomes = Vec::new();
    let mut fatal = false;
    for block in text.split("------") {
        let mut fields: HashMap<&str, &str> = HashMap::new();
        for line in block.lines() {
            if let Some((key, value)) = line.trim().split_once('=') {
                fields.insert(key, value);
            }
        }
        if fields.contains_key("ERROR") {
            outcomes.push(Outcome::Refused);
            fatal = true;
        } else if fields.contains_key("WARNG") {
            outcomes.push(Outcome::Refused);
        } else if let Some(rdata) = fields.get("RDATA") {
            let number = |key: &str| u32::from_str_radix(fields[key], 16).expect("hex number");
            outcomes.push(Outcome::Record {
                owner: unhex(fields["OWNER"]),
                class: number("CLASS") as u16,
                ttl: number("RRTTL"),
                record_type: number("RTYPE") as u16,
                rdata: unhex(rdata),
            });
        }
    }
    (outcomes, fatal)
}

/// zonelint's outcomes in reading order (includes followed depth first),
/// each with the file and line it came from.
fn actual(zone: &Zone) -> Vec<(Outcome, usize, usize)> {
    let mut by_entry: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (index, record) in zone.records.iter().enumerate() {
        by_entry
            .entry((zone.file_of(record), record.entry as usize))
            .or_default()
            .push(index);
    }
    let mut outcomes = Vec::new();
    let mut next_file = 1;
    walk(zone, 0, &mut next_file, &by_entry, &mut outcomes);
    outcomes
}

fn walk(
    zone: &Zone,
    file: usize,
    next_file: &mut usize,
    by_entry: &HashMap<(usize, usize), Vec<usize>>,
    outcomes: &mut Vec<(Outcome, usize, usize)>,
) {
    let source = &zone.files[file];
    for (index, entry) in source.entries.iter().enumerate() {
        let line = 1 + source.text[..entry.span.start as usize]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        match entry.kind {
            EntryKind::Record | EntryKind::Directive(Directive::Generate) => {
                for &record_index in by_entry.get(&(file, index)).into_iter().flatten() {
                    let record = &zone.records[record_index];
                    let outcome = Outcome::Record {
                        owner: zone.owner(record).to_vec(),
                        class: zone.record_class(record),
                        ttl: zone.ttl(record),
                        record_type: record.record_type,
                        rdata: zone.rdata(record).to_vec(),
                    };
                    outcomes.push((outcome, file, line));
                }
            }
            EntryKind::Directive(Directive::Include) => {
                let included = *next_file;
                *next_file += 1;
                if included < zone.files.len() {
                    walk(zone, included, next_file, by_entry, outcomes);
                }
            }
            EntryKind::Invalid => outcomes.push((Outcome::Refused, file, line)),
            EntryKind::Empty | EntryKind::Directive(_) => {}
        }
    }
}

fn allowed(file: &str, line: usize) -> Option<&'static str> {
    ALLOWED
        .iter()
        .find(|&&(f, lines, _)| f == file && lines.contains(&line))
        .map(|&(_, _, why)| why)
}

#[test]
fn knot_zscanner_cases() {
    let Some(corpus) = std::env::var_os("ZONELINT_CORPUS") else {
        eprintln!("note: ZONELINT_CORPUS is not set; skipping the Knot zscanner cases");
        return;
    };
    let data = PathBuf::from(corpus).join("knot/tests/libzscanner/data");
    let data = data.canonicalize().unwrap_or(data);
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap_or_else(|e| panic!("{}: {e}", data.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "in"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no .in files in {}", data.display());

    let (mut passed, mut failed, mut tolerated) = (0, 0, 0);
    let mut used: Vec<(String, usize)> = Vec::new();
    let mut round_trips = 0;
    let mut report = String::new();
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let (expected, fatal) = parse_expected(
            &std::fs::read_to_string(input.with_extension("out")).expect("the .out file"),
        );
        let text = std::fs::read(input).expect("the .in file");
        let text = replace(&text, b"@TMPDIR@", data.to_string_lossy().as_bytes());
        let zone = load_source(
            input.clone(),
            text,
            &LoadOptions {
                origin: Some(vec![0]),
                ..Default::default()
            },
        );
        round_trips += round_trip(&zone, &mut report, &mut failed);
        let mut actual = actual(&zone);
        if fatal && actual.len() > expected.len() {
            // Knot stops at its fatal error; zonelint reads on.
            actual.truncate(expected.len());
        }
        for difference in align(&expected, &actual) {
            let (want, got, at) = match difference {
                Step::Same => {
                    passed += 1;
                    continue;
                }
                Step::Changed(want, got) => (Some(&expected[want]), Some(&actual[got].0), got),
                Step::OnlyKnot(want, before) => (Some(&expected[want]), None, before),
                Step::OnlyZonelint(got) => (None, Some(&actual[got].0), got),
            };
            let (file, line) = actual
                .get(at)
                .map_or((0, 0), |&(_, file, line)| (file, line));
            let path = &zone.files[file].path;
            let file_name = path.file_name().unwrap().to_string_lossy().into_owned();
            let location = format!("{file_name}:{line}");
            if let Some(why) = allowed(&file_name, line) {
                used.push((file_name.clone(), line));
                tolerated += 1;
                let _ = writeln!(report, "allowed {location}: {why}");
                continue;
            }
            failed += 1;
            let show = |o: Option<&Outcome>| o.map_or("nothing".to_string(), |o| o.to_string());
            let _ = writeln!(
                report,
                "FAIL {location} ({name}): knot {}, zonelint {}",
                show(want),
                show(got)
            );
            let source = &zone.files[file];
            for finding in zone.findings.iter().filter(|f| f.file == file) {
                let finding_line = 1 + source.text[..finding.span.start as usize]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                if finding_line == line {
                    let _ = writeln!(report, "    zonelint: {}", finding.message);
                }
            }
        }
    }
    for &(file, lines, why) in ALLOWED {
        for &line in lines {
            if !used.iter().any(|(f, l)| f == file && *l == line) {
                failed += 1;
                let _ = writeln!(report, "STALE allow-list entry {file}:{line} ({why})");
            }
        }
    }
    eprint!("{report}");
    eprintln!(
        "zscanner cases: {} files, {passed} outcomes match, {tolerated} allowed differences, \
         {failed} failures; {round_trips} records written back and read again",
        inputs.len()
    );
    assert_eq!(
        failed, 0,
        "zonelint differs from Knot's zscanner:\n{report}"
    );
}

/// Writes every record of `zone` in presentation form, reads it back and
/// checks the RDATA is the same. Returns how many records were checked.
fn round_trip(zone: &Zone, report: &mut String, failed: &mut usize) -> usize {
    let mut checked = 0;
    for record in &zone.records {
        let rdata = zone.rdata(record);
        let mut text = String::from(". 1 ");
        text.push_str(&zonelint::rrtype::class_name(zone.record_class(record)));
        text.push(' ');
        text.push_str(&zonelint::rrtype::type_name(record.record_type));
        text.push(' ');
        zonelint::rdata::write_presentation(record.record_type, rdata, &mut text);
        let generic = text.contains("\\#");
        text.push('\n');
        let again = load_source(
            PathBuf::from("round-trip"),
            text.clone().into_bytes(),
            &LoadOptions {
                origin: Some(vec![0]),
                ..Default::default()
            },
        );
        let same = again.records.len() == 1 && again.rdata(&again.records[0]) == rdata;
        let expected_generic = !zonelint::rdata::has_presentation(record.record_type);
        if !same || (generic && !expected_generic) {
            *failed += 1;
            let _ = writeln!(
                report,
                "FAIL round trip of {} RDATA={}: {}{:?}",
                zonelint::rrtype::type_name(record.record_type),
                hex(rdata),
                text,
                again
                    .findings
                    .iter()
                    .map(|f| &f.message)
                    .collect::<Vec<_>>()
            );
        }
        checked += 1;
    }
    checked
}

/// One step of the alignment of Knot's outcomes with zonelint's.
enum Step {
    /// Both give the same outcome.
    Same,
    /// Knot's outcome `.0` and zonelint's `.1` differ.
    Changed(usize, usize),
    /// Knot's outcome `.0` has no counterpart; zonelint's outcome just
    /// before the gap (or its first) is `.1`.
    OnlyKnot(usize, usize),
    /// zonelint's outcome has no counterpart.
    OnlyZonelint(usize),
}

/// Aligns the two sequences with the fewest edits (Levenshtein, a
/// changed outcome costing as much as a missing one), so that an entry one
/// side splits or joins (a quote running over lines) shows up as one
/// difference instead of shifting every later one.
fn align(expected: &[Outcome], actual: &[(Outcome, usize, usize)]) -> Vec<Step> {
    let (n, m) = (expected.len(), actual.len());
    let mut cost = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            cost[i][j] = if i == n {
                (m - j) as u32
            } else if j == m {
                (n - i) as u32
            } else {
                let change = u32::from(expected[i] != actual[j].0);
                (cost[i + 1][j + 1] + change)
                    .min(cost[i + 1][j] + 1)
                    .min(cost[i][j + 1] + 1)
            };
        }
    }
    let mut steps = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m {
            let same = expected[i] == actual[j].0;
            if cost[i][j] == cost[i + 1][j + 1] + u32::from(!same) {
                steps.push(if same {
                    Step::Same
                } else {
                    Step::Changed(i, j)
                });
                i += 1;
                j += 1;
                continue;
            }
        }
        if j < m && (i == n || cost[i][j] == cost[i][j + 1] + 1) {
            steps.push(Step::OnlyZonelint(j));
            j += 1;
        } else {
            steps.push(Step::OnlyKnot(i, j.saturating_sub(1)));
            i += 1;
        }
    }
    steps
}

fn replace(text: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        if text[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(text[i]);
            i += 1;
        }
    }
    out
}
