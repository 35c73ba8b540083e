//! The parser on any bytes: it never panics, its tokens and its entries
//! tile the input byte for byte, and building the zone from it (names,
//! RDATA, directives) never panics either and reports findings that point
//! into the text.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use zonelint::syntax::{self, Lexer};
use zonelint::zone::{self, LoadOptions};

fuzz_target!(|data: &[u8]| {
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
    let options = LoadOptions {
        origin: None,
        include_roots: vec![empty_root()],
        allow_include_outside: false,
        map_large_files: false,
    };
    let zone = zone::load_source(PathBuf::from("fuzz.example.zone"), data.to_vec(), &options);
    for finding in &zone.findings {
        let text = &zone.files[finding.file].text;
        assert!(finding.span.start <= finding.span.end);
        assert!(finding.span.end as usize <= text.len(), "{finding:?}");
    }
});

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
