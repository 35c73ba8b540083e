//! Every input under testdata/regressions/ (most found by the fuzz targets
//! under fuzz/) goes through the fuzz targets' checks, within a time
//! limit: the tokens and the entries tile the input, the zone builds
//! without a panic with findings inside the text, and a zone without
//! syntax errors formats to the same records, idempotently, and its fix
//! loop gives a text that parses and changes only RRsets of findings.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use std::collections::HashSet;

use zonelint::engine::{self, Prepared, RuleFilter};
use zonelint::finding::Applicability;
use zonelint::fix::{self, GlueSources, canonical_records};
use zonelint::format::{self, FormatError, FormatOptions};
use zonelint::lint::ZoneIndex;
use zonelint::syntax::{self, Lexer};
use zonelint::zone::{self, LoadOptions, Zone};

/// The regression inputs.
fn inputs() -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/regressions");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zone"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths
}

/// Reading as the fuzz targets do: `$INCLUDE` only below an empty folder.
fn options(origin: Option<&[u8]>) -> LoadOptions {
    let root = std::env::temp_dir().join(format!("zonelint-regressions-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    LoadOptions {
        origin: origin.map(<[u8]>::to_vec),
        include_roots: vec![root.canonicalize().unwrap()],
        allow_include_outside: false,
        map_large_files: false,
    }
}

/// The `parse` fuzz target's checks.
fn parse_checks(data: &[u8]) -> Zone {
    let mut position = 0;
    for token in Lexer::new(data) {
        assert_eq!(token.span.start as usize, position, "tokens leave a gap");
        assert!(token.span.end > token.span.start);
        position = token.span.end as usize;
    }
    assert_eq!(position, data.len());
    let parsed = syntax::parse(data);
    let mut position = 0;
    for entry in &parsed.entries {
        assert_eq!(entry.span.start as usize, position, "entries leave a gap");
        position = entry.span.end as usize;
    }
    assert_eq!(position, data.len());
    let zone = zone::load_source(
        PathBuf::from("fuzz.example.zone"),
        data.to_vec(),
        &options(None),
    );
    for finding in &zone.findings {
        assert!(finding.span.end as usize <= zone.files[finding.file].text.len());
    }
    zone
}

/// The `format` fuzz target's checks.
fn format_checks(data: &[u8]) {
    let options = options(Some(b"\x07example\x03com\x00"));
    let zone = zone::load_source(PathBuf::from("fuzz.zone"), data.to_vec(), &options);
    if zone.has_syntax_errors() {
        return;
    }
    for sort in [false, true] {
        let format = FormatOptions { sort, serial: None };
        let once = match format::format_zone(&zone, &options, &format) {
            Ok(text) => text,
            Err(FormatError::Syntax) => return,
            Err(error) => panic!("{error}"),
        };
        let again = zone::load_source(PathBuf::from("fuzz.zone"), once.clone(), &options);
        assert!(!again.has_syntax_errors());
        assert_eq!(canonical_records(&zone), canonical_records(&again));
        assert_eq!(
            format::format_zone(&again, &options, &format).unwrap(),
            once
        );
    }
}

/// A zone ready for the engine, with the generic profile.
fn ready(zone: Zone, options: &LoadOptions) -> Prepared {
    let profiles = zonelint::profile::builtin_profiles();
    let profile = zonelint::profile::select(&profiles, "generic", "example.com.")
        .unwrap()
        .clone();
    Prepared {
        zone,
        profile,
        levels: Default::default(),
        options: options.clone(),
        glue: Default::default(),
    }
}

/// The RRsets the fixes of a zone's findings may change: those
/// `fix::fix_subjects` names and those of every record a finding or its
/// edits cover (a finding about a node may be fixed a line per round).
fn subjects(prepared: &Prepared, sources: &GlueSources) -> HashSet<(Vec<u8>, u16)> {
    let zone = &prepared.zone;
    let index = ZoneIndex::new(zone);
    let mut findings =
        engine::check(std::slice::from_ref(prepared), &RuleFilter::default()).remove(0);
    fix::attach_glue_fixes(zone, &mut findings, sources, std::slice::from_ref(&index));
    let by_entry = fix::records_by_entry(zone);
    let mut subjects = HashSet::new();
    for finding in &findings {
        subjects.extend(fix::fix_subjects(zone, &by_entry, finding));
        let mut spans = vec![(finding.file, finding.span)];
        spans.extend(
            finding
                .fix
                .iter()
                .flat_map(|fix| fix.edits.iter().map(|e| (e.file, e.span))),
        );
        for record in &zone.records {
            let (file, span) = zone.record_span(record);
            if spans
                .iter()
                .any(|&(f, s)| f == file && s.start <= span.end && span.start <= s.end)
            {
                subjects.insert((zone.owner(record).to_ascii_lowercase(), record.record_type));
            }
        }
    }
    subjects
}

/// The `fix` fuzz target's checks.
fn fix_checks(data: &[u8]) {
    let options = options(Some(b"\x07example\x03com\x00"));
    let zone = zone::load_source(PathBuf::from("fuzz.zone"), data.to_vec(), &options);
    if zone.has_syntax_errors() {
        return;
    }
    let prepared = ready(zone, &options);
    let index = ZoneIndex::new(&prepared.zone);
    let mut sources = GlueSources::default();
    sources.add("ns1.example.com.", "192.0.2.1".parse().unwrap());
    sources.add("ns.example.net.", "2001:db8::1".parse().unwrap());
    let (fixed, _) = fix::fix_zone(
        &prepared,
        std::slice::from_ref(&index),
        &RuleFilter::default(),
        Applicability::Unsafe,
        &sources,
    );
    let Some(fixed) = fixed else { return };
    let back = zone::load_source(
        PathBuf::from("fuzz.zone"),
        fixed.files[0].text.to_vec(),
        &options,
    );
    assert!(
        !back.has_syntax_errors(),
        "the fixed text has syntax errors"
    );
    let mut allowed = subjects(&prepared, &sources);
    let back = ready(back, &options);
    allowed.extend(subjects(&back, &sources));
    let before: HashSet<_> = canonical_records(&prepared.zone).into_iter().collect();
    let after: HashSet<_> = canonical_records(&back.zone).into_iter().collect();
    for record in before.symmetric_difference(&after) {
        assert!(
            allowed.contains(&(record.0.clone(), record.3)),
            "{record:?} changed"
        );
    }
}

#[test]
fn every_regression_input_keeps_the_fuzz_invariants_in_time() {
    for path in inputs() {
        let data = std::fs::read(&path).unwrap();
        let started = Instant::now();
        parse_checks(&data);
        format_checks(&data);
        fix_checks(&data);
        // Debug build, on a busy machine: the slow inputs took seconds in
        // a release build before their mend and take milliseconds after.
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{}: {:?}",
            path.display(),
            started.elapsed()
        );
    }
}

/// A `$GENERATE` whose template is kilobytes long would expand to hundreds
/// of megabytes of text from one line: it is refused, naming the bound.
#[test]
fn a_generate_that_expands_to_too_much_text_is_refused() {
    for name in [
        "generate-long-template.zone",
        "fuzz-parse-generate-long-template.zone",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/regressions")
            .join(name);
        let zone = parse_checks(&std::fs::read(&path).unwrap());
        assert!(
            zone.findings
                .iter()
                .any(|f| f.message.contains("bytes of text") && f.message.contains("limit")),
            "{name}: {:?}",
            zone.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
        );
        assert!(
            zone.records.len() < 1000,
            "{name}: {} records",
            zone.records.len()
        );
    }
}
