//! Every input under testdata/regressions/ (most found by the fuzz targets
//! under fuzz/) goes through the fuzz targets' checks, within a time
//! limit: the tokens and the entries tile the input, the zone builds
//! without a panic with findings inside the text, and a zone without
//! syntax errors formats to the same records, idempotently, and its fix
//! loop gives a text that parses and changes only RRsets of findings.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zonelint::invariants;

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

#[test]
fn every_regression_input_keeps_the_fuzz_invariants_in_time() {
    for path in inputs() {
        let data = std::fs::read(&path).unwrap();
        let started = Instant::now();
        invariants::parse(&data);
        invariants::format(&data);
        invariants::fix(&data);
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
        let zone = invariants::parse(&std::fs::read(&path).unwrap());
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
