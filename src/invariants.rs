//! What the fuzz targets under fuzz/ hold of any input, written once for
//! them and for the tests that run the inputs they found
//! (tests/regressions.rs): each function panics where an invariant breaks.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::engine::{self, Prepared, RuleFilter};
use crate::finding::Applicability;
use crate::fix::{self, GlueSources, canonical_records};
use crate::format::{self, FormatError, FormatOptions};
use crate::lint::ZoneIndex;
use crate::profile;
use crate::syntax::{self, Lexer};
use crate::zone::{self, LoadOptions, Zone};

/// The origin the format and fix checks read their input with.
const EXAMPLE_COM: &[u8] = b"\x07example\x03com\x00";

/// How the checks read: `$INCLUDE` may only read below an empty folder,
/// so the input never reaches a file on this machine.
fn options(origin: Option<&[u8]>) -> LoadOptions {
    LoadOptions {
        origin: origin.map(<[u8]>::to_vec),
        include_roots: vec![empty_root()],
        allow_include_outside: false,
        map_large_files: false,
        digest_mapped: false,
        keep_heads: false,
    }
}

/// The parser on any bytes: it never panics, its tokens and its entries
/// tile the input byte for byte, and building the zone from it (names,
/// RDATA, directives) never panics either and reports findings that point
/// into the text. Returns the zone.
pub fn parse(data: &[u8]) -> Zone {
    // The tokens, end to end, are the input.
    let mut position = 0;
    for token in Lexer::new(data) {
        assert_eq!(token.span.start as usize, position, "tokens leave a gap");
        assert!(token.span.end > token.span.start, "an empty token");
        position = token.span.end as usize;
    }
    assert_eq!(position, data.len(), "tokens stop before the end");

    // So are the entries.
    let parsed = syntax::parse(data);
    let mut position = 0;
    for entry in &parsed.entries {
        assert_eq!(entry.span.start as usize, position, "entries leave a gap");
        position = entry.span.end as usize;
    }
    assert_eq!(position, data.len(), "entries stop before the end");
    for error in &parsed.errors {
        assert!(error.span.start <= error.span.end && error.span.end as usize <= data.len());
    }

    // The zone build: `$INCLUDE` may only read below an empty folder, so
    // the input never reaches a file on this machine.
    let options = options(None);
    let zone = zone::load_source(PathBuf::from("fuzz.example.zone"), data.to_vec(), &options);
    for finding in &zone.findings {
        let text = &zone.files[finding.file].text;
        assert!(finding.span.start <= finding.span.end);
        assert!(finding.span.end as usize <= text.len(), "{finding:?}");
    }
    zone
}

/// The formatter on any input that reads without a syntax error: it never
/// panics, the formatted text holds the same records (format_zone reads it
/// back and compares; a mismatch is a formatter bug), and formatting the
/// result again changes nothing.
pub fn format(data: &[u8]) {
    let options = options(Some(EXAMPLE_COM));
    let zone = zone::load_source(PathBuf::from("fuzz.zone"), data.to_vec(), &options);
    if zone.has_syntax_errors() {
        return;
    }
    // Both orders, since --sort moves whole owners around.
    for sort in [false, true] {
        let format = FormatOptions { sort, serial: None };
        let once = match format::format_zone(&zone, &options, &format) {
            Ok(text) => text,
            Err(FormatError::Syntax) => return,
            // Nothing is written here.
            Err(error @ (FormatError::Unverified(_) | FormatError::Write(_))) => panic!("{error}"),
        };
        // Read as `zonelint format` reads, the reader keeping each record's
        // first fields for the layout: the same text.
        let kept_options = LoadOptions {
            keep_heads: true,
            ..options.clone()
        };
        let kept = zone::load_source(PathBuf::from("fuzz.zone"), data.to_vec(), &kept_options);
        let laid_out = format::format_zone(&kept, &kept_options, &format)
            .unwrap_or_else(|error| panic!("with the fields the reader kept: {error}"));
        assert!(
            laid_out == once,
            "the fields the reader kept lay out another text"
        );
        let again = zone::load_source(PathBuf::from("fuzz.zone"), once.clone(), &options);
        assert!(
            !again.has_syntax_errors(),
            "the formatted text has syntax errors"
        );
        assert_eq!(
            canonical_records(&zone),
            canonical_records(&again),
            "records changed"
        );
        let twice = format::format_zone(&again, &options, &format)
            .unwrap_or_else(|error| panic!("formatting the formatted text: {error}"));
        assert!(
            once == twice,
            "formatting twice changes the text:\n--- once\n{}\n--- twice\n{}",
            String::from_utf8_lossy(&once),
            String::from_utf8_lossy(&twice)
        );
    }
}

/// The fix loop (`check --fix --unsafe-fixes`) on any input: it never
/// panics, the text it produces reads back without a syntax error, and
/// every record that differs between the input and the result belongs to
/// an RRset a finding was about (on the input, on the text a round left,
/// or on the fixed text: a finding with no fix in the first round may get
/// one in a later round, once another fix made it safe, and a round's fix
/// may leave records a later round's finding is about, such as glue no
/// NS record names any more).
pub fn fix(data: &[u8]) {
    let options = options(Some(EXAMPLE_COM));
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
    let mut subjects = fix_subjects(&prepared, &sources);
    let (fixed, _hints) = fix::fix_zone_observed(
        &prepared,
        std::slice::from_ref(&index),
        &filter,
        Applicability::Unsafe,
        &sources,
        |round| subjects.extend(fix_subjects(round, &sources)),
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
    let fixed_prepared = prepare(back, &options);
    subjects.extend(fix_subjects(&fixed_prepared, &sources));
    let before: HashSet<_> = canonical_records(&prepared.zone).into_iter().collect();
    let after: HashSet<_> = canonical_records(&fixed_prepared.zone)
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
}

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
