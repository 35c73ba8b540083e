//! Golden tests for the syntax layer, driven by the fixtures in
//! `testdata/syntax/`.
//!
//! For every `testdata/syntax/*.zone` the zone is loaded through the
//! library, its findings are rendered in the concise and the full format,
//! and the result is compared with `testdata/syntax/<name>.expected`
//! (the concise lines, an empty line, then the full report; empty when
//! there is no finding). `UPDATE_GOLDEN=1 cargo test --test syntax`
//! writes the expected files instead of comparing.
//!
//! On every fixture the harness also checks the invariants of the syntax
//! layer: `ok-*` files have no finding, `err-*` files have at least one,
//! the tokens put end to end give back the file byte for byte, and the
//! entries tile every file read (included ones too).
//!
//! Cargo runs integration tests with the crate root as the working
//! directory, so the fixture paths, and with them the paths in the rendered
//! output, are relative: `testdata/syntax/ok-crlf.zone`.

use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::render::{self, OutputFormat};
use zonelint::syntax::Lexer;
use zonelint::zone::{self, LoadOptions, Zone};

/// The folder of the fixtures, relative to the crate root.
const FIXTURES: &str = "testdata/syntax";

/// The fixture zone files, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .expect("testdata/syntax is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "zone"))
        .map(|path| Path::new(FIXTURES).join(path.file_name().expect("a file name")))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {FIXTURES}");
    paths
}

/// The fixture's file name, e.g. `ok-crlf.zone`.
fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .expect("fixture names are UTF-8")
}

/// Loads a fixture with the default options, as `zonelint check` would
/// without flags.
fn load(path: &Path) -> Zone {
    zone::load_path(path, &LoadOptions::default())
        .unwrap_or_else(|error| panic!("{}: cannot load: {error}", path.display()))
}

/// The golden text of a zone's findings: concise lines, an empty line,
/// then the full report. Empty when there is no finding.
fn golden_text(zone: &Zone) -> String {
    if zone.findings.is_empty() {
        return String::new();
    }
    let mut concise = String::new();
    render::render(
        zone,
        &zone.findings,
        OutputFormat::Concise,
        false,
        &mut concise,
    );
    let mut full = String::new();
    render::render(zone, &zone.findings, OutputFormat::Full, false, &mut full);
    format!("{concise}\n{full}")
}

/// Where the first difference between two texts is, for a readable
/// failure message.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    let mut line = 1;
    loop {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => return "texts differ only in line endings".into(),
            (e, a) if e == a => line += 1,
            (e, a) => {
                return format!(
                    "first difference at line {line}:\n  expected: {}\n  actual:   {}",
                    e.unwrap_or("<end of text>"),
                    a.unwrap_or("<end of text>")
                );
            }
        }
    }
}

#[test]
fn findings_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|value| value == "1");
    let mut failures = Vec::new();
    for path in fixtures() {
        let zone = load(&path);
        let actual = golden_text(&zone);
        let expected_path = path.with_extension("expected");
        if update {
            std::fs::write(&expected_path, &actual)
                .unwrap_or_else(|error| panic!("{}: {error}", expected_path.display()));
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => failures.push(format!(
                "{}: findings differ from {}; {}",
                path.display(),
                expected_path.display(),
                first_difference(&expected, &actual)
            )),
            Err(error) => failures.push(format!("{}: {error}", expected_path.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nReview the change, then run `UPDATE_GOLDEN=1 cargo test --test syntax`.",
        failures.join("\n\n")
    );
}

#[test]
fn ok_fixtures_have_no_findings_and_err_fixtures_have_some() {
    let mut failures = Vec::new();
    for path in fixtures() {
        let name = file_name(&path);
        let zone = load(&path);
        if name.starts_with("ok-") {
            if !zone.findings.is_empty() {
                failures.push(format!(
                    "{name}: expected no findings, got:\n{}",
                    golden_text(&zone)
                ));
            }
        } else if name.starts_with("err-") {
            if zone.findings.is_empty() {
                failures.push(format!("{name}: expected at least one finding, got none"));
            }
        } else {
            failures.push(format!("{name}: a fixture name starts with ok- or err-"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tokens_and_entries_tile_every_file() {
    for path in fixtures() {
        let zone = load(&path);
        assert!(
            !zone.files.is_empty(),
            "{}: the zone has no files",
            path.display()
        );
        for file in &zone.files {
            let name = file.path.display();
            let text = &file.text[..];

            let mut joined = Vec::with_capacity(text.len());
            for token in Lexer::new(text) {
                assert!(
                    !token.span.is_empty(),
                    "{name}: empty token at byte {}",
                    token.span.start
                );
                joined.extend_from_slice(&text[token.span.range()]);
            }
            assert!(
                joined == text,
                "{name}: the tokens do not give back the file"
            );

            let mut position = 0;
            for entry in &file.entries {
                assert_eq!(
                    entry.span.start as usize, position,
                    "{name}: an entry starts at byte {} where the previous one ended at {position}",
                    entry.span.start
                );
                assert!(
                    entry.span.end > entry.span.start,
                    "{name}: empty entry at byte {position}"
                );
                position = entry.span.end as usize;
            }
            assert_eq!(
                position,
                text.len(),
                "{name}: the entries end at byte {position}, the file at {}",
                text.len()
            );
        }
    }
}

#[test]
fn a_file_without_any_origin_is_reported() {
    // No --origin, no $ORIGIN, a relative SOA owner and a name that is not
    // a zone name: DESIGN §2 asks for a clear error saying how to give one.
    let text = b"$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\nabs.example. IN A 192.0.2.1\n";
    let zone = zone::load_source(
        PathBuf::from("no-origin"),
        text.to_vec(),
        &LoadOptions::default(),
    );
    assert!(
        zone.findings
            .iter()
            .any(|finding| finding.message.contains("cannot tell the origin")
                && finding
                    .help
                    .as_deref()
                    .is_some_and(|h| h.contains("--origin"))),
        "{:?}",
        zone.findings
    );
}

/// Runs the built binary with `check --output-format concise` on `paths`.
fn check(paths: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .arg("check")
        .arg("--output-format")
        .arg("concise")
        .args(paths)
        .env("NO_COLOR", "1")
        .output()
        .expect("the zonelint binary runs")
}

#[test]
fn exit_code_is_1_for_syntax_errors() {
    let path = "testdata/syntax/err-mx-preference.zone";
    let output = check(&[path]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "stdout: {stdout}");
    assert!(
        stdout.contains(&format!("{path}:11:11: error[syntax] MX preference")),
        "stdout: {stdout}"
    );
}

#[test]
fn exit_code_is_0_for_a_clean_file() {
    let output = check(&["testdata/syntax/ok-parentheses-comments.zone"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn exit_code_is_2_for_a_missing_file_and_the_others_are_still_checked() {
    let missing = "testdata/syntax/no-such-file.zone";
    let output = check(&[missing, "testdata/syntax/ok-crlf.zone"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert!(stderr.contains(missing), "stderr: {stderr}");
    assert!(stderr.contains("in 1 file"), "stderr: {stderr}");
}
