//! Every rule on the zones of `../shared/corpus` that BIND, Knot and NSD
//! all accept (`VERDICTS.tsv`: named_checkzone, kzonecheck and
//! nsd_checkzone exit 0): `zonelint check` may report warnings there, but
//! an error only where it is listed below with the reason zonelint is
//! right. The warnings are counted per rule and printed
//! (`cargo test --test corpus_rules -- --nocapture`).
//!
//! Runs only when `ZONELINT_CORPUS` names the corpus folder.

#[path = "common/corpus_run.rs"]
mod corpus_run;

use corpus_run::{Case, check_json};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Error findings on accepted zones where zonelint is right and the peers
/// are lax (file, rule, why).
const ERROR_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "bind9/bin/tests/system/checkzone/zones/bad-ds-2.db",
        "ds-not-at-delegation",
        "a DS where there is no delegation (RFC 4035 §2.4): BIND HEAD's checkzone test expects \
         the file to fail, BIND 9.18 does not check it",
    ),
    (
        "bind9/bin/tests/system/chain/ns2/example.db",
        "cname-loop",
        "a deliberate loop of 18 CNAMEs for BIND's chain test: no resolver can resolve it",
    ),
    (
        "bind9/bin/tests/system/resolver/ns6/example.net.db.in",
        "cname-loop",
        "https-cname-loop0 is a deliberate CNAME to itself for BIND's resolver test",
    ),
    (
        "knot/tests-extra/data/flags.zone",
        "cname-loop",
        "a deliberate loop ab → bc → … → st → ab in Knot's test data",
    ),
    (
        "bind9/bin/tests/system/cap_glues/ns2/tld.db",
        "ns-count",
        CAP_GLUES,
    ),
    (
        "bind9/bin/tests/system/cap_glues/ns2/tld.db",
        "host-address-count",
        CAP_GLUES,
    ),
    (
        "bind9/bin/tests/system/cap_glues/ns2/tld.db",
        "referral-too-large",
        CAP_GLUES,
    ),
    (
        "bind9/bin/tests/system/nslimit_outdomain/ns3/example.tld.db",
        "host-address-count",
        NSLIMIT,
    ),
    (
        "bind9/bin/tests/system/nslimit_outdomain/ns3/example.tld.db",
        "referral-too-large",
        NSLIMIT,
    ),
    (
        "bind9/bin/tests/system/nsprocessinglimit/ns3/example.tld.db",
        "ns-count",
        "23 name servers for BIND's processing-limit test; registries accept at most 13",
    ),
    (
        "knot/tests-extra/data/records.zone",
        "cname-loop",
        "a deliberate loop through two wildcards in Knot's test data (`*.loop1 CNAME a.loop2`, \
         which `*.loop2 CNAME a.loop1` answers, RFC 4592 §3.3.1)",
    ),
    (
        "bind9/bin/tests/system/rpz/ns3/base.db",
        "missing-trailing-dot",
        "`domain.com CNAME foobar.com` (data kept for an old crash) means foobar.com.base., a \
         name the zone does not have; the peers do not follow CNAME targets",
    ),
    (
        "domain/test-data/zonefiles/rfc1034-6-1-edu.zone",
        "apex-ns-missing-address",
        "the apex name server C.ISI.EDU. lies below the zone's own delegation ISI.EDU. with no \
         glue: for the apex NS set it is in-domain, and the registry needs its address (RFC 9471, \
         DESIGN §4); the RFC 1034 example predates glue rules, the peers check only a \
         delegation's own NS set",
    ),
    (
        "bind9/bin/tests/system/zonechecks/a.db",
        "ns-target-is-address",
        "`NS 127.0.0.1.` names an address as a server, the mistake BIND's zonechecks test is about",
    ),
    (
        "bind9/bin/tests/system/checkconf/check-mx.db",
        "ns-target-is-address",
        "`MX 10 10.0.0.1`, the mistake BIND's check-mx test is about (BIND only warns)",
    ),
    (
        "knot/tests/knot/semantic_check_data/glue_wildcard.valid",
        "missing-glue",
        "a wildcard below the cut is not glue (RFC 4592 §4.2); see tests/rules.rs, \
         knot_glue_cases_get_the_findings_their_suite_expects",
    ),
    (
        "nsd/tpkg/bug236_rrs_before_soa.tdir/bug236_rrs_before_soa.zone",
        "ns-name-syntax",
        "name servers named under bug236_rrs_before_soa.net.: a label with `_` is no host name \
         (RFC 1123 §2.1), which registries refuse",
    ),
];

const CAP_GLUES: &str = "BIND's glue-capping test: 16 name servers with 48 addresses each, more \
    than registries accept and a referral over 1232 octets";
const NSLIMIT: &str = "BIND's NS-limit test: 10 in-domain name servers with 14 addresses each, \
    more than registries accept and a referral over 1232 octets";

/// Error findings on accepted zones where zonelint is wrong, until the
/// rule is fixed (file, rule, what goes wrong). They are printed, not
/// failed, so that the list only shrinks.
const NOT_YET_RIGHT: &[(&str, &str, &str)] = &[];

/// One finding as the JSON output gives it.
struct Found {
    rule: String,
    severity: String,
    line: u64,
    message: String,
}

fn corpus() -> Option<PathBuf> {
    let folder = PathBuf::from(std::env::var_os("ZONELINT_CORPUS")?);
    folder.is_dir().then_some(folder)
}

/// The rows of a TSV file as maps from column name to value.
fn table(path: &Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    lines
        .map(|line| {
            header
                .iter()
                .zip(line.split('\t'))
                .map(|(k, v)| ((*k).to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The `zone` files that the three peers accept.
fn accepted_zones(corpus: &Path) -> Vec<Case> {
    let verdicts: HashMap<String, HashMap<String, String>> = table(&corpus.join("VERDICTS.tsv"))
        .into_iter()
        .map(|row| (row["file"].clone(), row))
        .collect();
    table(&corpus.join("MANIFEST.tsv"))
        .into_iter()
        .filter(|row| row["role"] == "zone")
        .filter(|row| {
            verdicts.get(&row["file"]).is_some_and(|v| {
                ["named_checkzone", "kzonecheck", "nsd_checkzone"]
                    .iter()
                    .all(|tool| v.get(*tool).map(String::as_str) == Some("0"))
            })
        })
        .map(|row| Case {
            file: row["file"].clone(),
            origin: row["origin_guess"].clone(),
            run_dir: row["run_dir"].clone(),
        })
        .collect()
}

/// The findings of one case, or why `zonelint check` failed on it.
type Outcome = Result<Vec<Found>, String>;

/// `zonelint check` on one case, run from its `run_dir` as the peers were.
fn check(corpus: &Path, case: &Case) -> Outcome {
    let (_, findings) = check_json(corpus, case)?;
    Ok(findings
        .iter()
        .map(|f| Found {
            rule: f["rule"].as_str().unwrap_or_default().to_string(),
            severity: f["severity"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or_default(),
            message: f["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect())
}

#[test]
fn zones_the_peers_accept_have_no_unexplained_errors() {
    let Some(corpus) = corpus() else {
        eprintln!("ZONELINT_CORPUS is not set: skipping the corpus rule test");
        return;
    };
    let cases = accepted_zones(&corpus);
    assert!(cases.len() > 100, "only {} accepted zones", cases.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(index) else { break };
                    let result = check(&corpus, case);
                    results.lock().unwrap().push((index, result));
                }
            });
        }
    });
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(index, _)| *index);
    let mut warnings: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut excepted: BTreeMap<String, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let mut used = vec![false; ERROR_EXCEPTIONS.len()];
    let mut wrong_used = vec![false; NOT_YET_RIGHT.len()];
    for (index, result) in results {
        let case = &cases[index];
        let findings = match result {
            Ok(findings) => findings,
            Err(message) => {
                unexplained.push(format!("{}: zonelint failed: {message}", case.file));
                continue;
            }
        };
        let mut counted_file: Vec<&str> = Vec::new();
        for found in &findings {
            if found.severity == "warning" {
                let entry = warnings.entry(found.rule.clone()).or_default();
                entry.0 += 1;
                if !counted_file.contains(&found.rule.as_str()) {
                    counted_file.push(&found.rule);
                    entry.1 += 1;
                }
                continue;
            }
            let listed = |list: &[(&str, &str, &str)]| {
                list.iter()
                    .position(|(file, rule, _)| *file == case.file && *rule == found.rule)
            };
            if let Some(position) = listed(NOT_YET_RIGHT) {
                wrong_used[position] = true;
                continue;
            }
            match listed(ERROR_EXCEPTIONS) {
                Some(position) => {
                    used[position] = true;
                    *excepted.entry(found.rule.clone()).or_default() += 1;
                }
                None => unexplained.push(format!(
                    "{}:{}: error[{}] {}",
                    case.file, found.line, found.rule, found.message
                )),
            }
        }
    }
    println!("{} zones accepted by BIND, Knot and NSD", cases.len());
    println!("warnings per rule (findings, files):");
    for (rule, (findings, files)) in &warnings {
        println!("  {rule:<26} {findings:>6} {files:>5}");
    }
    println!("errors listed as exceptions, per rule:");
    for (rule, count) in &excepted {
        println!("  {rule:<26} {count:>6}");
    }
    for ((file, rule, _), used) in ERROR_EXCEPTIONS.iter().zip(&used) {
        if !used {
            println!("exception no longer needed: {file} {rule}");
        }
    }
    for ((file, rule, why), used) in NOT_YET_RIGHT.iter().zip(&wrong_used) {
        if *used {
            println!("known wrong error, still there: {file} {rule}: {why}");
        } else {
            println!("known wrong error is gone (remove it from NOT_YET_RIGHT): {file} {rule}");
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} error findings on zones the peers accept:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}
