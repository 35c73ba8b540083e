//! A differential test against BIND: on every corpus zone that
//! `named-checkzone -i local` accepts, what BIND says about NS targets and
//! what zonelint finds about them must agree, message for finding.
//!
//! BIND's messages and the zonelint rules they stand for:
//! - `OWNER/NS 'T' has no REQUIRED GLUE address records`: `missing-glue`;
//! - `OWNER/NS 'T' has no SIBLING GLUE address records`:
//!   `missing-sibling-glue`;
//! - `OWNER/NS 'T' is a CNAME (illegal)`, `... is below a DNAME`:
//!   `ns-target-alias`;
//! - `[OWNER/]NS 'T' has no address records (A or AAAA)`:
//!   `ns-target-no-address`, `apex-ns-missing-address`, or the error of
//!   `missing-trailing-dot` or `ns-target-is-address` on that NS record
//!   (one finding per cause: those carry the missing address);
//! - `FILE:LINE: NS record 'T' appears to be an address`:
//!   `ns-target-is-address` on that line.
//!
//! The test runs when `ZONELINT_CORPUS` names the corpus folder and
//! `named-checkzone` is installed; otherwise it prints that it was skipped.
//! Every known difference is listed in [`DIFFERENCES`] with its reason; an
//! entry that no longer differs is reported so that the list only shrinks.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use zonelint::engine::parallel_map;

/// Findings one side has and the other has not, on purpose:
/// (file, side that has it, owner, target, reason).
const DIFFERENCES: &[(&str, Side, &str, &str, &str)] = &[
    (
        "knot/tests/knot/semantic_check_data/glue_in_deleg.valid",
        Side::Zonelint,
        "example.com.",
        "ns2.d.example.com.",
        APEX_BELOW_CUT,
    ),
    (
        "domain/test-data/zonefiles/rfc1034-6-1-edu.zone",
        Side::Zonelint,
        "edu.",
        "c.isi.edu.",
        APEX_BELOW_CUT,
    ),
];

const APEX_BELOW_CUT: &str = "an apex NS target below one of the zone's own delegations is \
    in-domain for the apex NS set (RFC 9471; DESIGN §4 apex-ns-missing-address): the registry \
    needs its address as glue. BIND checks glue only for the delegation's own NS set";

/// Which tool reports a finding the other does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Side {
    Bind,
    Zonelint,
}

/// What is said about an NS target.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Said {
    /// (class, NS owner, target), names lower-cased and absolute.
    Target(&'static str, String, String),
    /// An NS target written as an address: (file name, line).
    Address(String, usize),
}

fn absolute(name: &str) -> String {
    let mut name = name.to_ascii_lowercase();
    if !name.ends_with('.') {
        name.push('.');
    }
    name
}

/// What `named-checkzone -i local` says about NS targets.
fn bind_says(folder: &Path, relative: &str, origin: &str) -> Option<BTreeSet<Said>> {
    let output = Command::new("named-checkzone")
        .args(["-i", "local", origin, relative])
        .current_dir(folder)
        .output()
        .ok()?;
    let mut said = BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some((place, rest)) = line.split_once(": NS record '") {
            if rest.ends_with("' appears to be an address") {
                let (file, number) = place.rsplit_once(':')?;
                said.insert(Said::Address(file_name(file), number.parse().ok()?));
            }
            continue;
        }
        let Some(rest) = line.strip_prefix("zone ") else {
            continue;
        };
        let Some((_, rest)) = rest.split_once(": ") else {
            continue;
        };
        let (owner, rest) = match rest.split_once("/NS '") {
            Some((owner, rest)) => (absolute(owner), rest),
            None => match rest.strip_prefix("NS '") {
                Some(rest) => (absolute(origin), rest),
                None => continue,
            },
        };
        let Some((target, message)) = rest.split_once("' ") else {
            continue;
        };
        let class = if message.starts_with("has no REQUIRED GLUE") {
            "missing-glue"
        } else if message.starts_with("has no SIBLING GLUE") {
            "missing-sibling-glue"
        } else if message.starts_with("is a CNAME") || message.starts_with("is below a DNAME") {
            "ns-target-alias"
        } else if message.starts_with("has no address records") {
            "no-address"
        } else {
            continue;
        };
        said.insert(Said::Target(class, owner, absolute(target)));
    }
    Some(said)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// What zonelint finds about NS targets, read from its JSON findings: the
/// classes of [`bind_says`], and the (owner, target) pairs written as an
/// address (BIND reports their missing address as `no-address`).
fn zonelint_says(
    folder: &Path,
    relative: &str,
    origin: &str,
) -> Result<(BTreeSet<Said>, AddressTargets), String> {
    let output = Command::new(env!("CARGO_BIN_EXE_zonelint"))
        .args([
            "check",
            "--output-format",
            "json",
            "--origin",
            origin,
            relative,
        ])
        .current_dir(folder)
        .output()
        .map_err(|error| format!("cannot run zonelint: {error}"))?;
    let findings: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|error| {
        format!(
            "no JSON ({error}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    let mut said = BTreeSet::new();
    let mut addresses = BTreeSet::new();
    for finding in findings.as_array().into_iter().flatten() {
        let text = |key: &str| finding[key].as_str().unwrap_or_default().to_owned();
        let (rule, message) = (text("rule"), text("message"));
        match rule.as_str() {
            "missing-glue" | "missing-sibling-glue" | "ns-target-no-address" => {
                let (owner, rest) = message
                    .split_once(" is delegated to ")
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                let target = rest
                    .split([',', ';'])
                    .next()
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                let class = match rule.as_str() {
                    "missing-glue" => "missing-glue",
                    "missing-sibling-glue" => "missing-sibling-glue",
                    _ => "no-address",
                };
                said.insert(Said::Target(class, absolute(owner), absolute(target)));
            }
            "apex-ns-missing-address" => {
                let target = message
                    .strip_prefix("apex name server ")
                    .and_then(|rest| rest.split(' ').next())
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                said.insert(Said::Target(
                    "no-address",
                    absolute(origin),
                    absolute(target),
                ));
            }
            "ns-target-alias" | "ns-target-is-address" => {
                // `NS target T of OWNER is ...` (MX targets are not BIND's).
                let Some(rest) = message.strip_prefix("NS target ") else {
                    continue;
                };
                let (target, rest) = rest
                    .split_once(" of ")
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                let owner = rest.split(' ').next().unwrap_or_default();
                if rule == "ns-target-alias" {
                    said.insert(Said::Target(
                        "ns-target-alias",
                        absolute(owner),
                        absolute(target),
                    ));
                } else {
                    let line = finding["line"].as_u64().unwrap_or_default() as usize;
                    said.insert(Said::Address(file_name(&text("path")), line));
                    addresses.insert((absolute(owner), absolute(target)));
                }
            }
            "missing-trailing-dot" if text("severity") == "error" => {
                // `NS target `w` of OWNER has no final dot, so it means T,
                // which has no address in this zone`.
                let Some(rest) = message.strip_prefix("NS target `") else {
                    continue;
                };
                let owner = rest
                    .split_once("` of ")
                    .and_then(|(_, rest)| rest.split(' ').next())
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                let target = message
                    .split_once("so it means ")
                    .and_then(|(_, rest)| rest.split(',').next())
                    .ok_or_else(|| format!("unexpected message: {message}"))?;
                said.insert(Said::Target(
                    "no-address",
                    absolute(owner),
                    absolute(target),
                ));
            }
            _ => {}
        }
    }
    Ok((said, addresses))
}

/// (owner, target) of the NS records whose target is written as an address.
type AddressTargets = BTreeSet<(String, String)>;

/// Whether `named-checkzone` can be run.
fn have_named_checkzone() -> bool {
    Command::new("named-checkzone")
        .arg("-v")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn ns_target_findings_match_named_checkzone() {
    let test = "ns_target_findings_match_named_checkzone";
    let Some(folder) = std::env::var_os("ZONELINT_CORPUS").map(PathBuf::from) else {
        println!("{test}: skipped, set ZONELINT_CORPUS to the corpus folder to run it");
        return;
    };
    if !have_named_checkzone() {
        println!("{test}: skipped, named-checkzone is not installed");
        return;
    }
    let verdicts = common::verdicts_by_file(&folder);
    let rows: Vec<_> = common::read_tsv(&folder.join("MANIFEST.tsv"))
        .into_iter()
        .filter(|row| {
            row["role"] == "zone"
                && verdicts
                    .get(&row["file"])
                    .is_some_and(|v| v["named_checkzone_i_local"] == "0")
        })
        .collect();
    assert!(rows.len() > 1000, "the zones BIND accepts: {}", rows.len());
    let results = parallel_map(&rows, |row| {
        let file = &row["file"];
        let run_dir = &row["run_dir"];
        let relative = file
            .strip_prefix(run_dir.as_str())
            .and_then(|rest| rest.strip_prefix('/'))
            .unwrap_or(file);
        let directory = folder.join(run_dir);
        let origin = &row["origin_guess"];
        let Some(theirs) = bind_says(&directory, relative, origin) else {
            return Err(format!("{file}: cannot run named-checkzone"));
        };
        let (ours, addresses) =
            zonelint_says(&directory, relative, origin).map_err(|e| format!("{file}: {e}"))?;
        let mut differences = Vec::new();
        for said in theirs.difference(&ours) {
            // BIND's missing address of a target written as an address is
            // ns-target-is-address's (one finding per cause).
            if let Said::Target("no-address", owner, target) = said {
                if addresses.contains(&(owner.clone(), target.clone())) {
                    continue;
                }
            }
            differences.push((Side::Bind, said.clone()));
        }
        for said in ours.difference(&theirs) {
            differences.push((Side::Zonelint, said.clone()));
        }
        Ok((file.clone(), differences, theirs.len()))
    });
    let mut failures = Vec::new();
    let mut listed_seen = BTreeSet::new();
    let mut messages = 0;
    for result in results {
        let (file, differences, count) = match result {
            Ok(result) => result,
            Err(error) => {
                failures.push(error);
                continue;
            }
        };
        messages += count;
        for (side, said) in differences {
            let listed = DIFFERENCES.iter().position(|(f, s, owner, target, _)| {
                *f == file
                    && *s == side
                    && matches!(&said, Said::Target(_, o, t) if o == owner && t == target)
            });
            match listed {
                Some(at) => {
                    listed_seen.insert(at);
                }
                None => failures.push(format!("{file}: only {side:?} says {said:?}")),
            }
        }
    }
    for (at, (file, side, owner, target, _)) in DIFFERENCES.iter().enumerate() {
        if !listed_seen.contains(&at) {
            println!("{test}: note: {file} ({side:?}: {owner} {target}) agrees now; remove it");
        }
    }
    println!(
        "{test}: {} zones BIND accepts, {messages} BIND messages about NS targets, {} listed differences",
        rows.len(),
        DIFFERENCES.len()
    );
    assert!(
        failures.is_empty(),
        "{test}: {} difference(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
