//! Peer consensus on the corpus of `../shared/corpus`: every `zone` that
//! both BIND (named-checkzone) and Knot (kzonecheck) refuse to load makes
//! `zonelint check` exit 1 with an error finding, unless it is listed in
//! [`EXCEPTIONS`] with the reason zonelint is right to pass it (or, for a
//! while, the change that will make it fail).
//!
//! For information, the zones both peers load that zonelint fails are
//! printed by rule (`cargo test --test corpus_peers -- --nocapture`); the
//! corpus rule test (tests/corpus_rules.rs) holds zonelint to account for
//! those.
//!
//! "Refuse" is VERDICTS.tsv's exit code 1 (named_checkzone, and kzonecheck
//! with its DNSSEC checks, as the verdicts were taken); a crash (139) or a
//! timeout (124) is no verdict. Each zone is checked as the peers were
//! run: from its `run_dir`, with the verdicts' `origin`.
//!
//! Runs only when `ZONELINT_CORPUS` names the corpus folder.

mod common;
#[path = "common/corpus_run.rs"]
mod corpus_run;

use corpus_run::{Case, check_json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Zones both peers refuse that `zonelint check` passes, with the reason
/// (file, reason). An entry that is no longer needed is printed, not
/// failed; an entry that names no refused zone fails the test.
const EXCEPTIONS: &[(&str, &str)] = &[(
    "bind9/bin/tests/system/dnssec/ns2/rfc2335.example.db.in",
    "signed with RFC 2535 DNSSEC: RFC 2181 §10.1 lets a CNAME owner have SIG, NXT and KEY \
         records, as x.rfc2335.example. has; BIND 9.18 allows only RRSIG and NSEC beside a \
         CNAME (RFC 4035 §2.5), and Knot 3.2 does not read SIG records",
)];

/// What `zonelint check` said of a zone: its exit code and the rules of
/// its error findings.
struct Outcome {
    code: Option<i32>,
    errors: Vec<String>,
}

fn corpus(test: &str) -> Option<PathBuf> {
    match std::env::var_os("ZONELINT_CORPUS") {
        Some(folder) => Some(PathBuf::from(folder)),
        None => {
            println!("{test}: skipped, set ZONELINT_CORPUS to the corpus folder to run it");
            None
        }
    }
}

/// The `zone` files whose verdicts satisfy `keep(named, knot)` (the exit
/// codes as VERDICTS.tsv has them).
fn cases(corpus: &Path, keep: impl Fn(&str, &str) -> bool) -> Vec<Case> {
    let verdicts = common::verdicts_by_file(corpus);
    common::read_tsv(&corpus.join("MANIFEST.tsv"))
        .into_iter()
        .filter(|row| row["role"] == "zone")
        .filter_map(|row| {
            let verdict = verdicts
                .get(&row["file"])
                .unwrap_or_else(|| panic!("{} has no row in VERDICTS.tsv", row["file"]));
            keep(&verdict["named_checkzone"], &verdict["kzonecheck"]).then(|| Case {
                file: row["file"].clone(),
                origin: verdict["origin"].clone(),
                run_dir: verdict["run_dir"].clone(),
            })
        })
        .collect()
}

/// `zonelint check` on one case, from its `run_dir`.
fn check(corpus: &Path, case: &Case) -> Result<Outcome, String> {
    let (code, findings) = check_json(corpus, case)?;
    let mut errors: Vec<String> = findings
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["rule"].as_str().unwrap_or_default().to_string())
        .collect();
    errors.sort();
    errors.dedup();
    Ok(Outcome { code, errors })
}

/// Runs [`check`] on every case on two threads (the machine is shared).
fn check_all(corpus: &Path, cases: &[Case]) -> Vec<Result<Outcome, String>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Result<Outcome, String>)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let result = check(corpus, case);
                    results.lock().unwrap().push((index, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[test]
fn zones_bind_and_knot_both_refuse_fail_the_check() {
    let test = "zones_bind_and_knot_both_refuse_fail_the_check";
    let Some(corpus) = corpus(test) else { return };
    let cases = cases(&corpus, |named, knot| named == "1" && knot == "1");
    assert!(cases.len() > 400, "only {} refused zones", cases.len());
    for (file, _) in EXCEPTIONS {
        assert!(
            cases.iter().any(|case| case.file == *file),
            "EXCEPTIONS names {file}, which is not a zone both peers refuse"
        );
    }
    let results = check_all(&corpus, &cases);
    let mut failures = Vec::new();
    let mut caught_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut excepted = 0;
    for (case, result) in cases.iter().zip(results) {
        let listed = EXCEPTIONS.iter().find(|(file, _)| *file == case.file);
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(message) => {
                failures.push(format!("{}: zonelint failed: {message}", case.file));
                continue;
            }
        };
        let caught = outcome.code == Some(1) && !outcome.errors.is_empty();
        match (caught, listed) {
            (true, None) => {
                for rule in &outcome.errors {
                    *caught_by.entry(rule.clone()).or_default() += 1;
                }
            }
            (true, Some(_)) => {
                println!(
                    "{test}: note: {} fails now ({}); remove it from EXCEPTIONS",
                    case.file,
                    outcome.errors.join(", ")
                );
            }
            (false, Some(_)) => excepted += 1,
            (false, None) => failures.push(format!(
                "{}: exit {:?} with errors [{}], expected exit 1 with an error finding",
                case.file,
                outcome.code,
                outcome.errors.join(", ")
            )),
        }
    }
    println!(
        "{test}: {} zones both peers refuse: {} fail the check, {excepted} listed as \
         exceptions, {} pass unexplained",
        cases.len(),
        cases.len() - excepted - failures.len(),
        failures.len()
    );
    println!("{test}: zones per error rule:");
    for (rule, count) in &caught_by {
        println!("  {rule:<26} {count:>5}");
    }
    assert!(
        failures.is_empty(),
        "{} zones BIND and Knot both refuse pass `zonelint check`:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn zones_bind_and_knot_both_load_that_the_check_fails_are_listed() {
    let test = "zones_bind_and_knot_both_load_that_the_check_fails_are_listed";
    let Some(corpus) = corpus(test) else { return };
    let cases = cases(&corpus, |named, knot| named == "0" && knot == "0");
    assert!(cases.len() > 900, "only {} loaded zones", cases.len());
    let results = check_all(&corpus, &cases);
    let mut by_rule: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut failed = 0;
    let mut broken = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        match result {
            Ok(outcome) if outcome.code == Some(0) => {}
            Ok(outcome) if outcome.code == Some(1) => {
                failed += 1;
                for rule in outcome.errors {
                    by_rule.entry(rule).or_default().push(&case.file);
                }
            }
            Ok(outcome) => broken.push(format!("{}: exit {:?}", case.file, outcome.code)),
            Err(message) => broken.push(format!("{}: {message}", case.file)),
        }
    }
    println!(
        "{test}: {} zones both peers load, {failed} fail the check; by rule:",
        cases.len()
    );
    for (rule, files) in &by_rule {
        println!("  {rule} ({} zones)", files.len());
        for file in files {
            println!("    {file}");
        }
    }
    // Information only, except that zonelint must judge every zone.
    assert!(
        broken.is_empty(),
        "zonelint did not judge:\n{}",
        broken.join("\n")
    );
}
