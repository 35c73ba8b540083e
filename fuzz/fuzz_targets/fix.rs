//! The fix loop (`check --fix --unsafe-fixes`) on any input: it never
//! panics, the text it produces reads back without a syntax error, and
//! every record that differs between the input and the result belongs to
//! an RRset a finding was about (on the input, or on the fixed text; a
//! finding with no fix in the first round may get one in a later round,
//! once another fix made it safe).

#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use zonelint::engine::{self, Prepared, RuleFilter};
use zonelint::finding::Applicability;
use zonelint::fix::{self, GlueSources};
use zonelint::lint::ZoneIndex;
use zonelint::profile;
use zonelint::zone::{self, LoadOptions, Zone};

fuzz_target!(|data: &[u8]| {
    let options = LoadOptions {
        origin: Some(b"\x07example\x03com\x00".to_vec()),
        include_roots: vec![empty_root()],
        allow_include_outside: false,
        map_large_files: false,
    };
    let zone = zone::load_source(PathBuf::from("fuzz.zone"), data.to_vec(), &options);
    if zone.has_syntax_errors() {
        return;
    }
    let prepared = prepare(zone, &options);
    let filter = RuleFilter::default();
    let index = ZoneIndex::new(&prepared.zone);
    let mut sources = GlueSources::default();
    // An address source, so the glue fixes have something to insert.
    sources.add("ns1.example.com.", "192.0.2.1".parse().unwrap());
    sources.add("ns.example.net.", "2001:db8::1".parse().unwrap());
    let (fixed, _hints) = fix::fix_zone(
        &prepared,
        std::slice::from_ref(&index),
        &filter,
        Applicability::Unsafe,
        &sources,
    );
    let Some(fixed) = fixed else { return };
    let back = zone::load_source(
        PathBuf::from("fuzz.zone"),
        fixed.files[0].text.to_vec(),
        &options,
    );
    assert!(
        !back.has_syntax_errors(),
        "the fixed text has syntax errors: {:?}\n{}",
        back.findings.iter().map(|f| &f.message).collect::<Vec<_>>(),
        String::from_utf8_lossy(&fixed.files[0].text)
    );
    let mut subjects = fix_subjects(&prepared, &sources);
    let fixed_prepared = prepare(back, &options);
    subjects.extend(fix_subjects(&fixed_prepared, &sources));
    let before: HashSet<_> = fix::canonical_records(&prepared.zone).into_iter().collect();
    let after: HashSet<_> = fix::canonical_records(&fixed_prepared.zone)
        .into_iter()
        .collect();
    for record in before.symmetric_difference(&after) {
        assert!(
            subjects.contains(&(record.0.clone(), record.3)),
            "a record outside every fixed RRset changed: {record:?}\n--- input\n{}\n--- fixed\n{}",
            String::from_utf8_lossy(data),
            String::from_utf8_lossy(&fixed_prepared.zone.files[0].text)
        );
    }
});

/// A zone ready for the engine, with the generic profile and no
/// configuration.
fn prepare(zone: Zone, options: &LoadOptions) -> Prepared {
    let profiles = profile::builtin_profiles();
    let profile = profile::select(&profiles, "generic", "example.com.")
        .expect("the generic profile")
        .clone();
    Prepared {
        zone,
        profile,
        levels: Default::default(),
        options: options.clone(),
        glue: Default::default(),
    }
}

/// The RRsets of a zone's findings: those their fixes may change.
fn fix_subjects(prepared: &Prepared, sources: &GlueSources) -> HashSet<(Vec<u8>, u16)> {
    let zone = &prepared.zone;
    let index = ZoneIndex::new(zone);
    let mut findings =
        engine::check(std::slice::from_ref(prepared), &RuleFilter::default()).remove(0);
    fix::attach_glue_fixes(zone, &mut findings, sources, std::slice::from_ref(&index));
    let by_entry = fix::records_by_entry(zone);
    let mut subjects: HashSet<(Vec<u8>, u16)> = HashSet::new();
    for finding in &findings {
        subjects.extend(fix::fix_subjects(zone, &by_entry, finding));
        // A finding about a whole node (orphan glue of several types) may
        // be fixed one line per round, the later lines' RRsets named only
        // by that round's findings: every record the finding or its edits
        // cover is a subject.
        let mut spans = vec![(finding.file, finding.span)];
        if let Some(fix) = &finding.fix {
            spans.extend(fix.edits.iter().map(|e| (e.file, e.span)));
        }
        for record in &zone.records {
            let (file, span) = zone.record_span(record);
            if spans
                .iter()
                .any(|&(f, s)| f == file && s.start <= span.end && span.start <= s.end)
            {
                subjects.insert((zone.owner(record).to_ascii_lowercase(), record.record_type));
            }
        }
    }
    subjects
}

/// An empty folder, made once, as the only place `$INCLUDE` may read.
fn empty_root() -> PathBuf {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("zonelint-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&root).expect("a temporary folder");
        std::fs::canonicalize(&root).expect("a temporary folder")
    })
    .clone()
}
