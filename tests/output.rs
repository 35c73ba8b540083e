//! The output formats, end to end: a golden file per format of
//! `zonelint check` over the zones of testdata/cli (`UPDATE_GOLDEN=1 cargo
//! test` rewrites them), and the SARIF log validated against the official
//! SARIF 2.1.0 schema (testdata/schemas).

use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::lint::Rule;
use zonelint::render;

/// The zones every format is shown on: one with findings of each kind the
/// formats carry, and a second one, so that json and sarif must stay one
/// document for the whole run.
const ZONES: &[&str] = &["testdata/cli/second.zone", "testdata/cli/findings.zone"];

/// What one run of the binary printed.
struct Run {
    /// The exit code.
    code: i32,
    /// Standard output.
    stdout: String,
    /// Standard error.
    stderr: String,
}

/// Runs `zonelint` with `arguments` in `directory`.
fn zonelint(directory: &Path, arguments: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args(arguments)
        .current_dir(directory)
        .env_remove("NO_COLOR")
        .output()
        .expect("the zonelint binary runs");
    Run {
        code: output.status.code().expect("zonelint exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check --output-format FORMAT` on [`ZONES`] from the crate's root.
fn check(format: &str) -> Run {
    let mut arguments = vec!["check", "--color", "never", "--output-format", format];
    arguments.extend(ZONES);
    zonelint(&manifest_dir(), &arguments)
}

/// Compares a run with its golden file, or rewrites the file.
fn golden(format: &str, run: &Run) {
    // The version changes with every release; the golden files would not.
    let stdout = run.stdout.replace(
        &format!("\"{}\"", env!("CARGO_PKG_VERSION")),
        "\"CARGO_PKG_VERSION\"",
    );
    let actual = format!(
        "$ zonelint check --color never --output-format {format} {}\nexit code: {}\n--- stdout\n{stdout}--- stderr\n{}",
        ZONES.join(" "),
        run.code,
        run.stderr
    );
    let path = manifest_dir().join(format!("testdata/cli/findings.{format}.out"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    assert!(
        expected == actual,
        "{} differs (UPDATE_GOLDEN=1 rewrites it); actual:\n{actual}",
        path.display()
    );
}

#[test]
fn concise_golden() {
    let run = check("concise");
    assert_eq!(run.stderr, "3 errors, 2 warnings in 2 files\n");
    golden("concise", &run);
}

#[test]
fn full_golden() {
    let run = check("full");
    // The human format ends with the summary on standard output.
    assert!(run.stdout.ends_with("3 errors, 2 warnings in 2 files\n"));
    assert_eq!(run.stderr, "");
    assert!(!run.stdout.contains('\u{1b}'), "--color never");
    golden("full", &run);
}

#[test]
fn github_golden() {
    let run = check("github");
    assert_eq!(run.stderr, "3 errors, 2 warnings in 2 files\n");
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
    }
    golden("github", &run);
}

#[test]
fn json_golden() {
    let run = check("json");
    assert_eq!(run.stderr, "3 errors, 2 warnings in 2 files\n");
    let document: serde_json::Value = serde_json::from_str(&run.stdout).expect("one document");
    assert_eq!(document.as_array().map(Vec::len), Some(5));
    golden("json", &run);
}

#[test]
fn sarif_golden() {
    let mut run = check("sarif");
    assert_eq!(run.stderr, "3 errors, 2 warnings in 2 files\n");
    // The rules' texts are their documentation, checked here; the golden
    // file names them instead, so that it does not change with every edit
    // of a rule's docs.
    let mut log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        let id = rule["id"].as_str().unwrap().to_string();
        let known = Rule::from_name(&id).unwrap();
        assert_eq!(rule["shortDescription"]["text"], known.summary());
        for pointer in ["/fullDescription/text", "/help/text", "/help/markdown"] {
            let text = rule.pointer_mut(pointer).unwrap();
            assert_eq!(*text, render::rule_markdown(known));
            *text = format!("(the documentation of {id})").into();
        }
        rule["shortDescription"]["text"] = format!("(the summary of {id})").into();
    }
    run.stdout = format!("{log:#}\n");
    golden("sarif", &run);
}

/// The official schema, compiled for draft 4 with its `format`s checked.
fn sarif_validator() -> jsonschema::Validator {
    let path = manifest_dir().join("testdata/schemas/sarif-schema-2.1.0.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// Asserts that `text` is one SARIF log the schema accepts, and returns it.
fn assert_valid_sarif(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("one JSON document");
    let validator = sarif_validator();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    log
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let log = assert_valid_sarif(&check("sarif").stdout);
    let run = &log["runs"][0];
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "zonelint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    for result in results {
        // ruleIndex points at the rule named by ruleId.
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri.starts_with("testdata/cli/"), "{uri}");
    }
    // The syntax error follows a two-byte character: column 16 counts
    // characters (byte 17).
    let syntax = results.iter().find(|r| r["ruleId"] == "syntax").unwrap();
    let region = &syntax["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&15.into(), &16.into())
    );
    // A fix with edits becomes replacements.
    let trailing_dot = results
        .iter()
        .find(|r| r["ruleId"] == "missing-trailing-dot")
        .unwrap();
    let replacement = &trailing_dot["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], ".");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_validator().is_valid(&broken));
    broken["runs"][0]["columnKind"] = "bytes".into();
    assert!(!sarif_validator().is_valid(&broken));
}

#[test]
fn sarif_without_findings_and_outside_the_current_directory_is_valid() {
    let directory = std::env::temp_dir().join(format!("zonelint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&directory).unwrap();
    let clean = directory.join("clean example.zone");
    std::fs::write(
        &clean,
        "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1.example.net. hostmaster 1 7200 1800 1209600 3600\n@ NS ns1.example.net.\n@ NS ns2.example.org.\n",
    )
    .unwrap();
    let broken = directory.join("bröken#1.zone");
    std::fs::write(&broken, "$ORIGIN example.com.\n@ 3600 MX ten mail\n").unwrap();
    // From the crate's root, the temporary folder is elsewhere: its files
    // get absolute file: URIs.
    let run = zonelint(
        &manifest_dir(),
        &[
            "check",
            "--output-format",
            "sarif",
            clean.to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
    );
    let log = assert_valid_sarif(&run.stdout);
    let uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(uri.starts_with("file:///"), "{uri}");
    assert!(uri.ends_with("/br%C3%B6ken%231.zone"), "{uri}");
    // Only the clean file: an empty results array.
    let run = zonelint(
        &manifest_dir(),
        &["check", "--output-format", "sarif", clean.to_str().unwrap()],
    );
    assert_eq!(run.code, 0);
    let log = assert_valid_sarif(&run.stdout);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    std::fs::remove_dir_all(&directory).unwrap();
}
