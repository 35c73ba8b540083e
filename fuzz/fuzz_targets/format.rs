//! The formatter on any input that reads without a syntax error: it never
//! panics, the formatted text holds the same records (format_zone reads it
//! back and compares; a mismatch is a formatter bug), and formatting the
//! result again changes nothing.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use zonelint::fix::canonical_records;
use zonelint::format::{self, FormatError, FormatOptions};
use zonelint::zone::{self, LoadOptions};

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
    // Both orders, since --sort moves whole owners around.
    for sort in [false, true] {
        let format = FormatOptions { sort, serial: None };
        let once = match format::format_zone(&zone, &options, &format) {
            Ok(text) => text,
            Err(FormatError::Syntax) => return,
            Err(error @ FormatError::Unverified(_)) => panic!("{error}"),
        };
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
