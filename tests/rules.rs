//! The rule fixtures of testdata/rules: every line marked `; expect: RULE`
//! must get exactly those findings, every other line none; the rendered
//! output is compared with the fixture's `.expected` file
//! (`UPDATE_GOLDEN=1 cargo test` rewrites them).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use zonelint::cli::{Color, CommonArguments, Prepared, lint_all, prepare};
use zonelint::render::{self, OutputFormat};
use zonelint::span::LineIndex;

fn common() -> CommonArguments {
    CommonArguments {
        origin: None,
        color: Color::Never,
        quiet: false,
        allow_include_outside: false,
        config: None,
        profile: None,
    }
}

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

fn check_case(name: &str, files: &[PathBuf]) {
    let loaded: Vec<Prepared> = files
        .iter()
        .map(|path| {
            let root = path.parent().unwrap().to_path_buf();
            prepare(path, &root, &common()).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    let results = lint_all(&loaded);
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
fn zones_of_one_run_are_compared() {
    let files = vec![
        PathBuf::from("testdata/rules/cross-zone/example.com.zone"),
        PathBuf::from("testdata/rules/cross-zone/shop.example.com.zone"),
    ];
    check_case("cross-zone", &files);
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
