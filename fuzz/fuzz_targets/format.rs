//! The formatter on any input that reads without a syntax error: it never
//! panics, the formatted text holds the same records (format_zone reads it
//! back and compares; a mismatch is a formatter bug), and formatting the
//! result again changes nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zonelint::invariants::format(data);
});
