//! The rule fixtures of testdata/rules: every line marked `; expect: RULE`
//! must get exactly those findings, every other line none; the rendered
//! output is compared with the fixture's `.expected` file
//! (`UPDATE_GOLDEN=1 cargo test` rewrites them).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use zonelint::engine::{self, InputOptions, Prepared, RuleFilter, prepare};
use zonelint::finding::{Applicability, Finding};
use zonelint::fix::{self, GlueSources};
use zonelint::lint::serial::InMemory;
use zonelint::lint::{FixAvailability, Rule};
use zonelint::render::{self, OutputFormat};
use zonelint::span::LineIndex;
use zonelint::zone::Zone;

/// `(path, line, rule)` for every `; expect: a, b` comment.
fn expectations(path: &Path) -> BTreeSet<(String, usize, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut expected = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        if let Some((_, rules)) = line.split_once("; expect: ") {
            for rule in rules.split(',') {
                expected.insert((
                    path.display().to_string(),
                    number + 1,
                    rule.trim().to_string(),
                ));
            }
        }
    }
    expected
}

/// The versions at `HEAD` the rules that read history compare with: a
/// fixture's `<name>.head` beside it, else the fixture itself (unchanged),
/// so that the fixtures do not depend on what git has committed.
fn committed(files: &[PathBuf]) -> InMemory {
    let mut committed = InMemory::new();
    for path in files {
        let head = path.with_extension("head");
        let text = std::fs::read(if head.exists() { &head } else { path }).unwrap();
        committed.insert(path.clone(), "HEAD", text);
    }
    committed
}

fn check_case(name: &str, files: &[PathBuf]) {
    let loaded: Vec<Prepared> = files
        .iter()
        .map(|path| {
            let root = path.parent().unwrap().to_path_buf();
            prepare(path, &root, &InputOptions::default()).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let results = engine::check_with(&loaded, &RuleFilter::default(), &committed(files));
    // One finding per cause: the same rule does not say the same thing
    // twice at one place (a glue host that several NS sets name, say).
    // The records of one `$GENERATE` line share its place, so its
    // findings are left out.
    for (prepared, findings) in loaded.iter().zip(&results) {
        let mut seen = BTreeSet::new();
        for finding in findings {
            let text = &prepared.zone.files[finding.file].text;
            if text[finding.span.start as usize..].starts_with(b"$GENERATE") {
                continue;
            }
            let key = (
                finding.file,
                finding.span.start,
                finding.rule,
                &finding.message,
            );
            assert!(seen.insert(key), "{name}: reported twice: {finding:?}");
        }
    }
    for (prepared, findings) in loaded.iter().zip(&results) {
        check_fixes(name, prepared, findings);
    }
    let mut actual = BTreeSet::new();
    let mut expected = BTreeSet::new();
    let mut rendered = String::new();
    for ((prepared, findings), path) in loaded.iter().zip(&results).zip(files) {
        expected.extend(expectations(path));
        for finding in findings {
            let file = &prepared.zone.files[finding.file];
            let (line, _) =
                LineIndex::new(&file.text).line_col(&file.text, finding.span.start as usize);
            actual.insert((
                file.path.display().to_string(),
                line,
                finding.rule.to_string(),
            ));
        }
        render::render(
            &prepared.zone,
            findings,
            OutputFormat::Concise,
            false,
            &mut rendered,
        );
        render::render(
            &prepared.zone,
            findings,
            OutputFormat::Full,
            false,
            &mut rendered,
        );
    }
    assert_eq!(
        actual, expected,
        "{name}: findings (left) differ from the `; expect:` comments (right)\n{rendered}"
    );
    let golden = Path::new("testdata/rules").join(format!("{name}.expected"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &rendered).unwrap();
    } else {
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!("{} is missing; run with UPDATE_GOLDEN=1", golden.display())
        });
        assert_eq!(
            rendered,
            want,
            "{name}: rendered output differs from {}",
            golden.display()
        );
    }
}

/// What the harness holds every fixture's fixes to (as ruff's does): a
/// rule declared without a fix emits none, a fix has a title, and the fix
/// loop (unsafe fixes too) converges to a text that parses, changes only
/// the RRsets of the findings that carried a fix, and that a second run
/// leaves alone.
fn check_fixes(name: &str, prepared: &Prepared, findings: &[Finding]) {
    for finding in findings {
        match (&finding.fix, finding.rule.fix_availability()) {
            (Some(fix), FixAvailability::None) => {
                panic!(
                    "{name}: {} declares no fix but emitted {fix:?}",
                    finding.rule
                )
            }
            (Some(fix), _) => assert!(!fix.title.is_empty(), "{name}: {finding:?}"),
            (None, _) => {}
        }
    }
    let fix_loop = |prepared: &Prepared| {
        fix::fix_zone(
            prepared,
            &[],
            &RuleFilter::default(),
            Applicability::Unsafe,
            &GlueSources::default(),
        )
        .0
    };
    let Some(fixed) = fix_loop(prepared) else {
        return;
    };
    assert!(
        !fixed.findings.iter().any(|f| f.rule == Rule::Syntax),
        "{name}: the fixed text has a syntax error: {:?}",
        fixed.findings
    );
    let records = |zone: &Zone| {
        let mut counts: BTreeMap<fix::CanonicalRecord, i64> = BTreeMap::new();
        for record in fix::canonical_records(zone) {
            *counts.entry(record).or_default() += 1;
        }
        counts
    };
    let mut difference = records(&prepared.zone);
    for (record, count) in records(&fixed) {
        *difference.entry(record).or_default() -= count;
    }
    let by_entry = fix::records_by_entry(&prepared.zone);
    let subjects: BTreeSet<(Vec<u8>, u16)> = findings
        .iter()
        .filter(|f| f.fix.is_some())
        .flat_map(|f| fix::fix_subjects(&prepared.zone, &by_entry, f))
        .collect();
    for ((owner, _, _, record_type, _), count) in difference {
        assert!(
            count == 0 || subjects.contains(&(owner.clone(), record_type)),
            "{name}: the fixes changed a record no fixed finding is about: {} type {record_type}",
            zonelint::name::to_string(&owner)
        );
    }
    let again = Prepared {
        zone: fixed,
        profile: prepared.profile.clone(),
        levels: prepared.levels.clone(),
        options: prepared.options.clone(),
        glue: prepared.glue.clone(),
    };
    assert!(
        fix_loop(&again).is_none(),
        "{name}: the fixes do not converge: a second run changes the text again"
    );
}

#[test]
fn every_rule_fixture_fires_exactly_where_marked() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("testdata/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zone"))
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 18, "a fixture per rule");
    for fixture in &fixtures {
        let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
        check_case(&name, std::slice::from_ref(fixture));
    }
}

#[test]
fn every_rule_declared_with_a_fix_emits_one_in_its_fixture() {
    // The glue fix needs an address source, which the fixtures do not
    // give: tests/fix.rs shows it.
    let mut fixed = BTreeSet::new();
    for entry in std::fs::read_dir("testdata/rules").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "zone") {
            continue;
        }
        let loaded =
            vec![prepare(&path, path.parent().unwrap(), &InputOptions::default()).unwrap()];
        for finding in engine::check(&loaded, &RuleFilter::default()).remove(0) {
            if finding.fix.is_some() {
                fixed.insert(finding.rule);
            }
        }
    }
    for rule in Rule::ALL {
        if rule.fix_availability() != FixAvailability::None && !fix::GLUE_RULES.contains(rule) {
            assert!(
                fixed.contains(rule),
                "{rule} is declared with a fix but no fixture shows one"
            );
        }
    }
}

#[test]
fn zones_of_one_run_are_compared() {
    let files = vec![
        PathBuf::from("testdata/rules/cross-zone/example.com.zone"),
        PathBuf::from("testdata/rules/cross-zone/shop.example.com.zone"),
    ];
    check_case("cross-zone", &files);
}

/// `(file, offset, rule, message)` of every finding of a run.
fn finding_keys(
    loaded: &[Prepared],
    filter: &RuleFilter,
) -> BTreeSet<(usize, usize, u32, &'static str, String)> {
    engine::check(loaded, filter)
        .into_iter()
        .enumerate()
        .flat_map(|(zone, findings)| {
            findings
                .into_iter()
                .map(move |f| (zone, f.file, f.span.start, f.rule.name(), f.message))
        })
        .collect()
}

#[test]
fn a_selected_group_finds_what_the_full_run_finds_of_it() {
    // Selecting a group skips the work of the others: what it finds must
    // not depend on that. (`unused-suppression` is left out: by design it
    // speaks only of rules that ran.)
    let mut cases: Vec<Vec<PathBuf>> = std::fs::read_dir("testdata/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zone"))
        .map(|p| vec![p])
        .collect();
    cases.push(vec![
        PathBuf::from("testdata/rules/cross-zone/example.com.zone"),
        PathBuf::from("testdata/rules/cross-zone/shop.example.com.zone"),
    ]);
    let mut seen_groups = BTreeSet::new();
    for files in &cases {
        let loaded: Vec<Prepared> = files
            .iter()
            .map(|path| prepare(path, path.parent().unwrap(), &InputOptions::default()).unwrap())
            .collect();
        let everything = finding_keys(&loaded, &RuleFilter::default());
        for &(group, _) in zonelint::lint::Group::SELECTABLE {
            let group = group.name();
            let filter = RuleFilter {
                select: vec![group.to_string()],
                ignore: Vec::new(),
            };
            let of_group = |rule: &str| {
                rule == "syntax"
                    || zonelint::lint::Rule::from_name(rule)
                        .is_some_and(|r| r.group().name() == group)
            };
            let expected: BTreeSet<_> = everything
                .iter()
                .filter(|key| of_group(key.3) && key.3 != "unused-suppression")
                .cloned()
                .collect();
            let mut found = finding_keys(&loaded, &filter);
            found.retain(|key| key.3 != "unused-suppression");
            if expected.iter().any(|key| key.3 != "syntax") {
                seen_groups.insert(group);
            }
            assert_eq!(found, expected, "{files:?} --select {group}");
        }
    }
    assert_eq!(seen_groups.len(), zonelint::lint::Group::SELECTABLE.len());
}

#[test]
fn every_rule_has_a_fixture() {
    for rule in zonelint::lint::Rule::ALL {
        let name = rule.name();
        if name == "syntax" {
            continue;
        }
        let fixture = Path::new("testdata/rules").join(format!("{name}.zone"));
        let in_cross_zone = ["glue-mismatch", "delegation-ns-mismatch"].contains(&name);
        assert!(fixture.exists() || in_cross_zone, "{name} has no fixture");
    }
}

/// The corpus folder, when `ZONELINT_CORPUS` names one.
fn corpus() -> Option<PathBuf> {
    let folder = PathBuf::from(std::env::var_os("ZONELINT_CORPUS")?);
    folder.is_dir().then_some(folder)
}

fn findings_of(path: &Path, origin: &str) -> Vec<(String, String)> {
    let arguments = InputOptions {
        origin: Some(origin.to_string()),
        ..InputOptions::default()
    };
    let root = path.parent().unwrap().to_path_buf();
    let prepared = prepare(path, &root, &arguments).unwrap_or_else(|e| panic!("{e}"));
    engine::check(std::slice::from_ref(&prepared), &RuleFilter::default())
        .remove(0)
        .into_iter()
        .map(|f| (f.rule.to_string(), f.message))
        .collect()
}

/// Every TLD of the IANA root zone has its glue, at most 13 name servers
/// and no orphan glue: none of those rules may fire. (Referral sizes do:
/// with a maximal query name many TLD referrals pass 512 octets.)
#[test]
fn the_real_root_zones_have_no_glue_or_registry_findings() {
    let Some(corpus) = corpus() else {
        eprintln!("ZONELINT_CORPUS is not set: skipping the root-zone test");
        return;
    };
    let quiet_rules = [
        "syntax",
        "missing-glue",
        "missing-sibling-glue",
        "apex-ns-missing-address",
        "ns-target-no-address",
        "ns-target-alias",
        "ns-target-is-address",
        "missing-trailing-dot",
        "orphan-glue",
        "occluded-data",
        "ns-count",
        "host-address-count",
        "host-name-depth",
        "ns-name-syntax",
        "ipv6-glue-disallowed",
    ];
    for file in [
        "real/pspacek__dnscache_simulator/root.zone",
        "real/rootzone__zone/root.zone",
    ] {
        let findings = findings_of(&corpus.join(file), ".");
        let unexpected: Vec<_> = findings
            .iter()
            .filter(|(rule, _)| quiet_rules.contains(&rule.as_str()))
            .collect();
        assert!(unexpected.is_empty(), "{file}: {unexpected:#?}");
        assert!(
            findings
                .iter()
                .any(|(rule, _)| rule == "referral-too-large"),
            "{file}: referral sizes are measured"
        );
    }
}

/// Knot's semantic-check cases for glue: zonelint reports each missing
/// glue with its own rule and the host's name, where kzonecheck says only
/// "missing glue record".
#[test]
fn knot_glue_cases_get_the_findings_their_suite_expects() {
    let Some(corpus) = corpus() else {
        eprintln!("ZONELINT_CORPUS is not set: skipping the Knot glue cases");
        return;
    };
    let folder = corpus.join("knot/tests/knot/semantic_check_data");
    let cases: &[(&str, &[&str])] = &[
        (
            "glue_apex_both.missing",
            &["apex-ns-missing-address", "apex-ns-missing-address"],
        ),
        ("glue_apex_one.missing", &["apex-ns-missing-address"]),
        ("glue_besides.missing", &["ns-target-no-address"]),
        ("glue_deleg.missing", &["missing-glue"]),
        ("glue_in_apex.missing", &["apex-ns-missing-address"]),
        // Knot 3.2 flags the sibling, newer Knot calls the file valid: sibling glue is a SHOULD
        // (RFC 9471), so x's NS gets a warning. But the apex NS ns2.d.example.com. lies below
        // the zone's own cut d: for the apex NS set it is in-domain, and the registry needs its
        // glue (DESIGN §4, apex-ns-missing-address), an error.
        ("glue_in_deleg.valid", &["apex-ns-missing-address"]),
        ("glue_no_foreign.valid", &[]),
        // The wildcard below the cut is not served as glue (RFC 4592 §4.2 leaves wildcards
        // below a cut occluded), so abc's in-domain target has none; deleg2's target gets an
        // address from a wildcard in the zone's own data and is fine.
        ("glue_wildcard.valid", &["missing-glue"]),
    ];
    for (file, expected_errors) in cases {
        let findings = findings_of(&folder.join(file), "example.com");
        let prepared_errors: Vec<&str> = findings
            .iter()
            .map(|(rule, _)| rule.as_str())
            .filter(|rule| {
                [
                    "missing-glue",
                    "apex-ns-missing-address",
                    "ns-target-no-address",
                    "ns-target-alias",
                ]
                .contains(rule)
            })
            .collect();
        assert_eq!(&prepared_errors, expected_errors, "{file}: {findings:#?}");
    }
}

/// The README's rule table is generated from the rules' documentation;
/// `UPDATE_GOLDEN=1` rewrites it.
#[test]
fn readme_rule_table_matches_the_rules() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let from = readme
        .find(start)
        .expect("README has the rules:start marker")
        + start.len();
    let to = readme.find(end).expect("README has the rules:end marker");
    let table = zonelint::lint::rules::rules_table();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        let updated = format!("{}{table}{}", &readme[..from], &readme[to..]);
        std::fs::write("README.md", updated).unwrap();
    } else {
        assert_eq!(
            &readme[from..to],
            table,
            "README rule table is stale: run UPDATE_GOLDEN=1 cargo test --test rules"
        );
    }
}

/// A glue host that NS sets far apart name (sibling glue) has its address
/// findings once, also when the NS sets of a large zone are split over
/// threads and each thread meets the host.
#[test]
fn a_host_named_by_many_ns_sets_gets_its_address_findings_once() {
    let folder = std::env::temp_dir().join(format!("zonelint-rules-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("example.com.zone");
    let mut text = String::from(
        "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1.example.net. h 1 7200 1800 1209600 3600\n  NS ns1.example.net.\n  NS ns2.example.org.\n",
    );
    // Enough NS sets to be split over the cores of any machine that has
    // several; every 10 000th names the host with the private address.
    let delegations = 60_000;
    for i in 0..delegations {
        let (first, second) = if i % 10_000 == 0 {
            ("ns1.cdn".to_string(), "ns2.example.net.".to_string())
        } else {
            (format!("ns1.d{i}"), format!("ns2.d{i}"))
        };
        text.push_str(&format!("d{i} NS {first}\n  NS {second}\n"));
        if i % 10_000 != 0 {
            text.push_str(&format!(
                "ns1.d{i} A 11.{}.{}.1\nns2.d{i} A 12.{}.{}.1\n",
                i / 256 % 256,
                i % 256,
                i / 256 % 256,
                i % 256
            ));
        }
    }
    text.push_str(
        "cdn NS ns1.cdn\n  NS ns2.example.net.\nns1.cdn A 10.0.0.53\nns1.cdn AAAA 2001:db8::53\n",
    );
    std::fs::write(&path, text).unwrap();
    let findings = findings_of(&path, "example.com.");
    std::fs::remove_dir_all(&folder).unwrap();
    let special: Vec<_> = findings
        .iter()
        .filter(|(rule, _)| rule == "special-purpose-address")
        .collect();
    assert_eq!(special.len(), 2, "{special:?}");
    assert!(
        findings
            .iter()
            .all(|(rule, _)| rule == "special-purpose-address"),
        "{findings:?}"
    );
}
