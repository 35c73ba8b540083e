//! The parser on any bytes: it never panics, its tokens and its entries
//! tile the input byte for byte, and building the zone from it (names,
//! RDATA, directives) never panics either and reports findings that point
//! into the text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    zonelint::invariants::parse(data);
});
