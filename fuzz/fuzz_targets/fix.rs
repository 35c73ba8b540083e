//! The fix loop (`check --fix --unsafe-fixes`) on any input: it never
//! panics, the text it produces reads back without a syntax error, and
//! every record that differs between the input and the result belongs to
//! an RRset a finding was about (on the input, or on the fixed text; a
//! finding with no fix in the first round may get one in a later round,
//! once another fix made it safe).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zonelint::invariants::fix(data);
});
