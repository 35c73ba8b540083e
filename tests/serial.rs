//! `serial-not-increased` in a git repository of its own: a zone is
//! committed, changed, and checked with `zonelint check` (the binary, as a
//! pre-commit hook runs it).

#[path = "common/git.rs"]
mod scratch_git;

use std::path::{Path, PathBuf};
use std::process::Command;

use scratch_git::{Folder, git};

const ZONE: &str = "$ORIGIN example.com.
$TTL 3600
@    SOA  ns1.example.net. hostmaster ( 2024010101 7200 900 1209600 3600 )
     NS   ns1.example.net.
     NS   ns2.example.org.
www  A    192.0.2.1
";

/// A repository in `folder` with `zones/example.com.zone` committed.
fn repository(folder: &Path, text: &str) -> PathBuf {
    git(folder, &["init", "-q"]);
    std::fs::create_dir_all(folder.join("zones")).unwrap();
    let zone = folder.join("zones/example.com.zone");
    std::fs::write(&zone, text).unwrap();
    git(folder, &["add", "zones/example.com.zone"]);
    git(folder, &["commit", "-q", "-m", "zone"]);
    zone
}

/// The rules of `zonelint check` on `path`, run from `directory`.
fn rules(directory: &Path, path: &Path) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(directory)
        .args(["check", "--output-format", "json", "-q"])
        .arg(path)
        .env_remove("GIT_DIR")
        .output()
        .expect("zonelint runs");
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)));
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn serial_findings(directory: &Path, path: &Path) -> usize {
    rules(directory, path)
        .iter()
        .filter(|rule| *rule == "serial-not-increased")
        .count()
}

#[test]
fn a_change_without_a_new_serial_is_reported() {
    let folder = Folder::new("serial-changed");
    let zone = repository(&folder.0, ZONE);
    assert_eq!(serial_findings(&folder.0, &zone), 0, "unchanged");
    std::fs::write(&zone, format!("{ZONE}mail A    192.0.2.25\n")).unwrap();
    assert_eq!(serial_findings(&folder.0, &zone), 1, "a record added");
    // Run from inside the folder with a relative path, as a hook does.
    let zones = folder.0.join("zones");
    assert_eq!(
        serial_findings(&zones, Path::new("example.com.zone")),
        1,
        "relative path"
    );
    // A TTL changed is a change too.
    std::fs::write(&zone, ZONE.replace("www  A", "www 60 A")).unwrap();
    assert_eq!(serial_findings(&folder.0, &zone), 1, "a TTL changed");
    // A lower serial is not an increase.
    let lower = ZONE.replace("2024010101", "2024010100");
    std::fs::write(&zone, format!("{lower}mail A    192.0.2.25\n")).unwrap();
    assert_eq!(serial_findings(&folder.0, &zone), 1, "a lower serial");
}

#[test]
fn a_new_serial_or_an_unchanged_content_is_quiet() {
    let folder = Folder::new("serial-quiet");
    let zone = repository(&folder.0, ZONE);
    let raised = ZONE.replace("2024010101", "2024010102");
    std::fs::write(&zone, format!("{raised}mail A    192.0.2.25\n")).unwrap();
    assert_eq!(serial_findings(&folder.0, &zone), 0, "serial raised");
    // Only comments, layout, order and case changed: the same records.
    let reordered = "; a comment\n$ORIGIN example.com.\n$TTL 3600\n\
        @ SOA ns1.example.net. hostmaster.example.com. 2024010101 7200 900 1209600 3600\n\
        WWW.example.com. A 192.0.2.1\n@ NS ns2.example.org.\n@ NS ns1.example.net.\n";
    std::fs::write(&zone, reordered).unwrap();
    assert_eq!(serial_findings(&folder.0, &zone), 0, "same records");
    // An untracked file says nothing, whatever its serial.
    let other = folder.0.join("zones/example.org.zone");
    std::fs::write(&other, ZONE.replace("example.com.", "example.org.")).unwrap();
    assert_eq!(serial_findings(&folder.0, &other), 0, "untracked");
}

#[test]
fn serials_wrap_in_rfc_1982_arithmetic() {
    let folder = Folder::new("serial-wrap");
    let high = ZONE.replace("2024010101", "4294967295");
    let zone = repository(&folder.0, &high);
    let wrapped = ZONE.replace("2024010101", "5");
    std::fs::write(&zone, format!("{wrapped}mail A    192.0.2.25\n")).unwrap();
    assert_eq!(
        serial_findings(&folder.0, &zone),
        0,
        "4294967295 → 5 is an increase"
    );
    let too_far = ZONE.replace("2024010101", "2147483647");
    std::fs::write(&zone, format!("{too_far}mail A    192.0.2.25\n")).unwrap();
    assert_eq!(
        serial_findings(&folder.0, &zone),
        1,
        "a step of 2^31 is not an increase"
    );
}

#[test]
fn outside_a_repository_the_rule_is_quiet() {
    let folder = Folder::new("serial-outside");
    let zone = folder.0.join("example.com.zone");
    std::fs::write(&zone, ZONE).unwrap();
    // GIT_CEILING_DIRECTORIES is not needed: the temporary directory is
    // not in a work tree on the machines this runs on; if it were, the
    // file would be untracked, which is quiet too.
    assert_eq!(serial_findings(&folder.0, &zone), 0);
}
