//! `zonelint glue --diff` and the rule `glue-changed` on the cases of
//! testdata/glue-diff: each `<case>.zone` is the file now, `<case>.head`
//! its version at `HEAD`, given through an in-memory committed version.
//! The plan (text and JSON) is compared with `<case>.expected`
//! (`UPDATE_GOLDEN=1 cargo test --test glue_diff` rewrites them); each case
//! also states the steps it must get. One test runs against a real
//! temporary git repository.

#[path = "common/git.rs"]
mod scratch_git;

use std::path::Path;
use std::process::Command;

use scratch_git::{Folder, git};
use zonelint::finding::Finding;
use zonelint::glue_diff::{self, Change, Plan};
use zonelint::lint::serial::{CommittedVersion, Git, InMemory, VersionError};
use zonelint::lint::{Rule, RuleSet, Settings, ZoneIndex, check_zone_with};
use zonelint::profile::{Profile, builtin_profiles};
use zonelint::span::LineIndex;
use zonelint::zone::{LoadOptions, Zone, load_path};

const FIXTURES: &str = "testdata/glue-diff";

fn generic() -> Profile {
    builtin_profiles()
        .into_iter()
        .find(|p| p.name == "generic")
        .unwrap()
}

/// The case's zone now, and its `.head` text as the version at `HEAD`.
fn case(name: &str) -> (Zone, InMemory) {
    let path = Path::new(FIXTURES).join(format!("{name}.zone"));
    let zone = load_path(&path, &LoadOptions::default()).unwrap();
    assert!(zone.findings.is_empty(), "{name}: {:?}", zone.findings);
    let head = std::fs::read(Path::new(FIXTURES).join(format!("{name}.head"))).unwrap();
    let mut committed = InMemory::new();
    committed.insert(path, "HEAD", head);
    (zone, committed)
}

/// The plan of a case, checked against its golden file.
fn plan_of(name: &str) -> Plan {
    let (zone, committed) = case(name);
    let profile = generic();
    let plan = glue_diff::diff(&zone, &profile, &committed, "HEAD").unwrap();
    let zone_name = zonelint::name::to_string(zone.origin.as_deref().unwrap());
    let rendered = format!(
        "{}\n{}\n",
        glue_diff::to_text(&plan, &zone_name, &profile),
        serde_json::to_string_pretty(&plan).unwrap()
    );
    let golden = Path::new(FIXTURES).join(format!("{name}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &rendered).unwrap();
    } else {
        let want = std::fs::read_to_string(&golden)
            .unwrap_or_else(|_| panic!("{} is missing: UPDATE_GOLDEN=1", golden.display()));
        assert_eq!(rendered, want, "{name}: differs from {}", golden.display());
    }
    plan
}

/// The steps as `action subject`.
fn steps(plan: &Plan) -> Vec<String> {
    let value = serde_json::to_value(plan).unwrap();
    value["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            let subject = step
                .get("host")
                .or_else(|| step.get("delegation"))
                .and_then(|v| v.as_str())
                .unwrap();
            format!("{} {subject}", step["action"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn a_new_in_domain_name_server_is_created_before_the_delegation_names_it() {
    let plan = plan_of("new-host");
    assert_eq!(
        steps(&plan),
        [
            "create-host ns3.example.com.",
            "update-delegation example.com."
        ]
    );
    assert_eq!(plan.hosts.len(), 1);
    assert_eq!(plan.hosts[0].change, Change::Added);
    assert_eq!(plan.hosts[0].addresses_added, ["192.0.2.3"]);
    assert!(plan.problems.is_empty() && plan.has_work());
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        json["steps"][0],
        serde_json::json!({"action": "create-host", "host": "ns3.example.com.", "addresses": ["192.0.2.3"]})
    );
    assert_eq!(
        json["steps"][1]["name_servers"],
        serde_json::json!(["ns1.example.com.", "ns2.example.com.", "ns3.example.com."])
    );
}

#[test]
fn a_moved_address_is_added_before_the_old_one_is_removed() {
    let plan = plan_of("address-moved");
    assert_eq!(
        steps(&plan),
        [
            "add-address ns2.example.com.",
            "remove-address ns2.example.com."
        ]
    );
    assert_eq!(plan.hosts[0].change, Change::Changed);
    assert_eq!(
        plan.hosts[0].addresses_added,
        ["198.51.100.2", "2001:db8:1::2"]
    );
    assert_eq!(
        plan.hosts[0].addresses_removed,
        ["192.0.2.2", "2001:db8::2"]
    );
    assert!(plan.problems.is_empty());
}

#[test]
fn a_retired_host_leaves_the_delegation_before_it_is_deleted() {
    let plan = plan_of("host-retired");
    assert_eq!(
        steps(&plan),
        [
            "update-delegation example.com.",
            "delete-host ns3.example.com."
        ]
    );
    assert_eq!(plan.hosts[0].change, Change::Removed);
    assert_eq!(plan.hosts[0].addresses_removed, ["192.0.2.3"]);
}

#[test]
fn a_rename_creates_repoints_and_deletes() {
    let plan = plan_of("rename");
    assert_eq!(
        steps(&plan),
        [
            "create-host dns2.example.com.",
            "update-delegation example.com.",
            "delete-host ns2.example.com."
        ]
    );
}

#[test]
fn an_out_of_domain_name_server_is_nothing_for_the_registrar() {
    let plan = plan_of("out-of-domain");
    assert!(!plan.has_work(), "{plan:?}");
    assert!(plan.hosts.is_empty() && plan.steps.is_empty());
}

#[test]
fn removing_the_last_address_of_a_host_is_refused() {
    let plan = plan_of("no-address");
    assert!(plan.has_work());
    assert!(
        steps(&plan)
            .iter()
            .all(|s| !s.starts_with("remove-address")),
        "{plan:?}"
    );
    assert_eq!(plan.problems.len(), 1, "{:?}", plan.problems);
    let message = &plan.problems[0].message;
    assert!(message.contains("ns2.example.com."), "{message}");
    assert!(message.contains("no address"), "{message}");
    assert!(message.contains("add the new address"), "{message}");
}

#[test]
fn sibling_glue_in_a_parent_zone_is_one_host_of_two_delegations() {
    let plan = plan_of("sibling");
    assert_eq!(
        steps(&plan),
        [
            "add-address ns2.blog.example.",
            "update-delegation shop.example.",
            "remove-address ns2.blog.example."
        ]
    );
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(
        json["steps"][1]["name_servers"],
        serde_json::json!(["ns1.shop.example.", "ns2.blog.example."])
    );
    // ns1.blog is no longer shop's, but blog still names it: it stays.
    assert!(plan.hosts.iter().all(|h| h.host != "ns1.blog.example."));
}

#[test]
fn the_json_has_exactly_the_documented_fields() {
    let plan = plan_of("rename");
    let json = serde_json::to_value(&plan).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["hosts", "rev", "steps"]);
    assert_eq!(json["rev"], "HEAD");
    for host in json["hosts"].as_array().unwrap() {
        let mut keys: Vec<&String> = host.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            ["addresses_added", "addresses_removed", "change", "host"]
        );
    }
}

/// The `glue-changed` findings of a case, as `(line, message)`.
fn rule_findings(name: &str) -> Vec<(usize, String)> {
    let (zone, committed) = case(name);
    findings_with(&zone, &committed)
        .into_iter()
        .map(|finding| {
            let text = &zone.files[finding.file].text;
            let (line, _) = LineIndex::new(text).line_col(text, finding.span.start as usize);
            (line, finding.message)
        })
        .collect()
}

fn findings_with(zone: &Zone, committed: &dyn CommittedVersion) -> Vec<Finding> {
    let profile = generic();
    let settings = Settings {
        profile: &profile,
        rules: RuleSet::of(|rule| rule == Rule::GlueChanged),
    };
    let index = ZoneIndex::new(zone);
    check_zone_with(zone, &index, &settings, committed)
        .into_iter()
        .filter(|f| f.rule == Rule::GlueChanged)
        .collect()
}

#[test]
fn the_rule_reports_a_new_host_on_the_ns_record_naming_it() {
    assert_eq!(
        rule_findings("new-host"),
        [(
            8,
            "ns3.example.com. is new: create it at the registrar with 192.0.2.3 before this zone is published".to_string()
        )]
    );
}

#[test]
fn the_rule_reports_new_addresses_on_their_glue_records() {
    let mut found = rule_findings("address-moved");
    found.sort();
    let lines: Vec<usize> = found.iter().map(|(line, _)| *line).collect();
    // The removed addresses have no record left: their finding is on the
    // NS record that names the host.
    assert_eq!(lines, [8, 10, 11], "{found:?}");
    assert!(
        found[0].1.contains("no longer has 192.0.2.2, 2001:db8::2"),
        "{found:?}"
    );
    assert!(found[1].1.contains("new address 198.51.100.2"), "{found:?}");
    assert!(
        found[2].1.contains("new address 2001:db8:1::2"),
        "{found:?}"
    );
}

#[test]
fn the_rule_reports_a_retired_host_on_the_ns_set_and_a_refusal_as_such() {
    let retired = rule_findings("host-retired");
    assert_eq!(retired.len(), 1, "{retired:?}");
    assert_eq!(retired[0].0, 6);
    assert!(retired[0].1.starts_with("ns3.example.com. is no longer"));
    let refused = rule_findings("no-address");
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].0, 8);
    assert!(refused[0].1.contains("add the new address"), "{refused:?}");
}

#[test]
fn the_rule_is_quiet_when_the_hosts_did_not_change() {
    assert!(rule_findings("out-of-domain").is_empty());
    // No version at HEAD at all (a file not committed): every host is new.
    let path = Path::new(FIXTURES).join("rename.zone");
    let zone = load_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(findings_with(&zone, &InMemory::new()).len(), 2);
}

#[test]
fn the_rule_is_off_unless_selected() {
    assert!(Rule::GlueChanged.is_off_by_default());
    assert!(
        Rule::ALL
            .iter()
            .filter(|r| r.is_off_by_default())
            .eq([&Rule::GlueChanged])
    );
}

#[test]
fn a_real_repository_gives_the_same_plan() {
    let folder = Folder::new("glue-diff-repository");
    git(&folder.0, &["init", "-q"]);
    let path = folder.0.join("example.com.zone");
    std::fs::copy(Path::new(FIXTURES).join("rename.head"), &path).unwrap();
    git(&folder.0, &["add", "example.com.zone"]);
    git(&folder.0, &["commit", "-q", "-m", "zone"]);
    let profile = generic();
    let read = || load_path(&path, &LoadOptions::default()).unwrap();
    // Committed and unchanged: nothing to do.
    let plan = glue_diff::diff(&read(), &profile, &Git, "HEAD").unwrap();
    assert!(!plan.has_work(), "{plan:?}");
    // Changed in the work tree: the same plan as from memory.
    std::fs::copy(Path::new(FIXTURES).join("rename.zone"), &path).unwrap();
    let from_git = glue_diff::diff(&read(), &profile, &Git, "HEAD").unwrap();
    let (zone, committed) = case("rename");
    let from_memory = glue_diff::diff(&zone, &profile, &committed, "HEAD").unwrap();
    assert_eq!(from_git.steps, from_memory.steps);
    assert_eq!(from_git.hosts, from_memory.hosts);
    // Committed: HEAD has it now, HEAD~1 has the old one.
    git(&folder.0, &["commit", "-q", "-am", "rename ns2"]);
    assert!(
        !glue_diff::diff(&read(), &profile, &Git, "HEAD")
            .unwrap()
            .has_work()
    );
    let against_parent = glue_diff::diff(&read(), &profile, &Git, "HEAD~1").unwrap();
    assert_eq!(against_parent.steps, from_memory.steps);
    assert_eq!(
        glue_diff::diff(&read(), &profile, &Git, "no-such-branch").unwrap_err(),
        VersionError::UnknownRevision("no-such-branch".into())
    );
    assert!(matches!(
        glue_diff::diff(&read(), &profile, &Git, "--output=x").unwrap_err(),
        VersionError::UnknownRevision(_)
    ));
    // A file never committed: every host is new.
    let other = folder.0.join("example.org.zone");
    std::fs::write(
        &other,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("example.com.", "example.org."),
    )
    .unwrap();
    let untracked = load_path(&other, &LoadOptions::default()).unwrap();
    let plan = glue_diff::diff(&untracked, &profile, &Git, "HEAD").unwrap();
    assert_eq!(plan.steps.len(), 3, "{plan:?}");
}

#[test]
fn outside_a_work_tree_is_an_error() {
    let folder = Folder::new("glue-diff-outside");
    let path = folder.0.join("example.com.zone");
    std::fs::copy(Path::new(FIXTURES).join("rename.zone"), &path).unwrap();
    let zone = load_path(&path, &LoadOptions::default()).unwrap();
    // The temporary directory is in no work tree on the machines this
    // runs on; say so rather than fail when it is.
    if folder.0.ancestors().any(|a| a.join(".git").exists()) {
        eprintln!("skipped: the temporary directory is inside a git work tree");
        return;
    }
    assert!(matches!(
        glue_diff::diff(&zone, &generic(), &Git, "HEAD").unwrap_err(),
        VersionError::NotInWorkTree(_)
    ));
}

/// `zonelint ARGS` run in `directory`: exit code, stdout, stderr.
fn zonelint(directory: &Path, arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .current_dir(directory)
        .args(arguments)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("NO_COLOR", "1")
        .output()
        .expect("zonelint runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A repository with `new-host.head` committed as `example.com.zone` and
/// `new-host.zone` in the work tree.
fn changed_repository(folder: &Path) {
    git(folder, &["init", "-q"]);
    let path = folder.join("example.com.zone");
    std::fs::copy(Path::new(FIXTURES).join("new-host.head"), &path).unwrap();
    git(folder, &["add", "example.com.zone"]);
    git(folder, &["commit", "-q", "-m", "zone"]);
    std::fs::copy(Path::new(FIXTURES).join("new-host.zone"), &path).unwrap();
}

#[test]
fn the_command_exits_by_whether_the_registrar_has_work() {
    let folder = Folder::new("glue-diff-command");
    changed_repository(&folder.0);
    let (code, out, _) = zonelint(&folder.0, &["glue", "--diff", "example.com.zone"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1. create-host ns3.example.com. with 192.0.2.3"),
        "{out}"
    );
    let (code, out, err) = zonelint(
        &folder.0,
        &[
            "glue",
            "--diff",
            "HEAD",
            "example.com.zone",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["rev"], "HEAD");
    assert_eq!(json["steps"][0]["action"], "create-host");
    assert_eq!(json["hosts"][0]["change"], "added");
    // The parent commit of a commit with the change: the same work.
    git(&folder.0, &["commit", "-q", "-am", "ns3"]);
    let (code, out, _) = zonelint(&folder.0, &["glue", "example.com.zone", "--diff"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing for the registrar"), "{out}");
    let (code, _, _) = zonelint(&folder.0, &["glue", "--diff", "HEAD~1", "example.com.zone"]);
    assert_eq!(code, 1);
    let (code, _, err) = zonelint(&folder.0, &["glue", "--diff", "v9", "example.com.zone"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown revision `v9`"), "{err}");
    let (code, _, err) = zonelint(&folder.0, &["glue", "--diff", "HEAD", "-"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn the_command_outside_a_work_tree_is_an_error() {
    let folder = Folder::new("glue-diff-command-outside");
    if folder.0.ancestors().any(|a| a.join(".git").exists()) {
        eprintln!("skipped: the temporary directory is inside a git work tree");
        return;
    }
    std::fs::copy(
        Path::new(FIXTURES).join("new-host.zone"),
        folder.0.join("example.com.zone"),
    )
    .unwrap();
    let (code, _, err) = zonelint(&folder.0, &["glue", "--diff", "example.com.zone"]);
    assert_eq!(code, 2);
    assert!(err.contains("not in a git work tree"), "{err}");
}

#[test]
fn check_runs_the_rule_only_when_selected_by_name_or_configured() {
    let folder = Folder::new("glue-diff-selected");
    changed_repository(&folder.0);
    let rules = |arguments: &[&str]| -> usize {
        let mut all = vec!["check", "--output-format", "json", "-q"];
        all.extend_from_slice(arguments);
        all.push("example.com.zone");
        let (_, out, err) = zonelint(&folder.0, &all);
        let findings: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "glue-changed")
            .count()
    };
    let (_, explained, _) = zonelint(&folder.0, &["rule", "glue-changed"]);
    assert!(
        explained.starts_with("# glue-changed (warning, off by default)"),
        "{explained}"
    );
    assert_eq!(rules(&[]), 0, "off by default");
    assert_eq!(
        rules(&["--select", "structure"]),
        0,
        "its group does not name it"
    );
    assert_eq!(rules(&["--select", "glue-changed"]), 1);
    std::fs::write(
        folder.0.join("zonelint.toml"),
        "[rules]\nglue-changed = \"warning\"\n",
    )
    .unwrap();
    assert_eq!(rules(&[]), 1, "turned on in the configuration");
    assert_eq!(rules(&["--ignore", "glue-changed"]), 0);
}
