//! Every input under testdata/regressions/ (most found by the fuzz targets
//! under fuzz/) goes through the fuzz targets' checks, within a time
//! limit: the tokens and the entries tile the input, the zone builds
//! without a panic with findings inside the text, and a zone without
//! syntax errors formats to the same records, idempotently.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zonelint::fix::canonical_records;
use zonelint::format::{self, FormatError, FormatOptions};
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

#[test]
fn every_regression_input_keeps_the_fuzz_invariants_in_time() {
    for path in inputs() {
        let data = std::fs::read(&path).unwrap();
        let started = Instant::now();
        parse_checks(&data);
        format_checks(&data);
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
