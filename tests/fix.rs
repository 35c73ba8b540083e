//! `check --fix` and `check --diff` on the cases of testdata/fix: the fixed
//! text, the diff and the hints are compared with golden files
//! (`UPDATE_GOLDEN=1 cargo test --test fix` rewrites them), and the fixed
//! zone must hold the same records as before plus the intended ones.

use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::fix::canonical_records;
use zonelint::zone::{LoadOptions, load_path};

struct Case {
    /// The folder or file under testdata/fix.
    name: &'static str,
    /// The zone files of the run, relative to the case.
    files: &'static [&'static str],
    /// Extra arguments.
    arguments: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "missing-glue",
        files: &["missing-glue.zone"],
        arguments: &["--glue-file", "missing-glue.hosts"],
    },
    Case {
        name: "sibling-glue",
        files: &["sibling-glue.zone"],
        arguments: &["--glue", "ns.hoster.example.com=11.0.0.53"],
    },
    Case {
        name: "orphan-glue",
        files: &["orphan-glue.zone"],
        arguments: &["--unsafe-fixes"],
    },
    Case {
        name: "orphan-glue-safe-only",
        files: &["orphan-glue.zone"],
        arguments: &[],
    },
    Case {
        name: "cross-zone",
        files: &["example.com.zone", "shop.example.com.zone"],
        arguments: &[],
    },
    Case {
        name: "duplicate-record",
        files: &["duplicate-record.zone"],
        arguments: &[],
    },
    Case {
        name: "inherited-owner",
        files: &["inherited-owner.zone"],
        arguments: &["--unsafe-fixes", "--glue", "ns1.sub.example.com=11.0.0.1"],
    },
    Case {
        name: "glue-below-cut",
        files: &["glue-below-cut.zone"],
        arguments: &[
            "--glue",
            "ns1.shop.example.com=11.0.0.1",
            "--glue",
            "ns1.hosted.example.com=11.0.0.2",
        ],
    },
    Case {
        name: "wildcard-child",
        files: &["example.com.zone", "shop.example.com.zone"],
        arguments: &[],
    },
    Case {
        name: "no-source",
        files: &["no-source.zone"],
        arguments: &[],
    },
];

fn copy_case(case: &Case, test: &str) -> PathBuf {
    let source = Path::new("testdata/fix");
    let folder = std::env::temp_dir().join(format!(
        "zonelint-{test}-{}-{}",
        case.name,
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    let from = if source.join(case.name).is_dir() {
        source.join(case.name)
    } else {
        source.to_path_buf()
    };
    for entry in std::fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        if path
            .extension()
            .is_some_and(|e| e == "zone" || e == "hosts")
        {
            std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
        }
    }
    folder
}

fn run(folder: &Path, case: &Case, mode: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(folder)
        .arg("check")
        .arg(mode)
        .args(["--output-format", "concise", "-q"])
        .args(case.arguments)
        .args(case.files)
        .output()
        .unwrap()
}

fn golden(name: &str, actual: &str) {
    let path = Path::new("testdata/fix").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
    } else {
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
        assert_eq!(actual, expected, "differs from {}", path.display());
    }
}

#[test]
fn fixes_give_the_expected_text_diff_and_hints() {
    for case in CASES {
        // --diff writes nothing and shows what --fix then writes.
        let folder = copy_case(case, "fix");
        let before: Vec<Vec<u8>> = case
            .files
            .iter()
            .map(|f| std::fs::read(folder.join(f)).unwrap())
            .collect();
        let diff = run(&folder, case, "--diff");
        let after_diff: Vec<Vec<u8>> = case
            .files
            .iter()
            .map(|f| std::fs::read(folder.join(f)).unwrap())
            .collect();
        assert_eq!(before, after_diff, "{}: --diff wrote a file", case.name);
        let stdout = String::from_utf8(diff.stdout).unwrap();
        let changes = stdout.starts_with("--- ");
        if changes {
            assert_eq!(
                diff.status.code(),
                Some(1),
                "{}: --diff with changes exits 1",
                case.name
            );
        }
        golden(&format!("{}.diff", case.name), &stdout);

        let options = LoadOptions::default();
        let records_before =
            canonical_records(&load_path(&folder.join(case.files[0]), &options).unwrap());
        let fixed = run(&folder, case, "--fix");
        let hints = String::from_utf8(fixed.stderr)
            .unwrap()
            .replace(&folder.display().to_string(), "DIR");
        let text = String::from_utf8(std::fs::read(folder.join(case.files[0])).unwrap()).unwrap();
        golden(&format!("{}.fixed", case.name), &text);
        golden(&format!("{}.stderr", case.name), &hints);
        // Nothing was lost: every record of before is still there (its TTL
        // may have been made the lowest of its RRset), unless the case
        // deletes orphan glue (unsafe).
        let records_after =
            canonical_records(&load_path(&folder.join(case.files[0]), &options).unwrap());
        if case.name != "orphan-glue" {
            let without_ttl =
                |r: &(Vec<u8>, u32, u16, u16, Vec<u8>)| (r.0.clone(), r.2, r.3, r.4.clone());
            let after: Vec<_> = records_after.iter().map(without_ttl).collect();
            for record in &records_before {
                assert!(
                    after.contains(&without_ttl(record)),
                    "{}: a record was lost",
                    case.name
                );
            }
        }
        // A second --fix changes nothing more.
        let again = run(&folder, case, "--fix");
        let _ = again;
        let text_again =
            String::from_utf8(std::fs::read(folder.join(case.files[0])).unwrap()).unwrap();
        assert_eq!(
            text, text_again,
            "{}: fixing twice changed the text again",
            case.name
        );
        std::fs::remove_dir_all(&folder).unwrap();
    }
}

#[test]
fn fixed_glue_findings_are_gone() {
    let case = &CASES[0];
    let folder = copy_case(case, "refix");
    run(&folder, case, "--fix");
    let check = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(&folder)
        .args(["check", "--output-format", "concise", "-q"])
        .args(case.files)
        .output()
        .unwrap();
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert!(!stdout.contains("missing-glue"), "{stdout}");
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    std::fs::remove_dir_all(&folder).unwrap();
}
